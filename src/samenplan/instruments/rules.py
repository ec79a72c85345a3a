"""Instrument definitions, checked and scored: pure functions, no database.

- :func:`parse` reads a definition file (YAML or JSON) into a dict, or problems.
- :func:`validate` checks a definition against the published JSON Schema (``schema/instrument.schema.json``) and
  the rules a schema cannot express, and returns **every** problem, each with its path in the file
  (``items[3].scale: unknown scale "likert7"``).
- :func:`check_answers` checks a set of answers against a definition (unknown items, values outside the scale).
- :func:`score` computes per subscale the sum or mean (reverse-scored items, the missing-item rule with
  proration) and its norm band for an age and sex.
- :func:`suitability_warnings` says when an instrument does not suit a family's special circumstances (G4.1).

Scores are computed with exact fractions and rounded half up to the subscale's ``precision``, so a score on a
band's boundary falls in the band the definition says, on every machine.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SCHEMA_PATH = Path(__file__).parent / "schema" / "instrument.schema.json"
MAX_FILE_CHARS = 500_000  # far more than any questionnaire; bounds parsing

INFORMANTS = ("parent", "youth", "teacher", "professional")
SEXES = ("female", "male")  # what a norm group may be for, besides "any"
CHOICE, TEXT = "choice", "text"
TEXT_ANSWER_MAX = 5000

# The family's special circumstances (G4.1, DOMAIN §3.3): shared with the investigation plan (analysis app).
CIRCUMSTANCES: dict[str, Any] = {
    "migration_background": gettext_lazy("migration background"),
    "other_home_language": gettext_lazy("another language spoken at home"),
    "limited_dutch": gettext_lazy("speaks little Dutch"),
    "low_literacy": gettext_lazy("low literacy"),
    "intellectual_disability": gettext_lazy("intellectual disability"),
    "other_disability": gettext_lazy("other disability"),
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a definition or a set of answers, with where it is (``items[3].scale``)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


# ---------------------------------------------------------------------------------------------------------------
# Reading a file


class _NoAliasLoader(yaml.SafeLoader):
    """YAML without anchors and aliases: a definition has no use for them, and they can blow up a small file."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases are not allowed", event.start_mark)
        return super().compose_node(parent, index)


def parse(text: str) -> tuple[dict | None, list[Problem]]:
    """The definition in ``text`` (YAML, or JSON, which is YAML too), or the problems reading it."""
    if len(text) > MAX_FILE_CHARS:
        return None, [Problem("", _("The file is too large (at most %(max)d characters).") % {"max": MAX_FILE_CHARS})]
    try:
        data = yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 (a SafeLoader without aliases)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = ""
        if mark is not None:
            where = _("line %(line)d, column %(column)d") % {"line": mark.line + 1, "column": mark.column + 1}
        problem = getattr(error, "problem", None) or str(error)
        return None, [Problem(where, _("The file cannot be read as YAML or JSON: %(problem)s") % {"problem": problem})]
    if not isinstance(data, dict):
        message = _("The file must describe one instrument: a set of fields such as code, name, items.")
        return None, [Problem("", message)]
    try:
        json.dumps(data, allow_nan=False)  # infinities, dates and other YAML types that JSON cannot hold
    except (TypeError, ValueError):
        return data, [Problem("", _("The file holds values that are not text, numbers, yes/no or lists (a date?)."))]
    return data, []


# ---------------------------------------------------------------------------------------------------------------
# Checking a definition


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _validator():
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema())


