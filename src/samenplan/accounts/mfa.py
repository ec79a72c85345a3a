"""Every samenplan user works with client data, so every one of them uses a second factor.

allauth's MFA asks for the code at login once a user has a factor; this module makes having one compulsory:
a logged-in user without a TOTP app or security key is sent to set one up before any other page. Whether the
user has a factor is looked up once, at login, and kept in the (server-side) session, so pages pay no query for
it; removing a factor updates it, and a user not (yet) known to have one is looked up again on every page.

The demo (``samenplan demo``, DEBUG on) may skip the requirement; a banner on every page says so.
"""

from __future__ import annotations

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_removed
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

SESSION_KEY = "samenplan_has_second_factor"
FACTOR_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)  # recovery codes only back these up

# Pages a user without a second factor may still open: logging in and out, confirming their password, and
# setting up the factor itself.
SETUP_URL_NAMES = frozenset(
    {
        "account_login",
        "account_logout",
        "account_reauthenticate",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key",
        "account_reset_password_from_key_done",
        "mfa_index",
        "mfa_authenticate",
        "mfa_reauthenticate",
        "mfa_activate_totp",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_list_webauthn",
        "mfa_add_webauthn",
        "mfa_reauthenticate_webauthn",
        "healthz",
    }
)


def requires_second_factor(user) -> bool:
    """Professionals, behavioural scientists, team leads and administrators must; family members (the portal)
    may set up a second factor but are not forced to."""
    if not user.is_authenticated:
        return False
    from samenplan.portal.models import FamilyAccount

    return not FamilyAccount.objects.filter(user_id=user.pk).exists()


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type__in=FACTOR_TYPES).exists()


def session_passed_second_factor(request: HttpRequest) -> bool:
    """Whether this session's login (or a re-authentication in it) used a second factor: allauth records every
    authentication method in the session, a TOTP code, recovery code or security key as method "mfa". Having a
    factor is not enough: in demo mode a user may log in without using it."""
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


def demo_mode_active() -> bool:
    """Only with DEBUG on: a production server (DEBUG off) never skips the second factor."""
    return bool(settings.SAMENPLAN_DEMO_MODE and settings.DEBUG)


@receiver(user_logged_in, dispatch_uid="samenplan.mfa.logged_in")
def _remember_at_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = has_second_factor(user)


@receiver(authenticator_removed, dispatch_uid="samenplan.mfa.removed")
def _remember_on_change(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = has_second_factor(user)


def needs_setup(request: HttpRequest) -> bool:
    from samenplan.portal.middleware import family_member_id

    user = request.user
    if not user.is_authenticated or family_member_id(request) is not None or demo_mode_active():
        return False
    if request.session.get(SESSION_KEY):
        return False
    # Not known to have one (yet): look again, since it may have been set up a moment ago.
    known = has_second_factor(user)
    if known:
        request.session[SESSION_KEY] = True
    return not known


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.url_name in SETUP_URL_NAMES or not needs_setup(request):
            return None
        if match.route.startswith("api/"):
            message = _("Set up a second factor (an authenticator app or a security key) before using samenplan.")
            return JsonResponse(
                {"errors": [{"field": None, "code": "second_factor_required", "message": message}]}, status=403
            )
        return redirect("mfa_index")


def demo_mode(request: HttpRequest) -> dict:
    """Template context: show the demo banner on every page when the second factor may be skipped."""
    return {"samenplan_demo_mode": demo_mode_active()}
