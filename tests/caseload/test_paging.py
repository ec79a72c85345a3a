"""A ``Counted`` list reads its page and its length in one query; the pager then counts only for a page past the
end (a stale link), and a ``KeysFirst`` list reads the page's keys with the length, then those rows."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from samenplan.caseload.paging import LENGTH, Counted, KeysFirst, paginate
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


def test_the_api_answers_a_page_no_database_could_offset_to_with_404(world):
    """Found by schemathesis on PostgreSQL: a page number whose offset is beyond a 64-bit integer was a 500."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(world.caseworker)
    response = client.get("/api/v1/cases/", {"phase": "decision", "page": "266942943739526260087088247472128"})
    assert response.status_code == 404
