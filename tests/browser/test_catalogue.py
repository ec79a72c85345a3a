"""The administrator imports the catalogue of help in the browser: a CSV with one broken row shows that row's
errors by row number and imports nothing; choosing "alleen de goede regels importeren" imports the others, which
then stand in the list, lightest help first. axe-core finds no violations on the list and the import pages."""

import pytest

from samenplan.accounts.models import Role
from samenplan.catalogue.models import HelpOffer
from tests.browser.conftest import playwright_expect
from tests.factories import member_of

expect = playwright_expect()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = (
    "naam;beschrijving;intensiteit;leeftijd vanaf;leeftijd tot;bewijskracht;wachttijd\n"
    "Multisysteemtherapie (MST);Een therapeut komt thuis en op school;intensief;12;18;sterke aanwijzingen;8\n"
    "Kapot;;zwaar;12;4;;\n"
    "Buddy voor jongeren;Een maatje dat elke week afspreekt;netwerk;12;23;eerste aanwijzingen;4\n"
)


def no_violations(page, axe):
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()


def test_it_imports_the_good_rows_of_a_csv_after_showing_the_broken_one(page, login, people, axe, tmp_path):
    administrator = member_of(people.north, Role.ADMINISTRATOR, username="beheerder", first_name="Eva")
    file = tmp_path / "sociale-kaart.csv"
    file.write_text(CSV, encoding="utf-8")
    login(administrator)
    page.goto("/catalogue/")
    expect(page.locator("h1")).to_have_text("Sociale kaart")
    page.get_by_role("link", name="Importeren uit CSV").click()
    no_violations(page, axe)

    page.get_by_label("CSV-bestand").set_input_files(str(file))
    page.get_by_role("button", name="Bestand controleren").click()
    preview = page.locator(".samenplan-catalogue-preview")
    expect(preview).to_contain_text("2 regels zijn goed, 1 regels hebben fouten.")
    expect(preview).to_contain_text("Regel 3, beschrijving: Beschrijf de hulp in eenvoudige woorden")
    expect(preview).to_contain_text("Regel 3, intensiteit: Onbekende intensiteit")
    no_violations(page, axe)
    assert not HelpOffer.objects.exists()

    page.get_by_role("button", name="Alleen de goede regels importeren (2)").click()
    expect(page.locator("h1")).to_have_text("Sociale kaart")
    expect(page.locator("main")).to_contain_text("2 toegevoegd, 0 gewijzigd, 1 regels overgeslagen")
    rows = page.locator("table.samenplan-catalogue tbody tr th")
    expect(rows).to_have_text(["Buddy voor jongeren", "Multisysteemtherapie (MST)"])  # lightest first
    no_violations(page, axe)

    page.get_by_label("Leeftijd van de jongere").fill("20")
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_text(["Buddy voor jongeren"])
    no_violations(page, axe)
