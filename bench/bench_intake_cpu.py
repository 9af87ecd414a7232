"""CPU and SQL per request for ticket intake and reads, in one process, no network client.

    .venv/bin/python bench/bench_intake_cpu.py [--db sqlite|postgres] [-n 1000] [--profile]

Requests go through Django's real WSGI handler (every middleware, django-ninja, the services)
with the same JSON as bench/bench_http.py. CPU is this process's time (`time.process_time`),
so the figures hold on a busy machine where the HTTP benchmark's rates do not. On PostgreSQL
the CPU of the server process serving this connection is reported beside it (utime + stime
from /proc, 10 ms ticks: use -n 500 or more). Prints the SQL statements of one intake and of
one read, then the mean CPU per intake, first read (timeline built) and polled read (cached).
`--profile` instead prints where an intake's time goes (cProfile over -n intakes).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_URL = os.environ.get("KEFU_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/kefu_bench")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--profile", action="store_true", help="cProfile the intakes instead")
    parser.add_argument(
        "--intakes-only",
        action="store_true",
        help="only run -n intakes, for an outside sampler (py-spy record -- python bench/…)",
    )
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="kefu-cpu-")
    os.environ.update(
        KEFU_DATA_DIR=data_dir,
        KEFU_DEBUG="0",
        KEFU_LOG_LEVEL="WARNING",
        KEFU_INTAKE_PER_CLIENT="100000000",  # the limit checked, never reached
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "kefu.config.settings"
    if args.db == "postgres":
        from bench.bench_http import reset_postgres

        url = PG_URL + "_cpu"
        reset_postgres(url)
        os.environ["DATABASE_URL"] = url
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{data_dir}/kefu.sqlite3"

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.bench_http import complaint
    from kefu.platforms.demo import load_demo

    call_command("migrate", verbosity=0)
    load_demo()
    # The server's own WSGI module: its warm-up and its collector settings come with it.
    from kefu.config.wsgi import application as app

    rng = random.Random(7)

    def call(method: str, path: str, body: bytes = b"", **headers: str) -> bytes:
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "HTTP_HOST": "127.0.0.1:8000",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": "application/json",
            **{"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()},
        }
        status: list[str] = []
        out = b"".join(app(environ, lambda s, h, *a: status.append(s)))
        if not status[0][0] == "2":
            raise SystemExit(f"{method} {path}: {status[0]} {out[:300]!r}")
        return out

    def create(i: int) -> dict[str, str]:
        body = json.dumps(complaint(i, rng)).encode()
        return json.loads(
            call("POST", "/api/v1/tickets", body, Idempotency_Key=f"cpu-{i}-{rng.random()}")
        )

    def read(ticket: dict[str, str]) -> None:
        call("GET", f"/api/v1/tickets/{ticket['reference']}", X_Access_Token=ticket["access_token"])

    for i in range(30):  # warm-up: imports, caches, prepared statements
        read(create(i))
    with CaptureQueriesContext(connection) as intake_sql:
        ticket = create(10**6)
    with CaptureQueriesContext(connection) as read_sql:
        read(ticket)
    for what, captured in (("intake", intake_sql), ("first read", read_sql)):
        print(f"{what}: {len(captured.captured_queries)} SQL statements")
        for query in captured.captured_queries:
            print(f"    {query['sql'][:110]}")

    if args.intakes_only:
        for i in range(args.n):
            create(i)
        return 0
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile(
            time.process_time
        )  # CPU, not time spent waiting for the database
        profiler.runcall(lambda: [create(i) for i in range(args.n)])
        profiler.dump_stats(os.path.join(data_dir, "intake.prof"))
        print(f"profile written to {data_dir}/intake.prof (python -m pstats)")
        stats = pstats.Stats(profiler).strip_dirs()
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(40)
        return 0

    backend = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]

    def backend_seconds() -> float:
        if backend is None:
            return 0.0
        fields = Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def cpu_ms(fn, items) -> tuple[float, float, float]:
        """(this process's CPU, the PostgreSQL backend's CPU, wall time) per item, in ms."""
        start, server, wall = time.process_time(), backend_seconds(), time.perf_counter()
        for item in items:
            fn(item)
        count = len(items)
        return (
            1000 * (time.process_time() - start) / count,
            1000 * (backend_seconds() - server) / count,
            1000 * (time.perf_counter() - wall) / count,
        )

    rounds = []
    made: list[dict[str, str]] = []
    for round_ in range(3):
        made.clear()
        intake = cpu_ms(
            lambda i: made.append(create(i)), range(round_ * args.n, (round_ + 1) * args.n)
        )
        first = cpu_ms(read, made)
        polled = cpu_ms(read, made)
        rounds.append((intake, first, polled))
    print(f"\n{args.db}: per request in one process, median of 3 rounds of {args.n}")
    print(f"  {'':<32} {'CPU':>8} {'db CPU':>8} {'wall':>8}")
    for index, label in enumerate(("intake (POST /api/v1/tickets)", "first read", "polled read")):
        cells = [statistics.median(r[index][part] for r in rounds) for part in range(3)]
        db_cell = f"{cells[1]:5.2f} ms" if backend is not None else "       -"
        print(f"  {label:<32} {cells[0]:5.2f} ms {db_cell} {cells[2]:5.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
