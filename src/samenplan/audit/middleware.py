"""Per request: the access log's context (channel, address, route) and, under test, the unlogged-read guard.

The guard: Django's test environment announces every template it renders (``template_rendered``). For each
request, the middleware keeps the contexts of the templates it rendered; when the response is done, it collects
the families whose records those contexts held (a family, a member, a case, or lists of them) and checks that the
request's access-log records named every one of them. A page that shows a family without logging it raises
:class:`UnloggedClientData`, so the test that rendered it fails, whichever path (a form error, a partial, a new
view) produced it. Outside tests nothing is announced and the guard costs nothing.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, QuerySet
from django.test.signals import template_rendered

from samenplan.audit import context, log
from samenplan.audit.models import Channel
from samenplan.cases.models import Family
from samenplan.clientip import client_address


class UnloggedClientData(AssertionError):
    """A response showed client data of a family that no access-log record of the request names."""


class AuditContextMiddleware:
    """Tells the access log which channel a request came through, from which address and to which route."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        channel = Channel.API if request.path.startswith("/api/") else Channel.WEB
        token = context.use(context.AuditContext(channel=channel, ip_address=client_address(request)))
        scope = log.RequestScope(method=request.method)
        scope_token = log.use_scope(scope)
        try:
            response = self.get_response(request)
            _check_logged(request, scope)
            return response
        finally:
            log.reset_scope(scope_token)
            context.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        scope = log.current_scope()
        if scope is not None and request.resolver_match is not None:
            scope.route = request.resolver_match.view_name
        return None


def _note_rendered(sender, template, context, **kwargs):
    scope = log.current_scope()
    if scope is not None:
        scope.rendered.append((template.name, context.flatten()))


template_rendered.connect(_note_rendered, dispatch_uid="samenplan.audit.unlogged_read_guard")


def _family_of(obj: Model) -> int | None:
    """The family a client record belongs to: a family, a record with a ``family``, or one with a loaded case."""
    if isinstance(obj, Family):
        return obj.pk
    for name in ("family", "case"):
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if name == "family" and field.is_relation and field.related_model is Family:
            return obj.family_id
        if name == "case" and (field.many_to_one or field.one_to_one) and field.concrete and field.is_cached(obj):
            return _family_of(getattr(obj, name))
    return None


def shown_families(value, depth: int = 4) -> set[int]:
    """Families whose records ``value`` holds: a record, or lists, tuples and evaluated querysets of them.

    Looks only at what is already in memory (an evaluated queryset's results), so it never queries.
    """
    if isinstance(value, Model):
        family_id = _family_of(value)
        return {family_id} if family_id is not None else set()
    if isinstance(value, QuerySet):
        value = value._result_cache or ()
    elif not isinstance(value, list | tuple | set | frozenset):
        return set()
    found: set[int] = set()
    if depth:
        for item in value:
            found |= shown_families(item, depth - 1)
    return found


def _check_logged(request, scope: log.RequestScope) -> None:
    shown: set[int] = set()
    templates: list[str] = []
    for name, values in scope.rendered:
        families = set().union(*(shown_families(v) for v in values.values()))
        if families:
            shown |= families
            templates.append(str(name))
    missing = shown - scope.logged_families
    if missing:
        raise UnloggedClientData(
            f"{request.method} {request.path} rendered {', '.join(dict.fromkeys(templates))} showing families "
            f"{sorted(missing)} without an access-log record naming them: render it with audit.log.render_read"
        )
