"""What the evaluation page reads and builds once instead of per request: its members and goals (SQL compiled once
per connection) are the ORM's, and its choices kept as they are (``forms.FixedChoices``) render and check as the
lists Django normalises every time."""

from __future__ import annotations

import copy

import pytest

from samenplan.evaluations import services
from samenplan.evaluations.forms import SCALE, EvaluationForm
from samenplan.evaluations.models import Outcome
from tests.evaluations.helpers import parent, with_goals


def test_the_members_and_goals_are_the_orm_s_own(world):
    goals = with_goals(world)
    for case in (world.case, world.outsider_case, world.case):
        members, found = services.hold_records(case)
        assert members == list(case.family.members.all()) and found == list(case.goals.all())
        assert {m.family for m in members} == {case.family} and {g.case for g in found} <= {case}
        for mine, theirs in zip(members, case.family.members.all(), strict=True):
            assert (str(mine), mine.age, mine.role, mine.family_id) == (
                str(theirs),
                theirs.age,
                theirs.role,
                theirs.family_id,
            )
    assert [g.words for g in services.hold_records(world.case)[1]] == [g.words for g in goals]


def _form(world, data=None):
    members, goals = services.hold_records(world.case)
    return EvaluationForm(data, goals=goals, members=members, professional=world.caseworker)


def _plain(form):
    """The same form with its choices as the plain lists they were before."""
    for field in form.fields.values():
        if hasattr(field, "choices"):
            field.choices = [tuple(choice) for choice in field.choices]
    return form


@pytest.mark.parametrize("score", ["6", "0", "10", "11", "x", ""])
def test_its_choices_render_and_check_as_plain_lists(world, score):
    goals = with_goals(world)
    data = {"held_on": "2026-01-05", "outcome": "continue", f"g{goals[0].pk}-m{parent(world.case).pk}": score}
    for bound in (None, data):
        mine, theirs = _form(world, bound), _plain(_form(world, bound))
        assert mine.as_div() == theirs.as_div()
        assert [str(mine[name]) for name in mine.fields] == [str(theirs[name]) for name in theirs.fields]
        if bound:
            assert mine.is_valid() == theirs.is_valid() and mine.errors == theirs.errors
    assert list(SCALE) == [("", "-")] + [(str(n), str(n)) for n in range(11)]
    assert copy.deepcopy(SCALE) is SCALE
    assert list(_form(world).fields["outcome"].choices) == list(Outcome.choices)
