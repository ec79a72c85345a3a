"""The evaluation pages: one screen per conversation (every goal with its last scores and inputs for new ones),
the progress page (charts side by side with their tables, the summary, the evaluations), closing and reopening."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import Case, Phase
from samenplan.evaluations import actions
from samenplan.evaluations.models import Closing, Evaluation
from samenplan.goals.models import ScaleScore
from tests.audit.statements import record_statements
from tests.evaluations.helpers import parent, with_goals


def _today():
    return timezone.localdate()


@pytest.mark.guideline("G5.6")
def test_it_evaluates_on_one_screen_with_every_goal_and_its_last_scores(client, world):
    goals = with_goals(world)
    client.force_login(world.caseworker)
    url = reverse("evaluations:hold_now", args=[world.case.pk])
    page = client.get(url).content.decode()
    assert "Samen eten zonder ruzie" in page and "Mees gaat elke dag naar school" in page
    assert f'name="g{goals[0].pk}-m{parent(world.case).pk}"' in page
    assert f'name="g{goals[1].pk}-p{world.caseworker.pk}"' in page
    body = {
        "held_on": _today().isoformat(),
        "helps": "Ja, <b>veel</b> rustiger.",
        "should_change": "",
        "outcome": "continue",
        f"g{goals[0].pk}-m{parent(world.case).pk}": "6",
        f"g{goals[0].pk}-p{world.caseworker.pk}": "5",
        "conversation_went": "Goed, iedereen kwam aan het woord.",
        "open_questions": "Hoe gaat het in de vakantie?",
    }
    response = client.post(url, body)
    assert response.status_code == 302
    assert ScaleScore.objects.filter(goal=goals[0]).count() == 2
    again = client.get(url).content.decode()
    assert "Laatste scores" in again
    progress = client.get(reverse("evaluations:progress", args=[world.case.pk])).content.decode()
    assert "Ja, &lt;b&gt;veel&lt;/b&gt; rustiger." in progress  # the family's words, escaped
    assert "Doel 1: nu 6" in progress  # one evaluation: the mean of the family's 6 and the professional's 5
    assert "Doel 2: nog geen scores" in progress
    assert "<svg" in progress and "<table" in progress


@pytest.mark.guideline("P8")
def test_it_keeps_how_the_conversation_went_and_the_open_questions(client, world):
    with_goals(world)
    client.force_login(world.caseworker)
    body = {
        "held_on": _today().isoformat(),
        "outcome": "continue",
        "conversation_went": "Mees vond het fijn dat hij mocht beginnen.",
        "open_questions": "Wie belt school?",
    }
    assert client.post(reverse("evaluations:hold_now", args=[world.case.pk]), body).status_code == 302
    evaluation = Evaluation.objects.get()
    assert evaluation.conversation_went.startswith("Mees vond") and evaluation.open_questions == "Wie belt school?"
    page = client.get(reverse("evaluations:progress", args=[world.case.pk])).content.decode()
    assert "Wie belt school?" in page


def test_it_shows_dutch_errors_and_saves_nothing(client, world):
    goals = with_goals(world)
    client.force_login(world.caseworker)
    body = {
        "held_on": _today().isoformat(),
        "outcome": "adjust",
        "adjustment": " ",
        f"g{goals[0].pk}-m{parent(world.case).pk}": "11",
    }
    response = client.post(reverse("evaluations:hold_now", args=[world.case.pk]), body)
    assert response.status_code == 422
    html = response.content.decode()
    assert "De score is een heel getal van 0 (het slechtste moment)" in html
    assert not Evaluation.objects.exists() and not ScaleScore.objects.exists()
    body[f"g{goals[0].pk}-m{parent(world.case).pk}"] = "7"
    response = client.post(reverse("evaluations:hold_now", args=[world.case.pk]), body)
    assert response.status_code == 422
    assert "Verandert er niets, kies dan voortzetten" in response.content.decode()
    assert not Evaluation.objects.exists() and not ScaleScore.objects.exists()


def test_it_plans_and_then_holds_a_planned_evaluation(client, world):
    with_goals(world)
    client.force_login(world.caseworker)
    planned_on = _today() + timedelta(days=3)
    response = client.post(
        reverse("evaluations:plan", args=[world.case.pk]),
        {"planned_on": planned_on.isoformat(), "how": "Thuis", "with_whom": "Sanne"},
    )
    assert response.status_code == 302
    evaluation = Evaluation.objects.get()
    page = client.get(reverse("evaluations:progress", args=[world.case.pk])).content.decode()
    assert reverse("evaluations:hold_planned", args=[evaluation.pk]) in page
    url = reverse("evaluations:hold_planned", args=[evaluation.pk])
    assert 'value="1"' in client.get(url).content.decode()
    body = {"held_on": _today().isoformat(), "outcome": "continue", "version": "1"}
    assert client.post(url, body).status_code == 302
    assert client.post(url, body).status_code == 422  # held already: refused, nothing changes
    evaluation.refresh_from_db()
    assert evaluation.is_held and evaluation.version == 2


@pytest.mark.guideline("G5.5")
def test_it_closes_with_outcomes_and_aftercare_and_reopens(client, world):
    goals = with_goals(world)
    Case.objects.filter(pk=world.case.pk).update(opened_on=_today() - timedelta(days=100))
    world.case.refresh_from_db()
    client.force_login(world.caseworker)
    url = reverse("evaluations:close", args=[world.case.pk])
    page = client.get(url).content.decode()
    assert f'name="goal-{goals[0].pk}"' in page
    body = {"reason": "", "version": str(world.case.version)}
    response = client.post(url, body)
    assert response.status_code == 422 and "Kies de reden om af te sluiten." in response.content.decode()
    body = {
        "reason": "goals_reached",
        f"goal-{goals[0].pk}": "reached",
        f"goal-{goals[1].pk}": "partly",
        "family_view": "Fijn dat er iemand meedacht.",
        "aftercare_what": "Telefoontje na drie maanden.",
        "aftercare_until": (_today() + timedelta(days=90)).isoformat(),
        "aftercare_contact": "Anna, 030 123 45 67",
        "version": str(world.case.version),
    }
    assert client.post(url, body).status_code == 302
    world.case.refresh_from_db()
    assert world.case.phase == Phase.CLOSED and Closing.objects.count() == 1
    progress = client.get(reverse("evaluations:progress", args=[world.case.pk])).content.decode()
    assert "Telefoontje na drie maanden." in progress and "Fijn dat er iemand meedacht." in progress
    reopen = reverse("evaluations:reopen", args=[world.case.pk])
    assert "Zaak heropenen" in client.get(reopen).content.decode()
    response = client.post(reopen, {"reason": "Het gaat weer mis.", "version": str(world.case.version)})
    assert response.status_code == 302
    world.case.refresh_from_db()
    assert world.case.is_open and world.case.phase == Phase.CLARIFICATION
    progress = client.get(reverse("evaluations:progress", args=[world.case.pk])).content.decode()
    assert "Het gaat weer mis." in progress and "Telefoontje na drie maanden." in progress  # the history stays


def test_it_offers_a_new_registration_after_the_reopen_period(client, world):
    with_goals(world)
    Case.objects.filter(pk=world.case.pk).update(
        opened_on=_today() - timedelta(days=400), closed_on=_today() - timedelta(days=200), phase=Phase.CLOSED
    )
    client.force_login(world.caseworker)
    page = client.get(reverse("evaluations:reopen", args=[world.case.pk])).content.decode()
    assert "Gezin opnieuw aanmelden" in page
    assert reverse("evaluations:register_return", args=[world.case.pk]) in page
    world.case.refresh_from_db()
    response = client.post(
        reverse("evaluations:reopen", args=[world.case.pk]), {"reason": "Terug", "version": world.case.version}
    )
    assert response.status_code == 422 and "heropenen kon tot" in response.content.decode()
    response = client.post(reverse("evaluations:register_return", args=[world.case.pk]), {"reason": "Terug"})
    assert response.status_code == 302
    new = Case.objects.exclude(pk=world.case.pk).get(family=world.case.family)
    assert response["Location"] == reverse("cases:dossier", args=[new.pk])
    page = client.get(reverse("evaluations:progress", args=[new.pk])).content.decode()
    assert reverse("cases:dossier", args=[world.case.pk]) in page


def test_it_logs_every_page_it_shows(client, world):
    with_goals(world)
    client.force_login(world.colleague)
    assert client.get(reverse("evaluations:progress", args=[world.case.pk])).status_code == 200
    assert AccessLogRecord.objects.filter(action="evaluations.progress", case_id=world.case.pk).exists()
    assert client.get(reverse("evaluations:hold_now", args=[world.case.pk])).status_code == 403
    assert client.get(reverse("evaluations:close", args=[world.case.pk])).status_code == 403


def test_it_shows_due_and_overdue_planned_evaluations(client, world):
    from samenplan import clock

    with clock.as_of(timezone.now() - timedelta(days=20)):
        actions.do_plan_evaluation(world.caseworker, world.case, planned_on=_today() - timedelta(days=2))
    client.force_login(world.caseworker)
    page = client.get(reverse("evaluations:progress", args=[world.case.pk])).content.decode()
    assert "te laat" in page


def _held_body(goals, scorers, score="6"):
    body = {"held_on": _today().isoformat(), "helps": "Rustiger.", "outcome": "continue", "version": ""}
    for goal in goals:
        for key in scorers:
            body[f"g{goal.pk}-{key}"] = score
    return body


# Saving an evaluation (issue 14: at most 15 queries an operation), the redirect not followed:
#   2  the session, the user with their team memberships (the permission rules)
#   3  the case (with its family and team), the family's members and the case's goals: what the form is built of
#   1  a savepoint: the action's transaction, nested in the test's (in production its BEGIN, not counted)
#   1  the case locked (SELECT … FOR UPDATE): one change of a case's records at a time
#   3  the evaluation, every scale score in one INSERT, every timeline entry in one INSERT; on PostgreSQL the three
#      in one statement (prepared.insert_together)
#   1  one access-log record, in the action's transaction: on PostgreSQL one statement, on SQLite 3 (chain head,
#      INSERT, chain head UPDATE; tests/audit/statements.py)
#   1  the savepoint released
# The same for one score or many: the count does not grow with the goals or with who scores.
SAVE_EVALUATION_QUERIES = 8 + (1 if connection.vendor == "postgresql" else 3) + record_statements()


@pytest.mark.parametrize("scorers", [["caseworker"], ["caseworker", "parent"]])
def test_it_saves_an_evaluation_in_a_fixed_number_of_queries(client, world, scorers, django_assert_num_queries):
    goals = with_goals(world)
    keys = {"caseworker": f"p{world.caseworker.pk}", "parent": f"m{parent(world.case).pk}"}
    client.force_login(world.caseworker)
    url = reverse("evaluations:hold_now", args=[world.case.pk])
    client.get(url)  # the form first, as a user opens it: the session is then a user's usual one
    with django_assert_num_queries(SAVE_EVALUATION_QUERIES):
        response = client.post(url, _held_body(goals, [keys[s] for s in scorers]))
    assert response.status_code == 302
    assert ScaleScore.objects.filter(goal__in=goals).count() == len(goals) * len(scorers)


def test_the_evaluation_page_reads_the_case_with_its_family_and_team_only(client, world):
    """The page, its errors and its saving use the case's family and team (the access-log record names the team):
    the case is read without the caseworker and the registration (fewer joins to plan), and nothing reads them
    later either: the page, a form with errors and a save touch neither table."""
    goals = with_goals(world)
    client.force_login(world.caseworker)
    url = reverse("evaluations:hold_now", args=[world.case.pk])
    client.get(url)
    body = _held_body(goals, [f"p{world.caseworker.pk}"])
    for method, data, status in (("get", None, 200), ("post", {**body, "held_on": ""}, 422), ("post", body, 302)):
        with CaptureQueriesContext(connection) as queries:
            response = getattr(client, method)(url, data)
        assert response.status_code == status
        statements = [query["sql"] for query in queries.captured_queries]
        (case_read,) = [sql for sql in statements if sql.startswith("SELECT") and 'FROM "cases_case"' in sql][:1]
        assert '"cases_family"' in case_read and '"accounts_team"' in case_read
        assert not any('"intake_registration"' in sql for sql in statements)
        assert not any('"accounts_user"."id" = "cases_case"."caseworker_id"' in sql for sql in statements)
        assert not any('"cases_case"."caseworker_id" = "accounts_user"."id"' in sql for sql in statements)


def test_a_co_worker_saving_an_evaluation_costs_two_queries_more(client, world, django_assert_num_queries):
    """The permission rule (``cases.move_phase``) asks whether they are a co-worker of the case, in the view and in
    the action; for the caseworker it reads that from the case. Scoring as the professional asks nothing more."""
    goals = with_goals(world)
    client.force_login(world.coworker)
    url = reverse("evaluations:hold_now", args=[world.case.pk])
    client.get(url)
    with django_assert_num_queries(SAVE_EVALUATION_QUERIES + 2):
        response = client.post(url, _held_body(goals, [f"p{world.coworker.pk}"]))
    assert response.status_code == 302
    assert set(ScaleScore.objects.values_list("professional", flat=True)) == {world.coworker.pk}


def test_an_evaluation_writes_the_scores_entries_and_one_access_log_record(client, world):
    """One record of the conversation names its scored goals; every score still has its entry on the timeline."""
    goals = with_goals(world)
    member = parent(world.case)
    client.force_login(world.caseworker)
    before = AccessLogRecord.objects.count()
    body = _held_body(goals, [f"p{world.caseworker.pk}", f"m{member.pk}"], score="7")
    assert client.post(reverse("evaluations:hold_now", args=[world.case.pk]), body).status_code == 302
    evaluation = Evaluation.objects.get()
    records = list(AccessLogRecord.objects.order_by("seq")[before:])
    written = [r for r in records if r.event != "read"]
    assert [(r.action, r.case_id) for r in written] == [("evaluations.hold", world.case.pk)]
    goal_ids = ",".join(str(g.pk) for g in goals)
    assert written[0].detail == f"evaluation={evaluation.pk} outcome=continue scores=4 goals={goal_ids}"
    entries = list(world.case.entries.order_by("at", "pk").values_list("kind", "voice", "speaker", "text"))[-6:]
    assert [(kind, voice, speaker) for kind, voice, speaker, _text in entries] == [
        ("goals", "family", member.pk),
        ("goals", "professional", None),
    ] * 2 + [("evaluation", "family", None), ("evaluation", "professional", None)]
    assert entries[1][3].startswith("Schaalscore 7 van 10 op ") and "(hulpverlener)" in entries[1][3]
    assert "Schaalscores gegeven: 4." in entries[-1][3]
