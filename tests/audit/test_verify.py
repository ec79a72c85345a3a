"""Tampering with the access log is found by `samenplan audit verify`, with anchors kept outside the database."""

import socket

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from samenplan.audit import chain
from samenplan.audit.log import verify
from samenplan.audit.models import AccessLogRecord, AppendOnlyError, ChainHead
from samenplan.cases import actions
from samenplan.cases.models import Voice
from tests.conftest import requires_postgres

TABLE = AccessLogRecord._meta.db_table


def _many_records(world, n=5):
    for i in range(n):
        actions.do_add_note(world.caseworker, world.case, text=f"notitie {i}", voice=Voice.PROFESSIONAL)


def _without_guard(sql, params=(), *more):
    """Run SQL as a database administrator would: with the append-only trigger switched off."""
    statements = [(sql, params), *more]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER audit_append_only")
            for statement, values in statements:
                cursor.execute(statement, values)
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER audit_append_only")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS audit_no_delete")
            for statement, values in statements:
                cursor.execute(statement, values)


def _chain_of(seq):
    rec = AccessLogRecord.objects.get(seq=seq)
    return ChainHead.objects.get(pk=rec.chain_id), rec.pos


def _busiest_chain():
    return ChainHead.objects.order_by("-seq", "pk").first()


def _rewrite_chain_from(head, pos, **changes):
    """Change the record at ``pos`` of the chain, recompute every later hash of the chain and move its head along:
    a consistent forgery."""
    records = list(
        AccessLogRecord.objects.filter(chain_id=head.pk)
        .order_by("pos")
        .values("prev_hash", "hash", *chain.CHAINED_FIELDS, *chain.CHAIN_FIELDS)
    )
    statements, prev = [], head.genesis
    for rec in records:
        if rec["pos"] >= pos:
            if rec["pos"] == pos:
                rec.update(changes)
            rec["prev_hash"], rec["hash"] = prev, chain.record_hash(prev, rec)
            sets = ", ".join(f"{name} = %s" for name in (*changes, "prev_hash", "hash"))
            values = [*(rec[name] for name in changes), rec["prev_hash"], rec["hash"], rec["seq"]]
            statements.append((f"UPDATE {TABLE} SET {sets} WHERE seq = %s", values))
        prev = rec["hash"]
    _without_guard(*statements[0], *statements[1:])
    ChainHead.objects.filter(pk=head.pk).update(seq=records[-1]["pos"], hash=prev)


def _cut_tail_after(head, pos):
    """Delete the chain's records after ``pos`` and rewind its head to ``pos``, as if they were never written."""
    _without_guard(f"DELETE FROM {TABLE} WHERE chain_id = %s AND pos > %s", [head.pk, pos])
    last = AccessLogRecord.objects.get(chain_id=head.pk, pos=pos)
    ChainHead.objects.filter(pk=head.pk).update(seq=pos, hash=last.hash)


def _anchor(path, head=None):
    call_command("audit", "anchor", "--file", str(path))
    head = head or _busiest_chain()
    return [a for a in chain.parse_anchors(path.read_text().splitlines()) if a.chain == head.pk][-1]


def _seq(head, pos):
    return AccessLogRecord.objects.get(chain_id=head.pk, pos=pos).seq


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
    head = _busiest_chain()
    _without_guard(f"DELETE FROM {TABLE} WHERE chain_id = %s AND pos = 2", [head.pk])
    _, (seq, reason) = verify()
    assert seq == _seq(head, 3)
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
    assert verify(full=False)[1] is not None


def test_it_finds_a_chain_rewritten_after_an_anchor(world, tmp_path, capsys):
    _many_records(world)
    anchors = tmp_path / "anchors.log"
    first = _anchor(anchors)
    head = ChainHead.objects.get(pk=first.chain)
    _many_records(world, 3)
    second = _anchor(anchors)
    _many_records(world, 2)
    assert anchors.stat().st_mode & 0o777 == 0o640
    call_command("audit", "verify", "--anchors", str(anchors))  # the log grew: every anchor is still in it
    assert "Checked against" in capsys.readouterr().out

    _rewrite_chain_from(head, first.seq - 1, username="iemand-anders")

    # What verify without an anchor says (all the foundation's verify could say): intact.
    _, broken = verify()
    assert broken is None
    call_command("audit", "verify", "--full")
    assert "intact" in capsys.readouterr().out
    # Against the anchors, the rewrite shows at the earliest anchor after the changed record.
    with pytest.raises(CommandError, match=rf"record #{_seq(head, first.seq)}: hash differs from anchor chain"):
        call_command("audit", "verify", "--anchors", str(anchors))
    with pytest.raises(CommandError, match="the chain was rewritten or cut short"):
        call_command("audit", "verify", "--expect-hash", second.hash)


