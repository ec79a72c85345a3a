"""Getting cases, families and members for a user: the object, or 404 when they may not see it.

Views, the API and commands never call ``Model.objects.get`` on client data; they come here. Lists are filtered
in SQL with the same predicates that check single objects (see predicates.py).

Each getter loads the record and checks that the user may see it in one query: a record that exists but is
not visible costs exactly what a record that does not exist costs, so neither the answer nor its timing tells
an outsider which ids exist. Every refusal (404 or 403) of a logged-in user is written to the access log
(``log.refused``); a 404 names only the requested id, never the record behind it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from datetime import date
from typing import NamedTuple

import rules
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import connection, connections, router
from django.db.models import (
    BooleanField,
    Count,
    DateTimeField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.db.models.query import get_related_populators
from django.db.models.sql import Query
from django.http import Http404
from django.utils import timezone

from samenplan import prepared
from samenplan.audit import log
from samenplan.cases import search
from samenplan.cases.models import Case, DossierEntry, Family, Member, SharedEntry
from samenplan.cases.predicates import (
    VisibleCase,
    _column,
    editable_cases_q,
    visible_case,
    visible_cases_q,
    visible_row,
)
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
        if search.word_kind(word) == search.LONG:
            # the case's own copy of every name it is found by (``Case.names_folded``): no join at all
            condition &= Q(names_folded__folded_contains=word)
        else:
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


class Annotations(NamedTuple):
    """Annotations of a case's query by key (``_case_by_key``) known by the shape of their SQL, without making
    them: ``key`` names their SQL text (the same text for the same key, with the condition's text), ``params`` are
    their parameters in order, ``build()`` makes them (name: ``RawSQL``), only to compile the query."""

    key: Hashable
    params: list
    build: Callable[[], dict]


def _case_by_key(
    user,
    number: int,
    *,
    related=CASE_RELATED,
    annotations: dict | Annotations | None = None,
    condition: VisibleCase | None = None,
) -> Case | None:
    """The case with id ``number`` with ``related`` (``CASE_RELATED``) and ``annotations`` (name: ``RawSQL`` on
    the case table, unaliased), if the user sees it (``predicates.VisibleCase``): one query, no row for a case they
    may not see as for one that does not exist.

    The query is the same for every request but for the parameters and, by the shape of the user's relations (how
    many teams, whether a scientist), the condition's and annotations' text; compiling it through the ORM took two
    thirds of this function's time (the dossier's, with its annotations, nine tenths). So it is compiled once per
    text and database connection, and run with each request's parameters. What is kept is the SQL and the
    description of its columns, nothing of the request. The compiled parameters are checked to be exactly the
    annotations' and then the condition's (nothing else in the query has any): otherwise the query is run as the
    ORM compiles it."""
    database = router.db_for_read(Case)
    connection = connections[database]
    condition = visible_case(user, number) if condition is None else condition
    text, params = condition.sql(connection.ops.quote_name(Case._meta.db_table), connection)
    prepare = bool(annotations)
    if isinstance(annotations, Annotations):
        key, params, build = (text, related, annotations.key), [*annotations.params, *params], annotations.build
    else:
        annotations = annotations or {}
        key = (text, related, tuple((name, expression.sql) for name, expression in annotations.items()))
        params = [*(param for expression in annotations.values() for param in expression.params), *params]
        build = lambda: annotations  # noqa: E731
    compiled = connection.__dict__.setdefault("samenplan_case_by_key", {})
    if key not in compiled:
        query = Case.objects.using(database).select_related(*related).annotate(**build())
        query = query.filter(condition).order_by()[:1]
        compiler = query.query.get_compiler(using=database)
        sql, query_params = compiler.as_sql()
        if list(query_params) != params:
            return next(iter(query), None)
        # and the conversion of its values, worked out once too (it asked each of some sixty columns' fields)
        converter = Query(Case).get_compiler(using=database)  # a compiler only for its conversion of values
        converters = converter.get_converters([column[0] for column in compiler.select])
        compiled[key] = sql, compiler.select, compiler.klass_info, compiler.annotation_col_map, converter, converters
    sql, select, klass_info, annotation_col_map, converter, converters = compiled[key]
    if prepare:
        # the dossier's (the case, its relations and some twenty subqueries for its sections) as a prepared
        # statement on PostgreSQL: planning it took 1.5 to 5 ms, longer than running it
        rows = prepared.fetchall(connection, sql, params)
    else:  # the others plan in a fraction of that: as any statement
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    if not rows:
        return None
    return _case_from_row(select, klass_info, annotation_col_map, database, rows, converter, converters)


def _case_from_row(
    select, klass_info, annotation_col_map, database: str, rows, converter=None, converters=None
) -> Case:
    """The case, its related records and its annotations from the query's row, converted and made as the ORM does
    (``ModelIterable``); ``converter`` and its ``converters`` (as ``SQLCompiler.get_converters`` gives them for
    ``select``) if worked out before."""
    if converter is None:
        converter = Query(Case).get_compiler(using=database)  # a compiler only for its conversion of values
        converters = converter.get_converters([column[0] for column in select])
    (row,) = converter.apply_converters(rows, converters) if converters else rows
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    case = Case.from_db(database, [column[0].target.attname for column in select[start:end]], row[start:end])
    for populator in get_related_populators(klass_info, select, database):
        populator.populate(row, case)
    for name, position in (annotation_col_map or {}).items():
        setattr(case, name, row[position])
    return case


def get_case_for_user(user, case_id, *, edit: bool = False, related=CASE_RELATED) -> Case:
    """The case if the user may see it (and, with ``edit``, change it); otherwise 404 (403 when seen). With
    ``related``, only those of ``CASE_RELATED`` are read with it (a page that needs fewer: each join costs
    PostgreSQL planning time)."""
    number = parse_id(case_id)  # anything no database could hold is simply not found
    case = _case_by_key(user, number, related=related) if number is not None else None
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


def dossier_annotations(user, connection=None) -> dict:
    """What the dossier's sections count or look up about the case, as SQL on the case's own query (one row, each
    on an index by case): the goals, the family's open proposals, until when ``user`` has emergency access (None
    without), the facts of the phase machine, whether the registration names prior help, whether ``user`` sees
    other cases of the family, whether the family wrote something not marked as seen, and whether each of
    ``DOSSIER_LISTS`` has rows. Each is ``RawSQL`` for the unaliased case table of ``connection`` (the database
    the case is read from).

    The ones that are the same for every user (``_case_facts``) come as SQL compiled once per process: building
    and compiling their fourteen subqueries with the ORM cost more than the rest of the dossier's queries. The two
    about ``user`` are written as SQL text (``_emergency_until_sql``, ``_other_cases_sql``), so that the case's
    query is compiled once per shape (``_case_by_key``)."""
    connection = connection or connections[router.db_for_read(Case)]
    facts = _case_facts_raw()
    # SQL text from the models' metadata, the request's values as parameters (see the two functions)
    return {
        "emergency_until": RawSQL(*_emergency_until_sql(user, connection), output_field=DateTimeField()),  # noqa: S611
        "has_other_cases": RawSQL(*_other_cases_sql(user, connection), output_field=BooleanField()),  # noqa: S611
        **facts,
    }


def _emergency_until_sql(user, connection) -> tuple[str, list]:
    """Until when ``user``'s latest active emergency grant for the case runs (``EmergencyAccess.objects.active``),
    as a subquery on the case table: its text the same for every user (made once per database vendor), the user
    and the moment its parameters."""
    from samenplan.emergency.models import EmergencyAccess

    sql = _EMERGENCY_UNTIL_SQL.get(connection.vendor)
    if sql is None:
        grants = connection.ops.quote_name(EmergencyAccess._meta.db_table)
        until, by, of = (_column(None, EmergencyAccess, name, connection) for name in ("expires_at", "user", "case"))
        case = _column(None, Case, "id", connection)
        # names from the models' metadata, values as parameters
        where = f"{by} = %s AND {of} = {case} AND {until} > %s"
        sql = f"SELECT {until} FROM {grants} WHERE {where} ORDER BY {until} DESC LIMIT 1"  # noqa: S608
        _EMERGENCY_UNTIL_SQL[connection.vendor] = sql
    now = EmergencyAccess._meta.get_field("expires_at").get_db_prep_value(timezone.now(), connection)
    return sql, [user.pk, now]


_EMERGENCY_UNTIL_SQL: dict[str, str] = {}


def _other_cases_sql(user, connection, visible: tuple[str, list] | None = None) -> tuple[str, list]:
    """Whether ``user`` sees another case of the case's family (``visible_cases_q``, asked on the family's few
    cases as ``predicates.visible_row``), as a subquery on the case table. ``visible``: that condition's text and
    parameters if made already (the alias ``other_case``)."""
    table, other = connection.ops.quote_name(Case._meta.db_table), connection.ops.quote_name(OTHER_CASE)
    visible, params = visible or visible_row(user, other, connection)
    same_family = f"{_column(other, Case, 'family', connection)} = {_column(None, Case, 'family', connection)}"
    not_this = f"{_column(other, Case, 'id', connection)} <> {_column(None, Case, 'id', connection)}"
    # names from the models' metadata, values as parameters
    sql = f"EXISTS (SELECT 1 FROM {table} {other} WHERE {same_family} AND {not_this} AND {visible})"  # noqa: S608
    return sql, params


OTHER_CASE = "other_case"  # the alias of the family's other cases in ``_other_cases_sql``


def _dossier_annotations_of(user, condition: VisibleCase, connection) -> Annotations:
    """``dossier_annotations`` for the case's query by key whose condition is ``condition`` (``_case_by_key``),
    known without making them: on every dossier, making them (the two about the user as SQL text, the user's
    visibility a second time on the family's other cases) and naming their text (some twenty) cost 0.1 ms.

    Their text depends on the user only by the shape of the user's relations, which the condition's text names
    (its key holds that text); their parameters are the user's and the moment's for the emergency grant, then
    those of the user's visibility, the same on the family's other cases as on the case
    (``VisibleCase.row``: its text names the alias, its parameters do not), then the facts' (the same on every
    request)."""
    until_sql, until_params = _emergency_until_sql(user, connection)
    visible_params = condition.row(connection.ops.quote_name(Case._meta.db_table), connection)[1]
    facts = _case_facts_raw()

    def build() -> dict:
        quoted = connection.ops.quote_name(OTHER_CASE)
        other_sql, _params = _other_cases_sql(user, connection, (condition.row(quoted, connection)[0], visible_params))
        return {
            "emergency_until": RawSQL(until_sql, until_params, output_field=DateTimeField()),  # noqa: S611
            "has_other_cases": RawSQL(other_sql, visible_params, output_field=BooleanField()),  # noqa: S611
            **facts,
        }

    return Annotations("dossier", [*until_params, *visible_params, *_case_facts_params()], build)


def _case_facts_params() -> list:
    """The parameters of ``_case_facts_raw``, in order (the same on every request)."""
    return _compiled_facts().params


def _case_facts() -> dict:
    """The part of ``dossier_annotations`` that does not depend on the user, as ORM expressions."""
    from samenplan.goals.models import Goal
    from samenplan.intake.models import PriorHelp
    from samenplan.intake.phases import fact_annotations
    from samenplan.portal.models import Proposal, ProposalStatus

    lists = {}
    for relation in DOSSIER_LISTS:
        field = Case._meta.get_field(relation)
        lists[f"has_{relation}"] = Exists(field.related_model.objects.filter(**{field.field.name: OuterRef("pk")}))
    return {
        "goal_count": _count(Goal.objects.filter(case_id=OuterRef("pk"))),
        "open_family_proposals": _count(Proposal.objects.filter(case_id=OuterRef("pk"), status=ProposalStatus.OPEN)),
        "has_prior_help": Exists(PriorHelp.objects.filter(registration__case_id=OuterRef("pk"))),
        "has_family_input": _has_family_input(),
        "has_coworkers": Exists(Case.coworkers.through.objects.filter(case_id=OuterRef("pk"))),
        **lists,
        **fact_annotations(),
    }


def _has_family_input() -> Exists:
    """Whether the case has ``portal.access.unseen_family_entries``: an entry by a family account after the case's
    "seen" mark. Asked as there, but with the mark read once for the case (not per entry), and the family accounts
    looked up by the entries' few distinct authors (``DISTINCT``: the database gathers them first), not once per
    entry: on a timeline of 530 entries by one author 1,087 -> 26 buffers, 0.45 -> 0.1 ms.
    tests/cases/test_dossier_rows.py checks it against the portal's query."""
    from samenplan.portal.models import FamilyAccount, FamilyInputSeen

    case = OuterRef(OuterRef("pk"))
    mark = Subquery(FamilyInputSeen.objects.filter(case_id=OuterRef(case)).values("up_to_entry")[:1])
    after = DossierEntry.objects.filter(case_id=case, pk__gt=Coalesce(mark, 0)).order_by()
    return Exists(FamilyAccount.objects.filter(user_id__in=after.values("author_id").distinct()))


