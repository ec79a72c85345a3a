"""samenplan setup: create organisations, teams and users, and give users roles — for a new installation.

samenplan setup org "Wijkteams Rivierstad"
samenplan setup team "Wijkteams Rivierstad" "Wijkteam Noord"
samenplan setup user anna --org "Wijkteams Rivierstad" --first-name Anna --last-name "de Vries"
samenplan setup role anna "Wijkteam Noord" professional
samenplan setup show
"""

from __future__ import annotations

import getpass
import sys

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from samenplan.accounts import actions
from samenplan.accounts.models import Organisation, Role, Team, User


class Command(BaseCommand):
    help = "Create organisations, teams and users, and grant or revoke roles."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        org = sub.add_parser("org", help="Create an organisation (a tenant).")
        org.add_argument("name")
        team = sub.add_parser("team", help="Create a team in an organisation.")
        team.add_argument("organisation")
        team.add_argument("name")
        user = sub.add_parser("user", help="Create a user of an organisation; asks for the password.")
        user.add_argument("username")
        user.add_argument("--org", required=True, help="The organisation's name.")
        user.add_argument("--first-name", default="")
        user.add_argument("--last-name", default="")
        user.add_argument("--email", default="")
        user.add_argument(
            "--password-stdin", action="store_true", help="Read the password from standard input (for scripts)."
        )
        for name, text in (("role", "Give a user a role in a team."), ("revoke", "Take a role away.")):
            role = sub.add_parser(name, help=text)
            role.add_argument("username")
            role.add_argument("team", help="The team's name.")
            role.add_argument("role", choices=Role.values)
        sub.add_parser("show", help="List organisations, teams and who has which role.")

    def handle(self, *args, what, **options):
        try:
            with translation.override(settings.LANGUAGE_CODE):  # the validation messages, as in the web UI
                getattr(self, f"_{what}")(**options)
        except ValidationError as exc:
            messages = "; ".join(f"{field}: {' '.join(errs)}" for field, errs in exc.message_dict.items())
            raise CommandError(messages) from exc

    def _org(self, name, **options):
        org = actions.do_create_organisation(name)
        self.stdout.write(self.style.SUCCESS(f"Organisation created: {org.name}"))

    def _team(self, organisation, name, **options):
        team = actions.do_create_team(self._organisation(organisation), name)
        self.stdout.write(self.style.SUCCESS(f"Team created: {team.name} ({team.organisation})"))

    def _user(self, username, org, first_name, last_name, email, password_stdin, **options):
        if password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords differ.")
        user = actions.do_create_user(
            self._organisation(org),
            username,
            password=password,
            first_name=first_name,
            last_name=last_name,
            email=email,
        )
        self.stdout.write(self.style.SUCCESS(f"User created: {user.username}. Give them a role: setup role …"))

    def _role(self, username, team, role, **options):
        user, team_obj = self._user_and_team(username, team)
        actions.do_grant_role(user, team_obj, role)
        self.stdout.write(self.style.SUCCESS(f"{user.username} is {Role(role).label} in {team_obj}."))

    def _revoke(self, username, team, role, **options):
        user, team_obj = self._user_and_team(username, team)
        count = actions.do_revoke_role(user, team_obj, role)
        self.stdout.write(f"{user.username}: {count} role(s) revoked in {team_obj}.")

    def _show(self, **options):
        for org in Organisation.objects.prefetch_related("teams__memberships__user"):
            self.stdout.write(org.name)
            for team in org.teams.all():
                self.stdout.write(f"  {team.name}")
                for m in sorted(team.memberships.all(), key=lambda m: (m.role, m.user.username)):
                    self.stdout.write(f"    {m.user.username:<20} {m.role}")

    def _organisation(self, name) -> Organisation:
        org = Organisation.objects.filter(name=name).first()
        if org is None:
            raise CommandError(f"No organisation named {name!r}. Create it first: samenplan setup org {name!r}")
        return org

    def _user_and_team(self, username, team_name) -> tuple[User, Team]:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        team = Team.objects.filter(organisation_id=user.organisation_id, name=team_name).first()
        if team is None:
            raise CommandError(f"No team {team_name!r} in {user.organisation}.")
        return user, team
