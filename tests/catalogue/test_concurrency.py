"""PostgreSQL, real parallel transactions: two administrators changing the same help from the same version, or
importing the same new names at once, never lose an update and never make a name twice."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from samenplan.accounts.models import Membership, Role, User
from samenplan.catalogue import actions
from samenplan.catalogue.models import HelpOffer
from samenplan.errors import StaleVersion
from tests.audit.test_concurrency import _in_threads
from tests.catalogue.factories import CSV_GOOD, offer
from tests.conftest import requires_postgres

pytestmark = [requires_postgres(), pytest.mark.django_db(transaction=True)]


def _second_administrator(world) -> User:
    second = User.objects.create(username="beheer2", organisation=world.org)
    Membership.objects.create(user=second, team=world.south, role=Role.ADMINISTRATOR)
    return second


def test_two_administrators_changing_the_same_help_lose_no_update(world):
    triple = offer(world)
    actors = [world.administrator.pk, _second_administrator(world).pk]
    outcomes = {}

    def change(i):
        try:
            actions.do_change_offer(
                User.objects.get(pk=actors[i]), HelpOffer.objects.get(pk=triple.pk),
                {"waiting_weeks": 10 + i}, expected_version=1,
            )  # fmt: skip
            outcomes[i] = "saved"
        except StaleVersion:
            outcomes[i] = "stale"

    assert _in_threads(2, change) == []
    assert sorted(outcomes.values()) == ["saved", "stale"]
    winner = next(i for i, o in outcomes.items() if o == "saved")
    triple.refresh_from_db()
    assert (triple.version, triple.waiting_weeks) == (2, 10 + winner)


def test_two_imports_at_once_make_each_name_once(world):
    actors = [world.administrator.pk, _second_administrator(world).pk]
    outcomes = {}

    def load(i):
        try:
            result = actions.do_import(User.objects.get(pk=actors[i]), world.org, CSV_GOOD)
            outcomes[i] = (len(result.created), result.unchanged)
        except ValidationError:
            outcomes[i] = "refused"

    assert _in_threads(2, load) == []
    assert sorted(outcomes.values()) == [(0, 2), (2, 0)]
    assert HelpOffer.objects.filter(organisation=world.org).count() == 2
