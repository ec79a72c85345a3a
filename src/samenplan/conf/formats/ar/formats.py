"""The same day-month-year dates as in Dutch (samenplan.conf.formats.nl); the rest from Django's own locale."""

from samenplan.conf.formats.nl.formats import DATE_FORMAT, DATETIME_FORMAT, SHORT_DATE_FORMAT, SHORT_DATETIME_FORMAT

__all__ = ["DATETIME_FORMAT", "DATE_FORMAT", "SHORT_DATETIME_FORMAT", "SHORT_DATE_FORMAT"]
