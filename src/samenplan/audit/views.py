"""The log reader's page to read the access log, filtered by family, user and period.

It takes the log-reader role (see access.py) and a session whose login used a second factor: in demo mode, where
a login may skip the factor, the page explains that instead of showing the log."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from html import escape

from django.contrib.auth.decorators import login_required
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.http import require_safe

from samenplan.accounts import mfa
from samenplan.audit import access, log
from samenplan.audit.forms import LogFilterForm, field_html
from samenplan.audit.models import Channel, Event, role_display, role_labels
from samenplan.dbrouter import reads_replica
from samenplan.ids import parse_id


@reads_replica
@login_required
@require_safe
def access_log(request: HttpRequest) -> HttpResponse:
    access.log_team_ids(request.user)  # 403 without the log-reader role
    if not mfa.session_passed_second_factor(request):
        context = {"demo_mode": mfa.demo_mode_active()}
        return render(request, "audit/second_factor_required.html", context, status=403)
    # Whether the filter may look up families by name (access.matching_families): that query must be planned
    # without the walk's settings, so they are then set after it, on their own.
    may_match = bool(request.GET.get("family_name", "").strip())
    with transaction.atomic(savepoint=False):  # the page's rows and its own record in one transaction
        start = access.page_start(request.user, parse_id(request.GET.get("family")), walk_settings=not may_match)
        form = LogFilterForm(request.GET or None, family=start.family, people=start.people)
        where, family, matches = access.LogFilter(), None, None
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            if family := data.get("family"):
                where = replace(where, family_id=family.pk)
            elif data.get("family_name"):
                matches = access.matching_families(request.user, data["family_name"])
            if data.get("user"):
                where = replace(where, user_id=data["user"].pk)
            tz = timezone.get_current_timezone()
            if data.get("start"):
                where = replace(where, start=datetime.combine(data["start"], time.min, tz))
            if data.get("end"):
                where = replace(where, end=datetime.combine(data["end"] + timedelta(days=1), time.min, tz))
        if may_match:
            _walk_the_indexes()
        page = keyset_page(request.user, where, request.GET.get("before"), request.GET.get("after"))
        shown = [m.pk for m in matches] if matches else None  # the matches name families: the record names them
        detail = request.GET.urlencode()[:500]
        log.record(request.user, Event.READ, "audit.access_log", family=family, families=shown, detail=detail)
    query = request.GET.copy()
    for key in ("before", "after", "page"):
        query.pop(key, None)
    without_family = query.copy()
    without_family.pop("family", None)
    context = {
        "form": form,
        "fields": [(field, field_html(field)) for field in form.visible_fields()],
        "page": page,
        "rows": page.records,
        "rows_html": rows_html(page.records),
        "query": query.urlencode(),
        "family": family,
        "matches": matches,
        "without_family": without_family.urlencode(),
    }
    return render(request, "audit/log.html", context, status=422 if form.errors else 200)


PAGE_SIZE = 50


# One row of the table, as the template wrote it cell by cell (50 rows x 8 lookups, escapes and localisations
# through the template engine): the values are the row's, escaped here.
_ROW = (
    '<tr class="utrecht-table__row">'
    '<td class="utrecht-table__cell utrecht-table__cell--numeric-data">{seq}</td>'
    '<td class="utrecht-table__cell utrecht-table__cell--numeric-data"><time datetime="{at}">{time}</time></td>'
    '<td class="utrecht-table__cell">{username}</td>'
    '<td class="utrecht-table__cell">{role}</td>'
    '<td class="utrecht-table__cell">{event}</td>'
    '<td class="utrecht-table__cell">{family}</td>'
    '<td class="utrecht-table__cell"><code class="samenplan-code">{action}</code></td>'
    '<td class="utrecht-table__cell">{channel}</td>'
    "</tr>\n"
)


def rows_html(records: list[access.Record]) -> SafeString:
    """The table's rows as HTML, every value escaped (``escape`` is what ``{{ value }}`` does): the time in local
    time (the ``<time>`` element's ISO 8601 and the page's ``dd-mm-yyyy hh:mm:ss``), the role, event and channel by
    their labels, an en dash for no family. A page's records share a few users, roles, events, actions and
    families: each such text is looked up and escaped once per page (as a template, per cell, 50 rows cost ≈ 0.5 ms
    of CPU, issue 14)."""
    tz = timezone.get_current_timezone()
    roles, events, channels = role_labels(), _labels(Event), _labels(Channel)
    text = _once(escape)  # a username, an action
    role = _once(lambda value: escape(role_display(value, roles)))
    event = _once(lambda value: escape(events.get(value, value)))
    channel = _once(lambda value: escape(channels.get(value, value)))
    family = _once(lambda value: escape(value) if value else "\u2013")  # the en dash of an empty cell
    parts = []
    for r in records:
        at = r.at.astimezone(tz).isoformat()  # timezone.localtime (the records' times are aware); nothing to escape
        parts.append(
            _ROW.format(
                seq=int(r.seq),
                at=at,
                time=f"{at[8:10]}-{at[5:7]}-{at[:4]} {at[11:19]}",  # "%d-%m-%Y %H:%M:%S" of it (years 1000 to 9999)
                username=text(r.username),
                role=role(r.role),
                event=event(r.event),
                family=family(r.family_name),
                action=text(r.action),
                channel=channel(r.channel),
            )
        )
    return SafeString("".join(parts))


def _once(make):
    """``make`` of a value, made once per value."""
    made = {}

    def get(value):
        found = made.get(value)
        if found is None:
            found = made[value] = make(value)
        return found

    return get


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def _walk_the_indexes() -> None:
    """On PostgreSQL, have the page walk the log's indexes in ``seq`` order and stop after a page
    (access.first_readable), for this transaction only. The planner plans that walk as if it read every record (the
    reader's rules are asked above it), so it would rather sort: no sorts and no bitmap scans (which gather every
    matching record of every month and sort them: 1.7 s for a team lead of two teams at 5 M records,
    docs/performance.md), and no JIT (costed for every record, the query would be compiled: 0.3 to 27 s, for a walk
    of a few milliseconds). The query is a prepared statement (``samenplan.prepared``): the generic plan, made
    once per connection under these settings and reused, since planning it over every monthly partition took
    longer than running it; a plan for the values of one request would be no better, as no value prunes a
    partition or changes the walk."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {access.WALK_SETTINGS}")


