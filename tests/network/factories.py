"""Network records made through the real actions, for tests and the permission matrix."""

from __future__ import annotations

from samenplan.network import actions
from samenplan.network.models import FamilyGroupPlan, NetworkMember

GRANDMOTHER = {
    "name": "Ria Jansen",
    "relation": "oma",
    "circle": "family",
    "contact": "06-12345678",
    "support": ["practical", "comfort"],
    "responds": "yes",
    "effective": "yes",
    "accessible": "yes",
    "reliable": "yes",
    "youth_wish": "yes",
    "part_in_plan": "Haalt Mees op woensdag van school.",
}


def network_member(actor, case, **fields) -> NetworkMember:
    return actions.do_add_network_member(actor, case, **{**GRANDMOTHER, **fields})


def a_network_member(actor, case) -> NetworkMember:
    """The case's first network member (made once)."""
    return case.network_members.order_by("pk").first() or network_member(actor, case)


def made_plan(actor, case, parts=("Oma Ria haalt Mees op woensdag op.",)) -> FamilyGroupPlan:
    """A family group plan offered, accepted and made by the family, with parts (through the actions)."""
    plan = actions.do_offer_family_group_plan(actor, case, expected_version=0)
    plan = actions.do_answer_family_group_plan(actor, case, accepted=True, expected_version=plan.version)
    return actions.do_record_family_group_plan(
        actor,
        case,
        expected_version=plan.version,
        made_by="family",
        content="Wij regelen samen met oma dat Mees na school niet alleen thuis is.",
        parts=list(parts),
    )


def a_plan_part(actor, case):
    plan = case.family_group_plans.first() or made_plan(actor, case)
    return plan.parts.order_by("pk").first()
