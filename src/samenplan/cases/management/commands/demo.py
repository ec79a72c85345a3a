"""samenplan demo: one command from a fresh checkout to a running demo on http://127.0.0.1:8000."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from samenplan import demo_data, frontend
from samenplan.accounts import mfa


class Command(BaseCommand):
    help = "Migrate the database, install front-end packages, load demo data, print the logins and serve."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000", help="Address to serve on.")
        parser.add_argument("--no-serve", action="store_true", help="Prepare everything, but do not serve.")

    def handle(self, *args, addrport, no_serve, **options):
        if not settings.DEBUG and settings.SECRET_KEY == settings.SAMENPLAN_DEMO_SECRET_KEY:
            raise CommandError(
                "The demo refuses to run with DEBUG off and the public demo SECRET_KEY: that combination looks "
                "like production. Set DEBUG=1 for a demo, or a real SECRET_KEY for a server."
            )
        self._step("1/4 Database")
        call_command("migrate", interactive=False, verbosity=0)
        self._step("2/4 Front-end packages (NL Design System CSS)")
        self._npm()
        self._step("3/4 Demo data")
        call_command("seed", stdout=self.stdout)
        self._step("4/4 Logins")
        self._print_logins()
        if not no_serve:
            self.stdout.write(self.style.SUCCESS(f"\nsamenplan runs on http://{addrport}/  (stop with Ctrl+C)\n"))
            call_command("runserver", addrport, use_reloader=False)

    def _step(self, text: str) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING(text))

    def _npm(self) -> None:
        try:
            self.stdout.write("  installed now" if frontend.ensure_installed() else "  already installed")
        except frontend.FrontendUnavailable as exc:
            raise CommandError(str(exc)) from exc

    def _print_logins(self) -> None:
        self.stdout.write(f"  Password for every demo user: {demo_data.DEMO_PASSWORD}")
        if mfa.demo_mode_active():
            self.stdout.write("  Second factor: skipped in demo mode (a banner on every page says so)")
        else:
            self.stdout.write("  Second factor: required; each user sets up an authenticator app at first login")
        for user in demo_data.USERS:
            self.stdout.write(f"  {user.username:<8} {user.first_name} {user.last_name}: {user.description}")
        from samenplan.portal.demo import login_lines

        for line in login_lines():
            self.stdout.write(line)
