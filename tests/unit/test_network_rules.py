"""The family group plan and the network criteria, decided without a database (network/rules.py)."""

from __future__ import annotations

import pytest

from samenplan.network import rules

STATES = (None, *rules.PLAN_STATES)


@pytest.mark.guideline("G5.3")
@pytest.mark.guideline("L3")
def test_it_offers_the_family_group_plan_unless_a_child_protection_measure_applies():
    assert rules.plan_offered(child_protection_measure=False) is True
    assert rules.plan_offered(child_protection_measure=True) is False


@pytest.mark.guideline("G5.3")
@pytest.mark.parametrize("state", STATES)
def test_it_refuses_every_offer_under_a_measure(state):
    assert rules.step_refusal(rules.OFFER, state, child_protection_measure=True) == rules.UNDER_MEASURE


# (step, state) → refusal, without a measure and with safety at stake (approval needed), not approved yet.
EXPECTED = {
    (rules.OFFER, None): None,
    (rules.OFFER, rules.DECLINED): None,  # declined now, offered again later
    (rules.OFFER, rules.OFFERED): rules.NOT_NOW,
    (rules.OFFER, rules.ACCEPTED): rules.NOT_NOW,
    (rules.OFFER, rules.MADE): rules.NOT_NOW,
    (rules.ACCEPT, rules.OFFERED): None,
    (rules.DECLINE, rules.OFFERED): None,
    (rules.RECORD, rules.ACCEPTED): None,
    (rules.APPROVE, rules.MADE): None,
}


@pytest.mark.parametrize("step", rules.PLAN_STEPS)
@pytest.mark.parametrize("state", STATES)
def test_it_allows_each_step_only_from_its_state(step, state):
    expected = EXPECTED.get((step, state), rules.NOT_NOW)
    assert rules.step_refusal(step, state, child_protection_measure=False, safety="concerns") == expected


def test_it_refuses_an_unknown_step():
    assert rules.step_refusal("publish", None, child_protection_measure=False) == rules.UNKNOWN_STEP


@pytest.mark.parametrize(("safety", "needed"), [(None, False), ("safe", False), ("concerns", True), ("not_safe", True)])
def test_it_asks_the_caseworkers_approval_only_where_safety_is_at_stake(safety, needed):
    assert rules.approval_needed(safety) is needed
    refusal = rules.step_refusal(rules.APPROVE, rules.MADE, child_protection_measure=False, safety=safety)
    assert refusal == (None if needed else rules.NO_APPROVAL_NEEDED)


def test_it_approves_a_plan_once():
    refusal = rules.step_refusal(
        rules.APPROVE, rules.MADE, child_protection_measure=False, safety="not_safe", approved=True
    )
    assert refusal == rules.ALREADY_APPROVED


def test_each_step_leads_to_its_state():
    assert [rules.state_after(s) for s in rules.PLAN_STEPS] == ["offered", "accepted", "declined", "made", "made"]


@pytest.mark.parametrize(
    ("made_by", "coordinator", "refusal"),
    [
        ("family", "", None),
        ("conference", "Joke de Vries", None),
        ("conference", "  ", rules.COORDINATOR_REQUIRED),
        ("court", "", rules.UNKNOWN_MAKER),
    ],
)
def test_a_conference_names_its_independent_coordinator(made_by, coordinator, refusal):
    assert rules.maker_refusal(made_by, coordinator) == refusal


def test_it_finds_criteria_with_an_unknown_value():
    criteria = {"responds": "yes", "effective": "sometimes", "accessible": "", "reliable": "no"}
    assert rules.unknown_criteria(criteria) == ["effective", "accessible"]
    assert rules.unknown_criteria(dict.fromkeys(rules.CRITERIA, "partly")) == []


@pytest.mark.parametrize(
    ("answers", "strength"),
    [
        (("yes", "yes", "yes", "yes"), rules.STRONG),
        (("yes", "yes", "partly", "yes"), rules.STRONG),
        (("yes", "yes", "yes", "no"), rules.WEAK),  # not reliable: weak, however willing
        (("yes", "no", "yes", "yes"), rules.MODERATE),  # 6 points, but one "no"
        (("partly", "partly", "partly", "partly"), rules.MODERATE),
        (("partly", "no", "partly", "partly"), rules.WEAK),
        (("no", "no", "no", "no"), rules.WEAK),
    ],
)
def test_it_derives_the_strength_of_support_from_the_four_criteria(answers, strength):
    assert rules.strength(dict(zip(rules.CRITERIA, answers, strict=True))) == strength


def test_it_keeps_known_support_kinds_in_a_fixed_order():
    assert rules.support_kinds(["comfort", "practical", "comfort"]) == ["practical", "comfort"]
    assert rules.unknown_support_kinds(["comfort", "money"]) == ["money"]
