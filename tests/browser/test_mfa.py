"""The second factor in the browser: set up an authenticator app and log in with its code, by keyboard only,
on pages without accessibility violations (axe)."""

from __future__ import annotations

import pytest

from samenplan.accounts.models import Role
from tests.browser.conftest import PASSWORD, playwright_expect, t
from tests.factories import code_for_secret, member_of, recovery_codes, totp_code

expect = playwright_expect()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_no_axe_violations(page, axe):
    expect(page.locator("h1")).to_have_count(1)
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()


def log_in_with_password(page, username: str):
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.keyboard.press("Enter")


def test_it_asks_for_the_code_after_the_password_on_an_accessible_page(page, people, axe):
    log_in_with_password(page, "caseworker")
    page.wait_for_url("**/accounts/2fa/authenticate/")
    assert_no_axe_violations(page, axe)
    code = page.locator("#id_code")
    expect(code).to_be_focused()  # straight to typing the code
    expect(code).to_have_attribute("autocomplete", "one-time-code")
    expect(code).to_have_attribute("inputmode", "numeric")

    page.keyboard.type("000000")
    page.keyboard.press("Enter")
    expect(page.locator(".utrecht-form-field-error-message")).to_be_visible()
    assert_no_axe_violations(page, axe)  # with the error shown
    expect(page.locator("#id_code")).to_have_attribute("aria-invalid", "true")

    page.locator("#id_code").fill(totp_code(people.caseworker))
    page.keyboard.press("Enter")
    page.wait_for_url("**/cases/")
    expect(page.locator("#caseload-results")).to_contain_text("Jansen")


def test_it_logs_in_with_a_recovery_code(page, people):
    log_in_with_password(page, "caseworker")
    page.wait_for_url("**/accounts/2fa/authenticate/")
    expect(page.locator("#id_code")).to_be_focused()  # typing before the focus lands would type into nothing
    page.keyboard.type(recovery_codes(people.caseworker)[0])
    page.keyboard.press("Enter")
    page.wait_for_url("**/cases/")


def test_it_sets_up_an_authenticator_app_at_first_login_by_keyboard(page, people, axe):
    member_of(people.north, Role.TEAM_LEAD, username="nieuw", first_name="Noor", second_factor=False)
    log_in_with_password(page, "nieuw")
    page.wait_for_url("**/accounts/2fa/")  # nothing else opens before a second factor is set up
    assert_no_axe_violations(page, axe)

    setup_link = page.get_by_role("link", name=t("Set up an authenticator app"))
    for _ in range(30):  # reach the link with Tab, as a keyboard user does
        page.keyboard.press("Tab")
        if setup_link.evaluate("e => e === document.activeElement"):
            break
    else:
        pytest.fail("the set-up link cannot be reached with Tab")
    page.keyboard.press("Enter")

    page.wait_for_url("**/accounts/reauthenticate/**")  # changing how one logs in asks for the password again
    assert_no_axe_violations(page, axe)
    expect(page.locator("#id_password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    page.wait_for_url("**/accounts/2fa/totp/activate/")
    assert_no_axe_violations(page, axe)
    expect(page.get_by_role("img", name=t("QR code to scan with your authenticator app"))).to_be_visible()
    secret = page.locator("#authenticator_secret").inner_text().strip()
    expect(page.locator("#id_code")).to_be_focused()
    page.keyboard.type(code_for_secret(secret))
    page.keyboard.press("Enter")

    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    assert_no_axe_violations(page, axe)
    expect(page.locator(".samenplan-recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name=t("Continue to samenplan")).click()
    page.wait_for_url("**/cases/")


@pytest.fixture
def virtual_security_key(context, page):
    """Chromium's virtual authenticator (DevTools WebAuthn domain): a security key with a PIN, plugged in."""
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp


def test_it_adds_a_security_key_and_logs_in_with_it(page, people, login, virtual_security_key, axe):
    login(people.caseworker)
    page.goto("/accounts/2fa/webauthn/add/")
    page.wait_for_url("**/accounts/reauthenticate/**")
    expect(page.locator("#id_password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/2fa/webauthn/add/")
    assert_no_axe_violations(page, axe)
    page.locator("#id_name").fill("Sleutel op de werkplek")
    page.locator("#mfa_webauthn_add").click()
    page.wait_for_url("**/accounts/2fa/")
    page.get_by_role("link", name=t("Manage security keys")).click()
    expect(page.locator("main table")).to_contain_text("Sleutel op de werkplek")
    assert_no_axe_violations(page, axe)

    page.get_by_role("button", name=t("Log out")).click()
    log_in_with_password(page, "caseworker")
    page.wait_for_url("**/accounts/2fa/authenticate/")
    page.get_by_role("button", name=t("Use a security key")).click()
    page.wait_for_url("**/cases/")
