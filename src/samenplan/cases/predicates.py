"""Who may see and change which case: one set of predicates, used as object checks and as SQL filters.

Each relation between a user and a case is written once as a pair: an SQL condition on the case (for lists,
filtered in the database) and a Python test on one case (for the object check). ``tests/cases/test_predicates.py``
checks with generated worlds that both halves always agree. The ``rules`` permissions at the bottom are what views,
the API and templates ask.

How the SQL is written (issue 14): PostgreSQL finds a user's cases through an index per relation only when the
conditions OR'ed together are each one it can look up in an index. A relation on the case's own columns (its
caseworker, its team) is such a condition. A relation held in another table (co-worker, consultation, emergency
access) is written as ``id = ANY(ARRAY(the user's case ids from that table))``: the select runs once, on that
table's index by user, and the case is looked up by primary key. Written as ``id IN (select)`` inside the OR, the
planner read every case of the database and tested each against hashed subqueries. The checks of one case (a
dossier, a family's member) stay a lookup by key: the OR is tested on that row only.
``tests/cases/test_visibility_plans.py`` checks the plans on PostgreSQL.

The check of one case by key (``VisibleCase``, for ``cases.access.get_case_for_user`` on every page about a
case) asks every relation on that case's row, as SQL text (``row``): a relation held in another table as an
``EXISTS`` on that table's row for this case. The ORM compiled the lists' subqueries on every request, for one
row (a quarter of the plan page's time); the text costs nothing to build. ``tests/cases/test_predicates.py``
checks that it agrees too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import rules
from django.db.models import BooleanField, Expression, F, Q, QuerySet
from django.db.models.lookups import In
from django.utils import timezone

from samenplan.accounts.models import Role, Team
from samenplan.cases.models import Case


@dataclass(frozen=True)
class Relation:
    """One way a user can be related to a case, in SQL either as ``q``, a condition on the case's own columns, or
    as ``case_ids``, a select of the ids of the user's cases from another table (None when the user cannot have
    the relation), for lists; ``row``: the same as SQL text on one case's row, ``(sql, params)`` given the user,
    the quoted alias of the case table and the connection (None when the user cannot have the relation), for the
    check of one case by key; ``test``: the same on one case in Python."""

    name: str
    test: Callable[[object, object], bool]
    q: Callable[[object], Q] | None = None
    case_ids: Callable[[object], QuerySet | None] | None = None
    row: Callable[[object, str, object], tuple[str, list] | None] | None = None
    ids: Callable[[object, object], tuple[str, list] | None] | None = None  # ``case_ids`` as SQL text


class _AnyOf(In):
    """``id IN (select)``; on PostgreSQL ``id = ANY(ARRAY(select))``: the select becomes a value computed once (an
    init plan) and the comparison one the planner can look up in the primary key, also inside an OR."""

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)


class VisibleCase(Expression):
    """The case with id ``case_id`` if ``user`` sees it, as one condition in SQL text for a query of that case: its
    id, the user's organisation and the ``row`` halves of ``VIEWERS`` OR'ed together (see the module's
    docstring). ``sql`` gives the text without a compiler: its text is the same for every user with relations of
    the same shape, so ``cases.access`` compiles the query around it once."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, user, case_id: int):
        super().__init__()
        self.user, self.case_id = user, case_id
        self._made: dict = {}

    def sql(self, case: str, connection) -> tuple[str, list]:
        """The condition on the case table's alias ``case`` (quoted), and its parameters: made once, so that the
        moment the emergency grants are compared with is the same each time it is asked."""
        key = (case, connection.alias)
        if key not in self._made:
            self._made[key] = self._make(case, connection)
        return self._made[key]

    def row(self, case: str, connection) -> tuple[str, list]:
        """``visible_row`` of the user on the case table's alias ``case``, the part of ``sql`` after the case's id:
        made once, as ``sql``."""
        key = ("row", case, connection.alias)
        if key not in self._made:
            self._made[key] = visible_row(self.user, case, connection)
        return self._made[key]

    def _make(self, case: str, connection) -> tuple[str, list]:
        condition, params = self.row(case, connection)
        if condition == NO_CASE:
            return condition, params
        return f"{_column(case, Case, 'id', connection)} = %s AND {condition}", [self.case_id, *params]

    def as_sql(self, compiler, connection):
        return self.sql(compiler.quote_name_unless_alias(compiler.query.get_initial_alias()), connection)


