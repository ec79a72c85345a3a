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
from tests.audit.statements import record_statements
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
    assert texts(first)[:2] == ["0", "1"] and f"notitie {PAGE - 1}<" in first and f"notitie {PAGE}<" not in first
    assert "samenplan-timeline__more" in first and 'hx-get="' in first
    older = access.timeline_page(world.case)[1]
    # Without JavaScript: the dossier with the older page, and a way back to the newest.
    plain = client.get(url, {"before": older}).content.decode()
    assert f"notitie {PAGE}<" in plain and f"notitie {PAGE - 1}<" not in plain
    assert "samenplan-timeline__newest" in plain
    # With htmx: only the next entries, to put in place of the link.
    fragment = client.get(url, {"before": older}, HTTP_HX_REQUEST="true")
    body = fragment.content.decode()
    assert fragment.status_code == 200 and "<html" not in body and "samenplan-note-form" not in body
    assert f"notitie {PAGE}<" in body and f"notitie {PAGE - 1}<" not in body
    assert fragment["Vary"] and "HX-Request" in fragment["Vary"]


def test_it_pages_entries_of_the_same_moment_without_gaps_or_repeats(world):
    add_entries(world.case, world.caseworker, 2 * PAGE + 7, same_moment=True)
    total = world.case.entries.count()
    seen, before = [], None
    while True:
        entries, before = access.timeline_page(world.case, before)
        seen += [e["pk"] for e in entries]
        if before is None:
            break
    assert len(seen) == len(set(seen)) == total
    expected = list(world.case.entries.order_by("-at", "-pk").values_list("pk", flat=True))
    assert seen == expected


