"""PostgreSQL, real parallel transactions: two people move goals on the same list at once (one wins, the other
is told the list changed), and two change the same goal (one wins, the other gets a stale version)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from samenplan.audit import log as audit_log
from samenplan.errors import StaleVersion
from samenplan.goals import actions
from samenplan.goals.models import Goal
from tests.audit.test_concurrency import _in_threads
from tests.conftest import requires_postgres

pytestmark = [requires_postgres(), pytest.mark.django_db(transaction=True)]


def test_two_moves_on_the_same_list_one_wins(world):
    goals = [actions.do_add_goal(world.caseworker, world.case, words=w) for w in ("Een", "Twee", "Drie")]
    seen = [g.pk for g in goals]
    outcomes = {}

    def move(i):
        who = (world.caseworker, world.coworker)[i]
        try:
            actions.do_move_goal(who, world.case, goal_id=seen[2 - i], direction="up", seen_order=seen)
            outcomes[i] = "won"
        except ValidationError as error:
            outcomes[i] = error.error_dict["order"][0].code

    assert _in_threads(2, move) == []
    assert sorted(outcomes.values()) == ["stale_order", "won"]
    positions = sorted(Goal.objects.values_list("position", flat=True))
    assert positions == [1, 2, 3]  # never two goals on one place
    assert audit_log.verify()[1] is None


def test_two_changes_of_one_goal_one_wins(world):
    goal = actions.do_add_goal(world.caseworker, world.case, words="Samen eten")
    outcomes = {}

    def change(i):
        who = (world.caseworker, world.coworker)[i]
        try:
            actions.do_change_goal(
                who, Goal.objects.get(pk=goal.pk), expected_version=1, words=f"Samen eten {i}", whose="family"
            )
            outcomes[i] = "won"
        except StaleVersion:
            outcomes[i] = "stale"

    assert _in_threads(2, change) == []
    assert sorted(outcomes.values()) == ["stale", "won"]
    goal.refresh_from_db()
    assert goal.version == 2
