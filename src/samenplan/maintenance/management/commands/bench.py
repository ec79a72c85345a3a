"""samenplan bench: time samenplan's pages through the real stack against the seeded data (see benchmark.py)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from samenplan import benchmark


class Command(BaseCommand):
    help = "Benchmark the pages against a seeded database (samenplan seed --scale); non-zero exit on a broken budget."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=50, help="Timed requests per operation (default 50).")
        parser.add_argument("--warmup", type=int, default=5, help="Untimed requests first (default 5).")
        parser.add_argument(
            "--no-timing", action="store_true", help="Check only query counts and response sizes (for CI)."
        )
        parser.add_argument("--out", default=str(Path(settings.BASE_DIR) / "var" / "bench"))

    def handle(self, *args, runs, warmup, no_timing, out, **options):
        from samenplan.cases.models import Family

        families = Family.objects.count()
        if not families:
            raise CommandError("No data: run `samenplan seed --scale --families N` first.")
        results = benchmark.run(
            runs=max(1, runs), warmup=max(0, warmup), check_timing=not no_timing, progress=self._progress
        )
        meta = {"families": families, "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]}
        meta["runs"] = runs
        data, table = benchmark.write(results, Path(out), meta)
        self.stdout.write(table.read_text())
        self.stdout.write(f"Written: {data} and {table}")
        broken = [r for r in results if r.broken]
        if broken:
            raise CommandError(f"{len(broken)} budget(s) broken: " + ", ".join(r.name for r in broken))
        self.stdout.write(self.style.SUCCESS("Every budget met."))

    def _progress(self, name: str) -> None:
        self.stderr.write(f"  measured: {name}")
