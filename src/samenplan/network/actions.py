"""Own strength, the network and the family group plan: each change in one transaction with its dossier entry
and its access-log record. Views, the API, the demo data and tests call these."""

from __future__ import annotations

from datetime import date

import rules as permission_rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from samenplan import clock
from samenplan.accounts.models import User
from samenplan.audit import log
from samenplan.audit.models import Event
from samenplan.cases.actions import add_entry, lock_case
from samenplan.cases.models import Case, EntryKind, Member, Voice
from samenplan.consent import services as consent_services
from samenplan.consent.models import DataKind, Purpose, Recipient
from samenplan.errors import StaleVersion, check_version
from samenplan.network import messages, rules
from samenplan.network.models import (
    OWN_STRENGTH_FIELDS,
    OWN_STRENGTH_QUESTIONS,
    Circle,
    FamilyGroupPlan,
    MadeBy,
    NetworkMember,
    OwnStrength,
    PlanPart,
    PlanState,
    YouthWish,
)
from samenplan.validation import clean_text

MAX_PARTS = 30


def _require_editor(actor: User, case: Case) -> None:
    if not permission_rules.test_rule("cases.change_case", actor, case):
        raise PermissionDenied


def _day(value: date) -> str:
    return formats.date_format(value, "j F Y")


def _text(value) -> str:
    """The text without invisible characters around it (zero-width spaces too): "" when nothing visible is left."""
    return clean_text(str(value or ""))


def latest_safety(case: Case) -> str | None:
    """The latest safety answer of the clarification (intake), or None when it was not asked."""
    return case.assessments.order_by("-recorded_at", "-pk").values_list("safety", flat=True).first()


def current_plan(case: Case) -> FamilyGroupPlan | None:
    return case.family_group_plans.order_by("-offered_on", "-pk").first()


# ── Own strength (§3.5.1) ─────────────────────────────────────────────────────────────────────────────────


def do_save_own_strength(actor: User, case: Case, *, answers: list[dict]) -> list[OwnStrength]:
    """Save participants' answers to the six own-strength questions, in their own words.

    ``answers``: one dict per participant: ``member``, the answer fields (``tried``, ``helps``,
    ``works_against``, ``needs``, ``who_can_help``, ``by_when``) and ``version`` (the version read, 0 or None
    when there were no answers yet). A participant without any answer is left as they were. Each participant's
    answers are one record with optimistic locking: a stale version refuses the whole save.
    """
    _require_editor(actor, case)
    errors: dict[str, ValidationError] = {}
    members = []
    for i, item in enumerate(answers):
        member = item.get("member")
        if not isinstance(member, Member) or member.family_id != case.family_id:
            errors[f"answers[{i}].member"] = ValidationError(
                _("Choose a member of this family."), code="invalid_choice"
            )
        elif member.pk in members:
            errors[f"answers[{i}].member"] = ValidationError(
                _("%(name)s appears twice; give each person's answers once.") % {"name": member}, code="duplicate"
            )
        else:
            members.append(member.pk)
    filled = [a for a in answers if any(_text(a.get(name)) for name in OWN_STRENGTH_FIELDS)]
    if not errors and not filled:
        errors["answers"] = ValidationError(
            _("Write down at least one answer, in the words of the person who gives it."), code="required"
        )
    if errors:
        raise ValidationError(errors)
    saved = []
    with transaction.atomic():
        locked = lock_case(case)
        existing = {o.member_id: o for o in OwnStrength.objects.select_for_update().filter(case=locked)}
        now = clock.now()
        for item in filled:
            member = item["member"]
            fields = {name: _text(item.get(name)) for name in OWN_STRENGTH_FIELDS}
            version = item.get("version")
            record = existing.get(member.pk)
            if record is None:
                if version not in (None, "", 0, "0"):
                    raise StaleVersion()
                record = OwnStrength.objects.create(
                    case=locked, member=member, author=actor, recorded_at=now, changed_at=now, **fields
                )
            else:
                check_version(record, version)
                if all(getattr(record, k) == v for k, v in fields.items()):
                    saved.append(record)
                    continue
                for name, value in fields.items():
                    setattr(record, name, value)
                record.author, record.changed_at, record.version = actor, now, record.version + 1
                record.save(update_fields=[*OWN_STRENGTH_FIELDS, "author", "changed_at", "version"])
            saved.append(record)
            with translation.override(settings.LANGUAGE_CODE):
                text = "\n".join(
                    f"{question} {getattr(record, name)}"
                    for name, question in OWN_STRENGTH_QUESTIONS
                    if getattr(record, name)
                )
                text = _("Own strength, in the words of %(name)s:\n%(answers)s") % {"name": member, "answers": text}
            add_entry(locked, actor, EntryKind.OWN_STRENGTH, text, voice=Voice.FAMILY, speaker=member)
            log.record(actor, Event.CHANGE, "network.own_strength", case=locked, detail=f"own_strength={record.pk}")
    return saved


