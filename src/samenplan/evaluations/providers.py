"""The dashboard's group of evaluations due this week or overdue (``caseload.registry``), one query."""

from __future__ import annotations

from datetime import date

from django.db.models import DateField
from django.utils.translation import gettext as _

from samenplan.caseload import registry
from samenplan.caseload.registry import Item
from samenplan.evaluations import rules


@registry.Statement
def _planned():
    from samenplan.evaluations.models import Evaluation

    return (
        Evaluation.objects.filter(
            registry.among_cases("case_id"),
            held_on__isnull=True,
            planned_on__isnull=False,
            planned_on__lte=registry.Param("week_end", DateField()),
        )
        .order_by("planned_on", "pk")
        .values_list("pk", "case_id", "planned_on")
    )


def evaluations(cases, today: date, settings) -> list[Item]:
    """Planned evaluations of ``cases`` not held yet whose date has passed or falls in this week (those of later
    weeks are left out in SQL), soonest first; plain values, one query."""
    rows = _planned.rows(cases, week_end=rules.week_end(today))
    text = _("Evaluation planned for %(day)s")
    url, day, family = registry.url_maker("evaluations:hold_planned"), registry.day_format(), cases.family
    items = []
    for pk, case_id, planned_on in rows:
        state = rules.due_state(planned_on, today, False)
        if state not in (rules.OVERDUE, rules.DUE_THIS_WEEK):
            continue
        items.append(
            Item(
                registry.EVALUATIONS_PROVIDER_KEY,
                text % {"day": day(planned_on)},
                url(pk),
                case_id,
                *family[case_id],
                due=planned_on,
                overdue=state == rules.OVERDUE,
            )
        )
    return items


def register() -> None:
    registry.register(registry.EVALUATIONS_PROVIDER_KEY, evaluations)
