"""The pure rules of a team's outcome figures: small-number suppression, shares, the outcome of a closed case, the
median duration, and the periods a team lead can choose. No database here (tests in tests/unit/).

Small numbers could point at one family, so a count below :data:`THRESHOLD` is shown as "< 10" and a share over
fewer than :data:`THRESHOLD` cases is not shown at all. When exactly one part of a split is hidden, the total would
give it away, so the smallest other part is hidden too.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, timedelta

THRESHOLD = 10
LESS_THAN = "< 10"

REACHED = "reached"
PARTLY = "partly"
NOT_REACHED = "not_reached"
OUTCOMES = (REACHED, PARTLY, NOT_REACHED)

THIS_YEAR = "year"
TWELVE_MONTHS = "12m"
ALL = "all"
PERIODS = (THIS_YEAR, TWELVE_MONTHS, ALL)
DEFAULT_PERIOD = TWELVE_MONTHS

HIGH_PARTICIPATION = (4, 5)


@dataclass(frozen=True)
class Figure:
    """A count as it may be shown: ``count`` and ``share`` (a whole percentage) are None when hidden."""

    count: int | None
    share: int | None
    shown: str

    @property
    def hidden(self) -> bool:
        return self.count is None


def is_small(count: int) -> bool:
    return count < THRESHOLD


def share(part: int, total: int) -> int | None:
    """``part`` of ``total`` as a whole percentage; None when the total is small (or zero)."""
    if is_small(total):
        return None
    return round(100 * part / total)


def figure(count: int, total: int, *, hide: bool = False) -> Figure:
    """One count out of ``total``: "< 10" and no share when the count is small (or ``hide`` says so)."""
    if hide or is_small(count):
        return Figure(None, None, LESS_THAN)
    return Figure(count, share(count, total), str(count))


def total_figure(total: int) -> Figure:
    return figure(total, total)


def split(counts: list[int]) -> list[Figure]:
    """The parts of one whole (their sum), with the second hiding: never exactly one part hidden."""
    total = sum(counts)
    hidden = {i for i, count in enumerate(counts) if is_small(count)}
    if len(hidden) == 1 and not is_small(total):
        others = [i for i in range(len(counts)) if i not in hidden]
        if others:
            hidden.add(min(others, key=lambda i: counts[i]))
    return [figure(count, total, hide=i in hidden) for i, count in enumerate(counts)]


def case_outcome(reached: int, partly: int, goals: int) -> str | None:
    """The outcome of a closed case from its goals' outcomes: every goal reached → reached; none reached nor partly
    → not reached; anything between → partly. None for a closing without goals."""
    if goals <= 0:
        return None
    if reached >= goals:
        return REACHED
    if reached == 0 and partly == 0:
        return NOT_REACHED
    return PARTLY


def reopened_within(closed_on: date, reopened_on: date | None, *, days: int) -> bool:
    """Whether the family came back within ``days`` after the closing."""
    return reopened_on is not None and closed_on <= reopened_on <= closed_on + timedelta(days=days)


def median_days(durations: list[int]) -> float | None:
    """The median of ``durations`` in days; None when there are fewer than :data:`THRESHOLD` (too few to show)."""
    if is_small(len(durations)):
        return None
    return statistics.median(durations)


def period_start(period: str, today: date) -> date | None:
    """The first day of the chosen period; None for all time. Unknown periods count as the default one."""
    if period == ALL:
        return None
    if period == THIS_YEAR:
        return date(today.year, 1, 1)
    try:
        return today.replace(year=today.year - 1) + timedelta(days=1)
    except ValueError:  # 29 February
        return date(today.year - 1, 3, 1)


def chosen_period(value: str | None) -> str:
    return value if value in PERIODS else DEFAULT_PERIOD
