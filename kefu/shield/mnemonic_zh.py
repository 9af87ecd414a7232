"""Chinese seed phrases: the rules are in ``mnemonic``'s docstring.

Runs of list characters are examined only near a trigger (a flagged group of 11+
characters, a stretch of short groups, a context word); word pairs are read as ints
from the UTF-16 form (``_pairs``).
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate, compress, repeat
from operator import sub

from .findings import Finding, Kind
from .mnemonic_context import (
    CONTEXT_LITERALS,
    CONTEXT_RE,
    CONTEXT_WIDTH,
    LENGTHS,
    MIN_WORDS,
    MIN_WORDS_WITH_CONTEXT,
    SEP,
    confidence,
    has_context,
)
from .wordlists import UTF16, checksum_valid, chinese

ZH_PAIR_ALLOWANCE = 2  # word pairs tolerated in a window of 11+ characters
ZH_SPACED_PAIR_ALLOWANCE = 4  # when every character stands alone between separators
ZH_CONTEXT_PAIR_ALLOWANCE = 1  # in a window of 8+ characters after a context word
ZH_CONTEXT_MIN_CHARS = 10  # list characters in a window found only thanks to a context word
ZH_MIN_LOG_RANK = 5.5  # their mean ln(list index + 1): random ≈ 6.6, prose ≈ 4-5
_PHRASE_LENGTHS = frozenset(n - missing for n in LENGTHS for missing in (0, 1))
# Particles that glue Chinese prose together; a random phrase rarely holds one.
_PARTICLES = frozenset("的了着过吗呢吧啊很都也就把被你我他她们在是")


@dataclass(frozen=True, slots=True)
class _ChinesePatterns:
    run: re.Pattern[str]  # 8+ list characters, separators allowed
    group: re.Pattern[str]  # list characters without a separator
    long_group: re.Pattern[str]  # a whole group of 11+ characters
    short_groups: re.Pattern[str]  # 2+ groups of at most 4 characters, separators between
    context_hint: re.Pattern[str]  # any of CONTEXT_LITERALS
    zh_context_hint: re.Pattern[str]  # the Chinese ones


@functools.cache
def _chinese_patterns() -> _ChinesePatterns:
    lists = chinese()
    c = f"[{re.escape(lists.char_class)}]"
    short = rf"{c}{{1,4}}+(?!{c})"
    return _ChinesePatterns(
        # = {c}(?:{SEP}*+{c}){7,}: a list character first (no separator to try), and
        # no start right after a list character (that run started before, or is short).
        run=re.compile(rf"{c}(?<!{c}.)(?:{c}|{SEP}++{c}){{{MIN_WORDS_WITH_CONTEXT - 1},}}"),
        group=re.compile(f"{c}+"),
        # The first character before the guard, so the engine skips in C to group
        # starts instead of retrying at every character of a short group.
        long_group=re.compile(rf"{c}(?<!{c}.){c}{{{MIN_WORDS - 1},}}"),
        short_groups=re.compile(rf"{c}(?<!{c}.){c}{{0,3}}+(?!{c})(?:{SEP}++{short})+"),
        context_hint=re.compile("|".join(map(re.escape, sorted(set(CONTEXT_LITERALS))))),
        zh_context_hint=re.compile(
            "|".join(map(re.escape, sorted({w for w in CONTEXT_LITERALS if not w.isascii()})))
        ),
    )


def find_chinese(text: str, view: bytes) -> Iterator[Finding]:
    """Seed phrases in the Chinese lists: the rules of ``mnemonic``'s docstring, applied
    per run of list characters (``_chinese_run``) — but only to the runs that could
    hold one. Most Chinese text is prose, and a run can yield a finding only when

    * one of its groups of 11+ characters has a quiet window (or is a quiet group of
      11-25), computed exactly as ``_chinese_run`` would;
    * or it holds 2+ consecutive groups of at most 4 characters, 8+ in all;
    * or a context word (one of ``CONTEXT_LITERALS``) is within reach.

    Each is found with one C-level regex over the whole text; the run loop runs only
    when one fires, and then only the runs within reach of a trigger are examined.
    """
    patterns = _chinese_patterns()
    triggers: list[int] = []
    # Where a dense or spaced window may be (a flagged group, a stretch of short
    # groups): a run holding none of them can only yield after a context word.
    dense: list[int] = []
    groups = patterns.long_group.findall(text)
    if groups:
        flagged = _flag_groups(groups)
        pos = 0
        for i in flagged:
            pos = text.find(groups[i], pos)  # the i-th group: groups are disjoint
            triggers.append(pos)
        if flagged:
            spans = [m.start() for m in patterns.long_group.finditer(text)]
            dense.extend(spans[i] for i in flagged)
    for stretch in patterns.short_groups.finditer(text):
        # Its list characters: the only ones whose UTF-8 lead byte is E4-E9 (separators
        # hold no CJK ideograph), counted in C on the view.
        chars = len(view[stretch.start() : stretch.end()].translate(None, _NOT_CJK_LEAD))
        if chars >= MIN_WORDS_WITH_CONTEXT:
            triggers.append(stretch.start())
            dense.append(stretch.start())
    triggers.extend(_context_hints(text, view, patterns))
    if not triggers:
        return
    triggers.sort()
    dense.sort()
    for run in patterns.run.finditer(text):
        # A trigger inside the run, or a context word up to CONTEXT_WIDTH before it.
        i = bisect_left(triggers, run.start() - CONTEXT_WIDTH)
        if i == len(triggers):
            break  # runs come in order: no later one can reach a trigger
        if triggers[i] >= run.end():
            continue
        i = bisect_left(dense, run.start())
        if i < len(dense) and dense[i] < run.end():
            yield from _chinese_run(text, run, patterns)
        else:
            # No flagged group, no stretch of short groups: the dense and spaced
            # rules of _chinese_run find nothing here, only the context rules may.
            yield from _context_rules(text, run, patterns)


_NOT_CJK_LEAD = bytes(b for b in range(256) if not 0xE4 <= b <= 0xE9)
_BLOCK = "\x00"  # between groups: every pair touching it reads as prose


def _flag_groups(groups: list[str]) -> list[int]:
    """Indices of the dense groups (11+ characters) in which ``_chinese_run`` may find
    a window: a 12-character window with at most ZH_PAIR_ALLOWANCE prose pairs, or a
    quiet group of 11-25 characters. All groups of a text are counted in one pass
    (``_pairs``); a window overlapping ``_BLOCK`` can only be flagged wrongly, never
    missed, and a flagged group is then examined exactly by ``_chinese_run``."""
    chars = _BLOCK.join(groups)
    words, prose = _pairs(chars, _particle_codes() | {0})
    sums = [0, *accumulate(prose)]
    quiet: list[int] = []
    if min(map(sub, sums[11:], sums), default=99) <= ZH_PAIR_ALLOWANCE:
        quiet = list(map(sub, sums[11:], sums))  # prose pairs of chars[i : i + 12]
    flagged: list[int] = []
    start = 0
    for i, group in enumerate(groups):
        end = start + len(group)
        if (end - start <= 25 and words.count(1, start, end - 1) <= ZH_PAIR_ALLOWANCE) or (
            quiet and min(quiet[start : end - 11], default=99) <= ZH_PAIR_ALLOWANCE
        ):
            flagged.append(i)
        start = end + len(_BLOCK)
    return flagged


class _RunPairs:
    """The pairs of a run's characters (its groups concatenated), counted once on
    first use (``_pairs``) and shared by every rule: the pairs of any stretch of
    consecutive characters are a slice of them."""

    __slots__ = ("_pairs", "chars")

    def __init__(self, text: str, groups: list[tuple[int, int]]) -> None:
        self.chars = "".join(text[s:e] for s, e in groups)
        self._pairs: tuple[bytes, bytes] | None = None

    def part(self, lo: int, hi: int) -> tuple[str, list[int], bytes]:
        """The characters ``chars[lo:hi]``, the positions of their prose pairs (with
        sentinels -1 and n - 1) and their dictionary-word flags per pair."""
        if self._pairs is None:
            self._pairs = _pairs(self.chars, _particle_codes())
        words, prose = self._pairs
        n = hi - lo
        return (
            self.chars[lo:hi],
            [-1, *compress(range(n - 1), prose[lo : hi - 1]), n - 1],
            words[lo : hi - 1],
        )


def _chinese_run(
    text: str,
    run: re.Match[str],
    patterns: _ChinesePatterns,
) -> Iterator[Finding]:
    groups = [g.span() for g in patterns.group.finditer(text, run.start(), run.end())]
    pairs = _RunPairs(text, groups)
    at = [0, *accumulate(e - s for s, e in groups)]  # where each group starts in chars
    found: list[tuple[int, int]] = []
    for lo, hi in _short_group_stretches(groups):
        # Characters alone or in small groups between separators ("意, 纺, 烦 …",
        # "煮昌所 它毫福"): how wallets display a phrase; prose rarely looks so.
        # One neighbouring group on each side lets a window reach a glued word.
        part = groups[max(0, lo - 1) : hi + 1]
        p_chars, p_hp, _ = pairs.part(at[max(0, lo - 1)], at[min(len(groups), hi + 1)])
        p_offsets = [i for s, e in part for i in range(s, e)]
        for first, last in _merge(_quiet_windows(p_hp, ZH_SPACED_PAIR_ALLOWANCE, MIN_WORDS)):
            found.append((first, last))
            yield from _chinese_window(text, p_chars, p_offsets, first, last)
    # Only dense stretches of 11+ characters can hold a dense phrase.
    for g, (start, end) in enumerate(groups):
        if end - start >= MIN_WORDS:
            g_chars, g_hp, words = pairs.part(at[g], at[g + 1])
            windows = _quiet_windows(g_hp, ZH_PAIR_ALLOWANCE, 12)
            if not windows and end - start <= 25 and sum(words) <= ZH_PAIR_ALLOWANCE:
                windows = [(0, end - start)]  # "的一是在不了有和人这中大"
            for first, last in _merge(windows):
                found.append((first, last))
                yield from _chinese_window(text, g_chars, list(range(start, end)), first, last)
    # One of CONTEXT_LITERALS within reach (the literal search is far cheaper than
    # CONTEXT_RE on every run).
    if not patterns.context_hint.search(text, max(0, run.start() - CONTEXT_WIDTH), run.end()):
        return
    if not has_context(text, run.start(), run.end()):
        return
    # After a context word: a whole dense group of a phrase's length ("助记词：" and
    # 23 characters up to the line end), even where its own pairs kept the dense
    # rule to a part of it.
    yield from _whole_groups(text, [(s, e) for s, e in groups if e - s >= MIN_WORDS])
    if found:
        return
    chars, hp, _ = pairs.part(0, at[-1])
    yield from _relaxed_windows(text, chars, hp, groups)


# The ASCII context literals by their lower-case form: found with bytes.find in the
# lower-cased view (the regex tried a match at every e, s, a, m and w of the text).
_ASCII_HINTS = {
    w.lower().encode(): frozenset(v.encode() for v in CONTEXT_LITERALS if v.lower() == w.lower())
    for w in CONTEXT_LITERALS
    if w.isascii()
}


def _context_hints(text: str, view: bytes, patterns: _ChinesePatterns) -> list[int]:
    """The starts ``patterns.context_hint.finditer(text)`` gives. At one position at
    most one literal can match (they differ before either ends), so the finditer
    matches are the occurrences taken left to right, each after the previous one's
    end (which drops "seed" in "wordseed", "记忆词" in "助记忆词")."""
    found = [(m.start(), m.end()) for m in patterns.zh_context_hint.finditer(text)]
    lower = view.lower()
    for word, forms in _ASCII_HINTS.items():
        i = lower.find(word)
        while i >= 0:
            if view[i : i + len(word)] in forms:
                found.append((i, i + len(word)))
            i = lower.find(word, i + 1)
    if len(found) < 2:
        return [start for start, _ in found]
    found.sort()
    starts: list[int] = []
    end = 0
    for start, stop in found:
        if start >= end:
            starts.append(start)
            end = stop
    return starts


def _context_rules(text: str, run: re.Match[str], patterns: _ChinesePatterns) -> Iterator[Finding]:
    """What ``_chinese_run`` yields for a run where its dense and spaced rules find
    nothing: the same context rules, in the same order, but the relaxed windows are
    looked for only where a stretch of 10+ characters can be drawn at random, and
    groups and pairs are gathered only then."""
    if not patterns.context_hint.search(text, max(0, run.start() - CONTEXT_WIDTH), run.end()):
        return
    if not has_context(text, run.start(), run.end()):
        return
    long_groups = [g.span() for g in patterns.long_group.finditer(text, run.start(), run.end())]
    if long_groups:
        yield from _whole_groups(text, long_groups)
    if not _may_be_random("".join(patterns.group.findall(text, run.start(), run.end()))):
        return  # every relaxed window needs such a stretch (``_relaxed_window``)
    groups = [g.span() for g in patterns.group.finditer(text, run.start(), run.end())]
    chars, hp, _ = _RunPairs(text, groups).part(0, sum(e - s for s, e in groups))
    yield from _relaxed_windows(text, chars, hp, groups)


def _relaxed_windows(
    text: str, chars: str, hp: list[int], groups: list[tuple[int, int]]
) -> Iterator[Finding]:
    """The relaxed context rule over a run's list characters ``chars`` (from ``groups``)
    and the positions ``hp`` of their prose pairs: quiet stretches, each checked by
    ``_relaxed_window``."""
    found = _quiet_windows(hp, ZH_CONTEXT_PAIR_ALLOWANCE, MIN_WORDS_WITH_CONTEXT)
    found += _quiet_windows(hp, ZH_PAIR_ALLOWANCE, 10)
    if not found:
        return
    offsets = [i for s, e in groups for i in range(s, e)]
    for first, last in _merge(found):
        window = _relaxed_window(text, chars, offsets, first, last)
        if window:
            yield from _chinese_window(text, chars, offsets, *window)


def _may_be_random(chars: str) -> bool:
    """Whether some ZH_CONTEXT_MIN_CHARS+ consecutive characters of ``chars`` may pass
    ``_drawn_at_random``: the best stretch of the excess over ZH_MIN_LOG_RANK, from
    prefix sums and their running minimum (C-level maps), with a margin for rounding.
    Prose, made of frequent characters, seldom has one."""
    n = ZH_CONTEXT_MIN_CHARS
    if len(chars) < n:
        return False
    excess = map(sub, map(_log_rank().__getitem__, chars), repeat(ZH_MIN_LOG_RANK))
    sums: list[float] = [0.0, *accumulate(excess)]
    lows = accumulate(sums, min)  # lows[j] = min(sums[: j + 1])
    best: float = max(map(sub, sums[n:], lows))
    return best > -1e-9


def _whole_groups(text: str, long_groups: list[tuple[int, int]]) -> Iterator[Finding]:
    """Dense groups (no separator inside; a context word and a following 是/为 at their
    start left out) of exactly a phrase's length, one word missing allowed
    (``_PHRASE_LENGTHS``), with at most one dictionary pair per 6 characters (2 for
    12) and characters drawn at random (``_drawn_at_random``). ``long_groups``: the
    run's groups of MIN_WORDS+ characters (shorter ones never qualify)."""
    for start, end in long_groups:
        for m in CONTEXT_RE.finditer(text, start, end):
            start = m.end()
        while start < end and text[start] in "是为為":
            start += 1
        count = end - start
        if count not in _PHRASE_LENGTHS:
            continue
        chars = text[start:end]
        # The randomness test first: it needs no pairs, and prose fails it.
        if _drawn_at_random(chars) and sum(_pairs(chars, _particle_codes())[0]) <= count // 6:
            indices = [chinese().index[c] for c in chars]
            yield Finding(Kind.MNEMONIC, start, end, confidence(indices, count, True))


