"""Site-wide views: the start page, the health check and the page for what is not found."""

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from samenplan.accounts.models import Role

CASE_ROLES = (Role.PROFESSIONAL, Role.TEAM_LEAD, Role.BEHAVIOURAL_SCIENTIST)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Logged in: the caseload; an administrator with no role that works with cases: the administration."""
    user = request.user
    if not user.is_authenticated:
        return redirect("account_login")
    if user.has_role(Role.ADMINISTRATOR) and not user.has_role(*CASE_ROLES):
        return redirect("administration:home")
    return redirect("cases:caseload")


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
