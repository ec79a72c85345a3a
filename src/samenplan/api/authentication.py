"""Session login for the API (the browser's own calls), with the CSRF refusal in Dutch."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme
from rest_framework import exceptions
from rest_framework.authentication import CSRFCheck, SessionAuthentication


class DutchSessionAuthentication(SessionAuthentication):
    def enforce_csrf(self, request):
        def dummy_get_response(request):  # pragma: no cover - never called
            return None

        check = CSRFCheck(dummy_get_response)
        check.process_request(request)
        if check.process_view(request, None, (), {}) is not None:
            raise exceptions.PermissionDenied(
                _("The security check (CSRF) failed. Reload the page and try again, or use an API token."),
                code="csrf_failed",
            )


class DutchSessionScheme(SessionScheme):
    """Describes the session login in the OpenAPI schema, as drf-spectacular does for DRF's own class."""

    target_class = DutchSessionAuthentication
