"""Getting cases, families and members for a user: the object, or 404 when they may not see it.

Views, the API and commands never call ``Model.objects.get`` on client data; they come here. Lists are filtered
in SQL with the same predicates that check single objects (see predicates.py).

Each getter loads the record and checks that the user may see it in one query: a record that exists but is
not visible costs exactly what a record that does not exist costs, so neither the answer nor its timing tells
an outsider which ids exist. Every refusal (404 or 403) of a logged-in user is written to the access log
(``log.refused``); a 404 names only the requested id, never the record behind it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

import rules
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import connection, connections, router
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.db.models.query import get_related_populators
from django.db.models.sql import Query
from django.http import Http404

from samenplan.audit import log
from samenplan.cases import search
from samenplan.cases.models import Case, DossierEntry, Family, Member, SharedEntry
from samenplan.cases.predicates import editable_cases_q, visible_case, visible_cases_q
from samenplan.errors import read_only
from samenplan.ids import parse_id

CASE_RELATED = ("family", "team", "caseworker", "registration")  # read with every case


def _cases(condition: Q) -> QuerySet[Case]:
    return Case.objects.filter(condition).select_related(*CASE_RELATED)


def visible_cases(user) -> QuerySet[Case]:
    return _cases(visible_cases_q(user))


def editable_cases(user) -> QuerySet[Case]:
    """The cases the user works on (caseworker or co-worker), open or closed: the part of ``visible_cases`` read on
    its own, so that the query looks only at those (``visible_cases(user).filter(editable_cases_q(user))`` gives
    the same rows, and makes the database gather every visible case first)."""
    return _cases(editable_cases_q(user))


def matching_cases_q(query: str) -> Q:
    """Cases whose family name, or the given or family name of one of its members, holds every word of the query,
    ignoring case and accents ("jansen" finds "Jänsen") and surname prefixes ("de vries" finds "Vries"; see
    search.py)."""
    condition = Q()
    for word in search.query_words(query):
        condition &= Q(family_id__in=matching_family_ids(word))
    return condition


def matching_family_ids(word: str) -> QuerySet:
    """The ids of the families whose name, or a member's name, holds ``word``: one ``UNION`` of two index scans
    (search.py), so that the database starts from the few matching families and looks up their cases, rather
    than testing every visible case against the family's name or the members (an ``OR`` it cannot answer from an
    index)."""
    families = Family.objects.filter(search.family_name_q(word)).order_by().values("pk")
    members = Member.objects.filter(search.member_name_q(word)).order_by().values("family_id")
    return families.union(members)


def possibly_the_same_families(user, family_name: str, dates_of_birth) -> QuerySet[Case]:
    """Open or closed cases the user may see of a family with this name and a member born on one of these dates.

    Offered at registration as "is this the same family?", so that a family is not registered twice."""
    dates = [d for d in dates_of_birth if d is not None]
    if not family_name.strip() or not dates:
        return Case.objects.none()
    same = Member.objects.filter(family_id=OuterRef("family_id"), date_of_birth__in=dates)
    return (
        visible_cases(user)
        .filter(Exists(same), family__name__iexact=family_name.strip())
        .prefetch_related("family__members")
        .order_by("family__name", "-opened_on", "pk")
    )


def visible_families(user) -> QuerySet[Family]:
    return Family.objects.filter(Exists(Case.objects.filter(visible_cases_q(user), family_id=OuterRef("pk"))))


def _editable_family(user, family_ref: str) -> Exists:
    """True when the user works on an open case of the family (SQL, for an annotation)."""
    return Exists(Case.objects.filter(editable_cases_q(user), family_id=OuterRef(family_ref), closed_on__isnull=True))


def _not_found(user, kind: str, requested) -> Http404:
    """The 404 for a record the user may not see, or that does not exist: logged alike, by the requested id."""
    log.refused(user, kind, requested)
    return Http404()


def _forbidden(user, kind: str, requested, **seen) -> PermissionDenied:
    """The 403 for a record the user sees but may not change; they see it, so the record may name it."""
    log.refused(user, kind, requested, **seen)
    return read_only()


def _one(user, kind: str, queryset: QuerySet, requested):
    """The visible record with the requested id, in one query; anything else is the same 404."""
    number = parse_id(requested)  # anything no database could hold is simply not found
    # By key: at most one row, so no ordering (its compilation is work for nothing).
    found = next(iter(queryset.filter(pk=number).order_by()[:1]), None) if number is not None else None
    if found is None:
        raise _not_found(user, kind, requested)
    return found


def _case_by_key(user, number: int) -> Case | None:
    """The case with id ``number`` with ``CASE_RELATED``, if the user sees it (``predicates.VisibleCase``): one
    query, no row for a case they may not see as for one that does not exist.

    The query is the same for every request but for the condition's parameters and, by the shape of the user's
    relations (how many teams, whether a scientist), its text; compiling it through the ORM took two thirds of
    this function's time. So it is compiled once per text and database connection, and run with each request's
    parameters. What is kept is the SQL and the description of its columns, nothing of the request. The compiled
    parameters are checked to be exactly the condition's (nothing else in the query has any): otherwise the query
    is run as the ORM compiles it."""
    database = router.db_for_read(Case)
    connection = connections[database]
    condition = visible_case(user, number)
    text, params = condition.sql(connection.ops.quote_name(Case._meta.db_table), connection)
    compiled = connection.__dict__.setdefault("samenplan_case_by_key", {})
    if text not in compiled:
        query = Case.objects.using(database).select_related(*CASE_RELATED).filter(condition).order_by()[:1]
        compiler = query.query.get_compiler(using=database)
        sql, query_params = compiler.as_sql()
        if list(query_params) != params:
            return next(iter(query), None)
        compiled[text] = sql, compiler.select, compiler.klass_info
    sql, select, klass_info = compiled[text]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return None
    return _case_from_row(select, klass_info, database, rows)


def _case_from_row(select, klass_info, database: str, rows) -> Case:
    """The case and its ``CASE_RELATED`` from the query's row, converted and made as the ORM does
    (``ModelIterable``)."""
    converter = Query(Case).get_compiler(using=database)  # a compiler only for its conversion of values
    converters = converter.get_converters([column[0] for column in select])
    (row,) = converter.apply_converters(rows, converters) if converters else rows
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    case = Case.from_db(database, [column[0].target.attname for column in select[start:end]], row[start:end])
    for populator in get_related_populators(klass_info, select, database):
        populator.populate(row, case)
    return case


def get_case_for_user(user, case_id, *, edit: bool = False) -> Case:
    """The case if the user may see it (and, with ``edit``, change it); otherwise 404 (403 when seen)."""
    number = parse_id(case_id)  # anything no database could hold is simply not found
    case = _case_by_key(user, number) if number is not None else None
    if case is None:
        raise _not_found(user, "case", case_id)
    if edit and not rules.test_rule("cases.change_case", user, case):
        raise _forbidden(user, "case", case_id, case=case)  # they see the case: its existence is no secret
    return case


# The dossier's lists that are often empty, by the relation that holds them: the case's query says whether
# there is anything (``has_<relation>``), so an empty section costs no query of its own (``section_rows``).
DOSSIER_LISTS = (
    "consents",
    "consent_proposals",
    "information_requests",
    "administrations",
    "questionnaire_assignments",
    "special_circumstances",
)


def dossier_annotations(user) -> dict:
    """What the dossier's sections count or look up about the case, as subqueries on the case's own query (one
    row, each on an index by case): the goals, the family's open proposals, until when ``user`` has emergency
    access (None without), the facts of the phase machine, whether the registration names prior help, whether
    ``user`` sees other cases of the family, whether the family wrote something not marked as seen, and whether
    each of ``DOSSIER_LISTS`` has rows.

    The ones that are the same for every user (``_case_facts``) come as SQL compiled once per process: building
    and compiling their fourteen subqueries with the ORM cost more than the rest of the dossier's queries."""
    from samenplan.emergency.models import EmergencyAccess

    grants = EmergencyAccess.objects.active().filter(user_id=user.pk, case_id=OuterRef("pk")).order_by("-expires_at")
    others = Case.objects.filter(visible_cases_q(user), family_id=OuterRef("family_id")).exclude(pk=OuterRef("pk"))
    # compiled by the ORM from _case_facts, with its own parameters: no input of a request in it
    facts = {name: RawSQL(sql, params, output_field=field) for name, sql, params, field in _case_facts_sql()}  # noqa: S611
    return {
        "emergency_until": Subquery(grants.values("expires_at")[:1]),
        "has_other_cases": Exists(others),
        **facts,
    }


