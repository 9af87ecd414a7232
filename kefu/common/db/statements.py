"""Statements prepared once per process for the hot request paths (ticket intake and read).

Django builds every statement afresh: for a 60-column INSERT or a four-table join its compiler
costs several times what the database spends on the row (docs/benchmarks.md, ADR 0005). The
SQL text of an insert, of a select by key (with joins) and of a select-all by key depends only
on the model, so it is built here once from the model's own fields. Each call converts the
values with per-field preparers equal to `Field.get_db_prep_save` (tests compare them field by
field), executes, and turns rows back into instances with Django's converters and
`Model.from_db`. Signals and `full_clean` do not run, as with `bulk_create`: callers validate
before they write. `attach` gives loaded rows to a related manager as prefetch_related does.
On PostgreSQL, `atomic_batched()` sends the inserts of one transaction as a single statement.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction

M = TypeVar("M", bound=models.Model)
logger = logging.getLogger("django.db.backends")


@cache
def _insert_fields(
    model: type[models.Model], with_pk: bool = False
) -> tuple[models.Field[Any, Any], ...]:
    """The inserted columns: all but the key, or the key first when the rows bring their own
    (a key reserved with `next_pk`)."""
    fields = tuple(f for f in model._meta.concrete_fields if not f.primary_key)
    return (model._meta.pk, *fields) if with_pk else fields


@cache
def _insert_sql(
    model: type[models.Model],
    vendor: str,
    rows: int,
    ignore_conflicts: bool,
    kept: tuple[int, ...] | None,
    with_pk: bool = False,
) -> tuple[str, bool]:
    fields = _insert_fields(model, with_pk)
    if kept is not None:
        fields = tuple(fields[i] for i in kept)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    returning = (
        connection.features.can_return_rows_from_bulk_insert
        and not ignore_conflicts
        and not with_pk
    )
    verb = "INSERT OR IGNORE INTO" if ignore_conflicts and vendor == "sqlite" else "INSERT INTO"
    # Identifiers come from the model's meta, values go as parameters.
    sql = f"{verb} {quote(model._meta.db_table)} ({columns}) VALUES {', '.join([one] * rows)}"  # noqa: S608
    if ignore_conflicts and vendor != "sqlite":
        sql += " ON CONFLICT DO NOTHING"
    if returning:
        sql += f" RETURNING {quote(model._meta.pk.column)}"
    return sql, returning


def insert(objs: Sequence[models.Model], *, ignore_conflicts: bool = False) -> None:
    """INSERT the unsaved instances in one statement; their primary keys are set unless
    conflicts are ignored (a skipped row has none). Rows that carry a key (from `next_pk`)
    are written with it.

    Inside `batched()` on PostgreSQL the row is only queued: it is written, and its key set,
    when the batch is sent (at the end of the block, or before any other statement)."""
    if not objs:
        return
    model = type(objs[0])
    db = connections[DEFAULT_DB_ALIAS]  # the thread's wrapper itself, not the proxy per value
    with_pk = objs[0].pk is not None
    preparers = _preparers(model, db.vendor, with_pk)
    params: list[Any] = []
    for obj in objs:
        # As bulk_create: a related object saved after assignment gives its new id.
        obj._prepare_related_fields_for_save(operation_name="insert")
        for prepare in preparers:
            params.append(prepare(obj, db))
    kept = None
    if len(objs) == 1:
        # One row names only its non-NULL columns (a column left out is NULL all the same):
        # a new ticket leaves a third of its 60 columns empty, and the shorter statement
        # stays within psycopg's limit (50 parameters) for caching its parsed form.
        kept = tuple(i for i, value in enumerate(params) if value is not None) or (0,)
        params = [params[i] for i in kept]
    sql, returning = _insert_sql(model, db.vendor, len(objs), ignore_conflicts, kept, with_pk)
    batch: _Batch | None = getattr(db, "kefu_batch", None)
    if batch is not None:
        batch.add(model, (sql, params, objs if returning else (), objs if with_pk else ()))
        return
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        if returning:
            _set_keys(objs, [pk for (pk,) in cursor.fetchall()], db.alias)
    if with_pk:
        _set_keys(objs, [obj.pk for obj in objs], db.alias)


def _set_keys(objs: Sequence[models.Model], keys: Sequence[Any], alias: str) -> None:
    for obj, pk in zip(objs, keys, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = alias


def next_pk_sql(model: type[models.Model]) -> str:
    """PostgreSQL: the SQL expression drawing the next key of `model` from its sequence, for
    a caller that needs a row's key before writing it (e.g. to write its dependants in the
    same batch). Constant per model; fold it into a statement the caller runs anyway."""
    table = model._meta.db_table.replace("'", "''")
    column = model._meta.pk.column.replace("'", "''")
    return f"nextval(pg_get_serial_sequence('{table}', '{column}'))"


class _Batch:
    """Inserts queued on one connection, sent as one statement of data-modifying CTEs."""

    def __init__(self, db: Any) -> None:
        self.db = db
        # (INSERT with %s placeholders, parameters, rows whose keys come back, rows with keys)
        self.parts: list[tuple[str, list[Any], Sequence[Any], Sequence[Any]]] = []
        self.tables: set[type[models.Model]] = set()

    def add(self, model: type[models.Model], part: tuple[str, list[Any], Any, Any]) -> None:
        # The parts of one statement run in an order PostgreSQL does not promise, and do not
        # see each other's rows: with one part per table they cannot meet (a unique key, the
        # order of keys), and foreign keys are checked at commit. A second insert into a table
        # sends what is queued first.
        if model in self.tables:
            self.flush()
        self.tables.add(model)
        self.parts.append(part)

    def before_execute(self, execute: Any, sql: Any, params: Any, many: Any, context: Any) -> Any:
        # Any other statement (a read, a savepoint, an ORM write) sees the queued rows first:
        # the order of writes and reads is that of the code.
        if self.parts:
            self.flush()
        return execute(sql, params, many, context)

    def flush(self) -> None:
        self.send()()

    def discard(self) -> None:
        self.parts = []
        self.tables = set()

    def send(self) -> Callable[[], None]:
        """Execute what is queued; the function returned reads the keys back (in a pipeline,
        after its sync: `DatabaseWrapper._commit` sends the batch with the COMMIT)."""
        parts, self.parts = self.parts, []
        self.tables = set()
        if not parts:
            return lambda: None
        readable, numbered = _batch_sql(tuple((p[0], bool(p[2])) for p in parts))
        params = [value for part in parts for value in part[1]]
        cursor = _execute_numbered(self.db, readable, numbered, params)

        def finish() -> None:
            with cursor:
                keys = [pk for (_part, pk) in cursor.fetchall()]
            position = 0
            for _sql, _params, returning, keyed in parts:
                if returning:
                    _set_keys(returning, keys[position : position + len(returning)], self.db.alias)
                    position += len(returning)
                if keyed:
                    _set_keys(keyed, [obj.pk for obj in keyed], self.db.alias)

        return finish


_PLACEHOLDER = re.compile(r"%s")


@cache
def _batch_sql(parts: tuple[tuple[str, bool], ...]) -> tuple[str, str]:
    """`WITH "b0" AS (INSERT … RETURNING id), "b1" AS (INSERT …) SELECT the keys in order`.

    PostgreSQL runs every data-modifying CTE exactly once, whether or not it is read, in one
    statement: all rows are written or none. Placeholders are numbered ($1 …) here, once per
    shape, so psycopg does not re-parse a long statement (it caches only short ones)."""
    ctes, keys = [], []
    for index, (sql, returning) in enumerate(parts):
        ctes.append(f'"b{index}" AS ({sql})')
        if returning:
            keys.append(f'SELECT {index} AS "part", "id" FROM "b{index}"')  # noqa: S608
    tail = " UNION ALL ".join(keys) if keys else 'SELECT 0 AS "part", NULL AS "id" WHERE false'
    text = f"WITH {', '.join(ctes)} {tail}"
    counter = iter(range(1, text.count("%s") + 1))
    return text, _PLACEHOLDER.sub(lambda _m: f"${next(counter)}", text)


def _execute_numbered(db: Any, readable: str, numbered: str, params: list[Any]) -> Any:
    """Execute `numbered` ($n placeholders) over a psycopg RawCursor, which takes them as they
    are, inside Django's cursor wrapper (error mapping, execute wrappers); the query log (tests,
    DEBUG) records `readable` with its values, as Django would. Returns the open cursor."""
    import psycopg

    db.close_if_health_check_failed()  # as db.cursor() does before any statement
    db.ensure_connection()
    start = time.monotonic()
    cursor = db.make_cursor(psycopg.RawCursor(db.connection))
    cursor.execute(numbered, params)
    if db.queries_logged:
        duration = time.monotonic() - start
        sql = db.ops.compose_sql(readable, params)
        db.queries_log.append({"sql": sql, "time": f"{duration:.3f}"})
        logger.debug(
            "(%.3f) %s; args=%s; alias=%s",
            duration,
            sql,
            params,
            db.alias,
            extra={"duration": duration, "sql": sql, "params": params, "alias": db.alias},
        )
    return cursor


@contextmanager
def atomic_batched() -> Iterator[bool]:
    """`transaction.atomic()` whose inserts, on PostgreSQL, are queued and written as one
    statement: one round trip and one statement for the server instead of one per table.

    The queue is sent before any other statement runs on the connection (so reads, savepoints
    and other writes see the rows, in the order of the code), and at the end of the block: by
    the COMMIT itself when this block is the outermost (`kefu.common.db.postgresql` sends both
    in one round trip), else before the savepoint is released. Yields whether rows are queued
    (False on SQLite or inside another batch: then `insert` writes at once, as everywhere).

    A queued row's database errors (a unique index refusing it) surface where the queue is
    sent, at the latest when the block ends, so keep inside it only code that does not catch
    database errors itself. Rows whose dependants are queued with them need their key first
    (`next_pk_sql`). If the block raises, the queued rows are dropped with the transaction."""
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor != "postgresql" or getattr(db, "kefu_batch", None) is not None:
        with transaction.atomic():
            yield False
        return
    batch = _Batch(db)
    db.kefu_batch = batch
    try:
        with db.execute_wrapper(batch.before_execute), transaction.atomic():
            try:
                yield True
            except BaseException:
                # The block rolls back: its queued rows go with it, unsent (sending them first
                # could fail too and doom an enclosing transaction the caller means to keep).
                batch.discard()
                raise
            commits_here = len(db.atomic_blocks) == 1 and not db.needs_rollback
            if not (commits_here and getattr(db, "sends_batch_with_commit", False)):
                batch.flush()
    finally:
        db.kefu_batch = None


# Field classes whose database value is the Python value itself when it has the plain type
# (what get_db_prep_save returns for them, checked field by field in
# tests/common/test_statements.py); anything else takes Django's own conversion.
_AS_IS: dict[type[models.Field[Any, Any]], tuple[type, ...]] = {
    models.CharField: (str,),
    models.TextField: (str,),
    models.EmailField: (str,),
    models.SlugField: (str,),
    models.BooleanField: (bool,),
    models.IntegerField: (int,),
    models.BigIntegerField: (int,),
    models.SmallIntegerField: (int,),
    models.PositiveIntegerField: (int,),
    models.PositiveSmallIntegerField: (int,),
    models.PositiveBigIntegerField: (int,),
    models.ForeignKey: (int,),
    models.OneToOneField: (int,),
    models.AutoField: (int,),
    models.BigAutoField: (int,),
}


@cache
def _preparers(model: type[models.Model], vendor: str, with_pk: bool = False) -> tuple[Any, ...]:
    """Per inserted column, `(instance, db) -> parameter`, equal to what Model.save sends.

    Django's generic path (`pre_save` + `get_db_prep_save`) costs ~8 µs per value, most of it
    type dispatch; for the plain types of a hot-path row the answer is known in advance.
    """
    return tuple(_preparer(f, vendor) for f in _insert_fields(model, with_pk))


def _preparer(f: models.Field[Any, Any], vendor: str) -> Any:
    name = f.attname
    overrides_pre_save = type(f).pre_save is not models.Field.pre_save

    def generic(obj: Any, db: Any) -> Any:
        return f.get_db_prep_save(f.pre_save(obj, True), db)

    if overrides_pre_save and not isinstance(f, models.DateTimeField):
        return generic  # e.g. FileField saves its file in pre_save
    kind = type(f)
    plain = _AS_IS.get(kind)
    if plain is not None and kind in (models.ForeignKey, models.OneToOneField):
        target = f.target_field  # type: ignore[attr-defined]
        if type(target) not in (models.AutoField, models.BigAutoField, models.IntegerField):
            plain = None
    if plain is not None:
        # An exact type test: bool is an int subclass, and goes the generic way for ints.
        def as_is(obj: Any, db: Any, types: tuple[type, ...] = plain) -> Any:
            value = getattr(obj, name)
            if value is None or type(value) in types:
                return value
            return generic(obj, db)

        return as_is
    if kind is models.DateTimeField:
        auto = f.auto_now or f.auto_now_add  # type: ignore[attr-defined]

        def aware_datetime(obj: Any, db: Any) -> Any:
            value = f.pre_save(obj, True) if auto else getattr(obj, name)
            if value is None:
                return None
            if type(value) is not datetime or value.tzinfo is None:
                return f.get_db_prep_save(value, db)
            if vendor == "sqlite":  # as adapt_datetimefield_value: naive in the connection's zone
                return str(value.astimezone(db.timezone).replace(tzinfo=None))
            return value if vendor == "postgresql" else f.get_db_prep_save(value, db)

        return aware_datetime
    if kind is models.JSONField:

        def json_value(obj: Any, db: Any) -> Any:
            value = getattr(obj, name)
            if type(value) in (dict, list):
                return db.ops.adapt_json_value(value, f.encoder)  # type: ignore[attr-defined]
            return generic(obj, db)

        return json_value
    return generic


@cache
def _select_plan(
    model: type[models.Model], vendor: str, where: str, related: tuple[str, ...]
) -> tuple[str, list[tuple[Any, Any, int, int]]]:
    """The SELECT and, per model read (the base first), (model, how to attach it, first
    column, last column). `related` names forward foreign keys (LEFT JOIN on the key) and
    reverse one-to-ones (LEFT JOIN on the other side's key) of the base model."""
    quote = connection.ops.quote_name
    base = quote(model._meta.db_table)
    parts: list[tuple[Any, Any]] = [(model, None)]
    joins = []
    for index, name in enumerate(related, start=1):
        field = model._meta.get_field(name)
        target = field.related_model
        if field.many_to_one or (field.one_to_one and field.concrete):
            on = (target._meta.pk.column, field.column)  # their key = our foreign key
        elif field.one_to_one:  # reverse one-to-one: their foreign key = our key
            on = (field.field.column, model._meta.pk.column)
        else:
            raise ValueError(f"{model.__name__}.{name}: only foreign keys and one-to-ones")
        alias = quote(f"r{index}")
        joins.append(
            f"LEFT JOIN {quote(target._meta.db_table)} {alias} "
            f"ON {alias}.{quote(on[0])} = {base}.{quote(on[1])}"
        )
        parts.append((target, field))
    columns: list[str] = []
    plan = []
    for index, (part, field) in enumerate(parts):
        table = base if index == 0 else quote(f"r{index}")
        first = len(columns)
        columns += [f"{table}.{quote(f.column)}" for f in part._meta.concrete_fields]
        plan.append((part, field, first, len(columns)))
    # `where` is a constant written in the calling code; values go as parameters.
    sql = (
        f"SELECT {', '.join(columns)} FROM {base} {' '.join(joins)} "  # noqa: S608
        f"WHERE {where} LIMIT 1"
    )
    return sql, plan


@dataclass(frozen=True, slots=True)
class Read:
    """One SELECT, and how its rows become the answer: see `one`, `every`, `read_together`."""

    sql: str
    params: Sequence[Any]
    build: Callable[[Any, list[tuple[Any, ...]]], Any]  # (connection wrapper, rows) -> answer


def one(model: type[M], where: str, params: Sequence[Any], *, related: Sequence[str] = ()) -> Read:
    """The read of `select_one`, to run with others in `read_together`."""
    sql, plan = _select_plan(model, connections[DEFAULT_DB_ALIAS].vendor, where, tuple(related))

    def build(db: Any, rows: list[tuple[Any, ...]]) -> Any:
        if not rows:
            return None
        row = rows[0]
        instance = None
        for part, field, first, last in plan:
            obj = _instance(db, part, row[first:last])
            if field is None:
                instance = obj
                continue
            field.set_cached_value(instance, obj)
            if not field.concrete and obj is not None:  # reverse one-to-one: the way back too
                field.field.set_cached_value(obj, instance)
        return instance

    return Read(sql, params, build)


def every(model: type[M], where: str, params: Sequence[Any], *, order_by: str = '"id"') -> Read:
    """The read of `select_all`, to run with others in `read_together`."""
    sql = _select_all_sql(model, connections[DEFAULT_DB_ALIAS].vendor, where, order_by)
    return Read(sql, params, lambda db, rows: [_instance(db, model, row) for row in rows])


def select_one(
    model: type[M], where: str, params: Sequence[Any], *, related: Sequence[str] = ()
) -> M | None:
    """The first row matching `where` (SQL with %s placeholders over quoted, table-qualified
    column names when `related` is given) as a model instance, or None. For unique lookups
    only: no ORDER BY. `related` works as `select_related` for the named foreign keys and
    reverse one-to-ones (a missing one reads as None / DoesNotExist, as with the ORM)."""
    return read_together(one(model, where, params, related=related))[0]  # type: ignore[no-any-return]


def select_all(
    model: type[M], where: str, params: Sequence[Any], *, order_by: str = '"id"'
) -> list[M]:
    """Every row matching `where`, in `order_by` (both constant SQL over quoted columns)."""
    return read_together(every(model, where, params, order_by=order_by))[0]  # type: ignore[no-any-return]


def read_together(*reads: Read) -> list[Any]:
    """Run the reads and answer each one's result, in order. On PostgreSQL several reads go
    in one pipeline: one round trip for all, instead of one each (the server runs them one
    after the other, each in its own snapshot, as separate statements would). Where rows
    are queued for a batch (`atomic_batched`) the reads run one by one, after the queue."""
    db = connections[DEFAULT_DB_ALIAS]
    if len(reads) == 1 or db.vendor != "postgresql" or getattr(db, "kefu_batch", None):
        answers = []
        for read in reads:
            with db.cursor() as cursor:
                cursor.execute(read.sql, read.params)
                rows = cursor.fetchall()
            answers.append(read.build(db, rows))
        return answers
    # Django's cursors (health check, execute wrappers, query log), over one connection in
    # pipeline mode: each execute is queued, and the pipeline's end sends them all.
    cursors = [db.cursor() for _read in reads]
    try:
        with db.wrap_database_errors, db.connection.pipeline():
            for cursor, read in zip(cursors, reads, strict=True):
                cursor.execute(read.sql, read.params)
        results = [cursor.fetchall() for cursor in cursors]
    finally:
        for cursor in cursors:
            cursor.close()
    return [read.build(db, rows) for read, rows in zip(reads, results, strict=True)]


def _instance(db: Any, model: type[models.Model], values: Sequence[Any]) -> Any:
    if values[_pk_index(model)] is None:  # a LEFT JOIN that found nothing
        return None
    converters = _converters_for(model, db.vendor)
    converted = [
        convert(value, db) if convert else value
        for convert, value in zip(converters, values, strict=True)
    ]
    return model.from_db(db.alias, _attnames(model), converted)


@cache
def _pk_index(model: type[models.Model]) -> int:
    return list(model._meta.concrete_fields).index(model._meta.pk)


@cache
def _attnames(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(f.attname for f in model._meta.concrete_fields)


@cache
def _converters_for(model: type[models.Model], vendor: str) -> tuple[Any, ...]:
    """Per column, the function turning the driver's value into the field's Python value
    (JSON text → dict, SQLite's text datetimes → aware datetimes …), or None."""
    result = []
    for f in model._meta.concrete_fields:
        column = f.get_col(model._meta.db_table)
        # What SQLCompiler.get_converters applies: the backend's, then the field's.
        chain = [
            *connection.ops.get_db_converters(column),
            *column.get_db_converters(connection),
        ]
        if not chain:
            result.append(None)
            continue

        def convert(value: Any, db: Any, chain: list[Any] = chain, column: Any = column) -> Any:
            for step in chain:
                value = step(value, column, db)
            return value

        result.append(convert)
    return tuple(result)


@cache
def _select_all_sql(model: type[models.Model], vendor: str, where: str, order_by: str) -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in model._meta.concrete_fields)
    # `where` and `order_by` are constants written in the calling code.
    return (
        f"SELECT {columns} FROM {quote(model._meta.db_table)} "  # noqa: S608
        f"WHERE {where} ORDER BY {order_by}"
    )


def attach(instance: models.Model, name: str, objs: list[Any]) -> None:
    """Make `instance.<name>.all()` answer `objs` without a query, as prefetch_related does
    (the related manager's own queryset, so any further filter still queries correctly)."""
    manager = getattr(instance, name)
    queryset = manager.get_queryset()
    queryset._result_cache = objs
    queryset._prefetch_done = True
    back = manager.field  # the foreign key on the related rows: point each back at instance
    for obj in objs:
        back.set_cached_value(obj, instance)
    cache_name = back.remote_field.cache_name
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[cache_name] = queryset
