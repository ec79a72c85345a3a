"""Consent in the browser: record it with the family, ask an agency for information, revoke it."""

import pytest

from samenplan.consent.models import Consent, InformationRequest
from tests.browser.conftest import playwright_expect

expect = playwright_expect()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.guideline("G3.6")
@pytest.mark.guideline("L2")
@pytest.mark.guideline("L9")
def test_it_records_consent_asks_for_information_and_revokes(page, login, people):
    login(people.caseworker)
    page.goto(f"/cases/{people.jansen.pk}/")
    section = page.locator("#consent")
    expect(section).to_contain_text("Er is nog geen toestemming vastgelegd.")
    section.get_by_role("link", name="Toestemming vastleggen").click()

    page.get_by_label("Met wie mogen de gegevens gedeeld worden?").fill("OBS De Regenboog")
    page.get_by_label("een organisatie").check()
    page.get_by_label("Rol van de ontvanger").select_option("school")
    page.get_by_label("gegevens vragen, zodat het gezin het niet nog eens hoeft te vertellen").check()
    page.get_by_label("school, aanwezigheid en leren").check()
    page.get_by_label("Waarom helpt delen het gezin?").fill("Dan hoeft Sanne het verhaal niet opnieuw te vertellen.")
    page.get_by_label("Sanne Jansen").check()  # Mees is 12: his consent is needed too, but forgotten first
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#consent")).to_contain_text("OBS De Regenboog")
    assert Consent.objects.count() == 1

    page.locator("#consent").get_by_role("link", name="Informatie opvragen").click()
    page.get_by_label("Aan wie vraag je het?").select_option(label="OBS De Regenboog (school)")
    page.get_by_label("school, aanwezigheid en leren").check()
    page.get_by_label("Wat vraag je?").fill("Hoe gaat het met Mees op school?")
    page.get_by_label("Waarom helpt dit het gezin?").fill("Dan hoeft het gezin het niet opnieuw te vertellen.")
    page.get_by_role("button", name="Verzoek vastleggen").click()
    summary = page.locator(".samenplan-error-summary")
    expect(summary).to_contain_text("Toestemming van Mees Jansen ontbreekt voor OBS De Regenboog")
    assert not InformationRequest.objects.exists()

    page.goto(f"/cases/{people.jansen.pk}/consents/new/")
    page.get_by_label("Met wie mogen de gegevens gedeeld worden?").fill("OBS De Regenboog")
    page.get_by_label("een organisatie").check()
    page.get_by_label("Rol van de ontvanger").select_option("school")
    page.get_by_label("gegevens vragen, zodat het gezin het niet nog eens hoeft te vertellen").check()
    page.get_by_label("school, aanwezigheid en leren").check()
    page.get_by_label("Waarom helpt delen het gezin?").fill("Mees wil dat school en wijkteam samen kijken.")
    page.get_by_label("Mees Jansen").check()
    page.get_by_role("button", name="Opslaan").click()

    page.locator("#consent").get_by_role("link", name="Informatie opvragen").click()
    page.get_by_label("Aan wie vraag je het?").select_option(label="OBS De Regenboog (school)")
    page.get_by_label("school, aanwezigheid en leren").check()
    page.get_by_label("Wat vraag je?").fill("Hoe gaat het met Mees op school?")
    page.get_by_label("Waarom helpt dit het gezin?").fill("Dan hoeft het gezin het niet opnieuw te vertellen.")
    page.get_by_role("button", name="Verzoek vastleggen").click()
    expect(page.locator("#consent")).to_contain_text("Hoe gaat het met Mees op school?")
    expect(page.locator(".samenplan-timeline")).to_contain_text("Informatie gevraagd aan OBS De Regenboog")

    page.locator("#consent").get_by_role("link", name="Intrekken").first.click()
    page.get_by_label("Wie trekt de toestemming in?").select_option(index=1)
    page.get_by_label("Waarom?").fill("Ik wil eerst zelf met de juf praten.")
    page.get_by_role("button", name="Toestemming intrekken").click()
    expect(page.locator("#consent")).to_contain_text("Ingetrokken op")
    assert Consent.objects.filter(revoked_at__isnull=False).count() == 1
