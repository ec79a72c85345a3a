"""A long timeline in the browser: the newest page of entries, and "load more" adds the older ones in place (htmx)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from samenplan.cases.access import TIMELINE_PAGE
from samenplan.cases.models import DossierEntry, EntryKind, Voice
from tests.browser.conftest import playwright_expect

expect = playwright_expect()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_loads_older_entries_in_place_without_a_reload(page, login, people):
    case = people.jansen
    start = timezone.now() + timedelta(days=1)
    DossierEntry.objects.bulk_create(
        DossierEntry(
            case=case,
            author=people.caseworker,
            at=start - timedelta(minutes=i),
            kind=EntryKind.NOTE,
            voice=Voice.PROFESSIONAL,
            text=f"Lange tijdlijn {i}",
        )
        for i in range(60)
    )
    total = DossierEntry.objects.filter(case=case).count()
    login(people.caseworker)
    page.goto(f"/cases/{case.pk}/")
    page.evaluate("window.samenplanNoReload = true")
    entries = page.locator(".samenplan-timeline > li.samenplan-timeline__entry")
    expect(entries).to_have_count(TIMELINE_PAGE)
    more = page.locator(".samenplan-timeline__more a")
    for shown in range(2 * TIMELINE_PAGE, total, TIMELINE_PAGE):  # a full page more at each click, but the last
        more.click()
        expect(entries).to_have_count(shown)
    more.click()
    expect(entries).to_have_count(total)
    expect(page.locator(".samenplan-timeline__more")).to_have_count(0)
    expect(entries.last).to_contain_text("We maken veel ruzie thuis")  # the oldest: the registration's reason
    assert page.evaluate("window.samenplanNoReload") is True
