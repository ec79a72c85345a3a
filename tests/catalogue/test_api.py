"""The catalogue API: read by the organisation, changed and imported by its administrator, with version checks and
per-row structured errors for a CSV import."""

from __future__ import annotations

import pytest

from samenplan.catalogue.models import HelpOffer
from tests.api.conftest import error_fields, last_log
from tests.catalogue.factories import CSV_GOOD, CSV_ONE_BROKEN, TRIPLE_P, offer

URL = "/api/v1/catalogue/"


@pytest.mark.guideline("G5.3")
def test_it_lists_the_catalogue_lightest_first_with_filters(api, world):
    offer(world, name="Pleegzorg", intensity="residential", min_age=0, max_age=21)
    triple = offer(world)
    offer(world, name="Buddy", intensity="network", min_age=12, max_age=23, description="Een maatje")
    client = api("caseworker")
    body = client.get(URL).json()
    assert [o["name"] for o in body["results"]] == ["Buddy", "Triple P", "Pleegzorg"]
    assert [o["name"] for o in client.get(URL, {"age": 20}).json()["results"]] == ["Buddy", "Pleegzorg"]
    assert [o["name"] for o in client.get(URL, {"q": "maatje"}).json()["results"]] == ["Buddy"]
    assert [o["name"] for o in client.get(URL, {"intensity": "light"}).json()["results"]] == ["Triple P"]
    assert last_log("api.catalogue.list").channel == "api"
    bad = client.get(URL, {"age": 40, "intensity": "zwaar"})
    assert bad.status_code == 400 and set(error_fields(bad)) == {"age", "intensity"}
    got = client.get(f"{URL}{triple.pk}/").json()
    assert (got["name"], got["version"], got["evidence_level"]) == ("Triple P", 1, "good")
    assert api("outsider").get(f"{URL}{triple.pk}/").status_code == 404
    assert api("outsider").get(URL).json()["results"] == []


def test_it_lets_the_administrator_add_and_change_help_with_a_version_check(api, world):
    admin = api("administrator")
    response = admin.post(URL, {**TRIPLE_P, "min_age": None}, format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert api("caseworker").post(URL, {**TRIPLE_P, "name": "Anders"}, format="json").status_code == 403
    assert api("caseworker").patch(f"{URL}{pk}/", {"name": "X", "version": 1}, format="json").status_code == 403
    duplicate = admin.post(URL, {**TRIPLE_P, "name": "triple p"}, format="json")
    assert duplicate.status_code == 400 and error_fields(duplicate) == {"name": "unique"}
    ages = admin.post(URL, {**TRIPLE_P, "name": "Nieuw", "min_age": 12, "max_age": 4}, format="json")
    assert ages.status_code == 400 and "max_age" in error_fields(ages)

    changed = admin.patch(f"{URL}{pk}/", {"waiting_weeks": 7, "version": 1}, format="json")
    assert changed.status_code == 200 and (changed.json()["waiting_weeks"], changed.json()["version"]) == (7, 2)
    stale = admin.patch(f"{URL}{pk}/", {"name": "Ander", "version": 1}, format="json")
    assert stale.status_code == 409 and error_fields(stale) == {None: "stale_version"}
    out = admin.patch(f"{URL}{pk}/", {"active": False, "version": 2}, format="json")
    assert out.status_code == 200 and out.json()["active"] is False and out.json()["version"] == 3
    assert HelpOffer.objects.get(pk=pk).name == "Triple P"
    missing = admin.patch(f"{URL}{pk}/", {"name": "Ander"}, format="json")
    assert missing.status_code == 400 and "version" in error_fields(missing)


def test_it_imports_nothing_and_reports_every_broken_row(api, world):
    response = api("administrator").post(f"{URL}import/", {"csv": CSV_ONE_BROKEN}, format="json")
    assert response.status_code == 400
    body = response.json()
    fields = {e["field"] for e in body["errors"]}
    assert fields == {"rows[3].description", "rows[3].intensity", "rows[3].max_age"}
    assert all(e["row"] == 3 and e["message"] for e in body["errors"])
    assert not HelpOffer.objects.exists()


def test_it_imports_the_valid_rows_when_asked_and_updates_names(api, world):
    offer(world, name="Gezinscoach", intensity="intensive")
    client = api("administrator")
    body = {"csv": CSV_ONE_BROKEN, "valid_rows_only": True}
    response = client.post(f"{URL}import/", body, format="json")
    assert response.status_code == 200, response.json()
    got = response.json()
    assert (got["imported"], got["added"], got["updated"], got["skipped"]) == (True, 1, 1, 1)
    assert HelpOffer.objects.get(name="Gezinscoach").version == 2
    again = client.post(f"{URL}import/", {"csv": CSV_GOOD}, format="json").json()
    assert (again["added"], again["updated"], again["errors"]) == (0, 2, [])
    assert last_log("catalogue.import").channel == "api"


def test_it_refuses_an_import_by_others_and_a_file_it_cannot_read(api, world):
    assert api("caseworker").post(f"{URL}import/", {"csv": CSV_GOOD}, format="json").status_code == 403
    bad = api("administrator").post(f"{URL}import/", {"csv": "kolom\nwaarde\n"}, format="json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "csv"
    empty = api("administrator").post(f"{URL}import/", {"csv": "", "valid_rows_only": "ja"}, format="json")
    assert empty.status_code == 400 and set(error_fields(empty)) == {"csv", "valid_rows_only"}
    assert not HelpOffer.objects.exists()
