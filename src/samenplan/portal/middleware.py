"""Family accounts stay in the portal; professionals stay out of it.

A family member's session may open the portal, the account pages (log in and out, password, second factor) and
static files; every other route answers 404, as for a record they may not see. The start page sends them to the
portal. Whether the user has a family account is looked up once per session."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import Http404
from django.shortcuts import redirect

SESSION_KEY = "samenplan_family_member"
VOICE_KEY = "samenplan_family_voice"  # "youth" (je) or "parent" (u): how the portal speaks to them
LANGUAGE_KEY = "samenplan_family_language"  # the family member's chosen language ("": none chosen yet)
FAMILY_PREFIXES = ("/portal/", "/accounts/", "/static/", "/healthz", "/language/")


def family_member_id(request) -> int | None:
    """The cases.Member id of the logged-in family member, or None for a professional (or anonymous)."""
    user = request.user
    if not user.is_authenticated:
        return None
    if not hasattr(request, "session"):  # a request without the session middleware (a test's own request)
        from samenplan.portal.models import FamilyAccount

        return FamilyAccount.objects.filter(user_id=user.pk).values_list("member_id", flat=True).first()
    if SESSION_KEY not in request.session:
        remember_family_member(request, user)
    return request.session[SESSION_KEY] or None


def family_voice(request) -> str:
    """How the portal addresses the logged-in family member ("parent" or "youth"); after family_member_id."""
    return getattr(request, "session", {}).get(VOICE_KEY) or "parent"


def remember_family_member(request, user) -> None:
    """Note in the session whether the user is a family member, and their voice and language (done at login)."""
    from samenplan.portal.models import FamilyAccount

    found = (
        FamilyAccount.objects.filter(user_id=user.pk)
        .values_list("member_id", "member__role", "member__language")
        .first()
    )
    request.session[SESSION_KEY] = found[0] if found else 0
    request.session[VOICE_KEY] = ("youth" if found[1] == "child" else "parent") if found else ""
    request.session[LANGUAGE_KEY] = found[2] if found else ""  # their chosen language (portal.languages)


@receiver(user_logged_in, dispatch_uid="samenplan.portal.logged_in")
def _remember_at_login(sender, request, user, **kwargs):
    """Looked up once, at login: pages pay no query for it."""
    if request is not None and hasattr(request, "session"):
        remember_family_member(request, user)


class FamilyPortalBoundaryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if family_member_id(request) is None:
            return None
        if request.path == "/":
            return redirect("portal:home")
        if request.path.startswith(FAMILY_PREFIXES):
            return None
        raise Http404