def test_it_finds_a_cut_tail_with_the_head_rewound(world, tmp_path, capsys):
    _many_records(world)
    anchors = tmp_path / "anchors.log"
    anchored = _anchor(anchors)
    head = ChainHead.objects.get(pk=anchored.chain)
    before = AccessLogRecord.objects.count()
    _cut_tail_after(head, anchored.seq - 3)

    count, broken = verify()
    assert (count, broken) == (before - 3, None)  # consistent in itself: the foundation's verify saw nothing
    with pytest.raises(CommandError, match=r"records missing at the end: the chain ends at"):
        call_command("audit", "verify", "--anchors", str(anchors))
    with pytest.raises(CommandError, match="rewritten or cut short"):
        call_command("audit", "verify", "--expect-hash", anchored.hash)


def test_it_passes_with_the_expected_hash_it_printed(world, capsys):
    _many_records(world)
    call_command("audit", "verify")
    head_hash = capsys.readouterr().out.rsplit("hash ", 1)[1].strip()
    _many_records(world, 2)
    call_command("audit", "verify", "--expect-hash", head_hash)
    assert "intact" in capsys.readouterr().out


def test_it_refuses_to_anchor_a_log_that_lost_the_previous_anchor(world, tmp_path):
    _many_records(world)
    anchors = tmp_path / "anchors.log"
    anchored = _anchor(anchors)
    lines = len(anchors.read_text().splitlines())
    _cut_tail_after(ChainHead.objects.get(pk=anchored.chain), anchored.seq - 1)
    with pytest.raises(CommandError, match="no longer holds the previous anchor"):
        call_command("audit", "anchor", "--file", str(anchors))
    assert len(anchors.read_text().splitlines()) == lines


def test_it_refuses_to_anchor_when_the_head_does_not_match_the_log(world, tmp_path):
    _many_records(world)
    ChainHead.objects.filter(pk=_busiest_chain().pk).update(seq=1)
    with pytest.raises(CommandError, match="does not match its last record"):
        call_command("audit", "anchor", "--file", str(tmp_path / "anchors.log"))
    assert not (tmp_path / "anchors.log").exists()


def test_it_sends_the_anchor_to_syslog(world):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as server:
        server.bind(("127.0.0.1", 0))
        server.settimeout(5)
        call_command("audit", "anchor", "--syslog", f"127.0.0.1:{server.getsockname()[1]}")
        message = server.recv(4096).decode()
    head = _busiest_chain()
    assert message.startswith("<86>samenplan: ")  # authpriv (10) * 8 + info (6)
    [anchor] = chain.parse_anchors([message])  # one line per chain; the first is the chain made first
    first = ChainHead.objects.filter(seq__gt=0).order_by("pk").first()  # empty chains have no anchor
    assert (anchor.chain, anchor.seq, anchor.hash) == (first.pk, first.seq, first.hash)
    assert anchor.at.endswith("Z")
    call_command("audit", "verify", "--expect-hash", head.hash)


def test_it_reads_anchors_from_a_syslog_extract_and_refuses_a_damaged_one(world, tmp_path):
    head = _busiest_chain()
    extract = tmp_path / "auth.log"
    extract.write_text(
        "Nov 23 03:00:01 srv sshd[1]: session opened\n"
        f"Nov 23 04:00:01 srv samenplan: {chain.ANCHOR_MARK} chain={head.pk} seq={head.seq} hash={head.hash} "
        "at=2026-11-23T03:00Z\n"
    )
    call_command("audit", "verify", "--anchors", str(extract))
    extract.write_text(f"{chain.ANCHOR_MARK} seq={head.seq} hash=abc\n")
    with pytest.raises(CommandError, match="line 1 is not a readable anchor"):
        call_command("audit", "verify", "--anchors", str(extract))
    with pytest.raises(CommandError, match="not a SHA-256 hash"):
        call_command("audit", "verify", "--expect-hash", "abc")
    with pytest.raises(CommandError, match="Say where the anchor goes"):
        call_command("audit", "anchor")
