"""Who may record, decide and read requests for destruction, and export a member's data.

- record a request, export a member: the caseworker or a co-worker of one of the family's cases (open or closed),
  or a team lead of a team that holds one of its cases;
- decide a request: a team lead of the request's team;
- read a request: those who may record or decide it, and who recorded it.
Everything stays inside the user's organisation.
"""

from __future__ import annotations

import rules
from django.db.models import Q, QuerySet

from samenplan.accounts.models import Role
from samenplan.cases.models import Case
from samenplan.cases.predicates import editable_cases_q, visible_cases_q


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.organisation_id)


def lead_team_ids(user) -> list[int]:
    return user.teams_with_role(Role.TEAM_LEAD) if _active(user) else []


def responsible_cases(user) -> QuerySet[Case]:
    """Cases whose family's rights this user handles: as caseworker or co-worker, or as the team's lead."""
    if not _active(user):
        return Case.objects.none()
    return Case.objects.filter(visible_cases_q(user)).filter(
        editable_cases_q(user) | Q(team_id__in=lead_team_ids(user))
    )


def responsible_family_ids(user):
    return responsible_cases(user).values("family_id")


@rules.predicate
def can_decide_request(user, request) -> bool:
    return (
        request is not None
        and _active(user)
        and request.organisation_id == user.organisation_id
        and request.team_id in lead_team_ids(user)
    )


@rules.predicate
def leads_a_team(user) -> bool:
    return bool(lead_team_ids(user))


rules.add_rule("privacy.decide_request", can_decide_request)
rules.add_rule("privacy.decide_requests", leads_a_team)
