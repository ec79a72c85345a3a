"""Getting goals for a user (404 when they may not see the case) and reading a case's goals step, prefetched.

Who may see or change them follows the case (``cases.view_case`` / ``cases.change_case``).
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404

from samenplan.audit import log
from samenplan.cases.models import Case
from samenplan.cases.predicates import visible_cases_q
from samenplan.goals import actions
from samenplan.goals import rules as goal_rules
from samenplan.goals.models import Drieluik, Goal, ScaleScore, SignsOfSafety
from samenplan.ids import parse_id


def get_goal_for_user(user, goal_id, *, edit: bool = False) -> Goal:
    """The goal if the user may see its case (and, with ``edit``, change it); otherwise 404 (403 when seen).

    One query, filtered by the case predicates: a goal that exists but is not visible costs what a missing one
    costs. Every refusal is written to the access log, as ``cases.access`` does.
    """
    number = parse_id(goal_id)
    goal = (
        Goal.objects.filter(case__in=Case.objects.filter(visible_cases_q(user)), pk=number)
        .select_related("case__family", "case__team", "member")
        .first()
        if number is not None
        else None
    )
    if goal is None:
        log.refused(user, "goal", goal_id)
        raise Http404
    if edit and not rules.test_rule("cases.change_case", user, goal.case):
        log.refused(user, "goal", goal_id, case=goal.case)
        raise PermissionDenied
    return goal


def _scores() -> Prefetch:
    return Prefetch(
        "scores", queryset=ScaleScore.objects.select_related("member", "professional").order_by("scored_on", "pk")
    )


def goals(case: Case):
    return case.goals.select_related("member", "family_proposal__member").prefetch_related(_scores(), "factors")


def with_scores(goals: list[Goal]) -> list[Goal]:
    """Goals already read, given their scale scores (with who gave them) in one query: ``goal.scores.all()``."""
    prefetch_related_objects(goals, _scores())
    return goals


def overview(case: Case) -> dict:
    """Everything of the goals step of a case, as the page and the API show it."""
    safety = actions.latest_safety(case)
    agreements = actions.current_agreements(case)
    return {
        "agreements": agreements,
        "disagreements": [a for a in agreements if a.agreement != goal_rules.AGREE_YES],
        "goals": list(goals(case)),
        "miracle_answers": list(case.miracle_answers.select_related("member")),
        "drieluik": Drieluik.objects.filter(case=case).first(),
        "signs_of_safety": SignsOfSafety.objects.filter(case=case).first(),
        "safety": safety,
        "techniques": goal_rules.techniques(safety),
        "shows_signs_of_safety": goal_rules.shows_signs_of_safety(safety),
    }
