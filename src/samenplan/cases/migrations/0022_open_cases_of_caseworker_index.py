"""A covering index of the open cases by caseworker, holding what the caseload's list needs of them to find, order
and count a page (``cases.caselist``: the case, its phase, the family's name, the team): the caseworker's part of
the list is an index-only scan instead of a bitmap heap scan that visited a table page for nearly every case (a
professional's 208 open cases: 176 pages).

No column of it changes when a timeline entry is written (the triggers set ``last_activity_at`` and
``phase_changed_at``); such updates already write every index of the case (0021 holds those columns), now one
more.

PostgreSQL only (INCLUDE and a partial index): SQLite keeps its plain index on the caseworker."""

from django.db import migrations

INDEX = "cases_case_open_caseworker_idx"

CREATE = f"""
CREATE INDEX IF NOT EXISTS {INDEX} ON cases_case (caseworker_id)
    INCLUDE (id, phase, family_name, team_id)
    WHERE closed_on IS NULL
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0021_open_cases_of_team_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
