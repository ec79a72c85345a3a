"""The team lead's overview: caseload per professional, time in phase with the team's median, cases without
activity and waiting for the intake; a fixed number of queries however many cases."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samenplan import clock
from samenplan.administration import actions
from samenplan.administration.overview import team_overview
from samenplan.administration.services import settings_for
from samenplan.audit.models import AccessLogRecord
from samenplan.cases.actions import do_move_phase
from samenplan.cases.models import Phase
from tests.conftest import register


def _settings(world, **change):
    values = {**{f: getattr(settings_for(world.org), f) for f in ("consent_youth_with_parents_from_age",
              "consent_youth_alone_from_age", "reopen_period_days", "inactivity_days", "name_shown_to_families",
              "evaluation_interval_weeks")}, **change}  # fmt: skip
    actions.do_change_settings(world.administrator, values, expected_version=settings_for(world.org).version)


def spread(world):
    """Noord: the world's case (caseworker, registration) and, 40 days ago, two of the colleague's, one moved to
    clarifying 30 days ago; and a closed one that does not count."""
    back = timezone.now() - timedelta(days=40)
    with clock.as_of(back):
        old = register(world.colleague, world.north, name="Oudgeregistreerd", opened_on=timezone.localdate(back))
        moved = register(world.colleague, world.north, name="Verdergegaan", opened_on=timezone.localdate(back))
    with clock.as_of(timezone.now() - timedelta(days=30)):
        do_move_phase(world.colleague, moved, target=Phase.CLARIFICATION, expected_version=moved.version)
    closed = register(world.caseworker, world.north, name="Afgesloten")
    do_move_phase(world.caseworker, closed, target=Phase.CLOSED, expected_version=closed.version, note="Klaar.")
    return old, moved


def test_it_shows_the_spread_of_work_per_professional(world):
    old, moved = spread(world)
    _settings(world, inactivity_days=21)
    data = team_overview(world.north)
    by_worker = {row.worker.username: row for row in data.workers}
    phases = [p.value for p in data.phases]
    colleague, caseworker = by_worker["colleague"], by_worker["caseworker"]
    assert colleague.open_cases == 2 and colleague.inactive == 2
    assert colleague.per_phase[phases.index("registration")] == 1
    assert colleague.per_phase[phases.index("clarification")] == 1
    assert (caseworker.open_cases, caseworker.inactive) == (1, 0)
    assert by_worker["coworker"].open_cases == 0  # every professional of the team has a row
    days = {row.case_id: row.days_in_phase for row in data.cases}
    assert days[old.pk] == 40 and days[moved.pk] == 30 and days[world.case.pk] == 0
    assert data.medians["registration"] == 20.0  # 0 and 40 days
    assert [r.case_id for r in data.waiting_for_intake] == [old.pk, world.case.pk]
    assert data.table_agenda == []
    assert [c.case for c in data.consultations_waiting] == [world.case]  # the world's open request


def test_the_page_drills_down_to_the_case_and_logs_every_family_it_names(client, world):
    old, moved = spread(world)
    client.force_login(world.team_lead)
    assert client.get(reverse("administration:my_overview"))["Location"] == reverse(
        "administration:team_overview", args=[world.north.pk]
    )
    response = client.get(reverse("administration:team_overview", args=[world.north.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("cases:dossier", args=[old.pk]) in html and "Verdergegaan" in html
    assert "Afgesloten" not in html
    record = AccessLogRecord.objects.order_by("-seq").first()
    assert record.action == "administration.team_overview"
    shown = set(record.detail.split()[0].removeprefix("families=").split(","))
    assert shown == {str(world.case.family_id), str(old.family_id), str(moved.family_id)}
    assert client.get(reverse("cases:dossier", args=[old.pk])).status_code == 200  # the team lead may read it


def test_another_teams_lead_and_professionals_do_not_get_it(client, world):
    url = reverse("administration:team_overview", args=[world.north.pk])
    for persona, status in (("south_lead", 404), ("caseworker", 404), ("administrator", 404)):
        client.force_login(world.persona(persona))
        assert client.get(url).status_code == status
    client.force_login(world.caseworker)
    assert client.get(reverse("administration:my_overview")).status_code == 403


def _queries(client, world) -> int:
    url = reverse("administration:team_overview", args=[world.north.pk])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_it_counts_each_professionals_evaluations_due_this_week_or_overdue(world):
    from samenplan.evaluations.actions import do_plan_evaluation
    from samenplan.evaluations.models import Evaluation

    old, _moved = spread(world)
    today = timezone.localdate()
    Evaluation.objects.create(  # overdue: planned in the past, not held
        case=old, planned_on=today - timedelta(days=5), author=world.colleague, recorded_at=timezone.now()
    )
    do_plan_evaluation(world.caseworker, world.case, planned_on=today)
    do_plan_evaluation(world.caseworker, world.case, planned_on=today + timedelta(days=60))  # later: not counted
    Evaluation.objects.create(  # held: not counted
        case=old, planned_on=today - timedelta(days=9), held_on=today - timedelta(days=9), held_by=world.colleague,
        author=world.colleague, recorded_at=timezone.now(),
    )  # fmt: skip
    by_worker = {row.worker.username: row.evaluations_due for row in team_overview(world.north).workers}
    assert (by_worker["colleague"], by_worker["caseworker"], by_worker["coworker"]) == (1, 1, 0)


def test_its_query_count_does_not_grow_with_the_number_of_cases(client, world):
    client.force_login(world.team_lead)
    _queries(client, world)  # the first request warms the session
    few = _queries(client, world)
    for i in range(8):
        case = register(world.caseworker if i % 2 else world.colleague, world.north, name=f"Gezin{i}")
        if i % 3 == 0:
            do_move_phase(case.caseworker, case, target=Phase.CLARIFICATION, expected_version=case.version)
    many = _queries(client, world)
    assert many == few
    assert few <= 16, f"{few} queries for the overview"  # session, user, roles, team, settings, cases, workers,
    # evaluations due, table agenda, consultations waiting, log
