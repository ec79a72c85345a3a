"""The questionnaire pages: loading a definition, filling one in for a case, the results with bands and a chart."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samenplan.audit.models import AccessLogRecord
from samenplan.instruments.models import Administration, Definition
from tests.audit.statements import record_statements
from tests.instruments.conftest import children, licensed_text, malformed_text

ANSWERS = {"s1": 2, "s2": 0, "s3": 1, "s4": 1, "z1": 1, "z2": 0, "z3": 2, "k1": 2, "k2": 1}


def administer_url(case, definition=None, member=None):
    url = reverse("instruments:administer", args=[case.pk])
    if definition is not None:
        url += f"?definition={definition.pk}" + (f"&member={member.pk}" if member else "")
    return url


def answers_form(world, definition, member, answers=ANSWERS, **changes):
    parent, _child = children(world.case)
    data = {
        "definition": definition.pk,
        "member": member.pk,
        "informant": "parent",
        "informant_member": parent.pk,
        "administered_on": "2026-11-20",
        "sex": "male",
        **{f"item_{key}": value for key, value in answers.items()},
    }
    data.update(changes)
    return data


def test_an_administrator_loads_a_pasted_definition(client, world):
    client.force_login(world.administrator)
    assert client.get(reverse("instruments:load")).status_code == 200
    response = client.post(reverse("instruments:load"), {"text": licensed_text()})
    definition = Definition.objects.get(code="gezinslijst")
    assert response.status_code == 302 and response["Location"] == reverse(
        "instruments:definition", args=[definition.pk]
    )
    html = client.get(response["Location"]).content.decode()
    assert "Gezinslijst (versie 1)" in html and "Licentie van Uitgeverij Voorbeeld" in html


def test_an_administrator_uploads_a_definition_file(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.administrator)
    upload = SimpleUploadedFile("gezinslijst.yaml", licensed_text().encode(), content_type="application/yaml")
    assert client.post(reverse("instruments:load"), {"file": upload}).status_code == 302
    assert Definition.objects.filter(organisation=world.org, code="gezinslijst").exists()


def test_a_malformed_definition_lists_every_problem_and_loads_nothing(client, world):
    client.force_login(world.administrator)
    text = malformed_text()
    response = client.post(reverse("instruments:load"), {"text": text})
    html = response.content.decode()
    assert response.status_code == 422
    assert "items[0].scale: onbekende schaal &quot;likert7&quot;" in html
    assert "items[1].id: dubbel id" in html and "age_range: de laagste leeftijd (40)" in html
    assert "subscales[0].items[1]: onbekende vraag &quot;b&quot;" in html
    assert "De vragenlijst heeft 4 problemen" in html
    assert not Definition.objects.exists()


def test_the_questionnaires_page_offers_loading_only_to_an_administrator(client, world, shipped):
    client.force_login(world.caseworker)
    html = client.get(reverse("instruments:definitions")).content.decode()
    assert "Demo-vragenlijst Gezin" in html and "Veiligheid in beeld" in html
    assert reverse("instruments:load") not in html
    client.force_login(world.administrator)
    assert reverse("instruments:load") in client.get(reverse("instruments:definitions")).content.decode()


@pytest.mark.guideline("G2.6")
def test_the_caseworker_fills_in_the_demo_questionnaire_and_sees_the_bands(client, world, demo):
    _parent, child = children(world.case)
    client.force_login(world.caseworker)
    first = client.get(administer_url(world.case))
    assert first.status_code == 200 and "Demo-vragenlijst Gezin" in first.content.decode()
    form = client.get(administer_url(world.case, demo, child)).content.decode()
    assert "Bij ons thuis wordt vaak geschreeuwd." in form and "Zeker waar" in form
    assert "meet niets" in form  # the demo says plainly what it is
    response = client.post(administer_url(world.case), answers_form(world, demo, child))
    administration = Administration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("instruments:administration", args=[administration.pk])
    html = client.get(response["Location"]).content.decode()
    assert "Spanning thuis" in html and "Score 6" in html and "Hoog" in html
    assert "<svg" in html and "<table" in html  # the chart, and the table as its accessible alternative
    assert "versie 1 van de vragenlijst" in html
    dossier = client.get(reverse("cases:dossier", args=[world.case.pk])).content.decode()
    assert "Vragenlijst ingevuld: Demo-vragenlijst Gezin" in dossier
    assert reverse("instruments:administration", args=[administration.pk]) in dossier


def test_the_chart_and_table_show_earlier_administrations_for_the_same_person(client, world, demo):
    _parent, child = children(world.case)
    client.force_login(world.caseworker)
    client.post(administer_url(world.case), answers_form(world, demo, child, administered_on="2026-10-01"))
    calmer = {**ANSWERS, "s1": 0, "s3": 0}
    client.post(administer_url(world.case), answers_form(world, demo, child, calmer, administered_on="2026-11-20"))
    latest = Administration.objects.order_by("-administered_on").first()
    html = client.get(reverse("instruments:administration", args=[latest.pk])).content.decode()
    assert "01-10-2026" in html and "20-11-2026" in html and "deze keer" in html
    assert html.count("<svg") == 3  # one chart per subscale
    assert 'style="' not in html.split("<main", 1)[-1]  # the inline SVG obeys the Content-Security-Policy


@pytest.mark.guideline("G4.1")
def test_a_member_outside_the_age_range_gets_a_warning_not_an_error(client, world, demo):
    parent, _child = children(world.case)
    client.force_login(world.caseworker)
    form = client.get(administer_url(world.case, demo, parent))
    assert form.status_code == 200
    assert "is bedoeld voor 6 tot en met 17 jaar; deze persoon is 38" in form.content.decode()
    response = client.post(administer_url(world.case), answers_form(world, demo, parent))
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "deze persoon is 38" in html


def test_an_answer_outside_the_scale_is_refused_on_its_question(client, world, demo):
    _parent, child = children(world.case)
    client.force_login(world.caseworker)
    before = AccessLogRecord.objects.count()
    response = client.post(administer_url(world.case), answers_form(world, demo, child, {**ANSWERS, "s1": 7}))
    html = response.content.decode()
    assert response.status_code == 422
    assert "7 is geen antwoord op de schaal van deze vraag; kies uit: 0, 1, 2" in html
    assert not Administration.objects.exists()
    assert AccessLogRecord.objects.filter(pk__gt=before, event="read", case_id=world.case.pk).exists()


def test_a_wrong_informant_is_refused_with_a_field_error(client, world, demo):
    _parent, child = children(world.case)
    client.force_login(world.caseworker)
    response = client.post(administer_url(world.case), answers_form(world, demo, child, informant_member=""))
    assert response.status_code == 422
    assert "Kies het gezinslid dat de vragenlijst heeft ingevuld." in response.content.decode()
    assert not Administration.objects.exists()


def test_an_unknown_questionnaire_is_a_field_error_not_a_crash(client, world, demo):
    client.force_login(world.caseworker)
    response = client.get(reverse("instruments:administer", args=[world.case.pk]) + "?definition=99999999999999")
    assert response.status_code == 422


def test_open_answers_are_shown_as_the_familys_own_words(client, world, shipped):
    parent, _child = children(world.case)
    drieluik = shipped["drieluik"]
    client.force_login(world.caseworker)
    data = {
        "definition": drieluik.pk, "informant": "parent", "informant_member": parent.pk,
        "administered_on": "2026-11-20", "item_gewenst": "Dat we weer samen eten.",
    }  # fmt: skip
    response = client.post(administer_url(world.case), data)
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert '<q class="samenplan-own-words">Dat we weer samen eten.</q>' in html
    assert "Deze vragenlijst heeft geen scores" in html


@pytest.mark.guideline("G4.1")
def test_the_form_warns_when_the_questionnaire_does_not_suit_the_family(client, world, demo, monkeypatch):
    from samenplan.instruments import access

    # The analysis app's investigation plan records the circumstances; here the mother's are given directly.
    parent, child = children(world.case)
    monkeypatch.setattr(access, "family_circumstances", lambda case: [(parent, {"low_literacy"}, "ar")])
    client.force_login(world.caseworker)
    html = client.get(administer_url(world.case, demo, child)).content.decode()
    assert "Sanne Jansen: Demo-vragenlijst Gezin (DEMO — meet niets) past niet bij dit gezin: laaggeletterdheid" in html
    assert "niet in de taal die thuis wordt gesproken (Arabisch)" in html


@pytest.mark.parametrize("earlier", [0, 3])
def test_the_results_page_costs_the_same_queries_however_many_earlier_times(
    client, world, demo, django_assert_num_queries, earlier
):
    from datetime import date

    from samenplan.instruments.actions import do_administer

    parent, child = children(world.case)
    for day in range(1, earlier + 2):
        latest = do_administer(
            world.caseworker, world.case, definition=demo, member=child, informant="parent",
            informant_member=parent, answers=ANSWERS, administered_on=date(2026, 10, day),
        )  # fmt: skip
    client.force_login(world.colleague)
    # session, the user with their roles, the record and its case, history, newer; the access-log record
    with django_assert_num_queries(6 + record_statements()):
        response = client.get(reverse("instruments:administration", args=[latest.pk]))
    assert response.content.decode().count('<tr class="utrecht-table__row">') >= earlier + 1
