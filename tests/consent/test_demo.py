"""The demo data holds consents made through the actions: on the timeline and in the access log."""

from samenplan import demo_data
from samenplan.audit import log
from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import EntryKind
from samenplan.consent.models import Consent, InformationRequest


def test_it_adds_consents_a_revocation_and_information_requests_to_the_demo(db):
    demo_data.seed(families=6)
    consents = Consent.objects.all()
    assert consents.count() >= 3
    assert consents.filter(revoked_at__isnull=False).count() == 1
    assert InformationRequest.objects.count() == consents.count()
    case = consents.first().case
    assert case.entries.filter(kind=EntryKind.CONSENT).exists()
    assert AccessLogRecord.objects.filter(action="consent.record").count() == consents.count()
    assert log.verify()[1] is None
