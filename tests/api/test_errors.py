"""What API errors look like: {"errors": [{"field", "code", "message"}]}, in Dutch, never a 500."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from samenplan.api.errors import Conflict, _flatten, django_validation_to_drf
from samenplan.errors import StaleVersion
from tests.api.conftest import error_fields

URL = "/api/v1/families/"


def test_it_refuses_invalid_json(world, api):
    response = api("caseworker").post(URL, "{niet: json", content_type="application/json")

    assert response.status_code == 400
    assert error_fields(response) == {None: "parse_error"}


def test_it_refuses_json_null_and_lists(world, api):
    null = api("caseworker").post(URL, "null", content_type="application/json")
    listed = api("caseworker").post(URL, "[]", content_type="application/json")

    assert (null.status_code, listed.status_code) == (400, 400)
    assert error_fields(null) == {None: "null"}
    assert error_fields(listed) == {None: "invalid"}


def test_it_refuses_a_form_post(world, api):
    response = api("caseworker").post(URL, "family_name=X", content_type="application/x-www-form-urlencoded")

    assert response.status_code == 415
    assert error_fields(response) == {None: "unsupported_media_type"}


def test_it_refuses_an_unknown_method(world, api):
    response = api("caseworker").delete(f"/api/v1/cases/{world.case.pk}/")

    assert response.status_code == 405
    assert error_fields(response) == {None: "method_not_allowed"}


def test_it_answers_in_dutch(world, api):
    response = api("caseworker").post(URL, {}, format="json")

    assert response.status_code == 400
    assert {e["field"]: e["message"] for e in response.json()["errors"]}["family_name"] == "Dit veld is vereist."


def test_it_maps_an_actions_field_errors_and_renames_fields():
    error = ValidationError({"phase": ValidationError("Niet zo.", code="invalid_transition"), "__all__": "Fout."})

    detail = django_validation_to_drf(error, rename={"phase": "target"}).detail

    assert _flatten(detail) == [
        {"field": "target", "code": "invalid_transition", "message": "Niet zo."},
        {"field": None, "code": "invalid", "message": "Fout."},
    ]


def test_it_maps_a_stale_version_to_a_conflict():
    conflict = django_validation_to_drf(StaleVersion())

    assert isinstance(conflict, Conflict)
    assert (conflict.status_code, conflict.detail.code) == (409, "stale_version")


def test_it_names_nested_fields_by_path():
    detail = {
        "members": [{}, {"role": ["Verplicht."], "non_field_errors": ["Klopt niet."]}],
        "coworkers": {0: ["X"]},
    }

    assert [e["field"] for e in _flatten(detail)] == ["members[1].role", "members[1]", "coworkers[0]"]