def path_text(parts: Iterable) -> str:
    """``["items", 3, "scale"]`` → ``items[3].scale``."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


_TYPE_NAMES = {
    "string": gettext_lazy("text"),
    "integer": gettext_lazy("a whole number"),
    "number": gettext_lazy("a number"),
    "array": gettext_lazy("a list"),
    "object": gettext_lazy("a group of fields"),
    "boolean": gettext_lazy("yes or no (true/false)"),
}

_PATTERN_MESSAGES = {
    "^[a-z][a-z0-9_]{0,39}$": gettext_lazy(
        "use at most 40 lowercase letters, digits and underscores, starting with a letter"
    ),
    "^[a-z0-9][a-z0-9-]{0,48}[a-z0-9]$": gettext_lazy(
        "use 2 to 50 lowercase letters, digits and hyphens, not starting or ending with a hyphen"
    ),
    "^[a-z]{2,3}$": gettext_lazy("use a language code of two or three lowercase letters, such as nl, en, ar"),
}


def _shown(value) -> str:
    return json.dumps(value, ensure_ascii=False)[:80]


def _schema_problems(data) -> list[Problem]:
    problems = []
    for error in _validator().iter_errors(data):
        path = list(error.absolute_path)
        kind, expected = error.validator, error.validator_value
        if kind == "required":
            for name in expected:
                if isinstance(error.instance, dict) and name not in error.instance:
                    problems.append(Problem(path_text([*path, name]), _("this field is missing")))
            continue
        if kind == "additionalProperties":
            known = set(error.schema.get("properties", {}))
            for name in error.instance:
                if name not in known:
                    problems.append(Problem(path_text([*path, name]), _("unknown field")))
            continue
        if kind == "not" and path and isinstance(error.instance, dict):  # a text item with a scale
            problems.append(Problem(path_text([*path, "scale"]), _("an open (text) item has no scale")))
            continue
        if kind == "type":
            types = expected if isinstance(expected, list) else [expected]
            message = _("must be %(type)s") % {"type": _(" or ").join(str(_TYPE_NAMES.get(t, t)) for t in types)}
        elif kind in ("enum", "const"):
            options = expected if kind == "enum" else [expected]
            message = _("%(value)s is not allowed; choose from: %(options)s") % {
                "value": _shown(error.instance),
                "options": ", ".join(str(o) for o in options),
            }
        elif kind == "pattern":
            message = _("%(value)s: %(rule)s") % {
                "value": _shown(error.instance),
                "rule": _PATTERN_MESSAGES.get(expected, _("does not have the right form")),
            }
        elif kind == "minLength":
            message = _("may not be empty") if expected == 1 else _("at least %(n)d characters") % {"n": expected}
        elif kind == "maxLength":
            message = _("at most %(n)d characters") % {"n": expected}
        elif kind == "minimum":
            message = _("must be at least %(n)s") % {"n": expected}
        elif kind == "maximum":
            message = _("must be at most %(n)s") % {"n": expected}
        elif kind == "minItems":
            message = _("needs at least %(n)d entries") % {"n": expected}
        elif kind == "maxItems":
            message = _("may have at most %(n)d entries") % {"n": expected}
        elif kind == "uniqueItems":
            message = _("contains the same entry twice")
        else:  # a keyword this schema does not use yet; jsonschema's own (English) words
            message = error.message
        problems.append(Problem(path_text(path), message))
    return problems


def _dicts(value) -> list[tuple[int, dict]]:
    """The (index, entry) pairs of a list that are dicts; anything else is the schema's to report."""
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)] if isinstance(value, list) else []


def _ids(entries) -> dict[str, tuple[int, dict]]:
    found = {}
    for i, entry in entries:
        if isinstance(entry.get("id"), str):
            found.setdefault(entry["id"], (i, entry))
    return found


def _duplicates(section: str, entries, what) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for i, entry in entries:
        ident = entry.get("id")
        if not isinstance(ident, str):
            continue
        if ident in seen:
            problems.append(
                Problem(
                    f"{section}[{i}].id",
                    _('duplicate %(what)s id "%(id)s" (also %(section)s[%(first)d])')
                    % {"what": what, "id": ident, "section": section, "first": seen[ident]},
                )
            )
        else:
            seen[ident] = i
    return problems


def _mapping(value) -> Mapping:
    return value if isinstance(value, Mapping) else {}


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def scale_values(scale: Mapping) -> list[int]:
    return [o["value"] for o in scale.get("options", []) if isinstance(o, dict) and _is_int(o.get("value"))]


def precision_of(subscale: Mapping) -> int:
    precision = subscale.get("precision")
    if _is_int(precision) and 0 <= precision <= 3:
        return precision
    return 2 if subscale.get("method") == "mean" else 0


