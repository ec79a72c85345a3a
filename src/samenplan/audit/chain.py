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
# Records of a chain per organisation (migration 0007 on) also hash the chain they belong to and their position in
# it, so a record cannot be moved to another chain or another place. The one installation-wide chain written before
# (the legacy chain) hashed only the fields above, with ``seq`` as its position.
CHAIN_FIELDS = ("chain_id", "pos")


def chain_genesis(chain_id: int) -> str:
    """The hash the first record of a chain chains from: derived from the chain's id, so the first record of one
    chain cannot pose as the first of another."""
    return hashlib.sha256(f"samenplan-audit-chain {chain_id}".encode()).hexdigest()


def _names(fields: Mapping[str, Any], legacy: bool | None) -> tuple[str, ...]:
    if legacy is None:
        legacy = fields.get("pos") is None
    return CHAINED_FIELDS if legacy else (*CHAINED_FIELDS, *CHAIN_FIELDS)


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


# The JSON form of a record's hash, cut where its chain, position and seq go (see ``body_parts``).
_CUTS = ("chain_id", "pos", "seq")


def _body_groups() -> tuple[tuple[str, ...], ...]:
    groups: list[tuple[str, ...]] = [()]
    for name in sorted((*CHAINED_FIELDS, *CHAIN_FIELDS)):  # the order json.dumps(sort_keys=True) writes them in
        if name in _CUTS:
            groups.append(())
        else:
            groups[-1] += (name,)
    return tuple(groups)


_BODY_GROUPS = _body_groups()  # (action, at, case_id), (channel … organisation_id), (role,), (user_id, username)
_encode = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


def body_parts(fields: Mapping[str, Any]) -> tuple[str, str, str, str]:
    """What :func:`record_hash` hashes for a record of a chain, without the three numbers that are known only once
    the chain's head is held: ``f"{prev_hash}\\n{a}{chain_id}{b}{pos}{c}{seq}{d}"`` is exactly its input, so the
    database can fill them in and hash in the statement that appends the record (``log.record`` on PostgreSQL).
    Every string is encoded here, as ``record_hash`` encodes it; the database adds only decimal integers."""
    inner = [_encode({name: _canonical(fields[name]) for name in group})[1:-1] for group in _BODY_GROUPS]
    a, b, c, d = inner
    return f'{{{a},"chain_id":', f',{b},"pos":', f',{c},"seq":', f",{d}}}"


def record_hash(prev_hash: str, fields: Mapping[str, Any], *, legacy: bool | None = None) -> str:
    """SHA-256 over the previous hash and the record's fields in a fixed, canonical JSON form. ``legacy``: a record
    of the installation-wide chain (no chain and position hashed); None: decided by whether ``pos`` is set."""
    payload = {name: _canonical(fields[name]) for name in _names(fields, legacy)}
    body = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def exported(rec: Mapping[str, Any]) -> dict[str, Any]:
    """A record as the export writes it (one JSON object per line): every chained field in the form its hash
    was computed over, then ``prev_hash`` and ``hash``. ``first_break`` verifies a list of these as they are."""
    return {
        **{name: _canonical(rec[name]) for name in _names(rec, None)},
        "prev_hash": rec["prev_hash"],
        "hash": rec["hash"],
    }


def first_break(records, start_seq: int = 1, start_prev: str = GENESIS) -> tuple[int, str] | None:
    """Walk the records of one chain in position order; return (seq, reason) of the first that does not chain,
    else None. ``start_seq`` is the position the walk starts at (after pruning or a checkpoint), chained from
    ``start_prev``. A record's position is its ``pos`` (chains per organisation) or its ``seq`` (the legacy chain);
    the reason names the record by its ``seq``, the number people see."""
    expected_prev, expected_pos = start_prev, start_seq
    for rec in records:
        fields = rec if isinstance(rec, Mapping) else {name: getattr(rec, name) for name in (*CHAINED_FIELDS, "pos")}
        prev_hash = rec["prev_hash"] if isinstance(rec, Mapping) else rec.prev_hash
        stored = rec["hash"] if isinstance(rec, Mapping) else rec.hash
        legacy = fields.get("pos") is None
        pos = fields["seq"] if legacy else fields["pos"]
        if pos != expected_pos:
            return (fields["seq"], f"sequence gap: expected #{expected_pos}, found #{pos} in its chain")
        if prev_hash != expected_prev:
            return (fields["seq"], "previous-hash does not match the record before it")
        if record_hash(prev_hash, fields, legacy=legacy) != stored:
            return (fields["seq"], "contents do not match its hash (the record was changed)")
        expected_prev, expected_pos = stored, pos + 1
    return None


