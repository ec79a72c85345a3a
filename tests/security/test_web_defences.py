"""Defences the framework gives, checked as samenplan is configured (ASVS 5.0 V1, V3, V11)."""

import pytest
from django.conf import global_settings, settings
from django.test import Client
from django.urls import reverse

import samenplan.conf.settings as production_settings
from samenplan.cases.models import DossierEntry

from ..conftest import register


def test_it_refuses_a_web_form_post_without_the_csrf_token(world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.caseworker)
    notes = DossierEntry.objects.filter(case=world.case).count()

    response = browser.post(reverse("cases:add_note", args=[world.case.pk]), {"text": "Zonder token"})

    assert response.status_code == 403
    assert DossierEntry.objects.filter(case=world.case).count() == notes


@pytest.mark.parametrize("query", ["' OR '1'='1", "%", "_", "Bakker' --", '"; DROP TABLE cases_case; --'])
def test_it_treats_sql_and_wildcard_characters_in_a_search_as_text(client, world, query):
    register(world.caseworker, world.north, name="Van den Berg")
    client.force_login(world.caseworker)

    response = client.get(reverse("cases:caseload"), {"q": query, "scope": "team"})

    assert response.status_code == 200
    assert response.context["count"] == 0


def test_it_hashes_passwords_with_a_slow_salted_hash():
    hashers = getattr(production_settings, "PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS)
    assert hashers[0].rsplit(".", 1)[1] in {"PBKDF2PasswordHasher", "Argon2PasswordHasher", "ScryptPasswordHasher"}
    assert not any("MD5" in h or "Unsalted" in h for h in hashers)  # older hashes may be read, never these


def test_it_ends_the_session_on_the_server_at_log_out(client, world):
    client.force_login(world.caseworker)
    old_key = client.session.session_key
    assert client.get(reverse("cases:caseload")).status_code == 200

    assert client.post(reverse("account_logout")).status_code == 302

    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_key  # the cookie an attacker kept
    response = replay.get(reverse("cases:caseload"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_grants_no_other_origin_access_to_the_api(client, world):
    client.force_login(world.caseworker)
    origin = {"HTTP_ORIGIN": "https://evil.example"}

    read = client.get("/api/v1/families/", **origin)
    preflight = client.options("/api/v1/families/", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST", **origin)

    for response in (read, preflight):
        assert not any(header.lower().startswith("access-control-allow") for header in response.headers)
