"""On PostgreSQL the case lists reach a user's cases through indexes (issue 14): the caseload's count and page and
the API's list, read with ``EXPLAIN``, never read every case (no sequential scan of the cases) and never test each
case against a hashed subquery (the plan of ``pk IN (select)`` inside an OR)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from samenplan.accounts.models import Membership, Role
from samenplan.cases.models import Case, Family
from samenplan.emergency.actions import do_open_in_emergency
from tests.conftest import requires_postgres
from tests.factories import TeamFactory, consultation_on, member_of

pytestmark = requires_postgres()

TEAMS = 40
CASES_PER_TEAM = 250  # 10,000 cases: a table the planner would rather not read whole for a team's 250


@pytest.fixture
def region(world):
    """The world's organisation with 40 teams of 250 cases each (rows only, in bulk), the caseworker's among them
    with a co-worked case, an emergency grant and a consultation, and fresh statistics."""
    teams = [world.north, world.south, *(TeamFactory(organisation=world.org) for _ in range(TEAMS - 2))]
    workers = [world.caseworker, world.south_worker, *(member_of(team, Role.PROFESSIONAL) for team in teams[2:])]
    families = Family.objects.bulk_create(
        Family(organisation=world.org, name=f"Gezin{i:05}") for i in range(TEAMS * CASES_PER_TEAM)
    )
    Case.objects.bulk_create(
        Case(family=family, team=teams[i % TEAMS], caseworker=workers[i % TEAMS], opened_on=date(2026, 1, 1))
        for i, family in enumerate(families)
    )
    elsewhere = Case.objects.filter(team=teams[5]).first()
    elsewhere.coworkers.add(world.caseworker)
    reason = "Crisis in het gezin, de eigen hulpverlener is niet bereikbaar."
    do_open_in_emergency(world.caseworker, Case.objects.filter(team=teams[6]).first().pk, reason)
    consultation_on(Case.objects.filter(team=teams[7]).first(), world.consulted_scientist)
    Membership.objects.create(user=world.team_lead, team=world.south, role=Role.TEAM_LEAD)  # a lead of two teams
    with connection.cursor() as cursor:
        for table in ("cases_case", "cases_family", "cases_case_coworkers", "accounts_team", "accounts_user"):
            cursor.execute(f"ANALYZE {table}")
    return world


def _list_queries(client, url, params) -> list[str]:
    """The statements of one request that read the cases (the count and the page)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return [q["sql"] for q in queries.captured_queries if 'FROM "cases_case"' in q["sql"]]


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", ()):
        yield from _nodes(child)


def _problems(sql: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        [[found]] = cursor.fetchall()
    plan = found[0]["Plan"] if isinstance(found, list) else json.loads(found)[0]["Plan"]
    problems = []
    for node in _nodes(plan):
        if node["Node Type"] == "Seq Scan" and node.get("Relation Name") == "cases_case":
            problems.append(f"reads every case: {node.get('Filter', '')}")
        for condition in ("Filter", "Recheck Cond", "Join Filter", "Index Cond"):
            if "hashed SubPlan" in node.get(condition, ""):
                problems.append(f"tests each row against a hashed subquery: {node[condition]}")
    return problems


@pytest.mark.parametrize(
    ("persona", "params"),
    [
        ("caseworker", {"scope": "mine"}),  # a professional's own cases
        ("caseworker", {"scope": "team"}),  # and the team's
        ("team_lead", {"scope": "team"}),  # a lead of two teams
        ("consulted_scientist", {"scope": "team"}),  # cases seen only through a consultation
    ],
)
def test_it_reads_the_caseload_through_indexes(client, region, persona, params):
    client.force_login(region.persona(persona))
    statements = _list_queries(client, reverse("cases:caseload"), params)
    # One statement: the page with the length of the whole list (COUNT(*) OVER ()), however long the list
    assert len(statements) == 1
    for sql in statements:
        assert _problems(sql) == [], sql


@pytest.mark.parametrize("params", [{}, {"mine": "true"}])
def test_it_reads_the_api_case_list_through_indexes(region, params):
    api = APIClient()
    api.force_login(region.caseworker)
    statements = _list_queries(api, "/api/v1/cases/", params)
    assert len(statements) == 2  # the page's keys with the list's length, then those rows by primary key
    for sql in statements:
        assert _problems(sql) == [], sql


def _joins(plan: dict) -> list[str]:
    """The joins of the statement itself, not of its subqueries."""
    found = [plan["Join Type"]] if "Join Type" in plan else []
    for child in plan.get("Plans", ()):
        if child.get("Parent Relationship") not in ("SubPlan", "InitPlan"):
            found += _joins(child)
    return found


@pytest.mark.parametrize(("url", "related"), [("cases:dossier", 5), ("plans:plan", 4)])
def test_it_checks_the_organisation_of_one_case_without_a_join_to_plan(client, region, url, related):
    """The check of one case by key (``VisibleCase``, ``predicates.visible_row``) asks the team's organisation as a
    subplan: written as EXISTS, PostgreSQL joined the teams once more, and ordering that join among the page's own
    (the case's family, team, caseworker, registration and on the dossier its second worker) doubled the planning
    of every page about a case."""
    client.force_login(region.caseworker)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(url, args=[region.case.pk])).status_code == 200
    [sql] = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "cases_case"."id"')][:1]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        [[found]] = cursor.fetchall()
    plan = found[0]["Plan"] if isinstance(found, list) else json.loads(found)[0]["Plan"]
    assert len(_joins(plan)) == related, sql


