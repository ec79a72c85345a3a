"""Name search on PostgreSQL, part two: ``samenplan_name_core`` (the folded surname without its prefix, the
tussenvoegsel: "Van der Berg" → "berg"; the same as ``cases.search.name_core`` in Python) and btree indexes for
matches on the start of a name, which trigram indexes cannot answer for words of one or two letters. Nothing
happens on SQLite, which gets the function from Python."""

from django.db import migrations

from samenplan.cases.search import PREFIXES

_ALTERNATIVES = "|".join(sorted((p.replace("'", "''") for p in PREFIXES), key=lambda p: (-len(p), p)))

# Names inside a function body are qualified: pg_restore runs with an empty search_path when it builds the indexes.
FORWARD = [
    f"""CREATE OR REPLACE FUNCTION samenplan_name_core(text) RETURNS text
       LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
       AS $$ SELECT regexp_replace(
                btrim(regexp_replace(lower(public.samenplan_unaccent(replace($1, '’', ''''))), '\\s+', ' ', 'g')),
                '^((?:{_ALTERNATIVES}) )+(?=\\S)', '') $$""",
    """CREATE INDEX IF NOT EXISTS cases_family_name_core ON cases_family
       USING btree (samenplan_name_core(name) text_pattern_ops)""",
    """CREATE INDEX IF NOT EXISTS cases_member_family_name_core ON cases_member
       USING btree (samenplan_name_core(family_name) text_pattern_ops)""",
    """CREATE INDEX IF NOT EXISTS cases_member_given_name_start ON cases_member
       USING btree (lower(samenplan_unaccent(given_name)) text_pattern_ops)""",
    """CREATE INDEX IF NOT EXISTS cases_member_family_name_start ON cases_member
       USING btree (lower(samenplan_unaccent(family_name)) text_pattern_ops)""",
    """CREATE INDEX IF NOT EXISTS cases_family_name_start ON cases_family
       USING btree (lower(samenplan_unaccent(name)) text_pattern_ops)""",
]
BACKWARD = [
    "DROP INDEX IF EXISTS cases_family_name_start",
    "DROP INDEX IF EXISTS cases_member_family_name_start",
    "DROP INDEX IF EXISTS cases_member_given_name_start",
    "DROP INDEX IF EXISTS cases_member_family_name_core",
    "DROP INDEX IF EXISTS cases_family_name_core",
    "DROP FUNCTION IF EXISTS samenplan_name_core(text)",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("cases", "0013_name_search_trigram")]

    operations = [migrations.RunPython(forward, backward)]
