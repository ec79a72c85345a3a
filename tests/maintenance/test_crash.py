"""The crash test: a real server is killed (SIGKILL) while writing, at least 50 times; nothing is half-saved.

gunicorn (one sync worker, the application preloaded) serves the API on a loopback port against a file database:
an SQLite file made from the test database with `samenplan backup` (suite on SQLite), or the test database itself
(suite on PostgreSQL). A client thread writes in a loop through the API: registrations (family, case, members,
timeline entry, log record in one transaction), notes and member changes (with their version). The test kills the
worker process with SIGKILL a moment after a request went out, waits for gunicorn to start a new one, and repeats;
at the end it kills the whole server (master and worker) once and starts it again. Then:
- the database is intact (SQLite: PRAGMA integrity_check and foreign_key_check; PostgreSQL: amcheck on the indexes
  when the extension is available, and the consistency checks below);
- no write is half-saved: every family has its case, both members and its registration entry; every registration,
  note and member change has exactly its access-log record and every such record its change;
- every write the server acknowledged is there;
- `samenplan audit verify` says the log is intact.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection
from knox.models import AuthToken

from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import Case, DossierEntry, EntryKind, Family, Member, MemberRole
from tests.maintenance.figures import report

pytestmark = pytest.mark.django_db(transaction=True)

WORKER_KILLS = 50
KILL_LOOP_SECONDS = 70  # the loop stops itself; fewer than WORKER_KILLS kills in this time fails the test
ROOT = Path(__file__).resolve().parent.parent.parent
CONNECTION_LOST = (ConnectionError, http.client.HTTPException, TimeoutError, OSError)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn in its own process group: a master that forks a new worker when one dies."""

    def __init__(self, database_url: str, log_path: Path):
        self.port = _free_port()
        self.log_path = log_path
        self.environ = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        self.environ.update(
            DATABASE_URL=database_url,
            DEBUG="0",
            SECRET_KEY=secrets.token_urlsafe(40),
            ALLOWED_HOSTS="127.0.0.1",
            SECURE_SSL_REDIRECT="0",
            SECURE_COOKIES="0",
            SECURE_HSTS_SECONDS="0",
        )
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log_path.open("a") as out:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "samenplan.wsgi:application",
                    "--preload",
                    "--config=python:tests.maintenance.gunicorn_crash",
                    "--workers=1",
                    f"--bind=127.0.0.1:{self.port}",
                    "--timeout=30",
                    "--graceful-timeout=1",
                    "--log-level=warning",
                ],
                cwd=ROOT,
                env=self.environ,
                stdout=out,
                stderr=out,
                start_new_session=True,
            )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            except CONNECTION_LOST:
                pass
            time.sleep(0.2)
        if self.process.poll() is None:
            self.kill_all()
        raise AssertionError(f"gunicorn did not answer /healthz: {self.log_path.read_text()[-2000:]}")

    def worker_pid(self) -> int | None:
        master = self.process.pid
        try:
            children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        except FileNotFoundError:
            return None
        return int(children[0]) if children else None

    def kill_all(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


class Writer(threading.Thread):
    """Writes through the API one request at a time and remembers what the server acknowledged."""

    def __init__(self, port: int, token: str, team_id: int, caseworker_id: int, case_id: int, member_id: int):
        super().__init__(daemon=True)
        self.port, self.token = port, token
        self.team_id, self.caseworker_id, self.case_id, self.member_id = team_id, caseworker_id, case_id, member_id
        self.member_version: int | None = None
        self.stop = threading.Event()
        self.in_flight = threading.Event()
        self.responses = 0
        self.write_seconds: list[float] = []  # how long acknowledged writes took: the kill aims inside that span
        self.interrupted = 0
        self.refused = 0
        self.acked_families: set[int] = set()
        self.acked_notes: set[int] = set()
        self.acked_member_version = 1
        self.acked_changes = 0
        self.unexpected: list[str] = []

    def call(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict] | None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        headers = {"Authorization": f"Token {self.token}", "Content-Type": "application/json"}
        try:
            self.in_flight.set()
            sent = time.monotonic()
            conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
            response = conn.getresponse()
            status, data = response.status, response.read()
            if method != "GET" and status < 300:
                self.write_seconds = [*self.write_seconds[-19:], time.monotonic() - sent]
        except ConnectionRefusedError:  # the whole server is down: nothing was sent
            self.refused += 1
            time.sleep(0.05)
            return None
        except CONNECTION_LOST:
            self.interrupted += 1
            return None
        finally:
            self.in_flight.clear()
            conn.close()
        self.responses += 1
        return status, json.loads(data) if data.startswith(b"{") else {}

    def run(self) -> None:
        n = 0
        while not self.stop.is_set():
            n += 1
            try:
                [self.register, self.note, self.change_member][n % 3](n)
            except Exception as exc:  # reported by the test
                self.unexpected.append(repr(exc))

    def expect(self, result, *statuses) -> dict | None:
        if result is None:
            return None
        status, data = result
        if status not in statuses:
            self.unexpected.append(f"{status}: {str(data)[:300]}")
            return None
        return data if status in (200, 201) else None

    def register(self, n: int) -> None:
        body = {
            "team": self.team_id,
            "family_name": f"Crash {n}",
            "registered_by": "family",
            "reason": "Wij willen hulp bij de opvoeding.",
            "caseworker": self.caseworker_id,
            "members": [
                {"given_name": "Ouder", "role": MemberRole.PARENT, "has_custody": True},
                {"given_name": "Kind", "role": MemberRole.CHILD, "lives_at_home": True},
            ],
        }
        if data := self.expect(self.call("POST", "/api/v1/families/", body), 201):
            self.acked_families.add(data["id"])

    def note(self, n: int) -> None:
        body = {"text": f"Gesprek {n}", "voice": "professional"}
        if data := self.expect(self.call("POST", f"/api/v1/cases/{self.case_id}/entries/", body), 201):
            self.acked_notes.add(data["id"])

    def change_member(self, n: int) -> None:
        if self.member_version is None:  # unknown after a lost reply or a conflict: read it again
            if data := self.expect(self.call("GET", f"/api/v1/members/{self.member_id}/"), 200):
                self.member_version = data["version"]
            return
        body = {"given_name": f"Mees {n}", "version": self.member_version}
        result = self.call("PATCH", f"/api/v1/members/{self.member_id}/", body)
        self.member_version = None
        if data := self.expect(result, 200, 409):  # 409: the previous change was saved, its reply cut off
            self.member_version = self.acked_member_version = data["version"]
            self.acked_changes += 1


def _wait(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


def _database_url(tmp_path: Path) -> tuple[str, Path | None]:
    if connection.vendor == "sqlite":
        path = tmp_path / "crash.sqlite3"
        call_command("backup", str(path), verbosity=0)
        return f"sqlite:///{path}", path
    s = connection.settings_dict
    user = quote(s["USER"] or "", safe="")
    password = f":{quote(s['PASSWORD'], safe='')}" if s["PASSWORD"] else ""
    return f"postgres://{user}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}", None


def _check_storage(sqlite_path: Path | None) -> str:
    if sqlite_path is not None:
        db = sqlite3.connect(sqlite_path)  # read-write: a hot journal left by the kill is rolled back here
        try:
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        finally:
            db.close()
        call_command("restore", str(sqlite_path), "--force", verbosity=0)  # check the rest through the ORM
        return "PRAGMA integrity_check ok, foreign_key_check empty"
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_available_extensions WHERE name = 'amcheck'")
        if not cursor.fetchone()[0]:
            return "amcheck not available"
        cursor.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
        cursor.execute(
            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am a ON a.oid = c.relam "
            "WHERE n.nspname = 'public' AND a.amname = 'btree' AND c.relkind = 'i'"  # not a partitioned index
        )
        indexes = [row[0] for row in cursor.fetchall()]
        for name in indexes:
            cursor.execute("SELECT bt_index_check(%s::regclass, true)", [name])
        return f"amcheck: {len(indexes)} B-tree indexes consistent with their tables"


def _check_nothing_half_saved(writer: Writer, member: Member) -> dict[str, int]:
    log = AccessLogRecord.objects
    crash_families = Family.objects.filter(name__startswith="Crash ")
    for family in crash_families.prefetch_related("cases", "members"):
        assert len(family.cases.all()) == 1, family
        assert sorted(m.role for m in family.members.all()) == sorted([MemberRole.CHILD, MemberRole.PARENT])
    registrations = Counter(DossierEntry.objects.filter(kind=EntryKind.REGISTRATION).values_list("case_id", flat=True))
    assert registrations == Counter(Case.objects.values_list("pk", flat=True))
    registered = Counter(log.filter(action="cases.register_family").values_list("case_id", flat=True))
    assert registered == Counter(Case.objects.values_list("pk", flat=True))
    notes = Counter(DossierEntry.objects.filter(kind=EntryKind.NOTE).values_list("case_id", flat=True))
    assert notes == Counter(log.filter(action="cases.add_note").values_list("case_id", flat=True))
    member.refresh_from_db()
    assert log.filter(action="cases.change_member", member_id=member.pk).count() == member.version - 1
    # Every acknowledged write is there.
    assert writer.acked_families <= set(crash_families.values_list("pk", flat=True))
    assert writer.acked_notes <= set(DossierEntry.objects.filter(kind=EntryKind.NOTE).values_list("pk", flat=True))
    assert member.version >= writer.acked_member_version
    return {
        "writes saved": crash_families.count() + sum(notes.values()) + member.version - 1,
        "writes acknowledged": len(writer.acked_families) + len(writer.acked_notes) + writer.acked_changes,
    }


def test_it_survives_sigkill_mid_write(world, tmp_path, capsys):
    seed = random.randrange(1_000_000)
    chance = random.Random(seed)
    child = world.case.family.members.get(role=MemberRole.CHILD)
    _, token = AuthToken.objects.create(world.caseworker)
    database_url, sqlite_path = _database_url(tmp_path)
    server = Server(database_url, tmp_path / "gunicorn.log")
    server.start()
    writer = Writer(server.port, token, world.north.pk, world.caseworker.pk, world.case.pk, child.pk)
    writer.start()
    kills = in_flight = 0
    started = time.monotonic()
    try:
        while kills < WORKER_KILLS and time.monotonic() - started < KILL_LOOP_SECONDS:
            answered = writer.responses
            assert _wait(lambda answered=answered: writer.responses > answered, 20), "the new worker never answered"
            writer.in_flight.wait(5)
            span = sorted(writer.write_seconds)[len(writer.write_seconds) // 2] if writer.write_seconds else 0.03
            time.sleep(chance.uniform(0, min(span * 1.2, 0.5)))
            pid = server.worker_pid()
            if pid is None:
                continue
            in_flight += writer.in_flight.is_set()
            os.kill(pid, signal.SIGKILL)
            kills += 1
            assert _wait(lambda pid=pid: server.worker_pid() not in (None, pid), 20), "gunicorn started no new worker"
        kill_seconds = time.monotonic() - started
        # Once more, the whole server (master and worker) in the middle of writing; then it must start again.
        writer.in_flight.wait(5)
        server.kill_all()
        server.start()
        answered = writer.responses
        assert _wait(lambda: writer.responses > answered + 3, 20), "no writes after the restart"
    finally:
        writer.stop.set()
        writer.join(timeout=30)
        if server.process.poll() is None:
            server.kill_all()

    assert kills >= WORKER_KILLS, f"only {kills} kills in {KILL_LOOP_SECONDS} s (seed {seed})"
    assert writer.unexpected == [], writer.unexpected
    storage = _check_storage(sqlite_path)
    figures = _check_nothing_half_saved(writer, child)
    call_command("audit", "verify", verbosity=0)
    assert "Access log intact" in capsys.readouterr().out

    saved, acked = figures["writes saved"], figures["writes acknowledged"]
    line = (
        f"crash test ({connection.vendor}): survived {kills} worker SIGKILLs ({in_flight} with a request in flight) "
        f"in {kill_seconds:.0f} s and 1 whole-server SIGKILL; {writer.responses} replies, {writer.interrupted} "
        f"requests cut off, {writer.refused} refused while the server was down; {saved} writes saved whole, "
        f"{acked} of them acknowledged, {saved - acked} committed with the reply cut off, the other cut-off writes "
        f"left no trace; {storage}; audit verify intact (seed {seed})"
    )
    report(line)
    assert in_flight >= WORKER_KILLS // 2, line
