"""For tests of a data migration: the project migrated to a point, and a team's first records made with the models
as they were there (an organisation, a team, a professional and a family), for the test to add what the migration
changes and migrate on."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@dataclass
class OldTeam:
    apps: object  # the models as they were
    organisation: object
    team: object
    user: object
    family: object


def migrate(targets: list[tuple[str, str | None]]):
    """Migrate to ``targets`` (forward or back) and return the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_the_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def old_team(before: list[tuple[str, str]]) -> OldTeam:
    """Migrate to ``before`` and make a team's first records with the models there (the accounts at their latest:
    the user model must be whole)."""
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    accounts = [key for key in executor.loader.graph.leaf_nodes() if key[0] == "accounts"]
    apps = executor.loader.project_state(before + accounts).apps
    organisation = apps.get_model("accounts", "Organisation").objects.create(name="Rivierstad")
    team = apps.get_model("accounts", "Team").objects.create(organisation=organisation, name="Noord")
    user = apps.get_model("accounts", "User").objects.create(username="anna", organisation=organisation)
    family = apps.get_model("cases", "Family").objects.create(organisation=organisation, name="Jansen")
    return OldTeam(apps, organisation, team, user, family)
