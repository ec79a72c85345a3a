"""The dashboard's data: whose cases, and the registered providers' items over them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models.expressions import RawSQL

from samenplan.administration.predicates import led_team_ids
from samenplan.administration.services import settings_for
from samenplan.caseload import registry, rules
from samenplan.cases.models import Case
from samenplan.cases.predicates import editable_cases_q


def own_cases(user):
    """The professional's open cases: as the fixed caseworker or as a co-worker. ``editable_cases_q`` is written
    for the indexes (cases/predicates.py: the co-worker's cases as an array the primary key answers)."""
    return Case.objects.filter(editable_cases_q(user), closed_on__isnull=True)


def team_cases(user):
    """The open cases of every team the user leads."""
    return Case.objects.filter(team_id__in=led_team_ids(user), closed_on__isnull=True)


@dataclass
class Dashboard:
    items: dict[str, list[registry.Item]]
    groups: list[rules.Group]
    phases: list[registry.Item]

    @property
    def open_cases(self) -> int:
        return sum(item.count or 0 for item in self.phases)


def compiled(cases):
    """``cases`` with its condition turned into SQL once: every provider asks it as a subquery, and compiling the
    visibility predicate again in each was a good part of the Python time of the dashboard (about a sixth, issue
    14). The same rows, at one more step on the cases' primary key per query. Compiled for the default database;
    a replica the page reads from is the same kind of database."""
    sql, params = cases.order_by().values("pk").query.sql_with_params()
    return Case.objects.filter(pk__in=RawSQL(sql, params))  # noqa: S611 (SQL of Django's compiler, with params)


def dashboard(user, cases, today: date, *, limit: int = rules.GROUP_LIMIT) -> Dashboard:
    """Every registered provider over ``cases`` (a constant number of queries each), grouped and ordered."""
    items = registry.collect(compiled(cases), today, settings_for(user.organisation_id))
    return Dashboard(items, rules.groups(items, limit), items.get(registry.PHASES_PROVIDER_KEY, []))
