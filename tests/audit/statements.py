"""What the access log costs in statements, for the tests that pin a page's query count."""

from django.db import connection


def record_statements() -> int:
    """Writing one access-log record inside a transaction (an action's, or the test's around a request): on
    PostgreSQL one statement (``audit.log._APPEND``: lock a chain head, insert, move the head); on SQLite three
    (lock the head, insert, move the head). A read page in autocommit adds no BEGIN and COMMIT on PostgreSQL: the
    one statement is its own transaction."""
    return 1 if connection.vendor == "postgresql" else 3
