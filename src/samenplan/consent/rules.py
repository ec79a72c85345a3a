"""Pure decisions about consent: who must consent at which age, who may, and what a set of consents covers.

No database and no Django models: the service layer turns members and consent records into the small value
objects below. The ages are configuration (``CONSENT_YOUTH_WITH_PARENTS_FROM_AGE``,
``CONSENT_YOUTH_ALONE_FROM_AGE``); the defaults are the commonly cited Dutch ones (DOMAIN §6): under 12 the
parents with custody consent, from 12 to 15 the youth *and* those parents, from 16 the youth alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from samenplan.cases.rules import age_on

# Who consents for a child of a given age.
PARENTS = "parents"
YOUTH_AND_PARENTS = "youth_and_parents"
YOUTH = "youth"

# Why consent cannot be complete (about the family, before any consent is looked at).
NO_CHILD = "no_child"
AGE_UNKNOWN = "age_unknown"
NO_CUSTODIAL_PARENT = "no_custodial_parent"

# Why a member may not give consent.
GIVER_TOO_YOUNG = "giver_too_young"
GIVER_AGE_UNKNOWN = "giver_age_unknown"
GIVER_WITHOUT_CUSTODY = "giver_without_custody"
YOUTH_CONSENTS_ALONE = "youth_consents_alone"

# Why a required member's consent does not cover a data kind.
MISSING = "missing"
EXPIRED = "expired"
REVOKED = "revoked"


@dataclass(frozen=True)
class AgeThresholds:
    youth_with_parents_from: int = 12
    youth_alone_from: int = 16

    def __post_init__(self):
        if not 0 <= self.youth_with_parents_from <= self.youth_alone_from:
            raise ValueError(
                "the age from which a youth consents alone must not be below the age from which it consents too"
            )


@dataclass(frozen=True)
class Person:
    """A family member as far as consent is concerned."""

    id: int
    name: str
    is_child: bool
    date_of_birth: date | None = None
    has_custody: bool | None = None


@dataclass(frozen=True)
class Problem:
    """Something about the family or a giver that stands in the way; ``person`` is whom it concerns."""

    code: str
    person: Person | None = None
    age: int | None = None


@dataclass(frozen=True)
class ConsentFact:
    """One consent record: who gave it, for which data kinds, valid from ``given_on`` until ``expires_on``
    (inclusive), and no longer from the day it was revoked (revocation takes effect at once)."""

    giver_ids: frozenset[int]
    data_kinds: frozenset[str]
    given_on: date
    expires_on: date | None = None
    revoked_on: date | None = None

    def valid_on(self, on: date) -> bool:
        return (
            self.given_on <= on
            and (self.expires_on is None or on <= self.expires_on)
            and (self.revoked_on is None or on < self.revoked_on)
        )


@dataclass(frozen=True)
class Gap:
    """A required member whose valid consent does not cover ``data_kinds``; ``since`` for expired/revoked."""

    code: str
    person: Person
    data_kinds: tuple[str, ...]
    since: date | None = None


def who_consents(age: int, thresholds: AgeThresholds) -> str:
    """For a child of ``age``: the parents with custody, the youth and those parents, or the youth alone."""
    if age >= thresholds.youth_alone_from:
        return YOUTH
    if age >= thresholds.youth_with_parents_from:
        return YOUTH_AND_PARENTS
    return PARENTS


def required_consenters(
    people: Sequence[Person], on: date, thresholds: AgeThresholds
) -> tuple[tuple[Person, ...], tuple[Problem, ...]]:
    """Whose consent is needed to share the children's data on ``on``, and what stands in the way.

    Consent concerns the data of every child of the family: each child brings its own requirement, and the
    union is needed. A child without a date of birth, or a child whose parents must consent while no parent
    is recorded with custody, is a problem that no consent record can solve.
    """
    children = [p for p in people if p.is_child]
    custodians = [p for p in people if not p.is_child and p.has_custody]
    if not children:
        return (), (Problem(NO_CHILD),)
    required: dict[int, Person] = {}
    problems: list[Problem] = []
    for child in children:
        if child.date_of_birth is None:
            problems.append(Problem(AGE_UNKNOWN, child))
            continue
        age = age_on(child.date_of_birth, on)
        band = who_consents(age, thresholds)
        if band in (YOUTH, YOUTH_AND_PARENTS):
            required.setdefault(child.id, child)
        if band in (PARENTS, YOUTH_AND_PARENTS):
            if not custodians:
                problems.append(Problem(NO_CUSTODIAL_PARENT, child, age))
            for parent in custodians:
                required.setdefault(parent.id, parent)
    return tuple(required.values()), tuple(problems)


def may_consent(giver: Person, people: Sequence[Person], on: date, thresholds: AgeThresholds) -> Problem | None:
    """None when ``giver`` may give consent on ``on``; otherwise why not.

    A child may from the age at which it consents (together with its parents); a parent only with custody,
    and only while a child of the family is young enough to need its parents' consent.
    """
    if giver.is_child:
        if giver.date_of_birth is None:
            return Problem(GIVER_AGE_UNKNOWN, giver)
        age = age_on(giver.date_of_birth, on)
        if age < thresholds.youth_with_parents_from:
            return Problem(GIVER_TOO_YOUNG, giver, age)
        return None
    if not giver.has_custody:
        return Problem(GIVER_WITHOUT_CUSTODY, giver)
    children = [p for p in people if p.is_child]
    if children and all(
        c.date_of_birth is not None and age_on(c.date_of_birth, on) >= thresholds.youth_alone_from for c in children
    ):
        return Problem(YOUTH_CONSENTS_ALONE, giver)
    return None


def consent_gaps(
    required: Iterable[Person], facts: Sequence[ConsentFact], data_kinds: Sequence[str], on: date
) -> tuple[Gap, ...]:
    """For each required member, the data kinds their valid consents on ``on`` do not cover, and why."""
    gaps: list[Gap] = []
    for person in required:
        by_code: dict[str, list[str]] = {}
        since: dict[str, date] = {}
        for kind in data_kinds:
            relevant = [f for f in facts if person.id in f.giver_ids and kind in f.data_kinds]
            if any(f.valid_on(on) for f in relevant):
                continue
            revoked = [f.revoked_on for f in relevant if f.revoked_on is not None and f.revoked_on <= on]
            expired = [f.expires_on for f in relevant if f.expires_on is not None and f.expires_on < on]
            if revoked:
                code, when = REVOKED, max(revoked)
            elif expired:
                code, when = EXPIRED, max(expired)
            else:
                code, when = MISSING, None
            by_code.setdefault(code, []).append(kind)
            if when is not None:
                since[code] = max(when, since.get(code, when))
        for code in (REVOKED, EXPIRED, MISSING):
            if code in by_code:
                gaps.append(Gap(code, person, tuple(by_code[code]), since.get(code)))
    return tuple(gaps)


def check(
    people: Sequence[Person],
    facts: Sequence[ConsentFact],
    data_kinds: Sequence[str],
    on: date,
    thresholds: AgeThresholds,
) -> tuple[Problem | Gap, ...]:
    """Everything that keeps these consents from allowing the data kinds to be shared on ``on``; empty: allowed."""
    required, problems = required_consenters(people, on, thresholds)
    return (*problems, *consent_gaps(required, facts, data_kinds, on))


# Why a consent cannot be limited this way.
LIMIT_WIDER_KINDS = "wider_kinds"
LIMIT_LATER = "later_end"
LIMIT_PAST = "end_in_past"
LIMIT_NOTHING = "nothing_narrower"


def limit_problem(
    *,
    old_kinds: Sequence[str],
    new_kinds: Sequence[str],
    old_until: date | None,
    new_until: date | None,
    today: date,
) -> str | None:
    """None when the new terms are a real narrowing of the old: no data kind added, an end date not later (and
    not in the past), and something narrower (a kind left out, or an earlier or first end date)."""
    old, new = set(old_kinds), set(new_kinds)
    if not new <= old:
        return LIMIT_WIDER_KINDS
    if new_until is not None and new_until < today:
        return LIMIT_PAST
    if old_until is not None and (new_until is None or new_until > old_until):
        return LIMIT_LATER
    fewer = new < old
    earlier = new_until is not None and (old_until is None or new_until < old_until)
    if not (fewer or earlier):
        return LIMIT_NOTHING
    return None
