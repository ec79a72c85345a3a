"""Every answer under /api/ is JSON, also when Django itself answers before (or after) the API views: an
unknown path (404), a body too large to read (413), any other refused request (400, 403, 405) and a crash
(500). Web pages keep their HTML error pages."""

from __future__ import annotations

from django.http import JsonResponse
from django.utils.translation import gettext as _

_MESSAGES = {
    400: ("bad_request", lambda: _("The request could not be read.")),
    403: ("permission_denied", lambda: _("You may not do this.")),
    404: ("not_found", lambda: _("Not found, or not yours to see.")),
    405: ("method_not_allowed", lambda: _("This method is not allowed here.")),
    413: ("too_large", lambda: _("The request is too large.")),
    500: ("server_error", lambda: _("Something went wrong on our side. Nothing of this request was saved.")),
}


def _is_json(response) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


class JsonErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/api/") or response.status_code < 400 or _is_json(response):
            return response
        status = response.status_code
        code, message = _MESSAGES.get(status, _MESSAGES[500 if status >= 500 else 400])
        json = JsonResponse({"errors": [{"field": None, "code": code, "message": message()}]}, status=status)
        for header in ("Allow", "Cache-Control", "Vary"):
            if header in response:
                json[header] = response[header]
        return json
