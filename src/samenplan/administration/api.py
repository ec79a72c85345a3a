"""The JSON API of the administration (administrators, their own organisation) and the team lead's overview.
Thin: parse, access, act, serialize; every read and change is logged."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from samenplan.accounts.models import User
from samenplan.administration import access, actions, overview, services
from samenplan.administration.serializers import (
    ActiveSerializer,
    GrantRoleSerializer,
    OverviewSerializer,
    PersonSerializer,
    SettingsSerializer,
    TeamChangeSerializer,
    TeamInputSerializer,
    TeamSerializer,
)
from samenplan.api.errors import django_validation_to_drf, error_responses
from samenplan.audit import log
from samenplan.audit.models import Event


def _act(function, *args, **kwargs):
    try:
        return function(*args, **kwargs)
    except ValidationError as error:
        raise django_validation_to_drf(error) from error


class TeamList(GenericAPIView):
    pagination_class = None  # an organisation has a handful of teams

    @extend_schema(
        summary=_("The teams of my organisation, with counts (administrators)"),
        responses={200: TeamSerializer(many=True), **error_responses(403)},
    )
    def get(self, request: Request) -> Response:
        access.require_administrator(request.user)
        teams = services.teams_with_counts(request.user.organisation_id)
        log.record(request.user, Event.READ, "api.administration.teams")
        return Response(TeamSerializer(teams, many=True).data)

    @extend_schema(
        summary=_("Make a team (administrators)"),
        request=TeamInputSerializer,
        responses={201: TeamSerializer, **error_responses(400, 403)},
    )
    def post(self, request: Request) -> Response:
        access.require_administrator(request.user)
        serializer = TeamInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        team = _act(actions.do_create_team, request.user, serializer.validated_data["name"])
        return Response(
            TeamSerializer(services.teams_with_counts(team.organisation_id).get(pk=team.pk)).data, status=201
        )


class TeamDetail(GenericAPIView):
    @extend_schema(
        summary=_("Rename or archive a team (administrators)"),
        description=_("A team is never removed through the API; archiving keeps its cases and history."),
        request=TeamChangeSerializer,
        responses={200: TeamSerializer, **error_responses(400, 403, 404)},
    )
    def patch(self, request: Request, team_id: int) -> Response:
        team = access.get_team_for_administrator(request.user, team_id)
        serializer = TeamChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if "name" in data:
            team = _act(actions.do_rename_team, request.user, team, data["name"])
        if "archived" in data:
            team = _act(actions.do_archive_team, request.user, team, archived=data["archived"])
        return Response(TeamSerializer(services.teams_with_counts(team.organisation_id).get(pk=team.pk)).data)


class PeopleList(GenericAPIView):
    @extend_schema(
        summary=_("The people of my organisation and their roles per team (administrators)"),
        responses={200: PersonSerializer(many=True), **error_responses(403)},
    )
    def get(self, request: Request) -> Response:
        access.require_administrator(request.user)
        people = (
            User.objects.filter(organisation_id=request.user.organisation_id)
            .prefetch_related("memberships")
            .order_by("first_name", "last_name", "username")
        )
        page = self.paginate_queryset(people)
        log.record(request.user, Event.READ, "api.administration.people")
        return self.get_paginated_response(PersonSerializer(page, many=True).data)


class PersonRoles(GenericAPIView):
    @extend_schema(
        summary=_("Give a person a role in a team of the organisation (administrators)"),
        request=GrantRoleSerializer,
        responses={201: PersonSerializer, **error_responses(400, 403, 404)},
    )
    def post(self, request: Request, user_id: int) -> Response:
        person = access.get_person_for_administrator(request.user, user_id)
        serializer = GrantRoleSerializer(data=request.data, context={"organisation_id": request.user.organisation_id})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        _act(actions.do_grant_role, request.user, person, data["team"], data["role"])
        return Response(PersonSerializer(person).data, status=status.HTTP_201_CREATED)


class PersonActive(GenericAPIView):
    @extend_schema(
        summary=_("Disable or enable an account (administrators)"),
        description=_("Disabling ends all of the person's sessions and API tokens at once."),
        request=ActiveSerializer,
        responses={200: PersonSerializer, **error_responses(400, 403, 404)},
    )
    def post(self, request: Request, user_id: int) -> Response:
        person = access.get_person_for_administrator(request.user, user_id)
        serializer = ActiveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = _act(actions.do_set_active, request.user, person, active=serializer.validated_data["active"])
        return Response(PersonSerializer(person).data)


class OrganisationSettingsView(GenericAPIView):
    @extend_schema(
        summary=_("My organisation's settings (administrators)"),
        responses={200: SettingsSerializer, **error_responses(403)},
    )
    def get(self, request: Request) -> Response:
        access.require_administrator(request.user)
        record = services.settings_for(request.user.organisation_id)
        log.record(request.user, Event.READ, "api.administration.settings")
        return Response(SettingsSerializer({**services.values_of(record), "version": record.version}).data)

    @extend_schema(
        summary=_("Change my organisation's settings (administrators)"),
        description=_(
            "All settings at once, with the `version` last read (0 before the first change); a stale one gives 409. "
            "Ages from 0 to 18 that ascend, periods of at least 1."
        ),
        request=SettingsSerializer,
        responses={200: SettingsSerializer, **error_responses(400, 403, 409)},
    )
    def put(self, request: Request) -> Response:
        access.require_administrator(request.user)
        serializer = SettingsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        record = _act(actions.do_change_settings, request.user, data, expected_version=data["version"])
        return Response(SettingsSerializer({**services.values_of(record), "version": record.version}).data)


class TeamOverview(GenericAPIView):
    @extend_schema(
        summary=_("The overview of a team I lead"),
        description=_(
            "Open cases per professional and phase, without activity, days in phase with the team's median per "
            "phase, waiting for the intake. Evaluations due are null until evaluations exist."
        ),
        responses={200: OverviewSerializer, **error_responses(404)},
    )
    def get(self, request: Request, team_id: int) -> Response:
        team = access.get_led_team(request.user, team_id)
        data = overview.team_overview(team)
        cases = list(data.cases)  # the API gives every open case, not a page
        overview.describe(cases)
        log.record(request.user, Event.READ, "api.administration.team_overview", families=data.family_ids(cases),
                   detail=f"team={team.pk}")  # fmt: skip
        phases = [p.value for p in data.phases]
        payload = {
            "team": team,
            "inactivity_days": data.inactivity_days,
            "workers": [
                {**row.__dict__, "per_phase": dict(zip(phases, row.per_phase, strict=True))} for row in data.workers
            ],
            "cases": cases,
            "medians": data.medians,
            "waiting_for_intake": [row.case_id for row in data.waiting_for_intake],
        }
        return Response(OverviewSerializer(payload).data)
