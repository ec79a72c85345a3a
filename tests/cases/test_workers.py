"""Handing a case over and bringing in co-workers: there is always exactly one fixed caseworker."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from samenplan.audit.models import AccessLogRecord
from samenplan.cases import actions
from samenplan.cases.models import EntryKind, Phase
from samenplan.errors import StaleVersion


@pytest.mark.guideline("L1")
def test_it_hands_the_case_to_one_new_caseworker_and_records_it(world):
    case = actions.do_change_workers(
        world.team_lead,
        world.case,
        caseworker=world.colleague,
        coworkers=[world.caseworker],
        expected_version=1,
        note="Anna gaat met verlof.",
    )
    assert case.caseworker == world.colleague
    assert list(case.coworkers.all()) == [world.caseworker]
    entry = case.entries.get(kind=EntryKind.CASEWORKER)
    assert entry.text.startswith(f"Vaste hulpverlener is nu {world.colleague} (was {world.caseworker}).")
    assert "Anna gaat met verlof." in entry.text
    record = AccessLogRecord.objects.order_by("-seq").first()
    assert (record.event, record.action, record.user_id) == ("change", "cases.change_workers", world.team_lead.pk)


def test_it_never_lists_the_caseworker_as_their_own_co_worker(world):
    case = actions.do_change_workers(
        world.caseworker,
        world.case,
        caseworker=world.caseworker,
        coworkers=[world.caseworker, world.colleague],
        expected_version=1,
    )
    assert list(case.coworkers.all()) == [world.colleague]


def test_it_says_when_nothing_changed(world):
    with pytest.raises(ValidationError) as err:
        actions.do_change_workers(
            world.caseworker, world.case, caseworker=world.caseworker, coworkers=[world.coworker], expected_version=1
        )
    assert err.value.code == "unchanged"


@pytest.mark.parametrize("persona", ["colleague", "scientist", "administrator", "south_worker", "outsider"])
def test_it_refuses_anyone_but_the_workers_and_the_team_lead(world, persona):
    with pytest.raises(PermissionDenied):
        actions.do_change_workers(world.persona(persona), world.case, caseworker=world.colleague, expected_version=1)


def test_it_refuses_a_caseworker_outside_the_case_s_team(world):
    with pytest.raises(ValidationError) as err:
        actions.do_change_workers(world.caseworker, world.case, caseworker=world.south_worker, expected_version=1)
    assert "caseworker" in err.value.message_dict


def test_it_refuses_a_stale_form(world):
    actions.do_change_workers(world.caseworker, world.case, caseworker=world.colleague, expected_version=1)
    with pytest.raises(StaleVersion):
        actions.do_change_workers(world.team_lead, world.case, caseworker=world.coworker, expected_version=1)


def test_it_keeps_a_closed_case_as_it_was(world):
    closed = actions.do_move_phase(
        world.caseworker, world.case, target=Phase.CLOSED, expected_version=1, note="Afgerond."
    )
    with pytest.raises(PermissionDenied):
        actions.do_change_workers(world.team_lead, closed, caseworker=world.colleague, expected_version=2)


def test_it_hands_over_through_the_web_form(client, world):
    client.force_login(world.team_lead)
    url = reverse("cases:change_workers", args=[world.case.pk])
    page = client.get(url)
    assert page.context["form"].initial["caseworker"] == world.caseworker
    response = client.post(url, {"caseworker": world.colleague.pk, "coworkers": [world.coworker.pk], "version": 1})
    assert response.status_code == 302
    world.case.refresh_from_db()
    assert world.case.caseworker == world.colleague


def test_it_shows_field_errors_on_the_web_form(client, world):
    client.force_login(world.caseworker)
    url = reverse("cases:change_workers", args=[world.case.pk])
    response = client.post(url, {"caseworker": world.outsider.pk, "version": 1})
    assert response.status_code == 422
    assert "caseworker" in response.context["form"].errors


def test_it_hands_over_through_the_api(client, world):
    client.force_login(world.coworker)
    response = client.post(
        reverse("api-case-workers", args=[world.case.pk]),
        {"caseworker": world.coworker.pk, "coworkers": [world.caseworker.pk], "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["caseworker"]["id"] == world.coworker.pk
    stale = client.post(
        reverse("api-case-workers", args=[world.case.pk]),
        {"caseworker": world.caseworker.pk, "version": 1},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert stale.json()["errors"][0]["code"] == "stale_version"


def test_it_answers_the_api_with_field_errors(client, world):
    client.force_login(world.caseworker)
    response = client.post(
        reverse("api-case-workers", args=[world.case.pk]),
        {"caseworker": world.outsider.pk, "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} == {"caseworker"}
