"""Shared set-up of the evaluation tests: a case with two goals and running help, through the real actions."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from samenplan import clock
from samenplan.decisions.models import HelpDeployment, HelpStatus
from samenplan.goals.actions import do_add_goal


def parent(case):
    return case.family.members.filter(role="parent").first()


def child(case):
    return case.family.members.filter(role="child").first()


def with_goals(world):
    case = world.case
    goals = list(case.goals.order_by("position", "pk"))
    if not goals:
        goals = [
            do_add_goal(world.caseworker, case, words="Samen eten zonder ruzie"),
            do_add_goal(world.caseworker, case, words="Mees gaat elke dag naar school"),
        ]
    return goals


def running_help(world, **fields):
    now = clock.now()
    values = {
        "description": "Opvoedondersteuning thuis",
        "intensity": "light",
        "status": HelpStatus.RUNNING,
        "starts_on": timezone.localdate() - timedelta(days=30),
        "author": world.caseworker,
        "recorded_at": now,
        "changed_at": now,
        **fields,
    }
    return HelpDeployment.objects.create(case=world.case, **values)
