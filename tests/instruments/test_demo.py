"""The demo: a family on the analysis route has a filled-in demo questionnaire (twice), a safety checklist and
the Drieluik, made through the actions."""

from __future__ import annotations

from samenplan.cases.models import DossierEntry, EntryKind
from samenplan.instruments.demo import add_demo_administrations
from samenplan.instruments.models import Administration


def test_the_demo_fills_in_questionnaires_for_a_family_on_the_analysis_route(world):
    from tests.conftest import decide_route

    case = decide_route(world.caseworker, world.case, route="analysis")
    assert case.phase == "analysis"
    assert add_demo_administrations(world.org.pk) == 1
    codes = sorted(a.definition.code for a in Administration.objects.filter(case=case))
    # opened today: one filling-in of the demo (an older case gets two, a month apart, for the chart)
    assert codes == ["demo-gezinsvragenlijst", "drieluik", "veiligheid"]
    latest = Administration.objects.filter(case=case, definition__code="demo-gezinsvragenlijst").first()
    assert latest.scores["zorgen"]["prorated"] is True  # one question left open in the latest
    assert DossierEntry.objects.filter(case=case, kind=EntryKind.INSTRUMENT).count() == len(codes)


def test_the_demo_leaves_another_organisations_families_alone(world):
    from tests.conftest import decide_route

    other = decide_route(world.outsider_case.caseworker, world.outsider_case, route="analysis")
    assert other.family.organisation_id != world.org.pk
    assert add_demo_administrations(world.org.pk) == 0
    assert not Administration.objects.filter(case=other).exists()
