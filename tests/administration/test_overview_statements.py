"""The team overview's statements are compiled once per connection (``samenplan.prepared``) and give the rows the
ORM gives, on every vendor; an empty team's too."""

from __future__ import annotations

from datetime import timedelta

from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samenplan.accounts.models import Membership, Role
from samenplan.administration import overview
from samenplan.tables import actions as tables
from samenplan.tables.models import AgendaItem
from tests.administration.test_overview import spread

KEYS = {"cases", "workers", "agenda", "consultations"}


def _kept() -> set[str]:
    kept = connections["default"].__dict__.get("samenplan_prepared_values", {})
    names = [key if isinstance(key, str) else key[0] for key in kept]
    return {name.removeprefix("administration.overview.") for name in names if name.startswith("administration.")}


def test_its_statements_are_compiled_once_and_read_what_the_orm_reads(world):
    spread(world)
    tables.do_configure_table(world.administrator, world.north, kind="intake", members=[], frequency="Dinsdag")
    tables.do_put_on_agenda(world.team_lead, world.case, kind="intake", question="Bespreken.")
    connections["default"].__dict__.pop("samenplan_prepared_values", None)
    data = overview.team_overview(world.north)
    assert _kept() >= KEYS  # kept only when the parameters given are the compiled ones
    assert [item.case for item in data.table_agenda] == [world.case] and data.table_agenda[0].table.kind == "intake"
    request = data.consultations_waiting[0]
    assert (request.case, request.case.family.name, str(request.scientist)) == (
        world.case, world.case.family.name, str(world.consulted_scientist)
    )  # fmt: skip
    now = timezone.now()
    since, due_by = now - timedelta(days=28), timezone.localdate(now) + timedelta(days=3)
    zone = timezone.get_current_timezone()
    rows = overview._open_cases(world.north, since, due_by)
    assert rows == [tuple(row) for row in overview._open_cases_query(world.north.pk, zone, since, due_by)]
    assert len(rows) == 3 and {row[7] for row in rows} >= {world.case.family.name}
    assert {row[-2:] for row in rows} == {(True, True)}  # an item on the agenda, a request waiting


def test_an_empty_team_s_statements_are_kept_too_and_its_lists_not_read(world):
    connections["default"].__dict__.pop("samenplan_prepared_values", None)
    data = overview.team_overview(world.south)
    assert _kept() >= {"cases", "workers"} and list(data.cases) == [] and data.consultations_waiting == []
    assert [row.open_cases for row in data.workers] == [0, 0]


def test_the_page_s_led_teams_are_read_by_a_statement_compiled_once(client, world):
    Membership.objects.create(user=world.team_lead, team=world.south, role=Role.TEAM_LEAD)
    client.force_login(world.team_lead)
    connections["default"].__dict__.pop("samenplan_prepared_values", None)
    response = client.get(reverse("administration:team_overview", args=[world.south.pk]))
    # on PostgreSQL the page reads its counts and its pages' rows in one statement written by hand (_summary)
    cases = set() if connections["default"].vendor == "postgresql" else {"cases"}
    assert response.status_code == 200 and _kept() >= {*cases, "workers", "administration.led_teams"}
    assert [team.name for team in response.context["led_teams"]] == ["Wijkteam Noord", "Wijkteam Zuid"]
    assert response.context["overview"].team == world.south
    assert client.get(reverse("administration:team_overview", args=[world.hill.pk])).status_code == 404


def test_the_lists_are_read_only_when_the_cases_statement_says_there_is_something(client, world):
    from samenplan.analysis.models import Consultation

    client.force_login(world.team_lead)
    url = reverse("administration:team_overview", args=[world.north.pk])
    client.get(url)  # the session and the statements warmed
    tables.do_configure_table(world.administrator, world.north, kind="intake", members=[], frequency="Dinsdag")
    tables.do_put_on_agenda(world.team_lead, world.case, kind="intake", question="Bespreken.")
    with CaptureQueriesContext(connections["default"]) as both:
        html = client.get(url).content.decode()
    assert "Er staat niets op de agenda." not in html and world.case.family.name in html.split('id="table-agenda"')[1]
    Consultation.objects.all().delete()
    AgendaItem.objects.update(decided_at=timezone.now())
    with CaptureQueriesContext(connections["default"]) as neither:
        html = client.get(url).content.decode()
    assert "Er staat niets op de agenda." in html and "Er wacht geen vraag om consultatie." in html
    assert len(neither) == len(both) - 2
    assert not [q for q in neither if "tables_agendaitem" in q["sql"] and "EXISTS" not in q["sql"]]


