"""Concurrent writers keep one unbroken chain, and parallel edits of one record lose nothing (PostgreSQL: real
parallel transactions, each thread on its own database connection)."""

import threading
from collections import Counter

import pytest
from django.db import connection
from django.test import Client
from knox.models import AuthToken

from samenplan.audit import log
from samenplan.audit.models import AccessLogRecord, Event
from samenplan.cases import actions
from samenplan.errors import StaleVersion
from tests.conftest import requires_postgres
from tests.factories import OrganisationFactory, TeamFactory, member_of
from tests.maintenance.figures import report

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


ROUNDS = 40  # per thread; every round both threads read the record at the same moment and then write


def _race(users, read, write):
    """Two people, each on their own connection, read the version and write it back, ROUNDS times at once.

    Returns ``(saved, stale)``: the versions that each successful write started from, and those of refused ones.
    """
    barrier = threading.Barrier(len(users))
    saved, stale, unexpected = [], [], []

    def person(i):
        client = Client(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(users[i])[1]}")
        for n in range(ROUNDS):
            barrier.wait()
            version = read(client)
            barrier.wait()
            response = write(client, i, n, version)
            if response.status_code == 200:
                saved.append(version)
            elif response.status_code == 409 and response.json()["errors"][0]["code"] == "stale_version":
                stale.append(version)
            else:
                unexpected.append((response.status_code, response.content[:200]))

    assert _in_threads(len(users), person) == []
    assert unexpected == []
    return saved, stale


def _assert_nothing_lost(what, saved, stale, final_version, logged):
    conflicts_possible = sum(count - 1 for count in Counter(saved + stale).values())
    report(
        f"parallel edits of one {what} (2 connections, PostgreSQL): {len(saved) + len(stale)} tried, {len(saved)} "
        f"saved, {len(stale)} conflicts caught (409), {conflicts_possible} writes that started from a version "
        f"another write also started from; final version {final_version}"
    )
    assert len(saved) + len(stale) == 2 * ROUNDS
    assert len(set(saved)) == len(saved)  # never two writes from the same version: no update overwritten unseen
    assert sorted(saved) == list(range(1, len(saved) + 1))
    assert final_version == len(saved) + 1  # none lost
    assert logged == len(saved)  # each saved write has its log record, and only those
    assert set(stale) <= set(saved)  # each refusal was real: someone else saved from that version
    assert len(stale) == conflicts_possible  # every conflict caught
    assert stale, "the threads never collided: the test proved nothing"


def test_it_catches_every_conflict_when_two_people_edit_one_member():
    from samenplan.accounts.models import Role
    from samenplan.cases.models import Member, MemberRole
    from tests.conftest import register

    team = TeamFactory(organisation=OrganisationFactory())
    first, second = member_of(team, Role.PROFESSIONAL), member_of(team, Role.PROFESSIONAL)
    child = register(first, team, coworkers=[second]).family.members.get(role=MemberRole.CHILD)
    url = f"/api/v1/members/{child.pk}/"

    saved, stale = _race(
        (first, second),
        lambda client: client.get(url).json()["version"],
        lambda client, i, n, version: client.patch(
            url, {"given_name": f"Naam {i}-{n}", "version": version}, content_type="application/json"
        ),
    )
    child = Member.objects.get(pk=child.pk)
    logged = AccessLogRecord.objects.filter(action="cases.change_member", member_id=child.pk).count()
    _assert_nothing_lost("member", saved, stale, child.version, logged)
    assert log.verify()[1] is None


def test_it_catches_every_conflict_when_two_people_change_one_case():
    from samenplan.accounts.models import Role
    from samenplan.cases.models import Case
    from tests.conftest import register

    team = TeamFactory(organisation=OrganisationFactory())
    first, second = member_of(team, Role.PROFESSIONAL), member_of(team, Role.PROFESSIONAL)
    extra = member_of(team, Role.PROFESSIONAL)
    case = register(first, team, coworkers=[second])
    url = f"/api/v1/cases/{case.pk}/"
    seen = threading.local()

    def read(client):
        data = client.get(url).json()
        seen.coworkers = {ref["id"] for ref in data["coworkers"]}
        return data["version"]

    def write(client, i, n, version):  # bring the extra co-worker in, or take them off: always a real change
        coworkers = seen.coworkers ^ {extra.pk}
        body = {"caseworker": first.pk, "coworkers": sorted(coworkers), "version": version}
        return client.post(f"{url}workers/", body, content_type="application/json")

    saved, stale = _race((first, second), read, write)
    case = Case.objects.get(pk=case.pk)
    logged = AccessLogRecord.objects.filter(action="cases.change_workers", case_id=case.pk).count()
    _assert_nothing_lost("case", saved, stale, case.version, logged)
    assert log.verify()[1] is None


@pytest.mark.parametrize("stripes", [1, 4])
def test_it_never_forks_a_chain_when_writers_share_it(settings, stripes):
    """Eight connections write records of one organisation at once: with one chain they queue on its head, with
    four they spread over them; either way every chain stays one line (no two records at one position)."""
    from samenplan.accounts.models import Role
    from samenplan.audit.models import ChainHead

    settings.AUDIT_CHAIN_STRIPES = stripes
    org = OrganisationFactory()
    team = TeamFactory(organisation=org)
    user = member_of(team, Role.PROFESSIONAL)

    def append(i):
        for n in range(20):
            log.record(user, Event.READ, "test.same_chain", detail=f"{i}-{n}")

    assert _in_threads(8, append) == []
    heads = ChainHead.objects.filter(organisation_id=org.pk)
    records = AccessLogRecord.objects.filter(organisation_id=org.pk)
    assert records.count() == 160 == sum(head.seq for head in heads)
    for head in heads:
        positions = list(records.filter(chain_id=head.pk).order_by("pos").values_list("pos", flat=True))
        assert positions == list(range(1, head.seq + 1))
    if stripes > 1:
        report(f"8 writers, one organisation, {stripes} chains: {[h.seq for h in heads]} records per chain")
    assert log.verify(full=False, jobs=3) == (log.verify()[0], None)  # in parallel, on connections of their own
