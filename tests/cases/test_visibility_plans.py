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
