"""Pure decisions about retention and destruction requests: dates and the fixed list of refusal grounds.

No database and no Django here; ``tests/unit/test_privacy_rules.py`` tests them without a database.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date

# Why a request for destruction may be refused (Jeugdwet art. 7.3.11 lid 4 (a person other than the requester has
# a considerable interest; a legal rule requires keeping the data); AVG art. 17 lid 3 b and e; a requester who is
# not entitled (Jeugdwet art. 7.3.11 with 7.3.15: a child under 12, or 12 and older but not able to weigh their
# interests, asks through the parents). A fixed list: a refusal names one or more of these, and explains.
REFUSAL_GROUNDS = (
    "interest_of_another",  # keeping the data is of considerable importance to someone other than the requester
    "legal_duty",  # a rule of law requires keeping the data (e.g. a court order, a running child-protection measure)
    "legal_claims",  # needed to establish, exercise or defend legal claims (AVG art. 17(3)(e))
    "not_entitled",  # the requester may not ask for this part (age, capacity, data that are not about them)
)

DECISIONS = ("granted", "partly", "refused")


def add_years(day: date, years: int) -> date:
    """``day`` plus whole years. 29 February moves to 1 March in a common year: the full years have then passed
    (keeping a day longer is the safe side of a retention period; removing a day early is not)."""
    year = day.year + years
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return date(year, 3, 1)
    return day.replace(year=year)


def add_months(day: date, months: int) -> date:
    """``day`` plus calendar months; a day that month lacks becomes its last day (31 January + 1 → 28 or 29
    February): for a deadline owed to the client, the earlier of the two readings."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def retention_due_on(cases: Iterable[tuple[date, date | None]], years: int) -> date | None:
    """The day a family's file may be removed: ``years`` after its last case closed.

    ``cases`` are (opened_on, closed_on) pairs. None while any case is open (a reopened case has no closing date)
    or when there are no cases at all (nothing was closed, so no period has started: a person decides).
    """
    closings = []
    for _opened_on, closed_on in cases:
        if closed_on is None:
            return None
        closings.append(closed_on)
    if not closings:
        return None
    return add_years(max(closings), years)


def is_due(cases: Iterable[tuple[date, date | None]], years: int, today: date) -> bool:
    due = retention_due_on(cases, years)
    return due is not None and due <= today


def destruction_deadline(requested_on: date, months: int) -> date:
    """The day by which a request for destruction must be decided and carried out."""
    return add_months(requested_on, months)


def log_cutoff(today: date, years: int) -> date:
    """Access-log records made before this day are older than the log's retention period."""
    return add_years(today, -years)


def refusal_errors(decision: str, grounds: Iterable[str], explanation: str) -> dict[str, str]:
    """What is missing from a decision, per field: a (partial) refusal names its grounds and explains them."""
    grounds = list(grounds)
    errors: dict[str, str] = {}
    if decision not in DECISIONS:
        errors["decision"] = "invalid"
    unknown = [g for g in grounds if g not in REFUSAL_GROUNDS]
    if unknown:
        errors["grounds"] = "invalid"
    elif decision in ("partly", "refused") and not grounds:
        errors["grounds"] = "required"
    elif decision == "granted" and grounds:
        errors["grounds"] = "not_allowed"
    if decision in ("partly", "refused") and not explanation.strip():
        errors["explanation"] = "required"
    return errors
