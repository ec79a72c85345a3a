"""Every user logs in with a second factor: enforced on every page, asked for at login, stored encrypted."""

from __future__ import annotations

import time
from urllib.parse import quote

import pytest
from allauth.mfa.models import Authenticator
from cryptography.fernet import InvalidToken
from django.db import connection
from django.test import Client
from django.urls import reverse

from samenplan.accounts.models import Role
from tests.factories import PASSWORD, code_for_secret, member_of, recovery_codes, totp_code, totp_secret

LOGIN = reverse("account_login")
AUTHENTICATE = reverse("mfa_authenticate")
CASELOAD = reverse("cases:caseload")


def log_in_with_password(client: Client, username: str, password: str = PASSWORD):
    return client.post(LOGIN, {"login": username, "password": password})


def is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


# --- enforcement: no page without a second factor -----------------------------------------------------------


@pytest.mark.parametrize("role", list(Role.values))
def test_it_sends_a_user_without_a_second_factor_to_set_one_up(client, world, role):
    user = member_of(world.north, role, username=f"nieuw_{role}", second_factor=False)
    client.force_login(user)
    for url in (CASELOAD, reverse("cases:dossier", args=[world.case.pk]), reverse("audit:log")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_index")


def test_it_shows_no_client_data_to_a_user_without_a_second_factor(client, world):
    user = member_of(world.north, Role.PROFESSIONAL, username="nieuw", second_factor=False)
    client.force_login(user)
    response = client.get(reverse("cases:dossier", args=[world.case.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("mfa_index")
    assert b"Jansen" not in response.content
    assert b"tweede factor" in response.content.lower()


def test_it_answers_the_api_with_a_structured_403_without_a_second_factor(client, world):
    user = member_of(world.north, Role.PROFESSIONAL, username="nieuw", second_factor=False)
    client.force_login(user)
    response = client.get(reverse("api-families"))
    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "second_factor_required"


def test_it_lets_a_user_without_a_second_factor_reach_the_setup_pages_and_log_out(client, world):
    user = member_of(world.north, Role.PROFESSIONAL, username="nieuw", second_factor=False)
    client.force_login(user)
    assert client.get(reverse("mfa_index")).status_code == 200
    # Setting up needs the password again (a session opened with force_login has no recent login)...
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert client.get(reverse("account_reauthenticate")).status_code == 200
    assert client.get(reverse("healthz")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302
    assert not is_logged_in(client)


def test_it_lets_a_new_user_set_up_an_authenticator_app_at_first_login_and_then_work(client, world):
    user = member_of(world.north, Role.PROFESSIONAL, username="nieuw", second_factor=False)
    response = log_in_with_password(client, "nieuw")
    assert response["Location"] == reverse("cases:caseload")
    assert client.get(CASELOAD)["Location"] == reverse("mfa_index")

    activate = reverse("mfa_activate_totp")
    response = client.get(activate)  # changing how one logs in asks for the password again, even now
    assert response["Location"] == f"{reverse('account_reauthenticate')}?next={quote(activate, safe='')}"
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response["Location"] == activate
    page = client.get(activate)
    assert page.status_code == 200
    secret = page.context["form"].secret
    assert secret.encode() in page.content  # to type in when the QR code cannot be scanned
    assert b"<svg" in page.content and b"data:image" not in page.content
    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert wrong.status_code == 200
    assert not Authenticator.objects.filter(user=user).exists()

    response = client.post(reverse("mfa_activate_totp"), {"code": code_for_secret(secret)})
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert totp_secret(user) == secret
    assert len(recovery_codes(user)) == 10
    assert client.get(CASELOAD).status_code == 200


# --- the login form asks for the code ----------------------------------------------------------------------


def test_it_asks_for_the_code_after_the_password_and_logs_in_only_with_a_valid_one(client, world):
    response = log_in_with_password(client, "caseworker")
    assert response["Location"] == AUTHENTICATE
    assert not is_logged_in(client)
    assert client.get(CASELOAD)["Location"].startswith(LOGIN)  # the password alone opens nothing

    page = client.get(AUTHENTICATE)
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.content.decode()

    for wrong in ("000000", "12345", "abcdef", ""):
        response = client.post(AUTHENTICATE, {"code": wrong})
        assert response.status_code == 200, wrong
        assert not is_logged_in(client)

    response = client.post(AUTHENTICATE, {"code": totp_code(world.caseworker)})
    assert response.status_code == 302
    assert response["Location"] == CASELOAD
    assert is_logged_in(client)
    assert client.get(CASELOAD).status_code == 200


def test_it_refuses_a_code_from_another_time_window(client, world):
    log_in_with_password(client, "caseworker")
    stale = totp_code(world.caseworker, at=time.time() - 120)
    client.post(AUTHENTICATE, {"code": stale})
    assert not is_logged_in(client)


def test_it_refuses_a_code_that_was_just_used(world):
    code = totp_code(world.caseworker)
    first, second = Client(), Client()
    log_in_with_password(first, "caseworker")
    first.post(AUTHENTICATE, {"code": code})
    assert is_logged_in(first)
    log_in_with_password(second, "caseworker")
    second.post(AUTHENTICATE, {"code": code})
    assert not is_logged_in(second)


def test_it_refuses_a_wrong_password_before_any_code_is_asked(client, world):
    response = log_in_with_password(client, "caseworker", "niet-het-wachtwoord")
    assert response.status_code == 200
    assert client.get(AUTHENTICATE)["Location"] == LOGIN


def test_it_accepts_a_recovery_code_once(world):
    code = recovery_codes(world.caseworker)[3]
    first = Client()
    log_in_with_password(first, "caseworker")
    first.post(AUTHENTICATE, {"code": code})
    assert is_logged_in(first)
    assert code not in recovery_codes(world.caseworker)
    assert len(recovery_codes(world.caseworker)) == 9

    second = Client()
    log_in_with_password(second, "caseworker")
    response = second.post(AUTHENTICATE, {"code": code})
    assert response.status_code == 200
    assert not is_logged_in(second)


def test_it_stops_accepting_codes_after_five_wrong_ones(client, world):
    log_in_with_password(client, "caseworker")
    for _ in range(5):
        client.post(AUTHENTICATE, {"code": "000000"})
    response = client.post(AUTHENTICATE, {"code": totp_code(world.caseworker)})
    assert not is_logged_in(client)
    assert "pogingen" in response.content.decode().lower()


# --- stored encrypted ---------------------------------------------------------------------------------------


def test_it_stores_the_totp_secret_and_the_recovery_seed_encrypted(world):
    secret = totp_secret(world.caseworker)
    codes = recovery_codes(world.caseworker)
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM mfa_authenticator WHERE user_id = %s", [world.caseworker.pk])
        stored = " ".join(str(row[0]) for row in cursor.fetchall())
    assert secret not in stored
    assert not any(code in stored for code in codes)
    assert stored.count("fernet1:") == 2


def test_it_cannot_read_the_secrets_with_another_key(world, settings):
    settings.MFA_ENCRYPTION_KEY = "een-andere-sleutel-" * 3
    with pytest.raises(InvalidToken):
        totp_secret(world.caseworker)
