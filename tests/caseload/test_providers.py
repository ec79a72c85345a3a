"""The providers of what exists now: each finds what is due in the cases it is given (read once for all of them),
with at most one query."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samenplan.administration.services import settings_for
from samenplan.caseload import providers, registry, services
from samenplan.caseload.registry import Item
from samenplan.cases.models import Case
from tests.caseload.factories import busy_cases


def _items(world, provider, cases=None, settings=None):
    cases = cases if cases is not None else services.read_caseload(services.own_cases(world.caseworker))
    return provider(cases, timezone.localdate(), settings or settings_for(world.org))


def test_it_counts_the_open_cases_per_phase(world):
    busy_cases(world, 3)
    (item,) = _items(world, providers.phases)
    assert (item.group, item.count, item.url) == ("phases", 4, "/cases/?phase=registration")


def test_it_lists_consultations_waiting_and_recently_answered(world):
    from samenplan.analysis.models import Consultation

    (waiting,) = _items(world, providers.consultations)
    assert waiting.waiting and waiting.family_name == "Jansen" and "Femke Jacobs" in waiting.text
    assert waiting.url == f"/cases/{world.case.pk}/analysis/#consultation"
    Consultation.objects.filter(case=world.case).update(status="answered", answered_at=timezone.now())
    (answered,) = _items(world, providers.consultations)
    assert not answered.waiting and answered.due == timezone.localdate()
    Consultation.objects.filter(case=world.case).update(answered_at=timezone.now() - timedelta(days=15))
    assert _items(world, providers.consultations) == []


def test_it_lists_consents_that_end_within_thirty_days(world):
    from tests.factories import record_consent

    today = timezone.localdate()
    record_consent(world.caseworker, world.case, given_on=today, expires_on=today + timedelta(days=12))
    record_consent(world.caseworker, world.case, given_on=today, expires_on=today + timedelta(days=31))
    (item,) = _items(world, providers.consents)
    assert item.due == today + timedelta(days=12) and "OBS De Regenboog" in item.text
    assert item.url.endswith("#consent")


def test_it_lists_the_familys_new_input_in_the_portal(world):
    from samenplan.portal.caseload import family_input

    busy_cases(world, 4)
    found = _items(world, family_input)
    assert sorted(i.family_name for i in found) == ["Drukte0000", "Drukte0002"]
    assert all(i.text.startswith("1 ") for i in found)


def test_it_lists_cases_without_activity_for_the_organisations_number_of_days(world):
    busy_cases(world, 4)
    found = _items(world, providers.inactive)
    assert sorted(i.family_name for i in found) == ["Drukte0001", "Drukte0003"]  # the world's case is new
    assert all("60" in i.text for i in found)


def test_the_own_caseload_carries_the_organisations_inactivity_days_and_the_dashboard_reads_no_settings(world):
    from samenplan.administration import actions
    from samenplan.administration.services import FIELDS, defaults

    busy_cases(world, 4)
    assert services.own_caseload(world.caseworker).inactivity_days == defaults()["inactivity_days"]
    values = {**{field: getattr(settings_for(world.org), field) for field in FIELDS}, "inactivity_days": 70}
    actions.do_change_settings(world.administrator, values, expected_version=0)
    cases = services.own_caseload(world.caseworker)
    assert cases.inactivity_days == 70
    with CaptureQueriesContext(connection) as read:
        data = services.dashboard(world.caseworker, cases, timezone.localdate())
    assert data.items["inactive"] == []  # 60 days without an entry is not 70
    assert not [query for query in read.captured_queries if "organisationsettings" in query["sql"]]
    team = services.read_caseload(services.own_cases(world.caseworker))  # no setting in its rows: read when asked
    assert team.inactivity_days is None
    assert services.dashboard(world.caseworker, team, timezone.localdate()).items["inactive"] == []


def _plan_evaluations(world):
    """An evaluation planned for today and a plan not yet agreed, on every open case of the caseworker that has
    none yet."""
    from samenplan import clock
    from samenplan.evaluations.models import Evaluation
    from tests.plans.factories import plan_version

    for case in Case.objects.filter(caseworker=world.caseworker, evaluations__isnull=True):
        Evaluation.objects.create(
            case=case, planned_on=timezone.localdate(), author=world.caseworker, recorded_at=timezone.now()
        )
        with clock.as_of(timezone.now() - timedelta(days=60)):  # written long ago: the case stays without activity
            plan_version(world.caseworker, case)  # a plan that the family has not agreed to yet


# What each provider reads besides the case rows (services.read_caseload): cases by phase and without activity
# come from the rows themselves.
QUERIES = {
    "phases": 0,
    "inactive": 0,
    "consultations": 1,
    "consents": 1,
    "family_input": 1,
    "evaluations": 1,
    "plans": 1,
}


def test_it_gives_every_provider_the_same_number_of_queries_for_few_and_many_cases(world):
    busy_cases(world, 2, prefix="Weinig")
    _plan_evaluations(world)
    own = services.own_cases(world.caseworker)  # the visibility rule reads the user's roles once, before
    settings = settings_for(world.org)
    with CaptureQueriesContext(connection) as read:
        cases = services.read_caseload(own)
    assert len(read) == 1
    counts, few_items = {}, {}
    for key, provider in registry.providers().items():
        with CaptureQueriesContext(connection) as few:
            few_items[key] = _items(world, provider, cases, settings)
        counts[key] = len(few)
    assert counts == QUERIES
    busy_cases(world, 12, prefix="Veel")
    _plan_evaluations(world)
    with CaptureQueriesContext(connection) as read:
        cases = services.read_caseload(own)
    assert len(read) == 1
    for key, provider in registry.providers().items():
        with CaptureQueriesContext(connection) as many:
            many_items = _items(world, provider, cases, settings)
        assert len(many) == counts[key], (key, [q["sql"] for q in many.captured_queries])
        assert key == "phases" or len(many_items) > len(few_items[key]), key


def test_it_shows_a_registered_provider_as_a_group_and_hides_an_unregistered_slot(world):
    def plans(cases, today, settings):
        return [
            Item(registry.PLANS_PROVIDER_KEY, "Plan v1 wacht op het gezin", f"/cases/{c.pk}/", c.pk, c.family_id,
                 c.family_name)
            for c in cases.rows
        ]  # fmt: skip

    real = registry.providers()[registry.PLANS_PROVIDER_KEY]
    registry.unregister(registry.PLANS_PROVIDER_KEY)
    try:
        keys = [
            g.key
            for g in services.dashboard(
                world.caseworker, services.own_cases(world.caseworker), timezone.localdate()
            ).groups
        ]
        assert "plans" not in keys
        registry.register(registry.PLANS_PROVIDER_KEY, plans)
        data = services.dashboard(world.caseworker, services.own_cases(world.caseworker), timezone.localdate())
        (group,) = [g for g in data.groups if g.key == "plans"]
        assert [i.family_name for i in group.items] == ["Jansen"]
    finally:
        registry.register(registry.PLANS_PROVIDER_KEY, real)
