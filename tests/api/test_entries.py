"""GET/POST /api/v1/cases/{id}/entries/: the dossier timeline and adding a note to it."""

from __future__ import annotations

import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient

from samenplan.audit.models import Event
from samenplan.cases import actions
from samenplan.cases.models import EntryKind, MemberRole, Phase, Voice
from tests.api.conftest import error_fields, last_log


def url(case) -> str:
    return f"/api/v1/cases/{case.pk}/entries/"


def parent(case):
    return case.family.members.get(role=MemberRole.PARENT)


def test_it_shows_the_timeline_newest_first(world, api):
    actions.do_add_note(world.coworker, world.case, text="Huisbezoek gedaan.", voice=Voice.PROFESSIONAL)

    response = api("colleague").get(url(world.case))

    assert response.status_code == 200
    kinds = [(e["kind"], e["author"]["id"]) for e in response.json()["results"]]
    assert kinds == [(EntryKind.NOTE, world.coworker.pk), (EntryKind.REGISTRATION, world.caseworker.pk)]


def test_it_pages_the_timeline(world, api):
    for i in range(3):
        actions.do_add_note(world.caseworker, world.case, text=f"Notitie {i}", voice=Voice.PROFESSIONAL)

    body = api("caseworker").get(url(world.case), {"page_size": 2}).json()

    assert body["count"] == 4
    assert [e["text"] for e in body["results"]] == ["Notitie 2", "Notitie 1"]
    assert body["next"].endswith("page=2&page_size=2")


def test_it_logs_reading_the_timeline(world, api):
    api("caseworker").get(url(world.case))

    record = last_log("api.cases.entries")
    assert (record.event, record.channel, record.case_id) == (Event.READ, "api", world.case.pk)


def test_it_reads_a_long_timeline_in_a_fixed_number_of_queries(world, api, django_assert_max_num_queries):
    speakers = list(world.case.family.members.all())
    for i in range(12):
        author = world.caseworker if i % 2 else world.coworker
        actions.do_add_note(author, world.case, text=f"Gezegd {i}", voice=Voice.FAMILY, speaker=speakers[i % 2])
    client = api("caseworker")

    with django_assert_max_num_queries(11):
        response = client.get(url(world.case))

    assert response.json()["count"] == 13


@pytest.mark.parametrize("persona", ["outsider", "administrator", "scientist", "south_worker"])
def test_it_hides_the_timeline_from_who_may_not_see_the_case(world, api, persona):
    assert api(persona).get(url(world.case)).status_code == 404
    note = {"text": "Hallo", "voice": "professional"}
    assert api(persona).post(url(world.case), note, format="json").status_code == 404


@pytest.mark.guideline("G3.5")
def test_it_records_the_familys_own_words_with_who_said_them(world, api):
    sanne = parent(world.case)
    client = api("caseworker")

    response = client.post(
        url(world.case),
        {
            "text": "Ik wil dat we weer samen kunnen eten zonder ruzie.",
            "voice": "family",
            "speaker": sanne.pk,
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["speaker"] == {"id": sanne.pk, "name": "Sanne Jansen"}
    newest = client.get(url(world.case)).json()["results"][0]
    assert (newest["kind"], newest["voice"], newest["speaker"]["id"]) == ("note", "family", sanne.pk)
    assert newest["text"] == "Ik wil dat we weer samen kunnen eten zonder ruzie."
    assert last_log("cases.add_note").channel == "api"


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"voice": "family"}, "text", "required"),
        ({"text": "   ", "voice": "family"}, "text", "blank"),
        ({"text": "Hallo", "voice": "buurman"}, "voice", "invalid_choice"),
        ({"text": "Hallo", "voice": "family", "speaker": 999_999}, "speaker", "does_not_exist"),
        ({"text": "Hallo", "voice": "family", "speaker": 2**70}, "speaker", "does_not_exist"),
        ({"text": "Hallo", "voice": "family", "speaker": "Sanne"}, "speaker", "incorrect_type"),
        ({"text": "Hallo", "voice": "professional", "speaker": "sanne"}, "speaker", "invalid_choice"),
        ({"text": "Hallo", "voice": "family", "speaker": "outsider_member"}, "speaker", "does_not_exist"),
    ],
)
def test_it_refuses_a_bad_note(world, api, data, field, code):
    if data.get("speaker") == "sanne":
        data["speaker"] = parent(world.case).pk
    if data.get("speaker") == "outsider_member":
        data["speaker"] = parent(world.outsider_case).pk

    response = api("caseworker").post(url(world.case), data, format="json")

    assert response.status_code == 400
    assert error_fields(response) == {field: code}
    assert world.case.entries.count() == 1


def test_it_refuses_a_note_from_a_colleague(world, api):
    response = api("colleague").post(url(world.case), {"text": "Hallo", "voice": "professional"}, format="json")

    assert response.status_code == 403
    assert error_fields(response) == {None: "permission_denied"}


def test_it_refuses_a_note_on_a_closed_case(world, api):
    actions.do_move_phase(world.caseworker, world.case, target=Phase.CLOSED, expected_version=1, note="Afgerond.")

    response = api("caseworker").post(url(world.case), {"text": "Hallo", "voice": "professional"}, format="json")

    assert response.status_code == 403


def test_it_adds_a_note_with_a_token(world):
    _, token = AuthToken.objects.create(world.coworker)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    response = client.post(url(world.case), {"text": "Gebeld met school.", "voice": "professional"}, format="json")

    assert response.status_code == 201
    assert response.json()["author"]["id"] == world.coworker.pk
