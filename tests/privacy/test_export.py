"""Export of everything about a member (request for inspection, AVG art. 15): every record about the member and
their family's cases through the foreign-key graph, who accessed the file, nothing of another family; logged."""

from __future__ import annotations

import json
from datetime import date

from django.urls import reverse

from samenplan.audit.models import AccessLogRecord
from samenplan.cases import actions as case_actions
from samenplan.cases.models import Case, Voice
from samenplan.privacy.actions import do_record_destruction_request
from tests.factories import case_with_registration


def _rich_world(world):
    family = world.case.family
    parent, child = family.members.order_by("pk")
    case_actions.do_add_note(world.caseworker, world.case, text="Sanne vertelt.", voice=Voice.FAMILY, speaker=parent)
    older = case_with_registration(
        family=family, team=world.north, caseworker=world.caseworker, registered_by="family",
        reason="Eerder traject", opened_on=date(2019, 1, 1), closed_on=date(2020, 6, 1), phase="closed",
    )  # fmt: skip
    request = do_record_destruction_request(
        world.caseworker, family, scope="case", case=older, requested_by=parent, requested_on=date(2026, 1, 5)
    )
    case_actions.do_add_note(world.outsider, world.outsider_case, text="Bakker vertelt.", voice=Voice.FAMILY)
    return parent, child, older, request


def test_it_exports_every_record_about_the_member_and_nothing_of_another_family(client, world):
    parent, _child, older, request = _rich_world(world)
    client.force_login(world.caseworker)
    response = client.get(reverse("privacy:export_member", args=[parent.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="samenplan-member-{parent.pk}.json"'
    data = json.loads(response.content)
    records = {label: {row["id"] for row in rows} for label, rows in data["records"].items()}
    assert records["cases.Family"] == {world.case.family_id}
    assert records["cases.Member"] == {parent.pk}  # the other members are other people
    assert records["cases.Case"] == {world.case.pk, older.pk}
    assert (
        records["cases.DossierEntry"] == set(world.case.entries.values_list("pk", flat=True))
        and len(records["cases.DossierEntry"]) >= 2
    )
    assert records["cases.Case_coworkers"] == set(
        Case.coworkers.through.objects.filter(case=world.case).values_list("pk", flat=True)
    )
    assert records["privacy.DestructionRequest"] == {request.pk}
    body = response.content.decode()
    assert "Bakker" not in body and "Sanne vertelt." in body
    other_case_ids = {world.outsider_case.pk}
    assert not any(row["fields"].get("case") in other_case_ids for rows in data["records"].values() for row in rows)
    expected = AccessLogRecord.objects.filter(family_id=world.case.family_id).exclude(event="refused")
    assert len(data["accessed_by"]) == expected.count() - 1  # all but the export's own record, written after
    assert {row["username"] for row in data["accessed_by"]} == {"caseworker"}
    record = AccessLogRecord.objects.order_by("-seq").first()
    assert (record.event, record.action, record.member_id, record.family_id) == (
        "export", "privacy.export_member", parent.pk, world.case.family_id,
    )  # fmt: skip


def test_it_exports_through_the_api_too(client, world):
    parent, _child, _older, _request = _rich_world(world)
    client.force_login(world.team_lead)
    response = client.get(reverse("api-member-export", args=[parent.pk]))
    assert response.status_code == 200
    data = response.json()
    assert data["member"] == parent.pk and "cases.DossierEntry" in data["records"]
    assert AccessLogRecord.objects.order_by("-seq").first().channel == "api"


def test_it_refuses_the_export_to_a_colleague_and_an_outsider(client, world):
    member = world.case.family.members.first()
    client.force_login(world.colleague)
    assert client.get(reverse("privacy:export_member", args=[member.pk])).status_code == 403
    client.force_login(world.outsider)
    response = client.get(reverse("api-member-export", args=[member.pk]))
    assert response.status_code == 404 and response.json()["errors"]
