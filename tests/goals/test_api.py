"""The goals API end to end (issue 8, "an API test drives the same flow"): three participants' agreement, two goals
in the family's words (one aimed at a factor of the coherent picture), scale scores by a parent and the professional
on two dates, the miracle question and the Drieluik; each step on the timeline and in the access log. Bad input gives
structured Dutch errors and saves nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from samenplan.cases.actions import do_add_member
from samenplan.cases.models import DossierEntry, EntryKind, MemberRole
from samenplan.goals.models import Goal, ProblemAgreement, ScaleScore
from tests.api.conftest import api, error_fields, last_log  # noqa: F401  (the API client fixture)
from tests.goals.test_factors import picture_with_factors


@pytest.mark.guideline("G5.1")
@pytest.mark.guideline("G5.2")
@pytest.mark.guideline("G5.6")
@pytest.mark.guideline("P4")
def test_it_drives_agreement_goals_scores_and_techniques_end_to_end(api, world):  # noqa: F811
    case = world.case
    sanne = case.family.members.get(given_name="Sanne")
    mees = case.family.members.get(role="child")
    ruben = do_add_member(
        world.caseworker, case.family, given_name="Ruben", family_name="Jansen", role=MemberRole.PARENT,
        has_custody=True,
    )  # fmt: skip
    factors = picture_with_factors(case)
    client = api("caseworker")
    base = f"/api/v1/cases/{case.pk}/goals/"

    # 1. Three participants' agreement; "no" blocks nothing.
    body = {
        "answers": [
            {"member": sanne.pk, "agreement": "yes"},
            {"member": ruben.pk, "agreement": "partly", "words": "Vooral 's ochtends."},
            {"member": mees.pk, "agreement": "no", "words": "Ik ben niet het probleem."},
        ]
    }
    response = client.post(f"{base}agreements/", body, format="json")
    assert response.status_code == 201, response.json()
    assert [a["agreement"] for a in response.json()] == ["yes", "partly", "no"]
    assert last_log("goals.record_agreement").channel == "api"

    # 2. Two goals in the family's words; the first aims at a maintaining factor of the picture.
    response = client.post(
        base,
        {"words": "Samen eten zonder ruzie.", "whose": "family", "factors": [factors["maintaining"].pk]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    first = response.json()
    assert first["factors"] == [factors["maintaining"].pk] and first["position"] == 1
    target = (timezone.localdate() + timedelta(days=120)).isoformat()
    second = client.post(
        base,
        {"words": "Mees gaat elke dag naar school.", "whose": "member", "member": mees.pk, "term": "long",
         "target_date": target},
        format="json",
    ).json()  # fmt: skip
    assert (second["member"]["id"], second["position"], second["target_date"]) == (mees.pk, 2, target)

    # 3. Scores by Sanne and by the caseworker on two dates: two lines.
    today, before = timezone.localdate(), timezone.localdate() - timedelta(days=42)
    for who, score, on in (
        ({"member": sanne.pk, "desired": 8, "one_point_higher": "Op zondag samen ontbijten."}, 3, before),
        ({"professional": world.caseworker.pk}, 4, before),
        ({"member": sanne.pk}, 6, today),
        ({"professional": world.caseworker.pk}, 5, today),
    ):
        body = {**who, "score": score, "scored_on": on.isoformat()}
        response = client.post(f"/api/v1/goals/{first['id']}/scores/", body, format="json")
        assert response.status_code == 201, response.json()
    scores = client.get(f"/api/v1/goals/{first['id']}/").json()["scores"]
    assert [s["score"] for s in scores] == [3, 4, 6, 5]
    assert {(s["member"] or {}).get("id") for s in scores} == {sanne.pk, None}

    # 4. The miracle question and the Drieluik, in their own words.
    body = {"answers": [{"member": sanne.pk, "words": "We eten samen en lachen."}]}
    assert client.post(f"{base}miracle-question/", body, format="json").status_code == 201
    body = {
        "nothing_changes": "Mees gaat niet meer naar school.",
        "wished": "Rust in huis.",
        "what_we_do": "Een rooster.",
    }
    response = client.put(f"{base}drieluik/", body, format="json")
    assert response.status_code in (200, 201), response.json()

    # The overview holds it all, and every step is on the timeline.
    overview = client.get(base).json()
    assert len(overview["agreements"]) == 3 and len(overview["goals"]) == 2
    assert overview["miracle_answers"][0]["words"] == "We eten samen en lachen."
    assert overview["drieluik"]["wished"] == "Rust in huis."
    texts = "\n".join(DossierEntry.objects.filter(case=case, kind=EntryKind.GOALS).values_list("text", flat=True))
    steps = ["Ik ben niet het probleem.", "Samen eten zonder ruzie.", "Ruzie over de telefoon", "Mees gaat elke dag"]
    steps += ["Op zondag samen ontbijten.", "We eten samen en lachen.", "Rust in huis."]
    for text in steps:
        assert text in texts, text


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("goals/", {"words": ""}, "words"),
        ("goals/", {"words": "Rust", "whose": "member"}, "member"),
        ("goals/agreements/", {"answers": [{"member": 0, "agreement": "yes"}]}, "answers[0].member"),
        ("goals/agreements/", {"answers": []}, "answers"),
    ],
)
def test_it_refuses_bad_input_with_structured_dutch_errors(api, world, path, body, field):  # noqa: F811
    response = api("caseworker").post(f"/api/v1/cases/{world.case.pk}/{path}", body, format="json")
    assert response.status_code == 400, response.json()
    assert field in error_fields(response)
    assert not Goal.objects.exists() and not ProblemAgreement.objects.exists()


@pytest.mark.parametrize("score", [-1, 11, 5.5, "tien"])
def test_it_refuses_a_score_off_the_scale(api, world, score):  # noqa: F811
    goal = api("caseworker").post(f"/api/v1/cases/{world.case.pk}/goals/", {"words": "Rust"}, format="json").json()
    body = {"professional": world.caseworker.pk, "score": score, "scored_on": timezone.localdate().isoformat()}
    response = api("caseworker").post(f"/api/v1/goals/{goal['id']}/scores/", body, format="json")
    assert response.status_code == 400 and "score" in error_fields(response)
    assert not ScaleScore.objects.exists()
