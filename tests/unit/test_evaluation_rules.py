"""Pure rules of evaluating, closing and reopening: due and overdue evaluations, the reopen window, the summary."""

from __future__ import annotations

from datetime import date

import pytest

from samenplan.evaluations import rules

WORDS = {
    "from_to": "Doel %(number)s: van %(first)s naar %(last)s",
    "now": "Doel %(number)s: nu %(last)s",
    "same": "Doel %(number)s: blijft %(last)s",
    "none": "Doel %(number)s: nog geen scores",
}
WEDNESDAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("planned_on", "done", "expected"),
    [
        (date(2026, 12, 1), False, rules.OVERDUE),  # yesterday
        (date(2026, 11, 1), False, rules.OVERDUE),
        (WEDNESDAY, False, rules.DUE_THIS_WEEK),  # today
        (date(2026, 12, 6), False, rules.DUE_THIS_WEEK),  # Sunday of this week
        (date(2026, 12, 7), False, rules.LATER),  # next Monday
        (date(2026, 11, 1), True, rules.DONE),  # held: never overdue
        (None, False, rules.LATER),
    ],
)
@pytest.mark.guideline("G5.6")
def test_it_tells_when_an_evaluation_is_due(planned_on, done, expected):
    assert rules.due_state(planned_on, WEDNESDAY, done) == expected


def test_it_counts_monday_to_sunday_as_this_week():
    monday, sunday = date(2026, 11, 30), date(2026, 12, 6)
    assert rules.due_state(sunday, monday, False) == rules.DUE_THIS_WEEK
    assert rules.due_state(monday, sunday, False) == rules.OVERDUE
    assert rules.week_end(sunday) == sunday


@pytest.mark.parametrize(
    ("closed_on", "today", "months", "expected"),
    [
        (date(2026, 6, 1), date(2026, 6, 1), 6, True),  # the day of closing
        (date(2026, 6, 1), date(2026, 12, 1), 6, True),  # the last day
        (date(2026, 6, 1), date(2026, 12, 2), 6, False),  # a day later
        (date(2026, 8, 31), date(2027, 2, 28), 6, True),  # the 31st becomes the last day of February
        (date(2026, 8, 31), date(2027, 3, 1), 6, False),
        (None, date(2026, 6, 1), 6, False),  # not closed: nothing to reopen
        (date(2026, 6, 1), date(2026, 5, 31), 6, False),  # before the closing: not a return
    ],
)
def test_it_allows_a_reopening_within_the_period_in_months(closed_on, today, months, expected):
    assert rules.reopen_allowed(closed_on, today, months) is expected


def test_it_allows_a_reopening_within_the_period_in_days():
    closed = date(2026, 6, 1)
    assert rules.reopen_allowed(closed, date(2026, 11, 28), days=180)
    assert not rules.reopen_allowed(closed, date(2026, 11, 29), days=180)
    assert rules.reopen_until(closed, days=180) == date(2026, 11, 28)
    with pytest.raises(ValueError):
        rules.reopen_until(closed)


def test_it_sums_up_each_goal_from_its_first_to_its_latest_date():
    goals = [
        [(date(2026, 3, 1), 3), (date(2026, 5, 1), 6), (date(2026, 4, 1), 5)],  # dates out of order
        [],
        [(date(2026, 3, 1), 4), (date(2026, 3, 1), 7)],  # one date only, two people: their mean, rounded up
        [(date(2026, 3, 1), 5), (date(2026, 6, 1), 5)],
        [(date(2026, 3, 1), 2), (date(2026, 3, 1), 4), (date(2026, 6, 1), 6), (date(2026, 6, 1), 7)],
    ]
    rows = rules.summary(goals)
    assert rows == [(1, 3, 6), (2, None, None), (3, None, 6), (4, 5, 5), (5, 3, 7)]
    assert [rules.summary_sentence(*row, words=WORDS) for row in rows] == [
        "Doel 1: van 3 naar 6",
        "Doel 2: nog geen scores",
        "Doel 3: nu 6",
        "Doel 4: blijft 5",
        "Doel 5: van 3 naar 7",
    ]


def test_it_asks_for_the_changes_when_adjusting_and_words_for_other():
    assert rules.adjust_needs_changes(rules.ADJUST, "  ")
    assert not rules.adjust_needs_changes(rules.ADJUST, "Minder vaak")
    assert not rules.adjust_needs_changes(rules.CONTINUE, "")
    assert rules.closing_needs_text(rules.OTHER, "")
    assert not rules.closing_needs_text(rules.MOVED, "")


@pytest.mark.parametrize(
    ("value", "ok"), [(0, True), (10, True), (-1, False), (11, False), (True, False), ("5", False)]
)
def test_it_keeps_scores_on_the_scale(value, ok):
    assert rules.on_scale(value) is ok


@pytest.mark.guideline("L10")
def test_it_asks_for_the_other_help_only_when_the_family_does_not_manage_yet():
    for reason in (rules.GOALS_REACHED, rules.MANAGES_WITHOUT, rules.MOVED):
        assert not rules.closing_needs_other_help(reason, "")
    for reason in (rules.REFERRED, rules.FAMILY_ENDS, rules.OTHER):
        assert rules.closing_needs_other_help(reason, "")
        assert rules.closing_needs_other_help(reason, "   ")
        assert not rules.closing_needs_other_help(reason, "Het CJG in de nieuwe woonplaats.")
    assert not rules.closing_needs_other_help("unknown", "")
