"""The team lead's overview: caseload per professional, time in phase with the team's median, cases without
activity and waiting for the intake; a fixed number of queries however many cases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation

from samenplan import clock
from samenplan.accounts.models import Membership
from samenplan.administration import actions
from samenplan.administration.overview import describe, label, team_overview
from samenplan.administration.services import settings_for
from samenplan.audit.models import AccessLogRecord
from samenplan.cases.actions import do_move_phase
from samenplan.cases.models import Case, Phase
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
    assert few <= 16, f"{few} queries for the overview"  # session, user, the led teams, settings, cases, workers,
    # evaluations due, table agenda, consultations waiting, the shown rows' families, log


def test_a_team_without_open_cases_shows_empty_lists(client, world):
    client.force_login(world.south_lead)
    response = client.get(reverse("administration:team_overview", args=[world.south.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Het team heeft geen open casussen." in html and "Niemand wacht." in html
    by_worker = {row.worker.username: row.open_cases for row in response.context["overview"].workers}
    assert by_worker == {"south_worker": 0, "two_team_worker": 0}


def test_a_caseworker_no_longer_in_the_team_keeps_a_row_after_its_professionals(world):
    old, _moved = spread(world)
    Membership.objects.filter(user=world.colleague, team=world.north).delete()  # left the team, kept the cases
    data = team_overview(world.north)
    names = [row.worker.username for row in data.workers]
    assert names[-1] == "colleague" and set(names[:-1]) == {"caseworker", "coworker", "two_team_worker"}
    assert data.workers[-1].open_cases == 2
    assert next(r for r in data.cases if r.case_id == old.pk).caseworker == str(world.colleague)


def test_the_rows_are_made_for_the_page_and_shown_as_the_template_did(client, world):
    old, moved = spread(world)
    _settings(world, inactivity_days=21)
    odd = register(world.colleague, world.north, name="Smit & <Zonen>")
    client.force_login(world.team_lead)
    response = client.get(reverse("administration:team_overview", args=[world.north.pk]))
    html = response.content.decode()
    table = html.split('id="time-in-phase"')[1].split("</table>")[0]
    assert "Smit &amp; &lt;Zonen&gt;" in table and "<Zonen>" not in html
    rows = {row.case_id: row for row in response.context["cases_pager"].object_list}
    last = Case.objects.get(pk=moved.pk).last_activity_at
    with translation.override("nl"):
        day = formats.date_format(timezone.localtime(last), "j F Y")
    assert f'href="{reverse("cases:dossier", args=[moved.pk])}">Verdergegaan</a>' in table
    assert f'{day} <span class="samenplan-overview__inactive">(zonder activiteit)</span>' in table
    assert '<td class="utrecht-table__cell">Vraagverheldering</td>' in table  # the phase, capitalised
    waiting = html.split('id="waiting-for-intake"')[1].split("</ul>")[0]
    assert f'href="{reverse("cases:dossier", args=[old.pk])}">Oudgeregistreerd</a> \u2013 40 dagen' in waiting
    assert f'href="{reverse("cases:dossier", args=[odd.pk])}">Smit &amp; &lt;Zonen&gt;</a> \u2013 0 dagen' in waiting
    assert rows[old.pk].median_days == 0.0  # registration: 0, 0 and 40 days


def test_it_shows_what_the_timelines_say(client, world):
    """The case's stored dates (``Case.last_activity_at``, ``phase_changed_at``) give what the overview read from the
    timelines before: days in the phase since the last phase change (a back-dated one too) or else the opening, the
    last activity, and without activity; a case whose entries were all removed shows none."""
    from samenplan.cases.models import EntryKind, last_entry_at

    old, moved = spread(world)
    _settings(world, inactivity_days=21)
    back = register(
        world.caseworker, world.north, name="Teruggezet", opened_on=timezone.localdate() - timedelta(days=2)
    )
    with clock.as_of(timezone.now() - timedelta(days=25)):
        do_move_phase(world.caseworker, back, target=Phase.CLARIFICATION, expected_version=back.version)
    empty = register(world.colleague, world.north, name="Leeg", opened_on=timezone.localdate() - timedelta(days=3))
    empty.entries.all().delete()
    now = timezone.now()
    rows = list(team_overview(world.north, now=now).cases)
    describe(rows)
    timelines = Case.objects.annotate(last=last_entry_at(), change=last_entry_at(EntryKind.PHASE_CHANGE))
    today = timezone.localdate(now)
    for row in rows:
        case = timelines.get(pk=row.case_id)
        since = timezone.localdate(case.change) if case.change else case.opened_on
        assert row.days_in_phase == max(0, (today - since).days)
        assert row.last_activity == case.last
        assert row.last_activity_on == (timezone.localdate(case.last) if case.last else None)
        assert row.inactive == (case.last is None or case.last < now - timedelta(days=21))
    shown = {row.case_id: (row.days_in_phase, row.inactive, row.last_activity is None) for row in rows}
    assert shown[moved.pk] == (30, True, False) and shown[old.pk] == (40, True, False)
    assert shown[back.pk] == (25, False, False) and shown[empty.pk] == (3, True, True)
    client.force_login(world.team_lead)
    html = client.get(reverse("administration:team_overview", args=[world.north.pk])).content.decode()
    row = html.split(">Leeg</a></th>")[1].split("</tr>")[0]
    assert '<td class="utrecht-table__cell">\u2013 <span class="samenplan-overview__inactive">' in row


def test_the_case_rows_are_a_sequence_made_once_per_row(world):
    spread(world)
    data = team_overview(world.north)
    cases = data.cases
    assert len(cases) == 3 and cases[-1] is cases[2] and cases[0:2] == [cases[0], cases[1]]
    with pytest.raises(IndexError):
        cases[3]
    assert list(data.waiting_for_intake) == [r for r in cases if r.phase == Phase.REGISTRATION]
    assert cases[0].family_name and cases[0].family_id and cases[0].url == ""  # labelled only when shown
    label([cases[0]])
    assert cases[0].url == reverse("cases:dossier", args=[cases[0].case_id]) and cases[0].last_activity is None
    describe([cases[0]])  # the API's rows: with the moment of the last activity
    assert cases[0].last_activity is not None and cases[0].phase_label


def test_the_read_record_names_the_families_of_the_pages_shown(client, world):
    for i in range(52):
        register(world.caseworker, world.north, name=f"Gezin{i:02d}")
    client.force_login(world.team_lead)
    response = client.get(reverse("administration:team_overview", args=[world.north.pk]), {"page": 2, "waiting": 2})
    data = response.context["overview"]
    shown = [*response.context["cases_pager"].object_list, *response.context["waiting_pager"].object_list]
    assert len(shown) == 3 + 3  # 53 open cases, all still in registration: 3 on each second page
    expected = {str(r.family_id) for r in shown} | {str(c.case.family_id) for c in data.consultations_waiting}
    record = AccessLogRecord.objects.order_by("-seq").first()
    assert set(record.detail.split()[0].removeprefix("families=").split(",")) == expected


def test_the_api_gives_every_row_the_page_shows(client, world):
    from rest_framework.test import APIClient

    spread(world)
    client.force_login(world.team_lead)
    page = client.get(reverse("administration:team_overview", args=[world.north.pk])).context
    api = APIClient()
    api.force_login(world.team_lead)
    data = api.get(reverse("api-team-overview", args=[world.north.pk])).json()
    rows = page["cases_pager"].object_list
    assert [c["case"] for c in data["cases"]] == [r.case_id for r in rows]
    assert [c["family_name"] for c in data["cases"]] == [r.family_name for r in rows]
    assert [c["days_in_phase"] for c in data["cases"]] == [r.days_in_phase for r in rows]
    assert [c["inactive"] for c in data["cases"]] == [r.inactive for r in rows]
    assert data["waiting_for_intake"] == [r.case_id for r in page["waiting_pager"].object_list]
    assert {w["worker"]: w["open_cases"] for w in data["workers"]} == {
        row.worker.pk: row.open_cases for row in page["overview"].workers
    }
