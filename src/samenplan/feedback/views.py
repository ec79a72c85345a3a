"""The team lead's figure of how families rate their conversations (aggregates only, from 10 answers up)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from samenplan.administration.predicates import led_team_ids
from samenplan.audit import log
from samenplan.caseload import outcomes_rules
from samenplan.caseload import texts as caseload_texts
from samenplan.feedback import charts, rules, services, texts


@login_required
@require_http_methods(["GET", "HEAD"])
def team_ratings(request: HttpRequest) -> HttpResponse:
    """Per team the user leads: the share of top scores and the mean per question; 403 for who leads no team."""
    team_ids = led_team_ids(request.user)
    if not team_ids:
        raise PermissionDenied
    period = outcomes_rules.chosen_period(request.GET.get("period"))
    found = services.team_ratings(team_ids, period, timezone.localdate())
    context = {
        "teams": [{"item": item, "chart": charts.means_svg(item)} for item in found],
        "questions": [(key, texts.SHORT[key]) for key in rules.ITEMS],
        "threshold": outcomes_rules.THRESHOLD,
        "period": period,
        "periods": caseload_texts.periods(),
    }
    detail = f"teams={','.join(str(item.team.pk) for item in found)} period={period}"
    return log.render_read(
        request, "feedback/team_ratings.html", context, action="feedback.team_ratings", detail=detail
    )