def _case_facts() -> dict:
    """The part of ``dossier_annotations`` that does not depend on the user, as ORM expressions."""
    from samenplan.goals.models import Goal
    from samenplan.intake.models import PriorHelp
    from samenplan.intake.phases import fact_annotations
    from samenplan.portal.access import unseen_family_entries
    from samenplan.portal.models import Proposal, ProposalStatus

    lists = {}
    for relation in DOSSIER_LISTS:
        field = Case._meta.get_field(relation)
        lists[f"has_{relation}"] = Exists(field.related_model.objects.filter(**{field.field.name: OuterRef("pk")}))
    return {
        "goal_count": _count(Goal.objects.filter(case_id=OuterRef("pk"))),
        "open_family_proposals": _count(Proposal.objects.filter(case_id=OuterRef("pk"), status=ProposalStatus.OPEN)),
        "has_prior_help": Exists(PriorHelp.objects.filter(registration__case_id=OuterRef("pk"))),
        "has_family_input": Exists(unseen_family_entries().filter(case_id=OuterRef("pk"))),
        **lists,
        **fact_annotations(),
    }


def _case_facts_sql() -> tuple:
    """``_case_facts`` compiled for the database's vendor, once per process: (name, sql, params, output field) of
    each, for a query whose table is ``cases_case`` (not aliased: the case's own query, as the ORM compiles it)."""
    vendor = connection.vendor
    if vendor not in _FACTS_SQL:
        query = Case.objects.annotate(**_case_facts()).query
        compiler = query.get_compiler(connection=connection)
        compiled = tuple(
            (name, *compiler.compile(expression), expression.output_field)
            for name, expression in query.annotations.items()
        )
        # Kept for the life of the process: a fact compared with the time or today's date would freeze it.
        frozen = [name for name, _sql, params, _field in compiled if any(isinstance(p, date) for p in params)]
        if frozen:
            raise ImproperlyConfigured(f"dossier facts {frozen} depend on the time: ask them in dossier_annotations")
        _FACTS_SQL[vendor] = compiled
    return _FACTS_SQL[vendor]


