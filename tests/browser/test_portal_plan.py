"""The family's plan in the portal, in the browser: a parent reads the plan with its safety plan first, says
"partly" without words (told next to the field), then in their own words; a 14-year-old reads the plan in "je" and
sees what changed from version 1. axe-core finds no violations on these pages, at 1280 and at 375 px."""

from __future__ import annotations

from datetime import date

import pytest

from samenplan.cases.models import Member, MemberRole
from samenplan.plans.models import PlanAgreement
from samenplan.portal import actions as portal_actions
from tests.browser.conftest import playwright_expect
from tests.browser.test_portal import no_violations
from tests.plans.factories import SAFETY, plan_version

expect = playwright_expect()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def account(people, member):
    tokens = []
    portal_actions.do_invite(
        people.caseworker, people.jansen, member, f"{member.pk}@example.org", accept_url=tokens.append
    )
    return portal_actions.do_accept(tokens[0], "een lange zin over de fiets")


@pytest.mark.guideline("P7")
def test_a_parent_and_a_youth_read_and_answer_their_plan(context, page, login, people, axe):
    case = people.jansen
    Member.objects.filter(family=case.family, role=MemberRole.CHILD).update(date_of_birth=date(2012, 5, 1))
    sanne = case.family.members.get(given_name="Sanne")
    mees = case.family.members.get(role=MemberRole.CHILD)
    plan_version(people.caseworker, case, safety=SAFETY)
    plan_version(people.caseworker, case, safety=SAFETY, own={"text": "We fietsen samen.", "voice": "family"})
    page.set_default_timeout(30_000)

    login(account(people, sanne))
    page.goto("/portal/")
    page.get_by_role("link", name="Ons plan", exact=True).click()
    page.wait_for_url("**/portal/plan/")
    expect(page.get_by_role("heading", name="Als iemand zich niet veilig voelt")).to_be_visible()
    no_violations(axe, page)
    page.get_by_label("een beetje", exact=True).check()
    page.get_by_role("button", name="Antwoord opslaan").click()
    expect(page.locator("#id_words_error")).to_be_visible()
    no_violations(axe, page)
    page.get_by_label("een beetje", exact=True).check()
    page.get_by_label("In uw eigen woorden").fill("Woensdag is te vroeg voor oma.")
    page.get_by_role("button", name="Antwoord opslaan").click()
    page.wait_for_url("**/portal/plan/")
    assert PlanAgreement.objects.get(member=sanne).words == "Woensdag is te vroeg voor oma."
    context.clear_cookies()

    login(account(people, mees))
    page.goto("/portal/plan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Jouw plan")
    no_violations(axe, page)
    page.get_by_role("link", name="Versie 2", exact=False).click()
    page.wait_for_url("**/portal/plan/versions/2/")
    expect(page.get_by_text("We fietsen samen.")).to_be_visible()
    no_violations(axe, page)
