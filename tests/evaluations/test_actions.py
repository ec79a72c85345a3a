"""The evaluation actions: plan, hold (scores through the goals step), close with outcomes and aftercare, reopen
within the period or register again after it. Bad input: a precise Dutch error, nothing half-saved."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from samenplan import clock
from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import Case, DossierEntry, EntryKind, Phase, Voice
from samenplan.decisions.models import HelpStatus
from samenplan.evaluations import actions, services
from samenplan.evaluations.models import Closing, Evaluation, Reopening
from samenplan.goals.models import ScaleScore
from tests.evaluations.helpers import child, parent, running_help, with_goals


def _codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


def _today() -> date:
    return timezone.localdate()


def _hold(world, **kwargs):
    goals = with_goals(world)
    values = {
        "held_on": _today(),
        "outcome": "continue",
        "helps": "Ja, het is rustiger aan tafel.",
        "should_change": "Minder afspraken onder schooltijd.",
        "scores": [
            {"goal": goals[0], "member": parent(world.case), "professional": None, "score": 6},
            {"goal": goals[0], "member": None, "professional": world.caseworker, "score": 5},
        ],
        **kwargs,
    }
    return actions.do_hold_evaluation(world.caseworker, world.case, **values)


def _opened_long_ago(world):
    Case.objects.filter(pk=world.case.pk).update(opened_on=_today() - timedelta(days=400))


def _close(world, **kwargs):
    goals = with_goals(world)
    _opened_long_ago(world)
    world.case.refresh_from_db()
    values = {
        "reason": "goals_reached",
        "expected_version": world.case.version,
        "family_view": "Fijn dat er iemand meedacht.",
        "goal_outcomes": [{"goal": goals[0], "outcome": "reached"}, {"goal": goals[1], "outcome": "partly"}],
        "aftercare_what": "Over drie maanden belt Anna nog een keer.",
        "aftercare_until": _today() + timedelta(days=90),
        "aftercare_contact": "Anna, 030 123 45 67",
        **kwargs,
    }
    return actions.do_close_case(world.caseworker, world.case, **values)


@pytest.mark.guideline("G5.5")
def test_it_plans_an_evaluation_with_how_and_with_whom(world):
    evaluation = actions.do_plan_evaluation(
        world.caseworker, world.case, planned_on=_today() + timedelta(days=14), how="Thuis", with_whom="Sanne en Mees"
    )
    assert (evaluation.how, evaluation.with_whom, evaluation.held_on) == ("Thuis", "Sanne en Mees", None)
    entry = DossierEntry.objects.filter(case=world.case, kind=EntryKind.EVALUATION).get()
    assert "Thuis" in entry.text
    assert AccessLogRecord.objects.filter(action="evaluations.plan", case_id=world.case.pk).exists()


def test_it_refuses_a_plan_in_the_past(world):
    with translation.override("nl"), pytest.raises(ValidationError) as caught:
        actions.do_plan_evaluation(world.caseworker, world.case, planned_on=_today() - timedelta(days=1))
    assert _codes(caught.value) == {"planned_on": ["past"]}
    assert "verleden" in caught.value.message_dict["planned_on"][0]
    assert not Evaluation.objects.exists()


@pytest.mark.guideline("G5.6")
def test_it_holds_an_evaluation_twice_and_the_goal_gains_the_points(world):
    goals = with_goals(world)
    with clock.as_of(timezone.now() - timedelta(days=60)):
        first = _hold(world, held_on=_today() - timedelta(days=60))
    second = _hold(
        world,
        scores=[
            {"goal": goals[0], "member": parent(world.case), "professional": None, "score": 8},
            {"goal": goals[0], "member": child(world.case), "professional": None, "score": 7},
            {"goal": goals[0], "member": None, "professional": world.caseworker, "score": 7},
        ],
    )
    assert first.is_held and second.is_held
    scores = list(ScaleScore.objects.filter(goal=goals[0]).order_by("scored_on", "pk").values_list("score", flat=True))
    assert scores == [6, 5, 8, 7, 7]
    family_words = DossierEntry.objects.filter(case=world.case, kind=EntryKind.EVALUATION, voice=Voice.FAMILY)
    assert family_words.count() == 2 and "rustiger aan tafel" in family_words.first().text
    summary = services.progress(world.case, charts=False)["summary"]
    with translation.override("nl"):
        assert (
            services.progress(world.case, charts=False)["summary"][0] == "Doel 1: van 6 naar 7"
        )  # 6 and 5 (5.5 rounds up), then 8, 7 and 7 (7.3)
    assert len(summary) == 2


def test_it_holds_a_planned_evaluation_and_refuses_a_stale_version(world):
    planned = actions.do_plan_evaluation(world.caseworker, world.case, planned_on=_today() + timedelta(days=1))
    held = _hold(world, evaluation=planned, expected_version=planned.version)
    assert held.pk == planned.pk and held.version == 2
    planned.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        _hold(world, evaluation=planned, expected_version=1, scores=[])
    assert _codes(caught.value) == {"__all__": ["held"]}
    other = actions.do_plan_evaluation(world.caseworker, world.case, planned_on=_today() + timedelta(days=2))
    before = ScaleScore.objects.count()
    with pytest.raises(ValidationError) as caught:
        _hold(world, evaluation=other, expected_version=other.version + 1)
    assert caught.value.code == "stale_version"
    assert ScaleScore.objects.count() == before  # nothing half-saved
    assert not Evaluation.objects.get(pk=other.pk).is_held


@pytest.mark.guideline("G5.6")
def test_it_adjusts_only_with_the_changes_in_words(world):
    with translation.override("nl"), pytest.raises(ValidationError) as caught:
        _hold(world, outcome="adjust", adjustment="  ")
    assert _codes(caught.value) == {"adjustment": ["adjust_without_changes"]}
    assert "wat er verandert" in caught.value.message_dict["adjustment"][0]
    assert not ScaleScore.objects.exists()
    evaluation = _hold(world, outcome="adjust", adjustment="Doel 2 wordt: twee keer per week sporten.")
    assert (evaluation.outcome, evaluation.adjustment) == ("adjust", "Doel 2 wordt: twee keer per week sporten.")


def test_it_refuses_scores_outside_0_to_10_and_goals_of_another_case(world):
    goals = with_goals(world)
    from samenplan.goals.actions import do_add_goal

    foreign = do_add_goal(world.outsider, world.outsider_case, words="Iets anders")
    bad = [
        {"goal": goals[0], "member": parent(world.case), "professional": None, "score": 11},
        {"goal": foreign, "member": parent(world.case), "professional": None, "score": 5},
        {"goal": goals[1], "member": None, "professional": None, "score": -1},
    ]
    with translation.override("nl"), pytest.raises(ValidationError) as caught:
        _hold(world, scores=bad)
    assert _codes(caught.value) == {
        "scores[0].score": ["range"],
        "scores[1].goal": ["unknown_goal"],
        "scores[2].score": ["range"],
        "scores[2].scorer": ["required"],
    }
    assert "0" in caught.value.message_dict["scores[0].score"][0]
    assert not Evaluation.objects.exists() and not ScaleScore.objects.exists()


def test_it_ends_the_running_help_when_the_outcome_is_end(world):
    help_ = running_help(world)
    _hold(world, outcome="end", outcome_reason="Het gaat goed zonder hulp.")
    help_.refresh_from_db()
    assert help_.status == HelpStatus.ENDED and help_.ends_on == _today()


@pytest.mark.guideline("G5.5")
def test_it_closes_with_outcomes_and_aftercare(world):
    help_ = running_help(world)
    closing = _close(world)
    world.case.refresh_from_db()
    assert world.case.phase == Phase.CLOSED and world.case.closed_on == _today()
    assert closing.closed_on == _today()
    assert sorted(closing.goal_outcomes.values_list("outcome", flat=True)) == ["partly", "reached"]
    help_.refresh_from_db()
    assert help_.status == HelpStatus.ENDED
    entries = DossierEntry.objects.filter(case=world.case, kind=EntryKind.CLOSING)
    assert entries.filter(voice=Voice.FAMILY, text__contains="iemand meedacht").exists()
    assert entries.filter(voice=Voice.PROFESSIONAL, text__contains="030 123 45 67").exists()
    assert AccessLogRecord.objects.filter(action="evaluations.close", case_id=world.case.pk).exists()
    with translation.override("nl"), pytest.raises(ValidationError) as caught:
        _hold(world)
    assert _codes(caught.value) == {"__all__": ["case_closed"]}
    assert "gesloten" in caught.value.message_dict["__all__"][0]


def test_it_refuses_closing_without_a_reason_or_without_every_goals_outcome(world):
    goals = with_goals(world)
    with translation.override("nl"), pytest.raises(ValidationError) as caught:
        _close(world, reason="", goal_outcomes=[{"goal": goals[0], "outcome": "reached"}])
    assert _codes(caught.value) == {"reason": ["required"], "goal_outcomes": ["required"]}
    assert "reden" in caught.value.message_dict["reason"][0]
    with pytest.raises(ValidationError) as caught:
        _close(world, reason="other", reason_other="", other_help="Een cursus in de bibliotheek.")
    assert _codes(caught.value) == {"reason_other": ["required"]}
    with pytest.raises(ValidationError) as caught:
        _close(world, expected_version=world.case.version + 5)
    assert caught.value.code == "stale_version"
    world.case.refresh_from_db()
    assert world.case.is_open and not Closing.objects.exists()


@pytest.mark.guideline("G5.5")
def test_it_reopens_within_the_period_and_keeps_the_history(world):
    _hold(world)
    _close(world)
    world.case.refresh_from_db()
    reopening = actions.do_reopen(
        world.caseworker, world.case, reason="Het gaat weer mis op school.", expected_version=world.case.version
    )
    world.case.refresh_from_db()
    assert world.case.is_open and world.case.phase == Phase.CLARIFICATION
    assert reopening.previous_case is None and reopening.closing is not None
    kinds = set(DossierEntry.objects.filter(case=world.case).values_list("kind", flat=True))
    assert {EntryKind.EVALUATION, EntryKind.CLOSING, EntryKind.REOPENING} <= kinds
    assert Evaluation.objects.filter(case=world.case).count() == 1  # the history stays
    assert AccessLogRecord.objects.filter(action="evaluations.reopen", case_id=world.case.pk).exists()


def test_it_refuses_a_reopening_after_the_period_and_registers_the_family_again(world):
    with clock.as_of(timezone.now() - timedelta(days=200)):
        _close(world)
    world.case.refresh_from_db()
    with translation.override("nl"), pytest.raises(ValidationError) as caught:
        actions.do_reopen(world.caseworker, world.case, reason="Terug", expected_version=world.case.version)
    assert _codes(caught.value) == {"__all__": ["reopen_period_over"]}
    assert "opnieuw aan" in caught.value.message_dict["__all__"][0]
    world.case.refresh_from_db()
    assert not world.case.is_open
    reopening = actions.do_register_return(world.caseworker, world.case, reason="Het gaat weer mis.")
    new = reopening.case
    assert new.pk != world.case.pk and new.family_id == world.case.family_id and new.is_open
    assert reopening.previous_case_id == world.case.pk
    assert DossierEntry.objects.filter(case=new, kind=EntryKind.REOPENING).exists()
    assert DossierEntry.objects.filter(case=world.case, kind=EntryKind.REOPENING).exists()
    assert Case.objects.filter(family=world.case.family).count() == 2


def test_it_does_not_register_again_while_reopening_is_possible(world):
    _close(world)
    world.case.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        actions.do_register_return(world.caseworker, world.case, reason="Terug")
    assert _codes(caught.value) == {"__all__": ["reopen_instead"]}
    assert not Reopening.objects.exists()


def test_it_uses_the_organisations_reopen_period(world):
    from samenplan.administration import actions as admin_actions
    from samenplan.administration import services as admin_services

    values = admin_services.values_of(admin_services.settings_for(world.org))
    admin_actions.do_change_settings(world.administrator, {**values, "reopen_period_days": 30}, expected_version=0)
    with clock.as_of(timezone.now() - timedelta(days=40)):
        _close(world)
    world.case.refresh_from_db()
    assert not actions.may_reopen(world.case)


@pytest.mark.parametrize("persona", ["colleague", "team_lead", "consulted_scientist"])
def test_it_lets_only_the_cases_workers_evaluate_close_and_reopen(world, persona):
    user = world.persona(persona)
    with pytest.raises(PermissionDenied):
        actions.do_plan_evaluation(user, world.case, planned_on=_today())
    with pytest.raises(PermissionDenied):
        actions.do_close_case(user, world.case, reason="moved", expected_version=world.case.version)
    with pytest.raises(PermissionDenied):
        actions.do_reopen(user, world.case, reason="x", expected_version=world.case.version)


def test_it_lists_due_evaluations_in_one_query(world, django_assert_num_queries):
    today = _today()
    with clock.as_of(timezone.now() - timedelta(days=10)):
        actions.do_plan_evaluation(world.caseworker, world.case, planned_on=today - timedelta(days=3))
    actions.do_plan_evaluation(world.caseworker, world.case, planned_on=today)
    actions.do_plan_evaluation(world.caseworker, world.case, planned_on=today + timedelta(days=30))
    _hold(world)  # an ad-hoc evaluation: held, not due
    with django_assert_num_queries(1):
        due = services.evaluations_due(Case.objects.filter(pk=world.case.pk), today)
        states = [(e.due_state, e.case.family.name) for e in due]
    assert [s for s, _name in states] == ["overdue", "due_this_week", "later"]


@pytest.mark.guideline("L10")
@pytest.mark.parametrize("reason", ["referred", "family_ends", "other"])
def test_it_asks_which_other_help_was_discussed_when_the_family_does_not_manage_yet(world, reason):
    with_goals(world)
    with translation.override("nl"), pytest.raises(ValidationError) as caught:
        _close(world, reason=reason, reason_other="Naar het buitenland.", other_help="  ")
    assert _codes(caught.value) == {"other_help": ["required"]}
    assert "andere hulp" in caught.value.message_dict["other_help"][0]
    world.case.refresh_from_db()
    assert world.case.is_open
    closing = _close(
        world, reason=reason, reason_other="Naar het buitenland.", other_help="Het CJG daar; folder meegegeven."
    )
    assert closing.other_help == "Het CJG daar; folder meegegeven."
    assert any("Het CJG daar" in e.text for e in world.case.entries.all())


@pytest.mark.guideline("L10")
@pytest.mark.parametrize("reason", ["goals_reached", "manages_without", "moved"])
def test_it_ends_the_help_without_other_help_when_the_family_manages(world, reason):
    with_goals(world)
    closing = _close(world, reason=reason)
    assert closing.reason == reason and closing.other_help == ""
