"""The family portal: accepting an invitation, and the family's home page. Professionals invite from the case."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samenplan.audit.log import render_read
from samenplan.cases.access import get_case_for_user
from samenplan.portal import access, actions
from samenplan.portal.forms import AcceptForm, InviteForm


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def invite(request, case_id: int):
    case = get_case_for_user(request.user, case_id, edit=request.method == "POST")
    form = InviteForm(request.POST or None, family=case.family)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_invite(
                request.user,
                case,
                form.cleaned_data["member"],
                form.cleaned_data["email"],
                accept_url=lambda token: request.build_absolute_uri(reverse("portal:accept", args=[token])),
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except PermissionDenied:
            raise
        else:
            messages.success(request, _("The invitation has been sent."))
            return redirect("cases:dossier", case.pk)
    status = 400 if form.errors else 200
    return render_read(
        request,
        "portal/invite.html",
        {"case": case, "family": case.family, "form": form},
        action="portal.invite",
        case=case,
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def accept(request, link: str):
    """The link from the e-mail. Shows nothing of the family: only a password form, or why the link fails."""
    token = link
    invitation = actions.find_invitation(token)
    if invitation is None:
        return render(request, "portal/accept_invalid.html", status=404)
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.do_accept(token, form.cleaned_data["password1"])
        except ValidationError:
            return render(request, "portal/accept_invalid.html", status=404)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("portal:home")
    return render(request, "portal/accept.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "HEAD"])
@login_required
@access.family_member_required
def home(request):
    member = request.member
    return render_read(
        request,
        "portal/home.html",
        {"member": member, "family": member.family, "overview": access.home_overview(member)},
        action="portal.home",
        family=member.family,
    )
