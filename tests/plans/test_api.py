"""The family plan through /api/v1/: versions with based_on_version, 409 with the current version when stale,
the family's agreement, the difference between versions; bad input gives structured Dutch errors."""

from __future__ import annotations

import pytest

from samenplan.plans import services
from samenplan.plans.models import PlanVersion
from tests.api.conftest import error_fields, last_log

CONTENT = {
    "own": {"text": "We eten elke avond samen.", "voice": "family"},
    "network": {"text": "Oma Ria haalt Mees op woensdag op.", "voice": "family"},
    "safety": {"needed": True, "when_unsafe": "Mees gaat naar de buren.", "day_contacts": "Karin 06-11112222",
               "night_contacts": "Oma Ria 06-12345678"},
    "evaluation": {"next_on": "2027-03-01", "how": "Een gesprek thuis.", "with_whom": "Sanne en Mees"},
    "aftercare": {"text": "Bellen na drie maanden."},
}  # fmt: skip


@pytest.mark.guideline("G5.5")
def test_it_drives_the_plan_end_to_end(api, world):
    client = api("caseworker")
    base = f"/api/v1/cases/{world.case.pk}/plan"
    assert client.get(f"{base}/").json()["newest_version"] == 0
    response = client.post(f"{base}/versions/", {"based_on_version": 0, "content": CONTENT}, format="json")
    assert response.status_code == 201, response.json()
    first = response.json()
    assert first["number"] == 1 and first["content"]["safety"]["needed"] is True
    assert first["content"]["evaluation"]["next_on"] == "2027-03-01"
    assert first["content"]["aftercare"]["voice"] == "professional"
    assert last_log("plans.new_version").channel == "api"

    changed = {**CONTENT, "own": {"text": "We eten elke zondag samen.", "voice": "family"}}
    response = client.post(f"{base}/versions/", {"based_on_version": 1, "content": changed, "reason": "Zondag."},
                           format="json")  # fmt: skip
    assert response.status_code == 201 and response.json()["number"] == 2

    diff = client.get(f"{base}/diff/", {"from": 1, "to": 2}).json()
    own = next(s for s in diff["sections"] if s["section"] == "own")
    pieces = [(p["kind"], p["text"]) for p in own["lines"][0]["pieces"]]
    assert ("removed", "avond") in pieces and ("added", "zondag") in pieces
    assert [v["number"] for v in client.get(f"{base}/versions/").json()] == [2, 1]
    assert client.get(f"{base}/versions/1/").json()["content"]["own"]["text"] == "We eten elke avond samen."
    assert client.get(f"{base}/versions/7/").status_code == 404

    parent, child = services.participants(world.case)
    for member in (parent, child):
        response = client.post(f"{base}/versions/2/agreements/", {"member": member.pk, "agreement": "yes"},
                               format="json")  # fmt: skip
        assert response.status_code == 201, response.json()
    assert client.get(f"{base}/").json()["current"]["agreed_by_family"] is True


def test_a_stale_version_gets_409_with_the_current_version_and_nothing_is_overwritten(api, world):
    client = api("caseworker")
    base = f"/api/v1/cases/{world.case.pk}/plan"
    client.post(f"{base}/versions/", {"based_on_version": 0, "content": CONTENT}, format="json")
    other = {**CONTENT, "aftercare": {"text": "Van de collega."}}
    api("coworker").post(f"{base}/versions/", {"based_on_version": 1, "content": other}, format="json")
    response = client.post(f"{base}/versions/", {"based_on_version": 1, "content": CONTENT}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert error_fields(response) == {"based_on_version": "stale_version"}
    assert body["current_version"]["number"] == 2
    assert body["current_version"]["content"]["aftercare"]["text"] == "Van de collega."
    assert PlanVersion.objects.count() == 2


def test_bad_input_gives_structured_errors_and_saves_nothing(api, world):
    client = api("caseworker")
    url = f"/api/v1/cases/{world.case.pk}/plan/versions/"
    bad = {**CONTENT, "safety": {"needed": True, "when_unsafe": "", "day_contacts": "x", "night_contacts": "y"}}
    response = client.post(url, {"based_on_version": 0, "content": bad}, format="json")
    assert response.status_code == 400 and error_fields(response) == {"content.safety.when_unsafe": "safety_what"}
    response = client.post(url, {"based_on_version": -1, "content": {"own": {"voice": "buurman"}}}, format="json")
    assert set(error_fields(response)) == {"based_on_version", "content.own.voice"}
    response = client.post(url, {"based_on_version": 0, "content": {"safety": {"needed": "ja"}}}, format="json")
    assert error_fields(response) == {"content.safety.needed": "invalid"}
    assert not PlanVersion.objects.exists()
    client.post(url, {"based_on_version": 0, "content": CONTENT}, format="json")
    response = client.post(f"/api/v1/cases/{world.case.pk}/plan/versions/1/agreements/",
                           {"member": world.outsider_case.family.members.first().pk, "agreement": "ja"},
                           format="json")  # fmt: skip
    assert set(error_fields(response)) == {"member", "agreement"}
