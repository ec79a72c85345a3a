"""django-allauth adapters: nobody signs up on their own, and second-factor secrets are encrypted at rest."""

from __future__ import annotations

import base64
import hashlib
from functools import cache

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from samenplan.accounts import mfa, throttle
from samenplan.clientip import client_address

TOKEN_PREFIX = "fernet1:"  # noqa: S105 (marks an encrypted value, not a secret)


class AccountAdapter(DefaultAccountAdapter):
    """Users are created by their organisation's administrator; nobody signs up on their own.

    Failed log-ins are throttled by :mod:`samenplan.accounts.throttle` instead of allauth's per-account lock-out,
    and allauth's rate limits see the client address that :mod:`samenplan.clientip` derives.
    """

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_client_ip(self, request) -> str:
        address = client_address(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address

    def pre_authenticate(self, request, **credentials) -> None:
        self._attempt = throttle.begin(request, credentials.get("username") or credentials.get("email") or "")

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)  # calls pre_authenticate, then maybe the next one
        if user is not None:
            throttle.succeeded(self._attempt)
        return user

    def authentication_failed(self, request, **credentials) -> None:
        throttle.failed(self._attempt)

    def get_login_redirect_url(self, request) -> str:
        """A family account goes on to its portal (the workbench, LOGIN_REDIRECT_URL, would be a 404 for it)."""
        from samenplan.portal.middleware import family_member_id

        if family_member_id(request):  # remembered in the session at login: no query of the family's records
            return reverse("portal:home")
        return super().get_login_redirect_url(request)


@cache
def _fernet(material: str) -> Fernet:
    digest = hashlib.sha256(b"samenplan.mfa.v1:" + material.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def fernet() -> Fernet:
    return _fernet(settings.MFA_ENCRYPTION_KEY or settings.SECRET_KEY)


class MFAAdapter(DefaultMFAAdapter):
    """allauth stores a TOTP secret and a recovery-code seed (the ten codes are derived from it with HMAC-SHA1)
    through ``encrypt``; by default that is the identity. Here they are encrypted with Fernet (AES-128-CBC +
    HMAC-SHA256) under a key derived from MFA_ENCRYPTION_KEY, so a copy of the database alone gives no codes.
    A used recovery code is marked in a bit mask and never accepted again."""

    def encrypt(self, text: str) -> str:
        return TOKEN_PREFIX + fernet().encrypt(text.encode()).decode("ascii")

    def decrypt(self, encrypted_text: str) -> str:
        if not encrypted_text.startswith(TOKEN_PREFIX):
            raise ValueError("an MFA secret is stored unencrypted")
        return fernet().decrypt(encrypted_text.removeprefix(TOKEN_PREFIX).encode("ascii")).decode()

    def build_totp_svg(self, url: str) -> str:
        """The QR code as inline SVG (no data: URL for the Content-Security-Policy to allow), labelled."""
        svg = super().build_totp_svg(url)
        svg = svg[svg.index("<svg") :]
        label = escape(gettext("QR code to scan with your authenticator app"))
        return svg.replace("<svg", f'<svg role="img" aria-label="{label}" class="samenplan-qr__code"', 1)

    def get_totp_label(self, user) -> str:
        return user.get_username()

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Someone who must use a second factor keeps at least one: add a new one before removing the last."""
        if not mfa.requires_second_factor(authenticator.user):
            return True
        others = Authenticator.objects.filter(user_id=authenticator.user_id, type__in=mfa.FACTOR_TYPES).exclude(
            pk=authenticator.pk
        )
        return others.exists()
