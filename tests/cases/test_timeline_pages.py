"""The dossier at the scale of a long trajectory: the newest page of the timeline, "load more" keyset-paged by
(at, pk), and a query count that does not grow with the entries, the members or the consents."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samenplan.cases import access
from samenplan.cases.models import DossierEntry, EntryKind, MemberRole, Voice
from tests.factories import record_consent

PAGE = access.TIMELINE_PAGE


def add_entries(case, author, count, *, same_moment=False):
    """``count`` notes, one a minute apart, newest first (or all at one moment, to test the tie on pk)."""
    now = timezone.now() + timedelta(days=1)  # newer than what registering the family wrote
    DossierEntry.objects.bulk_create(
        DossierEntry(
            case=case,
            author=author,
            at=now if same_moment else now - timedelta(minutes=i),
            kind=EntryKind.NOTE,
            voice=Voice.PROFESSIONAL,
            text=f"notitie {i}",
        )
        for i in range(count)
    )


def texts(html: str) -> list[str]:
    return [part.split("<", 1)[0] for part in html.split("notitie ")[1:]]


def dossier_queries(client, case) -> int:
    url = reverse("cases:dossier", args=[case.pk])
    client.get(url)  # sessions, caches and the like settle
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_it_shows_the_newest_page_and_links_to_older_entries(world, client):
    add_entries(world.case, world.caseworker, PAGE + 10)
    client.force_login(world.caseworker)
    url = reverse("cases:dossier", args=[world.case.pk])
    first = client.get(url).content.decode()
    assert texts(first)[:2] == ["0", "1"] and "notitie 49<" in first and "notitie 50<" not in first
    assert "samenplan-timeline__more" in first and 'hx-get="' in first
    older = access.timeline_page(world.case)[1]
    # Without JavaScript: the dossier with the older page, and a way back to the newest.
    plain = client.get(url, {"before": older}).content.decode()
    assert "notitie 50<" in plain and "notitie 49<" not in plain
    assert "samenplan-timeline__newest" in plain
    # With htmx: only the next entries, to put in place of the link.
    fragment = client.get(url, {"before": older}, HTTP_HX_REQUEST="true")
    body = fragment.content.decode()
    assert fragment.status_code == 200 and "<html" not in body and "samenplan-note-form" not in body
    assert "notitie 50<" in body and "notitie 49<" not in body
    assert fragment["Vary"] and "HX-Request" in fragment["Vary"]


def test_it_pages_entries_of_the_same_moment_without_gaps_or_repeats(world):
    add_entries(world.case, world.caseworker, 2 * PAGE + 7, same_moment=True)
    total = world.case.entries.count()
    seen, before = [], None
    while True:
        entries, before = access.timeline_page(world.case, before)
        seen += [e.pk for e in entries]
        if before is None:
            break
    assert len(seen) == len(set(seen)) == total
    expected = list(world.case.entries.order_by("-at", "-pk").values_list("pk", flat=True))
    assert seen == expected


def test_it_gives_nothing_for_an_entry_of_another_case(world):
    add_entries(world.outsider_case, world.outsider, 3)
    foreign = world.outsider_case.entries.first()
    assert access.timeline_page(world.case, foreign.pk) == ([], None)
    # Nonsense from the URL is the first page.
    assert access.timeline_page(world.case, "x' OR 1=1")[0] == access.timeline_page(world.case)[0]


def test_it_reads_the_dossier_in_as_many_queries_however_much_it_holds(world, client):
    client.force_login(world.caseworker)
    givers = list(world.case.family.members.all())
    record_consent(world.caseworker, world.case, givers=givers)
    small = dossier_queries(client, world.case)
    add_entries(world.case, world.caseworker, 3 * PAGE)
    for i in range(6):
        world.case.family.members.create(
            given_name=f"Kind{i}", family_name="Jansen", role=MemberRole.CHILD, date_of_birth=date(2015, 1, 1 + i)
        )
    for _ in range(4):
        record_consent(world.caseworker, world.case, givers=givers)
    world.case.coworkers.add(world.colleague, world.two_team_worker)
    large = dossier_queries(client, world.case)
    assert large == small
    # And so does "load more".
    older = access.timeline_page(world.case)[1]
    url = reverse("cases:dossier", args=[world.case.pk])
    with CaptureQueriesContext(connection) as first:
        client.get(url, {"before": older}, HTTP_HX_REQUEST="true")
    older = access.timeline_page(world.case, older)[1]
    with CaptureQueriesContext(connection) as second:
        client.get(url, {"before": older}, HTTP_HX_REQUEST="true")
    assert len(first) == len(second) < small


@pytest.mark.parametrize("persona", ["outsider", "south_worker"])
def test_it_refuses_load_more_to_who_may_not_see_the_case(world, client, persona):
    add_entries(world.case, world.caseworker, PAGE + 1)
    client.force_login(world.persona(persona))
    older = access.timeline_page(world.case)[1]
    url = reverse("cases:dossier", args=[world.case.pk])
    assert client.get(url, {"before": older}, HTTP_HX_REQUEST="true").status_code == 404
