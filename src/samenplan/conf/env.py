"""One helper to read settings from the environment, each with a documented default.

Every variable read through :func:`env` is recorded in :data:`DOCUMENTED`; a test checks that
docs/configuration.md lists exactly those.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Variable:
    name: str
    default: Any
    doc: str


DOCUMENTED: dict[str, Variable] = {}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def to_bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(f"not a boolean: {value!r}")


def to_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def positive_int(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise ValueError(f"must be a whole number above 0: {value!r}")
    return number


def networks(value: str) -> list:
    """Comma-separated addresses or networks (10.0.0.0/8, ::1) → a list of ip_network."""
    return [ipaddress.ip_network(part, strict=False) for part in to_list(value)]


def env(name: str, default: Any, doc: str, cast: Callable[[str], Any] | None = None) -> Any:
    """Read ``name`` from the environment, cast it like ``default``; record the doc."""
    DOCUMENTED[name] = Variable(name, default, doc)
    raw = os.environ.get(name)
    if raw is None:
        return default
    if cast is None:
        if isinstance(default, bool):
            cast = to_bool
        elif isinstance(default, int):
            cast = int
        elif isinstance(default, list):
            cast = to_list
        else:
            cast = str
    try:
        return cast(raw)
    except ValueError as exc:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"Environment variable {name}: {exc}") from exc
