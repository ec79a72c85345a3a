"""Pages of a long list (Django's Paginator) with the links of an accessible pager; shared by the caseload, the
dashboard and the team lead's overview. The pager's HTML: ``Pager.html`` (the markup of
``caseload/_pagination.html``)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from functools import cached_property
from html import escape
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from samenplan import prepared

PER_PAGE = 50


@dataclass
class Pager:
    page: Page
    param: str
    links: list[tuple[int | None, str, bool]]  # (number or None for "…", url, current)
    previous_url: str
    next_url: str
    label: str = ""

    @property
    def object_list(self):
        return self.page.object_list

    def html(self) -> SafeString:
        """The pager as HTML (``{{ pager.html }}``), as ``{% include "caseload/_pagination.html" %}`` wrote it, in
        Python: the template took as long as a page's whole list of rows (issue 14). Nothing but a line end for a list
        of one page. The template stays the reference the tests compare with
        (tests/administration/test_overview_html.py)."""
        page = self.page
        if not page.has_other_pages():
            return mark_safe("\n")
        label = escape(str(self.label)) if self.label else gettext("Pages")
        status = gettext("Page %(number)s of %(total)s (%(start)s–%(end)s of %(count)s)") % {  # noqa: RUF001 (the id)
            "number": page.number,
            "total": page.paginator.num_pages,
            "start": page.start_index(),
            "end": page.end_index(),
            "count": page.paginator.count,
        }
        word = gettext("page")
        item = '<li class="samenplan-pagination__item">'
        link = '<a class="utrecht-link samenplan-pagination__link'
        hidden = '<span class="samenplan-visually-hidden">'
        previous = following = ""
        if self.previous_url:
            back = gettext("Previous")
            address = escape(self.previous_url)
            previous = f'{item}{link}" rel="prev" href="{address}">{back}{hidden} {word}</span></a></li>'
        if self.next_url:
            on = gettext("Next")
            following = f'{item}{link}" rel="next" href="{escape(self.next_url)}">{on}{hidden} {word}</span></a></li>'
        links = "".join(
            f'{item}<span class="samenplan-pagination__gap">…</span></li>'
            if number is None
            else f'{item}{link} samenplan-pagination__link--current" href="{escape(url)}" aria-current="page">'
            f"{hidden}{word} </span>{number}</a></li>"
            if current
            else f'{item}{link}" href="{escape(url)}">{hidden}{word} </span>{number}</a></li>'
            for number, url, current in self.links
        )
        return mark_safe(  # noqa: S308 (every value in it escaped here, the template's own texts as they were)
            f'\n<nav class="samenplan-pagination" aria-label="{label}">\n'
            f'  <p class="utrecht-paragraph samenplan-pagination__status">{status}</p>\n'
            f'  <ul class="samenplan-pagination__list">\n'
            f"    {previous}\n"
            f"    {links}\n"
            f"    {following}\n"
            f"  </ul>\n"
            f"</nav>\n\n"
        )


LENGTH = "list_length"  # the column of ``Counted``'s rows that holds the length of the whole list


class Counted:
    """A long list of ``rows`` (a filtered, ordered ``values()`` queryset) for the Paginator, whose page is read in
    one query together with the length of the whole list: ``COUNT(*) OVER ()``, which the database computes over
    every row the filter finds, before the page's ``LIMIT``. The pager then needs no ``COUNT`` query of its own
    (the list's filter compiled and run a second time). Each row (a dict) also holds ``LENGTH``.

    Only a page past the end (a stale link) finds no row to read the length from: ``paginate`` then lets the
    Paginator count and show the last page, as before."""

    def __init__(self, rows: QuerySet):
        self.rows = rows
        self.length: int | None = None  # known once a page with rows (or the empty first page) has been read

    def count(self) -> int:
        return self.rows.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list:
        if _empty(index):
            return []
        rows = list(self.rows.annotate(**{LENGTH: Window(Count("*"))})[index])
        self.length = rows[0][LENGTH] if rows else (None if index.start else 0)
        return rows


def _empty(index: slice) -> bool:
    """Whether the slice holds no row: the Paginator's first page of an empty list, ``[0:0]``, which it asks for
    after counting when a stale page number found nothing (the ORM refuses to compile an empty slice: a 500)."""
    return index.stop is not None and index.stop <= (index.start or 0)


COMPILED_ROWS = 1000  # ``PreparedCounted`` compiles the pages that start within these rows


def _by_the_orm(index: slice) -> bool:
    """Whether a prepared list reads this slice as its unprepared base class does: a page beyond the compiled ones,
    or an empty slice."""
    return (index.start or 0) >= COMPILED_ROWS or _empty(index)


class _Built:
    """A prepared list's queryset, made by its ``build()`` only when it is compiled or read through the ORM."""

    build: Callable[[], QuerySet]

    @cached_property
    def rows(self) -> QuerySet:
        return self.build()


class PreparedCounted(_Built, Counted):
    """A ``Counted`` list whose page (with the list's length) is read through ``samenplan.prepared.values``: its
    query compiled once per database connection for each ``key`` (the list's shape) and page, then run with
    ``params``, exactly the parameters of the compiled SQL. ``build()`` makes the list's queryset, only to compile
    it, or to count a page past the end. A page starting beyond ``COMPILED_ROWS`` is read as ``Counted`` reads it,
    so a connection keeps a bounded number of statements whatever page numbers it is asked for. With ``prepare``,
    a compiled page runs as a prepared statement on PostgreSQL (planned once per connection: only for a query whose
    plan does not depend on the values of its parameters)."""

    def __init__(self, model, key: Hashable, build: Callable[[], QuerySet], params: Sequence, *, prepare: bool = False):
        self.model, self.key, self.build, self.params, self.prepare = model, key, build, params, prepare
        self.length = None

    def __getitem__(self, index: slice) -> list:
        if _by_the_orm(index):
            return super().__getitem__(index)
        page = lambda: self.rows.annotate(**{LENGTH: Window(Count("*"))})[index]  # noqa: E731
        key = (self.key, index.start, index.stop)
        rows = prepared.values(self.model, key, page, self.params, prepare=self.prepare)
        self.length = rows[0][LENGTH] if rows else (None if index.start else 0)
        return rows


class KeysFirst(Counted):
    """A ``Counted`` list whose page is read in two steps: the page's keys and the list's length found with the
    filter and the order alone (without the joins of what the page shows), then only those rows, by primary key,
    with the ``fields`` the page shows (a dict each, in the keys' order). For a list sorted by the rows' own columns
    (the API's cases, newest first): joining the family, caseworker and registration to each of a team lead's
    2,000 cases before sorting cost three times the sorting of the keys (issue 14). Two queries; the second only
    when the page has rows."""

    def __init__(self, rows: QuerySet, fields: tuple[str, ...]):
        super().__init__(rows)
        self.fields = fields

    def __getitem__(self, index: slice) -> list:
        if _empty(index):
            return []
        keys = list(self.rows.annotate(**{LENGTH: Window(Count("*"))}).values_list("pk", LENGTH)[index])
        self.length = keys[0][1] if keys else (None if index.start else 0)
        if not keys:
            return []
        found = self.rows.model._default_manager.filter(pk__in=[pk for pk, _ in keys]).values("pk", *self.fields)
        by_key = {row["pk"]: row for row in found}
        return [by_key[pk] for pk, _ in keys if pk in by_key]


class PreparedKeysFirst(_Built, KeysFirst):
    """A ``KeysFirst`` list whose two queries are compiled once per database connection (``samenplan.prepared``):
    the keys with the length for each ``key`` (the list's shape) and page, run with ``params``, exactly the
    parameters of the compiled SQL; the rows by primary key for each number of keys. ``build()`` makes the list's
    queryset, only to compile it, or to read a page starting beyond ``COMPILED_ROWS`` (as ``KeysFirst`` reads it).
    Building and compiling both through the ORM cost the API's case list about a millisecond (issue 14). With
    ``prepare`` both run as prepared statements on PostgreSQL (planned once per connection; planning each took about
    as long as running it): only for a list whose plan does not depend on the values of its parameters."""

    def __init__(
        self,
        model,
        key: Hashable,
        build: Callable[[], QuerySet],
        params: Sequence,
        fields: tuple[str, ...],
        *,
        prepare: bool = False,
    ):
        self.model, self.key, self.build, self.params, self.fields = model, key, build, params, fields
        self.prepare, self.length = prepare, None

    def __getitem__(self, index: slice) -> list:
        if _by_the_orm(index):
            return super().__getitem__(index)
        page = lambda: self.rows.annotate(**{LENGTH: Window(Count("*"))}).values_list("pk", LENGTH)[index]  # noqa: E731
        keys = prepared.values_list(
            self.model, (self.key, index.start, index.stop), page, self.params, prepare=self.prepare
        )
        self.length = keys[0][1] if keys else (None if index.start else 0)
        if not keys:
            return []
        pks = [pk for pk, _ in keys]
        found = lambda: self.model._default_manager.filter(pk__in=pks).order_by().values("pk", *self.fields)  # noqa: E731
        shape = ("keys first", self.model._meta.label, self.fields, len(pks))
        by_key = {row["pk"]: row for row in prepared.values(self.model, shape, found, pks, prepare=self.prepare)}
        return [by_key[pk] for pk in pks if pk in by_key]


def _urls(request: HttpRequest, param: str) -> Callable[[int], str]:
    """The address of a page of the list: the request's, with ``param`` set to the page's number (where the query
    had it, else last). The query is copied and encoded once for all the pager's links, the number put in its place
    (a copy of a QueryDict is a deep copy and its encoding quotes every key and value: 15 µs a link, issue 14)."""
    query = request.GET.copy()
    query[param] = "\n"  # a value no number has; encoded, a pair of its own: "&" within a pair is encoded
    pairs = query.urlencode().split("&")
    marker = urlencode({param: "\n"})
    at = pairs.index(marker)
    head = "".join(f"{pair}&" for pair in pairs[:at])
    tail = "".join(f"&{pair}" for pair in pairs[at + 1 :])
    start, key = f"{request.path}?{head}", marker.removesuffix("%0A")

    def url(number: int) -> str:
        return f"{start}{key}{number}{tail}"

    return url


def paginate(
    request: HttpRequest,
    object_list,
    *,
    per_page: int = PER_PAGE,
    param: str = "page",
    label: str = "",
) -> Pager:
    """The page asked for in ``request.GET[param]``; a page number out of range or not a number gives the nearest
    page (never a 404 or a 500 for a stale link). A ``Counted`` list is never counted apart from its page (but for
    a page past its end)."""
    paginator = Paginator(object_list, per_page)
    page = None
    if isinstance(object_list, Counted):  # anything but a whole number asks for the first page, as in get_page
        page = counted_page(paginator, object_list, _whole_number(request.GET.get(param), default=1))
    if page is None:
        page = paginator.get_page(request.GET.get(param))
    url = _urls(request, param)
    links = [  # a gap is Paginator.ELLIPSIS, a lazy translation: told apart from a number without translating it
        (number, url(number), number == page.number) if isinstance(number, int) else (None, "", False)
        for number in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]
    return Pager(
        page=page,
        param=param,
        links=links,
        previous_url=url(page.previous_page_number()) if page.has_previous() else "",
        next_url=url(page.next_page_number()) if page.has_next() else "",
        label=label,
    )


MAX_OFFSET = 2**62  # far past the end of any list; a page number beyond it is counted, not read


def counted_page(paginator: Paginator, rows: Counted, number: int) -> Page | None:
    """The page ``number`` of a ``Counted`` list, read with the list's length in one query (which the
    ``paginator`` then knows without counting); None for a number below 1 or a page past the end (also one whose
    offset no database could take), where the Paginator must count first."""
    bottom = (number - 1) * paginator.per_page
    if number < 1 or bottom > MAX_OFFSET:  # no database takes an OFFSET beyond a 64-bit integer
        return None
    found = rows[bottom : bottom + paginator.per_page]
    if rows.length is None:
        return None
    paginator.count = rows.length  # a cached_property: the COUNT is not run
    return Page(found, number, paginator)


def _whole_number(text: str | None, *, default: int) -> int:
    try:
        return default if text is None else int(text)
    except ValueError:
        return default
