"""samenplan mfa: see and reset a user's second factor (for someone who lost both phone and recovery codes).

samenplan mfa status anna
samenplan mfa reset anna      # after checking who is asking: anna sets up a new factor at her next login
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from samenplan.accounts.models import User


class Command(BaseCommand):
    help = "Show or reset a user's second factor (authenticator app, security keys, recovery codes)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["status", "reset"])
        parser.add_argument("username")

    def handle(self, *args, action, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        authenticators = Authenticator.objects.filter(user=user).order_by("type")
        if action == "status":
            kinds = [a.get_type_display() for a in authenticators]
            self.stdout.write(f"{username}: {', '.join(kinds) if kinds else 'no second factor'}")
            return
        with transaction.atomic():
            removed, _details = authenticators.delete()
        self.stdout.write(
            self.style.SUCCESS(
                f"{username}: {removed} authenticator(s) removed. At the next login {username} must set up a new "
                "second factor before any other page opens."
            )
        )
