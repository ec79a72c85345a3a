"""samenplan seed: load the synthetic demo data (deterministic; nothing real).

``--scale`` loads synthetic data at the size of a region instead (bulk inserts, for ``samenplan bench``)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from samenplan import demo_data


class Command(BaseCommand):
    help = (
        "Load synthetic demo data: two organisations, a user for every role, a dozen families. "
        "With --scale: synthetic data at the size of a region (e.g. --scale --families 50000) for benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--families", type=int, default=12, help="How many families (default 12).")
        parser.add_argument(
            "--scale",
            action="store_true",
            help="Bulk-load benchmark data (organisations, teams, cases in every phase, a chained access log).",
        )
        parser.add_argument(
            "--log-per-family", type=int, default=20, help="With --scale: access-log records per family (default 20)."
        )
        parser.add_argument(
            "--password",
            default=demo_data.DEMO_PASSWORD,
            help="With --scale: the password of every seeded professional, team lead and family account "
            "(default: the demo password).",
        )

    def handle(self, *args, families, scale, log_per_family, password, **options):
        if scale:
            self._scale(max(1, families), max(1, log_per_family), password)
            return
        if demo_data.already_seeded():
            self.stdout.write("Demo data is already loaded; nothing to do.")
            return
        demo_data.seed(families=max(1, families), progress=self._progress)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {families} families."))
        from samenplan.portal.demo import login_lines

        for line in login_lines():
            self.stdout.write(line)

    def _scale(self, families: int, log_per_family: int, password: str) -> None:
        import time

        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn, TimeRemainingColumn

        from samenplan import scale_seed

        state = scale_seed.state()
        if state == "complete":
            self.stdout.write("Benchmark data is already loaded; nothing to do.")
            return
        if state == "unfinished":
            raise CommandError(
                "An earlier `samenplan seed --scale` stopped before it finished: this database holds part of the "
                "benchmark data (families without their access log). Load it into a new, empty database, e.g. "
                "`dropdb` and `createdb`, then `samenplan migrate` and this command again."
            )
        began = time.monotonic()
        columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn())
        with Progress(*columns, transient=False) as bar:
            # The families first, then the access log's records (written last, in time order: scale_seed._write_log).
            tasks = {"families": bar.add_task("Families", total=families)}

            def advance(what: str, done: int, total: int) -> None:
                if what not in tasks:
                    tasks[what] = bar.add_task("Access log", total=total)
                bar.update(tasks[what], completed=done, total=total)

            summary = scale_seed.seed(families, log_per_family=log_per_family, password=password, progress=advance)
        # Fresh statistics, as autovacuum would gather them some minutes later: without them PostgreSQL plans the
        # first pages for near-empty tables (the caseload's queries ran 3 to 7 times slower in the benchmark).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        took = time.monotonic() - began
        showcase = summary.pop("showcase")
        self.stdout.write(self.style.SUCCESS(f"Benchmark data loaded in {took:.0f} s: {summary}"))
        self.stdout.write(
            f"Logins (one password for all): professionals p00001…, team leads lead0001…, "
            f"family accounts {summary['family_account'] or '(none)'} and every tenth family after it."
        )
        for row in showcase:  # per organisation: its case in the help phase and its case being evaluated
            cases = [
                f"{phase} case {row[f'{phase}_case']} ({row[f'{phase}_caseworker']})"
                for phase in ("help", "evaluation")
                if f"{phase}_case" in row  # a tiny seed may give an organisation one case only
            ]
            self.stdout.write(f"  {row['organisation']}: {', '.join(cases)}")

    def _progress(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // total
        self.stdout.write(f"\rFamilies [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
        self.stdout.flush()
