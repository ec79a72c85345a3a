"""Which users an actor may manage (end their sessions): a team lead their teams' members, an administrator
everyone of their organisation. Others: none (404 for a single user)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from samenplan.accounts.models import Role, User


def may_manage_users(actor: User) -> bool:
    return actor.has_role(Role.TEAM_LEAD, Role.ADMINISTRATOR)


def manageable_users(actor: User) -> QuerySet[User]:
    led_teams = actor.teams_with_role(Role.TEAM_LEAD)
    condition = Q(pk__in=[])
    if actor.organisation_id is not None and actor.has_role(Role.ADMINISTRATOR):
        condition |= Q(organisation_id=actor.organisation_id)
    if led_teams:
        condition |= Q(pk__in=User.objects.filter(memberships__team__in=led_teams).values("pk"))
    return User.objects.filter(condition).distinct()


def manageable_users_with_tokens(actor: User) -> QuerySet[User]:
    return (
        manageable_users(actor)
        .annotate(
            api_tokens=Count(
                "auth_token_set",
                filter=Q(auth_token_set__expiry__gt=timezone.now()) | Q(auth_token_set__expiry__isnull=True),
                distinct=True,
            )
        )
        .order_by("first_name", "last_name", "username")
    )


def get_manageable_user(actor: User, user_id: int) -> User:
    user = manageable_users(actor).filter(pk=user_id).first()
    if user is None:
        raise Http404
    return user
