"""A team's intake and review table (DOMAIN §8): configured by the administrator, a case on the agenda, the outcome
in the dossier."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import EntryKind
from samenplan.tables import actions
from samenplan.tables.models import AgendaItem, TeamTable


def intake_table(world, members=()):
    return actions.do_configure_table(
        world.administrator, world.north, kind="intake", members=list(members), frequency="Elke dinsdag om 10 uur"
    )


def test_the_administrator_sets_up_a_teams_tables(client, world):
    client.force_login(world.administrator)
    url = reverse("tables:configure", args=[world.north.pk])
    data = {"kind": "review", "review-frequency": "Eens per maand", "review-members": [world.scientist.pk],
            "review-version": 0}  # fmt: skip
    assert client.post(url, data).status_code == 302
    table = TeamTable.objects.get(team=world.north, kind="review")
    assert table.frequency == "Eens per maand" and list(table.members.all()) == [world.scientist]
    record = AccessLogRecord.objects.order_by("-seq").first()
    assert record.action == "tables.configure" and "'Eens per maand'" in record.detail
    stale = client.post(url, {**data, "review-frequency": "Elke week"})
    assert stale.status_code == 422 and "Iemand anders heeft dit intussen gewijzigd" in stale.content.decode()
    empty = client.post(url, {**data, "review-frequency": " ", "review-version": 1})
    assert empty.status_code == 422 and "Dit veld is vereist." in empty.content.decode()


def test_only_people_of_the_organisation_take_part(world):
    with pytest.raises(ValidationError) as refused:
        actions.do_configure_table(world.administrator, world.north, kind="intake", members=[world.outsider],
                                   frequency="Wekelijks")  # fmt: skip
    assert refused.value.message_dict == {"members": ["Kies mensen van je eigen organisatie."]}
    with pytest.raises(PermissionDenied):
        actions.do_configure_table(world.team_lead, world.north, kind="intake", members=[], frequency="Wekelijks")


def test_a_worker_puts_a_case_on_the_agenda_and_the_table_records_the_outcome_in_the_dossier(client, world):
    table = intake_table(world, members=[world.scientist])
    client.force_login(world.caseworker)
    url = reverse("tables:put_on_agenda", args=[world.case.pk])
    response = client.post(url, {"kind": "intake", "question": "Past lichte hulp, of is meer nodig?"})
    assert response.status_code == 302
    item = AgendaItem.objects.get(case=world.case)
    entry = world.case.entries.filter(kind=EntryKind.TABLE).first()
    assert entry.text == "Op de agenda van de aanmeldtafel: Past lichte hulp, of is meer nodig?"
    again = client.post(url, {"kind": "intake", "question": "Nog een keer"})
    assert again.status_code == 422 and "staat al op de agenda" in again.content.decode()
    no_table = client.post(url, {"kind": "review", "question": "Evalueren"})
    assert no_table.status_code == 422 and "tafel niet. Je beheerder kan hem instellen." in no_table.content.decode()

    client.force_login(world.scientist)  # a member of the table
    agenda = client.get(reverse("tables:agenda", args=[table.pk]))
    assert agenda.status_code == 200 and "Jansen" in agenda.content.decode()
    outcome_url = reverse("tables:record_outcome", args=[item.pk])
    assert client.post(outcome_url, {"outcome": " ", "version": item.version}).status_code == 422
    done = client.post(outcome_url, {"outcome": "Lichte hulp; over zes weken terug op tafel.", "version": item.version})
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.decided_by == world.scientist and item.decided_at is not None
    entry = world.case.entries.filter(kind=EntryKind.TABLE).order_by("-at", "-pk").first()
    assert entry.text == "Uitkomst van de aanmeldtafel: Lichte hulp; over zes weken terug op tafel."
    record = AccessLogRecord.objects.order_by("-seq").first()
    assert (record.action, record.case_id) == ("tables.record_outcome", world.case.pk)
    twice = client.post(outcome_url, {"outcome": "Toch anders.", "version": item.version})
    assert twice.status_code == 422


def test_the_agenda_is_for_the_team_lead_and_the_members_only(client, world):
    table = intake_table(world, members=[world.scientist])
    url = reverse("tables:agenda", args=[table.pk])
    for persona, status in (("team_lead", 200), ("scientist", 200), ("colleague", 404), ("south_lead", 404),
                            ("administrator", 404), ("outsider", 404)):  # fmt: skip
        client.force_login(world.persona(persona))
        assert client.get(url).status_code == status, persona


def test_the_team_leads_overview_lists_the_cases_on_the_agenda(client, world):
    intake_table(world)
    actions.do_put_on_agenda(world.team_lead, world.case, kind="intake", question="Nieuwe aanmelding bespreken.")
    client.force_login(world.team_lead)
    html = client.get(reverse("administration:team_overview", args=[world.north.pk])).content.decode()
    assert 'id="table-agenda"' in html and "Jansen" in html.split('id="table-agenda"')[1]
