"""samenplan seed: load the synthetic demo data (deterministic; nothing real)."""

from django.core.management.base import BaseCommand

from samenplan import demo_data


class Command(BaseCommand):
    help = "Load synthetic demo data: two organisations, a user for every role, a dozen families."

    def add_arguments(self, parser):
        parser.add_argument("--families", type=int, default=12, help="How many families (default 12).")

    def handle(self, *args, families, **options):
        if demo_data.already_seeded():
            self.stdout.write("Demo data is already loaded; nothing to do.")
            return
        demo_data.seed(families=max(1, families), progress=self._progress)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {families} families."))

    def _progress(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // total
        self.stdout.write(f"\rFamilies [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
        self.stdout.flush()
