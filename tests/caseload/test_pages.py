"""The dashboard, the team view and the paginated lists: what they show, to whom, what they log, and a number of
queries that does not grow with the caseload."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samenplan.audit.models import AccessLogRecord
from tests.caseload.factories import busy_cases

DASHBOARD = reverse("caseload:dashboard")
CASELOAD = reverse("cases:caseload")
TEAM = reverse("caseload:team")


def _last_record():
    return AccessLogRecord.objects.order_by("-seq").first()


def _logged_families(record) -> set[str]:
    first = record.detail.split()[0]
    return set(first.removeprefix("families=").split(",")) if first.startswith("families=") else set()


def test_it_shows_the_caseworker_what_is_due_in_groups_with_links_to_where_it_is_done(client, world):
    busy_cases(world, 2)
    client.force_login(world.caseworker)
    response = client.get(DASHBOARD)
    html = response.content.decode()
    assert response.status_code == 200
    assert [g.key for g in response.context["dashboard"].groups] == ["evaluations", "consultations", "consents",
                                                                     "family_input", "plans", "inactive"]  # fmt: skip
    assert "Adviesvragen die wachten of beantwoord zijn" in html
    assert f'href="/cases/{world.case.pk}/analysis/#consultation"' in html
    assert "Drukte0000" in html and "Drukte0001" in html
    assert 'id="group-evaluations"' in html  # the evaluations app provides its group, empty here
    record = _last_record()
    assert (record.action, record.event) == ("caseload.dashboard", "read")
    shown = {str(world.case.family_id), *(str(c.family_id) for c in world.case.__class__.objects.filter(
        family__name__startswith="Drukte"))}  # fmt: skip
    assert _logged_families(record) == shown


def test_it_shows_a_colleague_nothing_of_cases_that_are_not_theirs(client, world):
    busy_cases(world, 2)
    client.force_login(world.colleague)
    response = client.get(DASHBOARD)
    assert "Drukte" not in response.content.decode() and "Jansen" not in response.content.decode()
    assert all(not g.items for g in response.context["dashboard"].groups)


def test_it_shows_the_coworker_the_cases_they_work_on(client, world):
    client.force_login(world.coworker)
    response = client.get(DASHBOARD)
    assert "Jansen" in response.content.decode()  # the world's consultation on the case they co-work on


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", [DASHBOARD, CASELOAD])
def test_its_number_of_queries_does_not_grow_with_the_caseload(client, world, url):
    busy_cases(world, 4)  # with the world's case: 5
    client.force_login(world.caseworker)
    _queries(client, url)  # the first request warms the session
    few = _queries(client, url)
    busy_cases(world, 55, prefix="Meer")  # 60
    many = _queries(client, url)
    # the caseload's page holds the length of the whole list: no COUNT query once they fill more than a page
    assert many == few, f"{few} queries with 5 cases, {many} with 60"
    assert few <= 25


def test_a_team_lead_sees_the_teams_cases_and_pages_through_a_long_group(client, world):
    busy_cases(world, 30, caseworker=world.colleague)
    client.force_login(world.team_lead)
    response = client.get(TEAM)
    consents = next(g for g in response.context["dashboard"].groups if g.key == "consents")
    assert (consents.total, len(consents.shown)) == (30, 10)
    html = response.content.decode()
    assert "?group=consents" in html
    few = _queries(client, TEAM + "?group=consents")
    response = client.get(TEAM, {"group": "consents", "page": 1})
    assert len(response.context["pager"].object_list) == 30  # a page holds 50
    busy_cases(world, 25, caseworker=world.colleague, prefix="Later")
    response = client.get(TEAM, {"group": "consents", "page": 2})
    page = response.context["pager"]
    assert (page.page.number, len(page.object_list), page.page.paginator.count) == (2, 5, 55)
    html = response.content.decode()
    assert 'aria-current="page"' in html and "Vorige" in html and "Pagina 2 van 2" in html
    assert _queries(client, TEAM + "?group=consents&page=2") == few
    record = _last_record()
    assert (record.action, "group=consents" in record.detail) == ("caseload.team", True)
    assert len(_logged_families(record)) == 5  # only the families on the page


def test_only_team_leads_have_the_team_view(client, world):
    for persona, status in (("caseworker", 403), ("administrator", 403), ("south_lead", 200)):
        client.force_login(world.persona(persona))
        assert client.get(TEAM).status_code == status
    assert "Jansen" not in client.get(TEAM).content.decode()  # the other team's lead: not Noord's cases


def test_a_page_number_out_of_range_gives_the_last_page_not_an_error(client, world):
    busy_cases(world, 3)
    client.force_login(world.caseworker)
    for page in ("999", "x", "-1"):
        assert client.get(DASHBOARD, {"group": "consents", "page": page}).status_code == 200
    assert client.get(DASHBOARD, {"group": "nonsense"}).status_code == 200


def test_the_caseload_list_shows_a_page_of_fifty_and_counts_them_all(client, world):
    busy_cases(world, 59)
    client.force_login(world.caseworker)
    response = client.get(reverse("cases:caseload"))
    rows = [c for _, cases, _ in response.context["groups"] for c in cases]
    assert (len(rows), response.context["count"]) == (50, 60)
    assert _logged_families(_last_record()) == {str(c["family_id"]) for c in rows}
    second = client.get(reverse("cases:caseload"), {"page": 2})
    assert len([c for _, cases, _ in second.context["groups"] for c in cases]) == 10
    assert "Pagina 2 van 2" in second.content.decode()
    only = client.get(reverse("cases:caseload"), {"phase": "registration", "scope": "mine"})
    assert only.context["count"] == 60
    assert client.get(reverse("cases:caseload"), {"phase": "goals"}).context["count"] == 0


def test_the_team_overview_pages_its_cases_and_shows_the_consultations_waiting(client, world):
    busy_cases(world, 54, caseworker=world.colleague)
    client.force_login(world.team_lead)
    url = reverse("administration:team_overview", args=[world.north.pk])
    response = client.get(url)
    html = response.content.decode()
    assert len(response.context["cases_pager"].object_list) == 50
    assert response.context["overview"].consultations_waiting[0].case == world.case
    assert 'id="consultations-waiting"' in html and "Femke Jacobs" in html
    assert len(_logged_families(_last_record())) <= 55
    assert len(client.get(url, {"page": 2}).context["cases_pager"].object_list) == 5
