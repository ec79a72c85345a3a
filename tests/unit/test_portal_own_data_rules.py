"""What of the inspection export a family member downloads: no internal notes, no draft pictures, no rows that are
a hidden youth's own part."""

import pytest

from samenplan.portal import rules


@pytest.mark.parametrize(
    ("kind", "voice", "internal"),
    [
        ("note", "professional", True),
        ("note", "family", False),
        ("consultation", "system", True),
        ("portal", "family", False),
        ("goals", "professional", False),
    ],
)
def test_it_leaves_out_professional_notes_and_consultations(kind, voice, internal):
    assert rules.entry_is_internal(kind=kind, voice=voice) is internal


def test_it_gives_a_professional_note_once_it_is_shared_with_the_family():
    assert rules.entry_is_internal(kind="note", voice="professional", shared=False)
    assert not rules.entry_is_internal(kind="note", voice="professional", shared=True)
    assert rules.entry_is_internal(kind="consultation", voice="system", shared=True)


def test_it_leaves_out_a_picture_not_yet_discussed_with_the_family():
    assert rules.picture_is_internal(shared=False) and not rules.picture_is_internal(shared=True)


def test_it_leaves_out_internal_records_and_token_hashes():
    assert {"analysis.Consultation", "portal.Invitation", "tables.AgendaItem"} <= rules.INTERNAL_MODELS


@pytest.mark.parametrize(
    ("pointed", "members", "hidden", "own"),
    [
        (True, [], {5}, True),
        (False, [5], {5}, True),
        (False, [4, 5], {5}, False),  # present together with the parent: not the youth's own
        (False, [], {5}, False),
    ],
)
def test_a_row_is_the_youths_own_when_it_points_at_them_or_names_only_them(pointed, members, hidden, own):
    assert rules.row_is_youths_own(pointed_at_hidden=pointed, members=members, hidden=hidden) is own
