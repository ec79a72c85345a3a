"""The actions bound list sizes themselves (beside the forms and serializers) and check workers in one query."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samenplan.accounts.models import Role
from samenplan.cases import actions
from samenplan.cases.models import Case, Family, MemberRole
from samenplan.cases.rules import MAX_COWORKERS, MAX_MEMBERS_AT_REGISTRATION
from tests.conftest import register
from tests.factories import member_of


def _membership_lookups(queries) -> int:
    return sum('FROM "accounts_membership"' in q["sql"] for q in queries.captured_queries)


def test_it_checks_ten_co_workers_in_one_query(world):
    others = [member_of(world.north, Role.PROFESSIONAL) for _ in range(MAX_COWORKERS)]

    with CaptureQueriesContext(connection) as queries:
        case = actions.do_change_workers(
            world.caseworker, world.case, caseworker=world.caseworker, coworkers=others, expected_version=1
        )

    assert case.coworkers.count() == MAX_COWORKERS
    assert _membership_lookups(queries) <= 3  # the rule's own role lookup, the caseworker, the co-workers


def test_it_refuses_more_co_workers_than_a_case_has(world):
    others = [member_of(world.north, Role.PROFESSIONAL) for _ in range(MAX_COWORKERS + 1)]

    with pytest.raises(ValidationError) as error:
        actions.do_change_workers(
            world.caseworker, world.case, caseworker=world.caseworker, coworkers=others, expected_version=1
        )

    assert error.value.error_dict["coworkers"][0].code == "too_many"
    assert Case.objects.get(pk=world.case.pk).version == 1


def test_it_refuses_a_registration_with_more_members_than_a_household(world):
    members = [{"given_name": f"Kind {i}", "role": MemberRole.CHILD} for i in range(MAX_MEMBERS_AT_REGISTRATION + 1)]
    families = Family.objects.count()

    with pytest.raises(ValidationError) as error:
        register(world.caseworker, world.north, name="Groot", members=members)

    assert error.value.error_dict["members"][0].code == "too_many"
    assert Family.objects.count() == families


@pytest.mark.parametrize("version", [None, ""])
def test_it_refuses_a_change_without_a_version(world, version):
    with pytest.raises(ValidationError) as error:
        actions.do_move_phase(world.caseworker, world.case, target="clarification", expected_version=version)

    assert error.value.error_dict["version"][0].code == "required"
    assert Case.objects.get(pk=world.case.pk).phase == "registration"
