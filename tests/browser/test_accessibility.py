"""axe-core finds no accessibility violations on the main pages (WCAG 2.1 A/AA rules and best practices)."""

import pytest

from tests.browser.conftest import playwright_expect
from tests.factories import record_consent

expect = playwright_expect()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login_page(page, login, people):
    page.goto("/accounts/login/")


def _caseload(page, login, people):
    login(people.caseworker)
    page.goto("/cases/")


def _dossier(page, login, people):
    login(people.caseworker)
    page.goto(f"/cases/{people.jansen.pk}/")
    page.locator(".samenplan-disclosure__summary").click()  # the phase form too


def _register(page, login, people):
    login(people.caseworker)
    page.goto("/families/new/")


def _register_with_errors(page, login, people):
    _register(page, login, people)
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".samenplan-error-summary")).to_be_visible()


def _add_member(page, login, people):
    login(people.caseworker)
    page.goto(f"/families/{people.jansen.family_id}/members/new/")


def _access_log(page, login, people):
    login(people.team_lead)
    page.goto("/access-log/")


def _family_privacy(page, login, people):
    login(people.caseworker)
    page.goto(f"/families/{people.jansen.family_id}/privacy/")


def _destruction_request_with_errors(page, login, people):
    login(people.caseworker)
    page.goto(f"/families/{people.jansen.family_id}/destruction-requests/new/")
    page.locator("#id_requested_on").fill("")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".samenplan-error-summary")).to_be_visible()


def _dossier_with_consent(page, login, people):
    record_consent(people.caseworker, people.jansen)
    _dossier(page, login, people)


def _consent_with_errors(page, login, people):
    login(people.caseworker)
    page.goto(f"/cases/{people.jansen.pk}/consents/new/")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".samenplan-error-summary")).to_be_visible()


def _decide_on_destruction(page, login, people):
    from datetime import date

    from samenplan.privacy.actions import do_record_destruction_request

    family = people.jansen.family
    made = do_record_destruction_request(
        people.caseworker, family, scope="family", case=None, requested_by=family.members.first(),
        requested_on=date(2026, 11, 2), details="Vernietig alles over mij.",
    )  # fmt: skip
    login(people.team_lead)
    page.goto(f"/destruction-requests/{made.pk}/decide/")


def _conversation(page, login, people):
    login(people.caseworker)
    page.goto(f"/cases/{people.bakker.pk}/conversations/new/")


def _conversation_with_errors(page, login, people):
    _conversation(page, login, people)
    for box in page.locator("input[name=members]").all():
        box.uncheck()
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".samenplan-error-summary")).to_be_visible()


def _request_information(page, login, people):
    record_consent(people.caseworker, people.jansen)
    login(people.caseworker)
    page.goto(f"/cases/{people.jansen.pk}/information-requests/new/")


def _revoke_consent(page, login, people):
    consent = record_consent(people.caseworker, people.jansen)
    login(people.caseworker)
    page.goto(f"/consents/{consent.pk}/revoke/")


def _clarify(page, login, people):
    login(people.caseworker)
    page.goto(f"/cases/{people.bakker.pk}/clarification/")


def _route(page, login, people):
    login(people.caseworker)
    page.goto(f"/cases/{people.bakker.pk}/route/")


def _questionnaire(people, form=True):
    from samenplan.instruments.actions import ensure_shipped
    from samenplan.instruments.models import Definition

    ensure_shipped()
    demo = Definition.objects.get(code="demo-gezinsvragenlijst")
    child = people.jansen.family.members.get(role="child")
    return demo, child


def _administer(page, login, people):
    demo, child = _questionnaire(people)
    login(people.caseworker)
    page.goto(f"/cases/{people.jansen.pk}/administrations/new/?definition={demo.pk}&member={child.pk}")


def _administer_with_errors(page, login, people):
    _administer(page, login, people)
    page.locator("#id_informant_0").check()
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".samenplan-error-summary")).to_be_visible()


