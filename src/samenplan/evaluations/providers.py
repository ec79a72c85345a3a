"""The dashboard's group of evaluations due this week or overdue (``caseload.registry``), one query."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from samenplan.caseload import registry
from samenplan.caseload.registry import Item
from samenplan.evaluations import rules


def evaluations(cases, today: date, settings) -> list[Item]:
    """Planned evaluations of ``cases`` not held yet whose date has passed or falls in this week (those of later
    weeks are left out in SQL), soonest first; plain values, one query."""
    from samenplan.evaluations.models import Evaluation

    rows = (
        Evaluation.objects.filter(
            case__in=cases, held_on__isnull=True, planned_on__isnull=False, planned_on__lte=rules.week_end(today)
        )
        .order_by("planned_on", "pk")
        .values_list("pk", "case_id", "case__family_id", "case__family__name", "planned_on")
    )
    text = _("Evaluation planned for %(day)s")
    url, day = registry.url_maker("evaluations:hold_planned"), registry.day_format()
    items = []
    for pk, case_id, family_id, family_name, planned_on in rows:
        state = rules.due_state(planned_on, today, False)
        if state not in (rules.OVERDUE, rules.DUE_THIS_WEEK):
            continue
        items.append(
            Item(
                registry.EVALUATIONS_PROVIDER_KEY,
                text % {"day": day(planned_on)},
                url(pk),
                case_id=case_id,
                family_id=family_id,
                family_name=family_name,
                due=planned_on,
                overdue=state == rules.OVERDUE,
            )
        )
    return items


def register() -> None:
    registry.register(registry.EVALUATIONS_PROVIDER_KEY, evaluations)
