"""Finding families by name, the same way on every database: case- and accent-insensitive ("jansen" finds
"Jänsen"), every word of the query somewhere in the name.

On PostgreSQL the names are compared through ``samenplan_unaccent`` (an IMMUTABLE wrapper around the ``unaccent``
extension, made by migration cases 0013) with ``ILIKE``, which the GIN trigram indexes on
``samenplan_unaccent(name)`` (``pg_trgm``) answer without reading every family and member. On SQLite the same
function is registered in Python (``register_sqlite_unaccent``) and the names are scanned, as before.
"""

from __future__ import annotations

import unicodedata

from django.db import connection
from django.db.models import CharField, Lookup, Q

FUNCTION = "samenplan_unaccent"


def fold(text: str) -> str:
    """``text`` without accents, in lower case: what SQLite's ``samenplan_unaccent`` compares."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def register_sqlite_unaccent(sender, connection, **kwargs) -> None:
    """``connection_created``: give SQLite the function that PostgreSQL gets from the migration."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FUNCTION, 1, fold, deterministic=True)


def _like_pattern(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@CharField.register_lookup
class UnaccentContains(Lookup):
    """``name__unaccent_contains=word``: the name holds ``word``, ignoring case and accents."""

    lookup_name = "unaccent_contains"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [_like_pattern(str(value))]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if connection.vendor == "postgresql":
            sql = f"{FUNCTION}({lhs}) ILIKE {FUNCTION}({rhs})"
        else:
            sql = f"{FUNCTION}({lhs}) LIKE {FUNCTION}({rhs}) ESCAPE '\\'"
        return sql, [*lhs_params, *rhs_params]


def family_name_q(word: str, prefix: str = "") -> Q:
    return Q(**{f"{prefix}name__unaccent_contains": word})


def member_name_q(word: str) -> Q:
    return Q(given_name__unaccent_contains=word) | Q(family_name__unaccent_contains=word)


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"
