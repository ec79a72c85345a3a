"""Who must and who may consent at which age: pure rules, no database (DOMAIN §6)."""

from datetime import date

import pytest

from samenplan.consent import rules

ON = date(2026, 11, 23)
DEFAULTS = rules.AgeThresholds()


def born(age: int, *, days_after_birthday: int = 0) -> date:
    """A date of birth that makes the child exactly ``age`` on ON (the birthday is today by default)."""
    day = date(ON.year - age, ON.month, ON.day)
    return date.fromordinal(day.toordinal() - days_after_birthday)


def child(age: int | None, pid: int = 10, **kw) -> rules.Person:
    return rules.Person(pid, f"kind{pid}", True, None if age is None else born(age, **kw))


MOTHER = rules.Person(1, "moeder", False, date(1985, 1, 1), True)
FATHER = rules.Person(2, "vader", False, date(1983, 1, 1), True)
STEPFATHER = rules.Person(3, "stiefvader", False, date(1980, 1, 1), False)
UNKNOWN_CUSTODY = rules.Person(4, "ouder", False, date(1980, 1, 1), None)


def required(people) -> tuple[set[int], set[str]]:
    persons, problems = rules.required_consenters(people, ON, DEFAULTS)
    return {p.id for p in persons}, {p.code for p in problems}


def test_it_defaults_to_12_and_16():
    assert (DEFAULTS.youth_with_parents_from, DEFAULTS.youth_alone_from) == (12, 16)


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (0, rules.PARENTS),
        (11, rules.PARENTS),
        (12, rules.YOUTH_AND_PARENTS),
        (15, rules.YOUTH_AND_PARENTS),
        (16, rules.YOUTH),
        (17, rules.YOUTH),
    ],
)
def test_it_knows_who_consents_at_each_boundary_age(age, band):
    assert rules.who_consents(age, DEFAULTS) == band


@pytest.mark.guideline("G3.6")
def test_it_asks_the_parents_with_custody_for_an_11_year_old():
    assert required([MOTHER, FATHER, STEPFATHER, child(11, days_after_birthday=364)]) == ({1, 2}, set())


def test_it_asks_the_youth_and_the_parents_on_the_12th_birthday_itself():
    assert required([MOTHER, STEPFATHER, child(12)]) == ({1, 10}, set())


def test_it_still_asks_the_parents_the_day_before_the_12th_birthday():
    day_before = rules.Person(10, "kind", True, date(ON.year - 12, ON.month, ON.day + 1))
    assert required([MOTHER, day_before]) == ({1}, set())


def test_it_asks_the_youth_and_the_parents_for_a_15_year_old():
    assert required([MOTHER, FATHER, child(15, days_after_birthday=364)]) == ({1, 2, 10}, set())


def test_it_asks_the_youth_alone_on_the_16th_birthday_itself():
    assert required([MOTHER, FATHER, child(16)]) == ({10}, set())


def test_it_still_asks_the_parents_the_day_before_the_16th_birthday():
    almost = rules.Person(10, "kind", True, date(ON.year - 16, ON.month, ON.day + 1))
    assert required([MOTHER, almost]) == ({1, 10}, set())


def test_it_asks_only_parents_with_custody():
    assert required([STEPFATHER, UNKNOWN_CUSTODY, MOTHER, child(8)]) == ({1}, set())


@pytest.mark.parametrize("age", [3, 11, 12, 15])
def test_it_names_a_child_without_a_parent_with_custody(age):
    ids, problems = required([STEPFATHER, UNKNOWN_CUSTODY, child(age)])
    assert problems == {rules.NO_CUSTODIAL_PARENT}
    assert ids == ({10} if age >= 12 else set())


def test_it_needs_no_parent_with_custody_for_a_youth_of_16():
    assert required([STEPFATHER, child(16)]) == ({10}, set())


def test_it_takes_the_union_over_all_children():
    assert required([MOTHER, child(17, 10), child(13, 11), child(5, 12)]) == ({1, 10, 11}, set())


def test_it_cannot_decide_without_a_date_of_birth_or_without_children():
    assert required([MOTHER, child(None)]) == (set(), {rules.AGE_UNKNOWN})
    assert required([MOTHER]) == (set(), {rules.NO_CHILD})


def test_it_reads_the_ages_from_configuration():
    strict = rules.AgeThresholds(youth_with_parents_from=14, youth_alone_from=18)
    persons, _ = rules.required_consenters([MOTHER, child(13), child(17, 11)], ON, strict)
    assert {p.id for p in persons} == {1, 11}
    with pytest.raises(ValueError):
        rules.AgeThresholds(youth_with_parents_from=16, youth_alone_from=12)


