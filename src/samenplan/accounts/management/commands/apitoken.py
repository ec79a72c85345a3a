"""samenplan apitoken USERNAME: create an API token (shown once, valid for API_TOKEN_TTL seconds), or
--revoke-all of a user's tokens."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from knox.models import AuthToken


class Command(BaseCommand):
    help = (
        "Create an API token for a user and print it once (only a digest is stored). "
        "With --revoke-all, delete all of the user's tokens instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--revoke-all", action="store_true", help="Delete every API token of this user.")

    def handle(self, *args, username, revoke_all, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if revoke_all:
            count, _ = AuthToken.objects.filter(user=user).delete()
            self.stdout.write(f"Revoked {count} API token(s) of {username}.")
            return
        if not user.is_active:
            raise CommandError(f"User {username!r} is not active.")
        instance, token = AuthToken.objects.create(user=user)
        self.stderr.write(
            f"API token for {username}, valid until {instance.expiry:%Y-%m-%d %H:%M %Z} "
            "(shown once; send as 'Authorization: Token <token>'):"
        )
        self.stdout.write(token)
