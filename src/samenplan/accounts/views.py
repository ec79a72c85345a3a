"""Ending a user's sessions and API tokens: for a team lead (their teams' members) and an administrator
(everyone of their organisation). No client data."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from samenplan.accounts import access, actions
from samenplan.ids import parse_id


@login_required
@require_GET
def users(request: HttpRequest) -> HttpResponse:
    if not access.may_manage_users(request.user):
        raise PermissionDenied
    people = access.manageable_users_with_tokens(request.user)
    return render(request, "accounts/users.html", {"people": people})


@login_required
@require_POST
def end_sessions(request: HttpRequest, user_id: int) -> HttpResponse:
    target = access.get_manageable_user(request.user, parse_id(user_id))
    actions.do_end_sessions(request.user, target)
    messages.success(request, _("All sessions and API tokens of %(name)s have ended.") % {"name": target})
    if target.pk == request.user.pk:
        return redirect("account_login")
    return redirect("accounts:users")
