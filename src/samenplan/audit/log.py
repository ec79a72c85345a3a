"""Writing the access log. Call :func:`record` inside the transaction of the change it describes.

Pages that show client data render through :func:`render_read`, which writes the read record for whatever the
page shows, on every path that renders it (a form error re-render too). Getters that refuse a record call
:func:`refused`. While a request runs, :class:`RequestScope` remembers which families its records named, so the
middleware's guard can check that every family a page showed was logged (see ``audit/middleware.py``).
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import connection, connections, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from samenplan import prepared
from samenplan.audit import chain, context, partitions
from samenplan.audit.models import (
    LEGACY_CHAIN_ORGANISATION,
    AccessLogRecord,
    ChainHead,
    Event,
    LogCheckpoint,
    VerifiedPosition,
)

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
    """Append one record to a chain of its organisation. Locks that chain's head until the transaction ends.

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
    fields = {
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
    entry = _append(fields) if connection.vendor == "postgresql" else None
    if entry is None:
        # SQLite, and on PostgreSQL an organisation's first record, a moment all its chains are busy or a month
        # without its partition. No savepoint: inside the caller's transaction the record stands or falls with it
        # (an error here fails that whole transaction; nothing catches one to go on without the record), so a
        # savepoint would only add two round trips. Outside a transaction (a read page in autocommit) this block is
        # the transaction: lock, insert and move the head commit together.
        with transaction.atomic(savepoint=False):
            chain_id, pos, prev, seq = _take_head(organisation_id or 0)
            # The time is taken once the chain is ours, so within a chain it rises with the position.
            fields.update(seq=seq, at=timezone.now(), chain_id=chain_id, pos=pos + 1)
            digest = chain.record_hash(prev, fields, legacy=False)
            entry = AccessLogRecord.objects.create(prev_hash=prev, hash=digest, **fields)
            ChainHead.objects.filter(pk=chain_id).update(seq=pos + 1, hash=digest)
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


def stripes() -> int:
    """How many chains each organisation writes to (setting AUDIT_CHAIN_STRIPES, default 4): up to that many
    transactions of one organisation append at the same time without waiting for each other."""
    return max(1, int(getattr(settings, "AUDIT_CHAIN_STRIPES", 4)))


# The columns of a record as record() fills them, and the SQL type each value is cast to in _APPEND.
_COLUMNS = {
    "event": "text", "user_id": "bigint", "username": "text", "role": "text", "on_behalf_of": "text",
    "organisation_id": "bigint", "family_id": "bigint", "case_id": "bigint", "member_id": "bigint",
    "channel": "text", "action": "text", "detail": "text", "ip_address": "inet",
}  # fmt: skip
_NAMES = ", ".join(_COLUMNS)
_VALUES = ", ".join(f"%s::{kind}" for kind in _COLUMNS.values())

# A record appended in one statement: take a head of the organisation's chains that no other transaction holds
# (SKIP LOCKED), draw the seq once the head is ours, check that the partitions of now and of five minutes on exist,
# hash the record (chain.body_parts: the strings are encoded in Python, the database adds the chain, position and
# seq), insert it and move the head. No row when there is no free head or a partition is missing: then nothing was
# written, and record() takes the general path. The genesis is chain.chain_genesis's.
_APPEND = f"""
WITH new AS MATERIALIZED (
    SELECT id AS chain_id, seq + 1 AS pos, nextval('audit_log_seq') AS seq,
        CASE WHEN seq = 0 THEN encode(sha256(convert_to('samenplan-audit-chain ' || id, 'UTF8')), 'hex')
            ELSE hash END AS prev,
        to_regclass(%s) IS NOT NULL AND to_regclass(%s) IS NOT NULL AS partitioned
    FROM (SELECT id, seq, hash FROM audit_chainhead WHERE organisation_id = %s ORDER BY stripe
        LIMIT 1 FOR UPDATE SKIP LOCKED) head
), rec AS MATERIALIZED (
    SELECT chain_id, pos, seq, prev, encode(sha256(convert_to(
        prev || %s::text || chain_id || %s::text || pos || %s::text || seq || %s::text, 'UTF8')), 'hex') AS hash
    FROM new WHERE partitioned
), ins AS (
    INSERT INTO {partitions.TABLE} (seq, chain_id, pos, at, {_NAMES}, prev_hash, hash)
    SELECT seq, chain_id, pos, %s::timestamptz, {_VALUES}, prev, hash FROM rec
    RETURNING id
), moved AS (
    UPDATE audit_chainhead h SET seq = rec.pos, hash = rec.hash FROM rec WHERE h.id = rec.chain_id
)
SELECT (SELECT id FROM ins), chain_id, pos, seq, prev, hash FROM rec
"""  # noqa: S608 (the table and column names are constants)


def _append(fields: dict) -> AccessLogRecord | None:
    """PostgreSQL: append the record in one statement (one round trip, and in autocommit its own transaction);
    None when it could not (nothing written). The time is taken just before the statement (tests set it through
    ``timezone.now``), so within a chain times rise with positions up to that statement's latency. A prepared
    statement (``prepared.fetchall``): PostgreSQL planned it on every page, ≈ 0.15 ms, longer than it runs."""
    at = timezone.now()
    first, *parts = chain.body_parts({**fields, "at": at})
    months = (partitions.name_for(at), partitions.name_for(at + timedelta(minutes=5)))
    params = [*months, fields["organisation_id"] or 0, f"\n{first}", *parts, at, *(fields[name] for name in _COLUMNS)]
    rows = prepared.fetchall(connection, _APPEND, params)
    if not rows:
        return None
    pk, chain_id, pos, seq, prev, digest = rows[0]
    entry = AccessLogRecord(pk, seq, chain_id, pos, at, prev_hash=prev, hash=digest, **fields)
    entry._state.adding, entry._state.db = False, connection.alias
    return entry


def _take_head(organisation_id: int) -> tuple[int, int, str, int]:
    """Lock a chain head of the organisation: (chain id, last position, last hash, the new record's seq). One query
    on the usual path. On PostgreSQL it takes a head no other transaction holds (SKIP LOCKED), draws the seq from
    a sequence, and checks that this month's partition exists (else creates it, see partitions.py); on SQLite
    writers are serialised anyway (BEGIN IMMEDIATE), so seq is the highest one plus one."""
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:
            now = timezone.now()
            months = [partitions.name_for(now), partitions.name_for(now + timedelta(minutes=5))]
            cursor.execute(_FREE_HEAD, [*months, organisation_id])
        else:
            cursor.execute(
                "SELECT id, seq, hash, (SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_accesslogrecord), 1 "
                "FROM audit_chainhead WHERE organisation_id = %s ORDER BY stripe LIMIT 1",
                [organisation_id],
            )
        row = cursor.fetchone()
        if row is None:  # the organisation's first record, or every one of its chains is busy: wait for one
            row = _wait_for_head(cursor, organisation_id, postgres)
        chain_id, pos, prev, seq, partitioned = row
        if not partitioned:
            partitions.ensure(cursor, timezone.now(), timezone.now() + timedelta(minutes=5))
    return chain_id, pos, (prev if pos else chain.chain_genesis(chain_id)), seq


_FREE_HEAD = (
    # nextval outside the locking subquery: drawn once, after the head is ours
    "SELECT id, seq, hash, nextval('audit_log_seq'), "
    "to_regclass(%s) IS NOT NULL AND to_regclass(%s) IS NOT NULL FROM ("
    "SELECT id, seq, hash FROM audit_chainhead WHERE organisation_id = %s ORDER BY stripe "
    "LIMIT 1 FOR UPDATE SKIP LOCKED) head"
)


def _wait_for_head(cursor, organisation_id: int, postgres: bool):
    if postgres:
        cursor.execute(
            "INSERT INTO audit_chainhead (organisation_id, stripe, seq, hash) "
            "SELECT %s, s, 0, '' FROM generate_series(0, %s) s ON CONFLICT DO NOTHING",
            [organisation_id, stripes() - 1],
        )
        now = timezone.now()
        months = [partitions.name_for(now), partitions.name_for(now + timedelta(minutes=5))]
        cursor.execute(_FREE_HEAD, [*months, organisation_id])  # the organisation's chains exist now
        row = cursor.fetchone()
        if row is not None:
            return row
        cursor.execute(  # every one is busy: wait for one
            "SELECT id, seq, hash, nextval('audit_log_seq'), "
            "to_regclass(%s) IS NOT NULL AND to_regclass(%s) IS NOT NULL FROM ("
            "SELECT id, seq, hash FROM audit_chainhead WHERE organisation_id = %s AND stripe = %s FOR UPDATE) head",
            [*months, organisation_id, random.randrange(stripes())],
        )
    else:
        ChainHead.objects.get_or_create(organisation_id=organisation_id, stripe=0, defaults={"hash": ""})
        cursor.execute(
            "SELECT id, seq, hash, (SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_accesslogrecord), 1 "
            "FROM audit_chainhead WHERE organisation_id = %s AND stripe = 0",
            [organisation_id],
        )
    return cursor.fetchone()


# verification


@dataclass
class ChainResult:
    chain_id: int
    checked: int  # records read
    broken: tuple[int, str] | None
    last_pos: int
    last_hash: str


def verify(
    progress=None, every: int = 5000, *, full: bool = True, jobs: int = 1, remember: bool | None = None
) -> tuple[int, tuple[int, str] | None]:
    """Check every chain. Returns (records checked, first break or None); a break is (seq, reason).

    ``full``: recompute every chain from its start; otherwise each chain continues from where the last verify
    left it (``VerifiedPosition``), so a daily verify reads only the day's records. ``jobs``: chains checked in
    parallel, each on its own database connection. ``progress(done, total)`` is called now and then.
    ``remember``: store where each chain was verified to (default: when not ``full``; the command always does)."""
    heads = list(ChainHead.objects.order_by("pk"))
    starts = {head.pk: _start(head, full) for head in heads}
    total = sum(max(0, head.seq - starts[head.pk][0] + 1) for head in heads) if progress else 0
    done, lock = 0, threading.Lock()

    def advanced(n: int) -> None:
        nonlocal done
        with lock:
            done += n
            if progress:
                progress(done, total)

    def one(head: ChainHead) -> ChainResult:
        try:
            return _verify_chain(head, *starts[head.pk][:2], advanced if progress else None, every)
        finally:
            if jobs > 1:
                connections.close_all()

    # Threads read through connections of their own: only outside a transaction (they would not see its records).
    if jobs > 1 and connection.vendor == "postgresql" and not connection.in_atomic_block:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(one, heads))
    else:
        results = [one(head) for head in heads]
    if progress:
        progress(done, total)
    count = sum(r.checked for r in results)
    broken = [r.broken for r in results if r.broken is not None]
    if not broken:
        broken = [b for b in (_orphans(heads, full),) if b is not None]
    if broken:
        return count, min(broken)
    if not (remember if remember is not None else not full):
        return count, None
    now = timezone.now()
    for r in results:
        if r.last_pos:
            VerifiedPosition.objects.update_or_create(
                chain_id=r.chain_id, defaults={"pos": r.last_pos, "hash": r.last_hash, "verified_at": now}
            )
    last_seq = AccessLogRecord.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    VerifiedPosition.objects.update_or_create(
        chain_id=ALL_CHAINS, defaults={"pos": last_seq, "hash": "", "verified_at": now}
    )
    return count, None


