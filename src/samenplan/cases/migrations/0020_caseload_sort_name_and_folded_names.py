"""Two copies that spare the caseload and the name search their costliest work at the scale of a region (issue 14).

``Case.family_name``: the family's name on the case, so that a list of cases sorts by it (and shows it) without
joining every case's family (a team lead's caseload joined 2,000 families to show 50). The database keeps it right,
by triggers (on PostgreSQL and SQLite alike): an inserted case, and a case moved to another family, takes its
family's name; a family's new name goes to its cases. Existing cases are filled here. (On SQLite a later migration
that remakes ``cases_case`` or ``cases_family`` drops their triggers: it must make them again; the tests of
``tests/cases/test_case_family_name.py`` fail otherwise.)

``Family.name_folded``, ``Member.given_name_folded``, ``Member.family_name_folded``: the names as the search
compares them, folded (``cases.search.Folded``) by the database on every write, as generated columns. On
PostgreSQL GIN trigram indexes on them (without a pending list, as migration 0017 made them) replace the trigram
indexes on ``samenplan_unaccent(name)`` of migration 0013: a search then compares the stored text and no longer
calls the SQL function for every name the index finds."""

from django.db import migrations, models

import samenplan.cases.search

SQLITE_FORWARD = [
    "UPDATE cases_case SET family_name = (SELECT name FROM cases_family WHERE cases_family.id = cases_case.family_id)",
    """CREATE TRIGGER cases_case_family_name_insert AFTER INSERT ON cases_case
       BEGIN
           UPDATE cases_case SET family_name = (SELECT name FROM cases_family WHERE id = NEW.family_id)
           WHERE id = NEW.id;
       END""",
    """CREATE TRIGGER cases_case_family_name_update AFTER UPDATE OF family_id, family_name ON cases_case
       WHEN NEW.family_name IS NOT (SELECT name FROM cases_family WHERE id = NEW.family_id)
       BEGIN
           UPDATE cases_case SET family_name = (SELECT name FROM cases_family WHERE id = NEW.family_id)
           WHERE id = NEW.id;
       END""",
    """CREATE TRIGGER cases_family_name_to_cases AFTER UPDATE OF name ON cases_family
       WHEN OLD.name IS NOT NEW.name
       BEGIN
           UPDATE cases_case SET family_name = NEW.name WHERE family_id = NEW.id;
       END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS cases_family_name_to_cases",
    "DROP TRIGGER IF EXISTS cases_case_family_name_update",
    "DROP TRIGGER IF EXISTS cases_case_family_name_insert",
]

FOLDED_INDEXES = {
    "cases_family_name_folded_trgm": ("cases_family", "name_folded"),
    "cases_member_given_name_folded_trgm": ("cases_member", "given_name_folded"),
    "cases_member_family_name_folded_trgm": ("cases_member", "family_name_folded"),
}
OLD_INDEXES = {  # migration 0013's, made without a pending list by migration 0017
    "cases_family_name_trgm": ("cases_family", "samenplan_unaccent(name)"),
    "cases_member_given_name_trgm": ("cases_member", "samenplan_unaccent(given_name)"),
    "cases_member_family_name_trgm": ("cases_member", "samenplan_unaccent(family_name)"),
}


def _trigram_index(name: str, table: str, column: str) -> str:
    return f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops) WITH (fastupdate = off)"


POSTGRES_FORWARD = [
    "UPDATE cases_case SET family_name = f.name FROM cases_family f WHERE f.id = cases_case.family_id",
    """CREATE OR REPLACE FUNCTION cases_case_family_name() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
           NEW.family_name := (SELECT name FROM cases_family WHERE id = NEW.family_id);
           RETURN NEW;
       END $$""",
    """CREATE TRIGGER cases_case_family_name BEFORE INSERT OR UPDATE OF family_id, family_name ON cases_case
       FOR EACH ROW EXECUTE FUNCTION cases_case_family_name()""",
    """CREATE OR REPLACE FUNCTION cases_family_name_to_cases() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
           UPDATE cases_case SET family_name = NEW.name WHERE family_id = NEW.id;
           RETURN NULL;
       END $$""",
    """CREATE TRIGGER cases_family_name_to_cases AFTER UPDATE OF name ON cases_family
       FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION cases_family_name_to_cases()""",
    *(_trigram_index(name, table, column) for name, (table, column) in FOLDED_INDEXES.items()),
    *(f"DROP INDEX IF EXISTS {name}" for name in OLD_INDEXES),
]
POSTGRES_BACKWARD = [
    *(_trigram_index(name, table, column) for name, (table, column) in OLD_INDEXES.items()),
    *(f"DROP INDEX IF EXISTS {name}" for name in FOLDED_INDEXES),
    "DROP TRIGGER IF EXISTS cases_family_name_to_cases ON cases_family",
    "DROP FUNCTION IF EXISTS cases_family_name_to_cases()",
    "DROP TRIGGER IF EXISTS cases_case_family_name ON cases_case",
    "DROP FUNCTION IF EXISTS cases_case_family_name()",
]


def forward(apps, schema_editor):
    statements = {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    statements = {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("cases", "0019_case_timeline_dates")]

    operations = [
        migrations.AddField(
            model_name="case",
            name="family_name",
            field=models.CharField(
                editable=False, max_length=200, null=True, serialize=False, verbose_name="family name"
            ),
        ),
        migrations.AddField(
            model_name="family",
            name="name_folded",
            field=models.GeneratedField(
                db_persist=True,
                expression=samenplan.cases.search.Folded("name"),
                output_field=models.TextField(),
                serialize=False,
            ),
        ),
        migrations.AddField(
            model_name="member",
            name="given_name_folded",
            field=models.GeneratedField(
                db_persist=True,
                expression=samenplan.cases.search.Folded("given_name"),
                output_field=models.TextField(),
                serialize=False,
            ),
        ),
        migrations.AddField(
            model_name="member",
            name="family_name_folded",
            field=models.GeneratedField(
                db_persist=True,
                expression=samenplan.cases.search.Folded("family_name"),
                output_field=models.TextField(),
                serialize=False,
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
