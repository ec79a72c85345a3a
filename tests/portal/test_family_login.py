"""Family accounts log in through the same throttled login as professionals (tests/security/test_throttle.py): a
growing delay per user name after failures from many addresses, and a limit per address."""

from __future__ import annotations

from django.urls import reverse

from samenplan.accounts import throttle
from tests.conftest import family_account
from tests.security.test_throttle import attempt, limits  # noqa: F401  (limits: the fixture)

PASSWORD = "een lange zin over de fiets"  # the family accounts' password in tests/conftest.py


def test_a_parents_user_name_is_delayed_after_failures_from_many_addresses(client, world, limits):  # noqa: F811
    parent = family_account(world, "parent").username
    results = [attempt(client, parent, "fout", f"198.51.100.{i}") for i in range(4)]
    assert results == ["wrong", "wrong", "wrong", "delayed"]
    assert attempt(client, parent, PASSWORD, "198.51.100.50") == "delayed"  # not even the right password
    youth = family_account(world, "youth").username
    assert attempt(client, youth, PASSWORD, "198.51.100.51") == "in"  # another name is not affected
    client.logout()
    throttle.now.at += 1.5  # the first wait (1 s) is over: the right password lets the parent in, to the portal
    response = client.post(
        reverse("account_login"), {"login": parent, "password": PASSWORD}, REMOTE_ADDR="198.51.100.52", follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("portal:home")


def test_a_youth_is_held_by_the_limit_per_address(client, world, limits):  # noqa: F811
    youth = family_account(world, "youth").username
    results = [attempt(client, f"nobody{i}", "fout") for i in range(4)]
    assert results == ["wrong"] * 4
    assert attempt(client, youth, PASSWORD) == "address limit"
    assert attempt(client, youth, PASSWORD, address="198.51.100.2") == "in"
