"""The caseload: my open cases grouped by phase; search across the cases I may see."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from samenplan.caseload.paging import PER_PAGE
from samenplan.cases import actions
from samenplan.cases.models import Phase
from tests.audit.statements import record_statements
from tests.conftest import register

URL = reverse("cases:caseload")


def test_it_groups_my_open_cases_by_phase(client, world):
    other = register(world.caseworker, world.north, name="Pietersen")
    actions.do_move_phase(world.caseworker, other, target=Phase.CLARIFICATION, expected_version=1)
    client.force_login(world.caseworker)
    response = client.get(URL)
    groups = {phase.value: [c["family"] for c in cases] for phase, cases, _ in response.context["groups"]}
    assert groups == {"registration": ["Jansen"], "clarification": ["Pietersen"]}


def test_it_shows_a_colleague_only_their_own_cases_until_they_ask_for_the_team(client, world):
    client.force_login(world.colleague)
    assert client.get(URL).context["count"] == 0
    assert client.get(URL, {"scope": "team"}).context["count"] == 1


def test_it_finds_a_family_by_part_of_its_name(client, world):
    register(world.caseworker, world.north, name="Van den Berg")
    client.force_login(world.caseworker)
    response = client.get(URL, {"q": "berg"})
    assert [c["family"] for _, cases, _ in response.context["groups"] for c in cases] == ["Van den Berg"]


def test_it_never_finds_another_organisation_s_family(client, world):
    client.force_login(world.caseworker)
    response = client.get(URL, {"q": "Bakker"})
    assert response.context["count"] == 0
    assert reverse("cases:dossier", args=[world.outsider_case.pk]).encode() not in response.content


def test_it_answers_htmx_with_the_results_only(client, world):
    client.force_login(world.caseworker)
    response = client.get(URL, {"q": "Jan"}, headers={"HX-Request": "true"})
    assert response.templates[0].name == "cases/_caseload_results.html"
    assert b"<html" not in response.content
    assert b"Jansen" in response.content


def test_it_survives_a_very_long_search(client, world):
    client.force_login(world.caseworker)
    response = client.get(URL, {"q": "x" * 5000})
    assert response.status_code == 200


@pytest.mark.parametrize("families", [1, 10])
def test_it_uses_the_same_number_of_queries_for_any_caseload(client, world, django_assert_num_queries, families):
    for i in range(families):
        register(world.caseworker, world.north, name=f"Gezin {i}")
    client.force_login(world.caseworker)
    # session, the user with their roles, a page of cases (less than a page: no count), the access-log record
    # (tests/audit/statements.py)
    with django_assert_num_queries(3 + record_statements()):
        client.get(URL, {"scope": "team"})


def test_it_counts_a_caseload_of_more_than_a_page(client, world, django_assert_num_queries):
    for i in range(PER_PAGE):
        register(world.caseworker, world.north, name=f"Gezin {i:02}")
    client.force_login(world.caseworker)
    # the first page holds the length of the whole list (a window): no COUNT of its own
    with django_assert_num_queries(3 + record_statements()):
        response = client.get(URL, {"scope": "team"})
    pager = response.context["pager"]
    assert (response.context["count"], len(pager.object_list), pager.page.number) == (PER_PAGE + 1, PER_PAGE, 1)
    assert pager.next_url.endswith("page=2")
    second = client.get(URL, {"scope": "team", "page": "2"}).context
    rows = [c["family"] for _, cases, _ in second["groups"] for c in cases]
    assert (second["count"], rows) == (PER_PAGE + 1, ["Jansen"])


@pytest.mark.parametrize("page", ["1", "x", "0", "9"])
def test_it_shows_a_short_caseload_on_one_page_whatever_page_is_asked(client, world, page):
    client.force_login(world.caseworker)
    response = client.get(URL, {"scope": "team", "page": page})
    assert (response.context["count"], response.context["pager"].page.number, response.context["pager"].links) == (
        1,
        1,
        [(1, "/cases/?scope=team&page=1", True)],
    )


def test_it_starts_a_team_lead_on_the_team_s_cases(client, world):
    client.force_login(world.team_lead)
    response = client.get(URL)
    assert (response.context["scope"], response.context["count"]) == ("team", 1)
    assert client.get(URL, {"scope": "mine"}).context["count"] == 0


def test_it_finds_a_family_by_a_member_s_given_name(client, world):
    register(world.caseworker, world.north, name="Pietersen")  # its members are Sanne and Mees Pietersen
    client.force_login(world.caseworker)
    found = client.get(URL, {"q": "mees"}).context["groups"]
    assert sorted(c["family"] for _, cases, _ in found for c in cases) == ["Jansen", "Pietersen"]


def test_it_finds_a_family_by_a_member_s_full_name_word_by_word(client, world):
    register(world.caseworker, world.north, name="Pietersen")
    client.force_login(world.caseworker)
    found = client.get(URL, {"q": "Sanne Pieter"}).context["groups"]
    assert [c["family"] for _, cases, _ in found for c in cases] == ["Pietersen"]


def test_it_shows_each_case_s_row_with_its_texts_escaped(client, world):
    case = register(world.caseworker, world.north, name="O'Brien & <Zoon>", child_protection_measure=True)
    client.force_login(world.caseworker)
    page = client.get(URL).content.decode()
    dossier = reverse("cases:dossier", args=[case.pk])
    row = (
        f'<a class="utrecht-link samenplan-caseload__family" href="{dossier}">O&#x27;Brien &amp; &lt;Zoon&gt;</a>\n'
        f'          <span class="samenplan-badge samenplan-badge--measure">kinderbeschermingsmaatregel</span>\n'
        f"          </th>\n"
        f'        <td class="utrecht-table__cell">{escape(world.caseworker.get_full_name())}</td>\n'
        f'        <td class="utrecht-table__cell">Wijkteam Noord</td>\n'
        f'        <td class="utrecht-table__cell"><time datetime="{case.opened_on:%Y-%m-%d}">'
        f"{case.opened_on:%d-%m-%Y}</time></td>"
    )
    assert row in page
    assert "<Zoon>" not in page
