"""The access log's append-only guard, for tests that must empty the log on SQLite after a transactional test.

PostgreSQL flushes with TRUNCATE, which the row triggers do not see; SQLite flushes with DELETE, which the guard
refuses. ``empty_access_log`` lifts the guard for a moment, empties the log and its checkpoints, and puts it back.
"""

import importlib

from django.db import connection

APPEND_ONLY = importlib.import_module("samenplan.audit.migrations.0002_append_only")
CHECKPOINT = importlib.import_module("samenplan.audit.migrations.0004_log_checkpoint")  # the guard as it is now


def empty_access_log() -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for sql in (*APPEND_ONLY.SQLITE_BACKWARD, *CHECKPOINT.SQLITE_LIFT):
            cursor.execute(sql)
        cursor.execute(f"DELETE FROM {APPEND_ONLY.TABLE}")
        cursor.execute(f"DELETE FROM {CHECKPOINT.CHECKPOINT}")
        for sql in (*APPEND_ONLY.SQLITE_FORWARD, *CHECKPOINT.SQLITE_FORWARD):
            cursor.execute(sql)
