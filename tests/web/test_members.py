"""Adding and changing family members."""

import pytest
from django.urls import reverse

from samenplan.cases.models import MemberRole


def test_it_adds_a_member_and_offers_another(client, world):
    client.force_login(world.caseworker)
    url = reverse("cases:add_member", args=[world.case.family_id])
    response = client.post(
        url,
        {
            "given_name": "Lotte",
            "role": "child",
            "date_of_birth": "2012-04-01",
            "lives_at_home": "true",
            "add_another": "1",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url
    lotte = world.case.family.members.get(given_name="Lotte")
    assert (lotte.lives_at_home, lotte.has_custody) == (True, None)


def test_it_explains_a_contradiction_next_to_the_field(client, world):
    client.force_login(world.caseworker)
    response = client.post(
        reverse("cases:add_member", args=[world.case.family_id]),
        {"given_name": "Kees", "role": "child", "has_custody": "true"},
    )
    assert response.status_code == 422
    assert "has_custody" in response.context["form"].errors


@pytest.mark.guideline("G2.5")
def test_it_asks_nothing_beyond_name_and_role(client, world):
    client.force_login(world.caseworker)
    response = client.post(
        reverse("cases:add_member", args=[world.case.family_id]), {"given_name": "Ilse", "role": "parent"}
    )
    assert response.status_code == 302
    assert world.case.family.members.filter(given_name="Ilse", date_of_birth=None).exists()


def test_it_changes_a_member_and_detects_a_concurrent_change(client, world):
    child = world.case.family.members.get(role=MemberRole.CHILD)
    url = reverse("cases:edit_member", args=[child.pk])
    client.force_login(world.caseworker)
    page = client.get(url)
    assert page.context["form"].initial["version"] == 1
    data = {
        "given_name": "Mees",
        "family_name": "Jansen",
        "role": "child",
        "date_of_birth": "2014-06-02",
        "lives_at_home": "false",
        "version": 1,
    }
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "given_name": "Max"})
    assert stale.status_code == 422
    assert stale.context["form"].non_field_errors()
    child.refresh_from_db()
    assert (child.given_name, child.lives_at_home, child.version) == ("Mees", False, 2)


def test_it_answers_404_for_a_member_of_another_organisation(client, world):
    client.force_login(world.caseworker)
    stranger = world.outsider_case.family.members.first()
    assert client.get(reverse("cases:edit_member", args=[stranger.pk])).status_code == 404
