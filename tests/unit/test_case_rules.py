"""Pure decisions about cases: no database."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samenplan.cases import rules


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
