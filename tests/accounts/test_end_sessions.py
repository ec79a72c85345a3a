"""A team lead (for their teams' members) or an administrator (in their organisation) ends a user's sessions."""

from __future__ import annotations

import pytest
from django.urls import reverse
from knox.models import AuthToken

from samenplan.audit.models import AccessLogRecord
from tests.accounts.test_sessions import api_token, is_logged_in, logged_in, token_works


def end(client, target):
    return client.post(reverse("accounts:end_sessions", kwargs={"user_id": target.pk}))


def test_it_lets_the_team_lead_end_a_team_members_sessions_and_tokens(client, world):
    session = logged_in(world.caseworker)
    token = api_token(world.caseworker)
    client.force_login(world.team_lead)
    response = end(client, world.caseworker)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:users")
    assert not is_logged_in(session)
    assert not token_works(token)
    assert not AuthToken.objects.filter(user=world.caseworker).exists()
    record = AccessLogRecord.objects.order_by("-seq").first()
    assert record.action == "accounts.end_sessions" and record.username == "team_lead"
    assert f"user={world.caseworker.pk} caseworker" in record.detail
    assert is_logged_in(logged_in(world.caseworker))  # the user can log in again at once


def test_it_lets_the_administrator_end_sessions_in_the_whole_organisation(client, world):
    session = logged_in(world.south_worker)
    client.force_login(world.administrator)
    assert end(client, world.south_worker).status_code == 302
    assert not is_logged_in(session)


@pytest.mark.parametrize(
    "actor, target",
    [
        ("team_lead", "south_worker"),  # not in a team they lead
        ("team_lead", "outsider"),
        ("administrator", "outsider"),  # another organisation
        ("caseworker", "colleague"),
        ("outsider", "caseworker"),
        ("scientist", "caseworker"),
    ],
)
def test_it_refuses_anyone_else(client, world, actor, target):
    session = logged_in(world.persona(target))
    client.force_login(world.persona(actor))
    assert end(client, world.persona(target)).status_code == 404
    assert is_logged_in(session)
    assert not AccessLogRecord.objects.filter(action="accounts.end_sessions").exists()


def test_it_answers_404_for_an_id_that_is_no_user(client, world):
    client.force_login(world.administrator)
    assert client.post("/users/99999999999999999999/end-sessions/").status_code == 404


def test_it_does_not_end_sessions_on_get(client, world):
    client.force_login(world.team_lead)
    assert client.get(reverse("accounts:end_sessions", kwargs={"user_id": world.caseworker.pk})).status_code == 405


def test_it_lists_the_users_one_may_manage(client, world, django_assert_num_queries):
    api_token(world.caseworker)
    client.force_login(world.team_lead)
    with django_assert_num_queries(3):  # session, the user with their roles, users with their token counts
        response = client.get(reverse("accounts:users"))
    assert response.status_code == 200
    names = {person.username for person in response.context["people"]}
    assert names == {
        "caseworker",
        "colleague",
        "coworker",
        "scientist",
        "consulted_scientist",
        "team_lead",
        "administrator",
        "two_team_worker",
    }
    caseworker = next(p for p in response.context["people"] if p.username == "caseworker")
    assert caseworker.api_tokens == 1


def test_the_administrator_sees_the_whole_organisation(client, world):
    client.force_login(world.administrator)
    names = {person.username for person in client.get(reverse("accounts:users")).context["people"]}
    assert "south_worker" in names and "outsider" not in names


@pytest.mark.parametrize("persona", ["caseworker", "colleague", "scientist", "outsider"])
def test_it_refuses_the_page_to_others(client, world, persona):
    client.force_login(world.persona(persona))
    assert client.get(reverse("accounts:users")).status_code == 403