def subscale_range(definition: Mapping, subscale: Mapping) -> tuple[Fraction, Fraction] | None:
    """The lowest and highest score a subscale can have, or None when its items or scales are not valid."""
    scales = {s["id"]: s for _i, s in _dicts(definition.get("scales")) if isinstance(s.get("id"), str)}
    items = {i["id"]: i for _n, i in _dicts(definition.get("items")) if isinstance(i.get("id"), str)}
    lows, highs = [], []
    for item_id in _list(subscale.get("items")):
        item = items.get(item_id) if isinstance(item_id, str) else None
        scale = scales.get(item.get("scale")) if item and isinstance(item.get("scale"), str) else None
        values = scale_values(scale) if scale else []
        if not values:
            return None
        lows.append(min(values))
        highs.append(max(values))
    if not lows:
        return None
    if subscale.get("method") == "mean":
        return Fraction(sum(lows), len(lows)), Fraction(sum(highs), len(highs))
    return Fraction(sum(lows)), Fraction(sum(highs))


def _number(value: Fraction | float | int) -> str:
    return format(Decimal(str(float(value))).normalize(), "f") if not isinstance(value, int) else str(value)


def _semantic_problems(data: dict) -> list[Problem]:
    problems: list[Problem] = []
    scales = _dicts(data.get("scales"))
    items = _dicts(data.get("items"))
    subscales = _dicts(data.get("subscales"))
    problems += _duplicates("scales", scales, _("scale"))
    problems += _duplicates("items", items, _("item"))
    problems += _duplicates("subscales", subscales, _("subscale"))
    scale_ids, item_ids, subscale_ids = _ids(scales), _ids(items), _ids(subscales)

    ages = data.get("age_range")
    age_min = age_max = None
    if isinstance(ages, dict) and _is_int(ages.get("min")) and _is_int(ages.get("max")):
        age_min, age_max = ages["min"], ages["max"]
        if age_min > age_max:
            problems.append(Problem("age_range", _("the lowest age (%(min)d) is above the highest (%(max)d)") % ages))

    for i, scale in scales:
        seen: dict[int, int] = {}
        for j, option in _dicts(scale.get("options")):
            value = option.get("value")
            if _is_int(value):
                if value in seen:
                    problems.append(
                        Problem(
                            f"scales[{i}].options[{j}].value",
                            _("the value %(value)d occurs twice in this scale") % {"value": value},
                        )
                    )
                seen.setdefault(value, j)

    for i, item in items:
        scale = item.get("scale")
        if item.get("kind", CHOICE) == CHOICE and isinstance(scale, str) and scale not in scale_ids:
            problems.append(Problem(f"items[{i}].scale", _('unknown scale "%(scale)s"') % {"scale": scale}))

    for i, subscale in subscales:
        members = subscale.get("items")
        members = members if isinstance(members, list) else []
        for j, item_id in enumerate(members):
            if not isinstance(item_id, str):
                continue
            if item_id not in item_ids:
                problems.append(Problem(f"subscales[{i}].items[{j}]", _('unknown item "%(id)s"') % {"id": item_id}))
            elif item_ids[item_id][1].get("kind") == TEXT:
                problems.append(
                    Problem(
                        f"subscales[{i}].items[{j}]",
                        _('item "%(id)s" is an open (text) item and cannot be scored') % {"id": item_id},
                    )
                )
        reverse = subscale.get("reverse")
        for j, item_id in enumerate(reverse if isinstance(reverse, list) else []):
            if isinstance(item_id, str) and item_id not in members:
                problems.append(
                    Problem(
                        f"subscales[{i}].reverse[{j}]",
                        _('item "%(id)s" is reversed but is not an item of this subscale') % {"id": item_id},
                    )
                )
        max_missing = subscale.get("max_missing")
        if _is_int(max_missing) and members and max_missing >= len(members):
            problems.append(
                Problem(
                    f"subscales[{i}].max_missing",
                    _("%(n)d missing items allowed, but the subscale has only %(count)d: at least one must be answered")
                    % {"n": max_missing, "count": len(members)},
                )
            )

    problems += _norm_problems(data, subscale_ids, age_min, age_max)
    return problems


