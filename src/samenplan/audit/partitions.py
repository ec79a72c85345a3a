"""The access log's monthly partitions on PostgreSQL (migration 0007 made the table partitioned by range on ``at``).

- :func:`ensure` is what a write calls when the month's partition is missing (``record`` checks in the query that
  locks the chain head, so a write never fails at a month's change);
- :func:`create_ahead` creates the coming months' partitions (``samenplan audit partitions --ahead N``, daily);
- :func:`archive` exports the oldest month to a file, moves each chain's start past it (attested by an
  ``audit.prune`` record, as pruning does) and detaches it (``samenplan audit partitions --archive YYYY-MM``).

A partition is created as a plain table and then attached: attaching takes a SHARE UPDATE EXCLUSIVE lock on the
log, which lets writers go on (``CREATE TABLE … PARTITION OF`` would lock them out until the transaction ends).
On SQLite there are no partitions and every function here does nothing.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from django.db import DatabaseError, connection, transaction
from django.db.models import Max

TABLE = "audit_accesslogrecord"
_LOCK = 7_513_001  # pg_advisory_xact_lock key: one partition change at a time (NEN 7513)


def month_of(moment: datetime) -> date:
    moment = moment.astimezone(UTC)
    return date(moment.year, moment.month, 1)


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def name_for(moment: datetime | date) -> str:
    month = moment if not isinstance(moment, datetime) else month_of(moment)
    return f"{TABLE}_y{month.year:04d}m{month.month:02d}"


def _bounds(month: date) -> tuple[str, str]:
    after = next_month(month)
    return f"{month.isoformat()} 00:00:00+00", f"{after.isoformat()} 00:00:00+00"


def create_sql(month: date) -> list[str]:
    """The statements that create and attach one month's partition (indexes and the append-only trigger come
    from the partitioned table)."""
    name = name_for(month)
    start, end = _bounds(month)
    return [
        f"CREATE TABLE IF NOT EXISTS {name} (LIKE {TABLE} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)",
        f"ALTER TABLE {TABLE} ATTACH PARTITION {name} FOR VALUES FROM ('{start}') TO ('{end}')",
    ]


def existing() -> list[str]:
    """The attached partitions, oldest first."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = %s::regclass ORDER BY c.relname",
            [TABLE],
        )
        return [row[0] for row in cursor.fetchall()]


def _create(cursor, month: date) -> bool:
    """Create one month's partition unless it exists. Returns whether it was created."""
    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name_for(month)])
    if cursor.fetchone()[0]:
        return False
    for sql in create_sql(month):
        cursor.execute(sql)
    return True


def ensure(cursor, *moments: datetime) -> None:
    """Create the partitions of these moments' months where missing, inside the writer's transaction (in a
    savepoint: when another writer created it at the same moment, that one's partition is used)."""
    if connection.vendor != "postgresql":
        return
    for month in sorted({month_of(m) for m in moments}):
        try:
            with transaction.atomic():
                _create(cursor, month)
        except DatabaseError:  # created by another transaction meanwhile: the insert will show if it is not there
            pass


def create_ahead(today: date, months: int) -> list[str]:
    """Create the partitions of this month and the ``months`` after it; returns the names created."""
    if connection.vendor != "postgresql":
        return []
    created, month = [], date(today.year, today.month, 1)
    for _ in range(months + 1):
        with transaction.atomic(), connection.cursor() as cursor:
            if _create(cursor, month):
                created.append(name_for(month))
        month = next_month(month)
    return created


class ArchiveError(Exception):
    """The month could not be archived; nothing changed."""


@dataclass(frozen=True)
class Archived:
    partition: str
    count: int
    chains: int
    dropped: bool


def archive(month: date, path: Path, *, operator, drop: bool = False) -> Archived:
    """Archive the oldest month of the log: write its records to ``path`` (JSON Lines, as ``audit export``
    writes them; refuses an existing file), then in one transaction move the start of every chain it held past it
    (an ``audit.prune`` record per chain names the new start, as retention does), and detach the partition. With
    ``drop`` the detached table is dropped; otherwise it stays as a plain table for ``pg_dump -t`` and is dropped
    by hand once the archive is safe."""
    from samenplan.audit import chain, log
    from samenplan.audit.models import AccessLogRecord, ChainHead, Event, LogCheckpoint

    if connection.vendor != "postgresql":
        raise ArchiveError("Partitions exist on PostgreSQL only.")
    name = name_for(month)
    attached = existing()
    if name not in attached:
        raise ArchiveError(f"There is no partition {name}.")
    if attached[0] != name:
        raise ArchiveError(f"Archive the oldest month first ({attached[0]}): the chains may only lose their start.")
    start, end = _bounds(month)
    records = AccessLogRecord.objects.filter(at__gte=start, at__lt=end)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
    except FileExistsError as exc:
        raise ArchiveError(f"{path} exists: an archive never overwrites a file.") from exc
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            values = records.order_by("seq").values("prev_hash", "hash", *chain.CHAINED_FIELDS, "chain_id", "pos")
            for rec in values.iterator(chunk_size=5000):
                out.write(json.dumps(chain.exported(rec), ensure_ascii=False, separators=(",", ":")) + "\n")
                count += 1
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
        heads = {head.pk: head for head in ChainHead.objects.select_for_update()}
        moved = 0
        for chain_id, last in records.values_list("chain_id").annotate(last=Max("pos")).order_by("chain_id"):
            head = heads.get(chain_id)
            field = "seq" if head is not None and head.legacy else "pos"
            if head is not None and head.legacy:
                last = records.filter(chain_id=chain_id).aggregate(m=Max("seq"))["m"]
            prev = AccessLogRecord.objects.filter(chain_id=chain_id, **{field: last}).values_list("hash", flat=True)
            prev_hash = prev.first()
            log.record(
                operator, Event.DELETE, log.PRUNE_ACTION,
                detail=f"{log.prune_detail(chain_id, last + 1, prev_hash)} archived={name} file={path}",
            )  # fmt: skip
            LogCheckpoint.objects.update_or_create(
                chain_id=chain_id,
                defaults={"first_seq": last + 1, "prev_hash": prev_hash, "pruned_at": datetime.now(UTC)},
            )
            moved += 1
        cursor.execute(f"ALTER TABLE {TABLE} DETACH PARTITION {name}")
        if drop:
            cursor.execute(f"DROP TABLE {name}")
    return Archived(name, count, moved, drop)
