"""Demo evaluations, closing and reopening: made through the actions, dated in the past with ``clock.as_of``.

- The demo caseworker's cases with goals are evaluated twice (five weeks and one week ago) with scores of a parent,
  the youth and the caseworker; one of them adjusts the help the second time.
- The demo caseworker has a planned evaluation due this week and one that is overdue.
- Another worker's case is closed a month ago, with outcomes per goal and aftercare.
- A third case was closed two months ago and reopened last week: the same case, its history kept.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from samenplan import clock
from samenplan.cases.models import Case, MemberRole
from samenplan.evaluations import actions

HELPS = (
    "Ja, de ochtenden gaan beter. We hebben een plan op de koelkast en dat werkt.",
    "Het helpt, maar school blijft lastig. Het gesprek met de mentor was fijn.",
)
SHOULD_CHANGE = (
    "Liever afspraken na schooltijd, dan hoeft niemand vrij te nemen.",
    "Meer tijd voor {child} zelf, zonder ons erbij.",
)
ADJUSTMENT = "De hulp gaat van één keer per week naar één keer per twee weken; oma neemt de woensdag over."


def _moment(day: date, hour: int = 11) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _people(case: Case):
    members = list(case.family.members.order_by("pk"))
    parent = next((m for m in members if m.role != MemberRole.CHILD), members[0])
    child = next((m for m in members if m.role == MemberRole.CHILD), None)
    return parent, child


def _scores(case: Case, goals, step: int) -> list[dict]:
    parent, child = _people(case)
    scores = []
    for number, goal in enumerate(goals):
        last = goal.scores.order_by("-scored_on", "-pk").first()
        base = min(9, (last.score if last else 4) + step)
        scores.append({"goal": goal, "member": parent, "professional": None, "score": base})
        if child is not None:
            scores.append({"goal": goal, "member": child, "professional": None, "score": max(0, base - 1 - number)})
        scores.append({"goal": goal, "member": None, "professional": case.caseworker, "score": min(10, base + 1)})
    return scores


def _evaluate_twice(case: Case, today: date, adjust: bool) -> None:
    goals = list(case.goals.order_by("position", "pk"))
    _parent, child = _people(case)
    name = {"child": child.given_name if child else "het kind"}
    first_day, second_day = today - timedelta(days=35), today - timedelta(days=7)
    with clock.as_of(_moment(first_day - timedelta(days=14))):
        planned = actions.do_plan_evaluation(
            case.caseworker, case, planned_on=first_day, how="Gesprek thuis", with_whom="Het hele gezin"
        )
    with clock.as_of(_moment(first_day)):
        actions.do_hold_evaluation(
            case.caseworker,
            case,
            evaluation=planned,
            expected_version=planned.version,
            held_on=first_day,
            outcome="continue",
            outcome_reason="Het gaat de goede kant op.",
            helps=HELPS[0],
            should_change=SHOULD_CHANGE[0],
            conversation_went="Iedereen kwam aan het woord; de jongste wilde eerst niet praten.",
            scores=_scores(case, goals, 1),
        )
    with clock.as_of(_moment(second_day)):
        actions.do_hold_evaluation(
            case.caseworker,
            case,
            held_on=second_day,
            outcome="adjust" if adjust else "continue",
            outcome_reason="Het gaat beter; minder hulp is genoeg." if adjust else "",
            adjustment=ADJUSTMENT if adjust else "",
            helps=HELPS[1],
            should_change=SHOULD_CHANGE[1].format(**name),
            open_questions="Hoe gaat het in de zomervakantie?",
            scores=_scores(case, goals, 1),
        )


def _plan_due(case: Case, today: date) -> None:
    """One evaluation due this week (today) and one overdue (planned a month ago for five days ago)."""
    with clock.as_of(_moment(today - timedelta(days=30))):
        actions.do_plan_evaluation(
            case.caseworker, case, planned_on=today - timedelta(days=5), how="Op kantoor", with_whom="Ouders"
        )
    actions.do_plan_evaluation(case.caseworker, case, planned_on=today, how="Gesprek thuis", with_whom="Het gezin")


def _close(case: Case, on: date, **extra) -> None:
    outcomes = ("reached", "partly", "not_reached")
    goal_outcomes = [
        {"goal": g, "outcome": outcomes[i % len(outcomes)]} for i, g in enumerate(actions.closing_goals(case))
    ]
    with clock.as_of(_moment(on, 14)):
        case.refresh_from_db()
        actions.do_close_case(
            case.caseworker,
            case,
            expected_version=case.version,
            goal_outcomes=goal_outcomes,
            family_view="We hebben geleerd om samen afspraken te maken. Fijn dat er iemand meedacht.",
            **extra,
        )


def add_demo_evaluations() -> dict[str, int]:
    """Evaluations for the demo caseworker's cases, a closed case with aftercare and a reopened case."""
    today = timezone.localdate()
    cases = list(
        Case.objects.filter(closed_on__isnull=True, goals__isnull=False, opened_on__lte=today - timedelta(days=70))
        .select_related("family", "caseworker")
        .distinct()
        .order_by("pk")
    )
    anna = [c for c in cases if c.caseworker.username == "anna"]
    others = [c for c in cases if c.caseworker.username != "anna"]
    made = {"evaluated": 0, "closed": 0, "reopened": 0}
    for index, case in enumerate(anna[:2]):
        _evaluate_twice(case, today, adjust=index == 0)
        made["evaluated"] += 1
    due = anna[-1] if len(anna) > 2 else (anna[0] if anna else None)
    due = due or Case.objects.filter(closed_on__isnull=True, caseworker__username="anna").order_by("pk").first()
    if due:  # her dashboard shows an evaluation due this week and an overdue one, however small the demo
        _plan_due(due, today)
    if others:
        closed = others[0]
        _evaluate_twice(closed, today - timedelta(days=30), adjust=False)
        _close(
            closed,
            today - timedelta(days=20),
            reason="goals_reached",
            aftercare_what="Na drie maanden belt de hulpverlener nog een keer om te horen hoe het gaat.",
            aftercare_until=today + timedelta(days=70),
            aftercare_contact="Wijkteam Noord, 030 123 45 67 (vraag naar de vaste hulpverlener)",
        )
        made["closed"] += 1
    if len(others) > 1:
        again = others[1]
        _close(again, today - timedelta(days=60), reason="manages_without")
        with clock.as_of(_moment(today - timedelta(days=7))):
            again.refresh_from_db()
            actions.do_reopen(
                again.caseworker,
                again,
                reason="Moeder belt: het gaat weer mis op school sinds de nieuwe mentor er is.",
                expected_version=again.version,
            )
        made["reopened"] += 1
    return made