NO_CASE = "1 = 0"


class CasesOf(Expression):
    """``visible_cases_q`` (``relations``: ``VIEWERS``) or ``editable_cases_q`` (``EDITORS``) as one condition in
    SQL text, for a list: the user's organisation and the relations OR'ed together, each as the list's SQL asks it
    (see the module's docstring): a relation on the case's own columns as its ``row`` half, one held in another
    table as ``id = ANY(ARRAY(the selects of the case ids, UNION ALL))`` (``IN`` on other databases). ``sql``
    gives the text without a compiler: its text is the same for every user with relations of the same shape, so
    the caseload compiles its query around it once (``samenplan.prepared.values``); building the list's ``Q`` and
    compiling it through the ORM cost about 1.4 ms a page (issue 14)."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, user, relations=None):
        super().__init__()
        self.user, self.relations = user, VIEWERS if relations is None else relations
        self._made: dict = {}

    def sql(self, case: str, connection) -> tuple[str, list]:
        """The condition on the case table's alias ``case`` (quoted), and its parameters; made once."""
        key = (case, connection.alias)
        if key not in self._made:
            self._made[key] = self._make(case, connection)
        return self._made[key]

    def parts(self, case: str, connection) -> tuple[tuple[str, list], list[tuple[str, list]]] | None:
        """The condition in its parts, each ``(sql, params)`` on the case table's alias ``case`` (quoted): the
        organisation's and the relations' (one per relation on the case's own columns, then one ``id = ANY(...)``
        for those held in other tables). The condition is the organisation's AND any of the relations': a list may
        ask each part alone (``cases.caselist``: a UNION, each part an index-only scan). None when the user sees
        no case. Made once."""
        key = ("parts", case, connection.alias)
        if key not in self._made:
            self._made[key] = self._parts(case, connection)
        return self._made[key]

    def _parts(self, case: str, connection) -> tuple[tuple[str, list], list[tuple[str, list]]] | None:
        user = self.user
        if not _active(user):
            return None
        parts, selects, select_params = [], [], []
        for relation in self.relations:
            if relation.q is not None:  # on the case's own columns: the row half is the list's condition
                found = relation.row(user, case, connection)
                if found is not None:
                    parts.append((found[0], list(found[1])))
            elif (found := relation.ids(user, connection)) is not None:
                selects.append(found[0])
                select_params += found[1]
        if selects:
            ids, union = _column(case, Case, "id", connection), " UNION ALL ".join(selects)
            any_of = f"{ids} = ANY(ARRAY({union}))" if connection.vendor == "postgresql" else f"{ids} IN ({union})"
            parts.append((any_of, select_params))
        if not parts:
            return None
        return (in_organisation(case, connection), [user.organisation_id]), parts

    def _make(self, case: str, connection) -> tuple[str, list]:
        found = self.parts(case, connection)
        if found is None:
            return NO_CASE, []
        (organisation, params), parts = found
        condition = " OR ".join(sql for sql, _ in parts)
        return f"{organisation} AND ({condition})", [*params, *(param for _, values in parts for param in values)]

    def as_sql(self, compiler, connection):
        return self.sql(compiler.quote_name_unless_alias(compiler.query.get_initial_alias()), connection)


def in_organisation(case: str, connection) -> str:
    """The case (``case``: the quoted alias of a relation with the case table's ``team_id``) is of the organisation
    given as the one parameter: its team among the organisation's teams, a select the planner runs once (hashed),
    the case's team looked up."""
    teams = connection.ops.quote_name(Team._meta.db_table)
    team, team_id = _column(case, Case, "team", connection), _column(None, Team, "id", connection)
    of_organisation = f"{_column(None, Team, 'organisation', connection)} = %s"
    return f"{team} IN (SELECT {team_id} FROM {teams} WHERE {of_organisation})"  # noqa: S608 (metadata)


