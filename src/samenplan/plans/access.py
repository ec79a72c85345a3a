"""Getting the family plan's versions for a user. The plan follows its case (``cases.view_case`` /
``cases.change_case``): the case is fetched with ``cases.access.get_case_for_user`` first (404 when not seen)."""

from __future__ import annotations

from django.http import Http404

from samenplan.cases.models import Case
from samenplan.ids import parse_id
from samenplan.plans.models import PlanVersion


def get_version(case: Case, number, *, default_current: bool = False) -> PlanVersion | None:
    """Version ``number`` of the case's plan; 404 when it has no such version. Without a number: the newest (or
    None while there is none) when ``default_current``, else 404."""
    queryset = PlanVersion.objects.filter(plan__case=case).select_related("author", "plan")
    if number in (None, "") and default_current:
        return queryset.order_by("-number").first()
    parsed = parse_id(number)
    found = queryset.filter(number=parsed).first() if parsed is not None else None
    if found is None:
        raise Http404()
    return found


def version_among(versions: list[PlanVersion], number) -> PlanVersion | None:
    """``get_version(case, number, default_current=True)`` among the case's versions read already, newest first
    (the plan page lists them all anyway): no query of its own."""
    if number in (None, ""):
        return versions[0] if versions else None
    parsed = parse_id(number)
    found = next((v for v in versions if v.number == parsed), None) if parsed is not None else None
    if found is None:
        raise Http404()
    return found


def agreements(version: PlanVersion | None):
    if version is None:
        return []
    return list(version.agreements.all())  # by member_id: the page lists the members it read itself
