"""Keyboard only: the skip link comes first and takes you to the content."""

import pytest

from tests.browser.conftest import playwright_expect

expect = playwright_expect()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("path", ["/accounts/login/", "/cases/"])
def test_it_makes_the_skip_link_the_first_tab_stop_and_moves_focus_to_main(page, login, people, path):
    if path != "/accounts/login/":
        login(people.caseworker)
    page.goto(path)
    page.keyboard.press("Tab")
    skip_link = page.locator(".samenplan-skip-link")
    expect(skip_link).to_be_focused()
    box = skip_link.bounding_box()
    assert box is not None and box["y"] >= 0 and box["height"] > 0  # shown on screen while it has focus
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    page.keyboard.press("Tab")  # the next stop is inside the content, not back in the header
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")
