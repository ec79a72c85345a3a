"""The JSON API for instruments: the definitions one may use, and administrations per case. Reads are logged."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from samenplan.api.errors import error_responses
from samenplan.audit import log
from samenplan.audit.models import Event
from samenplan.cases.access import get_case_for_user
from samenplan.instruments import access, actions
from samenplan.instruments.serializers import AdministerSerializer, AdministrationSerializer, DefinitionSerializer


class DefinitionList(GenericAPIView):
    @extend_schema(
        summary=_("The questionnaires your organisation may use: every loaded version"),
        responses={200: DefinitionSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        found = access.definitions_for(request.user.organisation_id).order_by("code", "-version")
        page = self.paginate_queryset(found)
        return self.get_paginated_response(DefinitionSerializer(page, many=True).data)


class CaseAdministrationList(GenericAPIView):
    @extend_schema(
        summary=_("The questionnaires filled in for a case, newest first, with their scores"),
        responses={200: AdministrationSerializer(many=True), **error_responses(404)},
    )
    def get(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id)
        page = self.paginate_queryset(access.case_administrations(case))
        log.record(request.user, Event.READ, "api.administrations.list", case=case)
        return self.get_paginated_response(AdministrationSerializer(page, many=True).data)

    @extend_schema(
        summary=_("Record a filled-in questionnaire; it is scored at once"),
        description=_(
            "Scored against the definition version given (`definition` is the id of one version). An unknown item "
            "or an answer outside its scale is an error on `answers.<item id>`; a person outside the age range "
            "is a warning in `warnings`, not an error."
        ),
        request=AdministerSerializer,
        responses={201: AdministrationSerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, edit=True)
        context = {"case": case, "definitions": access.definitions_for(case.family.organisation_id)}
        serializer = AdministerSerializer(data=request.data, context=context)
        serializer.is_valid(raise_exception=True)
        administration = actions.do_administer(request.user, case, **serializer.validated_data)
        return Response(AdministrationSerializer(administration).data, status=status.HTTP_201_CREATED)
