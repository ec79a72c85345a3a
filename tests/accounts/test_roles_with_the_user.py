"""A page loads the logged-in user and their roles in one query, and reads both afresh on every request."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samenplan.accounts.models import Membership, Role

LOG = reverse("audit:log")


def _reading(queries, table: str) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if f'FROM "{table}"' in q["sql"]]


def test_it_reads_the_user_and_their_roles_in_one_query(client, world):
    client.force_login(world.caseworker)
    client.get(reverse("cases:caseload"))  # the session's first request writes its clock
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("cases:caseload")).status_code == 200
    users = _reading(queries, "accounts_user")
    assert len(users) == 1 and "accounts_membership" in users[0]
    assert _reading(queries, "accounts_membership") == []  # no query of its own for the roles


def test_a_role_taken_away_counts_from_the_next_request(client, world):
    client.force_login(world.team_lead)
    assert client.get(LOG).status_code == 200
    Membership.objects.filter(user=world.team_lead, role=Role.LOG_READER).delete()
    assert client.get(LOG).status_code == 403


def test_a_role_given_counts_from_the_next_request(client, world):
    client.force_login(world.caseworker)
    assert client.get(LOG).status_code == 403
    Membership.objects.create(user=world.caseworker, team=world.north, role=Role.LOG_READER)
    assert client.get(LOG).status_code == 200


def test_a_disabled_user_is_logged_out_at_the_next_request(client, world):
    client.force_login(world.caseworker)
    assert client.get(reverse("cases:caseload")).status_code == 200
    type(world.caseworker).objects.filter(pk=world.caseworker.pk).update(is_active=False)  # not through an action
    response = client.get(reverse("cases:caseload"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
