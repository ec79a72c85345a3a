"""Text of only invisible characters (zero-width spaces and joiners, the byte-order mark, a word joiner) counts as
empty: the action, the form and the API refuse it with the same Dutch "write it down" message, nothing saved."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from samenplan.goals import actions
from samenplan.goals.models import Goal, ProblemAgreement
from tests.api.conftest import api, error_fields  # noqa: F401  (the API client fixture)

INVISIBLE = ["\u200b", "\u200b\u200c\u200d", "\ufeff \u2060", "\u00a0\u200b\u3000"]
EMPTY = "Schrijf het doel op in de eigen woorden van het gezin."


@pytest.mark.parametrize("words", INVISIBLE)
def test_the_action_refuses_a_goal_of_only_invisible_characters(world, words):
    with translation.override("nl"), pytest.raises(ValidationError) as caught:
        actions.do_add_goal(world.caseworker, world.case, words=words)
    assert caught.value.message_dict["words"] == [EMPTY]
    assert not Goal.objects.exists()


def test_the_action_asks_their_words_when_a_partly_comes_with_only_invisible_characters(world):
    member = world.case.family.members.first()
    with translation.override("nl"), pytest.raises(ValidationError) as caught:
        actions.do_record_agreement(world.caseworker, world.case, member=member, agreement="partly", words="\u200b")
    assert "eigen woorden" in caught.value.message_dict["words"][0]
    assert not ProblemAgreement.objects.exists()


def test_the_action_keeps_visible_words_without_the_invisible_padding(world):
    goal = actions.do_add_goal(world.caseworker, world.case, words="\u200bSamen eten\u2060\ufeff")
    assert goal.words == "Samen eten"


@pytest.mark.parametrize("words", INVISIBLE)
def test_the_form_refuses_a_goal_of_only_invisible_characters_in_dutch(client, world, words):
    client.force_login(world.caseworker)
    body = {"words": words, "whose": "family", "term": "short"}
    response = client.post(reverse("goals:add_goal", args=[world.case.pk]), body, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 422
    assert EMPTY in response.content.decode()
    assert not Goal.objects.exists()


@pytest.mark.parametrize("words", INVISIBLE)
def test_the_api_refuses_a_goal_of_only_invisible_characters_in_dutch(api, world, words):  # noqa: F811
    response = api("caseworker").post(
        f"/api/v1/cases/{world.case.pk}/goals/", {"words": words}, format="json", HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert response.status_code == 400
    assert error_fields(response) == {"words": "blank"}
    assert [e["message"] for e in response.json()["errors"]] == [EMPTY]
    assert not Goal.objects.exists()
