"""samenplan backup PATH: a full backup of the database (client data and access log) to one file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from samenplan.maintenance import backups


class Command(BaseCommand):
    help = (
        "Write a full backup of the database to PATH: pg_dump custom format on PostgreSQL (restore with "
        "'samenplan restore' or pg_restore), a consistent copy through SQLite's backup API on SQLite. "
        "The backup is recorded in the access log."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--force", action="store_true", help="Replace PATH when it exists.")

    def handle(self, *args, path: Path, force: bool, **options):
        say = self._say if options["verbosity"] >= 1 else lambda line: None
        try:
            seq, digest = backups.backup(path.resolve(), force=force, say=say)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backup complete: {path}"))
        self.stdout.write(f"It holds the access log at least through record #{seq}, hash {digest}")

    def _say(self, line: str) -> None:
        self.stderr.write(line)
