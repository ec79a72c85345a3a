"""samenplan audit export: JSON Lines an external archive verifies from the file alone."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from samenplan.audit import chain
from samenplan.audit.models import AccessLogRecord, Channel, Event


@pytest.fixture
def logged(client, world):
    client.force_login(world.caseworker)
    client.get(reverse("cases:dossier", args=[world.case.pk]))
    client.get(reverse("cases:caseload"))
    return world


def _lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_it_exports_a_chain_the_archive_verifies_from_the_file_alone(logged, tmp_path):
    path = tmp_path / "log.jsonl"
    err = StringIO()
    call_command("audit", "export", "--since", "1", "--to", str(path), stdout=StringIO(), stderr=err)
    records = _lines(path)
    in_db = list(AccessLogRecord.objects.order_by("seq").values_list("seq", "hash"))
    assert [(r["seq"], r["hash"]) for r in records] == in_db[:-1]  # all but the export's own record
    assert set(records[0]) == {*chain.CHAINED_FIELDS, *chain.CHAIN_FIELDS, "prev_hash", "hash"}
    firsts = [rec for rec in records if rec["pos"] == 1]
    assert firsts and all(rec["prev_hash"] == chain.chain_genesis(rec["chain_id"]) for rec in firsts)
    # The archive's check: recompute every hash from the file's fields, chain by chain, in order.
    assert chain.export_break(records) is None
    for rec in records:
        fields = {name: rec[name] for name in (*chain.CHAINED_FIELDS, *chain.CHAIN_FIELDS)}
        assert chain.record_hash(rec["prev_hash"], fields) == rec["hash"]
    assert "Exporting [" in err.getvalue()


def test_it_detects_a_record_changed_in_the_file(logged, client, tmp_path):
    client.get(reverse("cases:caseload"))
    path = tmp_path / "log.jsonl"
    call_command("audit", "export", "--to", str(path), stdout=StringIO(), stderr=StringIO())
    records = _lines(path)
    records[1]["username"] = "iemand_anders"
    assert chain.export_break(records)[0] == records[1]["seq"]
    records[1]["username"] = _lines(path)[1]["username"]
    in_chain = [i for i, rec in enumerate(records) if rec["chain_id"] == records[-1]["chain_id"]]
    assert len(in_chain) >= 3, records
    middle = in_chain[1]
    del records[middle]
    assert chain.export_break(records)[1].startswith("sequence gap")  # a record left out: its chain has a gap


def test_it_logs_the_export_and_the_next_export_continues_the_chain(logged, tmp_path):
    first, second = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    call_command("audit", "export", "--since", "1", "--to", str(first), stdout=StringIO(), stderr=StringIO())
    export_record = AccessLogRecord.objects.order_by("-seq").first()
    assert (export_record.event, export_record.channel, export_record.action) == (
        Event.EXPORT,
        Channel.CLI,
        "audit.export",
    )
    assert export_record.username.startswith("cli:")
    last = _lines(first)[-1]
    assert f"last_hash={last['hash']}" in export_record.detail
    call_command("audit", "export", "--since", str(last["seq"] + 1), "--to", str(second), verbosity=0)
    following = _lines(second)
    assert following[0]["seq"] == export_record.seq
    # The archive links the two files: each chain goes on where it ended in the first file.
    ended = {rec["chain_id"]: rec for rec in _lines(first)}
    for rec in following:
        if rec["chain_id"] in ended:
            assert (rec["pos"], rec["prev_hash"]) == (ended[rec["chain_id"]]["pos"] + 1, ended[rec["chain_id"]]["hash"])
            del ended[rec["chain_id"]]
    assert chain.export_break(_lines(first) + following) is None


def test_it_exports_from_a_day(logged, tmp_path):
    path = tmp_path / "log.jsonl"
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    call_command("audit", "export", "--from", tomorrow, "--to", str(path), stdout=StringIO(), stderr=StringIO())
    assert path.read_text() == ""
    today = timezone.localdate().isoformat()
    path2 = tmp_path / "today.jsonl"
    made_today = AccessLogRecord.objects.count()  # the empty export's own record included
    call_command("audit", "export", "--from", today, "--to", str(path2), stdout=StringIO(), stderr=StringIO())
    assert len(_lines(path2)) == made_today


def test_it_refuses_to_overwrite_a_file(logged, tmp_path):
    path = tmp_path / "log.jsonl"
    path.write_text("kept\n")
    before = AccessLogRecord.objects.count()
    with pytest.raises(CommandError, match="never overwrites"):
        call_command("audit", "export", "--to", str(path), stdout=StringIO(), stderr=StringIO())
    assert path.read_text() == "kept\n"
    assert AccessLogRecord.objects.count() == before
