"""Which access-log records a log reader may read, and which families and people the page may name.

Reading the log takes the log-reader role (``Role.LOG_READER``), given per team on purpose: leading a team does
not include it. A log reader reads the log of the teams where they hold the role, and never learns of a family
they may not see:

- a record about a case: only when the case belongs to such a team *and* they may see it;
- a record about a family without a case (a member form, a log filter): only when that family has such a case;
- a record about no family (a caseload, a search, reading the log): when a member of such a team made it.

A person can work in several teams: what they did for a family of another team is that team's business, so a
record's author never makes a family visible.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

import rules
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from samenplan import prepared
from samenplan.accounts.models import Membership, Role, User, display_name
from samenplan.audit.models import AccessLogRecord
from samenplan.cases import predicates, search
from samenplan.cases.models import Case, Family
from samenplan.cases.predicates import visible_cases_q


def log_team_ids(user) -> list[int]:
    """The teams whose log the user reads; PermissionDenied (403) for anyone without the log-reader role."""
    if not rules.test_rule("audit.view_log", user):
        raise PermissionDenied
    return user.teams_with_role(Role.LOG_READER)


def led_cases(user) -> QuerySet[Case]:
    """Cases of the user's log teams that the user may see (the predicates decide, in SQL, in the list form that
    finds many cases through indexes): the families whose names match what the reader typed are among theirs."""
    return Case.objects.filter(visible_cases_q(user), team_id__in=log_team_ids(user))


def log_records(user) -> QuerySet[AccessLogRecord]:
    """The records of the reader's organisation (the export and tests filter them further). PermissionDenied (403)
    without the log-reader role."""
    log_team_ids(user)
    return AccessLogRecord.objects.filter(organisation_id=user.organisation_id)


class Record(NamedTuple):
    """A record as the page reads it: the columns it shows or links by, and ``family_name``, the name of the family
    it is about when the reader may see that family (None otherwise)."""

    seq: int
    at: datetime
    user_id: int | None
    username: str
    role: str
    event: str
    organisation_id: int | None
    family_id: int | None
    case_id: int | None
    channel: str
    action: str
    family_name: str | None


@dataclass(frozen=True)
class LogFilter:
    """What the page filters the log by: a family, a person, a period (``start`` up to ``end``, ``end`` not
    included) and the pager's bounds on ``seq`` (``below``, ``above``; neither included)."""

    family_id: int | None = None
    user_id: int | None = None
    start: datetime | None = None
    end: datetime | None = None
    below: int | None = None
    above: int | None = None


# A record's time and number are taken around the moment its chain head is locked (on PostgreSQL the time just
# before the one statement that locks, numbers and appends it, audit.log._append; otherwise just after the lock),
# so the order of two numbers and two times may differ by as long as a process takes between the two,
# milliseconds. SLACK bounds that generously.
SLACK = timedelta(minutes=5)


def first_readable(user, where: LogFilter, *, newest_first: bool, limit: int) -> list[Record]:
    """The first ``limit`` records of the reader's organisation that match ``where`` (by ``seq``, newest or oldest
    first) and that the user may read (the module's rules). PermissionDenied (403) without the log-reader role.

    The records are walked in ``seq`` order in a subquery that PostgreSQL plans on its own (``OFFSET 0``), and the
    rules are asked above it, of each record walked past, until ``limit`` are found; each record's case or family
    is looked up by its key (a scalar subquery, run per record) and asked ``predicates.visible_row``. As a
    condition on the log table itself, PostgreSQL copies the rules into each of the monthly partitions, and a list
    of the reader's cases (thousands for a team lead of two teams) was read first and checked against every record
    (issue 14, docs/performance.md: "The access-log page and the planner").

    The query is SQL text put together here from fixed parts (no ORM query to compile: that was a third of the
    page's CPU), the same text for every page of the same filters and shape of the reader's relations. On
    PostgreSQL it runs as a prepared statement (``samenplan.prepared``): planning it over every monthly partition
    took longer than running it."""
    sql, params = page_query(user, where, newest_first=newest_first, limit=limit)
    rows = prepared.fetchall(connection, sql, params)
    moment = _moment_reader(connection)
    return [Record(row[0], moment(row[1]), *row[2:]) for row in rows]