class _CompiledFacts(NamedTuple):
    params: list  # the facts' parameters, in order
    raw: dict  # name -> RawSQL


def _compiled_facts() -> _CompiledFacts:
    """``_case_facts`` compiled for the database's vendor, once per process, for a query whose table is
    ``cases_case`` (not aliased: the case's own query, as the ORM compiles it)."""
    vendor = connection.vendor
    if vendor not in _FACTS:
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
        _FACTS[vendor] = _CompiledFacts(
            params=[param for _name, _sql, params, _field in compiled for param in params],
            # compiled by the ORM from _case_facts, with its own parameters: no input of a request in it
            raw={name: RawSQL(sql, params, output_field=field) for name, sql, params, field in compiled},  # noqa: S611
        )
    return _FACTS[vendor]


_FACTS: dict[str, _CompiledFacts] = {}


def _case_facts_raw() -> dict:
    """``_case_facts`` as ``RawSQL`` expressions, made once per process too (a query copies what it uses)."""
    return _compiled_facts().raw


def section_rows(case: Case, relation: str, rows: Callable[[], Iterable]) -> list:
    """The rows of one of the dossier's ``DOSSIER_LISTS``, as ``rows()`` reads them: not read when the case's own
    query found none (``has_<relation>``); read as usual for a case fetched without that."""
    if getattr(case, f"has_{relation}", True) is False:
        return []
    return list(rows())


