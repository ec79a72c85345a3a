"""Logging in through the real allauth form, in the browser."""

import pytest

from tests.browser.conftest import PASSWORD, playwright_expect
from tests.factories import totp_code

expect = playwright_expect()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_logs_in_through_the_login_form_and_lands_on_the_caseload(page, people):
    page.goto("/")
    assert "/accounts/login/" in page.url
    page.locator("#id_login").fill("caseworker")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/2fa/authenticate/")  # every user has a second factor
    page.locator("#id_code").fill(totp_code(people.caseworker))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/cases/")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("#caseload-results")).to_contain_text("Jansen")
    expect(page.locator(".samenplan-header__user")).to_contain_text("Anna de Vries")


def test_it_refuses_a_wrong_password_with_a_message_and_keeps_the_username(page, people):
    page.goto("/accounts/login/")
    page.locator("#id_login").fill("caseworker")
    page.locator("#id_password").fill("niet-het-wachtwoord")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main [role=alert]")).to_be_visible()
    expect(page.locator("#id_login")).to_have_value("caseworker")
    assert "/accounts/login/" in page.url
