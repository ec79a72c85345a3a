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
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

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


def _led_cases(user) -> QuerySet[Case]:
    """Cases of the user's log teams that the user may see (the predicates decide, in SQL)."""
    return Case.objects.filter(visible_cases_q(user), team_id__in=log_team_ids(user))


def _one_of(column: str, ids: list[int]) -> Q:
    """``column`` is one of ``ids``. On PostgreSQL the list goes in as one array the planner does not look into:
    with thousands of a team lead's cases as constants, planning the query over every monthly partition (each
    estimating the list against its statistics) took 250 ms for a query that ran in 5."""
    if connection.vendor != "postgresql":
        return Q(**{f"{column}__in": ids})
    sql = f'"{AccessLogRecord._meta.db_table}"."{column}" = ANY(ARRAY(SELECT unnest(%s::bigint[])))'
    return Q(RawSQL(sql, [list(ids)], output_field=BooleanField()))  # noqa: S611 (column from our code, ids a parameter)


def readable_records(user) -> QuerySet[AccessLogRecord]:
    """The records the user may read. The cases, families and team members are read first (two small indexed
    queries) and go into the filter as plain lists: an ``IN (subquery)`` inside an OR keeps PostgreSQL from
    walking the log's indexes and makes it scan the whole table (issue 14), a list it checks by hash per row."""
    led = list(_led_cases(user).values_list("pk", "family_id"))
    case_ids = [pk for pk, _family in led]
    family_ids = sorted({family for _case, family in led})
    team_members = sorted(
        set(Membership.objects.filter(team_id__in=log_team_ids(user)).values_list("user_id", flat=True))
    )
    about_a_case = _one_of("case_id", case_ids)
    about_a_family = Q(case_id__isnull=True) & _one_of("family_id", family_ids)
    about_no_family = Q(case_id__isnull=True, family_id__isnull=True) & _one_of("user_id", team_members)
    return AccessLogRecord.objects.filter(
        about_a_case | about_a_family | about_no_family, organisation_id=user.organisation_id
    )


def filterable_families(user) -> QuerySet[Family]:
    return Family.objects.filter(pk__in=_led_cases(user).values("family_id")).order_by("name")


MATCHES = 20


def matching_families(user, text: str) -> list[Family]:
    """At most MATCHES families the user may filter on whose name holds every word of ``text``, ignoring case and
    accents (type-to-find: the page never lists every family of the teams)."""
    families = filterable_families(user)
    for word in search.query_words(text)[:5]:
        families = families.filter(search.family_name_q(word))
    return list(families.order_by("name", "pk")[:MATCHES])


def filterable_users(user) -> QuerySet[User]:
    return User.objects.filter(memberships__team_id__in=log_team_ids(user)).distinct().order_by("username")


def family_names(user, family_ids) -> dict[int, str]:
    """Names of the families named in the records, limited once more to the families the user may see."""
    return dict(filterable_families(user).filter(pk__in=set(family_ids)).values_list("pk", "name"))
