"""The access log at a region's scale (issue 14): a few chains per organisation instead of one for the whole
installation, a verify checkpoint per chain, no index on the hash, and on PostgreSQL a table partitioned by month.

- The records written so far stay one chain, the legacy chain: its head (the ChainHead row there was) gets
  organisation -1, its records chain 1 and no position (their position is their seq), and a pruning checkpoint
  there was belongs to it. New records go to the chains of their organisation (audit/log.py).
- On PostgreSQL the table is rebuilt as a table partitioned by range on ``at`` with a partition per month from the
  oldest record to two months ahead, the records copied over (a large log takes a while: this runs once), ``seq``
  drawn from the sequence ``audit_log_seq``, the primary key (id, at) (a partitioned table's keys must hold the
  partition key), the indexes of the model created on the partitioned table and the append-only trigger on it.
- On SQLite (no partitions) the table-rebuilding steps drop its triggers: they are created again at the end, with
  the delete rule per chain.
"""

from django.conf import settings
from django.db import migrations, models

TABLE = "audit_accesslogrecord"
CHECKPOINT = "audit_logcheckpoint"
FIRST_KEPT = f"COALESCE((SELECT first_seq FROM {CHECKPOINT} c WHERE c.chain_id = OLD.chain_id), 1)"  # noqa: S608
POSITION = "COALESCE(OLD.pos, OLD.seq)"

SQLITE_TRIGGERS = [
    "DROP TRIGGER IF EXISTS audit_no_update",
    "DROP TRIGGER IF EXISTS audit_no_delete",
    "DROP TRIGGER IF EXISTS audit_checkpoint_forward",
    "DROP TRIGGER IF EXISTS audit_checkpoint_no_delete",
    f"""CREATE TRIGGER audit_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'access-log records are append-only'); END""",
    f"""CREATE TRIGGER audit_no_delete BEFORE DELETE ON {TABLE} WHEN {POSITION} >= {FIRST_KEPT}
        BEGIN SELECT RAISE(ABORT, 'access-log records are append-only'); END""",
    f"""CREATE TRIGGER audit_checkpoint_forward BEFORE UPDATE ON {CHECKPOINT}
        WHEN NEW.first_seq < OLD.first_seq OR NEW.id != OLD.id OR NEW.chain_id != OLD.chain_id
        BEGIN SELECT RAISE(ABORT, 'the access-log checkpoint only moves forward'); END""",
    f"""CREATE TRIGGER audit_checkpoint_no_delete BEFORE DELETE ON {CHECKPOINT}
        BEGIN SELECT RAISE(ABORT, 'the access-log checkpoint only moves forward'); END""",
]

POSTGRES_FUNCTIONS = [
    f"""CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
       BEGIN
         IF TG_OP = 'DELETE' AND {POSITION} < {FIRST_KEPT} THEN RETURN OLD; END IF;
         RAISE EXCEPTION 'access-log records are append-only';
       END; $$ LANGUAGE plpgsql""",
    """CREATE OR REPLACE FUNCTION audit_checkpoint_forward() RETURNS trigger AS $$
       BEGIN
         IF TG_OP = 'UPDATE' AND NEW.first_seq >= OLD.first_seq AND NEW.id = OLD.id AND NEW.chain_id = OLD.chain_id
           THEN RETURN NEW; END IF;
         RAISE EXCEPTION 'the access-log checkpoint only moves forward';
       END; $$ LANGUAGE plpgsql""",
]

# The model's indexes (audit.models.AccessLogRecord.Meta), created on the partitioned table: every partition gets
# its own copy, now and when attached later.
INDEXES = {
    "audit_log_seq_idx": "seq",
    "audit_log_at_idx": "at",
    "audit_log_org_idx": "organisation_id",
    "audit_log_family_seq_idx": "family_id, seq",
    "audit_log_case_seq_idx": "case_id, seq",
    "audit_log_user_at_idx": "user_id, at",
    "audit_log_chain_pos_idx": "chain_id, pos",
}
MONTHS_AHEAD = 2


def legacy_chain(apps, schema_editor):
    apps.get_model("audit", "ChainHead").objects.update(organisation_id=-1)


def sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_TRIGGERS:
            schema_editor.execute(sql)


