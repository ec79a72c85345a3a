"""Pure decisions about cases: no database, no Django models, tested without either."""

from __future__ import annotations

from datetime import date

# Phases in the guideline's order (DOMAIN §3). Strings, so this module stays free of Django.
REGISTRATION = "registration"
CLARIFICATION = "clarification"
ANALYSIS = "analysis"
GOALS = "goals"
DECISION = "decision"
HELP = "help"
EVALUATION = "evaluation"
CLOSED = "closed"

PHASE_ORDER = (REGISTRATION, CLARIFICATION, ANALYSIS, GOALS, DECISION, HELP, EVALUATION, CLOSED)
# Which phase may follow which, and on which conditions: the phase machine in ``intake/rules.py``.


def age_on(date_of_birth: date, on: date) -> int:
    """Age in whole years on a given day (a birthday on 29 February counts on 28 February)."""
    years = on.year - date_of_birth.year
    if (on.month, on.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def is_youth(date_of_birth: date | None, on: date) -> bool:
    """A 'jongere' is 12 to 18 years old (DOMAIN §2)."""
    return date_of_birth is not None and 12 <= age_on(date_of_birth, on) < 18


def member_field_errors(
    role: str,
    has_custody: bool | None,
    lives_at_home: bool | None,
    date_of_birth: date | None,
    today: date,
) -> dict[str, str]:
    """Which member fields contradict each other. Returns field → message id (translated by the caller)."""
    errors: dict[str, str] = {}
    is_child = role == "child"
    if is_child and has_custody is not None:
        errors["has_custody"] = "custody_only_for_parents"
    if not is_child and lives_at_home is not None:
        errors["lives_at_home"] = "lives_at_home_only_for_children"
    if date_of_birth is not None:
        if date_of_birth > today:
            errors["date_of_birth"] = "born_in_future"
        elif age_on(date_of_birth, today) > 120:
            errors["date_of_birth"] = "implausibly_old"
        elif is_child and age_on(date_of_birth, today) >= 27:
            errors["date_of_birth"] = "too_old_for_youth_care"
    return errors


# Sizes of lists in one request, checked before any id is looked up.
MAX_COWORKERS = 10  # beside the fixed caseworker; a team brings in one or two, ten leaves room
MAX_MEMBERS_AT_REGISTRATION = 20  # a household; more members are added one by one afterwards
# The Jeugdwet came into force on 1 January 2015: no youth-care case registered here opened before it.
EARLIEST_REGISTRATION = date(2015, 1, 1)
