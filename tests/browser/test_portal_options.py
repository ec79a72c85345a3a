"""The options for help in the portal, in the browser: a parent reads three options (lightest first), writes a pro
and a con about one in their own words, prefers it with a reason; the caseworker then sees both on the option grid,
marked as the parent's words from the portal. axe-core finds no violations, at 1280 and at 375 px."""

from __future__ import annotations

import re

import pytest

from samenplan.decisions.actions import options_in_order
from samenplan.decisions.models import OptionReaction, Preference
from tests.browser.conftest import playwright_expect
from tests.browser.test_portal import no_violations
from tests.browser.test_portal_plan import account
from tests.decisions.factories import three_options

expect = playwright_expect()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.guideline("P6")
@pytest.mark.guideline("G5.4")
def test_a_parent_states_a_preference_with_a_pro_and_a_con_and_the_caseworker_sees_it(page, login, people, axe):
    case = people.jansen
    three_options(people.caseworker, case)
    course = next(o for o in options_in_order(case) if o.name == "Opvoedcursus Samen Sterk")
    sanne = case.family.members.get(given_name="Sanne")
    page.set_default_timeout(30_000)

    login(account(people, sanne))
    page.goto("/portal/")
    page.get_by_role("link", name="Keuzes voor hulp", exact=True).click()
    page.wait_for_url("**/portal/options/")
    headings = page.get_by_role("heading", level=2)
    expect(headings.first).to_have_text("Oma past op woensdag op")  # the lightest first
    expect(page.get_by_role("heading", name="Opvoedcursus Samen Sterk")).to_be_visible()
    no_violations(axe, page)

    page.get_by_role("link", name=re.compile("Schrijf wat u ervan vindt.*Opvoedcursus Samen Sterk")).click()
    page.wait_for_url(f"**/portal/options/{course.pk}/")
    no_violations(axe, page)
    page.get_by_label("Wat vindt u er goed aan?").fill("We leren het samen, met de buren.")
    page.get_by_label("Wat vindt u er minder goed aan?").fill("De avonden zijn laat.")
    page.keyboard.press("Tab")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    page.wait_for_url("**/portal/options/")
    expect(page.get_by_text("We leren het samen, met de buren.")).to_be_visible()

    page.get_by_role("link", name="Zeg wat u het liefst hebt").click()
    page.wait_for_url("**/portal/options/preference/")
    page.get_by_role("button", name="Keuze bewaren").click()  # nothing chosen: told next to the field
    expect(page.locator("#id_choice_error")).to_be_visible()
    no_violations(axe, page)
    page.get_by_label("Opvoedcursus Samen Sterk", exact=True).check()
    page.get_by_label("Waarom? In uw eigen woorden").fill("Dan kan Mees thuis blijven.")
    page.get_by_role("button", name="Keuze bewaren").click()
    page.wait_for_url("**/portal/options/")
    preference = Preference.objects.get(member=sanne)
    assert (preference.kind, preference.preferred_id) == ("preferred", course.pk)
    assert OptionReaction.objects.get(member=sanne).cons == "De avonden zijn laat."
    page.context.clear_cookies()

    login(people.caseworker)
    page.goto(f"/cases/{case.pk}/options/")
    grid = page.locator("#options")
    expect(grid.get_by_text("We leren het samen, met de buren.")).to_be_visible()
    expect(grid.get_by_text("De avonden zijn laat.")).to_be_visible()
    expect(grid.get_by_text("Sanne Jansen, in het portaal").first).to_be_visible()
    preferences = page.locator("#preferences")
    expect(preferences.get_by_text("Dan kan Mees thuis blijven.")).to_be_visible()
    expect(preferences.get_by_text("in het portaal")).to_be_visible()
