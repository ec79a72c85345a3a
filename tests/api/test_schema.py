"""GET /api/v1/openapi.json, and the whole API fuzzed from that schema: no input may cause a server error."""

from __future__ import annotations

import schemathesis
from django.core.wsgi import get_wsgi_application
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from knox.models import AuthToken
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error


OPERATIONS = {
    "/api/v1/me/": {"get"},
    "/api/v1/families/": {"get", "post"},
    "/api/v1/families/{family_id}/": {"get"},
    "/api/v1/families/{family_id}/members/": {"get", "post"},
    "/api/v1/members/{member_id}/": {"get", "patch"},
    "/api/v1/cases/": {"get"},
    "/api/v1/cases/{case_id}/": {"get"},
    "/api/v1/cases/{case_id}/phase/": {"post"},
    "/api/v1/cases/{case_id}/entries/": {"get", "post"},
}


def test_it_serves_a_valid_openapi_3_schema_of_every_endpoint(client, db):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert {path: set(ops) - {"parameters"} for path, ops in schema["paths"].items()} == OPERATIONS


def test_it_never_answers_with_a_server_error(world):
    """Schemathesis generates valid and invalid calls for every operation, sent as the caseworker."""
    _, token = AuthToken.objects.create(world.caseworker)
    # Django's WSGI handler with the full middleware stack (samenplan.wsgi adds a production-only key check).
    # The schema is loaded here rather than through schemathesis.pytest.from_fixture, which breaks on pytest 9.
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    # Our own token on every call: generated security parameters would only exercise the 401 path.
    schema.config.generation.update(with_security_parameters=False)
    headers = {"Authorization": f"Token {token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == sum(len(methods) for methods in OPERATIONS.values())

    # Besides random ids (almost all 404), half the calls use ids of the caseworker's own case and family.
    own = {"case_id": world.case.pk, "family_id": world.case.family_id,
           "member_id": world.case.family.members.first().pk}
    for operation in operations:
        names = {p.name for p in operation.path_parameters}
        strategies = [
            operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)
            for mode in GenerationMode
            for path_parameters in ({k: own[k] for k in names}, None)
        ]

        @given(case=st.one_of(strategies))
        @settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def call(case):
            case.call_and_validate(headers=headers, checks=[not_a_server_error])

        call()
