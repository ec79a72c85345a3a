"""The demo caseworker's dashboard in the browser: what is due in groups, every item reachable by keyboard and
linking to where it is done (evaluations due and overdue among them); axe-core finds no violations at 1280 and at
375 px."""

import pytest

from samenplan import demo_data
from tests.browser.conftest import playwright_expect
from tests.factories import give_totp

expect = playwright_expect()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    users = demo_data.seed(families=4)
    give_totp(users["anna"])  # her own second factor (the demo lets her skip it; a server does not)
    return users


def no_violations(page, axe):
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()


def test_the_demo_caseworkers_dashboard_shows_items_in_groups_reachable_by_keyboard(page, login, demo, axe):
    login(demo["anna"])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/caseload/")
    expect(page.locator("h1")).to_have_text("Te doen")
    expect(page.locator("#consents h2")).to_contain_text("Toestemmingen die binnen 30 dagen aflopen")
    expect(page.locator("#family_input h2")).to_contain_text("Nieuw van het gezin")
    expect(page.locator("#phases li").first).to_be_visible()
    # the demo caseworker's evaluations: one overdue and one due this week, each linking to its evaluation form
    expect(page.locator("#evaluations h2")).to_contain_text("Evaluaties deze week of te laat")
    expect(page.locator("#evaluations .samenplan-todo__item--overdue").first).to_contain_text("te laat")
    expect(page.locator("#evaluations .samenplan-todo__item:not(.samenplan-todo__item--overdue)").first).to_be_visible()
    for href in page.locator("#evaluations .samenplan-todo__link").evaluate_all(
        "a => a.map(x => x.getAttribute('href'))"
    ):
        assert href.startswith("/evaluations/") and href.endswith("/hold/")
    expect(page.locator("#plans h2")).to_be_visible()  # plans the family has not agreed to yet
    item_links = page.locator(".samenplan-todo__link")
    assert item_links.count() >= 2
    no_violations(page, axe)
    # keyboard only: from the skip link into the content, tabbing reaches every item's link
    wanted = set(item_links.evaluate_all("links => links.map(a => a.getAttribute('href'))"))
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    reached = set()
    for _ in range(80):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement && document.activeElement.getAttribute('href')")
        if href:
            reached.add(href)
        if wanted <= reached:
            break
    assert wanted <= reached, wanted - reached
    consent_link = page.locator("#consents .samenplan-todo__link").first
    consent_link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/cases/*/#consent")
    expect(page.locator("#consent")).to_be_visible()
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/caseload/")
    no_violations(page, axe)
