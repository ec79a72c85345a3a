"""The demo families show family plans in two versions, one with a safety plan, with the family's agreement."""

from samenplan import demo_data
from samenplan.audit import log
from samenplan.cases.models import EntryKind
from samenplan.plans import rules, services
from samenplan.plans.models import FamilyPlan, PlanAgreement


def test_the_demo_has_plans_in_two_versions_with_a_safety_plan_and_the_familys_agreement(db):
    demo_data.seed()
    plans = list(FamilyPlan.objects.select_related("case"))
    assert len(plans) >= 2 and all(plan.version == 2 for plan in plans)
    with_safety = [p for p in plans if services.current_version(p.case).content["safety"]["needed"]]
    assert len(with_safety) == 1
    first = with_safety[0].case
    assert not first.family_plan.versions.get(number=1).content["safety"]["needed"]
    assert first.entries.filter(kind=EntryKind.PLAN).count() >= 3
    agreed = []
    for plan in plans:
        version = services.current_version(plan.case)
        answers = {a.member_id: a.agreement for a in version.agreements.all()}
        agreed.append(rules.agreed_by_family([m.pk for m in services.participants(plan.case)], answers))
    assert True in agreed and False in agreed  # one family agreed fully, one youth only partly
    assert PlanAgreement.objects.filter(agreement="partly").exclude(words="").exists()
    assert log.verify()[1] is None
