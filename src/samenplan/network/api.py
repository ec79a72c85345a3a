"""The JSON API for own strength, the network and the family group plan. Thin: access, parse, act, serialize;
reads are logged here."""

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
from samenplan.network import access, actions, rules
from samenplan.network.serializers import (
    FamilyGroupPlanOverviewSerializer,
    FamilyGroupPlanSerializer,
    FamilyGroupPlanStepSerializer,
    NetworkMemberChangeSerializer,
    NetworkMemberInputSerializer,
    NetworkMemberSerializer,
    NetworkShareInputSerializer,
    OwnStrengthInputSerializer,
    OwnStrengthSerializer,
    PlanPartSerializer,
    SharedNetworkSerializer,
    TakePartSerializer,
)

STEP_ACTIONS = {
    rules.OFFER: actions.do_offer_family_group_plan,
    rules.ACCEPT: actions.do_answer_family_group_plan,
    rules.DECLINE: actions.do_answer_family_group_plan,
    rules.RECORD: actions.do_record_family_group_plan,
    rules.APPROVE: actions.do_approve_family_group_plan,
}


class CaseOwnStrength(GenericAPIView):
    pagination_class = None

    @extend_schema(
        summary=_("The answers to the six own-strength questions, per participant"),
        responses={200: OwnStrengthSerializer(many=True), **error_responses(404)},
    )
    def get(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id)
        records = access.own_strengths(case)
        log.record(request.user, Event.READ, "api.network.own_strength", case=case)
        return Response(OwnStrengthSerializer(records, many=True).data)

    @extend_schema(
        summary=_("Save participants' answers to the own-strength questions, in their own words"),
        description=_(
            "One item per participant, with the version of their answers read (0 when there were none): a stale "
            "version gives 409 and saves nothing."
        ),
        request=OwnStrengthInputSerializer,
        responses={200: OwnStrengthSerializer(many=True), **error_responses(400, 404, 409)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, edit=True)
        serializer = OwnStrengthInputSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        saved = actions.do_save_own_strength(request.user, case, answers=serializer.validated_data["answers"])
        return Response(OwnStrengthSerializer(saved, many=True).data)


class CaseNetworkMembers(GenericAPIView):
    @extend_schema(
        summary=_("The family's network: everyone, with their support and the four criteria"),
        responses={200: NetworkMemberSerializer(many=True), **error_responses(404)},
    )
    def get(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id)
        page = self.paginate_queryset(access.network_members(case))
        log.record(request.user, Event.READ, "api.network.members", case=case)
        return self.get_paginated_response(NetworkMemberSerializer(page, many=True).data)

    @extend_schema(
        summary=_("Add someone to the family's network"),
        description=_(
            "The four criteria (responds, effective, accessible, reliable) are each yes, partly or no; another "
            "value gives 400 with code invalid_choice and a message naming the criterion."
        ),
        request=NetworkMemberInputSerializer,
        responses={201: NetworkMemberSerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, edit=True)
        serializer = NetworkMemberInputSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        person = actions.do_add_network_member(request.user, case, **serializer.validated_data)
        return Response(NetworkMemberSerializer(person).data, status=status.HTTP_201_CREATED)


class NetworkMemberDetail(GenericAPIView):
    @extend_schema(
        summary=_("Someone of the family's network"), responses={200: NetworkMemberSerializer, **error_responses(404)}
    )
    def get(self, request: Request, network_member_id: int) -> Response:
        person = access.get_network_member_for_user(request.user, network_member_id)
        log.record(
            request.user, Event.READ, "api.network.member", case=person.case, detail=f"network_member={person.pk}"
        )
        return Response(NetworkMemberSerializer(person).data)

    @extend_schema(
        summary=_("Change someone of the family's network"),
        description=_("Only the fields sent change. `version` is required: a stale one gives 409."),
        request=NetworkMemberChangeSerializer,
        responses={200: NetworkMemberSerializer, **error_responses(400, 404, 409)},
    )
    def patch(self, request: Request, network_member_id: int) -> Response:
        person = access.get_network_member_for_user(request.user, network_member_id, edit=True)
        serializer = NetworkMemberChangeSerializer(data=request.data, context={"case": person.case})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version")
        current = {name: getattr(person, name) for name in NetworkMemberInputSerializer().fields if name != "goals"}
        current["goals"] = list(person.goals.all())
        person = actions.do_change_network_member(request.user, person, expected_version=version, **{**current, **data})
        return Response(NetworkMemberSerializer(person).data)


class CaseNetworkShare(GenericAPIView):
    @extend_schema(
        summary=_("Share the network with a recipient, to coordinate help"),
        description=_(
            "Only with the family's consent to share the family situation with this recipient for coordinating "
            "help (otherwise 400, one error per missing consent). Contact details go along only when the consent "
            "also covers names and contact details; otherwise `contact` is null and `withheld_because` says why."
        ),
        request=NetworkShareInputSerializer,
        responses={200: SharedNetworkSerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, edit=True)
        serializer = NetworkShareInputSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        shared = actions.do_share_network(request.user, case, **serializer.validated_data)
        return Response(SharedNetworkSerializer(shared).data)


class CaseFamilyGroupPlan(GenericAPIView):
    pagination_class = None

    @extend_schema(
        summary=_("The family group plan: whether it is offered, and its history"),
        responses={200: FamilyGroupPlanOverviewSerializer, **error_responses(404)},
    )
    def get(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id)
        overview = {
            "offered": rules.plan_offered(case.child_protection_measure),
            "approval_needed": rules.approval_needed(actions.latest_safety(case)),
            "plans": access.family_group_plans(case),
        }
        log.record(request.user, Event.READ, "api.network.family_group_plan", case=case)
        return Response(FamilyGroupPlanOverviewSerializer(overview).data)

    @extend_schema(
        summary=_("Take the next step of the family group plan"),
        description=_(
            "offer (not under a child-protection measure: 400 with code under_measure), accept or decline (with "
            "the family's reasons), record (the family's plan and its parts), approve (where the child's safety "
            "is at stake). `version` is the current plan's (0 when there is none): a stale one gives 409."
        ),
        request=FamilyGroupPlanStepSerializer,
        responses={200: FamilyGroupPlanSerializer, **error_responses(400, 404, 409)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, edit=True)
        serializer = FamilyGroupPlanStepSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        step, arguments = serializer.action_arguments()
        plan = STEP_ACTIONS[step](request.user, case, **arguments)
        return Response(FamilyGroupPlanSerializer(access.family_group_plans(case).get(pk=plan.pk)).data)


class PlanPartTake(GenericAPIView):
    @extend_schema(
        summary=_("Take a part of the family's plan into a goal or into the agreement with someone of the network"),
        description=_("`into`: goal or network (then `network_member` is required). Marked as the family's own."),
        request=TakePartSerializer,
        responses={200: PlanPartSerializer, **error_responses(400, 404, 409)},
    )
    def post(self, request: Request, part_id: int) -> Response:
        part = access.get_plan_part_for_user(request.user, part_id, edit=True)
        serializer = TakePartSerializer(data=request.data, context={"case": part.plan.case})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        actions.do_take_part(
            request.user,
            part,
            into=data["into"],
            network_member=data.get("network_member"),
            expected_version=data["version"],
        )
        part.refresh_from_db()
        return Response(PlanPartSerializer(part).data)
