"""Request bodies and path parameters of the evaluation routes, for the permission matrix and the access-log
completeness probes (tests/test_permission_matrix.py, tests/audit/test_log_completeness.py).

Each makes the request valid for an allowed persona: a planned evaluation to hold, a closed case to reopen, a case
closed longer ago than the reopen period to register again."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from samenplan import clock
from samenplan.cases.models import Case
from samenplan.evaluations import actions
from samenplan.evaluations.models import Evaluation


def _case(w) -> Case:
    return Case.objects.get(pk=w.case.pk)


def _today():
    return timezone.localdate()


def planned_evaluation(w) -> Evaluation:
    """The world case's first evaluation: planned for next week (made through the action the first time)."""
    found = Evaluation.objects.filter(case=w.case).order_by("pk").first()
    return found or actions.do_plan_evaluation(w.caseworker, _case(w), planned_on=_today() + timedelta(days=7))


def plan_form(w):
    return {"planned_on": (_today() + timedelta(days=14)).isoformat(), "how": "Thuis", "with_whom": "Sanne"}


def hold_form(w):
    return {"held_on": _today().isoformat(), "outcome": "continue", "helps": "Ja, het is rustiger."}


def hold_planned_form(w):
    return {**hold_form(w), "version": Evaluation.objects.get(pk=planned_evaluation(w).pk).version}


def _goal_outcomes(w):
    return [(g.pk, "reached") for g in actions.closing_goals(_case(w))]


def close_form(w):
    form = {"reason": "goals_reached", "family_view": "Het hielp.", "version": _case(w).version}
    return {**form, **{f"goal-{pk}": outcome for pk, outcome in _goal_outcomes(w)}}


def close_json(w):
    outcomes = [{"goal": pk, "outcome": outcome} for pk, outcome in _goal_outcomes(w)]
    return {
        "reason": "goals_reached",
        "family_view": "Het hielp.",
        "version": _case(w).version,
        "goal_outcomes": outcomes,
    }


def _closed(w, days_ago: int = 0) -> Case:
    case = _case(w)
    if case.is_open:
        Case.objects.filter(pk=case.pk).update(opened_on=_today() - timedelta(days=days_ago + 30))
        case = _case(w)
        with clock.as_of(timezone.now() - timedelta(days=days_ago)):
            actions.do_close_case(w.caseworker, case, reason="moved", expected_version=case.version, **_outcomes(w))
        case = _case(w)
    return case


def _outcomes(w):
    return {"goal_outcomes": [{"goal": g, "outcome": "partly"} for g in actions.closing_goals(_case(w))]}


def reopen_form(w):
    return {"reason": "Het gaat weer mis op school.", "version": _closed(w).version}


def return_form(w):
    _closed(w, days_ago=400)
    return {"reason": "Het gaat weer mis op school."}
