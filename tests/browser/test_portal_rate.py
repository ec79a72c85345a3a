"""In the browser: a parent rates a conversation (and cannot rate it twice), gives a consent the caseworker proposed,
shares less under another consent, and downloads their own data; the team lead sees the team figure held back below
10 answers. axe-core finds no violations on these pages, at 1280 and at 375 px."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from samenplan.cases.models import MemberRole
from samenplan.consent import actions as consent_actions
from samenplan.consent.models import Consent
from samenplan.feedback.models import ConversationRating
from samenplan.intake.actions import do_record_conversation
from samenplan.portal import actions as portal_actions
from tests.browser.conftest import playwright_expect, t
from tests.browser.test_portal import no_violations
from tests.factories import record_consent

expect = playwright_expect()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def account(caseworker, case, member, email):
    tokens = []
    portal_actions.do_invite(caseworker, case, member, email, accept_url=tokens.append)
    return portal_actions.do_accept(tokens[0], "een lange zin over de fiets")


@pytest.mark.guideline("P8")
@pytest.mark.guideline("G3.6")
def test_a_parent_rates_a_conversation_gives_and_limits_consent_and_downloads_their_data(
    context, page, login, people, axe
):
    case = people.jansen
    case.family.members.filter(role=MemberRole.CHILD).update(date_of_birth=date(2012, 5, 1))
    sanne = case.family.members.get(given_name="Sanne")
    talk = do_record_conversation(
        people.caseworker, case, held_on=timezone.localdate() - timedelta(days=1), place="office",
        members=list(case.family.members.all()),
    )  # fmt: skip
    consent = record_consent(people.caseworker, case)  # school and development
    proposal = consent_actions.do_propose_consent(
        people.caseworker, case, recipient_name="Huisarts Dekker", recipient_kind="person", recipient_role="gp",
        purpose="request_information", data_kinds=["health"], benefit="Zo is het beeld compleet.", asked=[sanne],
    )  # fmt: skip
    parent = account(people.caseworker, case, sanne, "sanne@example.org")
    page.set_default_timeout(30_000)
    login(parent)

    # Rating the conversation: three questions from 0 to 9, in "u".
    page.goto("/portal/")
    page.get_by_role("link", name="Gesprek beoordelen").first.click()
    page.wait_for_url("**/portal/conversations/")
    no_violations(axe, page)
    page.get_by_role("link", name="vragen beantwoorden").click()
    page.wait_for_url(f"**/portal/conversations/{talk.pk}/rate/")
    no_violations(axe, page)
    page.get_by_role("button", name="Mijn antwoord versturen").click()  # nothing chosen: said at each question
    expect(page.locator("#id_understand_error")).to_be_visible()
    no_violations(axe, page)
    questions = page.get_by_role("group")
    questions.filter(has_text="uw situatie").get_by_label("7", exact=True).check()
    questions.filter(has_text="te horen wat").get_by_label("9", exact=True).check()
    questions.filter(has_text="mee te nemen").get_by_label("8", exact=True).check()
    page.get_by_label("Wilt u nog iets zeggen?").fill("Fijn dat er naar ons werd geluisterd.")
    page.get_by_role("button", name="Mijn antwoord versturen").click()
    page.wait_for_url("**/portal/conversations/")
    expect(page.get_by_text("beantwoord, bedankt")).to_be_visible()
    rating = ConversationRating.objects.get(conversation=talk)
    assert (rating.scores(), rating.member_id) == ((7, 9, 8), sanne.pk)
    page.goto(f"/portal/conversations/{talk.pk}/rate/")
    expect(page.get_by_text("U heeft dit gesprek al beoordeeld.")).to_be_visible()
    expect(page.get_by_role("button", name="Mijn antwoord versturen")).to_have_count(0)

    # Giving the proposed consent.
    page.goto("/portal/consents/")
    no_violations(axe, page)
    page.get_by_role("link", name="lezen en antwoorden").click()
    page.wait_for_url(f"**/portal/consents/proposals/{proposal.pk}/give/")
    no_violations(axe, page)
    page.get_by_label("Ja, ik geef hiervoor toestemming").check()
    page.get_by_role("button", name="Toestemming geven").click()
    page.wait_for_url("**/portal/consents/")
    expect(page.get_by_text("ja gezegd")).to_be_visible()
    assert Consent.objects.filter(proposal=proposal, givers=sanne).exists()

    # Sharing less with the school: development no longer.
    page.get_by_role("link", name="Minder delen").filter(has_text="OBS").first.click()
    page.wait_for_url(f"**/portal/consents/{consent.pk}/limit/")
    no_violations(axe, page)
    page.get_by_label(t("the child's development and well-being")).uncheck()
    page.get_by_label("Reden om minder te delen").fill("Alleen over school.")
    page.get_by_role("button", name="Minder delen").click()
    page.wait_for_url("**/portal/consents/")
    expect(page.get_by_text("Smaller gemaakt op")).to_be_visible()
    consent.refresh_from_db()
    assert consent.is_revoked and consent.replaced_by.data_kinds == ["school"]

    # Downloading their own data.
    page.get_by_role("link", name="Mijn gegevens downloaden").first.click()
    page.wait_for_url("**/portal/own-data/")
    no_violations(axe, page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Mijn gegevens als pdf").click()
    with open(download.value.path(), "rb") as saved:
        assert saved.read(5) == b"%PDF-"

    # The team lead: one answer is too few to show.
    context.clear_cookies()
    login(people.team_lead)
    page.goto("/caseload/team/conversation-ratings/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hoe gezinnen hun gesprekken beoordelen")
    expect(page.get_by_text("Minder dan 10 antwoorden: niet getoond").first).to_be_visible()
    no_violations(axe, page)
