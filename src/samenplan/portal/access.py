"""What a logged-in family member may read: their own family's cases and records, nothing else (else 404)."""

from __future__ import annotations

from functools import wraps

from django.db.models import F
from django.http import Http404

from samenplan.cases.models import Case, DossierEntry, EntryKind, Member, Voice
from samenplan.portal.middleware import family_member_id


def family_member_required(view):
    """Portal views: only for a logged-in family member (``request.member``); everyone else gets 404."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        member_id = family_member_id(request)
        if member_id is None:
            raise Http404
        request.member = _own_account(request.user, member_id).member
        return view(request, *args, **kwargs)

    return wrapped


def _own_account(user, member_id: int):
    """The user's family account with its member and family, in one query; kept on the user, where the access
    log's record asks who reads (``role_labels``: "ouder" or "jongere") without a query of its own."""
    from samenplan.portal.models import FamilyAccount

    account = FamilyAccount.objects.select_related("member__family").filter(user_id=user.pk, member_id=member_id)
    found = next(iter(account.order_by()[:1]), None)
    if found is None:  # the account ended during the session
        raise Http404
    user.family_account = found
    return found


def home_overview(member: Member) -> list[dict]:
    """Per case of the member's family: the registration in the family's words, the clarified questions and the
    current route (their consents have their own page). One query per part, over all the family's cases at once
    (by the family, so no part waits for the cases' ids), read as values: the page shows a few fields of each."""
    from samenplan.intake.models import Clarification, Route, RouteDecision

    family_id = member.family_id
    cases = Case.objects.filter(family_id=family_id).order_by("-opened_on", "-pk").values("pk", "opened_on")
    registrations = (
        DossierEntry.objects.filter(case__family_id=family_id, kind=EntryKind.REGISTRATION, voice=Voice.FAMILY)
        .order_by("at", "pk")
        .values("case_id", "text")
    )
    questions = (
        Clarification.objects.filter(case__family_id=family_id)
        .order_by("recorded_at", "pk")
        .values("case_id", "help_question", "family_proposal", given_name=F("member__given_name"))
    )
    routes = (
        RouteDecision.objects.filter(case__family_id=family_id, current=True)
        .order_by("recorded_at", "pk")
        .values("case_id", "route", "decided_on", "rationale")
    )
    overview = {case["pk"]: {"case": case, "registration": None, "questions": [], "route": None} for case in cases}
    for entry in registrations:
        if overview[entry["case_id"]]["registration"] is None:
            overview[entry["case_id"]]["registration"] = entry
    for question in questions:
        overview[question["case_id"]]["questions"].append(question)
    for route in routes:
        if overview[route["case_id"]]["route"] is None:
            overview[route["case_id"]]["route"] = {**route, "label": Route(route["route"]).label}
    return list(overview.values())


def acts_as(user, member) -> bool:
    """Is ``user`` the portal account of ``member`` (a family member acting for themselves)?"""
    account = getattr(user, "family_account", None) if getattr(user, "is_authenticated", False) else None
    return account is not None and member is not None and account.member_id == getattr(member, "pk", None)


def voice(member: Member) -> str:
    from samenplan.portal import rules

    return rules.addressed_as(is_child=member.role == "child")


def parent_sees_goal(member: Member, goal, accounts_sharing: set[int]) -> bool:
    """A goal whose ``whose`` is one youth: from the private age only when that youth agrees (portal/rules.py)."""
    from django.utils import timezone

    from samenplan import clock
    from samenplan.portal import actions, rules

    owner = goal.member
    if goal.whose != "member" or owner is None or owner.pk == member.pk or owner.role != "child":
        return True
    if member.role == "child":
        return False  # another youth's own goal
    return rules.parent_sees_youth_part(
        youth_date_of_birth=owner.date_of_birth,
        on=timezone.localdate(clock.now()),
        youth_agrees=owner.pk in accounts_sharing,
        parent_has_custody=member.has_custody,
        caseworker_allows=False,
        ages=actions.portal_ages(),
    )


def family_goals(member: Member) -> list:
    """The goals of the member's family's cases that this member may see, with their scores prefetched."""
    from samenplan.goals.access import goals

    sharing = _sharing(member)
    found = []
    for case in member.family.cases.order_by("-opened_on", "-pk"):
        found.extend(goal for goal in goals(case).exclude(status="dropped") if parent_sees_goal(member, goal, sharing))
    return found


