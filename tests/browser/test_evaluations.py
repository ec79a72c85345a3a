"""Evaluating together in the browser, as the caseworker: evaluate a case twice on one screen per conversation
(the chart then shows the family's and the professional's lines with the new points), close it with outcomes per
goal and aftercare, reopen it within the period and see the whole history; axe-core finds no violations on the
evaluation, progress and closing pages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from samenplan.cases.models import Case, Phase
from samenplan.evaluations.models import Closing, Evaluation
from samenplan.goals.actions import do_add_goal
from samenplan.goals.models import ScaleScore
from samenplan.plans.models import PlanVersion
from tests.browser.conftest import playwright_expect

expect = playwright_expect()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_violations(axe, page):
    expect(page.locator("h1")).to_have_count(1)
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()


def submit(page, name):
    """Charts are drawn on the server (vl-convert): the first page with one may take a while on a busy machine."""
    with page.expect_navigation(timeout=60_000):
        page.get_by_role("button", name=name).click(no_wait_after=True)


@pytest.mark.guideline("G5.5")
@pytest.mark.guideline("G5.6")
@pytest.mark.guideline("P8")
def test_the_caseworker_evaluates_twice_closes_with_aftercare_and_reopens(page, login, people, axe):
    case = people.jansen
    Case.objects.filter(pk=case.pk).update(opened_on=timezone.localdate() - timedelta(days=100))
    first = do_add_goal(people.caseworker, case, words="Samen eten zonder ruzie, drie keer per week.")
    second = do_add_goal(people.caseworker, case, words="Mees gaat elke dag naar school.")
    sanne = case.family.members.get(given_name="Sanne")
    anna = people.caseworker
    login(anna)

    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Voortgang door de tijd, evaluaties, afsluiten en heropenen").click()
    page.wait_for_url(f"**/cases/{case.pk}/progress/")
    no_violations(axe, page)

    # Two evaluations: a month ago and today, each on one screen with every goal.
    for days_ago, scores, outcome in ((30, ("3", "4"), "continue"), (0, ("6", "7"), "adjust")):
        page.get_by_role("link", name="Nu evalueren").click()
        page.wait_for_url("**/evaluations/new/")
        expect(page.locator("legend", has_text="Mees gaat elke dag naar school.")).to_be_visible()
        page.locator("#id_held_on").fill((timezone.localdate() - timedelta(days=days_ago)).isoformat())
        page.locator("#id_helps").fill("Ja, het is rustiger aan tafel.")
        page.locator(f"[id='id_g{first.pk}-m{sanne.pk}']").select_option(scores[0])
        page.locator(f"[id='id_g{first.pk}-p{anna.pk}']").select_option(scores[1])
        page.locator(f"input[name=outcome][value={outcome}]").check()
        page.locator("#id_conversation_went").fill("Sanne vond het fijn dat ze eerst mocht vertellen.")
        if outcome == "adjust":
            submit(page, "Evaluatie opslaan")  # adjust without saying what changes: refused, said next to it
            expect(page.locator("#id_adjustment_error")).to_contain_text("Verandert er niets")
            no_violations(axe, page)
            page.locator("#id_adjustment").fill("Minder vaak hulp; oma helpt op woensdag.")
        submit(page, "Evaluatie opslaan")
        if outcome == "adjust":  # adjusting opens the family plan, the changes already written as the reason
            page.wait_for_url(f"**/cases/{case.pk}/plan/edit/?evaluation=*")
            expect(page.locator("#id_reason")).to_have_value(re.compile("Minder vaak hulp; oma helpt op woensdag."))
            no_violations(axe, page)
            submit(page, "Opslaan als nieuwe versie")
            page.wait_for_url(f"**/cases/{case.pk}/plan/")
            (version,) = PlanVersion.objects.filter(plan__case=case)
            assert "Minder vaak hulp; oma helpt op woensdag." in version.reason
            page.goto(f"/cases/{case.pk}/progress/")
        page.wait_for_url(f"**/cases/{case.pk}/progress/")
    assert Evaluation.objects.filter(case=case, held_on__isnull=False).count() == 2
    assert ScaleScore.objects.filter(goal=first).count() == 4 and not ScaleScore.objects.filter(goal=second).exists()

    chart = page.locator(f"article[aria-labelledby='goal-{first.pk}-heading'] svg[role=img]")
    expect(chart).to_be_visible()
    expect(chart.locator("[aria-roledescription='line mark']")).to_have_count(2)  # Sanne's line and Anna's
    expect(chart.locator("[aria-roledescription='point']")).to_have_count(4)  # two new points on each line
    table = page.locator(f"article[aria-labelledby='goal-{first.pk}-heading'] table")
    expect(table.locator("tbody tr")).to_have_count(4)
    expect(page.locator("#summary")).to_contain_text("Doel 1: van 4 naar 7")
    expect(page.locator("#summary")).to_contain_text("Doel 2: nog geen scores")
    expect(page.locator("#evaluations")).to_contain_text("Minder vaak hulp; oma helpt op woensdag.")
    no_violations(axe, page)

    # Close with outcomes per goal and aftercare; first without a reason.
    page.get_by_role("link", name="Traject afsluiten").click()
    page.wait_for_url(f"**/cases/{case.pk}/close/")
    no_violations(axe, page)
    submit(page, "Traject afsluiten")
    expect(page.locator("#id_reason_error")).to_contain_text("Kies de reden om af te sluiten.")
    no_violations(axe, page)
    page.locator("input[name=reason][value=goals_reached]").check()
    page.locator(f"input[name=goal-{first.pk}][value=reached]").check()
    page.locator(f"input[name=goal-{second.pk}][value=partly]").check()
    page.locator("#id_family_view").fill("Fijn dat er iemand meedacht.")
    page.locator("#id_aftercare_what").fill("Over drie maanden belt Anna nog een keer.")
    page.locator("#id_aftercare_until").fill((timezone.localdate() + timedelta(days=90)).isoformat())
    page.locator("#id_aftercare_contact").fill("Anna, 030 123 45 67")
    submit(page, "Traject afsluiten")
    page.wait_for_url(f"**/cases/{case.pk}/progress/")
    expect(page.locator("#closing")).to_contain_text("Over drie maanden belt Anna nog een keer.")
    assert Closing.objects.filter(case=case).count() == 1
    assert Case.objects.get(pk=case.pk).phase == Phase.CLOSED

    # Reopen within the period: the same case, with its whole history.
    page.get_by_role("link", name="Het gezin komt terug").click()
    page.wait_for_url(f"**/cases/{case.pk}/reopen/")
    page.locator("#id_reason").fill("Het gaat weer mis op school.")
    submit(page, "Zaak heropenen")
    page.wait_for_url(f"**/cases/{case.pk}/progress/")
    expect(page.locator("#closing")).to_contain_text("Het gaat weer mis op school.")
    expect(page.locator("#closing")).to_contain_text("Fijn dat er iemand meedacht.")
    expect(page.locator("#evaluations .samenplan-timeline__item")).to_have_count(2)
    expect(chart.locator("[aria-roledescription='line mark']")).to_have_count(2)
    assert Case.objects.get(pk=case.pk).phase == Phase.CLARIFICATION
    page.goto(f"/cases/{case.pk}/")
    expect(page.locator("body")).to_contain_text("heropend")
