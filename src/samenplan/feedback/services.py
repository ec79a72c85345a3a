"""The team figure of the conversation ratings: one query for every team, the rules in ``feedback.rules``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from samenplan.accounts.models import Team
from samenplan.caseload import outcomes_rules
from samenplan.feedback import rules
from samenplan.feedback.models import ConversationRating


@dataclass
class TeamRatings:
    team: Team
    figure: rules.TeamFigure


def team_ratings(team_ids: list[int], period: str, today: date) -> list[TeamRatings]:
    """Per team in ``team_ids``: the figure over the answers about conversations held in ``period``."""
    start = outcomes_rules.period_start(period, today)
    ratings = ConversationRating.objects.filter(conversation__case__team_id__in=team_ids)
    if start is not None:
        ratings = ratings.filter(conversation__held_on__gte=start)
    answers: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for team_id, *scores in ratings.values_list("conversation__case__team_id", *rules.ITEMS).order_by():
        answers[team_id].append(tuple(scores))
    teams = Team.objects.filter(pk__in=team_ids).order_by("name", "pk")
    return [TeamRatings(team, rules.team_figure(answers[team.pk])) for team in teams]
