"""Getting emergency grants: the user's own active ones, and those a team lead reviews (404 for any other)."""

from __future__ import annotations

import rules
from django.db.models import QuerySet

from samenplan.accounts.models import Role
from samenplan.cases.access import _one
from samenplan.emergency.models import EmergencyAccess


def my_active_grants(user) -> QuerySet[EmergencyAccess]:
    return (
        EmergencyAccess.objects.active().filter(user_id=user.pk).select_related("case__family").order_by("expires_at")
    )


def may_review(user) -> bool:
    return rules.test_rule("emergency.review", user)


def grants_to_review(user) -> QuerySet[EmergencyAccess]:
    """Grants on cases of the teams this user leads, in their own organisation: unreviewed first, newest first."""
    if not may_review(user) or not user.organisation_id:
        return EmergencyAccess.objects.none()
    return (
        EmergencyAccess.objects.filter(
            case__team_id__in=user.teams_with_role(Role.TEAM_LEAD),
            case__family__organisation_id=user.organisation_id,
        )
        .select_related("user", "case__family", "case__team", "reviewed_by")
        .order_by("reviewed_at", "-started_at", "-pk")
    )


def get_grant_for_review(user, grant_id) -> EmergencyAccess:
    return _one(user, "emergency_access", grants_to_review(user), grant_id)
