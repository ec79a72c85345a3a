"""The family portal in the browser: the caseworker invites a parent and a 14-year-old; both choose a password from
their link and log in; the parent scores a goal; the family's access-log page lists the caseworker's views of their
file; the parent takes back a consent. axe-core finds no violations on any portal page, at 1280 and at 375 px."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from samenplan.cases.models import Member, MemberRole
from samenplan.goals import actions as goal_actions
from samenplan.goals.models import ScaleScore
from samenplan.portal.models import FamilyAccount
from tests.browser.conftest import playwright_expect
from tests.factories import record_consent

expect = playwright_expect()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "een lange zin over de fiets"


def no_violations(axe, page):
    """axe-core on the page as it is, at 1280 px and at 375 px wide."""
    expect(page.locator("h1")).to_have_count(1)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        results = axe.run(page)
        assert results.violations_count == 0, f"{page.url} at {width} px\n{results.generate_report()}"
    page.set_viewport_size({"width": 1280, "height": 900})


def invite(page, case, member, email):
    page.goto(f"/cases/{case.pk}/portal-invitation/")
    page.get_by_label("Wie nodig je uit?").select_option(str(member.pk))
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_role("button", name="Uitnodiging versturen").click()
    page.wait_for_url(f"**/cases/{case.pk}/")
    body = mail.outbox[-1].body
    return next(word for word in body.split() if "/portal/invitation/" in word)


def accept(page, link, axe, heading):
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    no_violations(axe, page)
    page.get_by_label("Kies een wachtwoord").fill(PASSWORD)
    page.get_by_label("Typ het wachtwoord nog een keer").fill(PASSWORD)
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    page.wait_for_url("**/portal/")


@pytest.mark.guideline("G1.1")
@pytest.mark.guideline("G2.4")
def test_a_parent_and_a_14_year_old_use_the_portal(context, page, login, people, axe):
    case = people.jansen
    Member.objects.filter(family=case.family, role=MemberRole.CHILD).update(date_of_birth=date(2012, 5, 1))
    sanne = case.family.members.get(given_name="Sanne")
    mees = case.family.members.get(role=MemberRole.CHILD)
    goal = goal_actions.do_add_goal(people.caseworker, case, words="Rustig samen eten zonder ruzie", whose="family")
    record_consent(people.caseworker, case)
    page.set_default_timeout(30_000)  # a shared, busy machine: the dossier page may take a while

    # The caseworker looks at the file and invites both.
    login(people.caseworker)
    page.goto(f"/cases/{case.pk}/")
    parent_link = invite(page, case, sanne, "sanne@example.org")
    youth_link = invite(page, case, mees, "mees@example.org")
    context.clear_cookies()

    # The parent: a password from the link, the portal in "u".
    accept(page, parent_link, axe, "Kies uw wachtwoord")
    expect(page.get_by_role("link", name="Uw doelen", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Mijn trajecten")).to_have_count(0)  # no professional menu
    no_violations(axe, page)

    page.get_by_role("link", name="Uw doelen", exact=True).first.click()
    page.wait_for_url("**/portal/goals/")
    no_violations(axe, page)
    page.get_by_role("link", name="Geef uw cijfer").click()
    page.wait_for_url(f"**/portal/goals/{goal.pk}/score/")
    no_violations(axe, page)
    page.get_by_role("button", name="Cijfer opslaan").click()  # no score chosen: said next to the field
    expect(page.locator("#id_score_error")).to_be_visible()
    no_violations(axe, page)
    page.get_by_label("7", exact=True).check()
    page.get_by_label("Hoe ziet één punt hoger eruit?").fill("Dat we na het eten nog even blijven zitten.")
    page.get_by_role("button", name="Cijfer opslaan").click()
    page.wait_for_url("**/portal/goals/")
    expect(page.get_by_role("status")).to_contain_text("Het cijfer is opgeslagen.")
    expect(page.locator("figure svg")).to_have_count(1)  # the progress chart, with its table
    expect(page.get_by_role("cell", name="Dat we na het eten nog even blijven zitten.")).to_be_visible()
    no_violations(axe, page)
    score = ScaleScore.objects.get(goal=goal)
    assert (score.score, score.member_id) == (7, sanne.pk)

    # Who looked at the file: the caseworker's views, in plain words.
    page.get_by_role("link", name="Wie keek in het dossier").first.click()
    page.wait_for_url("**/portal/access-log/")
    table = page.get_by_role("table")
    expect(table).to_contain_text("Anna de Vries")
    expect(table).to_contain_text("bekeek het dossier")
    expect(table).not_to_contain_text("caseworker")  # no user names or action codes
    no_violations(axe, page)

    # Consent: the list, and taking one back.
    page.get_by_role("link", name="Uw toestemming").click()
    page.wait_for_url("**/portal/consents/")
    no_violations(axe, page)
    page.get_by_role("link", name="Mijn toestemming intrekken").click()
    no_violations(axe, page)
    page.get_by_label("Reden om de toestemming in te trekken").fill("Ik wil dit liever zelf met school bespreken.")
    page.get_by_role("button", name="Mijn toestemming intrekken").click()
    page.wait_for_url("**/portal/consents/")
    expect(page.get_by_text("Ingetrokken op")).to_be_visible()
    page.get_by_role("button", name="Uitloggen").first.click()

    # The 14-year-old: a password from the link, the portal in "je".
    context.clear_cookies()
    accept(page, youth_link, axe, "Kies je wachtwoord")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hallo Mees")
    expect(page.get_by_role("link", name="Jouw doelen", exact=True)).to_be_visible()
    no_violations(axe, page)
    page.get_by_role("link", name="Jouw doelen", exact=True).first.click()
    expect(page.get_by_role("heading", name="Rustig samen eten zonder ruzie")).to_be_visible()
    no_violations(axe, page)
    page.goto("/portal/consents/")
    no_violations(axe, page)
    page.goto("/portal/access-log/")
    no_violations(axe, page)
    assert FamilyAccount.objects.filter(member__family=case.family).count() == 2
