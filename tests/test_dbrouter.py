"""Read replicas: which database each query of a request goes to (samenplan/dbrouter.py, docs/scaling.md).

The module adds a second alias, "replica", that mirrors the test database (Django's TEST MIRROR, the documented
way to test replicas): its own connection to the same database. Each test captures the queries of both
connections and asserts where they went. The tests commit (transaction=True), so the replica's connection sees
what the primary wrote.
"""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samenplan import dbrouter
from samenplan.accounts.models import Membership, User
from samenplan.audit.models import AccessLogRecord, ChainHead
from samenplan.cases.models import Case, Voice
from tests.audit_guard import empty_access_log

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture(scope="module", autouse=True)
def replica(django_db_setup):
    """A replica alias for this module only: elsewhere no request reads a replica."""
    primary = connections[dbrouter.PRIMARY].settings_dict
    connections.settings[dbrouter.REPLICA] = {**primary, "TEST": {**primary["TEST"], "MIRROR": dbrouter.PRIMARY}}
    connections[dbrouter.REPLICA].creation.set_as_test_mirror(primary)
    assert settings.DATABASES[dbrouter.REPLICA]["NAME"] == primary["NAME"]
    yield
    connections[dbrouter.REPLICA].close()
    del connections[dbrouter.REPLICA]
    del connections.settings[dbrouter.REPLICA]


@pytest.fixture(autouse=True)
def _flushable_access_log(transactional_db):
    """The flush after each test is a DELETE on SQLite, which the access log refuses: empty it with its guard
    lifted for a moment (as tests/browser/conftest.py does). PostgreSQL flushes with TRUNCATE."""
    yield
    empty_access_log()


class Queries:
    """The SQL each connection ran while the block ran."""

    def __enter__(self):
        self._contexts = [CaptureQueriesContext(connections[alias]) for alias in (dbrouter.PRIMARY, dbrouter.REPLICA)]
        for context in self._contexts:
            context.__enter__()
        return self

    def __exit__(self, *exc):
        for context in reversed(self._contexts):
            context.__exit__(*exc)
        self.primary = [q["sql"] for q in self._contexts[0].captured_queries]
        self.replica = [q["sql"] for q in self._contexts[1].captured_queries]


def reading(sqls, table):
    return [sql for sql in sqls if sql.lstrip().upper().startswith("SELECT") and f'"{table}"' in sql]


def test_it_reads_a_read_only_page_from_the_replica_and_writes_its_log_record_on_the_primary(world, client):
    client.force_login(world.caseworker)
    with Queries() as queries:
        response = client.get(reverse("cases:caseload"))
    assert response.status_code == 200 and "Jansen" in response.content.decode()
    assert reading(queries.replica, "cases_case"), queries.replica
    assert not reading(queries.primary, "cases_case"), queries.primary
    # the log record and its chain's head, the session and the user: on the primary only
    assert any("INSERT" in sql and "audit_accesslogrecord" in sql for sql in queries.primary)
    assert any("audit_chainhead" in sql for sql in queries.primary)
    assert any("django_session" in sql for sql in queries.primary)
    for table in ("audit_accesslogrecord", "audit_chainhead", "django_session", "accounts_user"):
        assert not any(f'FROM "{table}"' in sql or f"{table}" in sql.split()[:3] for sql in queries.replica), table


def test_the_dossier_and_the_api_list_read_the_replica(world, client):
    client.force_login(world.caseworker)
    with Queries() as queries:
        assert client.get(reverse("cases:dossier", args=[world.case.pk])).status_code == 200
        assert client.get(reverse("api-cases")).status_code == 200
    assert reading(queries.replica, "cases_dossierentry") and reading(queries.replica, "cases_family")
    assert not reading(queries.primary, "cases_dossierentry") and not reading(queries.primary, "cases_family")


def test_a_change_reads_and_writes_only_the_primary_and_the_next_page_reads_the_primary_too(world, client):
    client.force_login(world.caseworker)
    dossier = reverse("cases:dossier", args=[world.case.pk])
    with Queries() as change:
        response = client.post(
            reverse("cases:add_note", args=[world.case.pk]), {"text": "Vader belde terug.", "voice": Voice.PROFESSIONAL}
        )
    assert response.status_code == 302
    assert change.replica == []
    cookie = response.cookies[settings.PRIMARY_COOKIE_NAME]
    assert cookie["max-age"] == settings.DATABASE_REPLICA_AFTER_WRITE and cookie["httponly"]

    with Queries() as after:
        page = client.get(dossier)
    assert "Vader belde terug." in page.content.decode()  # the page after the change shows it
    assert after.replica == [] and reading(after.primary, "cases_dossierentry")

    client.cookies[settings.PRIMARY_COOKIE_NAME] = str(int(time.time()) - 1)  # the few seconds have passed
    with Queries() as later:
        client.get(dossier)
    assert reading(later.replica, "cases_dossierentry")


def test_a_post_to_a_view_that_may_read_the_replica_still_reads_the_primary(world, client):
    client.force_login(world.caseworker)
    with Queries() as queries:
        response = client.post(reverse("api-families"), {}, content_type="application/json")
    assert response.status_code == 400
    assert queries.replica == [] and queries.primary


def test_a_page_not_marked_read_only_reads_the_primary(world, client):
    client.force_login(world.caseworker)
    with Queries() as queries:
        response = client.get(reverse("cases:change_workers", args=[world.case.pk]))
    assert response.status_code == 200
    assert queries.replica == [] and reading(queries.primary, "cases_case")


def test_within_a_replica_request_a_transaction_and_anything_after_a_write_read_the_primary(world):
    token = dbrouter._reads_replica.set(True)
    try:
        assert Case.objects.all().db == dbrouter.REPLICA
        assert AccessLogRecord.objects.all().db == dbrouter.REPLICA  # the access-log page may read the replica
        for model in (User, Membership, ChainHead):  # who is logged in, what they may do, the chains' heads
            assert model.objects.all().db == dbrouter.PRIMARY, model
        with transaction.atomic():  # an action: it reads what it is about to change on the primary
            assert Case.objects.all().db == dbrouter.PRIMARY
        case = Case.objects.get(pk=world.case.pk)
        assert case._state.db == dbrouter.REPLICA and case.family._state.db == dbrouter.REPLICA  # related follow
        case.save(update_fields=["phase"])  # a write of client data (tests may write without an action)
        assert Case.objects.all().db == dbrouter.PRIMARY  # the rest of the request reads its own write
    finally:
        dbrouter._reads_replica.reset(token)
    assert Case.objects.all().db == dbrouter.PRIMARY  # outside a marked request


def test_without_a_replica_everything_reads_the_primary_and_no_cookie_is_set(world, client, monkeypatch):
    monkeypatch.delitem(settings.DATABASES, dbrouter.REPLICA)
    client.force_login(world.caseworker)
    with Queries() as queries:
        client.get(reverse("cases:caseload"))
        response = client.post(
            reverse("cases:add_note", args=[world.case.pk]), {"text": "Moeder belde.", "voice": Voice.PROFESSIONAL}
        )
    assert queries.replica == [] and reading(queries.primary, "cases_case")
    assert settings.PRIMARY_COOKIE_NAME not in response.cookies


def test_the_replica_is_never_migrated():
    router = dbrouter.ReplicaRouter()
    assert router.allow_migrate(dbrouter.PRIMARY, "cases") and not router.allow_migrate(dbrouter.REPLICA, "cases")