# ── Network members (§3.5.1) ──────────────────────────────────────────────────────────────────────────────


def _check_network_member(fields: dict, case: Case) -> tuple[dict, list]:
    """The cleaned fields of a network member and the goals they help with; a ValidationError naming each field
    that is wrong. The goals must be the case's own."""
    errors: dict[str, ValidationError] = {}
    goals = list(dict.fromkeys(fields.get("goals") or ()))
    if any(getattr(goal, "case_id", None) != case.pk for goal in goals):
        errors["goals"] = ValidationError(_("Choose goals of this case."), code="invalid_choice")
    clean = {
        "name": _text(fields.get("name")),
        "relation": _text(fields.get("relation")),
        "contact": _text(fields.get("contact")),
        "part_in_plan": _text(fields.get("part_in_plan")),
        "circle": fields.get("circle"),
        "youth_wish": fields.get("youth_wish") or YouthWish.NOT_ASKED,
    }
    if not clean["name"]:
        errors["name"] = ValidationError(_("Write down the person's name."), code="required")
    if not clean["relation"]:
        errors["relation"] = ValidationError(
            _("Write down who this person is to the family, for example: grandmother."), code="required"
        )
    if clean["circle"] not in Circle.values:
        errors["circle"] = ValidationError(_("Choose the circle this person belongs to."), code="invalid_choice")
    if clean["youth_wish"] not in YouthWish.values:
        errors["youth_wish"] = ValidationError(
            _("Choose whether the youth wants this person involved."), code="invalid_choice"
        )
    support = fields.get("support") or []
    if not isinstance(support, (list, tuple)) or rules.unknown_support_kinds(support):
        errors["support"] = ValidationError(
            _("Choose kinds of support from the list: practical help, information and advice, comfort and support."),
            code="invalid_choice",
        )
    else:
        clean["support"] = rules.support_kinds(support)
    for name in rules.CRITERIA:
        value = fields.get(name)
        if value in (None, ""):
            errors[name] = ValidationError(messages.criterion_required(name), code="required")
        elif value not in rules.CRITERION_VALUES:
            errors[name] = ValidationError(messages.criterion_unknown(name, value), code="invalid_choice")
        else:
            clean[name] = value
    if errors:
        raise ValidationError(errors)
    return clean, goals


def _network_text(member: NetworkMember) -> str:
    support = ", ".join(member.support_labels()) or _("no support yet")
    criteria = "; ".join(f"{label}: {answer}" for label, answer in member.criteria_labels())
    text = _("%(name)s (%(relation)s). Support: %(support)s. %(criteria)s.") % {
        "name": member.name,
        "relation": member.relation,
        "support": support,
        "criteria": criteria,
    }
    if member.part_in_plan:
        text = " ".join((text, _("Part in the plan: %(part)s") % {"part": member.part_in_plan}))
    goals = [goal.words for goal in member.goals.all()]
    if goals:
        text = " ".join((text, _("Helps with the goals: %(goals)s") % {"goals": "; ".join(goals)}))
    return text


