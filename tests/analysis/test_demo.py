"""The demo data has families on the analysis route: a coherent picture, an answered consultation, one waiting."""

import pytest

from samenplan import demo_data
from samenplan.analysis.models import CoherentPicture, Consultation
from samenplan.audit import log
from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import EntryKind


@pytest.mark.guideline("G4.4")
def test_it_adds_analyses_with_a_picture_and_an_answered_consultation_to_the_demo(db):
    users = demo_data.seed(families=6)
    final = CoherentPicture.objects.get(finalised_at__isnull=False)
    assert final.case.caseworker == users["anna"]
    assert {f.kind for f in final.factors.all()} == {"causal", "maintaining", "protective"}
    assert final.family_views.count() == 2
    assert Consultation.objects.filter(status="answered", case=final.case, scientist=users["chris"]).exists()
    assert Consultation.objects.filter(status="open", scientist=users["chris"]).count() == 1
    assert final.case.entries.filter(kind=EntryKind.CONSULTATION).count() == 2
    assert AccessLogRecord.objects.filter(action="analysis.answer_consultation").count() == 1
    assert log.verify()[1] is None
