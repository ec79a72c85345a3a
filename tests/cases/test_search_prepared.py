"""The caseload's search (``/cases/?q=``) reads its page through a query compiled once per shape of the search
(the kinds of its words, the user's relations, a phase or not) and connection: the rows are the ones the ORM's own
query gives for every kind of input, with the same parameters it compiles."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections, router
from django.db.models import Count, F, Q, Window
from django.template import engines
from django.urls import reverse
from django.utils import translation

from samenplan.caseload.paging import Counted, PreparedCounted
from samenplan.cases import access, actions, search, views
from samenplan.cases.models import Case, Family, Member, MemberRole, Phase
from samenplan.cases.predicates import CasesOf
from tests.conftest import register, requires_postgres

QUERIES = [
    "jansen",
    "JÄNSEN",
    "jän",
    "Jan",
    "zoe",
    "zoë vries",
    "de vries",
    "van der",
    "de",
    "vr",
    "d",
    "'t",
    "\u2019t hart",
    "o'brien",
    '"jansen"',
    "%",
    "_",
    "j_nsen",
    "50%",
    "back\\slash",
    "x" * 100,
    "zo jansen",
    "jansen zo de",
    "nobody-at-all",
    "jan zoë vries hart",
    "a b c d e f g",
]


@pytest.fixture
def families(world):
    zoe = {"given_name": "Zoë", "family_name": "de Vries", "role": MemberRole.PARENT, "has_custody": True}
    for name in ("Jänsen", "jansen", "de Vries", "van der Berg", "'t Hart", "O'Brien", "50% Jansen", "J_nsen"):
        register(world.caseworker, world.north, name=name)
    register(world.caseworker, world.north, name="Pietersen", members=[{**zoe, "date_of_birth": date(1990, 1, 1)}])
    return world


def orm_rows(user, query: str, phase: str = "") -> list[dict]:
    """The page as the view read it before: the ORM's query, compiled on every request."""
    cases = Case.objects.filter(CasesOf(user)).filter(access.matching_cases_q(query))
    cases = cases.filter(phase=phase) if phase else cases
    return Counted(cases.order_by(views.PhaseRank(), "family_name", "pk").values(*views.CASELOAD_FIELDS))[0:50]


def compiled(user, query: str, phase: str = ""):
    cases = views._matching_cases(user, query, phase)
    page = cases.build().annotate(**{"list_length": Window(Count("*"))})[0:50]
    connection = connections[router.db_for_read(Case)]
    return cases, page.query.get_compiler(connection=connection).as_sql()[1]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("phase", ["", "registration"])
def test_it_reads_the_rows_the_orm_reads(families, query, phase):
    for user in (families.caseworker, families.outsider, families.team_lead, families.coworker):
        if len(search.query_words(query)) > views.COMPILED_WORDS:
            cases = views._matching_cases(user, query, phase)
            assert not isinstance(cases, PreparedCounted)  # a connection keeps a bounded number of statements
        else:
            cases, params = compiled(user, query, phase)
            assert list(params) == list(cases.params)  # else the query would be compiled on every request
        assert cases[0:50] == orm_rows(user, query, phase), (user, query)


def main_rows(user, query: str) -> list[dict]:
    """The page as main read it before ``Case.names_folded``: each word a ``UNION`` of the families and the members
    whose names hold it."""
    condition = Q()
    for word in search.query_words(query):
        condition &= Q(family_id__in=access.matching_family_ids(word))
    cases = Case.objects.filter(CasesOf(user)).filter(condition)
    return Counted(cases.order_by(views.PhaseRank(), "family_name", "pk").values(*views.CASELOAD_FIELDS))[0:50]


MORE_QUERIES = [*QUERIES, "sanne", "mees", "ZOË", "oë", "ies", "brien", "line", "s\nj", "jansen\n", "ünal", "ans"]


@pytest.mark.parametrize("query", MORE_QUERIES)
def test_it_finds_what_main_found_by_the_names_of_the_family_and_its_members(families, query):
    """Every name of a family or its members, changed, moved, added and removed, as main's search found them."""
    world = families
    other = register(world.south_worker, world.south, name="Ünal", coworkers=[world.two_team_worker])
    moved = Member.objects.create(family=other.family, given_name="Brien", family_name="Line\nbreak", role="parent")
    pietersen = Family.objects.get(name="Pietersen")
    Member.objects.filter(family=pietersen, given_name="Zoë").update(given_name="Sanne-Zoë")
    Member.objects.filter(pk=moved.pk).update(family=pietersen)
    Member.objects.filter(family__name="jansen", given_name="Mees").delete()
    Family.objects.filter(name="J_nsen").update(name="Ans")
    Case.objects.filter(family__name="'t Hart").update(closed_on=F("opened_on"))  # a closed case is found too
    for user in (
        world.caseworker,
        world.outsider,
        world.team_lead,
        world.coworker,
        world.south_worker,
        world.two_team_worker,
    ):
        assert views._matching_cases(user, query, "")[0:50] == main_rows(user, query), (user, query)


