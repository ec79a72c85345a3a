"""Every response samenplan renders carries Cache-Control: no-store (pages and API, errors too) and the
Content-Security-Policy. (With production settings through gunicorn: tests/security/test_gunicorn.py.)"""

from __future__ import annotations

import pytest
from knox.models import AuthToken


def paths(world):
    case = world.case
    return [
        f"/cases/{case.pk}/",
        "/cases/",
        f"/api/v1/cases/{case.pk}/",
        f"/api/v1/families/{case.family_id}/members/",
        "/api/v1/families/",
        f"/cases/{world.outsider_case.pk}/",  # 404
        "/accounts/login/",
    ]


@pytest.mark.parametrize("index", range(7))
def test_it_forbids_storing_any_answer(client, world, index):
    client.force_login(world.caseworker)
    response = client.get(paths(world)[index])
    assert response.status_code in (200, 302, 404)
    assert "no-store" in response["Cache-Control"]
    if response["Content-Type"].startswith("text/html") and response.status_code == 200:
        assert "script-src 'self' 'nonce-" in response["Content-Security-Policy"]


def test_it_forbids_storing_a_form_with_errors(client, world):
    client.force_login(world.caseworker)
    response = client.post(f"/cases/{world.case.pk}/notes/", {"text": ""})
    assert response.status_code == 422
    assert "no-store" in response["Cache-Control"]


def test_it_forbids_storing_answers_to_an_api_token(client, world):
    _instance, token = AuthToken.objects.create(world.caseworker)
    response = client.get(f"/api/v1/cases/{world.case.pk}/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
