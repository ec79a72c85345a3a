"""`samenplan retention run --log`: access-log records older than the period are pruned through a checkpoint,
`audit verify` stays intact (and still finds tampering), and the database still refuses a plain DELETE."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from samenplan.audit import chain
from samenplan.audit import log as audit_log
from samenplan.audit.log import verify
from samenplan.audit.models import AccessLogRecord, ChainHead, LogCheckpoint
from samenplan.cases import actions
from samenplan.cases.models import Voice
from tests.audit.test_verify import TABLE, _without_guard


@pytest.fixture
def old_log(request, db, monkeypatch):  # db first: the test database exists before anything is read
    """The world registered six years ago (its records are old), then three notes today."""
    real_now = timezone.now
    monkeypatch.setattr(audit_log.timezone, "now", lambda: real_now() - timedelta(days=6 * 366))
    world = request.getfixturevalue("world")
    old_count = AccessLogRecord.objects.count()
    monkeypatch.setattr(audit_log.timezone, "now", real_now)
    for i in range(3):
        actions.do_add_note(world.caseworker, world.case, text=f"notitie {i}", voice=Voice.PROFESSIONAL)
    return world, old_count


def _run(*args) -> str:
    out = StringIO()
    call_command("retention", "run", "--log", *args, stdout=out)
    return out.getvalue()


def test_it_lists_old_records_in_a_dry_run(old_log):
    _world, old_count = old_log
    before = AccessLogRecord.objects.count()
    assert f"Dry run: {old_count} access-log records made before" in _run()
    assert AccessLogRecord.objects.count() == before


def _main_chain(world):
    return ChainHead.objects.filter(organisation_id=world.case.family.organisation_id).order_by("-seq").first()


def test_it_prunes_old_records_and_verify_stays_intact(old_log, tmp_path):
    world, old_count = old_log
    anchors = tmp_path / "anchors.log"
    call_command("audit", "anchor", "--file", str(anchors), stdout=StringIO())  # taken before pruning
    head = _main_chain(world)
    first_new = AccessLogRecord.objects.filter(chain_id=head.pk, action="cases.add_note").order_by("pos").first()
    out = _run("--apply")
    assert f"Pruned {old_count} access-log records" in out
    assert AccessLogRecord.objects.filter(action="cases.add_note").order_by("seq").first().seq == first_new.seq
    checkpoint = LogCheckpoint.objects.get(chain_id=head.pk)
    assert checkpoint.first_seq == first_new.pos
    assert AccessLogRecord.objects.filter(chain_id=head.pk).order_by("pos").first().pos == first_new.pos
    prune = AccessLogRecord.objects.get(action="audit.prune", detail__startswith=f"chain={head.pk} ")
    removed = first_new.pos - 1
    assert prune.detail.startswith(
        f"chain={head.pk} first_kept={first_new.pos} prev_hash={checkpoint.prev_hash} removed={removed}"
    )
    assert (prune.event, prune.username[:4]) == ("delete", "cli:")
    assert verify()[1] is None
    result = StringIO()
    call_command("audit", "verify", "--anchors", str(anchors), stdout=result, stderr=StringIO())
    assert "Access log intact" in result.getvalue()
    assert "Dry run: 0 access-log records" in _run()  # nothing more is due


def test_it_still_refuses_a_plain_delete_or_update_after_pruning(old_log):
    _run("--apply")
    kept = AccessLogRecord.objects.order_by("seq").first().seq
    for sql, params in (
        (f"DELETE FROM {TABLE} WHERE seq = %s", [kept]),
        (f"DELETE FROM {TABLE}", []),
        (f"UPDATE {TABLE} SET detail = 'x' WHERE seq = %s", [kept]),
        ("UPDATE audit_logcheckpoint SET first_seq = 1", []),
        ("UPDATE audit_logcheckpoint SET chain_id = chain_id + 1", []),
        ("DELETE FROM audit_logcheckpoint", []),
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    assert AccessLogRecord.objects.filter(seq=kept).exists()


def test_it_refuses_a_plain_delete_before_any_pruning(world):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE seq = %s", [AccessLogRecord.objects.order_by("seq").first().seq])


def test_it_detects_an_edit_after_pruning(old_log):
    _run("--apply")
    kept = AccessLogRecord.objects.order_by("seq").first().seq
    _without_guard(f"UPDATE {TABLE} SET detail = 'vervalst' WHERE seq = %s", [kept + 1])
    assert verify()[1] == (kept + 1, "contents do not match its hash (the record was changed)")
    with pytest.raises(CommandError, match=f"#{kept + 1}"):
        call_command("audit", "verify", stdout=StringIO(), stderr=StringIO())


def test_it_detects_records_removed_by_moving_the_checkpoint_without_a_prune_record(old_log):
    world, _old_count = old_log
    _run("--apply")
    head = _main_chain(world)
    start = LogCheckpoint.objects.get(chain_id=head.pk).first_seq
    # Someone moves the checkpoint on by hand; the trigger then lets the records before it go.
    new_start = start + 2
    prev = AccessLogRecord.objects.get(chain_id=head.pk, pos=new_start - 1).hash
    LogCheckpoint.objects.filter(chain_id=head.pk).update(first_seq=new_start, prev_hash=prev)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE chain_id = %s AND pos < %s", [head.pk, new_start])
    seq, reason = verify()[1]
    assert seq == AccessLogRecord.objects.get(chain_id=head.pk, pos=new_start).seq and "no pruning record" in reason


def test_it_detects_the_first_kept_record_removed(old_log):
    world, _old_count = old_log
    _run("--apply")
    head = _main_chain(world)
    start = LogCheckpoint.objects.get(chain_id=head.pk).first_seq
    _without_guard(f"DELETE FROM {TABLE} WHERE chain_id = %s AND pos = %s", [head.pk, start])
    seq, reason = verify()[1]
    assert seq == AccessLogRecord.objects.get(chain_id=head.pk, pos=start + 1).seq and "gap" in reason
    assert ChainHead.objects.get(pk=head.pk).hash != chain.GENESIS
