"""Every portal page, found in the URL configuration (tests/portal/routes.py), in Dutch and in English, at 1280 and
at 375 px wide: axe-core finds no violation (WCAG 2.1 A/AA and best practices), the page says its language in
``<html lang>``, and at 375 px nothing scrolls sideways. A portal route added later is in the list without anyone
naming it; one whose page this test cannot open makes it fail (tests/portal/routes.py says what to add).

Then the plan page by keyboard alone (every link, button and field reached by Tab, in reading order, with a
visible focus ring) and with JavaScript switched off (the whole plan readable).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.test import Client

from samenplan.cases.models import Member, MemberRole
from tests.browser.conftest import TIMEOUT_MS, playwright_expect
from tests.plans.factories import SAFETY, plan_version
from tests.portal.routes import demo_world, portal_pages, viewers

expect = playwright_expect()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The language and the browser's Accept-Language for it.
LANGUAGES = {"nl": "nl-NL", "en": "en-GB", "ar": "ar", "tr": "tr-TR", "pl": "pl-PL", "uk": "uk-UA", "ti": "ti-ER"}
WORKBENCH = ["nl", "en"]  # the languages the keyboard and no-JavaScript checks run in (the texts they look for)
WIDTHS = (1280, 375)
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def _new_context(browser, server, user, language, width, **options):
    context = browser.new_context(
        base_url=server.url, locale=LANGUAGES[language], viewport={"width": width, "height": 900}, **options
    )
    context.set_default_timeout(TIMEOUT_MS * 3)
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": server.url}]
    if user is not None:
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME]
        cookies.append({"name": session.key, "value": session.value, "url": server.url})
    context.add_cookies(cookies)
    return context


def _check_pages(browser, server, axe, languages, *, family_only: bool) -> tuple[list, list, list]:
    """Every portal page in each of ``languages`` at both widths: (pages, what was checked, problems). With
    ``family_only`` the pages of the family and of visitors only (the professional's pages speak Dutch and
    English: a professional who asks for another language gets Dutch)."""
    demo = demo_world()
    pages = portal_pages(demo)
    who = viewers(demo)
    problems, checked = [], []
    for language in languages:
        for width in WIDTHS:
            for viewer in sorted({v for _, _, vs in pages for v in vs}):
                if family_only and viewer == "caseworker":
                    continue
                context = _new_context(browser, server, who[viewer], language, width)
                page = context.new_page()
                for route, url, page_viewers in pages:
                    if viewer not in page_viewers:
                        continue
                    where = f"{route.name} {url} as {viewer}, {language}, {width} px"
                    response = page.goto(url)
                    if response.status != 200:
                        problems.append(f"{where}: HTTP {response.status}")
                        continue
                    checked.append(where)
                    html = page.locator("html")
                    if html.get_attribute("lang") != language:
                        problems.append(f"{where}: <html lang={html.get_attribute('lang')!r}>")
                    direction = "rtl" if language in settings.LANGUAGES_BIDI else "ltr"
                    if (html.get_attribute("dir") or "ltr") != direction:
                        problems.append(f"{where}: <html dir={html.get_attribute('dir')!r}>, not {direction}")
                    if page.locator("h1").count() != 1:
                        problems.append(f"{where}: {page.locator('h1').count()} h1 headings")
                    results = axe.run(page)
                    if results.violations_count:
                        problems.append(f"{where}:\n{results.generate_report()}")
                    if width == 375 and not page.evaluate(NO_SIDEWAYS_SCROLL):
                        wide = page.evaluate("document.documentElement.scrollWidth")
                        problems.append(f"{where}: scrolls sideways ({wide} px wide)")
                context.close()
    return pages, checked, problems


@pytest.mark.guideline("G1.1")
def test_every_portal_page_has_no_axe_violations_in_dutch_and_english_at_1280_and_375_px(
    browser, http_live_server, axe, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    pages, checked, problems = _check_pages(browser, http_live_server, axe, ["nl", "en"], family_only=False)
    print("\naxe checked:\n" + "\n".join(checked))
    assert {route.name for route, _, _ in pages} >= {"portal:home", "portal:plan", "portal:goals", "portal:accept"}
    assert not problems, "\n\n".join(problems)


@pytest.mark.guideline("G1.1")
def test_every_family_page_has_no_axe_violations_in_every_other_portal_language_at_1280_and_375_px(
    browser, http_live_server, axe, settings
):
    """Arabic (right to left), Turkish, Polish, Ukrainian and Tigrinya: the family's pages, at both widths."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    languages = list(settings.FAMILY_ONLY_LANGUAGES)
    assert set(languages) == {"ar", "tr", "pl", "uk", "ti"}
    _pages, checked, problems = _check_pages(browser, http_live_server, axe, languages, family_only=True)
    print("\naxe checked:\n" + "\n".join(checked))
    assert {w.split(", ")[1] for w in checked} == set(languages)
    assert not problems, "\n\n".join(problems)


