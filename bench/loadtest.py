"""The load test: gunicorn with two workers on loopback, Locust's simulated professionals and families against it.

    DATABASE_URL=postgres://…/sp_bench uv run samenplan seed --scale --families 50000   # once
    DATABASE_URL=postgres://…/sp_bench uv run python bench/loadtest.py                  # ≈ 5 minutes, then stops
    … bench/loadtest.py --users 10 --spawn-rate 5 --time 30          # a small try; --no-collectstatic the next time

Against the seeded database of ``DATABASE_URL`` it:

1. gives the simulated users their logins: the seeded professionals (``p00001`` …), team leads (``lead0001`` …)
   and family accounts (``f000001`` …) log in with ``LOADTEST_PASSWORD`` (default ``samen-beslissen``; set on
   the users that do not have it yet), and each professional and lead gets an authenticator app (TOTP) with a
   new secret that only this run knows, because on a server with ``DEBUG`` off every professional logs in with a
   second factor. The secrets go to Locust in a file readable only by this user, and are encrypted in the
   database under this run's throwaway ``MFA_ENCRYPTION_KEY``. It refuses a database that is not seeded data;
2. collects the static files and starts ``gunicorn samenplan.wsgi -w 2`` on 127.0.0.1 at a free port with
   production settings (``DEBUG=0``, a throwaway ``SECRET_KEY``, ``ALLOWED_HOSTS=127.0.0.1``; no HTTPS redirect,
   HSTS or Secure cookies, since loopback has no TLS). Every simulated user comes from 127.0.0.1: one address,
   as every professional behind a municipality's proxy. ``REDIS_URL`` and the rest of the environment pass on
   to gunicorn (without it, throttling and rate limits count in the database, as on a server without Redis);
3. warms the server up: ``--warmup`` seconds (20) of two users of each kind with short pauses, so that both
   workers have loaded their code, templates and the database's pages before anything is measured (their
   samples are thrown away; a cold first request of a worker would otherwise stand in the unloaded p95);
   then it measures the **unloaded** response times: one user at a time, each kind of user in turn (at least 10 s each),
   with 0.1 to 0.3 s between steps, for ``--unloaded-time`` seconds in all;
4. runs Locust headless: ``--users`` (100) at ``--spawn-rate`` (10/s) for ``--time`` seconds (180), each waiting
   ``--think`` (3 to 8 s) between steps (bench/locustfile.py says what they do);
5. samples the RSS of the gunicorn workers (from /proc) every ``--sample-every`` seconds throughout;
6. stops gunicorn and prints a Markdown summary, also written to ``var/bench/loadtest-<time>.md`` (and the figures
   as JSON): requests, failures, median and p95 per request, the p95 of all pages unloaded and loaded and their
   ratio, requests per second, the largest RSS per worker.

It exits non-zero when a request failed, when the loaded p95 is more than ``--max-ratio`` (3) times the unloaded
one, or when a worker grew beyond ``--max-rss-mb`` (250). Logging in is left out of the p95s (a PBKDF2 hash of
≈ 0.3 s on purpose; it is reported on its own row). The loaded p95 is the steady state's: the pages requested after
the first ``--settle`` seconds (by default the ramp-up, users ÷ spawn rate, and 20 s more), when every user has
logged in; the whole run's p95 is reported beside it. Every step is bounded in time, and gunicorn is stopped
whatever happens.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCUSTFILE = ROOT / "bench" / "locustfile.py"
CLASSES = {"professionals": "Professional", "leads": "TeamLead", "families": "Family"}
LOGIN = "log in"

# Production settings on loopback. Set before Django starts here, and passed on to collectstatic and gunicorn.
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "samenplan.conf.settings",
    "DEBUG": "0",
    "SECRET_KEY": "load-test-only-" + secrets.token_urlsafe(40),
    "MFA_ENCRYPTION_KEY": "load-test-only-" + secrets.token_urlsafe(40),
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_HSTS_SECONDS": "0",
    "SECURE_COOKIES": "0",
    "SAMENPLAN_DEMO_MODE": "0",
}
sys.path.insert(0, str(ROOT / "src"))


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=100, help="simulated users at full load (default 100)")
    parser.add_argument("--spawn-rate", type=float, default=10, help="users started per second (default 10)")
    parser.add_argument("--time", type=int, default=180, help="seconds at load (default 180)")
    parser.add_argument("--think", default="3,8", help="seconds between two steps of a user (default 3,8)")
    parser.add_argument("--unloaded-time", type=int, default=30, help="seconds of the unloaded runs (default 30)")
    parser.add_argument(
        "--warmup", type=int, default=20, help="seconds of warm-up before the unloaded runs, not measured (20)"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--max-ratio", type=float, default=3.0, help="loaded p95 ÷ unloaded p95 allowed (3)")
    parser.add_argument(
        "--settle",
        type=float,
        default=None,
        help="seconds of the loaded run left out of the loaded p95 (default: the ramp-up, users ÷ spawn rate, + 20)",
    )
    parser.add_argument("--max-rss-mb", type=float, default=250.0, help="largest RSS of a worker allowed (250)")
    parser.add_argument("--sample-every", type=float, default=2.0, help="seconds between RSS samples (2)")
    parser.add_argument(
        "--no-collectstatic", action="store_true", help="the static files are collected already (a run before)"
    )
    parser.add_argument("--out", default=str(ROOT / "var" / "bench"), help="where the summary goes (var/bench)")
    return parser.parse_args(argv)


# ── 1. logins for the simulated users ──────────────────────────────────────────────────────────────────────────


def base32_secret() -> str:
    return base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")


def prepare_users(password: str, wanted: int) -> dict:
    """The seeded logins the simulated users take, each professional and lead with a new TOTP secret."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth.hashers import check_password, make_password
    from django.db import transaction

    from samenplan.accounts.models import Role, User
    from samenplan.scale_seed import state

    seeded = state()
    if seeded == "empty":
        raise SystemExit("This database holds no seeded data: run `samenplan seed --scale --families N` first.")
    if seeded == "unfinished":
        raise SystemExit("The seeded data is unfinished (an earlier seed was stopped): seed a new, empty database.")
    professionals = list(
        User.objects.filter(username__regex=r"^p[0-9]{5}$", memberships__role=Role.PROFESSIONAL, is_active=True)
        .distinct()
        .order_by("username")[:wanted]
    )
    leads = list(
        User.objects.filter(username__regex=r"^lead[0-9]{4}$", memberships__role=Role.LOG_READER, is_active=True)
        .distinct()
        .order_by("username")[:wanted]
    )
    families = list(
        User.objects.filter(username__regex=r"^f[0-9]{6}$", family_account__isnull=False, is_active=True).order_by(
            "username"
        )[:wanted]
    )
    if not professionals:
        raise SystemExit("No seeded professionals (p00001 …) in this database.")
    users = professionals + leads + families
    # The seed gives its users one hash: check each distinct hash once, not a PBKDF2 round per user.
    fits = {encoded: check_password(password, encoded) for encoded in {u.password for u in users}}
    without = [u.pk for u in users if not fits[u.password]]
    secrets_by_name = {u.username: base32_secret() for u in professionals + leads}
    with transaction.atomic():
        if without:  # one hash for all of them: these are seeded test logins, nobody else's
            User.objects.filter(pk__in=without).update(password=make_password(password))
        Authenticator.objects.filter(user__in=professionals + leads, type=Authenticator.Type.TOTP).delete()
        for user in professionals + leads:
            TOTP.activate(user, secrets_by_name[user.username])
    say(
        f"logins: {len(professionals)} professionals, {len(leads)} team leads, {len(families)} family accounts"
        + (f" (password set on {len(without)})" if without else "")
    )
    return {
        "password": password,
        "professionals": [[u.username, secrets_by_name[u.username]] for u in professionals],
        "leads": [[u.username, secrets_by_name[u.username]] for u in leads],
        "families": [u.username for u in families],
    }


