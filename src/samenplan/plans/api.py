"""The JSON API of the family plan. Thin: access, parse, act, serialize; reads are logged here."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from samenplan.api.errors import django_validation_to_drf, error_responses
from samenplan.audit import log
from samenplan.audit.models import Event
from samenplan.cases.access import get_case_for_user
from samenplan.plans import access, actions, rules, services
from samenplan.plans.models import PlanVersion
from samenplan.plans.serializers import (
    DiffSerializer,
    NewVersionInputSerializer,
    PlanAgreementInputSerializer,
    PlanAgreementSerializer,
    PlanSerializer,
    PlanVersionSerializer,
    PlanVersionSummarySerializer,
    StaleSerializer,
    content_from,
)


def _version(case, number) -> PlanVersion:
    version = access.get_version(case, number)
    related = PlanVersion.objects.select_related("author", "plan__case").prefetch_related("agreements__member")
    return related.get(pk=version.pk)


class CasePlan(GenericAPIView):
    pagination_class = None

    @extend_schema(
        summary=_("The family plan of a case"),
        description=_("The newest version with the family's agreement, and the list of versions."),
        responses={200: PlanSerializer, **error_responses(404)},
    )
    def get(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id)
        current = services.current_version(case)
        log.record(request.user, Event.READ, "api.plans.plan", case=case)
        data = {
            "case": case.pk,
            "newest_version": current.number if current else 0,
            "current": _version(case, current.number) if current else None,
            "versions": services.versions(case),
        }
        return Response(PlanSerializer(data).data)


class PlanVersions(GenericAPIView):
    pagination_class = None

    @extend_schema(
        summary=_("The versions of the family plan"),
        responses={200: PlanVersionSummarySerializer(many=True), **error_responses(404)},
    )
    def get(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id)
        log.record(request.user, Event.READ, "api.plans.versions", case=case)
        return Response(PlanVersionSummarySerializer(services.versions(case), many=True).data)

    @extend_schema(
        summary=_("Save the plan as a new version"),
        description=_(
            "`based_on_version` is the number of the version you started from (0 for the first). When the plan "
            "has a newer version, nothing is saved: 409 with code stale_version and the newest version as "
            "`current_version`, so you can merge and send again. A save that changes nothing returns the newest "
            "version with 200."
        ),
        request=NewVersionInputSerializer,
        responses={
            201: PlanVersionSerializer,
            200: PlanVersionSerializer,
            409: OpenApiResponse(StaleSerializer, description=_("A newer version was saved meanwhile.")),
            **error_responses(400, 404),
        },
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, edit=True)
        serializer = NewVersionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        before = services.version_number(case)
        try:
            version = actions.do_new_version(
                request.user,
                case,
                based_on=data["based_on_version"],
                content=content_from(data["content"]),
                reason=data["reason"],
            )
        except actions.StalePlan as stale:
            current = _version(case, stale.current)
            body = {
                "errors": [{"field": "based_on_version", "code": "stale_version", "message": stale.messages[0]}],
                "current_version": PlanVersionSerializer(current).data,
            }
            return Response(body, status=status.HTTP_409_CONFLICT)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                error = ValidationError({f"content.{k}": v for k, v in error.error_dict.items()})
            raise django_validation_to_drf(error) from error
        created = version.number > before
        return Response(
            PlanVersionSerializer(_version(case, version.number)).data,
            status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class PlanVersionDetail(GenericAPIView):
    @extend_schema(
        summary=_("One version of the family plan"), responses={200: PlanVersionSerializer, **error_responses(404)}
    )
    def get(self, request: Request, case_id: int, number: int) -> Response:
        case = get_case_for_user(request.user, case_id)
        version = _version(case, number)
        log.record(request.user, Event.READ, "api.plans.version", case=case, detail=f"plan_version={version.pk}")
        return Response(PlanVersionSerializer(version).data)


class PlanVersionAgreement(GenericAPIView):
    @extend_schema(
        summary=_("Record a participant's agreement with the newest version"),
        description=_("yes, partly or no; partly and no need their own `words`. Only for the newest version."),
        request=PlanAgreementInputSerializer,
        responses={201: PlanAgreementSerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request, case_id: int, number: int) -> Response:
        case = get_case_for_user(request.user, case_id, edit=True)
        version = access.get_version(case, number)
        serializer = PlanAgreementInputSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        record = actions.do_record_agreement(request.user, version, **serializer.validated_data)
        return Response(PlanAgreementSerializer(record).data, status.HTTP_201_CREATED)


class PlanDiff(GenericAPIView):
    pagination_class = None

    @extend_schema(
        summary=_("The difference between two versions of the plan"),
        description=_("Per section, lines and words added and removed from version `from` to version `to`."),
        parameters=[
            OpenApiParameter("from", int, description=_("The older version (default: the one before `to`).")),
            OpenApiParameter("to", int, description=_("The newer version (default: the newest).")),
        ],
        responses={200: DiffSerializer, **error_responses(404)},
    )
    def get(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id)
        newest = services.version_number(case)
        if not newest:  # no plan yet: nothing to compare
            log.record(request.user, Event.READ, "api.plans.diff", case=case)
            return Response(DiffSerializer({"from_version": 0, "to_version": 0, "sections": []}).data)
        new = access.get_version(case, request.query_params.get("to") or newest)
        old = access.get_version(case, request.query_params.get("from") or max(new.number - 1, 1))
        log.record(request.user, Event.READ, "api.plans.diff", case=case, detail=f"plan_version={old.pk},{new.pk}")
        changes = rules.diff(old.content, new.content)
        data = {
            "from_version": old.number,
            "to_version": new.number,
            "sections": [{"section": key, "lines": changes[key]} for key in rules.SECTIONS],
        }
        return Response(DiffSerializer(data).data)