@pytest.fixture
def family_with_plan(people):
    """The Jansen family with two plan versions and a safety plan; Sanne (parent) has a portal account."""
    from samenplan.portal import actions as portal_actions

    case = people.jansen
    Member.objects.filter(family=case.family, role=MemberRole.CHILD).update(date_of_birth=date(2012, 5, 1))
    plan_version(people.caseworker, case, safety=SAFETY)
    plan_version(people.caseworker, case, safety=SAFETY, own={"text": "We fietsen samen.", "voice": "family"})
    sanne = case.family.members.get(given_name="Sanne")
    tokens = []
    portal_actions.do_invite(people.caseworker, case, sanne, "sanne@example.org", accept_url=tokens.append)
    return portal_actions.do_accept(tokens[0], "een lange zin over de fiets")


FOCUSABLE = (
    "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), "
    "textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])"
)
# One tab stop per element; a group of radio buttons is one stop (the arrow keys move within it).
STOP = "e => e.type === 'radio' ? 'radio group ' + e.name : e.outerHTML.slice(0, 200)"
VISIBLE_FOCUSABLE = f"""() => [...new Set([...document.querySelectorAll("{FOCUSABLE}")]
    .filter(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
    .map({STOP}))]"""
FOCUS_RING = """() => {
    const e = document.activeElement, s = getComputedStyle(e);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
}"""


@pytest.mark.parametrize("language", WORKBENCH)
def test_the_plan_page_can_be_used_by_keyboard_alone(browser, http_live_server, family_with_plan, language):
    """Tab from the top of the page reaches every link, button and field in document order (skip link first),
    each with a visible focus ring, at 375 px."""
    context = _new_context(browser, http_live_server, family_with_plan, language, 375)
    page = context.new_page()
    page.goto("/portal/plan/")
    # Open every disclosure, so what it hides is in the tab order too.
    for summary in page.locator("details:not([open]) > summary").all():
        summary.click()
    page.locator("body").focus()
    wanted = page.evaluate(VISIBLE_FOCUSABLE)
    reached, without_ring = [], []
    for _ in range(len(wanted) + 5):
        page.keyboard.press("Tab")
        here = page.evaluate(f"({STOP})(document.activeElement)")
        if here in reached or page.evaluate("document.activeElement === document.body"):
            break
        reached.append(here)
        if not page.evaluate(FOCUS_RING):
            without_ring.append(here)
    context.close()
    assert "samenplan-skip-link" in reached[0]
    assert reached == wanted, f"tab order {reached}\nis not every focusable element in order {wanted}"
    assert not without_ring, f"no visible focus: {without_ring}"
    assert len(reached) > 10  # the menu, the plan's links, the agreement form


@pytest.mark.parametrize("language", WORKBENCH)
def test_the_plan_can_be_read_with_javascript_switched_off(browser, http_live_server, family_with_plan, language):
    context = _new_context(browser, http_live_server, family_with_plan, language, 375, java_script_enabled=False)
    page = context.new_page()
    page.goto("/portal/plan/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_text("We fietsen samen.")).to_be_visible()  # the family's own words in the plan
    safety = "Als iemand zich niet veilig voelt" if language == "nl" else "When someone feels unsafe"
    expect(page.get_by_role("heading", name=safety)).to_be_visible()
    expect(page.locator("main form button[type=submit]").first).to_be_visible()  # answering works without it too
    page.locator("a[href$='/portal/plan/versions/1/']").first.click()
    page.wait_for_url("**/portal/plan/versions/1/")
    expect(page.locator("h1")).to_have_count(1)
    context.close()
