"""samenplan served by gunicorn with production settings (DEBUG=0, a real SECRET_KEY, TLS at a trusted proxy):
the security headers and cookies, and login throttling that holds across two worker processes (Redis).

One gunicorn with two workers serves the whole module, on a free loopback port, against a fresh SQLite
database in a temporary directory and Redis database 3; it is stopped at the end (and every wait is bounded).
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.utils import translation

from tests.factories import code_for_secret

ROOT = Path(__file__).resolve().parent.parent.parent
REDIS_URL = "redis://127.0.0.1:6379/3"
PASSWORD = "een-lang-wachtwoord-voor-gunicorn"
LIMIT = 6  # LOGIN_FAILURES_PER_ADDRESS for this server
START_TIMEOUT = 90


def redis_or_skip():
    import redis

    try:
        connection = redis.Redis.from_url(REDIS_URL, socket_timeout=2)
        connection.ping()
    except redis.RedisError as exc:
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(f"REQUIRE_REDIS=1, but Redis at {REDIS_URL} does not answer: {exc}")
        pytest.skip(f"Redis at {REDIS_URL} does not answer: {exc}")
    return connection


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: str

    def cookies(self) -> dict[str, str]:
        """Cookie name → its whole Set-Cookie line."""
        return {line.split("=", 1)[0]: line for line in self.headers.get_all("Set-Cookie") or []}


ANNA_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@dataclass
class Browser:
    """Speaks to gunicorn as the TLS proxy would: from 127.0.0.1, with X-Forwarded-Proto and -For. Keeps cookies
    itself (Secure cookies over the plain loopback connection behind the 'proxy')."""

    port: int
    client_address: str
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method, path, body=None, headers=None, https=True) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        all_headers = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-For": self.client_address}
        if https:
            all_headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        all_headers.update(headers or {})
        try:
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            answer = Answer(response.status, response.headers, response.read().decode("utf-8", "replace"))
        finally:
            connection.close()
        for line in answer.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(line)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value
        return answer

    def submit(self, path, fields) -> Answer:
        """GET the form at ``path`` for its CSRF token, then POST ``fields`` to it as a browser would."""
        page = self.request("GET", path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body).group(1)
        origin = f"https://127.0.0.1:{self.port}"
        return self.request(
            "POST",
            path,
            body=urlencode({"csrfmiddlewaretoken": token, **fields}),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": origin,
                "Referer": f"{origin}{path}",
            },
        )

    def login(self, username, password) -> Answer:
        return self.submit("/accounts/login/", {"login": username, "password": password})

    def second_factor(self, code) -> Answer:
        return self.submit("/accounts/2fa/authenticate/", {"code": code})


@dataclass
class Served:
    port: int
    access_log: Path
    environ: dict

    def browser(self, client_address: str) -> Browser:
        return Browser(self.port, client_address)


def samenplan(environ, *args, stdin=None):
    result = subprocess.run(
        [sys.executable, "-m", "samenplan", *args],
        env=environ,
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    redis_connection = redis_or_skip()
    redis_connection.flushdb()  # database 3 is these tests' own
    tmp = tmp_path_factory.mktemp("gunicorn")
    port = free_port()
    environ = {
        **{k: v for k, v in os.environ.items() if k not in ("DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")},
        "DJANGO_SETTINGS_MODULE": "tests.security.served_settings",
        "DEBUG": "0",
        "SECRET_KEY": "a-long-and-random-production-secret-for-the-gunicorn-test-" + "k7" * 10,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp / 'served.sqlite3'}",
        "REDIS_URL": REDIS_URL,
        "BEHIND_TLS_PROXY": "1",
        "TRUSTED_PROXIES": "127.0.0.1",
        "LOGIN_FAILURES_PER_ADDRESS": str(LIMIT),
        "LOGIN_FREE_FAILURES_PER_ACCOUNT": "1000",  # this module tests the per-address brake
        "PYTHONPATH": str(ROOT),
    }
    samenplan(environ, "migrate", "-v0")
    samenplan(environ, "setup", "org", "Rivierstad")
    samenplan(environ, "setup", "team", "Rivierstad", "Wijkteam Noord")
    samenplan(environ, "setup", "user", "anna", "--org", "Rivierstad", "--password-stdin", stdin=PASSWORD + "\n")
    samenplan(environ, "setup", "role", "anna", "Wijkteam Noord", "professional")
    # anna's authenticator app, set up as allauth does when she scans the QR code
    activate = (
        "from allauth.mfa.totp.internal.auth import TOTP; from samenplan.accounts.models import User; "
        f"TOTP.activate(User.objects.get(username='anna'), '{ANNA_TOTP_SECRET}')"
    )
    samenplan(environ, "shell", "-c", activate)
    access_log = tmp / "access.log"
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "samenplan.wsgi",
            "--workers", "2", "--bind", f"127.0.0.1:{port}", "--timeout", "60",
            "--access-logfile", str(access_log), "--access-logformat", "%(p)s %(m)s %(U)s %(s)s",
        ],
        env=environ, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert server.poll() is None, server.stderr.read().decode()
            try:
                if Browser(port, "192.0.2.1").request("GET", "/healthz").status == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "gunicorn did not answer in time"
            time.sleep(0.5)
        yield Served(port, access_log, environ)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        redis_connection.flushdb()


def t(message: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return translation.gettext(message)


def test_it_sends_the_security_headers_and_cookies_in_production(served):
    browser = served.browser("198.51.100.20")
    plain = browser.request("GET", "/accounts/login/", https=False)
    assert plain.status == 301 and plain.headers["Location"].startswith("https://")

    page = browser.request("GET", "/accounts/login/")
    assert page.status == 200
    headers = page.headers
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "no-store" in headers["Cache-Control"]
    policy = headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert re.fullmatch(r"'self' 'nonce-[\w+/=-]+'", directives["script-src"])
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    scripts = re.findall(r"<script\b[^>]*>", page.body)
    assert scripts and all(f'nonce="{nonce}"' in tag for tag in scripts), scripts

    csrf = page.cookies()["__Host-csrftoken"]
    for flag in ("Secure", "HttpOnly", "Path=/", "SameSite=Lax"):
        assert flag in csrf, csrf
    assert "Domain" not in csrf

    logged_in = browser.login("anna", PASSWORD)
    assert logged_in.status == 302 and logged_in.headers["Location"] == "/accounts/2fa/authenticate/"
    done = browser.second_factor(code_for_secret(ANNA_TOTP_SECRET))
    assert done.status == 302 and done.headers["Location"] == "/cases/", done.body[:500]
    cookies = {**logged_in.cookies(), **done.cookies()}
    session = cookies["__Host-sessionid"]
    for flag in ("Secure", "HttpOnly", "Path=/", "SameSite=Lax"):
        assert flag in session, session
    assert "Domain" not in session and "expires" not in session.lower()  # gone when the browser closes
    assert "Secure" in cookies["__Host-samenplan-device"] and "HttpOnly" in cookies["__Host-samenplan-device"]
    assert "sessionid" not in browser.cookies and "csrftoken" not in browser.cookies

    caseload = browser.request("GET", "/cases/")
    assert caseload.status == 200
    assert "no-store" in caseload.headers["Cache-Control"]
    api = browser.request("GET", "/api/v1/me/", headers={"Accept": "application/json"})
    assert api.status == 200 and '"anna"' in api.body
    assert "no-store" in api.headers["Cache-Control"]

    token = samenplan(served.environ, "apitoken", "anna").strip()
    with_token = Browser(served.port, "198.51.100.21").request(
        "GET", "/api/v1/families/", headers={"Authorization": f"Token {token}"}
    )
    assert with_token.status == 200
    assert "no-store" in with_token.headers["Cache-Control"]
    assert "nosniff" in with_token.headers["X-Content-Type-Options"]


def test_it_holds_the_limit_across_two_workers(served):
    refused = t("Too many failed log-in attempts from your network. Try again in %(minutes)s minutes.") % {
        "minutes": 15
    }
    wrong = t("The username and/or password you specified are not correct.")
    attacker = "203.0.113.66"

    def guess(i):
        answer = served.browser(attacker).login(f"gast{i}", "fout-wachtwoord")
        if refused in answer.body:
            return "refused"
        assert wrong in answer.body, answer.body[:2000]
        return "checked"

    attempts = 4 * LIMIT  # bounded: the loop ends by itself
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = Counter(pool.map(guess, range(attempts)))
    assert results == {"checked": LIMIT, "refused": attempts - LIMIT}, results

    # both workers answered login attempts (gunicorn's access log names the worker's process id)
    lines = [line.split() for line in served.access_log.read_text().splitlines()]
    workers = {pid for pid, method, path, _status in lines if method == "POST" and path == "/accounts/login/"}
    assert len(workers) == 2, workers

    # another client behind the same proxy is not affected: the limit is per client, not per proxy
    assert served.browser("203.0.113.67").login("anna", PASSWORD).status == 302
