"""Site-wide views: the start page, the health check and the page for what is not found."""

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return redirect("cases:caseload" if request.user.is_authenticated else "account_login")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 when it does not. No client data, no login needed."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    """The styled Dutch 404 page, also with DEBUG on (see ``StyledNotFoundMiddleware``): never the URL patterns."""
    response = render(request, "404.html", {"request_path": request.path}, status=404)
    response.samenplan_not_found = True
    return response
