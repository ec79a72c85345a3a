"""Web views to record and revoke consent and to ask others for information. Thin: parse, access, act, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samenplan.audit import log
from samenplan.cases.access import get_case_for_user
from samenplan.consent import access, actions
from samenplan.consent.forms import ConsentForm, InformationRequestForm, ProposeForm, RevokeForm
from samenplan.forms import apply_errors


def _render(request, template, context, form, *, action: str, detail: str = "") -> HttpResponse:
    """Every answer of these pages shows the case (the form, or the form with its errors): it logs the read."""
    return log.render_read(
        request,
        template,
        {**context, "form": form},
        action=action,
        case=context["case"],
        detail=detail,
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id, edit=True)
    if request.method == "POST":
        form = ConsentForm(request.POST, family=case.family)
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.do_record_consent(request.user, case, **{**data, "givers": list(data["givers"])})
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The consent is recorded."))
                return redirect("cases:dossier", case_id=case.pk)
    else:
        form = ConsentForm(family=case.family, initial={"given_on": timezone.localdate()})
    return _render(request, "consent/consent_form.html", {"case": case}, form, action="consent.record")


@login_required
@require_http_methods(["GET", "POST"])
def revoke(request: HttpRequest, consent_id: int) -> HttpResponse:
    consent = access.get_consent_for_user(request.user, consent_id, edit=True)
    if request.method == "POST":
        form = RevokeForm(request.POST, consent=consent)
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.do_revoke_consent(
                    request.user,
                    consent,
                    revoked_by=data["revoked_by"],
                    reason=data["reason"],
                    expected_version=data["version"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The consent is revoked. From now on it no longer applies."))
                return redirect("cases:dossier", case_id=consent.case_id)
    else:
        form = RevokeForm(consent=consent)
    context = {"case": consent.case, "consent": consent}
    return _render(
        request, "consent/revoke_form.html", context, form, action="consent.revoke", detail=f"consent={consent.pk}"
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_information(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id, edit=True)
    if request.method == "POST":
        form = InformationRequestForm(request.POST, case=case)
        if form.is_valid():
            try:
                actions.do_request_information(request.user, case, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The information request is recorded in the dossier."))
                return redirect("cases:dossier", case_id=case.pk)
    else:
        form = InformationRequestForm(case=case)
    return _render(request, "consent/request_form.html", {"case": case}, form, action="consent.request_information")


@login_required
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest, case_id: int) -> HttpResponse:
    """Propose a consent: the family members asked give it themselves in the portal (until then it allows nothing)."""
    case = get_case_for_user(request.user, case_id, edit=True)
    form = ProposeForm(request.POST or None, family=case.family)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_propose_consent(request.user, case, **{**data, "asked": list(data["asked"])})
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The consent is proposed. The family members asked see it in the portal."))
            return redirect("cases:dossier", case_id=case.pk)
    return _render(request, "consent/propose_form.html", {"case": case}, form, action="consent.propose")
