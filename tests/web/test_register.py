"""Registering a family with its first case through the web form."""

import pytest
from django.urls import reverse

from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import Case, Family

URL = reverse("cases:register")


def form(world, **overrides):
    data = {
        "family_name": "El Amrani",
        "team": world.north.pk,
        "registered_by": "family",
        "referrer": "",
        "reason": "Onze zoon van 14 wil niet meer naar school.",
        "caseworker": world.caseworker.pk,
        "second_worker": world.coworker.pk,
        "opened_on": "2026-11-20",
    }
    data.update(overrides)
    return data


@pytest.mark.guideline("L1")
def test_it_registers_and_goes_on_to_the_members(client, world):
    client.force_login(world.colleague)
    response = client.post(URL, form(world))
    family = Family.objects.get(name="El Amrani")
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:add_member", args=[family.pk])
    case = family.cases.get()
    assert (case.caseworker, list(case.coworkers.all())) == (world.caseworker, [world.coworker])


def test_it_shows_field_errors_and_saves_nothing(client, world):
    client.force_login(world.caseworker)
    before = (Family.objects.count(), Case.objects.count(), AccessLogRecord.objects.count())
    response = client.post(URL, form(world, family_name="", reason="", registered_by="concern", opened_on="morgen"))
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert set(errors) >= {"family_name", "reason", "opened_on"}
    assert (Family.objects.count(), Case.objects.count(), AccessLogRecord.objects.count()) == before


def test_it_asks_who_referred_when_a_professional_did(client, world):
    client.force_login(world.caseworker)
    response = client.post(URL, form(world, registered_by="professional"))
    assert response.status_code == 422
    assert {"referrer", "referrer_kind"} <= set(response.context["form"].errors)


@pytest.mark.guideline("G1.4")
def test_it_records_a_structured_registration_by_a_school(client, world):
    client.force_login(world.caseworker)
    data = form(
        world,
        registered_by="professional",
        referrer_kind="school",
        referrer="Mevrouw Kok, mentor Het Rivercollege",
        referrer_contact="010-1234567",
        **{
            "prior_help[0].kind": "Gesprekken met de schoolmaatschappelijk werker",
            "prior_help[0].agency": "Het Rivercollege",
            "prior_help[0].period": "september tot nu",
            "prior_help[0].running": "on",
            "prior_help[0].helped": "partly",
            "intake_table_on": "2026-11-19",
            "intake_table_participants": "Anna, jeugdarts, gedragswetenschapper",
            "intake_table_outcome": "Eerste gesprek met twee hulpverleners.",
        },
    )
    response = client.post(URL, data)
    assert response.status_code == 302, response.context["form"].errors
    registration = Family.objects.get(name="El Amrani").cases.get().registration
    assert (registration.referrer_kind, registration.referrer_contact, registration.second_worker) == (
        "school",
        "010-1234567",
        world.coworker,
    )
    [help_] = registration.prior_help.all()
    assert (help_.agency, help_.running, help_.helped) == ("Het Rivercollege", True, "partly")
    assert registration.intake_table_outcome == "Eerste gesprek met twee hulpverleners."


def test_it_offers_only_the_user_s_teams_and_their_professionals(client, world):
    client.force_login(world.caseworker)
    response = client.post(URL, form(world, team=world.south.pk, caseworker=world.south_worker.pk))
    assert response.status_code == 422
    assert {"team", "caseworker"} <= set(response.context["form"].errors)


def test_it_refuses_a_caseworker_from_another_organisation(client, world):
    client.force_login(world.caseworker)
    response = client.post(URL, form(world, caseworker=world.outsider.pk))
    assert response.status_code == 422
    assert "caseworker" in response.context["form"].errors


@pytest.mark.parametrize("garbage", ["<script>", "9" * 30, "-1", ""])
def test_it_never_fails_on_garbage_ids(client, world, garbage):
    client.force_login(world.caseworker)
    response = client.post(URL, form(world, team=garbage, caseworker=garbage, coworkers=[garbage]))
    assert response.status_code == 422


def with_members(data, *rows):
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"members[{i}].{key}"] = value
    return data


MOTHER = {"given_name": "Fatima", "role": "parent", "date_of_birth": "1985-02-01", "has_custody": "true"}
SON = {"given_name": "Youssef", "role": "child", "date_of_birth": "2012-05-09", "lives_at_home": "true"}


@pytest.mark.guideline("L1")
def test_it_registers_the_family_with_its_members_in_one_go(client, world):
    client.force_login(world.caseworker)
    response = client.post(URL, with_members(form(world), MOTHER, {}, SON))
    family = Family.objects.get(name="El Amrani")
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:dossier", args=[family.cases.get().pk])
    members = {(m.given_name, m.role, str(m.date_of_birth)) for m in family.members.all()}
    assert members == {("Fatima", "parent", "1985-02-01"), ("Youssef", "child", "2012-05-09")}


def test_it_puts_a_member_s_error_on_that_row_and_saves_nothing(client, world):
    client.force_login(world.caseworker)
    before = (Family.objects.count(), Case.objects.count())
    son_with_custody = {**SON, "has_custody": "true"}
    nameless = {"role": "child", "date_of_birth": "2016-01-01"}
    response = client.post(URL, with_members(form(world), MOTHER, {}, son_with_custody, nameless))
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert "members[2].has_custody" in errors
    assert "members[3].given_name" in errors
    assert "members[0].has_custody" not in errors
    assert (Family.objects.count(), Case.objects.count()) == before


def test_it_asks_for_a_named_member_s_role(client, world):
    client.force_login(world.caseworker)
    response = client.post(URL, with_members(form(world), {"given_name": "Fatima", "role": ""}))
    assert response.status_code == 422
    assert "members[0].role" in response.context["form"].errors
    assert not Family.objects.filter(name="El Amrani").exists()


def test_it_asks_whether_a_family_with_the_same_name_and_birth_date_is_the_same_family(client, world):
    client.force_login(world.caseworker)
    sanne = {"given_name": "Sanne", "role": "parent", "date_of_birth": "1988-03-14"}
    before = Family.objects.count()
    response = client.post(URL, with_members(form(world, family_name="jansen"), sanne))
    assert response.status_code == 422
    assert list(response.context["same"]) == [world.case]
    assert reverse("cases:dossier", args=[world.case.pk]).encode() in response.content
    assert Family.objects.count() == before
    shown = AccessLogRecord.objects.filter(action="cases.register").latest("pk")
    assert shown.detail.startswith(f"families={world.case.family_id} ")
    # it is another family after all: say so, and it is registered
    response = client.post(URL, with_members(form(world, family_name="jansen", same_family_checked="on"), sanne))
    assert response.status_code == 302
    assert Family.objects.count() == before + 1


def test_it_offers_only_families_the_user_may_see_as_the_same_family(client, world):
    client.force_login(world.caseworker)
    # the other organisation's Bakker family has a parent born on 14-03-1988 too
    sanne = {"given_name": "Sanne", "role": "parent", "date_of_birth": "1988-03-14"}
    response = client.post(URL, with_members(form(world, family_name="Bakker"), sanne))
    assert response.status_code == 302