@dataclass
class KeysetPage:
    """One page of records, newest first, found by sequence number (no COUNT, no OFFSET: the log is huge)."""

    records: list
    newer: int | None  # ?after= for the newer page
    older: int | None  # ?before= for the older page

    @property
    def has_other_pages(self) -> bool:
        return self.newer is not None or self.older is not None


def _seq(value) -> int | None:
    return int(value) if value and str(value).isdigit() and len(str(value)) < 19 else None


def keyset_page(user, where: access.LogFilter, before, after) -> KeysetPage:
    before, after = _seq(before), _seq(after)
    if after is not None and before is None:
        newer = replace(where, above=after)
        chunk = access.first_readable(user, newer, newest_first=False, limit=PAGE_SIZE + 1)
        more_newer = len(chunk) > PAGE_SIZE
        rows = chunk[:PAGE_SIZE][::-1]
        return KeysetPage(rows, rows[0].seq if rows and more_newer else None, rows[-1].seq if rows else None)
    if before is not None:
        where = replace(where, below=before)
    chunk = access.first_readable(user, where, newest_first=True, limit=PAGE_SIZE + 1)
    rows = chunk[:PAGE_SIZE]
    newer = rows[0].seq if rows and before is not None else None
    return KeysetPage(rows, newer, rows[-1].seq if len(chunk) > PAGE_SIZE else None)
