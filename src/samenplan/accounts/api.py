"""GET /api/v1/me/: who the API thinks you are, and your roles per team. No client data."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from samenplan.accounts.models import Role
from samenplan.api.errors import error_responses


class TeamRolesSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    roles = serializers.ListField(child=serializers.ChoiceField(choices=Role.choices))


class OrganisationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()
    organisation = OrganisationSerializer(allow_null=True)
    teams = TeamRolesSerializer(many=True)


@extend_schema(summary=_("Who I am"), responses={200: MeSerializer, **error_responses()})
@api_view(["GET"])
def me(request: Request) -> Response:
    user = request.user
    teams: dict[int, dict] = {}
    for membership in user.memberships.select_related("team").order_by("team__name", "role"):
        team = teams.setdefault(
            membership.team_id, {"id": membership.team_id, "name": membership.team.name, "roles": []}
        )
        team["roles"].append(membership.role)
    organisation = user.organisation
    data = {
        "username": user.username,
        "name": user.get_full_name() or user.username,
        "organisation": None if organisation is None else {"id": organisation.pk, "name": organisation.name},
        "teams": list(teams.values()),
    }
    return Response(MeSerializer(data).data)