def database_summary() -> dict:
    from django.db import connection

    from samenplan.cases.models import Case, Family

    return {
        "vendor": connection.vendor,
        "database": connection.settings_dict["NAME"],
        "families": Family.objects.count(),
        "cases": Case.objects.count(),
    }


# ── 2. the server ──────────────────────────────────────────────────────────────────────────────────────────────


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_environ() -> dict:
    environ = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE",)}
    environ.update(SERVER_ENV)
    environ["PYTHONPATH"] = str(ROOT / "src")
    return environ


def collectstatic() -> None:
    subprocess.run(
        [sys.executable, "-m", "samenplan", "collectstatic", "--noinput", "-v0"],
        env=server_environ(),
        cwd=ROOT,
        check=True,
        timeout=600,
    )


def start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "samenplan.wsgi", "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}", "--timeout", "60", "--graceful-timeout", "10"],
        env=server_environ(), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped: " + server.stderr.read().decode()[-2000:])
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            pass
        time.sleep(0.5)
    stop(server)
    raise SystemExit("gunicorn did not answer /healthz within 120 s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


# ── 5. the workers' memory ─────────────────────────────────────────────────────────────────────────────────────


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:  # field 4, after the command in parentheses
                found.append(int(entry.name))
    return found


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class MemorySampler(threading.Thread):
    def __init__(self, master: int, every: float):
        super().__init__(daemon=True)
        self.master, self.every = master, every
        self.largest: dict[int, float] = {}
        self.samples = 0
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            for pid in children(self.master):
                if (mb := rss_mb(pid)) is not None:
                    self.largest[pid] = max(mb, self.largest.get(pid, 0.0))
            self.samples += 1
            self.done.wait(self.every)


# ── 3, 4. Locust ───────────────────────────────────────────────────────────────────────────────────────────────


def locust(port, users_file, samples_file, log_file, *, users, spawn_rate, seconds, think, classes) -> list:
    environ = {
        **os.environ,
        "LOADTEST_USERS": str(users_file),
        "LOADTEST_SAMPLES": str(samples_file),
        "LOADTEST_THINK": think,
    }
    command = [
        sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--host", f"http://127.0.0.1:{port}",
        "--headless", "--only-summary", "--users", str(users), "--spawn-rate", str(spawn_rate),
        "--run-time", f"{seconds}s", "--stop-timeout", "10", "--loglevel", "WARNING", *classes,
    ]  # fmt: skip
    # Locust exits 1 when a request failed: the summary below says which, so its code is not a crash here.
    with open(log_file, "a") as log:
        subprocess.run(command, env=environ, cwd=ROOT, timeout=seconds + 120, stdout=log, stderr=log)
    if not Path(samples_file).exists():
        raise SystemExit(f"Locust wrote no samples; its output: {log_file}")
    return json.loads(Path(samples_file).read_text())


def wait_for_next_totp_step() -> None:
    """The unloaded run's users log in again under load: allauth refuses a code already used in this step."""
    time.sleep(30 - time.time() % 30 + 1)


# ── 6. the summary ─────────────────────────────────────────────────────────────────────────────────────────────


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def summarise(unloaded: list, loaded: list, seconds: int, steady_from: float = 0.0) -> dict:
    """Per request and for all pages. The loaded p95 that the ratio judges is the steady state's: the pages
    requested from ``steady_from`` (a time stamp) on, after every user has started and logged in. While 100 users
    log in (a PBKDF2 hash of ≈ 0.3 s each, on purpose) the two cores are busy hashing; the whole run's p95 is
    reported beside it."""
    names = sorted({s[0] for s in loaded} | {s[0] for s in unloaded})
    rows = []
    for name in names:
        times = [s[1] for s in loaded if s[0] == name]
        quiet = [s[1] for s in unloaded if s[0] == name and s[2]]
        rows.append(
            {
                "name": name,
                "count": len(times),
                "failures": sum(1 for s in loaded if s[0] == name and not s[2]),
                "median_ms": round(statistics.median(times), 1) if times else None,
                "p95_ms": round(p95(times), 1) if times else None,
                "unloaded_p95_ms": round(p95(quiet), 1) if quiet else None,
            }
        )
    pages = [s[1] for s in loaded if not s[0].startswith(LOGIN)]
    steady = [s[1] for s in loaded if not s[0].startswith(LOGIN) and s[3] >= steady_from]
    quiet_pages = [s[1] for s in unloaded if not s[0].startswith(LOGIN) and s[2]]
    loaded_p95, unloaded_p95 = p95(steady), p95(quiet_pages)
    return {
        "rows": rows,
        "requests": len(loaded),
        "failures": sum(1 for s in loaded if not s[2]),
        "unloaded_failures": sum(1 for s in unloaded if not s[2]),
        "per_second": round(len(loaded) / seconds, 1),
        "pages_p95_ms": round(loaded_p95, 1),
        "steady_requests": len(steady),
        "whole_run_pages_p95_ms": round(p95(pages), 1),
        "pages_median_ms": round(statistics.median(pages), 1) if pages else None,
        "unloaded_pages_p95_ms": round(unloaded_p95, 1),
        "unloaded_requests": len(unloaded),
        "ratio": round(loaded_p95 / unloaded_p95, 2) if unloaded_p95 else None,
    }


def _ms(value) -> str:
    return "-" if value is None else f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def markdown(meta: dict, result: dict, rss: dict[int, float], broken: list[str]) -> str:
    lines = [
        f"# Load test {meta['started']}",
        "",
        f"{meta['database']['families']:,} families, {meta['database']['cases']:,} cases ({meta['database']['vendor']}"
        f" `{meta['database']['database']}`); gunicorn -w {meta['workers']} on 127.0.0.1; {meta['users']} users "
        f"({meta['kinds']}), spawn {meta['spawn_rate']}/s, {meta['time']} s, think {meta['think']} s; "
        f"warm-up {meta.get('warmup', 0)} s before the unloaded runs; "
        f"load before: {meta['load_before']}, after: {meta['load_after']}.",
        "",
        "| request | count | failures | median ms | p95 ms | unloaded p95 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in result["rows"]:
        lines.append(
            f"| `{row['name']}` | {row['count']} | {row['failures']} | {_ms(row['median_ms'])} | "
            f"{_ms(row['p95_ms'])} | {_ms(row['unloaded_p95_ms'])} |"
        )
    lines += [
        f"| all | {result['requests']} | {result['failures']} | | | |",
        "",
        f"- pages (all but logging in): median {result['pages_median_ms']} ms, **p95 {result['pages_p95_ms']} ms "
        f"under load after the first {meta['settle']:.0f} s ({result['steady_requests']} requests), "
        f"{result['unloaded_pages_p95_ms']} ms unloaded ({result['unloaded_requests']} requests): "
        f"ratio {result['ratio']}** (at most {meta['max_ratio']}); p95 over the whole run, the users' logins "
        f"included: {result['whole_run_pages_p95_ms']} ms",
        f"- {result['per_second']} requests per second; {result['unloaded_failures']} failures unloaded",
        "- largest RSS per worker: "
        + (", ".join(f"{mb:.0f} MB (pid {pid})" for pid, mb in sorted(rss.items())) or "not sampled")
        + f" (at most {meta['max_rss_mb']:.0f} MB)",
        "",
        "**Result: " + ("; ".join(broken) if broken else "within every limit") + "**",
        "",
    ]
    return "\n".join(lines)


def say(text: str) -> None:
    print(f"{datetime.now(UTC):%H:%M:%S} {text} …", flush=True)


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main(argv=None) -> int:
    args = parse_args(argv)
    os.environ.update(SERVER_ENV)  # this process writes the TOTP secrets under the server's MFA_ENCRYPTION_KEY
    import django

    django.setup()
    started = datetime.now(UTC)
    stamp = started.strftime("%Y%m%d-%H%M%S")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    locust_log = out / f"loadtest-{stamp}-locust.log"
    password = os.environ.get("LOADTEST_PASSWORD", "samen-beslissen")
    logins = prepare_users(password, args.users)
    meta = {
        "started": started.strftime("%Y-%m-%d %H:%M UTC"),
        "database": database_summary(),
        "users": args.users,
        "spawn_rate": args.spawn_rate,
        "time": args.time,
        "think": args.think.replace(",", " to "),
        "workers": args.workers,
        "max_ratio": args.max_ratio,
        "max_rss_mb": args.max_rss_mb,
        "warmup": args.warmup,
        "settle": args.settle if args.settle is not None else args.users / args.spawn_rate + 20,
        "load_before": load(),
    }
    kinds = [kind for kind in CLASSES if logins[kind]]
    meta["kinds"] = ", ".join(CLASSES[kind] for kind in kinds)
    if not logins["families"]:
        print("no family accounts (f000001 …) in this database: only professionals and team leads are simulated")
    from django.db import connections

    connections.close_all()  # this process is done with the database; the server takes over

    with tempfile.TemporaryDirectory(prefix="samenplan-loadtest-") as tmp:
        users_file = Path(tmp) / "users.json"
        users_file.touch(mode=0o600)
        users_file.write_text(json.dumps(logins))
        if not args.no_collectstatic:
            say("collecting static files")
            collectstatic()
        port = free_port()
        say(f"starting gunicorn -w {args.workers} on 127.0.0.1:{port}")
        server = start_gunicorn(port, args.workers)
        sampler = MemorySampler(server.pid, args.sample_every)
        sampler.start()
        try:
            if args.warmup > 0:
                say(f"warming up: two users of each kind for {args.warmup} s (not measured)")
                locust(
                    port, users_file, Path(tmp) / "warmup.json", locust_log,
                    users=2 * len(kinds), spawn_rate=2 * len(kinds), seconds=args.warmup, think="0.1,0.3",
                    classes=[CLASSES[kind] for kind in kinds],
                )  # fmt: skip
                say("waiting for the next 30-second step of the authenticator codes")
                wait_for_next_totp_step()  # the unloaded run logs the same users in again
            share = max(10, args.unloaded_time // len(kinds))
            unloaded = []
            for kind in kinds:
                say(f"unloaded: one {CLASSES[kind]} for {share} s")
                unloaded += locust(
                    port, users_file, Path(tmp) / f"unloaded-{kind}.json", locust_log,
                    users=1, spawn_rate=1, seconds=share, think="0.1,0.3", classes=[CLASSES[kind]],
                )  # fmt: skip
            say("waiting for the next 30-second step of the authenticator codes")
            wait_for_next_totp_step()
            say(f"loaded: {args.users} users, {args.spawn_rate}/s, for {args.time} s")
            steady_from = time.time() + meta["settle"]
            loaded = locust(
                port, users_file, Path(tmp) / "loaded.json", locust_log,
                users=args.users, spawn_rate=args.spawn_rate, seconds=args.time, think=args.think,
                classes=[CLASSES[kind] for kind in kinds],
            )  # fmt: skip
        finally:
            sampler.done.set()
            sampler.join(timeout=10)
            say("stopping gunicorn")
            stop(server)
    meta["load_after"] = load()
    result = summarise(unloaded, loaded, args.time, steady_from)
    broken = []
    if result["failures"] or result["unloaded_failures"]:
        broken.append(f"{result['failures'] + result['unloaded_failures']} failed requests")
    if result["ratio"] is None or result["ratio"] > args.max_ratio:
        broken.append(f"p95 ratio {result['ratio']} > {args.max_ratio}")
    if not sampler.largest:
        broken.append("no worker memory sampled")
    elif max(sampler.largest.values()) > args.max_rss_mb:
        broken.append(f"a worker's RSS {max(sampler.largest.values()):.0f} MB > {args.max_rss_mb:.0f} MB")
    text = markdown(meta, result, sampler.largest, broken)
    (out / f"loadtest-{stamp}.md").write_text(text)
    (out / f"loadtest-{stamp}.json").write_text(
        json.dumps({**meta, **result, "rss_mb": sampler.largest, "broken": broken}, indent=1)
    )
    print(text)
    print(f"written: {out / f'loadtest-{stamp}.md'} (and .json; Locust's own output: {locust_log.name})")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
