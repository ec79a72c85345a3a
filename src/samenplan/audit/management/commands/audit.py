"""samenplan audit verify | anchor | export | partitions: check the access log's hash chains; write their heads to a
place outside the database; export its records for an external archive; create and archive monthly partitions.

`verify` checks every chain (a few per organisation) from where the last verify left it (`--full`: from the
start; `--jobs N`: N chains at a time) and names the first broken record. A chain that someone rewrote from some record
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
from django.db import connection, transaction
from django.utils import timezone

from samenplan.audit import chain, log, partitions
from samenplan.audit.export import ExportError, export
from samenplan.audit.models import AccessLogRecord, ChainHead

CHUNK = 1000


class Command(BaseCommand):
    help = (
        "Check the access log. 'verify' checks the hash chains (from the last verify on; --full: all) and names "
        "the first broken record; with --anchors/--expect-hash it also checks heads kept outside the database. "
        "'anchor' writes the current heads to a file and/or syslog. 'export' writes records as JSON Lines for an "
        "external archive. 'partitions' creates months ahead and archives the oldest (PostgreSQL)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser(
            "verify", help="Check the hash chains from where the last verify left them (--full: every record)."
        )
        verify.add_argument("--full", action="store_true", help="Recompute every chain from its start.")
        verify.add_argument(
            "--jobs", type=int, default=1, metavar="N", help="Check N chains at a time (PostgreSQL; default 1)."
        )
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
        anchor = sub.add_parser("anchor", help="Append every chain's head (position, hash, time) outside the database.")
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

        parts = sub.add_parser(
            "partitions", help="PostgreSQL: create the coming months' partitions; archive and detach the oldest."
        )
        parts.add_argument("--ahead", type=int, default=3, metavar="N", help="Months ahead to create (default 3).")
        parts.add_argument("--archive", type=_month, metavar="YYYY-MM", help="Archive this month (the oldest).")
        parts.add_argument("--to", metavar="FILE", help="With --archive: the new file its records go to.")
        parts.add_argument("--drop", action="store_true", help="With --archive: drop the detached table too.")

    def handle(self, *args, subcommand, **options):
        if subcommand == "export":
            self._export(Path(options["to"]), options["since"], options["from_date"], options["verbosity"])
        elif subcommand == "partitions":
            self._partitions(options["ahead"], options["archive"], options["to"], options["drop"])
        elif subcommand == "anchor":
            self._anchor(options["file"], options["syslog"], options["facility"])
        else:
            self._verify(
                options["anchors"], options["expect_hash"], options["verbosity"], options["full"], options["jobs"]
            )

    # verify

    def _verify(self, anchor_files: list[str], expected: list[str], verbosity: int, full: bool, jobs: int) -> None:
        anchors = [anchor for name in anchor_files for anchor in _read_anchors(Path(name))]
        for value in expected:
            if not chain.is_hash(value):
                raise CommandError(f"--expect-hash {value!r} is not a SHA-256 hash (64 hex digits).")
        progress = self._progress if verbosity >= 1 else None
        count, broken = log.verify(progress=progress, full=full, jobs=max(1, jobs), remember=True)
        if verbosity >= 1:
            self.stderr.write("")
        if broken is None:
            broken = _anchor_break(anchors)
        if broken is None:
            broken = _missing_hash(expected)
        if broken is not None:
            seq, reason = broken
            raise CommandError(f"Access log broken at record #{seq}: {reason}. ({count} records read.)")
        heads = list(ChainHead.objects.order_by("pk"))
        how = "every record" if full else "since the last verify"
        self.stdout.write(
            self.style.SUCCESS(f"Access log intact: {count} records, chain verified ({how}, {len(heads)} chains).")
        )
        if anchors or expected:
            self.stdout.write(f"Checked against {len(anchors) + len(expected)} anchor(s) kept outside the database.")
        last = AccessLogRecord.objects.order_by("-seq").values_list("seq", "hash").first()
        if last is not None:
            # Kept outside samenplan (audit anchor, monitoring, a ticket), this detects a chain rewritten later.
            self.stdout.write(f"Last record #{last[0]}, hash {last[1]}")

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
        anchors, now = [], timezone.now()
        with transaction.atomic():  # each head row is read with its last record: no record slips in between
            for head in ChainHead.objects.filter(seq__gt=0).order_by("pk"):  # an empty chain anchors nothing
                field = "seq" if head.legacy else "pos"
                last = AccessLogRecord.objects.filter(chain_id=head.pk).order_by(f"-{field}")
                last = last.values_list(field, "hash").first() or (0, head.genesis)
                if (head.seq, head.hash or head.genesis) != tuple(last):
                    raise CommandError(
                        f"The head of chain {head.pk} does not match its last record (#{last[0]}): run "
                        "'samenplan audit verify'. No anchor written."
                    )
                anchors.append(chain.make_anchor(last[0], last[1], now, None if head.legacy else head.pk))
        path = Path(file) if file else None
        if path is not None and path.exists():
            earlier = _read_anchors(path)
            latest = {a.chain: a for a in earlier}  # the last anchor of every chain
            broken = _anchor_break(list(latest.values()))
            if broken is not None:
                raise CommandError(f"The log no longer holds the previous anchor: {broken[1]}. No anchor written.")
        lines = [anchor.line() for anchor in anchors]
        if path is not None:
            _append_lines(path, lines)
        if syslog:
            for line in lines:
                _send_to_syslog(syslog, facility, line)
        for line in lines:
            self.stdout.write(line)

    # partitions

    def _partitions(self, ahead: int, month, to: str | None, drop: bool) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("The access log is partitioned on PostgreSQL only; on SQLite there is nothing to do.")
        if month is not None:
            from samenplan.maintenance.backups import operator

            if not to:
                raise CommandError("Say where the archived records go: --to FILE.")
            try:
                done = partitions.archive(month, Path(to), operator=operator(), drop=drop)
            except partitions.ArchiveError as exc:
                raise CommandError(str(exc)) from exc
            what = "dropped" if done.dropped else f"detached (drop it with DROP TABLE {done.partition} once archived)"
            self.stdout.write(
                self.style.SUCCESS(
                    f"Archived {done.count} records of {done.partition} to {to}; {done.chains} chain(s) now start "
                    f"after it; the partition is {what}."
                )
            )
            return
        created = partitions.create_ahead(timezone.now().date(), ahead)
        self.stdout.write(f"Created: {', '.join(created) or 'none (all there)'}.")
        self.stdout.write(f"Partitions: {len(partitions.existing())}.")


def _month(value: str) -> date:
    try:
        return date.fromisoformat(f"{value}-01")
    except ValueError as exc:
        raise ValueError(f"not a month (YYYY-MM): {value!r}") from exc


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


def _anchor_break(anchors: list[chain.Anchor]) -> tuple[int, str] | None:
    """Does every chain still hold its anchors? (The chains were verified just before.) Anchors of pruned records
    (before a chain's checkpoint) are skipped: the records they covered are gone by design; the anchor just before
    the checkpoint must hold the hash the kept chain starts from. Returns (seq, reason) for the first that fails."""
    heads = {(None if head.legacy else head.pk): head for head in ChainHead.objects.all()}
    by_chain: dict[int | None, list[chain.Anchor]] = {}
    for anchor in anchors:
        by_chain.setdefault(anchor.chain, []).append(anchor)
    for key, chain_anchors in sorted(by_chain.items(), key=lambda item: item[0] or 0):
        head = heads.get(key)
        if head is None:
            if any(a.seq for a in chain_anchors):
                return (0, f"chain {key} of an anchor is gone: its records were removed")
            continue
        start_seq, start_prev = log.chain_start(head)
        chain_anchors = [a for a in chain_anchors if a.seq >= start_seq - 1]
        field = "seq" if head.legacy else "pos"
        seqs = sorted({a.seq for a in chain_anchors if start_seq <= a.seq <= head.seq})
        hashes: dict[int, str] = {start_seq - 1: start_prev} if start_seq > 1 else {}
        for start in range(0, len(seqs), CHUNK):
            part = AccessLogRecord.objects.filter(chain_id=head.pk, **{f"{field}__in": seqs[start : start + CHUNK]})
            hashes.update(part.values_list(field, "hash"))
        broken = chain.anchor_break(chain_anchors, hashes, head.seq)
        if broken is not None:
            pos, reason = broken
            found = AccessLogRecord.objects.filter(chain_id=head.pk, **{field: min(pos, head.seq)})
            return (found.values_list("seq", flat=True).first() or pos, reason)
    return None


def _missing_hash(expected: list[str]) -> tuple[int, str] | None:
    """No index on the hash (it served nothing else): this reads the log, so keep --expect-hash for spot checks and
    use anchors for the daily check."""
    present = set(AccessLogRecord.objects.filter(hash__in=expected).values_list("hash", flat=True))
    for value in expected:
        if value != chain.GENESIS and value not in present:
            return (0, f"no record has the expected hash {value}: the chain was rewritten or cut short")
    return None


def _append_lines(path: Path, lines: list[str]) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(fd, "".join(f"{line}\n" for line in lines).encode())
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
