"""The demo administrator runs the organisation in the browser: a team, an invitation that arrives through a real
SMTP server on loopback, the invited professional's first login, a role, the severity scale, and disabling the
account again (which ends the professional's session). On every page the administrator can reach: no family."""

from __future__ import annotations

import re
import socket
import threading
from urllib.parse import urlparse

import pytest

from samenplan import demo_data
from samenplan.accounts.models import User
from samenplan.intake.scales import levels_for
from tests.administration.test_people_and_teams import family_words
from tests.browser.conftest import TIMEOUT_MS, playwright_expect, t
from tests.factories import code_for_secret, give_totp

expect = playwright_expect()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "de fiets staat achter het gemeentehuis"


class Inbox:
    """What the loopback SMTP server received (aiosmtpd handler)."""

    def __init__(self):
        self.messages: list[tuple[list[str], str]] = []
        self.arrived = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), envelope.content.decode("utf-8", "replace")))
        self.arrived.set()
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_inbox(settings):
    """A real SMTP server on 127.0.0.1 (a free port), and samenplan's mail sent to it over SMTP."""
    try:
        from aiosmtpd.controller import Controller
    except ImportError:
        pytest.skip("aiosmtpd is missing (uv sync installs the dev group)")
    inbox = Inbox()
    with socket.socket() as probe:  # a free port (aiosmtpd checks its server by connecting to the port it was given)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""
    yield inbox
    controller.stop()


@pytest.fixture
def demo(transactional_db):
    users = demo_data.seed(families=4)
    give_totp(users["eva"])  # the administrator's own second factor (the demo lets her skip it; a server does not)
    return users


def assert_no_family(page, words):
    html = page.content()
    shown = sorted(w for w in words if w in html)
    assert not shown, f"{page.url} shows {shown}"


def reachable_pages(page, base_url, words, start="/administration/", limit=40):
    """Visit every page reachable by a link from ``start`` (same site, GET links), asserting no family on each."""
    seen, queue = set(), [start]
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        page.goto(path)
        assert_no_family(page, words)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            target = urlparse(href)
            if target.netloc and href.startswith("http") and not href.startswith(base_url):
                continue
            path_only = target.path
            if path_only.startswith("/") and not path_only.startswith(("/static/", "/accounts/logout")):
                queue.append(path_only)
    return seen