def visible_row(user, case: str, connection) -> tuple[str, list]:
    """``visible_cases_q`` as SQL text on one row of the case table under the (quoted) alias ``case``, and its
    parameters: the user's organisation and the ``row`` halves of ``VIEWERS`` OR'ed together. For a condition on
    rows found otherwise: one case by key (``VisibleCase``), the other cases of one family (the dossier), each
    record's case on the access log's page. ``(NO_CASE, [])`` when the user sees no case at all."""
    if not _active(user):
        return NO_CASE, []
    parts, params = [], []
    for relation in VIEWERS:
        if (found := relation.row(user, case, connection)) is not None:
            parts.append(found[0])
            params += found[1]
    if not parts:
        return NO_CASE, []
    # The team's organisation as a value looked up for this row, not EXISTS: PostgreSQL turns an EXISTS in the AND
    # into a join, and planning the order of that join with the page's own (the case's family, team, caseworker,
    # registration) took a millisecond per page; the value's lookup is planned once, as a subplan.
    teams = connection.ops.quote_name(Team._meta.db_table)
    link = f"{_column(None, Team, 'id', connection)} = {_column(case, Case, 'team', connection)}"
    organisation = f"(SELECT {_column(None, Team, 'organisation', connection)} FROM {teams} WHERE {link}) = %s"  # noqa: S608 (names from the models' metadata)
    return f"{organisation} AND ({' OR '.join(parts)})", [user.organisation_id, *params]


def _column(alias: str | None, model, name: str, connection) -> str:
    """The quoted column of field ``name`` of ``model``, qualified by ``alias`` (quoted; None: the table's name).
    Kept per process and database vendor: a check of one case by key names some thirty columns (40 µs a dossier)."""
    key = (alias, model, name, connection.vendor)
    found = _COLUMNS.get(key)
    if found is None:
        quote = connection.ops.quote_name
        found = _COLUMNS[key] = f"{alias or quote(model._meta.db_table)}.{quote(model._meta.get_field(name).column)}"
    return found


_COLUMNS: dict[tuple, str] = {}  # a few dozen: the aliases are the code's own, never a request's


def _where(model, connection, conditions: dict) -> tuple[list[str], list]:
    """``column = value`` for each of ``conditions`` on ``model``'s table; a key with ``__gt`` compares with ``>``.
    Values are adapted as their fields adapt them (a moment on SQLite)."""
    wheres, params = [], []
    for key, value in conditions.items():
        name, _, lookup = key.partition("__")
        wheres.append(f"{_column(None, model, name, connection)} {'>' if lookup == 'gt' else '='} %s")
        params.append(model._meta.get_field(name).get_db_prep_value(value, connection))
    return wheres, params


def _exists_row(model, link: str, connection, conditions: dict) -> tuple[str, list]:
    """``EXISTS (SELECT 1 FROM model's table WHERE link AND column = value ...)`` (see ``_where``)."""
    wheres, params = _where(model, connection, conditions)
    # Names from the models' metadata, values as parameters: no text from outside reaches the SQL.
    table = connection.ops.quote_name(model._meta.db_table)
    return f"EXISTS (SELECT 1 FROM {table} WHERE {' AND '.join([link, *wheres])})", params  # noqa: S608


def _case_ids(model, user_field: str):
    """The ``ids`` half of a relation held in ``model``'s table: ``SELECT case_id FROM it WHERE user = …``."""

    def ids(user, connection, **conditions):
        wheres, params = _where(model, connection, {user_field: user.pk, **conditions})
        table = connection.ops.quote_name(model._meta.db_table)
        case = _column(None, model, "case", connection)
        return f"SELECT {case} FROM {table} WHERE {' AND '.join(wheres)}", params  # noqa: S608 (as _exists_row)

    return ids


def _case_row(model, user_field: str):
    """The ``row`` half of a relation held in ``model``'s table: a row of this case and this user."""

    def row(user, case: str, connection, **conditions):
        link = f"{_column(None, model, 'case', connection)} = {_column(case, Case, 'id', connection)}"
        return _exists_row(model, link, connection, {user_field: user.pk, **conditions})

    return row


def _teams_row(role: str):
    """The ``row`` half of a relation by the case's team: one of the user's teams in which they have ``role``."""

    def row(user, case: str, connection):
        teams = user.teams_with_role(role)
        if not teams:
            return None
        return f"{_column(case, Case, 'team', connection)} IN ({', '.join(['%s'] * len(teams))})", teams

    return row


def _nothing() -> Q:
    return Q(pk__in=[])


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.organisation_id)


CASEWORKER = Relation(
    "caseworker",
    q=lambda user: Q(caseworker_id=user.pk),
    row=lambda user, case, connection: (f"{_column(case, Case, 'caseworker', connection)} = %s", [user.pk]),
    test=lambda user, case: case.caseworker_id == user.pk,
)

