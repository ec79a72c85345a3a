"""Deciding together in the browser, as the caseworker: three options side by side with the professional's and the
family's pros and cons (the family's own idea added through the form), a preference from each of two parents, and
the decision at participation level 4 with evaluation and aftercare; axe-core finds no violations on the grid, the
option, preference and decision pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from samenplan.cases.actions import do_add_member
from samenplan.cases.models import MemberRole
from samenplan.decisions.models import Decision, Option, Preference
from tests.browser.conftest import playwright_expect
from tests.conftest import decide_route
from tests.decisions.factories import offers

expect = playwright_expect()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_violations(axe, page):
    expect(page.locator("h1")).to_have_count(1)
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()


def submit(page, name):
    page.get_by_role("button", name=name).click()


@pytest.mark.guideline("G1.2")
@pytest.mark.guideline("G2.2")
@pytest.mark.guideline("G5.4")
@pytest.mark.guideline("P5")
@pytest.mark.guideline("P6")
def test_the_caseworker_compares_three_options_hears_both_parents_and_decides_together(page, login, people, axe):
    from samenplan.decisions import actions

    case = decide_route(people.caseworker, people.jansen)
    ruben = do_add_member(
        people.caseworker, case.family,
        given_name="Ruben", family_name="Jansen", role=MemberRole.PARENT, has_custody=True,
    )  # fmt: skip
    sanne = case.family.members.get(given_name="Sanne")
    light, ambulatory, _heavy = offers(case.family.organisation)
    actions.do_add_option(
        people.caseworker, case, source="catalogue", offer=ambulatory, professional_pros="De coach komt thuis.",
        family_cons="Iemand in ons huis voelt raar.", family_speaker=ruben,
    )  # fmt: skip
    actions.do_add_option(
        people.caseworker, case, source="catalogue", offer=light, professional_cons="Acht avonden.",
        family_pros="Andere ouders hebben hetzelfde.", family_speaker=sanne,
    )  # fmt: skip
    login(people.caseworker)

    # From the dossier to the grid.
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Mogelijkheden, besluit en hulp").click()
    page.wait_for_url(f"**/cases/{case.pk}/options/")
    no_violations(axe, page)

    # The family's own idea, with both views.
    page.get_by_role("link", name="Mogelijkheid toevoegen").click()
    page.wait_for_url("**/options/new/")
    page.locator("input[name=source][value=family]").check()
    submit(page, "Opslaan")  # no name: said next to the field
    expect(page.locator("#id_name_error")).to_contain_text("Geef de mogelijkheid een korte naam.")
    no_violations(axe, page)
    page.locator("#id_name").fill("Oma past op woensdag op")
    page.locator("#id_professional_pros").fill("Vertrouwd en dichtbij.")
    page.locator("#id_family_pros").fill("De kinderen zijn graag bij oma.")
    page.locator("#id_family_cons").fill("We willen oma niet te veel vragen.")
    page.locator("#id_family_speaker").select_option(str(sanne.pk))
    submit(page, "Opslaan")
    page.wait_for_url(f"**/cases/{case.pk}/options/*")

    # Side by side, the lightest first; the questions as rows; the evidence marked.
    headers = page.locator(".samenplan-grid thead th[scope=col]")
    expect(headers).to_have_count(3)
    expect(headers.nth(0)).to_contain_text("Oma past op woensdag op")
    expect(headers.nth(1)).to_contain_text("Opvoedcursus Samen Sterk")
    expect(headers.nth(2)).to_contain_text("Gezinscoaching thuis")
    grid = page.locator(".samenplan-grid")
    expect(grid.get_by_role("rowheader", name="Wat is goed eraan? (hulpverlener / gezin)")).to_be_visible()
    expect(grid.get_by_role("rowheader", name="Bewezen effectief?")).to_be_visible()
    expect(grid).to_contain_text("De kinderen zijn graag bij oma.")
    expect(grid).to_contain_text("Iemand in ons huis voelt raar.")
    expect(grid).to_contain_text("Acht avonden.")
    no_violations(axe, page)
    ids = {o.name: o.pk for o in Option.objects.filter(case=case)}

    # A preference from each parent: Sanne puts them in order, Ruben prefers one.
    page.get_by_role("link", name="Voorkeur van Sanne Jansen vastleggen").click()
    page.wait_for_url("**/preferences/?member=*")
    page.locator("input[name=kind][value=order]").check()
    for name, place in (("Opvoedcursus Samen Sterk", "1"), ("Oma past op woensdag op", "2"),
                        ("Gezinscoaching thuis", "3")):  # fmt: skip
        page.locator(f"[id='id_rank-{ids[name]}']").select_option(place)
    page.locator("#id_reasons").fill("Eerst zelf leren, met oma als steun.")
    no_violations(axe, page)
    submit(page, "Voorkeur opslaan")
    page.wait_for_url(f"**/cases/{case.pk}/options/*")
    page.get_by_role("link", name="Voorkeur van Ruben Jansen vastleggen").click()
    page.locator("input[name=kind][value=preferred]").check()
    page.locator(f"input[name=preferred][value='{ids['Oma past op woensdag op']}']").check()
    page.locator("#id_reasons").fill("Oma is het makkelijkst.")
    submit(page, "Voorkeur opslaan")
    page.wait_for_url(f"**/cases/{case.pk}/options/*")
    expect(page.locator("#preferences")).to_contain_text("Eerst zelf leren, met oma als steun.")
    expect(page.locator("#preferences")).to_contain_text("Oma is het makkelijkst.")
    assert Preference.objects.filter(case=case).count() == 2

    # The decision at level 4, everyone's agreement, evaluation and aftercare.
    page.get_by_role("link", name="Besluit vastleggen", exact=True).click()
    page.wait_for_url("**/decisions/new/")
    no_violations(axe, page)
    page.locator(f"input[name=options][value='{ids['Opvoedcursus Samen Sterk']}']").check()
    page.locator(f"input[name=options][value='{ids['Oma past op woensdag op']}']").check()
    page.locator("#id_summary").fill("Sanne en Ruben volgen de opvoedcursus op dinsdag; oma past op woensdag op.")
    page.locator("#id_arguments").fill("De lichtste hulp die past, met steun van oma.")
    page.locator("input[name=participation_level][value='4']").check()
    page.locator(f"input[name=m{sanne.pk}-agreement][value=yes]").check()
    page.locator(f"input[name=m{ruben.pk}-agreement][value=partly]").check()
    submit(page, "Besluit vastleggen")  # Ruben's words and the evaluation are missing
    expect(page.locator(f"[id='id_m{ruben.pk}-words_error']")).to_be_visible()
    expect(page.locator("#id_evaluation_on_error")).to_be_visible()
    no_violations(axe, page)
    assert not Decision.objects.exists()
    page.locator(f"[id='id_m{ruben.pk}-words']").fill("Ik had liever alleen oma gehad.")
    page.locator("#id_evaluation_on").fill((timezone.localdate() + timedelta(days=56)).isoformat())
    page.locator("#id_evaluation_agreement").fill("Over acht weken thuis, met Sanne, Ruben en Mees.")
    page.locator("#id_aftercare_agreement").fill("Na de cursus belt de hulpverlener nog één keer.")
    submit(page, "Besluit vastleggen")
    page.wait_for_url(f"**/cases/{case.pk}/options/*")
    expect(page.locator("#decisions")).to_contain_text("4. Samen beslissen")
    expect(page.locator("#decisions")).to_contain_text("Ik had liever alleen oma gehad.")
    no_violations(axe, page)
    decision = Decision.objects.get()
    assert decision.participation_level == 4 and decision.options.count() == 2

    # Carrying out: the help from the decision, prefilled; the caseworker stays the owner.
    page.get_by_role("link", name="De hulp uit dit besluit vastleggen").click()
    page.wait_for_url("**/help/new/?decision=*")
    expect(page.locator("#id_description")).to_have_value("Opvoedcursus Samen Sterk")
    page.locator("input[name=status][value=running]").check()
    no_violations(axe, page)
    submit(page, "Opslaan")
    page.wait_for_url(f"**/cases/{case.pk}/options/*")
    expect(page.locator("#help")).to_contain_text("Opvoedcursus Samen Sterk")
    case.refresh_from_db()
    assert case.caseworker == people.caseworker and case.phase == "help"
