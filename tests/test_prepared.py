"""samenplan.prepared: lists read by SQL compiled once per connection are the ORM's own rows, on every vendor; a
statement run as a prepared statement on PostgreSQL is counted and logged as any other."""

from __future__ import annotations

from django.db import connection, connections
from django.db.models import Exists, OuterRef
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samenplan import prepared
from samenplan.cases import access
from samenplan.cases.actions import do_add_note
from samenplan.cases.models import DossierEntry, SharedEntry, Voice
from tests.conftest import requires_postgres


def entries(case):
    shared = Exists(SharedEntry.objects.filter(entry_id=OuterRef("pk")))
    found = DossierEntry.objects.filter(case_id=case.pk).annotate(is_shared=shared).order_by("-at", "-pk")
    return found.values(*access.TIMELINE_FIELDS)


def test_it_reads_the_rows_the_orm_reads_with_each_call_s_parameters(world):
    do_add_note(world.caseworker, world.case, text="Gedeeld", voice=Voice.PROFESSIONAL, shared=True)
    do_add_note(world.outsider, world.outsider_case, text="Elders", voice=Voice.FAMILY)
    builds = []

    def build(case):
        builds.append(case)
        return entries(case)

    for case in (world.case, world.outsider_case, world.case):
        rows = prepared.values(DossierEntry, "test-entries", lambda case=case: build(case), [1, case.pk])
        assert rows == list(entries(case))  # the same values, converted alike (a moment on SQLite), the same names
        assert rows and {row["at"].tzinfo is not None for row in rows} == {True}
    assert builds == [world.case]  # compiled at the first call only
    assert any(
        row["is_shared"] is True for row in prepared.values(DossierEntry, "test-entries", None, [1, world.case.pk])
    )


def test_it_runs_the_orm_s_query_when_the_parameters_are_not_the_compiled_ones(world):
    with CaptureQueriesContext(connection) as queries:
        for _ in range(2):
            rows = prepared.values(DossierEntry, "test-wrong", lambda: entries(world.case), [world.case.pk])
            assert rows == list(entries(world.case))
    assert len(queries) == 4  # nothing kept: each call the ORM's query (and the test's own)
    prepared.values(DossierEntry, "test-right", lambda: entries(world.case), [1, world.case.pk])
    kept = connections["default"].__dict__["samenplan_prepared_values"]  # the connection's, not the proxy's
    assert "test-right" in kept and "test-wrong" not in kept


SQL = "SELECT id, name FROM accounts_organisation WHERE id >= %s ORDER BY id"


