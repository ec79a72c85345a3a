"""Web pages for emergency access: the emergency button (a case number and a reason), and the team lead's review
list. Thin: parse, access, act, render."""

from __future__ import annotations

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samenplan.audit import log
from samenplan.emergency import access, actions
from samenplan.emergency.forms import EmergencyForm, ReviewForm
from samenplan.forms import FORM_ERRORS, apply_errors, form_outcome


@login_required
@require_http_methods(["GET", "POST"])
def open_case(request: HttpRequest) -> HttpResponse:
    """The emergency button: open a case of the organisation outside one's rules, by stating a reason."""
    if not rules.test_rule("emergency.open", request.user):
        raise PermissionDenied
    form = EmergencyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            grant = actions.do_open_in_emergency(
                request.user, form.cleaned_data["case"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            until = formats.date_format(timezone.localtime(grant.expires_at), "DATETIME_FORMAT")
            messages.warning(
                request, _("Emergency access until %(until)s. Your team lead reviews it.") % {"until": until}
            )
            return redirect("cases:dossier", case_id=grant.case_id)
    grants = list(access.my_active_grants(request.user))
    context = {"form": form, "grants": grants, "hours": settings.EMERGENCY_ACCESS_HOURS}
    families = [g.case.family_id for g in grants]
    return log.render_read(
        request, "emergency/open.html", context, action="emergency.open", families=families, **form_outcome(form)
    )


def _review_form(grant, data=None) -> ReviewForm:
    return ReviewForm(data, auto_id=f"id_%s_{grant.pk}")  # one form per grant on the page, each with its own ids


def _review_page(request, *, failed=None, failed_form=None, status=200) -> HttpResponse:
    grants = list(access.grants_to_review(request.user)[:500])
    rows = [(g, failed_form if failed is not None and g.pk == failed.pk else _review_form(g)) for g in grants]
    context = {"rows": rows}
    families = [g.case.family_id for g in grants]
    detail = FORM_ERRORS if status == 422 else ""
    return log.render_read(
        request,
        "emergency/review_list.html",
        context,
        action="emergency.review_list",
        families=families,
        detail=detail,
        status=status,
    )


@login_required
@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    """Every emergency access to a case of the teams this user leads, unreviewed ones first."""
    if not access.may_review(request.user):
        raise PermissionDenied
    return _review_page(request)


@login_required
@require_POST
def review(request: HttpRequest, grant_id: int) -> HttpResponse:
    grant = access.get_grant_for_review(request.user, grant_id)
    form = _review_form(grant, request.POST)
    if form.is_valid():
        try:
            actions.do_review(request.user, grant, note=form.cleaned_data["review_note"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Marked as reviewed."))
            return redirect("emergency:review_list")
    return _review_page(request, failed=grant, failed_form=form, status=422)
