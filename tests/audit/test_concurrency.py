"""Concurrent writers keep one unbroken chain (PostgreSQL: real parallel transactions)."""

import threading

import pytest
from django.db import connection

from samenplan.audit import log
from samenplan.audit.models import AccessLogRecord, Event
from samenplan.cases import actions
from samenplan.errors import StaleVersion
from tests.conftest import requires_postgres
from tests.factories import OrganisationFactory, TeamFactory, member_of

pytestmark = [requires_postgres(), pytest.mark.django_db(transaction=True)]


def _in_threads(count, work):
    errors, barrier = [], threading.Barrier(count)

    def run(i):
        try:
            barrier.wait()
            work(i)
        except Exception as exc:  # collected and re-raised in the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return errors


def test_it_chains_records_written_at_the_same_time():
    from samenplan.accounts.models import Role

    team = TeamFactory(organisation=OrganisationFactory())
    user = member_of(team, Role.PROFESSIONAL)
    before = AccessLogRecord.objects.count()

    def append(i):
        for n in range(15):
            log.record(user, Event.READ, "test.concurrent", detail=f"{i}-{n}")

    assert _in_threads(4, append) == []
    count, broken = log.verify()
    assert broken is None
    assert count == before + 60


def test_it_lets_only_one_of_two_simultaneous_edits_win():
    from samenplan.accounts.models import Role
    from samenplan.cases.models import MemberRole
    from tests.conftest import register

    team = TeamFactory(organisation=OrganisationFactory())
    first, second = member_of(team, Role.PROFESSIONAL), member_of(team, Role.PROFESSIONAL)
    case = register(first, team, coworkers=[second])
    child = case.family.members.get(role=MemberRole.CHILD)
    outcomes = []

    def edit(i):
        actor = (first, second)[i]
        try:
            actions.do_change_member(actor, child, expected_version=1, given_name=("Anouk", "Bente")[i])
            outcomes.append("saved")
        except StaleVersion:
            outcomes.append("stale")

    assert _in_threads(2, edit) == []
    assert sorted(outcomes) == ["saved", "stale"]
    child.refresh_from_db()
    assert child.version == 2
    assert child.given_name in ("Anouk", "Bente")
