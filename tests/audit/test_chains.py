"""The access log at hundreds of millions of records: chains per organisation (no row that every write locks),
tampering found at a chain's edges and inside it, a verify that goes on from its checkpoint, and on PostgreSQL
monthly partitions that are created when missing and archived when old."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samenplan.audit import chain, log, partitions
from samenplan.audit.models import AccessLogRecord, ChainHead, Event, LogCheckpoint
from samenplan.cases import actions
from samenplan.cases.models import Voice
from tests.audit.test_verify import TABLE, _without_guard
from tests.conftest import requires_postgres


def _notes(world, n=4, case=None):
    for i in range(n):
        actions.do_add_note(world.caseworker, case or world.case, text=f"notitie {i}", voice=Voice.PROFESSIONAL)


def _org_chain(world):
    return ChainHead.objects.filter(organisation_id=world.case.family.organisation_id).order_by("-seq").first()


def _rec(head, pos):
    return AccessLogRecord.objects.get(chain_id=head.pk, pos=pos)


# chains


def test_it_writes_each_organisation_to_chains_of_its_own(world):
    _notes(world)
    log.record(world.south_worker, Event.READ, "test.south", case=world.outsider_case)
    ours = AccessLogRecord.objects.filter(organisation_id=world.case.family.organisation_id).order_by("-seq").first()
    theirs = AccessLogRecord.objects.order_by("-seq").first()
    if world.outsider_case.family.organisation_id != world.case.family.organisation_id:
        assert ours.chain_id != theirs.chain_id
    head = ChainHead.objects.get(pk=ours.chain_id)
    assert head.organisation_id == ours.organisation_id
    assert (head.seq, head.hash) == (ours.pos, ours.hash)
    assert _rec(head, 1).prev_hash == chain.chain_genesis(head.pk)  # a chain starts from its own genesis
    assert log.verify()[1] is None


def test_it_writes_a_record_in_one_statement_inside_the_change_s_transaction(world):
    log.record(world.caseworker, Event.READ, "test.warm", case=world.case)  # the chain exists
    with CaptureQueriesContext(connection) as queries:  # the test's transaction stands for the action's
        entry = log.record(world.caseworker, Event.READ, "test.cost", case=world.case)
    statements = [q["sql"].split()[0].upper() for q in queries.captured_queries]
    if connection.vendor == "postgresql":
        assert statements == ["WITH"]  # lock the head, insert, move the head: one statement, no savepoint
    else:
        assert statements == ["SELECT", "INSERT", "UPDATE"]  # SQLite: lock the head, insert, move the head
    head = ChainHead.objects.get(pk=entry.chain_id)
    assert (head.seq, head.hash) == (entry.pos, entry.hash)
    assert AccessLogRecord.objects.get(seq=entry.seq).hash == entry.hash
    assert log.verify()[1] is None


@requires_postgres()  # a transactional test: SQLite's flush deletes the records one by one, which its triggers refuse
@pytest.mark.django_db(transaction=True)
def test_it_writes_a_record_outside_a_transaction_as_one_statement_its_own_transaction(world):
    log.record(world.caseworker, Event.READ, "test.warm", case=world.case)
    assert connection.get_autocommit()  # as a read page runs
    with CaptureQueriesContext(connection) as queries:
        entry = log.record(world.caseworker, Event.READ, "test.cost", case=world.case)
    statements = [q["sql"].split()[0].upper() for q in queries.captured_queries]
    assert statements == ["WITH"]  # lock, insert and move the head: one statement, committed as one
    head = ChainHead.objects.get(pk=entry.chain_id)
    assert (head.seq, head.hash) == (entry.pos, entry.hash)
    assert log.verify()[1] is None


# tampering, at the edges of a chain and inside it


@pytest.mark.parametrize("where", ["first", "inside", "last"])
def test_it_finds_a_changed_record(world, where):
    _notes(world)
    head = _org_chain(world)
    pos = {"first": 1, "inside": head.seq // 2, "last": head.seq}[where]
    target = _rec(head, pos)
    _without_guard(f"UPDATE {TABLE} SET detail = 'vervalst' WHERE seq = %s", [target.seq])
    assert log.verify()[1] == (target.seq, "contents do not match its hash (the record was changed)")


@pytest.mark.parametrize("where", ["first", "inside"])
def test_it_finds_a_removed_record(world, where):
    _notes(world)
    head = _org_chain(world)
    pos = {"first": 1, "inside": head.seq // 2}[where]
    after = _rec(head, pos + 1)
    _without_guard(f"DELETE FROM {TABLE} WHERE chain_id = %s AND pos = %s", [head.pk, pos])
    seq, reason = log.verify()[1]
    assert seq == after.seq and reason.startswith(f"sequence gap: expected #{pos}")


def test_it_finds_the_last_record_removed(world):
    _notes(world)
    head = _org_chain(world)
    last = _rec(head, head.seq)
    _without_guard(f"DELETE FROM {TABLE} WHERE seq = %s", [last.seq])
    seq, reason = log.verify()[1]
    assert "records missing at the end" in reason and seq == _rec(head, head.seq - 1).seq + 1


def _forged(head, pos, prev_hash, **changes):
    """A record with a correct hash, as someone who knows the scheme would write it."""
    model = _rec(head, 1)
    fields = {name: getattr(model, name) for name in chain.CHAINED_FIELDS}
    fields.update(seq=AccessLogRecord.objects.order_by("-seq").first().seq + 1, chain_id=head.pk, pos=pos)
    fields.update(changes)
    digest = chain.record_hash(prev_hash, fields)
    AccessLogRecord.objects.create(prev_hash=prev_hash, hash=digest, **fields)
    return fields["seq"]


def test_it_finds_a_record_inserted_after_the_head(world):
    _notes(world)
    head = _org_chain(world)
    seq = _forged(head, head.seq + 1, head.hash)
    assert log.verify()[1] == (seq, f"a record after the chain head (#{head.seq} of chain {head.pk}): inserted")


def test_it_finds_a_record_inserted_inside_a_chain(world):
    _notes(world)
    head = _org_chain(world)
    before = _rec(head, 2)
    _forged(head, 3, before.hash)  # a second record #3, chained from #2: the real #3 no longer fits
    seq, reason = log.verify()[1]
    assert reason in (
        "previous-hash does not match the record before it",
        "sequence gap: expected #4, found #3 in its chain",
    )
    assert seq > before.seq


def test_it_finds_a_record_at_the_start_of_a_made_up_chain(world):
    _notes(world)
    seq = _forged(_org_chain(world), 1, chain.chain_genesis(999_999), chain_id=999_999)
    assert log.verify()[1] == (seq, "a record in no known chain: inserted, or its chain's head removed")


def test_it_finds_a_record_moved_to_another_chain(world):
    _notes(world)
    log.record(world.caseworker, Event.READ, "test.elsewhere")  # a record in another chain (the user's)
    head = _org_chain(world)
    other = ChainHead.objects.exclude(pk=head.pk).order_by("-seq").first()
    moved = _rec(head, head.seq)
    _without_guard(
        f"UPDATE {TABLE} SET chain_id = %s, pos = %s, prev_hash = %s WHERE seq = %s",
        [other.pk, other.seq + 1, other.hash, moved.seq],
    )
    ChainHead.objects.filter(pk=other.pk).update(seq=other.seq + 1, hash=moved.hash)
    ChainHead.objects.filter(pk=head.pk).update(seq=head.seq - 1, hash=_rec(head, head.seq - 1).hash)
    assert log.verify()[1] == (moved.seq, "contents do not match its hash (the record was changed)")


# verify from its checkpoint


def test_it_verifies_only_the_records_written_since_the_last_verify(world, capsys):
    _notes(world)
    total = AccessLogRecord.objects.count()
    assert log.verify(full=False) == (total, None)
    _notes(world, 3)  # three notes: three records
    with CaptureQueriesContext(connection) as queries:
        assert log.verify(full=False) == (3, None)
    reads = [q["sql"] for q in queries.captured_queries if f'FROM "{TABLE}"' in q["sql"] and '"pos" >=' in q["sql"]]
    assert reads, "the chains are read from a position on"
    assert log.verify(full=False) == (0, None)  # nothing new
    assert log.verify() == (AccessLogRecord.objects.count(), None)  # --full reads everything
    call_command("audit", "verify")
    assert "Access log intact: 0 records" in capsys.readouterr().out


def test_it_finds_tampering_since_the_checkpoint_and_a_full_verify_finds_older(world):
    _notes(world)
    head = _org_chain(world)
    old = _rec(head, 2)
    log.verify(full=False)
    _notes(world, 2)
    new = _rec(_org_chain(world), _org_chain(world).seq)
    _without_guard(f"UPDATE {TABLE} SET detail = 'vervalst' WHERE seq = %s", [new.seq])
    assert log.verify(full=False)[1][0] == new.seq
    _without_guard(f"UPDATE {TABLE} SET detail = 'vervalst' WHERE seq = %s", [old.seq])
    assert log.verify()[1][0] == old.seq


def test_it_does_not_trust_a_checkpoint_whose_hash_was_changed(world):
    from samenplan.audit.models import VerifiedPosition

    _notes(world)
    log.verify(full=False)
    head = _org_chain(world)
    VerifiedPosition.objects.filter(chain_id=head.pk).update(hash="f" * 64)
    _notes(world)
    assert log.verify(full=False)[1][1] == "previous-hash does not match the record before it"


def test_it_shows_progress(world, capsys):
    _notes(world)
    call_command("audit", "verify", "--full")
    captured = capsys.readouterr()
    assert "Checking [" in captured.err and "intact" in captured.out


# pruning per chain


def test_it_prunes_every_chain_and_verify_stays_intact(request, monkeypatch, db):
    # ``db`` up front: the test then runs with the database tests, on the log as the migrations leave it (with the
    # legacy chain), not after a transactional test has emptied every table.
    real_now = timezone.now
    monkeypatch.setattr(log.timezone, "now", lambda: real_now() - timedelta(days=6 * 366))
    world = request.getfixturevalue("world")  # registered six years ago
    _notes(world, 3)
    monkeypatch.setattr(log.timezone, "now", real_now)
    _notes(world, 2)
    out = StringIO()
    call_command("retention", "run", "--log", "--apply", stdout=out)
    assert "Pruned" in out.getvalue()
    head = _org_chain(world)
    checkpoint = LogCheckpoint.objects.get(chain_id=head.pk)
    assert not AccessLogRecord.objects.filter(chain_id=head.pk, pos__lt=checkpoint.first_seq).exists()
    assert log.verify()[1] is None
    # moving a checkpoint on without a prune record is found
    first = _rec(head, checkpoint.first_seq)
    LogCheckpoint.objects.filter(pk=checkpoint.pk).update(first_seq=first.pos + 1, prev_hash=first.hash)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE seq = %s", [first.seq])
    assert "no pruning record" in log.verify()[1][1]


# PostgreSQL: partitions


@requires_postgres()
def test_it_partitions_the_log_by_month_on_postgresql(world):
    now = timezone.now()
    name = partitions.name_for(now)
    assert name in partitions.existing()
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE relname = %s", [TABLE])
        assert cursor.fetchone()[0] == "p"
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [name])
        indexes = {row[0] for row in cursor.fetchall()}
    assert len(indexes) == 8  # the key and the model's seven indexes; none on the hash
    plan = AccessLogRecord.objects.filter(at__gte=now - timedelta(hours=1)).explain()
    assert name in plan and partitions.name_for(now - timedelta(days=62)) not in plan  # partition pruning


@requires_postgres()
def test_it_creates_a_missing_month_when_a_record_falls_in_it(world, monkeypatch):
    far = datetime(2031, 7, 15, 12, tzinfo=UTC)
    assert partitions.name_for(far) not in partitions.existing()
    monkeypatch.setattr(log.timezone, "now", lambda: far)
    entry = log.record(world.caseworker, Event.READ, "test.future", case=world.case)
    assert partitions.name_for(far) in partitions.existing()
    assert AccessLogRecord.objects.get(seq=entry.seq).at == far
    assert log.verify()[1] is None


@requires_postgres()
def test_it_creates_months_ahead_and_archives_the_oldest(world, tmp_path, monkeypatch):
    out = StringIO()
    call_command("audit", "partitions", "--ahead", "4", stdout=out)
    assert partitions.name_for(partitions.next_month(partitions.next_month(partitions.month_of(timezone.now())))) in (
        partitions.existing()
    )
    # An old month with records in it: archive it.
    old = datetime(2020, 3, 10, 9, tzinfo=UTC)
    monkeypatch.setattr(log.timezone, "now", lambda: old)
    _notes(world, 3)
    monkeypatch.undo()
    _notes(world, 2)
    oldest = partitions.existing()[0]
    assert oldest == partitions.name_for(old)
    with pytest.raises(CommandError, match="Archive the oldest month first"):
        call_command(
            "audit",
            "partitions",
            "--archive",
            timezone.now().strftime("%Y-%m"),
            "--to",
            str(tmp_path / "x"),
            stdout=StringIO(),
        )
    in_month = AccessLogRecord.objects.filter(at__lt=datetime(2020, 4, 1, tzinfo=UTC)).count()
    path = tmp_path / "2020-03.jsonl"
    call_command("audit", "partitions", "--archive", "2020-03", "--to", str(path), "--drop", stdout=out)
    assert f"Archived {in_month} records" in out.getvalue()
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert len(lines) == in_month and chain.export_break(lines) is None
    assert oldest not in partitions.existing()
    assert log.verify()[1] is None  # the chains start after the month, attested by prune records
    assert AccessLogRecord.objects.filter(action=log.PRUNE_ACTION, detail__contains=f"archived={oldest}").exists()


@requires_postgres()
def test_it_refuses_an_update_or_delete_in_every_partition(world):
    from django.db import DatabaseError, transaction

    _notes(world, 1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {partitions.name_for(timezone.now())} SET detail = 'x'")
