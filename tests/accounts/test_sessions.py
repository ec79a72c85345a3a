"""Sessions: a new key at log-in, idle and absolute timeouts, and every session and API token of a user ends
when the password changes or the account is disabled."""

from __future__ import annotations

import time
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken

from samenplan.accounts.signals import LOGIN_AT, SEEN_AT
from tests.browser.conftest import PASSWORD
from tests.factories import recovery_codes

CASELOAD = "/cases/"


def logged_in(user) -> Client:
    """A browser that logged in through the form: the password, then the second factor (an unused recovery code,
    so the same user can log in twice within one TOTP period)."""
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content
    response = client.post(reverse("mfa_authenticate"), {"code": recovery_codes(user)[0]})
    assert response.status_code == 302 and response["Location"] == CASELOAD, response.content
    return client


def is_logged_in(client: Client) -> bool:
    response = client.get(CASELOAD)
    return response.status_code == 200


def set_clock(client: Client, **values) -> None:
    session = client.session
    for key, value in values.items():
        session[key] = value
    session.save()


def api_token(user) -> str:
    _instance, token = AuthToken.objects.create(user)
    return token


def token_works(token: str) -> bool:
    return Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200


def test_it_makes_a_new_session_key_at_log_in(world):
    client = Client()
    session = SessionStore()
    session["planted"] = True
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    response = client.post(reverse("account_login"), {"login": "caseworker", "password": PASSWORD})
    assert response.status_code == 302
    response = client.post(reverse("mfa_authenticate"), {"code": recovery_codes(world.caseworker)[0]})
    assert response.status_code == 302 and response["Location"] == CASELOAD
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != session.session_key
    assert not SessionStore().exists(session.session_key)


def test_it_ends_a_session_after_the_idle_timeout(world):
    client = logged_in(world.caseworker)
    now = int(time.time())
    set_clock(client, **{SEEN_AT: now - settings.SESSION_IDLE_TIMEOUT + 5})
    assert is_logged_in(client)
    set_clock(client, **{SEEN_AT: now - settings.SESSION_IDLE_TIMEOUT - 1})
    response = client.get(CASELOAD)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert not is_logged_in(client)


def test_activity_keeps_the_session_but_not_past_the_absolute_lifetime(world):
    client = logged_in(world.caseworker)
    now = int(time.time())
    set_clock(client, **{LOGIN_AT: now - settings.SESSION_ABSOLUTE_TIMEOUT + 5, SEEN_AT: now - 120})
    assert is_logged_in(client)
    assert client.session[SEEN_AT] >= now  # the activity was noted
    set_clock(client, **{LOGIN_AT: now - settings.SESSION_ABSOLUTE_TIMEOUT - 1, SEEN_AT: now})
    assert not is_logged_in(client)


def test_the_defaults_are_half_an_hour_idle_and_twelve_hours_in_all():
    assert settings.SESSION_IDLE_TIMEOUT == 30 * 60
    assert settings.SESSION_ABSOLUTE_TIMEOUT == 12 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_a_password_change_ends_the_other_sessions_and_every_api_token(world):
    elsewhere = logged_in(world.caseworker)
    here = logged_in(world.caseworker)
    token = api_token(world.caseworker)
    assert token_works(token)
    new_password = "een-heel-nieuw-wachtwoord-42"
    response = here.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert not is_logged_in(elsewhere)
    assert is_logged_in(here)  # the session that changed it goes on (with a new key)
    assert not token_works(token)
    assert not AuthToken.objects.filter(user=world.caseworker).exists()


def test_a_password_set_from_the_command_line_ends_every_session(world):
    client = logged_in(world.caseworker)
    token = api_token(world.caseworker)
    user = type(world.caseworker).objects.get(pk=world.caseworker.pk)
    user.set_password("een-ander-nieuw-wachtwoord-7")
    user.save(update_fields=["password"])
    assert not is_logged_in(client)
    assert not token_works(token)


def test_a_rehashed_password_is_no_change(world, settings):
    client = logged_in(world.caseworker)  # its hash is MD5 (the tests' fast hasher)
    token = api_token(world.caseworker)
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    other = logged_in(world.caseworker)  # the log-in upgrades the stored hash to PBKDF2
    world.caseworker.refresh_from_db()
    assert world.caseworker.password.startswith("pbkdf2_sha256$")
    assert is_logged_in(client) and is_logged_in(other)
    assert token_works(token)


def test_disabling_an_account_ends_its_sessions_and_tokens(world):
    client = logged_in(world.caseworker)
    token = api_token(world.caseworker)
    user = type(world.caseworker).objects.get(pk=world.caseworker.pk)
    user.is_active = False
    user.save()
    assert not is_logged_in(client)
    assert not AuthToken.objects.filter(user=user).exists()
    user.is_active = True  # enabled again, the old sessions stay ended
    user.save()
    assert not is_logged_in(client)
    assert not token_works(token)


def test_an_api_token_expires_after_its_ttl(world):
    instance, token = AuthToken.objects.create(world.caseworker)
    expected = timezone.now() + settings.REST_KNOX["TOKEN_TTL"]
    assert abs((instance.expiry - expected).total_seconds()) < 60
    assert settings.REST_KNOX["TOKEN_TTL"] == timedelta(hours=8)
    assert token_works(token)
    AuthToken.objects.filter(pk=instance.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    assert not token_works(token)
