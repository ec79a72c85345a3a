"""The analysis in the browser, as the demo caseworker: a plan for a family with a mother who speaks little Dutch
(the questionnaire's warning shows), a coherent picture with factors of each kind, the family's view, a
consultation answered by the behavioural scientist, the picture finalised; each step in the timeline."""

from datetime import date

import pytest

from samenplan.accounts.models import Role
from samenplan.analysis.models import CoherentPicture, Consultation
from samenplan.cases.models import MemberRole
from tests.browser.conftest import playwright_expect
from tests.conftest import decide_route, register
from tests.factories import member_of

expect = playwright_expect()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FACTORS = [
    ("Verhuizing en verlies van vriendinnen", "veroorzakend", "kind", "gesprek"),
    ("Moeder is moe en staat er alleen voor", "instandhoudend", "ouder", "gesprek"),
    ("Warme band met oma", "beschermend", "gezin", "gesprek"),
]


def _family(people):
    case = register(
        people.caseworker,
        people.north,
        name="Yilmaz",
        members=[
            {"given_name": "Ayse", "family_name": "Yilmaz", "role": MemberRole.PARENT, "has_custody": True,
             "date_of_birth": date(1990, 5, 1)},
            {"given_name": "Ela", "family_name": "Yilmaz", "role": MemberRole.CHILD, "lives_at_home": True,
             "date_of_birth": date(2017, 3, 3)},
        ],
    )  # fmt: skip
    return decide_route(people.caseworker, case, route="analysis", rationale="Aard en ernst zijn nog onduidelijk.")


def instrument_step(page):
    """The plan's question with the shipped demo questionnaire for the mother (only in Dutch)."""
    page.get_by_label("vragenlijst of ander instrument").check()
    page.get_by_label("Vragenlijst of instrument").select_option(label=str(demo_questionnaire()))


def demo_questionnaire():
    from samenplan.instruments.actions import ensure_shipped
    from samenplan.instruments.models import Definition

    ensure_shipped()
    return Definition.objects.filter(code="demo-gezinsvragenlijst").order_by("-version").first()


