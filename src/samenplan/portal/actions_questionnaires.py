"""A family member's own answers to a questionnaire assigned to them: thin wrappers around the instrument engine's
actions (instruments.actions), with the member's account as the actor."""

from __future__ import annotations

from samenplan.accounts.models import User
from samenplan.cases.models import Member


def do_save(user: User, member: Member, assignment, *, answers: dict, version):
    """Keep the answers so far, to go on later (instruments.actions.do_save_answers)."""
    from samenplan.instruments import actions

    return actions.do_save_answers(user, assignment, answers=answers, expected_version=version)


def do_send(user: User, member: Member, assignment, *, answers: dict, version):
    """Send the answers: scored and recorded with the member as informant (instruments.actions.do_submit_answers)."""
    from samenplan.instruments import actions

    return actions.do_submit_answers(user, assignment, answers=answers, expected_version=version)
