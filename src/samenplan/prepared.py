"""Statements that are the same on every request but for their parameters, made cheaper to run again.

Two kinds (issue 14):

- ``values`` (and ``values_list``): a ``.values()`` (``.values_list()``) list compiled by the ORM once per database
  connection, then run with each request's parameters. Building and compiling a query through the ORM costs 0.5
  to 1.5 ms of Python, more than PostgreSQL takes to answer the dossier's queries about one case.
  ``cases.access._case_by_key`` does the same for a case with its related records. What is kept is the SQL, the
  names of its columns and their converters: nothing of a request. This relies on the ORM's compiler
  (``as_sql``, ``select``, ``get_converters``, ``apply_converters``) and on how ``ValuesIterable`` names the
  columns (``extra_select``, ``values_select``, ``annotation_select``), as in Django 5.2; ``tests/test_prepared.py``
  checks that the rows are the ORM's own. ``values_as`` runs a statement written by hand whose columns are those of
  such a list, named and converted as the ORM's (the caseload's UNION, ``cases.caselist``).

- ``fetchall``: one statement run as a prepared statement on PostgreSQL, planned once per database connection,
  not on every request. PostgreSQL plans a statement anew each time it receives its text. For most of samenplan's
  statements that costs little; for a statement over the access log's monthly partitions planning took longer than
  running it (63 partitions: ≈ 3.7 ms planning, 1.3 ms running), and it grows with every month. A prepared
  statement is planned when first run on a connection (``plan_cache_mode``; the access-log page asks for the
  generic plan) and its plan reused until the connection closes or a table it reads changes (PostgreSQL plans it
  again then by itself).

  Django turns psycopg's prepared statements off (``prepare_threshold`` None: poolers in transaction mode did not
  keep them; PgBouncer does since 1.21 with ``max_prepared_statements`` set, which a deployment behind PgBouncer in
  transaction mode then needs) and binds parameters on the client. ``fetchall`` runs only the statements handed
  to it through psycopg's server-side binding with ``prepare=True``, through Django's cursor wrapper (so the
  statement is counted and logged like any other), and leaves the connection's setting as it found it. On other
  databases the statement simply runs. Relies on psycopg 3's ``Cursor.execute(prepare=True)`` and
  ``Connection.prepare_threshold`` and on Django's ``make_cursor``/``make_debug_cursor``, ``queries_log`` and
  ``ops.compose_sql``; tests/test_prepared.py pins them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Sequence

import psycopg
from django.db import connections, router, transaction
from django.db.models import AutoField, QuerySet, signals
from django.db.models.sql import InsertQuery, Query
from psycopg._queries import PostgresQuery, _query2pg_nocache


def values(
    model, key: Hashable, build: Callable[[], QuerySet], params: Sequence, *, prepare: bool = False
) -> list[dict]:
    """The rows of ``build()``, a ``.values(...)`` query on ``model``, as the ORM gives them (dicts), with ``params``
    as its parameters: exactly the ones the compiled SQL holds, in order. ``key`` names the query's shape (the same
    SQL text for every call with that key); ``build`` is called only to compile it. When the compiled parameters
    are not ``params``, the query is run as the ORM compiles it, every time (slower, never wrong). With
    ``prepare``, run as a prepared statement on PostgreSQL (``fetchall``)."""
    found = _run(model, key, build, params, prepare=prepare)
    if found is None:
        return list(build())
    names, rows = found
    return [dict(zip(names, row, strict=False)) for row in rows]


def values_list(
    model, key: Hashable, build: Callable[[], QuerySet], params: Sequence, *, prepare: bool = False
) -> list[tuple]:
    """The same for a ``.values_list(...)`` query: its rows as tuples, as the ORM gives them. With ``prepare``, run
    as a prepared statement on PostgreSQL (``fetchall``)."""
    found = _run(model, key, build, params, prepare=prepare)
    if found is None:
        return list(build())
    return [tuple(row) for row in found[1]]


def values_as(
    model, key: Hashable, build: Callable[[], QuerySet], sql: str, params: Sequence, *, prepare: bool = False
) -> list[dict]:
    """The rows of ``sql`` (``%s`` placeholders, ``params``), a statement written by hand whose columns are those of
    ``build()``, a ``.values(...)`` query on ``model``, in its order: named and converted as the ORM gives
    ``build()``'s rows (``build`` is compiled once per connection and ``key``, only for that). With ``prepare``, run
    as a prepared statement on PostgreSQL (``fetchall``)."""
    database = router.db_for_read(model)
    connection = connections[database]
    compiled = connection.__dict__.setdefault("samenplan_prepared_values", {})
    key = ("columns of", key)
    if key not in compiled:
        queryset = build().using(database)
        compiler = queryset.query.get_compiler(using=database)
        compiler.setup_query()
        query = queryset.query
        names = tuple(query.selected or (*query.extra_select, *query.values_select, *query.annotation_select))
        converters = compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]])
        compiled[key] = names, converters
    names, converters = compiled[key]
    rows = _fetch(model, database, sql, params, converters, prepare=prepare)
    return [dict(zip(names, row, strict=False)) for row in rows]


def _run(
    model, key: Hashable, build: Callable[[], QuerySet], params: Sequence, *, prepare: bool = False
) -> tuple[tuple, list] | None:
    """The names of the columns and the converted rows of the query compiled once for ``key``; None when the
    compiled parameters are not ``params`` (the caller runs the query through the ORM)."""
    database = router.db_for_read(model)
    connection = connections[database]
    compiled = connection.__dict__.setdefault("samenplan_prepared_values", {})
    if key not in compiled:
        queryset = build().using(database)
        compiler = queryset.query.get_compiler(using=database)
        sql, query_params = compiler.as_sql()
        if list(query_params) != list(params):
            return None
        query = queryset.query  # the names as ValuesIterable gives them, the columns as results_iter converts them
        names = tuple(query.selected or (*query.extra_select, *query.values_select, *query.annotation_select))
        converters = compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]])
        compiled[key] = sql, names, converters
    sql, names, converters = compiled[key]
    return names, _fetch(model, database, sql, params, converters, prepare=prepare)


def _fetch(model, database: str, sql: str, params: Sequence, converters: dict, *, prepare: bool) -> list:
    """The rows of ``sql`` on ``database``, prepared or not, converted as the ORM converts ``model``'s columns."""
    connection = connections[database]
    if prepare:
        rows = fetchall(connection, sql, list(params))
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    if converters:
        rows = Query(model).get_compiler(using=database).apply_converters(rows, converters)
    return rows


