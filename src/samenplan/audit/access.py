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

import rules
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import QuerySet

from samenplan.accounts.models import Membership, Role, User
from samenplan.audit.models import AccessLogRecord
from samenplan.cases import search
from samenplan.cases.models import Case, Family
from samenplan.cases.predicates import visible_cases_q


def log_team_ids(user) -> list[int]:
    """The teams whose log the user reads; PermissionDenied (403) for anyone without the log-reader role."""
    if not rules.test_rule("audit.view_log", user):
        raise PermissionDenied
    return user.teams_with_role(Role.LOG_READER)


def led_cases(user) -> QuerySet[Case]:
    """Cases of the user's log teams that the user may see (the predicates decide, in SQL). The page builds it once
    and hands it to the functions below (``led``): building it twice was ≈ 2 ms of its CPU (issue 14)."""
    return Case.objects.filter(visible_cases_q(user), team_id__in=log_team_ids(user))


def log_records(user) -> QuerySet[AccessLogRecord]:
    """The records of the reader's organisation, for the page to filter (family, user, period) and page (seq):
    :func:`first_readable` keeps those the reader may read. PermissionDenied (403) without the log-reader role."""
    log_team_ids(user)
    return AccessLogRecord.objects.filter(organisation_id=user.organisation_id)


def first_readable(
    user, records: QuerySet[AccessLogRecord], *, newest_first: bool, limit: int, led: QuerySet[Case] | None = None
) -> list:
    """The first ``limit`` of ``records`` (by ``seq``, newest or oldest first) that the user may read (the
    module's rules), each with ``family_name``: the name of the family it is about, when the user may see it.

    The records are walked in ``seq`` order in a subquery that PostgreSQL plans on its own (``OFFSET 0``), and the
    rules are asked above it, of each record walked past, until ``limit`` are found; each record's case or family
    is looked up by its key (a scalar subquery, run per record). As a condition on the log table itself,
    PostgreSQL copies the rules into each of the monthly partitions, and a list of the reader's cases (thousands
    for a team lead of two teams) was read first and checked against every record (issue 14, docs/performance.md:
    "The access-log page and the planner")."""
    ordered = records.order_by("-seq" if newest_first else "seq")
    inner, inner_params = ordered.query.get_compiler(connection=connection).as_sql()
    fence = " OFFSET 0" if connection.vendor == "postgresql" else ""  # keeps the rules out of the walk
    led = (led if led is not None else led_cases(user)).order_by().values_list("pk", "family_id")
    cases, case_params = led.query.get_compiler(connection=connection).as_sql()
    members = Membership.objects.filter(team_id__in=log_team_ids(user)).values("user_id")
    people, people_params = members.query.get_compiler(connection=connection).as_sql()
    # The SQL is put together from the ORM's own compiled queries and our table names; every value is a parameter.
    family = Family._meta.db_table
    seen_family = f'(SELECT v."family_id" FROM ({cases}) v WHERE v."family_id" = r."family_id" LIMIT 1)'  # noqa: S608
    sql = (
        f'SELECT r.*, (SELECT f."name" FROM "{family}" f WHERE f."id" = {seen_family}) AS "family_name"'  # noqa: S608
        f" FROM ({inner}{fence}) r"
        f' WHERE (r."case_id" = (SELECT v."pk" FROM ({cases}) v WHERE v."pk" = r."case_id" LIMIT 1))'
        f' OR (r."case_id" IS NULL AND r."family_id" = {seen_family})'
        f' OR (r."case_id" IS NULL AND r."family_id" IS NULL AND r."user_id" IN ({people}))'
        f' ORDER BY r."seq" {"DESC" if newest_first else "ASC"} LIMIT %s'
    )
    params = [*case_params, *inner_params, *case_params, *case_params, *people_params, limit]
    return list(AccessLogRecord.objects.db_manager(connection.alias).raw(sql, params))


def filterable_families(user, led: QuerySet[Case] | None = None) -> QuerySet[Family]:
    led = led if led is not None else led_cases(user)
    return Family.objects.filter(pk__in=led.values("family_id")).order_by("name")


MATCHES = 20


def matching_families(user, text: str, led: QuerySet[Case] | None = None) -> list[Family]:
    """At most MATCHES families the user may filter on whose name holds every word of ``text``, ignoring case and
    accents (type-to-find: the page never lists every family of the teams)."""
    families = filterable_families(user, led)
    for word in search.query_words(text)[:5]:
        families = families.filter(search.family_name_q(word))
    return list(families.order_by("name", "pk")[:MATCHES])


def filterable_users(user) -> QuerySet[User]:
    return User.objects.filter(memberships__team_id__in=log_team_ids(user)).distinct().order_by("username")
