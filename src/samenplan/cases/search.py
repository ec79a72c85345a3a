"""Finding families by name, the same way on every database: case- and accent-insensitive ("jansen" finds
"Jänsen"), every word of the query somewhere in the name.

On PostgreSQL the names are compared through ``samenplan_unaccent`` (an IMMUTABLE wrapper around the ``unaccent``
extension, made by migration cases 0013) with ``ILIKE``, which the GIN trigram indexes on
``samenplan_unaccent(name)`` (``pg_trgm``) answer without reading every family and member. On SQLite the same
function is registered in Python (``register_sqlite_unaccent``) and the names are scanned, as before.

Dutch surnames carry a prefix (tussenvoegsel: "de", "van der", "'t"). A search for "de" or "van" would match a
large share of all families, and trigram indexes are swamped by them. So the surname is also compared without its
prefix, through ``samenplan_name_core`` (``name_core`` below; the same function in SQL on PostgreSQL, migration
cases 0014, with btree indexes for prefix matches):

- a prefix word in a query with other words is left out: "de vries" searches "vries";
- a word of one or two letters matches the start of a surname without its prefix or of a given name ("vr" finds
  "de Vries"), which a btree index answers; a longer word matches anywhere in a name, as before;
- a query of prefix words only ("van der") matches surnames that start with exactly those words.
"""

from __future__ import annotations

import unicodedata

from django.db.models import CharField, Lookup, Q

FUNCTION = "samenplan_unaccent"
CORE_FUNCTION = "samenplan_name_core"

# Prefixes of Dutch (and some Flemish, French, German) surnames, folded. A name keeps at least its last word.
PREFIXES = frozenset(
    [
        "van",
        "de",
        "der",
        "den",
        "het",
        "'t",
        "te",
        "ten",
        "ter",
        "in",
        "op",
        "aan",
        "bij",
        "uit",
        "voor",
        "onder",
        "over",
        "d'",
        "l'",
        "la",
        "le",
        "du",
        "des",
        "di",
        "da",
        "del",
        "della",
        "dos",
        "das",
        "von",
        "zu",
        "vom",
        "zum",
        "thoe",
        "tho",
    ]
)
SHORT_WORD = 2  # words this long or shorter match the start of a name (a prefix index), not anywhere in it


def fold(text: str) -> str:
    """``text`` without accents, in lower case: what SQLite's ``samenplan_unaccent`` compares."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def name_core(text: str) -> str:
    """The folded name without the prefixes it starts with: "Van der Berg" → "berg", "'t Hart" → "hart"; a name
    of prefixes only keeps its last word ("De" → "de"). What ``samenplan_name_core`` returns on every database."""
    if text is None:
        return None
    words = fold(text).replace("\u2019", "'").split()
    while len(words) > 1 and words[0] in PREFIXES:
        words.pop(0)
    return " ".join(words)


def register_sqlite_unaccent(sender, connection, **kwargs) -> None:
    """``connection_created``: give SQLite the functions that PostgreSQL gets from the migrations."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FUNCTION, 1, fold, deterministic=True)
        connection.connection.create_function(CORE_FUNCTION, 1, name_core, deterministic=True)


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


def _escape(connection) -> str:
    """PostgreSQL escapes with a backslash by default (and then plans the prefix with the btree index)."""
    return "" if connection.vendor == "postgresql" else " ESCAPE '\\'"


@CharField.register_lookup
class CoreStartsWith(Lookup):
    """``name__core_startswith=word``: the name without its prefixes starts with ``word`` (folded)."""

    lookup_name = "core_startswith"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        escaped = fold(str(value)).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return "%s", [f"{escaped}%"]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{CORE_FUNCTION}({lhs}) LIKE {rhs}{_escape(connection)}", [*lhs_params, *rhs_params]


@CharField.register_lookup
class UnaccentStartsWith(CoreStartsWith):
    """``given_name__unaccent_startswith=word``: the folded name starts with ``word``."""

    lookup_name = "unaccent_startswith"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"lower({FUNCTION}({lhs})) LIKE {rhs}{_escape(connection)}", [*lhs_params, *rhs_params]


def query_words(query: str) -> list[str]:
    """The words a query searches for: prefix words left out when other words remain ("de vries" → ["vries"]); a
    query of prefix words only becomes one phrase ("van der" → ["van der"])."""
    words = [w.replace("\u2019", "'") for w in query.split()]
    kept = [w for w in words if fold(w) not in PREFIXES]
    if kept:
        return kept
    return [" ".join(words)] if words else []


def _only_prefixes(word: str) -> bool:
    return " " in word or fold(word) in PREFIXES


def family_name_q(word: str, prefix: str = "") -> Q:
    if _only_prefixes(word):
        return Q(**{f"{prefix}name__unaccent_startswith": f"{word} "})
    if len(word) <= SHORT_WORD:
        return Q(**{f"{prefix}name__core_startswith": word})
    return Q(**{f"{prefix}name__unaccent_contains": word})


def member_name_q(word: str) -> Q:
    if _only_prefixes(word):
        return Q(family_name__unaccent_startswith=f"{word} ")
    if len(word) <= SHORT_WORD:
        return Q(given_name__unaccent_startswith=word) | Q(family_name__core_startswith=word)
    return Q(given_name__unaccent_contains=word) | Q(family_name__unaccent_contains=word)