def test_the_demo_administrator_runs_the_organisation_without_seeing_a_family(
    browser, http_live_server, context, page, login, demo, smtp_inbox
):
    words = family_words()
    assert words, "the demo has families"
    login(demo["eva"])

    # The administrator lands on the administration.
    page.goto("/")
    page.wait_for_url("**/administration/")
    assert_no_family(page, words)

    # A new team.
    page.get_by_role("navigation", name=t("Administration")).get_by_role("link", name=t("Teams")).click()
    page.locator("#id_name").fill("Wijkteam Oost")
    page.get_by_role("button", name=t("Make the team")).click()
    expect(page.locator("main table")).to_contain_text("Wijkteam Oost")
    assert_no_family(page, words)

    # An invitation, sent through the loopback SMTP server.
    page.get_by_role("navigation", name=t("Administration")).get_by_role("link", name=t("Invite someone")).click()
    page.locator("#id_first_name").fill("Noor")
    page.locator("#id_last_name").fill("Haddou")
    page.locator("#id_email").fill("noor.haddou@rivierstad.example")
    page.locator("#id_username").fill("noor")
    page.get_by_role("button", name=t("Send the invitation")).click()
    expect(page.locator("#account-state")).to_have_text(t("invited, no password yet"))
    assert smtp_inbox.arrived.wait(10), "no mail reached the SMTP server"
    recipients, message = smtp_inbox.messages[0]
    assert recipients == ["noor.haddou@rivierstad.example"]
    link = re.search(r"http://\S+/invitations/[\w-]+/", message.replace("=\n", "")).group(0)

    # The professional sets a password and logs in (then sets up an authenticator app, as everyone does).
    pro = browser.new_context(base_url=http_live_server.url, locale="nl-NL")
    pro.set_default_timeout(TIMEOUT_MS)
    noor_page = pro.new_page()
    noor_page.goto(urlparse(link).path)
    noor_page.locator("#id_password1").fill(NEW_PASSWORD)
    noor_page.locator("#id_password2").fill(NEW_PASSWORD)
    noor_page.get_by_role("button", name=t("Save my password")).click()
    noor_page.wait_for_url("**/accounts/login/")
    noor_page.locator("#id_login").fill("noor")
    noor_page.locator("#id_password").fill(NEW_PASSWORD)
    noor_page.locator("main form button[type=submit]").click()
    noor_page.wait_for_url("**/accounts/2fa/")
    noor_page.get_by_role("link", name=t("Set up an authenticator app")).click()
    noor_page.wait_for_url("**/accounts/reauthenticate/**")
    noor_page.locator("#id_password").fill(NEW_PASSWORD)
    noor_page.keyboard.press("Enter")
    noor_page.wait_for_url("**/accounts/2fa/totp/activate/")
    secret = noor_page.locator("#authenticator_secret").inner_text().strip()
    noor_page.locator("#id_code").fill(code_for_secret(secret))
    noor_page.keyboard.press("Enter")
    noor_page.wait_for_url("**/accounts/2fa/recovery-codes/")
    noor_page.get_by_role("link", name=t("Continue to samenplan")).click()
    noor_page.wait_for_url("**/cases/")

    # The used link does not work again.
    other = pro.new_page()
    other.goto(urlparse(link).path)
    expect(other.locator("#invitation-problem")).to_contain_text("al gebruikt")
    other.close()

    # The administrator gives her a role in the new team.
    page.reload()
    expect(page.locator("#account-state")).to_have_text(t("active"))
    page.locator("#id_team").select_option(label="Wijkteam Oost")
    page.locator("#id_role").select_option("professional")
    page.get_by_role("button", name=t("Give the role")).click()
    expect(page.locator("#person-roles")).to_contain_text("Wijkteam Oost")
    noor_page.reload()
    menu = noor_page.get_by_role("navigation", name=t("Main menu"))
    expect(menu.get_by_role("link", name=t("Register a family"))).to_be_visible()  # her role works at once

    # The administrator changes the severity scale: a fifth level.
    page.get_by_role("navigation", name=t("Administration")).get_by_role("link", name=t("Severity scale")).click()
    page.locator("#id_level_4_name").fill("Acuut onveilig")
    page.locator("#id_level_4_description").fill("Er is nu direct gevaar voor het kind.")
    page.get_by_role("button", name=t("Save the scale")).click()
    expect(page.locator(".utrecht-alert")).to_contain_text(t("The severity scale is saved."))
    organisation = demo["eva"].organisation
    assert [level.name for level in levels_for(organisation)][-1] == "Acuut onveilig"

    # ... and disables her again: her session ends.
    page.get_by_role("navigation", name=t("Administration")).get_by_role("link", name=t("People and roles")).click()
    expect(page.locator("#roles")).to_contain_text("Noor Haddou")
    page.get_by_role("link", name="Noor Haddou").click()
    page.get_by_role("button", name=t("Disable the account")).click()
    expect(page.locator("#account-state")).to_have_text(t("disabled"))
    noor_page.goto("/cases/")
    noor_page.wait_for_url("**/accounts/login/**")
    assert not User.objects.get(username="noor").is_active
    pro.close()

    # Every page the administrator can reach, from the administration on: no family name.
    visited = reachable_pages(page, http_live_server.url, words)
    assert {"/administration/", "/administration/teams/", "/administration/people/", "/administration/settings/",
            "/administration/severity-scale/", "/cases/"} <= visited  # fmt: skip