def _norm_problems(data: dict, subscale_ids: dict, age_min, age_max) -> list[Problem]:
    problems: list[Problem] = []
    groups: list[tuple[int, dict]] = []
    for i, norm in _dicts(data.get("norms")):
        at = f"norms[{i}]"
        name = norm.get("subscale")
        subscale = subscale_ids.get(name, (None, None))[1] if isinstance(name, str) else None
        if isinstance(name, str) and subscale is None:
            problems.append(Problem(f"{at}.subscale", _('unknown subscale "%(id)s"') % {"id": name}))
        low, high = norm.get("age_min"), norm.get("age_max")
        if _is_int(low) and _is_int(high):
            if low > high:
                problems.append(
                    Problem(
                        f"{at}.age_min",
                        _("the lowest age (%(min)d) is above the highest (%(max)d)") % {"min": low, "max": high},
                    )
                )
                continue
            if age_min is not None and age_min <= age_max and (low < age_min or high > age_max):
                problems.append(
                    Problem(
                        f"{at}.age_min",
                        _("ages %(min)d to %(max)d lie outside the instrument's age range %(from)d to %(to)d")
                        % {"min": low, "max": high, "from": age_min, "to": age_max},
                    )
                )
            if isinstance(name, str) and norm.get("sex") in (*SEXES, "any"):
                problems += _overlapping_group(at, norm, groups)
                groups.append((i, norm))
        if subscale is not None:
            problems += _band_problems(data, subscale, norm.get("bands"), f"{at}.bands")
    return problems


def _overlapping_group(at: str, norm: dict, groups: list[tuple[int, dict]]) -> list[Problem]:
    """A norm group whose subscale, sex and ages overlap an earlier one: which band would apply is ambiguous."""
    for j, other in groups:
        same_sex = "any" in (norm["sex"], other["sex"]) or norm["sex"] == other["sex"]
        ages_meet = norm["age_min"] <= other["age_max"] and other["age_min"] <= norm["age_max"]
        if other["subscale"] == norm["subscale"] and same_sex and ages_meet:
            message = _("this norm group overlaps norms[%(other)d]: same subscale, sex and ages") % {"other": j}
            return [Problem(f"{at}.age_min", message)]
    return []


def _band_problems(data: dict, subscale: dict, bands, at: str) -> list[Problem]:
    problems: list[Problem] = []
    entries = [(k, band) for k, band in _dicts(bands) if _is_number(band.get("min")) and _is_number(band.get("max"))]
    precision = precision_of(subscale)
    step = Fraction(1, 10**precision)
    previous = None
    for k, band in entries:
        low, high = Fraction(str(band["min"])), Fraction(str(band["max"]))
        for key, value in (("min", low), ("max", high)):
            if value / step != int(value / step):
                problems.append(
                    Problem(
                        f"{at}[{k}].{key}",
                        _("%(value)s has more decimals than the subscale's score (%(precision)d)")
                        % {"value": _number(value), "precision": precision},
                    )
                )
        if low > high:
            problems.append(
                Problem(
                    f"{at}[{k}]",
                    _("min %(min)s is above max %(max)s") % {"min": _number(low), "max": _number(high)},
                )
            )
        if previous is not None:
            k0, high0 = previous
            if low <= high0:
                problems.append(
                    Problem(
                        f"{at}[{k}].min",
                        _("overlaps the band before it (%(path)s ends at %(max)s)")
                        % {"path": f"{at}[{k0}]", "max": _number(high0)},
                    )
                )
            elif low > high0 + step:
                problems.append(
                    Problem(
                        f"{at}[{k}].min",
                        _("gap: no band for scores from %(from)s to %(to)s")
                        % {"from": _number(high0 + step), "to": _number(low - step)},
                    )
                )
        previous = (k, max(high, previous[1]) if previous else high)
    scores = subscale_range(data, subscale)
    reversed_band = any(Fraction(str(b["min"])) > Fraction(str(b["max"])) for _k, b in entries)
    if entries and scores is not None and not reversed_band:  # a reversed band is the problem, not the ends
        lowest = _rounded(scores[0], precision)
        highest = _rounded(scores[1], precision)
        first, last = Fraction(str(entries[0][1]["min"])), Fraction(str(entries[-1][1]["max"]))
        if first > lowest:
            problems.append(
                Problem(
                    f"{at}[{entries[0][0]}].min",
                    _("gap: the lowest possible score is %(score)s, but the first band starts at %(min)s")
                    % {"score": _number(lowest), "min": _number(first)},
                )
            )
        if last < highest:
            problems.append(
                Problem(
                    f"{at}[{entries[-1][0]}].max",
                    _("gap: the highest possible score is %(score)s, but the last band ends at %(max)s")
                    % {"score": _number(highest), "max": _number(last)},
                )
            )
    return problems


