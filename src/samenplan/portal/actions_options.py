"""The family's own reaction to options and their preference, from the portal: thin wrappers around the decisions
app's actions, with the family member's account as the actor (their voice in the dossier, them in the access log)."""

from __future__ import annotations

from samenplan.accounts.models import User
from samenplan.cases.models import Member


def do_family_reaction(user: User, member: Member, option, *, pros="", cons="", option_version=None, version=None):
    """What the member sees as good and less good about ``option`` (decisions.actions.do_react_to_option)."""
    from samenplan.decisions import actions

    return actions.do_react_to_option(
        user, option, member=member, pros=pros, cons=cons, option_version=option_version, expected_version=version
    )


def do_family_preference(user: User, member: Member, case, **preference):
    """The member's own preference (decisions.actions.do_save_preference), recorded for themselves only."""
    from samenplan.decisions import actions

    return actions.do_save_preference(user, case, member=member, **preference)
