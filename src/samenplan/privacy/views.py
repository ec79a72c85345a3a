"""Web pages for the client's rights: requests for destruction (record, list, read, decide) and the export of a
member's data for a request for inspection. Thin: parse, access, act, render."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samenplan.audit import log
from samenplan.cases.access import visible_cases
from samenplan.forms import apply_errors, form_outcome
from samenplan.privacy import access, actions
from samenplan.privacy.forms import DecisionForm, DestructionRequestForm
from samenplan.privacy.models import DestructionRequest


@login_required
@require_GET
def family_rights(request: HttpRequest, family_id: int) -> HttpResponse:
    """The family's rights: export per member, the family's requests for destruction, a new request."""
    family = access.get_family_for_request(request.user, family_id)
    context = {
        "family": family,
        "members": family.members.all(),
        "requests": DestructionRequest.objects.filter(family=family).order_by("-requested_on", "-pk"),
    }
    return log.render_read(request, "privacy/family_rights.html", context, action="privacy.family", family=family)


@login_required
@require_http_methods(["GET", "POST"])
def record_request(request: HttpRequest, family_id: int) -> HttpResponse:
    family = access.get_family_for_request(request.user, family_id)
    cases = visible_cases(request.user).filter(family=family)
    form = DestructionRequestForm(
        request.POST if request.method == "POST" else None,
        family=family,
        cases=cases,
        initial={"requested_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            made = actions.do_record_destruction_request(request.user, family, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The request for destruction is recorded. The team lead decides on it."))
            return redirect("privacy:request", request_id=made.pk)
    context = {"form": form, "family": family}
    return log.render_read(
        request,
        "privacy/request_form.html",
        context,
        action="privacy.record_request",
        family=family,
        **form_outcome(form),
    )


@login_required
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    """Requests for destruction this user handles, open ones first, by deadline."""
    requests = list(access.visible_requests(request.user)[:500])
    families = [r.family_id for r in requests if r.family_id]
    context = {"requests": requests, "today": timezone.localdate()}
    return log.render_read(request, "privacy/request_list.html", context, action="privacy.requests", families=families)


@login_required
@require_GET
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    destruction = access.get_request_for_user(request.user, request_id)
    context = {
        "destruction": destruction,
        "can_decide": destruction.is_open and rules.test_rule("privacy.decide_request", request.user, destruction),
        "today": timezone.localdate(),
    }
    return log.render_read(
        request, "privacy/request_detail.html", context, action="privacy.request",
        family=destruction.family, detail=f"request={destruction.pk} family_ref={destruction.family_ref}",
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, request_id: int) -> HttpResponse:
    destruction = access.get_request_for_user(request.user, request_id, decide=True)
    form = DecisionForm(
        request.POST if request.method == "POST" else None, request=destruction, cases=visible_cases(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_decide_destruction_request(
                request.user, destruction, decision=data["decision"], grounds=data["grounds"],
                explanation=data["explanation"], cases_to_remove=list(data["cases"]),
                expected_version=data["version"],
            )  # fmt: skip
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect("privacy:request", request_id=destruction.pk)
    context = {"form": form, "destruction": destruction, "today": timezone.localdate()}
    outcome = form_outcome(form)
    detail = f"request={destruction.pk} {outcome.get('detail', '')}".strip()
    return log.render_read(
        request, "privacy/decide.html", context, action="privacy.decide_request", family=destruction.family,
        status=outcome["status"], detail=detail,
    )  # fmt: skip


@login_required
@require_GET
def export_member(request: HttpRequest, member_id: int) -> HttpResponse:
    """Everything about a member, as a JSON download, for a request for inspection (logged as an export)."""
    member = access.get_member_for_export(request.user, member_id)
    body = actions.do_export_member(request.user, member)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="samenplan-member-{member.pk}.json"'
    return response