ALL_CHAINS = 0  # VerifiedPosition of chain 0: the highest seq whose record verify found in a known chain


def _start(head: ChainHead, full: bool) -> tuple[int, str, bool]:
    """Where verify starts in a chain: (position, the hash it chains from, whether that is the chain's start)."""
    start_pos, start_prev = chain_start(head)
    if not full:
        checked = VerifiedPosition.objects.filter(chain_id=head.pk).first()
        if checked is not None and start_pos - 1 <= checked.pos <= head.seq:
            return checked.pos + 1, checked.hash, False
    return start_pos, start_prev, True


def _verify_chain(head: ChainHead, start_pos: int, start_prev: str, advanced, every: int) -> ChainResult:
    """Walk one chain from ``start_pos`` to its head, in one snapshot (a writer may append meanwhile)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:  # one snapshot of the chain and its head
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        head = ChainHead.objects.get(pk=head.pk)
        records = AccessLogRecord.objects.filter(chain_id=head.pk)
        if head.legacy:
            records = records.filter(seq__gte=start_pos).order_by("seq")
        else:
            records = records.filter(pos__gte=start_pos).order_by("pos")
        values = records.values("prev_hash", "hash", *chain.CHAINED_FIELDS, "pos", "chain_id")
        count, last = 0, None

        def counted():
            nonlocal count, last
            for rec in values.iterator(chunk_size=2000):
                if head.legacy:
                    rec["pos"] = None  # hashed without chain and position; its position is its seq
                count += 1
                if advanced and count % every == 0:
                    advanced(every)
                last = rec
                yield rec

        broken = chain.first_break(counted(), start_pos, start_prev)
        if advanced:
            advanced(count % every)
        last_pos = (last["seq"] if head.legacy else last["pos"]) if last else start_pos - 1
        last_hash = last["hash"] if last else start_prev
        if broken is None and start_pos > 1 and last is not None and not _attested_start(head, start_pos):
            broken = (
                last["seq"] if count == 1 else _seq_at(head, start_pos),
                "the log starts here, but no pruning record in the log says so: records were removed",
            )
        if broken is None:
            if last_pos > head.seq:
                broken = (last["seq"], f"a record after the chain head (#{head.seq} of chain {head.pk}): inserted")
            elif last_pos < head.seq:
                at = last["seq"] + 1 if last else 1
                broken = (at, f"records missing at the end of chain {head.pk}: the chain head says #{head.seq}")
            elif head.seq and last_hash != head.hash:
                broken = (last["seq"] if last else 0, f"the last record does not match the head of chain {head.pk}")
    return ChainResult(head.pk, count, broken, last_pos, last_hash)


def _attested_start(head: ChainHead, start_pos: int) -> bool:
    """A chain verified from a position after 1: the prune checkpoint must be attested (a verify checkpoint is
    the verifier's own note; it is trusted only as far as the hash it holds, which the next record must match)."""
    checkpoint = LogCheckpoint.objects.filter(chain_id=head.pk).first()
    if checkpoint is None or checkpoint.first_seq != start_pos:
        return True  # continuing from a VerifiedPosition: its hash is checked by the walk itself
    return _attested(head.pk, checkpoint.first_seq, checkpoint.prev_hash)


def _seq_at(head: ChainHead, pos: int) -> int:
    field = "seq" if head.legacy else "pos"
    found = AccessLogRecord.objects.filter(chain_id=head.pk, **{f"{field}__gte": pos}).order_by(field)
    return found.values_list("seq", flat=True).first() or pos


def _orphans(heads: list[ChainHead], full: bool) -> tuple[int, str] | None:
    """A record in no known chain was inserted (or its chain's head removed). After a verify only the records
    written since are looked at (the seq index), with ``full`` every record."""
    records = AccessLogRecord.objects.exclude(chain_id__in=[head.pk for head in heads])
    if not full:
        since = VerifiedPosition.objects.filter(chain_id=ALL_CHAINS).values_list("pos", flat=True).first()
        if since is not None:
            records = records.filter(seq__gt=since)
    seq = records.order_by("seq").values_list("seq", flat=True).first()
    return (seq, "a record in no known chain: inserted, or its chain's head removed") if seq is not None else None


def chain_start(head: ChainHead) -> tuple[int, str]:
    """The first position kept in a chain and the hash it chains from: (1, its genesis) until records are pruned."""
    checkpoint = LogCheckpoint.objects.filter(chain_id=head.pk).first()
    return (checkpoint.first_seq, checkpoint.prev_hash) if checkpoint is not None else (1, head.genesis)


def heads() -> list[ChainHead]:
    return list(ChainHead.objects.exclude(organisation_id=LEGACY_CHAIN_ORGANISATION).order_by("pk"))


def prune_detail(chain_id: int, first_seq: int, prev_hash: str) -> str:
    """How an ``audit.prune`` record names the checkpoint it sets (the start of its detail)."""
    return f"chain={chain_id} first_kept={first_seq} prev_hash={prev_hash}"


def _attested(chain_id: int, first_seq: int, prev_hash: str) -> bool:
    return AccessLogRecord.objects.filter(
        action=PRUNE_ACTION, detail__startswith=prune_detail(chain_id, first_seq, prev_hash)
    ).exists()
