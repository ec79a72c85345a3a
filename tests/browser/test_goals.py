"""The goals step in the browser, as the caseworker: three participants' agreement, two goals in the family's words,
scale scores by a parent and the professional on two dates (the chart shows both lines, the table every score),
a goal moved up with the keyboard, the miracle question and the Drieluik; each step on the timeline; and axe-core
finds no violations on any of these pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from samenplan.cases.actions import do_add_member
from samenplan.cases.models import MemberRole
from samenplan.goals.models import Goal, ProblemAgreement, ScaleScore
from tests.browser.conftest import playwright_expect

expect = playwright_expect()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_violations(axe, page):
    expect(page.locator("h1")).to_have_count(1)
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()


def submit(page, name):
    page.get_by_role("button", name=name).click()


@pytest.mark.guideline("G5.1")
@pytest.mark.guideline("G5.2")
@pytest.mark.guideline("G5.6")
@pytest.mark.guideline("P4")
def test_the_caseworker_sets_goals_with_the_family_and_scores_them_over_time(page, login, people, axe):
    case = people.jansen
    ruben = do_add_member(
        people.caseworker, case.family,
        given_name="Ruben", family_name="Jansen", role=MemberRole.PARENT, has_custody=True,
    )  # fmt: skip
    sanne = case.family.members.get(given_name="Sanne")
    mees = case.family.members.get(role="child")
    login(people.caseworker)

    # From the dossier to the goals step.
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Overeenstemming, doelen, schaalscores en gesprekstechnieken").click()
    page.wait_for_url(f"**/cases/{case.pk}/goals/")
    no_violations(axe, page)

    # 1. Agreement of three participants; Mees does not agree, which blocks nothing.
    page.get_by_role("link", name="Overeenstemming vastleggen").click()
    page.wait_for_url("**/goals/agreement/")
    page.locator(f"input[name=m{sanne.pk}-agreement][value=yes]").check()
    page.locator(f"input[name=m{ruben.pk}-agreement][value=partly]").check()
    page.locator(f"input[name=m{mees.pk}-agreement][value=no]").check()
    page.locator(f"[id='id_m{mees.pk}-words']").fill("Ik ben niet het probleem, het is thuis gewoon te druk.")
    submit(page, "Overeenstemming opslaan")  # Ruben's words are missing: said next to his field
    expect(page.locator(f"[id='id_m{ruben.pk}-words_error']")).to_be_visible()
    no_violations(axe, page)
    assert not ProblemAgreement.objects.exists()
    page.locator(f"[id='id_m{ruben.pk}-words']").fill("Ik zie het vooral 's ochtends, niet de hele dag.")
    submit(page, "Overeenstemming opslaan")
    page.wait_for_url(f"**/cases/{case.pk}/goals/")
    expect(page.locator("#agreement tbody tr")).to_have_count(3)

    # 2. Two goals in the family's words.
    for words, whose in (("Samen eten zonder ruzie, drie keer per week.", "family"),
                         ("Mees gaat elke dag naar school.", "member")):  # fmt: skip
        page.get_by_role("link", name="Een doel toevoegen").click()
        page.wait_for_url("**/goals/new/")
        expect(page.locator(".samenplan-goals__disagreements")).to_contain_text("Ik ben niet het probleem")
        page.locator("#id_words").fill(words)
        page.locator(f"input[name=whose][value={whose}]").check()
        if whose == "member":
            page.locator("#id_member").select_option(str(mees.pk))
            page.locator("input[name=term][value=long]").check()
            page.locator("#id_target_date").fill((timezone.localdate() + timedelta(days=120)).isoformat())
            no_violations(axe, page)
        submit(page, "Doel opslaan")
        page.wait_for_url(f"**/cases/{case.pk}/goals/**")
    first, second = Goal.objects.filter(case=case).order_by("position")
    aside = page.locator(".samenplan-goals__disagreements")
    expect(aside).to_contain_text("Mees Jansen")  # the "no" stands next to the goals
    expect(aside).to_contain_text("Ruben Jansen")

    # 3. Scores on the first goal by Sanne and by the caseworker, on two dates.
    today = timezone.localdate()
    before, anna = today - timedelta(days=42), f"p{people.caseworker.pk}"
    for scorer, score, on in (
        (f"m{sanne.pk}", 3, before),
        (anna, 4, before),
        (f"m{sanne.pk}", 6, today),
        (anna, 5, today),
    ):
        page.goto(f"/goals/{first.pk}/scores/new/")
        page.locator(f"input[name=scorer][value={scorer}]").check()
        page.locator(f"input[name=score][value='{score}']").check()
        if scorer.startswith("m"):
            page.locator("#id_desired").select_option("8")
            page.locator("#id_one_point_higher").fill("Dat we op zondag samen ontbijten.")
        page.locator("#id_scored_on").fill(on.isoformat())
        if score == 3:
            no_violations(axe, page)
        submit(page, "Score opslaan")
        page.wait_for_url(f"**/cases/{case.pk}/goals/**")
    assert ScaleScore.objects.filter(goal=first).count() == 4
    chart = page.locator(f"#goal-{first.pk} figure.samenplan-chart svg[role=img]")
    expect(chart).to_be_visible()
    expect(chart.locator("[aria-roledescription='line mark']")).to_have_count(2)  # Sanne's line and Anna's
    expect(chart).to_contain_text("Sanne Jansen")
    expect(chart).to_contain_text("Anna de Vries (hulpverlener)")
    table = page.locator(f"#goal-{first.pk} table.samenplan-chart__table")
    expect(table.locator("tbody tr")).to_have_count(4)
    expect(table).to_contain_text("Dat we op zondag samen ontbijten.")
    no_violations(axe, page)

    # 4. The second goal first: with the keyboard.
    button = page.locator(f"#goal-{second.pk} button", has_text="Omhoog")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/cases/{case.pk}/goals/#goal-{second.pk}")
    assert list(case.goals.values_list("pk", flat=True)) == [second.pk, first.pk]
    expect(page.locator(".samenplan-goals__item").first).to_contain_text("Mees gaat elke dag naar school.")

    # 5. The miracle question and the Drieluik.
    page.get_by_role("link", name="Antwoorden op de wondervraag opschrijven").click()
    page.wait_for_url("**/goals/miracle-question/")
    no_violations(axe, page)
    page.locator(f"[id='id_m{sanne.pk}-words']").fill("Dan lachen we weer aan het ontbijt.")
    page.locator(f"[id='id_m{mees.pk}-words']").fill("Dan mag ik gewoon gamen zonder gezeur.")
    submit(page, "Antwoorden opslaan")
    page.wait_for_url(f"**/cases/{case.pk}/goals/**")
    page.get_by_role("link", name="Het drieluik invullen").click()
    page.wait_for_url("**/goals/drieluik/")
    no_violations(axe, page)
    page.locator("#id_nothing_changes").fill("Dan zit Mees thuis en hebben we elke dag ruzie.")
    page.locator("#id_wished").fill("Rust, en Mees weer op school.")
    page.locator("#id_what_we_do").fill("Een ochtendplan; oma helpt op woensdag.")
    submit(page, "Drieluik opslaan")
    page.wait_for_url(f"**/cases/{case.pk}/goals/**")
    techniques = page.locator("#techniques")
    expect(techniques).to_contain_text("Dan lachen we weer aan het ontbijt.")
    expect(techniques).to_contain_text("Een ochtendplan; oma helpt op woensdag.")
    expect(techniques).not_to_contain_text("Signs of Safety")  # the clarification found no safety concerns

    # 6. Every step on the dossier's timeline.
    page.goto(f"/cases/{case.pk}/")
    timeline = page.locator(".samenplan-timeline")
    for text in (
        "Eens met de vraag en het probleem: nee.",
        "Nieuw doel (het hele gezin, korte termijn):",
        "Schaalscore 6 van 10",
        "Anna de Vries (hulpverlener)",
        "Volgorde van een doel veranderd",
        "De wondervraag:",
        "Wat we gaan doen: Een ochtendplan; oma helpt op woensdag.",
    ):
        expect(timeline).to_contain_text(text)
    no_violations(axe, page)


def test_signs_of_safety_shows_after_safety_concerns_and_has_no_axe_violations(page, login, people, axe):
    from samenplan.intake import actions as intake

    case = people.bakker  # in clarification
    parent = case.family.members.get(role="parent")
    intake.do_clarify(
        people.caseworker, case, participants=[{"member": parent, "help_question": "Hoe houden we het veilig?"}],
        assessment={"safety": "concerns", "safety_explanation": "Harde ruzies.", "safety_assessed_by": "Anna"},
    )  # fmt: skip
    login(people.caseworker)
    page.goto(f"/cases/{case.pk}/goals/")
    page.get_by_role("link", name="Signs of Safety invullen").click()
    page.wait_for_url("**/goals/signs-of-safety/")
    page.locator("#id_safety_score").select_option("4")
    submit(page, "Signs of Safety opslaan")  # the three columns are empty: refused
    expect(page.locator(".samenplan-error-summary")).to_be_visible()
    no_violations(axe, page)
    page.locator("#id_worries").fill("Harde ruzies waar de kinderen bij zijn.")
    page.locator("#id_goes_well").fill("Oma vangt de kinderen op.")
    page.locator("#id_must_happen").fill("Geen ruzie meer waar de kinderen bij zijn.")
    submit(page, "Signs of Safety opslaan")
    page.wait_for_url(f"**/cases/{case.pk}/goals/**")
    expect(page.locator("#techniques")).to_contain_text("Oma vangt de kinderen op.")
    no_violations(axe, page)
