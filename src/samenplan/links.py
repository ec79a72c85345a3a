"""Addresses of many records of one kind, at the cost of one ``reverse``.

A ``reverse`` per row of a list was a tenth of the dashboard's time and a good part of the caseload's, the
timeline's and the team overview's (issue 14). :func:`url_for_ids` reverses the URL once with a key no row has,
and puts each row's id in its place; once per process for each view, suffix, URL configuration and script prefix
(the same for every request of a process: a ``reverse`` is some 20 µs)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

_KEY = 918_273_645_546_372_819  # a key no row has: marks where the id goes in the reversed URL


_MADE: dict[tuple, Callable[[int], str]] = {}


def url_for_ids(viewname: str, suffix: str = "") -> Callable[[int], str]:
    """``lambda pk: reverse(viewname, args=[pk]) + suffix``, for URLs with the id as their only argument."""
    key = (viewname, suffix, settings.ROOT_URLCONF, get_urlconf(), get_script_prefix())
    found = _MADE.get(key)
    if found is None:
        head, tail = reverse(viewname, args=[_KEY]).split(str(_KEY))
        tail += suffix
        found = _MADE[key] = lambda pk: f"{head}{pk}{tail}"
    return found
