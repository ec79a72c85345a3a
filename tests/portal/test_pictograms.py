"""Pictograms (Lucide, npm lucide-static, ISC) beside the portal's menu, the plan's sections and the read-aloud
buttons: every pictogram is hidden from screen readers and never stands alone — text is always next to it."""

from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.urls import reverse

from samenplan.goals import actions as goal_actions
from samenplan.portal.templatetags import pictograms
from tests.plans.factories import SAFETY, plan_version

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Pictograms(HTMLParser):
    """For every pictogram: its attributes and the text of the element it sits in (without the pictogram)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[dict] = []
        self.found: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attributes = dict(attrs)
        node = {
            "tag": tag,
            "attrs": attributes,
            "text": [],
            "pictogram": "samenplan-pictogram" in attributes.get("class", ""),
        }
        if node["pictogram"] and self.stack:
            self.found.append({"attrs": attributes, "parent": self.stack[-1]})
        self.stack.append(node)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            node = self.stack.pop()
            if node["tag"] == tag:
                break

    def handle_data(self, data):
        inside_pictogram = any(n["pictogram"] for n in self.stack)
        if not inside_pictogram:
            for node in self.stack:
                node["text"].append(data)


def pictograms_of(html: str) -> list[dict]:
    parser = Pictograms()
    parser.feed(html)
    return parser.found


def assert_never_alone(html: str, where: str) -> int:
    found = pictograms_of(html)
    for item in found:
        assert item["attrs"].get("aria-hidden") == "true" and item["attrs"].get("focusable") == "false", where
        text = " ".join("".join(item["parent"]["text"]).split())
        assert text, f"{where}: a pictogram without text next to it in <{item['parent']['tag']}>"
    return len(found)


@pytest.mark.parametrize("persona", ["parent", "youth"])
def test_every_pictogram_on_every_portal_page_has_text_next_to_it(client, world, persona):
    plan_version(world.caseworker, world.case, safety=SAFETY)
    plan_version(world.caseworker, world.case, own={"text": "We fietsen samen.", "voice": "family"})
    goal = goal_actions.do_add_goal(world.caseworker, world.case, words="Rustig samen eten", whose="family")
    client.force_login(world.persona(persona))
    urls = [
        reverse(name) for name in ("portal:home", "portal:plan", "portal:goals", "portal:consents", "portal:access_log")
    ] + [reverse("portal:score", args=[goal.pk]), reverse("portal:plan_version", args=[2]), reverse("mfa_index")]
    counts = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = assert_never_alone(response.content.decode(), url)
    assert all(count >= 6 + 3 for count in counts.values()), counts  # the menu and the read-aloud buttons
    assert counts[reverse("portal:plan")] >= 6 + 3 + 3 * 5  # and each section of the plan with its buttons


def test_the_tag_inlines_the_installed_svg_without_anything_the_csp_refuses():
    html = Template('{% load pictograms %}<a href="/">{% pictogram "house" %}<span>Thuis</span></a>').render(Context())
    assert html.startswith('<a href="/"><svg class="samenplan-pictogram" aria-hidden="true" focusable="false"')
    assert "<path" in html and "style" not in html and "<script" not in html and "@license" not in html
    assert assert_never_alone(html, "tag") == 1


def test_it_refuses_unknown_or_malformed_names():
    for name in ("../../package", "no-such-pictogram-xyz", "House"):
        with pytest.raises(ValueError):
            pictograms.markup(name)


def test_every_plan_section_has_a_pictogram():
    from samenplan.plans.rules import SECTIONS

    assert set(pictograms.PLAN_SECTIONS) == set(SECTIONS)
    for name in pictograms.PLAN_SECTIONS.values():
        assert pictograms.markup(name).startswith("<svg")
