"""SLA sweep over many open tickets, 1% of them due.

    .venv/bin/python bench/bench_sla_sweep.py --db postgres -n 1000000
    .venv/bin/python bench/bench_sla_sweep.py --db sqlite -n 100000

Tickets are inserted set-wise (INSERT … SELECT over a series), then `sla_sweep()` runs once,
timed: it must find the due 1% through the partial index, record the breaches, escalate,
reassign, write the timeline and the notices. Targets: PostgreSQL 1,000,000 ≤ 2 s,
SQLite 100,000 ≤ 1 s.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_URL = os.environ.get("KEFU_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/kefu_bench_sla")


def setup_database(db: str) -> None:
    if db == "postgres":
        import psycopg

        name = PG_URL.rsplit("/", 1)[1]
        with psycopg.connect(PG_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = PG_URL
    else:
        folder = tempfile.mkdtemp(prefix="kefu-sweep-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/sweep.sqlite3"
        os.environ["KEFU_DATA_DIR"] = folder
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kefu.config.settings")
    os.environ["KEFU_LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def insert_tickets(db: str, n: int) -> None:
    from django.db import connection, transaction

    from kefu.platforms.demo import load_demo
    from kefu.platforms.models import Platform
    from kefu.tickets.models import Ticket

    load_demo()
    platform = Platform.objects.get(slug="demo")
    columns, values = [], []
    skip = {
        "id",
        "reference",
        "next_breach_at",
        "first_response_due",
        "resolution_due",
        "created_at",
        "updated_at",
        "platform",
    }
    for field in Ticket._meta.concrete_fields:
        if field.name in skip:
            continue
        default = {"email": "user@example.com"} if field.name == "contact" else field.get_default()
        value = field.get_db_prep_save(default, connection)
        if value is None:
            continue
        columns.append(connection.ops.quote_name(field.column))
        values.append(value)
    if db == "postgres":
        series = "generate_series(1, %s) AS g(i)"
        now, due = "now()", "now() + interval '1 day' * (1 - 2 * (g.i %% 100 = 0)::int)"
        reference = "'KF-' || lpad(g.i::text, 9, '0')"
        params = values + [n]
    else:
        series = (
            "(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s "
            "WHERE i < %s) SELECT i FROM s) AS g"
        )
        now = "strftime('%%Y-%%m-%%d %%H:%%M:%%f', 'now')"
        due = (
            "strftime('%%Y-%%m-%%d %%H:%%M:%%f', 'now', "
            "CASE WHEN g.i %% 100 = 0 THEN '-1 day' ELSE '+1 day' END)"
        )
        reference = "'KF-' || printf('%%09d', g.i)"
        params = values + [n]
    placeholders = ", ".join(["%s"] * len(values))
    sql = (
        f"INSERT INTO tickets_ticket (platform_id, reference, created_at, updated_at, "
        f"first_response_due, resolution_due, next_breach_at, {', '.join(columns)}) "
        f"SELECT {platform.pk}, {reference}, {now}, {now}, {due}, {now} + interval '10 days', "
        f"{due}, {placeholders} FROM {series}"
    )
    if db == "sqlite":
        sql = sql.replace(
            f"{now} + interval '10 days'", "strftime('%%Y-%%m-%%d %%H:%%M:%%f', 'now', '+10 days')"
        )
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    if db == "postgres":
        with connection.cursor() as cursor:
            # A live table is vacuumed by autovacuum; a freshly bulk-loaded one is not yet.
            cursor.execute("VACUUM ANALYZE tickets_ticket")
    print(f"inserted {n:,} tickets in {time.perf_counter() - started:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="postgres", choices=["postgres", "sqlite"])
    parser.add_argument("-n", type=int, default=None)
    args = parser.parse_args()
    n = args.n or (1_000_000 if args.db == "postgres" else 100_000)
    setup_database(args.db)
    insert_tickets(args.db, n)
    from kefu.channels.models import OutboxMessage
    from kefu.sla.models import SlaBreach
    from kefu.sla.services import sla_sweep

    started = time.perf_counter()
    handled = sla_sweep()
    elapsed = time.perf_counter() - started
    target = 2.0 if args.db == "postgres" else 1.0
    print(
        f"SLA sweep ({args.db}): {n:,} open tickets, {handled:,} due → {elapsed:.2f} s "
        f"(target ≤ {target:.0f} s); breaches {SlaBreach.objects.count():,}, "
        f"notices {OutboxMessage.objects.count():,}"
    )
    started = time.perf_counter()
    again = sla_sweep()
    print(f"second sweep: {again} due → {time.perf_counter() - started:.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
