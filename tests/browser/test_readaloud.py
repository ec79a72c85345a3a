"""Read-aloud in the browser: a parent presses "Lees deze pagina voor" (with the keyboard) on their plan and hears
it — the browser's own voice when it has a Dutch one, otherwise the audio samenplan makes with espeak-ng (headless
Chromium has no voices: then the server's audio must be fetched and play). Pause, go on and stop work, the status
line says what happens, and nothing is asked of another site. axe-core finds no violations with the controls."""

from __future__ import annotations

import pytest

from samenplan.portal import actions as portal_actions
from tests.browser.conftest import playwright_expect
from tests.browser.test_portal import no_violations
from tests.plans.factories import SAFETY, plan_version

expect = playwright_expect()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def account(people, member):
    tokens = []
    portal_actions.do_invite(
        people.caseworker, people.jansen, member, f"{member.pk}@example.org", accept_url=tokens.append
    )
    return portal_actions.do_accept(tokens[0], "een lange zin over de fiets")


def test_the_read_aloud_button_reads_the_plan_with_pause_and_stop(context, page, login, people, axe, live_server):
    case = people.jansen
    plan_version(people.caseworker, case, safety=SAFETY)
    sanne = case.family.members.get(given_name="Sanne")
    login(account(people, sanne))
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto("/portal/plan/")
    controls = page.locator("[data-readaloud][data-readaloud-target='page']")
    play = controls.get_by_role("button", name="Lees deze pagina voor")
    expect(play).to_be_visible()
    expect(page.get_by_role("button", name="Voorlezen")).to_have_count(
        page.locator("section[data-readaloud-block]").count()
    )
    no_violations(axe, page)
    has_voice = page.evaluate(
        "() => !!window.speechSynthesis && speechSynthesis.getVoices().some(v => v.lang.toLowerCase().startsWith('nl'))"
    )

    play.focus()
    if has_voice:
        page.keyboard.press("Enter")
        expect(controls).to_have_attribute("data-readaloud-mode", "browser")
        page.wait_for_function("() => speechSynthesis.speaking")
    else:
        with page.expect_response(lambda r: "/portal/read-aloud/page-plan/" in r.url) as answer:
            page.keyboard.press("Enter")
        response = answer.value
        assert response.status in (200, 206) and response.headers["content-type"] == "audio/wav"
        expect(controls).to_have_attribute("data-readaloud-mode", "server")
        page.wait_for_function(
            "() => { const a = document.querySelector(\"[data-readaloud-target='page'] audio\");"
            " return a && !a.paused && a.currentTime > 0; }",
            timeout=15_000,
        )
    status = controls.get_by_role("status")
    expect(status).to_have_text("Wordt voorgelezen.")

    pause = controls.get_by_role("button", name="Pauze")
    pause.focus()
    page.keyboard.press("Enter")
    expect(status).to_have_text("Even pauze.")
    if not has_voice:
        assert page.evaluate("() => document.querySelector(\"[data-readaloud-target='page'] audio\").paused")
    controls.get_by_role("button", name="Verder").press("Enter")
    expect(status).to_have_text("Wordt voorgelezen.")
    controls.get_by_role("button", name="Stop").press("Enter")
    expect(status).to_have_text("Gestopt.")
    expect(play).to_be_focused()
    expect(controls.get_by_role("button", name="Stop")).to_be_hidden()
    assert all(url.startswith(live_server.url) for url in requests), "nothing is asked of another site"
