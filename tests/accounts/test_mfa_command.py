"""samenplan mfa: an administrator resets a lost second factor; the user must then set up a new one."""

import io

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command
from django.urls import reverse


def mfa(*args) -> str:
    out = io.StringIO()
    call_command("mfa", *args, stdout=out)
    return out.getvalue()


def test_it_shows_and_resets_a_user_s_second_factor(client, world):
    assert "TOTP" in mfa("status", "caseworker")
    assert "2 authenticator(s) removed" in mfa("reset", "caseworker")
    assert not Authenticator.objects.filter(user=world.caseworker).exists()
    assert "no second factor" in mfa("status", "caseworker")
    assert Authenticator.objects.filter(user=world.colleague).exists()  # nobody else's

    client.force_login(world.caseworker)
    assert client.get(reverse("cases:caseload"))["Location"] == reverse("mfa_index")


def test_it_names_an_unknown_user(db):
    with pytest.raises(CommandError, match="niemand"):
        mfa("status", "niemand")
