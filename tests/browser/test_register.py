"""Registering a family in the browser: every field, then the first member, ending on the new dossier."""

import datetime

import pytest
from django.utils import timezone

from samenplan.cases.models import Case, RegisteredBy
from tests.browser.conftest import playwright_expect

expect = playwright_expect()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.guideline("G1.4")
def test_it_registers_a_family_with_every_field_then_adds_a_member_and_ends_on_the_dossier(page, login, people):
    login(people.caseworker)
    page.goto("/families/new/")
    opened_on = timezone.localdate() - datetime.timedelta(days=3)
    page.locator("#id_family_name").fill("Van Dijk")
    page.locator("#id_team").select_option(label="Wijkteam Noord")
    page.locator(f"input[name=registered_by][value={RegisteredBy.PROFESSIONAL}]").check()
    page.locator("#id_referrer_kind").select_option("gp")
    page.locator("#id_referrer").fill("Huisarts Pieters, gezondheidscentrum De Linde")
    page.locator("#id_opened_on").fill(opened_on.isoformat())
    page.locator("#id_reason").fill("Moeder maakt zich zorgen: Daan slaapt slecht en gaat niet meer naar school.")
    page.locator("[id='id_prior_help[0].kind']").fill("Schoolmaatschappelijk werk, sinds september.")
    page.locator("#id_child_protection_measure").check()
    page.locator("#id_caseworker").select_option(label="Anna de Vries")
    page.locator("#id_second_worker").select_option(label="Bram Bos")
    page.locator("main form button[type=submit]").first.click()

    page.wait_for_url("**/families/*/members/new/")
    page.locator("#id_given_name").fill("Daan")
    page.locator("#id_family_name").fill("van Dijk")
    page.locator("#id_role").select_option("child")
    page.locator("#id_date_of_birth").fill("2013-04-09")
    page.locator("#id_lives_at_home").select_option("true")
    page.locator("main form button[type=submit]:not([name=add_another])").click()

    case = Case.objects.get(family__name="Van Dijk")
    page.wait_for_url(f"**/cases/{case.pk}/")
    expect(page.locator("h1")).to_contain_text("Van Dijk")
    expect(page.locator("section[aria-labelledby=members-heading] tbody tr")).to_contain_text("Daan van Dijk")
    facts = page.locator("section[aria-labelledby=case-heading] dl")
    expect(facts).to_contain_text("Huisarts Pieters")
    expect(facts).to_contain_text("Schoolmaatschappelijk werk, sinds september.")  # help already running
    expect(facts).to_contain_text("Bram Bos")
    expect(page.locator(".samenplan-timeline")).to_contain_text("Daan slaapt slecht")  # the reason, as said
    assert (
        case.caseworker,
        case.team,
        case.registration.registered_by,
        case.opened_on,
        case.child_protection_measure,
    ) == (
        people.caseworker,
        people.north,
        RegisteredBy.PROFESSIONAL,
        opened_on,
        True,
    )
    assert list(case.coworkers.all()) == [people.colleague]


def test_it_shows_field_level_errors_after_an_empty_submit(page, login, people):
    login(people.caseworker)
    page.goto("/families/new/")
    page.locator("main form button[type=submit]").first.click()

    summary = page.locator(".samenplan-error-summary[role=alert]")
    expect(summary).to_be_visible()
    for name in ("family_name", "reason"):
        field = page.locator(f"#id_{name}")
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(page.locator(f"#id_{name}_error")).to_be_visible()
        assert f"id_{name}_error" in field.get_attribute("aria-describedby").split()
    expect(page.locator("#id_registered_by_error")).to_be_visible()  # the radio group's own message
    # each error in the summary links to its field
    summary.locator("a[href='#id_reason']").click()
    expect(page.locator("#id_reason")).to_be_focused()
    assert Case.objects.count() == 3  # nothing registered