def _count(rows: QuerySet) -> Coalesce:
    return Coalesce(Subquery(rows.order_by().values("case_id").annotate(n=Count("pk")).values("n")), 0)


DOSSIER_RELATED = (*CASE_RELATED, "registration__second_worker")


def get_case_for_dossier(user, case_id) -> Case:
    """``get_case_for_user`` with ``dossier_annotations`` read in the same query, and the co-workers (shown, and
    asked by every rule about changing the case): not read when the case's query found none (``has_coworkers``),
    one round trip fewer on most dossiers."""
    number = parse_id(case_id)  # anything no database could hold is simply not found
    case = None
    if number is not None:
        condition = visible_case(user, number)
        connection = connections[router.db_for_read(Case)]
        annotations = _dossier_annotations_of(user, condition, connection)
        case = _case_by_key(user, number, related=DOSSIER_RELATED, annotations=annotations, condition=condition)
    if case is None:
        raise _not_found(user, "case", case_id)
    _prefetch_coworkers(case)
    return case


# What the API's case detail asks about the case besides the case itself (``cases.api``): whether it has co-workers
# and prior help (read only then) and the facts of the phase machine (its next phases).
API_FACTS = ("has_prior_help", "has_coworkers", "decided_route", "decided_skip_reason", "analysis_complete")