def validate(definition) -> list[Problem]:
    """Every problem of a definition, each with its path, in the order of the file (schema first, then meaning)."""
    problems = _schema_problems(definition)
    if isinstance(definition, dict):
        problems += _semantic_problems(definition)
    return list(dict.fromkeys(problems))


def load(text: str) -> tuple[dict | None, list[Problem]]:
    """Parse and validate: the definition when there are no problems, else None and every problem."""
    data, problems = parse(text)
    if data is None or problems:
        return None, problems
    problems = validate(data)
    return (None, problems) if problems else (data, [])


# ---------------------------------------------------------------------------------------------------------------
# Answers


def items_by_id(definition: Mapping) -> dict[str, dict]:
    return {i["id"]: i for _n, i in _dicts(definition.get("items")) if isinstance(i.get("id"), str)}


def scales_by_id(definition: Mapping) -> dict[str, dict]:
    return {s["id"]: s for _n, s in _dicts(definition.get("scales")) if isinstance(s.get("id"), str)}


def check_answers(definition: Mapping, answers) -> list[Problem]:
    """What is wrong with a set of answers: unknown items, values outside an item's scale, too long texts.

    ``answers`` maps item id → the chosen option's value (a whole number) or, for an open item, text. A missing
    item or ``None`` is an unanswered item (the missing-item rule decides whether the subscale is scored).
    """
    if not isinstance(answers, Mapping):
        return [Problem("answers", _("the answers must be a group of item ids with their answers"))]
    items, scales = items_by_id(definition), scales_by_id(definition)
    problems = []
    for key, value in answers.items():
        at = f"answers.{key}"
        item = items.get(key) if isinstance(key, str) else None
        if item is None:
            problems.append(Problem(at, _('unknown item "%(id)s"') % {"id": str(key)[:50]}))
            continue
        if value is None or value == "":
            continue
        if item.get("kind") == TEXT:
            if not isinstance(value, str):
                problems.append(Problem(at, _("the answer to an open question must be text")))
            elif len(value) > TEXT_ANSWER_MAX:
                problems.append(Problem(at, _("at most %(n)d characters") % {"n": TEXT_ANSWER_MAX}))
            continue
        values = scale_values(scales.get(item.get("scale"), {}))
        if not _is_int(value) or value not in values:
            problems.append(
                Problem(
                    at,
                    _("%(value)s is not an answer on this item's scale; choose from: %(options)s")
                    % {"value": _shown(value), "options": ", ".join(str(v) for v in values)},
                )
            )
    return problems


def clean_answers(definition: Mapping, answers: Mapping) -> dict:
    """The answers in the definition's item order, unanswered items left out (after :func:`check_answers`)."""
    items = items_by_id(definition)
    return {k: answers[k] for k in items if answers.get(k) not in (None, "")}


# ---------------------------------------------------------------------------------------------------------------
# Scoring


@dataclass(frozen=True)
class Band:
    level: str
    label: str
    min: float
    max: float


@dataclass(frozen=True)
class SubscaleResult:
    id: str
    name: str
    method: str
    items: int
    answered: int
    score: float | None = None  # None: not scored (too many items missing)
    prorated: bool = False
    band: Band | None = None
    norm_group: str = ""
    note: str = ""  # why there is no score or no band

    def as_json(self) -> dict:
        data = {
            "name": self.name,
            "method": self.method,
            "items": self.items,
            "answered": self.answered,
            "score": self.score,
            "prorated": self.prorated,
            "band": None,
            "norm_group": self.norm_group,
            "note": self.note,
        }
        if self.band is not None:
            band = self.band
            data["band"] = {"level": band.level, "label": band.label, "min": band.min, "max": band.max}
        return data


@dataclass
class Result:
    subscales: dict[str, SubscaleResult] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {key: value.as_json() for key, value in self.subscales.items()}