_FACTS_SQL: dict[str, tuple] = {}


def section_rows(case: Case, relation: str, rows: Callable[[], Iterable]) -> list:
    """The rows of one of the dossier's ``DOSSIER_LISTS``, as ``rows()`` reads them: not read when the case's own
    query found none (``has_<relation>``); read as usual for a case fetched without that."""
    if getattr(case, f"has_{relation}", True) is False:
        return []
    return list(rows())


def _count(rows: QuerySet) -> Coalesce:
    return Coalesce(Subquery(rows.order_by().values("case_id").annotate(n=Count("pk")).values("n")), 0)


def get_case_for_dossier(user, case_id) -> Case:
    """``get_case_for_user`` with ``dossier_annotations`` read in the same query, and the co-workers (shown, and
    asked by every rule about changing the case)."""
    found = visible_cases(user).select_related("registration__second_worker").prefetch_related("coworkers")
    found = found.annotate(**dossier_annotations(user))
    return _one(user, "case", found, case_id)


def annotate_for_dossier(user, case: Case) -> Case:
    """Add ``dossier_annotations`` to a case fetched without them (the dossier shown again after a refused form)."""
    if not hasattr(case, "goal_count"):
        annotations = dossier_annotations(user)
        values = Case.objects.filter(pk=case.pk).annotate(**annotations).values(*annotations).get()
        for name, value in values.items():
            setattr(case, name, value)
    return case


