"""Own strength, the network and the family group plan hang off the case: removed with the family, and part of
the export for a request for inspection."""

from samenplan.network import actions
from samenplan.network.models import FamilyGroupPlan, NetworkMember, OwnStrength, PlanPart
from samenplan.privacy.actions import member_export, remove_family
from tests.network.factories import made_plan, network_member


def _fill(world):
    parent = world.case.family.members.order_by("pk").first()
    actions.do_save_own_strength(
        world.caseworker, world.case, answers=[{"member": parent, "tried": "Een weekrooster.", "version": 0}]
    )
    network_member(world.caseworker, world.case)
    made_plan(world.caseworker, world.case)
    return parent


def test_it_exports_the_network_records_for_a_request_for_inspection(world):
    parent = _fill(world)
    records = member_export(parent)["records"]
    assert len(records["network.OwnStrength"]) == 1
    assert records["network.NetworkMember"][0]["fields"]["name"] == "Ria Jansen"
    assert len(records["network.FamilyGroupPlan"]) == 1 and len(records["network.PlanPart"]) == 1


def test_it_removes_them_with_the_family(world):
    _fill(world)
    remove_family(world.caseworker, world.case.family, reason="Bewaartermijn verstreken.")
    assert not any(m.objects.exists() for m in (OwnStrength, NetworkMember, FamilyGroupPlan, PlanPart))
