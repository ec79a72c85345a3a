"""What a logged-in family member may read: their own family's cases and records, nothing else (else 404)."""

from __future__ import annotations

from functools import cache, wraps

from django.db import connections, router
from django.http import Http404

from samenplan import prepared
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
    log's record asks who reads (``role_labels``: "ouder" or "jongere") without a query of its own.

    The records are made as ``select_related("member__family")`` makes them (``from_db`` with every concrete field,
    each kept on the other as there), from one list compiled once per connection and run as a prepared statement
    on PostgreSQL (``prepared.values_list``): every portal page reads it, and building the ORM's query and
    planning it cost more than the statement (tests/portal/test_home_reads.py)."""
    from samenplan.portal.models import FamilyAccount

    rows = prepared.values_list(
        FamilyAccount,
        "portal.own_account",
        lambda: (
            FamilyAccount.objects.filter(member_id=member_id, user_id=user.pk)
            .order_by()
            .values_list(*(prefix + name for _, prefix, names in _account_fields() for name in names))[:1]
        ),
        [member_id, user.pk],
        prepare=True,
    )
    if not rows:  # the account ended during the session
        raise Http404
    found = _account_from_row(rows[0])
    user.family_account = found
    return found


@cache
def _account_fields() -> tuple:
    """Per record of ``_own_account``'s row, in its order (the account, its member, the member's family): the model,
    the path to it from the account and its concrete fields' names."""
    from samenplan.cases.models import Family
    from samenplan.portal.models import FamilyAccount

    parts = ((FamilyAccount, ""), (Member, "member__"), (Family, "member__family__"))
    return tuple((model, prefix, [f.attname for f in model._meta.concrete_fields]) for model, prefix in parts)


def _account_from_row(row):
    """The account, member and family of one row, related as ``select_related`` relates them."""
    parts = _account_fields()
    database = router.db_for_read(parts[0][0])  # the database the row was read from, as select_related's records
    found = []
    start = 0
    for model, _, names in parts:
        found.append(model.from_db(database, names, row[start : start + len(names)]))
        start += len(names)
    account, member, family = found
    to_member = type(account)._meta.get_field("member")
    to_member.set_cached_value(account, member)
    to_member.remote_field.set_cached_value(member, account)  # one to one: the member knows its account
    Member._meta.get_field("family").set_cached_value(member, family)
    return account


def home_overview(member: Member) -> list[dict]:
    """Per case of the member's family: the registration in the family's words, the clarified questions and the
    current route (their consents have their own page), newest case first.

    One statement (``_OVERVIEW``) for all of the family's cases and every part at once, by the family (so no part
    waits for the cases' ids), run as a prepared statement on PostgreSQL (planned once per connection): the four
    queries it replaces each cost a round trip, building through the ORM and planning, far more than reading the
    few rows. Per case the first registration in the family's words, the questions in the order recorded and the
    first current route, as read before (tests/portal/test_home_reads.py)."""
    from samenplan.intake.models import Route

    family_id = member.family_id
    connection = connections[router.db_for_read(Case)]
    params = [family_id, family_id, EntryKind.REGISTRATION.value, Voice.FAMILY.value, family_id, family_id]
    day = Case._meta.get_field("opened_on").to_python  # a date as the ORM reads it (text on SQLite)
    overview = {}
    for part, case_id, on, text, name, proposal in prepared.fetchall(connection, _OVERVIEW, params):
        if part == 0:
            overview[case_id] = {
                "case": {"pk": case_id, "opened_on": day(on)},
                "registration": None,
                "questions": [],
                "route": None,
            }
        elif part == 1:
            if overview[case_id]["registration"] is None:
                overview[case_id]["registration"] = {"case_id": case_id, "text": text}
        elif part == 2:
            question = {"case_id": case_id, "help_question": text, "family_proposal": proposal, "given_name": name}
            overview[case_id]["questions"].append(question)
        elif overview[case_id]["route"] is None:
            overview[case_id]["route"] = {
                "case_id": case_id,
                "route": name,
                "decided_on": day(on),
                "rationale": text,
                "label": Route(name).label,
            }
    return sorted(overview.values(), key=lambda item: (item["case"]["opened_on"], item["case"]["pk"]), reverse=True)


