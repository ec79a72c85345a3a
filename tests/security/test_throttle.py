"""Login throttling: per client address, and a growing delay per user name that cannot lock the user out."""

from __future__ import annotations

import ipaddress

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.urls import reverse

from samenplan.accounts import throttle
from tests.browser.conftest import PASSWORD
from tests.factories import totp_code


class Clock:
    """The throttle's clock, standing still unless a test moves it: delays of a second do not depend on how
    fast the machine runs the test."""

    def __init__(self):
        self.at = 1_800_000_000.0

    def __call__(self):
        return self.at


@pytest.fixture
def limits(settings, monkeypatch):
    monkeypatch.setattr(throttle, "now", Clock())
    settings.LOGIN_FAILURES_PER_ADDRESS = 4
    settings.LOGIN_FREE_FAILURES_PER_ACCOUNT = 3
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("127.0.0.1")]
    cache.clear()
    yield settings
    cache.clear()


def attempt(client, username, password, address="192.0.2.1", **extra):
    response = client.post(
        reverse("account_login"), {"login": username, "password": password}, REMOTE_ADDR=address, **extra
    )
    if response.status_code == 302:
        return "in"
    assert response.status_code == 200
    codes = {error.code for error in response.context["form"].non_field_errors().as_data()}
    if "too_many_login_attempts" in codes:
        return "address limit"
    if "login_delayed" in codes:
        return "delayed"
    return "wrong"


def second_factor(client, code, address="192.0.2.1"):
    """The password was right (302 to the code page): give the second factor, which completes the log-in."""
    response = client.post(reverse("mfa_authenticate"), {"code": code}, REMOTE_ADDR=address)
    assert response.status_code == 302 and response["Location"] == reverse("cases:caseload")


def log_out_keeping_the_device_cookie(client):
    """The test client's logout() forgets every cookie; a browser keeps the device cookie."""
    device = client.cookies[django_settings.DEVICE_COOKIE_NAME]
    client.post(reverse("account_logout"))
    client.cookies[device.key] = device.value


def test_it_limits_failures_per_address_and_only_that_address(client, world, limits):
    results = [attempt(client, f"nobody{i}", "fout") for i in range(6)]
    assert results == ["wrong"] * 4 + ["address limit"] * 2
    # even the right password from that address waits; the user gets in from anywhere else
    assert attempt(client, "caseworker", PASSWORD) == "address limit"
    assert attempt(client, "caseworker", PASSWORD, address="198.51.100.2") == "in"


def test_a_correct_password_gives_its_place_back(client, world, limits):
    for _ in range(6):
        assert attempt(client, "caseworker", PASSWORD) == "in"
        client.logout()


