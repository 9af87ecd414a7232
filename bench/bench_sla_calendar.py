"""Benchmark the SLA business calendar (China calendar, 09:00-18:00 Shanghai).

Run:  .venv/bin/python bench/bench_sla_calendar.py

Prints due-time computations per second (add_business_minutes) and
business_minutes_between per second on one core, for realistic mixed inputs:
tickets opened at any minute of 2025-2026 (nights, weekends and the Spring
Festival / National Day holidays included) with SLA targets from 30 minutes
to 15 business days. Target: >= 100,000 due-time computations/s.
"""

from __future__ import annotations

import os
import platform
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from kefu.sla.calendar import BusinessCalendar

CALLS = 200_000
REPEATS = 5
# Targets in business minutes: 30 min, 1 h, 2 h, 4 h, 8 h, 1 day, 2 days, 5 days, 15 days.
TARGETS = (30, 60, 120, 240, 480, 540, 1080, 2700, 8100)
TARGET = 100_000


def _pin_to_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity)"


def _inputs(rng: random.Random) -> tuple[list[datetime], list[int], list[datetime]]:
    origin = datetime(2025, 1, 1, tzinfo=UTC)
    span = 2 * 365 * 24 * 60
    starts = [origin + timedelta(minutes=rng.randrange(span)) for _ in range(CALLS)]
    minutes = [rng.choice(TARGETS) for _ in range(CALLS)]
    ends = [s + timedelta(minutes=rng.randrange(1, 30 * 24 * 60)) for s in starts]
    return starts, minutes, ends


def _best_rate(run: Callable[[], None]) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        began = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - began)
    return CALLS / best


def main() -> int:
    pinned = _pin_to_one_core()
    rng = random.Random(20260213)
    starts, minutes, ends = _inputs(rng)

    cold = BusinessCalendar.china()
    began = time.perf_counter()
    cold.add_business_minutes(datetime(2026, 2, 13, 2, tzinfo=UTC), 8100)
    cold_ms = (time.perf_counter() - began) * 1000

    calendar = BusinessCalendar.china()
    add = calendar.add_business_minutes
    between = calendar.business_minutes_between

    def run_add() -> None:
        for start, m in zip(starts, minutes, strict=True):
            add(start, m)

    def run_between() -> None:
        for start, end in zip(starts, ends, strict=True):
            between(start, end)

    run_add()  # warm the per-day cache once, as a long-running process would
    add_rate = _best_rate(run_add)
    between_rate = _best_rate(run_between)

    print(f"Python {platform.python_version()} on {platform.machine()}, {pinned}")
    print(f"inputs: {CALLS:,} tickets over 2025-2026, targets {TARGETS} business minutes")
    print(f"first call on a fresh calendar (builds its day table): {cold_ms:.1f} ms")
    print(f"add_business_minutes:     {add_rate:>12,.0f} due-time computations/s")
    print(f"business_minutes_between: {between_rate:>12,.0f} calls/s")
    ok = add_rate >= TARGET
    print(f"target >= {TARGET:,}/s: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
