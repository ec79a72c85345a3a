"""The JSON API of evaluating, closing and reopening. Thin: access, parse, act, serialize; reads are logged here."""

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
from samenplan.cases.access import get_case_for_phase_change, get_case_for_user
from samenplan.evaluations import access, actions, services
from samenplan.evaluations.serializers import (
    CloseInputSerializer,
    ClosingSerializer,
    EvaluationSerializer,
    HoldInputSerializer,
    HoldPlannedInputSerializer,
    PlanInputSerializer,
    ProgressSerializer,
    ReopeningSerializer,
    ReopenInputSerializer,
    ReturnInputSerializer,
)


class CaseEvaluations(GenericAPIView):
    pagination_class = None

    @extend_schema(
        summary=_("The evaluations of a case"),
        description=_("Planned and held, oldest first."),
        responses={200: EvaluationSerializer(many=True), **error_responses(404)},
    )
    def get(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id)
        log.record(request.user, Event.READ, "api.evaluations.list", case=case)
        evaluations = case.evaluations.select_related("held_by").order_by("held_on", "planned_on", "pk")
        return Response(EvaluationSerializer(evaluations, many=True).data)

    @extend_schema(
        summary=_("Plan an evaluation"),
        description=_("The date, how and with whom (the plan's evaluation agreements)."),
        request=PlanInputSerializer,
        responses={201: EvaluationSerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_phase_change(request.user, case_id)
        serializer = PlanInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        evaluation = actions.do_plan_evaluation(request.user, case, **serializer.validated_data)
        return Response(EvaluationSerializer(evaluation).data, status.HTTP_201_CREATED)


def _hold_description():
    return _(
        "The family's experience in their own words, scale scores per goal (`scores`: goal, member or "
        "professional, score 0 to 10), and the outcome: continue, adjust (`adjustment` required) or end (the "
        "running help ends). Refused on a closed case."
    )


class CaseEvaluationNow(GenericAPIView):
    @extend_schema(
        summary=_("Hold an evaluation now (not planned)"),
        description=_hold_description(),
        request=HoldInputSerializer,
        responses={201: EvaluationSerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_phase_change(request.user, case_id)
        serializer = HoldInputSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        evaluation = actions.do_hold_evaluation(request.user, case, **serializer.validated_data)
        return Response(EvaluationSerializer(evaluation).data, status.HTTP_201_CREATED)


class EvaluationDetail(GenericAPIView):
    @extend_schema(summary=_("One evaluation"), responses={200: EvaluationSerializer, **error_responses(404)})
    def get(self, request: Request, evaluation_id: int) -> Response:
        evaluation = access.get_evaluation_for_user(request.user, evaluation_id)
        log.record(
            request.user,
            Event.READ,
            "api.evaluations.evaluation",
            case=evaluation.case,
            detail=f"evaluation={evaluation.pk}",
        )
        return Response(EvaluationSerializer(evaluation).data)


class EvaluationHold(GenericAPIView):
    @extend_schema(
        summary=_("Hold a planned evaluation"),
        description=_hold_description(),
        request=HoldPlannedInputSerializer,
        responses={200: EvaluationSerializer, **error_responses(400, 404, 409)},
    )
    def post(self, request: Request, evaluation_id: int) -> Response:
        evaluation = access.get_evaluation_for_user(request.user, evaluation_id, edit=True)
        serializer = HoldPlannedInputSerializer(data=request.data, context={"case": evaluation.case})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        held = actions.do_hold_evaluation(
            request.user, evaluation.case, evaluation=evaluation, expected_version=data.pop("version"), **data
        )
        return Response(EvaluationSerializer(held).data)


class CaseClose(GenericAPIView):
    @extend_schema(
        summary=_("Close the case"),
        description=_(
            "The reason, the outcome of every goal that was not dropped (reached, partly, not_reached), the family's "
            "view of the help and the aftercare. `other` needs `reason_other`; "
            "`referred`, `family_ends` and `other` need `other_help` (which other help was discussed)."
        ),
        request=CloseInputSerializer,
        responses={201: ClosingSerializer, **error_responses(400, 404, 409)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_phase_change(request.user, case_id)
        serializer = CloseInputSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        closing = actions.do_close_case(request.user, case, expected_version=data.pop("version"), **data)
        return Response(ClosingSerializer(closing).data, status.HTTP_201_CREATED)


class CaseReopen(GenericAPIView):
    @extend_schema(
        summary=_("Reopen a closed case"),
        description=_(
            "Within the organisation's reopen period: the same case continues with its history. After it: 400 with "
            "reopen_period_over; register the family again (return/)."
        ),
        request=ReopenInputSerializer,
        responses={201: ReopeningSerializer, **error_responses(400, 404, 409)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_phase_change(request.user, case_id)
        serializer = ReopenInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        reopening = actions.do_reopen(request.user, case, expected_version=data.pop("version"), **data)
        return Response(ReopeningSerializer(reopening).data, status.HTTP_201_CREATED)


class CaseReturn(GenericAPIView):
    @extend_schema(
        summary=_("Register the family again after the reopen period"),
        description=_("A new case for the same family, linked to this closed one (`previous_case`)."),
        request=ReturnInputSerializer,
        responses={201: ReopeningSerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_phase_change(request.user, case_id)
        serializer = ReturnInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reopening = actions.do_register_return(request.user, case, **serializer.validated_data)
        return Response(ReopeningSerializer(reopening).data, status.HTTP_201_CREATED)


class CaseProgress(GenericAPIView):
    pagination_class = None

    @extend_schema(
        summary=_("Progress of a case over time"),
        description=_("Every goal with its scale scores, a summary per goal in words, evaluations, closings."),
        responses={200: ProgressSerializer, **error_responses(404)},
    )
    def get(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id)
        log.record(request.user, Event.READ, "api.evaluations.progress", case=case)
        data = services.progress(case, charts=False)
        data["closings"] = list(case.closings.prefetch_related("goal_outcomes"))
        data["reopenings"] = list(case.reopenings.all())
        return Response(ProgressSerializer(data).data)
