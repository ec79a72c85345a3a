"""The dashboard: what needs doing in the professional's own cases, and the same over a team lead's teams."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samenplan.administration.predicates import led_team_ids
from samenplan.audit import log
from samenplan.caseload import outcomes, outcomes_rules, paging, rules, services, texts
from samenplan.caseload.rows import items_html, sections_html
from samenplan.dbrouter import reads_replica


def _respond(request: HttpRequest, cases, *, team: bool) -> HttpResponse:
    """All groups with their first items; with ``?group=key`` that one group, a page of 50 at a time."""
    data = services.dashboard(request.user, cases, timezone.localdate())
    keys = [group.key for group in data.groups]
    chosen = request.GET.get("group") if request.GET.get("group") in keys else None
    context = {"dashboard": data, "team": team, "chosen": chosen, "titles": texts.TITLES}
    if chosen:
        group = data.groups[keys.index(chosen)]
        pager = paging.paginate(request, group.items, label=_("Pages of this group"))
        shown = list(pager.object_list)
        context.update(group=group, title=texts.title(chosen), pager=pager, items=_items(shown))
    else:
        groups = [(group, texts.title(group.key), _items(group.shown)) for group in data.groups]
        context["sections"] = sections_html(data.phases, data.open_cases, groups, team)
        shown = [item for group in data.groups for item in group.shown]
    action = "caseload.team" if team else "caseload.dashboard"
    detail = f"group={chosen}" if chosen else ""
    families = rules.shown_family_ids(shown)
    return log.render_read(request, "caseload/dashboard.html", context, action=action, families=families, detail=detail)


def _items(items) -> str:
    """The list items of a group, made in Python (``caseload/rows.py``, as the sections around them): the template
    engine's work per item was most of their cost."""
    return items_html(items) if items else ""


@reads_replica
@login_required
@require_http_methods(["GET", "HEAD"])
def dashboard(request: HttpRequest) -> HttpResponse:
    """The professional's own open cases (fixed caseworker or co-worker): what is due, grouped by urgency."""
    return _respond(request, services.own_caseload(request.user), team=False)


@reads_replica
@login_required
@require_http_methods(["GET", "HEAD"])
def team(request: HttpRequest) -> HttpResponse:
    """The same over the open cases of every team the user leads; 403 for who leads no team."""
    if not led_team_ids(request.user):
        raise PermissionDenied
    return _respond(request, services.team_cases(request.user), team=True)


@login_required
@require_http_methods(["GET", "HEAD"])
def team_outcomes(request: HttpRequest) -> HttpResponse:
    """The outcome figures of every team the user leads (aggregates only); 403 for who leads no team."""
    team_ids = led_team_ids(request.user)
    if not team_ids:
        raise PermissionDenied
    period = outcomes_rules.chosen_period(request.GET.get("period"))
    figures = outcomes.team_outcomes(team_ids, period, timezone.localdate())
    context = {
        "teams": [{"figures": f, "chart": outcomes.outcomes_svg(f)} for f in figures],
        "period": period,
        "periods": texts.periods(),
    }
    detail = f"teams={','.join(str(f.team.pk) for f in figures)} period={period}"
    return log.render_read(request, "caseload/outcomes.html", context, action="caseload.team_outcomes", detail=detail)