def test_it_compiles_the_search_once_for_words_of_the_same_kinds(families, monkeypatch):
    connection = connections[router.db_for_read(Case)]
    connection.__dict__.pop("samenplan_prepared_values", None)  # compiled by earlier tests on this connection
    built = []
    original = views._matching_cases

    def counting(user, query, phase):
        cases = original(user, query, phase)
        build = cases.build
        cases.build = lambda: built.append(query) or build()
        return cases

    monkeypatch.setattr(views, "_matching_cases", counting)
    for query in ("jansen", "vries", "berg", "jansen vries", "hart berg", "vr", "ja"):
        user = families.caseworker
        assert views._matching_cases(user, query, "")[0:50] == orm_rows(user, query)
    assert built == ["jansen", "jansen vries", "vr"]
    keys = [key for key in connection.__dict__["samenplan_prepared_values"] if key[0][0] == "search"]
    assert sorted(key[0][2] for key in keys) == sorted([("long",), ("long", "long"), ("short",)])


def test_it_plans_only_a_search_of_longer_words_once_per_connection(families):
    prepared = {q: views._matching_cases(families.caseworker, q, "").prepare for q in ("jansen", "jan vries", "vr")}
    assert prepared == {"jansen": True, "jan vries": True, "vr": False}
    assert views._matching_cases(families.caseworker, "van der", "").prepare is False  # a btree index's prefix
    assert views._matching_cases(families.caseworker, "jansen vr", "").prepare is False


@pytest.mark.parametrize("query", QUERIES)
def test_it_answers_every_search_on_the_page(client, families, query):
    client.force_login(families.caseworker)
    response = client.get(reverse("cases:caseload"), {"q": query})
    assert response.status_code == 200
    expected = orm_rows(families.caseworker, query)
    assert [row["pk"] for group in response.context["groups"] for row in group[1]] == [r["pk"] for r in expected]
    if not expected:
        assert 'class="utrecht-paragraph samenplan-empty"' in response.content.decode()


def test_word_params_are_the_compiled_parameters_of_each_kind():
    assert search.word_kind("van der") == search.PHRASE
    assert search.word_kind("De") == search.PHRASE
    assert search.word_kind("vr") == search.SHORT
    assert search.word_kind("vri") == search.LONG
    assert search.word_params("50%") == ["%50\\%%"]  # Case.names_folded
    assert search.word_params("V_") == ["v\\_%"] * 3
    assert search.word_params("van der") == ["van der %"] * 2


TEMPLATE_RESULTS = Path(__file__).with_name("caseload_results_template.html")  # the partial before phase_sections


@pytest.fixture
def many(families):
    """Cases in several phases, with a child-protection measure, closed, and names that need escaping."""
    world = families
    for name in ('<script>alert("x")</script>', "Smit & Zn", "Jansen-Ünal"):
        case = register(world.caseworker, world.north, name=name)
        actions.do_move_phase(world.caseworker, case, target=Phase.CLARIFICATION, expected_version=1)
    Case.objects.filter(family__name="Smit & Zn").update(child_protection_measure=True)
    Case.objects.filter(family__name="'t Hart").update(closed_on=F("opened_on"))
    return world


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(
    "params",
    [
        {"q": "jansen"},
        {"q": "s"},
        {"q": "smit"},
        {"q": "hart"},
        {"q": "<script>"},
        {"q": "nobody-at-all"},
        {"q": "jansen", "phase": "clarification"},
        {"q": "j", "phase": "help"},
        {},
        {"scope": "team"},
        {"phase": "clarification"},
        {"scope": "team", "page": "2"},
    ],
)
def test_it_writes_the_results_as_the_template_did(client, many, language, params):
    """The results (the partial htmx asks for, and the same inside the full page) byte for byte as the template
    wrote them when it looped over the groups itself."""
    client.force_login(many.caseworker)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    partial = client.get(reverse("cases:caseload"), params, headers={"HX-Request": "true"})
    page = client.get(reverse("cases:caseload"), params)
    assert partial.status_code == page.status_code == 200
    context = {key: partial.context[key] for key in ("groups", "query", "scope", "count", "pager", "phase")}
    with translation.override(language):
        expected = engines["django"].from_string(TEMPLATE_RESULTS.read_text()).render(context)
    assert partial.content.decode() == expected
    assert f'aria-live="polite">{expected}</div>' in page.content.decode()
    if "phase" not in params and "page" not in params and params.get("q") not in ("nobody-at-all", "<script>"):
        assert "<section" in expected
    if params.get("q") in ("smit", "hart"):
        assert "samenplan-badge" in expected


@requires_postgres()
def test_it_keeps_one_plan_for_searches_of_longer_words_on_postgresql(families):
    """The pattern is a value the statement computes (``LIKE (SELECT …)``), estimated alike for every word: after
    its first five runs PostgreSQL runs the prepared statement with its generic plan, planned once."""
    connection = connections[router.db_for_read(Case)]

    def generic_plans() -> int:  # of the statements on this connection that search longer words (earlier tests too)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT coalesce(sum(generic_plans), 0) FROM pg_prepared_statements WHERE statement LIKE %s",
                ['%names_folded" LIKE (SELECT lower(samenplan_unaccent($%'],
            )
            return cursor.fetchone()[0]

    before = generic_plans()
    words = ["jansen", "vries", "berg", "hart", "brien", "pietersen", "zoë", "jän"]
    for word in words:
        assert views._matching_cases(families.caseworker, word, "")[0:50] == orm_rows(families.caseworker, word)
    assert generic_plans() - before >= len(words) - 5
