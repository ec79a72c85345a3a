"""Backing up and restoring the whole database: PostgreSQL through pg_dump/pg_restore, SQLite through its backup API.

Both keep the access log with the data (it lives in the same database), so a restored log verifies as before.
A backup is written to a temporary file next to the target and renamed only when complete; a restore replaces the
database in one transaction (pg_restore --single-transaction; SQLite's backup API holds a write lock).
"""

from __future__ import annotations

import getpass
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

from django.db import connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor

from samenplan.audit import log
from samenplan.audit.models import AccessLogRecord, Event

Say = Callable[[str], None]
SQLITE_PAGES_PER_STEP = 256


class BackupError(Exception):
    """The backup or restore could not be done; the message says why and what to do."""


def operator():
    """Who runs the command, for the access log: the login name (the sudo user when run through sudo)."""
    name = os.environ.get("SUDO_USER") or getpass.getuser()
    return SimpleNamespace(pk=None, username=f"cli:{name}", organisation_id=None)


def backup(path: Path, *, force: bool, say: Say) -> tuple[int, str]:
    """Write a full backup to ``path``. Returns the access-log head (seq, hash) recorded just before the copy."""
    if path.is_dir():
        raise BackupError(f"{path} is a folder: give the backup file's name.")
    if path.exists() and not force:
        raise BackupError(f"{path} exists. Choose another name, or add --force to replace it.")
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    if AccessLogRecord._meta.db_table not in connection.introspection.table_names():
        raise BackupError("This database holds no samenplan tables: nothing to back up. Is DATABASE_URL right?")
    with transaction.atomic():  # the backup holds its own record: the log says who copied everything, and where
        entry = log.record(operator(), Event.EXPORT, "maintenance.backup", detail=f"to {path}")
    temporary = path.with_name(f".{path.name}.partial")
    temporary.unlink(missing_ok=True)
    try:
        if connection.vendor == "postgresql":
            _pg_dump(temporary, say)
        elif connection.vendor == "sqlite":
            target = sqlite3.connect(temporary)
            try:
                _sqlite_copy(_sqlite_connection(), target, say)
            finally:
                target.close()
            _sqlite_check(temporary)
        else:
            raise BackupError(f"Backups of {connection.vendor} databases are not supported.")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    say(f"Backup written: {path} ({path.stat().st_size:,} bytes).")
    return entry.seq, entry.hash


def restore(path: Path, *, force: bool, say: Say) -> tuple[int, tuple[int, str] | None] | None:
    """Replace the database with the backup at ``path``. Returns the access log's verification (count, break),
    or None when the backup needs migrating first (then nothing is verified or recorded)."""
    if not path.is_file():
        raise BackupError(f"No backup at {path}.")
    tables = connection.introspection.table_names()
    if tables and not force:
        raise BackupError(
            f"The database is not empty ({len(tables)} tables). Restoring replaces everything in it: "
            "add --force when that is what you want."
        )
    if connection.vendor == "postgresql":
        _pg_restore(path, clean=bool(tables), say=say)
    elif connection.vendor == "sqlite":
        _sqlite_check(path)
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            _sqlite_copy(source, _sqlite_connection(), say)
        finally:
            source.close()
    else:
        raise BackupError(f"Restoring {connection.vendor} databases is not supported.")
    connections.close_all()
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        say("The backup comes from an older samenplan: run 'samenplan migrate', then 'samenplan audit verify'.")
        return None
    say("Verifying the access log …")
    count, broken = log.verify()
    with transaction.atomic():
        detail = f"from {path}; log {'intact' if broken is None else 'BROKEN'} through #{count}"
        log.record(operator(), Event.CHANGE, "maintenance.restore", detail=detail)
    return count, broken


# PostgreSQL


def _pg_environment() -> dict[str, str]:
    settings = connection.settings_dict
    environ = dict(os.environ)
    for key, value in (
        ("PGHOST", settings.get("HOST")),
        ("PGPORT", settings.get("PORT")),
        ("PGUSER", settings.get("USER")),
        ("PGPASSWORD", settings.get("PASSWORD")),  # in the environment, never on the command line
        ("PGDATABASE", settings.get("NAME")),
        ("PGSSLMODE", settings.get("OPTIONS", {}).get("sslmode")),
    ):
        if value:
            environ[key] = str(value)
    return environ


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} not found: install the PostgreSQL client tools (apt-get install postgresql-client).")
    return found


