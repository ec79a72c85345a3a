"""Searching families by name ignores case and accents on every database; on PostgreSQL through trigram
indexes on the folded names that the database stores beside each name (pg_trgm, unaccent)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from samenplan.cases import access, search
from samenplan.cases.models import Case, Family, Member, MemberRole
from tests.conftest import register, requires_postgres

TRIGRAM_INDEXES = (
    "cases_family_name_folded_trgm",
    "cases_member_given_name_folded_trgm",
    "cases_member_family_name_folded_trgm",
)
CASE_NAMES_INDEX = "cases_case_names_folded_trgm"  # on Case.names_folded


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
    assert "cases_member_given_name_folded_trgm" in plan and "cases_member_family_name_folded_trgm" in plan, plan
    # the stored folded names are compared: no name is folded again for each row the index finds (its recheck)
    assert "samenplan_unaccent" not in plan, plan
    families = Case.objects.filter(search.family_name_q("jansen", "family__")).values("pk").explain()
    assert "cases_family_name_folded_trgm" in families and "samenplan_unaccent" not in families, families


@pytest.mark.parametrize(
    ("name", "core"),
    [
        ("de Vries", "vries"),
        ("Van der Berg", "berg"),
        ("van  den   Heuvel", "heuvel"),
        ("'t Hart", "hart"),
        ("\u2019t Hart", "hart"),
        ("De", "de"),
        ("van der", "der"),
        ("Vries", "vries"),
        ("Ter Horst-van Dijk", "horst-van dijk"),
        ("Éénhoorn", "eenhoorn"),
    ],
)
def test_it_takes_the_prefix_off_a_surname(name, core):
    assert search.name_core(name) == core


def test_it_leaves_prefix_words_out_of_a_query_with_other_words():
    assert search.query_words("de Vries") == ["Vries"]
    assert search.query_words("Zoë van der Berg") == ["Zoë", "Berg"]
    assert search.query_words("van der") == ["van der"]
    assert search.query_words("  ") == []


@pytest.fixture
def surnames(world):
    for name in ("de Vries", "Vries", "van der Berg", "Bergman", "de Groot", "Verbeek", "van Dam", "Dekker"):
        register(world.caseworker, world.north, name=name)
    return world


def test_it_finds_a_surname_whatever_its_prefix(surnames):
    user = surnames.caseworker
    assert found(user, "de vries") == {"de Vries", "Vries"}
    assert found(user, "vries") == {"de Vries", "Vries"}
    assert found(user, "van der berg") == {"van der Berg", "Bergman"}


def test_it_matches_a_short_word_at_the_start_of_the_surname_without_its_prefix(surnames):
    user = surnames.caseworker
    assert found(user, "vr") == {"de Vries", "Vries"}
    assert found(user, "d") >= {"van Dam", "Dekker"}
    assert "de Groot" not in found(user, "d")  # "de" is a prefix: De Groot is found under G
    assert "de Groot" in found(user, "g")


def test_it_finds_names_that_start_with_the_prefix_when_only_prefix_words_are_asked(surnames):
    user = surnames.caseworker
    assert found(user, "van der") == {"van der Berg"}
    assert found(user, "de") == {"de Vries", "de Groot"}


def test_it_finds_a_member_by_the_start_of_the_given_name_or_the_surname_without_prefix(names):
    assert found(names.caseworker, "zo") == {"Pietersen"}
    assert found(names.caseworker, "vr") == {"Pietersen"}  # Zoë de Vries


@requires_postgres()
def test_it_takes_the_prefix_off_in_postgresql_as_python_does(db):
    samples = ["de Vries", "Van der Berg", "van  den   Heuvel", "'t Hart", "\u2019t Hart", "De", "van der", "Éénhoorn"]
    with connection.cursor() as cursor:
        for name in samples:
            cursor.execute("SELECT samenplan_name_core(%s)", [name])
            assert cursor.fetchone()[0] == search.name_core(name), name


@requires_postgres()
def test_it_answers_a_short_prefix_search_from_btree_indexes_on_postgresql(names):
    Member.objects.bulk_create(
        Member(family=names.case.family, given_name=f"Kind{i}", family_name=f"van Achternaam{i}", role=MemberRole.CHILD)
        for i in range(3000)
    )
    Family.objects.bulk_create(Family(organisation=names.org, name=f"de Gezin{i}") for i in range(3000))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_member")
        cursor.execute("ANALYZE cases_family")
        cursor.execute("SET enable_seqscan = off")
    plan = Member.objects.filter(search.member_name_q("vr")).values("family_id").explain()
    assert "cases_member_given_name_start" in plan and "cases_member_family_name_core" in plan, plan
    plan = Family.objects.filter(search.family_name_q("ge")).values("pk").explain()
    assert "cases_family_name_core" in plan, plan
    plan = Family.objects.filter(search.family_name_q("van der")).values("pk").explain()
    assert "cases_family_name_start" in plan, plan


@requires_postgres()
def test_it_finds_a_longer_word_in_the_case_s_own_names_through_an_index_on_postgresql(names):
    """A word of three letters or more is looked up in the names the case keeps (``Case.names_folded``), which the
    trigram index on them answers: neither the families nor the members are read, nor joined to the cases."""
    families = Family.objects.bulk_create(Family(organisation=names.org, name=f"Gezin{i}") for i in range(3000))
    Member.objects.bulk_create(
        Member(family=f, given_name=f"Kind{i}", family_name=f"Achternaam{i}", role=MemberRole.CHILD)
        for i, f in enumerate(families)
    )
    Case.objects.bulk_create(
        Case(family=f, team=names.south, caseworker=names.south_worker, opened_on=date(2026, 1, 5)) for f in families
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_case")
        cursor.execute("SET enable_seqscan = off")  # small tables: ask whether the index *can* answer
    cases = access.visible_cases(names.caseworker).filter(access.matching_cases_q("jänsen"))
    nodes = list(_nodes(json.loads(cases.explain(format="json"))[0]["Plan"]))
    indexes = {node.get("Index Name") for node in nodes}
    assert CASE_NAMES_INDEX in indexes and not set(TRIGRAM_INDEXES) & indexes, nodes
    assert "cases_member" not in {node.get("Relation Name") for node in nodes}, nodes  # (the family: its name shown)


def _nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from _nodes(child)


@requires_postgres()
def test_it_keeps_no_pending_list_in_the_trigram_indexes_on_postgresql(db):
    with connection.cursor() as cursor:
        indexes = [*TRIGRAM_INDEXES, CASE_NAMES_INDEX]
        cursor.execute("SELECT relname, reloptions FROM pg_class WHERE relname = ANY(%s)", [indexes])
        options = dict(cursor.fetchall())
    assert options == {index: ["fastupdate=off"] for index in indexes}, options
