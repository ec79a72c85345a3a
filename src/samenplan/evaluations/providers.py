"""The dashboard's group of evaluations due this week or overdue (``caseload.registry``), one query."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samenplan.caseload import registry
from samenplan.caseload.registry import Item
from samenplan.evaluations import rules, services


def evaluations(cases, today: date, settings) -> list[Item]:
    """Planned evaluations of ``cases`` not held yet whose date has passed or falls in this week."""
    items = []
    for evaluation in services.evaluations_due(cases, today):
        if evaluation.due_state not in (rules.OVERDUE, rules.DUE_THIS_WEEK):
            continue
        text = _("Evaluation planned for %(day)s") % {"day": date_format(evaluation.planned_on)}
        items.append(
            Item(
                registry.EVALUATIONS_PROVIDER_KEY,
                text,
                reverse("evaluations:hold_planned", args=[evaluation.pk]),
                case_id=evaluation.case_id,
                family_id=evaluation.case.family_id,
                family_name=evaluation.case.family.name,
                due=evaluation.planned_on,
                overdue=evaluation.due_state == rules.OVERDUE,
            )
        )
    return items


def register() -> None:
    registry.register(registry.EVALUATIONS_PROVIDER_KEY, evaluations)
