"""Make the access log append-only in the database itself: UPDATE and DELETE on its rows fail.

A database administrator can still disable the trigger; then `samenplan audit verify` finds the change.
"""

from django.db import migrations

TABLE = "audit_accesslogrecord"

SQLITE_FORWARD = [
    f"""CREATE TRIGGER audit_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'access-log records are append-only'); END""",
    f"""CREATE TRIGGER audit_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'access-log records are append-only'); END""",
]
SQLITE_BACKWARD = ["DROP TRIGGER IF EXISTS audit_no_update", "DROP TRIGGER IF EXISTS audit_no_delete"]

POSTGRES_FORWARD = [
    """CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'access-log records are append-only'; END; $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION audit_append_only()""",
]
POSTGRES_BACKWARD = [
    f"DROP TRIGGER IF EXISTS audit_append_only ON {TABLE}",
    "DROP FUNCTION IF EXISTS audit_append_only()",
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
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
