"""cases.actions.lock_case: the case, its family and its team, read and locked in one statement whose SQL is
compiled once per connection (``_locked_case``); the same objects and the same lock as the ORM's query."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from samenplan.cases.actions import lock_case
from samenplan.cases.models import Case
from tests.conftest import requires_postgres


def _orm(pk):
    return Case.objects.select_for_update().select_related("family", "team").get(pk=pk)


def _fields(case):
    return {f.attname: getattr(case, f.attname) for f in case._meta.concrete_fields}


def test_it_reads_the_case_its_family_and_its_team_as_the_orm_does(world):
    with transaction.atomic():
        for _ in range(2):  # compiled the first time, reused the second
            with CaptureQueriesContext(connection) as queries:
                locked = lock_case(world.case)
            assert len(queries.captured_queries) == 1
            expected = _orm(world.case.pk)
            assert _fields(locked) == _fields(expected)
            assert _fields(locked.family) == _fields(expected.family)
            assert _fields(locked.team) == _fields(expected.team)
        assert lock_case(world.outsider_case.pk).pk == world.outsider_case.pk


def test_it_checks_the_version_and_refuses_a_case_that_does_not_exist(world):
    from samenplan.errors import StaleVersion

    with transaction.atomic():
        lock_case(world.case)
        with pytest.raises(Case.DoesNotExist):
            lock_case(10**9)
        with pytest.raises(StaleVersion):
            lock_case(world.case, expected_version=world.case.version + 1)


@requires_postgres()
def test_it_locks_the_rows_on_postgresql(world):
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        lock_case(world.case)
        lock_case(world.case)
    for query in queries.captured_queries:
        assert query["sql"].rstrip().endswith("FOR UPDATE"), query["sql"]
