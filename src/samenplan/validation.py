"""Input checks shared by the web forms (``samenplan.forms``) and the API serializers (``samenplan.api.fields``).

One place decides what counts as empty text, which dates are plausible and how long a list of ids may be, so
the web and the API refuse the same input with the same Dutch message.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

# Every date samenplan stores lies in this window: far enough back for a grandparent's date of birth, far
# enough ahead for any plan, and well inside what Python's date arithmetic and every time zone can hold.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)

# Characters that take no space on screen: Unicode "format" characters (zero-width space and joiners, bidi
# marks, the byte-order mark, the soft hyphen), controls, and separators that str.strip() does not know.
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc", "Zs", "Zl", "Zp"})
_BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800")  # Hangul fillers and the empty braille cell


def _invisible(char: str) -> bool:
    return char.isspace() or char in _BLANK_LOOKING or unicodedata.category(char) in _INVISIBLE_CATEGORIES


def clean_text(value: str) -> str:
    """The text without invisible characters around it; "" when nothing visible is left.

    Raises ValidationError for text no database can store (NUL, lone surrogates from JSON escapes).
    """
    if "\x00" in value:
        raise ValidationError(_("Null characters are not allowed."), code="null_characters_not_allowed")
    if any("\ud800" <= char <= "\udfff" for char in value):
        raise ValidationError(_("This text contains a character that cannot be stored."), code="invalid")
    start, end = 0, len(value)
    while start < end and _invisible(value[start]):
        start += 1
    while end > start and _invisible(value[end - 1]):
        end -= 1
    return value[start:end]


def check_date(value: date, earliest: date | None = None, latest: date | None = None) -> None:
    """Refuse a date outside [earliest, latest] (by default the window above) with a Dutch field error."""
    earliest = max(earliest or EARLIEST_DATE, EARLIEST_DATE)
    latest = min(latest or LATEST_DATE, LATEST_DATE)
    if not earliest <= value <= latest:
        raise ValidationError(
            _("Give a date from %(earliest)s up to and including %(latest)s."),
            code="date_out_of_range",
            params={"earliest": date_format(earliest, "d-m-Y"), "latest": date_format(latest, "d-m-Y")},
        )


def check_count(values, maximum: int, message) -> None:
    """Refuse a list longer than ``maximum`` before anything is looked up; ``message`` names %(maximum)d."""
    if len(values) > maximum:
        raise ValidationError(message, code="too_many", params={"maximum": maximum})