def get_case_for_api(user, case_id) -> Case:
    """``get_case_for_user`` with the ``API_FACTS`` of ``dossier_annotations`` read in the same query (compiled once
    per shape, run prepared: ``_case_by_key``) and the co-workers read only when it found some: the API's case
    detail then needs no query for its co-workers, prior help or route decision when there are none (7 → 4)."""
    number = parse_id(case_id)  # anything no database could hold is simply not found
    case = None
    if number is not None:
        facts = _case_facts_raw()
        annotations = {name: facts[name] for name in API_FACTS}
        case = _case_by_key(user, number, related=DOSSIER_RELATED, annotations=annotations)
    if case is None:
        raise _not_found(user, "case", case_id)
    _prefetch_coworkers(case)
    return case


def _prefetch_coworkers(case: Case) -> None:
    """``prefetch_related_objects([case], "coworkers")`` with the query's SQL compiled once per connection
    (``samenplan.prepared``): the co-workers as ``case.coworkers.all()`` gives them, kept on the case as the ORM's
    prefetch keeps them (``predicates._is_coworker`` and every later ``case.coworkers.all()`` use them). Relies on
    how Django 5.2's ``prefetch_one_level`` stores a many-to-many prefetch: the manager's queryset with its
    ``_result_cache`` filled and ``_prefetch_done`` set, under the field's name in ``_prefetched_objects_cache``;
    tests/cases/test_dossier_prepared.py pins it."""
    User = Case.coworkers.field.related_model
    coworkers = []
    if getattr(case, "has_coworkers", True) is not False:  # read as usual for a case fetched without the fact
        build = lambda: User.objects.filter(cases_as_coworker=case.pk)  # noqa: E731
        coworkers = _instances(User, "case-coworkers", build, [case.pk])
    queryset = case.coworkers.get_queryset()
    queryset._result_cache, queryset._prefetch_done = coworkers, True
    case.__dict__.setdefault("_prefetched_objects_cache", {})["coworkers"] = queryset


