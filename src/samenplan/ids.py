"""Ids that come from outside (URLs, forms, JSON): numbers a database can actually hold, or nothing."""

MAX_ID = 2**63 - 1  # the largest value of a BigAutoField on SQLite and PostgreSQL


def parse_id(value) -> int | None:
    """The id as an int when it could name a row; None for anything else (text, zero, negatives, too large)."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None