def _run_pg(args: list[str], say: Say, counting: str) -> None:
    """Run pg_dump or pg_restore --verbose, turning its per-object lines into progress."""
    process = subprocess.Popen(  # noqa: S603 (fixed program, arguments from samenplan)
        args, env=_pg_environment(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    done, errors = 0, []
    assert process.stderr is not None
    for line in process.stderr:
        line = line.rstrip()
        if counting in line:
            done += 1
            say(f"  {done:4d} {line.split(counting, 1)[1].strip()}")
        elif "error" in line.lower() or "fatal" in line.lower():
            errors.append(line)
    if process.wait() != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {' '.join(errors[-3:]) or 'exit ' + str(process.returncode)}")


def _pg_dump(target: Path, say: Say) -> None:
    say(f"Dumping PostgreSQL database {connection.settings_dict['NAME']} (custom format) …")
    _run_pg([_pg_tool("pg_dump"), "--format=custom", "--verbose", f"--file={target}"], say, "dumping contents of")


def _pg_restore(path: Path, *, clean: bool, say: Say) -> None:
    listed = subprocess.run(  # noqa: S603
        [_pg_tool("pg_restore"), "--list", str(path)], capture_output=True, text=True, check=False
    )
    if listed.returncode != 0:
        raise BackupError(f"{path} is not a pg_dump backup in custom format: {listed.stderr.strip()[:300]}")
    say(f"Restoring into PostgreSQL database {connection.settings_dict['NAME']} (one transaction) …")
    args = [_pg_tool("pg_restore"), "--verbose", "--single-transaction", "--exit-on-error", "--no-owner", "--no-acl"]
    args += [f"--dbname={connection.settings_dict['NAME']}", str(path)]
    if not clean:
        connections.close_all()
        _run_pg(args, say, "processing data for")
        return
    # pg_restore --clean cannot drop the access log's partitions (their keys are inherited from the partitioned
    # table), so the current schema is set aside instead: renamed, with its extensions moved to a fresh schema
    # for the restore to use. When the restore (one transaction) succeeds, the old schema is dropped; when it
    # fails, everything is put back as it was. Nothing is lost either way.
    _set_aside_schema()
    connections.close_all()
    try:
        _run_pg(args, say, "processing data for")
    except BackupError:
        connections.close_all()
        _put_back_schema()
        raise
    connections.close_all()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA {ASIDE} CASCADE")
    connections.close_all()


ASIDE = "samenplan_before_restore"


def _extensions(cursor, schema: str) -> list[str]:
    cursor.execute(
        "SELECT e.extname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE n.nspname = %s",
        [schema],
    )
    return [name for (name,) in cursor.fetchall()]


def _set_aside_schema() -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {ASIDE} CASCADE")
        cursor.execute(f"ALTER SCHEMA public RENAME TO {ASIDE}")
        cursor.execute("CREATE SCHEMA public")
        for name in _extensions(cursor, ASIDE):
            cursor.execute(f'ALTER EXTENSION "{name}" SET SCHEMA public')


def _put_back_schema() -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        for name in _extensions(cursor, "public"):
            cursor.execute(f'ALTER EXTENSION "{name}" SET SCHEMA {ASIDE}')
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute(f"ALTER SCHEMA {ASIDE} RENAME TO public")


# SQLite


def _sqlite_connection() -> sqlite3.Connection:
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError("A backup or restore cannot run inside a transaction.")
    return connection.connection


def _sqlite_copy(source: sqlite3.Connection, target: sqlite3.Connection, say: Say) -> None:
    def progress(status, remaining, total):
        say(f"  copied {total - remaining:,} of {total:,} pages")

    say("Copying the SQLite database page by page (online backup API) …")
    source.backup(target, pages=SQLITE_PAGES_PER_STEP, progress=progress)


def _sqlite_check(path: Path) -> None:
    try:
        check = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = check.execute("PRAGMA integrity_check").fetchone()[0]
            migrations = check.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
            ).fetchone()[0]
        finally:
            check.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a readable SQLite database: {exc}") from exc
    if result != "ok":
        raise BackupError(f"{path} fails SQLite's integrity check: {result}")
    if not migrations:
        raise BackupError(f"{path} is not a samenplan database (it has no django_migrations table).")
