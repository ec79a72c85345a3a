"""Pure rules of the family plan (DOMAIN §3.6): its sections, the text of a section, the difference between two
versions and the three-way comparison that keeps two editors from overwriting each other. No database here.

A plan's content is a dict with one entry per section (``SECTIONS``). Text sections hold ``{"text", "voice"}``
(whose words: ``family`` or ``professional``); the goals and the help are lists taken from their own records when a
version is saved; the safety plan and the evaluation agreements hold a few named texts.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

GOALS = "goals"
OWN = "own"
NETWORK = "network"
HELP = "help"
SAFETY = "safety"
EVALUATION = "evaluation"
AFTERCARE = "aftercare"
SECTIONS = (GOALS, OWN, NETWORK, HELP, SAFETY, EVALUATION, AFTERCARE)
# Sections written in the plan itself (the others are copied from the goals and the help in progress).
EDITABLE = (OWN, NETWORK, SAFETY, EVALUATION, AFTERCARE)

FAMILY = "family"
PROFESSIONAL = "professional"
VOICES = (FAMILY, PROFESSIONAL)

YES, PARTLY, NO = "yes", "partly", "no"
AGREEMENTS = (YES, PARTLY, NO)

SAFETY_FIELDS = ("when_unsafe", "signals", "day_contacts", "night_contacts")
EVALUATION_FIELDS = ("next_on", "how", "with_whom")
TEXT_MAX = 5000

# Labels of the named texts, in English; ``actions.FIELD_LABELS`` has them translated for pages and the PDF.
FIELD_LABELS = {
    "when_unsafe": "What we do when someone feels unsafe",
    "signals": "Signals to watch for",
    "day_contacts": "Whom to call during the day",
    "night_contacts": "Whom to call at night and at the weekend",
    "next_on": "Next evaluation",
    "how": "How we evaluate",
    "with_whom": "With whom",
}


def empty_content() -> dict:
    return {
        GOALS: [],
        OWN: {"text": "", "voice": FAMILY},
        NETWORK: {"text": "", "voice": FAMILY},
        HELP: [],
        SAFETY: {"needed": False, "voice": FAMILY, **dict.fromkeys(SAFETY_FIELDS, "")},
        EVALUATION: dict.fromkeys(EVALUATION_FIELDS, ""),
        AFTERCARE: {"text": "", "voice": PROFESSIONAL},
    }


def normalise(content: dict) -> dict:
    """The content with every section present and only the known keys, texts stripped; unknown keys dropped."""
    base = empty_content()
    content = content if isinstance(content, dict) else {}
    out: dict = {}
    for key in SECTIONS:
        value = content.get(key, base[key])
        if isinstance(base[key], list):
            out[key] = [dict(item) for item in value if isinstance(item, dict)] if isinstance(value, list) else []
            continue
        value = value if isinstance(value, dict) else {}
        section = {}
        for name, default in base[key].items():
            item = value.get(name, default)
            if isinstance(default, bool):
                section[name] = item is True
            else:
                section[name] = item.strip() if isinstance(item, str) else default
        out[key] = section
    return out


def content_errors(content: dict) -> dict[str, str]:
    """Field → error code for content that cannot be saved; {} when it is fine. ``content`` is normalised."""
    errors: dict[str, str] = {}
    for key in (OWN, NETWORK, AFTERCARE):
        if content[key]["voice"] not in VOICES:
            errors[f"{key}.voice"] = "voice"
        if len(content[key]["text"]) > TEXT_MAX:
            errors[f"{key}.text"] = "too_long"
    safety = content[SAFETY]
    if safety["voice"] not in VOICES:
        errors["safety.voice"] = "voice"
    for name in SAFETY_FIELDS:
        if len(safety[name]) > TEXT_MAX:
            errors[f"safety.{name}"] = "too_long"
    if safety["needed"]:
        if not safety["when_unsafe"]:
            errors["safety.when_unsafe"] = "safety_what"
        if not (safety["day_contacts"] and safety["night_contacts"]):
            errors["safety.night_contacts" if safety["day_contacts"] else "safety.day_contacts"] = "safety_whom"
    evaluation = content[EVALUATION]
    if evaluation["next_on"] and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", evaluation["next_on"]):
        errors["evaluation.next_on"] = "date"
    for name in ("how", "with_whom"):
        if len(evaluation[name]) > TEXT_MAX:
            errors[f"evaluation.{name}"] = "too_long"
    return errors


def section_lines(content: dict, key: str, labels: dict | None = None) -> list[str]:
    """A section as lines of plain text, the way the comparison and the merge page show it."""
    value = normalise(content)[key]
    labels = labels or FIELD_LABELS
    if key == GOALS:
        return [
            f"{g.get('priority', '')}. {g.get('words', '')} ({g.get('whose', '')}, {g.get('term', '')})" for g in value
        ]
    if key == HELP:
        lines = []
        for h in value:
            who = ", ".join(x for x in (h.get("provider", ""), h.get("contact_person", "")) if x)
            when = " \N{EN DASH} ".join(x for x in (h.get("starts_on") or "", h.get("ends_on") or "") if x)
            lines.append(" · ".join(x for x in (h.get("description", ""), who, when, h.get("status", "")) if x))
        return lines
    if key == SAFETY:
        if not value["needed"]:
            return []
        return [f"{labels[n]}: {line}" for n in SAFETY_FIELDS for line in _lines(value[n])]
    if key == EVALUATION:
        return [f"{labels[n]}: {line}" for n in EVALUATION_FIELDS for line in _lines(value[n])]
    return _lines(value["text"])


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines() if line.strip()]


# ── The difference between two versions ────────────────────────────────────────────────────────────────────

SAME, ADDED, REMOVED = "same", "added", "removed"


@dataclass(frozen=True)
class Piece:
    kind: str  # SAME, ADDED or REMOVED
    text: str


@dataclass
class Line:
    kind: str  # SAME, ADDED, REMOVED, or "changed" (a line with added and removed words)
    pieces: list[Piece] = field(default_factory=list)


def diff_lines(old: list[str], new: list[str]) -> list[Line]:
    """The difference between two lists of lines: whole lines added or removed, and for a line that changed a
    little, the words added and removed within it."""
    out: list[Line] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out += [Line(SAME, [Piece(SAME, line)]) for line in old[i1:i2]]
        elif op == "replace" and i2 - i1 == j2 - j1:
            out += [_word_diff(a, b) for a, b in zip(old[i1:i2], new[j1:j2], strict=True)]
        else:
            out += [Line(REMOVED, [Piece(REMOVED, line)]) for line in old[i1:i2]]
            out += [Line(ADDED, [Piece(ADDED, line)]) for line in new[j1:j2]]
    return out


def _word_diff(old: str, new: str) -> Line:
    a, b = old.split(" "), new.split(" ")
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    if matcher.ratio() < 0.5:  # mostly different: show the old line removed and the new one added
        return Line("changed", [Piece(REMOVED, old), Piece(ADDED, new)])
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece(SAME, " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece(REMOVED, " ".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(Piece(ADDED, " ".join(b[j1:j2])))
    return Line("changed", pieces)


def diff(old: dict, new: dict, labels: dict | None = None) -> dict[str, list[Line]]:
    """Per section, the difference between two contents (every section, an empty list when it has no lines)."""
    return {key: diff_lines(section_lines(old, key, labels), section_lines(new, key, labels)) for key in SECTIONS}


def changed_sections(old: dict, new: dict) -> list[str]:
    old, new = normalise(old), normalise(new)
    return [key for key in SECTIONS if old[key] != new[key]]


# ── Two editors at once: the three-way comparison ─────────────────────────────────────────────────────────

UNCHANGED = "unchanged"  # neither changed it (or both the same way)
THEIRS = "theirs"  # only the other editor changed it: their text is kept
MINE = "mine"  # only you changed it: your text is kept
CONFLICT = "conflict"  # both changed it differently: you choose


def three_way(base: dict, theirs: dict, mine: dict) -> dict[str, str]:
    """Per section: what happened since ``base`` (the version the editor started from) in ``theirs`` (the version
    saved meanwhile) and ``mine`` (what the editor wants to save). The sections copied from other records (goals,
    help) are never the editor's: theirs is kept."""
    base, theirs, mine = normalise(base), normalise(theirs), normalise(mine)
    out = {}
    for key in SECTIONS:
        if key not in EDITABLE:  # copied from the goals and the help when saved: never the editor's own change
            out[key] = UNCHANGED if theirs[key] == mine[key] else THEIRS
        elif theirs[key] == mine[key]:
            out[key] = UNCHANGED
        elif mine[key] == base[key]:
            out[key] = THEIRS
        elif theirs[key] == base[key]:
            out[key] = MINE
        else:
            out[key] = CONFLICT
    return out


def merge(theirs: dict, mine: dict, outcome: dict[str, str], choices: dict[str, str]) -> dict:
    """The merged content: per section the side the comparison kept, or for a conflict the side chosen
    (``choices[key]`` is THEIRS or MINE). A conflict without a choice raises KeyError: the caller asks first."""
    theirs, mine = normalise(theirs), normalise(mine)
    merged = {}
    for key in SECTIONS:
        side = outcome[key]
        if side == CONFLICT:
            side = choices[key]
        merged[key] = mine[key] if side == MINE else theirs[key]
    return merged


def agreed_by_family(participants: list[int], answers: dict[int, str]) -> bool:
    """ "Agreed by the family": every participating parent and youth said yes to this version."""
    return bool(participants) and all(answers.get(p) == YES for p in participants)
