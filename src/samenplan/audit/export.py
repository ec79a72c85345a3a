"""Export of the access log for an external archive: JSON Lines that the archive can verify on its own.

Every line holds one record: each chained field in the form its hash was computed over, plus ``prev_hash`` and
``hash`` (see ``chain.exported``). The export itself is logged (event export, channel cli) after the file is
complete; it is not in the file, but the next export holds it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from django.utils import timezone

from samenplan.audit import chain, log
from samenplan.audit.models import AccessLogRecord, Event

ACTION = "audit.export"


class ExportError(Exception):
    """The export could not be written; nothing was left behind."""


@dataclass(frozen=True)
class Exported:
    count: int
    first_seq: int | None
    last_seq: int | None
    last_hash: str | None


def export(
    path: Path,
    *,
    operator,
    since_seq: int | None = None,
    from_date: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    every: int = 1000,
) -> Exported:
    """Write the records from ``since_seq`` (or from the start of ``from_date``, local time) up to the current
    chain head to a new file at ``path``; refuses an existing file. Logs the export as ``operator``."""
    head = AccessLogRecord.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    records = AccessLogRecord.objects.filter(seq__lte=head).order_by("seq")
    if since_seq is not None:
        records = records.filter(seq__gte=since_seq)
    if from_date is not None:
        records = records.filter(at__gte=datetime.combine(from_date, time.min, timezone.get_current_timezone()))
    values = records.values("prev_hash", "hash", *chain.CHAINED_FIELDS, *chain.CHAIN_FIELDS)
    total = values.count() if progress else 0
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
    except FileExistsError as exc:
        raise ExportError(f"{path} exists: an export never overwrites a file. Choose another name.") from exc
    except OSError as exc:
        raise ExportError(f"Cannot create {path}: {exc.strerror}.") from exc
    count, first, last = 0, None, None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            for rec in values.iterator(chunk_size=2000):
                line = chain.exported(rec)
                out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
                count += 1
                first = first or line
                last = line
                if progress and count % every == 0:
                    progress(count, total)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    if progress:
        progress(count, total)
    result = Exported(
        count=count,
        first_seq=first["seq"] if first else None,
        last_seq=last["seq"] if last else None,
        last_hash=last["hash"] if last else None,
    )
    span = f"seq={result.first_seq}-{result.last_seq}" if count else "seq=none"
    log.record(operator, Event.EXPORT, ACTION, detail=f"{span} count={count} last_hash={result.last_hash} file={path}")
    return result
