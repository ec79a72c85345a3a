"""The data migration: entries samenplan wrote itself stop being labelled "the professional's words"."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("cases", "0003_intake_registration")]
AFTER = [("cases", "0004_voice_of_samenplan_and_referrer")]


@pytest.mark.django_db(transaction=True)
def test_it_relabels_system_entries_and_a_referrer_s_reason_and_back():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    accounts = [key for key in executor.loader.graph.leaf_nodes() if key[0] == "accounts"]
    old = executor.loader.project_state(BEFORE + accounts).apps
    Organisation, Team, User = (old.get_model("accounts", m) for m in ("Organisation", "Team", "User"))
    Family, Case, Entry = (old.get_model("cases", m) for m in ("Family", "Case", "DossierEntry"))
    org = Organisation.objects.create(name="Rivierstad")
    team = Team.objects.create(organisation=org, name="Noord")
    user = User.objects.create(username="anna", organisation=org)
    family = Family.objects.create(organisation=org, name="Jansen")
    case = Case.objects.create(family=family, team=team, caseworker=user, opened_on=date(2026, 1, 5))
    rows = [
        ("note", "professional"),
        ("note", "family"),
        ("registration", "professional"),
        ("registration", "family"),
        ("member", "professional"),
        ("phase_change", "professional"),
        ("caseworker", "professional"),
        ("consent", "professional"),
        ("conversation", "family"),
        ("conversation", "professional"),
    ]
    for i, (kind, voice) in enumerate(rows):
        Entry.objects.create(case=case, author=user, at=f"2026-01-05T10:{i:02d}:00Z", kind=kind, voice=voice, text="x")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    got = list(new.get_model("cases", "DossierEntry").objects.order_by("at").values_list("kind", "voice"))
    assert got == [
        ("note", "professional"),
        ("note", "family"),
        ("registration", "referrer"),
        ("registration", "family"),
        ("member", "system"),
        ("phase_change", "system"),
        ("caseworker", "system"),
        ("consent", "system"),
        ("conversation", "family"),
        ("conversation", "system"),
    ]

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)  # and back: the two old labels
    back = executor.loader.project_state(BEFORE).apps
    voices = back.get_model("cases", "DossierEntry").objects.order_by("at").values_list("voice", flat=True)
    assert list(voices) == [voice for _, voice in rows]
    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
