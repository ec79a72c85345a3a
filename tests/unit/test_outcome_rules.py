"""The pure rules of the team outcome figures: small numbers hidden, shares, case outcome, median, periods."""

from __future__ import annotations

from datetime import date

from samenplan.caseload import outcomes_rules as r


def test_it_shows_a_count_below_ten_as_less_than_ten_without_its_share():
    assert r.figure(9, 40) == r.Figure(None, None, "< 10")
    assert r.figure(0, 40).shown == "< 10"
    assert r.figure(10, 40) == r.Figure(10, 25, "10")


def test_it_hides_the_share_when_the_total_is_small():
    assert r.share(3, 9) is None
    assert r.share(0, 0) is None
    assert r.share(5, 20) == 25


def test_it_never_hides_exactly_one_part_of_a_split():
    reached, partly, not_reached = r.split([20, 12, 3])
    assert (reached.count, partly.count, not_reached.count) == (20, None, None)
    assert [f.count for f in r.split([10, 10, 10])] == [10, 10, 10]
    assert [f.count for f in r.split([12, 2, 1])] == [12, None, None]


def test_it_gives_a_closed_case_the_outcome_of_its_goals():
    assert r.case_outcome(reached=2, partly=0, goals=2) == r.REACHED
    assert r.case_outcome(reached=1, partly=0, goals=2) == r.PARTLY
    assert r.case_outcome(reached=0, partly=1, goals=2) == r.PARTLY
    assert r.case_outcome(reached=0, partly=0, goals=2) == r.NOT_REACHED
    assert r.case_outcome(reached=0, partly=0, goals=0) is None


def test_it_counts_a_family_as_back_only_within_the_period():
    closed = date(2026, 1, 10)
    assert r.reopened_within(closed, date(2026, 7, 9), days=180)
    assert not r.reopened_within(closed, date(2026, 7, 10), days=180)
    assert not r.reopened_within(closed, None, days=180)


def test_it_gives_the_median_only_over_ten_or_more_cases():
    assert r.median_days([5] * 9) is None
    assert r.median_days(list(range(1, 11))) == 5.5
    assert r.median_days([30, 10, 20, 40, 50, 60, 70, 80, 90, 100, 110]) == 60


def test_it_starts_the_periods_on_the_right_day():
    today = date(2026, 12, 4)
    assert r.period_start(r.THIS_YEAR, today) == date(2026, 1, 1)
    assert r.period_start(r.TWELVE_MONTHS, today) == date(2025, 12, 5)
    assert r.period_start(r.TWELVE_MONTHS, date(2028, 2, 29)) == date(2027, 3, 1)
    assert r.period_start(r.ALL, today) is None
    assert r.chosen_period("nonsense") == r.DEFAULT_PERIOD
    assert r.chosen_period("all") == r.ALL
