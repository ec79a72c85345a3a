"""The JSON API for the intake steps. Thin: access, parse, act, serialize; reads are logged here."""

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
from samenplan.intake import access, actions
from samenplan.intake.scales import levels_for
from samenplan.intake.serializers import (
    ClarificationOverviewSerializer,
    ClarifyInputSerializer,
    ConversationInputSerializer,
    ConversationSerializer,
    RouteDecisionSerializer,
    RouteInputSerializer,
    SeverityLevelSerializer,
)


class CaseConversations(GenericAPIView):
    @extend_schema(
        summary=_("The conversations with the family, newest first"),
        responses={200: ConversationSerializer(many=True), **error_responses(404)},
    )
    def get(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id)
        page = self.paginate_queryset(access.conversations(case))
        log.record(request.user, Event.READ, "api.intake.conversations", case=case)
        return self.get_paginated_response(ConversationSerializer(page, many=True).data)

    @extend_schema(
        summary=_("Record a conversation"),
        description=_(
            "The welcome (step 0) and the 8 steps: notes or a skip per step, and the family's own words with "
            "the speaker. The first conversation starts clarifying the question."
        ),
        request=ConversationInputSerializer,
        responses={201: ConversationSerializer, **error_responses(400, 404, 409)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, edit=True)
        serializer = ConversationInputSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        conversation = actions.do_record_conversation(request.user, case, **serializer.to_action())
        return Response(ConversationSerializer(access.conversation(conversation.pk)).data, status.HTTP_201_CREATED)


class CaseClarifications(GenericAPIView):
    @extend_schema(
        summary=_("The question clarified, per participant, and the professional's view"),
        responses={200: ClarificationOverviewSerializer, **error_responses(404)},
    )
    def get(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id)
        log.record(request.user, Event.READ, "api.intake.clarifications", case=case)
        return Response(ClarificationOverviewSerializer(access.clarification_overview(case)).data)

    @extend_schema(
        summary=_("Clarify the question with the participants"),
        description=_(
            "Each participant's help question and problems in their own words, each problem with a burden from 1 "
            "to 10; optionally the professional's view: nature, severity (a level of /severity-levels/) and safety."
        ),
        request=ClarifyInputSerializer,
        responses={201: ClarificationOverviewSerializer, **error_responses(400, 404, 409)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, edit=True)
        serializer = ClarifyInputSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        actions.do_clarify(request.user, case, expected_version=data.pop("version"), **data)
        return Response(
            ClarificationOverviewSerializer(access.clarification_overview(case)).data, status.HTTP_201_CREATED
        )


class CaseRoute(GenericAPIView):
    pagination_class = None  # a case has one route decision, a few after reopening: a plain list

    @extend_schema(
        summary=_("The route decisions of the case, oldest first"),
        responses={200: RouteDecisionSerializer(many=True), **error_responses(404)},
    )
    def get(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id)
        log.record(request.user, Event.READ, "api.intake.route", case=case)
        return Response(RouteDecisionSerializer(access.route_decisions(case), many=True).data)

    @extend_schema(
        summary=_("Decide the route together"),
        description=_(
            "light and acute go on to goals, analysis to the problem-and-strengths analysis. acute needs `crisis`. "
            "When the child was judged not safe, another route needs `other_route_reason`."
        ),
        request=RouteInputSerializer,
        responses={201: RouteDecisionSerializer, **error_responses(400, 404, 409)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, edit=True)
        serializer = RouteInputSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        decision = actions.do_decide_route(request.user, case, expected_version=data.pop("version"), **data)
        return Response(RouteDecisionSerializer(access.route_decision(decision.pk)).data, status.HTTP_201_CREATED)


class SeverityLevels(GenericAPIView):
    pagination_class = None  # a scale has a handful of levels: a plain list

    @extend_schema(
        summary=_("My organisation's severity scale"),
        responses={200: SeverityLevelSerializer(many=True), **error_responses()},
    )
    def get(self, request: Request) -> Response:
        levels = levels_for(request.user.organisation_id) if request.user.organisation_id else []
        return Response(SeverityLevelSerializer(levels, many=True).data)
