"""The Content-Security-Policy in Chromium: log in, open the main pages, use htmx: no violation at all."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PASSWORD, playwright_expect
from tests.factories import totp_code

expect = playwright_expect()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def watched(page):
    """The page, with every CSP violation collected from the DOM event and from the console."""
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(LISTEN)

    def violations() -> list[str]:
        seen = page.evaluate("window.__cspViolations || []")
        return seen + [text for text in console if "Content Security Policy" in text or "Content-Security" in text]

    page.violations = violations
    return page


def visit(page, path: str) -> None:
    response = page.goto(path)
    assert response.status == 200, f"{path}: {response.status}"
    policy = response.headers["content-security-policy"]
    assert "'nonce-" in policy and "unsafe-inline" not in policy
    assert page.violations() == [], f"{path}: {page.violations()}"


def test_the_pages_break_no_rule_of_the_policy(watched, people):
    page = watched
    visit(page, "/accounts/login/")
    page.locator("#id_login").fill("caseworker")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    assert page.violations() == [], f"the code page: {page.violations()}"
    page.locator("#id_code").fill(totp_code(people.caseworker))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/cases/")
    case = people.jansen
    member = case.family.members.first()
    for path in (
        "/cases/",
        "/cases/?scope=team",
        f"/cases/{case.pk}/",
        f"/cases/{case.pk}/workers/",
        "/families/new/",
        f"/families/{case.family_id}/members/new/",
        f"/members/{member.pk}/edit/",
        "/accounts/password/change/",
    ):
        visit(page, path)

    # htmx runs under the policy: the search narrows the list without a page load
    page.goto("/cases/?scope=team")
    page.evaluate("window.samenplanNoReload = true")
    page.locator("#id_q").press_sequentially("wit", delay=20)
    results = page.locator("#caseload-results")
    expect(results.locator("tbody tr")).to_have_count(1)
    expect(results).to_contain_text("De Wit")
    assert page.evaluate("window.samenplanNoReload") is True  # it was htmx, not a reload
    # a form with errors comes back through htmx (422) where the dossier uses it
    page.goto(f"/cases/{case.pk}/")
    assert page.violations() == []


def test_the_team_leads_pages_break_no_rule_of_the_policy(watched, people, login):
    login(people.team_lead)
    for path in ("/cases/?scope=team", "/access-log/", "/users/"):
        visit(watched, path)
    watched.locator("form[action$='/end-sessions/'] button").first.click()
    watched.wait_for_url("**/users/")
    assert watched.violations() == []


def test_the_questionnaire_pages_and_their_inline_charts_break_no_rule_of_the_policy(watched, people, login):
    from samenplan.instruments.actions import do_administer, ensure_shipped
    from samenplan.instruments.models import Definition

    ensure_shipped()
    demo = Definition.objects.get(code="demo-gezinsvragenlijst")
    case = people.jansen
    child = case.family.members.get(role="child")
    parent = case.family.members.exclude(role="child").first()
    made = do_administer(
        people.caseworker, case, definition=demo, member=child, informant="parent", informant_member=parent,
        answers={"s1": 2, "s2": 0, "s3": 1, "s4": 1, "z1": 1, "z2": 0, "z3": 2, "k1": 2, "k2": 1}, sex="male",
    )  # fmt: skip
    login(people.caseworker)
    for path in (
        "/instruments/",
        f"/instruments/{demo.pk}/",
        f"/cases/{case.pk}/administrations/new/",
        f"/cases/{case.pk}/administrations/new/?definition={demo.pk}&member={child.pk}",
        f"/administrations/{made.pk}/",
    ):
        visit(watched, path)
    expect(watched.locator("figure svg")).to_have_count(3)
