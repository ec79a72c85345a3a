"""PostgreSQL, real parallel transactions: two administrators disabling each other at the same moment never leave
the organisation without an active administrator, and an invitation link is used only once."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samenplan.accounts.models import Membership, Role, User
from samenplan.administration import actions
from samenplan.administration.models import Invitation
from tests.audit.test_concurrency import _in_threads
from tests.conftest import requires_postgres

pytestmark = [requires_postgres(), pytest.mark.django_db(transaction=True)]


def test_two_administrators_disabling_each_other_leave_one(world):
    """Whichever comes second is refused: by the last-administrator rule when both were waiting for the lock, or
    because its own account is no longer active when the first had already finished."""
    second = User.objects.create(username="beheer2", organisation=world.org)
    Membership.objects.create(user=second, team=world.south, role=Role.ADMINISTRATOR)
    pairs = [(world.administrator.pk, second.pk), (second.pk, world.administrator.pk)]
    outcomes = {}

    def disable(i):
        actor_id, target_id = pairs[i]
        try:
            actions.do_set_active(User.objects.get(pk=actor_id), User.objects.get(pk=target_id), active=False)
            outcomes[i] = "done"
        except (ValidationError, PermissionDenied):
            outcomes[i] = "refused"

    assert _in_threads(2, disable) == []
    assert sorted(outcomes.values()) == ["done", "refused"]
    assert User.objects.filter(pk__in=[world.administrator.pk, second.pk], is_active=True).count() == 1


def test_an_invitation_link_sets_a_password_once(world):
    invitation = actions.do_invite(
        world.administrator, username="nadia", first_name="Nadia", last_name="Amrani", email="nadia@example.org",
        team=None, role=None, base_url="http://testserver/",
    )  # fmt: skip
    passwords = ["een eerste lange zin om te kiezen", "een tweede lange zin om te kiezen"]
    outcomes = {}

    def accept(i):
        try:
            actions.do_accept_invitation(invitation.token, password1=passwords[i], password2=passwords[i])
            outcomes[i] = "set"
        except ValidationError:
            outcomes[i] = "refused"

    assert _in_threads(2, accept) == []
    assert sorted(outcomes.values()) == ["refused", "set"]
    winner = passwords[next(i for i, o in outcomes.items() if o == "set")]
    assert User.objects.get(username="nadia").check_password(winner)
    assert Invitation.objects.get(pk=invitation.pk).used_at is not None
