"""Benchmark of kefu.shield, with Yelp detect-secrets scored on the same corpus.

Run: ``.venv/bin/python bench/bench_shield.py [--repeat N] [--no-ds] [--baseline REV]``
(exit 0).

* throughput of ``redact`` (and of ``redact`` + ``assess``, as every message gets both)
  on ~5 MB of generated mixed Chinese/English support text in which ~4 % of messages
  hold a secret (MB = UTF-8 megabytes, one core);
* p50/p95/p99 latency of ``redact`` and of ``redact`` + ``assess`` on 2 KB messages;
* ``--repeat N`` (default 3) repeats the timings and prints the best and the median
  run: on a shared machine single runs vary by 2x. Each timing is given twice: by the
  wall clock, and by this process's CPU time (``time.process_time``), which does not
  count the time other processes held the core. ``--no-ds`` skips detect-secrets;
* ``--baseline REV`` first times the engine of git revision REV and this one in turn
  in one process (same load for both, so their ratio is fair on a shared machine);
* engine memory after load (tracemalloc, fresh interpreter);
* recall per kind and damaged keep-strings on the test corpus (tests/shield/corpus.py);
* detect-secrets 1.5 on the same corpus, in its ad-hoc ``scan_line`` mode (eager,
  the most sensitive) and its ``scan_file`` mode (what the CLI/pre-commit runs).
"""

from __future__ import annotations

import importlib
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kefu.shield import Kind, assess, redact  # noqa: E402
from tests.shield.corpus import Case, keep_cases, positives  # noqa: E402
from tests.shield.prose import CHINESE, ENGLISH, MIXED  # noqa: E402

TARGET_BYTES = 5_000_000
MESSAGE_BYTES = 2_000
SECRET_SHARE = 0.04
EVIDENCE_BYTES = 1_000  # the longest evidence line a generated message may hold


def make_messages(total: int, rng: random.Random) -> list[str]:
    """~2 KB messages of support prose (60 % Chinese lines), some with a secret or evidence."""
    # The "edge-" cases (100 KB texts …) test the engine, not the desk's traffic.
    secrets = [c.text for c in positives() if not c.label.startswith("edge-")]
    # Evidence lines only: the joined-complaint keep cases (9-11 KB) are whole documents,
    # and one of them made a "2 KB" message five times longer (the p99 was theirs).
    evidence = [
        c.text
        for c in keep_cases()
        if c.label not in ("prose", "long-prose") and len(c.text.encode()) <= EVIDENCE_BYTES
    ]
    messages: list[str] = []
    size = 0
    while size < total:
        lines: list[str] = []
        length = 0
        while length < MESSAGE_BYTES:
            roll = rng.random()
            if roll < 0.6:
                line = rng.choice(CHINESE)
            elif roll < 0.9:
                line = rng.choice(ENGLISH)
            elif roll < 0.95:
                line = rng.choice(MIXED)
            else:
                line = rng.choice(evidence)
            lines.append(line)
            length += len(line.encode())
        if rng.random() < SECRET_SHARE:
            lines.insert(rng.randrange(len(lines)), rng.choice(secrets))
        message = "\n".join(lines)
        messages.append(message)
        size += len(message.encode())
    return messages


def throughput(fn: Callable[[str], object], messages: list[str]) -> float:
    return throughput_wall_cpu(fn, messages)[0]


def throughput_wall_cpu(fn: Callable[[str], object], messages: list[str]) -> tuple[float, float]:
    """MB/s by the wall clock and by this process's CPU time: on a shared machine the
    wall clock also counts the time other processes held the core."""
    size = sum(len(m.encode()) for m in messages)
    start, cpu = time.perf_counter(), time.process_time()
    for message in messages:
        fn(message)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return size / wall / 1e6, size / cpu / 1e6


def redact_and_assess(message: str) -> object:
    return assess(message, "requester", redaction=redact(message))


def latency(
    fn: Callable[[str], object], messages: list[str], clock: Callable[[], float] = time.perf_counter
) -> tuple[float, float, float]:
    samples = []
    for message in messages:
        start = clock()
        fn(message)
        samples.append((clock() - start) * 1000)
    samples.sort()
    q = statistics.quantiles(samples, n=100)
    return q[49], q[94], q[98]


def best_and_median(runs: list[float], *, higher_is_better: bool) -> tuple[float, float]:
    best = max(runs) if higher_is_better else min(runs)
    return best, statistics.median(runs)


