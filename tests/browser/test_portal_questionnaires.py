"""A questionnaire for the family, in the browser: the caseworker asks a 14-year-old to fill in the demo
questionnaire; the youth fills in part of it with the keyboard only, saves to go on later, comes back, and sends
it; the caseworker sees it done on the case, scored. axe-core finds no violations, at 1280 and at 375 px."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from samenplan.cases.models import Member, MemberRole
from samenplan.instruments.actions import ensure_shipped
from samenplan.instruments.models import Administration, Assignment
from tests.browser.conftest import playwright_expect
from tests.browser.test_portal import no_violations
from tests.browser.test_portal_plan import account

expect = playwright_expect()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def focused(page) -> dict:
    return page.evaluate("() => ({name: document.activeElement.name, value: document.activeElement.value})")


def tab_to(page, name: str) -> None:
    for _ in range(60):
        page.keyboard.press("Tab")
        if focused(page)["name"] == name:
            return
    raise AssertionError(f"{name} is not reachable with Tab")


def test_a_youth_fills_in_a_questionnaire_with_the_keyboard_and_the_caseworker_sees_it_done(
    context, page, login, people, axe
):
    ensure_shipped()
    case = people.jansen
    Member.objects.filter(family=case.family, role=MemberRole.CHILD).update(date_of_birth=date(2012, 5, 1))
    mees = case.family.members.get(role=MemberRole.CHILD)
    youth = account(people, mees)
    page.set_default_timeout(30_000)

    login(people.caseworker)
    page.goto(f"/cases/{case.pk}/questionnaires/assign/")
    page.get_by_label("Vragenlijst").select_option(label="Demo-vragenlijst Gezin (DEMO — meet niets) (v1)")
    page.get_by_label("Wie vult hem in?").select_option(str(mees.pk))
    page.get_by_label("Invullen vóór").fill((timezone.localdate() + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Vragen", exact=True).click()
    expect(page.get_by_text("nog niet verstuurd")).to_be_visible()
    assignment = Assignment.objects.get()
    context.clear_cookies()

    login(youth)
    page.goto("/portal/")
    page.get_by_role("link", name="Vragenlijsten voor jou").click()
    page.wait_for_url("**/portal/questionnaires/")
    no_violations(axe, page)
    page.get_by_role("link", name="Demo-vragenlijst Gezin (DEMO — meet niets)").click()
    page.wait_for_url(f"**/portal/questionnaires/{assignment.pk}/")
    no_violations(axe, page)

    tab_to(page, "item_s1")
    page.keyboard.press("Space")  # "Niet waar"
    page.keyboard.press("ArrowRight")  # "Een beetje waar"
    tab_to(page, "item_s2")
    page.keyboard.press("Space")
    tab_to(page, "step")  # the first button: save and go on later
    assert focused(page)["value"] == "save"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("Bewaard. Later verder gaan kan.")).to_be_visible()
    assignment.refresh_from_db()
    assert assignment.answers == {"s1": 1, "s2": 0} and not assignment.is_done

    page.goto("/portal/questionnaires/")
    expect(page.get_by_text("begonnen")).to_be_visible()
    page.goto(f"/portal/questionnaires/{assignment.pk}/")
    expect(page.locator('input[name="item_s1"][value="1"]')).to_be_checked()
    tab_to(page, "item_s3")
    page.keyboard.press("Space")
    tab_to(page, "item_opmerking")
    page.keyboard.type("Het gaat al wat beter.")
    tab_to(page, "step")
    page.keyboard.press("Tab")  # the second button: send
    assert focused(page)["value"] == "send"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url("**/portal/questionnaires/")
    expect(page.get_by_text("verstuurd op")).to_be_visible()
    no_violations(axe, page)
    administration = Administration.objects.get()
    assert (administration.informant, administration.informant_member_id) == ("youth", mees.pk)
    assert administration.answers["opmerking"] == "Het gaat al wat beter."
    context.clear_cookies()

    login(people.caseworker)
    page.goto(f"/cases/{case.pk}/")
    expect(page.locator("#questionnaires").get_by_role("link", name="klaar op", exact=False)).to_be_visible()