_COLUMNS = ("seq", "at", "user", "username", "role", "event", "organisation_id", "family_id", "case_id", "channel",
            "action")  # fmt: skip


def page_query(user, where: LogFilter, *, newest_first: bool, limit: int) -> tuple[str, list]:
    """The SQL and parameters of :func:`first_readable`. Names come from the models' metadata, every value is a
    parameter: no text from outside reaches the SQL."""
    teams = log_team_ids(user)
    quote = connection.ops.quote_name
    case, family, membership = (quote(model._meta.db_table) for model in (Case, Family, Membership))
    log = {name: f"r.{quote(AccessLogRecord._meta.get_field(name).column)}" for name in _COLUMNS}
    c = {name: f'"c".{quote(Case._meta.get_field(name).column)}' for name in ("id", "family", "team")}
    teams_in = ", ".join(["%s"] * len(teams))
    # A case row "c" of the reader's log teams that the reader sees (the predicates' row form), found by key.
    seen, seen_params = predicates.visible_row(user, '"c"', connection)
    readable = f"{c['team']} IN ({teams_in}) AND {seen}"
    rules_params = [*teams, *seen_params]
    seen_case = f'(SELECT {c["id"]} FROM {case} "c" WHERE {c["id"]} = {log["case_id"]} AND {readable} LIMIT 1)'  # noqa: S608
    seen_family = (
        f'(SELECT {c["family"]} FROM {case} "c" WHERE {c["family"]} = {log["family_id"]} AND {readable} LIMIT 1)'  # noqa: S608
    )
    people = f"SELECT {quote('user_id')} FROM {membership} WHERE {quote('team_id')} IN ({teams_in})"  # noqa: S608
    walk, walk_params = _walk(where, user.organisation_id, newest_first, connection)
    fence = " OFFSET 0" if connection.vendor == "postgresql" else ""  # keeps the rules out of the walk
    sql = (
        f"SELECT {', '.join(log.values())},"  # noqa: S608
        f' (SELECT f."name" FROM {family} f WHERE f."id" = {seen_family}) AS "family_name"'
        f" FROM ({walk}{fence}) r"
        f" WHERE ({log['case_id']} = {seen_case})"
        f" OR ({log['case_id']} IS NULL AND {log['family_id']} = {seen_family})"
        f" OR ({log['case_id']} IS NULL AND {log['family_id']} IS NULL AND {log['user']} IN ({people}))"
        f" ORDER BY {log['seq']} {'DESC' if newest_first else 'ASC'} LIMIT %s"
    )
    return sql, [*rules_params, *walk_params, *rules_params, *rules_params, *teams, limit]


