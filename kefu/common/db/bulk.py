"""Bulk inserts for the worker's set-wise jobs.

On PostgreSQL many rows go in through COPY (into a temporary table first when duplicates must
be skipped, then one INSERT … ON CONFLICT DO NOTHING): building model instances and a
10,000-row INSERT statement costs Django and psycopg several times more CPU than the database
spends on the rows. Elsewhere, and for a few rows, Django's bulk_create.

Rows are plain mappings of attribute names (``ticket_id``, not ``ticket``) to values; fields
left out take their model default.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection, models

COPY_THRESHOLD = 200


def insert_rows(
    model: type[models.Model], rows: Sequence[Mapping[str, Any]], *, ignore_conflicts: bool = False
) -> None:
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    if connection.vendor != "postgresql" or len(rows) < COPY_THRESHOLD:
        objs = [model(**{**defaults, **row}) for row in rows]
        model._default_manager.bulk_create(objs, batch_size=1000, ignore_conflicts=ignore_conflicts)
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    # Plain values go to COPY as they are; only JSON needs encoding (the column parses it).
    plan = [(f.attname, json.dumps if isinstance(f, models.JSONField) else None) for f in fields]
    with connection.cursor() as cursor:
        target = table
        if ignore_conflicts:
            target = quote(f"kefu_copy_{model._meta.db_table}")
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {target} ON COMMIT DROP AS "  # noqa: S608
                f"SELECT {columns} FROM {table} WITH NO DATA"
            )
        with cursor.cursor.copy(f"COPY {target} ({columns}) FROM STDIN") as copy:
            for row in rows:
                values = []
                for name, encode in plan:
                    value = row[name] if name in row else defaults[name]
                    values.append(value if encode is None else encode(value))
                copy.write_row(values)
        if ignore_conflicts:
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {target} "  # noqa: S608
                f"ON CONFLICT DO NOTHING"
            )
            cursor.execute(f"TRUNCATE {target}")