def partition_on_postgres(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from datetime import UTC, datetime

    from samenplan.audit import partitions

    run = schema_editor.execute
    for sql in POSTGRES_FUNCTIONS:
        run(sql)
    old = f"{TABLE}_unpartitioned"
    run(f"ALTER TABLE {TABLE} RENAME TO {old}")
    run(f"CREATE TABLE {TABLE} (LIKE {old} INCLUDING DEFAULTS) PARTITION BY RANGE (at)")
    run(f"CREATE SEQUENCE {TABLE}_id_seq_p OWNED BY {TABLE}.id")
    run(f"ALTER TABLE {TABLE} ALTER COLUMN id SET DEFAULT nextval('{TABLE}_id_seq_p')")
    run(f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey_p PRIMARY KEY (id, at)")
    run("CREATE SEQUENCE audit_log_seq")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT MIN(at), MAX(id), MAX(seq) FROM {old}")  # noqa: S608 (constant SQL)
        oldest, last_id, last_seq = cursor.fetchone()
    if last_id:
        run(f"SELECT setval('{TABLE}_id_seq_p', {int(last_id)})")
        run(f"SELECT setval('audit_log_seq', {int(last_seq)})")
    month = partitions.month_of(oldest or datetime.now(UTC))
    until = partitions.month_of(datetime.now(UTC))
    for _ in range(MONTHS_AHEAD):
        until = partitions.next_month(until)
    while month <= until:
        start, end = partitions._bounds(month)
        run(f"CREATE TABLE {partitions.name_for(month)} PARTITION OF {TABLE} FOR VALUES FROM ('{start}') TO ('{end}')")
        month = partitions.next_month(month)
    run(f"INSERT INTO {TABLE} SELECT * FROM {old} ORDER BY seq")  # noqa: S608 (constant SQL)
    run(f"DROP TABLE {old}")
    for name, columns in INDEXES.items():
        run(f"CREATE INDEX {name} ON {TABLE} ({columns})")
    run(
        f"CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
        "FOR EACH ROW EXECUTE FUNCTION audit_append_only()"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0006_log_indexes_for_pages"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="VerifiedPosition",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("chain_id", models.BigIntegerField(unique=True)),
                ("pos", models.PositiveBigIntegerField()),
                ("hash", models.CharField(max_length=64)),
                ("verified_at", models.DateTimeField()),
            ],
            options={
                "default_permissions": (),
            },
        ),
        migrations.RemoveConstraint(
            model_name="accesslogrecord",
            name="audit_log_hash_unique",
        ),
        migrations.AddField(
            model_name="accesslogrecord",
            name="chain_id",
            field=models.BigIntegerField(default=1, verbose_name="chain"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="accesslogrecord",
            name="pos",
            field=models.PositiveBigIntegerField(null=True, verbose_name="position in its chain"),
        ),
        migrations.AddField(
            model_name="chainhead",
            name="organisation_id",
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="chainhead",
            name="stripe",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="logcheckpoint",
            name="chain_id",
            field=models.BigIntegerField(default=1, unique=True),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="accesslogrecord",
            name="at",
            field=models.DateTimeField(verbose_name="time"),
        ),
        migrations.AlterField(
            model_name="accesslogrecord",
            name="organisation_id",
            field=models.BigIntegerField(null=True, verbose_name="organisation"),
        ),
        migrations.AlterField(
            model_name="accesslogrecord",
            name="seq",
            field=models.PositiveBigIntegerField(verbose_name="sequence number"),
        ),
        migrations.AddIndex(
            model_name="accesslogrecord",
            index=models.Index(fields=["seq"], name="audit_log_seq_idx"),
        ),
        migrations.AddIndex(
            model_name="accesslogrecord",
            index=models.Index(fields=["at"], name="audit_log_at_idx"),
        ),
        migrations.AddIndex(
            model_name="accesslogrecord",
            index=models.Index(fields=["organisation_id"], name="audit_log_org_idx"),
        ),
        migrations.AddIndex(
            model_name="accesslogrecord",
            index=models.Index(fields=["chain_id", "pos"], name="audit_log_chain_pos_idx"),
        ),
        migrations.AddConstraint(
            model_name="chainhead",
            constraint=models.UniqueConstraint(fields=("organisation_id", "stripe"), name="audit_chain_org_stripe"),
        ),
        migrations.RunPython(legacy_chain, migrations.RunPython.noop),
        migrations.RunPython(sqlite_triggers, migrations.RunPython.noop),
        # Not reversible on PostgreSQL: going back would mean copying the log into one table again.
        migrations.RunPython(partition_on_postgres),
    ]
