"""A network member's name of only invisible characters counts as empty: the action, the form and the API refuse
it with the same Dutch message, and nothing is saved."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from samenplan.network import actions
from samenplan.network.models import NetworkMember
from tests.api.conftest import error_fields
from tests.network.factories import GRANDMOTHER

INVISIBLE = ["\u200b", "\u200b\u200c\u200d", "\ufeff \u2060", "\u00a0\u200b\u3000"]
EMPTY = "Schrijf de naam van deze persoon op."


@pytest.mark.parametrize("name", INVISIBLE)
def test_the_action_refuses_a_name_of_only_invisible_characters(world, name):
    with translation.override("nl"), pytest.raises(ValidationError) as caught:
        actions.do_add_network_member(world.caseworker, world.case, **{**GRANDMOTHER, "name": name})
    assert caught.value.message_dict["name"] == [EMPTY]
    assert not NetworkMember.objects.exists()


def test_the_action_keeps_visible_words_without_the_invisible_padding(world):
    person = actions.do_add_network_member(
        world.caseworker, world.case, **{**GRANDMOTHER, "name": "\u200bRia Jansen\u2060", "relation": "\ufeffoma"}
    )
    assert (person.name, person.relation) == ("Ria Jansen", "oma")


@pytest.mark.parametrize("name", INVISIBLE)
def test_the_form_refuses_a_name_of_only_invisible_characters_in_dutch(client, world, name):
    client.force_login(world.caseworker)
    body = {**GRANDMOTHER, "name": name, "version": ""}
    response = client.post(reverse("network:add_member", args=[world.case.pk]), body, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 422
    assert EMPTY in response.content.decode()
    assert not NetworkMember.objects.exists()


@pytest.mark.parametrize("name", INVISIBLE)
def test_the_api_refuses_a_name_of_only_invisible_characters_in_dutch(api, world, name):
    response = api("caseworker").post(
        f"/api/v1/cases/{world.case.pk}/network-members/",
        {**GRANDMOTHER, "name": name},
        format="json",
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 400
    assert error_fields(response) == {"name": "blank"}
    assert [e["message"] for e in response.json()["errors"]] == [EMPTY]
    assert not NetworkMember.objects.exists()
