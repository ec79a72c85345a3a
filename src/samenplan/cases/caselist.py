"""The caseload's open cases (``/cases/`` without a search) as one statement written as SQL text: the page's keys
and the length of the list found in each part of the user's visibility alone (``predicates.CasesOf.parts``),
UNION, then only the page's rows read by key with their team and caseworker.

Why (issue 14): with the relations OR'ed together PostgreSQL found the cases through a bitmap of the indexes and
visited every case's table page to sort and count them (a team lead of two teams: 2,000 open cases on 926 pages).
Each part alone is an index-only scan of a covering partial index of the open cases, which holds what the order,
the count and the organisation need (the phase, the family's name, the team): by team (migration cases 0021), by
caseworker (0022). The rows are the ORM's query's (``build``: the same columns, names and converters; it still
counts a page past the end) and the same cases in the same order: tests/cases/test_caselist.py."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connections, router
from django.db.models import Count, F, Func, IntegerField, QuerySet, Window

from samenplan import prepared
from samenplan.accounts.models import Team, User
from samenplan.caseload.paging import COMPILED_ROWS, LENGTH, Counted
from samenplan.cases.models import Case
from samenplan.cases.predicates import in_organisation
from samenplan.cases.rules import PHASE_ORDER

PHASE_RANK = {phase: i for i, phase in enumerate(PHASE_ORDER)}


def phase_rank(column: str) -> str:
    """A case's phase as its place in the guideline's order (``PHASE_RANK``), to sort by, as SQL text on ``column``:
    ``CASE phase WHEN 'registration' THEN 0 … END``, the phases written into the SQL (fixed values of the code)."""
    return f"CASE {column} " + " ".join(f"WHEN '{p}' THEN {i}" for p, i in PHASE_RANK.items()) + " END"


class PhaseRank(Func):
    """``phase_rank`` as an expression of the ORM on the case's phase. One expression: a ``Case`` of eight ``When``
    conditions was resolved and compiled anew on every page, twice (the annotation and the order)."""

    template = phase_rank("%(expressions)s")
    output_field = IntegerField()

    def __init__(self):
        super().__init__(F("phase"))


class OpenCases(Counted):
    """The open cases the user sees under ``condition`` (``CasesOf``), in ``phase`` if given, in the caseload's order
    (phase, family's name, case), a page at a time with the list's length (``Counted``). ``build()``: the same list
    as a ``.values(*fields)`` queryset in that order, whose columns the statement gives (``fields``: the case's
    id, phase, family, family's name, measure, closing and opening dates, the team's name, the caseworker's first
    and last name and username, in that order)."""

    def __init__(self, condition, phase: str, key, build: Callable[[], QuerySet]):
        self.condition, self.phase, self.key, self.build = condition, phase, key, build
        self.length = None

    @property
    def rows(self) -> QuerySet:  # only to count a page past the end
        return self.build()

    def __getitem__(self, index: slice) -> list:
        connection = connections[router.db_for_read(Case)]
        sql, params = self._statement(connection, index.start or 0, index.stop - (index.start or 0))
        if sql is None:
            rows = []
        else:
            columns = lambda: self.build().annotate(**{LENGTH: Window(Count("*"))})  # noqa: E731
            # Planned once per connection for the pages it compiles (a bounded number of statements, as
            # PreparedCounted): the plan is the same for every value of the parameters (the user, the teams).
            prepare = (index.start or 0) < COMPILED_ROWS
            rows = prepared.values_as(Case, self.key, columns, sql, params, prepare=prepare)
        self.length = rows[0][LENGTH] if rows else (None if index.start else 0)
        return rows

    def _statement(self, connection, offset: int, limit: int) -> tuple[str | None, list]:
        """The statement of the page (``limit`` rows from ``offset``) and its parameters; None when the user sees no
        case. Each part of the condition selects the keys the order needs (with the organisation's condition, the
        case open, in the phase); the organisation's condition is asked of their UNION once: the list, as the
        parts OR'ed together."""
        quote = connection.ops.quote_name
        table = quote(Case._meta.db_table)
        found = self.condition.parts(table, connection)
        if found is None:
            return None, []
        (_, organisation), parts = found

        def col(alias: str, model, name: str) -> str:
            return f"{alias}.{quote(model._meta.get_field(name).column)}"

        v, k, c, t, u = (quote(alias) for alias in ("v", "k", "c", "t", "u"))
        phase = [self.phase] if self.phase else []
        where = f"{col(table, Case, 'closed_on')} IS NULL" + (f" AND {col(table, Case, 'phase')} = %s" if phase else "")
        keys = ", ".join(col(table, Case, name) for name in ("id", "phase", "family_name", "team"))
        # Names from the models' metadata, values as parameters: no text from outside reaches the SQL.
        select = f"SELECT {keys} FROM {table} WHERE {where}"  # noqa: S608
        union = " UNION ".join(f"{select} AND ({part})" for part, _ in parts)
        params = [*(value for _, values in parts for value in (*phase, *values)), *organisation]
        length = quote(LENGTH)
        shown = ("id", "phase", "family", "family_name", "child_protection_measure", "closed_on", "opened_on")
        fields = [
            *(col(c, Case, name) for name in shown),
            col(t, Team, "name"),
            *(col(u, User, name) for name in ("first_name", "last_name", "username")),
            f"{k}.{length}",
        ]

        def order(alias: str) -> str:
            return (
                f"{phase_rank(col(alias, Case, 'phase'))}, {col(alias, Case, 'family_name')}, {col(alias, Case, 'id')}"
            )

        page = (
            f"SELECT {col(v, Case, 'id')}, {col(v, Case, 'phase')}, {col(v, Case, 'family_name')},"  # noqa: S608
            f" COUNT(*) OVER () AS {length} FROM ({union}) {v} WHERE {in_organisation(v, connection)}"
            f" ORDER BY {order(v)} LIMIT {int(limit)} OFFSET {int(offset)}"
        )
        joins = (
            f" INNER JOIN {quote(Team._meta.db_table)} {t} ON ({col(t, Team, 'id')} = {col(c, Case, 'team')})"
            f" INNER JOIN {quote(User._meta.db_table)} {u} ON ({col(u, User, 'id')} = {col(c, Case, 'caseworker')})"
        )
        if connection.vendor == "postgresql":
            # Each row of the page by key, whatever the planner guesses: joined plainly, on a table of 10,000 cases
            # it hashed them all for the page's 50 (OFFSET 0 keeps the lateral select from being flattened).
            r = quote("r")
            by_key = f"{col(c, Case, 'id')} = {col(k, Case, 'id')}"
            row = f"SELECT {', '.join(fields[:-1])} FROM {table} {c}{joins} WHERE {by_key}"  # noqa: S608
            fields = [*(f"{r}.{field.rsplit('.', 1)[1]}" for field in fields[:-1]), fields[-1]]
            rows = f" CROSS JOIN LATERAL ({row} OFFSET 0) {r}"
        else:
            rows = f" INNER JOIN {table} {c} ON ({col(c, Case, 'id')} = {col(k, Case, 'id')}){joins}"
        sql = f"SELECT {', '.join(fields)} FROM ({page}) {k}{rows} ORDER BY {order(k)}"  # noqa: S608
        return sql, params
