"""The family portal's whole story in one browser run (issue 11, "Done when"): the caseworker invites a parent and a
14-year-old; both choose a password from their link and log in; the parent scores a goal and states a preference
among the options; the youth disagrees with the plan's version in their own words; the caseworker sees both on the
dashboard and on the case; once the youth is 16, their own goal is hidden from the parent until the youth agrees;
the parent takes back a consent and the caseworker's share is refused at once; the family's access-log page lists
the caseworker's views of their file. axe-core checks the pages on the way, at 1280 and at 375 px."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import Member, MemberRole
from samenplan.decisions.actions import options_in_order
from samenplan.decisions.models import Preference
from samenplan.goals import actions as goal_actions
from samenplan.goals.models import ScaleScore
from samenplan.plans.models import PlanAgreement
from tests.browser.conftest import playwright_expect
from tests.browser.test_portal import accept, invite, no_violations
from tests.decisions.factories import three_options
from tests.factories import record_consent
from tests.network.factories import network_member
from tests.plans.factories import SAFETY, plan_version

expect = playwright_expect()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YOUTH_WORDS = "Ik wil niet elke woensdag naar oma, dan kan ik niet voetballen."
OWN_GOAL = "Zelf naar school fietsen"


def sixteen_today() -> date:
    today = timezone.localdate()  # samenplan's day (Europe/Amsterdam), not the machine's (UTC: a day behind at night)
    return (
        today.replace(year=today.year - 16)
        if not (today.month == 2 and today.day == 29)
        else date(today.year - 16, 2, 28)
    )


@pytest.mark.guideline("G1.1")
@pytest.mark.guideline("G2.4")
@pytest.mark.guideline("P6")
@pytest.mark.guideline("P7")
def test_a_parent_and_a_youth_take_part_and_the_caseworker_sees_it(context, page, login, people, axe):
    case = people.jansen
    Member.objects.filter(family=case.family, role=MemberRole.CHILD).update(date_of_birth=date(2012, 5, 1))
    sanne = case.family.members.get(given_name="Sanne")
    mees = case.family.members.get(role=MemberRole.CHILD)
    goal = goal_actions.do_add_goal(people.caseworker, case, words="Rustig samen eten zonder ruzie", whose="family")
    three_options(people.caseworker, case)
    course = next(o for o in options_in_order(case) if o.name == "Opvoedcursus Samen Sterk")
    plan_version(people.caseworker, case, safety=SAFETY)
    network_member(people.caseworker, case)
    club = record_consent(
        people.caseworker, case, recipient_name="Sportclub De Vliegers", recipient_role="other",
        purpose="coordinate", data_kinds=["family_situation"],
    ).recipient  # fmt: skip
    page.set_default_timeout(30_000)

    # The caseworker opens the file and invites both.
    login(people.caseworker)
    page.goto(f"/cases/{case.pk}/")
    parent_link = invite(page, case, sanne, "sanne@example.org")
    youth_link = invite(page, case, mees, "mees@example.org")
    context.clear_cookies()

    # The parent logs in with a password from the link, scores the goal and prefers the course.
    accept(page, parent_link, axe, "Kies uw wachtwoord")
    page.goto(f"/portal/goals/{goal.pk}/score/")
    page.get_by_label("6", exact=True).check()
    page.get_by_role("button", name="Cijfer opslaan").click()
    page.wait_for_url("**/portal/goals/")
    assert ScaleScore.objects.get(goal=goal).member_id == sanne.pk
    page.get_by_role("link", name="Keuzes voor hulp", exact=True).click()
    page.wait_for_url("**/portal/options/")
    page.get_by_role("link", name="Zeg wat u het liefst hebt").click()
    page.wait_for_url("**/portal/options/preference/")
    no_violations(axe, page)
    page.get_by_label("Opvoedcursus Samen Sterk", exact=True).check()
    page.get_by_label("Waarom? In uw eigen woorden").fill("Dan leren we het samen.")
    page.get_by_role("button", name="Keuze bewaren").click()
    page.wait_for_url("**/portal/options/")
    assert Preference.objects.get(member=sanne).preferred_id == course.pk
    context.clear_cookies()

    # The 14-year-old logs in and disagrees with the plan's version, in their own words.
    accept(page, youth_link, axe, "Kies je wachtwoord")
    page.get_by_role("link", name="Jouw plan", exact=True).first.click()
    page.wait_for_url("**/portal/plan/")
    no_violations(axe, page)
    page.get_by_label("nee", exact=True).check()
    page.get_by_label("In je eigen woorden").fill(YOUTH_WORDS)
    page.get_by_role("button", name="Antwoord opslaan").click()
    page.wait_for_url("**/portal/plan/")
    answer = PlanAgreement.objects.get(member=mees)
    assert (answer.agreement, answer.words) == ("no", YOUTH_WORDS)
    context.clear_cookies()

    # The caseworker sees both on the dashboard and on the case.
    login(people.caseworker)
    page.goto("/caseload/")
    group = page.locator("#family_input")
    expect(group).to_contain_text("Jansen")
    group.get_by_role("link", name="Jansen").click()
    page.wait_for_url(f"**/cases/{case.pk}/#new-from-family")
    block = page.locator("#new-from-family-card")
    expect(block).to_contain_text(YOUTH_WORDS)
    expect(block).to_contain_text("Sanne")
    expect(block).to_contain_text("Opvoedcursus Samen Sterk")
    no_violations(axe, page)
    context.clear_cookies()

    # Mees turns 16: his own goal is his, hidden from the parent until he agrees.
    Member.objects.filter(pk=mees.pk).update(date_of_birth=sixteen_today())
    mees.refresh_from_db()
    goal_actions.do_add_goal(people.caseworker, case, words=OWN_GOAL, whose="member", member=mees)
    parent = sanne.portal_account.user
    youth = mees.portal_account.user
    login(parent)
    page.goto("/portal/goals/")
    expect(page.locator("main")).not_to_contain_text(OWN_GOAL)
    context.clear_cookies()
    login(youth)
    page.goto("/portal/goals/")
    expect(page.locator("main")).to_contain_text(OWN_GOAL)
    page.get_by_label("Mijn ouders mogen mijn eigen doelen zien").check()
    page.locator("form[action$='/portal/goals/own-part/'] button[type=submit]").click()
    page.wait_for_url("**/portal/goals/")
    context.clear_cookies()
    login(parent)
    page.goto("/portal/goals/")
    expect(page.locator("main")).to_contain_text(OWN_GOAL)

    # The parent takes back the consent for the sports club; the caseworker's share is refused at once.
    page.goto("/portal/consents/")
    expect(page.locator("main")).to_contain_text("Sportclub De Vliegers")
    page.get_by_role("link", name="Mijn toestemming intrekken").first.click()
    page.get_by_label("Reden om de toestemming in te trekken").fill("Dat wil ik liever niet meer.")
    page.get_by_role("button", name="Mijn toestemming intrekken").click()
    page.wait_for_url("**/portal/consents/")

    # The family's own access-log page names the caseworker's views of the file, in plain words.
    page.get_by_role("link", name="Wie keek in het dossier").first.click()
    page.wait_for_url("**/portal/access-log/")
    table = page.get_by_role("table")
    expect(table).to_contain_text("Anna de Vries")
    expect(table).to_contain_text("bekeek het dossier")
    no_violations(axe, page)
    context.clear_cookies()

    login(people.caseworker)
    page.goto(f"/cases/{case.pk}/network/share/")
    page.locator("#id_recipient").select_option(str(club.pk))
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("main")).to_contain_text("ingetrokken")
    assert not AccessLogRecord.objects.filter(action="network.share").exists()  # nothing went out
