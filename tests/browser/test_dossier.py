"""The family's dossier in the browser: members, case, phase, timeline, and adding to it with htmx."""

import pytest

from samenplan.cases.models import DossierEntry, Voice
from tests.browser.conftest import playwright_expect, t

expect = playwright_expect()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.guideline("L1")
def test_it_shows_members_case_phase_fixed_caseworker_and_timeline(page, login, people):
    login(people.caseworker)
    page.goto("/cases/")
    page.get_by_role("link", name="Jansen", exact=True).click()
    page.wait_for_url(f"**/cases/{people.jansen.pk}/")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_contain_text("Jansen")
    members = page.locator("section[aria-labelledby=members-heading] tbody tr")
    expect(members).to_have_count(2)
    expect(members.filter(has_text="Sanne Jansen")).to_have_count(1)
    expect(members.filter(has_text="Mees Jansen")).to_have_count(1)
    facts = page.locator("section[aria-labelledby=case-heading] dl")
    expect(facts).to_contain_text(people.jansen.get_phase_display().capitalize())
    expect(facts.locator(".samenplan-facts__caseworker")).to_have_text("Anna de Vries")
    expect(facts).to_contain_text("Wijkteam Noord")
    timeline = page.locator(".samenplan-timeline > li")
    expect(timeline).to_have_count(DossierEntry.objects.filter(case=people.jansen).count())
    expect(timeline.first).to_contain_text("Afgesproken dat ik volgende week bel.")  # newest first
    expect(page.locator(".samenplan-timeline")).to_contain_text("We maken veel ruzie thuis")  # the reason


def test_it_sets_the_familys_own_words_apart_from_the_professionals(page, login, people):
    login(people.caseworker)
    page.goto(f"/cases/{people.jansen.pk}/")
    family = page.locator(".samenplan-timeline__entry--family").filter(has_text="We maken veel ruzie thuis")
    professional = page.locator(".samenplan-timeline__entry--professional").filter(has_text="volgende week bel")
    # in words (for everyone, screen readers too) ...
    expect(family.locator("blockquote")).to_have_count(1)
    expect(family.locator("figcaption")).to_have_text(t("In the family's own words"))
    expect(professional.locator("blockquote")).to_have_count(0)
    expect(professional).to_contain_text(t("The professional's words"))

    # ... and in looks: a coloured bar and background of their own
    def look(entry):
        return entry.evaluate(
            "e => { const s = getComputedStyle(e); return [s.borderLeftColor, s.borderLeftWidth, s.backgroundColor]; }"
        )

    family_bar, family_width, family_background = look(family)
    professional_bar, professional_width, professional_background = look(professional)
    assert family_bar != professional_bar
    assert family_background != professional_background
    assert float(family_width.removesuffix("px")) > float(professional_width.removesuffix("px"))


@pytest.mark.guideline("G3.5")
def test_it_adds_the_familys_own_words_at_the_top_of_the_timeline_without_a_reload(page, login, people):
    login(people.caseworker)
    page.goto(f"/cases/{people.jansen.pk}/")
    page.evaluate("window.samenplanNoReload = true")
    words = "Ik wil dat Mees weer gewoon naar school gaat."
    page.locator("#id_text").fill(words)
    page.locator("input[name=voice][value=family]").check()
    page.locator("#id_speaker").select_option(label="Sanne Jansen")
    page.locator("form.samenplan-note-form button[type=submit]").click()

    newest = page.locator(".samenplan-timeline > li").first
    expect(newest).to_contain_text(words)
    expect(newest).to_have_class("samenplan-timeline__entry samenplan-timeline__entry--family")
    expect(newest.locator("figcaption")).to_contain_text("Sanne Jansen")
    expect(page.locator("#id_text")).to_have_value("")  # a fresh form for the next note
    assert page.evaluate("window.samenplanNoReload") is True
    entry = DossierEntry.objects.filter(case=people.jansen).first()
    assert (entry.text, entry.voice, str(entry.speaker)) == (words, Voice.FAMILY, "Sanne Jansen")


def test_it_shows_the_error_in_the_note_form_when_the_text_is_missing(page, login, people):
    login(people.caseworker)
    page.goto(f"/cases/{people.jansen.pk}/")
    before = page.locator(".samenplan-timeline > li").count()
    page.locator("form.samenplan-note-form button[type=submit]").click()
    expect(page.locator("#id_text_error")).to_be_visible()
    expect(page.locator("#id_text")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".samenplan-timeline > li")).to_have_count(before)
