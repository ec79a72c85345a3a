"""Every response that shows client data writes a read record, whatever path produced it.

A form that comes back with errors shows the dossier, the member list or the case again: those re-renders are
reads too. Each test posts invalid input, gets the page back (422) with client data on it, and finds the read
record naming what the page showed.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import MemberRole


def new_records(before: int) -> list[AccessLogRecord]:
    return list(AccessLogRecord.objects.filter(seq__gt=before).order_by("seq"))


def last_seq() -> int:
    return AccessLogRecord.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def the_read(before: int, user) -> AccessLogRecord:
    records = new_records(before)
    assert [r.event for r in records] == ["read"], [(r.event, r.action) for r in records]
    assert (records[0].user_id, records[0].channel) == (user.pk, "web")
    return records[0]


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_it_logs_the_dossier_shown_again_after_an_empty_note(client, world, htmx):
    client.force_login(world.caseworker)
    before = last_seq()
    headers = {"HX-Request": "true"} if htmx else {}
    url = reverse("cases:add_note", args=[world.case.pk])
    response = client.post(url, {"text": "", "voice": "family"}, headers=headers)
    assert response.status_code == 422
    assert b"Sanne" in response.content  # the note form offers the members as speakers
    record = the_read(before, world.caseworker)
    assert (record.action, record.case_id, record.family_id) == ("cases.add_note", world.case.pk, world.case.family_id)
    assert record.detail == "form with errors"


def test_it_logs_the_timeline_shown_after_a_note_added_through_htmx(client, world):
    client.force_login(world.caseworker)
    before = last_seq()
    response = client.post(
        reverse("cases:add_note", args=[world.case.pk]),
        {"text": "Vader belde.", "voice": "professional"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    events = [(r.event, r.case_id) for r in new_records(before)]
    assert events == [("create", world.case.pk), ("read", world.case.pk)]


def test_it_logs_the_dossier_shown_again_after_a_refused_phase(client, world):
    client.force_login(world.caseworker)
    before = last_seq()
    response = client.post(reverse("cases:move_phase", args=[world.case.pk]), {"phase": "help", "version": 1})
    assert response.status_code == 422
    assert b"Jansen" in response.content
    record = the_read(before, world.caseworker)
    assert (record.action, record.case_id) == ("cases.move_phase", world.case.pk)


def test_it_logs_the_workers_form_shown_again_with_errors(client, world):
    client.force_login(world.team_lead)
    before = last_seq()
    response = client.post(reverse("cases:change_workers", args=[world.case.pk]), {"caseworker": "", "version": 1})
    assert response.status_code == 422
    assert b"Jansen" in response.content
    record = the_read(before, world.team_lead)
    assert (record.action, record.case_id, record.family_id) == (
        "cases.change_workers",
        world.case.pk,
        world.case.family_id,
    )


def test_it_logs_the_member_list_shown_again_when_adding_a_member_fails(client, world):
    client.force_login(world.caseworker)
    before = last_seq()
    response = client.post(
        reverse("cases:add_member", args=[world.case.family_id]),
        {"given_name": "Kees", "role": "child", "has_custody": "true"},
    )
    assert response.status_code == 422
    assert b"Sanne" in response.content  # the family's members are listed beside the form
    record = the_read(before, world.caseworker)
    assert (record.action, record.family_id, record.case_id) == ("cases.add_member", world.case.family_id, None)


def test_it_logs_the_member_shown_again_when_an_edit_fails(client, world):
    child = world.case.family.members.get(role=MemberRole.CHILD)
    client.force_login(world.caseworker)
    before = last_seq()
    response = client.post(
        reverse("cases:edit_member", args=[child.pk]),
        {"given_name": "", "role": "child", "lives_at_home": "true", "version": child.version},
    )
    assert response.status_code == 422
    assert b"Jansen" in response.content
    record = the_read(before, world.caseworker)
    assert (record.action, record.member_id, record.family_id) == ("cases.edit_member", child.pk, child.family_id)


def test_it_writes_no_read_record_for_a_registration_form_with_errors(client, world):
    """The registration form shows only what the user typed: nothing of a client to log."""
    client.force_login(world.caseworker)
    before = last_seq()
    response = client.post(reverse("cases:register"), {"family_name": ""})
    assert response.status_code == 422
    assert new_records(before) == []
