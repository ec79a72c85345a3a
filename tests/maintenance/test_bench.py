"""`samenplan bench`: every operation answers 200 through the real stack, and the budgets are checked."""

import json

import pytest
from django.core.management import CommandError, call_command

from samenplan import benchmark

pytestmark = pytest.mark.django_db


def test_bench_measures_every_operation_against_the_baseline(tmp_path, capsys):
    call_command("seed", "--scale", "--families", "40", "--log-per-family", "2")
    try:
        call_command("bench", "--runs", "2", "--warmup", "1", "--no-timing", "--out", str(tmp_path))
    except CommandError as broken:  # a broken budget is reported by name, never as a crash
        assert "budget(s) broken" in str(broken)
    written = json.loads(next(tmp_path.glob("bench-*.json")).read_text())
    results = written["results"]
    assert written["families"] == 40
    assert results[0]["name"] == "baseline"
    assert {r["status"] for r in results} == {200}
    assert results[0]["ratio"] == 1.0
    assert all(r["queries"] > 0 and r["bytes"] > 0 for r in results)
    assert next(tmp_path.glob("bench-*.md")).read_text().count("\n| ") == len(results) + 2  # header, rule, rows


def test_a_page_over_the_query_budget_breaks_it(monkeypatch):
    call_command("seed", "--scale", "--families", "10", "--log-per-family", "1")
    monkeypatch.setattr(benchmark, "MAX_QUERIES", 1)
    results = benchmark.run(runs=1, warmup=0, check_timing=False)
    assert all("queries >" in " ".join(r.broken) for r in results[1:])
