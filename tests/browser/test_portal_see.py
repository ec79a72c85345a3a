"""What the family sees in the portal, in the browser: the caseworker writes one note for the family and keeps one
internal; the parent opens each new page from the portal menu (the people around them with the map, the steps,
what was explained, the safety plan and agreements, the shared notes); a 14-year-old reads them in "je". axe-core
finds no violations at 1280 and 375 px, nothing is wider than a 375 px phone, and the pages read without
JavaScript."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from samenplan.analysis import actions as analysis_actions
from samenplan.cases.models import Member, MemberRole, SharedEntry
from samenplan.evaluations import actions as evaluation_actions
from tests.browser.conftest import playwright_expect
from tests.browser.test_portal import no_violations
from tests.browser.test_portal_plan import account
from tests.network.factories import network_member
from tests.plans.factories import SAFETY, plan_version

expect = playwright_expect()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MENU = (
    ("Veiligheid en afspraken", "/portal/safety/", "Als papa boos wordt, gaat Mees naar de buren."),
    ("De stappen", "/portal/route/", "u bent nu hier"),
    ("Mensen om u heen", "/portal/network/", "Haalt Mees op woensdag van school."),
    ("Uitleg", "/portal/explained/", "Boos worden hoort erbij."),
    ("Gedeelde notities", "/portal/notes/", "Oma haalt Mees op woensdag op."),
)


def fits_a_phone(page):
    page.set_viewport_size({"width": 375, "height": 800})
    wide = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert wide <= 375, f"{page.url} is {wide} px wide at 375 px"


def the_familys_records(people):
    case = people.jansen
    Member.objects.filter(family=case.family, role=MemberRole.CHILD).update(date_of_birth=date(2012, 5, 1))
    plan_version(people.caseworker, case, safety=SAFETY)
    network_member(people.caseworker, case)
    analysis_actions.do_record_psycho_education(
        people.caseworker, case, topic="Boosheid bij kinderen", explained="Boos worden hoort erbij.",
        given_to=list(case.family.members.all()), material_title="Folder Boos",
    )  # fmt: skip
    evaluation_actions.do_plan_evaluation(
        people.caseworker, case, planned_on=timezone.localdate() + timedelta(days=14), how="Thuis aan tafel"
    )
    return case


@pytest.mark.guideline("G2.4")
def test_the_family_reads_what_is_theirs_and_only_the_notes_shared_with_them(
    browser, context, page, login, people, axe, http_live_server
):
    case = the_familys_records(people)
    page.set_default_timeout(30_000)

    # The caseworker writes a note for the family, keeps one internal, and shares an older one afterwards.
    login(people.caseworker)
    page.goto(f"/cases/{case.pk}/")
    page.locator("#id_text").fill("Oma haalt Mees op woensdag op.")
    page.locator("input[name=voice][value=professional]").check()
    page.get_by_label("Ook laten lezen aan het gezin").check()
    page.locator("form.samenplan-note-form button[type=submit]").click()
    expect(page.locator(".samenplan-timeline > li").first).to_contain_text("Gedeeld met het gezin")
    page.locator("#id_text").fill("Intern: overleg met school.")
    page.locator("input[name=voice][value=professional]").check()
    page.locator("form.samenplan-note-form button[type=submit]").click()
    expect(page.locator(".samenplan-timeline > li").first).to_contain_text("Intern: overleg met school.")
    older = page.locator(".samenplan-timeline > li", has_text="Afgesproken dat ik volgende week bel.")
    older.get_by_role("button", name="Delen met het gezin").click()
    page.wait_for_url(f"**/cases/{case.pk}/#entry-*")
    expect(older).to_contain_text("Gedeeld met het gezin")
    assert SharedEntry.objects.filter(case=case).count() == 2
    context.clear_cookies()

    # The parent opens every new page from the portal menu.
    sanne = case.family.members.get(given_name="Sanne")
    parent = account(people, sanne)
    login(parent)
    page.goto("/portal/")
    for link, path, text in MENU:
        page.get_by_role("link", name=link, exact=True).click()
        page.wait_for_url(f"**{path}")
        expect(page.get_by_text(text).first).to_be_visible()
        no_violations(axe, page)
        fits_a_phone(page)
    expect(page.get_by_text("Afgesproken dat ik volgende week bel.")).to_be_visible()
    expect(page.get_by_text("Intern: overleg met school.")).to_have_count(0)
    page.goto("/portal/network/")
    expect(page.get_by_role("img", name="Kaart van de mensen om het gezin heen", exact=False)).to_be_visible()
    expect(page.get_by_text("06-12345678")).to_have_count(0)

    # Without JavaScript every page reads the same.
    client = Client()
    client.force_login(parent)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    plain = browser.new_context(base_url=http_live_server.url, locale="nl-NL", java_script_enabled=False)
    plain.add_cookies([{"name": cookie.key, "value": cookie.value, "url": http_live_server.url}])
    try:
        reader = plain.new_page()
        for _link, path, text in MENU:
            reader.goto(path)
            expect(reader.get_by_text(text).first).to_be_visible()
    finally:
        plain.close()
    context.clear_cookies()

    # A 14-year-old reads the same pages, spoken to as "je".
    login(account(people, case.family.members.get(role=MemberRole.CHILD)))
    page.goto("/portal/route/")
    expect(page.get_by_text("je bent nu hier")).to_be_visible()
    page.get_by_role("link", name="Mensen om je heen", exact=True).click()
    page.wait_for_url("**/portal/network/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mensen om je heen")
    no_violations(axe, page)