COWORKER = Relation(
    "coworker",
    case_ids=lambda user: Case.coworkers.through.objects.filter(user_id=user.pk).values("case_id"),
    row=lambda user, case, connection: _case_row(Case.coworkers.through, "user")(user, case, connection),
    ids=lambda user, connection: _case_ids(Case.coworkers.through, "user")(user, connection),
    test=lambda user, case: _is_coworker(user, case),
)

TEAM_PROFESSIONAL = Relation(
    "team_professional",
    q=lambda user: Q(team_id__in=user.teams_with_role(Role.PROFESSIONAL)),
    row=_teams_row(Role.PROFESSIONAL),
    test=lambda user, case: case.team_id in user.teams_with_role(Role.PROFESSIONAL),
)

TEAM_LEAD = Relation(
    "team_lead",
    q=lambda user: Q(team_id__in=user.teams_with_role(Role.TEAM_LEAD)),
    row=_teams_row(Role.TEAM_LEAD),
    test=lambda user, case: case.team_id in user.teams_with_role(Role.TEAM_LEAD),
)

# A behavioural scientist sees the cases they are consulted on (analysis/), while the request is open: from the
# caseworker's question until their advice is in. Read-only: EDITORS does not include it.
CONSULTED_SCIENTIST = Relation(
    "consulted_scientist",
    case_ids=lambda user: _open_consultations(user).order_by().values("case_id") if _is_scientist(user) else None,
    row=lambda user, case, connection: _consultation_row(user, case, connection) if _is_scientist(user) else None,
    ids=lambda user, connection: _consultation_ids(user, connection) if _is_scientist(user) else None,
    test=lambda user, case: _is_scientist(user) and _open_consultations(user).filter(case_id=case.pk).exists(),
)

# Emergency access (the "noodknop", emergency/): a professional who opened the case with a stated reason sees it,
# read-only, until the grant expires. Never an editor: EDITORS does not include it.
EMERGENCY = Relation(
    "emergency",
    case_ids=lambda user: _emergency_grants(user).order_by().values("case_id"),
    row=lambda user, case, connection: _emergency_row(user, case, connection),
    ids=lambda user, connection: _emergency_ids(user, connection),
    test=lambda user, case: _emergency_grants(user).filter(case_id=case.pk).exists(),
)


# Never a case of another organisation, whatever the relation (a membership of another organisation's team, which
# the administration screens never make, still shows nothing). The SQL asks the case's team (a join with the small
# teams table, not with the organisation's thousands of families), the object check the case's family, which the
# pages have read already: the two are of one organisation, as the actions keep them (a family is registered in
# its team's organisation, a handover goes to a team of the same organisation, a reopened case keeps its team).
def _same_organisation_q(user) -> Q:
    return Q(team__organisation_id=user.organisation_id)


def _same_organisation(user, case) -> bool:
    return case.family.organisation_id == user.organisation_id


VIEWERS = (CASEWORKER, COWORKER, TEAM_PROFESSIONAL, TEAM_LEAD, CONSULTED_SCIENTIST, EMERGENCY)
VIEWERS_BY_RULE = VIEWERS[:-1]  # everyone who sees a case without emergency access
EDITORS = (CASEWORKER, COWORKER)


def _is_coworker(user, case) -> bool:
    prefetched = getattr(case, "_prefetched_objects_cache", {}).get("coworkers")
    if prefetched is not None:  # the page read the co-workers already (the dossier): no query per rule asked
        return any(coworker.pk == user.pk for coworker in prefetched)
    return case.coworkers.filter(pk=user.pk).exists()


def _is_scientist(user) -> bool:
    return user.has_role(Role.BEHAVIOURAL_SCIENTIST)


def _open_consultations(user):
    from samenplan.analysis.models import Consultation, ConsultationStatus

    return Consultation.objects.filter(scientist_id=user.pk, status=ConsultationStatus.OPEN)


def _emergency_grants(user):
    from samenplan.emergency.models import EmergencyAccess

    return EmergencyAccess.objects.filter(user_id=user.pk, expires_at__gt=timezone.now())


def _consultation_row(user, case, connection):
    from samenplan.analysis.models import Consultation, ConsultationStatus

    return _case_row(Consultation, "scientist")(user, case, connection, status=ConsultationStatus.OPEN)


