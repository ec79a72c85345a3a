"""Writing the access log. Call :func:`record` inside the transaction of the change it describes.

Pages that show client data render through :func:`render_read`, which writes the read record for whatever the
page shows, on every path that renders it (a form error re-render too). Getters that refuse a record call
:func:`refused`. While a request runs, :class:`RequestScope` remembers which families its records named, so the
middleware's guard can check that every family a page showed was logged (see ``audit/middleware.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from samenplan.audit import chain, context
from samenplan.audit.models import AccessLogRecord, ChainHead, Event, LogCheckpoint

PRUNE_ACTION = "audit.prune"  # the record that attests a move of the checkpoint (retention of the log)
DETAIL_MAX = 500  # free text in a record's detail; a list's family ids come after it, all of them


@dataclass
class RequestScope:
    """What the access log knows about the request being handled."""

    method: str = ""
    route: str = ""
    logged_families: set[int] = field(default_factory=set)
    rendered: list = field(default_factory=list)  # (template name, context) as rendered; filled in tests only


_scope: ContextVar[RequestScope | None] = ContextVar("samenplan_audit_scope", default=None)


def current_scope() -> RequestScope | None:
    return _scope.get()


def use_scope(scope: RequestScope | None):
    """Set the request's scope; returns a token for :func:`reset_scope`."""
    return _scope.set(scope)


def reset_scope(token) -> None:
    _scope.reset(token)


def record(
    user,
    event: str,
    action: str,
    *,
    case=None,
    family=None,
    member=None,
    families: Iterable[int] | None = None,
    detail: str = "",
    on_behalf_of: str = "",
) -> AccessLogRecord:
    """Append one record, chained to the one before. Locks the chain head until the transaction ends.

    ``families``: the ids of the families a list or search showed, all of them, in the order shown. They open
    the detail ("families=3,1,7 q=jan"), before any free text, so a search term cannot pose as the list.
    """
    detail = detail[:DETAIL_MAX]
    family_ids = list(dict.fromkeys(int(pk) for pk in families)) if families is not None else []
    if families is not None:
        detail = f"families={','.join(map(str, family_ids))} {detail}".rstrip()
    if member is not None and family is None:
        family = member.family
    if case is not None and family is None:
        family = case.family
    team_id = case.team_id if case is not None else None
    organisation_id = family.organisation_id if family is not None else getattr(user, "organisation_id", None)
    ctx = context.current()
    with transaction.atomic():
        head = ChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head, _ = ChainHead.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": chain.GENESIS})
            head = ChainHead.objects.select_for_update().get(pk=1)
        fields = {
            "seq": head.seq + 1,
            "at": timezone.now(),
            "event": str(event),
            "user_id": getattr(user, "pk", None),
            "username": getattr(user, "username", "") or "",
            "role": user.role_labels(team_id) if hasattr(user, "role_labels") else "",
            "on_behalf_of": on_behalf_of or (case.team.name if case is not None else ""),
            "organisation_id": organisation_id,
            "family_id": family.pk if family is not None else None,
            "case_id": case.pk if case is not None else None,
            "member_id": member.pk if member is not None else None,
            "channel": str(ctx.channel),
            "action": action,
            "detail": detail.replace("\x00", "\ufffd"),  # a NUL that came with a request: PostgreSQL refuses it
            "ip_address": ctx.ip_address,
        }
        digest = chain.record_hash(head.hash, fields)
        entry = AccessLogRecord.objects.create(prev_hash=head.hash, hash=digest, **fields)
        head.seq, head.hash = entry.seq, digest
        head.save(update_fields=["seq", "hash"])
    scope = _scope.get()
    if scope is not None and str(event) != Event.REFUSED:
        scope.logged_families.update(family_ids)
        if entry.family_id is not None:
            scope.logged_families.add(entry.family_id)
    return entry


def refused(user, kind: str, requested, *, case=None, family=None, member=None) -> AccessLogRecord | None:
    """Log that ``user`` was refused the ``kind`` ("case", "family", "member") with the ``requested`` id.

    A refusal answered with 404 passes no record: it is written the same whether the id exists or not, so the
    log (and the time it takes to write it) reveals nothing the answer did not. A 403 (the user sees the record
    but may not change it) passes the record, so the team lead finds the attempt under the family.
    Anonymous requests leave nothing: they never reach a getter, and noise is not access.
    """
    if not getattr(user, "is_authenticated", False):
        return None
    scope = _scope.get()
    action = (scope.route if scope is not None else "") or f"cases.get_{kind}"
    method = scope.method if scope is not None else ""
    detail = f"{kind}={str(requested)[:40]}" + (f" {method}" if method else "")
    return record(user, Event.REFUSED, action, case=case, family=family, member=member, detail=detail)


def render_read(
    request: HttpRequest,
    template: str,
    context: dict,
    *,
    action: str,
    case=None,
    family=None,
    member=None,
    families: Iterable[int] | None = None,
    detail: str = "",
    event: str = Event.READ,
    status: int = 200,
) -> HttpResponse:
    """Render a page that shows client data, writing its read record first: the one way such pages respond.

    Name what the page shows: the ``case``, ``family`` or ``member``, or for a list the ``families`` ids.
    """
    record(request.user, event, action, case=case, family=family, member=member, families=families, detail=detail)
    return render(request, template, context, status=status)


def verify(progress=None, every: int = 5000) -> tuple[int, tuple[int, str] | None]:
    """Recompute the whole chain. Returns (records checked, first break or None).

    ``progress(done, total)`` is called every ``every`` records and at the end.
    """
    records = AccessLogRecord.objects.order_by("seq").values("prev_hash", "hash", *chain.CHAINED_FIELDS)
    count = 0
    total = records.count() if progress else 0

    def counted():
        nonlocal count
        for rec in records.iterator(chunk_size=2000):
            count += 1
            if progress and count % every == 0:
                progress(count, total)
            yield rec

    start_seq, start_prev = chain_start()
    broken = chain.first_break(counted(), start_seq, start_prev)
    if progress:
        progress(count, total)
    if broken is None and start_seq > 1 and not _attested(start_seq, start_prev):
        broken = (start_seq, "the log starts here, but no pruning record in the log says so: records were removed")
    if broken is None:
        head = ChainHead.objects.filter(pk=1).first()
        if head is not None and head.seq != start_seq - 1 + count:
            broken = (count + 1, f"records missing at the end: the chain head says #{head.seq}")
        elif head is not None and count and head.hash != records.last()["hash"]:
            broken = (count, "the last record does not match the chain head")
    return count, broken


def chain_start() -> tuple[int, str]:
    """The first record kept and the hash it chains from: (1, GENESIS) until older records are pruned."""
    checkpoint = LogCheckpoint.objects.filter(pk=1).first()
    return (checkpoint.first_seq, checkpoint.prev_hash) if checkpoint is not None else (1, chain.GENESIS)


def prune_detail(first_seq: int, prev_hash: str) -> str:
    """How an ``audit.prune`` record names the checkpoint it sets (the start of its detail)."""
    return f"first_kept={first_seq} prev_hash={prev_hash}"


def _attested(first_seq: int, prev_hash: str) -> bool:
    return AccessLogRecord.objects.filter(
        action=PRUNE_ACTION, seq__gte=first_seq, detail__startswith=prune_detail(first_seq, prev_hash)
    ).exists()
