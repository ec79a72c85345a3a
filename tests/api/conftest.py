"""API fixtures: a JSON client logged in as a persona, and a look at the newest access-log record."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from samenplan.audit.models import AccessLogRecord


@pytest.fixture
def api(world):
    """``api("caseworker")`` is an API client with that persona's session; ``api(None)`` is anonymous."""

    def client_for(persona: str | None) -> APIClient:
        client = APIClient()
        if persona is not None:
            client.force_login(world.persona(persona))
        return client

    return client_for


def last_log(action: str) -> AccessLogRecord | None:
    return AccessLogRecord.objects.filter(action=action).order_by("-seq").first()


def error_fields(response) -> dict[str, str]:
    """field → code of a structured error response; every item must carry a (Dutch) message."""
    errors = response.json()["errors"]
    assert all(e["message"] for e in errors), errors
    return {e["field"]: e["code"] for e in errors}
