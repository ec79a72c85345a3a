"""PostgreSQL, real parallel transactions: two decisions on one request (one wins, nothing half-done), and pruning
the access log while others write to it (the chain stays whole)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from samenplan.audit import log as audit_log
from samenplan.audit.models import AccessLogRecord, Event
from samenplan.cases.models import Family
from samenplan.errors import StaleVersion
from samenplan.maintenance.backups import operator
from samenplan.privacy import actions
from samenplan.privacy.models import DestructionRequest, Status
from tests.audit.test_concurrency import _in_threads
from tests.conftest import register, requires_postgres

pytestmark = [requires_postgres(), pytest.mark.django_db(transaction=True)]


def test_it_lets_one_of_two_simultaneous_decisions_win(world):
    family = world.case.family
    made = actions.do_record_destruction_request(
        world.caseworker, family, scope="family", case=None, requested_by=family.members.first(),
        requested_on=date(2026, 11, 2),
    )  # fmt: skip
    decisions = [("granted", [], ""), ("refused", ["legal_duty"], "Er loopt een maatregel.")]
    outcomes = {}

    def decide(i):
        decision, grounds, explanation = decisions[i]
        request = DestructionRequest.objects.get(pk=made.pk)
        try:
            actions.do_decide_destruction_request(
                world.team_lead, request, decision=decision, grounds=grounds, explanation=explanation,
                expected_version=1,
            )  # fmt: skip
            outcomes[i] = "won"
        except (StaleVersion, ValidationError):
            outcomes[i] = "lost"

    assert _in_threads(2, decide) == []
    assert sorted(outcomes.values()) == ["lost", "won"]
    made.refresh_from_db()
    winner = decisions[next(i for i, o in outcomes.items() if o == "won")][0]
    assert made.status == {"granted": Status.GRANTED, "refused": Status.REFUSED}[winner]
    assert Family.objects.filter(pk=family.pk).exists() == (winner == "refused")
    assert audit_log.verify()[1] is None


def test_it_keeps_the_chain_whole_when_pruning_while_others_write(request, monkeypatch):
    real_now = timezone.now
    monkeypatch.setattr(audit_log.timezone, "now", lambda: real_now() - timedelta(days=6 * 366))
    world = request.getfixturevalue("world")  # registered six years ago
    for i in range(5):
        register(world.caseworker, world.north, name=f"Oud{i}")
    monkeypatch.setattr(audit_log.timezone, "now", real_now)
    last_old = AccessLogRecord.objects.order_by("-seq").values_list("seq", flat=True).first()

    def work(i):
        if i == 0:
            actions.prune_log(operator(), today=timezone.localdate(), years=5, apply=True)
        else:
            for n in range(10):
                audit_log.record(world.caseworker, Event.READ, "test.concurrent", detail=f"{i}-{n}")

    assert _in_threads(4, work) == []
    assert audit_log.verify()[1] is None
    assert AccessLogRecord.objects.filter(action="test.concurrent").count() == 30
    assert AccessLogRecord.objects.order_by("seq").first().seq > last_old  # every old record pruned, none other
