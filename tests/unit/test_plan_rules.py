"""The pure rules of the family plan: sections, the difference between versions, the three-way comparison that
keeps two editors from overwriting each other, and "agreed by the family". No database."""

from __future__ import annotations

import pytest

from samenplan.plans import rules


def plan(**sections):
    content = rules.empty_content()
    content[rules.OWN] = {"text": "We eten samen.\nWe wandelen op zondag.", "voice": "family"}
    content.update(sections)
    return content


def test_it_normalises_unknown_keys_away_and_fills_missing_sections():
    content = rules.normalise({"own": {"text": "  Samen eten. ", "voice": "family", "extra": "x"}, "bogus": 1})
    assert content["own"] == {"text": "Samen eten.", "voice": "family"}
    assert set(content) == set(rules.SECTIONS)
    assert content["safety"]["needed"] is False
    assert rules.normalise("not a dict") == rules.empty_content()


def test_it_refuses_a_safety_plan_without_what_to_do_or_whom_to_call():
    content = rules.normalise(plan(safety={"needed": True, "voice": "family", "day_contacts": "Oma: 06-1"}))
    errors = rules.content_errors(content)
    assert errors == {"safety.when_unsafe": "safety_what", "safety.night_contacts": "safety_whom"}


def test_it_refuses_a_voice_that_is_not_the_familys_or_the_professionals():
    content = rules.normalise(plan(own={"text": "x", "voice": "neighbour"}))
    assert rules.content_errors(content) == {"own.voice": "voice"}


def test_it_refuses_a_malformed_evaluation_date():
    content = rules.normalise(plan(evaluation={"next_on": "1 maart", "how": "", "with_whom": ""}))
    assert rules.content_errors(content) == {"evaluation.next_on": "date"}


def test_it_shows_words_added_and_removed_within_a_changed_line():
    lines = rules.diff_lines(["We eten elke avond samen."], ["We eten elke zondag samen."])
    assert len(lines) == 1 and lines[0].kind == "changed"
    pieces = [(p.kind, p.text) for p in lines[0].pieces]
    assert (rules.REMOVED, "avond") in pieces and (rules.ADDED, "zondag") in pieces
    assert (rules.SAME, "We eten elke") in pieces


def test_it_shows_whole_lines_added_and_removed():
    lines = rules.diff_lines(["a b c", "d e f"], ["d e f", "x y z"])
    kinds = [(line.kind, line.pieces[0].text) for line in lines]
    assert kinds == [(rules.REMOVED, "a b c"), (rules.SAME, "d e f"), (rules.ADDED, "x y z")]


def test_it_diffs_every_section_and_names_the_changed_ones():
    old = plan()
    new = plan(aftercare={"text": "Bellen na drie maanden.", "voice": "professional"})
    changes = rules.diff(old, new)
    assert set(changes) == set(rules.SECTIONS)
    assert [line.kind for line in changes[rules.AFTERCARE]] == [rules.ADDED]
    assert all(line.kind == rules.SAME for line in changes[rules.OWN])
    assert rules.changed_sections(old, new) == [rules.AFTERCARE]


def test_it_lists_the_safety_plan_with_its_labels_only_when_there_is_one():
    safe = {"needed": True, "voice": "family", "when_unsafe": "Naar de buren.", "signals": "",
            "day_contacts": "Karin 06-1", "night_contacts": "Oma 06-2"}  # fmt: skip
    assert rules.section_lines(plan(), rules.SAFETY) == []
    lines = rules.section_lines(plan(safety=safe), rules.SAFETY, {**rules.FIELD_LABELS, "when_unsafe": "Wat"})
    assert lines[0] == "Wat: Naar de buren." and "Whom to call at night and at the weekend: Oma 06-2" in lines


@pytest.mark.guideline("G5.5")
def test_it_keeps_both_editors_changes_when_they_changed_different_sections():
    base = plan()
    theirs = plan(aftercare={"text": "Bellen na drie maanden.", "voice": "professional"})
    mine = plan(own={"text": "We eten samen.\nWe fietsen op zondag.", "voice": "family"})
    outcome = rules.three_way(base, theirs, mine)
    assert outcome[rules.AFTERCARE] == rules.THEIRS and outcome[rules.OWN] == rules.MINE
    assert rules.CONFLICT not in outcome.values()
    merged = rules.merge(theirs, mine, outcome, {})
    assert merged[rules.AFTERCARE]["text"] == "Bellen na drie maanden."
    assert merged[rules.OWN]["text"].endswith("We fietsen op zondag.")


def test_it_asks_to_choose_when_both_changed_the_same_section_and_never_picks_silently():
    base = plan()
    theirs = plan(own={"text": "Hun tekst.", "voice": "family"})
    mine = plan(own={"text": "Mijn tekst.", "voice": "family"})
    outcome = rules.three_way(base, theirs, mine)
    assert outcome[rules.OWN] == rules.CONFLICT
    with pytest.raises(KeyError):
        rules.merge(theirs, mine, outcome, {})
    assert rules.merge(theirs, mine, outcome, {rules.OWN: rules.MINE})[rules.OWN]["text"] == "Mijn tekst."
    assert rules.merge(theirs, mine, outcome, {rules.OWN: rules.THEIRS})[rules.OWN]["text"] == "Hun tekst."


def test_it_counts_the_same_change_by_both_as_no_conflict():
    same = plan(own={"text": "Allebei.", "voice": "family"})
    assert rules.three_way(plan(), same, same)[rules.OWN] == rules.UNCHANGED


def test_it_keeps_the_copied_goals_and_help_of_the_saved_version():
    theirs = plan(goals=[{"words": "Minder ruzie", "priority": 1}])
    outcome = rules.three_way(plan(), theirs, plan())
    assert outcome[rules.GOALS] == rules.THEIRS
    assert rules.merge(theirs, plan(), outcome, {})[rules.GOALS] == theirs[rules.GOALS]


@pytest.mark.guideline("P7")
def test_it_calls_a_plan_agreed_by_the_family_only_when_every_participant_says_yes():
    assert rules.agreed_by_family([1, 2], {1: "yes", 2: "yes"})
    assert not rules.agreed_by_family([1, 2], {1: "yes", 2: "partly"})
    assert not rules.agreed_by_family([1, 2], {1: "yes"})
    assert not rules.agreed_by_family([], {})
