"""Retention of the access log: a checkpoint where the chain starts after older records were pruned.

The append-only triggers now let a DELETE through only for records before the checkpoint's first kept record;
every record from the checkpoint on stays protected. The checkpoint itself only moves forward and cannot be
deleted. Moving it is done by ``samenplan retention run --log --apply`` in one transaction that first writes an
``audit.prune`` record (chained, naming the new checkpoint), then moves the checkpoint, then deletes the older
records; ``samenplan audit verify`` checks that the checkpoint is attested by such a record.
"""

from django.db import migrations, models

TABLE = "audit_accesslogrecord"
CHECKPOINT = "audit_logcheckpoint"
FIRST_KEPT = f"COALESCE((SELECT first_seq FROM {CHECKPOINT} WHERE id = 1), 1)"  # noqa: S608 (constant SQL)

SQLITE_FORWARD = [
    "DROP TRIGGER IF EXISTS audit_no_delete",
    f"""CREATE TRIGGER audit_no_delete BEFORE DELETE ON {TABLE} WHEN OLD.seq >= {FIRST_KEPT}
        BEGIN SELECT RAISE(ABORT, 'access-log records are append-only'); END""",
    f"""CREATE TRIGGER audit_checkpoint_forward BEFORE UPDATE ON {CHECKPOINT}
        WHEN NEW.first_seq < OLD.first_seq OR NEW.id != OLD.id
        BEGIN SELECT RAISE(ABORT, 'the access-log checkpoint only moves forward'); END""",
    f"""CREATE TRIGGER audit_checkpoint_no_delete BEFORE DELETE ON {CHECKPOINT}
        BEGIN SELECT RAISE(ABORT, 'the access-log checkpoint only moves forward'); END""",
]
# Lifting the checkpoint's guard (tests that empty every table on SQLite); SQLITE_FORWARD puts it back.
SQLITE_LIFT = ["DROP TRIGGER IF EXISTS audit_checkpoint_forward", "DROP TRIGGER IF EXISTS audit_checkpoint_no_delete"]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_checkpoint_forward",
    "DROP TRIGGER IF EXISTS audit_checkpoint_no_delete",
    "DROP TRIGGER IF EXISTS audit_no_delete",
    f"""CREATE TRIGGER audit_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'access-log records are append-only'); END""",
]

POSTGRES_FORWARD = [
    f"""CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
       BEGIN
         IF TG_OP = 'DELETE' AND OLD.seq < {FIRST_KEPT} THEN RETURN OLD; END IF;
         RAISE EXCEPTION 'access-log records are append-only';
       END; $$ LANGUAGE plpgsql""",
    """CREATE OR REPLACE FUNCTION audit_checkpoint_forward() RETURNS trigger AS $$
       BEGIN
         IF TG_OP = 'UPDATE' AND NEW.first_seq >= OLD.first_seq AND NEW.id = OLD.id THEN RETURN NEW; END IF;
         RAISE EXCEPTION 'the access-log checkpoint only moves forward';
       END; $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER audit_checkpoint_forward BEFORE UPDATE OR DELETE ON {CHECKPOINT}
        FOR EACH ROW EXECUTE FUNCTION audit_checkpoint_forward()""",
]
POSTGRES_BACKWARD = [
    f"DROP TRIGGER IF EXISTS audit_checkpoint_forward ON {CHECKPOINT}",
    "DROP FUNCTION IF EXISTS audit_checkpoint_forward()",
    """CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'access-log records are append-only'; END; $$ LANGUAGE plpgsql""",
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
    dependencies = [("audit", "0003_refused_and_shown_families")]

    operations = [
        migrations.CreateModel(
            name="LogCheckpoint",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("first_seq", models.PositiveBigIntegerField(default=1)),
                ("prev_hash", models.CharField(max_length=64)),
                ("pruned_at", models.DateTimeField()),
            ],
            options={"default_permissions": ()},
        ),
        migrations.RunPython(forward, backward),
    ]