def test_it_counts_the_forwarded_client_not_the_proxy(client, world, limits):
    behind = {"HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    assert [attempt(client, f"x{i}", "fout", "127.0.0.1", **behind) for i in range(5)][-1] == "address limit"
    other = {"HTTP_X_FORWARDED_FOR": "203.0.113.10"}
    assert attempt(client, "caseworker", PASSWORD, "127.0.0.1", **other) == "in"


def test_a_made_up_forwarded_address_from_an_untrusted_peer_changes_nothing(client, world, limits):
    results = [attempt(client, f"x{i}", "fout", "192.0.2.1", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}") for i in range(5)]
    assert results[-1] == "address limit"


def test_it_delays_a_user_name_after_failures_from_many_addresses(client, world, limits):
    results = [attempt(client, "caseworker", "fout", f"198.51.100.{i}") for i in range(4)]
    assert results == ["wrong", "wrong", "wrong", "delayed"]
    # during the wait even the right password is not looked at, from a new address and a new browser
    assert attempt(client, "caseworker", PASSWORD, "198.51.100.50") == "delayed"
    # the other user names are not affected
    assert attempt(client, "colleague", PASSWORD, "198.51.100.51") == "in"


def test_the_wait_ends_and_grows_with_every_further_failure(client, world, limits):
    clock = throttle.now
    for i in range(3):
        attempt(client, "caseworker", "fout", f"198.51.100.{i}")
    clock.at += 1.5  # the first wait (1 s) is over
    assert attempt(client, "caseworker", "fout", "198.51.100.10") == "wrong"
    clock.at += 1.5  # the second wait is 2 s
    assert attempt(client, "caseworker", PASSWORD, "198.51.100.11") == "delayed"
    clock.at += 1
    assert attempt(client, "caseworker", PASSWORD, "198.51.100.12") == "in"
    client.logout()
    # a correct password cleared the name's failures
    assert attempt(client, "caseworker", "fout", "198.51.100.13") == "wrong"


def test_the_delay_grows_and_has_a_ceiling(settings):
    settings.LOGIN_FREE_FAILURES_PER_ACCOUNT = 5
    settings.LOGIN_MAX_DELAY = 900
    assert [throttle.delay_after(n) for n in range(4, 10)] == [0, 1, 2, 4, 8, 16]
    assert throttle.delay_after(40) == 900


def test_a_stranger_cannot_keep_the_user_out_of_their_own_browser(client, world, limits):
    from django.test import Client

    users_browser = Client()
    assert attempt(users_browser, "caseworker", PASSWORD, "192.0.2.10") == "in"
    second_factor(users_browser, totp_code(world.caseworker), "192.0.2.10")  # the device is trusted from here on
    assert users_browser.cookies[django_settings.DEVICE_COOKIE_NAME]["httponly"]
    log_out_keeping_the_device_cookie(users_browser)

    stranger = Client()
    for i in range(10):
        attempt(stranger, "caseworker", "fout", f"198.51.100.{i}")
    assert attempt(stranger, "caseworker", PASSWORD, "198.51.100.99") == "delayed"
    # the user's own browser, with its device cookie, is not held up by the stranger's guessing
    assert attempt(users_browser, "caseworker", PASSWORD, "192.0.2.10") == "in"


def test_a_device_cookie_has_its_own_failure_budget(client, world, limits):
    assert attempt(client, "caseworker", PASSWORD, "192.0.2.10") == "in"
    second_factor(client, totp_code(world.caseworker), "192.0.2.10")
    log_out_keeping_the_device_cookie(client)
    for i in range(3):  # the budget: LOGIN_FREE_FAILURES_PER_ACCOUNT
        assert attempt(client, "caseworker", "fout", f"198.51.100.{i}") == "wrong"
    # spent: the cookie is now like any other browser, and the name's own count was untouched by those three
    assert attempt(client, "caseworker", "fout", "198.51.100.10") == "wrong"
    assert attempt(client, "caseworker", "fout", "198.51.100.11") == "wrong"
    assert attempt(client, "caseworker", "fout", "198.51.100.12") == "wrong"
    assert attempt(client, "caseworker", PASSWORD, "198.51.100.13") == "delayed"


def test_a_device_cookie_for_another_user_does_not_help(client, world, limits):
    assert attempt(client, "colleague", PASSWORD, "192.0.2.10") == "in"
    second_factor(client, totp_code(world.colleague), "192.0.2.10")
    log_out_keeping_the_device_cookie(client)
    for i in range(3):
        attempt(client, "caseworker", "fout", f"198.51.100.{i}")
    assert attempt(client, "caseworker", PASSWORD, "198.51.100.20") == "delayed"


def test_a_forged_device_cookie_does_not_help(client, world, limits):
    for i in range(3):
        attempt(client, "caseworker", "fout", f"198.51.100.{i}")
    client.cookies[django_settings.DEVICE_COOKIE_NAME] = "eyJ1IjoiYWJjIn0:forged:signature"
    assert attempt(client, "caseworker", PASSWORD, "198.51.100.20") == "delayed"


@pytest.fixture
def one_proxy(settings):
    """samenplan's own limits as shipped; every professional of the organisation arrives from one address (the
    municipality's proxy or NAT)."""
    cache.clear()
    yield settings
    cache.clear()


PROXY = "203.0.113.80"


def test_a_hundred_professionals_log_in_from_one_address_within_a_minute(world, one_proxy):
    from django.test import Client

    from tests.factories import UserFactory

    users = [UserFactory(username=f"medewerker{i:03d}", organisation=world.org) for i in range(100)]
    refused = []
    for user in users:
        browser = Client()
        if attempt(browser, user.username, PASSWORD, PROXY) != "in":
            refused.append(user.username)
            continue
        second_factor(browser, totp_code(user), PROXY)
    assert refused == []
    # the flood brake counts them all and is far from full: 100 of LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE
    assert one_proxy.ACCOUNT_RATE_LIMITS["login"] == f"{one_proxy.LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE}/m/ip"
    assert one_proxy.LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE >= 300


def test_guessing_from_that_address_is_still_stopped(client, world, one_proxy):
    for _ in range(30):  # colleagues logging in do not use up the address's failures
        assert attempt(client, "caseworker", PASSWORD, PROXY) == "in"
        client.logout()
    free = one_proxy.LOGIN_FREE_FAILURES_PER_ACCOUNT
    guesses = [attempt(client, "colleague", f"gok-{i}", PROXY) for i in range(free + 1)]
    assert guesses == ["wrong"] * free + ["delayed"]  # one account: each next guess waits
    # guessing at other names from the address ends at LOGIN_FAILURES_PER_ADDRESS failures in the window
    spread = [attempt(client, f"naam{i}", "gok", PROXY) for i in range(one_proxy.LOGIN_FAILURES_PER_ADDRESS)]
    assert spread[-1] == "address limit"
    assert spread.count("wrong") == one_proxy.LOGIN_FAILURES_PER_ADDRESS - free


def test_a_flood_of_log_ins_from_one_address_is_refused_with_429(client, world, one_proxy):
    one_proxy.ACCOUNT_RATE_LIMITS = {**one_proxy.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    for _ in range(3):
        assert attempt(client, "caseworker", PASSWORD, PROXY) == "in"
        client.logout()
    response = client.post(reverse("account_login"), {"login": "caseworker", "password": PASSWORD}, REMOTE_ADDR=PROXY)
    assert response.status_code == 429
    # another address is not affected
    assert attempt(client, "caseworker", PASSWORD, "198.51.100.7") == "in"
