"""The JSON API of the privacy app: the export of everything about a member (request for inspection)."""

from __future__ import annotations

import json

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from samenplan.api.errors import error_responses
from samenplan.privacy import access, actions
from samenplan.privacy.serializers import MemberExportSerializer


class MemberExport(GenericAPIView):
    serializer_class = MemberExportSerializer

    @extend_schema(
        summary=_("Everything about a member (request for inspection)"),
        description=_(
            "All records about the member and their family's cases, found through the data model's links, and who "
            "accessed the file. Logged as an export."
        ),
        responses={200: MemberExportSerializer, **error_responses(404)},
    )
    def get(self, request: Request, member_id: int) -> Response:
        member = access.get_member_for_export(request.user, member_id)
        return Response(json.loads(actions.do_export_member(request.user, member)))
