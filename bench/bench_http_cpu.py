"""bench_http.py with the CPU each timed run cost per request, by process, from /proc.

    .venv/bin/python bench/bench_http_cpu.py [--db sqlite|postgres|both] [-n 2000] [-c 16]

Runs bench/bench_http.py unchanged and, around each timed run, reads utime + stime of: the
server (processes started by this script: granian and its workers), the PostgreSQL backends
of the benchmark's own databases (`kefu_bench`, `kefu_bench_bare`), this client, and the
rest ("other": other jobs on the machine, other databases' backends). Per request in ms, with
how busy the machine was. On a shared machine rates swing from run to run; the CPU a request
costs holds better, and shows which side (server, database, client) a change moved.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import bench_http, loadgen  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")
BENCH_DATABASES = (" kefu_bench ", " kefu_bench_bare ")


def _kind(pid: int, processes: dict[int, tuple[int, str, int]]) -> str:
    me = os.getpid()
    if pid == me:
        return "client"
    command = processes[pid][1]
    if command.startswith("postgres:"):
        return "postgres" if any(name in command for name in BENCH_DATABASES) else "other"
    parent = processes[pid][0]
    while parent > 1 and parent in processes:
        if parent == me:
            return "server"
        parent = processes[parent][0]
    return "other"


_run = loadgen.run


def run_and_account(port, n, c, make, **kwargs):  # type: ignore[no-untyped-def]
    before, (total0, idle0) = bench_http.processes(), bench_http.machine_ticks()
    result = _run(port, n, c, make, **kwargs)
    after, (total1, idle1) = bench_http.processes(), bench_http.machine_ticks()
    if n >= 100:  # not the warm-up
        spent: dict[str, int] = {}
        for pid, (_parent, _command, ticks) in after.items():
            kind = _kind(pid, after)
            spent[kind] = spent.get(kind, 0) + ticks - before.get(pid, (0, "", 0))[2]
        busy = 1 - (idle1 - idle0) / max(1, total1 - total0)
        per_request = " ".join(
            f"{kind} {1000 * spent.get(kind, 0) / TICKS / n:.2f}"
            for kind in ("server", "postgres", "client", "other")
        )
        what = getattr(make, "__name__", "")  # make (bare), _create, read, poll
        print(
            f"  {what:<8} {result[0].rate:7.0f}/s  machine {busy:4.0%} busy  "
            f"CPU ms per request: {per_request}",
            flush=True,
        )
    return result


def main() -> int:
    loadgen.run = run_and_account
    print(
        f"{time.strftime('%Y-%m-%d %H:%M:%S')}: timed runs in order: (bare, intake) per round, read, poll"
    )
    sys.argv[0] = "bench_http.py"
    return bench_http.main()


if __name__ == "__main__":
    raise SystemExit(main())
