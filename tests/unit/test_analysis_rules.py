"""The analysis's decisions (analysis/rules.py), without a database."""

from __future__ import annotations

from itertools import product

import pytest

from samenplan.analysis import rules


def finalise(**overrides):
    facts = {
        "finalised": False,
        "shared": True,
        "factor_kinds": [rules.CAUSAL],
        "multiple_and_complex": False,
        "answered_consultation": False,
        "override": False,
    }
    facts.update(overrides)
    return rules.finalise_refusal(**facts)


@pytest.mark.guideline("G4.4")
@pytest.mark.guideline("G2.7")
@pytest.mark.parametrize(("answered", "override"), list(product((False, True), repeat=2)))
def test_it_finalises_a_multiple_and_complex_picture_only_after_advice_or_an_override(answered, override):
    code = finalise(multiple_and_complex=True, answered_consultation=answered, override=override)
    assert code == (None if answered or override else rules.CONSULTATION_NEEDED)


def test_it_needs_no_consultation_when_the_problems_are_not_multiple_and_complex():
    assert finalise() is None


@pytest.mark.guideline("G4.3")
def test_it_finalises_only_a_picture_the_family_has_seen():
    assert finalise(shared=False) == rules.NOT_SHARED
    # the family's view comes before the scientist: that is the order the caseworker sees
    assert finalise(shared=False, multiple_and_complex=True) == rules.NOT_SHARED


def test_it_finalises_once_and_only_with_a_factor():
    assert finalise(finalised=True) == rules.ALREADY_FINAL
    assert finalise(factor_kinds=[]) == rules.NO_FACTORS
    assert finalise(factor_kinds=["unknown"]) == rules.NO_FACTORS


@pytest.mark.guideline("G4.2")
def test_it_names_the_kinds_of_factor_still_missing():
    assert rules.missing_factor_kinds([]) == rules.FACTOR_KINDS
    assert rules.missing_factor_kinds([rules.PROTECTIVE, rules.CAUSAL]) == (rules.MAINTAINING,)
    assert rules.missing_factor_kinds(rules.FACTOR_KINDS) == ()


def test_it_makes_a_new_version_once_the_family_has_seen_the_picture():
    assert rules.new_version_needed(shared=False, finalised=False) is False
    assert rules.new_version_needed(shared=True, finalised=False) is True
    assert rules.new_version_needed(shared=True, finalised=True) is True


@pytest.mark.guideline("G4.1")
def test_it_uses_exactly_the_circumstance_codes_shared_with_the_instrument_engine():
    assert rules.CIRCUMSTANCES == (
        "migration_background",
        "other_home_language",
        "limited_dutch",
        "low_literacy",
        "intellectual_disability",
        "other_disability",
    )


@pytest.mark.parametrize("code", rules.CIRCUMSTANCES)
def test_it_asks_the_language_only_for_another_home_language(code):
    if code == rules.OTHER_HOME_LANGUAGE:
        assert rules.circumstance_refusal(code, "  ") == rules.LANGUAGE_NEEDED
        assert rules.circumstance_refusal(code, "Arabisch") is None
    else:
        assert rules.circumstance_refusal(code, "") is None
        assert rules.circumstance_refusal(code, "Arabisch") == rules.LANGUAGE_ONLY_FOR_HOME_LANGUAGE


@pytest.mark.guideline("G2.6")
@pytest.mark.parametrize(
    ("method", "instrument", "recipient", "expected"),
    [
        (rules.INSTRUMENT, True, False, None),
        (rules.INSTRUMENT, False, False, rules.INSTRUMENT_NEEDED),
        (rules.INSTRUMENT, True, True, rules.RECIPIENT_ONLY_FOR_OTHER_AGENCY),
        (rules.OTHER_AGENCY, False, True, None),
        (rules.OTHER_AGENCY, False, False, rules.RECIPIENT_NEEDED),
        (rules.OTHER_AGENCY, True, True, rules.INSTRUMENT_ONLY_FOR_INSTRUMENT),
        (rules.CONVERSATION, False, False, None),
        (rules.OBSERVATION, False, False, None),
        (rules.OBSERVATION, True, False, rules.INSTRUMENT_ONLY_FOR_INSTRUMENT),
        (rules.CONVERSATION, False, True, rules.RECIPIENT_ONLY_FOR_OTHER_AGENCY),
    ],
)
def test_it_asks_per_method_what_the_question_must_name(method, instrument, recipient, expected):
    assert rules.method_refusal(method, instrument, recipient) == expected


def test_it_names_the_circumstances_an_instrument_does_not_suit_in_a_fixed_order():
    mine = [rules.LOW_LITERACY, rules.LIMITED_DUTCH, rules.MIGRATION_BACKGROUND]
    theirs = [rules.LIMITED_DUTCH, rules.LOW_LITERACY, rules.INTELLECTUAL_DISABILITY]
    assert rules.unsuitable_circumstances(mine, theirs) == (rules.LIMITED_DUTCH, rules.LOW_LITERACY)
    assert rules.unsuitable_circumstances([], theirs) == ()


@pytest.mark.guideline("G4.1")
def test_it_warns_when_a_dutch_only_instrument_is_for_someone_who_speaks_little_dutch():
    assert rules.only_in_dutch_for_little_dutch(["nl"], [rules.LIMITED_DUTCH])
    assert rules.only_in_dutch_for_little_dutch(["NL "], [rules.LIMITED_DUTCH, rules.LOW_LITERACY])
    assert not rules.only_in_dutch_for_little_dutch(["nl", "tr"], [rules.LIMITED_DUTCH])
    assert not rules.only_in_dutch_for_little_dutch([], [rules.LIMITED_DUTCH])
    assert not rules.only_in_dutch_for_little_dutch(["nl"], [rules.LOW_LITERACY])
