"""OPTIONS on the export endpoint answers with its description, never a server error."""

from django.urls import reverse


def test_it_answers_options_on_the_export(client, world):
    client.force_login(world.caseworker)
    response = client.options(reverse("api-member-export", args=[world.case.family.members.first().pk]))
    assert response.status_code == 200
    assert set(response.json()["methods"]) == {"GET", "HEAD", "OPTIONS"}
