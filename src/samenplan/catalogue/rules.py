"""Pure rules of the catalogue of help: what a valid offer is, the stepped-care order, matching an offer to a
youth's age and a search text, and reading a CSV file of offers. No database here (tests/unit/test_catalogue_rules.py).

A row is checked the same way whether it comes from the web form, the API or a CSV file; the CSV accepts the codes
(``ambulatory``) and the Dutch labels (``ambulante hulp``) of the intensity and the evidence level.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from samenplan.catalogue.models import INTENSITY_ORDER, EvidenceLevel, Intensity

MIN_AGE, MAX_AGE = 0, 27  # youth care: before birth is not an age; up to 27 for extended youth care
MAX_WAITING_WEEKS = 104
MAX_NAME = 200
MAX_PROVIDER = 200
MAX_CONTACT = 300
MAX_TEXT = 5000  # description and "meant for"
MAX_IMPORT_BYTES = 256 * 1024  # posted back from the preview, percent-encoded: well under the 1 MB body limit
MAX_IMPORT_ROWS = 500

FIELDS = (
    "name",
    "description",
    "target_problems",
    "min_age",
    "max_age",
    "intensity",
    "evidence_level",
    "provider",
    "contact",
    "waiting_weeks",
)
REQUIRED_COLUMNS = ("name", "description", "intensity")

# Column names a CSV header may use, Dutch or English (compared without case, spaces, "-" and "_").
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "name": ("naam", "name"),
    "description": ("beschrijving", "omschrijving", "description"),
    "target_problems": ("bedoeld voor", "doelgroep", "problemen", "target problems", "meant for"),
    "min_age": ("leeftijd vanaf", "vanaf leeftijd", "min leeftijd", "minimumleeftijd", "min age", "from age"),
    "max_age": ("leeftijd tot", "tot leeftijd", "max leeftijd", "maximumleeftijd", "max age", "up to age"),
    "intensity": ("intensiteit", "intensity"),
    "evidence_level": ("bewijskracht", "niveau", "erkenning", "evidence level", "evidence"),
    "provider": ("aanbieder", "provider"),
    "contact": ("contact", "contactgegevens"),
    "waiting_weeks": ("wachttijd", "wachttijd in weken", "wachttijd weken", "waiting weeks", "waiting time"),
}

# Values of the intensity and the evidence level a CSV may use besides the codes (compared without case).
INTENSITY_WORDS: dict[str, str] = {
    "netwerk": Intensity.NETWORK,
    "licht": Intensity.LIGHT,
    "lichte hulp": Intensity.LIGHT,
    "light help": Intensity.LIGHT,
    "ambulant": Intensity.AMBULATORY,
    "ambulante hulp": Intensity.AMBULATORY,
    "ambulatory help": Intensity.AMBULATORY,
    "intensief": Intensity.INTENSIVE,
    "intensieve hulp": Intensity.INTENSIVE,
    "intensive help": Intensity.INTENSIVE,
    "verblijf": Intensity.RESIDENTIAL,
    "residentieel": Intensity.RESIDENTIAL,
    "residential care": Intensity.RESIDENTIAL,
}
EVIDENCE_WORDS: dict[str, str] = {
    "": EvidenceLevel.NOT_ASSESSED,
    "niet beoordeeld": EvidenceLevel.NOT_ASSESSED,
    "not assessed": EvidenceLevel.NOT_ASSESSED,
    "goed onderbouwd": EvidenceLevel.WELL_FOUNDED,
    "well-founded": EvidenceLevel.WELL_FOUNDED,
    "well founded": EvidenceLevel.WELL_FOUNDED,
    "eerste aanwijzingen": EvidenceLevel.FIRST_INDICATIONS,
    "effectief volgens eerste aanwijzingen": EvidenceLevel.FIRST_INDICATIONS,
    "effective according to first indications": EvidenceLevel.FIRST_INDICATIONS,
    "goede aanwijzingen": EvidenceLevel.GOOD_INDICATIONS,
    "effectief volgens goede aanwijzingen": EvidenceLevel.GOOD_INDICATIONS,
    "effective according to good indications": EvidenceLevel.GOOD_INDICATIONS,
    "sterke aanwijzingen": EvidenceLevel.STRONG_INDICATIONS,
    "effectief volgens sterke aanwijzingen": EvidenceLevel.STRONG_INDICATIONS,
    "effective according to strong indications": EvidenceLevel.STRONG_INDICATIONS,
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _key(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", text.strip().lower()).strip()


_COLUMN_LOOKUP = {_key(alias): name for name, aliases in COLUMN_NAMES.items() for alias in (*aliases, name)}


# ── one offer ──────────────────────────────────────────────────────────────────────────────────────────────


def intensity_of(value: str) -> str | None:
    """The intensity code for a code or a Dutch or English label; None when it is none of them."""
    key = _key(value or "")
    if key.replace(" ", "_") in Intensity.values:
        return key.replace(" ", "_")
    found = INTENSITY_WORDS.get(key)
    return None if found is None else str(found)


def evidence_of(value: str) -> str | None:
    """The evidence-level code for a code or a label (empty: not assessed); None when it is none of them."""
    key = _key(value or "")
    if key.replace(" ", "_") in EvidenceLevel.values:
        return key.replace(" ", "_")
    found = EVIDENCE_WORDS.get(key)
    return None if found is None else str(found)


def _whole_number(value) -> int | str | None:
    """An int, None for empty, or the string "bad" when it is not a whole number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return "bad"
    if isinstance(value, int):
        return value
    text = str(value).strip()
    return int(text) if re.fullmatch(r"[+-]?\d{1,6}", text) else "bad"


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def check_offer(values: dict) -> tuple[dict, dict[str, list[str]]]:
    """Check one offer (from a form, the API or a CSV row). Returns (clean values, errors per field in Dutch).

    Text fields are stripped; ages and waiting weeks become ints (or None); the intensity and evidence level
    become their codes. A field that is absent from ``values`` counts as empty.
    """
    errors: dict[str, list[str]] = {}
    clean: dict = {}

    def fail(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    for name, limit in (
        ("name", MAX_NAME),
        ("description", MAX_TEXT),
        ("target_problems", MAX_TEXT),
        ("provider", MAX_PROVIDER),
        ("contact", MAX_CONTACT),
    ):
        text = _text(values.get(name))
        if _CONTROL.search(text):
            fail(name, _("This text contains a character that cannot be stored."))
        elif len(text) > limit:
            fail(name, _("Use at most %(limit)d characters (now %(count)d).") % {"limit": limit, "count": len(text)})
        clean[name] = text
    if not clean["name"]:
        fail("name", _("Give the name of the help."))
    if not clean["description"]:
        fail("description", _("Describe the help in plain words, so a family understands what it is."))

    for name in ("min_age", "max_age"):
        number = _whole_number(values.get(name))
        if number == "bad":
            fail(name, _("Give an age as a whole number from %(min)d to %(max)d.") % {"min": MIN_AGE, "max": MAX_AGE})
            number = None
        elif number is not None and not MIN_AGE <= number <= MAX_AGE:
            fail(name, _("Give an age from %(min)d to %(max)d.") % {"min": MIN_AGE, "max": MAX_AGE})
            number = None
        clean[name] = number
    if clean["min_age"] is not None and clean["max_age"] is not None and clean["max_age"] < clean["min_age"]:
        fail("max_age", _("The age up to which the help is meant cannot be lower than the age from which it is."))

    weeks = _whole_number(values.get("waiting_weeks"))
    if weeks == "bad" or (weeks is not None and not 0 <= weeks <= MAX_WAITING_WEEKS):
        fail(
            "waiting_weeks", _("Give the waiting time in whole weeks, from 0 to %(max)d.") % {"max": MAX_WAITING_WEEKS}
        )
        weeks = None
    clean["waiting_weeks"] = weeks

    intensity = intensity_of(_text(values.get("intensity")))
    if intensity is None:
        if _text(values.get("intensity")):
            fail("intensity", _("Unknown intensity. Choose: network, light, ambulatory, intensive or residential."))
        else:
            fail("intensity", _("Choose how intensive the help is."))
    clean["intensity"] = intensity
    evidence = evidence_of(_text(values.get("evidence_level")))
    if evidence is None:
        fail(
            "evidence_level",
            _(
                "Unknown evidence level. Choose: not assessed, well-founded, or effective according to first, "
                "good or strong indications."
            ),
        )
    clean["evidence_level"] = evidence
    return clean, errors


# ── stepped care and matching ──────────────────────────────────────────────────────────────────────────────


def stepped_care_key(intensity: str, name: str) -> tuple[int, str]:
    """The order options are listed in: lightest help first, then by name (an unknown intensity last)."""
    return INTENSITY_ORDER.get(intensity, len(INTENSITY_ORDER)), (name or "").casefold()


def in_stepped_care_order(offers: Iterable) -> list:
    """Offers (anything with ``intensity`` and ``name``) lightest first."""
    return sorted(offers, key=lambda offer: stepped_care_key(offer.intensity, offer.name))


def fits_age(min_age: int | None, max_age: int | None, age: int | None) -> bool:
    """Whether the help is meant for a youth of ``age`` (no age given, or no bound, fits)."""
    if age is None:
        return True
    return (min_age is None or age >= min_age) and (max_age is None or age <= max_age)


def fits_text(text: str, *fields: str) -> bool:
    """Whether every word of the search text occurs in one of the fields (without case)."""
    words = (text or "").casefold().split()
    haystack = " ".join(f or "" for f in fields).casefold()
    return all(word in haystack for word in words)


def matches(offer, *, age: int | None = None, text: str = "") -> bool:
    """Whether an offer fits a youth's age and a search text (name, description, meant for, provider)."""
    return fits_age(offer.min_age, offer.max_age, age) and fits_text(
        text, offer.name, offer.description, offer.target_problems, offer.provider
    )


# ── CSV ────────────────────────────────────────────────────────────────────────────────────────────────────


@dataclass
class CsvRow:
    number: int  # the line in the file as a spreadsheet counts it: the header is row 1
    values: dict  # clean values (check_offer) or the raw text when there are errors
    errors: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class CsvFile:
    rows: list[CsvRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # about the file as a whole: nothing can be imported
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def broken(self) -> list[CsvRow]:
        return [row for row in self.rows if row.errors]

    @property
    def good(self) -> list[CsvRow]:
        return [row for row in self.rows if not row.errors]


def decode(data: bytes) -> tuple[str | None, str | None]:
    """The text of an uploaded file (UTF-8, with or without BOM), or a Dutch problem."""
    if len(data) > MAX_IMPORT_BYTES:
        return None, too_big_message()
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return None, _(
            "The file is not in UTF-8. Save it again as 'CSV UTF-8' (in Excel: Save as, CSV UTF-8) and try again."
        )


def too_big_message() -> str:
    return _("The file is too large: at most %(kb)d kB.") % {"kb": MAX_IMPORT_BYTES // 1024}


def sniff_separator(header_line: str) -> str:
    """ ";" or ",": whichever the header line uses more (Dutch Excel writes ";")."""
    return ";" if header_line.count(";") >= header_line.count(",") and ";" in header_line else ","


def read_csv(text: str) -> CsvFile:
    """Read and check every row of a CSV text of offers. Row numbers count the header as row 1.

    A name that occurs twice in the file is an error on its second row. File-level problems (no header, a
    required column missing, too many rows, too large) leave no rows.
    """
    result = CsvFile()
    if len(text.encode("utf-8")) > MAX_IMPORT_BYTES:
        result.problems.append(too_big_message())
        return result
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        result.problems.append(_("The file contains null characters: it is not a text file."))
        return result
    first_line = text.split("\n", 1)[0]
    if not first_line.strip():
        result.problems.append(_("The file is empty, or its first line is empty: the first line names the columns."))
        return result
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_separator(first_line))
    try:
        header = next(reader)
        columns: list[str | None] = []
        for title in header:
            name = _COLUMN_LOOKUP.get(_key(title))
            if name is not None and name in columns:
                result.problems.append(_("The column %(column)s occurs twice.") % {"column": title.strip()[:60]})
            columns.append(name)
            if name is None and title.strip():
                result.ignored_columns.append(title.strip()[:60])
        missing = [name for name in REQUIRED_COLUMNS if name not in columns]
        if missing:
            result.problems.append(
                _("Columns missing: %(columns)s. The first line names the columns (see the explanation).")
                % {"columns": ", ".join(COLUMN_NAMES[name][0] for name in missing)}
            )
        if result.problems:
            return result
        seen: dict[str, int] = {}
        for number, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue
            if len(result.rows) >= MAX_IMPORT_ROWS:
                result.rows = []
                result.problems.append(
                    _("The file has more than %(max)d rows. Split it into smaller files.") % {"max": MAX_IMPORT_ROWS}
                )
                return result
            raw = {name: cell for name, cell in zip(columns, record, strict=False) if name is not None}
            clean, errors = check_offer(raw)
            if len(record) > len(columns):
                errors.setdefault("__all__", []).append(
                    _("This row has more cells than the first line has columns. Is there a separator in a text?")
                )
            key = clean["name"].casefold()
            if key and key in seen:
                errors.setdefault("name", []).append(
                    _("This name is also in row %(row)d. Each help occurs once.") % {"row": seen[key]}
                )
            elif key:
                seen[key] = number
            result.rows.append(CsvRow(number, raw if errors else clean, errors))
    except csv.Error as error:
        result.rows = []
        result.problems.append(
            _("The file cannot be read as CSV near line %(line)d: %(error)s")
            % {"line": reader.line_num, "error": error}
        )
    if not result.rows and not result.problems:
        result.problems.append(_("The file has no rows with help under the first line."))
    return result


FIELD_LABELS = {
    "__all__": "regel",
    "name": "naam",
    "description": "beschrijving",
    "target_problems": "bedoeld voor",
    "min_age": "leeftijd vanaf",
    "max_age": "leeftijd tot",
    "intensity": "intensiteit",
    "evidence_level": "bewijskracht",
    "provider": "aanbieder",
    "contact": "contact",
    "waiting_weeks": "wachttijd",
}
