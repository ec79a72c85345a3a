"""On PostgreSQL a record is appended in one statement that hashes it in the database (``audit.log._APPEND``): the
hash it stores is the one ``chain.record_hash`` computes in Python, whatever the strings hold, and a chain it
starts chains from that chain's genesis, so ``samenplan audit verify`` finds every chain intact."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samenplan.accounts.models import Role
from samenplan.audit import chain, log
from samenplan.audit.models import AccessLogRecord, ChainHead, Event
from tests.conftest import requires_postgres
from tests.factories import OrganisationFactory, TeamFactory, member_of

# Strings as a request may bring them: quotes, backslashes, line breaks, JSON's and HTML's special characters,
# control characters, characters outside the Basic Multilingual Plane and the line separators JSON leaves as they
# are. (A NUL in the detail is replaced before it reaches the database, which refuses it.)
AWKWARD = [
    'aan "Jan" \\ C:\\pad',
    "regel 1\nregel 2\r\n\tinspringing",
    "\x01\x07\x1f\x7f einde",
    "Zoë, Çelik & <b>Ünal</b> 😀 \u2028\u2029 ﬁ",
    "families=1,2,3 q=\u00e9\u0301",
    "nul\x00byte",
]


def _fields(**changes):
    fields = {name: None for name in chain.CHAINED_FIELDS} | dict(
        seq=12, at=datetime(2026, 12, 5, 6, 15, 42, 56944, tzinfo=UTC), event="read", username="u", role="",
        on_behalf_of="", organisation_id=3, channel="web", action="a", detail="", chain_id=7, pos=99,
    )  # fmt: skip
    return fields | changes


text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)  # no lone surrogates: not UTF-8


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # a busy machine draws slowly
@given(username=text, detail=text, role=text, action=text, number=st.one_of(st.none(), st.integers(0, 2**62)))
def test_the_parts_of_a_record_s_body_are_what_record_hash_hashes(username, detail, role, action, number):
    fields = _fields(username=username, detail=detail, role=role, action=action, family_id=number)
    a, b, c, d = chain.body_parts(fields)
    body = f"{a}{fields['chain_id']}{b}{fields['pos']}{c}{fields['seq']}{d}"
    assert hashlib.sha256(f"prev\n{body}".encode()).hexdigest() == chain.record_hash("prev", fields, legacy=False)


@requires_postgres()
@pytest.mark.parametrize("awkward", AWKWARD)
def test_it_stores_the_hash_python_computes_whatever_the_strings_hold(world, awkward):
    world.caseworker.username = awkward[:150].replace("\x00", "")
    with CaptureQueriesContext(connection) as queries:
        entry = log.record(world.caseworker, Event.READ, awkward[:100].replace("\x00", ""), case=world.case,
                           detail=awkward, on_behalf_of=awkward[:200].replace("\x00", ""))  # fmt: skip
    assert [q["sql"].split()[0] for q in queries.captured_queries][-1] == "WITH"  # the one-statement path
    stored = AccessLogRecord.objects.get(seq=entry.seq)
    fields = {name: getattr(stored, name) for name in (*chain.CHAINED_FIELDS, *chain.CHAIN_FIELDS)}
    assert stored.hash == entry.hash == chain.record_hash(stored.prev_hash, fields, legacy=False)
    assert (stored.chain_id, stored.pos, stored.at, stored.prev_hash) == (
        entry.chain_id, entry.pos, entry.at, entry.prev_hash,
    )  # fmt: skip
    assert stored.detail == awkward.replace("\x00", "\ufffd")
    assert log.verify()[1] is None


@requires_postgres()
def test_it_starts_a_chain_from_its_genesis_in_the_one_statement(db):
    team = TeamFactory(organisation=OrganisationFactory())
    user = member_of(team, Role.PROFESSIONAL)
    log.record(user, Event.READ, "test.first")  # the organisation's first record: its chains are made
    heads = list(ChainHead.objects.filter(organisation_id=team.organisation_id).order_by("stripe"))
    assert len(heads) == log.stripes() and heads[0].seq == 1 and all(head.seq == 0 for head in heads[1:])
    # Stripe 0 held by another transaction is what makes a writer take stripe 1: here the chain of stripe 0 is
    # moved aside so that the statement takes the empty one first.
    ChainHead.objects.filter(pk=heads[0].pk).update(stripe=99)
    with CaptureQueriesContext(connection) as queries:
        entry = log.record(user, Event.READ, "test.second")
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["WITH"]
    assert (entry.chain_id, entry.pos) == (heads[1].pk, 1)
    assert entry.prev_hash == chain.chain_genesis(heads[1].pk)
    ChainHead.objects.filter(pk=heads[0].pk).update(stripe=0)
    assert log.verify()[1] is None


@requires_postgres()
def test_it_returns_the_record_as_stored(world):
    entry = log.record(world.caseworker, Event.READ, "test.returned", case=world.case, families=[3, 1])
    stored = AccessLogRecord.objects.get(seq=entry.seq)
    for field in AccessLogRecord._meta.concrete_fields:
        assert getattr(entry, field.attname) == getattr(stored, field.attname), field.attname
    assert not entry._state.adding


@requires_postgres()
def test_the_statement_is_prepared_once_per_connection_and_its_plan_kept(world):
    """PostgreSQL planned the statement anew on every page (≈ 0.15 ms, longer than it runs): it is a prepared
    statement, planned on the first records of a connection and then run with the generic plan."""
    entries = [log.record(world.caseworker, Event.READ, "test.prepared", case=world.case) for _ in range(8)]
    assert [entry.pos for entry in entries] == list(range(entries[0].pos, entries[0].pos + 8))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans FROM pg_prepared_statements WHERE statement LIKE %s", ["%WITH new AS MATERIALIZED%"]
        )
        (generic,) = cursor.fetchall()  # one statement, prepared once
    assert generic[0] >= 1
    assert log.verify()[1] is None
