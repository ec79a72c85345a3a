"""Transactional tests and the append-only access log on SQLite.

After a transactional test the suite empties every table with DELETE (on PostgreSQL with TRUNCATE, which row
triggers do not see); on SQLite the append-only trigger refuses that. This fixture lifts the trigger for the
flush and puts it back straight after (the flush ends by sending post_migrate).
"""

import importlib

import pytest
from django.db import connection
from django.db.models.signals import post_migrate

APPEND_ONLY = importlib.import_module("samenplan.audit.migrations.0002_append_only")
CHECKPOINT = importlib.import_module("samenplan.audit.migrations.0004_log_checkpoint")  # the guard as it is now


@pytest.fixture(autouse=True)
def _flushable_access_log(request):
    yield
    marker = request.node.get_closest_marker("django_db")
    if connection.vendor != "sqlite" or marker is None or not marker.kwargs.get("transaction"):
        return

    def put_back(**kwargs):
        post_migrate.disconnect(put_back)
        with connection.cursor() as cursor:
            for sql in (*APPEND_ONLY.SQLITE_FORWARD, *CHECKPOINT.SQLITE_FORWARD):
                cursor.execute(sql.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1))

    with connection.cursor() as cursor:
        for sql in (*APPEND_ONLY.SQLITE_BACKWARD, *CHECKPOINT.SQLITE_LIFT):
            cursor.execute(sql)
    post_migrate.connect(put_back, weak=False)


def pytest_terminal_summary(terminalreporter):
    from tests.maintenance.figures import LINES

    if LINES:
        terminalreporter.section("samenplan safety figures")
        for line in LINES:
            terminalreporter.write_line(line)
