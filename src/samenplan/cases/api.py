"""The JSON API for families, members, cases and the dossier timeline. Thin: parse, access, act, serialize.

Objects come from ``access`` (404 for what the user may not see, 403 for what they may see but not change),
every change goes through ``actions`` (which write the access log), and every read of client data is logged
here, as the web views do. Errors become structured JSON in ``samenplan.api.errors``.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, router
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from samenplan.api.errors import django_validation_to_drf, error_responses
from samenplan.audit import log
from samenplan.audit.models import Event
from samenplan.caseload.paging import KeysFirst, PreparedKeysFirst
from samenplan.cases import access, actions
from samenplan.cases.models import Case, Family
from samenplan.cases.predicates import EDITORS, VIEWERS, CasesOf
from samenplan.cases.serializers import (
    CASE_LIST_FIELDS,
    CaseDetailSerializer,
    CaseFilterSerializer,
    CaseSerializer,
    EntrySerializer,
    FamilyDetailSerializer,
    FamilySerializer,
    MemberChangeSerializer,
    MemberInputSerializer,
    MemberSerializer,
    MovePhaseSerializer,
    NoteSerializer,
    RegisterFamilySerializer,
    WorkersSerializer,
    case_detail_data,
    case_list_data,
)
from samenplan.dbrouter import reads_replica


def _family_detail(user, family: Family) -> dict:
    """The family with its members and only the cases this user may see."""
    visible = Prefetch("cases", queryset=access.visible_cases(user), to_attr="visible_cases")
    prefetch_related_objects([family], "members", visible)
    return FamilyDetailSerializer(family).data


def _case_detail(user, case: Case) -> dict:
    """The case's JSON; its co-workers and prior help read unless the case's query said there are none or read
    them already (``access.get_case_for_api``)."""
    lookups = [] if "coworkers" in getattr(case, "_prefetched_objects_cache", {}) else ["coworkers"]
    lookups += [] if getattr(case, "has_prior_help", True) is False else ["registration__prior_help"]
    prefetch_related_objects([case], *lookups)
    return case_detail_data(case, user)


@reads_replica
class FamilyList(GenericAPIView):
    @extend_schema(summary=_("Families I may see"), responses={200: FamilySerializer(many=True), **error_responses()})
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(access.visible_families(request.user))
        log.record(request.user, Event.READ, "api.families.list", families=[family.pk for family in page])
        return self.get_paginated_response(FamilySerializer(page, many=True).data)

    @extend_schema(
        summary=_("Register a family with its first case"),
        request=RegisterFamilySerializer,
        responses={201: FamilyDetailSerializer, **error_responses(400)},
    )
    def post(self, request: Request) -> Response:
        if not rules.test_rule("cases.register_family", request.user):
            raise PermissionDenied
        serializer = RegisterFamilySerializer(data=request.data, context={"user": request.user})
        serializer.is_valid(raise_exception=True)
        case = actions.do_register_family(request.user, **serializer.validated_data)
        return Response(_family_detail(request.user, case.family), status=status.HTTP_201_CREATED)


class FamilyDetail(GenericAPIView):
    @extend_schema(
        summary=_("A family, its members and the cases I may see"),
        responses={200: FamilyDetailSerializer, **error_responses(404)},
    )
    def get(self, request: Request, family_id: int) -> Response:
        family = access.get_family_for_user(request.user, family_id)
        log.record(request.user, Event.READ, "api.families.detail", family=family)
        return Response(_family_detail(request.user, family))


class FamilyMemberList(GenericAPIView):
    @extend_schema(
        summary=_("A family's members"), responses={200: MemberSerializer(many=True), **error_responses(404)}
    )
    def get(self, request: Request, family_id: int) -> Response:
        family = access.get_family_for_user(request.user, family_id)
        page = self.paginate_queryset(family.members.all())
        log.record(request.user, Event.READ, "api.members.list", family=family)
        return self.get_paginated_response(MemberSerializer(page, many=True).data)

    @extend_schema(
        summary=_("Add a member to the family"),
        request=MemberInputSerializer,
        responses={201: MemberSerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request, family_id: int) -> Response:
        family = access.get_family_for_edit(request.user, family_id)
        serializer = MemberInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        member = actions.do_add_member(request.user, family, **serializer.validated_data)
        return Response(MemberSerializer(member).data, status=status.HTTP_201_CREATED)


class MemberDetail(GenericAPIView):
    @extend_schema(summary=_("A family member"), responses={200: MemberSerializer, **error_responses(404)})
    def get(self, request: Request, member_id: int) -> Response:
        member = access.get_member_for_user(request.user, member_id)
        log.record(request.user, Event.READ, "api.members.detail", member=member)
        return Response(MemberSerializer(member).data)

    @extend_schema(
        summary=_("Change a family member"),
        description=_("Only the fields sent change. `version` is required: a stale one gives 409 stale_version."),
        request=MemberChangeSerializer,
        responses={200: MemberSerializer, **error_responses(400, 404, 409)},
    )
    def patch(self, request: Request, member_id: int) -> Response:
        member = access.get_member_for_user(request.user, member_id, edit=True)
        serializer = MemberChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        version = fields.pop("version")
        member = actions.do_change_member(request.user, member, expected_version=version, **fields)
        return Response(MemberSerializer(member).data)


@reads_replica
class CaseList(GenericAPIView):
    @extend_schema(
        summary=_("Cases I may see"),
        description=_("With `q` this is a search (logged as such); `mine` keeps the cases I work on."),
        parameters=[CaseFilterSerializer],
        responses={200: CaseSerializer(many=True), **error_responses(400)},
    )
    def get(self, request: Request) -> Response:
        filters = CaseFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        q, phase, mine = (filters.validated_data.get(k) for k in ("q", "phase", "mine"))
        # The page's keys and the list's length in one query, then the page's rows as values (two queries)
        page = self.paginate_queryset(_case_list(request.user, q, phase, mine))
        detail = " ".join(f"{k}={v}" for k, v in (("q", q), ("phase", phase), ("mine", "true" if mine else "")) if v)
        families = [row["family_id"] for row in page]
        log.record(request.user, Event.SEARCH if q else Event.READ, "api.cases.list", families=families, detail=detail)
        return self.get_paginated_response(case_list_data(page))


def _case_list(user, q: str, phase: str, mine: bool) -> KeysFirst:
    """The cases of the list (``access.editable_cases`` with ``mine``, else ``access.visible_cases``), in ``phase``
    if given, their names holding ``q`` if given. Without ``q`` the visibility is SQL text (``predicates.CasesOf``),
    the same for every user with relations of the same shape: both queries compiled once per shape and connection
    and run prepared (``PreparedKeysFirst``: their plans are the same whatever the user's ids and the page's keys)."""
    if q:
        cases = access.editable_cases(user) if mine else access.visible_cases(user)
        cases = cases.filter(family__name__icontains=q)
        return KeysFirst(cases.filter(phase=phase) if phase else cases, CASE_LIST_FIELDS)
    condition = CasesOf(user, EDITORS if mine else VIEWERS)
    connection = connections[router.db_for_read(Case)]
    text, params = condition.sql(connection.ops.quote_name(Case._meta.db_table), connection)

    def build():
        cases = Case.objects.filter(condition)
        return cases.filter(phase=phase) if phase else cases

    key = ("api cases", text, bool(phase))
    params = [*params, *([phase] if phase else [])]
    return PreparedKeysFirst(Case, key, build, params, CASE_LIST_FIELDS, prepare=True)


class CaseDetail(GenericAPIView):
    @extend_schema(summary=_("A case"), responses={200: CaseDetailSerializer, **error_responses(404)})
    def get(self, request: Request, case_id: int) -> Response:
        case = access.get_case_for_api(request.user, case_id)
        log.record(request.user, Event.READ, "api.cases.detail", case=case)
        return Response(_case_detail(request.user, case))


class CasePhase(GenericAPIView):
    @extend_schema(
        summary=_("Move a case to another phase"),
        description=_("The guideline's order is kept: `next_phases` on the case says where it may go."),
        request=MovePhaseSerializer,
        responses={200: CaseDetailSerializer, **error_responses(400, 404, 409)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = access.get_case_for_phase_change(request.user, case_id)
        serializer = MovePhaseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            case = actions.do_move_phase(
                request.user, case, target=data["target"], expected_version=data["version"], note=data["note"]
            )
        except ValidationError as error:
            raise django_validation_to_drf(error, rename={"phase": "target"}) from error
        return Response(_case_detail(request.user, case))


class CaseWorkers(GenericAPIView):
    @extend_schema(
        summary=_("Change who works with the family"),
        description=_("Hand the case to another fixed caseworker, or change the co-workers."),
        request=WorkersSerializer,
        responses={200: CaseDetailSerializer, **error_responses(400, 404, 409)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = access.get_case_for_assigning(request.user, case_id)
        serializer = WorkersSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        case = actions.do_change_workers(
            request.user,
            case,
            caseworker=data["caseworker"],
            coworkers=data["coworkers"],
            expected_version=data["version"],
            note=data["note"],
        )
        return Response(_case_detail(request.user, case))


@reads_replica
class CaseEntryList(GenericAPIView):
    @extend_schema(
        summary=_("The dossier timeline, newest first"),
        responses={200: EntrySerializer(many=True), **error_responses(404)},
    )
    def get(self, request: Request, case_id: int) -> Response:
        case = access.get_case_for_user(request.user, case_id)
        page = self.paginate_queryset(access.case_entries(case))
        log.record(request.user, Event.READ, "api.cases.entries", case=case)
        return self.get_paginated_response(EntrySerializer(page, many=True).data)

    @extend_schema(
        summary=_("Add a note to the dossier"),
        request=NoteSerializer,
        responses={201: EntrySerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = access.get_case_for_user(request.user, case_id, edit=True)
        serializer = NoteSerializer(data=request.data, context={"family": case.family})
        serializer.is_valid(raise_exception=True)
        entry = actions.do_add_note(request.user, case, **serializer.validated_data)
        return Response(EntrySerializer(entry).data, status=status.HTTP_201_CREATED)
