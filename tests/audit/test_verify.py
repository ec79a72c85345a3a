"""Tampering with the access log is found by `samenplan audit verify`."""

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from samenplan.audit.log import verify
from samenplan.audit.models import AccessLogRecord, AppendOnlyError
from samenplan.cases import actions
from samenplan.cases.models import Voice
from tests.conftest import requires_postgres

TABLE = AccessLogRecord._meta.db_table


def _many_records(world, n=5):
    for i in range(n):
        actions.do_add_note(world.caseworker, world.case, text=f"notitie {i}", voice=Voice.PROFESSIONAL)


def _without_guard(sql, params=()):
    """Run SQL as a database administrator would: with the append-only trigger switched off."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER audit_append_only")
            cursor.execute(sql, params)
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER audit_append_only")
        else:
            cursor.execute("DROP TRIGGER audit_no_update")
            cursor.execute("DROP TRIGGER audit_no_delete")
            cursor.execute(sql, params)


def test_it_reports_an_intact_log(world, capsys):
    _many_records(world)
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert "intact" in out
    assert f"{AccessLogRecord.objects.count()} records" in out


def test_it_names_the_first_changed_record(world):
    _many_records(world)
    target = AccessLogRecord.objects.order_by("seq")[3]
    _without_guard(f"UPDATE {TABLE} SET username = %s WHERE seq = %s", ["iemand-anders", target.seq])
    with pytest.raises(CommandError, match=rf"record #{target.seq}: contents do not match"):
        call_command("audit", "verify")


def test_it_notices_a_deleted_record(world):
    _many_records(world)
    _without_guard(f"DELETE FROM {TABLE} WHERE seq = %s", [2])
    _, (seq, reason) = verify()
    assert seq == 3
    assert "gap" in reason


def test_it_notices_the_last_record_removed(world):
    _many_records(world)
    last = AccessLogRecord.objects.order_by("-seq").first().seq
    _without_guard(f"DELETE FROM {TABLE} WHERE seq = %s", [last])
    _, (seq, reason) = verify()
    assert seq == last
    assert "missing at the end" in reason


def test_it_refuses_changes_through_the_application(world):
    record = AccessLogRecord.objects.first()
    record.username = "x"
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()


def test_it_refuses_changes_in_the_database_itself(world):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {TABLE} SET username = 'x'")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"DELETE FROM {TABLE}")


@requires_postgres()
def test_it_notices_an_emptied_log(world):
    _many_records(world)
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {TABLE}")  # row triggers do not see TRUNCATE
    count, (seq, reason) = verify()
    assert (count, seq) == (0, 1)
    assert "missing at the end" in reason
