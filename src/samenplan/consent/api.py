"""The JSON API for consent and information requests. Thin: parse, access, act, serialize; reads are logged."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from samenplan.api.errors import django_validation_to_drf, error_responses
from samenplan.audit import log
from samenplan.audit.models import Event
from samenplan.cases.access import get_case_for_user
from samenplan.consent import access, actions
from samenplan.consent.serializers import (
    ConsentSerializer,
    InformationRequestSerializer,
    RecordConsentSerializer,
    RequestInformationSerializer,
    RevokeConsentSerializer,
)

RECIPIENT_FIELDS = {
    "recipient_name": "recipient.name",
    "recipient_kind": "recipient.kind",
    "recipient_role": "recipient.role",
    "recipient_contact": "recipient.contact",
}


class CaseConsentList(GenericAPIView):
    @extend_schema(
        summary=_("The consents of a case, newest first"),
        responses={200: ConsentSerializer(many=True), **error_responses(404)},
    )
    def get(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id)
        page = self.paginate_queryset(access.case_consents(case))
        log.record(request.user, Event.READ, "api.consents.list", case=case)
        return self.get_paginated_response(ConsentSerializer(page, many=True).data)

    @extend_schema(
        summary=_("Record a consent"),
        description=_(
            "Who may consent follows the age rules (CONSENT_YOUTH_WITH_PARENTS_FROM_AGE, "
            "CONSENT_YOUTH_ALONE_FROM_AGE); a member who may not gets an error on `givers`."
        ),
        request=RecordConsentSerializer,
        responses={201: ConsentSerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, edit=True)
        serializer = RecordConsentSerializer(data=request.data, context={"family": case.family})
        serializer.is_valid(raise_exception=True)
        try:
            consent = actions.do_record_consent(request.user, case, **serializer.action_arguments())
        except ValidationError as error:
            raise django_validation_to_drf(error, rename=RECIPIENT_FIELDS) from error
        return Response(ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)


class ConsentDetail(GenericAPIView):
    @extend_schema(summary=_("A consent"), responses={200: ConsentSerializer, **error_responses(404)})
    def get(self, request: Request, consent_id: int) -> Response:
        consent = access.get_consent_for_user(request.user, consent_id)
        log.record(request.user, Event.READ, "api.consents.detail", case=consent.case, detail=f"consent={consent.pk}")
        return Response(ConsentSerializer(consent).data)


class ConsentRevoke(GenericAPIView):
    @extend_schema(
        summary=_("Revoke a consent"),
        description=_("The revocation applies at once. `version` is required: a stale one gives 409."),
        request=RevokeConsentSerializer,
        responses={200: ConsentSerializer, **error_responses(400, 404, 409)},
    )
    def post(self, request: Request, consent_id: int) -> Response:
        consent = access.get_consent_for_user(request.user, consent_id, edit=True)
        serializer = RevokeConsentSerializer(data=request.data, context={"family": consent.case.family})
        serializer.is_valid(raise_exception=True)
        consent = actions.do_revoke_consent(
            request.user,
            consent,
            expected_version=serializer.validated_data["version"],
            **{k: serializer.validated_data[k] for k in ("revoked_by", "reason")},
        )
        return Response(ConsentSerializer(consent).data)


class CaseInformationRequestList(GenericAPIView):
    @extend_schema(
        summary=_("Information asked from others for this case, newest first"),
        responses={200: InformationRequestSerializer(many=True), **error_responses(404)},
    )
    def get(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id)
        page = self.paginate_queryset(access.case_information_requests(case))
        log.record(request.user, Event.READ, "api.information_requests.list", case=case)
        return self.get_paginated_response(InformationRequestSerializer(page, many=True).data)

    @extend_schema(
        summary=_("Ask the referrer or an agency already involved for information"),
        description=_(
            "Only with the family's valid consent for asking this recipient for these data: otherwise 400 with "
            "one error per missing consent (code no_consent, consent_expired, consent_revoked, age_unknown, "
            "no_custodial_parent or no_child) whose message names the member, purpose and data."
        ),
        request=RequestInformationSerializer,
        responses={201: InformationRequestSerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, edit=True)
        serializer = RequestInformationSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        item = actions.do_request_information(request.user, case, **serializer.validated_data)
        return Response(InformationRequestSerializer(item).data, status=status.HTTP_201_CREATED)
