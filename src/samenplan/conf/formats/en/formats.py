"""In English too one date format: day-month-year with leading zeros (31-01-2026), as on the Dutch pages, so a date
reads the same in both languages (never the American month first), and a typed date is read the Dutch way."""

from django.conf.locale.nl.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS  # noqa: F401

from samenplan.conf.formats.nl.formats import (  # noqa: F401
    DATE_FORMAT,
    DATETIME_FORMAT,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
)