@pytest.mark.guideline("G4.1")
@pytest.mark.guideline("G4.2")
@pytest.mark.guideline("G4.3")
@pytest.mark.guideline("G4.4")
@pytest.mark.guideline("G2.8")
def test_the_caseworker_makes_the_analysis_together_with_a_scientists_advice(page, login, people):
    case = _family(people)
    demo_questionnaire()  # the shipped questionnaires are loaded
    scientist = member_of(people.north, Role.BEHAVIOURAL_SCIENTIST, username="femke", first_name="Femke",
                          last_name="Jacobs")  # fmt: skip
    login(people.caseworker)
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Naar de analyse: plan, samenhangend beeld, consultatie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Analyse van gezin Yilmaz")

    # Special circumstances, then the plan: a question answered with a questionnaire for the mother.
    page.get_by_role("link", name="Bijzondere omstandigheid vastleggen").click()
    page.get_by_label("Gezinslid").select_option(label="Ayse Yilmaz")
    page.get_by_label("spreekt weinig Nederlands").check()
    page.get_by_role("button", name="Vastleggen").click()
    expect(page.locator("#plan")).to_contain_text("Ayse Yilmaz: spreekt weinig Nederlands")

    page.get_by_role("link", name="Vraag toevoegen").click()
    page.get_by_label("Welke vraag heeft een antwoord nodig?").fill("Waarom slaapt Ela slecht, en wat helpt haar?")
    page.get_by_label("Welke informatie is daarvoor nodig?").fill("Hoe de avonden thuis gaan, en wat moeder ziet.")
    instrument_step(page)
    page.get_by_label("Wie vult het in, of over wie gaat het?").select_option(label="Ayse Yilmaz")
    page.get_by_role("button", name="Aan het plan toevoegen").click()
    expect(page.locator("#plan")).to_contain_text("Waarom slaapt Ela slecht")
    expect(page.locator(".samenplan-instrument-warning")).to_contain_text("spreekt weinig Nederlands")

    # The mother fills in the questionnaire (read aloud together), from the plan.
    page.get_by_role("link", name="Vragenlijst invullen").click()
    page.get_by_label("ouder", exact=True).check()
    informant = page.get_by_label("Welk gezinslid heeft de vragenlijst ingevuld?")
    informant.select_option(value=informant.locator("option", has_text="Ayse Yilmaz").get_attribute("value"))
    for item in page.locator("main form fieldset").all()[2:]:
        options = item.get_by_role("radio")
        if options.count():
            options.first.check()
    page.get_by_role("button", name="Opslaan en scoren").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Demo-vragenlijst Gezin")
    page.goto(f"/cases/{case.pk}/analysis/")

    # The coherent picture: a factor of each kind, first with a mistake (no kind chosen for a factor).
    page.get_by_role("link", name="Beeld schrijven").click()
    page.get_by_label("Aard en ernst").fill("Ela slaapt slecht en is boos op school; thuis is veel spanning.")
    page.get_by_label("Veiligheid", exact=True).fill("Ela is thuis veilig; er is geen geweld.")
    page.get_by_label("Krachten").fill("Moeder zoekt zelf hulp; Ela heeft een goede band met oma.")
    page.get_by_label("De problemen zijn meervoudig en complex").check()
    for i, (text, kind, domain, source) in enumerate(FACTORS, start=1):
        group = page.get_by_role("group", name=f"Factor {i}", exact=True)
        group.get_by_label("Factor").fill(text)
        if i != 2:
            group.get_by_label("Wat doet het").select_option(label=kind)
        group.get_by_label("Waar ligt het").select_option(label=domain)
        group.get_by_label("Bron").select_option(label=source)
    page.get_by_role("button", name="Beeld opslaan").click()
    expect(page.locator(".samenplan-error-summary")).to_contain_text(
        "Kies: veroorzakend, instandhoudend of beschermend."
    )
    assert not CoherentPicture.objects.exists()
    page.get_by_role("group", name="Factor 2", exact=True).get_by_label("Wat doet het").select_option(
        label="instandhoudend"
    )
    page.get_by_role("button", name="Beeld opslaan").click()
    picture = page.locator("#picture")
    for text, *_ in FACTORS:
        expect(picture).to_contain_text(text)

    # The family's view, in their own words.
    page.get_by_role("link", name="Kijk van het gezin vastleggen").click()
    mother = page.get_by_role("group", name="Ayse Yilmaz")
    mother.get_by_label("deels eens").check()
    mother.get_by_label("In eigen woorden").fill("Ik ben ook verdrietig om de verhuizing.")
    child = page.get_by_role("group", name="Ela Yilmaz")
    child.get_by_label("eens", exact=True).check()
    child.get_by_label("In eigen woorden").fill("Ik mis mijn vriendinnen.")
    page.get_by_role("button", name="Kijk van het gezin vastleggen").click()
    expect(picture).to_contain_text("Ik mis mijn vriendinnen.")

    # Multiple and complex: not final without a behavioural scientist.
    page.get_by_role("button", name="Beeld definitief maken").click()
    expect(page.locator(".samenplan-error-summary")).to_contain_text("gedragswetenschapper")
    page.get_by_role("link", name="Gedragswetenschapper vragen").click()
    page.get_by_label("Gedragswetenschapper", exact=True).select_option(label="Femke Jacobs")
    page.get_by_label("Wat vraag je?").fill("Zien we de rouw om de verhuizing goed genoeg?")
    page.get_by_label("Ayse Yilmaz").check()
    page.get_by_label("Voorwaarden van het gezin").fill("Alleen het beeld, niet het schoolrapport.")
    page.get_by_role("button", name="Advies vragen").click()
    expect(page.locator("#consultation")).to_contain_text("wacht op advies")

    # The behavioural scientist answers from the queue.
    login(scientist)
    page.goto("/consultations/")
    page.get_by_role("link", name="Gezin Yilmaz").click()
    expect(page.locator("main")).to_contain_text("Alleen het beeld, niet het schoolrapport.")
    expect(page.locator("main")).to_contain_text("Warme band met oma")
    page.get_by_label("Je advies").fill("Besteed aandacht aan rouw; betrek oma bij de avonden.")
    page.get_by_role("button", name="Verstuur het advies").click()
    expect(page.locator("main")).to_contain_text("Geen openstaande vragen.")
    assert Consultation.objects.get().status == "answered"

    # Back as the caseworker: finalise, and the steps are in the timeline.
    login(people.caseworker)
    page.goto(f"/cases/{case.pk}/analysis/")
    expect(page.locator("#consultation")).to_contain_text("Besteed aandacht aan rouw")
    page.get_by_role("button", name="Beeld definitief maken").click()
    expect(page.locator("#picture")).to_contain_text("definitief")
    page.goto(f"/cases/{case.pk}/")
    timeline = page.locator(".samenplan-timeline")
    for step in (
        "Bijzondere omstandigheid vastgelegd voor Ayse Yilmaz",
        "Onderzoeksplan, gemaakt met",
        "Vragenlijst ingevuld: Demo-vragenlijst Gezin",
        "Samenhangend beeld, versie 1.",
        "Ik ben ook verdrietig om de verhuizing.",
        "Consultatie gevraagd aan Femke Jacobs",
        "Advies van gedragswetenschapper Femke Jacobs",
        "Samenhangend beeld, versie 1, is definitief.",
    ):
        expect(timeline).to_contain_text(step)
