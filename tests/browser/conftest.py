"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Without /usr/bin/chromium or the playwright package the tests are skipped, with the reason; with
REQUIRE_BROWSER=1 (CI) they fail instead. Never run ``playwright install``: the system Chromium is used.

The live server answers from another thread, so the data must be committed: ``people`` builds the personas
with ``transactional_db`` (the ``world`` fixture of tests/conftest.py uses ``db``, whose data the server
would not see).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
from django.utils import translation

from samenplan.accounts.models import Membership, Role
from samenplan.cases import actions
from samenplan.cases.models import Phase, Voice
from tests.audit_guard import empty_access_log
from tests.conftest import register
from tests.factories import OrganisationFactory, TeamFactory, member_of

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "wachtwoord-voor-tests"  # tests.factories.UserFactory's password
TIMEOUT_MS = 10_000


def _unavailable(reason: str, *, module_level: bool = False):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1, but {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=module_level)


def playwright_expect():
    """Playwright's ``expect``, for a test module to import; skips (or fails) the module without Playwright."""
    try:
        from playwright.sync_api import expect
    except ImportError:
        _unavailable("the playwright package is missing (uv sync installs the dev group)", module_level=True)
    # As long as the page's own actions may take (Playwright's default for assertions is 5 s): CI runs these tests
    # beside the PostgreSQL suite and the benchmark on two cores, where a page with a PDF or a chart can pass 5 s.
    expect.set_options(timeout=TIMEOUT_MS)
    return expect


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    from samenplan import frontend

    try:
        frontend.ensure_installed()  # the pages are judged with their real NL Design System styling
    except frontend.FrontendUnavailable as exc:
        _unavailable(f"the NL Design System CSS is not installed: {exc}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is missing (uv sync installs the dev group)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# What Chromium says when a script runs while the page it was given is being replaced by the next one.
NAVIGATING = ("Execution context was destroyed", "reading 'documentElement'", "Cannot find context with")


@pytest.fixture
def axe():
    """axe-core, run on the page once it has loaded.

    A test that clicks a link and then runs axe can catch the page between two documents (the click returns
    before the navigation it started has ended): axe then finds no document ("Cannot read properties of null
    (reading 'documentElement')"). The run waits for the page to load and, when the document was replaced under
    it, runs again on the new one: a violation is still a failure, only the moment of the run moves.
    """
    try:
        from axe_playwright_python.sync_playwright import Axe
        from playwright.sync_api import Error as PlaywrightError
    except ImportError:
        _unavailable("the axe-playwright-python package is missing (uv sync installs the dev group)")

    class SettledAxe(Axe):
        def run(self, page, *args, **kwargs):
            for _ in range(2):  # two tries that may meet a navigation, then a last one that may not
                page.wait_for_load_state("load")
                try:
                    return super().run(page, *args, **kwargs)
                except PlaywrightError as error:
                    if not any(sign in str(error) for sign in NAVIGATING):
                        raise
            page.wait_for_load_state("load")
            return super().run(page, *args, **kwargs)

    return SettledAxe()


@pytest.fixture(scope="session")
def http_live_server(request):
    """The live server speaks plain HTTP: no redirect to https, no Secure-only cookies (and so no ``__Host-``
    names, which a browser accepts only with Secure), no HSTS.

    Set before the server starts, because SecurityMiddleware reads SECURE_SSL_REDIRECT once, when the
    server's handler is built (a per-test ``settings`` change comes too late for it).
    """
    with override_settings(
        SECURE_SSL_REDIRECT=False,
        SECURE_HSTS_SECONDS=0,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        SESSION_COOKIE_NAME="sessionid",
        CSRF_COOKIE_NAME="csrftoken",
        DEVICE_COOKIE_NAME="samenplan-device",
    ):
        yield request.getfixturevalue("live_server")


@pytest.fixture
def context(browser, http_live_server):
    live_server = http_live_server
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def login(context, http_live_server):
    """Log a user in without the login form: a real session, its cookie handed to the browser."""

    def login(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": http_live_server.url}])

    return login


def t(message: str) -> str:
    """What the page shows for an English msgid: the Dutch translation once the catalogue has it."""
    with translation.override(settings.LANGUAGE_CODE):
        return translation.gettext(message)


@pytest.fixture(autouse=True)
def _flushable_access_log(transactional_db):
    """After each test the database is flushed; on SQLite that is a DELETE, which the access log refuses.

    Empty the log with its guard lifted for a moment, then put the guard back. (PostgreSQL flushes with
    TRUNCATE, which the row triggers do not see.)
    """
    yield
    empty_access_log()


@dataclass
class People:
    north: object
    caseworker: object
    colleague: object
    team_lead: object
    jansen: object  # the caseworker's case in registration, with a family member's words and a professional note
    bakker: object  # the caseworker's case, moved on to clarifying the question
    de_wit: object  # the colleague's case: in the team, not in the caseworker's own caseload


@pytest.fixture
def people(transactional_db) -> People:
    org = OrganisationFactory(name="Rivierstad")
    north = TeamFactory(organisation=org, name="Wijkteam Noord")
    caseworker = member_of(north, Role.PROFESSIONAL, username="caseworker", first_name="Anna", last_name="de Vries")
    colleague = member_of(north, Role.PROFESSIONAL, username="colleague", first_name="Bram", last_name="Bos")
    team_lead = member_of(north, Role.TEAM_LEAD, username="team_lead", first_name="Dewi", last_name="Smit")
    Membership.objects.create(user=team_lead, team=north, role=Role.LOG_READER)  # reading the log is a role of its own
    jansen = register(caseworker, north, name="Jansen")
    actions.do_add_note(caseworker, jansen, text="Afgesproken dat ik volgende week bel.", voice=Voice.PROFESSIONAL)
    bakker = register(caseworker, north, name="Bakker")
    actions.do_move_phase(caseworker, bakker, target=Phase.CLARIFICATION, expected_version=bakker.version)
    de_wit = register(colleague, north, name="De Wit")
    return People(north, caseworker, colleague, team_lead, jansen, bakker, de_wit)
