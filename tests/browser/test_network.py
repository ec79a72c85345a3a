"""Own strength, the network map and the family group plan in the browser, as the demo caseworker: answer the
own-strength questions, map a network of four people with the four criteria (the map renders, its text
alternative lists them), offer a family group plan and record that the family declines; each step lands on the
timeline, and axe-core finds no violations on these pages."""

import pytest

from samenplan.network.models import FamilyGroupPlan, NetworkMember, OwnStrength
from tests.browser.conftest import playwright_expect

expect = playwright_expect()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PEOPLE = [
    # name, relation, circle, support, (responds, effective, accessible, reliable)
    ("Ria Jansen", "oma", "familie", ["praktische hulp", "troost en steun"], ("ja", "ja", "ja", "ja")),
    ("Karin de Boer", "buurvrouw", "buurt", ["praktische hulp"], ("ja", "een beetje", "ja", "een beetje")),
    ("Meester Ahmed", "leerkracht", "school, werk of club", ["informatie en advies"], ("een beetje",) * 4),
    ("Tom Jansen", "oom", "familie", [], ("nee", "een beetje", "nee", "nee")),
]
CRITERIA = ("Reageert op vragen om hulp", "Geeft echte hulp die werkt", "Is makkelijk te bereiken", "Is betrouwbaar")


def no_violations(page, axe):
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()


def save(page):
    page.locator("main form button[type=submit]").first.click()


@pytest.mark.guideline("G2.9")
@pytest.mark.guideline("G5.3")
@pytest.mark.guideline("P4")
def test_it_maps_the_network_and_offers_a_family_group_plan(page, login, people, axe):
    case = people.jansen
    parent, child = case.family.members.order_by("pk")
    login(people.caseworker)
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Eigen kracht, netwerk en familiegroepsplan").click()
    expect(page.locator("h1")).to_have_text("Eigen kracht en netwerk van gezin Jansen")
    no_violations(page, axe)

    page.get_by_role("link", name="Vragen over eigen kracht beantwoorden").click()
    expect(page.locator("h1")).to_have_text("Eigen kracht van gezin Jansen")
    no_violations(page, axe)
    mine = page.locator(f"#own-strength-{parent.pk}")
    mine.get_by_label("Wat heb je al geprobeerd", exact=False).fill("Een weekrooster op de koelkast.")
    mine.get_by_label("Wat heb je nodig", exact=False).fill("Iemand die op woensdag de kinderen ophaalt.")
    mine.get_by_label("Wanneer wil je", exact=False).fill("Voor de zomervakantie.")
    theirs = page.locator(f"#own-strength-{child.pk}")
    theirs.get_by_label("Wie kan je helpen", exact=False).fill("Oma Ria en meester Ahmed.")
    save(page)
    section = page.locator("#own-strength")
    expect(section).to_contain_text("In de woorden van Sanne Jansen")
    expect(section).to_contain_text("Oma Ria en meester Ahmed.")
    assert OwnStrength.objects.filter(case=case).count() == 2

    page.get_by_role("link", name="Iemand aan het netwerk toevoegen").click()
    save(page)  # nothing filled in: each criterion is asked for by name
    expect(page.locator(".samenplan-error-summary")).to_contain_text(
        "Beantwoord 'reageert op vragen om hulp' met ja, een beetje of nee."
    )
    no_violations(page, axe)
    assert not NetworkMember.objects.exists()
    for number, (name, relation, circle, support, answers) in enumerate(PEOPLE):
        if number:
            page.get_by_role("link", name="Iemand aan het netwerk toevoegen").click()
        page.get_by_label("Naam", exact=True).fill(name)
        page.get_by_label("Wie is dit voor het gezin?").fill(relation)
        page.get_by_role("group", name="Kring").get_by_label(circle, exact=True).check()
        for kind in support:
            page.get_by_label(kind, exact=True).check()
        for criterion, answer in zip(CRITERIA, answers, strict=True):
            page.get_by_role("group", name=criterion).get_by_label(answer, exact=True).check()
        if number == 0:
            page.get_by_label("Hoe bereik je deze persoon?").fill("06-12345678")
            page.get_by_label("ja, de jongere wil deze persoon erbij").check()
            page.get_by_label("Rol in het plan").fill("Haalt Mees op woensdag van school.")
            no_violations(page, axe)
        save(page)
        expect(page.locator("#network")).to_contain_text(name)
    assert NetworkMember.objects.filter(case=case).count() == 4

    network = page.locator("#network")
    expect(network.locator("figure svg")).to_be_visible()  # the map, drawn on the server
    expect(network.locator("figure svg")).to_have_attribute("role", "img")
    for name, *_rest in PEOPLE:
        expect(network.locator("figure svg")).to_contain_text(name)
    listing = network.locator(".samenplan-network__table tbody tr")
    expect(listing).to_have_count(4)  # the text alternative: every person and their support
    expect(listing.filter(has_text="Ria Jansen")).to_contain_text("Praktische hulp, troost en steun")
    expect(listing.filter(has_text="Ria Jansen")).to_contain_text("sterke steun")
    expect(listing.filter(has_text="Tom Jansen")).to_contain_text("zwakke steun")
    expect(listing.filter(has_text="Karin de Boer")).to_contain_text("redelijke steun")
    expect(network.locator(".samenplan-network__table thead")).to_contain_text("Is betrouwbaar")
    no_violations(page, axe)

    page.get_by_role("link", name="Volgende stap van het familiegroepsplan").click()
    expect(page.locator("main form h2")).to_have_text("Familiegroepsplan aanbieden")
    no_violations(page, axe)
    page.get_by_label("Wat is uitgelegd").fill("Uitgelegd dat het gezin zelf, met familie, een plan mag maken.")
    save(page)
    expect(page.locator("#family-group-plan")).to_contain_text("Aangeboden")

    page.get_by_role("link", name="Volgende stap van het familiegroepsplan").click()
    page.get_by_label("Het gezin wijst het af").check()
    save(page)  # without the family's reasons
    expect(page.locator(".samenplan-error-summary")).to_contain_text("Schrijf op waarom het gezin het afwijst")
    no_violations(page, axe)
    page.get_by_label("Het gezin wijst het af").check()
    page.get_by_label("De redenen van het gezin, in hun eigen woorden").fill("We willen het eerst zelf proberen.")
    save(page)
    plan = page.locator("#family-group-plan")
    expect(plan).to_contain_text("Afgewezen")
    expect(plan).to_contain_text("We willen het eerst zelf proberen.")
    assert FamilyGroupPlan.objects.get(case=case).state == "declined"

    page.goto(f"/cases/{case.pk}/")
    timeline = page.locator(".samenplan-timeline")
    expect(timeline).to_contain_text("Eigen kracht, in de woorden van Sanne Jansen")
    expect(timeline).to_contain_text("Eigen kracht, in de woorden van Mees Jansen")
    for name, *_rest in PEOPLE:
        expect(timeline).to_contain_text(f"Toegevoegd aan het netwerk: {name}")
    expect(timeline).to_contain_text("Familiegroepsplan aangeboden op")
    expect(timeline).to_contain_text("Het gezin heeft het familiegroepsplan afgewezen op")
    expect(timeline).not_to_contain_text("06-12345678")  # contact details stay out of the timeline


