"""The dashboard's data: whose cases, and the registered providers' items over them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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


def dashboard(user, cases, today: date, *, limit: int = rules.GROUP_LIMIT) -> Dashboard:
    """Every registered provider over ``cases`` (a constant number of queries each), grouped and ordered."""
    items = registry.collect(cases, today, settings_for(user.organisation_id))
    return Dashboard(items, rules.groups(items, limit), items.get(registry.PHASES_PROVIDER_KEY, []))
