"""What API errors look like: {"errors": [{"field", "code", "message"}]}, in Dutch, never a 500."""

from __future__ import annotations

import inspect
import json

import pytest
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.utils import translation
from django.utils.functional import Promise
from django.views.defaults import server_error
from rest_framework import exceptions, fields, relations, serializers
from rest_framework.test import APIClient

from samenplan.api.errors import Conflict, _flatten, django_validation_to_drf
from samenplan.api.middleware import JsonErrorsMiddleware
from samenplan.audit.models import AccessLogRecord
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


# Every answer under /api/ is structured JSON: OPTIONS, nesting, size, unknown paths, crashes, CSRF, messages.

ENDPOINTS = [
    "/api/v1/me/",
    "/api/v1/families/",
    "/api/v1/families/{family}/",
    "/api/v1/families/{family}/members/",
    "/api/v1/members/{member}/",
    "/api/v1/cases/",
    "/api/v1/cases/{case}/",
    "/api/v1/cases/{case}/phase/",
    "/api/v1/cases/{case}/workers/",
    "/api/v1/cases/{case}/entries/",
]
JSON_WRITES = [
    ("post", "/api/v1/families/"),
    ("post", "/api/v1/families/{family}/members/"),
    ("patch", "/api/v1/members/{member}/"),
    ("post", "/api/v1/cases/{case}/phase/"),
    ("post", "/api/v1/cases/{case}/workers/"),
    ("post", "/api/v1/cases/{case}/entries/"),
]


def _fill(world, path: str) -> str:
    case = world.case
    return path.format(case=case.pk, family=case.family_id, member=case.family.members.first().pk)


@pytest.mark.parametrize("path", ENDPOINTS)
def test_it_answers_options_on_every_endpoint(world, api, path):
    response = api("caseworker").options(_fill(world, path))

    assert response.status_code == 200
    body = response.json()
    assert "OPTIONS" in body["methods"]
    assert set(body["methods"]) == {m.strip() for m in response["Allow"].split(",")}
    assert body["parses"] == ["application/json"]


def test_it_refuses_options_to_an_anonymous_caller(world, api):
    response = api(None).options("/api/v1/families/")

    assert response.status_code in (401, 403)
    assert error_fields(response) == {None: "not_authenticated"}


@pytest.mark.parametrize(("method", "path"), JSON_WRITES)
def test_it_refuses_json_nested_a_thousand_deep_on_every_write(world, api, method, path):
    body = '{"text": ' + "[" * 1000 + "]" * 1000 + "}"
    before = AccessLogRecord.objects.count()

    response = getattr(api("caseworker"), method)(_fill(world, path), body, content_type="application/json")

    assert response.status_code == 400
    assert error_fields(response) == {None: "too_deep"}
    assert AccessLogRecord.objects.count() == before


@pytest.mark.parametrize(("method", "path"), JSON_WRITES)
def test_it_refuses_an_oversized_body_with_413(world, api, settings, method, path):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = json.dumps({"text": "x" * 20_000, "voice": "family"})

    response = getattr(api("caseworker"), method)(_fill(world, path), body, content_type="application/json")

    assert response.status_code == 413
    assert error_fields(response) == {None: "too_large"}


@pytest.mark.parametrize(
    "path", ["/api/v1/cases/abc/", "/api/v1/members/1.5/", "/api/v1/nope/", "/api/nope", "/api/v1/cases/-1/phase/"]
)
def test_it_answers_an_unknown_api_path_with_json_404(world, api, path):
    response = api("caseworker").get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert error_fields(response) == {None: "not_found"}


def test_it_keeps_html_error_pages_on_the_web(world, client):
    client.force_login(world.caseworker)

    response = client.get("/cases/abc/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_it_answers_a_crash_under_api_with_json_500(rf):
    """A crash anywhere below (an API view, a middleware) reaches the client as Django's 500 page: made JSON."""
    request = rf.get("/api/v1/families/")
    middleware = JsonErrorsMiddleware(lambda request: server_error(request))

    response = middleware(request)

    assert response.status_code == 500
    [error] = json.loads(response.content)["errors"]
    assert error["code"] == "server_error"
    assert error["message"].startswith("Er ging bij ons iets mis")


def test_it_answers_a_method_django_refuses_with_json_405(rf):
    request = rf.get("/api/v1/anything/")
    response = JsonErrorsMiddleware(lambda request: HttpResponseNotAllowed(["POST"]))(request)

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert json.loads(response.content)["errors"][0]["code"] == "method_not_allowed"


def test_it_refuses_a_session_call_without_csrf_token_in_dutch(world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.caseworker)

    response = client.post(f"/api/v1/cases/{world.case.pk}/entries/", {"text": "x", "voice": "family"}, format="json")

    assert response.status_code == 403
    [error] = response.json()["errors"]
    assert error["code"] == "csrf_failed"
    assert "CSRF Failed" not in error["message"]
    assert error["message"].startswith("De veiligheidscontrole (CSRF) is mislukt.")


def _drf_default_messages():
    for module in (fields, serializers, relations):
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            yield from getattr(cls, "default_error_messages", {}).values()
    for _name, cls in inspect.getmembers(exceptions, inspect.isclass):
        if isinstance(getattr(cls, "default_detail", None), Promise):
            yield cls.default_detail


def test_it_has_every_drf_message_in_dutch():
    untranslated = []
    with translation.override("nl"):
        for message in _drf_default_messages():
            with translation.override("en"):
                english = str(message)
            if str(message) == english:
                untranslated.append(english)

    assert not untranslated, f"add to samenplan/api/messages.py and translate: {untranslated}"
