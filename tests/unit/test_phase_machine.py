"""The phase machine (intake/rules.py), without a database: every allowed and every forbidden move."""

from __future__ import annotations

from itertools import pairwise, product

import pytest

from samenplan.cases.rules import PHASE_ORDER
from samenplan.intake import rules
from samenplan.intake.rules import (
    ACUTE,
    ANALYSIS,
    CLARIFICATION,
    CLOSED,
    DECISION,
    EVALUATION,
    GOALS,
    HELP,
    LIGHT,
    REGISTRATION,
    ROUTE_ANALYSIS,
    Facts,
)

REASON = Facts(reason="Het gezin redt het zelf weer.")

# Every move the guideline's order allows, without conditions (closing has its own rule, below).
ORDER = {
    (REGISTRATION, CLARIFICATION),
    (GOALS, DECISION),
    (DECISION, HELP),
    (HELP, EVALUATION),
    (EVALUATION, HELP),
    (EVALUATION, GOALS),
    (EVALUATION, DECISION),
    (EVALUATION, CLARIFICATION),
    (CLOSED, CLARIFICATION),
}


def expected(current: str, target: str, facts: Facts) -> str | None:
    """The table the machine must follow, written out independently of its implementation."""
    if current == target:
        return rules.SAME_PHASE
    if target == CLOSED:
        return None if facts.reason.strip() else rules.CLOSING_NEEDS_REASON
    if current == CLOSED:
        return None if target == CLARIFICATION else rules.REOPEN_TO_CLARIFICATION
    if current == CLARIFICATION and target in (ANALYSIS, GOALS):
        if facts.route is None:
            return rules.ROUTE_FIRST
        if target == ANALYSIS:
            return None if facts.route == ROUTE_ANALYSIS else rules.ANALYSIS_ONLY_ON_ANALYSIS_ROUTE
        if facts.route in (LIGHT, ACUTE):
            return None
        if not facts.analysis_skip_reason:
            return rules.ANALYSIS_ROUTE_NEEDS_ANALYSIS
        return None if facts.child_protection_measure else rules.SKIP_ONLY_UNDER_MEASURE
    if (current, target) == (ANALYSIS, GOALS):
        # The analysis ends with a final coherent picture, or is skipped under a measure with a reason (G4.6).
        if facts.analysis_complete:
            return None
        if not facts.analysis_skip_reason:
            return rules.PICTURE_FIRST
        return None if facts.child_protection_measure else rules.SKIP_ONLY_UNDER_MEASURE
    return None if (current, target) in ORDER else rules.NOT_NEXT


FACTS = [
    Facts(
        route=route, child_protection_measure=measure, analysis_skip_reason=skip, reason=reason, analysis_complete=done
    )
    for route, measure, skip, reason, done in product(
        (None, LIGHT, ACUTE, ROUTE_ANALYSIS),
        (False, True),
        ("", "Raad voor de Kinderbescherming onderzocht al."),
        ("", "Gezin wil stoppen."),
        (False, True),
    )
]


@pytest.mark.guideline("G2.3")
@pytest.mark.parametrize(("current", "target"), list(product(PHASE_ORDER, PHASE_ORDER)))
def test_it_allows_and_forbids_every_move_as_the_table_says(current, target):
    for facts in FACTS:
        assert rules.refusal(current, target, facts) == expected(current, target, facts), (current, target, facts)


def test_it_walks_the_analysis_route_step_by_step():
    facts = Facts(route=ROUTE_ANALYSIS, analysis_complete=True)
    path = [REGISTRATION, CLARIFICATION, ANALYSIS, GOALS, DECISION, HELP, EVALUATION]
    for current, nxt in pairwise(path):
        assert rules.refusal(current, nxt, facts) is None


@pytest.mark.guideline("G3.2")
def test_it_sends_the_light_route_on_to_goals_without_an_analysis():
    facts = Facts(route=LIGHT)
    assert rules.refusal(CLARIFICATION, GOALS, facts) is None
    assert rules.refusal(CLARIFICATION, ANALYSIS, facts) == rules.ANALYSIS_ONLY_ON_ANALYSIS_ROUTE
    assert rules.route_after(LIGHT) == GOALS


@pytest.mark.guideline("G3.3")
def test_it_lets_the_acute_route_go_on_without_the_analysis_first():
    assert rules.refusal(CLARIFICATION, GOALS, Facts(route=ACUTE)) is None
    assert rules.route_after(ACUTE) == GOALS


@pytest.mark.guideline("G3.4")
def test_it_requires_the_analysis_on_the_unclear_route():
    assert rules.refusal(CLARIFICATION, GOALS, Facts(route=ROUTE_ANALYSIS)) == rules.ANALYSIS_ROUTE_NEEDS_ANALYSIS
    assert rules.route_after(ROUTE_ANALYSIS) == ANALYSIS


def test_it_skips_the_analysis_only_under_a_measure_and_with_a_reason():
    skip = "Uitgebreid rapport van de Raad voor de Kinderbescherming ligt er al."
    assert rules.refusal(CLARIFICATION, GOALS, Facts(ROUTE_ANALYSIS, True, skip)) is None
    assert rules.refusal(CLARIFICATION, GOALS, Facts(ROUTE_ANALYSIS, False, skip)) == rules.SKIP_ONLY_UNDER_MEASURE
    assert rules.refusal(CLARIFICATION, GOALS, Facts(ROUTE_ANALYSIS, True, "  ")) == rules.ANALYSIS_ROUTE_NEEDS_ANALYSIS
    assert rules.skip_refusal(ROUTE_ANALYSIS, True, skip) is None
    assert rules.skip_refusal(ROUTE_ANALYSIS, False, skip) == rules.SKIP_ONLY_UNDER_MEASURE
    assert rules.skip_refusal(LIGHT, True, skip) == rules.ANALYSIS_ONLY_ON_ANALYSIS_ROUTE
    assert rules.skip_refusal(LIGHT, False, "") is None
    assert rules.route_after(ROUTE_ANALYSIS, skip) == GOALS