# Who may give consent
def may(giver, people) -> str | None:
    problem = rules.may_consent(giver, people, ON, DEFAULTS)
    return problem.code if problem else None


@pytest.mark.parametrize(
    ("age", "days", "expected"),
    [
        (11, 364, rules.GIVER_TOO_YOUNG),
        (12, 0, None),  # the birthday itself
        (15, 364, None),
        (16, 0, None),
    ],
)
def test_it_lets_a_child_consent_from_12(age, days, expected):
    youth = child(age, days_after_birthday=days)
    assert may(youth, [MOTHER, youth]) == expected


def test_it_names_the_age_of_a_child_too_young_to_consent():
    youth = child(11, days_after_birthday=364)
    assert rules.may_consent(youth, [youth], ON, DEFAULTS) == rules.Problem(rules.GIVER_TOO_YOUNG, youth, 11)


def test_it_refuses_a_child_whose_age_is_unknown():
    youth = child(None)
    assert may(youth, [youth]) == rules.GIVER_AGE_UNKNOWN


@pytest.mark.parametrize(
    ("parent", "expected"),
    [(MOTHER, None), (STEPFATHER, rules.GIVER_WITHOUT_CUSTODY), (UNKNOWN_CUSTODY, rules.GIVER_WITHOUT_CUSTODY)],
)
def test_it_lets_only_a_parent_with_custody_consent(parent, expected):
    assert may(parent, [parent, child(9)]) == expected


def test_it_refuses_parents_once_every_child_consents_alone():
    assert may(MOTHER, [MOTHER, child(16)]) == rules.YOUTH_CONSENTS_ALONE
    assert may(MOTHER, [MOTHER, rules.Person(10, "kind", True, date(ON.year - 16, ON.month, ON.day + 1))]) is None
    assert may(MOTHER, [MOTHER, child(17), child(15, 11)]) is None


# What a set of consents covers
def fact(giver_ids, kinds=("school",), given=date(2026, 1, 1), expires=None, revoked=None):
    return rules.ConsentFact(frozenset(giver_ids), frozenset(kinds), given, expires, revoked)


def gaps(required_people, facts, kinds=("school",), on=ON):
    return [(g.code, g.person.id, g.data_kinds, g.since) for g in rules.consent_gaps(required_people, facts, kinds, on)]


@pytest.mark.guideline("L9")
def test_it_allows_only_what_every_required_member_consented_to():
    youth = child(14)
    assert gaps([MOTHER, youth], [fact({1, 10}, ("school", "health"))], ("school", "health")) == []
    assert gaps([MOTHER, youth], [fact({1}, ("school",)), fact({10}, ("school",))]) == []
    assert gaps([MOTHER, youth], [fact({1}, ("school", "health"))], ("school", "health")) == [
        (rules.MISSING, 10, ("school", "health"), None)
    ]
    assert gaps([MOTHER], [fact({1}, ("school",))], ("school", "health")) == [(rules.MISSING, 1, ("health",), None)]


def test_it_ends_a_consent_after_its_last_day():
    last_day = date(2026, 11, 23)
    assert gaps([MOTHER], [fact({1}, expires=last_day)], on=last_day) == []
    assert gaps([MOTHER], [fact({1}, expires=last_day)], on=date(2026, 11, 24)) == [
        (rules.EXPIRED, 1, ("school",), last_day)
    ]


def test_it_ends_a_revoked_consent_on_the_day_of_revocation():
    assert gaps([MOTHER], [fact({1}, revoked=ON)]) == [(rules.REVOKED, 1, ("school",), ON)]
    assert gaps([MOTHER], [fact({1}, revoked=ON)], on=date(2026, 11, 22)) == []


def test_it_does_not_apply_a_consent_before_it_was_given():
    assert gaps([MOTHER], [fact({1}, given=ON)], on=date(2026, 11, 22)) == [(rules.MISSING, 1, ("school",), None)]


def test_a_newer_consent_covers_what_an_older_revoked_one_no_longer_does():
    assert gaps([MOTHER], [fact({1}, revoked=date(2026, 6, 1)), fact({1}, given=date(2026, 7, 1))]) == []


def test_it_combines_the_age_rules_and_the_consents():
    youth = child(14)
    found = rules.check([MOTHER, STEPFATHER, youth], [fact({1})], ["school"], ON, DEFAULTS)
    assert [(type(f).__name__, f.code, f.person.id) for f in found] == [("Gap", rules.MISSING, 10)]
    assert rules.check([MOTHER, youth], [fact({1, 10})], ["school"], ON, DEFAULTS) == ()
