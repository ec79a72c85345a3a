"""The log reader's page to read the access log, filtered by family, user and period.

It takes the log-reader role (see access.py) and a session whose login used a second factor: in demo mode, where
a login may skip the factor, the page explains that instead of showing the log."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from samenplan.accounts import mfa
from samenplan.audit import access, log
from samenplan.audit.forms import LogFilterForm
from samenplan.audit.models import Event


@login_required
@require_safe
def access_log(request: HttpRequest) -> HttpResponse:
    records = access.readable_records(request.user)  # 403 without the log-reader role
    if not mfa.session_passed_second_factor(request):
        context = {"demo_mode": mfa.demo_mode_active()}
        return render(request, "audit/second_factor_required.html", context, status=403)
    form = LogFilterForm(
        request.GET or None,
        families=access.filterable_families(request.user),
        users=access.filterable_users(request.user),
    )
    family = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if family := data.get("family"):
            records = records.filter(family_id=family.pk)
        if data.get("user"):
            records = records.filter(user_id=data["user"].pk)
        tz = timezone.get_current_timezone()
        if data.get("start"):
            records = records.filter(at__gte=datetime.combine(data["start"], time.min, tz))
        if data.get("end"):
            records = records.filter(at__lt=datetime.combine(data["end"] + timedelta(days=1), time.min, tz))
    page = Paginator(records.order_by("-seq"), 50).get_page(request.GET.get("page"))
    names = access.family_names(request.user, (r.family_id for r in page if r.family_id))
    log.record(request.user, Event.READ, "audit.access_log", family=family, detail=request.GET.urlencode()[:500])
    query = request.GET.copy()
    query.pop("page", None)
    rows = [(r, names.get(r.family_id)) for r in page]
    context = {"form": form, "page": page, "rows": rows, "query": query.urlencode()}
    return render(request, "audit/log.html", context, status=422 if form.errors else 200)
