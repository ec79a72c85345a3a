"""The access-log page at a region's scale: a family is found by typing its name (the page never lists every
family), the period bounds the sequence numbers, and on PostgreSQL the page's and the dossier's queries walk
indexes instead of scanning the tables."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samenplan.audit import access, partitions
from samenplan.audit.access import LogFilter
from samenplan.audit.models import AccessLogRecord, Event
from samenplan.audit.views import PAGE_SIZE, _walk_the_indexes
from samenplan.cases import access as case_access
from samenplan.cases.models import DossierEntry, EntryKind, Voice
from tests.conftest import register, requires_postgres

URL = reverse("audit:log")


@pytest.fixture
def families(world):
    smits = register(world.caseworker, world.north, name="Smits")
    south = register(world.south_worker, world.south, name="Smitsma")  # Zuid: not the Noord lead's to see
    return world, smits, south


def test_it_finds_a_family_by_typing_part_of_its_name(client, families):
    world, smits, _south = families
    client.force_login(world.team_lead)
    response = client.get(URL, {"family_name": "smi"})
    assert response.status_code == 200
    assert response.context["matches"] == [smits.family]  # not Smitsma of Zuid
    body = response.content.decode()
    assert f"family={smits.family_id}" in body and "Smitsma" not in body
    # The record of this read names the family the matches showed.
    record = AccessLogRecord.objects.order_by("-seq").first()
    assert record.detail.startswith(f"families={smits.family_id} ")
    chosen = client.get(URL, {"family_name": "smi", "family": smits.family_id})
    assert chosen.context["family"] == smits.family
    assert {record.family_id for record in chosen.context["rows"]} == {smits.family_id}


def test_it_never_lists_every_family_of_the_teams(client, families):
    world, _smits, _ = families
    client.force_login(world.team_lead)
    body = client.get(URL).content.decode().split("<main", 1)[1]  # the page, not the header's language switch
    assert '<select name="family"' not in body and "<option" not in body.split('name="user"')[0]
    assert "Smits" not in body.split("<table")[0]  # the filter names no family until one is typed
    assert client.get(URL, {"family_name": "zzz"}).context["matches"] == []


def test_it_bounds_a_period_by_sequence_numbers(client, world):
    client.force_login(world.caseworker)
    client.get(reverse("cases:dossier", args=[world.case.pk]))
    lead, now = world.team_lead, timezone.now()

    def seqs(**period):
        return [r.seq for r in access.first_readable(lead, LogFilter(**period), newest_first=True, limit=1000)]

    everything = seqs()
    assert everything
    assert seqs(start=now + timedelta(days=1)) == []
    assert seqs(end=now - timedelta(days=1)) == []
    assert seqs(start=now - timedelta(days=1), end=now + timedelta(days=1)) == everything


def _fill(world, count: int) -> None:
    """``count`` access-log records over many families (the Noord lead may read one in fifty), and a long
    timeline for the world's case; statistics refreshed, as autovacuum would."""
    at = timezone.now() - timedelta(days=30)
    org = world.org.pk
    with connection.cursor() as cursor:  # last month's partition (PostgreSQL), as the writes would make it
        partitions.ensure(cursor, at)
    AccessLogRecord.objects.bulk_create(
        AccessLogRecord(
            seq=10_000_000 + i,
            chain_id=0,  # filler: only the plans are looked at here
            pos=i + 1,
            at=at + timedelta(seconds=i),
            event=Event.READ,
            user_id=world.colleague.pk,
            username="colleague",
            organisation_id=org,
            family_id=world.case.family_id if i % 50 == 0 else 1_000_000 + i % 997,
            case_id=world.case.pk if i % 50 == 0 else 2_000_000 + i % 1499,
            channel="web",
            action="cases.dossier",
            prev_hash="0" * 64,
            hash=f"{i:064x}",
        )
        for i in range(count)
    )
    DossierEntry.objects.bulk_create(
        DossierEntry(
            case=case,
            author=world.caseworker,
            at=at + timedelta(minutes=i),
            kind=EntryKind.NOTE,
            voice=Voice.PROFESSIONAL,
            text="notitie",
        )
        for i in range(count // 2)
        for case in (world.case, world.outsider_case)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE audit_accesslogrecord")
        cursor.execute("ANALYZE cases_dossierentry")


def _plan(queryset) -> str:
    return queryset.explain()


def _page_plan(reader, where: LogFilter) -> str:
    """The plan the page's query runs with (access.first_readable): its prepared statement's generic plan, made in
    the page's transaction settings."""
    with transaction.atomic():
        _walk_the_indexes()
        access.first_readable(reader, where, newest_first=True, limit=PAGE_SIZE + 1)
        _sql, params = access.page_query(reader, where, newest_first=True, limit=PAGE_SIZE + 1)
        with connection.cursor() as cursor:
            newest = (
                "SELECT name FROM pg_prepared_statements WHERE statement LIKE %s ORDER BY prepare_time DESC LIMIT 1"
            )
            cursor.execute(newest, ["%audit_accesslogrecord%"])
            name = cursor.fetchone()[0]
            cursor.execute(f"EXPLAIN EXECUTE {name}({', '.join(['%s'] * len(params))})", params)
            return "\n".join(row[0] for row in cursor.fetchall())


def _rules_in_a_partition(plan: str) -> bool:
    """Whether a scan of the log (a monthly partition) filters with a subplan."""
    scan = False
    for line in plan.splitlines():
        if "->" in line:
            scan = " on audit_accesslogrecord" in line
        elif scan and "Filter:" in line and "SubPlan" in line:
            return True
    return False


@requires_postgres()
def test_it_reads_the_log_page_and_the_dossier_through_indexes_on_postgresql(world):
    _fill(world, 6000)
    lead = world.team_lead
    lead.team_roles  # noqa: B018
    plans = {
        "unfiltered": _page_plan(lead, LogFilter()),
        "one family": _page_plan(lead, LogFilter(family_id=world.case.family_id)),
        "a period": _page_plan(lead, LogFilter(start=timezone.now() - timedelta(days=31))),
        "one person": _page_plan(lead, LogFilter(user_id=world.colleague.pk)),
    }
    # The reader's rules are asked once, above the walk through the log, of the records it walks past: not in
    # every monthly partition (where each would read the reader's cases anew).
    for name, plan in plans.items():
        assert "Subquery Scan on r" in plan and "Filter: ((r.case_id = (SubPlan" in plan, f"{name}:\n{plan}"
        assert not _rules_in_a_partition(plan), f"{name}:\n{plan}"
    _entries, older = case_access.timeline_page(world.case)
    assert older is not None
    dossier = case_access.case_entries(world.case).order_by("-at", "-pk")
    plans["dossier, first page"] = _plan(dossier[: case_access.TIMELINE_PAGE + 1])
    # On PostgreSQL the log is partitioned by month: the filled month must be read through its indexes (the
    # nearly empty partitions of this month and the next may be scanned: a few rows).
    filled = partitions.name_for(timezone.now() - timedelta(days=30))
    for name, plan in plans.items():
        assert f"Seq Scan on {filled} " not in plan, f"{name}:\n{plan}"
        assert "Seq Scan on cases_dossierentry" not in plan, f"{name}:\n{plan}"
        assert "Index" in plan, f"{name}:\n{plan}"
    # The next page of the timeline, as "load more" asks for it.
    with connection.cursor() as cursor:
        with CaptureQueriesContext(connection) as queries:
            case_access.timeline_page(world.case, older)
        cursor.execute("EXPLAIN " + queries.captured_queries[-1]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # The entries through their index; which of them are shared may come from a hash of the (small, here empty)
    # table of notes shared with the family.
    assert "Seq Scan on cases_dossierentry" not in plan and "Index" in plan, plan
