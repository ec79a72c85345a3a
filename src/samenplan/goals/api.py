"""The JSON API of the goals step. Thin: access, parse, act, serialize; reads are logged here."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from samenplan.api.errors import Conflict, error_responses
from samenplan.audit import log
from samenplan.audit.models import Event
from samenplan.cases.access import get_case_for_user
from samenplan.goals import access, actions
from samenplan.goals.serializers import (
    AgreementsInputSerializer,
    DrieluikInputSerializer,
    DrieluikSerializer,
    GoalChangeSerializer,
    GoalInputSerializer,
    GoalSerializer,
    GoalsOverviewSerializer,
    MiracleAnswerSerializer,
    MiracleInputSerializer,
    MoveInputSerializer,
    ProblemAgreementSerializer,
    ScaleScoreSerializer,
    ScoreInputSerializer,
    SignsOfSafetyInputSerializer,
    SignsOfSafetySerializer,
)


def _fresh_goal(goal):
    return access.goals(goal.case).get(pk=goal.pk)


class CaseGoals(GenericAPIView):
    pagination_class = None  # a case has a handful of goals: one overview

    @extend_schema(
        summary=_("The goals step of a case"),
        description=_(
            "Each participant's agreement on the question and the problem, the goals in priority order with their "
            "scale scores, the miracle question, the Drieluik and, when the clarification found safety concerns, "
            "Signs of Safety."
        ),
        responses={200: GoalsOverviewSerializer, **error_responses(404)},
    )
    def get(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id)
        log.record(request.user, Event.READ, "api.goals.overview", case=case)
        return Response(GoalsOverviewSerializer(access.overview(case)).data)

    @extend_schema(
        summary=_("Add a goal in the family's own words"),
        description=_("The goal comes last in the priority order. `member` only with whose = member."),
        request=GoalInputSerializer,
        responses={201: GoalSerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, edit=True)
        serializer = GoalInputSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        goal = actions.do_add_goal(request.user, case, **serializer.validated_data)
        return Response(GoalSerializer(_fresh_goal(goal)).data, status.HTTP_201_CREATED)


class GoalDetail(GenericAPIView):
    @extend_schema(summary=_("One goal with its scale scores"), responses={200: GoalSerializer, **error_responses(404)})
    def get(self, request: Request, goal_id: int) -> Response:
        goal = access.get_goal_for_user(request.user, goal_id)
        log.record(request.user, Event.READ, "api.goals.goal", case=goal.case, detail=f"goal={goal.pk}")
        return Response(GoalSerializer(_fresh_goal(goal)).data)

    @extend_schema(
        summary=_("Change a goal"),
        description=_("Words, owner, term, target date and status; a dropped goal needs `status_reason`."),
        request=GoalChangeSerializer,
        responses={200: GoalSerializer, **error_responses(400, 404, 409)},
    )
    def put(self, request: Request, goal_id: int) -> Response:
        goal = access.get_goal_for_user(request.user, goal_id, edit=True)
        serializer = GoalChangeSerializer(data=request.data, context={"case": goal.case})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        actions.do_change_goal(request.user, goal, expected_version=data.pop("version"), **data)
        return Response(GoalSerializer(_fresh_goal(goal)).data)


class GoalOrder(GenericAPIView):
    pagination_class = None

    @extend_schema(
        summary=_("Move a goal one place up or down"),
        description=_("`order` is the list of goal ids as you saw it; when it changed since, 409 with stale_order."),
        request=MoveInputSerializer,
        responses={200: GoalSerializer(many=True), **error_responses(400, 404, 409)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, edit=True)
        serializer = MoveInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            actions.do_move_goal(
                request.user, case, goal_id=data["goal"], direction=data["direction"], seen_order=data["order"]
            )
        except ValidationError as error:
            stale = error.error_dict.get("order", [])
            if stale and stale[0].code == "stale_order":  # the list changed since it was read: like a stale version
                raise Conflict(stale[0].messages[0], code="stale_order") from error
            raise
        return Response(GoalSerializer(access.goals(case), many=True).data)


class GoalScores(GenericAPIView):
    @extend_schema(
        summary=_("Give a scale score on a goal"),
        description=_(
            "From 0 (the worst moment) to 10 (goal reached), by a family member (`member`) or a professional of "
            "the case (`professional`): exactly one of the two."
        ),
        request=ScoreInputSerializer,
        responses={201: ScaleScoreSerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request, goal_id: int) -> Response:
        goal = access.get_goal_for_user(request.user, goal_id, edit=True)
        serializer = ScoreInputSerializer(data=request.data, context={"case": goal.case})
        serializer.is_valid(raise_exception=True)
        score = actions.do_add_score(request.user, goal, **serializer.validated_data)
        return Response(ScaleScoreSerializer(score).data, status.HTTP_201_CREATED)


class CaseAgreements(GenericAPIView):
    pagination_class = None

    @extend_schema(
        summary=_("Record participants' agreement on the question and the problem"),
        description=_("yes, partly or no per participant; partly and no need their own `words`. No blocks nothing."),
        request=AgreementsInputSerializer,
        responses={201: ProblemAgreementSerializer(many=True), **error_responses(400, 404)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, edit=True)
        serializer = AgreementsInputSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        records = actions.do_record_agreements(request.user, case, **serializer.validated_data)
        return Response(ProblemAgreementSerializer(records, many=True).data, status.HTTP_201_CREATED)


class CaseMiracle(GenericAPIView):
    pagination_class = None

    @extend_schema(
        summary=_("Record answers to the miracle question"),
        request=MiracleInputSerializer,
        responses={201: MiracleAnswerSerializer(many=True), **error_responses(400, 404)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, edit=True)
        serializer = MiracleInputSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        records = actions.do_record_miracle_answers(request.user, case, **serializer.validated_data)
        return Response(MiracleAnswerSerializer(records, many=True).data, status.HTTP_201_CREATED)


class CaseDrieluik(GenericAPIView):
    @extend_schema(
        summary=_("Save the Drieluik"),
        description=_("The first save needs no version; a change names the version it was based on."),
        request=DrieluikInputSerializer,
        responses={200: DrieluikSerializer, **error_responses(400, 404, 409)},
    )
    def put(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, edit=True)
        serializer = DrieluikInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        drieluik = actions.do_save_drieluik(request.user, case, expected_version=data.pop("version"), **data)
        return Response(DrieluikSerializer(drieluik).data)


class CaseSignsOfSafety(GenericAPIView):
    @extend_schema(
        summary=_("Save Signs of Safety"),
        description=_(
            "Only when the clarification's latest safety answer was concerns or not safe (otherwise 400, "
            "not_applicable). The first save needs no version; a change names it."
        ),
        request=SignsOfSafetyInputSerializer,
        responses={200: SignsOfSafetySerializer, **error_responses(400, 404, 409)},
    )
    def put(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, edit=True)
        serializer = SignsOfSafetyInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        record = actions.do_save_signs_of_safety(request.user, case, expected_version=data.pop("version"), **data)
        return Response(SignsOfSafetySerializer(record).data)
