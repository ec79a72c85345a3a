"""samenplan audit verify | anchor | export: check the access log's hash chain; write its head to a place outside the
database; export its records for an external archive.

`verify` recomputes the chain and names the first broken record. A chain that someone rewrote from some record
on (trigger dropped, record edited, later hashes recomputed, chain head updated) or cut short with the chain head
rewound is consistent in itself: only a head kept outside the database shows it. `anchor` appends the current head
to a file and/or syslog; `verify --anchors FILE` (or `--expect-hash H`) checks the log still holds every anchor.
`export --since SEQ | --from DATE --to FILE` writes JSON Lines that an archive verifies on its own
(docs/security/access-log.md).
"""

from __future__ import annotations

import logging
import os
from datetime import date
from logging.handlers import SysLogHandler
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from samenplan.audit import chain, log
from samenplan.audit.export import ExportError, export
from samenplan.audit.models import AccessLogRecord, ChainHead

CHUNK = 1000


class Command(BaseCommand):
    help = (
        "Check the access log. 'verify' recomputes the hash chain and names the first broken record; with "
        "--anchors/--expect-hash it also checks heads kept outside the database. 'anchor' writes the current "
        "head to a file and/or syslog. 'export' writes records as JSON Lines for an external archive."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser("verify", help="Recompute the hash chain of every access-log record.")
        verify.add_argument(
            "--anchors",
            action="append",
            default=[],
            metavar="FILE",
            help="A file of anchors (written by 'audit anchor', or a syslog extract): each must still be in the log.",
        )
        verify.add_argument(
            "--expect-hash",
            action="append",
            default=[],
            metavar="HASH",
            help="A head hash noted earlier (printed by verify and anchor): the log must still hold it.",
        )
        anchor = sub.add_parser("anchor", help="Append the chain head (number, hash, time) outside the database.")
        anchor.add_argument("--file", metavar="PATH", help="Append the anchor to this file (created 0640).")
        anchor.add_argument(
            "--syslog",
            nargs="?",
            const="/dev/log",
            metavar="ADDRESS",
            help="Send the anchor to syslog: a socket path (default /dev/log) or HOST:PORT (UDP).",
        )
        anchor.add_argument(
            "--facility", default="authpriv", help="Syslog facility (default authpriv: readable by root only)."
        )

        exp = sub.add_parser("export", help="Write records as JSON Lines for an external archive (never overwrites).")
        start = exp.add_mutually_exclusive_group()
        start.add_argument("--since", type=int, metavar="SEQ", help="From this sequence number on.")
        start.add_argument(
            "--from", dest="from_date", type=_date, metavar="DATE", help="From this day on (YYYY-MM-DD)."
        )
        exp.add_argument("--to", required=True, metavar="FILE", help="The new file to write (must not exist).")

    def handle(self, *args, subcommand, **options):
        if subcommand == "export":
            self._export(Path(options["to"]), options["since"], options["from_date"], options["verbosity"])
        elif subcommand == "anchor":
            self._anchor(options["file"], options["syslog"], options["facility"])
        else:
            self._verify(options["anchors"], options["expect_hash"], options["verbosity"])

    # verify

    def _verify(self, anchor_files: list[str], expected: list[str], verbosity: int) -> None:
        anchors = [anchor for name in anchor_files for anchor in _read_anchors(Path(name))]
        for value in expected:
            if not chain.is_hash(value):
                raise CommandError(f"--expect-hash {value!r} is not a SHA-256 hash (64 hex digits).")
        count, broken = log.verify(progress=self._progress if verbosity >= 1 else None)
        if verbosity >= 1:
            self.stderr.write("")
        last_seq = log.chain_start()[0] - 1 + count
        if broken is None:
            broken = _anchor_break(anchors, last_seq)
        if broken is None:
            broken = _missing_hash(expected, last_seq)
        if broken is not None:
            seq, reason = broken
            raise CommandError(f"Access log broken at record #{seq}: {reason}. ({count} records read.)")
        self.stdout.write(self.style.SUCCESS(f"Access log intact: {count} records, chain verified."))
        if anchors or expected:
            self.stdout.write(f"Checked against {len(anchors) + len(expected)} anchor(s) kept outside the database.")
        head = ChainHead.objects.filter(pk=1).first()
        if head is not None:
            # Kept outside samenplan (audit anchor, monitoring, a ticket), this detects a chain rewritten later.
            self.stdout.write(f"Last record #{head.seq}, hash {head.hash}")

    def _progress(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // total if total else width
        self.stderr.write(
            f"\r{getattr(self, 'progress_label', 'Checking')} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}",
            ending="",
        )
        self.stderr.flush()

    # export

    def _export(self, path: Path, since: int | None, from_date: date | None, verbosity: int) -> None:
        from samenplan.maintenance.backups import operator

        self.progress_label = "Exporting"
        progress = self._progress if verbosity >= 1 else None
        try:
            result = export(path, operator=operator(), since_seq=since, from_date=from_date, progress=progress)
        except ExportError as exc:
            raise CommandError(str(exc)) from exc
        if verbosity >= 1:
            self.stderr.write("")
        if result.count:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Exported {result.count} records (#{result.first_seq}-#{result.last_seq}) to {path}."
                )
            )
            self.stdout.write(f"Last record #{result.last_seq}, hash {result.last_hash}")
        else:
            self.stdout.write(f"No records to export; {path} is empty.")

    # anchor

    def _anchor(self, file: str | None, syslog: str | None, facility: str) -> None:
        if not file and not syslog:
            raise CommandError("Say where the anchor goes: --file PATH and/or --syslog [ADDRESS].")
        with transaction.atomic():  # the head row is locked: no record slips in between the two reads
            head = ChainHead.objects.select_for_update().filter(pk=1).first()
            last = AccessLogRecord.objects.order_by("-seq").values_list("seq", "hash").first() or (0, chain.GENESIS)
        current = (head.seq, head.hash) if head is not None else (0, chain.GENESIS)
        if current != tuple(last):
            raise CommandError(
                f"The chain head does not match the last record (#{last[0]}): run 'samenplan audit verify'. "
                "No anchor written."
            )
        path = Path(file) if file else None
        if path is not None and path.exists():
            earlier = _read_anchors(path)
            broken = _anchor_break(earlier[-1:], last[0])
            if broken is not None:
                raise CommandError(f"The log no longer holds the previous anchor: {broken[1]}. No anchor written.")
        anchor = chain.make_anchor(last[0], last[1], timezone.now())
        if path is not None:
            _append_line(path, anchor.line())
        if syslog:
            _send_to_syslog(syslog, facility, anchor.line())
        self.stdout.write(anchor.line())


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"not a date (YYYY-MM-DD): {value!r}") from exc


