"""The pure rules of deciding together: stepped-care order, participation ladder, heavy care, what a decision needs."""

from __future__ import annotations

import pytest

from samenplan.decisions import rules
from samenplan.decisions.rules import OptionFacts


def test_it_orders_the_lightest_first_then_the_strongest_evidence_then_the_name():
    options = [
        OptionFacts(1, "Logeerhuis", "catalogue", "residential", "strong"),
        OptionFacts(2, "Gezinscoaching", "catalogue", "ambulatory", "first"),
        OptionFacts(3, "Training", "catalogue", "ambulatory", "strong"),
        OptionFacts(4, "Oma past op", "family", "residential"),  # the family's idea counts as network help
        OptionFacts(5, "Buurvrouw", "network", "light"),
        OptionFacts(6, "Cursus", "catalogue", "light", "not_assessed"),
    ]
    assert [o.pk for o in rules.stepped_order(options)] == [5, 4, 6, 3, 2, 1]


def test_it_puts_an_unknown_intensity_or_evidence_last():
    options = [OptionFacts(1, "A", "catalogue", "odd", "odd"), OptionFacts(2, "B", "catalogue", "light", "odd")]
    assert [o.pk for o in rules.stepped_order(options)] == [2, 1]


@pytest.mark.parametrize(
    ("source", "intensity", "heavy"),
    [
        ("catalogue", "intensive", True),
        ("catalogue", "residential", True),
        ("catalogue", "ambulatory", False),
        ("catalogue", "light", False),
        ("family", "residential", False),
        ("network", "intensive", False),
    ],
)
def test_it_counts_intensive_and_residential_help_as_heavy(source, intensity, heavy):
    assert rules.is_heavy(source, intensity) is heavy


@pytest.mark.guideline("G1.3")
def test_it_marks_the_three_effective_levels_of_the_databank():
    assert [level for level in rules.EVIDENCE_ORDER if rules.is_effective(level)] == ["strong", "good", "first"]


def test_it_names_five_participation_levels_in_dutch():
    assert [n for n, _label, _meaning in rules.PARTICIPATION_LEVELS] == [1, 2, 3, 4, 5]
    assert rules.level_label(4) == "Decide together"  # the msgid: the pages translate it
    assert rules.level_label(1) == "Inform"


@pytest.mark.parametrize(("level", "ok"), [(0, False), (1, True), (5, True), (6, False), (True, False), ("4", False)])
def test_it_accepts_levels_from_one_to_five_only(level, ok):
    assert rules.level_in_range(level) is ok


@pytest.mark.parametrize(
    ("heavy", "out_of_home", "against", "crucial"),
    [(False, False, False, False), (True, False, False, True), (False, True, False, True), (False, False, True, True)],
)
def test_it_makes_heavy_care_a_placement_or_a_decision_against_the_family_crucial(heavy, out_of_home, against, crucial):
    assert rules.is_crucial(heavy=heavy, out_of_home=out_of_home, against_family_wish=against) is crucial


def _refusals(**kwargs):
    base = {
        "option_count": 1,
        "level": 4,
        "crucial": False,
        "answered_consultation": False,
        "override": False,
        "agreements": ["yes"],
        "resolution_complete": False,
    }
    return rules.decision_refusals(**{**base, **kwargs})


def test_it_lets_a_plain_decision_through():
    assert _refusals() == []


def test_it_needs_at_least_one_option():
    assert _refusals(option_count=0) == [rules.NO_OPTIONS]


def test_it_refuses_a_level_outside_the_ladder():
    assert _refusals(level=7) == [rules.LEVEL_OUT_OF_RANGE]


@pytest.mark.guideline("G1.6")
def test_it_needs_a_consultation_or_an_override_for_a_crucial_decision():
    assert _refusals(crucial=True) == [rules.CRUCIAL_NEEDS_CONSULTATION]
    assert _refusals(crucial=True, answered_consultation=True) == []
    assert _refusals(crucial=True, override=True) == []


def test_it_needs_the_resolution_when_someone_says_no():
    assert _refusals(agreements=["yes", "no"]) == [rules.DISAGREEMENT_NEEDS_RESOLUTION]
    assert _refusals(agreements=["yes", "no"], resolution_complete=True) == []
    assert _refusals(agreements=["partly"]) == []


def test_it_refuses_a_stale_list_of_options():
    refusal = rules.preference_refusal(
        kind=rules.LEAVE_TO_PROFESSIONAL, current_options=[1, 2, 3], seen_options=[1, 2], ranking=[], preferred=None
    )
    assert refusal == rules.STALE_OPTIONS


def test_it_needs_every_option_once_in_an_order():
    def refusal(ranking):
        return rules.preference_refusal(
            kind=rules.ORDER, current_options=[1, 2], seen_options=[2, 1], ranking=ranking, preferred=None
        )

    assert refusal([2, 1]) is None
    assert refusal([1]) == rules.NOT_AN_ORDER
    assert refusal([1, 1]) == rules.NOT_AN_ORDER


def test_it_needs_one_of_the_options_as_the_preferred_one():
    def refusal(preferred):
        return rules.preference_refusal(
            kind=rules.PREFERRED, current_options=[1, 2], seen_options=[1, 2], ranking=[], preferred=preferred
        )

    assert refusal(2) is None
    assert refusal(9) == rules.PREFERRED_REQUIRED
    assert refusal(None) == rules.PREFERRED_REQUIRED


@pytest.mark.guideline("G5.4")
def test_it_accepts_leaving_the_choice_to_the_professional():
    assert (
        rules.preference_refusal(
            kind=rules.LEAVE_TO_PROFESSIONAL, current_options=[1], seen_options=[1], ranking=[], preferred=None
        )
        is None
    )
