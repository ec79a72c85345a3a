"""The data migration: entries samenplan wrote itself stop being labelled "the professional's words"."""

from __future__ import annotations

from datetime import date

import pytest

from tests.migrating import migrate, migrate_to_the_latest, old_team

BEFORE = [("cases", "0003_intake_registration")]
AFTER = [("cases", "0004_voice_of_samenplan_and_referrer")]


@pytest.mark.django_db(transaction=True)
def test_it_relabels_system_entries_and_a_referrer_s_reason_and_back():
    made = old_team(BEFORE)
    old, team, user, family = made.apps, made.team, made.user, made.family
    Case, Entry = (old.get_model("cases", m) for m in ("Case", "DossierEntry"))
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

    new = migrate(AFTER)
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

    back = migrate(BEFORE)  # and back: the two old labels
    voices = back.get_model("cases", "DossierEntry").objects.order_by("at").values_list("voice", flat=True)
    assert list(voices) == [voice for _, voice in rows]
    migrate_to_the_latest()