def test_the_medians_from_the_middle_dates_are_those_of_every_case_s_days(world):
    from samenplan.administration import rules
    from tests.conftest import register

    spread(world)
    today = timezone.localdate()
    for days in (3, 3, 8, 15, 40):  # with the world's (0 days) and the old one (40): 0, 3, 3, 8, 15, 40, 40
        register(world.colleague, world.north, name=f"Gezin {days}", opened_on=today - timedelta(days=days))
    data = overview.team_overview(world.north)
    for phase in data.medians:
        days = [row.days_in_phase for row in data.cases if row.phase == phase]
        assert data.medians[phase] == rules.median(days)
    assert data.medians["registration"] == 8.0 and len(data.waiting_for_intake) == 7


def test_the_led_teams_carry_their_organisation_s_inactivity_days_and_the_page_reads_no_settings(client, world):
    from samenplan.administration import access
    from samenplan.administration.services import defaults
    from tests.administration.test_overview import _settings

    Membership.objects.create(user=world.team_lead, team=world.south, role=Role.TEAM_LEAD)
    _, teams = access.get_led_teams(world.team_lead, world.north.pk)
    assert [team.inactivity_days for team in teams] == [defaults()["inactivity_days"]] * 2  # no settings yet
    _settings(world, inactivity_days=21)
    team, teams = access.get_led_teams(world.team_lead, world.north.pk)
    assert team.inactivity_days == 21 and [t.inactivity_days for t in teams] == [21, 21]
    client.force_login(world.team_lead)
    url = reverse("administration:team_overview", args=[world.north.pk])
    client.get(url)
    with CaptureQueriesContext(connections["default"]) as queries:
        response = client.get(url)
    assert response.context["overview"].inactivity_days == 21
    settings = [q for q in queries if "administration_organisationsettings" in q["sql"]]
    assert len(settings) == 1 and "accounts_team" in settings[0]["sql"]  # read with the led teams only


def test_the_page_s_summary_is_what_every_case_gives(world):
    """The page's overview (``pages``: on PostgreSQL counted by the database, only its pages' rows read) equals the
    one made from every case: the rows per professional, the medians (an even number of cases in a phase too) and
    every page's rows, also a page past the end (read as every case), and the evaluations due (several on a case,
    one later, one held)."""
    from samenplan.evaluations.models import Evaluation
    from tests.conftest import register

    old, moved = spread(world)
    today = timezone.localdate()
    for days in (3, 3, 8, 15, 40, 40):
        register(world.colleague, world.north, name=f"Gezin {days}", opened_on=today - timedelta(days=days))
    for case, days, held in [(old, -5, False), (old, 0, False), (moved, 60, False), (world.case, -2, False),
                             (world.case, -9, True)]:  # fmt: skip
        on = today + timedelta(days=days)
        Evaluation.objects.create(
            case=case, planned_on=on, held_on=on if held else None, author=world.colleague, recorded_at=timezone.now()
        )
    tables.do_configure_table(world.administrator, world.north, kind="intake", members=[], frequency="Dinsdag")
    tables.do_put_on_agenda(world.team_lead, world.case, kind="intake", question="Bespreken.")
    whole = overview.team_overview(world.north)

    for pages in [(1, 1), (2, 1), (1, 2), (0, -1), (99, 99)]:
        data = overview.team_overview(world.north, pages=pages)
        assert [(w.worker.pk, str(w.worker), w.per_phase, w.open_cases, w.inactive, w.evaluations_due)
                for w in data.workers] == [
            (w.worker.pk, str(w.worker), w.per_phase, w.open_cases, w.inactive, w.evaluations_due)
            for w in whole.workers
        ]  # fmt: skip
        assert sum(w.evaluations_due for w in data.workers) == 3
        assert data.medians == whole.medians and any(m is not None and m % 1 for m in data.medians.values())
        assert len(data.cases) == len(whole.cases) and len(data.waiting_for_intake) == len(whole.waiting_for_intake)
        for start in (0, 2, len(whole.cases) - 1, len(whole.cases) + 5):
            assert data.cases[start : start + 3] == whole.cases[start : start + 3]
        assert data.waiting_for_intake[:50] == whole.waiting_for_intake[:50]
        assert data.cases[0] == whole.cases[0] and data.cases[-1] == whole.cases[-1]
        assert [item.pk for item in data.table_agenda] == [item.pk for item in whole.table_agenda]
        assert [c.pk for c in data.consultations_waiting] == [c.pk for c in whole.consultations_waiting]
