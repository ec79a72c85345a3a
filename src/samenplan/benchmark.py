"""``samenplan bench``: the pages of samenplan timed through the real stack, against the seeded data.

Every request goes through Django's test client: routing, every middleware, the session of a user who logged in
(a professional with a second factor, a family member with a password), the real views, templates and
serializers. Each operation runs ``warmup`` times, then ``runs`` times; we report the median and p95, the ratio of
the median to the baseline's median (an authenticated view doing one indexed query and rendering a minimal
template, measured in the same run), the query count and the response size. Budgets (issue 14) are checked;
``check_timing=False`` checks only queries and sizes (CI). A write (saving an evaluation) is a real POST whose
every run is rolled back, so a benchmark leaves the data as it found it (apart from its own access-log records).

Every operation finds its object in the seeded data with a query; when the data has none, the operation is
reported as a broken budget ("missing in the seeded data"), not a crash.
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlencode

from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

MAX_QUERIES = 15
MAX_BYTES = 150_000  # a page shows a page of rows, not all of them
MAX_PDF_BYTES = 500_000  # the plan as a PDF, its fonts embedded (subsets)
RATIO_PAGE = 4.0
RATIO_SEARCH = 3.0
RATIO_PDF = 40.0
MISSING = "missing in the seeded data"
FORM_ENCODED = "application/x-www-form-urlencoded"


def budgets() -> dict[str, tuple[float | None, int]]:
    """Per kind of operation: (the largest median as a multiple of the baseline's, the largest response)."""
    return {
        "baseline": (None, MAX_BYTES),
        "page": (RATIO_PAGE, MAX_BYTES),
        "search": (RATIO_SEARCH, MAX_BYTES),
        "pdf": (RATIO_PDF, MAX_PDF_BYTES),
    }


@dataclass
class Operation:
    """One request to measure. With ``data`` it is a POST that must answer ``expect`` (the success redirect);
    ``missing`` says what the seeded data lacks for it (then it is not run)."""

    name: str
    url: str = ""
    user: object = None
    budget: str = "page"
    data: dict | None = None
    expect: int = 200
    missing: str = ""

    @property
    def method(self) -> str:
        return "GET" if self.data is None else "POST"


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
    method: str = "GET"
    expect: int = 200
    missing: str = ""
    baseline_ms: float = 0.0  # the baseline's median, measured in turn with this operation's runs


def login(user, second_factor: bool = True) -> Client:
    """A client whose session logged in with a password and (for a professional) a TOTP factor, as allauth
    records it. A family member's account logs in with a password only, as the portal asks."""
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.http import HttpRequest

    from samenplan.portal.middleware import remember_family_member

    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    request = HttpRequest()
    request.user, request.session = user, client.session
    record_authentication(request, user, "password", username=user.username)
    if second_factor:
        factor = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if factor is None:
            factor = TOTP.activate(user, generate_totp_secret()).instance
        record_authentication(request, user, "mfa", id=factor.pk, type=factor.type)
    # What a real login remembers in the session (whether this is a family account, its voice and language):
    # without it the first request of every measured run would look it up and write the session.
    remember_family_member(request, user)
    request.session.save()
    return client


def operations() -> list[Operation]:
    """Every operation, its object chosen from the seeded data (the baseline first)."""
    from django.db.models import Count

    from samenplan import scale_seed
    from samenplan.accounts.models import Role, User
    from samenplan.administration.predicates import led_team_ids
    from samenplan.cases.models import Case, Member, Phase

    if scale_seed.state() == "unfinished":
        raise LookupError(
            "The benchmark data is unfinished (an earlier `samenplan seed --scale` stopped before its end): its "
            "figures would not be those of a region. Seed a new, empty database first."
        )
    worker = (
        User.objects.filter(memberships__role=Role.PROFESSIONAL)
        .annotate(n=Count("cases_as_caseworker"))
        .order_by("-n", "pk")
        .first()
    )
    if worker is None:
        raise LookupError("No professional in the data: run `samenplan seed --scale --families N` first.")
    lead = (
        User.objects.filter(memberships__role=Role.TEAM_LEAD)
        .annotate(n=Count("memberships__team", distinct=True))
        .order_by("-n", "pk")
        .first()
    )
    long_case = Case.objects.filter(closed_on__isnull=True).annotate(n=Count("entries")).order_by("-n", "pk").first()
    # The API detail's queries depend on the case's phase (a section per phase), so the case is always of one
    # phase: the reference query count is then the same at every size of the data.
    mine = Case.objects.filter(caseworker=worker).order_by("pk")
    case = mine.filter(phase=Phase.HELP).first() or mine.first()
    member = Member.objects.filter(family__cases__caseworker=worker).order_by("pk").first()
    surname = case.family.members.order_by("pk").first().family_name.split()[-1] if case else ""
    ops = [Operation("baseline", "/bench/baseline/", worker, "baseline")]
    ops += [
        Operation("caseload, own cases", "/cases/?scope=mine", worker),
        Operation("caseload dashboard", "/caseload/", worker),
    ]
    if lead is None:
        ops += [Operation(name, missing=f"{MISSING}: a team lead") for name in LEAD_OPERATIONS]
    else:
        led = led_team_ids(lead)
        family = lead_family(lead)
        ops += [
            Operation("caseload, team lead of two teams", "/cases/?scope=team", lead),
            Operation("team overview of the team lead", f"/teams/{led[0]}/overview/", lead)
            if led
            else Operation("team overview of the team lead", missing=f"{MISSING}: a team the lead leads"),
            # The records written before the run: the benchmark's own reads of the page (one record each) would
            # otherwise fill it, and a page of them names no family (one query less than a page of the teams' work).
            Operation("access log, unfiltered", f"/access-log/?before={_next_seq()}", lead),
            Operation("access log, one family", f"/access-log/?family={family}", lead)
            if family
            else Operation("access log, one family", missing=f"{MISSING}: a case of the lead's teams"),
        ]
    ops += [
        Operation("search, family-name prefix", f"/cases/?q={surname[:3]}", worker, "search")
        if surname
        else Operation("search, family-name prefix", missing=f"{MISSING}: a case of the professional"),
        Operation("search, member name", f"/cases/?q={member.given_name}", worker, "search")
        if member
        else Operation("search, member name", missing=f"{MISSING}: a member of the professional's families"),
        Operation("dossier, long timeline", f"/cases/{long_case.pk}/", long_case.caseworker)
        if long_case and long_case.caseworker
        else Operation("dossier, long timeline", missing=f"{MISSING}: an open case with a caseworker"),
        *plan_operations(),
        evaluation_operation(),
        portal_operation(),
        Operation("API case list", "/api/v1/cases/", worker),
        Operation("API case detail", f"/api/v1/cases/{case.pk}/", worker)
        if case
        else Operation("API case detail", missing=f"{MISSING}: a case of the professional"),
    ]
    return ops


LEAD_OPERATIONS = (
    "caseload, team lead of two teams",
    "team overview of the team lead",
    "access log, unfiltered",
    "access log, one family",
)


def _next_seq() -> int:
    from samenplan.audit.models import AccessLogRecord

    return (AccessLogRecord.objects.order_by("-seq").values_list("seq", flat=True).first() or 0) + 1


def lead_family(lead) -> int | None:
    from samenplan.cases.models import Case

    return Case.objects.filter(team__memberships__user=lead).order_by("pk").values_list("family_id", flat=True).first()


def agreed_plan_case():
    """An open case with a plan version a family member agreed with ("yes"), the newest version agreed first."""
    from django.db.models import Exists, F, OuterRef

    from samenplan.cases.models import Case
    from samenplan.plans.models import Agreement, PlanAgreement

    agreed = PlanAgreement.objects.filter(agreement=Agreement.YES, version__plan__case=OuterRef("pk"))
    return (
        Case.objects.filter(Exists(agreed), closed_on__isnull=True, caseworker__isnull=False)
        .annotate(newest_agreed=Exists(agreed.filter(version__number=F("version__plan__version"))))
        .select_related("caseworker")
        .order_by("-newest_agreed", "pk")
        .first()
    )


def plan_operations() -> list[Operation]:
    case = agreed_plan_case()
    if case is None:
        missing = f"{MISSING}: an open case with an agreed plan version"
        return [Operation("plan page", missing=missing), Operation("plan PDF", budget="pdf", missing=missing)]
    return [
        Operation("plan page", f"/cases/{case.pk}/plan/", case.caseworker),
        Operation("plan PDF", f"/cases/{case.pk}/plan/pdf/", case.caseworker, "pdf"),
    ]


def evaluation_case():
    """An open case that has an evaluation, in the evaluation phase if there is one (an evaluation may be held in
    the help phase too), preferably one with goals to score."""
    from django.db.models import Exists, OuterRef, Q

    from samenplan.cases.models import Case, Phase
    from samenplan.goals.models import Goal

    return (
        Case.objects.filter(closed_on__isnull=True, caseworker__isnull=False, evaluations__isnull=False)
        .annotate(
            in_evaluation=Exists(Case.objects.filter(pk=OuterRef("pk"), phase=Phase.EVALUATION)),
            has_goals=Exists(Goal.objects.filter(case=OuterRef("pk"))),
        )
        .filter(Q(phase=Phase.EVALUATION) | Q(phase=Phase.HELP))
        .select_related("caseworker")
        .order_by("-in_evaluation", "-has_goals", "pk")
        .distinct()
        .first()
    )


def evaluation_operation() -> Operation:
    """Holding an evaluation with the family, saved through the real page: the family's words, the outcome
    "continue" and the caseworker's score on the first goal. Each run is rolled back."""
    from samenplan.evaluations.models import Outcome

    name = "saving an evaluation"
    case = evaluation_case()
    if case is None:
        return Operation(name, missing=f"{MISSING}: an open case in the evaluation or help phase with an evaluation")
    data = {
        "held_on": timezone.localdate().isoformat(),
        "helps": "Het helpt: de ochtenden zijn rustiger.",
        "should_change": "",
        "outcome": Outcome.CONTINUE,
        "outcome_reason": "Het gaat de goede kant op.",
        "conversation_went": "Open gesprek aan de keukentafel.",
        "version": "",
    }
    goal = case.goals.order_by("position", "pk").first()
    if goal is not None:
        data[f"g{goal.pk}-p{case.caseworker_id}"] = "6"
    return Operation(name, f"/cases/{case.pk}/evaluations/new/", case.caseworker, data=data, expect=302)


def portal_operation() -> Operation:
    """The portal home of a parent whose family has the most cases: the home shows every case of the family (one
    statement for all of them and their parts: portal.access.home_overview), and the heaviest family is a stable
    choice."""
    from django.db.models import Count

    from samenplan.cases.models import MemberRole
    from samenplan.portal.models import FamilyAccount

    account = (
        FamilyAccount.objects.filter(member__role=MemberRole.PARENT, user__is_active=True)
        .annotate(cases=Count("member__family__cases"))
        .filter(cases__gt=0)
        .select_related("user")
        .order_by("-cases", "pk")
        .first()
    )
    if account is None:
        return Operation("portal home of a parent", missing=f"{MISSING}: a parent with a portal account")
    return Operation("portal home of a parent", "/portal/", account.user)


def _fresh_activity(client: Client) -> None:
    """Mark the session as seen just now, so the measured request does not also write the last-activity time
    (SessionTimeoutMiddleware writes it at most once a minute): the query count is then the page's own."""
    from samenplan.accounts.signals import SEEN_AT

    session = client.session
    if SEEN_AT in session:
        session[SEEN_AT] = int(time.time())
        session.save()


def _request(client: Client, op: Operation):
    if op.data is None:
        return client.get(op.url, secure=True)
    # A browser follows the write's redirect, whose page shows the messages the write left in the cookie and so
    # drops them; the test client follows nothing, so they would pile up in its cookie, and every POST decoded and
    # encoded all earlier ones (30 to 60 in a run: 0.09 to 0.16 ms).
    client.cookies.pop("messages", None)
    with transaction.atomic():  # a write, measured through the real view, and then undone
        # Encoded as the browser sends the page's form (no enctype): the test client's default, multipart, costs
        # the server five times as much to parse.
        body = urlencode(op.data, doseq=True)
        response = client.post(op.url, body, content_type=FORM_ENCODED, secure=True)
        transaction.set_rollback(True)
    return response


def _timed(client: Client, op: Operation) -> float:
    began = time.perf_counter()
    _request(client, op)
    return time.perf_counter() - began


ROUNDS = 5  # with a baseline: the runs in this many rounds of baseline runs, then the operation's
SETTLE = 2  # untimed requests at the start of each such run of requests (the other's left-overs cleared)


def _measure(op: Operation, client: Client, runs: int, warmup: int, baseline=None) -> Result:
    """``runs`` timed requests of ``op`` after ``warmup`` untimed ones. With ``baseline`` (its operation and
    client), the runs are taken in ``ROUNDS`` rounds, each a run of baseline requests and then one of ``op``'s, so
    that the ratio compares the two over the same seconds: a machine that slows down for a while (a shared host,
    another process) slows both alike. Request by request in turn would not do: what one request leaves (garbage
    to collect, caches) would be paid by the other, so each run of requests starts with ``SETTLE`` untimed ones."""
    for _ in range(warmup):
        _request(client, op)
    times, base_times = [], []
    rounds = ROUNDS if baseline is not None and runs >= ROUNDS else 1
    for round_ in range(rounds):
        count = runs // rounds + (1 if round_ < runs % rounds else 0)
        if baseline is not None:
            for _ in range(SETTLE):
                _request(baseline[1], baseline[0])
            base_times += [_timed(baseline[1], baseline[0]) for _ in range(count)]
            for _ in range(SETTLE):
                _request(client, op)
        times += [_timed(client, op) for _ in range(count)]
    if op.data is not None:
        # Open the form first, as a user does: what that request keeps in the session persists, while every POST's
        # own session write is rolled back with it. The measured POST then starts from a user's usual session.
        client.get(op.url, secure=True)
    _fresh_activity(client)
    with CaptureQueriesContext(connection) as queries:
        response = _request(client, op)
    times.sort()
    return Result(
        name=op.name,
        url=op.url,
        user=op.user.username,
        median_ms=statistics.median(times) * 1000,
        p95_ms=times[min(len(times) - 1, int(0.95 * len(times)))] * 1000,
        ratio=0.0,
        queries=_page_queries(op, queries.captured_queries),
        bytes=len(response.content),
        status=response.status_code,
        budget=op.budget,
        broken=[],
        method=op.method,
        expect=op.expect,
        baseline_ms=statistics.median(base_times) * 1000 if base_times else 0.0,
    )


def _page_queries(op: Operation, captured: list[dict]) -> int:
    """The statements the request sent. For a write, the benchmark's own BEGIN and ROLLBACK around it (which undo
    it) are not the page's: in production the action's BEGIN and COMMIT take their place, and are counted as the
    SAVEPOINT and RELEASE they become inside the benchmark's transaction."""
    statements = [q["sql"] for q in captured]
    if op.data is not None and statements and statements[0].startswith("BEGIN") and statements[-1] == "ROLLBACK":
        statements = statements[1:-1]
    return len(statements)


def _missing(op: Operation) -> Result:
    return Result(op.name, "", "", 0.0, 0.0, 0.0, 0, 0, 0, op.budget, [], op.method, op.expect, op.missing)


def run(runs: int = 50, warmup: int = 5, check_timing: bool = True, progress=None) -> list[Result]:
    results: list[Result] = []
    clients: dict[int, Client] = {}
    from django.conf import settings

    from samenplan.portal.models import FamilyAccount

    # As a production server runs (DEBUG off), but with static URLs from the plain storage: no collectstatic needed.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(
        ROOT_URLCONF="samenplan.bench_urls", ALLOWED_HOSTS=["localhost"], DEBUG=False, STORAGES=storages
    ):
        ops = operations()
        first = ops[0]  # the baseline: measured alone first, then again in turn with each operation
        for op in ops:
            if op.missing:
                results.append(_missing(op))
            else:
                client = clients.get(op.user.pk)
                if client is None:
                    family = FamilyAccount.objects.filter(user=op.user).exists()
                    client = clients[op.user.pk] = login(op.user, second_factor=not family)
                baseline = (first, clients[first.user.pk]) if results else None
                results.append(_measure(op, client, runs, warmup, baseline))
            if progress:
                progress(op.name)
    check(results, check_timing)
    return results


