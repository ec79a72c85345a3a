"""The pure rules of rating a conversation: who may answer, the scale, the team figure and its suppression."""

from datetime import date

import pytest

from samenplan.feedback import rules

TODAY = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("present", "held_on", "answered", "expected"),
    [
        (True, date(2026, 12, 1), False, None),
        (True, TODAY, False, None),
        (False, date(2026, 12, 1), False, rules.NOT_PRESENT),
        (True, date(2026, 12, 5), False, rules.NOT_HELD_YET),
        (True, date(2026, 12, 1), True, rules.ALREADY_ANSWERED),
    ],
)
def test_it_lets_only_who_took_part_rate_a_held_conversation_once(present, held_on, answered, expected):
    assert rules.refusal(present=present, held_on=held_on, today=TODAY, answered=answered) == expected


@pytest.mark.parametrize(
    ("value", "valid"), [(0, True), (9, True), (10, False), (-1, False), (True, False), ("5", False)]
)
def test_it_accepts_whole_numbers_from_0_to_9_only(value, valid):
    assert rules.valid_score(value) is valid


def test_it_counts_a_top_score_only_with_a_9_on_every_question():
    assert rules.is_top_score((9, 9, 9))
    assert not rules.is_top_score((9, 9, 8))
    assert not rules.is_top_score((9, 9))


def test_it_hides_everything_below_ten_answers():
    figure = rules.team_figure([(9, 9, 9)] * 9)
    assert figure == rules.TeamFigure(False, None, None, None)
    assert figure.count_shown == "< 10"


def test_it_shows_the_share_of_top_scores_and_the_mean_per_question_from_ten_answers():
    answers = [(9, 9, 9)] * 4 + [(6, 7, 8)] * 5 + [(0, 1, 2)]
    figure = rules.team_figure(answers)
    assert figure.shown and figure.count == 10 and figure.count_shown == "10"
    assert figure.top_share == 40
    assert figure.means == {"understand": 6.6, "listen": 7.2, "include": 7.8}