@pytest.mark.parametrize("count", [0, 1, PAGE, PAGE + 1, 2 * PAGE + 3])
def test_its_newest_page_is_the_orm_s_query_s(world, count):
    """The newest page's statement written by hand (``access._newest_sql``) gives the rows of the ORM's query
    (``access._timeline``): the same entries in the same order (ties of a moment by id), each field converted
    alike, shared or not, with and without a speaker, by two authors."""
    from samenplan.cases.actions import do_add_note, do_share_entry

    registered = list(world.case.entries.all())  # what registering the family wrote
    add_entries(world.case, world.caseworker, count // 2, same_moment=True)
    add_entries(world.case, world.colleague, count - count // 2)
    speaker = world.case.family.members.first()
    note = do_add_note(world.caseworker, world.case, text="met <spreker>", voice=Voice.FAMILY, speaker=speaker)
    do_share_entry(world.caseworker, note, shared=True)
    for _ in range(2):  # compiled at the first, as kept at the second
        rows, older = access.timeline_page(world.case)
        expected = list(access._timeline(world.case, PAGE))
        assert rows == expected[:PAGE] and len(rows) == min(count + 1 + len(registered), PAGE)
        assert older == (expected[PAGE - 1]["pk"] if len(expected) > PAGE else None)
    shown = {row["pk"]: row for row in rows}
    if count < PAGE:  # the note is older than the entries added (a day ahead), newer than the registration's
        assert shown[note.pk]["is_shared"] is True and shown[note.pk]["speaker__given_name"] == speaker.given_name


def test_it_gives_nothing_for_an_entry_of_another_case(world):
    add_entries(world.outsider_case, world.outsider, 3)
    foreign = world.outsider_case.entries.first()
    assert access.timeline_page(world.case, foreign.pk) == ([], None)
    # Nonsense from the URL is the first page.
    assert access.timeline_page(world.case, "x' OR 1=1")[0] == access.timeline_page(world.case)[0]


def fill(world, count: int, start: int = 0) -> None:
    """``count`` of each thing the dossier's sections list or count: consents with their givers, information
    asked, proposed consents with who was asked, special circumstances, goals, the family's proposals (family
    input), shared notes. ``start``: how many were filled before (a circumstance is recorded once per member)."""
    from samenplan.analysis.actions import do_record_circumstance
    from samenplan.cases.actions import do_add_note
    from samenplan.consent.actions import do_propose_consent, do_request_information
    from samenplan.goals.actions import do_add_goal
    from samenplan.portal.actions_proposals import do_propose
    from tests.conftest import family_account

    members = list(world.case.family.members.all())
    parent = family_account(world, "parent")
    for i in range(start, start + count):
        consent = record_consent(world.caseworker, world.case, givers=members, recipient_name=f"School {i}")
        do_request_information(
            world.caseworker, world.case, recipient=consent.recipient, data_kinds=["school"],
            question="Hoe gaat het?", reason="Compleet beeld.",
        )  # fmt: skip
        do_propose_consent(
            world.caseworker, world.case, recipient_name=f"Huisarts {i}", recipient_kind="person",
            recipient_role="gp", purpose="request_information", data_kinds=["health"],
            benefit="Zo is het beeld compleet.", asked=members,
        )  # fmt: skip
        code = ("low_literacy", "migration_background", "intellectual_disability")[i // 2]
        do_record_circumstance(world.caseworker, world.case, member=members[i % 2], code=code)
        do_add_goal(world.caseworker, world.case, words=f"Doel {i}", whose="family", term="short")
        do_propose(parent, parent.family_account.member, world.case, kind="goal", words=f"Samen eten {i}")
        do_add_note(world.caseworker, world.case, text=f"gedeeld {i}", voice=Voice.PROFESSIONAL, shared=True)


def test_it_reads_the_dossier_in_as_many_queries_however_much_it_holds(world, client):
    client.force_login(world.caseworker)
    fill(world, 1)
    small = dossier_queries(client, world.case)
    fill(world, 4, start=1)
    add_entries(world.case, world.caseworker, 3 * PAGE)
    for i in range(6):
        world.case.family.members.create(
            given_name=f"Kind{i}", family_name="Jansen", role=MemberRole.CHILD, date_of_birth=date(2015, 1, 1 + i)
        )
    world.case.coworkers.add(world.colleague, world.two_team_worker)
    large = dossier_queries(client, world.case)
    assert large == small
    # A co-worker (asked by every rule about changing the case) reads it in as many.
    client.force_login(world.coworker)
    assert dossier_queries(client, world.case) == small
    # And so does "load more".
    client.force_login(world.caseworker)
    older = access.timeline_page(world.case)[1]
    url = reverse("cases:dossier", args=[world.case.pk])
    with CaptureQueriesContext(connection) as first:
        client.get(url, {"before": older}, HTTP_HX_REQUEST="true")
    older = access.timeline_page(world.case, older)[1]
    with CaptureQueriesContext(connection) as second:
        client.get(url, {"before": older}, HTTP_HX_REQUEST="true")
    assert len(first) == len(second) < small


def test_it_reads_an_empty_section_in_no_query_of_its_own(world, client):
    """What each section lists is read only when the case's own query found some: a new case's dossier is read
    in a fixed number of queries, a full one in one more per section with rows (and per list of who gave or was
    asked)."""
    client.force_login(world.caseworker)
    # session, the user with their memberships; the case with its counts, facts and "has" flags; its co-workers;
    # the newest timeline entries (each with "shared"); the members; the access-log record (one statement on
    # PostgreSQL, three on SQLite: tests/audit/statements.py)
    new_case = 6 + record_statements()
    assert dossier_queries(client, world.case) == new_case
    fill(world, 2)
    # + the family's unseen input, the special circumstances, consents with their givers (one query), information
    # asked, proposed consents and who was asked
    assert dossier_queries(client, world.case) == new_case + 6


@pytest.mark.parametrize("persona", ["outsider", "south_worker"])
def test_it_refuses_load_more_to_who_may_not_see_the_case(world, client, persona):
    add_entries(world.case, world.caseworker, PAGE + 1)
    client.force_login(world.persona(persona))
    older = access.timeline_page(world.case)[1]
    url = reverse("cases:dossier", args=[world.case.pk])
    assert client.get(url, {"before": older}, HTTP_HX_REQUEST="true").status_code == 404


@pytest.mark.parametrize("language", ["nl", "en"])
def test_it_names_each_kind_of_entry_in_the_reader_s_language(language):
    from django.utils import translation

    with translation.override(language):
        for kind, label in EntryKind.choices:
            assert DossierEntry(kind=kind).get_kind_display() == str(label)
        assert DossierEntry(kind="gone").get_kind_display() == "gone"  # a kind no longer offered: as stored
    with translation.override("nl"):
        assert DossierEntry(kind=EntryKind.NOTE).get_kind_display() == "aantekening"
