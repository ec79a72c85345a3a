"""A case's last activity and last phase change (``Case.last_activity_at``, ``Case.phase_changed_at``): the database
keeps them equal to the newest entry and the newest phase change on the case's timeline, however an entry is
written or removed (the triggers of migration 0019_case_timeline_dates)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from samenplan import clock
from samenplan.cases.actions import add_entries, add_entry, do_add_note, do_move_phase, new_entry
from samenplan.cases.models import TIMELINE_DATES, Case, DossierEntry, EntryKind, Phase, Voice, last_entry_at
from tests.conftest import register
from tests.migrating import migrate, migrate_to_the_latest, old_team

pytestmark = pytest.mark.django_db
INSERT = "INSERT INTO cases_dossierentry (case_id, author_id, at, kind, voice, text) VALUES (%s, %s, %s, %s, %s, %s)"


def wrong_cases() -> list[tuple]:
    """Every case whose stored dates differ from what its timeline says (as the overview found them before)."""
    rows = Case.objects.annotate(last=last_entry_at(), phase_change=last_entry_at(EntryKind.PHASE_CHANGE)).values_list(
        "pk", "last_activity_at", "last", "phase_changed_at", "phase_change"
    )
    return [row for row in rows if row[1] != row[2] or row[3] != row[4]]


def dates(case: Case) -> tuple:
    case.refresh_from_db(fields=TIMELINE_DATES)
    return case.last_activity_at, case.phase_changed_at


def newest(case: Case, kind: str | None = None):
    entries = case.entries.all() if kind is None else case.entries.filter(kind=kind)
    return entries.order_by("-at").values_list("at", flat=True).first()


def test_the_actions_entries_set_them(world):
    case = register(world.caseworker, world.north, name="Visser")
    registered = newest(case)
    assert registered is not None and dates(case) == (registered, None)
    do_move_phase(world.caseworker, case, target=Phase.CLARIFICATION, expected_version=case.version)
    moved = newest(case, EntryKind.PHASE_CHANGE)
    assert moved > registered and dates(case) == (moved, moved)
    note = do_add_note(world.caseworker, case, text="Gesprek gehad.", voice=Voice.PROFESSIONAL)
    assert dates(case) == (note.at, moved)
    assert wrong_cases() == []


def test_several_entries_in_one_statement_set_each_case_s_dates(world):
    other = register(world.caseworker, world.north, name="Visser")
    now = timezone.now()
    with clock.as_of(now + timedelta(minutes=1)):
        early = new_entry(world.case, world.caseworker, EntryKind.PHASE_CHANGE, "a", voice=Voice.SYSTEM)
    with clock.as_of(now + timedelta(minutes=3)):
        late = new_entry(world.case, world.caseworker, EntryKind.NOTE, "b", voice=Voice.PROFESSIONAL)
    with clock.as_of(now + timedelta(minutes=2)):
        middle = new_entry(other, world.caseworker, EntryKind.PHASE_CHANGE, "c", voice=Voice.SYSTEM)
    add_entries([late, early, middle])  # one INSERT: on PostgreSQL the trigger sees the three rows at once
    assert dates(world.case) == (late.at, early.at)
    assert dates(other) == (middle.at, middle.at)
    assert wrong_cases() == []


def test_an_entry_dated_in_the_past_does_not_make_them_older(world):
    last, phase = dates(world.case)
    with clock.as_of(timezone.now() - timedelta(days=30)):
        add_entry(world.case, world.caseworker, EntryKind.PHASE_CHANGE, "Terug in de tijd.", voice=Voice.SYSTEM)
    back = newest(world.case, EntryKind.PHASE_CHANGE)
    assert phase is None and dates(world.case) == (last, back)  # the first phase change, though older, counts
    assert wrong_cases() == []


def test_entries_written_without_the_actions_set_them_too(world):
    """``objects.create`` (consent, instruments, test factories), ``bulk_create`` and plain SQL (an import)."""
    later = timezone.now() + timedelta(hours=1)
    made = DossierEntry.objects.create(
        case=world.case, author=world.caseworker, at=later, kind=EntryKind.CONSENT, voice=Voice.SYSTEM, text="x"
    )
    assert dates(world.case) == (made.at, None)
    (bulk,) = DossierEntry.objects.bulk_create([
        DossierEntry(case=world.case, author=world.caseworker, at=later + timedelta(hours=1),
                     kind=EntryKind.PHASE_CHANGE, voice=Voice.SYSTEM, text="y"),
    ])  # fmt: skip
    assert dates(world.case) == (bulk.at, bulk.at)
    with connection.cursor() as cursor:
        cursor.execute(
            INSERT,
            [world.case.pk, world.caseworker.pk, later + timedelta(hours=2), "note", "professional", "z"],
        )
    assert dates(world.case) == (later + timedelta(hours=2), bulk.at)
    assert wrong_cases() == []


def test_the_family_s_writes_in_the_portal_set_them(world):
    from samenplan.portal.actions_proposals import do_propose

    user = world.persona("parent")
    member = user.family_account.member
    do_propose(user, member, world.case, kind="goal", words="Dat we weer samen eten.")
    written = world.case.entries.filter(voice=Voice.FAMILY, kind=EntryKind.PORTAL).get()
    assert dates(world.case)[0] == written.at == newest(world.case)
    assert wrong_cases() == []


def test_removed_entries_leave_the_newest_that_remain(world):
    case = register(world.caseworker, world.north, name="Visser")
    registered = newest(case)
    do_move_phase(world.caseworker, case, target=Phase.CLARIFICATION, expected_version=case.version)
    moved = newest(case, EntryKind.PHASE_CHANGE)
    note = do_add_note(world.caseworker, case, text="Gesprek gehad.", voice=Voice.PROFESSIONAL)
    note.delete()
    assert dates(case) == (moved, moved)
    case.entries.filter(kind=EntryKind.PHASE_CHANGE).delete()
    assert dates(case) == (registered, None)
    case.entries.all().delete()
    assert dates(case) == (None, None)
    assert wrong_cases() == []


def test_a_destroyed_family_leaves_the_other_cases_right(world):
    from samenplan.privacy.actions import remove_family

    gone = register(world.caseworker, world.north, name="Visser")
    do_move_phase(world.caseworker, gone, target=Phase.CLARIFICATION, expected_version=gone.version)
    remove_family(world.administrator, gone.family, reason="request")
    assert not Case.objects.filter(pk=gone.pk).exists()
    assert wrong_cases() == []


def test_an_entry_moved_in_time_or_to_another_case_is_counted_where_it_is(world):
    """Entries are never edited; should one be (a correction by hand), the dates follow it."""
    other = register(world.caseworker, world.north, name="Visser")
    moved = add_entry(world.case, world.caseworker, EntryKind.PHASE_CHANGE, "x", voice=Voice.SYSTEM)
    DossierEntry.objects.filter(pk=moved.pk).update(at=moved.at + timedelta(days=1))
    assert dates(world.case) == (moved.at + timedelta(days=1),) * 2
    DossierEntry.objects.filter(pk=moved.pk).update(case=other)
    assert dates(world.case) == (newest(world.case), None)
    assert dates(other) == (moved.at + timedelta(days=1),) * 2
    assert wrong_cases() == []


def test_saving_a_case_read_earlier_does_not_undo_them(world):
    stale = Case.objects.get(pk=world.case.pk)
    note = do_add_note(world.caseworker, world.case, text="Gesprek gehad.", voice=Voice.PROFESSIONAL)
    stale.child_protection_measure = True
    stale.save()
    assert dates(stale) == (note.at, None)
    assert Case.objects.get(pk=world.case.pk).child_protection_measure


def test_the_seeds_bulk_inserts_set_them(capsys):
    call_command("seed", "--scale", "--families", "8", "--log-per-family", "1")
    call_command("seed", "--families", "2")  # the demo's data, dated in the past through the actions
    assert Case.objects.filter(phase_changed_at__isnull=False).exists()
    assert not Case.objects.filter(last_activity_at__isnull=True).exists()
    assert wrong_cases() == []


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_existing_cases():
    before, after = [("cases", "0018_entry_phase_change_index")], [("cases", "0019_case_timeline_dates")]
    made = old_team(before)
    old, team, user, family = made.apps, made.team, made.user, made.family
    Case = old.get_model("cases", "Case")
    quiet, busy = (
        Case.objects.create(family=family, team=team, caseworker=user, opened_on=date(2026, 1, 5)) for _ in "ab"
    )
    for i, kind in enumerate(["registration", "phase_change", "note", "phase_change", "note"]):
        old.get_model("cases", "DossierEntry").objects.create(
            case=busy, author=user, at=f"2026-01-0{i + 5}T10:00:00Z", kind=kind, voice="system", text="x"
        )

    new = migrate(after).get_model("cases", "Case")
    filled = dict(new.objects.values_list("pk", "last_activity_at"))
    changed = dict(new.objects.values_list("pk", "phase_changed_at"))
    assert (filled[quiet.pk], changed[quiet.pk]) == (None, None)
    assert filled[busy.pk] == datetime(2026, 1, 9, 10, tzinfo=UTC)
    assert changed[busy.pk] == datetime(2026, 1, 8, 10, tzinfo=UTC)
    migrate_to_the_latest()
