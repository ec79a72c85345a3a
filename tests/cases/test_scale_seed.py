"""`samenplan seed --scale`: synthetic data at the size of a region, with a valid access-log chain."""

import pytest
from django.core.management import call_command

from samenplan.audit import log
from samenplan.audit.models import AccessLogRecord, ChainHead
from samenplan.cases.models import Case, DossierEntry, Family, Phase
from samenplan.consent.models import Consent
from samenplan.intake.models import Registration

pytestmark = pytest.mark.django_db


def test_scale_seed_loads_every_phase_and_a_chain_that_verifies(capsys):
    call_command("seed", "--scale", "--families", "60", "--log-per-family", "3")

    assert Family.objects.count() == 60
    assert Family.objects.filter(members__isnull=True).count() == 0
    assert set(Case.objects.values_list("phase", flat=True)) == set(Phase.values)
    assert Registration.objects.count() == Case.objects.count()
    assert Consent.objects.exists()
    assert DossierEntry.objects.filter(case__in=Case.objects.filter(closed_on__isnull=True)).count() >= 500
    assert AccessLogRecord.objects.count() >= 60
    checked, broken = log.verify()
    assert broken is None
    assert checked == sum(ChainHead.objects.values_list("seq", flat=True))
    assert "Benchmark data loaded" in capsys.readouterr().out


def test_scale_seed_runs_once_and_leaves_the_demo_seed_alone(capsys):
    call_command("seed", "--scale", "--families", "5", "--log-per-family", "1")
    call_command("seed", "--scale", "--families", "5", "--log-per-family", "1")
    assert Family.objects.count() == 5
    assert "already loaded" in capsys.readouterr().out
    call_command("seed", "--families", "2")
    assert Family.objects.count() == 5 + 2 + 1  # the demo's two families and its family on the analysis route
