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

The check of one case by key (``visible_case_q``, for ``cases.access.get_case_for_user`` on every page about a
case) asks a relation held in another table as ``row``: an ``EXISTS`` on that table's row for this case, written
as SQL text. The ORM compiled the lists' subqueries on every request, for one row (a quarter of the plan page's
time); the text costs nothing to build. ``tests/cases/test_predicates.py`` checks that it agrees too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import rules
from django.db.models import BooleanField, Expression, F, Q, QuerySet
from django.db.models.lookups import In
from django.utils import timezone

from samenplan.accounts.models import Role
from samenplan.cases.models import Case


@dataclass(frozen=True)
class Relation:
    """One way a user can be related to a case, in SQL either as ``q``, a condition on the case's own columns, or
    as ``case_ids``, a select of the ids of the user's cases from another table (None when the user cannot have
    the relation); ``test``: the same on one case. A relation with ``case_ids`` has ``row`` too: the same as SQL
    text on one case row, ``(sql, params)`` given the user, the quoted column of the case's id and the connection
    (None when the user cannot have the relation)."""

    name: str
    test: Callable[[object, object], bool]
    q: Callable[[object], Q] | None = None
    case_ids: Callable[[object], QuerySet | None] | None = None
    row: Callable[[object, str, object], tuple[str, list] | None] | None = None


class _AnyOf(In):
    """``id IN (select)``; on PostgreSQL ``id = ANY(ARRAY(select))``: the select becomes a value computed once (an
    init plan) and the comparison one the planner can look up in the primary key, also inside an OR."""

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)


class _OnRow(Expression):
    """The ``row`` halves of some relations OR'ed together, as a condition on the case of the query (for a filter).
    Compiled from text: nothing of the ORM's subquery machinery runs."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, user, relations):
        super().__init__()
        self.user, self.relations = user, relations

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        case_id = f"{table}.{connection.ops.quote_name(Case._meta.pk.column)}"
        parts, params = [], []
        for relation in self.relations:
            if (found := relation.row(self.user, case_id, connection)) is not None:
                parts.append(found[0])
                params += found[1]
        return (f"({' OR '.join(parts)})" if parts else "1 = 0"), params


def _exists_row(model, case_id: str, connection, conditions: dict) -> tuple[str, list]:
    """``EXISTS (SELECT 1 FROM model's table WHERE its case is this case AND column = value ...)``; a key with
    ``__gt`` compares with ``>``. Values are adapted as their fields adapt them (a moment on SQLite)."""
    table = connection.ops.quote_name(model._meta.db_table)

    def column(name: str) -> str:
        return f"{table}.{connection.ops.quote_name(model._meta.get_field(name).column)}"

    wheres, params = [f"{column('case')} = {case_id}"], []
    for key, value in conditions.items():
        name, _, lookup = key.partition("__")
        wheres.append(f"{column(name)} {'>' if lookup == 'gt' else '='} %s")
        params.append(model._meta.get_field(name).get_db_prep_value(value, connection))
    # Names from the models' metadata, values as parameters: no text from outside reaches the SQL.
    return f"EXISTS (SELECT 1 FROM {table} WHERE {' AND '.join(wheres)})", params  # noqa: S608


def _nothing() -> Q:
    return Q(pk__in=[])


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.organisation_id)


CASEWORKER = Relation(
    "caseworker",
    q=lambda user: Q(caseworker_id=user.pk),
    test=lambda user, case: case.caseworker_id == user.pk,
)

COWORKER = Relation(
    "coworker",
    case_ids=lambda user: Case.coworkers.through.objects.filter(user_id=user.pk).values("case_id"),
    row=lambda user, case_id, connection: _exists_row(Case.coworkers.through, case_id, connection, {"user": user.pk}),
    test=lambda user, case: _is_coworker(user, case),
)

TEAM_PROFESSIONAL = Relation(
    "team_professional",
    q=lambda user: Q(team_id__in=user.teams_with_role(Role.PROFESSIONAL)),
    test=lambda user, case: case.team_id in user.teams_with_role(Role.PROFESSIONAL),
)

TEAM_LEAD = Relation(
    "team_lead",
    q=lambda user: Q(team_id__in=user.teams_with_role(Role.TEAM_LEAD)),
    test=lambda user, case: case.team_id in user.teams_with_role(Role.TEAM_LEAD),
)

# A behavioural scientist sees the cases they are consulted on (analysis/), while the request is open: from the
# caseworker's question until their advice is in. Read-only: EDITORS does not include it.
CONSULTED_SCIENTIST = Relation(
    "consulted_scientist",
    case_ids=lambda user: _open_consultations(user).order_by().values("case_id") if _is_scientist(user) else None,
    row=lambda user, case_id, connection: _consultation_row(user, case_id, connection) if _is_scientist(user) else None,
    test=lambda user, case: _is_scientist(user) and _open_consultations(user).filter(case_id=case.pk).exists(),
)

# Emergency access (the "noodknop", emergency/): a professional who opened the case with a stated reason sees it,
# read-only, until the grant expires. Never an editor: EDITORS does not include it.
EMERGENCY = Relation(
    "emergency",
    case_ids=lambda user: _emergency_grants(user).order_by().values("case_id"),
    row=lambda user, case_id, connection: _emergency_row(user, case_id, connection),
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


def _consultation_row(user, case_id, connection):
    from samenplan.analysis.models import Consultation, ConsultationStatus

    conditions = {"scientist": user.pk, "status": ConsultationStatus.OPEN}
    return _exists_row(Consultation, case_id, connection, conditions)


def _emergency_row(user, case_id, connection):
    from samenplan.emergency.models import EmergencyAccess

    return _exists_row(EmergencyAccess, case_id, connection, {"user": user.pk, "expires_at__gt": timezone.now()})


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


def visible_case_q(user) -> Q:
    """``visible_cases_q`` for a query of one case by key: the same cases, the relations held in other tables
    asked on that case's row (see the module's docstring)."""
    if not _active(user):
        return _nothing()
    condition = _nothing()
    for relation in VIEWERS:
        if relation.q is not None:
            condition |= relation.q(user)
    return _same_organisation_q(user) & (condition | Q(_OnRow(user, [r for r in VIEWERS if r.row is not None])))


def visible_by_rule_q(user) -> Q:
    """The cases the user sees by their rules, emergency access left out."""
    return _any_q(user, VIEWERS_BY_RULE)


def editable_cases_q(user) -> Q:
    return _any_q(user, EDITORS)


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
