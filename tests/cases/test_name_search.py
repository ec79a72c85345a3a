"""Searching families by name ignores case and accents on every database; on PostgreSQL through trigram
indexes on the unaccented names (pg_trgm, unaccent)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from samenplan.cases import access, search
from samenplan.cases.models import Case, Family, Member, MemberRole
from tests.conftest import register, requires_postgres


def found(user, query: str) -> set[str]:
    cases = access.visible_cases(user).filter(access.matching_cases_q(query))
    return {c.family.name for c in cases}


@pytest.fixture
def names(world):
    register(world.caseworker, world.north, name="Jänsen")
    register(world.caseworker, world.north, name="jansen")
    register(world.caseworker, world.north, name="Éénhoorn")
    register(
        world.caseworker,
        world.north,
        name="Pietersen",
        members=[
            {
                "given_name": "Zoë",
                "family_name": "de Vries",
                "role": MemberRole.PARENT,
                "has_custody": True,
                "date_of_birth": date(1990, 1, 1),
            }
        ],
    )
    return world


def test_it_finds_a_name_whatever_its_accents_and_case(names):
    user = names.caseworker
    assert found(user, "Jansen") >= {"Jänsen", "jansen", "Jansen"}
    assert found(user, "JÄNSEN") >= {"Jänsen", "jansen"}
    assert found(user, "eenhoorn") == {"Éénhoorn"}


def test_it_keeps_matching_members_by_given_and_family_name(names):
    user = names.caseworker
    assert found(user, "zoe") == {"Pietersen"}
    assert found(user, "vries") == {"Pietersen"}
    assert found(user, "zoe vries") == {"Pietersen"}  # every word, each in some name
    assert found(user, "zoe jansen") == set()


def test_it_treats_like_wildcards_as_plain_characters(names):
    assert found(names.caseworker, "%") == set()
    assert found(names.caseworker, "J_nsen") == set()


def test_it_shows_only_cases_the_user_may_see(names):
    assert found(names.outsider, "jansen") == set()
    assert "Bakker" in found(names.outsider, "bäkker")


def test_it_searches_through_the_caseload_page(client, names):
    client.force_login(names.caseworker)
    response = client.get(reverse("cases:caseload"), {"q": "jansen"})
    assert "Jänsen" in response.content.decode()


def test_it_folds_names_as_the_database_function_does():
    assert search.fold("Éénhoorn") == "eenhoorn"
    assert search.fold("Ĳsselmeer-Straße") in {"ijsselmeer-strasse", "ijsselmeer-straße"}


@requires_postgres()
def test_it_answers_a_name_search_from_the_trigram_indexes_on_postgresql(names):
    Member.objects.bulk_create(
        Member(family=names.case.family, given_name=f"Kind{i}", family_name=f"Achternaam{i}", role=MemberRole.CHILD)
        for i in range(3000)
    )
    Family.objects.bulk_create(Family(organisation=names.org, name=f"Gezin{i}") for i in range(3000))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_member")
        cursor.execute("ANALYZE cases_family")
        cursor.execute("SET enable_seqscan = off")  # small tables: ask whether the index *can* answer
    members = Member.objects.filter(search.member_name_q("jänsen")).values("family_id")
    plan = members.explain()
    assert "cases_member_given_name_trgm" in plan and "cases_member_family_name_trgm" in plan, plan
    families = Case.objects.filter(search.family_name_q("jansen", "family__")).values("pk").explain()
    assert "cases_family_name_trgm" in families, families
