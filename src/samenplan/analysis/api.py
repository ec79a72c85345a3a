"""The JSON API for the analysis. Thin: access, parse, act, serialize; reads are logged here."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from samenplan.analysis import access, actions, services
from samenplan.analysis.serializers import (
    AnalysisSerializer,
    AnswerInputSerializer,
    CircumstanceInputSerializer,
    CircumstanceSerializer,
    ConsultationInputSerializer,
    ConsultationSerializer,
    OverrideInputSerializer,
    PictureInputSerializer,
    PictureSerializer,
    PsychoEducationInputSerializer,
    PsychoEducationSerializer,
    QuestionInputSerializer,
    QuestionSerializer,
    ShareInputSerializer,
    SkipInputSerializer,
    VersionInputSerializer,
)
from samenplan.api.errors import error_responses
from samenplan.audit import log
from samenplan.audit.models import Event
from samenplan.cases.access import get_case_for_user
from samenplan.cases.serializers import CaseRefSerializer
from samenplan.errors import read_only


def _current_or_error(case):
    from django.core.exceptions import ValidationError

    picture = access.current_picture(case)
    if picture is None:
        raise ValidationError(_("Write the coherent picture first."), code="no_picture")
    return picture


def _picture(picture) -> dict:
    return PictureSerializer(services.picture_with_details(picture)).data


class CaseAnalysis(GenericAPIView):
    serializer_class = AnalysisSerializer

    @extend_schema(
        summary=_("The analysis of a case: plan (with instrument warnings), pictures, consultations, psycho-education"),
        responses={200: AnalysisSerializer, **error_responses(404)},
    )
    def get(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id)
        context = services.overview(request.user, case)
        rows = context["plan"]
        data = {
            "phase": case.phase,
            "circumstances": context["circumstances"],
            "plan": [row.question for row in rows],
            "picture": context["current"],
            "earlier_pictures": context["earlier"],
            "consultations": context["consultations"],
            "psycho_education": context["psycho_education"],
        }
        log.record(request.user, Event.READ, "api.analysis", case=case)
        warnings = {row.question.pk: row.warnings for row in rows}
        return Response(AnalysisSerializer(data, context={"warnings": warnings}).data)


class CaseCircumstances(GenericAPIView):
    serializer_class = CircumstanceInputSerializer

    @extend_schema(
        summary=_("Record a family member's special circumstance"),
        description=_(
            "Codes: migration_background, other_home_language (with `language`), limited_dutch, low_literacy, "
            "intellectual_disability, other_disability. The plan warns when an instrument does not suit them."
        ),
        request=CircumstanceInputSerializer,
        responses={201: CircumstanceSerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, edit=True)
        serializer = CircumstanceInputSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        item = actions.do_record_circumstance(request.user, case, **serializer.validated_data)
        return Response(CircumstanceSerializer(item).data, status=status.HTTP_201_CREATED)


class CaseQuestions(GenericAPIView):
    serializer_class = QuestionInputSerializer

    @extend_schema(
        summary=_("Add a question to the investigation plan"),
        description=_(
            "Method instrument names `instrument` and `about`; method other_agency names `recipient` and "
            "`data_kinds` and needs the family's consent to ask that recipient (400 with code no_consent, "
            "consent_expired or consent_revoked otherwise)."
        ),
        request=QuestionInputSerializer,
        responses={201: QuestionSerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, edit=True)
        serializer = QuestionInputSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        item = actions.do_add_question(request.user, case, **serializer.validated_data)
        circumstances = services.circumstances_by_member(case).get(item.about_id, [])
        warnings = {item.pk: services.instrument_warnings(item, circumstances)}
        return Response(QuestionSerializer(item, context={"warnings": warnings}).data, status=status.HTTP_201_CREATED)


class CasePicture(GenericAPIView):
    serializer_class = PictureInputSerializer

    @extend_schema(
        summary=_("Write the coherent picture"),
        description=_(
            "A draft changes in place; after it was discussed with the family, a change makes a new version. "
            "`version` (of the current picture) is required once there is one: a stale one gives 409."
        ),
        request=PictureInputSerializer,
        responses={200: PictureSerializer, **error_responses(400, 404, 409)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, edit=True)
        serializer = PictureInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        picture = actions.do_save_picture(request.user, case, **serializer.to_action())
        return Response(_picture(picture))


class CasePictureShare(GenericAPIView):
    serializer_class = ShareInputSerializer

    @extend_schema(
        summary=_("Record the family's view of the current picture"),
        request=ShareInputSerializer,
        responses={200: PictureSerializer, **error_responses(400, 404, 409)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, edit=True)
        serializer = ShareInputSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        picture = actions.do_share_picture(
            request.user,
            _current_or_error(case),
            views=serializer.validated_data["views"],
            expected_version=serializer.validated_data["version"],
        )
        return Response(_picture(picture))


class CasePictureFinalise(GenericAPIView):
    serializer_class = VersionInputSerializer

    @extend_schema(
        summary=_("Finalise the current picture"),
        description=_(
            "Refused (400, code consultation_needed) with multiple and complex problems until a consultation is "
            "answered or a team lead recorded an override; code not_shared before the family's view is recorded."
        ),
        request=VersionInputSerializer,
        responses={200: PictureSerializer, **error_responses(400, 404, 409)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, edit=True)
        serializer = VersionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        picture = actions.do_finalise_picture(
            request.user, _current_or_error(case), expected_version=serializer.validated_data["version"]
        )
        return Response(_picture(picture))


class CasePictureOverride(GenericAPIView):
    serializer_class = OverrideInputSerializer

    @extend_schema(
        summary=_("Team lead: record why the picture may be final without a consultation"),
        request=OverrideInputSerializer,
        responses={200: PictureSerializer, **error_responses(400, 403, 404, 409)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id)
        if not services.may_override(request.user, case):
            log.refused(request.user, "case", case_id, case=case)
            raise read_only()
        serializer = OverrideInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        picture = actions.do_override_consultation(
            request.user,
            _current_or_error(case),
            reason=serializer.validated_data["reason"],
            expected_version=serializer.validated_data["version"],
        )
        return Response(_picture(picture))


class CaseConsultations(GenericAPIView):
    serializer_class = ConsultationInputSerializer

    @extend_schema(
        summary=_("Ask a behavioural scientist, with the current coherent picture attached"),
        description=_("The scientist sees the case until the advice is in."),
        request=ConsultationInputSerializer,
        responses={201: ConsultationSerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, edit=True)
        serializer = ConsultationInputSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        item = actions.do_request_consultation(request.user, case, **serializer.validated_data)
        return Response(ConsultationSerializer(item).data, status=status.HTTP_201_CREATED)


class ConsultationQueue(GenericAPIView):
    serializer_class = ConsultationSerializer

    @extend_schema(
        summary=_("The behavioural scientist's open requests for consultation, oldest first"),
        responses={200: ConsultationSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(access.open_requests_for(request.user).select_related("picture"))
        log.record(request.user, Event.READ, "api.consultations.queue", families=[c.case.family_id for c in page])
        return self.get_paginated_response(ConsultationSerializer(page, many=True).data)


class ConsultationAnswer(GenericAPIView):
    serializer_class = AnswerInputSerializer

    @extend_schema(
        summary=_("Answer a consultation with advice; it lands in the dossier"),
        request=AnswerInputSerializer,
        responses={200: ConsultationSerializer, **error_responses(400, 403, 404, 409)},
    )
    def post(self, request: Request, consultation_id: int) -> Response:
        consultation = access.get_consultation_for_user(request.user, consultation_id, answer=True)
        serializer = AnswerInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = actions.do_answer_consultation(
            request.user,
            consultation,
            advice=serializer.validated_data["advice"],
            expected_version=serializer.validated_data["version"],
        )
        return Response(ConsultationSerializer(item).data)


class CasePsychoEducation(GenericAPIView):
    serializer_class = PsychoEducationInputSerializer

    @extend_schema(
        summary=_("Record psycho-education"),
        request=PsychoEducationInputSerializer,
        responses={201: PsychoEducationSerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, edit=True)
        serializer = PsychoEducationInputSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        item = actions.do_record_psycho_education(request.user, case, **serializer.validated_data)
        return Response(PsychoEducationSerializer(item).data, status=status.HTTP_201_CREATED)


class CaseSkipAnalysis(GenericAPIView):
    serializer_class = SkipInputSerializer

    @extend_schema(
        summary=_("Skip the analysis under a child-protection measure, with the reason"),
        description=_("Refused (400, code skip_only_under_measure or picture_first) as the phase machine says."),
        request=SkipInputSerializer,
        responses={200: CaseRefSerializer, **error_responses(400, 404, 409)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, edit=True)
        serializer = SkipInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = actions.do_skip_analysis(
            request.user,
            case,
            reason=serializer.validated_data["reason"],
            expected_version=serializer.validated_data["version"],
        )
        return Response(CaseRefSerializer(case).data)
