"""A case's newest timeline entry and newest phase change, stored on the case and kept by the database.

``Case.last_activity_at`` is the time of the case's newest entry, ``Case.phase_changed_at`` of its newest entry of
kind ``phase_change`` (None without one): exactly what ``cases.models.last_entry_at()`` finds with a step back on
the timeline per case, which the team overview took for a thousand open cases (issue 14).

Triggers keep them, not Python, because entries are written in many ways: ``add_entry``/``add_entries`` of every
app's actions, ``DossierEntry.objects.create`` in a few, the scale seed's ``COPY``, test factories; and removed by
the privacy app's destruction and retention (the foreign-key walk and cascades), by ``DELETE`` statements that
Python never sees row by row. A trigger sees every one of them, and a new way of writing an entry cannot forget it.

- insert: a later time than the stored one replaces it (an entry dated in the past, as the demo writes them, does
  not make the case's last activity older);
- delete, or a change of an entry's case, time or kind (entries are never edited; for completeness): the dates of
  the cases concerned are found again from the entries that remain.

PostgreSQL: the insert and delete triggers run once per statement with its rows as a transition table, so a
``COPY`` of a million entries updates each case once; the update trigger runs per row, only when the case, time
or kind changed. SQLite (no statement triggers): per row. The existing cases are filled at the end.
"""

# ruff: noqa: S608 (constant SQL: table, column and kind names of this migration, no input)
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

ENTRY = "cases_dossierentry"
CASE = "cases_case"
PHASE_CHANGE = "'phase_change'"


def _found_again(case: str) -> str:
    """SET clause: both dates of the case whose id is ``case`` found from its entries."""
    return (
        f"last_activity_at = (SELECT max(e.at) FROM {ENTRY} e WHERE e.case_id = {case}), "
        f"phase_changed_at = (SELECT max(e.at) FROM {ENTRY} e WHERE e.case_id = {case} AND e.kind = {PHASE_CHANGE})"
    )


POSTGRES_FORWARD = [
    f"""CREATE FUNCTION cases_timeline_dates_insert() RETURNS trigger AS $$
    BEGIN
        UPDATE {CASE} c
           SET last_activity_at = GREATEST(c.last_activity_at, n.last_at),
               phase_changed_at = GREATEST(c.phase_changed_at, n.phase_at)
          FROM (SELECT case_id, max(at) AS last_at, max(at) FILTER (WHERE kind = {PHASE_CHANGE}) AS phase_at
                  FROM new_entries GROUP BY case_id) n
         WHERE c.id = n.case_id
           AND (c.last_activity_at IS NULL OR c.last_activity_at < n.last_at
                OR (c.phase_changed_at IS NULL AND n.phase_at IS NOT NULL) OR c.phase_changed_at < n.phase_at);
        RETURN NULL;
    END; $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER cases_timeline_dates_insert AFTER INSERT ON {ENTRY}
        REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION cases_timeline_dates_insert()""",
    f"""CREATE FUNCTION cases_timeline_dates_delete() RETURNS trigger AS $$
    BEGIN
        UPDATE {CASE} c SET {_found_again("c.id")} WHERE c.id IN (SELECT case_id FROM old_entries);
        RETURN NULL;
    END; $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER cases_timeline_dates_delete AFTER DELETE ON {ENTRY}
        REFERENCING OLD TABLE AS old_entries FOR EACH STATEMENT EXECUTE FUNCTION cases_timeline_dates_delete()""",
    f"""CREATE FUNCTION cases_timeline_dates_update() RETURNS trigger AS $$
    BEGIN
        UPDATE {CASE} c SET {_found_again("c.id")} WHERE c.id IN (OLD.case_id, NEW.case_id);
        RETURN NULL;
    END; $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER cases_timeline_dates_update AFTER UPDATE OF case_id, at, kind ON {ENTRY} FOR EACH ROW
        WHEN (OLD.case_id IS DISTINCT FROM NEW.case_id OR OLD.at IS DISTINCT FROM NEW.at
              OR OLD.kind IS DISTINCT FROM NEW.kind)
        EXECUTE FUNCTION cases_timeline_dates_update()""",
]
POSTGRES_BACKWARD = [
    f"DROP TRIGGER IF EXISTS cases_timeline_dates_insert ON {ENTRY}",
    f"DROP TRIGGER IF EXISTS cases_timeline_dates_delete ON {ENTRY}",
    f"DROP TRIGGER IF EXISTS cases_timeline_dates_update ON {ENTRY}",
    "DROP FUNCTION IF EXISTS cases_timeline_dates_insert()",
    "DROP FUNCTION IF EXISTS cases_timeline_dates_delete()",
    "DROP FUNCTION IF EXISTS cases_timeline_dates_update()",
]
# SQLite compares the times as text, as Django stores them there (UTC, "YYYY-MM-DD HH:MM:SS[.ffffff]"), which sorts
# as the times do; its two-argument max() is NULL when either is, hence the CASEs.
SQLITE_FORWARD = [
    f"""CREATE TRIGGER cases_timeline_dates_insert AFTER INSERT ON {ENTRY} BEGIN
        UPDATE {CASE}
           SET last_activity_at = CASE WHEN last_activity_at IS NULL OR last_activity_at < NEW.at
                                       THEN NEW.at ELSE last_activity_at END,
               phase_changed_at = CASE WHEN NEW.kind = {PHASE_CHANGE}
                                            AND (phase_changed_at IS NULL OR phase_changed_at < NEW.at)
                                       THEN NEW.at ELSE phase_changed_at END
         WHERE id = NEW.case_id;
    END""",
    # an entry older than both stored dates leaves them as they are: the newer one they name remains
    f"""CREATE TRIGGER cases_timeline_dates_delete AFTER DELETE ON {ENTRY} BEGIN
        UPDATE {CASE} SET {_found_again("OLD.case_id")}
         WHERE id = OLD.case_id
           AND (last_activity_at <= OLD.at OR (OLD.kind = {PHASE_CHANGE} AND phase_changed_at <= OLD.at));
    END""",
    f"""CREATE TRIGGER cases_timeline_dates_update AFTER UPDATE OF case_id, at, kind ON {ENTRY} BEGIN
        UPDATE {CASE} SET {_found_again(f"{CASE}.id")} WHERE id IN (OLD.case_id, NEW.case_id);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS cases_timeline_dates_insert",
    "DROP TRIGGER IF EXISTS cases_timeline_dates_delete",
    "DROP TRIGGER IF EXISTS cases_timeline_dates_update",
]


def triggers(apps, schema_editor):
    statements = {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}[schema_editor.connection.vendor]
    for sql in statements:
        schema_editor.execute(sql)


def no_triggers(apps, schema_editor):
    statements = {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}[schema_editor.connection.vendor]
    for sql in statements:
        schema_editor.execute(sql)


def fill(apps, schema_editor):
    """The existing cases' dates from their timelines: one step back on the timeline's indexes per case."""
    Case = apps.get_model("cases", "Case")
    DossierEntry = apps.get_model("cases", "DossierEntry")
    entries = DossierEntry.objects.filter(case_id=OuterRef("pk")).order_by("-at").values("at")
    Case.objects.update(
        last_activity_at=Subquery(entries[:1]),
        phase_changed_at=Subquery(entries.filter(kind="phase_change")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0018_entry_phase_change_index")]

    operations = [
        migrations.AddField(
            model_name="case",
            name="last_activity_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="last activity"),
        ),
        migrations.AddField(
            model_name="case",
            name="phase_changed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="last phase change"),
        ),
        migrations.RunPython(triggers, no_triggers),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
