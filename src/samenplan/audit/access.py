"""Which access-log records a team lead may read: those about their teams' cases and their teams' members."""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from samenplan.accounts.models import Membership, Role, User
from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import Case, Family


def led_team_ids(user) -> list[int]:
    if not rules.test_rule("audit.view_log", user):
        raise PermissionDenied
    return user.teams_with_role(Role.TEAM_LEAD)


def readable_records(user) -> QuerySet[AccessLogRecord]:
    team_ids = led_team_ids(user)
    case_ids = Case.objects.filter(team_id__in=team_ids).values("pk")
    member_ids = Membership.objects.filter(team_id__in=team_ids).values("user_id")
    return AccessLogRecord.objects.filter(
        Q(case_id__in=case_ids) | Q(user_id__in=member_ids), organisation_id=user.organisation_id
    )


def filterable_families(user) -> QuerySet[Family]:
    return Family.objects.filter(cases__team_id__in=led_team_ids(user)).distinct().order_by("name")


def filterable_users(user) -> QuerySet[User]:
    return User.objects.filter(memberships__team_id__in=led_team_ids(user)).distinct().order_by("username")


def family_names(family_ids) -> dict[int, str]:
    """Names for the families named in records the user may already read."""
    return dict(Family.objects.filter(pk__in=set(family_ids)).values_list("pk", "name"))
