"""A parent proposes a goal in the portal, in their own words; the caseworker sees it under "New from the family" on
the dashboard and on the case, takes it in with one click, and the goal shows the family's words marked as theirs.
axe-core finds no violations on the pages of both, at 1280 and at 375 px."""

from __future__ import annotations

import pytest

from samenplan.goals.models import Goal
from samenplan.portal.models import Proposal
from tests.browser.conftest import playwright_expect
from tests.browser.test_portal import no_violations
from tests.browser.test_portal_plan import account

expect = playwright_expect()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = "Dat we op zondag samen iets leuks doen, zonder telefoons."


@pytest.mark.guideline("G1.1")
@pytest.mark.guideline("L4")
@pytest.mark.guideline("P5")
def test_a_parent_proposes_a_goal_and_the_caseworker_takes_it_in(context, page, login, people, axe):
    case = people.jansen
    sanne = case.family.members.get(given_name="Sanne")
    page.set_default_timeout(30_000)

    login(account(people, sanne))
    page.goto("/portal/")
    page.get_by_role("link", name="Uw ideeën", exact=True).click()
    page.wait_for_url("**/portal/proposals/")
    no_violations(axe, page)
    page.get_by_role("link", name="Een doel", exact=True).click()
    page.wait_for_url("**/portal/proposals/new/goal/")
    page.get_by_role("button", name="Versturen").click()  # nothing written: told next to the field
    expect(page.locator("#id_words_error")).to_contain_text("Schrijf het op in eigen woorden.")
    no_violations(axe, page)
    page.get_by_label("Wat wilt u dat er anders wordt?").fill(WORDS)
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_url("**/portal/proposals/")
    expect(page.locator(".samenplan-proposal").first).to_contain_text(WORDS)
    expect(page.locator(".samenplan-proposal").first).to_contain_text("Nog niet beantwoord")
    context.clear_cookies()

    login(people.caseworker)
    page.goto("/caseload/")
    group = page.locator("#family_input")
    expect(group.locator("h2")).to_contain_text("Nieuw van het gezin")
    expect(group).to_contain_text("1 nieuw bericht van het gezin")
    group.get_by_role("link", name="Jansen").click()
    page.wait_for_url(f"**/cases/{case.pk}/#new-from-family")
    block = page.locator("#new-from-family-card")
    expect(block).to_contain_text(WORDS)
    no_violations(axe, page)
    block.get_by_role("link", name="1 voorstel van het gezin wacht op je antwoord").click()
    page.wait_for_url(f"**/cases/{case.pk}/family-proposals/")
    no_violations(axe, page)
    page.get_by_role("button", name="Overnemen").click()
    page.wait_for_url(f"**/cases/{case.pk}/family-proposals/")
    assert Proposal.objects.get().status == "taken"
    assert Goal.objects.get(case=case).words == WORDS

    page.get_by_role("link", name="Naar het doel").click()
    goal = page.locator(".samenplan-goals__item").first
    expect(goal.locator("blockquote")).to_have_text(WORDS)
    expect(goal).to_contain_text("Voorgesteld door Sanne Jansen in het gezinsportaal")
    expect(goal).to_contain_text("in hun eigen woorden")

    page.goto(f"/cases/{case.pk}/")
    page.locator("#new-from-family-card").get_by_role("button", name="Markeer als gezien").click()
    page.wait_for_url(f"**/cases/{case.pk}/")
    expect(page.locator("#new-from-family-card")).to_have_count(0)
    page.goto("/caseload/")
    expect(page.locator("#family_input")).not_to_contain_text("Jansen")


@pytest.mark.guideline("P7")
def test_a_youth_disagrees_with_the_coherent_picture_in_own_words(context, page, login, people, axe):
    from datetime import date

    from samenplan.accounts.models import Role
    from samenplan.analysis.models import FamilyView
    from samenplan.cases.models import Member, MemberRole
    from tests.factories import consultation_on, member_of

    case = people.jansen
    Member.objects.filter(family=case.family, role=MemberRole.CHILD).update(date_of_birth=date(2012, 5, 1))
    mees = case.family.members.get(role=MemberRole.CHILD)
    scientist = member_of(people.north, Role.BEHAVIOURAL_SCIENTIST, username="scientist")
    consultation_on(case, scientist)  # rows only: a draft coherent picture on the case
    page.set_default_timeout(30_000)

    login(account(people, mees))
    page.goto("/portal/")
    page.get_by_role("link", name="Het beeld", exact=True).click()
    page.wait_for_url("**/portal/picture/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Het beeld van jouw situatie")
    no_violations(axe, page)
    page.get_by_label("Nee, ik herken het niet").check()
    page.get_by_role("button", name="Antwoord opslaan").click()
    expect(page.locator("#id_words_error")).to_contain_text("Schrijf in je eigen woorden op")
    no_violations(axe, page)
    page.get_by_label("Nee, ik herken het niet").check()
    page.get_by_label("In je eigen woorden").fill("Ik slaap wel goed, het gaat om school.")
    page.get_by_role("button", name="Antwoord opslaan").click()
    page.wait_for_url("**/portal/picture/")
    expect(page.get_by_text("Jouw antwoord nu")).to_be_visible()
    view = FamilyView.objects.get(member=mees)
    assert (view.agreement, view.words) == ("disagrees", "Ik slaap wel goed, het gaat om school.")
