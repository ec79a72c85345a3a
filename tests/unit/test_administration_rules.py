"""The rules for an organisation's settings and severity scale, without a database."""

from __future__ import annotations

from dataclasses import replace

import pytest

from samenplan.administration import rules

GOOD = rules.Values(
    consent_youth_with_parents_from_age=12,
    consent_youth_alone_from_age=16,
    reopen_period_days=180,
    inactivity_days=28,
    name_shown_to_families="full_name",
    evaluation_interval_weeks=12,
)


def test_the_defaults_pass():
    assert rules.check_settings(GOOD) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"consent_youth_alone_from_age": 12}, [("consent_youth_alone_from_age", "ages_ascend")]),
        ({"consent_youth_alone_from_age": 10}, [("consent_youth_alone_from_age", "ages_ascend")]),
        ({"consent_youth_with_parents_from_age": -1}, [("consent_youth_with_parents_from_age", "age_range")]),
        ({"consent_youth_alone_from_age": 19}, [("consent_youth_alone_from_age", "age_range")]),
        ({"reopen_period_days": 0}, [("reopen_period_days", "not_positive")]),
        ({"inactivity_days": -3}, [("inactivity_days", "not_positive")]),
        ({"evaluation_interval_weeks": 0}, [("evaluation_interval_weeks", "not_positive")]),
        ({"evaluation_interval_weeks": 105}, [("evaluation_interval_weeks", "too_long")]),
        ({"inactivity_days": 366}, [("inactivity_days", "too_long")]),
        ({"name_shown_to_families": "nickname"}, [("name_shown_to_families", "unknown_choice")]),
    ],
)
def test_it_refuses_bad_settings_naming_the_field(change, expected):
    assert rules.check_settings(replace(GOOD, **change)) == expected


def test_a_scale_needs_two_to_ten_distinct_named_levels():
    assert rules.check_scale([("Licht", ""), ("Zwaar", "")]) == []
    assert rules.check_scale([("Licht", "")]) == [("levels", "too_few_levels")]
    assert rules.check_scale([(f"N{i}", "") for i in range(11)]) == [("levels", "too_many_levels")]
    assert rules.check_scale([("Licht", ""), ("licht ", ""), ("", "uitleg")]) == [
        ("levels[1].name", "name_twice"),
        ("levels[2].name", "name_missing"),
    ]


def test_the_messages_name_the_numbers_of_the_rules():
    assert (rules.AGE_MAX, rules.SCALE_MIN, rules.SCALE_MAX) == (18, 2, 10)  # the texts in messages.py say so


def test_changes_lists_old_and_new_value_of_what_changed():
    assert rules.changes({"a": 1, "b": 2}, {"a": 1, "b": 3}) == [("b", 2, 3)]


@pytest.mark.parametrize(("values", "median"), [([], None), ([5], 5.0), ([3, 1, 2], 2.0), ([4, 1, 3, 2], 2.5)])
def test_median(values, median):
    assert rules.median(values) == median