def _rounded(value: Fraction, precision: int) -> Fraction:
    quantum = Decimal(1).scaleb(-precision)
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    # Decimal division keeps 28 digits; rounding half up to at most 3 decimals is decided well before those.
    return Fraction(exact.quantize(quantum, rounding=ROUND_HALF_UP))


def norm_group(definition: Mapping, subscale_id: str, age: int | None, sex: str | None) -> dict | None:
    if age is None:
        return None
    for _i, norm in _dicts(definition.get("norms")):
        if norm.get("subscale") != subscale_id:
            continue
        if not (_is_int(norm.get("age_min")) and _is_int(norm.get("age_max"))):
            continue
        if not norm["age_min"] <= age <= norm["age_max"]:
            continue
        if norm.get("sex") == "any" or (sex in SEXES and norm.get("sex") == sex):
            return norm
    return None


def _band(norm: Mapping, score: Fraction) -> Band | None:
    for _k, band in _dicts(norm.get("bands")):
        low, high = band.get("min"), band.get("max")
        if _is_number(low) and _is_number(high) and Fraction(str(low)) <= score <= Fraction(str(high)):
            return Band(str(band.get("level", "")), str(band.get("label", "")), low, high)
    return None


def _group_label(norm: Mapping) -> str:
    sex = {"female": _("girls"), "male": _("boys"), "any": _("girls and boys")}.get(norm.get("sex"), "")
    return _("%(sex)s, %(min)s to %(max)s years") % {"sex": sex, "min": norm.get("age_min"), "max": norm.get("age_max")}


def score(definition: Mapping, answers, age: int | None, sex: str | None) -> Result:
    """Score every subscale of a (valid) definition for a set of answers, with its band for the age and sex.

    Per subscale: each answered item's value, reversed where the subscale says so (lowest + highest value of the
    item's scale - the answer); scored only when at most ``max_missing`` (default 0) items are unanswered; a sum
    is then prorated (sum * items / answered), a mean is the mean of the answered items. Answers that are not a
    value of the item's scale count as unanswered here (:func:`check_answers` refuses them before storing).
    """
    answers = answers if isinstance(answers, Mapping) else {}
    items, scales = items_by_id(definition), scales_by_id(definition)
    result = Result()
    if age is not None:
        ages = _mapping(definition.get("age_range"))
        if _is_int(ages.get("min")) and _is_int(ages.get("max")) and not ages["min"] <= age <= ages["max"]:
            result.warnings.append(age_warning(definition, age))
    for _i, subscale in _dicts(definition.get("subscales")):
        ident = subscale.get("id")
        if not isinstance(ident, str):
            continue
        members = [m for m in _list(subscale.get("items")) if isinstance(m, str) and m in items]
        reverse = {r for r in _list(subscale.get("reverse")) if isinstance(r, str)}
        method = "mean" if subscale.get("method") == "mean" else "sum"
        values = []
        for item_id in members:
            value = answers.get(item_id)
            options = scale_values(scales.get(items[item_id].get("scale"), {}))
            if not _is_int(value) or value not in options:
                continue
            values.append(min(options) + max(options) - value if item_id in reverse else value)
        base = {"id": ident, "name": str(subscale.get("name", ident)), "method": method, "items": len(members)}
        allowed = subscale.get("max_missing") if _is_int(subscale.get("max_missing")) else 0
        missing = len(members) - len(values)
        if not values or missing > allowed:
            note = _("Not scored: %(missing)d of %(count)d items unanswered, at most %(allowed)d allowed.") % {
                "missing": missing,
                "count": len(members),
                "allowed": allowed,
            }
            result.subscales[ident] = SubscaleResult(**base, answered=len(values), note=note)
            continue
        total = Fraction(sum(values))
        exact = total / len(values) if method == "mean" else total * len(members) / len(values)
        value = _rounded(exact, precision_of(subscale))
        norm = norm_group(definition, ident, age, sex)
        band = _band(norm, value) if norm is not None else None
        if norm is None:
            note = _("No band: the age is not known.") if age is None else _("No band: no norms for this age and sex.")
        elif band is None:
            note = _("No band: the score falls outside the norm bands.")
        else:
            note = ""
        result.subscales[ident] = SubscaleResult(
            **base,
            answered=len(values),
            score=float(value) if value.denominator != 1 else int(value),
            prorated=method == "sum" and missing > 0,
            band=band,
            norm_group=_group_label(norm) if norm is not None else "",
            note=note,
        )
    return result