# The home's parts as one list of rows (part, case, a date, a text, a name, a proposal), sorted by part and then as
# each part was read: 0 the family's cases (their opening date; sorted newest first in Python), 1 the registrations
# in the family's words (the text) by time, 2 the clarified questions by time (the question, the participant's
# given name, the proposal from the portal it came from), 3 the current routes by time (the decision's date, the
# rationale, the route). Tables and columns of the models; values as parameters (the family, the entries' kind and
# voice). The first part's empty columns are typed (PostgreSQL types a UNION's columns a pair of parts at a time).
_OVERVIEW = """
SELECT "part", "case_id", "on", "text", "name", "proposal" FROM (
    SELECT 0 AS "part", c."id" AS "case_id", c."opened_on" AS "on", CAST(NULL AS text) AS "text",
        CAST(NULL AS text) AS "name", CAST(NULL AS bigint) AS "proposal",
        CAST(NULL AS timestamp with time zone) AS "at", c."id" AS "id"
    FROM "cases_case" c WHERE c."family_id" = %s
    UNION ALL
    SELECT 1, e."case_id", NULL, e."text", NULL, NULL, e."at", e."id"
    FROM "cases_dossierentry" e INNER JOIN "cases_case" c ON (e."case_id" = c."id")
    WHERE c."family_id" = %s AND e."kind" = %s AND e."voice" = %s
    UNION ALL
    SELECT 2, q."case_id", NULL, q."help_question", m."given_name", p."id", q."recorded_at", q."id"
    FROM "intake_clarification" q INNER JOIN "cases_case" c ON (q."case_id" = c."id")
    INNER JOIN "cases_member" m ON (q."member_id" = m."id")
    LEFT OUTER JOIN "portal_proposal" p ON (q."id" = p."clarification_id")
    WHERE c."family_id" = %s
    UNION ALL
    SELECT 3, r."case_id", r."decided_on", r."rationale", r."route", NULL, r."recorded_at", r."id"
    FROM "intake_routedecision" r INNER JOIN "cases_case" c ON (r."case_id" = c."id")
    WHERE c."family_id" = %s AND r."current"
) "parts" ORDER BY "part", "at", "id"
"""


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

    from samenplan.portal.models import FamilyInputSeen

    mark = Subquery(FamilyInputSeen.objects.filter(case_id=OuterRef("case_id")).values("up_to_entry")[:1])
    return DossierEntry.objects.filter(author__family_account__isnull=False, pk__gt=Coalesce(mark, 0))


def new_from_family(case) -> dict:
    """What the family wrote in this case that its professionals have not marked as seen yet: the newest
    ``NEW_FROM_FAMILY_LIMIT`` entries by family accounts after the case's mark (any kind: scores, agreements,
    proposals, preferences, …) as rows (pk, at, kind, text, the speaker's names; ``portal.rows`` writes them), how
    many there are, and the newest id (what "mark as seen" marks). One query (the mark a subquery, the number a
    window count), compiled once per connection; none when the case's own query found nothing unseen
    (``has_family_input``, cases.access.dossier_annotations)."""
    if getattr(case, "has_family_input", True) is False:
        return {"entries": [], "count": 0, "newest": 0}
    params = [0, case.pk]  # the mark when the case has none, the case: the compiled statement's parameters
    entries = prepared.values(
        DossierEntry, "new from the family", lambda: _new_from_family(case.pk), params, prepare=True
    )
    return {
        "entries": entries,
        "count": entries[0]["found"] if entries else 0,
        "newest": entries[0]["pk"] if entries else 0,
    }


def _new_from_family(case_pk: int):
    from django.db.models import Count, Window

    found = unseen_family_entries().filter(case_id=case_pk).annotate(found=Window(Count("pk"))).order_by("-pk")
    names = ("pk", "at", "kind", "text", "speaker__given_name", "speaker__family_name", "found")
    return found.values(*names)[:NEW_FROM_FAMILY_LIMIT]


def get_own_member(request) -> Member:
    """The logged-in family member's own cases.Member (404 for everyone else)."""
    member_id = family_member_id(request)
    if member_id is None:
        raise Http404
    return Member.objects.select_related("family").get(pk=member_id)
