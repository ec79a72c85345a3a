"""The web pages of the family plan: the plan, changing it (and the merge page when someone else saved first),
comparing two versions, the family's agreement and the PDF; every page logs its read."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from samenplan.audit.models import AccessLogRecord
from samenplan.plans import services
from samenplan.plans.models import PlanVersion
from tests.audit.statements import record_statements
from tests.plans.factories import SAFETY, content, plan_version

XSS = '<script>alert("x")</script><b>vet</b>'


def plan_form(based_on, **changes):
    form = {
        "based_on": based_on,
        "own_text": "We eten elke avond samen.",
        "own_voice": "family",
        "network_text": "Oma Ria haalt Mees op woensdag op.",
        "network_voice": "family",
        "safety_voice": "family",
        "evaluation_next_on": "2027-03-01",
        "evaluation_how": "Een gesprek thuis.",
        "evaluation_with_whom": "Sanne en Mees",
        "aftercare_text": "Bellen na drie maanden.",
        "aftercare_voice": "professional",
        "reason": "",
    }
    form.update(changes)
    return form


def pdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_it_makes_version_one_from_the_edit_page_and_shows_it(client, world):
    client.force_login(world.caseworker)
    edit = reverse("plans:edit", args=[world.case.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, plan_form(0))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert services.current_version(world.case).number == 1
    page = client.get(reverse("plans:plan", args=[world.case.pk])).content.decode()
    assert "We eten elke avond samen." in page and "In uw eigen woorden" in page and "Versie 1" in page
    assert AccessLogRecord.objects.filter(action="plans.plan", case_id=world.case.pk).exists()


def test_a_reader_sees_the_plan_but_may_not_change_it(client, world):
    plan_version(world.caseworker, world.case)
    client.force_login(world.colleague)
    assert client.get(reverse("plans:plan", args=[world.case.pk])).status_code == 200
    assert client.post(reverse("plans:edit", args=[world.case.pk]), plan_form(1)).status_code == 403
    client.force_login(world.outsider)
    assert client.get(reverse("plans:plan", args=[world.case.pk])).status_code == 404


def test_a_safety_plan_without_whom_to_call_gives_a_field_error_and_saves_nothing(client, world):
    client.force_login(world.caseworker)
    form = plan_form(0, safety_needed="on", safety_when_unsafe="Naar de buren.")
    response = client.post(reverse("plans:edit", args=[world.case.pk]), form)
    assert response.status_code == 422
    assert "Schrijf op wie u belt" in response.content.decode()
    assert not PlanVersion.objects.exists()


def test_a_stale_save_shows_the_merge_page_and_the_merged_plan_keeps_both_changes(client, world):
    plan_version(world.caseworker, world.case)
    # The co-worker saves version 2 (aftercare changed) while the caseworker is still editing version 1.
    plan_version(world.coworker, world.case, aftercare={"text": "Bellen na zes weken.", "voice": "professional"})
    client.force_login(world.caseworker)
    mine = plan_form(1, own_text="We eten elke avond samen.\nWe fietsen op zaterdag.",
                     aftercare_text="Na de hulp bellen we één keer per maand.")  # fmt: skip
    mine["own_text"], mine["aftercare_text"] = mine["own_text"], "Een huisbezoek na twee maanden."
    response = client.post(reverse("plans:edit", args=[world.case.pk]), mine)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Iemand anders heeft het plan veranderd" in page
    assert "Bellen na zes weken." in page and "Een huisbezoek na twee maanden." in page  # theirs and yours
    assert "<ins" in page and "<del" in page
    assert services.current_version(world.case).number == 2  # nothing overwritten
    assert AccessLogRecord.objects.filter(action="plans.merge").exists()
    # Both changed the aftercare: choose; the own part only the caseworker changed: it is kept.
    merge = {"based_on": 2, "started_from": 1, "mine": _hidden(page, "mine"), "reason": "Samengevoegd.",
             "choice_aftercare": "theirs"}  # fmt: skip
    response = client.post(reverse("plans:merge", args=[world.case.pk]), merge)
    assert response.status_code == 302
    merged = services.current_version(world.case)
    assert merged.number == 3 and merged.based_on == 2
    assert merged.content["aftercare"]["text"] == "Bellen na zes weken."
    assert merged.content["own"]["text"].endswith("We fietsen op zaterdag.")


def test_the_merge_page_asks_to_choose_where_both_changed(client, world):
    plan_version(world.caseworker, world.case)
    plan_version(world.coworker, world.case, aftercare={"text": "Bellen na zes weken.", "voice": "professional"})
    client.force_login(world.caseworker)
    page = client.post(reverse("plans:edit", args=[world.case.pk]), plan_form(1, aftercare_text="Anders.")).content
    merge = {"based_on": 2, "started_from": 1, "mine": _hidden(page.decode(), "mine"), "reason": ""}
    response = client.post(reverse("plans:merge", args=[world.case.pk]), merge)
    assert response.status_code == 409 and services.current_version(world.case).number == 2
    forged = {**merge, "mine": "forged", "choice_aftercare": "mine"}
    assert client.post(reverse("plans:merge", args=[world.case.pk]), forged).status_code == 302
    assert services.current_version(world.case).number == 2


def _hidden(page: str, name: str) -> str:
    import re

    match = re.search(rf'name="{name}" value="([^"]*)"', page) or re.search(rf'value="([^"]*)"[^>]*name="{name}"', page)
    return match.group(1).replace("&quot;", '"').replace("&amp;", "&")


def test_it_compares_two_versions_with_words_added_and_removed(client, world):
    plan_version(world.caseworker, world.case)
    plan_version(world.caseworker, world.case, own={"text": "We eten elke zondag samen.\nWe wandelen.",
                                                    "voice": "family"})  # fmt: skip
    client.force_login(world.colleague)
    response = client.get(reverse("plans:compare", args=[world.case.pk]), {"from": 1, "to": 2})
    page = response.content.decode()
    assert response.status_code == 200
    assert '<ins class="samenplan-diff__ins"><span class="samenplan-visually-hidden">erbij: </span>zondag' in page
    assert '<del class="samenplan-diff__del"><span class="samenplan-visually-hidden">weg: </span>avond' in page
    assert client.get(reverse("plans:compare", args=[world.case.pk]), {"from": 9}).status_code == 404
    assert client.get(reverse("plans:compare", args=[world.case.pk]), {"from": "x"}).status_code == 404


@pytest.mark.guideline("P7")
def test_it_records_the_familys_agreement_from_the_agreement_page(client, world):
    plan_version(world.caseworker, world.case)
    parent, child = services.participants(world.case)
    client.force_login(world.caseworker)
    url = reverse("plans:agreement", args=[world.case.pk])
    assert client.post(url, {"member": child.pk, "agreement": "no"}).status_code == 422
    client.post(url, {"member": parent.pk, "agreement": "yes", "words": "Zo doen we het."})
    client.post(url, {"member": child.pk, "agreement": "yes", "words": ""})
    page = client.get(reverse("plans:plan", args=[world.case.pk])).content.decode()
    assert "Akkoord van het gezin" in page and "Zo doen we het." in page


@pytest.mark.guideline("L6")
def test_the_pdf_has_the_familys_words_the_safety_plan_on_its_own_page_and_is_logged_as_an_export(client, world):
    from datetime import date

    from samenplan.goals.actions import do_add_goal, do_add_score

    goal = do_add_goal(world.caseworker, world.case, words="Minder ruzie aan tafel.", whose="family", term="short")
    for day, score in ((date(2026, 10, 1), 3), (date(2026, 11, 1), 5)):
        do_add_score(world.caseworker, goal, score=score, scored_on=day, professional=world.caseworker)
    plan_version(world.caseworker, world.case, safety=SAFETY)
    client.force_login(world.colleague)
    response = client.get(reverse("plans:pdf", args=[world.case.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages = pdf_pages(response.content)
    text = "\n".join(pages)
    assert "Ons gezinsplan: gezin Jansen" in text and "In uw eigen woorden" in text
    assert "Minder ruzie aan tafel." in text and "We eten elke avond samen." in text
    assert "Voortgang: Minder ruzie aan tafel." in text  # the goal's progress chart, drawn on the server
    lines = text.splitlines()  # the chart's own texts: axes, months, the legend with who gave the scores
    assert {"Datum", "Score", "oktober", "november", "Gegeven door"} <= set(lines)
    assert any(line.startswith(str(world.caseworker)[:20]) for line in lines)  # a long name is cut off with "…"
    assert all("versie 1" in page for page in pages)  # version and date on every page
    safety = [p for p in pages if "Veiligheidsplan" in p and "Oma Ria: 06-12345678" in p]
    assert len(safety) == 1
    assert "Onze doelen" not in safety[0] and "Na de hulp (nazorg)" not in safety[0]  # a page of its own
    record = AccessLogRecord.objects.filter(action="plans.pdf").latest("seq")
    assert (record.event, record.case_id) == ("export", world.case.pk)


def pdf_fonts(data: bytes) -> set[str]:
    from pypdf import PdfReader

    fonts = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return fonts


def test_the_pdf_uses_the_themes_fonts_and_loads_nothing_else(client, world):
    plan_version(world.caseworker, world.case, own={"text": '<img src="http://example.com/x.png"> Wij.',
                                                    "voice": "family"})  # fmt: skip
    client.force_login(world.caseworker)
    data = client.get(reverse("plans:pdf", args=[world.case.pk])).content
    fonts = pdf_fonts(data)
    assert any("Noto-Sans" in f for f in fonts) and any("Noto-Serif" in f for f in fonts), fonts
    assert '<img src="http://example.com/x.png"> Wij.' in "\n".join(pdf_pages(data))


def test_the_pdf_shows_html_in_any_field_as_text(client, world):
    plan_version(world.caseworker, world.case, own={"text": XSS, "voice": "family"})
    client.force_login(world.caseworker)
    response = client.get(reverse("plans:pdf", args=[world.case.pk]))
    text = "\n".join(pdf_pages(response.content))
    assert '<script>alert("x")</script>' in text and "<b>vet</b>" in text
    page = client.get(reverse("plans:plan", args=[world.case.pk])).content.decode()
    assert "&lt;script&gt;" in page and XSS not in page


def test_there_is_no_pdf_before_the_first_version(client, world):
    client.force_login(world.caseworker)
    for name in ("plans:pdf", "plans:compare", "plans:agreement"):
        response = client.get(reverse(name, args=[world.case.pk]))
        assert response.status_code == 200 and "Er is nog geen plan" in response.content.decode()
    assert not AccessLogRecord.objects.filter(action="plans.pdf", event="export").exists()
    assert content()["own"]["voice"] == "family"


def test_a_save_from_a_version_that_does_not_exist_is_a_form_error(client, world):
    plan_version(world.caseworker, world.case)
    client.force_login(world.caseworker)
    response = client.post(reverse("plans:edit", args=[world.case.pk]), plan_form(5))
    assert response.status_code == 422 and services.current_version(world.case).number == 1


@pytest.mark.parametrize("versions", [1, 5])
def test_it_shows_the_plan_in_as_many_queries_however_many_versions(client, world, django_assert_num_queries, versions):
    from samenplan.plans import actions

    for _ in range(versions):
        version = plan_version(world.caseworker, world.case)
    parent, _child = services.participants(world.case)
    actions.do_record_agreement(world.caseworker, version, member=parent, agreement="yes")
    client.force_login(world.caseworker)
    url = reverse("plans:plan", args=[world.case.pk])
    client.get(url)
    # session, the user with their memberships, the case; every version with its plan (the shown one and the
    # newest number among them), the agreements with this version, the participants; the access-log record
    # (tests/audit/statements.py)
    with django_assert_num_queries(6 + record_statements()):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(6 + record_statements()):  # an earlier version, found among them
        assert client.get(url, {"version": 1}).status_code == 200
    assert client.get(url, {"version": versions + 1}).status_code == 404


ARABIC, ETHIOPIC = "Noto-Sans-Arabic", "Noto-Sans-Ethiopic"


def test_a_dutch_only_pdf_embeds_no_arabic_or_ethiopic_font(client, world):
    plan_version(world.caseworker, world.case)
    client.force_login(world.caseworker)
    fonts = pdf_fonts(client.get(reverse("plans:pdf", args=[world.case.pk])).content)
    assert any("Noto-Sans" in f for f in fonts), fonts
    assert not any(ARABIC in f or ETHIOPIC in f for f in fonts), fonts


@pytest.mark.parametrize(
    ("words", "font"),
    [("نأكل كل مساء معًا.", ARABIC), ("ኩሉ ምሸት ብሓባር ንበልዕ።", ETHIOPIC)],
    ids=["arabic", "tigrinya"],
)
def test_family_words_in_another_script_than_the_dutch_page_still_get_their_font(client, world, words, font):
    plan_version(world.caseworker, world.case, own={"text": words, "voice": "family"})
    client.force_login(world.caseworker)
    data = client.get(reverse("plans:pdf", args=[world.case.pk])).content
    assert any(font in f for f in pdf_fonts(data)), pdf_fonts(data)
    assert words in "\n".join(pdf_pages(data)).replace("\n", "")


def test_the_fonts_a_drawing_or_a_character_reference_needs_are_found_too():
    from samenplan.plans import pdf

    latin = {"Noto Sans", "Noto Serif"}
    assert pdf.font_families("<p>Wij eten samen.</p>") == latin
    drawing = pdf._image('<svg xmlns="http://www.w3.org/2000/svg"><text>مرحبا</text></svg>')
    assert pdf.font_families(f'<img src="{drawing}" alt="">') == latin | {"Noto Sans Arabic"}
    assert pdf.font_families("<p>&#x1230;</p>") == latin | {"Noto Sans Ethiopic"}


def test_the_parsed_style_sheet_and_its_fonts_are_made_once_per_process_not_per_pdf(client, world):
    from samenplan.plans import pdf

    plan_version(world.caseworker, world.case)
    client.force_login(world.caseworker)
    url = reverse("plans:pdf", args=[world.case.pk])
    assert client.get(url).status_code == 200
    made = dict(pdf._cache())
    assert ("style", str(pdf.STYLE), pdf.STYLE.stat().st_mtime_ns, frozenset({"Noto Sans", "Noto Serif"})) in made
    assert client.get(url).status_code == 200
    assert pdf._cache().keys() == made.keys()  # the second PDF made no style sheet, font configuration or fetcher
    assert all(pdf._cache()[key] is made[key] for key in made)


def test_the_pdf_fetcher_reads_only_the_themes_fonts_and_the_documents_drawings():
    from samenplan.plans import pdf

    fetcher = pdf._fetcher()
    font = next(url for url in pdf._font_urls() if url)
    assert fetcher(font).read()[:4] == b"wOFF"
    assert fetcher(pdf._image("<svg/>")).read() == b"<svg/>"
    for url in ("http://example.com/x.png", "file:///etc/passwd", "data:text/html;base64,PGI+", f"{pdf.SVG_DATA}!!"):
        with pytest.raises(ValueError):
            fetcher(url)


def test_the_pdfs_queries_do_not_grow_with_its_goals(world):
    from datetime import date

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from samenplan.goals.actions import do_add_goal, do_add_score
    from samenplan.plans import pdf

    def queries_of_the_pdf_after_adding(goals: int) -> int:
        for _ in range(goals):
            words = f"Doel nummer {world.case.goals.count() + 1}."
            goal = do_add_goal(world.caseworker, world.case, words=words, whose="family", term="short")
            for day, score in ((date(2026, 10, 1), 3), (date(2026, 11, 1), 5)):
                do_add_score(world.caseworker, goal, score=score, scored_on=day, professional=world.caseworker)
        version = plan_version(world.caseworker, world.case)
        with CaptureQueriesContext(connection) as queries:
            data = pdf.render(world.case, version)
        assert f"Voortgang: {words}" in "\n".join(pdf_pages(data))  # its chart is drawn
        return len(queries)

    assert queries_of_the_pdf_after_adding(1) == queries_of_the_pdf_after_adding(2)
