"""`samenplan backup` and `samenplan restore`: a verified round trip on the suite's database (SQLite or PostgreSQL)."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from samenplan.audit.log import verify
from samenplan.audit.models import AccessLogRecord, ChainHead
from samenplan.cases import actions
from samenplan.cases.models import Case, MemberRole, Voice
from tests.conftest import register

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump and the backup API see committed data only

ROOT = Path(__file__).resolve().parent.parent.parent


def _data():
    """Every row of every table but the access log, by model, in primary-key order."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_models(include_auto_created=True)
        if model not in (AccessLogRecord, ChainHead)
    }


def _chain():
    return list(AccessLogRecord.objects.order_by("seq").values())


def _change_everything(world):
    actions.do_add_note(world.caseworker, world.case, text="na de back-up", voice=Voice.PROFESSIONAL)
    child = world.case.family.members.get(role=MemberRole.CHILD)
    actions.do_change_member(world.caseworker, child, expected_version=child.version, given_name="Later")
    register(world.caseworker, world.north, name="Nieuw")


def test_it_restores_data_and_log_exactly(world, tmp_path, capsys):
    actions.do_add_note(world.caseworker, world.case, text="voor de back-up", voice=Voice.FAMILY)
    backup = tmp_path / "samenplan.backup"

    call_command("backup", str(backup))
    out, progress = capsys.readouterr()
    data, chain = _data(), _chain()
    assert backup.stat().st_size > 0
    assert chain[-1]["action"] == "maintenance.backup"
    assert chain[-1]["username"].startswith("cli:")
    assert f"through record #{chain[-1]['seq']}, hash {chain[-1]['hash']}" in out
    assert ("public.audit_accesslogrecord" if connection.vendor == "postgresql" else " pages") in progress

    _change_everything(world)
    assert _data() != data

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(backup))
    assert Case.objects.count() == 3  # refused: nothing touched

    call_command("restore", str(backup), "--force")
    out, progress = capsys.readouterr()
    assert ("public.audit_accesslogrecord" if connection.vendor == "postgresql" else " pages") in progress
    assert _data() == data
    restored = _chain()
    assert restored[: len(chain)] == chain  # the log as it was, record for record, hash for hash
    assert [r["action"] for r in restored[len(chain) :]] == ["maintenance.restore"]
    assert f"Access log intact: {len(chain)} records" in out
    assert verify() == (len(chain) + 1, None)
    call_command("audit", "verify")
    assert "intact" in capsys.readouterr().out


def test_it_refuses_to_overwrite_a_backup_and_to_restore_what_is_no_backup(world, tmp_path):
    existing = tmp_path / "old.backup"
    existing.write_bytes(b"an older backup")
    with pytest.raises(CommandError, match="exists"):
        call_command("backup", str(existing))
    with pytest.raises(CommandError, match="is a folder"):
        call_command("backup", str(tmp_path), "--force")
    assert existing.read_bytes() == b"an older backup"
    with pytest.raises(CommandError, match="not a"):
        call_command("restore", str(existing), "--force")
    with pytest.raises(CommandError, match="No backup at"):
        call_command("restore", str(tmp_path / "missing.backup"), "--force")
    assert verify()[1] is None
    assert Case.objects.count() == 2


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="an SQLite file as target")
def test_it_restores_into_an_empty_database_from_the_command_line(world, tmp_path):
    backup = tmp_path / "samenplan.backup"
    call_command("backup", str(backup))
    chain = _chain()
    environ = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE",)}
    environ["DATABASE_URL"] = f"sqlite:///{tmp_path / 'new.sqlite3'}"

    def samenplan(*args):
        return subprocess.run(
            [sys.executable, "-m", "samenplan", *args], env=environ, capture_output=True, text=True, timeout=120
        )

    restored = samenplan("restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert "copied" in restored.stderr
    assert f"Access log intact: {len(chain)} records" in restored.stdout
    verified = samenplan("audit", "verify", "--expect-hash", chain[-1]["hash"])
    assert verified.returncode == 0, verified.stderr
    assert f"Access log intact: {len(chain) + 1} records" in verified.stdout


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="edits an SQLite backup file")
def test_it_says_so_when_the_restored_log_was_tampered_with(world, tmp_path):
    backup = tmp_path / "samenplan.backup"
    call_command("backup", str(backup))
    with sqlite3.connect(backup) as db:  # someone with the backup file edits a record in it
        db.execute("DROP TRIGGER audit_no_update")
        db.execute(f"UPDATE {AccessLogRecord._meta.db_table} SET username = 'iemand-anders' WHERE seq = 2")
    db.close()
    with pytest.raises(CommandError, match=r"Restored, but the access log is broken at record #2: contents"):
        call_command("restore", str(backup), "--force")
    restored = AccessLogRecord.objects.order_by("-seq").first()
    assert restored.action == "maintenance.restore"
    assert "log BROKEN through" in restored.detail