def do_add_network_member(actor: User, case: Case, **fields) -> NetworkMember:
    """Add someone around the family, with the support they give and the four criteria (yes, partly or no)."""
    _require_editor(actor, case)
    clean, goals = _check_network_member(fields, case)
    with transaction.atomic():
        locked = lock_case(case)
        member = NetworkMember.objects.create(case=locked, author=actor, recorded_at=clock.now(), **clean)
        member.goals.set(goals)
        with translation.override(settings.LANGUAGE_CODE):
            text = " ".join((_("Added to the network:"), _network_text(member)))
        add_entry(locked, actor, EntryKind.NETWORK, text, voice=Voice.SYSTEM)
        log.record(actor, Event.CREATE, "network.add_member", case=locked, detail=f"network_member={member.pk}")
    return member


def do_change_network_member(actor: User, member: NetworkMember, *, expected_version, **fields) -> NetworkMember:
    """Change a network member; ``expected_version`` is the version read (optimistic locking)."""
    _require_editor(actor, member.case)
    clean, goals = _check_network_member(fields, member.case)
    with transaction.atomic():
        locked_case = lock_case(member.case)
        locked = NetworkMember.objects.select_for_update().get(pk=member.pk)
        check_version(locked, expected_version)
        for name, value in clean.items():
            setattr(locked, name, value)
        locked.version += 1
        locked.save(update_fields=[*clean, "version"])
        locked.goals.set(goals)
        with translation.override(settings.LANGUAGE_CODE):
            text = " ".join((_("Network changed:"), _network_text(locked)))
        add_entry(locked_case, actor, EntryKind.NETWORK, text, voice=Voice.SYSTEM)
        log.record(actor, Event.CHANGE, "network.change_member", case=locked_case, detail=f"network_member={locked.pk}")
    return locked


# ── The family group plan (§3.5.2) ────────────────────────────────────────────────────────────────────────


def _check_step(step: str, case: Case, plan: FamilyGroupPlan | None) -> None:
    refusal = rules.step_refusal(
        step,
        plan.state if plan else None,
        child_protection_measure=case.child_protection_measure,
        safety=latest_safety(case),
        approved=bool(plan and plan.approved),
    )
    if refusal:
        raise ValidationError(messages.step_refused(refusal, step, plan), code=refusal)


def _plan_version(plan: FamilyGroupPlan | None, expected_version) -> None:
    """The plan read must still be the current one, unchanged: 0 (or nothing) when there was none."""
    if plan is None:
        if expected_version not in (None, "", 0, "0"):
            raise StaleVersion()
    else:
        check_version(plan, expected_version)


def _check_day(value, field: str, errors: dict, *, not_before: date | None = None) -> date:
    today = timezone.localdate()
    value = value or today
    if value > today:
        errors[field] = ValidationError(_("The date lies in the future."), code="future")
    elif not_before is not None and value < not_before:
        errors[field] = ValidationError(
            _("The date lies before %(date)s, when the plan was offered.") % {"date": _day(not_before)},
            code="before_offer",
        )
    return value


