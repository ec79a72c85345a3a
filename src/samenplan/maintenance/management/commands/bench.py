"""samenplan bench: time samenplan's pages through the real stack against the seeded data (see benchmark.py)."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from samenplan import benchmark

REFERENCE = Path(settings.BASE_DIR) / "bench" / "reference-queries.json"


class Command(BaseCommand):
    help = "Benchmark the pages against a seeded database (samenplan seed --scale); non-zero exit on a broken budget."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=50, help="Timed requests per operation (default 50).")
        parser.add_argument("--warmup", type=int, default=5, help="Untimed requests first (default 5).")
        parser.add_argument(
            "--no-timing", action="store_true", help="Check only query counts and response sizes (for CI)."
        )
        parser.add_argument("--out", default=str(Path(settings.BASE_DIR) / "var" / "bench"))
        parser.add_argument(
            "--reference",
            metavar="FILE",
            help="A JSON of operation -> query count (bench/reference-queries.json): a different count breaks the "
            "budget, so a page's queries stay the same at 5,000 and at 50,000 families.",
        )
        parser.add_argument(
            "--write-reference",
            nargs="?",
            const=str(REFERENCE),
            metavar="FILE",
            help="Write this run's query counts as the reference (default bench/reference-queries.json).",
        )

    def handle(self, *args, runs, warmup, no_timing, out, reference, write_reference, **options):
        from samenplan.cases.models import Family

        families = Family.objects.count()
        if not families:
            raise CommandError("No data: run `samenplan seed --scale --families N` first.")
        expected = self._read_reference(reference) if reference else None
        try:
            results = benchmark.run(
                runs=max(1, runs), warmup=max(0, warmup), check_timing=not no_timing, progress=self._progress
            )
        except LookupError as error:
            raise CommandError(str(error)) from error
        if expected is not None:
            benchmark.check_reference(results, expected)
        meta = {"families": families, "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]}
        meta["runs"] = runs
        if reference:
            meta["reference"] = reference
        data, table = benchmark.write(results, Path(out), meta)
        self.stdout.write(table.read_text())
        self.stdout.write(f"Written: {data} and {table}")
        if write_reference:
            path = Path(write_reference)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(benchmark.query_counts(results), indent=2, ensure_ascii=False) + "\n")
            self.stdout.write(f"Reference query counts written: {path}")
        broken = [r for r in results if r.broken]
        if broken:
            raise CommandError(f"{len(broken)} budget(s) broken: " + ", ".join(r.name for r in broken))
        self.stdout.write(self.style.SUCCESS("Every budget met."))

    def _read_reference(self, name: str) -> dict[str, int]:
        try:
            counts = json.loads(Path(name).read_text())
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read the reference query counts {name}: {error}") from error
        if not isinstance(counts, dict) or not all(isinstance(v, int) for v in counts.values()):
            raise CommandError(f"{name}: expected a JSON object of operation name -> query count.")
        return counts

    def _progress(self, name: str) -> None:
        self.stderr.write(f"  measured: {name}")
