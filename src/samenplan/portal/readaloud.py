"""Read-aloud ("Voorlezen") made on the server, for browsers without a voice for the page's language.

The browser asks for a *block*, never for a text: ``page-<name>`` (a whole portal page, ``page-<name>-<id>`` for
a page about one record) or ``plan-<section>`` (one section of the family's plan). The server renders that page
for the logged-in member (the page's own access checks and read record apply), takes the text of the block from
it (``text_of``) and speaks it with espeak-ng (Debian) in the page's language. So only what the member may see is
spoken, and nothing leaves the server. The audio is cached by a hash of voice and text (``speech``): the same
words give the same sound, and a key reveals nothing and is only reached after the access check.
"""

from __future__ import annotations

import hashlib
import re
import struct
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser

# The portal's pages that can be read aloud from the server, and the name of their one URL argument (if any).
PAGES: dict[str, str | None] = {
    "home": None,
    "plan": None,
    "goals": None,
    "consents": None,
    "access_log": None,
    "score": "goal_id",
    "revoke": "consent_id",
    "plan_version": "number",
}
PLAN_SECTIONS = ("goals", "own", "network", "help", "safety", "evaluation", "aftercare")

# Page language (Django code) → espeak-ng voice. Tigrinya (ti) has no espeak-ng voice: the browser's or none.
ESPEAK_VOICES = {"nl": "nl", "en": "en", "ar": "ar", "tr": "tr", "pl": "pl", "uk": "uk"}

MAX_CHARS = 20_000  # a portal page is far shorter; more is not read
CACHE_SECONDS = 600
CACHE_MAX_BYTES = 8_000_000

_BLOCK = re.compile(r"page-(?P<page>[a-z_]+)(?:-(?P<arg>[1-9][0-9]{0,8}))?|plan-(?P<section>[a-z]+)")


@dataclass(frozen=True)
class Block:
    page: str  # the portal URL name
    kwargs: dict = field(default_factory=dict)
    element: str | None = None  # the data-readaloud-block of the part to read; None: the whole <main>


def parse_block(block: str) -> Block | None:
    """The page and part a block id names, or None when it names nothing that can be read aloud."""
    match = _BLOCK.fullmatch(block or "")
    if match is None:
        return None
    if match["section"]:
        return Block("plan", {}, block) if match["section"] in PLAN_SECTIONS else None
    page, arg = match["page"], match["arg"]
    if page not in PAGES or (PAGES[page] is None) != (arg is None):
        return None
    return Block(page, {PAGES[page]: int(arg)} if arg else {})


def page_block(url_name: str | None, kwargs: dict) -> str:
    """The block id of a whole portal page (``""`` when the server cannot read that page aloud)."""
    if url_name not in PAGES:
        return ""
    name = PAGES[url_name]
    if name is None:
        return "" if kwargs else f"page-{url_name}"
    value = kwargs.get(name)
    return f"page-{url_name}-{value}" if isinstance(value, int) or str(value).isdigit() else ""


def espeak_voice(language: str | None) -> str | None:
    return ESPEAK_VOICES.get((language or "").split("-")[0].lower())


_SKIP = {"script", "style", "svg", "nav", "template", "select", "textarea", "noscript", "head", "title", "header"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_BREAK = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "tr", "td", "th", "label", "legend", "div"}
_BREAK |= {"section", "article", "blockquote", "caption", "figcaption", "br", "ul", "ol", "dl", "table", "q"}


class _Text(HTMLParser):
    def __init__(self, element: str | None):
        super().__init__(convert_charrefs=True)
        self.element = element
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, skipped, captured)
        self.parts: list[str] = []

    def _state(self) -> tuple[bool, bool]:
        return (self.stack[-1][1], self.stack[-1][2]) if self.stack else (False, False)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        skipped, captured = self._state()
        if tag in _BREAK and captured and not skipped:
            self.parts.append("\n")
        if tag in _VOID:
            return
        skipped = (
            skipped
            or tag in _SKIP
            or "hidden" in values
            or values.get("aria-hidden") == "true"
            or "data-readaloud" in values
        )
        if self.element is None:
            captured = captured or tag == "main"
        else:
            captured = captured or values.get("data-readaloud-block") == self.element
        self.stack.append((tag, skipped, captured))

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break
        if tag in _BREAK:
            self.parts.append("\n")

    def handle_data(self, data):
        skipped, captured = self._state()
        if captured and not skipped:
            self.parts.append(data)


def text_of(html: str, element: str | None = None) -> str:
    """The text a listener hears of ``html``: the ``<main>`` (or the element whose ``data-readaloud-block`` is
    ``element``) without menus, pictograms, hidden parts, form choices or the read-aloud controls. One line per
    paragraph, heading or list item; a line without closing punctuation gets a full stop (a pause)."""
    parser = _Text(element)
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    lines = [line if line[-1] in ".!?:;…" else f"{line}." for line in lines if line]
    return "\n".join(lines)[:MAX_CHARS]


def wav_with_sizes(data: bytes) -> bytes:
    """espeak-ng writes a streaming WAV header (sizes unknown); fill in the real RIFF and data sizes."""
    if len(data) < 44 or data[:4] != b"RIFF" or data[36:40] != b"data":
        return data
    return data[:4] + struct.pack("<I", len(data) - 8) + data[8:40] + struct.pack("<I", len(data) - 44) + data[44:]


def speech(text: str, voice: str) -> bytes:
    """``text`` spoken by espeak-ng's ``voice`` as WAV; cached by a hash of voice and text."""
    from django.core.cache import cache

    key = "readaloud:" + hashlib.sha256(f"{voice}\x00{text}".encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return cached
    done = subprocess.run(  # noqa: S603 (fixed program; the text goes in on stdin, never as an argument)
        ["/usr/bin/espeak-ng", "-v", voice, "-b", "1", "-s", "150", "--stdout"],
        input=text.encode("utf-8"),
        capture_output=True,
        timeout=60,
        check=True,
    )
    audio = wav_with_sizes(done.stdout)
    if len(audio) <= CACHE_MAX_BYTES:
        cache.set(key, audio, CACHE_SECONDS)
    return audio