def get_case_for_phase_change(user, case_id) -> Case:
    case = get_case_for_user(user, case_id)
    if not rules.test_rule("cases.move_phase", user, case):
        raise _forbidden(user, "case", case_id, case=case)
    return case


def get_case_for_assigning(user, case_id) -> Case:
    """The case whose caseworker and co-workers this user may change (the workers, or the team lead)."""
    case = get_case_for_user(user, case_id)
    if not rules.test_rule("cases.assign_workers", user, case):
        raise _forbidden(user, "case", case_id, case=case)
    return case


def get_family_for_user(user, family_id) -> Family:
    return _one(user, "family", visible_families(user), family_id)


def can_edit_family(user, family: Family) -> bool:
    return Case.objects.filter(editable_cases_q(user), family=family, closed_on__isnull=True).exists()


def get_family_for_edit(user, family_id) -> Family:
    """The family if the user works on one of its open cases; 404 if they may not see it, 403 if only see."""
    family = _one(user, "family", visible_families(user).annotate(editable=_editable_family(user, "pk")), family_id)
    if not family.editable:
        raise _forbidden(user, "family", family_id, family=family)
    return family


def get_member_for_user(user, member_id, *, edit: bool = False) -> Member:
    visible = Exists(Case.objects.filter(visible_cases_q(user), family_id=OuterRef("family_id")))
    members = Member.objects.select_related("family").filter(visible)
    if edit:
        members = members.annotate(editable=_editable_family(user, "family_id"))
    member = _one(user, "member", members, member_id)
    if edit and not member.editable:
        raise _forbidden(user, "member", member_id, member=member)
    return member


def get_entry_for_user(user, entry_id, *, edit: bool = False) -> DossierEntry:
    """A dossier entry of a case the user may see (with ``edit``: change); otherwise 404 (403 when seen)."""
    visible = Case.objects.filter(visible_cases_q(user))
    entries = DossierEntry.objects.select_related("case__family", "case__team").filter(case__in=visible)
    entry = _one(user, "dossier_entry", entries, entry_id)
    if edit and not rules.test_rule("cases.change_case", user, entry.case):
        raise _forbidden(user, "dossier_entry", entry_id, case=entry.case)
    return entry


def case_entries(case: Case) -> QuerySet[DossierEntry]:
    return case.entries.select_related("author", "speaker")


TIMELINE_PAGE = 25  # entries a page of the dossier shows (and "load more" adds), newest first


# What a page of the timeline reads of each entry: no model instances (three per entry, with the author's whole
# account), the fields the dossier shows.
TIMELINE_FIELDS = (
    "pk", "at", "kind", "voice", "text", "is_shared", "author_id", "author__first_name", "author__last_name",
    "author__username", "speaker_id", "speaker__given_name", "speaker__family_name",
)  # fmt: skip


def timeline_page(case: Case, before=None, size: int = TIMELINE_PAGE) -> tuple[list[dict], int | None]:
    """One page of the case's timeline, newest first: the ``size`` entries older than entry ``before`` (all when
    ``before`` is None), and the id to continue from (None when nothing older remains).

    Keyset-paged by (at, pk) on the index (case, at, pk): one query, however long the timeline is and however far
    back one pages. ``before`` names an entry of this case; an id of another case's entry gives an empty page.
    Each entry is a dict of ``TIMELINE_FIELDS``; its ``is_shared`` says whether the family reads it in the
    portal."""
    shared = Exists(SharedEntry.objects.filter(entry_id=OuterRef("pk")))
    entries = case.entries.annotate(is_shared=shared).order_by("-at", "-pk")
    number = parse_id(before) if before not in (None, "") else None
    if number is not None:
        at = Subquery(DossierEntry.objects.filter(case_id=case.pk, pk=number).order_by().values("at")[:1])
        # at <= x bounds the index range; the OR then orders entries of the same moment by pk.
        entries = entries.filter(at__lte=at).filter(Q(at__lt=at) | Q(pk__lt=number))
    rows = list(entries.values(*TIMELINE_FIELDS)[: size + 1])
    return rows[:size], (rows[size - 1]["pk"] if len(rows) > size else None)
