"""No visible text in a template outside the translation tags: every word a person reads goes through the catalogue.

The msgids are English and the catalogues give Dutch (and the other portal languages), so a literal word in a
template, Dutch or English, is a word that one language shows wrong. The scan reads every template of the project
(HTML, the PDF templates and the plain-text e-mails) with Django's own lexer:

- text inside ``{% translate %}``, ``{% blocktranslate %}`` and ``{% comment %}``/``{# #}`` is skipped, and every
  ``{{ variable }}`` and other tag counts as a placeholder, not as text;
- what is left is parsed as HTML (``.txt`` e-mails as plain text): the text nodes outside ``<script>``, ``<style>``
  and ``<svg>`` markup, and the attributes a person hears or sees (``alt``, ``title``, ``placeholder``,
  ``aria-label``, ``aria-description``, ``aria-roledescription``, ``aria-valuetext``, the ``value`` of an input
  button: a <button> shows its content, not its value),
  must hold no letters.

``ALLOWED`` lists the few literal words that are the same in every language, each with its reason.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.template.base import Lexer, TokenType

SRC = Path(__file__).resolve().parent.parent / "src" / "samenplan"

# Templates no person reads: the benchmark's baseline page (bench_urls.py; no server routes it).
NOT_READ = {"templates/bench/baseline.html"}
TEMPLATES = sorted(
    p
    for p in SRC.rglob("templates/**/*")
    if p.suffix in {".html", ".txt", ".svg"} and p.is_file() and str(p.relative_to(SRC)) not in NOT_READ
)
# Literal text that is the same in every language (each with why).
ALLOWED = {
    "samenplan",  # the product's name
    "DigiD",  # the name of the government's login service
    "PDF",  # a file format's name
    "JSON",  # a file format's name
    "TOTP",  # the name of the standard for login codes
}
SPOKEN_ATTRIBUTES = {
    "alt",
    "title",
    "placeholder",
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "aria-valuetext",
}
NOT_TEXT_ELEMENTS = {"script", "style", "svg"}  # code, and drawings whose words come from the view (charts, maps)
PLACEHOLDER = "\ue000"  # private use: no letter, and allowed inside a tag name (<h{{ level }}>)
LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
ATTRIBUTE = re.compile(r'\s*([\w-]+)="([^"]*)"')
ATTRIBUTES_ONLY = re.compile(r'(?:\s*[\w-]+="[^"]*"|\s*\ue000)+\s*')
WORD = re.compile(r"[^\W\d_][\w'\u2019.-]*", re.UNICODE)


def _outside_translation(source: str) -> str:
    """The template with everything translated, commented or computed replaced by a placeholder."""
    out: list[str] = []
    skipping: list[str] = []  # the end tags of the blocks we are inside
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            if skipping and name == skipping[-1]:
                skipping.pop()
            elif name in ("blocktranslate", "blocktrans"):
                skipping.append("endblocktranslate" if name == "blocktranslate" else "endblocktrans")
            elif name == "comment":
                skipping.append("endcomment")
            elif name in ("verbatim",):
                skipping.append("endverbatim")
            out.append(PLACEHOLDER)
        elif token.token_type == TokenType.TEXT and not skipping:
            out.append(token.contents)
        elif token.token_type != TokenType.COMMENT:
            out.append(PLACEHOLDER)
    return "".join(out)


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside: list[str] = []
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in NOT_TEXT_ELEMENTS:
            self.inside.append(tag)
        if self.inside:
            return
        attributes = dict(attrs)
        for name, value in attrs:
            spoken = name in SPOKEN_ATTRIBUTES or (
                name == "value" and tag == "input" and attributes.get("type") in ("submit", "button", "reset")
            )
            if spoken and value and _words(value):
                self.found.append(f'{name}="{value}"')

    def handle_startendtag(self, tag, attrs):
        if tag not in NOT_TEXT_ELEMENTS:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if self.inside and self.inside[-1] == tag:
            self.inside.pop()

    def handle_data(self, data):
        if self.inside:
            return
        if ATTRIBUTES_ONLY.fullmatch(data):  # a block that fills in attributes of a tag of its parent template
            for name, value in ATTRIBUTE.findall(data):
                if name in SPOKEN_ATTRIBUTES and _words(value):
                    self.found.append(f'{name}="{value}"')
            return
        self.found.append(data)


def literal_text(source: str, *, html: bool = True) -> list[str]:
    """The pieces of visible text of a template that no translation tag covers, allowed words left out."""
    text = _outside_translation(source)
    if html:
        parser = _VisibleText()
        parser.feed(text)
        parser.close()
        pieces = parser.found
    else:
        pieces = [text]
    return [" ".join(piece.replace(PLACEHOLDER, "…").split()) for piece in pieces if _words(piece)]


def _words(piece: str) -> list[str]:
    words = [w.rstrip(".") for w in WORD.findall(piece.replace(PLACEHOLDER, " "))]
    return [w for w in words if w and w not in ALLOWED and LETTER.search(w)]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(SRC)))
def test_it_has_no_text_outside_the_translation_tags(path):
    source = path.read_text(encoding="utf-8")
    found = literal_text(source, html=path.suffix != ".txt")
    assert not found, f"{path.relative_to(SRC)}: wrap in {{% translate %}}: {found}"


def test_it_finds_dutch_and_english_outside_the_tags_and_nothing_inside_them():
    """The scanner itself: what it must find and what it must leave alone."""
    assert literal_text("<p>Uw plan</p>") == ["Uw plan"]
    assert literal_text('<a title="Terug" href="/">{% translate "Back" %}</a>') == ['title="Terug"']
    assert literal_text('<input type="submit" value="Send">') == ['value="Send"']
    assert literal_text('<button type="submit" name="step" value="send">{% translate "Send" %}</button>') == []
    assert literal_text("<p>{{ plan.title }} \u2013 {{ plan.date|date }}</p>") == []
    assert literal_text('<p>{% translate "Your plan" %}</p><img alt="{% translate "Map" %}">') == []
    assert literal_text("{% blocktranslate %}Hello {{ name }}{% endblocktranslate %}") == []
    assert literal_text("{% comment %}Uitleg voor ontwikkelaars{% endcomment %}{# ook dit #}") == []
    assert literal_text("<script src=x></script><svg><text>as</text></svg><p>samenplan</p>") == []
    assert literal_text("Beste {{ name }},", html=False) == ["Beste …,"]
    assert literal_text('{% block a %} action="{% url "x" %}"{% endblock %}') == []
    assert literal_text('{% block a %} aria-label="Menu"{% endblock %}') == ['aria-label="Menu"']
    assert TEMPLATES, "no templates found"
