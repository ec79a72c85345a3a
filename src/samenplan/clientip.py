"""The client's address: the connecting address, or, behind a trusted reverse proxy, what the proxies forwarded.

``X-Forwarded-For`` is believed only when the connecting peer is one of ``settings.TRUSTED_PROXIES``, and then
read from right to left: every proxy appends the address it received the request from, so the rightmost entry
that is not one of our own proxies is the client. Anything to the left of it was written by the client (or its
own proxies) and could be made up. Used by login throttling and by the access log.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _parse(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address) -> bool:
    return any(address in network for network in settings.TRUSTED_PROXIES)


def client_address(request: HttpRequest) -> str | None:
    peer = _parse(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return None
    if not _trusted(peer):
        return str(peer)
    client = peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")  # repeated headers arrive joined by commas
    for hop in reversed(forwarded.split(",") if forwarded else []):
        address = _parse(hop)
        if address is None:  # garbage in the header: keep the last address a trusted proxy vouched for
            break
        client = address
        if not _trusted(address):
            break
    return str(client)
