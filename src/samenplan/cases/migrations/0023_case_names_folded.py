"""``Case.names_folded``: every name a search compares for the case, folded (``cases.search.Folded``) and joined by
line breaks: its family's name, then each member's given and family name. A search word of three letters or more
(``search.LONG``) is then ``names_folded LIKE '%word%'`` on the case itself, a filter on the cases the user sees,
instead of a ``UNION`` of trigram scans of the families and of the members (≈ 3,500 rows over ≈ 1,250 table pages
for "Lee" at 50,000 families) joined to them. A word never holds a line break (the query is split on white space,
and folding makes none), so it is found in the joined text exactly when it is found in one of the names.

The database keeps it right, by triggers on PostgreSQL and SQLite alike: an inserted case, or one moved to another
family, takes its family's names; a new family name, and an inserted, renamed, moved or deleted member, rewrites
the names of the family's cases. Existing cases are filled here. Write cost: a member's insert, rename or delete
updates each case of its family (one or two) with one read of the family and its members (on PostgreSQL per
statement for inserts and deletes, so ``bulk_create`` pays once per statement); a case's insert reads them once.
A GIN trigram index on the column (PostgreSQL, without a pending list) lets a user who sees many cases search
through the index. It is written on every update of a case that is not HOT, and since 0021 (whose index holds
``last_activity_at``) that is every timeline entry's update of its case: measured at 50,000 families, such an
update read 157 buffers in 0.43 ms with this index, 24 in 0.09 ms without (a pending list, ``fastupdate``, would
cut it and cost every search a scan of the list; see 0017).
(On SQLite a later migration that remakes ``cases_case``, ``cases_family`` or ``cases_member`` drops their
triggers: it must make them again; ``tests/cases/test_stored_names.py`` fails otherwise.)"""

# ruff: noqa: S608 (constant SQL: table and column names of this migration, no input)

from django.db import migrations, models


def _names(family_id: str, vendor: str = "sqlite") -> str:
    """The folded names of the family ``family_id`` (an SQL expression), joined by line breaks."""
    sep, join = ("chr(10)", "string_agg") if vendor == "postgresql" else ("char(10)", "group_concat")
    return (
        f"(SELECT f.name_folded || coalesce((SELECT {join}({sep} || m.given_name_folded || {sep} || "
        f"m.family_name_folded, '') FROM cases_member m WHERE m.family_id = f.id), '') "
        f"FROM cases_family f WHERE f.id = {family_id})"
    )


SQLITE_NAMES = _names("cases_case.family_id")
SQLITE_FORWARD = [
    f"UPDATE cases_case SET names_folded = {SQLITE_NAMES}",
    f"""CREATE TRIGGER cases_case_names_insert AFTER INSERT ON cases_case
        BEGIN
            UPDATE cases_case SET names_folded = {SQLITE_NAMES} WHERE id = NEW.id;
        END""",
    f"""CREATE TRIGGER cases_case_names_update AFTER UPDATE OF family_id, names_folded ON cases_case
        WHEN NEW.names_folded IS NOT {_names("NEW.family_id")}
        BEGIN
            UPDATE cases_case SET names_folded = {SQLITE_NAMES} WHERE id = NEW.id;
        END""",
    f"""CREATE TRIGGER cases_family_names_to_cases AFTER UPDATE OF name ON cases_family
        WHEN OLD.name IS NOT NEW.name
        BEGIN
            UPDATE cases_case SET names_folded = {SQLITE_NAMES} WHERE family_id = NEW.id;
        END""",
    f"""CREATE TRIGGER cases_member_names_insert AFTER INSERT ON cases_member
        BEGIN
            UPDATE cases_case SET names_folded = {SQLITE_NAMES} WHERE family_id = NEW.family_id;
        END""",
    f"""CREATE TRIGGER cases_member_names_update AFTER UPDATE OF given_name, family_name, family_id ON cases_member
        BEGIN
            UPDATE cases_case SET names_folded = {SQLITE_NAMES} WHERE family_id IN (OLD.family_id, NEW.family_id);
        END""",
    f"""CREATE TRIGGER cases_member_names_delete AFTER DELETE ON cases_member
        BEGIN
            UPDATE cases_case SET names_folded = {SQLITE_NAMES} WHERE family_id = OLD.family_id;
        END""",
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "cases_member_names_delete",
        "cases_member_names_update",
        "cases_member_names_insert",
        "cases_family_names_to_cases",
        "cases_case_names_update",
        "cases_case_names_insert",
    )
]

