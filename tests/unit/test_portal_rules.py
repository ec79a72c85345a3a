"""Age and custody rules of the family portal, at the boundary ages (database-free)."""

from datetime import date

import pytest

from samenplan.portal import rules

AGES = rules.PortalAges()
TODAY = date(2026, 6, 15)


def born(age: int, *, birthday_today: bool = True) -> date:
    """A date of birth that makes the member exactly ``age`` today (birthday today) or one day short of it."""
    if birthday_today:
        return date(TODAY.year - age, TODAY.month, TODAY.day)
    return date(TODAY.year - age, TODAY.month, TODAY.day + 1)


def test_a_child_of_11_gets_no_own_account_and_one_of_12_does():
    assert rules.account_refusal(is_child=True, date_of_birth=born(11), on=TODAY, ages=AGES) == rules.TOO_YOUNG
    assert rules.account_refusal(is_child=True, date_of_birth=born(12, birthday_today=False), on=TODAY, ages=AGES) == (
        rules.TOO_YOUNG
    )
    assert rules.account_refusal(is_child=True, date_of_birth=born(12), on=TODAY, ages=AGES) is None


def test_a_child_without_a_date_of_birth_gets_no_account_and_a_parent_always_may():
    assert rules.account_refusal(is_child=True, date_of_birth=None, on=TODAY, ages=AGES) == rules.AGE_UNKNOWN
    assert rules.account_refusal(is_child=False, date_of_birth=None, on=TODAY, ages=AGES) is None


def test_the_ages_are_configurable():
    younger = rules.PortalAges(own_account_from=10, own_part_private_from=14)
    assert rules.account_refusal(is_child=True, date_of_birth=born(11), on=TODAY, ages=younger) is None
    assert not rules.parent_sees_youth_part(
        youth_date_of_birth=born(14),
        on=TODAY,
        youth_agrees=False,
        parent_has_custody=True,
        caseworker_allows=False,
        ages=younger,
    )
    with pytest.raises(ValueError):
        rules.PortalAges(own_account_from=16, own_part_private_from=12)


@pytest.mark.parametrize(("age", "youth_agrees", "seen"), [(15, False, True), (16, False, False), (16, True, True)])
def test_a_youth_of_16_hides_their_own_part_from_the_parents_unless_they_agree(age, youth_agrees, seen):
    assert (
        rules.parent_sees_youth_part(
            youth_date_of_birth=born(age),
            on=TODAY,
            youth_agrees=youth_agrees,
            parent_has_custody=True,
            caseworker_allows=False,
            ages=AGES,
        )
        is seen
    )


def test_a_youth_one_day_before_16_is_still_15():
    assert rules.parent_sees_youth_part(
        youth_date_of_birth=born(16, birthday_today=False),
        on=TODAY,
        youth_agrees=False,
        parent_has_custody=True,
        caseworker_allows=False,
        ages=AGES,
    )


def test_a_youth_of_unknown_age_counts_as_16_for_their_own_part():
    assert not rules.parent_sees_youth_part(
        youth_date_of_birth=None,
        on=TODAY,
        youth_agrees=False,
        parent_has_custody=True,
        caseworker_allows=False,
        ages=AGES,
    )


@pytest.mark.parametrize(
    ("custody", "caseworker_allows", "configured", "seen"),
    [
        (True, False, False, True),
        (None, False, False, True),
        (False, False, False, False),
        (False, True, False, True),
        (False, False, True, True),
    ],
)
def test_a_parent_without_custody_sees_what_configuration_and_caseworker_allow(
    custody, caseworker_allows, configured, seen
):
    ages = rules.PortalAges(parents_without_custody_see_plan=configured)
    assert (
        rules.sees_shared_plan(is_child=False, has_custody=custody, caseworker_allows=caseworker_allows, ages=ages)
        is seen
    )
    assert (
        rules.parent_sees_youth_part(
            youth_date_of_birth=born(14),
            on=TODAY,
            youth_agrees=True,
            parent_has_custody=custody,
            caseworker_allows=caseworker_allows,
            ages=ages,
        )
        is seen
    )


def test_a_youth_with_an_account_always_sees_the_shared_plan():
    assert rules.sees_shared_plan(is_child=True, has_custody=None, caseworker_allows=False, ages=AGES)