@pytest.mark.django_db(transaction=True)
def test_the_team_overview_reads_a_team_s_open_cases_from_its_covering_index(region):
    """The team overview's case statement (``overview._open_cases_query``) is an index-only scan of the open cases'
    covering index (``cases_case_open_team_overview_idx``, migration 0021) in its order: no sort, no bitmap heap scan
    of the cases. Only on pages the visibility map has as all-visible (after a VACUUM: committed rows, hence a
    transactional test); on a table of many pages updated since, the planner reads the heap instead."""
    from datetime import timedelta

    from django.utils import timezone

    from samenplan.administration import overview

    now = timezone.now()
    query = overview._open_cases_query(
        region.north.pk, timezone.get_current_timezone(), now - timedelta(days=28), timezone.localdate(now)
    )
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE cases_case")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        [[found]] = cursor.fetchall()
    plan = found[0]["Plan"] if isinstance(found, list) else json.loads(found)[0]["Plan"]
    # the statement's own top node is the scan: the rows come in the index's order, not sorted afterwards
    assert plan["Node Type"] == "Index Only Scan", json.dumps(plan, indent=1)
    assert (plan["Relation Name"], plan["Index Name"]) == ("cases_case", "cases_case_open_team_overview_idx")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("persona", "scope", "index"),
    [
        ("team_lead", "team", "cases_case_open_team_overview_idx"),  # the teams' part (migration 0021)
        ("caseworker", "mine", "cases_case_open_caseworker_idx"),  # the caseworker's part (migration 0022)
    ],
)
def test_the_caseload_reads_each_part_of_the_visibility_from_a_covering_index(client, region, persona, scope, index):
    """The caseload's statement (``cases.caselist``) asks each part of the visibility alone, UNION: the teams' and
    the caseworker's parts are index-only scans of the open cases' covering indexes, no bitmap heap scan of the
    cases (which visited a table page for nearly every case). After a VACUUM, as the overview's test."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE cases_case")
    client.force_login(region.persona(persona))
    [sql] = _list_queries(client, reverse("cases:caseload"), {"scope": scope})
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        [[found]] = cursor.fetchall()
    plan = found[0]["Plan"] if isinstance(found, list) else json.loads(found)[0]["Plan"]
    scans = [
        (node["Node Type"], node.get("Index Name"))
        for node in _nodes(plan)
        if node.get("Relation Name") == "cases_case"
    ]
    assert ("Index Only Scan", index) in scans, json.dumps(plan, indent=1)
    assert "Bitmap Heap Scan" not in {kind for kind, _ in scans}, json.dumps(plan, indent=1)
