"""Name search on PostgreSQL, part three: the GIN trigram indexes of migration 0013 without a pending list.

By default (``fastupdate``) a GIN index gathers new entries in a pending list of up to ``gin_pending_list_limit``
(4 MB) that every search reads in full until a vacuum merges it into the index. Names are written seldom and
searched often: at 50,000 families the pending lists left by the families registered since the last vacuum made
one search read 450 pages per index. Without ``fastupdate`` a new name goes into the index when it is written, and
the lists already there are merged now. Nothing happens on SQLite."""

from django.db import migrations

INDEXES = ["cases_family_name_trgm", "cases_member_given_name_trgm", "cases_member_family_name_trgm"]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for index in INDEXES:
            schema_editor.execute(f"ALTER INDEX {index} SET (fastupdate = off)")
            schema_editor.execute(f"SELECT gin_clean_pending_list('{index}'::regclass)")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for index in INDEXES:
            schema_editor.execute(f"ALTER INDEX {index} RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [("cases", "0016_languages_member_language")]

    operations = [migrations.RunPython(forward, backward)]
