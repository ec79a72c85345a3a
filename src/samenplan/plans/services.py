"""Reading the family plan: the current version, what a new version copies from the goals and the help in
progress, what a first version starts from, and who of the family is asked to agree."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from samenplan import prepared
from samenplan.accounts.models import display_name
from samenplan.cases.models import PARENT_ROLES, Case, Member
from samenplan.plans import rules
from samenplan.plans.models import FamilyPlan, PlanAgreement, PlanVersion

YOUTH_AGE = 12  # from 12 a youth has a say in their own help (DOMAIN §2)


def plan_of(case: Case) -> FamilyPlan | None:
    return FamilyPlan.objects.filter(case=case).first()


def current_version(case: Case) -> PlanVersion | None:
    """The newest version of the case's plan, or None while it has none."""
    return PlanVersion.objects.filter(plan__case=case).select_related("author", "plan").order_by("-number").first()


def versions(case: Case):
    return PlanVersion.objects.filter(plan__case=case).select_related("author").order_by("-number")


VERSION_FIELDS = (
    "pk",
    "number",
    "content",
    "reason",
    "created_at",
    "author__first_name",
    "author__last_name",
    "author__username",
    "plan__version",
)


def version_rows(case: Case) -> list:
    """The case's versions, newest first, as the plan page lists and shows them (``rows.VersionRow``): the query
    compiled once per connection (``prepared.values``), no model instance per version."""
    from samenplan.plans.rows import VersionRow

    found = prepared.values(
        PlanVersion,
        "plans.version_rows",
        lambda: PlanVersion.objects.filter(plan__case_id=case.pk).order_by("-number").values(*VERSION_FIELDS),
        [case.pk],
    )
    return [
        VersionRow(
            pk=row["pk"],
            number=row["number"],
            content=row["content"],
            reason=row["reason"],
            created_at=row["created_at"],
            author=display_name(row["author__first_name"], row["author__last_name"], row["author__username"]),
            newest=row["plan__version"],
        )
        for row in found
    ]


AGREEMENT_FIELDS = ("member_id", "agreement", "words")


def agreement_answers(version_id: int) -> dict[int, dict]:
    """Per member id their agreement with the version (``agreement``, ``words``): compiled once per connection."""
    found = prepared.values(
        PlanAgreement,
        "plans.agreement_answers",
        lambda: PlanAgreement.objects.filter(version_id=version_id).order_by().values(*AGREEMENT_FIELDS),
        [version_id],
    )
    return {row["member_id"]: row for row in found}


def version_number(case: Case) -> int:
    """The number of the newest version; 0 while there is none."""
    plan = plan_of(case)
    return plan.version if plan else 0


def family_members(case: Case) -> list[Member]:
    """The members of the case's family, in the family's order (``Member``'s), their family set: the query compiled
    once per connection (``prepared.instances``)."""
    family = case.family
    members = prepared.instances(
        Member,
        "plans.family_members",
        lambda: Member.objects.filter(family_id=family.pk).order_by("role", "date_of_birth", "pk"),
        [family.pk],
    )
    for member in members:
        member.family = family
    return members


def participants(case: Case) -> list[Member]:
    """Who of the family is asked to agree: the parents (and adults in the parent role) and children from 12."""
    members = family_members(case)
    return [m for m in members if m.role in PARENT_ROLES or m.age is None or m.age >= YOUTH_AGE]


def snapshot(case: Case) -> dict:
    """The sections a version copies from their own records when it is saved: the goals and the help."""
    with translation.override(settings.LANGUAGE_CODE):
        goals = [
            {
                "goal_id": goal.pk,
                "words": goal.words,
                "whose": str(goal.whose_label),
                "term": str(goal.get_term_display()),
                "priority": goal.position,
                "status": str(goal.get_status_display()),
            }
            for goal in case.goals.select_related("member").exclude(status="dropped").order_by("position", "pk")
        ]
        help_ = [
            {
                "description": h.description,
                "intensity": str(h.get_intensity_display()),
                "provider": h.provider,
                "contact_person": h.contact_person,
                "starts_on": h.starts_on.isoformat() if h.starts_on else "",
                "ends_on": h.ends_on.isoformat() if h.ends_on else "",
                "status": str(h.get_status_display()),
            }
            for h in case.help_deployments.order_by("starts_on", "pk")
        ]
    return {rules.GOALS: goals, rules.HELP: help_}


def prefill(case: Case) -> dict:
    """What the first version starts from: the family's own-strength answers (what helps, what they need) in their
    words, the network's parts in the plan, and what the decision agreed on evaluation and aftercare."""
    content = rules.empty_content()
    own = []
    for record in case.own_strengths.select_related("member").order_by("pk"):
        words = " ".join(x for x in (record.helps, record.needs) if x)
        if words:
            own.append(f"{record.member}: {words}")
    content[rules.OWN]["text"] = "\n".join(own)
    network = [
        f"{person.name} ({person.relation}): {person.part_in_plan}"
        for person in case.network_members.order_by("circle", "name", "pk")
        if person.part_in_plan
    ]
    content[rules.NETWORK]["text"] = "\n".join(network)
    decided = prefill_from_decision(case)
    for key in (rules.EVALUATION, rules.AFTERCARE):
        if isinstance(decided.get(key), dict):
            content[key].update(decided[key])
    content.update(snapshot(case))
    return rules.normalise(content)


def prefill_from_decision(case: Case) -> dict:
    """The evaluation and aftercare agreements of the case's newest decision, for a first version of the plan
    (rules.EVALUATION: next_on/how/with_whom; rules.AFTERCARE: text/voice). Only what the decision holds is given;
    the editor then changes it in the plan."""
    from samenplan.decisions.models import Decision

    decision = Decision.objects.filter(case=case).order_by("-decided_at", "-pk").first()
    if decision is None:
        return {}
    evaluation = {"how": decision.evaluation_agreement}
    if decision.evaluation_on:
        evaluation["next_on"] = decision.evaluation_on.isoformat()
    found = {rules.EVALUATION: evaluation}
    if decision.aftercare_agreement:
        found[rules.AFTERCARE] = {"text": decision.aftercare_agreement, "voice": rules.PROFESSIONAL}
    return found


def adjustment_reason(case: Case, evaluation_id) -> str:
    """The reason a new version starts with when an evaluation of ``case`` agreed to adjust the plan: its date and
    what changes, in words. Empty for anything else (another case's evaluation, one that did not adjust)."""
    from samenplan.evaluations.models import Evaluation, Outcome

    try:
        evaluation = Evaluation.objects.filter(case=case, pk=int(evaluation_id), outcome=Outcome.ADJUST).first()
    except (TypeError, ValueError):
        return ""
    if evaluation is None or evaluation.held_on is None:
        return ""
    return _("After the evaluation of %(day)s: %(changes)s") % {
        "day": evaluation.held_on.strftime("%d-%m-%Y"),
        "changes": evaluation.adjustment,
    }
