"""The dashboard's data: whose cases, and the registered providers' items over them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import connections, router
from django.db.models import Subquery, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from samenplan import prepared
from samenplan.administration.models import OrganisationSettings
from samenplan.administration.predicates import led_team_ids
from samenplan.administration.services import defaults, settings_for
from samenplan.caseload import registry, rules
from samenplan.cases.models import Case
from samenplan.cases.predicates import editable_cases_params, editable_cases_q


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


def read_caseload(cases) -> registry.Caseload:
    """``cases`` (a queryset of open cases) as every provider reads them, in one query: each case's id, family (id
    and name), phase, opening day and the day of its newest dossier entry (``Case.last_activity_at``, kept by the
    database's triggers on the timeline).

    Each provider asked the cases again as a subquery of its own statement: the visibility condition compiled,
    planned and run six times, and every provider joined the case and its family for the family's name (issue 14).
    Now the cases are read once, the cases per phase and those without activity come from these rows, and the
    providers that read records of the cases filter them by these ids (``Caseload.of``)."""
    return registry.Caseload(list(map(registry.CaseRow._make, _caseload_rows(cases, _last_entry_on()))))


def own_caseload(user) -> registry.Caseload:
    """``read_caseload(own_cases(user))``, the query compiled once per database connection (``prepared``): its text
    is the same for every active user but for the parameters (``editable_cases_params``), and building and compiling
    it through the ORM was half of this read's time (issue 14); on PostgreSQL a prepared statement, planned once
    per connection (planning it took half as long as running it). Not active: no case, as ``own_cases`` says.

    Each row also holds the organisation's ``inactivity_days`` (``settings_for``'s, the one setting the dashboard's
    providers read), so the dashboard need not read the settings in a statement of their own (≈ 0.2 ms)."""
    params = editable_cases_params(user)
    if params is None:
        return read_caseload(own_cases(user))
    last_entry_on = _last_entry_on()
    connection = connections[router.db_for_read(Case)]
    tzname = last_entry_on.get_tzname()
    # the time zone's parameters of the select (the vendor's own, first in the statement), the setting's, then the
    # condition's
    _, tz_params = connection.ops.datetime_cast_date_sql("", (), tzname)
    default = defaults()["inactivity_days"]
    rows = prepared.values_list(
        Case,
        ("caseload.own_cases", tzname),
        lambda: _caseload_rows(own_cases(user), last_entry_on, _inactivity_days(user.organisation_id, default)),
        [*tz_params, user.organisation_id, default, *params],
        prepare=True,
    )
    return registry.Caseload(
        [registry.CaseRow._make(row[:-1]) for row in rows], inactivity_days=rows[0][-1] if rows else None
    )


def _inactivity_days(organisation_id, default: int) -> Coalesce:
    """``settings_for(organisation_id).inactivity_days`` as a subquery (the default when it has no settings)."""
    found = OrganisationSettings.objects.filter(organisation_id=organisation_id).order_by("pk")
    return Coalesce(Subquery(found.values("inactivity_days")[:1]), Value(default))


def _last_entry_on() -> TruncDate:
    return TruncDate("last_activity_at", tzinfo=timezone.get_current_timezone())


def _caseload_rows(cases, last_entry_on: TruncDate, *setting):
    """The case rows' columns (with ``setting``: one more, ``inactivity_days``, last)."""
    names = ("pk", "family_id", "family_name", "phase", "opened_on", "last_entry_on")
    cases = cases.order_by().annotate(last_entry_on=last_entry_on)
    if setting:
        return cases.annotate(inactivity_days=setting[0]).values_list(*names, "inactivity_days")
    return cases.values_list(*names)


def dashboard(user, cases, today: date, *, limit: int = rules.GROUP_LIMIT) -> Dashboard:
    """Every registered provider over ``cases`` (a queryset, read once, ``read_caseload``, or a ``Caseload`` read
    already; at most one query more each), grouped and ordered."""
    caseload = cases if isinstance(cases, registry.Caseload) else read_caseload(cases)
    # read only when a provider asks more than the case rows hold (``Caseload.inactivity_days``)
    settings = SimpleLazyObject(lambda: settings_for(user.organisation_id))
    items = registry.collect(caseload, today, settings)
    return Dashboard(items, rules.groups(items, limit), items.get(registry.PHASES_PROVIDER_KEY, []))
