"""Load test: professionals working their caseload and families in their portal, against a server on loopback.

Run it through the load-test command, which seeds the logins, starts gunicorn and stops everything itself:

    DATABASE_URL=postgres://…/sp_bench uv run python bench/loadtest.py

It reads from the environment (the runner sets them):

- ``LOADTEST_USERS``: a JSON file with the seeded logins, ``{"password": …, "professionals": [[username, TOTP
  secret], …], "leads": [[username, TOTP secret], …], "families": [username, …]}``;
- ``LOADTEST_THINK``: seconds between two steps of one user, ``"3,8"`` (default): a professional reads a page
  before the next click;
- ``LOADTEST_SAMPLES``: a file to write every request to (name, milliseconds, ok, when), for the runner's
  percentiles over any set of requests.

Only ever point it at 127.0.0.1. A professional logs in as a real one does: the login form (with its CSRF token),
then the code of the authenticator app (TOTP, computed here from the secret the runner gave the user), then works
through their own caseload: the dashboard, the caseload, a search, a dossier, the plan, the API, and now and then
writes a note in a dossier through the dossier's own form. A team lead also reads the team's page and the access
log. A family member logs in to the portal (no second factor is asked of families), reads home, plan, goals and
ideas, and now and then writes a question in their own words.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import os
import random
import re
import struct
import time

import gevent
from locust import HttpUser, between, events, task

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CASE_LINK = re.compile(r'href="/cases/(\d+)/"')
SEARCHES = ["de", "Jans", "Bakker", "van", "Vries", "Smit", "Visser", "Meer", "Dijk", "Bos"]
NOTES = [
    "Gebeld met moeder: het gaat deze week rustiger thuis.",
    "Afspraak verzet naar volgende week, op verzoek van het gezin.",
    "School laat weten dat de jongere weer elke dag komt.",
]
QUESTIONS = ["Kunnen we het rooster van de week samen bekijken?", "Wie helpt ons met de brief van de gemeente?"]


def _users() -> dict:
    path = os.environ.get("LOADTEST_USERS")
    if not path:
        raise SystemExit("LOADTEST_USERS is not set: run the load test with bench/loadtest.py")
    with open(path) as file:
        return json.load(file)


USERS = _users()
THINK = [float(x) for x in os.environ.get("LOADTEST_THINK", "3,8").split(",")]
_next = {"professionals": itertools.count(), "leads": itertools.count(), "families": itertools.count()}
_used_counter: dict[str, int] = {}  # username → the TOTP time step last used (allauth refuses a code twice)


def totp(secret: str, counter: int) -> str:
    """RFC 6238 as an authenticator app computes it (HMAC-SHA1, 30-second steps, six digits)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def fresh_code(username: str, secret: str) -> str:
    """The code of the current 30-second step; waits for the next one when this user's code of this step was
    used already (two simulated users share a login when there are fewer seeded ones) or the step ends within a
    second (the server's clock would see the next one)."""
    while True:
        now = time.time()
        counter = int(now // 30)
        if _used_counter.get(username) != counter and now % 30 < 29:
            _used_counter[username] = counter
            return totp(secret, counter)
        gevent.sleep(30 - now % 30 + 0.2)


def _pick(kind: str):
    users = USERS[kind]
    return users[next(_next[kind]) % len(users)]


def _token(text: str) -> str | None:
    found = CSRF.search(text)
    return found.group(1) if found else None


class Samenplan(HttpUser):
    abstract = True
    wait_time = between(*THINK)

    def page(self, path: str, name: str, **kwargs):
        """GET a page; a redirect to the login (a session that ended or never began) is a failure, not a page."""
        with self.client.get(path, name=name, catch_response=True, **kwargs) as response:
            if response.history and "/accounts/" in response.url:
                response.failure(f"sent to {response.url}")
            return response

    def submit(self, path: str, form_page: str, fields: dict, name: str, expect: str | None = None):
        """POST ``fields`` with the CSRF token of the page just read, as the browser sends the form."""
        page = self.client.get(form_page, name=name.replace("(POST)", "(form)"))
        token = _token(page.text)
        with self.client.post(
            path,
            {"csrfmiddlewaretoken": token or "", **fields},
            headers={"Referer": self.host + form_page},
            allow_redirects=False,
            name=name,
            catch_response=True,
        ) as response:
            if response.status_code != 302 or (expect and not response.headers.get("Location", "").startswith(expect)):
                response.failure(f"{response.status_code} → {response.headers.get('Location')}")
            return response

    def log_in(self, username: str, secret: str | None, expect: str) -> None:
        done = self.submit(
            "/accounts/login/",
            "/accounts/login/",
            {"login": username, "password": USERS["password"]},
            "log in: password (POST)",
            expect=expect if secret is None else "/accounts/2fa/authenticate/",
        )
        if secret is not None and done.status_code == 302:
            self.submit(
                "/accounts/2fa/authenticate/",
                "/accounts/2fa/authenticate/",
                {"code": fresh_code(username, secret)},
                "log in: second factor (POST)",
                expect=expect,
            )


class Professional(Samenplan):
    weight = 8
    kind = "professionals"
    scope = ""

    def on_start(self):
        self.username, secret = _pick(self.kind)
        self.log_in(self.username, secret, "/cases/")
        self.case_ids = CASE_LINK.findall(self.page("/cases/" + self.scope, "/cases/" + self.scope).text)

    def a_case(self) -> str | None:
        return random.choice(self.case_ids) if self.case_ids else None

    @task(2)
    def dashboard(self):
        self.page("/caseload/", "/caseload/")

    @task(3)
    def caseload(self):
        self.page("/cases/" + self.scope, "/cases/" + self.scope)

    @task(2)
    def search(self):
        self.page("/cases/?q=" + random.choice(SEARCHES), "/cases/?q=…")

    @task(5)
    def dossier(self):
        if case := self.a_case():
            self.page(f"/cases/{case}/", "/cases/[id]/")

    @task(2)
    def plan(self):
        if case := self.a_case():
            self.page(f"/cases/{case}/plan/", "/cases/[id]/plan/")

    @task(1)
    def api_list(self):
        self.page("/api/v1/cases/?mine=true", "/api/v1/cases/", headers={"Accept": "application/json"})

    @task(1)
    def api_detail(self):
        if case := self.a_case():
            self.page(f"/api/v1/cases/{case}/", "/api/v1/cases/[id]/", headers={"Accept": "application/json"})

    @task(1)
    def write_note(self):
        if self.scope or not (case := self.a_case()):
            return  # a team lead reads; notes are written in one's own cases
        self.submit(
            f"/cases/{case}/notes/",
            f"/cases/{case}/",
            {"text": random.choice(NOTES), "voice": "professional"},
            "/cases/[id]/notes/ (POST)",
            expect=f"/cases/{case}/",
        )


class TeamLead(Professional):
    """A team lead of one or two teams who also reads the team's access log."""

    weight = 1
    kind = "leads"
    scope = "?scope=team"

    @task(2)
    def team(self):
        self.page("/caseload/team/", "/caseload/team/")

    @task(2)
    def access_log(self):
        self.page("/access-log/", "/access-log/")


class Family(Samenplan):
    """A parent or youth in the family portal (about one family in ten has an account)."""

    weight = 1

    def on_start(self):
        self.log_in(_pick("families"), None, "/portal/")
        ideas = self.page("/portal/proposals/", "/portal/proposals/").text
        self.can_propose = "/portal/proposals/new/question/" in ideas

    @task(3)
    def home(self):
        self.page("/portal/", "/portal/")

    @task(2)
    def plan(self):
        self.page("/portal/plan/", "/portal/plan/")

    @task(1)
    def goals(self):
        self.page("/portal/goals/", "/portal/goals/")

    @task(1)
    def proposals(self):
        self.page("/portal/proposals/", "/portal/proposals/")

    @task(1)
    def propose(self):
        if self.can_propose:
            page = "/portal/proposals/new/question/"
            self.submit(page, page, {"words": random.choice(QUESTIONS)}, page + " (POST)", expect="/portal/proposals/")


# Every request, for the runner's percentiles (Locust's own CSV has them per name only, not over a set of names).
_samples: list[tuple[str, float, bool, float]] = []


@events.request.add_listener
def _record(name, response_time, exception, **kwargs):
    _samples.append((name, round(response_time, 2), exception is None, round(time.time(), 3)))


@events.quitting.add_listener
def _write(environment, **kwargs):
    if path := os.environ.get("LOADTEST_SAMPLES"):
        with open(path, "w") as file:
            json.dump(_samples, file)