def check(results: list[Result], check_timing: bool = True) -> None:
    """Fill in each result's ratio to the baseline (measured in turn with it, else the first result's) and the
    budgets it breaks."""
    first = results[0].median_ms or 1.0
    limits = budgets()
    for r in results:
        if r.missing:
            r.broken.append(r.missing)
            continue
        r.ratio = r.median_ms / (r.baseline_ms or first)
        if r.status != r.expect:
            hint = " (the form was refused)" if r.method == "POST" and r.status in (200, 422) else ""
            r.broken.append(f"status {r.status}, expected {r.expect}{hint}")
        if r.queries > MAX_QUERIES:
            r.broken.append(f"{r.queries} queries > {MAX_QUERIES}")
        ratio, size = limits[r.budget]
        if r.bytes > size:
            r.broken.append(f"{r.bytes} bytes > {size}")
        if check_timing and ratio and r.ratio > ratio:
            r.broken.append(f"median {r.ratio:.1f} x baseline > {ratio:g} x")


def query_counts(results: list[Result]) -> dict[str, int]:
    """Operation name → query count, for the reference file (operations that ran only)."""
    return {r.name: r.queries for r in results if not r.missing}


def check_reference(results: list[Result], reference: dict[str, int]) -> None:
    """The query count must not depend on the size of the data: compare each operation with the reference
    (written at another size by ``--write-reference``)."""
    for r in results:
        if r.missing:
            continue
        if r.name not in reference:
            r.broken.append("not in the reference query counts (write it again with --write-reference)")
        elif r.queries != reference[r.name]:
            r.broken.append(f"{r.queries} queries, the reference has {reference[r.name]}")


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
        "| operation | median ms | p95 ms | baseline ms | ratio | queries | KB | budget |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        verdict = "; ".join(r.broken) or "ok"
        lines.append(
            f"| {r.name} | {r.median_ms:.1f} | {r.p95_ms:.1f} | {(r.baseline_ms or r.median_ms):.1f} | {r.ratio:.1f} | "
            f"{r.queries} | {r.bytes / 1000:.0f} | {verdict} |"
        )
    table = out / f"bench-{stamp}.md"
    table.write_text("\n".join(lines) + "\n")
    return data, table