# ---------------------------------------------------------------------------------------------------------------
# Suitability


def age_warning(definition: Mapping, age: int | None) -> str | None:
    """A warning when the person it is about is outside the instrument's age range (never a refusal)."""
    ages = _mapping(definition.get("age_range"))
    low, high = ages.get("min"), ages.get("max")
    if age is None or not (_is_int(low) and _is_int(high)) or low <= age <= high:
        return None
    return _(
        "%(name)s is meant for ages %(min)d to %(max)d; this person is %(age)d. The scores and bands may not apply."
    ) % {"name": definition.get("name", ""), "min": low, "max": high, "age": age}


def _language_name(code: str) -> str:
    from django.utils.translation import get_language_info

    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def suitability_warnings(definition: Mapping, circumstances: Iterable[str], home_language: str | None) -> list[str]:
    """Why this instrument may not suit the family (G4.1): unsuitable for or no norms for their circumstances,
    not available in the language spoken at home. Empty when nothing is known against it.

    ``circumstances`` are codes of :data:`CIRCUMSTANCES`; unknown codes are ignored.
    """
    circumstances = {c for c in circumstances or () if c in CIRCUMSTANCES}
    suitability = _mapping(definition.get("suitability"))
    name = definition.get("name", "")
    warnings = []
    for code in CIRCUMSTANCES:  # in the fixed order, so the page reads the same each time
        if code in circumstances and code in _list(suitability.get("unsuitable_for")):
            warnings.append(
                _("%(name)s is not suitable for this family: %(circumstance)s.")
                % {"name": name, "circumstance": CIRCUMSTANCES[code]}
            )
    for code in CIRCUMSTANCES:
        if code in circumstances and code in _list(suitability.get("no_norms_for")):
            warnings.append(
                _("%(name)s has no norms for this family's situation: %(circumstance)s. Read the bands with care.")
                % {"name": name, "circumstance": CIRCUMSTANCES[code]}
            )
    languages = [lang for lang in _list(definition.get("languages")) if isinstance(lang, str)]
    language = (home_language or "").strip().lower()
    if language and languages and language not in languages:
        warnings.append(
            _("%(name)s is not available in the language spoken at home (%(language)s); it is in: %(languages)s.")
            % {
                "name": name,
                "language": _language_name(language),
                "languages": ", ".join(_language_name(lang) for lang in languages),
            }
        )
    notes = suitability.get("notes") if isinstance(suitability.get("notes"), str) else ""
    notes = notes.strip()
    if warnings and notes:
        warnings.append(_("Notes of the instrument: %(notes)s") % {"notes": notes})
    return warnings


# ---------------------------------------------------------------------------------------------------------------
# Assigning a questionnaire to a family member (they fill it in themselves, in the portal)

NOT_FOR_INFORMANT = "not_for_informant"
OUTSIDE_AGE_RANGE = "outside_age_range"
AGE_UNKNOWN = "age_unknown"


def family_informant(*, is_child: bool) -> str:
    """The informant a family member is when they fill in a questionnaire themselves: youth or parent."""
    return "youth" if is_child else "parent"


def assignment_refusal(
    definition: Mapping, *, informant: str, about_age: int | None, about_someone: bool
) -> str | None:
    """Why this questionnaire may not be assigned to a family member who fills it in as ``informant``, or None.

    Only a definition whose ``informants`` include that informant may be assigned. Its age range is about the
    person the questionnaire is about (``about_age``; a youth answering about themselves is that person): outside
    it, or unknown while the range is narrower than every age, it may not be assigned. A questionnaire about the
    whole family (``about_someone`` false) has nobody whose age must fit.
    """
    if informant not in _list(definition.get("informants")):
        return NOT_FOR_INFORMANT
    if not about_someone:
        return None
    ages = _mapping(definition.get("age_range"))
    low, high = ages.get("min", 0), ages.get("max", 120)
    if not (_is_int(low) and _is_int(high)):
        return None
    if about_age is None:
        return None if (low, high) == (0, 120) else AGE_UNKNOWN
    return None if low <= about_age <= high else OUTSIDE_AGE_RANGE
