"""The header menu on a phone (static/samenplan/menu.js): at 390 by 844 px the menu of a parent in the portal and
of a professional is one "Menu" button; pressed by keyboard it opens the list, a link in it can be followed, Escape
closes it and puts the focus back on the button; axe-core finds no violation with the menu open or closed. On a
desktop there is no button and every link shows, also after the window was narrow; without JavaScript a phone shows
the whole list, as before."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.browser.conftest import TIMEOUT_MS, playwright_expect, t
from tests.browser.test_readaloud import account

expect = playwright_expect()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
FOCUSED = "el => el === document.activeElement"
MARKED = """a => { const s = getComputedStyle(a);
    return [parseFloat(s.borderInlineStartWidth), s.borderInlineStartColor, s.fontWeight]; }"""


@pytest.fixture(params=["parent", "professional"])
def visit(request, people):
    """Who uses the menu: where they start, and a link of their menu to follow with where it leads."""
    if request.param == "parent":
        sanne = people.jansen.family.members.get(given_name="Sanne")
        return account(people, sanne), "/portal/", t("Who looked at the file"), reverse("portal:access_log")
    return people.team_lead, "/cases/", t("Access log"), reverse("audit:log")


def no_violations(axe, page, when):
    results = axe.run(page)
    assert results.violations_count == 0, f"{page.url}, {when}\n{results.generate_report()}"


def tab_to(page, target, presses=10):
    """Tab from the top of the page until ``target`` has the focus."""
    page.locator("body").focus()
    for _ in range(presses):
        page.keyboard.press("Tab")
        if target.evaluate(FOCUSED):
            return
    raise AssertionError(f"{presses} presses of Tab did not reach {target}")


def test_the_menu_is_one_button_on_a_phone_and_opens_closes_and_leads_by_keyboard(page, login, axe, visit):
    user, start, link_name, link_url = visit
    login(user)
    page.set_viewport_size(PHONE)
    page.goto(start)
    nav = page.get_by_role("navigation", name=t("Main menu"))
    button = nav.get_by_role("button", name=t("Menu"))
    items = nav.locator(".samenplan-header__menu > li").count()
    assert items >= 8

    # Closed: the button, not the links.
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")
    menu = page.locator(f"#{button.get_attribute('aria-controls')}")
    expect(menu).to_have_class("samenplan-header__menu")
    expect(menu).to_be_hidden()
    expect(nav.get_by_role("link")).to_have_count(0)
    assert button.bounding_box()["height"] >= 48  # --basis-pointer-target-min-block-size: 3rem
    no_violations(axe, page, "menu closed")

    # Tab to the button, Enter: every link shows, the current page's marked.
    tab_to(page, button)
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu).to_be_visible()
    expect(nav.get_by_role("link")).to_have_count(items)
    current = menu.locator("a[aria-current='page']")
    expect(current).to_have_count(1)
    expect(current).to_have_attribute("href", start)
    width, colour, weight = current.evaluate(MARKED)
    assert width > 0 and colour != "rgba(0, 0, 0, 0)" and int(weight) >= 700, (width, colour, weight)
    other = menu.locator("a:not([aria-current])").first
    assert other.evaluate(MARKED)[1] == "rgba(0, 0, 0, 0)"  # only the current page has the bar
    for link in nav.get_by_role("link").all():
        assert link.bounding_box()["height"] >= 48
    no_violations(axe, page, "menu open")

    # Into the list and out with Escape: closed, the focus back on the button.
    page.keyboard.press("Tab")
    expect(nav.get_by_role("link").first).to_be_focused()
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()
    expect(button).to_be_focused()

    # Open again (Space this time), Tab to a link, Enter: its page, with the menu closed again.
    page.keyboard.press("Space")
    expect(menu).to_be_visible()
    target = nav.get_by_role("link", name=link_name, exact=True)
    for _ in range(items):
        page.keyboard.press("Tab")
        if target.evaluate(FOCUSED):
            break
    expect(target).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{link_url}")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()
    expect(menu.locator("a[aria-current='page']")).to_have_attribute("href", link_url)


def test_a_desktop_shows_every_link_and_no_button_also_after_the_window_was_narrow(page, login, visit):
    user, start, _link_name, _link_url = visit
    login(user)
    page.set_viewport_size(DESKTOP)
    page.goto(start)
    nav = page.get_by_role("navigation", name=t("Main menu"))
    items = nav.locator(".samenplan-header__menu > li").count()
    expect(nav.get_by_role("button")).to_have_count(0)
    expect(nav.get_by_role("link")).to_have_count(items)

    # Narrow the window: the button; open the menu and widen it again: all as before, no button.
    page.set_viewport_size(PHONE)
    button = nav.get_by_role("button", name=t("Menu"))
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(nav.get_by_role("link")).to_have_count(0)
    button.click()
    expect(nav.get_by_role("link")).to_have_count(items)
    page.set_viewport_size(DESKTOP)
    expect(nav.get_by_role("button")).to_have_count(0)
    expect(nav.get_by_role("link")).to_have_count(items)
    # and narrow once more: closed again
    page.set_viewport_size(PHONE)
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(nav.get_by_role("link")).to_have_count(0)


def test_without_javascript_a_phone_shows_the_whole_menu(browser, http_live_server, visit):
    user, start, link_name, link_url = visit
    context = browser.new_context(
        base_url=http_live_server.url, locale="nl-NL", viewport=PHONE, java_script_enabled=False
    )
    context.set_default_timeout(TIMEOUT_MS)
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": session.key, "value": session.value, "url": http_live_server.url}])
    page = context.new_page()
    page.goto(start)
    nav = page.get_by_role("navigation", name=t("Main menu"))
    expect(nav.get_by_role("button")).to_have_count(0)
    expect(nav.get_by_role("link")).to_have_count(nav.locator(".samenplan-header__menu > li").count())
    nav.get_by_role("link", name=link_name, exact=True).click()
    page.wait_for_url(f"**{link_url}")
    context.close()


def test_the_button_speaks_the_family_members_language(context, page, login, people, http_live_server):
    sanne = people.jansen.family.members.get(given_name="Sanne")
    login(account(people, sanne))
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "tr", "url": http_live_server.url}])
    page.set_viewport_size(PHONE)
    page.goto("/portal/")
    expect(page.locator("html")).to_have_attribute("lang", "tr")
    expect(page.locator("header").get_by_role("button", name="Menü", exact=True)).to_have_attribute(
        "aria-expanded", "false"
    )


# Runs before the page's own scripts: notes, at the moment the parser inserts <main>, whether the header's menu
# list was already folded (hidden, with its button before it). What is parsed after the header is what a browser
# may paint first; a menu folded only at DOMContentLoaded would show in full on a slow page.
WATCH_MAIN = """
new MutationObserver((changes, observer) => {
  const main = document.getElementById("main");
  if (!main) return;
  const list = document.querySelector(".samenplan-header__menu");
  window.menuWhenMainArrived = list ? {hidden: list.hidden, button: !!list.previousElementSibling} : null;
  observer.disconnect();
}).observe(document, {childList: true, subtree: true});
"""


def test_a_phone_never_shows_the_whole_menu_first(page, login, visit):
    user, start, _link_name, _link_url = visit
    login(user)
    page.set_viewport_size(PHONE)
    page.add_init_script(WATCH_MAIN)
    page.goto(start)
    assert page.evaluate("window.menuWhenMainArrived") == {"hidden": True, "button": True}
