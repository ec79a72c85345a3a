"""Fetching what an administrator or team lead asks for: within their organisation (or led team), else 404."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from samenplan.accounts.models import Team, User
from samenplan.administration.predicates import administers, led_team_ids
from samenplan.ids import parse_id


def require_administrator(user) -> None:
    """403 for anyone who is not an administrator (the pages say nothing secret: they exist for everyone)."""
    if not administers(user):
        raise PermissionDenied


def get_team_for_administrator(user, team_id) -> Team:
    require_administrator(user)
    team = Team.objects.filter(pk=parse_id(team_id), organisation_id=user.organisation_id).first()
    if team is None:
        raise Http404
    return team


def get_person_for_administrator(user, user_id) -> User:
    require_administrator(user)
    person = User.objects.filter(pk=parse_id(user_id), organisation_id=user.organisation_id).first()
    if person is None:
        raise Http404
    return person


def get_led_team(user, team_id) -> Team:
    """A team the user leads; 404 for any other team (another team's lead does not learn that it exists)."""
    pk = parse_id(team_id)
    if pk is None or pk not in led_team_ids(user):
        raise Http404
    return Team.objects.get(pk=pk)


def get_led_teams(user, team_id) -> tuple[Team, list[Team]]:
    """A team the user leads, with all the teams they lead by name (one query); 404 as :func:`get_led_team`."""
    pk = parse_id(team_id)
    led = led_team_ids(user)
    if pk is None or pk not in led:
        raise Http404
    teams = list(Team.objects.filter(pk__in=led).order_by("name"))
    team = next((t for t in teams if t.pk == pk), None)
    if team is None:
        raise Http404
    return team, teams
