"""Deciding the route together (DOMAIN §3.2) and the phase machine behind it."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from samenplan.audit.models import AccessLogRecord
from samenplan.cases import actions as case_actions
from samenplan.cases.models import EntryKind, Phase, Voice
from samenplan.intake import actions
from samenplan.intake.models import RouteDecision
from tests.conftest import register


def clarify(world, case, members, safety="safe", explanation=""):
    actions.do_clarify(
        world.caseworker,
        case,
        participants=[
            {"member": m, "help_question": "Rust in huis.", "problems": [{"description": "Ruzie", "burden": 6}]}
            for m in members
        ],
        assessment={"safety": safety, "safety_explanation": explanation, "safety_assessed_by": "Anna"},
    )
    case.refresh_from_db()


def agreements(family, comment=""):
    return [
        {"member": family.mother, "agreement": "agrees"},
        {"member": family.father, "agreement": "agrees"},
        {"member": family.youth, "agreement": "partly", "comment": comment},
    ]


@pytest.mark.guideline("G3.2")
def test_it_decides_the_light_route_together_and_moves_on_to_goals(world, family):
    clarify(world, family.case, [family.mother, family.father, family.youth])
    decision = actions.do_decide_route(
        world.caseworker,
        family.case,
        route="light",
        rationale="Het probleem is duidelijk en niet ernstig; het gezin wil zelf aan de slag.",
        light_help="Tips over huiswerkafspraken; oom Karim helpt Mees twee avonden per week.",
        agreements=agreements(family, comment="Als ik zelf mag kiezen wanneer ik huiswerk maak."),
    )
    family.case.refresh_from_db()
    assert (family.case.phase, decision.current) == (Phase.GOALS, True)
    assert [a.agreement for a in decision.agreements.all()] == ["agrees", "agrees", "partly"]
    youth_words = family.case.entries.get(kind=EntryKind.ROUTE, voice=Voice.FAMILY)
    assert (youth_words.speaker, youth_words.text.endswith("wanneer ik huiswerk maak.")) == (family.youth, True)
    assert AccessLogRecord.objects.order_by("-seq").first().detail == "route=light"


@pytest.mark.guideline("G3.3")
def test_it_records_the_crisis_intervention_and_the_referral_on_the_acute_route(world, family):
    clarify(world, family.case, [family.mother], safety="not_safe", explanation="Moeder vertelt over geweld.")
    decision = actions.do_decide_route(
        world.caseworker,
        family.case,
        route="acute",
        rationale="Mees is thuis niet veilig.",
        agreements=agreements(family),
        crisis={
            "what": "Mees logeert bij oma; veiligheidsafspraken gemaakt.",
            "by_whom": "Anna de Vries met het crisisteam",
            "on": date(2026, 11, 20),
            "placement_referral": True,
            "placement_referral_note": "Aangemeld bij de Raad voor de Kinderbescherming, 20 november.",
        },
    )
    family.case.refresh_from_db()
    assert family.case.phase == Phase.GOALS  # the analysis is not required first
    assert (decision.crisis.by_whom, decision.crisis.placement_referral) == ("Anna de Vries met het crisisteam", True)


@pytest.mark.guideline("G3.4")
def test_it_sends_the_unclear_route_to_the_analysis(world, family):
    clarify(world, family.case, [family.mother])
    actions.do_decide_route(
        world.caseworker, family.case, route="analysis", rationale="Aard en ernst nog onduidelijk.",
        agreements=agreements(family),
    )  # fmt: skip
    family.case.refresh_from_db()
    assert family.case.phase == Phase.ANALYSIS


def test_it_skips_the_analysis_only_under_a_measure_with_a_reason(world):
    case = register(world.caseworker, world.north, name="Bos", child_protection_measure=True)
    member = case.family.members.first()
    clarify(world, case, [member])
    actions.do_decide_route(
        world.caseworker,
        case,
        route="analysis",
        rationale="Onderzoek nodig, maar het ligt er al.",
        analysis_skip_reason="Het rapport van de Raad voor de Kinderbescherming geeft een volledig beeld.",
        agreements=[{"member": member, "agreement": "agrees"}],
    )
    case.refresh_from_db()
    assert case.phase == Phase.GOALS


def test_it_refuses_skipping_the_analysis_without_a_measure(world, family):
    clarify(world, family.case, [family.mother])
    with pytest.raises(ValidationError) as err:
        actions.do_decide_route(
            world.caseworker, family.case, route="analysis", rationale="x", analysis_skip_reason="Liever niet.",
            agreements=agreements(family),
        )  # fmt: skip
    assert err.value.error_dict["analysis_skip_reason"][0].code == "skip_only_under_measure"
    assert "gedwongen kader" in err.value.error_dict["analysis_skip_reason"][0].messages[0]


def test_it_suggests_acute_when_not_safe_and_asks_why_another_route(world, family):
    clarify(world, family.case, [family.mother], safety="not_safe", explanation="Vader dreigt.")
    with pytest.raises(ValidationError) as err:
        actions.do_decide_route(
            world.caseworker, family.case, route="light", rationale="x", agreements=agreements(family)
        )
    assert err.value.error_dict["other_route_reason"][0].code == "acute_suggested"
    actions.do_decide_route(
        world.caseworker,
        family.case,
        route="analysis",
        rationale="Eerst goed onderzoeken.",
        other_route_reason="Vader is vertrokken; veiligheidsplan is gemaakt en Mees is nu veilig.",
        agreements=agreements(family),
    )
    family.case.refresh_from_db()
    assert family.case.phase == Phase.ANALYSIS


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"route": "middel"}, "route", "invalid_choice"),
        ({"rationale": "  "}, "rationale", "required"),
        ({"agreements": []}, "agreements", "required"),
        ({"agreements": [{"member": None, "agreement": "agrees"}]}, "agreements[0].member", "unknown_member"),
        ({"agreements": [{"member": "mother", "agreement": "ja"}]}, "agreements[0].agreement", "required"),
        ({"route": "acute", "crisis": {}}, "crisis.what", "required"),
        ({"route": "acute", "crisis": {"what": "x", "by_whom": "y"}}, "crisis.on", "required"),
        (
            {
                "route": "acute",
                "crisis": {"what": "x", "by_whom": "y", "on": date(2026, 1, 1), "placement_referral": True},
            },
            "crisis.placement_referral_note",
            "required",
        ),
    ],
)
def test_it_refuses_bad_input_precisely_and_saves_nothing(world, family, overrides, field, code):
    clarify(world, family.case, [family.mother])
    for a in overrides.get("agreements", ()):
        if a["member"] == "mother":
            a["member"] = family.mother
    data = {"route": "light", "rationale": "Samen gekozen.", "agreements": agreements(family), **overrides}
    before = (family.case.entries.count(), AccessLogRecord.objects.count(), family.case.version)
    with pytest.raises(ValidationError) as err:
        actions.do_decide_route(world.caseworker, family.case, **data)
    assert err.value.error_dict[field][0].code == code
    family.case.refresh_from_db()
    assert (family.case.entries.count(), AccessLogRecord.objects.count(), family.case.version) == before
    assert not RouteDecision.objects.exists()


def test_it_refuses_leaving_clarification_without_a_route_naming_the_rule(world, family):
    case_actions.do_move_phase(
        world.caseworker, family.case, target="clarification", expected_version=family.case.version
    )
    family.case.refresh_from_db()
    with pytest.raises(ValidationError) as err:
        case_actions.do_move_phase(world.caseworker, family.case, target="goals", expected_version=family.case.version)
    error = err.value.error_dict["phase"][0]
    assert error.code == "route_first"
    assert "route" in error.messages[0]


def test_it_decides_the_route_only_in_clarification(world, family):
    with pytest.raises(ValidationError) as err:
        actions.do_decide_route(
            world.caseworker, family.case, route="light", rationale="x", agreements=agreements(family)
        )
    assert err.value.error_dict["__all__"][0].code == "not_in_clarification"


def test_it_keeps_the_history_and_asks_the_route_again_after_reopening(world, family):
    clarify(world, family.case, [family.mother])
    actions.do_decide_route(world.caseworker, family.case, route="light", rationale="x", agreements=agreements(family))
    family.case.refresh_from_db()
    case = case_actions.do_move_phase(
        world.caseworker, family.case, target="closed", expected_version=family.case.version, note="Klaar."
    )
    case = case_actions.do_move_phase(world.caseworker, case, target="clarification", expected_version=case.version)
    assert list(case.route_decisions.values_list("route", "current")) == [("light", False)]
    with pytest.raises(ValidationError) as err:
        case_actions.do_move_phase(world.caseworker, case, target="goals", expected_version=case.version)
    assert err.value.error_dict["phase"][0].code == "route_first"
    assert case.clarifications.count() == 1  # the history stays
