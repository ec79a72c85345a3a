"""The words samenplan itself uses about families show regard (G1.5): no labels that judge a family or its
members, in the Dutch catalogue, the templates, the demo data or the shipped questionnaires. The family's own words
are theirs and are not checked."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "samenplan"

# Labels that put the problem in the family as a person, or judge their will to take part.
LABELS = re.compile(
    r"probleemgezin|multiprobleem|zorgmijd|ongemotiveerd|onwillig|a-?sociaal|kansarm|hopeloos|lastige ouder"
    r"|dysfunctione|weigerachtig|niet[- ]meewerkend|zwakbegaafde ouder|onopvoedbaar|risicogezin",
    re.IGNORECASE,
)


def _texts():
    catalogue = polib.pofile(str(SRC / "locale" / "nl" / "LC_MESSAGES" / "django.po"))
    for entry in catalogue:
        yield f"catalogue: {entry.msgid}", entry.msgstr
    for path in sorted(SRC.rglob("*")):
        if path.suffix in {".html", ".txt", ".yaml", ".yml", ".csv"} or path.name.endswith("demo.py"):
            yield str(path.relative_to(SRC)), path.read_text(encoding="utf-8")
    for path in sorted(SRC.glob("demo*.py")):
        yield str(path.relative_to(SRC)), path.read_text(encoding="utf-8")


@pytest.mark.guideline("G1.5")
def test_it_never_labels_a_family_in_its_own_words():
    found = [(where, m.group(0)) for where, text in _texts() for m in LABELS.finditer(text)]
    assert found == []


@pytest.mark.guideline("G1.5")
def test_it_recognises_a_judging_label_when_one_is_added():
    assert LABELS.search("Dit is een multiprobleemgezin dat niet meewerkend is.")
    assert LABELS.search("Moeder lijkt ongemotiveerd.")
    assert not LABELS.search("Moeder wil graag dat het thuis rustiger wordt.")