def _walk(where: LogFilter, organisation_id, newest_first: bool, connection) -> tuple[str, list]:
    """The organisation's records that match ``where``, in ``seq`` order. A period bounds ``seq`` too, by the first
    (last) record at or after ``start - SLACK`` (before ``end + SLACK``), found on the ``at`` index, so that
    PostgreSQL walks the ``seq`` index from there instead of reading every record of the period and sorting them."""
    quote = connection.ops.quote_name
    log = quote(AccessLogRecord._meta.db_table)
    seq, at = quote(AccessLogRecord._meta.get_field("seq").column), quote(AccessLogRecord._meta.get_field("at").column)
    at_field = AccessLogRecord._meta.get_field("at")

    def moment(value):
        return at_field.get_db_prep_value(value, connection)

    column = {name: quote(AccessLogRecord._meta.get_field(name).column) for name in _COLUMNS}
    conditions, params = [f"{column['organisation_id']} = %s"], [organisation_id]
    if where.family_id is not None:
        conditions.append(f"{column['family_id']} = %s")
        params.append(where.family_id)
    if where.user_id is not None:
        conditions.append(f"{column['user']} = %s")
        params.append(where.user_id)
    if where.start is not None:
        first = f"SELECT {seq} FROM {log} WHERE {at} >= %s ORDER BY {at}, {seq} LIMIT 1"  # noqa: S608
        conditions.append(f"{at} >= %s AND {seq} >= ({first})")
        params += [moment(where.start), moment(where.start - SLACK)]
    if where.end is not None:
        last = f"SELECT {seq} FROM {log} WHERE {at} < %s ORDER BY {at} DESC, {seq} DESC LIMIT 1"  # noqa: S608
        conditions.append(f"{at} < %s AND {seq} <= ({last})")
        params += [moment(where.end), moment(where.end + SLACK)]
    if where.below is not None:
        conditions.append(f"{seq} < %s")
        params.append(where.below)
    if where.above is not None:
        conditions.append(f"{seq} > %s")
        params.append(where.above)
    columns = ", ".join(column.values())
    order = "DESC" if newest_first else "ASC"
    return f"SELECT {columns} FROM {log} WHERE {' AND '.join(conditions)} ORDER BY {seq} {order}", params  # noqa: S608


def _moment_reader(connection):
    """Turns the ``at`` a cursor gave into an aware datetime, as the ORM's converters do (SQLite gives text)."""
    column = AccessLogRecord._meta.get_field("at").get_col(AccessLogRecord._meta.db_table)
    converters = connection.ops.get_db_converters(column)

    def moment(value):
        for converter in converters:
            value = converter(value, column, connection)
        return value

    return moment


def filterable_families(user) -> QuerySet[Family]:
    """The families the reader may filter on: of a case of their log teams that they may see. The condition is
    ``predicates.visible_row`` on the cases of each family, as SQL text: the page checks one chosen family with it,
    and building the list form of the rules (``led_cases``) on every request, for a filter rarely used, was ≈ 1 ms
    of its CPU (issue 14)."""
    teams = log_team_ids(user)
    quote = connection.ops.quote_name
    seen, params = predicates.visible_row(user, '"c"', connection)
    team, family = (f'"c".{quote(Case._meta.get_field(name).column)}' for name in ("team", "family"))
    cases = (
        f'SELECT {family} FROM {quote(Case._meta.db_table)} "c"'  # noqa: S608
        f" WHERE {team} IN ({', '.join(['%s'] * len(teams))}) AND {seen}"
    )
    # Names from the models' metadata, values as parameters: no text from outside reaches the SQL.
    return Family.objects.filter(pk__in=RawSQL(cases, [*teams, *params])).order_by("name")  # noqa: S611


MATCHES = 20


def matching_families(user, text: str) -> list[Family]:
    """At most MATCHES families the user may filter on whose name holds every word of ``text``, ignoring case and
    accents (type-to-find: the page never lists every family of the teams)."""
    families = Family.objects.filter(pk__in=led_cases(user).values("family_id"))
    for word in search.query_words(text)[:5]:
        families = families.filter(search.family_name_q(word))
    return list(families.order_by("name", "pk")[:MATCHES])


def filterable_users(user) -> QuerySet[User]:
    return User.objects.filter(memberships__team_id__in=log_team_ids(user)).distinct().order_by("username")


# The planner settings of the page's transaction (audit.views._walk_the_indexes says why); set_config with
# ``is_local`` true: for this transaction only.
WALK_SETTINGS = (
    "set_config('enable_sort', 'off', true), set_config('enable_bitmapscan', 'off', true),"
    " set_config('jit', 'off', true), set_config('plan_cache_mode', 'force_generic_plan', true)"
)


