"""A warm handover to another team: asked with a reason, moved only when the receiving team lead accepts, the
history kept."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import Case, EntryKind
from samenplan.handover import actions
from samenplan.handover.models import Handover

REASON = "Het gezin verhuist naar Zuid; daar loopt de hulp van school al."


def test_a_worker_asks_and_the_receiving_lead_accepts_with_a_caseworker_of_their_team(client, world):
    client.force_login(world.caseworker)
    url = reverse("handover:request", args=[world.case.pk])
    assert client.post(url, {"to_team": world.south.pk, "reason": REASON}).status_code == 302
    handover = Handover.objects.get(case=world.case)
    assert Case.objects.get(pk=world.case.pk).team == world.north  # nothing moves before the acceptance
    again = client.post(url, {"to_team": world.south.pk, "reason": REASON})
    assert again.status_code == 422 and "Er wacht al een overdracht van deze casus." in again.content.decode()

    client.force_login(world.south_lead)
    page = client.get(reverse("handover:received"))
    assert page.status_code == 200 and "Jansen" in page.content.decode() and REASON in page.content.decode()
    decide = reverse("handover:decide", args=[handover.pk])
    wrong = client.post(decide, {"decision": "accept", "caseworker": world.colleague.pk, "version": handover.version})
    assert wrong.status_code == 422
    done = client.post(decide, {"decision": "accept", "caseworker": world.south_worker.pk, "version": handover.version})
    assert done.status_code == 302
    case = Case.objects.get(pk=world.case.pk)
    assert (case.team, case.caseworker) == (world.south, world.south_worker)
    assert list(case.coworkers.all()) == []
    texts = list(case.entries.filter(kind=EntryKind.CASEWORKER).order_by("at", "pk").values_list("text", flat=True))
    assert texts[-2].startswith("Warme overdracht naar Wijkteam Zuid gevraagd")
    assert texts[-1].startswith("Warme overdracht aangenomen: de casus gaat van Wijkteam Noord naar Wijkteam Zuid")
    assert case.entries.filter(kind=EntryKind.REGISTRATION).exists()  # the history came along
    record = AccessLogRecord.objects.order_by("-seq").first()
    assert (record.action, record.case_id, record.username) == ("handover.decide", case.pk, "south_lead")


def test_the_receiving_lead_may_decline_with_a_reason(world):
    handover = actions.do_request_handover(world.team_lead, world.case, to_team=world.south, reason=REASON)
    with pytest.raises(ValidationError) as refused:
        actions.do_decide_handover(world.south_lead, handover, accept=False, caseworker=None, note="",
                                   expected_version=handover.version)  # fmt: skip
    assert refused.value.message_dict == {"note": ["Zeg waarom je team de casus niet overneemt."]}
    actions.do_decide_handover(world.south_lead, handover, accept=False, caseworker=None,
                               note="Wij hebben nu geen plek.", expected_version=handover.version)  # fmt: skip
    assert Case.objects.get(pk=world.case.pk).team == world.north


def test_only_the_receiving_teams_lead_decides(client, world):
    handover = actions.do_request_handover(world.caseworker, world.case, to_team=world.south, reason=REASON)
    with pytest.raises(PermissionDenied):
        actions.do_decide_handover(world.team_lead, handover, accept=True, caseworker=world.caseworker, note="",
                                   expected_version=handover.version)  # fmt: skip
    for persona in ("team_lead", "south_worker", "outsider"):
        client.force_login(world.persona(persona))
        response = client.post(reverse("handover:decide", args=[handover.pk]), {"decision": "accept"})
        assert response.status_code == 404


def test_it_refuses_the_own_team_another_organisation_and_no_reason(world):
    with pytest.raises(ValidationError) as refused:
        actions.do_request_handover(world.caseworker, world.case, to_team=world.hill, reason="")
    assert set(refused.value.message_dict) == {"to_team", "reason"}
    with pytest.raises(ValidationError):
        actions.do_request_handover(world.caseworker, world.case, to_team=world.north, reason=REASON)
    with pytest.raises(PermissionDenied):
        actions.do_request_handover(world.colleague, world.case, to_team=world.south, reason=REASON)


def test_a_team_that_handed_a_case_over_is_archived_not_removed(client, world):
    from samenplan.accounts.models import Membership, Role, Team

    Membership.objects.create(user=world.administrator, team=world.south, role=Role.ADMINISTRATOR)  # not the last one
    handover = actions.do_request_handover(world.caseworker, world.case, to_team=world.south, reason=REASON)
    actions.do_decide_handover(world.south_lead, handover, accept=True, caseworker=world.south_worker, note="",
                               expected_version=handover.version)  # fmt: skip
    assert not world.north.cases.exists()
    client.force_login(world.administrator)
    response = client.post(reverse("administration:delete_team", args=[world.north.pk]), follow=True)
    assert response.status_code == 200
    assert "waren ooit bij dit team, dus het kan niet weg" in response.content.decode()
    assert Team.objects.filter(pk=world.north.pk).exists()
