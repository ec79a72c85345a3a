"""The goals screens: agreement per participant, goals in the family's words, reordering, scale scores with a
chart and its table, the miracle question, the Drieluik and Signs of Safety; each step on the timeline."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import DossierEntry, EntryKind, Voice
from samenplan.goals import actions
from samenplan.goals.models import Drieluik, Goal, MiracleAnswer, ProblemAgreement, ScaleScore, SignsOfSafety


@pytest.fixture
def members(world):
    parent = world.case.family.members.get(role="parent")
    child = world.case.family.members.get(role="child")
    return parent, child


def _goal(world, words="Samen eten zonder ruzie", **kwargs):
    return actions.do_add_goal(world.caseworker, world.case, words=words, **kwargs)


def test_it_shows_the_goals_step_to_readers_of_the_case_without_buttons(client, world):
    _goal(world)
    client.force_login(world.colleague)
    response = client.get(reverse("goals:overview", args=[world.case.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Samen eten zonder ruzie" in html
    assert reverse("goals:add_goal", args=[world.case.pk]) not in html
    assert AccessLogRecord.objects.filter(action="goals.overview", case_id=world.case.pk, event="read").exists()


@pytest.mark.guideline("G5.1")
def test_it_records_each_participants_agreement_and_shows_a_no_next_to_the_goals(client, world, members):
    parent, child = members
    client.force_login(world.caseworker)
    url = reverse("goals:agreement", args=[world.case.pk])
    response = client.post(
        url,
        {
            f"m{parent.pk}-agreement": "yes",
            f"m{child.pk}-agreement": "no",
            f"m{child.pk}-words": "Ik ben niet het probleem",
        },
    )
    assert response.status_code == 302
    assert ProblemAgreement.objects.filter(case=world.case).count() == 2
    _goal(world)
    html = client.get(reverse("goals:overview", args=[world.case.pk])).content.decode()
    aside = html[html.index("samenplan-goals__disagreements") : html.index("</aside>")]
    assert "Mees Jansen" in aside and "Ik ben niet het probleem" in aside
    assert "Sanne Jansen" not in aside


def test_it_asks_for_their_words_when_someone_partly_agrees_and_saves_nothing(client, world, members):
    parent, child = members
    client.force_login(world.caseworker)
    response = client.post(
        reverse("goals:agreement", args=[world.case.pk]),
        {f"m{parent.pk}-agreement": "yes", f"m{child.pk}-agreement": "partly"},
    )
    assert response.status_code == 422
    assert "Schrijf in hun eigen woorden op waar zij het niet mee eens zijn." in response.content.decode()
    assert not ProblemAgreement.objects.exists()


@pytest.mark.guideline("G5.2")
def test_it_adds_a_goal_in_the_familys_words_and_puts_it_on_the_timeline(client, world, members):
    _parent, child = members
    client.force_login(world.caseworker)
    response = client.post(
        reverse("goals:add_goal", args=[world.case.pk]),
        {
            "words": "Mees gaat weer elke dag naar school",
            "professional_words": "Schoolverzuim terugdringen",
            "whose": "member",
            "member": child.pk,
            "term": "long",
            "target_date": (timezone.localdate() + timedelta(days=120)).isoformat(),
        },
    )
    assert response.status_code == 302
    goal = Goal.objects.get(case=world.case)
    assert (goal.words, goal.member, goal.term) == ("Mees gaat weer elke dag naar school", child, "long")
    entry = DossierEntry.objects.get(case=world.case, kind=EntryKind.GOALS)
    assert entry.voice == Voice.FAMILY and "Mees gaat weer elke dag naar school" in entry.text
    dossier = client.get(reverse("cases:dossier", args=[world.case.pk])).content.decode()
    assert "Mees gaat weer elke dag naar school" in dossier


def test_it_refuses_a_goal_without_the_familys_words(client, world):
    client.force_login(world.caseworker)
    response = client.post(
        reverse("goals:add_goal", args=[world.case.pk]), {"words": " ", "whose": "family", "term": "short"}
    )
    assert response.status_code == 422
    assert "in de eigen woorden van het gezin" in response.content.decode()
    assert not Goal.objects.exists()


@pytest.mark.guideline("G5.2")
def test_it_moves_a_goal_up_with_a_button_and_refuses_a_stale_list(client, world):
    first, second, third = (_goal(world, words=w) for w in ("Een", "Twee", "Drie"))
    client.force_login(world.caseworker)
    url = reverse("goals:move", args=[world.case.pk])
    seen = f"{first.pk},{second.pk},{third.pk}"
    response = client.post(url, {"goal": third.pk, "direction": "up", "order": seen})
    assert response.status_code == 302
    assert list(world.case.goals.values_list("words", flat=True)) == ["Een", "Drie", "Twee"]
    # The same button again, pressed on the page as it was: someone else's move came in between.
    response = client.post(url, {"goal": second.pk, "direction": "up", "order": seen})
    assert response.status_code == 409
    assert "in de tussentijd" in response.content.decode()
    assert list(world.case.goals.values_list("words", flat=True)) == ["Een", "Drie", "Twee"]


def test_it_refuses_a_stale_version_of_a_goal(client, world):
    goal = _goal(world)
    client.force_login(world.caseworker)
    url = reverse("goals:change_goal", args=[goal.pk])
    body = {"words": "Samen eten", "whose": "family", "term": "short", "status": "open", "version": goal.version}
    assert client.post(url, body).status_code == 302
    response = client.post(url, {**body, "words": "Iets anders"})
    assert response.status_code == 422
    assert "Iemand anders heeft dit intussen gewijzigd" in response.content.decode()
    goal.refresh_from_db()
    assert goal.words == "Samen eten"


def test_it_asks_why_a_goal_is_dropped(client, world):
    goal = _goal(world)
    client.force_login(world.caseworker)
    body = {"words": goal.words, "whose": "family", "term": "short", "status": "dropped", "version": goal.version}
    response = client.post(reverse("goals:change_goal", args=[goal.pk]), body)
    assert response.status_code == 422
    assert "Schrijf op waarom het doel vervalt." in response.content.decode()


@pytest.mark.guideline("G5.6")
def test_it_records_scores_and_draws_one_line_per_scorer_with_a_table(client, world, members):
    parent, _child = members
    goal = _goal(world)
    client.force_login(world.caseworker)
    url = reverse("goals:add_score", args=[goal.pk])
    today = timezone.localdate()
    for scorer, score, days in ((f"m{parent.pk}", 3, 60), (f"p{world.caseworker.pk}", 4, 60), (f"m{parent.pk}", 6, 0)):
        body = {"scorer": scorer, "score": score, "scored_on": (today - timedelta(days=days)).isoformat()}
        if scorer.startswith("m"):
            body |= {"desired": 8, "one_point_higher": "We eten één keer per week samen zonder ruzie"}
        assert client.post(url, body).status_code == 302
    assert ScaleScore.objects.filter(goal=goal).count() == 3
    html = client.get(reverse("goals:overview", args=[world.case.pk])).content.decode()
    figure = html[html.index('<figure class="samenplan-chart">') : html.index("</figure>")]
    assert 'role="img"' in figure and "<script" not in figure and "style=" not in figure
    assert "Sanne Jansen" in figure and "(hulpverlener)" in figure  # the legend names both lines
    table = html[html.index("samenplan-chart__table") :]
    table = table[: table.index("</table>")]
    assert table.count("<tr") == 4  # header and three scores
    assert "We eten één keer per week samen zonder ruzie" in table


@pytest.mark.parametrize("score", ["11", "-1", "7.5", "tien"])
def test_it_refuses_a_score_off_the_scale(client, world, members, score):
    parent, _child = members
    goal = _goal(world)
    client.force_login(world.caseworker)
    body = {"scorer": f"m{parent.pk}", "score": score, "scored_on": timezone.localdate().isoformat()}
    response = client.post(reverse("goals:add_score", args=[goal.pk]), body)
    assert response.status_code == 422
    assert "een heel getal van 0 (het slechtste moment) tot 10 (doel bereikt)" in response.content.decode()
    assert not ScaleScore.objects.exists()


def test_it_refuses_a_scorer_who_is_not_of_the_family_or_the_case(client, world):
    goal = _goal(world)
    stranger = world.outsider_case.family.members.first()
    client.force_login(world.caseworker)
    url = reverse("goals:add_score", args=[goal.pk])
    for scorer in (f"m{stranger.pk}", f"p{world.colleague.pk}"):
        body = {"scorer": scorer, "score": "5", "scored_on": timezone.localdate().isoformat()}
        assert client.post(url, body).status_code == 422
    assert not ScaleScore.objects.exists()


@pytest.mark.guideline("P4")
def test_it_records_the_miracle_question_and_the_drieluik(client, world, members):
    parent, child = members
    client.force_login(world.caseworker)
    response = client.post(
        reverse("goals:miracle", args=[world.case.pk]),
        {f"m{parent.pk}-words": "Dan ontbijten we samen en lacht Mees.", f"m{child.pk}-words": ""},
    )
    assert response.status_code == 302
    assert list(MiracleAnswer.objects.values_list("member", flat=True)) == [parent.pk]
    url = reverse("goals:drieluik", args=[world.case.pk])
    body = {"nothing_changes": "Dan gaat Mees niet meer naar school.", "wished": "Rust in huis.", "what_we_do": ""}
    assert client.post(url, body).status_code == 302
    drieluik = Drieluik.objects.get(case=world.case)
    assert client.post(url, {**body, "what_we_do": "Elke week samen eten.", "version": 1}).status_code == 302
    assert client.post(url, {**body, "what_we_do": "Iets anders.", "version": 1}).status_code == 422  # stale
    drieluik.refresh_from_db()
    assert (drieluik.what_we_do, drieluik.version) == ("Elke week samen eten.", 2)
    html = client.get(reverse("goals:overview", args=[world.case.pk])).content.decode()
    assert "Dan ontbijten we samen en lacht Mees." in html and "Elke week samen eten." in html
    assert "Signs of Safety" not in html  # the clarification found no safety concerns
    kinds = DossierEntry.objects.filter(case=world.case, kind=EntryKind.GOALS).count()
    assert kinds == 3


def test_it_shows_signs_of_safety_only_after_a_safety_concern(client, world, members):
    from samenplan.intake import actions as intake_actions

    parent, _child = members
    client.force_login(world.caseworker)
    url = reverse("goals:signs_of_safety", args=[world.case.pk])
    body = {"worries": "Harde ruzies waar Mees bij is.", "goes_well": "Oma is er vaak.", "safety_score": "4"}
    page = client.get(url).content.decode()
    assert "Dat staat niet in dit dossier." in page and 'class="samenplan-form"' not in page  # explained, no form
    response = client.post(url, body)
    assert response.status_code == 422 and not SignsOfSafety.objects.exists()
    intake_actions.do_clarify(
        world.caseworker,
        world.case,
        participants=[{"member": parent, "help_question": "Hoe krijgen we rust?"}],
        assessment={
            "safety": "concerns",
            "safety_explanation": "Harde ruzies in huis.",
            "safety_assessed_by": "Anna en de gedragswetenschapper",
        },
    )
    assert "Signs of Safety" in client.get(reverse("goals:overview", args=[world.case.pk])).content.decode()
    assert client.post(url, body).status_code == 302
    assert SignsOfSafety.objects.get(case=world.case).safety_score == 4


def test_the_overview_costs_the_same_queries_however_many_scores(client, world, members):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    parent, _child = members
    goal = _goal(world)
    client.force_login(world.caseworker)
    url = reverse("goals:overview", args=[world.case.pk])
    counts = []
    for days in (10, 20, 30, 40, 50, 60):
        actions.do_add_score(
            world.caseworker, goal, member=parent, score=5, scored_on=timezone.localdate() - timedelta(days=days)
        )
        actions.do_add_score(
            world.caseworker, goal, professional=world.caseworker, score=6,
            scored_on=timezone.localdate() - timedelta(days=days),
        )  # fmt: skip
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert len(set(counts)) == 1, counts
