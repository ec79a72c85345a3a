"""A version's content as the plan page, the comparison, the merge page and the PDF show it: per section its
title, whose words it holds, and its entries as (label, lines). Only what the content holds: no internal notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _

from samenplan.plans import rules
from samenplan.plans.actions import FIELD_LABELS, section_title

VOICE_LABELS = {rules.FAMILY: "family", rules.PROFESSIONAL: "professional"}


@dataclass
class Shown:
    key: str
    title: str
    family_words: bool = False  # the section holds the family's own words
    voice: str = ""  # "in your own words" / "written by the professional", or "" for lists copied from records
    entries: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(lines for _label, lines in self.entries)


def _voice(voice: str) -> tuple[bool, str]:
    if voice == rules.FAMILY:
        return True, _("In your own words")
    return False, _("Written by the professional")


def _day(value: str) -> str:
    try:
        return formats.date_format(date.fromisoformat(value), "j F Y")
    except ValueError:
        return value


def _lines(text: str) -> list[str]:
    return [line for line in (text or "").splitlines() if line.strip()]


def labels() -> dict[str, str]:
    return {name: str(label) for name, label in FIELD_LABELS.items()}


def sections(content: dict) -> list[Shown]:
    content = rules.normalise(content)
    out = []
    for key in rules.SECTIONS:
        value = content[key]
        shown = Shown(key, str(section_title(key)))
        if key == rules.GOALS:
            shown.family_words, shown.voice = True, _("In your own words")
            shown.entries = [
                (f"{g.get('priority', '')}.", [g.get("words", ""), f"{g.get('whose', '')} · {g.get('term', '')}"])
                for g in value
            ]
        elif key == rules.HELP:
            for h in value:
                when = " \N{EN DASH} ".join(_day(x) for x in (h.get("starts_on", ""), h.get("ends_on", "")) if x)
                who = ", ".join(x for x in (h.get("provider", ""), h.get("contact_person", "")) if x)
                details = [x for x in (who, when, h.get("status", "")) if x]
                shown.entries.append((h.get("description", ""), details))
        elif key == rules.SAFETY:
            if value["needed"]:
                shown.family_words, shown.voice = _voice(value["voice"])
                shown.entries = [(str(FIELD_LABELS[n]), _lines(value[n])) for n in rules.SAFETY_FIELDS]
        elif key == rules.EVALUATION:
            next_on = [_day(value["next_on"])] if value["next_on"] else []
            shown.entries = [(str(FIELD_LABELS["next_on"]), next_on)]
            shown.entries += [(str(FIELD_LABELS[n]), _lines(value[n])) for n in ("how", "with_whom")]
        else:
            shown.family_words, shown.voice = _voice(value["voice"])
            shown.entries = [("", _lines(value["text"]))]
        out.append(shown)
    return out


def has_safety_plan(content: dict) -> bool:
    return rules.normalise(content)[rules.SAFETY]["needed"]
