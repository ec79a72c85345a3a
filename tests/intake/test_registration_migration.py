"""The data migration: a case's free-text registration becomes a structured one, and back."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db(transaction=True)
def test_it_moves_the_registration_data_into_the_structured_registration():
    executor = MigrationExecutor(connection)
    executor.migrate([("intake", None), ("cases", "0001_initial"), ("accounts", "0001_initial")])
    old = executor.loader.project_state([("cases", "0001_initial"), ("accounts", "0001_initial")]).apps
    Organisation, Team, User = (old.get_model("accounts", m) for m in ("Organisation", "Team", "User"))
    Family, Case = old.get_model("cases", "Family"), old.get_model("cases", "Case")
    org = Organisation.objects.create(name="Rivierstad")
    team = Team.objects.create(organisation=org, name="Noord")
    user = User.objects.create(username="anna", organisation=org)
    rows = [
        ("family", "", "Wij willen rust in huis.", ""),
        ("professional", "Dr. Dekker, huisarts", "Moeder is uitgeput.", "Maatschappelijk werk, 2024"),
        ("concern", "Mentor, Het Rivercollege (school)", "Leerling verzuimt veel.", ""),
        ("professional", "Buurtcoach Pim", "Schulden.", ""),
    ]
    for registered_by, referrer, reason, help_already in rows:
        family = Family.objects.create(organisation=org, name="X")
        Case.objects.create(
            family=family, team=team, caseworker=user, registered_by=registered_by, referrer=referrer,
            reason=reason, help_already=help_already, opened_on=date(2026, 1, 5),
        )  # fmt: skip

    executor = MigrationExecutor(connection)
    executor.migrate([("cases", "0003_intake_registration"), ("intake", "0001_initial")])
    new = executor.loader.project_state([("cases", "0003_intake_registration"), ("intake", "0001_initial")]).apps
    Registration = new.get_model("intake", "Registration")
    got = [
        (r.registered_by, r.referrer_kind, r.referrer_name, r.reason, [h.kind for h in r.prior_help.all()])
        for r in Registration.objects.order_by("case_id")
    ]
    assert got == [
        ("family", "", "", "Wij willen rust in huis.", []),
        ("professional", "gp", "Dr. Dekker, huisarts", "Moeder is uitgeput.", ["Maatschappelijk werk, 2024"]),
        ("concern", "school", "Mentor, Het Rivercollege (school)", "Leerling verzuimt veel.", []),
        ("professional", "other", "Buurtcoach Pim", "Schulden.", []),
    ]

    executor = MigrationExecutor(connection)
    executor.migrate([("intake", None), ("cases", "0001_initial")])  # and back, without loss
    back = executor.loader.project_state([("cases", "0001_initial")]).apps
    assert list(
        back.get_model("cases", "Case").objects.order_by("pk").values_list("registered_by", "help_already")
    ) == [
        ("family", ""),
        ("professional", "Maatschappelijk werk, 2024"),
        ("concern", ""),
        ("professional", ""),
    ]
    MigrationExecutor(connection).migrate(
        MigrationExecutor(connection).loader.graph.leaf_nodes()
    )  # leave the database as the other tests expect it
