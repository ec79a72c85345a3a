"""The log reader's page to read the access log, filtered by family, user and period.

It takes the log-reader role (see access.py) and a session whose login used a second factor: in demo mode, where
a login may skip the factor, the page explains that instead of showing the log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from html import escape
from typing import NamedTuple

from django.contrib.auth.decorators import login_required
from django.db import connection, transaction
from django.db.models import Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.http import require_safe

from samenplan.accounts import mfa
from samenplan.audit import access, log
from samenplan.audit.forms import LogFilterForm
from samenplan.audit.models import AccessLogRecord, Channel, Event, role_labels
from samenplan.dbrouter import reads_replica


@reads_replica
@login_required
@require_safe
def access_log(request: HttpRequest) -> HttpResponse:
    records = access.log_records(request.user)  # 403 without the log-reader role
    if not mfa.session_passed_second_factor(request):
        context = {"demo_mode": mfa.demo_mode_active()}
        return render(request, "audit/second_factor_required.html", context, status=403)
    led = access.led_cases(request.user)  # built once for the filter and the page's query
    form = LogFilterForm(
        request.GET or None,
        families=access.filterable_families(request.user, led),
        users=access.filterable_users(request.user),
    )
    family, matches = None, None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if family := data.get("family"):
            records = records.filter(family_id=family.pk)
        elif data.get("family_name"):
            matches = access.matching_families(request.user, data["family_name"], led)
        if data.get("user"):
            records = records.filter(user_id=data["user"].pk)
        tz = timezone.get_current_timezone()
        if data.get("start"):
            records = since(records, datetime.combine(data["start"], time.min, tz))
        if data.get("end"):
            records = until(records, datetime.combine(data["end"] + timedelta(days=1), time.min, tz))
    with transaction.atomic(savepoint=False):  # the page's rows and its own record in one transaction
        _walk_the_indexes()
        page = keyset_page(request.user, records, request.GET.get("before"), request.GET.get("after"), led)
        shown = [m.pk for m in matches] if matches else None  # the matches name families: the record names them
        detail = request.GET.urlencode()[:500]
        log.record(request.user, Event.READ, "audit.access_log", family=family, families=shown, detail=detail)
    query = request.GET.copy()
    for key in ("before", "after", "page"):
        query.pop(key, None)
    rows = log_rows(page.records)
    without_family = query.copy()
    without_family.pop("family", None)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "rows_html": rows_html(rows),
        "query": query.urlencode(),
        "family": family,
        "matches": matches,
        "without_family": without_family.urlencode(),
    }
    return render(request, "audit/log.html", context, status=422 if form.errors else 200)


PAGE_SIZE = 50


class LogRow(NamedTuple):
    """A record as the page shows it."""

    record: AccessLogRecord
    family_name: str | None
    at: str  # local time, ISO 8601 (the <time> element's datetime)
    time: str  # local time as the page shows it
    role: str
    event: str
    channel: str


def log_rows(records) -> list[LogRow]:
    """The page's rows, with the labels and local times worked out here, once per page: through the template
    engine (get_event_display, the date filter) 50 rows took 8 ms of CPU (issue 14)."""
    roles, events, channels = role_labels(), _labels(Event), _labels(Channel)
    rows = []
    for r in records:
        at = timezone.localtime(r.at)
        rows.append(
            LogRow(
                r,
                r.family_name,
                at.isoformat(),
                at.strftime("%d-%m-%Y %H:%M:%S"),
                r.role_display(roles),
                events.get(r.event, r.event),
                channels.get(r.channel, r.channel),
            )
        )
    return rows


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


def rows_html(rows: list[LogRow]) -> SafeString:
    """The table's rows as HTML: every value escaped (``escape`` is what ``{{ value }}`` does)."""
    return SafeString(
        "".join(
            _ROW.format(
                seq=int(row.record.seq),
                at=escape(row.at),
                time=escape(row.time),
                username=escape(row.record.username),
                role=escape(row.role),
                event=escape(row.event),
                family=escape(row.family_name) if row.family_name else "\u2013",  # the en dash of an empty cell
                action=escape(row.record.action),
                channel=escape(row.channel),
            )
            for row in rows
        )
    )


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def _walk_the_indexes() -> None:
    """On PostgreSQL, have the page walk the log's indexes in ``seq`` order and stop after a page
    (access.first_readable), for this transaction only. The planner plans that walk as if it read every record (the
    reader's rules are asked above it), so it would rather sort: no sorts and no bitmap scans (which gather every
    matching record of every month and sort them: 1.7 s for a team lead of two teams at 5 M records,
    docs/performance.md), and no JIT (costed for every record, the query would be compiled: 0.3 to 27 s, for a walk
    of a few milliseconds)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('enable_sort', 'off', true), set_config('enable_bitmapscan', 'off', true),"
                " set_config('jit', 'off', true)"
            )


# A record's time and number are taken around the moment its chain head is locked (on PostgreSQL the time just
# before the one statement that locks, numbers and appends it, audit.log._append; otherwise just after the lock),
# so the order of two numbers and two times may differ by as long as a process takes between the two,
# milliseconds. SLACK bounds that generously.
SLACK = timedelta(minutes=5)


def since(records, moment):
    """Records from ``moment`` on. Besides ``at >= moment`` it bounds ``seq`` by the first record at or after
    ``moment - SLACK`` (found on the ``at`` index), so that PostgreSQL walks the ``seq`` index of the page from
    there instead of reading every record of the period and sorting them."""
    first = AccessLogRecord.objects.filter(at__gte=moment - SLACK).order_by("at", "seq").values("seq")[:1]
    return records.filter(at__gte=moment, seq__gte=Subquery(first))


def until(records, moment):
    """Records before ``moment``, bounded on ``seq`` as :func:`since` is."""
    last = AccessLogRecord.objects.filter(at__lt=moment + SLACK).order_by("-at", "-seq").values("seq")[:1]
    return records.filter(at__lt=moment, seq__lte=Subquery(last))


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


def keyset_page(user, records, before, after, led=None) -> KeysetPage:
    before, after = _seq(before), _seq(after)
    if after is not None and before is None:
        newer = records.filter(seq__gt=after)
        chunk = access.first_readable(user, newer, newest_first=False, limit=PAGE_SIZE + 1, led=led)
        more_newer = len(chunk) > PAGE_SIZE
        rows = chunk[:PAGE_SIZE][::-1]
        return KeysetPage(rows, rows[0].seq if rows and more_newer else None, rows[-1].seq if rows else None)
    if before is not None:
        records = records.filter(seq__lt=before)
    chunk = access.first_readable(user, records, newest_first=True, limit=PAGE_SIZE + 1, led=led)
    rows = chunk[:PAGE_SIZE]
    newer = rows[0].seq if rows and before is not None else None
    return KeysetPage(rows, newer, rows[-1].seq if len(chunk) > PAGE_SIZE else None)
