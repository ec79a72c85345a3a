"""When a step happened, for the dossier: now, unless the demo data replays a past step (``as_of``).

Only the timeline's times use this; the access log always records the real moment of the write.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.utils import timezone

_as_of: ContextVar[datetime | None] = ContextVar("samenplan_as_of", default=None)


def now() -> datetime:
    return _as_of.get() or timezone.now()


@contextmanager
def as_of(moment: datetime) -> Iterator[None]:
    """Record the steps taken inside this block as having happened at ``moment`` (demo data only)."""
    token = _as_of.set(moment)
    try:
        yield
    finally:
        _as_of.reset(token)