INDEX = "cases_case_names_folded_trgm"
POSTGRES_FORWARD = [
    f"UPDATE cases_case SET names_folded = {_names('cases_case.family_id', 'postgresql')}",
    # the case's own trigger computes the names whenever they or its family are written: the others write NULL
    f"""CREATE OR REPLACE FUNCTION cases_case_names() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.names_folded := {_names("NEW.family_id", "postgresql")};
            RETURN NEW;
        END $$""",
    """CREATE TRIGGER cases_case_names BEFORE INSERT OR UPDATE OF family_id, names_folded ON cases_case
       FOR EACH ROW EXECUTE FUNCTION cases_case_names()""",
    """CREATE OR REPLACE FUNCTION cases_family_names_to_cases() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
           UPDATE cases_case SET names_folded = NULL WHERE family_id = NEW.id;
           RETURN NULL;
       END $$""",
    """CREATE TRIGGER cases_family_names_to_cases AFTER UPDATE OF name ON cases_family
       FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION cases_family_names_to_cases()""",
    """CREATE OR REPLACE FUNCTION cases_member_names_to_cases() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
           IF TG_LEVEL = 'ROW' THEN
               UPDATE cases_case SET names_folded = NULL WHERE family_id IN (OLD.family_id, NEW.family_id);
           ELSIF TG_OP = 'INSERT' THEN
               UPDATE cases_case SET names_folded = NULL WHERE family_id IN (SELECT family_id FROM changed);
           ELSE
               UPDATE cases_case SET names_folded = NULL WHERE family_id IN (SELECT family_id FROM gone);
           END IF;
           RETURN NULL;
       END $$""",
    """CREATE TRIGGER cases_member_names_insert AFTER INSERT ON cases_member REFERENCING NEW TABLE AS changed
       FOR EACH STATEMENT EXECUTE FUNCTION cases_member_names_to_cases()""",
    """CREATE TRIGGER cases_member_names_delete AFTER DELETE ON cases_member REFERENCING OLD TABLE AS gone
       FOR EACH STATEMENT EXECUTE FUNCTION cases_member_names_to_cases()""",
    """CREATE TRIGGER cases_member_names_update AFTER UPDATE OF given_name, family_name, family_id ON cases_member
       FOR EACH ROW WHEN (OLD.given_name IS DISTINCT FROM NEW.given_name
                          OR OLD.family_name IS DISTINCT FROM NEW.family_name
                          OR OLD.family_id IS DISTINCT FROM NEW.family_id)
       EXECUTE FUNCTION cases_member_names_to_cases()""",
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON cases_case USING gin (names_folded gin_trgm_ops) WITH (fastupdate = off)",
]
POSTGRES_BACKWARD = [
    f"DROP INDEX IF EXISTS {INDEX}",
    "DROP TRIGGER IF EXISTS cases_member_names_update ON cases_member",
    "DROP TRIGGER IF EXISTS cases_member_names_delete ON cases_member",
    "DROP TRIGGER IF EXISTS cases_member_names_insert ON cases_member",
    "DROP FUNCTION IF EXISTS cases_member_names_to_cases()",
    "DROP TRIGGER IF EXISTS cases_family_names_to_cases ON cases_family",
    "DROP FUNCTION IF EXISTS cases_family_names_to_cases()",
    "DROP TRIGGER IF EXISTS cases_case_names ON cases_case",
    "DROP FUNCTION IF EXISTS cases_case_names()",
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
    dependencies = [("cases", "0022_open_cases_of_caseworker_index")]

    operations = [
        migrations.AddField(
            model_name="case",
            name="names_folded",
            field=models.TextField(editable=False, null=True, serialize=False),
        ),
        migrations.RunPython(forward, backward),
    ]
