"""Internal notes stay internal: the family reads only the notes a professional shared with them (when writing the
note, or afterwards through a logged action), never the rest of the professional's timeline."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from samenplan.audit.models import AccessLogRecord
from samenplan.cases import actions as case_actions
from samenplan.cases.models import DossierEntry, EntryKind, MemberRole, SharedEntry


def note(world, text, **kwargs):
    return case_actions.do_add_note(world.caseworker, world.case, text=text, voice="professional", **kwargs)


def notes_page(client) -> str:
    response = client.get(reverse("portal:notes"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.guideline("G2.4")
def test_a_note_shared_when_written_is_read_by_the_family_an_internal_one_is_not(client, world):
    note(world, "Intern: overleg met de gedragswetenschapper.")
    note(world, "Fijn gesprek. Volgende week <b>bellen</b> we.", shared=True)
    record = AccessLogRecord.objects.filter(action="cases.share_entry").latest("seq")
    assert (record.user_id, record.case_id, record.event) == (world.caseworker.pk, world.case.pk, "change")
    for persona in ("parent", "youth"):
        client.force_login(world.persona(persona))
        text = notes_page(client)
        assert "Volgende week &lt;b&gt;bellen&lt;/b&gt; we." in text
        assert "Intern" not in text
        assert "Geregistreerd" not in text and "registration" not in text  # nothing else of the timeline
        assert AccessLogRecord.objects.filter(action="portal.notes", user_id=world.persona(persona).pk).exists()


def test_the_caseworker_shares_a_note_afterwards_and_takes_it_back_each_step_logged(client, world):
    entry = note(world, "Samen afgesproken: oma haalt Mees op.")
    parent = world.persona("parent")
    client.force_login(world.caseworker)
    dossier = client.get(reverse("cases:dossier", args=[world.case.pk])).content.decode()
    assert reverse("cases:share_entry", args=[entry.pk]) in dossier and "Delen met het gezin" in dossier
    response = client.post(reverse("cases:share_entry", args=[entry.pk]), {"shared": "on"})
    assert response.status_code == 302 and response["Location"].endswith(f"#entry-{entry.pk}")
    shared = SharedEntry.objects.get(entry=entry)
    assert (shared.shared_by, shared.case) == (world.caseworker, world.case)
    dossier = client.get(reverse("cases:dossier", args=[world.case.pk])).content.decode()
    assert "Gedeeld met het gezin" in dossier and "Niet meer delen met het gezin" in dossier
    client.force_login(parent)
    assert "oma haalt Mees op" in notes_page(client)

    client.force_login(world.caseworker)
    assert client.post(reverse("cases:share_entry", args=[entry.pk]), {}).status_code == 302
    assert not SharedEntry.objects.exists()
    details = list(
        AccessLogRecord.objects.filter(action="cases.share_entry").order_by("seq").values_list("detail", flat=True)
    )
    assert details == [f"entry={entry.pk} shared", f"entry={entry.pk} unshared"]
    entry.refresh_from_db()
    assert entry.text == "Samen afgesproken: oma haalt Mees op."  # the dossier entry itself is unchanged
    client.force_login(parent)
    assert "oma haalt Mees op" not in notes_page(client)


def test_only_notes_can_be_shared_and_only_by_the_cases_editors(client, world):
    registration = DossierEntry.objects.filter(case=world.case).exclude(kind=EntryKind.NOTE).first()
    client.force_login(world.caseworker)
    response = client.post(reverse("cases:share_entry", args=[registration.pk]), {"shared": "on"})
    assert response.status_code == 422 and "Alleen notities" in response.content.decode()
    assert client.post(reverse("cases:share_entry", args=[registration.pk]), {"shared": "ja"}).status_code == 422
    entry = note(world, "Intern.")
    client.force_login(world.colleague)  # sees the case, may not change it
    assert client.post(reverse("cases:share_entry", args=[entry.pk]), {"shared": "on"}).status_code == 403
    client.force_login(world.outsider)
    assert client.post(reverse("cases:share_entry", args=[entry.pk]), {"shared": "on"}).status_code == 404
    client.force_login(world.persona("parent"))
    assert client.post(reverse("cases:share_entry", args=[entry.pk]), {"shared": "on"}).status_code == 404
    assert not SharedEntry.objects.exists()


def test_another_family_does_not_read_a_shared_note(client, world):
    note(world, "Alleen voor de familie Jansen.", shared=True)
    for persona in ("other_parent", "other_youth"):
        client.force_login(world.persona(persona))
        assert "familie Jansen" not in notes_page(client)


def test_a_shared_note_in_a_16_year_olds_own_words_stays_theirs_until_they_agree(client, world):
    child = world.case.family.members.get(role=MemberRole.CHILD)
    child.date_of_birth = date(timezone.localdate().year - 17, 2, 1)
    child.save(update_fields=["date_of_birth"])
    case_actions.do_add_note(world.caseworker, world.case, text="Ik wil op kamers.", voice="family", speaker=child,
                             shared=True)  # fmt: skip
    youth = world.persona("youth")
    client.force_login(world.persona("parent"))
    assert "Ik wil op kamers." not in notes_page(client)
    client.force_login(youth)
    assert "Ik wil op kamers." in notes_page(client)
    client.post(reverse("portal:share_own_part"), {"shares": "on"})
    client.force_login(world.persona("parent"))
    assert "Ik wil op kamers." in notes_page(client)