def do_offer_family_group_plan(
    actor: User, case: Case, *, expected_version=None, offered_on: date | None = None, offer_note: str = ""
) -> FamilyGroupPlan:
    """Offer the family its right to make its own plan. Refused under a child-protection measure."""
    _require_editor(actor, case)
    errors: dict[str, ValidationError] = {}
    offered_on = _check_day(offered_on, "offered_on", errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = lock_case(case)
        plan = current_plan(locked)
        _plan_version(plan, expected_version)
        _check_step(rules.OFFER, locked, plan)
        plan = FamilyGroupPlan.objects.create(
            case=locked,
            state=PlanState.OFFERED,
            offered_on=offered_on,
            offer_note=_text(offer_note),
            author=actor,
            recorded_at=clock.now(),
        )
        with translation.override(settings.LANGUAGE_CODE):
            text = _("Family group plan offered on %(date)s: the family may make its own plan, with its network.") % {
                "date": _day(offered_on)
            }
            if plan.offer_note:
                text = " ".join((text, plan.offer_note))
        add_entry(locked, actor, EntryKind.FAMILY_GROUP_PLAN, text, voice=Voice.SYSTEM)
        log.record(actor, Event.CREATE, "network.offer_plan", case=locked, detail=f"family_group_plan={plan.pk}")
    return plan


def do_answer_family_group_plan(
    actor: User,
    case: Case,
    *,
    accepted: bool,
    expected_version,
    answered_on: date | None = None,
    family_reason: str = "",
) -> FamilyGroupPlan:
    """Record the family's answer to the offer: accepted or declined, when, and their reasons in their words.

    Declining needs the family's reasons (they are asked, and written down as they say them).
    """
    _require_editor(actor, case)
    step = rules.ACCEPT if accepted else rules.DECLINE
    with transaction.atomic():
        locked = lock_case(case)
        plan = current_plan(locked)
        _plan_version(plan, expected_version)
        _check_step(step, locked, plan)
        errors: dict[str, ValidationError] = {}
        answered_on = _check_day(answered_on, "answered_on", errors, not_before=plan.offered_on)
        reason = _text(family_reason)
        if not accepted and not reason:
            errors["family_reason"] = ValidationError(
                _("Write down why the family declines, in their own words."), code="required"
            )
        if errors:
            raise ValidationError(errors)
        plan.state = rules.state_after(step)
        plan.answered_on, plan.family_reason = answered_on, reason
        plan.version += 1
        plan.save(update_fields=["state", "answered_on", "family_reason", "version"])
        with translation.override(settings.LANGUAGE_CODE):
            if accepted:
                text = _("The family accepted the family group plan on %(date)s.") % {"date": _day(answered_on)}
            else:
                text = _("The family declined the family group plan on %(date)s.") % {"date": _day(answered_on)}
            if reason:
                text = " ".join((text, _("Their reasons: %(reason)s") % {"reason": reason}))
        add_entry(locked, actor, EntryKind.FAMILY_GROUP_PLAN, text, voice=Voice.FAMILY)
        log.record(actor, Event.CHANGE, f"network.{step}_plan", case=locked, detail=f"family_group_plan={plan.pk}")
    return plan


def do_record_family_group_plan(
    actor: User,
    case: Case,
    *,
    expected_version,
    made_by: str,
    content: str,
    coordinator: str = "",
    made_on: date | None = None,
    parts: list[str] | None = None,
) -> FamilyGroupPlan:
    """Record the plan the family made (itself, or at a Family Group Conference with an independent
    coordinator): its content in the family's words and its parts, which can be taken into network agreements."""
    _require_editor(actor, case)
    with transaction.atomic():
        locked = lock_case(case)
        plan = current_plan(locked)
        _plan_version(plan, expected_version)
        _check_step(rules.RECORD, locked, plan)
        errors: dict[str, ValidationError] = {}
        made_on = _check_day(made_on, "made_on", errors, not_before=plan.offered_on)
        refusal = rules.maker_refusal(made_by or "", coordinator or "")
        if refusal == rules.UNKNOWN_MAKER:
            errors["made_by"] = ValidationError(
                _("Choose who made the plan: the family, or a Family Group Conference."), code="invalid_choice"
            )
        elif refusal == rules.COORDINATOR_REQUIRED:
            errors["coordinator"] = ValidationError(
                _("A Family Group Conference has an independent coordinator: write down who it was."),
                code="required",
            )
        if not _text(content):
            errors["content"] = ValidationError(_("Write down the family's plan, in their own words."), code="required")
        texts = [t for t in (_text(p) for p in (parts or ())) if t]
        if len(texts) > MAX_PARTS:
            errors["parts"] = ValidationError(
                _("A plan has at most %(maximum)d parts here.") % {"maximum": MAX_PARTS}, code="too_many"
            )
        if errors:
            raise ValidationError(errors)
        plan.state = PlanState.MADE
        plan.made_on, plan.made_by = made_on, made_by
        plan.coordinator = _text(coordinator) if made_by == MadeBy.CONFERENCE else ""
        plan.content = _text(content)
        plan.version += 1
        plan.save(update_fields=["state", "made_on", "made_by", "coordinator", "content", "version"])
        PlanPart.objects.bulk_create([PlanPart(plan=plan, text=t) for t in texts])
        with translation.override(settings.LANGUAGE_CODE):
            text = _("The family made its own plan on %(date)s, %(how)s. The plan: %(content)s") % {
                "date": _day(made_on),
                "how": MadeBy(made_by).label,
                "content": plan.content,
            }
            if plan.coordinator:
                text = " ".join((text, _("Coordinator: %(name)s.") % {"name": plan.coordinator}))
            if rules.approval_needed(latest_safety(locked)):
                text = " ".join((text, _("The child's safety is at stake: the caseworker approves the plan.")))
        add_entry(locked, actor, EntryKind.FAMILY_GROUP_PLAN, text, voice=Voice.FAMILY)
        log.record(actor, Event.CHANGE, "network.record_plan", case=locked, detail=f"family_group_plan={plan.pk}")
    return plan


def do_approve_family_group_plan(
    actor: User, case: Case, *, expected_version, approved_on: date | None = None, approval_note: str = ""
) -> FamilyGroupPlan:
    """Where the child's safety is at stake, the caseworker approves the family's plan, saying what was weighed."""
    _require_editor(actor, case)
    with transaction.atomic():
        locked = lock_case(case)
        plan = current_plan(locked)
        _plan_version(plan, expected_version)
        _check_step(rules.APPROVE, locked, plan)
        if actor.pk != locked.caseworker_id:
            raise ValidationError(
                _("Only the fixed caseworker, %(name)s, approves the family's plan.") % {"name": locked.caseworker},
                code="not_the_caseworker",
            )
        errors: dict[str, ValidationError] = {}
        approved_on = _check_day(approved_on, "approved_on", errors, not_before=plan.offered_on)
        if not _text(approval_note):
            errors["approval_note"] = ValidationError(
                _("Write down what you weighed: how the plan keeps the child safe."), code="required"
            )
        if errors:
            raise ValidationError(errors)
        plan.approved_by, plan.approved_on, plan.approval_note = actor, approved_on, _text(approval_note)
        plan.version += 1
        plan.save(update_fields=["approved_by", "approved_on", "approval_note", "version"])
        with translation.override(settings.LANGUAGE_CODE):
            text = _("%(name)s approved the family's plan on %(date)s: %(note)s") % {
                "name": actor,
                "date": _day(approved_on),
                "note": plan.approval_note,
            }
        add_entry(locked, actor, EntryKind.FAMILY_GROUP_PLAN, text, voice=Voice.SYSTEM)
        log.record(actor, Event.CHANGE, "network.approve_plan", case=locked, detail=f"family_group_plan={plan.pk}")
    return plan


INTO_NETWORK = "network"
INTO_GOAL = "goal"


def do_take_part(
    actor: User, part: PlanPart, *, into: str, expected_version, network_member: NetworkMember | None = None
):
    """Take a part of the family's own plan into the agreement with a network member (``into="network"``) or
    into a new goal in the family's words (``into="goal"``), marked as the family's own either way.

    ``expected_version`` is the version of the family group plan read (taking a part changes the plan).
    Returns the network member or the goal.
    """
    from samenplan.goals import actions as goal_actions
    from samenplan.goals.models import Whose

    case = part.plan.case
    _require_editor(actor, case)
    if into not in (INTO_NETWORK, INTO_GOAL):
        raise ValidationError(
            {
                "into": ValidationError(
                    _("Choose: into a goal, or into an agreement with someone."), code="invalid_choice"
                )
            }
        )
    if into == INTO_NETWORK and (network_member is None or network_member.case_id != case.pk):
        raise ValidationError(
            {"network_member": ValidationError(_("Choose a person of this family's network."), code="invalid_choice")}
        )
    with transaction.atomic():
        locked_case = lock_case(case)
        plan = FamilyGroupPlan.objects.select_for_update().get(pk=part.plan_id)
        check_version(plan, expected_version)
        locked_part = PlanPart.objects.select_for_update().get(pk=part.pk)
        taken = locked_part.network_member if into == INTO_NETWORK else locked_part.goal
        if taken is not None:
            message = (
                _("This part is already in the agreement with %(name)s.")
                if into == INTO_NETWORK
                else _("This part is already a goal: %(name)s")
            )
            raise ValidationError(
                message % {"name": taken if into == INTO_NETWORK else taken.words}, code="already_taken"
            )
        plan.version += 1
        plan.save(update_fields=["version"])
        if into == INTO_GOAL:
            goal = goal_actions.do_add_goal(
                actor, locked_case, words=locked_part.text, whose=Whose.FAMILY, marked_as_family_own=True
            )
            locked_part.goal = goal
            locked_part.save(update_fields=["goal"])
            log.record(actor, Event.CHANGE, "network.take_part", case=locked_case, detail=f"plan_part={part.pk}")
            return goal
        locked = NetworkMember.objects.select_for_update().get(pk=network_member.pk)
        locked.part_in_plan = "\n".join(p for p in (locked.part_in_plan, locked_part.text) if p)
        locked.part_from_family_plan = True
        locked.version += 1
        locked.save(update_fields=["part_in_plan", "part_from_family_plan", "version"])
        locked_part.network_member = locked
        locked_part.save(update_fields=["network_member"])
        with translation.override(settings.LANGUAGE_CODE):
            text = _("From the family's own plan, agreed with %(name)s: %(part)s") % {
                "name": locked,
                "part": locked_part.text,
            }
        add_entry(locked_case, actor, EntryKind.NETWORK, text, voice=Voice.FAMILY)
        log.record(actor, Event.CHANGE, "network.take_part", case=locked_case, detail=f"plan_part={locked_part.pk}")
    return locked


# ── Sharing the network outside the team (DOMAIN §6) ──────────────────────────────────────────────────────


def do_share_network(actor: User, case: Case, *, recipient: Recipient) -> dict:
    """The network as it may go to ``recipient`` to coordinate help: only with the family's consent.

    The network (names, relations, support, their part in the plan) is the family situation: without a valid
    consent to share it with this recipient for coordinating help, nothing is shared. Contact details go along
    only when the consent covers them too (names and contact details); otherwise they are withheld and the
    answer says why.
    """
    _require_editor(actor, case)
    if recipient is None or recipient.case_id != case.pk:
        raise ValidationError(
            {"recipient": ValidationError(_("Choose a recipient of this case."), code="invalid_choice")}
        )
    with transaction.atomic():
        locked = lock_case(case)  # a consent revoked a moment ago is never used by a share made now
        allowed = consent_services.allows(locked, recipient, Purpose.COORDINATE, [DataKind.FAMILY_SITUATION])
        if not allowed:
            raise ValidationError([ValidationError(m.message, code=m.code) for m in allowed.missing])
        contact = consent_services.allows(locked, recipient, Purpose.COORDINATE, [DataKind.PERSONAL])
        people = list(locked.network_members.all())
        shared = {
            "recipient": recipient.name,
            "contact_details_shared": bool(contact),
            "withheld_because": [] if contact else contact.messages,
            "people": [
                {
                    "name": p.name,
                    "relation": p.relation,
                    "support": p.support_labels(),
                    "part_in_plan": p.part_in_plan,
                    "contact": p.contact if contact else None,
                }
                for p in people
            ],
        }
        with translation.override(settings.LANGUAGE_CODE):
            if contact:
                text = _("The network (%(count)d people) was shared with %(recipient)s, with contact details.")
            else:
                text = _("The network (%(count)d people) was shared with %(recipient)s, without contact details.")
            text = text % {"count": len(people), "recipient": recipient}
        add_entry(locked, actor, EntryKind.NETWORK, text, voice=Voice.SYSTEM)
        log.record(actor, Event.EXPORT, "network.share", case=locked, detail=f"recipient={recipient.pk}")
    return shared
