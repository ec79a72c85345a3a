"""Site-wide middleware."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from samenplan.accounts.signals import LOGIN_AT, SEEN_AT

SEEN_RESOLUTION = 60  # the last-activity time is written at most once a minute


class PrivateNoStoreMiddleware:
    """Every page and API answer samenplan itself renders may carry client data: browsers and proxies must not
    keep a copy. (Static files are answered by WhiteNoise before they get here.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "no-store" not in response.get("Cache-Control", ""):
            response.headers.pop("Cache-Control", None)
            patch_cache_control(response, private=True, no_store=True)
        return response


class SessionTimeoutMiddleware:
    """Ends a login after ``SESSION_IDLE_TIMEOUT`` seconds without a request, and ``SESSION_ABSOLUTE_TIMEOUT``
    seconds after it began, whatever happened in between. Place after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request) -> None:
        session = request.session
        now = int(time.time())
        started = session.get(LOGIN_AT)
        seen = session.get(SEEN_AT)
        if started is None or seen is None:  # a session from before these timeouts: its clock starts now
            session[LOGIN_AT] = session[SEEN_AT] = now
            return
        if now - seen > settings.SESSION_IDLE_TIMEOUT:
            logout(request)
            messages.info(request, _("You were logged out because you were inactive for a while."))
        elif now - started > settings.SESSION_ABSOLUTE_TIMEOUT:
            logout(request)
            messages.info(request, _("You were logged out because your login had lasted its maximum time."))
        elif now - seen >= SEEN_RESOLUTION:
            session[SEEN_AT] = now


class DeviceCookieMiddleware:
    """Hands the browser the device cookie made at a successful log-in (see samenplan.accounts.throttle)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        value = getattr(request, "samenplan_device_cookie", None)
        if value:
            response.set_cookie(
                settings.DEVICE_COOKIE_NAME,
                value,
                max_age=settings.DEVICE_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
                path="/",
            )
        return response


class StyledNotFoundMiddleware:
    """Every HTML 404 is the styled Dutch page, also with DEBUG on: Django's debug page lists the URL patterns and
    is English. Answers under /api/ stay JSON (``JsonErrorsMiddleware``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 404
            and response.get("Content-Type", "").startswith("text/html")
            and not getattr(response, "samenplan_not_found", False)
        ):
            from samenplan.views import page_not_found

            return page_not_found(request)
        return response
