"""Hash chaining of access-log records: pure functions, no database."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64

CHAINED_FIELDS = (
    "seq",
    "at",
    "event",
    "user_id",
    "username",
    "role",
    "on_behalf_of",
    "organisation_id",
    "family_id",
    "case_id",
    "member_id",
    "channel",
    "action",
    "detail",
    "ip_address",
)


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def record_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    """SHA-256 over the previous hash and the record's fields in a fixed, canonical JSON form."""
    payload = {name: _canonical(fields[name]) for name in CHAINED_FIELDS}
    body = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def exported(rec: Mapping[str, Any]) -> dict[str, Any]:
    """A record as the export writes it (one JSON object per line): every chained field in the form its hash
    was computed over, then ``prev_hash`` and ``hash``. ``first_break`` verifies a list of these as they are."""
    return {
        **{name: _canonical(rec[name]) for name in CHAINED_FIELDS},
        "prev_hash": rec["prev_hash"],
        "hash": rec["hash"],
    }


def first_break(records, start_seq: int = 1, start_prev: str = GENESIS) -> tuple[int, str] | None:
    """Walk records in sequence order; return (seq, reason) of the first that does not chain, else None.

    After older records were pruned the chain starts at ``start_seq``, chained from ``start_prev``."""
    expected_prev, expected_seq = start_prev, start_seq
    for rec in records:
        fields = rec if isinstance(rec, Mapping) else {name: getattr(rec, name) for name in (*CHAINED_FIELDS,)}
        prev_hash = rec["prev_hash"] if isinstance(rec, Mapping) else rec.prev_hash
        stored = rec["hash"] if isinstance(rec, Mapping) else rec.hash
        seq = fields["seq"]
        if seq != expected_seq:
            return (seq, f"sequence gap: expected #{expected_seq}, found #{seq}")
        if prev_hash != expected_prev:
            return (seq, "previous-hash does not match the record before it")
        if record_hash(prev_hash, fields) != stored:
            return (seq, "contents do not match its hash (the record was changed)")
        expected_prev, expected_seq = stored, seq + 1
    return None


# Anchors: the chain head (sequence number and hash) written now and then to a place outside the database.
# A chain rewritten after an anchor, or cut short behind it, no longer holds the anchored hash at that number.

ANCHOR_MARK = "samenplan-audit-anchor"
_ANCHOR_LINE = re.compile(rf"{ANCHOR_MARK} seq=(\S*) hash=(\S*)(?: at=([0-9TZ:.+-]+))?")
_HASH = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    at: str = ""  # when the anchor was taken (UTC, ISO 8601), only to tell people which anchor failed

    def line(self) -> str:
        return f"{ANCHOR_MARK} seq={self.seq} hash={self.hash} at={self.at}"

    def describe(self) -> str:
        return f"#{self.seq} (anchored {self.at})" if self.at else f"#{self.seq}"


def is_hash(value: str) -> bool:
    return bool(_HASH.fullmatch(value))


def make_anchor(seq: int, hash: str, at: datetime) -> Anchor:
    return Anchor(seq, hash, _canonical(at))


def parse_anchors(lines: Iterable[str]) -> list[Anchor]:
    """The anchors in an anchor file or a syslog extract. Lines without the mark are skipped (syslog prefixes,
    other messages); a line with the mark that cannot be read raises ValueError, for a damaged file is news."""
    anchors = []
    for number, line in enumerate(lines, start=1):
        if ANCHOR_MARK not in line:
            continue
        found = _ANCHOR_LINE.search(line)
        if not found or not found[1].isdigit() or not _HASH.fullmatch(found[2]):
            raise ValueError(f"line {number} is not a readable anchor: {line.strip()[:200]!r}")
        anchors.append(Anchor(int(found[1]), found[2], found[3] or ""))
    return anchors


def anchor_break(anchors: Iterable[Anchor], hashes: Mapping[int, str], last_seq: int) -> tuple[int, str] | None:
    """Compare anchors with the log: ``hashes`` maps the anchored sequence numbers to the log's hashes there,
    ``last_seq`` is the log's last record. Returns (seq, reason) for the earliest anchor the log no longer
    holds, else None."""
    for anchor in sorted(anchors, key=lambda a: a.seq):
        if anchor.seq == 0:
            if anchor.hash != GENESIS:
                return (0, "the anchor for the empty log does not hold the starting hash")
            continue
        if anchor.seq > last_seq:
            return (
                anchor.seq,
                f"records missing at the end: the log ends at #{last_seq}, but {anchor.describe()} existed",
            )
        if hashes.get(anchor.seq) != anchor.hash:
            return (anchor.seq, f"hash differs from anchor {anchor.describe()}: the chain was rewritten")
    return None
