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


class KeysFirst:
    """A long list of ``rows`` (a filtered, ordered queryset) for the Paginator, whose page is read in one query of
    two steps: the page's keys found with the filter and the order alone (without the joins of
    ``select_related``), then only those rows with everything the page shows. Joining the family, caseworker and
    registration to each of a team lead's 2,000 cases before sorting cost three times the sorting of the keys
    (issue 14)."""

    def __init__(self, rows: QuerySet):
        self.rows = rows

    def count(self) -> int:
        return self.rows.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list:
        return list(self.rows.filter(pk__in=self.rows.values("pk")[index]))


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
        if rows:
            self.length = rows[0][LENGTH]
        elif not index.start:
            self.length = 0
        return rows


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
    first_page_counts: bool = False,
) -> Pager:
    """The page asked for in ``request.GET[param]``; a page number out of range or not a number gives the nearest
    page (never a 404 or a 500 for a stale link).

    With ``first_page_counts``, the first page is read before the list is counted: when it holds fewer than
    ``per_page`` rows it is the whole list, and the ``COUNT`` query (the list's query run a second time) is left
    out. A search usually finds less than a page. A ``Counted`` list is never counted apart from its page (but for
    a page past its end)."""
    paginator = Paginator(object_list, per_page)
    page = None
    if isinstance(object_list, Counted):
        page = counted_page(paginator, object_list, request.GET.get(param))
    elif first_page_counts and _asks_first_page(request.GET.get(param)):
        rows = list(object_list[:per_page])
        if len(rows) < per_page:
            paginator.count = len(rows)  # a cached_property: the COUNT is not run
        page = Page(rows, 1, paginator)
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


def counted_page(paginator: Paginator, rows: Counted, number) -> Page | None:
    """The page ``number`` of a ``Counted`` list, read with the list's length in one query (which the
    ``paginator`` then knows without counting); None where the Paginator must count first: a number below 1 (it
    gives the last page) or a page past the end. Anything that is not a whole number asks for the first page, as
    with ``Paginator.get_page``."""
    try:
        number = 1 if number is None else int(number)
    except (TypeError, ValueError):
        number = 1
    if number < 1:
        return None
    bottom = (number - 1) * paginator.per_page
    found = rows[bottom : bottom + paginator.per_page]
    if not found and number > 1:
        return None
    paginator.count = rows.length  # a cached_property: the COUNT is not run
    return Page(found, number, paginator)


def _asks_first_page(number: str | None) -> bool:
    """Whether ``Paginator.get_page`` would give the first page without counting: no number, 1, or not a whole
    number (a number below 1 gives the last page)."""
    try:
        return number is None or int(number) == 1
    except ValueError:
        return True
