"""Where ``kefu.shield.redact`` spends its time: each step alone on the corpus of
``bench_shield.py``, in CPU time per ~2 KB message.

Run: ``.venv/bin/python bench/bench_shield_parts.py`` (exit 0).

The 20 MB/s target leaves 100 µs per 2 KB message for everything. Each detector is
timed on the normalised text with the ASCII view given, as ``redact`` calls it; the
Chinese seed-phrase detector is also split into its C-level scans (the regex passes
and the word-pair lookups, ``mnemonic_zh``'s docstring) and the rules run on the runs
those scans keep.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_shield import TARGET_BYTES, make_messages  # noqa: E402
from kefu.shield import keys, keystore, passwords, redact  # noqa: E402
from kefu.shield import mnemonic_zh as zh  # noqa: E402
from kefu.shield.mnemonic_en import find_english  # noqa: E402
from kefu.shield.text import ascii_view, normalise  # noqa: E402


def per_message_us(fn: Callable[[], object], count: int, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best / count * 1e6


def main() -> int:
    messages = make_messages(TARGET_BYTES, random.Random(7))
    redact("warm up 的一是在 seed")
    size = sum(len(m.encode()) for m in messages)
    n = len(messages)
    texts = [normalise(m).text for m in messages]
    views = [ascii_view(t) for t in texts]
    both = list(zip(texts, views, strict=True))
    patterns = zh._chinese_patterns()
    long_groups = [patterns.long_group.findall(t) for t in texts]
    steps: list[tuple[str, Callable[[], object]]] = [
        ("normalise", lambda: [normalise(m) for m in messages]),
        ("ASCII view", lambda: [ascii_view(t) for t in texts]),
        ("keystore", lambda: [list(keystore.find(t)) for t in texts]),
        ("keys (hex, WIF, xprv, Solana)", lambda: [keys.find(t, (), v) for t, v in both]),
        ("passwords", lambda: [list(passwords.find(t, v)) for t, v in both]),
        ("seed phrases, English", lambda: [list(find_english(t, v)) for t, v in both]),
        ("seed phrases, Chinese", lambda: [list(zh.find_chinese(t, v)) for t, v in both]),
        (
            "  scan: groups of 11+ characters",
            lambda: [patterns.long_group.findall(t) for t in texts],
        ),
        (
            "  their word pairs (_flag_groups)",
            lambda: [zh._flag_groups(g) for g in long_groups if g],
        ),
        (
            "  scan: stretches of short groups",
            lambda: [list(patterns.short_groups.finditer(t)) for t in texts],
        ),
        ("  scan: context words", lambda: [zh._context_hints(t, v, patterns) for t, v in both]),
        (
            "  scan: runs of list characters",
            lambda: [list(patterns.run.finditer(t)) for t in texts],
        ),
    ]
    print(f"kefu.shield, time per step (Python {sys.version.split()[0]}, one core, CPU time)")
    print(f"  corpus: {size / 1e6:.2f} MB, {n} messages of ~2 KB; budget at 20 MB/s: 100 µs\n")
    for name, fn in steps:
        print(f"  {name:40s} {per_message_us(fn, n):7.1f} µs")
    full = per_message_us(lambda: [redact(m) for m in messages], n)
    print(f"  {'redact (all of it)':40s} {full:7.1f} µs = {size / n / full:.1f} MB/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
