"""GET /api/v1/me/ and the ``samenplan apitoken`` command that hands out API tokens."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from knox.models import AuthToken
from rest_framework.test import APIClient

from samenplan.accounts.models import Membership, Role
from tests.api.conftest import error_fields

URL = "/api/v1/me/"


def token_client(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_it_says_who_i_am_and_my_roles_per_team(world, api):
    Membership.objects.create(user=world.caseworker, team=world.south, role=Role.TEAM_LEAD)

    response = api("caseworker").get(URL)

    assert response.status_code == 200
    assert response.json() == {
        "username": "caseworker",
        "name": str(world.caseworker),
        "organisation": {"id": world.org.pk, "name": "Rivierstad"},
        "teams": [
            {"id": world.north.pk, "name": "Wijkteam Noord", "roles": ["professional"]},
            {"id": world.south.pk, "name": "Wijkteam Zuid", "roles": ["team_lead"]},
        ],
    }


def test_it_refuses_anonymous_callers(world, api):
    response = api(None).get(URL)

    assert response.status_code == 401
    assert error_fields(response) == {None: "not_authenticated"}


def test_it_hands_out_a_token_once_and_revokes_it(world):
    out, err = StringIO(), StringIO()
    call_command("apitoken", "outsider", stdout=out, stderr=err)
    token = out.getvalue().strip()

    assert "shown once" in err.getvalue()
    assert token_client(token).get(URL).json()["username"] == "outsider"
    assert AuthToken.objects.filter(user=world.outsider).count() == 1

    out = StringIO()
    call_command("apitoken", "outsider", "--revoke-all", stdout=out)

    assert "Revoked 1" in out.getvalue()
    assert token_client(token).get(URL).status_code == 401


def test_it_refuses_a_token_for_an_unknown_or_inactive_user(world):
    with pytest.raises(CommandError, match="No user named"):
        call_command("apitoken", "niemand", stdout=StringIO())

    world.outsider.is_active = False
    world.outsider.save(update_fields=["is_active"])
    with pytest.raises(CommandError, match="not active"):
        call_command("apitoken", "outsider", stdout=StringIO())
