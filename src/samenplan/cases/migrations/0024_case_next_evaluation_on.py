"""``Case.next_evaluation_on``: the earliest planned day of the case's evaluations not held yet (None without one),
kept by the database, and in the team overview's covering index.

The team overview counts each professional's evaluations due (planned, not held, this week or overdue). It looked
for them on the evaluations' index once per open case: a thousand look-ups for a team, ≈ 2,240 buffers, about half
of its summary statement's time at 50,000 families (issue 14). With the day on the case (read from the index of
the team's open cases, migration 0021, which now holds it too) it looks only at the cases with one due: ≈ 130.

Triggers on the evaluations keep it, on PostgreSQL and SQLite alike, as those of the timeline's dates (0019) keep
theirs: an evaluation planned (inserted not held) makes the day earlier if it is; holding, moving, re-planning or
deleting one that was not held finds the day again from the case's evaluations not held. An evaluation held when
it is saved (as most are: held without being planned) changes nothing and runs no trigger (the triggers' ``WHEN``).
Existing cases are filled here (only those with an evaluation not held: ≈ 7,300 at 50,000 families).
(On SQLite a later migration that remakes ``evaluations_evaluation`` drops its triggers: it must make them again;
``tests/administration/test_next_evaluation.py`` fails otherwise.)"""

# ruff: noqa: S608 (constant SQL: table and column names of this migration, no input)

from django.db import migrations, models

EVALUATION = "evaluations_evaluation"
CASE = "cases_case"
INDEX = "cases_case_open_team_overview_idx"


def _found_again(case: str) -> str:
    """The case ``case``'s earliest planned day of its evaluations not held (an SQL expression)."""
    return f"(SELECT min(e.planned_on) FROM {EVALUATION} e WHERE e.case_id = {case} AND e.held_on IS NULL)"


def _set_again(case: str) -> str:
    """UPDATE of the case ``case``'s day, found again; none when it stays the same (no new row version)."""
    return (
        f"UPDATE {CASE} SET next_evaluation_on = {_found_again(case)} "
        f"WHERE id = {case} AND next_evaluation_on IS DISTINCT FROM {_found_again(case)}"
    )


# planned (not held): an earlier day than the stored one replaces it
_PLANNED = (
    f"UPDATE {CASE} SET next_evaluation_on = NEW.planned_on WHERE id = NEW.case_id "
    f"AND (next_evaluation_on IS NULL OR next_evaluation_on > NEW.planned_on)"
)
# only a change that can move the day: of an evaluation not held before or after
_CHANGED = """(OLD.held_on IS NULL OR NEW.held_on IS NULL) AND (OLD.case_id IS DISTINCT FROM NEW.case_id
    OR OLD.held_on IS DISTINCT FROM NEW.held_on OR OLD.planned_on IS DISTINCT FROM NEW.planned_on)"""

POSTGRES_FORWARD = [
    f"""CREATE FUNCTION cases_next_evaluation_insert() RETURNS trigger AS $$
    BEGIN
        {_PLANNED};
        RETURN NULL;
    END; $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER cases_next_evaluation_insert AFTER INSERT ON {EVALUATION} FOR EACH ROW
        WHEN (NEW.held_on IS NULL) EXECUTE FUNCTION cases_next_evaluation_insert()""",
    f"""CREATE FUNCTION cases_next_evaluation_update() RETURNS trigger AS $$
    BEGIN
        {_set_again("OLD.case_id")};
        IF NEW.case_id IS DISTINCT FROM OLD.case_id THEN
            {_set_again("NEW.case_id")};
        END IF;
        RETURN NULL;
    END; $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER cases_next_evaluation_update AFTER UPDATE OF case_id, held_on, planned_on ON {EVALUATION}
        FOR EACH ROW WHEN ({_CHANGED}) EXECUTE FUNCTION cases_next_evaluation_update()""",
    f"""CREATE FUNCTION cases_next_evaluation_delete() RETURNS trigger AS $$
    BEGIN
        {_set_again("OLD.case_id")};
        RETURN NULL;
    END; $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER cases_next_evaluation_delete AFTER DELETE ON {EVALUATION} FOR EACH ROW
        WHEN (OLD.held_on IS NULL) EXECUTE FUNCTION cases_next_evaluation_delete()""",
]
POSTGRES_BACKWARD = [
    f"DROP TRIGGER IF EXISTS cases_next_evaluation_insert ON {EVALUATION}",
    f"DROP TRIGGER IF EXISTS cases_next_evaluation_update ON {EVALUATION}",
    f"DROP TRIGGER IF EXISTS cases_next_evaluation_delete ON {EVALUATION}",
    "DROP FUNCTION IF EXISTS cases_next_evaluation_insert()",
    "DROP FUNCTION IF EXISTS cases_next_evaluation_update()",
    "DROP FUNCTION IF EXISTS cases_next_evaluation_delete()",
]
# SQLite compares the days as text, as Django stores them there ("YYYY-MM-DD"), which sorts as the days do.
SQLITE_FORWARD = [
    f"""CREATE TRIGGER cases_next_evaluation_insert AFTER INSERT ON {EVALUATION}
        WHEN NEW.held_on IS NULL BEGIN
        {_PLANNED};
    END""",
    f"""CREATE TRIGGER cases_next_evaluation_update AFTER UPDATE OF case_id, held_on, planned_on ON {EVALUATION}
        WHEN {_CHANGED} BEGIN
        {_set_again("OLD.case_id")};
        {_set_again("NEW.case_id")};
    END""",
    f"""CREATE TRIGGER cases_next_evaluation_delete AFTER DELETE ON {EVALUATION}
        WHEN OLD.held_on IS NULL BEGIN
        {_set_again("OLD.case_id")};
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS cases_next_evaluation_insert",
    "DROP TRIGGER IF EXISTS cases_next_evaluation_update",
    "DROP TRIGGER IF EXISTS cases_next_evaluation_delete",
]

# The team overview's covering index (0021) with the day: its summary reads it of every open case of the team.
_INDEX = f"""CREATE INDEX IF NOT EXISTS {INDEX} ON {CASE} (team_id, phase, opened_on, id)
    INCLUDE (caseworker_id, phase_changed_at, last_activity_at, family_id, family_name{{more}})
    WHERE closed_on IS NULL"""


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}[vendor]:
        schema_editor.execute(sql)
    schema_editor.execute(
        f"UPDATE {CASE} SET next_evaluation_on = {_found_again(f'{CASE}.id')} "
        f"WHERE id IN (SELECT case_id FROM {EVALUATION} WHERE held_on IS NULL)"
    )
    if vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        schema_editor.execute(_INDEX.format(more=", next_evaluation_on"))


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}[vendor]:
        schema_editor.execute(sql)
    if vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        schema_editor.execute(_INDEX.format(more=""))


class Migration(migrations.Migration):
    dependencies = [("cases", "0023_case_names_folded"), ("evaluations", "0002_closing_other_help")]

    operations = [
        migrations.AddField(
            model_name="case",
            name="next_evaluation_on",
            field=models.DateField(editable=False, null=True, serialize=False),
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