def get_goal_for_member(member: Member, goal_id):
    """A goal of the member's own family that they may see; otherwise 404 (the same answer whether it exists)."""
    from samenplan.goals.models import Goal
    from samenplan.ids import parse_id

    number = parse_id(goal_id)
    goal = (
        Goal.objects.select_related("case", "member").filter(pk=number, case__family_id=member.family_id).first()
        if number is not None
        else None
    )
    if goal is None or not parent_sees_goal(member, goal, _sharing(member)):
        raise Http404
    return goal


def _sharing(member: Member) -> set[int]:
    from samenplan.portal.models import FamilyAccount

    return set(
        FamilyAccount.objects.filter(member__family_id=member.family_id, shares_own_part=True).values_list(
            "member_id", flat=True
        )
    )


def family_consents(member: Member):
    from samenplan.consent.models import Consent

    return (
        Consent.objects.filter(case__family_id=member.family_id)
        .select_related("recipient", "revoked_by")
        .prefetch_related("givers")
        .order_by("-given_on", "-pk")
    )


def get_consent_for_member(member: Member, consent_id):
    from samenplan.ids import parse_id

    number = parse_id(consent_id)
    consent = family_consents(member).filter(pk=number).first() if number is not None else None
    if consent is None:
        raise Http404
    return consent


def family_log(member: Member):
    """Access-log records about the member's family, made by professionals (not by the family's own accounts),
    newest first; refused attempts left out."""
    from samenplan.audit.models import AccessLogRecord
    from samenplan.portal.models import FamilyAccount

    family_users = FamilyAccount.objects.filter(member__family_id=member.family_id).values_list("user_id", flat=True)
    return (
        AccessLogRecord.objects.filter(family_id=member.family_id)
        .exclude(event="refused")
        .exclude(user_id__in=list(family_users))
        .order_by("-seq")
    )


def plain_log_rows(records) -> list[dict]:
    """The records as the family reads them: when, which organisation and role, who (as the organisation shows
    names to families), what kind of action. Nothing else of the record (no detail, address or user name)."""
    from samenplan.accounts.models import Organisation, User
    from samenplan.administration.services import settings_for
    from samenplan.portal import rules

    records = list(records)
    users = User.objects.in_bulk({r.user_id for r in records if r.user_id})
    organisations = Organisation.objects.in_bulk({r.organisation_id for r in records if r.organisation_id})
    modes = {pk: settings_for(pk).name_shown_to_families for pk in organisations}
    rows = []
    for record in records:
        kind = rules.action_kind(record.event, record.action)
        if kind is None:
            continue
        user = users.get(record.user_id)
        rows.append(
            {
                "at": record.at,
                "organisation": organisations.get(record.organisation_id),
                "role": record.role_display(),
                "name": rules.shown_name(user.first_name, user.last_name, modes.get(record.organisation_id, ""))
                if user is not None
                else "",
                "kind": kind,
            }
        )
    return rows


def portal_navigation(request) -> dict | None:
    """Template context for a family account's menu (None for everyone else): how to address them."""
    from samenplan.portal.middleware import family_member_id, family_voice

    if family_member_id(request) is None:
        return None
    return {"portal_family": True, "portal_voice": family_voice(request)}


def plan_case(member: Member):
    """The case of the member's family whose plan the portal shows: the newest case with a plan, else the newest."""
    cases = member.family.cases.order_by("-opened_on", "-pk")
    return cases.filter(family_plan__isnull=False).first() or cases.first()


def plan_content_for(member: Member, case, content: dict) -> dict:
    """A version's content as this member may read it: a 16+ youth's own goals left out for the parents unless
    the youth agreed (the same rule as the portal's goals page)."""
    from samenplan.goals.models import Goal
    from samenplan.plans import rules as plan_rules

    content = plan_rules.normalise(content)
    goals = content[plan_rules.GOALS]
    ids = [g.get("goal_id") for g in goals if g.get("goal_id")]
    found = Goal.objects.select_related("member").filter(case=case, pk__in=ids).in_bulk()
    sharing = _sharing(member)
    shown = [
        g for g in goals if g.get("goal_id") not in found or parent_sees_goal(member, found[g["goal_id"]], sharing)
    ]
    return {**content, plan_rules.GOALS: shown}


