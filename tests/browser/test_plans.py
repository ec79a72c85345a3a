"""The family plan in the browser, as the caseworker: make version 1 with a safety plan, download its PDF (its text
and the safety plan's own page), change it into version 2 and see the difference; then two browser contexts edit
the same plan at once: the second gets the merge page and nothing is lost. axe-core finds no violations on the
plan, compare and merge pages."""

import pytest
from django.conf import settings
from django.test import Client

from samenplan.goals.actions import do_add_goal
from samenplan.plans import services
from tests.browser.conftest import TIMEOUT_MS, playwright_expect

expect = playwright_expect()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_violations(page, axe):
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()


def save(page):
    page.locator("main form button[type=submit]").first.click()


def second_context(browser, http_live_server, user):
    context = browser.new_context(base_url=http_live_server.url, locale="nl-NL")
    context.set_default_timeout(TIMEOUT_MS)
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": http_live_server.url}])
    return context


@pytest.mark.guideline("G5.5")
def test_it_makes_a_plan_with_its_pdf_and_merges_two_editors(page, login, people, axe, browser, http_live_server):
    from pypdf import PdfReader

    case = people.jansen
    do_add_goal(people.caseworker, case, words="Elke avond samen eten zonder ruzie.", whose="family", term="short")
    login(people.caseworker)
    page.goto(f"/cases/{case.pk}/")
    page.locator("#family-plan").get_by_role("link", name="Gezinsplan").click()
    expect(page.locator("h1")).to_have_text("Gezinsplan")
    page.get_by_role("link", name="Het plan maken").click()
    page.locator("#id_own_text").fill("We eten elke avond samen.")
    page.locator("#id_safety_needed").check()
    page.locator("#id_safety_when_unsafe").fill("Mees gaat naar de buren als het thuis te hard gaat.")
    page.locator("#id_safety_day_contacts").fill("Buurvrouw Karin: 06-11112222")
    page.locator("#id_safety_night_contacts").fill("Oma Ria: 06-12345678")
    page.locator("#id_evaluation_how").fill("Een gesprek thuis.")
    page.locator("#id_aftercare_text").fill("Bellen na drie maanden.")
    save(page)
    expect(page.locator("main")).to_contain_text("Versie 1, opgeslagen door Anna de Vries")
    expect(page.locator("#section-own").locator("..")).to_contain_text("In uw eigen woorden")
    no_violations(page, axe)

    with page.expect_download() as download:
        page.get_by_role("link", name="Versie 1 downloaden als pdf").click()
    pages = [p.extract_text() for p in PdfReader(download.value.path()).pages]
    text = "\n".join(pages)
    assert "Ons gezinsplan: gezin Jansen" in text and "Elke avond samen eten zonder ruzie." in text
    assert "We eten elke avond samen." in text and "In uw eigen woorden" in text
    safety = [p for p in pages if "Veiligheidsplan" in p]
    assert len(safety) == 1 and "Oma Ria: 06-12345678" in safety[0] and "Onze doelen" not in safety[0]

    page.get_by_role("link", name="Het plan veranderen").click()
    page.locator("#id_own_text").fill("We eten elke zondag samen.")
    page.locator("#id_reason").fill("Zondag past beter.")
    save(page)
    expect(page.locator("main")).to_contain_text("Versie 2, opgeslagen door Anna de Vries")
    page.get_by_role("link", name="wat er veranderde in versie 2").click()
    expect(page.locator("h1")).to_have_text("Wat er veranderde van versie 1 naar versie 2")
    expect(page.locator("ins").first).to_contain_text("zondag")
    expect(page.locator("del").first).to_contain_text("avond")
    no_violations(page, axe)

    # Two editors at once: both open version 2; the other saves first.
    page.goto(f"/cases/{case.pk}/plan/edit/")
    other_context = second_context(browser, http_live_server, people.caseworker)
    other = other_context.new_page()
    other.goto(f"/cases/{case.pk}/plan/edit/")
    other.locator("#id_aftercare_text").fill("Bellen na zes weken.")
    save(other)
    expect(other.locator("main")).to_contain_text("Versie 3")
    other_context.close()

    page.locator("#id_own_text").fill("We eten elke zondag samen.\nWe fietsen op zaterdag.")
    page.locator("#id_aftercare_text").fill("Een huisbezoek na twee maanden.")
    save(page)
    expect(page.locator("h1")).to_have_text("Iemand anders heeft het plan veranderd")
    expect(page.locator("main")).to_contain_text("Bellen na zes weken.")  # theirs
    expect(page.locator("main")).to_contain_text("Een huisbezoek na twee maanden.")  # yours, not lost
    no_violations(page, axe)
    assert services.current_version(case).number == 3  # nothing overwritten
    page.get_by_role("group", name="Na de hulp (nazorg)").get_by_label("de opgeslagen versie houden").check()
    save(page)
    expect(page.locator("main")).to_contain_text("Versie 4")
    merged = services.current_version(case).content
    assert merged["own"]["text"].splitlines() == ["We eten elke zondag samen.", "We fietsen op zaterdag."]
    assert merged["aftercare"]["text"] == "Bellen na zes weken."
