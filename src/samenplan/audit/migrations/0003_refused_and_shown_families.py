"""Refused access becomes an event; the detail may hold every family id a list or search showed.

On SQLite, altering a column rebuilds the table, which drops its triggers: the append-only triggers of 0002 are
created again afterwards (on PostgreSQL the column type changes in place and the trigger stays).
"""

import importlib

from django.db import migrations, models

append_only = importlib.import_module("samenplan.audit.migrations.0002_append_only")


def sqlite_triggers_again(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in (*append_only.SQLITE_BACKWARD, *append_only.SQLITE_FORWARD):
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]

    operations = [
        # Backwards, the rebuild happens after this step: the triggers come back here then.
        migrations.RunPython(migrations.RunPython.noop, sqlite_triggers_again),
        migrations.AlterField(
            model_name="accesslogrecord",
            name="detail",
            field=models.TextField(blank=True, verbose_name="detail"),
        ),
        migrations.AlterField(
            model_name="accesslogrecord",
            name="event",
            field=models.CharField(
                choices=[
                    ("read", "read"),
                    ("search", "search"),
                    ("create", "create"),
                    ("change", "change"),
                    ("delete", "delete"),
                    ("export", "export"),
                    ("print", "print"),
                    ("refused", "access refused"),
                ],
                max_length=16,
                verbose_name="event",
            ),
        ),
        migrations.RunPython(sqlite_triggers_again, migrations.RunPython.noop),
    ]