class _KeptQuery(PostgresQuery):
    """psycopg's conversion of a statement for the server (its ``%s`` placeholders as ``$1``, ``$2``, …), kept per
    text for every length: psycopg keeps it only for a text of up to 4,096 bytes (``MAX_CACHED_STATEMENT_LENGTH``)
    and converted the dossier's case statement (6,300 bytes, run prepared) again on every request, 60 µs. The texts
    run here are few (each compiled once per shape). Relies on ``PostgresQuery.convert`` setting ``query``,
    ``_want_formats``, ``_order`` and ``_parts`` from ``_query2pg`` and then calling ``dump`` (psycopg 3.2);
    tests/test_prepared.py checks the conversion against psycopg's own."""

    __slots__ = ()

    def convert(self, query, vars) -> None:
        if not isinstance(query, str) or vars is None:
            super().convert(query, vars)
            return
        self.query, self._want_formats, self._order, self._parts = _converted(query, self._tx.encoding)
        self.dump(vars)


@functools.lru_cache(maxsize=256)
def _converted(query: str, encoding: str) -> tuple:
    return _query2pg_nocache(query.encode(encoding), encoding)


class _PreparedCursor(psycopg.Cursor):
    """A server-side binding cursor whose statements are prepared on the server the first time they run."""

    _query_cls = _KeptQuery

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)


