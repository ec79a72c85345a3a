"""Pure decisions about cases: no database."""

from datetime import date
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samenplan.cases import rules


@pytest.mark.guideline("G2.3")
def test_it_walks_the_guideline_steps_in_order():
    path = [
        rules.REGISTRATION,
        rules.CLARIFICATION,
        rules.ANALYSIS,
        rules.GOALS,
        rules.DECISION,
        rules.HELP,
        rules.EVALUATION,
    ]
    for current, nxt in pairwise(path):
        assert rules.can_move(current, nxt)


def test_it_skips_the_analysis_when_the_route_needs_none():
    assert rules.can_move(rules.CLARIFICATION, rules.GOALS)
    assert rules.can_move(rules.CLARIFICATION, rules.ANALYSIS)


def test_it_does_not_jump_over_goals_and_decision():
    assert not rules.can_move(rules.REGISTRATION, rules.GOALS)
    assert not rules.can_move(rules.CLARIFICATION, rules.HELP)
    assert not rules.can_move(rules.GOALS, rules.HELP)


@pytest.mark.guideline("G5.6")
def test_it_lets_evaluation_adjust_goals_or_help_or_continue():
    assert set(rules.allowed_next_phases(rules.EVALUATION)) >= {rules.GOALS, rules.DECISION, rules.HELP}


def test_it_reopens_a_closed_case_for_a_quick_return():
    assert rules.allowed_next_phases(rules.CLOSED) == (rules.CLARIFICATION,)


@given(st.sampled_from(rules.PHASE_ORDER[:-1]))
def test_it_lets_every_open_phase_close(phase):
    assert rules.can_move(phase, rules.CLOSED)


@given(st.sampled_from(rules.PHASE_ORDER), st.sampled_from(rules.PHASE_ORDER))
def test_it_never_moves_a_case_to_its_own_phase_or_to_registration(current, target):
    if target in (current, rules.REGISTRATION):
        assert not rules.can_move(current, target)


def test_it_refuses_an_unknown_phase():
    with pytest.raises(ValueError, match="unknown phase"):
        rules.allowed_next_phases("limbo")


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(2010, 5, 20), date(2026, 5, 19), 15),
        (date(2010, 5, 20), date(2026, 5, 20), 16),
        (date(2008, 2, 29), date(2026, 2, 28), 17),
        (date(2008, 2, 29), date(2026, 3, 1), 18),
    ],
)
def test_it_counts_age_in_whole_years(born, on, age):
    assert rules.age_on(born, on) == age


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
)
def test_it_never_counts_a_negative_age_after_birth(born, on):
    if on >= born:
        assert rules.age_on(born, on) >= 0


def test_it_calls_12_to_17_year_olds_youth():
    today = date(2026, 11, 22)
    assert rules.is_youth(date(2014, 11, 22), today)
    assert not rules.is_youth(date(2014, 11, 23), today)
    assert not rules.is_youth(date(2008, 11, 22), today)
    assert not rules.is_youth(None, today)


def test_it_keeps_parent_and_child_fields_apart():
    today = date(2026, 11, 22)
    assert rules.member_field_errors("child", True, None, None, today) == {"has_custody": "custody_only_for_parents"}
    assert rules.member_field_errors("parent", None, True, None, today) == {
        "lives_at_home": "lives_at_home_only_for_children"
    }
    assert rules.member_field_errors("parent", True, None, date(1980, 1, 1), today) == {}


def test_it_refuses_impossible_dates_of_birth():
    today = date(2026, 11, 22)
    assert rules.member_field_errors("child", None, None, date(2027, 1, 1), today) == {
        "date_of_birth": "born_in_future"
    }
    assert rules.member_field_errors("parent", None, None, date(1890, 1, 1), today) == {
        "date_of_birth": "implausibly_old"
    }
    assert rules.member_field_errors("child", None, None, date(1990, 1, 1), today) == {
        "date_of_birth": "too_old_for_youth_care"
    }