def annotate_for_dossier(user, case: Case) -> Case:
    """Add ``dossier_annotations`` to a case fetched without them (the dossier shown again after a refused form)."""
    if not hasattr(case, "goal_count"):
        annotations = dossier_annotations(user)
        values = Case.objects.filter(pk=case.pk).annotate(**annotations).values(*annotations).get()
        for name, value in values.items():
            setattr(case, name, value)
    return case


def get_case_for_phase_change(user, case_id, *, related=CASE_RELATED) -> Case:
    case = get_case_for_user(user, case_id, related=related)
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
    number = parse_id(before) if before not in (None, "") else None
    if number is None:  # the newest page, on every dossier: a statement written once (_newest_sql), prepared
        sql = _newest_sql(connections[router.db_for_read(DossierEntry)], size)
        build = lambda: _timeline(case, size)  # noqa: E731 (its columns, named and converted as the ORM's)
        rows = prepared.values_as(DossierEntry, ("timeline", size), build, sql, [case.pk], prepare=True)
    else:
        rows = list(_timeline(case, size, number))
    return rows[:size], (rows[size - 1]["pk"] if len(rows) > size else None)


def _newest_sql(connection, size: int) -> str:
    """``_timeline(case, size)``'s statement (the newest page) written so that PostgreSQL keeps one plan for it:
    the page's ids first, from the index (case, at, id) alone (an index-only scan, backward, stopped after the
    page), then the entries, their authors and speakers by key; the case the one parameter.

    The ORM's statement joins the entries to their authors and speakers and then orders them. Prepared, it was
    planned anew on every request (0.3-0.4 ms, three times its running time): for a generic plan PostgreSQL
    expects 37 entries a case, for which reading them all by the index on the case alone and sorting looks
    cheapest, and a case's own plan looked cheaper than that, so it kept planning each. For a long timeline whose
    case its statistics do not name (most of them), that plan is also the one it ran: 530 entries read, joined
    and sorted for a page of 26, 1.2 ms. Written this way, every plan reads the page from the index: 0.1-0.2 ms,
    no planning after the first few requests of a connection. Made once per database vendor and size (a number
    of the code's, not a request's)."""
    key = (connection.vendor, size)
    if key not in _NEWEST_SQL:
        quote = connection.ops.quote_name

        def column(model, name: str, alias: str) -> str:
            return f"{alias}.{quote(model._meta.get_field(name).column)}"

        from samenplan.accounts.models import User

        entries, page, users, members = (quote(name) for name in ("entry", "page", "author", "speaker"))
        entry = {name: column(DossierEntry, name, entries) for name in ("id", "at", "kind", "voice", "text")}
        entry |= {name: column(DossierEntry, name, entries) for name in ("author", "speaker")}
        ids = (
            f"SELECT {column(DossierEntry, 'id', 'd')} FROM {quote(DossierEntry._meta.db_table)} d"  # noqa: S608
            f" WHERE {column(DossierEntry, 'case', 'd')} = %s"
            f" ORDER BY {column(DossierEntry, 'at', 'd')} DESC, {column(DossierEntry, 'id', 'd')} DESC"
            f" LIMIT {int(size) + 1}"
        )
        shared = (
            f"EXISTS(SELECT 1 FROM {quote(SharedEntry._meta.db_table)} s"  # noqa: S608
            f" WHERE {column(SharedEntry, 'entry', 's')} = {entry['id']})"
        )
        columns = [
            *(entry[name] for name in ("id", "at", "kind", "voice", "text")),
            shared,
            entry["author"],
            *(column(User, name, users) for name in ("first_name", "last_name", "username")),
            entry["speaker"],
            *(column(Member, name, members) for name in ("given_name", "family_name")),
        ]
        # names from the models' metadata, the case as a parameter: no text of a request in it
        _NEWEST_SQL[key] = (
            f"SELECT {', '.join(columns)} FROM ({ids}) {page}"  # noqa: S608
            f" INNER JOIN {quote(DossierEntry._meta.db_table)} {entries}"
            f" ON {entry['id']} = {page}.{quote(DossierEntry._meta.get_field('id').column)}"
            f" INNER JOIN {quote(User._meta.db_table)} {users} ON {entry['author']} = {column(User, 'id', users)}"
            f" LEFT OUTER JOIN {quote(Member._meta.db_table)} {members}"
            f" ON {entry['speaker']} = {column(Member, 'id', members)}"
            f" ORDER BY {entry['at']} DESC, {entry['id']} DESC"
        )
    return _NEWEST_SQL[key]


