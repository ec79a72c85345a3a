"""The styled Dutch error pages: the 403 message fits the refusal."""

import pytest
from django.urls import reverse

READ_ONLY = "Je mag dit bekijken, maar niet wijzigen."
NO_ACCESS = "Je hebt geen toegang tot deze pagina."


def test_it_says_see_but_not_change_when_a_change_is_refused_on_a_case_the_user_sees(client, world):
    client.force_login(world.colleague)  # sees the team's case, works on it not
    response = client.post(reverse("cases:add_note", args=[world.case.pk]), {"text": "x", "voice": "family"})
    html = response.content.decode()
    assert response.status_code == 403
    assert READ_ONLY in html and NO_ACCESS not in html


@pytest.mark.parametrize(
    ("persona", "path"),
    [("caseworker", reverse("audit:log")), ("administrator", reverse("cases:register"))],
)
def test_it_says_no_access_where_the_user_may_not_see_the_page(client, world, persona, path):
    client.force_login(world.persona(persona))
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 403
    assert NO_ACCESS in html and READ_ONLY not in html


@pytest.mark.parametrize("path", ["/cases/999999/", "/bestaat-niet/"])
def test_it_shows_the_styled_dutch_404_page_also_with_debug_on(client, world, settings, path):
    settings.DEBUG = True
    client.force_login(world.caseworker)
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 404
    assert "Niet gevonden" in html and 'lang="nl"' in html
    assert "URLconf" not in html and "Using the URLconf" not in html and "samenplan.urls" not in html


def test_it_keeps_a_404_under_the_api_json_with_debug_on(client, world, settings):
    settings.DEBUG = True
    client.force_login(world.caseworker)
    response = client.get("/api/v1/bestaat-niet/")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"
