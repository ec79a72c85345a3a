"""PostgreSQL, real parallel transactions: two people save the same parent's first preference at once (one wins,
the other gets a stale version, never two rows), and two change the same help (one wins)."""

from __future__ import annotations

import pytest

from samenplan.audit import log as audit_log
from samenplan.decisions import actions
from samenplan.decisions.models import HelpDeployment, Preference
from samenplan.errors import StaleVersion
from tests.audit.test_concurrency import _in_threads
from tests.conftest import requires_postgres
from tests.decisions.factories import three_options

pytestmark = [requires_postgres(), pytest.mark.django_db(transaction=True)]


def test_two_first_preferences_of_one_parent_one_wins(world):
    options = three_options(world.caseworker, world.case)
    parent = world.case.family.members.order_by("pk").first()
    outcomes = {}

    def save(i):
        who = (world.caseworker, world.coworker)[i]
        try:
            actions.do_save_preference(
                who, world.case, member=parent, kind="preferred", preferred=options[i], reasons=f"Reden {i}",
                seen_options=[o.pk for o in options], expected_version=0,
            )  # fmt: skip
            outcomes[i] = "won"
        except StaleVersion:
            outcomes[i] = "stale"

    assert _in_threads(2, save) == []
    assert sorted(outcomes.values()) == ["stale", "won"]
    assert Preference.objects.count() == 1
    assert audit_log.verify()[1] is None


def test_two_changes_of_one_help_one_wins(world):
    help = actions.do_add_help(world.caseworker, world.case, description="Opvoedcursus", intensity="light")
    outcomes = {}

    def change(i):
        who = (world.caseworker, world.coworker)[i]
        try:
            actions.do_change_help(
                who, HelpDeployment.objects.get(pk=help.pk), expected_version=1, description=f"Cursus {i}",
                intensity="light", status="running",
            )  # fmt: skip
            outcomes[i] = "won"
        except StaleVersion:
            outcomes[i] = "stale"

    assert _in_threads(2, change) == []
    assert sorted(outcomes.values()) == ["stale", "won"]
    help.refresh_from_db()
    assert help.version == 2
