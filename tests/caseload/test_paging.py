"""A ``Counted`` list reads its page and its length in one query; the pager then counts only for a page past the
end (a stale link), and a ``KeysFirst`` list reads the page's keys with the length, then those rows."""

from __future__ import annotations

import pytest
from django.db import connections
from django.test import RequestFactory

from samenplan.caseload import paging
from samenplan.caseload.paging import LENGTH, Counted, KeysFirst, PreparedCounted, paginate
from samenplan.cases.models import Family

NAMES = [f"Gezin {i:02}" for i in range(7)]


@pytest.fixture
def families(world):
    Family.objects.bulk_create(Family(organisation=world.org, name=name) for name in NAMES)
    return Family.objects.filter(name__startswith="Gezin ").order_by("name")


def _page(rows, number=None):
    request = RequestFactory().get("/", {} if number is None else {"page": number})
    return paginate(request, rows, per_page=3)


@pytest.mark.parametrize(("number", "shown"), [(None, 1), ("1", 1), ("2", 2), ("3", 3), ("x", 1)])
def test_a_page_holds_the_length_of_the_whole_list(families, django_assert_num_queries, number, shown):
    with django_assert_num_queries(1):
        pager = _page(Counted(families.values("name")), number)
    assert (pager.page.number, pager.page.paginator.count, pager.page.paginator.num_pages) == (shown, 7, 3)
    assert [row["name"] for row in pager.object_list] == NAMES[(shown - 1) * 3 : shown * 3]
    assert {row[LENGTH] for row in pager.object_list} == {7}


@pytest.mark.parametrize("number", ["9", "0", "-1", "266942943739526260087088247472128"])
def test_a_page_past_the_end_or_below_one_gives_the_last_page_after_counting(families, number):
    pager = _page(Counted(families.values("name")), number)
    assert (pager.page.number, [row["name"] for row in pager.object_list]) == (3, ["Gezin 06"])


def test_an_empty_list_is_one_empty_page_in_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        pager = _page(Counted(Family.objects.filter(name="Niemand").order_by("pk").values("name")))
    assert (pager.page.number, pager.page.paginator.count, list(pager.object_list)) == (1, 0, [])


def test_keys_first_reads_the_keys_with_the_length_then_the_rows_in_their_order(families, django_assert_num_queries):
    with django_assert_num_queries(2):
        pager = _page(KeysFirst(families.order_by("-name"), ("name",)), "2")
    assert pager.page.paginator.count == 7
    assert [row["name"] for row in pager.object_list] == ["Gezin 03", "Gezin 02", "Gezin 01"]


def _prepared(world, prefix: str, built: list, key: object = "test-families") -> PreparedCounted:
    def build():
        built.append(prefix)
        return Family.objects.filter(organisation=world.org, name__startswith=prefix).order_by("name").values("name")

    return PreparedCounted(Family, key, build, [f"{prefix}%", world.org.pk])


@pytest.mark.parametrize(("number", "shown"), [(None, 1), ("2", 2), ("3", 3), ("9", 3), ("0", 3)])
def test_a_prepared_list_gives_the_pages_of_a_counted_one(families, world, number, shown):
    built = []
    pager = _page(_prepared(world, "Gezin ", built), number)
    assert (pager.page.number, pager.page.paginator.count) == (shown, 7)
    assert [row["name"] for row in pager.object_list] == NAMES[(shown - 1) * 3 : shown * 3]


def test_a_prepared_list_is_compiled_once_per_page_and_run_with_each_lists_parameters(
    families, world, django_assert_num_queries
):
    Family.objects.create(organisation=world.org, name="Ander gezin")
    built, key = [], object()  # a shape of its own: the connection keeps what earlier tests compiled
    with django_assert_num_queries(1):
        assert [row["name"] for row in _page(_prepared(world, "Gezin ", built, key)).object_list] == NAMES[:3]
    with django_assert_num_queries(1):
        pager = _page(_prepared(world, "Ander ", built, key))
    assert ([row["name"] for row in pager.object_list], pager.page.paginator.count) == (["Ander gezin"], 1)
    assert built == ["Gezin "]  # the second list ran the first one's SQL, with its own parameters


def test_a_prepared_list_compiles_only_its_first_pages(families, world, monkeypatch):
    """A connection keeps one statement per page it compiled: pages far down the list are read as ``Counted``
    reads them, so no page number asked for makes the connection keep more."""
    monkeypatch.setattr(paging, "COMPILED_ROWS", 3)  # the first page (rows 0 to 2) only
    compiled = connections["default"].__dict__.setdefault("samenplan_prepared_values", {})
    built, key = [], object()
    for number in ("1", "2", "3"):
        _page(_prepared(world, "Gezin ", built, key), number)
    assert [k[1:] for k in compiled if k[0] is key] == [(0, 3)]
    assert [row["name"] for row in _page(_prepared(world, "Gezin ", built, key), "3").object_list] == NAMES[6:]


def test_the_api_answers_a_page_no_database_could_offset_to_with_404(world):
    """Found by schemathesis on PostgreSQL: a page number whose offset is beyond a 64-bit integer was a 500."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(world.caseworker)
    response = client.get("/api/v1/cases/", {"phase": "decision", "page": "266942943739526260087088247472128"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    "query",
    ["", "page=2", "waiting=3&page=x", "a=1&page=1&page=2&b=%0A", "q=%C3%A9+%26+x&page=&z=", "xpage=%0A&page=4",
     "fase=goals&fase=help&zoek=Smit+%26+%3CZonen%3E"],
)  # fmt: skip
@pytest.mark.parametrize("param", ["page", "waiting"])
def test_a_page_s_address_is_the_request_s_with_the_page_s_number_in_its_place(query, param):
    request = RequestFactory().get(f"/caseload/é/?{query}")
    url = paging._urls(request, param)
    for number in (1, 2, 17):
        expected = request.GET.copy()
        expected[param] = str(number)  # what the pager's template wrote, a copy of the query per link
        assert url(number) == f"{request.path}?{expected.urlencode()}"


@pytest.mark.parametrize("number", ["2", "9", "0"])
@pytest.mark.parametrize("kind", ["counted", "keys first", "prepared"])
def test_a_stale_page_of_an_empty_list_is_its_empty_first_page(world, kind, number):
    """The Paginator counts (0) and then asks for the first page, ``[0:0]``, which the ORM refuses to compile."""
    nobody = Family.objects.filter(name="Niemand").order_by("pk")
    rows = {
        "counted": lambda: Counted(nobody.values("name")),
        "keys first": lambda: KeysFirst(nobody, ("name",)),
        "prepared": lambda: _prepared(world, "Niemand", []),
    }[kind]()
    pager = _page(rows, number)
    assert (pager.page.number, pager.page.paginator.count, list(pager.object_list)) == (1, 0, [])


def test_a_search_s_stale_page_without_results_is_its_empty_first_page(client, world):
    client.force_login(world.caseworker)
    response = client.get("/cases/", {"q": "Niemandsland", "page": "2"})
    assert response.status_code == 200
