"""Pages of the warm handover: ask for it from the case, and the receiving team lead's list and decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samenplan.accounts.models import Role
from samenplan.audit import log
from samenplan.cases.access import get_case_for_assigning
from samenplan.forms import apply_errors
from samenplan.handover import access, actions
from samenplan.handover.forms import DecideForm, RequestForm

FORM_ERRORS = "form with errors"


@login_required
@require_http_methods(["GET", "POST"])
def request_handover(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_assigning(request.user, case_id)
    form = RequestForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_request_handover(request.user, case, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The handover is asked; the receiving team lead decides."))
            return redirect("cases:dossier", case_id=case.pk)
    extra = {"status": 422, "detail": FORM_ERRORS} if form.errors else {}
    return log.render_read(request, "handover/request.html", {"case": case, "form": form},
                           action="handover.request", case=case, **extra)  # fmt: skip


def _list_page(request, failed=None, failed_form=None) -> HttpResponse:
    waiting = list(access.received_by(request.user).filter(accepted__isnull=True)
                   .select_related("case__family", "from_team", "to_team", "requested_by"))  # fmt: skip
    rows = [(h, failed_form if failed and h.pk == failed.pk else DecideForm(
        initial={"version": h.version}, handover=h, auto_id=f"id_%s_{h.pk}")) for h in waiting]  # fmt: skip
    status = 422 if failed_form is not None and failed_form.errors else 200
    return log.render_read(request, "handover/list.html", {"rows": rows}, action="handover.list",
                           families=[h.case.family_id for h in waiting], status=status)  # fmt: skip


@login_required
@require_http_methods(["GET", "HEAD"])
def received(request: HttpRequest) -> HttpResponse:
    if not request.user.has_role(Role.TEAM_LEAD):
        raise PermissionDenied
    return _list_page(request)


@login_required
@require_POST
def decide(request: HttpRequest, handover_id: int) -> HttpResponse:
    handover = access.get_handover_to_decide(request.user, handover_id)
    form = DecideForm(request.POST, handover=handover, auto_id=f"id_%s_{handover.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_decide_handover(request.user, handover, accept=data["decision"] == "accept",
                                       caseworker=data["caseworker"], note=data["note"],
                                       expected_version=data["version"])  # fmt: skip
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your decision is in the dossier."))
            return redirect("handover:received")
    return _list_page(request, failed=handover, failed_form=form)
