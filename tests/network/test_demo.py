"""The demo families show own strength, a network of four or more, and family group plans in every state."""

from samenplan import demo_data
from samenplan.audit import log
from samenplan.cases.models import EntryKind
from samenplan.network.models import FamilyGroupPlan, NetworkMember, OwnStrength


def test_the_demo_has_networks_and_family_group_plans_in_each_state(db):
    users = demo_data.seed()
    anna_cases = users["anna"].cases_as_caseworker.filter(network_members__isnull=False).distinct()
    assert anna_cases.exists()  # the demo caseworker sees a network filled in
    for case in {m.case for m in NetworkMember.objects.select_related("case")}:
        assert case.network_members.count() >= 4
        assert OwnStrength.objects.filter(case=case).exists()
        assert case.entries.filter(kind=EntryKind.NETWORK).exists()
    assert set(FamilyGroupPlan.objects.values_list("state", flat=True)) == {"offered", "declined", "accepted", "made"}
    made = FamilyGroupPlan.objects.get(state="made")
    assert made.parts.filter(network_member__isnull=False).exists()
    assert made.parts.filter(goal__marked_as_family_own=True).exists()  # a part of their plan became a goal
    assert NetworkMember.objects.filter(goals__isnull=False).exists()  # someone helps with a goal
    assert not FamilyGroupPlan.objects.filter(case__child_protection_measure=True).exists()
    other_organisation = NetworkMember.objects.exclude(case__family__organisation_id=users["anna"].organisation_id)
    assert not other_organisation.exists()  # the demo keeps to the demo caseworker's organisation
    assert log.verify()[1] is None
