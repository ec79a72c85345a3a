"""Who administers an organisation, and who sees a team's overview.

- administer (teams, people, roles, settings): a user with the administrator role in any team of their
  organisation, for that organisation only. An administrator sees counts, never a family;
- a team's overview: the team lead of that team.
"""

from __future__ import annotations

import rules

from samenplan.accounts.models import Role


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.organisation_id)


@rules.predicate
def administers(user) -> bool:
    return _active(user) and user.has_role(Role.ADMINISTRATOR)


def led_team_ids(user) -> list[int]:
    return user.teams_with_role(Role.TEAM_LEAD) if _active(user) else []


@rules.predicate
def leads_a_team(user) -> bool:
    return bool(led_team_ids(user))


rules.add_rule("administration.administer", administers)
rules.add_rule("administration.view_team_overview", leads_a_team)
