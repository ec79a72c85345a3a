"""samenplan reminders: e-mail every professional a digest of what is due (counts only, no client data)."""

from __future__ import annotations

from datetime import date

from django.core.mail import get_connection
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from samenplan.caseload import reminders


class Command(BaseCommand):
    help = "E-mail every professional a digest of what is due in their cases (counts only, no client data)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print what would be sent; send nothing.")
        parser.add_argument("--date", help="The day to compute it for (YYYY-MM-DD); default: today.")

    def handle(self, *args, dry_run=False, date=None, verbosity=1, **options):
        today = self._day(date)
        users = list(reminders.recipients())
        messages = []
        for done, user in enumerate(users, start=1):
            digest = reminders.digest_for(user, today)
            if digest.lines:
                messages.append(reminders.message(digest))
                if dry_run and verbosity >= 1:
                    self.stdout.write(f"{user.username} <{user.email}>: " + "; ".join(digest.lines))
            if verbosity >= 1 and not dry_run and len(users) >= 10:
                self._progress(done, len(users))
        if dry_run:
            self.stdout.write(f"Dry run: {len(messages)} of {len(users)} professionals would get a reminder.")
            return
        sent = get_connection().send_messages(messages) if messages else 0
        if verbosity >= 1:
            self.stdout.write(f"Sent {sent or 0} reminders ({len(users)} professionals checked, {today.isoformat()}).")

    def _day(self, value: str | None) -> date:
        if not value:
            return timezone.localdate()
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise CommandError(f"--date: not a date (YYYY-MM-DD): {value}") from exc

    def _progress(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // total
        self.stdout.write(f"\rChecking [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
        if done == total:
            self.stdout.write("")
