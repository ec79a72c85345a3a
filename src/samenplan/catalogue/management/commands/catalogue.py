"""samenplan catalogue import FILE --organisation NAME [--valid-rows-only]: import help from a CSV file.

The file is checked as on the import page (docs/catalogue.md): every broken row is printed with its row number;
nothing is imported when any row is broken, unless --valid-rows-only. The exit status is non-zero when anything
was wrong with the file or a row (also when the good rows were imported), so a script notices.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from samenplan.accounts.models import Organisation
from samenplan.catalogue import actions, rules


class Command(BaseCommand):
    help = "Import the catalogue of help of an organisation from a CSV file."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        load = sub.add_parser("import", help="Check a CSV file of help and import it.")
        load.add_argument("file", help="A CSV file in UTF-8 (see docs/catalogue.md).")
        load.add_argument("--organisation", required=True, help="The name of the organisation.")
        load.add_argument("--valid-rows-only", action="store_true", help="Import the good rows, skip broken ones.")

    def handle(self, *args, subcommand, **options):
        getattr(self, f"_{subcommand}")(**options)

    def _import(self, file, organisation, valid_rows_only=False, **_):
        org = Organisation.objects.filter(name=organisation).first()
        if org is None:
            raise CommandError(f'No organisation is called "{organisation}".')
        path = Path(file)
        try:
            if path.stat().st_size > rules.MAX_IMPORT_BYTES:
                raise CommandError(f"{file}: {rules.too_big_message()}")
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        text, problem = rules.decode(data)
        if problem:
            raise CommandError(f"{file}: {problem}")
        columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, transient=False) as bar:
            task = bar.add_task("Importing", total=None)
            result = actions.do_import(
                None, org, text, valid_rows_only=valid_rows_only,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )  # fmt: skip
        for problem in result.csv.problems:
            self.stderr.write(f"{file}: {problem}")
        for row in result.csv.broken:
            for field, messages in row.errors.items():
                for message in messages:
                    self.stderr.write(f"{file}, row {row.number}, {rules.FIELD_LABELS.get(field, field)}: {message}")
        if not result.imported:
            raise CommandError(f"{file}: nothing was imported.")
        self.stdout.write(
            self.style.SUCCESS(
                f"{org}: {len(result.created)} added, {len(result.updated)} changed, {result.unchanged} unchanged, "
                f"{result.skipped} rows skipped."
            )
        )
        if result.skipped:
            raise CommandError(f"{file}: {result.skipped} row(s) had errors and were skipped.")
