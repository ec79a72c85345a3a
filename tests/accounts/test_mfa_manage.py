"""Changing a factor or the e-mail address asks who you are again; the last factor cannot be removed; a password
reset never skips the second factor."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, totp_code

REAUTHENTICATE = reverse("account_reauthenticate")
DEACTIVATE = reverse("mfa_deactivate_totp")


def reauthenticate(client: Client, next_url: str):
    response = client.post(f"{REAUTHENTICATE}?next={next_url}", {"password": PASSWORD})
    assert response.status_code == 302, response.content
    return response


def add_security_key(user) -> Authenticator:
    """A WebAuthn authenticator row as allauth stores one (the browser ceremony is not part of this test)."""
    return Authenticator.objects.create(
        user=user, type=Authenticator.Type.WEBAUTHN, data={"name": "Sleutel", "credential": {}}
    )


def test_it_asks_for_the_password_before_turning_off_the_authenticator_app(client, world):
    add_security_key(world.caseworker)
    client.force_login(world.caseworker)
    response = client.post(DEACTIVATE)
    assert response.status_code == 302
    assert response["Location"].startswith(REAUTHENTICATE)
    assert Authenticator.objects.filter(user=world.caseworker, type=Authenticator.Type.TOTP).exists()

    response = reauthenticate(client, DEACTIVATE)  # allauth then carries out the request it held back
    assert response["Location"] == reverse("mfa_index")
    assert not Authenticator.objects.filter(user=world.caseworker, type=Authenticator.Type.TOTP).exists()


def test_it_mails_the_user_when_a_second_factor_is_turned_off(client, world, with_email):
    add_security_key(world.caseworker)
    client.force_login(world.caseworker)
    reauthenticate(client, DEACTIVATE)
    client.post(DEACTIVATE)
    assert [m.to for m in mail.outbox] == [["anna@wijkteam.example"]]


def test_it_refuses_to_turn_off_the_last_second_factor(client, world):
    client.force_login(world.caseworker)
    reauthenticate(client, DEACTIVATE)
    response = client.post(DEACTIVATE)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Authenticator.objects.filter(user=world.caseworker, type=Authenticator.Type.TOTP).exists()


def test_it_accepts_a_code_from_the_app_to_confirm_it_is_you(client, world):
    client.force_login(world.caseworker)
    url = reverse("mfa_reauthenticate")
    assert client.post(f"{url}?next=/", {"code": "000000"}).status_code == 200
    response = client.post(f"{url}?next=/", {"code": totp_code(world.caseworker)})
    assert response.status_code == 302
    assert client.get(reverse("mfa_generate_recovery_codes")).status_code == 200


def test_it_asks_for_the_password_before_adding_a_factor_or_making_new_recovery_codes(client, world):
    client.force_login(world.caseworker)
    for name in ("mfa_add_webauthn", "mfa_generate_recovery_codes"):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(REAUTHENTICATE), name


def test_it_asks_for_the_password_before_changing_the_e_mail_address(client, world):
    client.force_login(world.caseworker)
    url = reverse("account_email")
    response = client.post(url, {"action_add": "", "email": "anna@wijkteam.example"})
    assert response.status_code == 302
    assert response["Location"].startswith(REAUTHENTICATE)
    assert not EmailAddress.objects.filter(user=world.caseworker).exists()

    reauthenticate(client, url)  # allauth then carries out the request it held back
    assert EmailAddress.objects.filter(user=world.caseworker, email="anna@wijkteam.example").exists()


def test_it_finds_no_security_key_of_someone_else(client, world):
    key = add_security_key(world.outsider)
    client.force_login(world.caseworker)
    for name in ("mfa_edit_webauthn", "mfa_remove_webauthn"):
        url = reverse(name, kwargs={"pk": key.pk})
        reauthenticate(client, url)
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert Authenticator.objects.filter(pk=key.pk).exists()


@pytest.fixture
def with_email(world):
    world.caseworker.email = "anna@wijkteam.example"
    world.caseworker.save(update_fields=["email"])
    return world.caseworker


def test_a_password_reset_does_not_log_in_and_the_next_login_still_asks_for_the_code(client, world, with_email):
    response = client.post(reverse("account_reset_password"), {"email": "anna@wijkteam.example"})
    assert response.status_code == 302
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[-1].body).group(1)

    response = client.get(link)  # allauth moves the key from the URL into the session
    assert response.status_code == 302
    form_url = response["Location"]
    new_password = "een lange zin als nieuw wachtwoord"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_from_key_done")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("cases:caseload"))["Location"].startswith(reverse("account_login"))

    response = client.post(reverse("account_login"), {"login": "caseworker", "password": new_password})
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    client.post(reverse("mfa_authenticate"), {"code": totp_code(world.caseworker)})
    assert "_auth_user_id" in client.session