def fetchall(connection, sql: str, params: list) -> list[tuple]:
    """The rows of ``sql`` (``%s`` placeholders) with ``params``, on PostgreSQL as a prepared statement."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    connection.ensure_connection()
    raw = connection.connection
    raw_cursor = _PreparedCursor(raw)
    cursor = (
        connection.make_debug_cursor(raw_cursor) if connection.queries_logged else connection.make_cursor(raw_cursor)
    )
    threshold = raw.prepare_threshold
    raw.prepare_threshold = 0  # None turns preparing off altogether, even when asked for
    try:
        with cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    finally:
        raw.prepare_threshold = threshold
    if connection.queries_logged:
        # Django logs the text psycopg last sent with its values in it, which a prepared statement's execution does
        # not have: log the statement as it would have run unprepared, as every other query is logged.
        connection.queries_log[-1]["sql"] = connection.ops.compose_sql(sql, params)
    return rows


def instances(model, key: Hashable, build: Callable[[], QuerySet], params: Sequence) -> list:
    """The rows of ``build()``, a query on ``model`` alone (no related records, no annotations), as model instances
    made as the ORM makes them (``Model.from_db`` with every concrete field), the query compiled once per connection
    and shape like ``values``. Related records the caller knows (the case of its goals) it sets itself."""
    names = [field.attname for field in model._meta.concrete_fields]
    database = router.db_for_read(model)
    rows = values_list(model, key, lambda: build().values_list(*names), params)
    return [model.from_db(database, names, row) for row in rows]


def insert(instance) -> None:
    """``instance.save()`` of a new record (its primary key made by the database), with the INSERT compiled once
    per connection and model and run with the instance's values: the ORM's insert (``SQLInsertCompiler``) costs
    0.2 ms of Python for a record of twenty fields, the statement itself a fraction of it. Its primary key is set
    from the statement's ``RETURNING`` and its state is a saved record's, as after ``save()``. A model with save
    signals, a primary key given, a value that is an expression or a database that returns no columns from an
    insert is saved by ``save()`` itself (slower, never different)."""
    model = type(instance)
    meta = model._meta
    database = router.db_for_write(model, instance=instance)
    connection = connections[database]
    if (
        instance.pk is not None
        or meta.parents
        or signals.pre_save.has_listeners(model)
        or signals.post_save.has_listeners(model)
        or not connection.features.can_return_columns_from_insert
    ):
        instance.save(using=database)
        return
    instance._prepare_related_fields_for_save(operation_name="save")
    fields = [field for field in meta.local_concrete_fields if field not in meta.pk_fields and not field.generated]
    values = [field.pre_save(instance, add=True) for field in fields]
    if any(hasattr(value, "resolve_expression") for value in values):
        instance.save(using=database)
        return
    params = [field.get_db_prep_save(value, connection) for field, value in zip(fields, values, strict=True)]
    compiled = connection.__dict__.setdefault("samenplan_prepared_inserts", {})
    if model not in compiled:
        query = InsertQuery(model)
        query.insert_values(fields, [instance])
        compiler = query.get_compiler(using=database)
        compiler.returning_fields = meta.db_returning_fields
        ((sql, query_params),) = compiler.as_sql()
        if list(query_params) != params:
            instance.save(using=database)
            return
        columns = [field.get_col(meta.db_table) for field in meta.db_returning_fields]
        compiled[model] = sql, compiler.returning_params, compiler.get_converters(columns)
    sql, returning_params, converters = compiled[model]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = connection.ops.fetch_returned_insert_columns(cursor, returning_params)
    if converters:
        (row,) = Query(model).get_compiler(using=database).apply_converters([row], converters)
    for field, value in zip(meta.db_returning_fields, row, strict=True):
        setattr(instance, field.attname, value)
    instance._state.adding = False
    instance._state.db = database


INSERT_MANY_LIMIT = 100  # more records at once are saved by bulk_create itself (one compiled statement per count)


def insert_many(objs: list) -> list:
    """``Model.objects.bulk_create(objs)`` of new records of one model (their primary keys made by the database),
    the INSERT compiled once per connection, model and number of records and run with the records' values:
    ``bulk_create`` costs ≈ 0.2 ms of Python for a few records, the statement a fraction of it. Their primary
    keys are set from the statement's ``RETURNING`` and their state is a saved record's, as after ``bulk_create``
    (no signals, as there). A primary key given or with a default, a value that is an expression, a field with its
    own placeholder, more records than ``INSERT_MANY_LIMIT`` or than one batch, or a database that returns no rows
    from a bulk insert: ``bulk_create`` itself (slower, never different). At compiling, the ORM's parameters are
    checked to be the records' values in one of its two layouts (row after row in ``VALUES``; on PostgreSQL one
    array per column for ``UNNEST``), as ``insert`` checks its own; relies on Django 5.2's ``SQLInsertCompiler``
    like ``insert``."""
    objs = list(objs)
    if not objs:
        return objs
    statement = _many(objs)
    if statement is None:
        return type(objs[0])._default_manager.bulk_create(objs)
    database, sql, params, returning_params, converters = statement
    connection = connections[database]
    with transaction.atomic(using=database, savepoint=False), connection.cursor() as cursor:
        cursor.execute(sql, params)
        if len(objs) > 1:
            returned = connection.ops.fetch_returned_insert_rows(cursor)
        else:
            returned = [connection.ops.fetch_returned_insert_columns(cursor, returning_params)]
    if converters:
        returned = Query(type(objs[0])).get_compiler(using=database).apply_converters(returned, converters)
    _saved(objs, returned, database)
    return objs


def _many(objs: list) -> tuple | None:
    """``insert_many``'s statement for ``objs`` (new records of one model): (database, SQL, parameters, the
    compiler's returning parameters, the returned columns' converters); None when ``bulk_create`` must save
    them (see ``insert_many``)."""
    model = type(objs[0])
    meta = model._meta
    database = router.db_for_write(model)
    connection = connections[database]
    fields = [f for f in meta.concrete_fields if not f.generated and not isinstance(f, AutoField)]
    if (
        len(objs) > INSERT_MANY_LIMIT
        or meta.all_parents
        or not isinstance(meta.pk, AutoField)
        or meta.pk.has_default()
        or not connection.features.can_return_rows_from_bulk_insert
        or any(type(obj) is not model or obj._is_pk_set() for obj in objs)
        or any(hasattr(field, "get_placeholder") for field in fields)
        or connection.ops.bulk_batch_size(fields, objs) < len(objs)
    ):
        return None
    for obj in objs:
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
    values = [[field.pre_save(obj, add=True) for field in fields] for obj in objs]
    if any(hasattr(value, "resolve_expression") for row in values for value in row):
        return None
    rows = [
        [field.get_db_prep_save(value, connection) for field, value in zip(fields, row, strict=True)] for row in values
    ]
    compiled = connection.__dict__.setdefault("samenplan_prepared_insert_many", {})
    key = model, len(objs)
    if key not in compiled:
        query = InsertQuery(model)
        query.insert_values(fields, objs)
        compiler = query.get_compiler(using=database)
        compiler.returning_fields = meta.db_returning_fields
        ((sql, query_params),) = compiler.as_sql()
        if query_params == tuple(value for row in rows for value in row):
            by_column = False
        elif query_params == tuple(list(column) for column in zip(*rows, strict=True)):
            by_column = True
        else:
            return None
        columns = [field.get_col(meta.db_table) for field in meta.db_returning_fields]
        compiled[key] = sql, by_column, compiler.returning_params, compiler.get_converters(columns)
    sql, by_column, returning_params, converters = compiled[key]
    params = [list(column) for column in zip(*rows, strict=True)] if by_column else [v for row in rows for v in row]
    return database, sql, params, returning_params, converters


def _saved(objs: list, returned, database: str) -> None:
    """Set the returned columns on the records inserted, and their state to a saved record's."""
    returning = objs[0]._meta.db_returning_fields
    for obj, row in zip(objs, returned, strict=True):
        for field, value in zip(returning, row, strict=True):
            setattr(obj, field.attname, value)
        obj._state.adding = False
        obj._state.db = database


