"""The portal's page to download one's own data, as JSON or as a PDF (each download logged as an export)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_http_methods

from samenplan.audit.log import render_read
from samenplan.portal import access, actions_owndata


@require_http_methods(["GET", "HEAD"])
@login_required
@access.family_member_required
def own_data(request):
    member = request.member
    context = {"member": member, "family": member.family, "voice": access.voice(member)}
    return render_read(request, "portal/own_data.html", context, action="portal.own_data_page", family=member.family)


def _download(request, kind: str, content_type: str, name: str) -> HttpResponse:
    member = request.member
    body = actions_owndata.do_export_own_data(request.user, member, kind=kind)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_http_methods(["GET", "HEAD"])
@login_required
@access.family_member_required
def own_data_json(request):
    return _download(request, actions_owndata.JSON, "application/json; charset=utf-8", "mijn-gegevens.json")


@require_http_methods(["GET", "HEAD"])
@login_required
@access.family_member_required
def own_data_pdf(request):
    return _download(request, actions_owndata.PDF, "application/pdf", "mijn-gegevens.pdf")