def _questionnaire_results(page, login, people):
    from samenplan.instruments.actions import do_administer

    demo, child = _questionnaire(people)
    parent = people.jansen.family.members.exclude(role="child").first()
    answers = {"s1": 2, "s2": 0, "s3": 1, "z1": 1, "z2": 0, "z3": 2, "k1": 2, "k2": 1, "opmerking": "Het gaat beter."}
    made = do_administer(
        people.caseworker, people.jansen, definition=demo, member=child, informant="parent",
        informant_member=parent, answers=answers, sex="female",
    )  # fmt: skip
    login(people.caseworker)
    page.goto(f"/administrations/{made.pk}/")
    expect(page.locator("figure svg")).to_have_count(3)


def _analysis_case(people):
    """The Jansen family on the analysis route, with a question, a picture and an open consultation."""
    from samenplan.accounts.models import Role
    from samenplan.analysis import actions
    from tests.analysis.conftest import PICTURE
    from tests.conftest import decide_route
    from tests.factories import member_of

    case = decide_route(people.caseworker, people.jansen, route="analysis", rationale="Nog onduidelijk.")
    members = list(case.family.members.all())
    actions.do_record_circumstance(people.caseworker, case, member=members[0], code="low_literacy")
    actions.do_add_question(
        people.caseworker, case, question="Wat helpt Mees?", information_needed="De avonden.",
        method="observation", made_with=members,
    )  # fmt: skip
    actions.do_save_picture(people.caseworker, case, **PICTURE, multiple_and_complex=True)
    scientist = member_of(people.north, Role.BEHAVIOURAL_SCIENTIST, username="femke")
    consultation = actions.do_request_consultation(
        people.caseworker, case, scientist=scientist, question="Klopt dit?", agreed_by=members[:1], conditions="Geen."
    )
    return case, scientist, consultation


def _analysis(page, login, people):
    case, _, _ = _analysis_case(people)
    login(people.caseworker)
    page.goto(f"/cases/{case.pk}/analysis/")


def _picture_with_errors(page, login, people):
    case, _, _ = _analysis_case(people)
    login(people.caseworker)
    page.goto(f"/cases/{case.pk}/analysis/picture/")
    page.get_by_label("Veiligheid", exact=True).fill("")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".samenplan-error-summary")).to_be_visible()


def _consultation_answer(page, login, people):
    _, scientist, consultation = _analysis_case(people)
    login(scientist)
    page.goto(f"/consultations/{consultation.pk}/")


PAGES = {
    "login": _login_page,
    "caseload": _caseload,
    "dossier": _dossier,
    "register": _register,
    "register-with-errors": _register_with_errors,
    "add-member": _add_member,
    "access-log": _access_log,
    "family-privacy": _family_privacy,
    "destruction-request-with-errors": _destruction_request_with_errors,
    "decide-on-destruction": _decide_on_destruction,
    "dossier-with-consent": _dossier_with_consent,
    "consent-with-errors": _consent_with_errors,
    "request-information": _request_information,
    "revoke-consent": _revoke_consent,
    "conversation": _conversation,
    "conversation-with-errors": _conversation_with_errors,
    "clarify": _clarify,
    "route": _route,
    "administer": _administer,
    "administer-with-errors": _administer_with_errors,
    "questionnaire-results": _questionnaire_results,
    "analysis": _analysis,
    "picture-with-errors": _picture_with_errors,
    "consultation-answer": _consultation_answer,
}


@pytest.mark.parametrize("name", PAGES)
def test_it_has_no_axe_violations(page, login, people, axe, name):
    PAGES[name](page, login, people)
    expect(page.locator("h1")).to_have_count(1)
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()


def test_it_styles_the_pages_with_samenplan_css(page, people):
    """The stylesheet is found and applied (axe's contrast checks above are only as good as that)."""
    responses = []
    page.on("response", lambda r: responses.append(r) if r.url.endswith("/samenplan.css") else None)
    page.goto("/accounts/login/")
    assert [r.status for r in responses] == [200]
    assert page.locator("body").evaluate("e => getComputedStyle(e).display") == "flex"
