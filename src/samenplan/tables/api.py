"""The JSON API of the tables: put a case on a table's agenda, record the outcome. Thin; every call is logged."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from samenplan.api.errors import django_validation_to_drf, error_responses
from samenplan.cases.access import get_case_for_assigning
from samenplan.tables import access, actions
from samenplan.tables.serializers import AgendaItemSerializer, OutcomeSerializer, PutOnAgendaSerializer


class CaseAgenda(GenericAPIView):
    @extend_schema(
        summary=_("Put a case on the agenda of its team's intake or review table"),
        request=PutOnAgendaSerializer,
        responses={201: AgendaItemSerializer, **error_responses(400, 403, 404)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_assigning(request.user, case_id)
        serializer = PutOnAgendaSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            item = actions.do_put_on_agenda(request.user, case, **serializer.validated_data)
        except ValidationError as error:
            raise django_validation_to_drf(error) from error
        return Response(AgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)


class AgendaItemOutcome(GenericAPIView):
    @extend_schema(
        summary=_("Record the table's outcome in the dossier (the team lead or a member of the table)"),
        request=OutcomeSerializer,
        responses={200: AgendaItemSerializer, **error_responses(400, 404, 409)},
    )
    def post(self, request: Request, item_id: int) -> Response:
        item = access.get_item_for_user(request.user, item_id)
        serializer = OutcomeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            item = actions.do_record_outcome(request.user, item, outcome=data["outcome"],
                                             expected_version=data["version"])  # fmt: skip
        except ValidationError as error:
            raise django_validation_to_drf(error) from error
        return Response(AgendaItemSerializer(item).data)