class PageStart(NamedTuple):
    """What the page reads before its records: the people of the filter (as :func:`filter_people`) and the family
    the request chose, when the reader may filter on it (as :func:`filterable_families` finds it; None otherwise)."""

    people: list[tuple[int, str]]
    family: Family | None


def page_start(user, family_id: int | None, *, walk_settings: bool) -> PageStart:
    """:func:`filter_people`, the family ``family_id`` of :func:`filterable_families` and, with ``walk_settings``
    on PostgreSQL, the page transaction's planner settings (``WALK_SETTINGS``), in one statement (three
    statements, each planned, took ≈ 0.5 ms of the page's wall time): rows of three kinds put together with
    ``UNION ALL`` (every branch runs: the settings are set whatever the other two find). A prepared statement
    (``samenplan.prepared``), planned before the settings apply. Call it in the page's transaction."""
    teams = log_team_ids(user)
    quote = connection.ops.quote_name
    people, membership = quote(User._meta.db_table), quote(Membership._meta.db_table)
    teams_in = ", ".join(["%s"] * len(teams))
    parts, params, no_id = [], [], "CAST(NULL AS bigint)"  # typed: NULL and NULL would make a text column
    if walk_settings and connection.vendor == "postgresql":
        parts.append(f"SELECT 0, NULL, ({WALK_SETTINGS.replace(', set_config', ' || set_config')}), NULL, NULL, NULL")
    parts.append(
        f'SELECT 1, p."id", p."first_name", p."last_name", p."username", {no_id} FROM {people} p'  # noqa: S608
        f' WHERE EXISTS (SELECT 1 FROM {membership} m WHERE m."user_id" = p."id" AND m."team_id" IN ({teams_in}))'
    )
    params += teams
    if family_id is not None:
        seen, seen_params = predicates.visible_row(user, '"c"', connection)
        case = {name: f'"c".{quote(Case._meta.get_field(name).column)}' for name in ("team", "family")}
        family = {name: f"f.{quote(Family._meta.get_field(name).column)}" for name in ("id", "name", "organisation")}
        parts.append(
            f"SELECT 2, {family['id']}, {family['name']}, NULL, NULL, {family['organisation']}"  # noqa: S608
            f" FROM {quote(Family._meta.db_table)} f WHERE {family['id']} = %s AND {family['id']} IN"
            f' (SELECT {case["family"]} FROM {quote(Case._meta.db_table)} "c"'
            f" WHERE {case['team']} IN ({teams_in}) AND {seen})"
        )
        params += [family_id, *teams, *seen_params]
    # Names from the models' metadata, values as parameters: no text from outside reaches the SQL.
    sql = " UNION ALL ".join(parts) + " ORDER BY 1, 5"
    rows = prepared.fetchall(connection, sql, params)
    names = ["id", "organisation_id", "name"]  # in the model's order, as from_db takes them
    found = [Family.from_db(connection.alias, names, (row[1], row[5], row[2])) for row in rows if row[0] == 2]
    return PageStart(
        [(pk, display_name(first, last, username)) for kind, pk, first, last, username, _ in rows if kind == 1],
        found[0] if found else None,
    )


def filter_people(user) -> list[tuple[int, str]]:
    """:func:`filterable_users` as (id, name) pairs, in the same order, for the filter's ``<select>``: one plain
    query (the dozen people of a reader's teams)."""
    teams = log_team_ids(user)
    quote = connection.ops.quote_name
    people, membership = quote(User._meta.db_table), quote(Membership._meta.db_table)
    in_teams = f'm."team_id" IN ({", ".join(["%s"] * len(teams))})'
    sql = (
        f'SELECT p."id", p."first_name", p."last_name", p."username" FROM {people} p'  # noqa: S608
        f' WHERE EXISTS (SELECT 1 FROM {membership} m WHERE m."user_id" = p."id" AND {in_teams}) ORDER BY p."username"'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, teams)
        return [(pk, display_name(first, last, username)) for pk, first, last, username in cursor.fetchall()]