_NEWEST_SQL: dict[tuple, str] = {}


def _timeline(case: Case, size: int, number: int | None = None) -> QuerySet:
    """``timeline_page``'s query: ``size`` + 1 entries (to know whether more remain), older than entry ``number``."""
    shared = Exists(SharedEntry.objects.filter(entry_id=OuterRef("pk")))
    entries = DossierEntry.objects.filter(case_id=case.pk).annotate(is_shared=shared).order_by("-at", "-pk")
    if number is not None:
        at = Subquery(DossierEntry.objects.filter(case_id=case.pk, pk=number).order_by().values("at")[:1])
        # at <= x bounds the index range; the OR then orders entries of the same moment by pk.
        entries = entries.filter(at__lte=at).filter(Q(at__lt=at) | Q(pk__lt=number))
    return entries.values(*TIMELINE_FIELDS)[: size + 1]


def _instances(model, key, build: Callable[[], QuerySet], params: list) -> list:
    """The instances of ``model`` that ``build()`` (a queryset of ``model``, without ``select_related``) gives, as
    the ORM makes them (``Model.from_db`` with every concrete field), its SQL compiled once per connection
    (``samenplan.prepared.values``, with ``params`` as there) and run as a prepared statement on PostgreSQL: the
    family's members (on every dossier) were planned in 0.07-0.09 ms and read in 0.04 ms."""
    names = [field.attname for field in model._meta.concrete_fields]
    rows = prepared.values(model, key, lambda: build().values(*names), params, prepare=True)
    database = router.db_for_read(model)
    return [model.from_db(database, names, [row[name] for name in names]) for row in rows]


def family_members(family: Family) -> list[Member]:
    """The family's members as ``family.members.all()`` gives them (in ``Member.Meta.ordering``, each knowing its
    family), with the query's SQL compiled once per connection (``samenplan.prepared``): the dossier reads them on
    every request, and building the query through the ORM cost more than PostgreSQL takes to answer it."""
    members = _instances(Member, "family-members", lambda: Member.objects.filter(family_id=family.pk), [family.pk])
    for member in members:
        member.family = family  # as the related manager's queryset sets it, without a query for it
    return members
