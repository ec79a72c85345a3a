"""The family's languages in the browser (issue 12): a parent whose language is Arabic logs in and reads the portal
right to left, in Arabic, without a horizontal scroll at 375 or 1280 px, and takes home the plan PDF with Arabic
fixed texts; Tigrinya renders in its own script (not the empty boxes of a missing font), in the browser and in the
PDF. Screenshots: set SAMENPLAN_SCREENSHOTS=<dir> to keep them for a look."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pypdf
import pytest

from samenplan.cases.models import Member
from samenplan.portal import actions as portal_actions
from tests.browser.conftest import playwright_expect
from tests.browser.test_portal import no_violations
from tests.plans.factories import SAFETY, plan_version

expect = playwright_expect()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIGRINYA = "ሰላም ስድራቤት መደብ ዕላማታት"
MISSING = "\U0010fffd"  # a private-use code point that no font has: drawn as the fallback box


def parent_with_language(people, code):
    case = people.jansen
    parent = case.family.members.get(given_name="Sanne")
    tokens = []
    portal_actions.do_invite(
        people.caseworker, case, parent, "sanne@example.org", accept_url=tokens.append, language=code
    )
    return portal_actions.do_accept(tokens[0], "een lange zin over de fiets"), parent


def shots(page, name, tmp_path):
    """Screenshots at 375 and 1280 px; the page never scrolls sideways."""
    folder = Path(os.environ.get("SAMENPLAN_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} scrolls sideways at {width} px by {overflow} px"
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def pdf_reader(context, url="/portal/plan/pdf/") -> pypdf.PdfReader:
    response = context.request.get(url, timeout=120_000)  # WeasyPrint with the Arabic font takes a while
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    return pypdf.PdfReader(io.BytesIO(response.body()))


def fonts_of(reader) -> set[str]:
    fonts = set()
    for pdf_page in reader.pages:
        for font in (pdf_page.get("/Resources", {}).get("/Font") or {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")).replace("-", ""))
    return fonts


def test_a_parent_with_arabic_reads_the_portal_right_to_left_and_the_plan_pdf_in_arabic(
    context, page, login, people, axe, tmp_path
):
    plan_version(people.caseworker, people.jansen, safety=SAFETY, own={"text": "We fietsen samen.", "voice": "family"})
    user, _parent = parent_with_language(people, "ar")
    login(user)
    page.goto("/portal/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("link", name="خطتنا", exact=True)).to_be_visible()  # "Our plan"
    # Right to left: the name of the site starts the header on the right, the menu follows to its left.
    brand = page.locator(".samenplan-header__brand").bounding_box()
    assert brand["x"] > 1280 / 2, brand
    font = page.locator("h1").evaluate("h => getComputedStyle(h).fontFamily")
    assert "Noto Sans Arabic" in font, font
    no_violations(axe, page)
    shots(page, "portal-ar-home", tmp_path)
    page.get_by_role("link", name="خطتنا", exact=True).click()
    page.wait_for_url("**/portal/plan/")
    no_violations(axe, page)
    shots(page, "portal-ar-plan", tmp_path)

    reader = pdf_reader(context)
    assert any("NotoSansArabic" in font for font in fonts_of(reader)), fonts_of(reader)
    text = "".join(p.extract_text() for p in reader.pages)
    # Words that pypdf reads back from shaped Arabic as they are (it maps some joined letter forms wrongly, the
    # rendering is right): "family", "in your own words" and the month of the Arabic date.
    for words in ("أسرة", "بكلماتكم", "ديسمبر"):
        assert words in text, text[:300]
    assert "We fietsen sam" in text  # the family's own words, as they wrote them
    assert "Ons gezinsplan" not in text and "Veiligheidsplan" not in text and "december" not in text


def test_a_parent_switches_to_tigrinya_without_javascript_and_its_letters_are_real_glyphs(
    browser, http_live_server, login, people, tmp_path
):
    context = browser.new_context(base_url=http_live_server.url, java_script_enabled=False, locale="nl-NL")
    try:
        user, parent = parent_with_language(people, "")
        from django.conf import settings
        from django.test import Client

        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": http_live_server.url}])
        page = context.new_page()
        page.goto("/portal/")
        page.get_by_label("Taal").select_option("ti")
        page.get_by_role("button", name="Kies taal").click()
        page.wait_for_url("**/portal/")
        expect(page.locator("html")).to_have_attribute("lang", "ti")
        expect(page.get_by_role("link", name="ሓፈሻዊ ትሕዝቶ")).to_be_visible()  # "Overview"
        parent.refresh_from_db()
        assert parent.language == "ti"
        shots(page, "portal-ti-home", tmp_path)
    finally:
        context.close()


def test_tigrinya_text_is_drawn_with_the_ethiopic_font_not_the_fallback_box(page, login, people):
    user, _parent = parent_with_language(people, "ti")
    login(user)
    page.goto("/portal/")
    expect(page.locator("html")).to_have_attribute("lang", "ti")
    widths = page.evaluate(
        """async ([text, missing]) => {
            const family = getComputedStyle(document.body).fontFamily;
            const measure = (s) => {
                const span = document.createElement("span");
                span.textContent = s;
                span.style.fontFamily = family;
                span.style.whiteSpace = "pre";
                span.style.position = "absolute";
                document.body.append(span);
                const width = span.getBoundingClientRect().width;
                span.remove();
                return width;
            };
            await document.fonts.load(`16px ${family}`, text);
            await document.fonts.ready;
            const letters = [...text.replaceAll(" ", "")];
            return {
                text: measure(letters.join("")),
                boxes: measure(missing.repeat(letters.length)),
                each: letters.map(measure),
                box: measure(missing),
                loaded: [...document.fonts].filter(f => f.status === "loaded").map(f => f.family),
            };
        }""",
        [TIGRINYA, MISSING],
    )
    assert any("Noto Sans Ethiopic" in family for family in widths["loaded"]), widths["loaded"]
    assert abs(widths["text"] - widths["boxes"]) > 1, widths  # real glyphs: not as wide as as many boxes
    assert len({round(w, 1) for w in widths["each"]}) > 1, widths  # glyphs differ in width; boxes do not
    assert all(abs(w - widths["box"]) > 0.1 for w in widths["each"]), widths


def test_the_tigrinya_plan_pdf_embeds_the_ethiopic_font(context, login, people):
    plan_version(people.caseworker, people.jansen, safety=SAFETY)
    user, _parent = parent_with_language(people, "ti")
    login(user)
    reader = pdf_reader(context)
    assert any("NotoSansEthiopic" in font for font in fonts_of(reader)), fonts_of(reader)
    text = "".join(p.extract_text() for p in reader.pages)
    assert "መደብ" in text, text[:300]  # "plan" in Tigrinya, read back from the PDF
    assert Member.objects.get(pk=_parent.pk).language == "ti"
