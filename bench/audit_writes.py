"""What writing one access-log record costs as the log grows, and how many writes per second concurrent writers get.

    DATABASE_URL=postgres://…/sp_bench uv run samenplan migrate
    DATABASE_URL=postgres://…/sp_bench uv run python bench/audit_writes.py cost          # at the current size
    DATABASE_URL=postgres://…/sp_bench nice -n 19 uv run python bench/audit_writes.py fill 5000000
    DATABASE_URL=postgres://…/sp_bench uv run python bench/audit_writes.py cost
    DATABASE_URL=postgres://…/sp_bench uv run python bench/audit_writes.py concurrent   # 1, 2, 4, 8 writers
    DATABASE_URL=postgres://…/sp_bench uv run python bench/audit_writes.py empty  # give the disk back

``fill`` adds filler records with SQL (``INSERT … SELECT generate_series``) in the shape of real ones (same
columns, sizes and index keys, spread over the past twelve months' partitions, ≈ 3,000 families and 200 users per
organisation) but in no valid chain: they sit in chain 0, which has no head, so ``audit verify`` reports them.
Only the tables' and indexes' size matters for the write cost. ``empty`` truncates the whole log (a benchmark
database only).

``cost`` writes ``--writes`` records one after the other, each in its own transaction through
``audit.log.record`` (the real code path), and prints the median and p95 time and the queries per record.
``concurrent`` starts 1, 2, 4 and 8 writer processes (each its own connection) for ``--seconds`` each, all for
one organisation (they share its chains) and then one organisation each, and prints writes per second.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import time
from types import SimpleNamespace

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenplan.conf.settings")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))

import django

django.setup()

from django.db import connection, connections, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from samenplan.audit import log, partitions  # noqa: E402
from samenplan.audit.models import Event  # noqa: E402

FILLER_CHAIN = 0
BATCH = 500_000


def _writer(organisation_id: int):
    return SimpleNamespace(pk=None, username=f"bench-{organisation_id}", organisation_id=organisation_id)


def _size() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [partitions.TABLE])
        estimate = cursor.fetchone()[0]
        if estimate <= 0:  # a partitioned table has no estimate of its own: sum the partitions'
            cursor.execute(
                "SELECT COALESCE(SUM(GREATEST(c.reltuples, 0)), 0)::bigint FROM pg_inherits i "
                "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = %s::regclass",
                [partitions.TABLE],
            )
            estimate = cursor.fetchone()[0]
    return estimate


def fill(count: int) -> None:
    if connection.vendor != "postgresql":
        sys.exit("fill needs PostgreSQL")
    now = timezone.now()
    months = 12
    with connection.cursor() as cursor:
        start = now - timezone.timedelta(days=30 * months)
        partitions.ensure(cursor, *(start + timezone.timedelta(days=30 * i) for i in range(months + 1)))
    done = 0
    began = time.monotonic()
    while done < count:
        size = min(BATCH, count - done)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {partitions.TABLE} (seq, chain_id, pos, at, event, user_id, username, role,
                    on_behalf_of, organisation_id, family_id, case_id, member_id, channel, action, detail,
                    ip_address, prev_hash, hash)
                SELECT nextval('audit_log_seq'), {FILLER_CHAIN}, g,
                    %s::timestamptz - (%s * interval '1 second') * (1 - g::float8 / %s),
                    CASE WHEN g %% 7 = 0 THEN 'change' ELSE 'read' END,
                    1000 + g %% 600, 'medewerker' || (g %% 600), 'professional', 'Team ' || (g %% 30),
                    1 + g %% 3, 100000 + g %% 9000, 200000 + g %% 10000, NULL, 'web',
                    CASE WHEN g %% 7 = 0 THEN 'cases.note' ELSE 'cases.dossier' END, '', '10.0.0.1',
                    md5(g::text) || md5((g + 1)::text), md5((g + 1)::text) || md5(g::text)
                FROM generate_series(%s, %s) g
                """,  # noqa: S608 (constant SQL)
                [now, months * 30 * 86400, count, done + 1, done + size],
            )
        done += size
        rate = done / max(0.001, time.monotonic() - began)
        print(f"  {done:,} / {count:,} filler records ({rate:,.0f}/s)", file=sys.stderr, flush=True)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {partitions.TABLE}")


def empty() -> None:
    """Empty the log of a benchmark database (TRUNCATE: the filler and every real record, chain heads and
    checkpoints with them). Never on a database whose log matters."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {partitions.TABLE}, audit_chainhead, audit_verifiedposition, audit_logcheckpoint")
    print("the access log is empty", file=sys.stderr)


def cost(writes: int) -> dict:
    """Time ``writes`` records, each in its own transaction, alternating with a baseline transaction of one
    trivial statement (the round trip and commit any write pays), so both see the same load on the machine."""
    user = _writer(1)
    log.record(user, Event.READ, "bench.warm")  # the organisation's chains exist, the code is loaded
    times, base = [], []
    for i in range(writes):
        began = time.perf_counter()
        with transaction.atomic():
            log.record(user, Event.READ, "bench.write", detail=f"write {i}")
        times.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        base.append((time.perf_counter() - began) * 1000)
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        log.record(user, Event.READ, "bench.count")
    times.sort()
    statements = [q for q in queries.captured_queries if q["sql"] not in ("BEGIN", "COMMIT")]
    result = {
        "records": _size(),
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(len(times) * 0.95)], 2),
        "baseline_ms": round(statistics.median(base), 2),
        "queries": len(statements),
    }
    with open("/proc/loadavg") as load:
        result["load"] = load.read().split()[0]
    print(
        f"log ≈ {result['records']:,} records: median {result['median_ms']} ms, p95 {result['p95_ms']} ms per "
        f"record ({writes} writes, each its own transaction; baseline transaction {result['baseline_ms']} ms, "
        f"so +{result['median_ms'] - result['baseline_ms']:.2f} ms), {result['queries']} statements, "
        f"load {result['load']}"
    )
    return result


def _write_for(args) -> tuple[int, list[float]]:
    organisation_id, seconds = args
    connections.close_all()  # a connection of its own in this process
    user = _writer(organisation_id)
    log.record(user, Event.READ, "bench.warm")
    times, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        began = time.perf_counter()
        with transaction.atomic():
            log.record(user, Event.READ, "bench.concurrent")
        times.append((time.perf_counter() - began) * 1000)
    connections.close_all()
    return len(times), times


def concurrent(seconds: float) -> None:
    connections.close_all()
    context = multiprocessing.get_context("fork")
    for shared in (True, False):
        for writers in (1, 2, 4, 8):
            jobs = [(1 if shared else 100 + w, seconds) for w in range(writers)]
            with context.Pool(writers) as pool:
                results = pool.map(_write_for, jobs)
            total = sum(n for n, _ in results)
            times = sorted(t for _, ts in results for t in ts)
            p95 = times[int(len(times) * 0.95)] if times else 0
            how = "one organisation" if shared else "an organisation each"
            print(
                f"{writers} writer(s), {how}: {total / seconds:,.0f} writes/s, median "
                f"{statistics.median(times):.2f} ms, p95 {p95:.2f} ms",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["cost", "fill", "concurrent", "empty"])
    parser.add_argument("count", nargs="?", type=int, default=1_000_000, help="fill: how many filler records")
    parser.add_argument("--writes", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=5)
    args = parser.parse_args()
    if args.what == "fill":
        fill(args.count)
    elif args.what == "empty":
        empty()
    elif args.what == "cost":
        cost(args.writes)
    else:
        concurrent(args.seconds)


if __name__ == "__main__":
    main()
