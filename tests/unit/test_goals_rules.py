"""Which conversation techniques show, the scale, and reordering goals: pure rules, no database (DOMAIN §3.4)."""

import pytest

from samenplan.goals import rules


@pytest.mark.parametrize(
    ("safety", "shows"),
    [("concerns", True), ("not_safe", True), ("safe", False), (None, False), ("", False), ("CONCERNS", False)],
)
def test_signs_of_safety_shows_only_after_concerns_or_not_safe(safety, shows):
    assert rules.shows_signs_of_safety(safety) is shows
    assert (rules.SIGNS_OF_SAFETY in rules.techniques(safety)) is shows


@pytest.mark.guideline("P4")
@pytest.mark.parametrize("safety", ["safe", "concerns", "not_safe", None])
def test_the_miracle_question_and_the_drieluik_always_show(safety):
    assert rules.techniques(safety)[:2] == (rules.MIRACLE_QUESTION, rules.DRIELUIK)


@pytest.mark.parametrize(("value", "ok"), [(0, True), (10, True), (5, True), (-1, False), (11, False),
                                           (5.0, False), ("5", False), (None, False), (True, False)])  # fmt: skip
def test_a_score_is_a_whole_number_from_0_to_10(value, ok):
    assert rules.on_scale(value) is ok


def test_moving_swaps_with_the_neighbour():
    assert rules.reorder([1, 2, 3], [1, 2, 3], 3, rules.UP) == ([1, 3, 2], None)
    assert rules.reorder([1, 2, 3], [1, 2, 3], 1, rules.DOWN) == ([2, 1, 3], None)


@pytest.mark.parametrize(
    ("seen", "goal", "direction", "code"),
    [
        ([1, 3, 2], 3, rules.UP, rules.STALE_ORDER),  # someone else moved a goal in the meantime
        ([1, 2], 2, rules.UP, rules.STALE_ORDER),  # someone added a goal in the meantime
        ([1, 2, 3], 9, rules.UP, rules.UNKNOWN_GOAL),
        ([1, 2, 3], 1, rules.UP, rules.AT_EDGE),
        ([1, 2, 3], 3, rules.DOWN, rules.AT_EDGE),
        ([1, 2, 3], 2, "sideways", rules.UNKNOWN_DIRECTION),
    ],
)
def test_a_refused_move_changes_nothing(seen, goal, direction, code):
    assert rules.reorder([1, 2, 3], seen, goal, direction) == ([1, 2, 3], code)


def test_only_a_dropped_goal_needs_a_reason():
    assert rules.needs_reason(rules.DROPPED)
    assert not any(rules.needs_reason(s) for s in (rules.OPEN, rules.REACHED, rules.PARTLY_REACHED, rules.NOT_REACHED))


@pytest.mark.guideline("G5.2")
@pytest.mark.parametrize(("kind", "ok"), [("maintaining", True), ("protective", True), ("causal", False), ("", False)])
def test_a_goal_aims_only_at_a_changeable_or_protective_factor(kind, ok):
    assert rules.goal_may_aim_at(kind) is ok
