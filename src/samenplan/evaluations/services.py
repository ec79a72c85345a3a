"""Reading evaluations for pages, the API and other apps, and the hook the family plan connects to.

- :func:`evaluations_due`: planned evaluations not yet held, with their due state (for the caseload dashboard).
- :func:`progress`: everything the progress page of a case shows.
"""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from samenplan.evaluations import rules


def evaluations_due(cases_qs: QuerySet, today: date) -> list:
    """Planned evaluations of ``cases_qs`` that are not held yet, soonest first, each with ``due_state``
    ("overdue", "due_this_week" or "later", see ``rules.due_state``). One query, whatever the caseload."""
    from samenplan.evaluations.models import Evaluation

    found = list(
        Evaluation.objects.filter(case__in=cases_qs, held_on__isnull=True, planned_on__isnull=False)
        .select_related("case__family")
        .order_by("planned_on", "pk")
    )
    for evaluation in found:
        evaluation.due_state = rules.due_state(evaluation.planned_on, today, False)
    return found


def summary_words() -> dict[str, str]:
    return {
        "from_to": _("Goal %(number)s: from %(first)s to %(last)s"),
        "now": _("Goal %(number)s: now %(last)s"),
        "same": _("Goal %(number)s: stays at %(last)s"),
        "none": _("Goal %(number)s: no scores yet"),
    }


def progress(case, *, charts: bool = True) -> dict:
    """The progress page of a case: every goal with its chart (``charts``), data table and summary line, and the
    evaluations."""
    from samenplan.goals import access as goal_access
    from samenplan.goals import charts as goal_charts

    goals = list(goal_access.goals(case))
    words = summary_words()
    summaries = rules.summary([[(s.scored_on, s.score) for s in g.scores.all()] for g in goals])
    for goal, (number, first, last) in zip(goals, summaries, strict=True):
        if charts:
            points = goal_charts.points_for(goal)
            goal.chart = goal_charts.progress_chart_svg(goal, points)
            goal.rows = goal_charts.chart_rows(points)
        goal.number = number
        goal.summary = rules.summary_sentence(number, first, last, words=words)
    evaluations = list(case.evaluations.select_related("held_by").order_by("held_on", "planned_on", "pk"))
    return {
        "goals": goals,
        "summary": [g.summary for g in goals],
        "evaluations": evaluations,
        "held": [e for e in evaluations if e.is_held],
        "planned": [e for e in evaluations if not e.is_held],
    }


def hold_records(case) -> tuple[list, list]:
    """The evaluation page's family members (in the family's order) and goals (in priority order) of ``case``, as
    ``case.family.members.all()`` and ``case.goals.all()`` give them, their family and case set: each query compiled
    once per connection (``prepared.instances``), as the page is shown and saved often."""
    from samenplan import prepared
    from samenplan.cases.models import Member
    from samenplan.goals.models import Goal

    family = case.family
    members = prepared.instances(
        Member, "evaluations.members", lambda: Member.objects.filter(family_id=family.pk), [family.pk]
    )
    for member in members:
        member.family = family
    goals = prepared.instances(Goal, "evaluations.goals", lambda: Goal.objects.filter(case_id=case.pk), [case.pk])
    for goal in goals:
        goal.case = case
    return members, goals
