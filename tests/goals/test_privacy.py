"""The goals step is client data of the case: the export for inspection holds it, and removing the family removes
it all (found through the foreign-key graph, no list kept by hand)."""

from __future__ import annotations

from datetime import date

from samenplan.goals import actions
from samenplan.goals.models import Drieluik, Goal, MiracleAnswer, ProblemAgreement, ScaleScore
from samenplan.privacy.actions import member_export, remove_family


def _fill(world):
    case = world.case
    parent = case.family.members.get(role="parent")
    actions.do_record_agreement(world.caseworker, case, member=parent, agreement="yes")
    goal = actions.do_add_goal(world.caseworker, case, words="Samen eten", whose="member", member=parent)
    actions.do_add_score(world.caseworker, goal, member=parent, score=4, scored_on=date(2026, 11, 2))
    actions.do_add_score(world.caseworker, goal, professional=world.caseworker, score=5, scored_on=date(2026, 11, 2))
    actions.do_record_miracle(world.caseworker, case, member=parent, words="Dan lachen we.")
    actions.do_save_drieluik(world.caseworker, case, wished="Rust.")
    return parent


def test_the_export_holds_the_goals_step(world):
    parent = _fill(world)
    records = member_export(parent)["records"]
    assert records["goals.Goal"][0]["fields"]["words"] == "Samen eten"
    assert len(records["goals.ScaleScore"]) == 2
    assert {"goals.ProblemAgreement", "goals.MiracleAnswer", "goals.Drieluik"} <= set(records)


def test_removing_the_family_removes_the_goals_step(world):
    _fill(world)
    remove_family(world.team_lead, world.case.family, reason="Bewaartermijn verstreken.")
    for model in (Goal, ScaleScore, ProblemAgreement, MiracleAnswer, Drieluik):
        assert not model.objects.exists(), model
