"""Retention and destruction dates, and the refusal checks: pure functions, no database."""

from datetime import date

import pytest

from samenplan.privacy import rules

OPEN = None


def test_it_adds_whole_years():
    assert rules.add_years(date(2026, 11, 23), 20) == date(2046, 11, 23)


def test_it_moves_a_leap_day_to_the_first_of_march_in_a_common_year():
    assert rules.add_years(date(2024, 2, 29), 1) == date(2025, 3, 1)
    assert rules.add_years(date(2024, 2, 29), 20) == date(2044, 2, 29)  # 2044 is a leap year
    assert rules.add_years(date(2024, 2, 29), 21) == date(2045, 3, 1)


def test_it_counts_years_back_for_the_log_cutoff():
    assert rules.log_cutoff(date(2026, 11, 23), 5) == date(2021, 11, 23)
    assert rules.log_cutoff(date(2028, 2, 29), 5) == date(2023, 3, 1)


def test_it_makes_a_family_due_years_after_its_last_case_closed():
    cases = [(date(2000, 1, 1), date(2001, 6, 30)), (date(2002, 1, 1), date(2004, 5, 15))]
    assert rules.retention_due_on(cases, 20) == date(2024, 5, 15)
    assert not rules.is_due(cases, 20, date(2024, 5, 14))
    assert rules.is_due(cases, 20, date(2024, 5, 15))


def test_it_keeps_a_family_with_an_open_or_reopened_case():
    old_closed = (date(1990, 1, 1), date(1991, 1, 1))
    reopened = (date(1992, 1, 1), OPEN)  # a reopened case has no closing date
    assert rules.retention_due_on([old_closed, reopened], 20) is None
    assert not rules.is_due([old_closed, reopened], 20, date(2100, 1, 1))


def test_it_keeps_a_family_whose_newer_case_closed_recently():
    cases = [(date(1990, 1, 1), date(1991, 1, 1)), (date(2020, 1, 1), date(2025, 1, 1))]
    assert not rules.is_due(cases, 20, date(2026, 11, 23))


def test_it_keeps_a_family_without_cases():
    assert rules.retention_due_on([], 20) is None


def test_it_makes_a_leap_day_closing_due_on_the_first_of_march():
    cases = [(date(2003, 1, 1), date(2004, 2, 29))]
    assert rules.retention_due_on(cases, 1) == date(2005, 3, 1)
    assert not rules.is_due(cases, 1, date(2005, 2, 28))


@pytest.mark.parametrize(
    ("requested", "months", "deadline"),
    [
        (date(2026, 11, 23), 1, date(2026, 12, 23)),
        (date(2026, 11, 23), 3, date(2027, 2, 23)),
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 12, 31), 3, date(2027, 3, 31)),
    ],
)
def test_it_sets_the_deadline_of_a_request(requested, months, deadline):
    assert rules.destruction_deadline(requested, months) == deadline


def test_it_asks_a_refusal_for_grounds_and_an_explanation():
    assert rules.refusal_errors("refused", [], "") == {"grounds": "required", "explanation": "required"}
    assert rules.refusal_errors("partly", ["legal_duty"], "Er loopt een maatregel.") == {}
    assert rules.refusal_errors("granted", ["legal_duty"], "") == {"grounds": "not_allowed"}
    assert rules.refusal_errors("granted", [], "") == {}
    assert rules.refusal_errors("refused", ["made_up"], "x") == {"grounds": "invalid"}
    assert rules.refusal_errors("maybe", [], "") == {"decision": "invalid"}


def test_it_has_a_fixed_list_of_grounds_matching_the_model():
    from samenplan.privacy.models import RefusalGround

    assert tuple(RefusalGround.values) == rules.REFUSAL_GROUNDS
