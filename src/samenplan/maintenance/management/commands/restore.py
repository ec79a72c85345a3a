"""samenplan restore PATH: replace the database with a backup made by 'samenplan backup', then verify the log."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from samenplan.maintenance import backups


class Command(BaseCommand):
    help = (
        "Restore the database from a backup made by 'samenplan backup'. Refuses a database that already holds "
        "tables unless --force is given. Stop samenplan first. Afterwards the access log is verified and the "
        "restore is recorded in it."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--force", action="store_true", help="Replace a database that is not empty.")

    def handle(self, *args, path: Path, force: bool, **options):
        say = self._say if options["verbosity"] >= 1 else lambda line: None
        try:
            verified = backups.restore(path.resolve(), force=force, say=say)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Restored from {path}."))
        if verified is None:
            return
        count, broken = verified
        if broken is not None:
            seq, reason = broken
            raise CommandError(f"Restored, but the access log is broken at record #{seq}: {reason}.")
        self.stdout.write(f"Access log intact: {count} records, chain verified (the restore is record #{count + 1}).")

    def _say(self, line: str) -> None:
        self.stderr.write(line)
