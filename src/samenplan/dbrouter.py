"""Read replicas: read-only pages read client data from a replica, everything else from the primary.

Off unless ``DATABASE_REPLICA_URL`` is set (then ``DATABASES["replica"]`` exists). The rules, in the order the
router applies them (docs/scaling.md, "A primary and read replicas"):

1. Writes always go to the primary.
2. Who is logged in and what they may do (sessions, accounts and memberships, API tokens, second factors), the
   shared counters of the cache table and the access log's chain heads and checkpoints are always read on the
   primary: an ended session, a disabled account or a used code stops at once, not after the replica's lag.
3. Only a request that :class:`ReplicaReadsMiddleware` lets through reads the replica: a GET or HEAD of a view
   marked with :func:`reads_replica`, from a browser that did not write in the last
   ``DATABASE_REPLICA_AFTER_WRITE`` seconds (a cookie set on every POST, PUT, PATCH or DELETE), so the page
   after a change shows the change.
4. Within such a request, a read inside a transaction on the primary (an action: ``transaction.atomic``) reads
   the primary, and once the request has written client data, every later read of it does too.
5. A related object follows the database its parent came from.

The access log's record is written on the primary in the request's own transaction (``audit.log.record``, a raw
cursor on the default connection); reading the log's records on the access-log page may use the replica.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

PRIMARY = DEFAULT_DB_ALIAS
REPLICA = "replica"
# App labels read only on the primary. "django_cache" is the label of the database cache's table (the login
# throttle's counters, allauth's rate limits and used codes).
PRIMARY_ONLY_APPS = frozenset({"sessions", "accounts", "knox", "mfa", "account", "socialaccount", "django_cache"})
PRIMARY_ONLY_MODELS = frozenset({"audit.chainhead", "audit.verifiedposition", "audit.logcheckpoint"})
SAFE_METHODS = ("GET", "HEAD")

_reads_replica: ContextVar[bool] = ContextVar("samenplan_reads_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def reads_replica(view: Callable) -> Callable:
    """Mark a view (a function, or an API view class) whose GET only reads: it may read the replica."""
    view.reads_replica = True
    return view


def _primary_only(model) -> bool:
    return model._meta.app_label in PRIMARY_ONLY_APPS or model._meta.label_lower in PRIMARY_ONLY_MODELS


def _in_own_transaction() -> bool:
    """Inside ``transaction.atomic`` on the primary. A test case's own wrapping transaction does not count (Django
    marks it ``_from_testcase``, as it does for ``durable``)."""
    return any(not block._from_testcase for block in connections[PRIMARY].atomic_blocks)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not _reads_replica.get() or _primary_only(model) or _in_own_transaction():
            return PRIMARY
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            return instance._state.db
        return REPLICA

    def db_for_write(self, model, **hints):
        if _reads_replica.get() and not _primary_only(model) and model._meta.app_label != "audit":
            _reads_replica.set(False)  # this request changed client data: the rest of it reads its own writes
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the primary's data: objects from either may be related

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY  # the replica follows the primary's schema by replication


class ReplicaReadsMiddleware:
    """Lets a request read the replica (see the module's rules 3 and 4) and marks a browser that just wrote."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _reads_replica.set(False)
        try:
            response = self.get_response(request)
        finally:
            _reads_replica.reset(token)
        if request.method not in SAFE_METHODS and replica_configured():
            seconds = settings.DATABASE_REPLICA_AFTER_WRITE
            response.set_cookie(
                settings.PRIMARY_COOKIE_NAME,
                str(int(time.time()) + seconds),
                max_age=seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
                path="/",
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            request.method in SAFE_METHODS
            and replica_configured()
            and _marked(view_func)
            and not _wrote_recently(request)
        ):
            _reads_replica.set(True)


def _marked(view_func) -> bool:
    view_class = getattr(view_func, "view_class", None) or getattr(view_func, "cls", None)
    return bool(getattr(view_func, "reads_replica", False) or getattr(view_class, "reads_replica", False))


def _wrote_recently(request) -> bool:
    try:
        until = int(request.COOKIES.get(settings.PRIMARY_COOKIE_NAME, "0"))
    except ValueError:
        return True  # a cookie we did not write: read the primary, it costs nothing but speed
    return until > time.time()