def insert_together(*groups: list) -> bool:
    """On PostgreSQL, several ``insert_many``'s in one statement: each group new records of one model, inserted
    as ``insert_many`` inserts them (the same columns and values, their primary keys set, no signals), each
    group's INSERT a data-modifying ``WITH`` query of one statement, so one round trip instead of one per group.
    Every group's INSERT runs (PostgreSQL runs each such query to completion) and sees none of the others' rows;
    triggers run as for separate statements (a statement trigger at the statement's end). The primary keys come
    back in the order the database drew them, which is the order of the records (as ``bulk_create`` relies on).

    Returns False, having written nothing, when it does not do this: another database, an empty group, a model
    with save signals (``insert`` would send them), a model that returns more than its key from an insert, or a
    group ``insert_many`` leaves to ``bulk_create``. The caller then saves them its usual way."""
    if not groups or any(not group for group in groups):
        return False
    statements = []
    for group in groups:
        model = type(group[0])
        if (
            signals.pre_save.has_listeners(model)
            or signals.post_save.has_listeners(model)
            or list(model._meta.db_returning_fields) != [model._meta.pk]
        ):
            return False
        statement = _many(group)
        if statement is None or statement[4]:  # not insert_many's statement, or its key needs converting
            return False
        statements.append(statement)
    database = statements[0][0]
    connection = connections[database]
    if connection.vendor != "postgresql" or any(statement[0] != database for statement in statements):
        return False
    compiled = connection.__dict__.setdefault("samenplan_prepared_insert_together", {})
    key = tuple((type(group[0]), len(group)) for group in groups)
    if key not in compiled:
        quote = connection.ops.quote_name
        parts = [f"{quote(f'i{n}')} AS ({statement[1]})" for n, statement in enumerate(statements)]
        selects = [  # names from the models' metadata, values as parameters
            f"SELECT {n}, {quote(type(group[0])._meta.pk.column)} FROM {quote(f'i{n}')}"  # noqa: S608
            for n, group in enumerate(groups)
        ]
        compiled[key] = f"WITH {', '.join(parts)} {' UNION ALL '.join(selects)} ORDER BY 1, 2"
    params = [param for statement in statements for param in statement[2]]
    with transaction.atomic(using=database, savepoint=False), connection.cursor() as cursor:
        cursor.execute(compiled[key], params)
        returned = cursor.fetchall()
    if len(returned) != sum(len(group) for group in groups):
        raise AssertionError(f"{len(returned)} keys returned for {[len(group) for group in groups]} records")
    position = 0
    for group in groups:
        _saved(group, [(pk,) for _n, pk in returned[position : position + len(group)]], database)
        position += len(group)
    return True
