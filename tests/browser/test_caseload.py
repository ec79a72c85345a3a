"""The caseload in the browser: grouped by phase, narrowed by the htmx search."""

import re

import pytest

from tests.browser.conftest import playwright_expect

expect = playwright_expect()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_shows_my_cases_grouped_by_phase(page, login, people):
    login(people.caseworker)
    page.goto("/cases/")
    groups = page.locator(".samenplan-phase-group")
    expect(groups).to_have_count(2)
    expect(page.locator("#phase-registration")).to_be_visible()
    expect(page.locator("#phase-clarification")).to_be_visible()
    registration_rows = page.locator("section[aria-labelledby=phase-registration] tbody tr")
    clarification_rows = page.locator("section[aria-labelledby=phase-clarification] tbody tr")
    expect(registration_rows).to_have_count(1)
    expect(registration_rows).to_contain_text("Jansen")
    expect(clarification_rows).to_have_count(1)
    expect(clarification_rows).to_contain_text("Bakker")
    # in the guideline's order, and the colleague's case is not in my own caseload
    assert groups.first.get_attribute("aria-labelledby") == "phase-registration"
    expect(page.locator("#caseload-results")).not_to_contain_text("De Wit")


def test_it_narrows_the_list_while_typing_a_family_name(page, login, people):
    login(people.caseworker)
    page.goto("/cases/?scope=team")
    results = page.locator("#caseload-results")
    expect(results).to_contain_text("De Wit")
    page.evaluate("window.samenplanNoReload = true")
    page.locator("#id_q").press_sequentially("wit", delay=20)
    expect(results.locator("tbody tr")).to_have_count(1)
    expect(results).to_contain_text("De Wit")
    expect(results).not_to_contain_text("Jansen")
    expect(results).not_to_contain_text("Bakker")
    expect(page).to_have_url(re.compile(r"[?&]q=wit"))  # the search can be bookmarked and shared
    assert page.evaluate("window.samenplanNoReload") is True  # htmx swapped the results, no page load


def test_it_says_so_when_no_case_matches(page, login, people):
    login(people.caseworker)
    page.goto("/cases/")
    page.locator("#id_q").fill("Zzyzx")
    page.locator("#id_q").press("Enter")
    expect(page.locator("#caseload-results tbody tr")).to_have_count(0)
    expect(page.locator("#caseload-results .samenplan-empty")).to_be_visible()


def test_it_scrolls_a_wide_table_sideways_at_375_px_also_by_keyboard(page, login, people):
    login(people.caseworker)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/cases/")
    region = page.locator(".samenplan-table-scroll").first
    expect(region).to_have_attribute("tabindex", "0")
    expect(region).to_have_attribute("role", "region")
    widths = region.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert widths[0] > widths[1]  # the table is wider than its region: the region scrolls
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # the page itself does not
    region.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle())
