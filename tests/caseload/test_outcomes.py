"""The team lead's outcome figures: from cases closed through the real actions, small numbers hidden, only the
lead's own teams, a constant number of queries."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samenplan import clock
from samenplan.audit.models import AccessLogRecord
from samenplan.caseload import outcomes
from samenplan.cases.models import Family
from samenplan.decisions.models import Decision
from samenplan.evaluations import actions
from samenplan.goals.actions import do_add_goal
from samenplan.intake.models import RouteDecision
from tests.factories import case_with_registration

OUTCOME_OF = {"reached": ["reached", "reached"], "partly": ["reached", "not_reached"], "not": ["not_reached"] * 2}


def _closed_cases(world, kinds, *, team=None, route="light", opened_days_ago=40, prefix="Uitkomst"):
    """One case per item of ``kinds`` (reached / partly / not), with two goals, closed through ``do_close_case``."""
    team = team or world.north
    today = timezone.localdate(clock.now())
    cases = []
    for i, kind in enumerate(kinds):
        family = Family.objects.create(organisation=team.organisation, name=f"{prefix}{i:03}")
        case = case_with_registration(
            family=family, team=team, caseworker=world.caseworker, opened_on=today - timedelta(days=opened_days_ago)
        )
        RouteDecision.objects.create(
            case=case, route=route, decided_on=today, rationale="Samen gekozen.", author=world.caseworker,
            recorded_at=clock.now(),
        )  # fmt: skip
        goals = [do_add_goal(world.caseworker, case, words=f"Doel {n}") for n in (1, 2)]
        case.refresh_from_db()
        actions.do_close_case(
            world.caseworker, case, reason="goals_reached", expected_version=case.version,
            goal_outcomes=[{"goal": g, "outcome": o} for g, o in zip(goals, OUTCOME_OF[kind], strict=True)],
        )  # fmt: skip
        cases.append(case)
    return cases


def _decisions(world, levels):
    now = clock.now()
    for level in levels:
        Decision.objects.create(
            case=world.case, decided_at=now, summary="Opvoedondersteuning thuis.", participation_level=level,
            evaluation_agreement="Over drie maanden thuis.", author=world.caseworker, recorded_at=now,
        )  # fmt: skip


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _figures(world, period="all"):
    [figures] = outcomes.team_outcomes([world.north.pk], period, timezone.localdate())
    return figures


def test_it_counts_closed_cases_by_the_outcome_of_their_goals(world):
    _closed_cases(world, ["reached"] * 12 + ["partly"] * 10 + ["not"] * 10)
    figures = _figures(world)
    assert figures.closed.count == 32
    assert [(key, f.count, f.share) for key, _label, f in figures.outcomes] == [
        ("reached", 12, 38),
        ("partly", 10, 31),
        ("not_reached", 10, 31),
    ]
    [light] = figures.routes
    assert (light.route, light.cases.count, light.median_days) == ("light", 32, 40)
    assert "<svg" in outcomes.outcomes_svg(figures)
    page = _client(world.team_lead).get(reverse("caseload:team_outcomes"), {"period": "all"}).content.decode()
    assert page.index("<svg") < page.index("<table")  # the chart, with the data table after it
    assert "Uitkomsten van mijn teams" in page and ">38%<" in page


def test_it_shows_fewer_than_ten_as_less_than_ten_and_draws_no_chart(world):
    _closed_cases(world, ["reached"] * 11 + ["partly"] * 2)
    figures = _figures(world)
    assert [f.shown for _key, _label, f in figures.outcomes] == ["11", "< 10", "< 10"]
    assert all(f.share is None for _key, _label, f in figures.outcomes[1:])
    assert outcomes.outcomes_svg(figures) == ""
    client = _client(world.team_lead)
    page = client.get(reverse("caseload:team_outcomes")).content.decode()
    assert "&lt; 10" in page and "<svg" not in page
    assert "Uitkomst000" not in page  # never a family


def test_it_counts_families_who_came_back_within_the_period(world):
    cases = _closed_cases(world, ["reached"] * 10)
    for case in cases[:2]:
        case.refresh_from_db()
        actions.do_reopen(world.caseworker, case, reason="Het gaat weer mis.", expected_version=case.version)
    figures = _figures(world)
    assert figures.reopened.shown == "< 10" and figures.reopened.share is None
    assert figures.reopen_period_days == 180


def test_it_gives_the_share_of_decisions_at_level_four_or_five(world):
    _decisions(world, [5] * 6 + [4] * 6 + [2] * 8)
    figures = _figures(world)
    assert (figures.decisions.count, figures.high_participation.count, figures.high_participation.share) == (20, 12, 60)


def test_it_leaves_out_what_was_closed_before_the_period(world):
    with clock.as_of(timezone.now() - timedelta(days=500)):
        _closed_cases(world, ["reached"] * 10, opened_days_ago=30)
    assert _figures(world, "all").closed.count == 10
    assert _figures(world, "12m").closed.shown == "< 10"


def test_it_shows_the_figures_of_the_leads_own_teams_only(world):
    _closed_cases(world, ["reached"] * 12)
    client = _client(world.south_lead)
    page = client.get(reverse("caseload:team_outcomes")).content.decode()
    assert "Wijkteam Noord" not in page
    assert client.get(reverse("api-team-outcomes", args=[world.north.pk])).status_code == 404
    assert _client(world.caseworker).get(reverse("caseload:team_outcomes")).status_code == 403
    mine = _client(world.team_lead)
    assert reverse("caseload:team_outcomes") in mine.get(reverse("caseload:team")).content.decode()
    assert "Wijkteam Noord" in mine.get(reverse("caseload:team_outcomes")).content.decode()


def test_it_logs_the_read_with_the_team_and_no_family(world):
    _client(world.team_lead).get(reverse("caseload:team_outcomes"), {"period": "year"})
    record = AccessLogRecord.objects.filter(action="caseload.team_outcomes").get()
    assert record.detail == f"teams={world.north.pk} period=year"


def test_it_answers_the_api_with_hidden_counts_as_null(world):
    _closed_cases(world, ["reached"] * 12)
    response = _client(world.team_lead).get(reverse("api-team-outcomes", args=[world.north.pk]), {"period": "all"})
    assert response.status_code == 200
    data = response.json()
    assert data["closed"] == {"count": 12, "share": 100, "shown": "12"}
    assert data["outcomes"][1] == {"outcome": "partly", "figure": {"count": None, "share": None, "shown": "< 10"}}
    assert AccessLogRecord.objects.filter(action="api.caseload.team_outcomes").exists()


def test_it_uses_the_same_number_of_queries_for_more_cases(world):
    _closed_cases(world, ["reached"] * 3)
    with CaptureQueriesContext(connection) as few:
        _figures(world)
    _closed_cases(world, ["partly"] * 12, prefix="Meer")
    _decisions(world, [4, 2, 5])
    with CaptureQueriesContext(connection) as many:
        _figures(world)
    assert len(few) == len(many) == 4
