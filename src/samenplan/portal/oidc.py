"""OpenID Connect login for family members (a municipality's DigiD broker, configured in conf/settings.py).

An OIDC identity (the provider's ``sub``) only ever logs in to an existing family account; nobody is created
silently. The first OIDC login links the identity to an account in one of two ways:

1. through the invitation link: the family member opens the link from the e-mail and chooses "log in with DigiD"
   instead of a password (``start_with_invitation``); the invitation is used once, exactly as with a password;
2. when ``PORTAL_OIDC_LINK_BY_VERIFIED_EMAIL`` is on: by the ``email`` claim, only when the broker marks it
   verified (``email_verified`` true) and it equals the verified address of exactly one family account that has
   no OIDC identity yet.

Any other identity gets a plain Dutch page (portal/oidc_unknown.html) and no account. Professionals never log in
this way: an identity linked to a user without a family account is refused the same way.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import render

from samenplan.audit import log
from samenplan.audit.models import Event
from samenplan.portal.models import FamilyAccount

INVITATION_SESSION_KEY = "samenplan_portal_oidc_invitation"


def enabled() -> bool:
    return bool(settings.PORTAL_OIDC_SERVER_URL)


def start_with_invitation(request, token: str):
    """Remember the invitation in the session and send the visitor to the broker's login."""
    from allauth.socialaccount.adapter import get_adapter

    request.session[INVITATION_SESSION_KEY] = token
    provider = get_adapter().get_provider(request, settings.PORTAL_OIDC_PROVIDER_ID)
    return provider.redirect(request, "login", next_url="/portal/")


def _unknown(request):
    return ImmediateHttpResponse(render(request, "portal/oidc_unknown.html", status=403))


def _by_verified_email(sociallogin) -> FamilyAccount | None:
    if not settings.PORTAL_OIDC_LINK_BY_VERIFIED_EMAIL:
        return None
    extra = sociallogin.account.extra_data or {}
    claims = extra.get("userinfo") or extra.get("id_token") or extra  # as allauth's provider picks them
    email = str(claims.get("email") or "").strip()
    if not email or claims.get("email_verified") is not True:
        return None
    users = EmailAddress.objects.filter(email__iexact=email, verified=True).values_list("user_id", flat=True)
    accounts = list(
        FamilyAccount.objects.filter(user_id__in=users)
        .exclude(user__socialaccount__provider=sociallogin.account.provider)
        .select_related("user")[:2]
    )
    return accounts[0] if len(accounts) == 1 else None


class FamilyOIDCAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False

    def pre_social_login(self, request, sociallogin) -> None:
        token = request.session.pop(INVITATION_SESSION_KEY, None)
        if sociallogin.is_existing:
            if not FamilyAccount.objects.filter(user_id=sociallogin.user.pk).exists():
                raise _unknown(request)
            return
        if token:
            from samenplan.portal import actions

            try:
                user = actions.do_accept(token, None)
            except ValidationError:
                raise ImmediateHttpResponse(render(request, "portal/accept_invalid.html", status=404)) from None
        else:
            account = _by_verified_email(sociallogin)
            if account is None:
                raise _unknown(request)
            user = account.user
        sociallogin.connect(request, user)
        log.record(user, Event.CHANGE, "portal.oidc_link", member=user.family_account.member, detail="oidc linked")

    def send_notification_mail(self, *args, **kwargs) -> None:
        return None  # linking happens in the family member's own login; no mail about it


def linked_identities(user) -> list[SocialAccount]:
    return list(SocialAccount.objects.filter(user=user))
