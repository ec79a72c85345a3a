"""The family member downloads their own data as JSON and as a PDF: the inspection export limited to what this
member may see (no internal notes, no consultations, no 16+ youth's own part for a parent), logged as an export."""

import io
import json
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from samenplan.audit.models import AccessLogRecord, Event
from samenplan.cases.actions import do_add_note
from samenplan.cases.models import MemberRole, Voice
from samenplan.goals import actions as goal_actions
from samenplan.portal import actions as portal_actions
from samenplan.portal.models import FamilyAccount

INTERNAL = "Intern: vader lijkt de afspraken niet serieus te nemen."


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def download_json(client, user) -> dict:
    client.force_login(user)
    response = client.get(reverse("portal:own_data_json"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    return json.loads(response.content)


def words_in(data: dict) -> str:
    return json.dumps(data["records"], ensure_ascii=False)


@pytest.fixture
def filled(world):
    """The world's case with a goal of the family, an own note of the professional and a family note."""
    goal_actions.do_add_goal(world.caseworker, world.case, words="Samen eten zonder <b>ruzie</b>", whose="family")
    do_add_note(world.caseworker, world.case, text=INTERNAL, voice=Voice.PROFESSIONAL)
    mother = world.case.family.members.get(role=MemberRole.PARENT)
    do_add_note(world.caseworker, world.case, text="Moeder: het gaat beter thuis.", voice=Voice.FAMILY, speaker=mother)
    return world


def test_it_gives_the_parent_their_data_as_json_without_internal_notes_or_consultations(client, filled):
    world = filled
    parent = world.persona("parent")
    client.get(reverse("cases:dossier", args=[world.case.pk]))  # nothing: the client is not logged in yet
    data = download_json(client, parent)
    text = words_in(data)
    mother = FamilyAccount.objects.get(user=parent).member
    assert data["member"] == mother.pk and data["family"] == world.case.family_id
    assert "Samen eten zonder <b>ruzie</b>" in text and "Moeder: het gaat beter thuis." in text
    assert INTERNAL not in text
    assert "analysis.Consultation" not in data["records"]  # the world's case has a consultation: left out
    assert "portal.Invitation" not in data["records"] and "token_hash" not in text
    (case,) = data["records"]["cases.Case"]  # its last activity would give the time of the internal note
    assert "opened_on" in case["fields"] and not {"last_activity_at", "phase_changed_at"} & set(case["fields"])
    assert [row["id"] for row in data["records"]["cases.Member"]] == [mother.pk]  # others ask for their own
    record = AccessLogRecord.objects.filter(action="portal.own_data").latest("seq")
    assert (record.user_id, record.event, record.member_id, record.detail) == (
        parent.pk, Event.EXPORT, mother.pk, "format=json",
    )  # fmt: skip


def test_it_gives_a_note_shared_with_the_family_and_keeps_the_others_out(client, filled):
    world = filled
    shared = do_add_note(
        world.caseworker, world.case, text="Fijn gesprek; ik bel volgende week.", voice=Voice.PROFESSIONAL, shared=True
    )
    text = words_in(download_json(client, world.persona("parent")))
    assert shared.text in text
    assert INTERNAL not in text


def test_it_lists_who_looked_at_the_file_in_plain_words(client, filled):
    world = filled
    client.force_login(world.caseworker)
    assert client.get(reverse("cases:dossier", args=[world.case.pk])).status_code == 200
    data = download_json(client, world.persona("parent"))
    assert data["looked_at_the_file"], "the caseworker's view of the dossier is listed"
    row = data["looked_at_the_file"][0]
    assert set(row) == {"at", "organisation", "role", "name", "what"}
    assert "caseworker" not in json.dumps(data["looked_at_the_file"])  # no user names


@pytest.mark.guideline("G2.4")
def test_it_leaves_a_16_year_olds_own_part_out_for_the_parent_until_the_youth_agrees(client, filled):
    world = filled
    child = world.case.family.members.get(role=MemberRole.CHILD)
    child.date_of_birth = date(2010, 1, 5)  # 16 now
    child.save()
    youth = world.persona("youth")
    own = goal_actions.do_add_goal(
        world.caseworker, world.case, words="Zelf naar school fietsen", whose="member", member=child
    )
    goal_actions.do_add_score(
        youth, own, score=4, scored_on=timezone.localdate(), member=child, one_point_higher="Elke dag"
    )
    parent = world.persona("parent")

    text = words_in(download_json(client, parent))
    assert "Zelf naar school fietsen" not in text and "Elke dag" not in text
    assert "Samen eten zonder" in text  # the shared part stays

    client.force_login(parent)
    pdf = client.get(reverse("portal:own_data_pdf"))
    assert pdf.status_code == 200 and "Zelf naar school fietsen" not in pdf_text(pdf.content)

    assert "Zelf naar school fietsen" in words_in(download_json(client, youth))  # the youth's own data has it

    portal_actions.do_share_own_part(youth, child, shares=True)
    assert "Zelf naar school fietsen" in words_in(download_json(client, parent))


def test_it_gives_the_data_as_a_pdf_with_the_text_escaped_and_logs_the_export(client, filled):
    world = filled
    parent = world.persona("parent")
    client.force_login(parent)
    page = client.get(reverse("portal:own_data")).content.decode()
    assert reverse("portal:own_data_pdf") in page and reverse("portal:own_data_json") in page and "u " in page
    response = client.get(reverse("portal:own_data_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Mijn gegevens in samenplan" in text
    assert "Samen eten zonder <b>ruzie</b>" in text  # the family's words, escaped: shown as typed
    assert INTERNAL not in text
    record = AccessLogRecord.objects.filter(action="portal.own_data").latest("seq")
    assert (record.user_id, record.event, record.detail) == (parent.pk, Event.EXPORT, "format=pdf")


def test_a_professional_and_another_family_get_nothing(client, filled):
    world = filled
    client.force_login(world.caseworker)
    assert client.get(reverse("portal:own_data_json")).status_code == 404
    other = download_json(client, world.persona("other_parent"))
    assert "Samen eten zonder" not in words_in(other) and other["family"] == world.outsider_case.family_id
