"""The tables and the warm handover through the API: the same actions, structured Dutch errors."""

from __future__ import annotations

from django.urls import reverse

from samenplan.cases.models import Case
from samenplan.tables.actions import do_configure_table
from tests.api.conftest import error_fields, last_log


def test_a_case_goes_on_the_agenda_and_the_table_records_the_outcome(api, world):
    do_configure_table(
        world.administrator, world.north, kind="intake", members=[world.scientist], frequency="Wekelijks"
    )
    url = reverse("api-case-agenda", args=[world.case.pk])
    made = api("caseworker").post(url, {"kind": "intake", "question": "Welke route?"}, format="json")
    assert made.status_code == 201 and made.json()["kind"] == "intake"
    missing = api("caseworker").post(url, {"kind": "review", "question": "Evalueren"}, format="json")
    assert missing.status_code == 400 and error_fields(missing) == {"kind": "no_table"}
    assert api("colleague").post(url, {"kind": "intake", "question": "Ik ook"}, format="json").status_code == 403
    item = made.json()
    outcome = reverse("api-agenda-item-outcome", args=[item["id"]])
    done = api("scientist").post(outcome, {"outcome": "Lichte hulp.", "version": item["version"]}, format="json")
    assert done.status_code == 200 and done.json()["outcome"] == "Lichte hulp."
    stale = api("team_lead").post(outcome, {"outcome": "Anders.", "version": item["version"]}, format="json")
    assert stale.status_code == 409
    assert last_log("tables.record_outcome").channel == "api"


def test_a_handover_is_asked_and_accepted_through_the_api(api, world):
    asked = api("coworker").post(
        reverse("api-case-handover", args=[world.case.pk]), {"to_team": world.hill.pk, "reason": "Weg."}, format="json"
    )
    assert asked.status_code == 400 and error_fields(asked) == {"to_team": "does_not_exist"}
    asked = api("coworker").post(
        reverse("api-case-handover", args=[world.case.pk]), {"to_team": world.south.pk, "reason": "Verhuisd."},
        format="json",
    )  # fmt: skip
    assert asked.status_code == 201
    handover = asked.json()
    url = reverse("api-handover-decide", args=[handover["id"]])
    assert api("team_lead").post(url, {"accept": True, "version": 1}, format="json").status_code == 404
    no_worker = api("south_lead").post(url, {"accept": True, "version": 1}, format="json")
    assert no_worker.status_code == 400 and error_fields(no_worker) == {"caseworker": "invalid_choice"}
    done = api("south_lead").post(
        url, {"accept": True, "caseworker": world.south_worker.pk, "version": 1}, format="json"
    )
    assert done.status_code == 200 and done.json()["accepted"] is True
    assert Case.objects.get(pk=world.case.pk).team_id == world.south.pk