def export_break(records) -> tuple[int, str] | None:
    """Check an export (records of several chains, in ``seq`` order): within each chain the positions follow on
    and every record chains from the one before; each chain's first record in the file is taken as it stands (its
    predecessor is in the previous export). Returns (seq, reason) of the first break, else None."""
    last: dict[Any, tuple[int, str]] = {}
    for rec in records:
        key = rec.get("chain_id")
        pos = rec["seq"] if rec.get("pos") is None else rec["pos"]
        start = last.get(key, (pos, rec["prev_hash"]))
        broken = first_break([rec], start[0], start[1])
        if broken is not None:
            return broken
        last[key] = (pos + 1, rec["hash"])
    return None


# Anchors: each chain's head (chain, position and hash) written now and then to a place outside the database.
# A chain rewritten after an anchor, or cut short behind it, no longer holds the anchored hash at that position.

ANCHOR_MARK = "samenplan-audit-anchor"
_ANCHOR_LINE = re.compile(rf"{ANCHOR_MARK}(?: chain=(\S*))? seq=(\S*) hash=(\S*)(?: at=([0-9TZ:.+-]+))?")
_HASH = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Anchor:
    seq: int  # the position in the chain (in the legacy chain, without ``chain=``, the sequence number)
    hash: str
    at: str = ""  # when the anchor was taken (UTC, ISO 8601), only to tell people which anchor failed
    chain: int | None = None  # None: the legacy installation-wide chain

    def line(self) -> str:
        where = f" chain={self.chain}" if self.chain is not None else ""
        return f"{ANCHOR_MARK}{where} seq={self.seq} hash={self.hash} at={self.at}"

    def describe(self) -> str:
        where = f"chain {self.chain} " if self.chain is not None else ""
        return f"{where}#{self.seq} (anchored {self.at})" if self.at else f"{where}#{self.seq}"


def is_hash(value: str) -> bool:
    return bool(_HASH.fullmatch(value))


def make_anchor(seq: int, hash: str, at: datetime, chain: int | None = None) -> Anchor:
    return Anchor(seq, hash, _canonical(at), chain)


def parse_anchors(lines: Iterable[str]) -> list[Anchor]:
    """The anchors in an anchor file or a syslog extract. Lines without the mark are skipped (syslog prefixes,
    other messages); a line with the mark that cannot be read raises ValueError, for a damaged file is news."""
    anchors = []
    for number, line in enumerate(lines, start=1):
        if ANCHOR_MARK not in line:
            continue
        found = _ANCHOR_LINE.search(line)
        readable = found and found[2].isdigit() and _HASH.fullmatch(found[3])
        if not readable or (found[1] is not None and not found[1].isdigit()):
            raise ValueError(f"line {number} is not a readable anchor: {line.strip()[:200]!r}")
        chain = int(found[1]) if found[1] is not None else None
        anchors.append(Anchor(int(found[2]), found[3], found[4] or "", chain))
    return anchors


def anchor_break(anchors: Iterable[Anchor], hashes: Mapping[int, str], last_seq: int) -> tuple[int, str] | None:
    """Compare the anchors of one chain with it: ``hashes`` maps the anchored positions to the chain's hashes
    there, ``last_seq`` is the chain's last position. Returns (position, reason) for the earliest anchor the chain
    no longer holds, else None."""
    for anchor in sorted(anchors, key=lambda a: a.seq):
        if anchor.seq == 0:
            continue  # an anchor of a chain that was still empty holds nothing
        if anchor.seq > last_seq:
            return (
                anchor.seq,
                f"records missing at the end: the chain ends at #{last_seq}, but {anchor.describe()} existed",
            )
        if hashes.get(anchor.seq) != anchor.hash:
            return (anchor.seq, f"hash differs from anchor {anchor.describe()}: the chain was rewritten")
    return None
