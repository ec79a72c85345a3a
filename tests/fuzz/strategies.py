"""Shared pieces of the fuzz tests: generated junk, a snapshot of everything an action may write, and a
count of the generated examples each fuzz test ran (tests/fuzz/conftest.py prints it at the end)."""

from __future__ import annotations

import os
from collections import Counter
from datetime import date

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from samenplan.audit.models import AccessLogRecord, Event
from samenplan.cases.models import Case, DossierEntry, Family, Member

EXAMPLES: Counter[str] = Counter()

# Small budgets: the suite runs twice in CI (SQLite and PostgreSQL). Raise locally with HYPOTHESIS_PROFILE.
# The same examples every run, so that CI is repeatable; FUZZ_EXPLORE=1 draws new ones (do that locally, and turn
# what it finds into a fixed test).
settings.register_profile(
    "fuzz",
    max_examples=30,
    deadline=None,
    derandomize=not os.environ.get("FUZZ_EXPLORE"),
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ = settings.get_profile("fuzz")

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u00a0\u202e\u3164 \t\n"
NASTY = [
    "",
    " ",
    "true",
    "false",
    "on",
    "maybe",
    "0",
    "-1",
    "1.5",
    "1e3",
    "\x00",
    "0001-01-01",
    "9999-12-31",
    "2015-01-01",
    "31-12-2024",
    str(2**63),
    str(2**70),
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "Ж" * 300,
]


def junk() -> st.SearchStrategy[str]:
    """Text a form may receive from anyone: random, invisible, numbers, dates in and far outside range."""
    return st.one_of(
        st.sampled_from(NASTY),
        st.text(max_size=40),
        st.text(alphabet=INVISIBLE, min_size=1, max_size=6),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(str),
    )


EDGE_DATES = st.sampled_from(["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"])


def date_junk() -> st.SearchStrategy[str]:
    """For date fields: mostly the edges of what Python, time zones and samenplan accept, then anything."""
    return st.one_of(EDGE_DATES, EDGE_DATES, st.dates().map(str), junk())


def either(valid: st.SearchStrategy, junk_share: st.SearchStrategy | None = None) -> st.SearchStrategy:
    """Mostly a valid value (so the other fields' checks are reached too), sometimes junk."""
    return st.one_of(valid, valid, junk() if junk_share is None else junk_share)


WRITE_EVENTS = (Event.CREATE, Event.CHANGE, Event.DELETE)


def _analysis_rows() -> tuple:
    from samenplan.analysis.models import CoherentPicture, Factor, InvestigationQuestion

    pictures = list(CoherentPicture.objects.order_by("pk").values_list("pk", "version", "current"))
    return pictures, Factor.objects.count(), InvestigationQuestion.objects.count()


def snapshot() -> dict:
    """Rows of client data, versions, and change records in the access log (reads and refusals may be logged)."""
    return {
        "families": Family.objects.count(),
        "members": list(Member.objects.order_by("pk").values_list("pk", "version")),
        "cases": list(Case.objects.order_by("pk").values_list("pk", "version", "phase", "caseworker_id")),
        "coworkers": Case.coworkers.through.objects.count(),
        "entries": DossierEntry.objects.count(),
        "analysis": _analysis_rows(),
        "log_writes": AccessLogRecord.objects.filter(event__in=WRITE_EVENTS).count(),
    }
