"""The JSON API of deciding together: options, preferences, decisions and help in progress. Thin: access, parse,
act, serialize; reads are logged here."""

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
from samenplan.decisions import access, actions
from samenplan.decisions.serializers import (
    DecisionInputSerializer,
    DecisionSerializer,
    HelpChangeSerializer,
    HelpInputSerializer,
    HelpSerializer,
    OptionChangeSerializer,
    OptionInputSerializer,
    OptionSerializer,
    PreferenceInputSerializer,
    PreferenceSerializer,
)


class CaseOptions(GenericAPIView):
    pagination_class = None  # a handful of options: one list, in stepped-care order

    @extend_schema(
        summary=_("The options for help of a case, the lightest first"),
        responses={200: OptionSerializer(many=True), **error_responses(404)},
    )
    def get(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id)
        log.record(request.user, Event.READ, "api.decisions.options", case=case)
        return Response(OptionSerializer(actions.options_in_order(case), many=True).data)

    @extend_schema(
        summary=_("Add an option: from the catalogue, from the network or the family's own idea"),
        description=_("`offer` is required with source catalogue; `name` with the network or the family's idea."),
        request=OptionInputSerializer,
        responses={201: OptionSerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, edit=True)
        serializer = OptionInputSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        option = actions.do_add_option(request.user, case, **serializer.validated_data)
        return Response(OptionSerializer(option).data, status=status.HTTP_201_CREATED)


class OptionDetail(GenericAPIView):
    @extend_schema(summary=_("One option for help"), responses={200: OptionSerializer, **error_responses(404)})
    def get(self, request: Request, option_id: int) -> Response:
        option = access.get_option_for_user(request.user, option_id)
        log.record(request.user, Event.READ, "api.decisions.option", case=option.case, detail=f"option={option.pk}")
        return Response(OptionSerializer(option).data)

    @extend_schema(
        summary=_("Change an option (all fields); `version` is required: a stale one gives 409"),
        request=OptionChangeSerializer,
        responses={200: OptionSerializer, **error_responses(400, 404, 409)},
    )
    def put(self, request: Request, option_id: int) -> Response:
        option = access.get_option_for_user(request.user, option_id, edit=True)
        serializer = OptionChangeSerializer(data=request.data, context={"case": option.case})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        option = actions.do_change_option(request.user, option, expected_version=data.pop("version"), **data)
        return Response(OptionSerializer(option).data)


class CasePreferences(GenericAPIView):
    pagination_class = None

    @extend_schema(
        summary=_("Each participant's preference among the options"),
        responses={200: PreferenceSerializer(many=True), **error_responses(404)},
    )
    def get(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id)
        log.record(request.user, Event.READ, "api.decisions.preferences", case=case)
        return Response(PreferenceSerializer(access.preferences(case), many=True).data)

    @extend_schema(
        summary=_("Save one participant's preference"),
        description=_(
            "kind order (ranking: every option once), preferred (preferred: one option, with reasons) or "
            "leave_to_professional. `seen_options`: the options the participant saw (a changed list gives 400 "
            "stale_options); `version`: of their preference read, 0 when none (stale: 409)."
        ),
        request=PreferenceInputSerializer,
        responses={200: PreferenceSerializer, **error_responses(400, 404, 409)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, edit=True)
        serializer = PreferenceInputSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        preference = actions.do_save_preference(request.user, case, expected_version=data.pop("version"), **data)
        return Response(PreferenceSerializer(preference).data)


class CaseDecisions(GenericAPIView):
    pagination_class = None

    @extend_schema(
        summary=_("The decisions on help of a case, newest first"),
        responses={200: DecisionSerializer(many=True), **error_responses(404)},
    )
    def get(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id)
        log.record(request.user, Event.READ, "api.decisions.decisions", case=case)
        return Response(DecisionSerializer(access.decisions(case), many=True).data)

    @extend_schema(
        summary=_("Record the decision made together"),
        description=_(
            "At least one option; participation_level 1 to 5; a participant saying no needs both positions, "
            "resolved_by and resolution; a crucial decision (heavy care, out_of_home, against_family_wish) needs an "
            "answered consultation or a team lead's override (400 crucial_needs_consultation)."
        ),
        request=DecisionInputSerializer,
        responses={201: DecisionSerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, edit=True)
        serializer = DecisionInputSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        decision = actions.do_record_decision(request.user, case, **serializer.validated_data)
        return Response(DecisionSerializer(access.decisions(case).get(pk=decision.pk)).data, status=201)


class CaseHelp(GenericAPIView):
    pagination_class = None

    @extend_schema(
        summary=_("The help in progress of a case"),
        responses={200: HelpSerializer(many=True), **error_responses(404)},
    )
    def get(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id)
        log.record(request.user, Event.READ, "api.decisions.help", case=case)
        return Response(HelpSerializer(access.help_deployments(case), many=True).data)

    @extend_schema(
        summary=_("Record help that is given; the caseworker stays the owner of the case"),
        request=HelpInputSerializer,
        responses={201: HelpSerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, edit=True)
        serializer = HelpInputSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        help = actions.do_add_help(request.user, case, **serializer.validated_data)
        return Response(HelpSerializer(help).data, status=status.HTTP_201_CREATED)


class HelpDetail(GenericAPIView):
    @extend_schema(summary=_("One help in progress"), responses={200: HelpSerializer, **error_responses(404)})
    def get(self, request: Request, help_id: int) -> Response:
        help = access.get_help_for_user(request.user, help_id)
        log.record(request.user, Event.READ, "api.decisions.help_detail", case=help.case, detail=f"help={help.pk}")
        return Response(HelpSerializer(help).data)

    @extend_schema(
        summary=_("Change help in progress (all fields); `version` is required: a stale one gives 409"),
        request=HelpChangeSerializer,
        responses={200: HelpSerializer, **error_responses(400, 404, 409)},
    )
    def put(self, request: Request, help_id: int) -> Response:
        help = access.get_help_for_user(request.user, help_id, edit=True)
        serializer = HelpChangeSerializer(data=request.data, context={"case": help.case})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        help = actions.do_change_help(request.user, help, expected_version=data.pop("version"), **data)
        return Response(HelpSerializer(help).data)