def _emergency_row(user, case, connection):
    from samenplan.emergency.models import EmergencyAccess

    return _case_row(EmergencyAccess, "user")(user, case, connection, expires_at__gt=timezone.now())


def _consultation_ids(user, connection):
    from samenplan.analysis.models import Consultation, ConsultationStatus

    return _case_ids(Consultation, "scientist")(user, connection, status=ConsultationStatus.OPEN)


def _emergency_ids(user, connection):
    from samenplan.emergency.models import EmergencyAccess

    return _case_ids(EmergencyAccess, "user")(user, connection, expires_at__gt=timezone.now())


def _any_q(user, relations) -> Q:
    """The cases of any of the relations, in the user's organisation (see the module's docstring)."""
    if not _active(user):
        return _nothing()
    condition = _nothing()
    selects = []
    for relation in relations:
        if relation.q is not None:
            condition |= relation.q(user)
        elif (ids := relation.case_ids(user)) is not None:
            selects.append(ids)
    if selects:
        first, *others = selects
        condition |= Q(_AnyOf(F("pk"), first.union(*others, all=True) if others else first))
    return _same_organisation_q(user) & condition


def _any_test(user, case, relations) -> bool:
    if not _active(user) or not _same_organisation(user, case):
        return False
    return any(relation.test(user, case) for relation in relations)


def visible_cases_q(user) -> Q:
    return _any_q(user, VIEWERS)


def visible_case(user, case_id: int) -> VisibleCase:
    """``visible_cases_q`` for the query of one case by key (see ``VisibleCase``): the same cases."""
    return VisibleCase(user, case_id)


def visible_by_rule_q(user) -> Q:
    """The cases the user sees by their rules, emergency access left out."""
    return _any_q(user, VIEWERS_BY_RULE)


def editable_cases_q(user) -> Q:
    return _any_q(user, EDITORS)


def editable_cases_params(user) -> list | None:
    """The parameters of ``editable_cases_q(user)`` as the ORM compiles them, in order: its SQL text is the same for
    every active user (the organisation, the caseworker, the co-workers' select), so a query filtered by it can be
    compiled once (``caseload.services.own_caseload``, which checks them against the compiled ones). None when the
    user is not active (no case at all, no SQL)."""
    return [user.organisation_id, user.pk, user.pk] if _active(user) else None


def registering_team_ids(user) -> list[int]:
    """Teams in which the user may register a new family: as professional or team lead."""
    if not _active(user):
        return []
    return user.teams_with_role(Role.PROFESSIONAL, Role.TEAM_LEAD)


@rules.predicate
def can_view_case(user, case) -> bool:
    return case is not None and _any_test(user, case, VIEWERS)


@rules.predicate
def can_edit_case(user, case) -> bool:
    return case is not None and case.is_open and _any_test(user, case, EDITORS)


def may_see_by_rule(user, case) -> bool:
    return case is not None and _any_test(user, case, VIEWERS_BY_RULE)


@rules.predicate
def can_open_in_emergency(user) -> bool:
    """Professionals may use the emergency button (team leads, scientists and administrators may not)."""
    return _active(user) and user.has_role(Role.PROFESSIONAL)


@rules.predicate
def can_register_family(user) -> bool:
    return bool(registering_team_ids(user))


@rules.predicate
def can_read_access_log(user) -> bool:
    return _active(user) and user.has_role(Role.LOG_READER)


@rules.predicate
def can_move_phase(user, case) -> bool:
    # Reopening a closed case is an edit too: the caseworker and co-workers may do it.
    return case is not None and _any_test(user, case, EDITORS)


@rules.predicate
def can_assign_workers(user, case) -> bool:
    # Handing a case over, or bringing in a co-worker: the workers themselves, or the team lead.
    return case is not None and case.is_open and _any_test(user, case, (*EDITORS, TEAM_LEAD))


rules.add_rule("cases.view_case", can_view_case)
rules.add_rule("cases.assign_workers", can_assign_workers)
rules.add_rule("cases.change_case", can_edit_case)
rules.add_rule("cases.move_phase", can_move_phase)
rules.add_rule("cases.register_family", can_register_family)
rules.add_rule("audit.view_log", can_read_access_log)
rules.add_rule("emergency.open", can_open_in_emergency)
rules.add_rule("emergency.review", can_read_access_log)  # team leads review the emergency access to their teams
