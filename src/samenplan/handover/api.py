"""The JSON API of the warm handover: ask for it, and the receiving team lead's decision. Every call is logged."""

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
from samenplan.handover import access, actions
from samenplan.handover.serializers import DecideSerializer, HandoverSerializer, RequestSerializer


class CaseHandover(GenericAPIView):
    @extend_schema(
        summary=_("Ask for a warm handover of a case to another team"),
        description=_("The case moves only when the receiving team's lead accepts it; the dossier goes with it."),
        request=RequestSerializer,
        responses={201: HandoverSerializer, **error_responses(400, 403, 404)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_assigning(request.user, case_id)
        serializer = RequestSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        try:
            handover = actions.do_request_handover(request.user, case, **serializer.validated_data)
        except ValidationError as error:
            raise django_validation_to_drf(error) from error
        return Response(HandoverSerializer(handover).data, status=status.HTTP_201_CREATED)


class HandoverDecision(GenericAPIView):
    @extend_schema(
        summary=_("Accept (with a caseworker of your team) or decline a handover to your team"),
        request=DecideSerializer,
        responses={200: HandoverSerializer, **error_responses(400, 404, 409)},
    )
    def post(self, request: Request, handover_id: int) -> Response:
        handover = access.get_handover_to_decide(request.user, handover_id)
        serializer = DecideSerializer(data=request.data, context={"handover": handover})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            handover = actions.do_decide_handover(
                request.user, handover, accept=data["accept"], caseworker=data["caseworker"], note=data["note"],
                expected_version=data["version"],
            )  # fmt: skip
        except ValidationError as error:
            raise django_validation_to_drf(error) from error
        return Response(HandoverSerializer(handover).data)
