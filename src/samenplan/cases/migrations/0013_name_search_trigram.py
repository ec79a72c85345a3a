"""Name search on PostgreSQL: the ``pg_trgm`` and ``unaccent`` extensions, an IMMUTABLE ``samenplan_unaccent``
(``unaccent`` itself is only STABLE, so it cannot be indexed) and GIN trigram indexes on the unaccented names of
families and members (see cases/search.py). Nothing happens on SQLite, which gets the function from Python.

Creating an extension takes a superuser or a database owner with the extension trusted; where the migration
cannot, a DBA runs ``CREATE EXTENSION pg_trgm; CREATE EXTENSION unaccent;`` once beforehand."""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

FORWARD = [
    """CREATE OR REPLACE FUNCTION samenplan_unaccent(text) RETURNS text
       LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
       AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$""",
    "CREATE INDEX IF NOT EXISTS cases_family_name_trgm ON cases_family USING gin (samenplan_unaccent(name) gin_trgm_ops)",
    """CREATE INDEX IF NOT EXISTS cases_member_given_name_trgm ON cases_member
       USING gin (samenplan_unaccent(given_name) gin_trgm_ops)""",
    """CREATE INDEX IF NOT EXISTS cases_member_family_name_trgm ON cases_member
       USING gin (samenplan_unaccent(family_name) gin_trgm_ops)""",
]
BACKWARD = [
    "DROP INDEX IF EXISTS cases_member_family_name_trgm",
    "DROP INDEX IF EXISTS cases_member_given_name_trgm",
    "DROP INDEX IF EXISTS cases_family_name_trgm",
    "DROP FUNCTION IF EXISTS samenplan_unaccent(text)",
]


class OnlyOnPostgreSQL:
    """Django's extension operations skip other databases going forwards, but not going backwards."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Trigram(OnlyOnPostgreSQL, TrigramExtension):
    pass


class Unaccent(OnlyOnPostgreSQL, UnaccentExtension):
    pass


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("cases", "0012_dossier_timeline_index")]

    operations = [Trigram(), Unaccent(), migrations.RunPython(forward, backward)]
