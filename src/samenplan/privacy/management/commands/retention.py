"""samenplan retention run [--apply] [--log]: remove files past their retention period, or prune the access log.

Without --apply it only lists what is due (counts and family ids, never names). With --apply each family is
removed in a transaction of its own, with everything that hangs off it, and an access-log record (ids only).
With --log it handles access-log records older than ACCESS_LOG_RETENTION_YEARS instead.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from samenplan.maintenance.backups import operator
from samenplan.privacy import actions


class Command(BaseCommand):
    help = "Retention: list (dry run) or remove (--apply) closed files past their period; --log: the access log."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        run = sub.add_parser("run", help="List what is due; --apply removes it.")
        run.add_argument("--apply", action="store_true", help="Remove what is due (default: a dry run).")
        run.add_argument("--log", action="store_true", help="Prune access-log records instead of files.")

    def handle(self, *args, subcommand, apply, log, **options):
        today = timezone.localdate()
        if log:
            self._log(today, apply)
        else:
            self._files(today, apply, options["verbosity"])

    def _files(self, today, apply: bool, verbosity: int) -> None:
        years = settings.RETENTION_YEARS
        result = actions.run_retention(
            operator(), today=today, years=years, apply=apply, progress=self._progress if apply and verbosity else None
        )
        if apply and verbosity:
            self.stderr.write("")
        ids = ",".join(map(str, result.due)) or "-"
        if not apply:
            self.stdout.write(f"Dry run: {len(result.due)} families past retention ({years} years after closing).")
            self.stdout.write(f"Family ids: {ids}")
            self.stdout.write("Run again with --apply to remove them.")
            return
        self.stdout.write(self.style.SUCCESS(f"Removed {len(result.due)} families past retention ({years} years)."))
        self.stdout.write(f"Family ids: {ids}")
        for label, count in sorted(result.removed.items()):
            self.stdout.write(f"  {label}: {count}")

    def _log(self, today, apply: bool) -> None:
        years = settings.ACCESS_LOG_RETENTION_YEARS
        result = actions.prune_log(operator(), today=today, years=years, apply=apply)
        before = result.cutoff.isoformat()
        if not apply:
            self.stdout.write(f"Dry run: {result.count} access-log records made before {before} ({years} years).")
            self.stdout.write("Run again with --apply to prune them.")
            return
        self.stdout.write(
            self.style.SUCCESS(f"Pruned {result.count} access-log records made before {before}; the log starts at ")
            + f"#{result.first_kept}. Write a new anchor: samenplan audit anchor …"
        )

    def _progress(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // total if total else width
        self.stderr.write(f"\rRemoving [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
        self.stderr.flush()
