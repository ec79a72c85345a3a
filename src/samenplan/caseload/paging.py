"""Pages of a long list (Django's Paginator) with the links of an accessible pager; shared by the caseload, the
dashboard and the team lead's overview. The template: ``caseload/_pagination.html`` with ``pager``."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window
from django.http import HttpRequest

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
        rows = list(self.rows.annotate(**{LENGTH: Window(Count("*"))})[index])
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
        keys = list(self.rows.annotate(**{LENGTH: Window(Count("*"))}).values_list("pk", LENGTH)[index])
        self.length = keys[0][1] if keys else (None if index.start else 0)
        if not keys:
            return []
        found = self.rows.model._default_manager.filter(pk__in=[pk for pk, _ in keys]).values("pk", *self.fields)
        by_key = {row["pk"]: row for row in found}
        return [by_key[pk] for pk, _ in keys if pk in by_key]


def _url(request: HttpRequest, param: str, number: int) -> str:
    query = request.GET.copy()
    query[param] = str(number)
    return f"{request.path}?{query.urlencode()}"


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
    links = [
        (None, "", False)
        if number == Paginator.ELLIPSIS
        else (number, _url(request, param, number), number == page.number)
        for number in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]
    return Pager(
        page=page,
        param=param,
        links=links,
        previous_url=_url(request, param, page.previous_page_number()) if page.has_previous() else "",
        next_url=_url(request, param, page.next_page_number()) if page.has_next() else "",
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