def _read_anchors(path: Path) -> list[chain.Anchor]:
    try:
        with path.open(encoding="utf-8", errors="replace") as lines:
            return chain.parse_anchors(lines)
    except OSError as exc:
        raise CommandError(f"Cannot read the anchors in {path}: {exc.strerror}.") from exc
    except ValueError as exc:
        raise CommandError(f"{path}: {exc}") from exc


def _anchor_break(anchors: list[chain.Anchor], last_seq: int) -> tuple[int, str] | None:
    """The log's records up to last_seq were verified as one chain; does it still hold every anchor?

    Anchors of pruned records (before the checkpoint) are skipped: the records they covered are gone by design.
    The anchor just before the checkpoint must hold the hash the kept chain starts from."""
    start_seq, start_prev = log.chain_start()
    anchors = [a for a in anchors if a.seq >= start_seq - 1]
    seqs = sorted({a.seq for a in anchors if start_seq <= a.seq <= last_seq})
    hashes: dict[int, str] = {start_seq - 1: start_prev} if start_seq > 1 else {}
    for start in range(0, len(seqs), CHUNK):
        part = seqs[start : start + CHUNK]
        hashes.update(AccessLogRecord.objects.filter(seq__in=part).values_list("seq", "hash"))
    return chain.anchor_break(anchors, hashes, last_seq)


def _missing_hash(expected: list[str], count: int) -> tuple[int, str] | None:
    present = set(AccessLogRecord.objects.filter(hash__in=expected).values_list("hash", flat=True))
    for value in expected:
        if value != chain.GENESIS and value not in present:
            return (count, f"no record has the expected hash {value}: the chain was rewritten or cut short")
    return None


def _append_line(path: Path, line: str) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(fd, f"{line}\n".encode())
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise CommandError(f"Cannot append the anchor to {path}: {exc.strerror}.") from exc


def _send_to_syslog(address: str, facility: str, line: str) -> None:
    host, _, port = address.rpartition(":")
    target: str | tuple[str, int] = (host, int(port)) if host and port.isdigit() else address
    if facility not in SysLogHandler.facility_names:
        raise CommandError(f"Unknown syslog facility {facility!r}.")
    try:
        handler = SysLogHandler(address=target, facility=SysLogHandler.facility_names[facility])
    except OSError as exc:
        raise CommandError(f"Cannot reach syslog at {address}: {exc.strerror}.") from exc
    handler.setFormatter(logging.Formatter("samenplan: %(message)s"))
    try:
        handler.emit(logging.makeLogRecord({"msg": line, "levelno": logging.INFO, "levelname": "INFO"}))
    finally:
        handler.close()
