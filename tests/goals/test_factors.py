"""A goal aims at factors of the case's current coherent picture (§3.4.2): only changeable (maintaining) or
protective ones. The form offers them only when there is a picture; a factor of another case, an earlier picture or
a cause is refused with a Dutch error (a field error on the page, 400 in the API), never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from samenplan.analysis.models import CoherentPicture, Factor
from samenplan.cases.models import DossierEntry, EntryKind
from samenplan.goals import actions
from samenplan.goals.models import Goal
from tests.api.conftest import api, error_fields  # noqa: F401  (the API client fixture)


def picture_with_factors(case, *, current=True):
    """A new version of the case's coherent picture with a cause, a maintaining and a protective factor."""
    if current:
        case.pictures.update(current=False)
    picture = CoherentPicture.objects.create(
        case=case,
        number=case.pictures.count() + 1,
        current=current,
        nature_severity="Veel ruzie thuis over regels.",
        safety="Mees is thuis veilig.",
        strengths="Moeder zoekt zelf hulp.",
        recorded_by=case.caseworker,
        recorded_at=timezone.now(),
    )
    made = {}
    for kind, text in (
        ("causal", "Verhuizing vorig jaar"),
        ("maintaining", "Ruzie over de telefoon zonder vaste afspraken"),
        ("protective", "Warme band met oma"),
    ):
        made[kind] = Factor.objects.create(
            picture=picture, description=text, kind=kind, domain="family", source="conversation"
        )
    return made


@pytest.mark.guideline("G5.2")
def test_it_links_a_goal_to_a_changeable_and_a_protective_factor_and_says_so_on_the_timeline(world):
    factors = picture_with_factors(world.case)
    goal = actions.do_add_goal(
        world.caseworker,
        world.case,
        words="Vaste afspraken over de telefoon",
        factors=[factors["maintaining"], factors["protective"]],
    )
    assert set(goal.factors.all()) == {factors["maintaining"], factors["protective"]}
    entry = DossierEntry.objects.filter(case=world.case, kind=EntryKind.GOALS).order_by("-pk").first()
    assert "Ruzie over de telefoon zonder vaste afspraken" in entry.text
    assert "Warme band met oma" in entry.text


def test_it_offers_only_changeable_and_protective_factors_of_the_current_picture(world):
    old = picture_with_factors(world.case)
    factors = picture_with_factors(world.case)
    choices = set(actions.goal_factor_choices(world.case))
    assert choices == {factors["maintaining"], factors["protective"]}
    assert old["maintaining"] not in choices


@pytest.mark.parametrize(
    ("which", "code"),
    [("causal", "not_changeable"), ("other_case", "unknown_factor"), ("earlier_picture", "unknown_factor")],
)
def test_it_refuses_a_factor_a_goal_may_not_aim_at_and_saves_nothing(world, which, code):
    factors = picture_with_factors(world.case)
    if which == "other_case":
        factor = picture_with_factors(world.outsider_case)["maintaining"]
    elif which == "earlier_picture":
        factor = picture_with_factors(world.case, current=False)["maintaining"]
    else:
        factor = factors["causal"]
    with translation.override("nl"), pytest.raises(actions.ValidationError) as caught:
        actions.do_add_goal(world.caseworker, world.case, words="Rust in huis", factors=[factor])
    assert [e.code for e in caught.value.error_dict["factors"]] == [code]
    assert caught.value.message_dict["factors"][0] != ""
    assert not Goal.objects.exists()


def test_the_form_shows_the_factors_only_when_the_case_has_a_picture(client, world):
    client.force_login(world.caseworker)
    url = reverse("goals:add_goal", args=[world.case.pk])
    world.case.pictures.update(current=False)  # no current picture
    assert 'name="factors"' not in client.get(url).content.decode()
    picture_with_factors(world.case)
    html = client.get(url).content.decode()
    assert 'name="factors"' in html
    assert "Warme band met oma" in html and "Verhuizing vorig jaar" not in html


@pytest.mark.guideline("G5.2")
def test_it_saves_the_chosen_factors_from_the_form_and_shows_them_with_the_goal(client, world):
    factors = picture_with_factors(world.case)
    client.force_login(world.caseworker)
    body = {"words": "Vaste afspraken", "whose": "family", "term": "short", "factors": [factors["protective"].pk]}
    response = client.post(reverse("goals:add_goal", args=[world.case.pk]), body)
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert list(goal.factors.all()) == [factors["protective"]]
    html = client.get(reverse("goals:overview", args=[world.case.pk])).content.decode()
    assert "Warme band met oma" in html

    change = {**body, "status": "open", "version": goal.version, "factors": [factors["maintaining"].pk]}
    response = client.post(reverse("goals:change_goal", args=[goal.pk]), change)
    assert response.status_code == 302
    assert list(goal.factors.all()) == [factors["maintaining"]]


@pytest.mark.parametrize("which", ["causal", "other_case", "nonsense"])
def test_the_form_refuses_a_factor_of_another_case_or_a_cause_in_dutch(client, world, which):
    factors = picture_with_factors(world.case)
    value = {
        "causal": factors["causal"].pk,
        "other_case": picture_with_factors(world.outsider_case)["protective"].pk,
        "nonsense": "99999999999999999999",
    }[which]
    client.force_login(world.caseworker)
    body = {"words": "Rust in huis", "whose": "family", "term": "short", "factors": [value]}
    with translation.override("nl"):
        response = client.post(reverse("goals:add_goal", args=[world.case.pk]), body, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 422
    assert "huidige samenhangend beeld" in response.content.decode()
    assert not Goal.objects.exists()


@pytest.mark.guideline("G5.2")
def test_the_api_links_factors_and_refuses_a_factor_of_another_case_or_a_cause(api, world):  # noqa: F811
    factors = picture_with_factors(world.case)
    other = picture_with_factors(world.outsider_case)["maintaining"]
    client = api("caseworker")
    url = f"/api/v1/cases/{world.case.pk}/goals/"

    response = client.post(url, {"words": "Vaste afspraken", "factors": [factors["maintaining"].pk]}, format="json")
    assert response.status_code == 201, response.json()
    goal = response.json()
    assert goal["factors"] == [factors["maintaining"].pk]

    for bad in ([other.pk], [factors["causal"].pk], ["x"], "1", [2**70]):
        response = client.post(url, {"words": "Rust", "factors": bad}, format="json", HTTP_ACCEPT_LANGUAGE="nl")
        assert response.status_code == 400, (bad, response.content)
        assert "factors" in error_fields(response), response.json()
    assert Goal.objects.count() == 1

    body = {"words": "Vaste afspraken", "whose": "family", "term": "short", "status": "open", "version": 1}
    response = client.put(f"/api/v1/goals/{goal['id']}/", body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["factors"] == [factors["maintaining"].pk]  # left out: kept
    body |= {"version": 2, "factors": [factors["protective"].pk]}
    response = client.put(f"/api/v1/goals/{goal['id']}/", body, format="json")
    assert response.json()["factors"] == [factors["protective"].pk]
    response = client.put(f"/api/v1/goals/{goal['id']}/", body | {"version": 3, "factors": [other.pk]}, format="json")
    assert response.status_code == 400 and "factors" in error_fields(response)