def test_it_explains_why_no_family_group_plan_is_offered_under_a_measure(page, login, people, axe):
    type(people.bakker).objects.filter(pk=people.bakker.pk).update(child_protection_measure=True)
    login(people.caseworker)
    page.goto(f"/cases/{people.bakker.pk}/network/")
    expect(page.locator("#family-group-plan")).to_contain_text("er geldt een kinderbeschermingsmaatregel")
    expect(page.get_by_role("link", name="Volgende stap van het familiegroepsplan")).to_have_count(0)
    no_violations(page, axe)


@pytest.mark.guideline("L9")
def test_it_shares_the_network_from_the_page_only_with_consent(page, login, people, axe):
    from tests.factories import record_consent
    from tests.network.factories import network_member

    case = people.jansen
    network_member(people.caseworker, case)
    club = record_consent(
        people.caseworker, case, recipient_name="Sportclub De Vliegers", recipient_role="other",
        purpose="coordinate", data_kinds=["family_situation"],
    ).recipient  # fmt: skip
    login(people.caseworker)
    page.goto(f"/cases/{case.pk}/network/")
    page.get_by_role("link", name="Het netwerk delen met toestemming van het gezin").click()
    page.wait_for_url(f"**/cases/{case.pk}/network/share/")
    no_violations(page, axe)
    page.locator("#id_recipient").select_option(str(club.pk))
    save(page)
    expect(page.locator("h2")).to_contain_text("Gedeeld met Sportclub De Vliegers")
    table = page.locator("main table")
    expect(table).to_contain_text("Ria Jansen")
    expect(table).to_contain_text("niet gedeeld")  # no consent for contact details
    expect(table).not_to_contain_text("06-12345678")
    no_violations(page, axe)
