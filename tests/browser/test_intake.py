"""The intake in the browser, as the caseworker: register a family referred by school (two parents and a
14-year-old), record the first conversation with the 8-step guide, clarify the question with each of them with
burden scores, decide the route together; then see the steps in the timeline and on the route picture."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from samenplan.cases.models import Case, Phase
from samenplan.intake.models import Clarification, RouteDecision
from tests.browser.conftest import playwright_expect

expect = playwright_expect()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def add_member(page, given, role, born, **extra):
    page.locator("#id_given_name").fill(given)
    page.locator("#id_family_name").fill("Kaya")
    page.locator("#id_role").select_option(role)
    page.locator("#id_date_of_birth").fill(born)
    for field, value in extra.items():
        page.locator(f"#id_{field}").select_option(value)


@pytest.mark.guideline("G1.4")
@pytest.mark.guideline("G3.1")
@pytest.mark.guideline("G3.2")
@pytest.mark.guideline("G3.5")
@pytest.mark.guideline("P0")
@pytest.mark.guideline("P1")
def test_it_takes_a_family_referred_by_school_through_the_intake(page, login, people):
    login(people.caseworker)
    today = timezone.localdate()
    youth_born = date(today.year - 14, 1, 15).isoformat()

    # 1. Register: referred by school, with the help already running.
    page.goto("/families/new/")
    page.locator("#id_family_name").fill("Kaya")
    page.locator("input[name=registered_by][value=professional]").check()
    page.locator("#id_referrer_kind").select_option("school")
    page.locator("#id_referrer").fill("Meneer De Bruin, mentor Het Rivercollege")
    page.locator("#id_referrer_contact").fill("debruin@rivercollege.example")
    page.locator("#id_reason").fill("Emir is vaak afwezig en zegt dat hij thuis niet kan slapen.")
    page.locator("[id='id_prior_help[0].kind']").fill("Gesprekken met de zorgcoördinator")
    page.locator("[id='id_prior_help[0].agency']").fill("Het Rivercollege")
    page.locator("[id='id_prior_help[0].helped']").select_option("partly")
    page.locator("#id_second_worker").select_option(label="Bram Bos")
    page.locator("main form button[type=submit]").first.click()

    page.wait_for_url("**/families/*/members/new/")
    add_member(page, "Selin", "parent", "1984-05-03", has_custody="true")
    page.locator("button[name=add_another]").click()
    page.wait_for_url("**/families/*/members/new/")
    add_member(page, "Mehmet", "parent", "1981-11-20", has_custody="true")
    page.locator("button[name=add_another]").click()
    page.wait_for_url("**/families/*/members/new/")
    add_member(page, "Emir", "child", youth_born, lives_at_home="true")
    page.locator("main form button[type=submit]:not([name=add_another])").click()
    case = Case.objects.get(family__name="Kaya")
    page.wait_for_url(f"**/cases/{case.pk}/")
    expect(page.locator(".samenplan-route")).to_contain_text("Aanmelding")

    # 2. The first conversation, on one screen with the welcome and the 8 steps.
    page.get_by_role("link", name="Gesprek vastleggen").click()
    page.wait_for_url(f"**/cases/{case.pk}/conversations/new/")
    expect(page.locator(".samenplan-step")).to_have_count(9)
    expect(page.locator("#step-1 .samenplan-step__guide")).to_contain_text("schaal van 1 tot 10")
    expect(page.locator("#step-1 .samenplan-step__guide")).to_contain_text("Ouders en jongere kunnen:")
    page.locator("input[name=place][value=home]").check()
    page.locator("[id='id_step0-notes']").fill("Thee, compliment over hoe ze samen kwamen; agenda samen gemaakt.")
    page.locator("[id='id_step1-notes']").fill("Iedereen vertelde wat zwaar is; schaalvraag gesteld.")
    members = {m.given_name: m for m in case.family.members.all()}
    page.locator("[id='id_step1-c0-speaker']").select_option(str(members["Emir"].pk))
    page.locator("[id='id_step1-c0-text']").fill("Ik lig tot drie uur wakker, dan lukt school gewoon niet.")
    page.locator("[id='id_step1-c1-speaker']").select_option(str(members["Selin"].pk))
    page.locator("[id='id_step1-c1-text']").fill("Ik wil weten hoe ik hem kan helpen zonder te zeuren.")
    page.locator("#step-2 summary").click()
    page.locator("[id='id_step2-skipped']").check()
    page.locator("[id='id_step2-skip_reason']").fill("Geen vragenlijst nodig.")
    page.locator("#id_evaluation").fill("Fijn dat Emir ook mocht praten.")
    page.get_by_role("button", name="Gesprek opslaan").click()

    # 3. The clarification: step 1's words are already there; each person's problems with a burden.
    page.wait_for_url(f"**/cases/{case.pk}/clarification/")
    emir, selin, mehmet = members["Emir"].pk, members["Selin"].pk, members["Mehmet"].pk
    expect(page.locator(f"[id='id_m{emir}-help_question']")).to_have_value(
        "Ik lig tot drie uur wakker, dan lukt school gewoon niet."
    )
    page.locator(f"[id='id_m{emir}-p0-description']").fill("Niet kunnen slapen")
    page.locator(f"[id='id_m{emir}-p0-burden']").fill("8")
    page.locator(f"[id='id_m{selin}-p0-description']").fill("Elke ochtend ruzie")
    page.locator(f"[id='id_m{selin}-p0-burden']").fill("7")
    page.locator(f"[id='id_m{mehmet}-help_question']").fill("Ik wil dat het thuis weer rustig wordt.")
    page.locator(f"[id='id_m{mehmet}-p0-description']").fill("Ik werk 's nachts en mis veel")
    page.locator(f"[id='id_m{mehmet}-p0-burden']").fill("11")  # a slip: the form says so, next to the field
    page.locator("input[name=safety][value=safe]").check()
    page.get_by_role("button", name="Vraagverheldering opslaan").click()
    expect(page.locator(f"[id='id_m{mehmet}-p0-burden_error']")).to_be_visible()
    assert not Clarification.objects.exists()
    page.locator(f"[id='id_m{mehmet}-p0-burden']").fill("5")
    page.locator("input[name=severity]").nth(1).check()
    page.get_by_role("button", name="Vraagverheldering opslaan").click()

    # 4. The route, decided together.
    page.wait_for_url(f"**/cases/{case.pk}/route/")
    page.locator("input[name=route][value=light]").check()
    page.locator("#id_rationale").fill("De vraag is duidelijk; eerst zelf aan de slag met slaapadviezen.")
    page.locator("#id_light_help").fill("Slaapadvies van de jeugdarts; opa haalt Emir op dinsdag op.")
    for pk in (selin, mehmet):
        page.locator(f"input[name=a{pk}-agreement][value=agrees]").check()
    page.locator(f"input[name=a{emir}-agreement][value=partly]").check()
    page.locator(f"[id='id_a{emir}-comment']").fill("Goed, als mijn telefoon niet wordt afgepakt.")
    page.get_by_role("button", name="Route opslaan").click()

    # 5. The dossier: the steps in the timeline and on the route picture.
    page.wait_for_url(f"**/cases/{case.pk}/")
    picture = page.locator(".samenplan-route")
    expect(picture.locator("[aria-current=step]")).to_contain_text("Doelen")
    expect(picture).to_contain_text("Route: licht")
    expect(picture).to_contain_text("niet nodig op deze route")
    timeline = page.locator(".samenplan-timeline")
    expect(timeline).to_contain_text("Gesprek op")
    expect(timeline).to_contain_text("overgeslagen: Geen vragenlijst nodig.")
    expect(timeline).to_contain_text("Probleem: Niet kunnen slapen (last 8 van 10)")
    expect(timeline).to_contain_text("Route samen gekozen")
    expect(timeline.locator("figcaption", has_text="Emir Kaya").first).to_be_visible()
    assert RouteDecision.objects.get(case=case).route == "light"
    case.refresh_from_db()
    assert case.phase == Phase.GOALS


@pytest.mark.guideline("G3.3")
def test_it_takes_the_acute_route_with_a_crisis_record(page, login, people):
    from samenplan.intake import actions

    case = people.bakker  # in clarification
    parent = case.family.members.get(role="parent")
    actions.do_clarify(
        people.caseworker,
        case,
        participants=[{"member": parent, "help_question": "Ik wil dat we veilig zijn."}],
        assessment={"safety": "not_safe", "safety_explanation": "Vader dreigt met geweld."},
    )
    login(people.caseworker)
    page.goto(f"/cases/{case.pk}/route/")
    expect(page.locator("input[name=route][value=acute]")).to_be_checked()  # suggested: the child is not safe
    page.locator("#id_rationale").fill("Niet veilig thuis: nu eerst veiligheid.")
    page.locator(f"input[name=a{parent.pk}-agreement][value=agrees]").check()
    page.locator("#id_crisis_what").fill("Moeder en kinderen slapen bij oma; veiligheidsafspraken gemaakt.")
    page.locator("#id_crisis_by_whom").fill("Anna de Vries met Veilig Thuis")
    page.locator("#id_crisis_on").fill(timezone.localdate().isoformat())
    page.locator("#id_crisis_placement_referral").check()
    page.locator("#id_crisis_placement_referral_note").fill("Raad voor de Kinderbescherming, vandaag.")
    page.get_by_role("button", name="Route opslaan").click()
    page.wait_for_url(f"**/cases/{case.pk}/")
    expect(page.locator(".samenplan-route")).to_contain_text("Route: acuut")
    expect(page.locator(".samenplan-timeline")).to_contain_text("Crisisinterventie op")
    assert RouteDecision.objects.get(case=case).crisis.placement_referral


@pytest.mark.guideline("G3.4")
def test_it_takes_the_analysis_route(page, login, people):
    from samenplan.intake import actions

    case = people.bakker
    parent = case.family.members.get(role="parent")
    actions.do_clarify(
        people.caseworker,
        case,
        participants=[{"member": parent, "help_question": "Wat is er met ons kind aan de hand?"}],
        assessment={"safety": "safe"},
    )
    login(people.caseworker)
    page.goto(f"/cases/{case.pk}/route/")
    page.locator("input[name=route][value=analysis]").check()
    page.locator("#id_rationale").fill("Aard en ernst zijn nog onduidelijk.")
    page.locator(f"input[name=a{parent.pk}-agreement][value=agrees]").check()
    page.get_by_role("button", name="Route opslaan").click()
    page.wait_for_url(f"**/cases/{case.pk}/")
    expect(page.locator(".samenplan-route [aria-current=step]")).to_contain_text("Probleem- en krachtenanalyse")