def get_plan_version_for_member(member: Member, number=None):
    """(case, version) of the member's own family's plan; version ``number`` or the newest (None while there is
    none). A number the plan does not have (or another family's): 404."""
    from samenplan.plans import access as plan_access

    case = plan_case(member)
    if case is None:
        if number not in (None, ""):
            raise Http404
        return None, None
    return case, plan_access.get_version(case, number, default_current=True)


# ── The family's proposals, and what is new from the family (portal/views_proposals.py) ─────────────────────


def proposal_case(member: Member):
    """The case a family member's proposal is for: their family's newest open case (None when none is open)."""
    return member.family.cases.filter(closed_on__isnull=True).order_by("-opened_on", "-pk").first()


def family_proposals(member: Member) -> list:
    """The proposals of the member's family that this member may see: a youth's from the private age only to the
    parents when the youth agrees (the same rule as their own goals); another youth's never to a youth."""
    from django.utils import timezone

    from samenplan import clock
    from samenplan.portal import actions, rules
    from samenplan.portal.models import Proposal

    sharing = _sharing(member)
    today = timezone.localdate(clock.now())
    shown = []
    for proposal in Proposal.objects.filter(case__family_id=member.family_id).select_related("member", "goal"):
        owner = proposal.member
        if (
            owner.pk == member.pk
            or owner.role != "child"
            or (
                member.role != "child"
                and rules.parent_sees_youth_part(
                    youth_date_of_birth=owner.date_of_birth,
                    on=today,
                    youth_agrees=owner.pk in sharing,
                    parent_has_custody=member.has_custody,
                    caseworker_allows=False,
                    ages=actions.portal_ages(),
                )
            )
        ):
            shown.append(proposal)
    return shown


def case_proposals(case):
    """A case's proposals for its professionals: open ones first (oldest first), then the decided ones."""
    from django.db.models import Case as When_
    from django.db.models import IntegerField, Value, When

    from samenplan.portal.models import Proposal

    order = When_(When(status="open", then=Value(0)), default=Value(1), output_field=IntegerField())
    return (
        Proposal.objects.filter(case=case)
        .select_related("member", "decided_by", "goal", "clarification", "plan_version")
        .annotate(open_first=order)
        .order_by("open_first", "proposed_at", "pk")
    )


def get_case_proposal(case, proposal_id):
    """A proposal of this case (the case already fetched for the user); 404 otherwise."""
    from samenplan.ids import parse_id
    from samenplan.portal.models import Proposal

    number = parse_id(proposal_id)
    proposal = Proposal.objects.filter(case=case, pk=number).select_related("member").first() if number else None
    if proposal is None:
        raise Http404
    return proposal


NEW_FROM_FAMILY_LIMIT = 20


def unseen_family_entries():
    """Dossier entries by family accounts after their case's "seen" mark (any case; filter by case)."""
    from django.db.models import OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from samenplan.cases.models import DossierEntry
    from samenplan.portal.models import FamilyInputSeen

    mark = Subquery(FamilyInputSeen.objects.filter(case_id=OuterRef("case_id")).values("up_to_entry")[:1])
    return DossierEntry.objects.filter(author__family_account__isnull=False, pk__gt=Coalesce(mark, 0))


def new_from_family(case) -> dict:
    """What the family wrote in this case that its professionals have not marked as seen yet: the newest
    ``NEW_FROM_FAMILY_LIMIT`` entries by family accounts after the case's mark (any kind: scores, agreements,
    proposals, preferences, …), how many there are, and the newest id (what "mark as seen" marks). One query (the
    mark a subquery, the number a window count), none when the case's own query found nothing unseen
    (``has_family_input``, cases.access.dossier_annotations)."""
    from django.db.models import Count, Window

    from samenplan.portal import rules

    if getattr(case, "has_family_input", True) is False:
        return {"items": [], "count": 0, "newest": 0}
    found = unseen_family_entries().filter(case=case).annotate(found=Window(Count("pk")))
    entries = list(found.select_related("speaker").order_by("-pk")[:NEW_FROM_FAMILY_LIMIT])
    items = [{"entry": entry, "page": rules.entry_page(entry.kind)} for entry in entries]
    return {"items": items, "count": entries[0].found if entries else 0, "newest": entries[0].pk if entries else 0}


def get_own_member(request) -> Member:
    """The logged-in family member's own cases.Member (404 for everyone else)."""
    member_id = family_member_id(request)
    if member_id is None:
        raise Http404
    return Member.objects.select_related("family").get(pk=member_id)
