"""Hash chaining of access-log records: pure functions, no database."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
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


def first_break(records) -> tuple[int, str] | None:
    """Walk records in sequence order; return (seq, reason) of the first that does not chain, else None."""
    expected_prev, expected_seq = GENESIS, 1
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
