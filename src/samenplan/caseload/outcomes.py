"""A team's outcome figures for its team lead (issue 10 item 6), from the recorded data only.

The indicators Dutch municipalities use for youth care: goal realisation at closing, no re-start after ending
(reopened within the organisation's period), the median duration per route, and the family's participation in the
decisions (levels 4 and 5). Four aggregate queries whatever the number of cases or teams; the pure rules (suppression
of small numbers, shares, medians) live in :mod:`samenplan.caseload.outcomes_rules`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from samenplan.accounts.models import Team
from samenplan.administration.models import OrganisationSettings
from samenplan.administration.services import defaults
from samenplan.caseload import outcomes_rules as r
from samenplan.decisions.models import Decision
from samenplan.evaluations.models import Closing, GoalOutcome, Reopening
from samenplan.intake.models import Route, RouteDecision

NO_ROUTE = "none"


@dataclass
class RouteRow:
    route: str
    label: str
    cases: r.Figure
    median_days: float | None


@dataclass
class TeamOutcomes:
    team: Team
    reopen_period_days: int
    closed: r.Figure
    without_goals: r.Figure
    outcomes: list[tuple[str, str, r.Figure]] = field(default_factory=list)
    reopened: r.Figure | None = None
    routes: list[RouteRow] = field(default_factory=list)
    decisions: r.Figure | None = None
    high_participation: r.Figure | None = None

    @property
    def outcomes_hidden(self) -> bool:
        return any(figure.hidden for _key, _label, figure in self.outcomes)


def _reopen_days(teams: list[Team]) -> dict[int, int]:
    """The reopen period per organisation: one query for all teams' organisations."""
    default = defaults()["reopen_period_days"]
    found = dict(
        OrganisationSettings.objects.filter(organisation_id__in={t.organisation_id for t in teams}).values_list(
            "organisation_id", "reopen_period_days"
        )
    )
    return {t.pk: found.get(t.organisation_id, default) for t in teams}


def _closings(team_ids: list[int], start: date | None) -> list[dict]:
    """One row per closing in the period: its team, dates, counts of goal outcomes, first reopening and route."""
    first_reopening = Reopening.objects.filter(closing=OuterRef("pk")).order_by("recorded_at", "pk")
    route = RouteDecision.objects.filter(case=OuterRef("case_id"), current=True).order_by("-recorded_at", "-pk")
    closings = Closing.objects.filter(case__team_id__in=team_ids)
    if start is not None:
        closings = closings.filter(closed_on__gte=start)
    return list(
        closings.annotate(
            goals=Count("goal_outcomes"),
            reached=Count("goal_outcomes", filter=Q(goal_outcomes__outcome=GoalOutcome.REACHED)),
            partly=Count("goal_outcomes", filter=Q(goal_outcomes__outcome=GoalOutcome.PARTLY)),
            reopened_at=Subquery(first_reopening.values("recorded_at")[:1]),
            route=Subquery(route.values("route")[:1]),
        )
        .values("case__team_id", "case__opened_on", "closed_on", "goals", "reached", "partly", "reopened_at", "route")
        .order_by()
    )


def _decisions(team_ids: list[int], start: date | None) -> dict[int, tuple[int, int]]:
    decisions = Decision.objects.filter(case__team_id__in=team_ids)
    if start is not None:
        decisions = decisions.filter(decided_at__date__gte=start)
    rows = (
        decisions.values("case__team_id")
        .annotate(total=Count("pk"), high=Count("pk", filter=Q(participation_level__in=r.HIGH_PARTICIPATION)))
        .order_by()
    )
    return {row["case__team_id"]: (row["total"], row["high"]) for row in rows}


def _route_rows(rows: list[dict]) -> list[RouteRow]:
    durations: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        durations[row["route"] or NO_ROUTE].append((row["closed_on"] - row["case__opened_on"]).days)
    labels = [(route.value, route.label) for route in Route] + [(NO_ROUTE, _("no route recorded"))]
    return [
        RouteRow(key, str(label), r.total_figure(len(durations[key])), r.median_days(durations[key]))
        for key, label in labels
        if durations[key]
    ]


def team_outcomes(team_ids: list[int], period: str, today: date) -> list[TeamOutcomes]:
    """The figures of each team in ``team_ids`` over ``period`` (see ``outcomes_rules.PERIODS``)."""
    start = r.period_start(period, today)
    teams = list(Team.objects.filter(pk__in=team_ids).order_by("name", "pk"))
    reopen_days = _reopen_days(teams)
    per_team: dict[int, list[dict]] = defaultdict(list)
    for row in _closings(team_ids, start):
        per_team[row["case__team_id"]].append(row)
    decisions = _decisions(team_ids, start)
    labels = {choice.value: str(choice.label) for choice in GoalOutcome}
    result = []
    for team in teams:
        rows = per_team[team.pk]
        outcome_of = [r.case_outcome(row["reached"], row["partly"], row["goals"]) for row in rows]
        counts = [outcome_of.count(key) for key in r.OUTCOMES]
        days = reopen_days[team.pk]
        reopened = sum(
            r.reopened_within(
                row["closed_on"], timezone.localdate(row["reopened_at"]) if row["reopened_at"] else None, days=days
            )
            for row in rows
        )
        total, high = decisions.get(team.pk, (0, 0))
        result.append(
            TeamOutcomes(
                team=team,
                reopen_period_days=days,
                closed=r.total_figure(len(rows)),
                without_goals=r.figure(outcome_of.count(None), len(rows)),
                outcomes=list(zip(r.OUTCOMES, [labels[key] for key in r.OUTCOMES], r.split(counts), strict=True)),
                reopened=r.figure(reopened, len(rows)),
                routes=_route_rows(rows),
                decisions=r.total_figure(total),
                high_participation=r.figure(high, total),
            )
        )
    return result


def outcomes_svg(figures: TeamOutcomes):
    """A horizontal stacked bar of reached / partly / not reached; empty when a part is hidden (too few cases)."""
    from django.utils.safestring import mark_safe

    if figures.outcomes_hidden or not figures.outcomes:
        return mark_safe("")
    import altair as alt

    from samenplan import charts

    values = [
        {"team": figures.team.name, "outcome": label, "order": i, "cases": figure.count, "share": figure.share}
        for i, (_key, label, figure) in enumerate(figures.outcomes)
    ]
    order = [label for _key, label, _figure in figures.outcomes]
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_bar()
        .encode(
            x=alt.X("sum(cases):Q", title=_("Closed cases"), stack="normalize", axis=alt.Axis(format="%")),
            y=alt.Y("team:N", title=None),
            color=alt.Color(
                "outcome:N",
                title=_("Goals at closing"),
                sort=order,
                scale=alt.Scale(domain=order, range=["#1a7f37", "#bf8700", "#a40e26"]),
                legend=alt.Legend(orient="bottom"),
            ),
            order=alt.Order("order:Q"),
        )
        .properties(width=480, height=60)
        .configure(font="DejaVu Sans, Verdana, sans-serif")
    )
    return charts.svg(chart.to_dict(), css_class="samenplan-chart__svg")
