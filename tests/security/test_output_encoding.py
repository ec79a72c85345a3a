"""Output encoding: text a user typed reaches the page as text, never as markup (ASVS 5.0 V1)."""

import json

from django.urls import reverse

from samenplan.cases import actions
from samenplan.cases.models import Voice

from ..conftest import register

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_it_escapes_what_users_typed_on_the_dossier(client, world):
    case = register(world.caseworker, world.north, name="Jansen" + PAYLOAD)
    actions.do_add_note(world.caseworker, case, text="Notitie " + PAYLOAD, voice=Voice.PROFESSIONAL)
    client.force_login(world.caseworker)

    html = client.get(reverse("cases:dossier", args=[case.pk])).content.decode()

    assert PAYLOAD not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in html


def test_it_returns_typed_text_as_json_data_not_as_a_page(client, world):
    case = register(world.caseworker, world.north, name="Jansen" + PAYLOAD)
    client.force_login(world.caseworker)

    response = client.get(f"/api/v1/families/{case.family_id}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert json.loads(response.content)["name"] == "Jansen" + PAYLOAD
