"""Getting own-strength, network and family-group-plan records for a user: the record, or 404 when they may not
see its case (403 when they see it but may not change it). They follow their case (``cases.view_case`` /
``cases.change_case``); every refusal is logged, a 404 by the requested id only."""

from __future__ import annotations

import rules
from django.db.models import Prefetch, QuerySet

from samenplan.cases.access import _forbidden, _not_found
from samenplan.cases.models import Case
from samenplan.cases.predicates import visible_cases_q
from samenplan.ids import parse_id
from samenplan.network.models import FamilyGroupPlan, NetworkMember, OwnStrength, PlanPart


def _visible(user, queryset: QuerySet, kind: str, requested, *, edit: bool):
    number = parse_id(requested)
    visible = Case.objects.filter(visible_cases_q(user))
    found = queryset.filter(pk=number, case__in=visible).first() if number is not None else None
    if found is None:
        raise _not_found(user, kind, requested)
    if edit and not rules.test_rule("cases.change_case", user, found.case):
        raise _forbidden(user, kind, requested, case=found.case)
    return found


def get_network_member_for_user(user, network_member_id, *, edit: bool = False) -> NetworkMember:
    queryset = NetworkMember.objects.select_related("case__family", "case__team")
    return _visible(user, queryset, "network_member", network_member_id, edit=edit)


def get_plan_part_for_user(user, part_id, *, edit: bool = False) -> PlanPart:
    number = parse_id(part_id)
    visible = Case.objects.filter(visible_cases_q(user))
    part = (
        PlanPart.objects.select_related("plan__case__family", "plan__case__team", "network_member")
        .filter(pk=number, plan__case__in=visible)
        .first()
        if number is not None
        else None
    )
    if part is None:
        raise _not_found(user, "plan_part", part_id)
    if edit and not rules.test_rule("cases.change_case", user, part.plan.case):
        raise _forbidden(user, "plan_part", part_id, case=part.plan.case)
    return part


def own_strengths(case: Case) -> QuerySet[OwnStrength]:
    return case.own_strengths.select_related("member", "author")


def network_members(case: Case) -> QuerySet[NetworkMember]:
    return case.network_members.prefetch_related("plan_parts", "goals")


def family_group_plans(case: Case) -> QuerySet[FamilyGroupPlan]:
    parts = Prefetch("parts", queryset=PlanPart.objects.select_related("network_member", "goal"))
    return case.family_group_plans.select_related("approved_by", "author").prefetch_related(parts)