def _plain(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def test_it_gives_the_rows_a_plain_cursor_gives_and_is_counted_and_logged_with_its_values(world):
    with CaptureQueriesContext(connection) as queries:
        rows = prepared.fetchall(connection, SQL, [world.org.pk])
    assert rows == _plain(SQL, [world.org.pk]) and rows
    (query,) = queries.captured_queries
    assert f">= {world.org.pk}" in query["sql"]  # the statement as it would have run, values and all


@requires_postgres()
def test_it_prepares_the_statement_once_per_connection_on_postgresql(world):
    def prepared_statements():
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement, generic_plans + custom_plans FROM pg_prepared_statements")
            return {statement: runs for statement, runs in cursor.fetchall() if "accounts_organisation" in statement}

    assert prepared_statements() == {}
    for _ in range(3):
        assert prepared.fetchall(connection, SQL, [world.org.pk]) == _plain(SQL, [world.org.pk])
    ((statement, runs),) = prepared_statements().items()
    assert "$1" in statement and runs == 3
    # Django's setting is left as it was: its own statements stay unprepared.
    assert connection.connection.prepare_threshold is None
    _plain(SQL, [world.org.pk])
    assert len(prepared_statements()) == 1


@requires_postgres()
def test_a_long_statement_is_converted_as_psycopg_converts_it_and_prepared_once(world):
    """A statement longer than psycopg keeps converted (4,096 bytes, as the dossier's case statement) is converted
    once, as psycopg itself converts it, and runs as a prepared statement with each call's values."""
    from psycopg._queries import MAX_CACHED_STATEMENT_LENGTH, PostgresQuery
    from psycopg.adapt import Transformer

    padding = " ".join(f"AND {n} = {n}" for n in range(MAX_CACHED_STATEMENT_LENGTH // 8))
    sql = f"SELECT id, name FROM accounts_organisation WHERE id >= %s {padding} AND name <> %s ORDER BY id"
    assert len(sql) > MAX_CACHED_STATEMENT_LENGTH
    params = [world.org.pk, "no such name"]
    connection.ensure_connection()
    ours = prepared._KeptQuery(Transformer(connection.connection))
    theirs = PostgresQuery(Transformer(connection.connection))
    ours.convert(sql, params)
    theirs.convert(sql, params)
    converted = (ours.query, ours.params, ours.types, ours.formats)
    assert converted == (theirs.query, theirs.params, theirs.types, theirs.formats)
    assert b"$2" in ours.query and b"%s" not in ours.query
    for value in (world.org.pk, world.org.pk + 1):
        assert prepared.fetchall(connection, sql, [value, "x"]) == _plain(sql, [value, "x"])
    assert prepared._converted.cache_info().currsize >= 1


def test_its_instances_are_the_orm_s_own(world):
    from samenplan.cases.models import Member

    def build(family_id):
        return Member.objects.filter(family_id=family_id).order_by("role", "date_of_birth", "pk")

    for case in (world.case, world.outsider_case, world.case):
        family = case.family_id
        found = prepared.instances(Member, "test-members", lambda family=family: build(family), [family])
        expected = list(build(family))
        assert found and [m.pk for m in found] == [m.pk for m in expected]
        for mine, theirs in zip(found, expected, strict=True):
            assert mine.__dict__.keys() == theirs.__dict__.keys()
            assert all(getattr(mine, f.attname) == getattr(theirs, f.attname) for f in Member._meta.concrete_fields)
            assert mine._state.db == theirs._state.db and not mine._state.adding


def test_an_inserted_record_is_the_one_save_writes(world):
    from samenplan.evaluations.models import Evaluation, Outcome

    now, today = timezone.now(), timezone.localdate()

    def new(**fields):
        return Evaluation(case=world.case, author=world.caseworker, recorded_at=now, planned_on=today, **fields)

    held = {"held_on": today, "held_by": world.caseworker, "version": 3}
    for fields in ({"how": "<b>thuis</b>", "outcome": Outcome.CONTINUE}, held, {}):
        mine, theirs = new(**fields), new(**fields)
        with CaptureQueriesContext(connection) as queries:
            prepared.insert(mine)
        theirs.save()
        assert len(queries) == 1 and mine.pk is not None and mine.pk != theirs.pk
        assert not mine._state.adding and mine._state.db == theirs._state.db
        stored = Evaluation.objects.values()
        row = {k: v for k, v in stored.get(pk=mine.pk).items() if k != "id"}
        assert row == {k: v for k, v in stored.get(pk=theirs.pk).items() if k != "id"}
        assert {f.attname: getattr(mine, f.attname) for f in Evaluation._meta.concrete_fields if f.attname != "id"} == {
            f.attname: getattr(theirs, f.attname) for f in Evaluation._meta.concrete_fields if f.attname != "id"
        }
    saved = new()
    saved.save()
    before = Evaluation.objects.count()
    saved.how = "bewaard"
    prepared.insert(saved)  # a record with its key is saved by save(): changed, not inserted again
    assert Evaluation.objects.count() == before and Evaluation.objects.get(pk=saved.pk).how == "bewaard"


def test_records_inserted_together_are_the_ones_bulk_create_writes(world):
    now = timezone.now()

    def new(count, text):
        return [
            DossierEntry(case=world.case, author=world.caseworker, at=now, kind="note", voice=Voice.FAMILY, text=text)
            for _ in range(count)
        ]

    def stored(records):
        rows = DossierEntry.objects.filter(pk__in=[r.pk for r in records]).order_by("pk").values()
        return [{k: v for k, v in row.items() if k != "id"} for row in rows]

    connections["default"].__dict__.pop("samenplan_prepared_insert_many", None)
    for count in (1, 3, 3, 2):
        mine, theirs = new(count, f"samen {count}"), new(count, f"samen {count}")
        with CaptureQueriesContext(connection) as queries:
            assert prepared.insert_many(mine) == mine
        DossierEntry.objects.bulk_create(theirs)
        assert len(queries) == 1
        assert [r.pk for r in mine] == sorted(r.pk for r in mine) and None not in [r.pk for r in mine]
        assert all(not r._state.adding and r._state.db == t._state.db for r, t in zip(mine, theirs, strict=True))
        assert stored(mine) == stored(theirs)
    compiled = connections["default"].__dict__["samenplan_prepared_insert_many"]
    assert set(compiled) == {(DossierEntry, n) for n in (1, 2, 3)}  # compiled once per count
    assert prepared.insert_many([]) == []
    given = new(1, "met sleutel")
    given[0].pk = DossierEntry.objects.order_by("-pk").values_list("pk", flat=True).first() + 1000
    prepared.insert_many(given)  # a key given: bulk_create itself
    assert DossierEntry.objects.get(pk=given[0].pk).text == "met sleutel"


def test_groups_inserted_in_one_statement_are_the_rows_their_inserts_write(world):
    """``insert_together``: on PostgreSQL one statement writes what ``insert_many`` writes for each group, every
    record's key set in the records' order; elsewhere it writes nothing and says so (the caller inserts them)."""
    from samenplan.evaluations.models import Evaluation, Outcome
    from samenplan.goals.models import Goal, ScaleScore

    now, today = timezone.now(), timezone.localdate()
    goal = Goal.objects.create(case=world.case, words="Rustige ochtenden", author=world.caseworker, recorded_at=now)

    def new():
        evaluation = Evaluation(
            case=world.case, author=world.caseworker, recorded_at=now, held_on=today, outcome=Outcome.CONTINUE
        )
        scores = [
            ScaleScore(goal=goal, professional=world.caseworker, score=n, scored_on=today, author=world.caseworker)
            for n in (3, 7)
        ]
        for score in scores:
            score.recorded_at = now
        entries = [
            DossierEntry(case=world.case, author=world.caseworker, at=now, kind="evaluation", voice=voice, text=voice)
            for voice in (Voice.FAMILY, Voice.PROFESSIONAL, Voice.FAMILY)
        ]
        return [evaluation], scores, entries

    def stored(records):
        model = type(records[0])
        rows = model.objects.filter(pk__in=[r.pk for r in records]).order_by("pk").values()
        return [{k: v for k, v in row.items() if k != "id"} for row in rows]

    mine, theirs = new(), new()
    counts = [DossierEntry.objects.count(), ScaleScore.objects.count(), Evaluation.objects.count()]
    with CaptureQueriesContext(connection) as queries:
        together = prepared.insert_together(*mine)
    if connection.vendor != "postgresql":
        assert together is False and len(queries) == 0
        assert [DossierEntry.objects.count(), ScaleScore.objects.count(), Evaluation.objects.count()] == counts
        assert all(record.pk is None and record._state.adding for group in mine for record in group)
        return
    assert together is True and len(queries) == 1
    for group in theirs:
        prepared.insert_many(group)
    for group, their_group in zip(mine, theirs, strict=True):
        keys = [record.pk for record in group]
        assert None not in keys and keys == sorted(keys)
        assert all(not r._state.adding and r._state.db == t._state.db for r, t in zip(group, their_group, strict=True))
        assert stored(group) == stored(their_group)
    entries = mine[2]  # each record has its own row's key
    assert [DossierEntry.objects.get(pk=entry.pk).voice for entry in entries] == [e.voice for e in entries]
    assert [ScaleScore.objects.get(pk=score.pk).score for score in mine[1]] == [3, 7]
    # an empty group, or a group insert_many leaves to bulk_create (a key given): nothing written, False
    assert prepared.insert_together([]) is False
    given = new()[2][:1]
    given[0].pk = DossierEntry.objects.order_by("-pk").values_list("pk", flat=True).first() + 1000
    before = DossierEntry.objects.count()
    assert prepared.insert_together(new()[2], given) is False
    assert DossierEntry.objects.count() == before
