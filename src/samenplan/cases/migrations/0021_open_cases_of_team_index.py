"""A covering index of the open cases by team, in the team overview's order (phase, opening date, case), holding
every column the overview reads of them: its case statement is an index-only scan of the team's open cases,
already sorted, instead of a bitmap heap scan of ≈ 920 heap pages for 1,000 cases and a sort (3.5 → 1.5 ms).

The index holds ``last_activity_at`` and ``phase_changed_at``, which the timeline's triggers set on every entry:
such an update of a case can no longer be a HOT update (every entry also writes this index). Measured on "saving
an evaluation": see the commit. On pages that are not all-visible (updated since the last VACUUM) the scan reads
the heap page after all (its "Heap Fetches"), so it is never wrong, only as slow as before for those cases.

PostgreSQL only (INCLUDE and a partial index): SQLite keeps its plain index on the team."""

from django.db import migrations

INDEX = "cases_case_open_team_overview_idx"

CREATE = f"""
CREATE INDEX IF NOT EXISTS {INDEX} ON cases_case (team_id, phase, opened_on, id)
    INCLUDE (caseworker_id, phase_changed_at, last_activity_at, family_id, family_name)
    WHERE closed_on IS NULL
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0020_caseload_sort_name_and_folded_names")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
