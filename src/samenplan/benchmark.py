"""``samenplan bench``: the pages of samenplan timed through the real stack, against the seeded data.

Every request goes through Django's test client: routing, every middleware, the session of a user who logged in
with a second factor, the real views, templates and serializers. Each operation runs ``warmup`` times, then
``runs`` times; we report the median and p95, the ratio of the median to the baseline's median (an authenticated
view doing one indexed query and rendering a minimal template, measured in the same run), the query count and
the response size. Budgets (issue 14) are checked; ``check_timing=False`` checks only queries and sizes (CI).
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

MAX_QUERIES = 15
MAX_BYTES = 150_000
RATIO_PAGE = 4.0
RATIO_SEARCH = 3.0


@dataclass
class Result:
    name: str
    url: str
    user: str
    median_ms: float
    p95_ms: float
    ratio: float
    queries: int
    bytes: int
    status: int
    budget: str
    broken: list[str]


def login(user) -> Client:
    """A client whose session logged in with a password and a TOTP factor, as allauth records it."""
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.http import HttpRequest

    factor = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if factor is None:
        factor = TOTP.activate(user, generate_totp_secret()).instance
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    request = HttpRequest()
    request.user, request.session = user, client.session
    record_authentication(request, user, "password", username=user.username)
    record_authentication(request, user, "mfa", id=factor.pk, type=factor.type)
    request.session.save()
    return client


def operations() -> list[tuple[str, str, object, str]]:
    """(name, url, user, budget kind) for every operation, chosen from the seeded data."""
    from django.db.models import Count

    from samenplan.accounts.models import Role, User
    from samenplan.cases.models import Case, Member

    worker = (
        User.objects.filter(memberships__role=Role.PROFESSIONAL)
        .annotate(n=Count("cases_as_caseworker"))
        .order_by("-n", "pk")
        .first()
    )
    lead = (
        User.objects.filter(memberships__role=Role.TEAM_LEAD)
        .annotate(n=Count("memberships__team", distinct=True))
        .order_by("-n", "pk")
        .first()
    )
    long_case = Case.objects.filter(closed_on__isnull=True).annotate(n=Count("entries")).order_by("-n", "pk").first()
    case = Case.objects.filter(caseworker=worker).order_by("pk").first()
    member = Member.objects.filter(family__cases__caseworker=worker).order_by("pk").first()
    surname = case.family.members.order_by("pk").first().family_name.split()[-1]
    ops = [
        ("baseline", "/bench/baseline/", worker, "baseline"),
        ("caseload, own cases", "/cases/?scope=mine", worker, "page"),
        ("caseload, team lead of two teams", "/cases/?scope=team", lead, "page"),
        ("search, family-name prefix", f"/cases/?q={surname[:3]}", worker, "search"),
        ("search, member name", f"/cases/?q={member.given_name}", worker, "search"),
        ("dossier, long timeline", f"/cases/{long_case.pk}/", long_case.caseworker, "page"),
        ("access log, unfiltered", "/access-log/", lead, "page"),
        ("access log, one family", f"/access-log/?family={lead_family(lead)}", lead, "page"),
        ("API case list", "/api/v1/cases/", worker, "page"),
        ("API case detail", f"/api/v1/cases/{case.pk}/", worker, "page"),
    ]
    return ops


def lead_family(lead) -> int:
    from samenplan.cases.models import Case

    return Case.objects.filter(team__memberships__user=lead).order_by("pk").values_list("family_id", flat=True)[0]


def run(runs: int = 50, warmup: int = 5, check_timing: bool = True, progress=None) -> list[Result]:
    results: list[Result] = []
    clients: dict[int, Client] = {}
    from django.conf import settings

    # As a production server runs (DEBUG off), but with static URLs from the plain storage: no collectstatic needed.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(
        ROOT_URLCONF="samenplan.bench_urls", ALLOWED_HOSTS=["localhost"], DEBUG=False, STORAGES=storages
    ):
        ops = operations()
        for name, url, user, budget in ops:
            client = clients.get(user.pk) or clients.setdefault(user.pk, login(user))
            for _ in range(warmup):
                client.get(url, secure=True)
            times = []
            for _ in range(runs):
                began = time.perf_counter()
                response = client.get(url, secure=True)
                times.append(time.perf_counter() - began)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, secure=True)
            times.sort()
            results.append(
                Result(
                    name=name,
                    url=url,
                    user=user.username,
                    median_ms=statistics.median(times) * 1000,
                    p95_ms=times[min(len(times) - 1, int(0.95 * len(times)))] * 1000,
                    ratio=0.0,
                    queries=len(queries),
                    bytes=len(response.content),
                    status=response.status_code,
                    budget=budget,
                    broken=[],
                )
            )
            if progress:
                progress(name)
    base = results[0].median_ms
    for r in results:
        r.ratio = r.median_ms / base
        if r.status != 200:
            r.broken.append(f"status {r.status}")
        if r.queries > MAX_QUERIES:
            r.broken.append(f"{r.queries} queries > {MAX_QUERIES}")
        if r.bytes > MAX_BYTES:
            r.broken.append(f"{r.bytes} bytes > {MAX_BYTES}")
        limit = {"page": RATIO_PAGE, "search": RATIO_SEARCH}.get(r.budget)
        if check_timing and limit and r.ratio > limit:
            r.broken.append(f"median {r.ratio:.1f} x baseline > {limit:g} x")
    return results


def write(results: list[Result], out: Path, meta: dict) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%SZ", time.gmtime())
    data = out / f"bench-{stamp}.json"
    data.write_text(json.dumps({**meta, "results": [asdict(r) for r in results]}, indent=2, ensure_ascii=False))
    lines = [
        f"# samenplan bench {stamp}",
        "",
        ", ".join(f"{k}: {v}" for k, v in meta.items()),
        "",
        "| operation | median ms | p95 ms | ratio | queries | KB | budget |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        verdict = "; ".join(r.broken) or "ok"
        lines.append(
            f"| {r.name} | {r.median_ms:.1f} | {r.p95_ms:.1f} | {r.ratio:.1f} | {r.queries} | "
            f"{r.bytes / 1000:.0f} | {verdict} |"
        )
    table = out / f"bench-{stamp}.md"
    table.write_text("\n".join(lines) + "\n")
    return data, table
