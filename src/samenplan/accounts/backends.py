"""Django's and allauth's authentication backends, loading the logged-in user's roles in the same query as the user.

Every page a professional opens loads the user of the session and then reads their roles (the menu, the getters,
the access-log record); with the roles a subquery of the user's row, the two cost one query. Nothing else changes:
the user and the roles are read afresh on every request (a role taken away counts from the next request on), a
disabled user is refused as before, and Django still checks the session's hash (its generation) against the row.
"""

from __future__ import annotations

from allauth.account import auth_backends as allauth_backends
from asgiref.sync import sync_to_async
from django.contrib.auth import backends as django_backends

from samenplan.accounts.models import User, with_team_roles


class _UserWithRoles:
    def get_user(self, user_id):
        user = with_team_roles(User._default_manager.filter(pk=user_id)).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    async def aget_user(self, user_id):
        return await sync_to_async(self.get_user)(user_id)


class ModelBackend(_UserWithRoles, django_backends.ModelBackend):
    pass


class AuthenticationBackend(_UserWithRoles, allauth_backends.AuthenticationBackend):
    pass