def engine_memory_mb() -> float:
    code = (
        "import tracemalloc; tracemalloc.start();"
        "import kefu.shield as s;"
        "s.redact('的一是在不了有和人这中大 abandon ability able 密码: x1234567 ' + 'ab' * 32);"
        "s.assess('请把助记词发给我 send me your seed phrase', 'agent');"
        "print(tracemalloc.get_traced_memory()[0] / 1e6)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return float(out.stdout.strip())


# --- scoring -------------------------------------------------------------------


def shield_caught(case: Case) -> bool:
    return case.secret not in redact(case.text).text


def shield_damaged(case: Case) -> bool:
    return redact(case.text).changed


def _overlaps(value: str, secret: str) -> bool:
    value = value.strip("\"'")
    return len(value) >= 4 and (value in secret or secret in value)


def ds_line_values(text: str) -> list[str]:
    from detect_secrets.core.scan import scan_line

    return [s.secret_value or "" for line in text.splitlines() for s in scan_line(line)]


def ds_file_values(text: str, directory: str) -> list[str]:
    from detect_secrets.core.scan import scan_file

    path = os.path.join(directory, "message.txt")
    Path(path).write_text(text, encoding="utf-8")
    return [s.secret_value or "" for s in scan_file(path)]


def score(
    cases: list[Case],
    keeps: list[Case],
    caught: Callable[[Case], bool],
    damaged: Callable[[Case], bool],
) -> tuple[dict[Kind, tuple[int, int]], int]:
    per_kind: dict[Kind, list[int]] = defaultdict(lambda: [0, 0])
    for case in cases:
        assert case.kind is not None
        per_kind[case.kind][0] += caught(case)
        per_kind[case.kind][1] += 1
    bad = sum(damaged(k) for k in keeps)
    return {k: (v[0], v[1]) for k, v in per_kind.items()}, bad


def load_baseline(rev: str) -> ModuleType:
    """kefu/shield as it was at git revision ``rev``, importable beside the current one
    (the engine has only relative imports), for a same-process A/B."""
    package = Path(tempfile.mkdtemp(), "shield_baseline")
    package.mkdir()
    names = subprocess.run(
        ["git", "ls-tree", "--name-only", rev, "kefu/shield/"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout.split()
    for name in names:
        data = subprocess.run(
            ["git", "show", f"{rev}:{name}"],  # noqa: S607
            capture_output=True,
            check=True,
            cwd=ROOT,
        ).stdout
        (package / Path(name).name).write_bytes(data)
    sys.path.insert(0, str(package.parent))
    return importlib.import_module("shield_baseline")


def compare(rev: str, corpus: list[str], repeat: int) -> None:
    """Old and new engine timed in turn in this process, ``repeat`` times each: both
    see the same load, so their ratio is fair on a shared machine."""
    old = load_baseline(rev)
    engines = {
        rev: (old.redact, lambda m: old.assess(m, "requester", redaction=old.redact(m))),
        "now": (redact, redact_and_assess),
    }
    for fns in engines.values():
        fns[1]("warm up 的一是在 seed")
    best: dict[tuple[str, str], tuple[float, float]] = {}
    for _ in range(repeat):
        for label, fns in engines.items():
            for name, fn in zip(("redact", "redact+assess"), fns, strict=True):
                wall, cpu = throughput_wall_cpu(fn, corpus)
                prev = best.get((label, name), (0.0, 0.0))
                best[(label, name)] = (max(prev[0], wall), max(prev[1], cpu))
    print(f"  same-process A/B, best of {repeat} (MB/s wall clock / CPU time):")
    for name in ("redact", "redact+assess"):
        (ow, oc), (nw, nc) = best[(rev, name)], best[("now", name)]
        print(
            f"  {name:<14} {rev[:12]:>12} {ow:5.1f} / {oc:5.1f}   now {nw:5.1f} / {nc:5.1f}"
            f"   x{nc / oc:.1f}"
        )
    print()


def main() -> int:
    args = sys.argv[1:]
    repeat = int(args[args.index("--repeat") + 1]) if "--repeat" in args else 3
    with_ds = "--no-ds" not in args
    rng = random.Random(7)
    started = time.perf_counter()
    redact_and_assess("warm up 的一是在 seed")  # load word lists outside the timings

    corpus = make_messages(TARGET_BYTES, rng)
    size_mb = sum(len(m.encode()) for m in corpus) / 1e6
    short = make_messages(2_000 * MESSAGE_BYTES, rng)
    if "--baseline" in args:
        compare(args[args.index("--baseline") + 1], corpus, repeat)
    timings: dict[str, list[tuple[float, ...]]] = defaultdict(list)
    cpu = time.process_time
    for _ in range(repeat):
        for name, fn in (("redact", redact), ("redact+assess", redact_and_assess)):
            wall_mbps, cpu_mbps = throughput_wall_cpu(fn, corpus)
            timings[f"{name} MB/s"].append((wall_mbps,))
            timings[f"{name} MB/s (CPU time)"].append((cpu_mbps,))
        timings["redact ms"].append(latency(redact, short))
        timings["redact+assess ms"].append(latency(redact_and_assess, short))
        timings["redact ms (CPU time)"].append(latency(redact, short, cpu))
        timings["redact+assess ms (CPU time)"].append(latency(redact_and_assess, short, cpu))
    memory = engine_memory_mb()

    cases, keeps = positives(), keep_cases()
    shield_recall, shield_bad = score(cases, keeps, shield_caught, shield_damaged)

    print(f"kefu.shield benchmark (Python {sys.version.split()[0]}, one core)")
    print(f"  load average at the end: {os.getloadavg()[0]:.2f} (2 cores shared)\n")
    print(
        f"  corpus                                 {size_mb:6.2f} MB, {len(corpus)} messages of ~2 KB"
    )
    print(f"  timings: best / median of {repeat} runs")
    for name in ("redact MB/s", "redact+assess MB/s"):
        for clock in ("", " (CPU time)"):
            runs = [t[0] for t in timings[name + clock]]
            best, median = best_and_median(runs, higher_is_better=True)
            print(f"  {name + clock:<38} {best:6.1f} / {median:6.1f}")
    for name in ("redact ms", "redact+assess ms"):
        for clock in ("", " (CPU time)"):
            for i, q in enumerate(("p50", "p95", "p99")):
                runs = [t[i] for t in timings[name + clock]]
                best, median = best_and_median(runs, higher_is_better=False)
                print(f"  {name + clock + ' ' + q:<38} {best:6.3f} / {median:6.3f}")
    print(f"  engine memory after load               {memory:6.1f} MB (tracemalloc)\n")
    shield_mbps = max(t[0] for t in timings["redact MB/s"])  # wall clock, as detect-secrets
    if not with_ds:
        for kind in Kind:
            hit, total = shield_recall.get(kind, (0, 0))
            print(f"  {kind.value:<22}{hit}/{total} {100 * hit / max(total, 1):3.0f}%")
        print(f"  {'damaged keep-strings':<22}{shield_bad}/{len(keeps)}")
        print(f"\n  total bench time {time.perf_counter() - started:.0f} s")
        return 0

    from detect_secrets.settings import default_settings

    with default_settings(), tempfile.TemporaryDirectory() as tmp:
        line_recall, line_bad = score(
            cases,
            keeps,
            lambda c: any(_overlaps(v, c.secret) for v in ds_line_values(c.text)),
            lambda c: bool(ds_line_values(c.text)),
        )
        file_recall, file_bad = score(
            cases,
            keeps,
            lambda c: any(_overlaps(v, c.secret) for v in ds_file_values(c.text, tmp)),
            lambda c: bool(ds_file_values(c.text, tmp)),
        )
        sample = corpus[: max(1, len(corpus) // 25)]  # ~200 KB: detect-secrets is slow
        ds_line_mbps = throughput(ds_line_values, sample)
        ds_file_mbps = throughput(lambda m: ds_file_values(m, tmp), sample)

    header = f"  {'kind':<22}{'kefu.shield':>14}{'ds scan_line':>16}{'ds scan_file':>16}"
    print(header)
    print("  " + "-" * (len(header) - 2))
    for kind in Kind:
        cells = []
        for recall in (shield_recall, line_recall, file_recall):
            hit, total = recall.get(kind, (0, 0))
            cells.append(f"{hit}/{total} {100 * hit / max(total, 1):3.0f}%")
        print(f"  {kind.value:<22}{cells[0]:>14}{cells[1]:>16}{cells[2]:>16}")
    total = len(keeps)
    print(
        f"  {'damaged keep-strings':<22}{f'{shield_bad}/{total}':>14}"
        f"{f'{line_bad}/{total}':>16}{f'{file_bad}/{total}':>16}"
    )
    print(
        f"  {'throughput MB/s':<22}{shield_mbps:>14.1f}{ds_line_mbps:>16.2f}{ds_file_mbps:>16.2f}"
    )
    print(f"\n  total bench time {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
