"""The catalogue's pages: everyone in the organisation reads it, its administrator changes and imports it; another
organisation sees none of it. Bad input and broken CSV rows give Dutch messages on the page, never a 500."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samenplan.audit.models import AccessLogRecord
from samenplan.catalogue import rules
from samenplan.catalogue.models import HelpOffer
from tests.catalogue.factories import CSV_GOOD, CSV_ONE_BROKEN, TRIPLE_P, offer


def form(**changes):
    body = {k: "" if v is None else v for k, v in TRIPLE_P.items()}
    body.update(changes)
    return body


def upload(client, text=None, data=None, name="hulp.csv"):
    content = data if data is not None else text.encode("utf-8")
    return client.post(reverse("catalogue:import"), {"file": SimpleUploadedFile(name, content, "text/csv")})


@pytest.mark.parametrize("persona", ["caseworker", "scientist", "team_lead", "south_worker", "administrator"])
def test_it_lets_everyone_in_the_organisation_read_the_catalogue(client, world, persona):
    triple = offer(world)
    client.force_login(world.persona(persona))
    listing = client.get(reverse("catalogue:list"))
    assert listing.status_code == 200 and "Triple P" in listing.content.decode()
    detail = client.get(reverse("catalogue:detail", args=[triple.pk]))
    assert detail.status_code == 200 and "Opvoedpunt Voorbeeld" in detail.content.decode()
    can_change = persona == "administrator"
    assert (reverse("catalogue:edit", args=[triple.pk]) in detail.content.decode()) == can_change


def test_it_hides_the_catalogue_from_another_organisation(client, world):
    triple = offer(world)
    client.force_login(world.outsider)
    assert "Triple P" not in client.get(reverse("catalogue:list")).content.decode()
    assert client.get(reverse("catalogue:detail", args=[triple.pk])).status_code == 404
    assert client.get(reverse("catalogue:edit", args=[triple.pk])).status_code == 404
    assert client.get(reverse("catalogue:detail", args=[999999])).status_code == 404


def test_it_refuses_the_administrators_pages_to_professionals(client, world):
    triple = offer(world)
    client.force_login(world.caseworker)
    assert client.get(reverse("catalogue:add")).status_code == 403
    assert client.get(reverse("catalogue:import")).status_code == 403
    assert client.post(reverse("catalogue:edit", args=[triple.pk]), form(name="Anders", version=1)).status_code == 403
    assert client.post(reverse("catalogue:set_active", args=[triple.pk]), {"version": 1}).status_code == 403
    triple.refresh_from_db()
    assert (triple.name, triple.active) == ("Triple P", True)


@pytest.mark.guideline("G5.3")
def test_it_lists_lightest_help_first_and_filters(client, world):
    offer(world, name="Pleegzorg (verblijf)", intensity="residential", min_age=0, max_age=21, evidence_level="strong")
    offer(world)
    offer(world, name="Buddy voor jongeren", intensity="network", min_age=12, max_age=23, description="Een maatje")
    client.force_login(world.caseworker)
    html = client.get(reverse("catalogue:list")).content.decode()
    assert html.index("Buddy voor jongeren") < html.index("Triple P") < html.index("Pleegzorg (verblijf)")
    assert "Lichte hulp" in html and "Netwerk" in html

    def names(**query):
        page = client.get(reverse("catalogue:list"), query).content.decode()
        return [n for n in ("Buddy voor jongeren", "Triple P", "Pleegzorg (verblijf)") if n in page]

    assert names(intensity="light") == ["Triple P"]
    assert names(evidence_level="strong") == ["Pleegzorg (verblijf)"]
    assert names(age="20") == ["Buddy voor jongeren", "Pleegzorg (verblijf)"]
    assert names(q="maatje") == ["Buddy voor jongeren"]
    assert client.get(reverse("catalogue:list"), {"age": "99", "intensity": "zwaar"}).status_code == 200
    record = AccessLogRecord.objects.filter(action="catalogue.list").order_by("-seq").first()
    assert record.user_id == world.caseworker.pk


def test_it_adds_help_through_the_form(client, world):
    client.force_login(world.administrator)
    response = client.post(reverse("catalogue:add"), form(name="Gezinscoach", intensity="ambulatory"))
    added = HelpOffer.objects.get(name="Gezinscoach")
    assert response.status_code == 302 and response.url == reverse("catalogue:detail", args=[added.pk])
    assert added.organisation == world.org


def test_it_gives_field_errors_in_dutch_and_saves_nothing(client, world):
    client.force_login(world.administrator)
    response = client.post(reverse("catalogue:add"), form(min_age="12", max_age="4", description=" ", intensity="x"))
    assert response.status_code == 422
    html = response.content.decode()
    assert "De leeftijd tot wanneer de hulp bedoeld is" in html
    assert "Beschrijf de hulp in eenvoudige woorden" in html
    assert not HelpOffer.objects.exists()
    offer(world)
    response = client.post(reverse("catalogue:add"), form(name="TRIPLE P"))
    assert response.status_code == 422
    assert "In de sociale kaart staat al hulp met deze naam." in response.content.decode()


def test_it_escapes_html_in_every_text(client, world):
    evil = offer(world, name="<script>alert(1)</script>", description="<b>vet</b>", provider="<img src=x>")
    client.force_login(world.caseworker)
    for url in (reverse("catalogue:list"), reverse("catalogue:detail", args=[evil.pk])):
        html = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<b>vet</b>" not in html and "<img src=x>" not in html


def test_it_keeps_the_administrators_text_when_someone_else_changed_the_help_first(client, world):
    triple = offer(world)
    client.force_login(world.administrator)
    url = reverse("catalogue:edit", args=[triple.pk])
    assert client.post(url, form(waiting_weeks="9", version="1")).status_code == 302  # the other change
    response = client.post(url, form(description="Mijn nieuwe beschrijving", version="1"))
    assert response.status_code == 422
    html = response.content.decode()
    assert "Iemand anders heeft dit intussen gewijzigd" in html
    assert "Mijn nieuwe beschrijving" in html  # nothing lost
    assert "Wat nu is opgeslagen" in html
    triple.refresh_from_db()
    assert (triple.version, triple.waiting_weeks, triple.description) == (2, 9, TRIPLE_P["description"])
    assert 'name="version" value="2"' in html  # saving again now knowingly replaces the other change
    assert client.post(url, form(description="Mijn nieuwe beschrijving", version="2")).status_code == 302
    triple.refresh_from_db()
    assert (triple.version, triple.description) == (3, "Mijn nieuwe beschrijving")


def test_it_takes_help_out_of_the_catalogue_and_back(client, world):
    triple = offer(world)
    client.force_login(world.administrator)
    url = reverse("catalogue:set_active", args=[triple.pk])
    assert client.post(url, {"version": "1"}).status_code == 302
    triple.refresh_from_db()
    assert not triple.active
    link = reverse("catalogue:detail", args=[triple.pk])
    client.force_login(world.caseworker)
    assert link not in client.get(reverse("catalogue:list")).content.decode()
    client.force_login(world.administrator)
    assert link not in client.get(reverse("catalogue:list")).content.decode()
    assert link in client.get(reverse("catalogue:list"), {"withdrawn": "true"}).content.decode()
    response = client.post(url, {"version": "1", "active": "true"}, follow=True)
    assert "Iemand anders heeft dit intussen gewijzigd" in response.content.decode()
    client.post(url, {"version": "2", "active": "true"})
    triple.refresh_from_db()
    assert (triple.active, triple.version) == (True, 3)
    assert client.post(url, {"version": "geen"}).status_code == 302


def test_it_previews_an_import_with_every_broken_row_and_imports_nothing(client, world):
    client.force_login(world.administrator)
    response = upload(client, CSV_ONE_BROKEN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Regel 3, beschrijving: Beschrijf de hulp" in html
    assert "Regel 3, intensiteit: Onbekende intensiteit" in html
    assert "Regel 3, leeftijd tot:" in html
    assert "Alleen de goede regels importeren (2)" in html
    assert not HelpOffer.objects.exists()
    # Confirming without the choice for the good rows imports nothing.
    response = client.post(reverse("catalogue:import"), {"csv_text": CSV_ONE_BROKEN, "confirm": "true"})
    assert response.status_code == 422 and "Er is niets geïmporteerd" in response.content.decode()
    assert not HelpOffer.objects.exists()


def test_it_imports_only_the_good_rows_when_chosen(client, world):
    client.force_login(world.administrator)
    body = {"csv_text": CSV_ONE_BROKEN, "confirm": "true", "valid_rows_only": "true"}
    response = client.post(reverse("catalogue:import"), body, follow=True)
    assert response.redirect_chain[-1][0] == reverse("catalogue:list")
    assert "2 toegevoegd, 0 gewijzigd, 1 regels overgeslagen" in response.content.decode()
    assert sorted(HelpOffer.objects.values_list("name", flat=True)) == ["Buddy voor jongeren", "Gezinscoach"]


def test_it_imports_a_good_file_and_updates_what_is_there(client, world):
    offer(world, name="Gezinscoach", intensity="intensive")
    client.force_login(world.administrator)
    html = upload(client, CSV_GOOD).content.decode()
    assert "wijzigt de hulp met deze naam" in html and "nieuw" in html and "2 regels importeren" in html
    client.post(reverse("catalogue:import"), {"csv_text": CSV_GOOD, "confirm": "true"})
    coach = HelpOffer.objects.get(name="Gezinscoach")
    assert (coach.intensity, coach.version) == ("ambulatory", 2)
    assert HelpOffer.objects.count() == 2


def test_it_escapes_html_in_the_import_preview(client, world):
    client.force_login(world.administrator)
    text = "naam;beschrijving;intensiteit\n<script>alert(1)</script>;<b>x</b>;<i>zwaar</i>\n"
    html = upload(client, text).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "<i>zwaar</i>" not in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("naam;beschrijving;intensiteit\nCafé;Een kop koffie;licht\n".encode("cp1252"), "niet in UTF-8"),
        (b"naam;beschrijving;intensiteit\n" + b"x" * (rules.MAX_IMPORT_BYTES + 10), "te groot"),
        (b"\x00\x01\x02binary", "nul-tekens"),
        (b"kolom1;kolom2\na;b\n", "Deze kolommen ontbreken: naam, beschrijving, intensiteit"),
        (b"", "leeg"),
    ],
)
def test_it_refuses_a_file_it_cannot_use_with_a_dutch_message(client, world, data, message):
    client.force_login(world.administrator)
    response = upload(client, data=data)
    assert response.status_code in (200, 422)
    assert message in response.content.decode()
    assert not HelpOffer.objects.exists()


def test_it_refuses_a_file_with_too_many_rows(client, world):
    client.force_login(world.administrator)
    rows = "".join(f"Hulp {i};Iets;licht\n" for i in range(rules.MAX_IMPORT_ROWS + 1))
    text = "naam;beschrijving;intensiteit\n" + rows
    html = upload(client, text).content.decode()
    assert "meer dan 500 regels" in html
    assert not HelpOffer.objects.exists()
