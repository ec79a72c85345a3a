"""What the web forms accept: the same checks as the API (samenplan.validation), as Dutch field errors with
nothing saved: a version on every change, strict yes/no, visible text, plausible dates, bounded lists."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import Case, DossierEntry, Family, Member, MemberRole
from tests.factories import UserFactory
from tests.web.test_register import form as registration


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Family, Member, Case, DossierEntry))


def writes() -> int:
    return AccessLogRecord.objects.exclude(event="read").exclude(event="search").count()


def member_data(**overrides) -> dict:
    data = {"given_name": "Max", "family_name": "Jansen", "role": "child", "date_of_birth": "2014-06-02"}
    data.update(overrides)
    return data


@pytest.mark.parametrize("version", ["absent", ""])
def test_it_refuses_a_member_edit_without_a_version(client, world, version):
    child = world.case.family.members.get(role=MemberRole.CHILD)
    client.force_login(world.caseworker)
    data = member_data() if version == "absent" else member_data(version=version)
    before = writes()

    response = client.post(reverse("cases:edit_member", args=[child.pk]), data)

    assert response.status_code == 422
    assert response.context["form"].errors["version"] == [
        "De versie van wat je wijzigde ontbreekt. Laad de pagina opnieuw en probeer het dan nog eens."
    ]
    child.refresh_from_db()
    assert (child.given_name, child.version) == ("Mees", 1)
    assert writes() == before


@pytest.mark.parametrize(("name", "form_field"), [("move_phase", "version"), ("change_workers", "version")])
def test_it_refuses_a_case_change_without_a_version(client, world, name, form_field):
    client.force_login(world.caseworker)
    data = {"phase": "clarification", "caseworker": world.colleague.pk, "version": ""}

    response = client.post(reverse(f"cases:{name}", args=[world.case.pk]), data)

    assert response.status_code == 422
    assert form_field in response.context["phase_form" if name == "move_phase" else "form"].errors
    world.case.refresh_from_db()
    assert world.case.version == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"child_protection_measure": "maybe"}, "child_protection_measure"),
        ({"opened_on": "0001-01-01"}, "opened_on"),
        ({"opened_on": "2014-12-31"}, "opened_on"),
        ({"family_name": "\u200b"}, "family_name"),
        ({"reason": "\u200b\u2060\ufeff"}, "reason"),
    ],
)
def test_it_refuses_implausible_registration_input(client, world, overrides, field):
    client.force_login(world.caseworker)
    before = counts()

    response = client.post(reverse("cases:register"), registration(world, **overrides))

    assert response.status_code == 422
    assert list(response.context["form"].errors) == [field]
    assert counts() == before


def test_it_accepts_what_a_browser_sends_for_a_ticked_box(client, world):
    client.force_login(world.caseworker)

    response = client.post(reverse("cases:register"), registration(world, child_protection_measure="on"))

    assert response.status_code == 302
    assert Case.objects.get(family__name="El Amrani").child_protection_measure is True


def test_it_says_how_many_co_workers_a_case_may_have(client, world):
    client.force_login(world.caseworker)
    many = [UserFactory(organisation=world.org).pk for _ in range(11)]

    response = client.post(
        reverse("cases:change_workers", args=[world.case.pk]),
        {"caseworker": world.caseworker.pk, "coworkers": many, "version": world.case.version},
    )

    assert response.status_code == 422
    assert response.context["form"].errors["coworkers"] == [
        "Een traject heeft naast de vaste hulpverlener ten hoogste 10 medewerkers."
    ]


def test_it_refuses_a_note_of_only_invisible_characters(client, world):
    client.force_login(world.caseworker)

    response = client.post(reverse("cases:add_note", args=[world.case.pk]), {"text": "\u200b", "voice": "family"})

    assert response.status_code == 422
    assert "text" in response.context["note_form"].errors
    assert world.case.entries.count() == 1


@pytest.mark.parametrize("query", ["end=9999-12-31", "start=0001-01-01", "start=1899-12-31&end=2101-01-01"])
def test_it_answers_implausible_log_dates_with_field_errors(client, world, query):
    client.force_login(world.team_lead)

    response = client.get(f"/access-log/?{query}")

    assert response.status_code == 422
    errors = response.context["form"].errors
    assert errors
    assert all(m.startswith("Geef een datum van 01-01-1900 tot en met 31-12-2100") for e in errors.values() for m in e)
