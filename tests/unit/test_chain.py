"""The access log's hash chain, without a database."""

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from samenplan.audit import chain


def _records(n):
    prev = chain.GENESIS
    out = []
    for i in range(1, n + 1):
        fields = {name: None for name in chain.CHAINED_FIELDS}
        fields.update(
            seq=i,
            at=datetime(2026, 1, 1, 12, 0, i % 60, tzinfo=UTC),
            event="read",
            username=f"u{i}",
            role="professional",
            on_behalf_of="",
            channel="web",
            action="cases.dossier",
            detail="",
        )
        digest = chain.record_hash(prev, fields)
        out.append({**fields, "prev_hash": prev, "hash": digest})
        prev = digest
    return out


def test_it_accepts_an_intact_chain():
    assert chain.first_break(_records(5)) is None


@given(st.integers(min_value=1, max_value=6), st.sampled_from(["username", "event", "detail", "case_id"]))
def test_it_names_the_first_changed_record(index, field):
    records = _records(6)
    records[index - 1] = {**records[index - 1], field: "tampered"}
    seq, reason = chain.first_break(records)
    assert seq == index
    assert "changed" in reason


def test_it_notices_a_removed_record():
    records = _records(5)
    del records[2]
    assert chain.first_break(records)[0] == 4


def test_it_hashes_the_same_moment_the_same_in_any_time_zone():
    from zoneinfo import ZoneInfo

    fields = dict.fromkeys(chain.CHAINED_FIELDS)
    utc = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    fields_a = {**fields, "at": utc}
    fields_b = {**fields, "at": utc.astimezone(ZoneInfo("Europe/Amsterdam"))}
    assert chain.record_hash(chain.GENESIS, fields_a) == chain.record_hash(chain.GENESIS, fields_b)
