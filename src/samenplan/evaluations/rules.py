"""Pure decisions of evaluating, closing and reopening (DOMAIN §3.8, §3.9): when an evaluation is due, whether a
closed case may still be reopened, and the summary of progress a family understands.

Plain values in, plain values out; no Django, no database (tests in ``tests/unit/test_evaluation_rules.py``).
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, timedelta

# Due states of a planned evaluation (for the caseload dashboard and the evaluations page).
DUE_THIS_WEEK = "due_this_week"
OVERDUE = "overdue"
LATER = "later"
DONE = "done"

# Outcomes of an evaluation (§3.8).
CONTINUE = "continue"
ADJUST = "adjust"
END = "end"
OUTCOMES = (CONTINUE, ADJUST, END)

# Reasons for closing (§3.9).
GOALS_REACHED = "goals_reached"
MANAGES_WITHOUT = "manages_without"
MOVED = "moved"
REFERRED = "referred"
FAMILY_ENDS = "family_ends"
OTHER = "other"
CLOSING_REASONS = (GOALS_REACHED, MANAGES_WITHOUT, MOVED, REFERRED, FAMILY_ENDS, OTHER)
# Help ends when the family can probably manage without youth care; otherwise other help is discussed (L10). A
# family that moves takes its help along through the handover to the new place (the handover app).
FAMILY_MANAGES = (GOALS_REACHED, MANAGES_WITHOUT, MOVED)

# Outcome per goal at closing.
REACHED = "reached"
PARTLY = "partly"
NOT_REACHED = "not_reached"
GOAL_OUTCOMES = (REACHED, PARTLY, NOT_REACHED)

SCALE_MIN = 0
SCALE_MAX = 10


def week_end(today: date) -> date:
    """The Sunday of ``today``'s week (ISO weeks start on Monday)."""
    return today + timedelta(days=6 - today.weekday())


def due_state(planned_on: date | None, today: date, done: bool) -> str:
    """Where a planned evaluation stands: held (``done``), past its date (``overdue``), planned for today up to
    this Sunday (``due_this_week``), or later. An evaluation without a date that is not held counts as later."""
    if done:
        return DONE
    if planned_on is None:
        return LATER
    if planned_on < today:
        return OVERDUE
    if planned_on <= week_end(today):
        return DUE_THIS_WEEK
    return LATER


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months; the 31st becomes the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reopen_until(closed_on: date, months: int | None = None, *, days: int | None = None) -> date:
    """The last day a case closed on ``closed_on`` may be reopened: after ``months`` months or ``days`` days."""
    if (months is None) == (days is None):
        raise ValueError("give months or days")
    return add_months(closed_on, months) if months is not None else closed_on + timedelta(days=days)


def reopen_allowed(closed_on: date | None, today: date, months: int | None = None, *, days: int | None = None) -> bool:
    """May a closed case be reopened today? Within the period after closing (the last day included); a case that
    is not closed (``closed_on`` None) is not reopened. The organisation sets the period (in days,
    ``reopen_period_days``); ``months`` is accepted too."""
    if closed_on is None:
        return False
    return closed_on <= today <= reopen_until(closed_on, months, days=days)


def on_scale(value) -> bool:
    """True for a whole number from 0 to 10 (a bool is not a score)."""
    return isinstance(value, int) and not isinstance(value, bool) and SCALE_MIN <= value <= SCALE_MAX


def adjust_needs_changes(outcome: str, adjustment: str) -> bool:
    """ "Adjust" says what changes in the goals or the help; True when that is missing."""
    return outcome == ADJUST and not adjustment.strip()


def closing_needs_text(reason: str, reason_other: str) -> bool:
    """ "Other" as the reason for closing needs the reason in words."""
    return reason == OTHER and not reason_other.strip()


def closing_needs_other_help(reason: str, other_help: str) -> bool:
    """Closing while the family does not manage without youth care yet (referred, the family ends the contact, or
    another reason): which other help was discussed with the family must be written down (L10)."""
    return reason in CLOSING_REASONS and reason not in FAMILY_MANAGES and not (other_help or "").strip()


def _mean(values: Sequence[int]) -> int:
    """The rounded mean of whole scores (a half rounds up: 5.5 becomes 6)."""
    return int(sum(values) / len(values) + 0.5)


def summary(goals: Sequence[Sequence[tuple[date, int]]]) -> list[tuple[int, int | None, int | None]]:
    """Per goal (numbered from 1, in priority order) its score on the first and on the latest date, as
    (number, from, to). Several people scoring on one date count as their rounded mean, so the family's and the
    professional's scores of one evaluation make one number. One date only: (number, None, score). No scores:
    (number, None, None)."""
    rows = []
    for number, scores in enumerate(goals, start=1):
        by_date: dict[date, list[int]] = {}
        for on, score in scores:
            by_date.setdefault(on, []).append(score)
        if not by_date:
            rows.append((number, None, None))
            continue
        first, last = min(by_date), max(by_date)
        rows.append((number, None if first == last else _mean(by_date[first]), _mean(by_date[last])))
    return rows


def summary_sentence(number: int, first: int | None, last: int | None, *, words: dict[str, str]) -> str:
    """One line a family understands: "Doel 1: van 3 naar 6", "Doel 2: nu 4", "Doel 3: blijft 5", "Doel 4: nog
    geen scores".

    ``words`` holds the (translated) templates ``from_to``, ``now``, ``same`` and ``none`` with ``%(number)s``,
    ``%(first)s`` and ``%(last)s``."""
    if last is None:
        return words["none"] % {"number": number}
    if first is None:
        return words["now"] % {"number": number, "last": last}
    if first == last:
        return words["same"] % {"number": number, "first": first, "last": last}
    return words["from_to"] % {"number": number, "first": first, "last": last}
