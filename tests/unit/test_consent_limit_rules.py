"""Limiting a consent: only a real narrowing (kinds left out, an earlier end date), never wider or later."""

from datetime import date

import pytest

from samenplan.consent import rules

TODAY = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("old", "new", "old_until", "new_until", "expected"),
    [
        (["school", "health"], ["school"], None, None, None),
        (["school"], ["school"], None, date(2027, 1, 1), None),
        (["school"], ["school"], date(2027, 6, 1), date(2027, 1, 1), None),
        (["school"], ["school"], date(2027, 6, 1), TODAY, None),
        (["school"], ["school", "health"], None, None, rules.LIMIT_WIDER_KINDS),
        (["school"], ["school"], date(2027, 1, 1), date(2027, 6, 1), rules.LIMIT_LATER),
        (["school", "health"], ["school"], date(2027, 1, 1), None, rules.LIMIT_LATER),
        (["school"], ["school"], None, date(2026, 12, 3), rules.LIMIT_PAST),
        (["school"], ["school"], None, None, rules.LIMIT_NOTHING),
        (["school"], ["school"], date(2027, 1, 1), date(2027, 1, 1), rules.LIMIT_NOTHING),
    ],
)
def test_it_accepts_only_a_narrowing(old, new, old_until, new_until, expected):
    problem = rules.limit_problem(old_kinds=old, new_kinds=new, old_until=old_until, new_until=new_until, today=TODAY)
    assert problem == expected
