"""Pure rules for an organisation's settings and severity scale: which values are acceptable. No database, no
Django: each check returns (field, code) pairs; ``messages.py`` words them in Dutch."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

AGE_MAX = 18  # a youth is an adult from 18: a rule for older "youth" makes no sense
REOPEN_DAYS_MAX = 3650
INACTIVITY_DAYS_MAX = 365
EVALUATION_WEEKS_MAX = 104
SCALE_MIN, SCALE_MAX = 2, 10
NAME_SHOWN = ("full_name", "first_name", "first_name_initial")


@dataclass(frozen=True)
class Values:
    consent_youth_with_parents_from_age: int
    consent_youth_alone_from_age: int
    reopen_period_days: int
    inactivity_days: int
    name_shown_to_families: str
    evaluation_interval_weeks: int


def check_settings(v: Values) -> list[tuple[str, str]]:
    """Problems with ``v``: ages from 0 to 18 that ascend, periods of at least one day or week, a known choice."""
    problems = []
    with_parents, alone = v.consent_youth_with_parents_from_age, v.consent_youth_alone_from_age
    for field, age in (("consent_youth_with_parents_from_age", with_parents), ("consent_youth_alone_from_age", alone)):
        if not 0 <= age <= AGE_MAX:
            problems.append((field, "age_range"))
    if not problems and with_parents >= alone:
        problems.append(("consent_youth_alone_from_age", "ages_ascend"))
    for field, value, most in (
        ("reopen_period_days", v.reopen_period_days, REOPEN_DAYS_MAX),
        ("inactivity_days", v.inactivity_days, INACTIVITY_DAYS_MAX),
        ("evaluation_interval_weeks", v.evaluation_interval_weeks, EVALUATION_WEEKS_MAX),
    ):
        if value < 1:
            problems.append((field, "not_positive"))
        elif value > most:
            problems.append((field, "too_long"))
    if v.name_shown_to_families not in NAME_SHOWN:
        problems.append(("name_shown_to_families", "unknown_choice"))
    return problems


def check_scale(levels: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Problems with a scale of (name, description) levels, lowest first: 2 to 10 levels, each named, no name twice.

    The field of a level's problem is ``levels[i].name`` (0-based)."""
    problems = []
    seen: set[str] = set()
    for i, (name, _description) in enumerate(levels):
        key = name.strip().casefold()
        if not key:
            problems.append((f"levels[{i}].name", "name_missing"))
        elif key in seen:
            problems.append((f"levels[{i}].name", "name_twice"))
        seen.add(key)
    if len(levels) < SCALE_MIN:
        problems.append(("levels", "too_few_levels"))
    elif len(levels) > SCALE_MAX:
        problems.append(("levels", "too_many_levels"))
    return problems


def changes(old: dict, new: dict) -> list[tuple[str, object, object]]:
    """(field, old, new) for every field whose value differs, in the order of ``new``."""
    return [(field, old.get(field), value) for field, value in new.items() if old.get(field) != value]


def median(values: Sequence[float]) -> float | None:
    """The median of ``values``; None for none."""
    ordered = sorted(values)
    n = len(ordered)
    if not n:
        return None
    mid = n // 2
    return float(ordered[mid]) if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2
