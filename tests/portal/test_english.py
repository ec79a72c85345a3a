"""English is complete as a second language: every portal page (read from the URL configuration), and the
professional's workbench, render in English with ``Accept-Language: en`` or the language cookie, and no Dutch text
of the catalogue shows up on them (what a translation done too early, at import time, would leave behind).

The demo data itself is Dutch (the family's own words, the names): that stays as it was written. So the check looks
for the catalogue's Dutch sentences, not for Dutch words.
"""

from __future__ import annotations

import re
from functools import cache
from html import unescape
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client

from tests.portal.routes import demo_world, portal_pages, viewers

PO = Path(__file__).resolve().parents[2] / "src" / "samenplan" / "locale" / "nl" / "LC_MESSAGES" / "django.po"
TAGS = re.compile(r"<(script|style|svg)\b.*?</\1>|<[^>]+>", re.S)


@cache
def dutch_sentences() -> frozenset[str]:
    """The catalogue's Dutch texts of four words or more that differ from their English msgid."""
    found = set()
    for entry in polib.pofile(str(PO)).translated_entries():
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            text = " ".join(text.split())
            if len(text.split()) >= 4 and "%" not in text and "{" not in text and text != entry.msgid:
                found.add(text)
    return frozenset(found)


def visible_text(html: str) -> str:
    return " ".join(unescape(TAGS.sub(" ", html)).split())


def dutch_on(html: str) -> list[str]:
    text = visible_text(html)
    return sorted(sentence for sentence in dutch_sentences() if sentence in text)


@pytest.fixture
def demo(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return demo_world()


# The workbench's pages in English. Not the dossier (/cases/<id>/): its timeline shows the dossier entries as they
# were recorded, in the organisation's language (Dutch), which is the record, not the page's text.
WORKBENCH = ("/cases/", "/caseload/", "/cases/{case}/plan/", "/cases/{case}/goals/")


def test_every_portal_page_and_the_workbench_speak_english(demo):
    problems, checked = [], 0
    who = viewers(demo)
    for route, url, page_viewers in portal_pages(demo):
        for viewer in page_viewers:
            for how in ("header", "cookie"):
                client = Client()
                if who[viewer] is not None:
                    client.force_login(who[viewer])
                if how == "cookie":
                    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
                    response = client.get(url, HTTP_ACCEPT_LANGUAGE="nl")
                else:
                    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
                html = response.content.decode()
                checked += 1
                if '<html lang="en"' not in html:
                    problems.append(f"{route.name} as {viewer} ({how}): not lang=en")
                if found := dutch_on(html):
                    problems.append(f"{route.name} as {viewer} ({how}): Dutch {found}")
    client = Client()
    client.force_login(demo.caseworker)
    for path in WORKBENCH:
        response = client.get(path.format(case=demo.case.pk), HTTP_ACCEPT_LANGUAGE="en", follow=True)
        assert response.status_code == 200, path
        html = response.content.decode()
        checked += 1
        if found := dutch_on(html):
            problems.append(f"{path} (workbench): Dutch {found}")
    assert checked > 20
    assert not problems, "\n".join(problems)


def _case_pages():
    """Every workbench route with only the case in its path (the case's pages), from the URL configuration."""
    from tests.test_permission_matrix import walk

    return sorted(
        route for route, _ in walk() if re.fullmatch(r"cases/<int:case_id>/[^<]*", route) and "api/" not in route
    )


# Case pages that show dossier entries as recorded (in the organisation's language) next to their own text.
RECORD_PAGES = {"cases/<int:case_id>/"}


def test_every_page_of_a_case_speaks_english_to_the_caseworker(demo):
    client = Client()
    client.force_login(demo.caseworker)
    problems, checked = [], []
    for route in _case_pages():
        if route in RECORD_PAGES:
            continue
        url = "/" + route.replace("<int:case_id>", str(demo.case.pk))
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        checked.append(route)
        if found := dutch_on(response.content.decode()):
            problems.append(f"{route}: Dutch {found}")
    print("\nEnglish checked:", checked)
    assert len(checked) >= 5
    assert not problems, "\n".join(problems)


def test_the_same_pages_are_dutch_without_a_choice(demo):
    """The check sees Dutch where it is: a Dutch page is full of the catalogue's sentences."""
    client = Client()
    client.force_login(demo.parent)
    html = client.get("/portal/plan/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert '<html lang="nl"' in html and dutch_on(html)


@pytest.mark.parametrize(
    ("language", "heading"), [("nl", "Ons gezinsplan: gezin Jansen"), ("en", "Our family plan: family Jansen")]
)
def test_the_plan_pdf_is_in_the_language_of_the_page(client, world, language, heading):
    from tests.plans.factories import SAFETY, plan_version
    from tests.plans.test_pages import pdf_pages

    plan_version(world.caseworker, world.case, safety=SAFETY)
    client.force_login(world.persona("parent"))
    response = client.get("/portal/plan/pdf/", HTTP_ACCEPT_LANGUAGE=language)
    text = " ".join(" ".join(pdf_pages(response.content)).split())
    assert heading in text
    if language == "en":
        assert not [sentence for sentence in dutch_sentences() if sentence in text]
