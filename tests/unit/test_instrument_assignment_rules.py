"""Which questionnaire may be assigned to a family member to fill in themselves: pure rules, no database."""

from __future__ import annotations

from pathlib import Path

import pytest

from samenplan.instruments import rules

FOR_CHILDREN = {"informants": ["parent", "youth"], "age_range": {"min": 6, "max": 17}}
ALL_AGES = {"informants": ["parent", "youth", "professional"], "age_range": {"min": 0, "max": 120}}
PROFESSIONALS_ONLY = {"informants": ["professional"], "age_range": {"min": 0, "max": 17}}


def test_a_family_member_fills_in_as_youth_or_parent():
    assert rules.family_informant(is_child=True) == "youth"
    assert rules.family_informant(is_child=False) == "parent"


@pytest.mark.parametrize(
    ("definition", "informant", "about_age", "about_someone", "refusal"),
    [
        (FOR_CHILDREN, "youth", 14, True, None),
        (FOR_CHILDREN, "parent", 6, True, None),
        (FOR_CHILDREN, "parent", 17, True, None),
        (FOR_CHILDREN, "parent", 5, True, rules.OUTSIDE_AGE_RANGE),
        (FOR_CHILDREN, "youth", 18, True, rules.OUTSIDE_AGE_RANGE),
        (FOR_CHILDREN, "youth", None, True, rules.AGE_UNKNOWN),
        (FOR_CHILDREN, "parent", None, False, None),  # about the whole family: no age to fit
        (ALL_AGES, "parent", None, True, None),  # every age fits, so an unknown one does too
        (ALL_AGES, "youth", 40, True, None),
        (PROFESSIONALS_ONLY, "parent", 10, True, rules.NOT_FOR_INFORMANT),
        (PROFESSIONALS_ONLY, "youth", 15, True, rules.NOT_FOR_INFORMANT),
        ({"informants": ["parent"]}, "youth", 15, True, rules.NOT_FOR_INFORMANT),
        ({}, "parent", 10, True, rules.NOT_FOR_INFORMANT),
        ({"informants": "parent"}, "parent", 10, True, rules.NOT_FOR_INFORMANT),  # malformed: refused
        ({"informants": ["parent"], "age_range": {"min": "x", "max": 3}}, "parent", 10, True, None),
    ],
)
def test_only_a_definition_for_that_informant_and_age_may_be_assigned(
    definition, informant, about_age, about_someone, refusal
):
    found = rules.assignment_refusal(definition, informant=informant, about_age=about_age, about_someone=about_someone)
    assert found == refusal


def test_of_the_shipped_definitions_the_safety_checklist_is_never_for_a_family_member():
    shipped = {}
    for path in sorted((Path(rules.__file__).parent / "definitions").glob("*.yaml")):
        data, problems = rules.load(path.read_text(encoding="utf-8"))
        assert not problems
        shipped[data["code"]] = data
    for informant in ("parent", "youth"):
        assert rules.assignment_refusal(shipped["veiligheid"], informant=informant, about_age=10, about_someone=True)
        assert not rules.assignment_refusal(
            shipped["demo-gezinsvragenlijst"], informant=informant, about_age=14, about_someone=True
        )
        drieluik = shipped["drieluik"]
        assert not rules.assignment_refusal(drieluik, informant=informant, about_age=None, about_someone=True)
