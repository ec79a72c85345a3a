"""Who is acting, through which channel: set per request (web, API) or per command (cli)."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

from samenplan.audit.models import Channel


@dataclass(frozen=True)
class AuditContext:
    channel: str = Channel.CLI
    ip_address: str | None = None


_DEFAULT = AuditContext()  # frozen, so sharing it as the default is safe
_current: ContextVar[AuditContext] = ContextVar("samenplan_audit_context", default=_DEFAULT)


def current() -> AuditContext:
    return _current.get()


def use(ctx: AuditContext):
    """Set the context; returns a token for :func:`reset`."""
    return _current.set(ctx)


def reset(token) -> None:
    _current.reset(token)