def test_it_refuses_to_leave_clarification_before_the_route_is_decided():
    assert rules.refusal(CLARIFICATION, GOALS) == rules.ROUTE_FIRST
    assert rules.refusal(CLARIFICATION, ANALYSIS) == rules.ROUTE_FIRST


@pytest.mark.parametrize("phase", PHASE_ORDER[:-1])
def test_it_closes_from_every_open_phase_only_with_a_reason(phase):
    assert rules.refusal(phase, CLOSED, REASON) is None
    assert rules.refusal(phase, CLOSED, Facts(reason="   ")) == rules.CLOSING_NEEDS_REASON


def test_it_reopens_a_closed_case_only_to_clarify_the_question_again():
    assert rules.allowed_targets(CLOSED) == (CLARIFICATION,)


def test_it_lists_the_allowed_targets_in_the_guidelines_order():
    assert rules.allowed_targets(EVALUATION, REASON) == (CLARIFICATION, GOALS, DECISION, HELP, CLOSED)
    assert rules.allowed_targets(CLARIFICATION, Facts(route=ROUTE_ANALYSIS)) == (ANALYSIS,)
    assert rules.allowed_targets(REGISTRATION) == (CLARIFICATION,)


def test_it_names_unknown_phases():
    assert rules.refusal("nergens", CLARIFICATION) == rules.UNKNOWN_PHASE
    assert rules.refusal(CLARIFICATION, "nergens") == rules.UNKNOWN_PHASE


def test_it_suggests_the_acute_route_when_the_child_is_not_safe():
    assert rules.suggested_route(rules.NOT_SAFE) == ACUTE
    assert rules.suggested_route(rules.CONCERNS) is None
    assert rules.needs_reason_for_other_route(rules.NOT_SAFE, LIGHT)
    assert not rules.needs_reason_for_other_route(rules.NOT_SAFE, ACUTE)
    assert not rules.needs_reason_for_other_route(rules.SAFE, LIGHT)


@pytest.mark.parametrize(
    ("score", "valid"), [(0, False), (1, True), (10, True), (11, False), (True, False), ("5", False)]
)
def test_it_accepts_burden_scores_from_1_to_10(score, valid):
    assert rules.burden_is_valid(score) is valid


def states(nodes):
    return {n.phase: n.state for n in nodes}


def test_it_draws_the_light_route_without_the_analysis():
    nodes = rules.route_picture(GOALS, LIGHT)
    assert states(nodes) == {
        REGISTRATION: rules.DONE,
        CLARIFICATION: rules.DONE,
        ANALYSIS: rules.NOT_ON_ROUTE,
        GOALS: rules.CURRENT,
        DECISION: rules.UPCOMING,
        HELP: rules.UPCOMING,
        EVALUATION: rules.UPCOMING,
        CLOSED: rules.UPCOMING,
    }
    assert nodes[1].note == LIGHT


def test_it_draws_a_skipped_analysis_with_its_reason():
    nodes = rules.route_picture(GOALS, ROUTE_ANALYSIS, "Rapport van de Raad ligt er al.")
    assert [(n.state, n.note) for n in nodes if n.phase == ANALYSIS] == [
        (rules.SKIPPED, "Rapport van de Raad ligt er al.")
    ]


def test_it_draws_a_new_case_and_a_closed_one():
    assert states(rules.route_picture(REGISTRATION, None))[REGISTRATION] == rules.CURRENT
    closed = states(rules.route_picture(CLOSED, ACUTE, closed_from=GOALS))
    assert (closed[CLARIFICATION], closed[GOALS], closed[DECISION], closed[CLOSED]) == (
        rules.DONE,
        rules.DONE,
        rules.UPCOMING,
        rules.CURRENT,
    )


@pytest.mark.guideline("G4.3")
def test_it_leaves_the_analysis_only_with_a_final_coherent_picture():
    assert rules.refusal(ANALYSIS, GOALS, Facts(route=ROUTE_ANALYSIS)) == rules.PICTURE_FIRST
    assert rules.refusal(ANALYSIS, GOALS, Facts(route=ROUTE_ANALYSIS, analysis_complete=True)) is None
    assert rules.allowed_targets(ANALYSIS, Facts(route=ROUTE_ANALYSIS)) == ()
    assert rules.allowed_targets(ANALYSIS, Facts(route=ROUTE_ANALYSIS, reason="Stopt.")) == (CLOSED,)


@pytest.mark.guideline("G4.6")
def test_it_skips_a_started_analysis_only_under_a_measure_and_with_a_reason():
    skip = "Het rapport van de Raad voor de Kinderbescherming geeft al een volledig beeld."
    assert rules.refusal(ANALYSIS, GOALS, Facts(ROUTE_ANALYSIS, True, skip)) is None
    assert rules.refusal(ANALYSIS, GOALS, Facts(ROUTE_ANALYSIS, False, skip)) == rules.SKIP_ONLY_UNDER_MEASURE
    assert rules.refusal(ANALYSIS, GOALS, Facts(ROUTE_ANALYSIS, True, "   ")) == rules.PICTURE_FIRST
