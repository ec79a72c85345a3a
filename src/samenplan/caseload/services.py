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
    """The professional's open cases: as the fixed caseworker or as a co-worker.

    ``editable_cases_q`` decides; the candidates (cases with the user as caseworker, and those with the user as
    co-worker) only let the database find them through the caseworker and co-worker indexes instead of reading
    every case of the organisation (``caseworker OR pk IN (co-worker)`` cannot use an index)."""
    candidates = (
        Case.objects.filter(caseworker_id=user.pk)
        .order_by()
        .values("pk")
        .union(Case.coworkers.through.objects.filter(user_id=user.pk).values("case_id"))
    )
    return Case.objects.filter(editable_cases_q(user), closed_on__isnull=True, pk__in=candidates)


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
