"""Instrument fixtures: the shipped definitions loaded, and a definition an organisation holds a licence for."""

from __future__ import annotations

import pytest

from samenplan.instruments import actions
from samenplan.instruments.models import Definition


@pytest.fixture
def shipped(db) -> dict[str, Definition]:
    actions.ensure_shipped()
    return {d.code: d for d in Definition.objects.filter(organisation__isnull=True)}


@pytest.fixture
def demo(shipped) -> Definition:
    return shipped["demo-gezinsvragenlijst"]


def licensed_text(version: int = 1, clinical_from: int = 3, code: str = "gezinslijst") -> str:
    """A small definition as a licensed instrument's would look: one subscale, norms for everyone."""
    return f"""\
code: {code}
version: {version}
name: Gezinslijst (versie {version})
licence: Licentie van Uitgeverij Voorbeeld, alleen voor Wijkteams Rivierstad.
informants: [parent]
age_range: {{min: 4, max: 17}}
languages: [nl, en]
scales:
  - id: ja3
    options: [{{value: 0, label: nee}}, {{value: 1, label: soms}}, {{value: 2, label: ja}}]
items:
  - {{id: a, text: Vraag a, scale: ja3}}
  - {{id: b, text: Vraag b, scale: ja3}}
subscales:
  - {{id: t, name: Totaal, items: [a, b], method: sum}}
norms:
  - subscale: t
    sex: any
    age_min: 4
    age_max: 17
    bands:
      - {{level: normal, label: Normaal, min: 0, max: {clinical_from - 1}}}
      - {{level: clinical, label: Klinisch, min: {clinical_from}, max: 4}}
"""


def children(case):
    members = case.family.members.order_by("pk")
    return members.filter(role="parent").first(), members.filter(role="child").first()


def malformed_text() -> str:
    """Four problems: a duplicate item id, an age range upside down, an unknown scale, an unknown item."""
    text = licensed_text().replace("scale: ja3}\n  - {id: b", "scale: likert7}\n  - {id: a")
    return text.replace("min: 4,", "min: 40,")
