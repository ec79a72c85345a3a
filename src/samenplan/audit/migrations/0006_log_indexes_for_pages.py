"""Indexes for the access-log page at a region's scale: (family_id, seq), (case_id, seq) and (user_id, at)
instead of single-column ones, and one unique index on the hash (``unique=True`` also built a LIKE-pattern index on
PostgreSQL).

On SQLite, altering a column rebuilds the table, which drops its triggers: the append-only triggers (0002, with
0004's delete rule) are created again afterwards, as 0003 does; on PostgreSQL the trigger stays.
"""

import importlib

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

append_only = importlib.import_module("samenplan.audit.migrations.0002_append_only")
checkpoint = importlib.import_module("samenplan.audit.migrations.0004_log_checkpoint")


def sqlite_triggers_again(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in (*append_only.SQLITE_BACKWARD, *append_only.SQLITE_FORWARD, *checkpoint.SQLITE_FORWARD[:2]):
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0005_emergency_event"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Backwards, the rebuild happens after this step: the triggers come back here then.
        migrations.RunPython(migrations.RunPython.noop, sqlite_triggers_again),
        migrations.AlterField(
            model_name="accesslogrecord",
            name="case_id",
            field=models.BigIntegerField(null=True, verbose_name="case"),
        ),
        migrations.AlterField(
            model_name="accesslogrecord",
            name="family_id",
            field=models.BigIntegerField(null=True, verbose_name="family"),
        ),
        migrations.AlterField(
            model_name="accesslogrecord",
            name="hash",
            field=models.CharField(max_length=64, verbose_name="hash"),
        ),
        migrations.AlterField(
            model_name="accesslogrecord",
            name="user",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="user",
            ),
        ),
        migrations.AddIndex(
            model_name="accesslogrecord",
            index=models.Index(fields=["family_id", "seq"], name="audit_log_family_seq_idx"),
        ),
        migrations.AddIndex(
            model_name="accesslogrecord",
            index=models.Index(fields=["case_id", "seq"], name="audit_log_case_seq_idx"),
        ),
        migrations.AddIndex(
            model_name="accesslogrecord",
            index=models.Index(fields=["user", "at"], name="audit_log_user_at_idx"),
        ),
        migrations.AddConstraint(
            model_name="accesslogrecord",
            constraint=models.UniqueConstraint(fields=("hash",), name="audit_log_hash_unique"),
        ),
        migrations.RunPython(sqlite_triggers_again, migrations.RunPython.noop),
    ]
