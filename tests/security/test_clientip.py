"""The client's address: X-Forwarded-For only from a trusted proxy, read right to left."""

from __future__ import annotations

import ipaddress

import pytest
from django.test import RequestFactory

from samenplan.clientip import client_address


def request(peer, forwarded=None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.fixture
def proxies(settings):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/24"), ipaddress.ip_network("::1")]


def test_it_takes_the_peer_without_trusted_proxies(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(request("10.0.0.5", "203.0.113.9")) == "10.0.0.5"


def test_it_ignores_the_header_from_an_untrusted_peer(proxies):
    assert client_address(request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


def test_it_takes_the_rightmost_untrusted_hop_behind_a_trusted_proxy(proxies):
    # the client claims to be 1.2.3.4; its real address 203.0.113.9 was appended by our proxy
    assert client_address(request("10.0.0.5", "1.2.3.4, 203.0.113.9")) == "203.0.113.9"


def test_it_skips_a_chain_of_trusted_proxies(proxies):
    assert client_address(request("10.0.0.5", "1.2.3.4, 203.0.113.9, 10.0.0.7")) == "203.0.113.9"


def test_it_stops_at_garbage_and_keeps_the_last_vouched_address(proxies):
    assert client_address(request("10.0.0.5", "203.0.113.9, nonsense, 10.0.0.7")) == "10.0.0.7"


def test_it_uses_the_proxy_when_nothing_was_forwarded(proxies):
    assert client_address(request("10.0.0.5")) == "10.0.0.5"


def test_it_handles_ipv6(proxies):
    assert client_address(request("::1", "2001:db8::5")) == "2001:db8::5"


def test_it_refuses_a_bad_setting(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from samenplan.conf import env as env_module

    monkeypatch.setenv("SP_TEST_PROXIES", "10.0.0.0/8, not-an-address")
    with pytest.raises(ImproperlyConfigured, match="SP_TEST_PROXIES"):
        env_module.env("SP_TEST_PROXIES", [], "doc", cast=env_module.networks)
    env_module.DOCUMENTED.pop("SP_TEST_PROXIES")


def test_the_access_log_records_the_forwarded_client(client, world, settings):
    from samenplan.audit.models import AccessLogRecord

    settings.TRUSTED_PROXIES = [ipaddress.ip_network("127.0.0.1")]
    client.force_login(world.colleague)
    response = client.get(
        f"/cases/{world.case.pk}/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9"
    )
    assert response.status_code == 200
    assert AccessLogRecord.objects.order_by("-seq").first().ip_address == "203.0.113.9"