def _drawn_at_random(chars: str) -> bool:
    """Whether ``chars`` (simplified) look drawn uniformly from the list rather than
    written: the mean of ln(index + 1) is ~6.6 for a random phrase (geometric-mean
    index ~750) and 4-5 for prose, which is made of the most frequent characters."""
    return sum(map(_log_rank().__getitem__, chars)) >= ZH_MIN_LOG_RANK * len(chars)


@functools.cache
def _log_rank() -> dict[str, float]:
    # A plain dict: a read-only mapping proxy costs a second lookup per character.
    return dict(chinese().log_rank)


def _short_group_stretches(groups: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Index ranges of consecutive groups of at most 4 characters, 8+ characters in all."""
    lo = total = 0
    for i, (start, end) in enumerate([*groups, (0, 99)]):
        if end - start <= 4:
            total += end - start
            continue
        if total >= MIN_WORDS_WITH_CONTEXT:
            yield lo, i
        lo, total = i + 1, 0


@functools.cache
def _particle_codes() -> frozenset[int]:
    """Code points of the particles, in either list's form (們 as 们)."""
    fold = chinese().to_simplified
    return frozenset(ord(c) for c in chinese().index if fold.get(ord(c), c) in _PARTICLES)


def _pairs(chars: str, breaks: frozenset[int]) -> tuple[bytes, bytes]:
    """Two flags (0/1) per adjacent pair of ``chars`` (list characters of either list,
    or "\\x00"): whether the pair is a word of ordinary Chinese, and whether it reads
    as prose (a word, or a character of ``breaks`` in it: a particle, "\\x00").

    No Python runs per character: the UTF-16 form read as 32-bit ints gives every
    other pair's code at once (``pair_code``), twice (even and odd pairs), then one
    set lookup each, mapped in C; traditional characters need no folding pass, the
    set holds their pairs too."""
    n = len(chars)
    if n < 2:
        return b"", b""
    data = memoryview(chars.encode(UTF16))
    is_word = chinese().pair_codes.__contains__
    words = bytearray(n - 1)
    words[0::2] = bytes(map(is_word, data[: 4 * (n // 2)].cast("I").tolist()))
    words[1::2] = bytes(map(is_word, data[2 : 2 + 4 * ((n - 1) // 2)].cast("I").tolist()))
    marks = bytes(map(breaks.__contains__, data.cast("H").tolist()))
    prose = int.from_bytes(words) | int.from_bytes(marks[:-1]) | int.from_bytes(marks[1:])
    return bytes(words), prose.to_bytes(n - 1)


def _quiet_windows(hp: list[int], allowance: int, length: int) -> list[tuple[int, int]]:
    """Maximal character windows holding at most ``allowance`` prose pairs and at
    least ``length`` characters; ``hp`` lists prose-pair positions between the
    sentinels -1 and n - 1 (the last character)."""
    step = allowance + 1
    hp = hp + [hp[-1]] * allowance
    if max(map(sub, hp[step:], hp), default=0) < length:
        return []  # the fast path for prose: C-level only
    return [
        (hp[k] + 1, hp[k + step] + 1)
        for k in range(len(hp) - step)
        if hp[k + step] - hp[k] >= length
    ]


def _relaxed_window(
    text: str, chars: str, offsets: list[int], first: int, last: int
) -> tuple[int, int] | None:
    """The part of a window found only thanks to a context word that may be a seed
    phrase, or None. Such a window holds few dictionary pairs, but so do many clauses
    of prose ("他们说要先转一笔钱到安全账户"): it must also

    * leave out the context word itself (and a following 是/为): the phrase is on one
      side of it, the longer one;
    * be dense (no separator inside) or evenly separated: the groups strictly inside
      it hold at most 4 characters each, of sizes differing by at most 1 ("问撞次
      床忍赫 另墙寺"); of a window made of two groups (prose glued across a comma or a
      line break) only the longer group counts;
    * hold ZH_CONTEXT_MIN_CHARS (10)+ characters that look drawn at random
      (``_drawn_at_random``), its end groups cut to the size of the inner ones."""
    low = offsets[first]
    for m in CONTEXT_RE.finditer(text, max(0, low - 12), offsets[last - 1] + 1):
        if m.end() <= low:
            continue
        cut = first
        while cut < last and offsets[cut] < m.end():
            cut += 1
        before = first
        while before < cut and offsets[before] < m.start():
            before += 1
        while cut < last and chars[cut] in "是为為":
            cut += 1
        first, last = (cut, last) if last - cut >= before - first else (first, before)
        if last - first < ZH_CONTEXT_MIN_CHARS:
            return None
    # Groups: maximal stretches of adjacent characters (a separator between groups).
    bounds = [first, *(i for i in range(first + 1, last) if offsets[i] != offsets[i - 1] + 1)]
    sizes = list(map(sub, [*bounds[1:], last], bounds))
    core = first, last
    if len(sizes) == 2:
        k = 0 if sizes[0] >= sizes[1] else 1
        first, last = core = bounds[k], bounds[k] + sizes[k]
    elif len(sizes) > 2:
        inner = sizes[1:-1]
        if max(inner) > 4 or max(inner) - min(inner) > 1:
            return None
        # The end groups may be glued to prose ("我就发了产贤缆穷 额章裁混 辛晨夫，是不是"):
        # test them as far as a group of the phrase reaches.
        core = max(first, bounds[1] - max(inner)), min(last, bounds[-1] + max(inner))
    if core[1] - core[0] < ZH_CONTEXT_MIN_CHARS or not _drawn_at_random(chars[slice(*core)]):
        return None
    return first, last


def _chinese_window(
    text: str, chars: str, offsets: list[int], first: int, last: int
) -> Iterator[Finding]:
    start, end = offsets[first], offsets[last - 1] + 1
    inside = CONTEXT_RE.search(text, start, end)
    if inside:
        # "我的助记词是……": the context word opens the quiet stretch; keep the label
        # unless that would leave too little (the word then closes the stretch).
        cut = first
        while cut < last and offsets[cut] < inside.end():
            cut += 1
        while cut < last and chars[cut] in "是为為":
            cut += 1
        if last - cut >= MIN_WORDS_WITH_CONTEXT:
            first = cut
            start = offsets[first]
    count = last - first
    context = inside is not None or has_context(text, start, end)
    if count < (MIN_WORDS_WITH_CONTEXT if context else MIN_WORDS):
        return
    index = chinese().index
    indices = [index[c] for c in chars[first:last]]
    # Widened last: the window's own words decided that it is a phrase; the widening may
    # take in a label or prose beside it, never leave a word of the phrase out.
    wide_first, wide_last = _whole_phrase(chars, first, last)
    start, end = offsets[wide_first], offsets[wide_last - 1] + 1
    yield Finding(Kind.MNEMONIC, start, end, confidence(indices, count, context))


def _whole_phrase(chars: str, first: int, last: int) -> tuple[int, int]:
    """The window, widened to the whole phrase it overlaps when the pair rules cut it short.

    A drawn phrase holds a dictionary pair now and then ("把她", "横都"); where three fall
    close together the quiet window stops before them, and the words past it would be
    left in the text. So the window takes in every span of 12-24 list characters (within
    its group, or its stretch of short groups) that shares 8+ characters with it, reaches
    past it and has a valid BIP39 checksum. Every such span, not the longest: a span of
    prose and phrase can pass the checksum by chance (1 in 16 to 256), and taking it alone
    could stop short of the phrase itself. Runs only for a window already found."""
    if last - first >= 24 or len(chars) < 12:
        return first, last
    index = chinese().index
    indices = [index.get(c, -1) for c in chars]
    low_end, high_end = first, last
    for length in (12, 15, 18, 21, 24):
        lowest = max(0, first + MIN_WORDS_WITH_CONTEXT - length)
        highest = min(last - MIN_WORDS_WITH_CONTEXT, len(chars) - length)
        for low in range(lowest, highest + 1):
            if first <= low and low + length <= last:
                continue  # inside the window: widens nothing
            span = indices[low : low + length]
            if -1 not in span and checksum_valid(span):
                low_end, high_end = min(low_end, low), max(high_end, low + length)
    return low_end, high_end


def _merge(spans: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    current: tuple[int, int] | None = None
    for start, end in sorted(spans):
        if current and start <= current[1]:
            current = (current[0], max(current[1], end))
            continue
        if current:
            yield current
        current = (start, end)
    if current:
        yield current
