"""Seed phrase (BIP39 mnemonic) detection in the English and Chinese word lists.

English: a run of words separated only by separators (spaces, commas, 、, newlines,
tabs, quotes, numbering such as ``1.`` ``2)`` ``#3`` ``④``). Ordinary prose breaks
such runs all the time: "the", "my", "is", "to", "and", "for", "did" are not BIP39
words, nor are words over eight letters. A run counts as a seed phrase when it has

* at least ``MIN_WORDS`` (11) words: 11 of 12 leaked words are brute-forced in seconds;
* or at least ``MIN_WORDS_WITH_CONTEXT`` (8) words right after a context word
  (seed, mnemonic, recovery phrase, 助记词, 备份 ...).

Up to two words may be repaired: a typo at edit distance 1 from exactly one list
word, or a four-letter abbreviation (unique by BIP39 design); a run made only of
four-letter abbreviations is accepted as a whole.

English prose can still hold such runs, above all after a context word ("…asked for
my seed phrase Please note that the exchange rate changed"): "please", "note",
"that", "exchange", "rate", "change" are list words. What tells them apart is that a
phrase's words are drawn at random from the list, while prose is made of the most
frequent English words. So (detector ``shield-2025.3``):

* the context word's own words ("seed" is a list word) do not count;
* a run reads as prose, and is kept, when 60 %+ of its list words (70 %+ for a run
  of 11+) are among ``_COMMON_WORDS``, the 269 list words that are everyday English
  (13 % of the list, so ~13 % of a random phrase); 50 %+ where the run holds a
  capitalised word between lower-case ones on one line ("amount Seed phrase"), or
  a run of 11+ a function word ("the", "and", "was" … not list words: one can pass
  as an unknown word), both rare in a pasted phrase;
* a run of 8-10 words found only thanks to a context word ends at a function word;
  each side is tested alone.

Measured (fixed seeds): 0 of 35,683 texts made of a context line and a line of
prose changed (2,953 before); 12 of 7,500 generated phrases after a context word
newly missed, 10 of them 8-10-word partial leaks with common words (0.2 %); 1 of
6,000 bare phrases without a typo newly missed.

Chinese: each list character is one word, so separators are optional and ordinary
Chinese prose is made almost entirely of list characters (the lists are the 2,048
most frequent characters). What tells a seed phrase from prose is that its
characters are drawn at random: adjacent characters almost never form a word. We
count adjacent pairs found inside words of jieba's dictionary (plus support-desk
words it lacks: ``zh_word_pairs.dat``, built by ``_build_zh_pairs``). Measured: a
random 12-character phrase holds at most 2 such pairs in 99.8 % of cases; none of
1,197 twelve-character windows of real Chinese complaint text held fewer than 3.
A run of list characters (separators allowed) is a seed phrase where it has a
window of

* 12+ characters with at most 2 word pairs, or 11+ if that window is the whole run
  (a bare 11-of-12 paste), or
* 11+ characters with at most 4 word pairs when the characters stand one by one
  between separators ("意, 纺, 烦 …", "1.意 2.纺" — wallets display them so), or
* 8+ characters with at most 1 prose pair, or 10+ with at most 2, after a context
  word (助记词, 备份, seed …).

Inside a longer run a pair touching a particle or pronoun (的 了 是 在 我 你 …)
counts as prose too ("写的", "高了"): a random phrase seldom holds those.

``的一是在不了有和人这中大`` (the twelve most frequent list characters) holds 2
pairs and is caught; ``我的账户一直不能提现`` holds 5 and is left alone. Obfuscated
prose with a space between every character still reads as prose, because pairs are
counted across separators.

A valid BIP39 checksum (any 12/15/18/21/24 window at either end of the run) raises
the confidence but is never required: Electrum seeds, typos and partial leaks have
none. The whole run is redacted, never "all but the first word".
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate, compress
from operator import contains, or_, sub

from .findings import Finding, Kind
from .wordlists import checksum_valid, chinese, english, repair_english

MIN_WORDS = 11
MIN_WORDS_WITH_CONTEXT = 8
# A window reads as prose (and is kept) when this share of its list words, or more,
# is everyday English (_COMMON_WORDS; ~13 % of a random phrase's words):
COMMON_SHARE = 0.6  # 8-10 words found only thanks to a context word
COMMON_SHARE_LONG = 0.7  # 11+ words
COMMON_SHARE_GLUED = 0.5  # a sentence start inside, or 11+ words with a function word
MAX_REPAIRS = 2
ZH_PAIR_ALLOWANCE = 2  # word pairs tolerated in a window of 11+ characters
ZH_SPACED_PAIR_ALLOWANCE = 4  # when every character stands alone between separators
ZH_CONTEXT_PAIR_ALLOWANCE = 1  # in a window of 8+ characters after a context word
CONTEXT_WIDTH = 40
ZH_CONTEXT_MIN_CHARS = 10  # list characters in a window found only thanks to a context word
ZH_MIN_LOG_RANK = 5.5  # their mean ln(list index + 1): random ≈ 6.6, prose ≈ 4-5
_LENGTHS = (24, 21, 18, 15, 12)
_PHRASE_LENGTHS = frozenset(n - missing for n in _LENGTHS for missing in (0, 1))
# Particles that glue Chinese prose together; a random phrase rarely holds one.
_PARTICLES = frozenset("的了着过吗呢吧啊很都也就把被你我他她们在是")
_ZH_BREAKS = _PARTICLES | {"\x00"}

_SEP = r"(?:[\s,;/|·\-_\"'()，、；（）“”‘’]|\d{1,3}[.):）、]?|#|[\u2460-\u2473])"
_EN_WORD = r"[A-Za-z]{3,9}+(?![A-Za-z])"
# = (?<![A-Za-z]){_EN_WORD}(?:…){7,}, the first letter before the guard: the engine
# then skips non-letters in C instead of trying the pattern at every position.
_EN_RUN = re.compile(
    r"[A-Za-z](?<![A-Za-z].)[A-Za-z]{2,8}+(?![A-Za-z])"
    rf"(?:{_SEP}++{_EN_WORD}){{{MIN_WORDS_WITH_CONTEXT - 1},}}"
)
_LETTERS = re.compile(r"[A-Za-z]+")


def _any_case(word: str) -> str:
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isascii() and c.isalpha() else c for c in word)


_SP = r"[\s_-]*"
# Case-sensitive character classes: several times faster than re.IGNORECASE.
CONTEXT_RE = re.compile(
    "|".join(
        [
            _any_case("seed"),
            _any_case("mnemonic"),
            _any_case("recovery")
            + _SP
            + "(?:"
            + _any_case("phrase")
            + "|"
            + _any_case("word")
            + ")",
            _any_case("secret")
            + _SP
            + "(?:"
            + _any_case("recovery")
            + _SP
            + ")?"
            + _any_case("phrase"),
            _any_case("backup") + _SP + "(?:" + _any_case("phrase") + "|" + _any_case("word") + ")",
            r"\b(?:12|15|18|21|24)[\s-]*" + _any_case("words"),
            "助记词|助記詞|记忆词|種子|种子|恢复短语|恢復短語|恢复词|备份|備份|(?:12|15|18|21|24)个(?:单)?词",
        ]
    )
)


# Fragments of every CONTEXT_RE match, for a cheap first test with str.find.
_CONTEXT_LITERALS = (
    *(
        w
        for word in ("seed", "mnemonic", "ecovery", "ecret", "ackup", "words")
        for w in (word, word.upper(), word.title())
    ),
    "助记",
    "助記",
    "记忆词",
    "種子",
    "种子",
    "恢复",
    "恢復",
    "备份",
    "備份",
    "个词",
    "个单词",
)


def find(text: str) -> Iterator[Finding]:
    """Seed phrases in normalised ``text`` (offsets into ``text``)."""
    yield from _find_english(text)
    if _has_cjk(text):
        yield from _find_chinese(text)


def _has_cjk(text: str) -> bool:
    # Cheap gate: a pure-ASCII text has no Chinese seed phrase.
    return not text.isascii()


def _has_context(text: str, start: int, end: int) -> bool:
    return CONTEXT_RE.search(text, max(0, start - CONTEXT_WIDTH), end) is not None


def _confidence(indices: list[int], count: int, context: bool) -> float:
    if count >= 12:
        for length in _LENGTHS:
            if length <= len(indices) and (
                checksum_valid(indices[:length]) or checksum_valid(indices[-length:])
            ):
                return 0.97
    if count >= 12:
        return 0.85
    if count >= MIN_WORDS:
        return 0.75
    return 0.65 if context else 0.5


# --- English -------------------------------------------------------------------


def _prefixed(word: str) -> bool:
    return word[:4] in english().by_prefix


def _find_english(text: str) -> Iterator[Finding]:
    lists = english()
    for run in _EN_RUN.finditer(text):
        words = _LETTERS.findall(run.group().lower())
        # w in the list, or its first four letters are a list word's (C-level maps).
        exact = map(or_, map(lists.index.__contains__, words), map(_prefixed, words))
        sums = [0, *accumulate(exact)]
        span = MIN_WORDS_WITH_CONTEXT
        if max(map(sub, sums[span:], sums), default=0) < span - MAX_REPAIRS:
            continue  # prose: no 8 words of which 6 are list words
        # (start, end, index or None, repaired, letters)
        tokens: list[tuple[int, int, int | None, bool, int]] = []
        for word in _LETTERS.finditer(text, run.start(), run.end()):
            lower = word.group().lower()
            index = lists.index.get(lower)
            repaired = False
            if index is None:
                index = repair_english(lower)
                repaired = index is not None
            tokens.append((word.start(), word.end(), index, repaired, len(lower)))
        for first, last in _english_windows(tokens):
            if sum(t[2] is not None for t in tokens[first:last]) >= MIN_WORDS_WITH_CONTEXT:
                yield from _english_window(text, tokens[first:last], split=True)


def _english_window(
    text: str, window: list[tuple[int, int, int | None, bool, int]], *, split: bool
) -> Iterator[Finding]:
    """A finding for ``window`` if it is a seed phrase: 11+ list words, or 8+ after a
    context word, the context word's own words ("seed") not counted; and not prose
    (``_reads_as_prose`` at the share for its kind). A window of 8-10 words found only
    thanks to a context word ends at a function word ("the", "and", "was" …): each
    side is tested alone (``split``)."""
    start, end = window[0][0], window[-1][1]
    context = _has_context(text, start, end)
    words = _outside_context(text, window, start, end) if context else window
    count = sum(t[2] is not None for t in words)
    cuts = [i for i, t in enumerate(window) if text[t[0] : t[1]].lower() in _FUNCTION_WORDS]
    if count >= MIN_WORDS:
        share = COMMON_SHARE_GLUED if cuts or _sentence_start(text, window) else COMMON_SHARE_LONG
    elif not context or count < MIN_WORDS_WITH_CONTEXT:
        return
    elif split and cuts:
        for lo, hi in zip([-1, *cuts], [*cuts, len(window)], strict=True):
            part = window[lo + 1 : hi]
            while part and part[-1][2] is None:
                part = part[:-1]  # never end on an unknown word
            while part and part[0][2] is None:
                part = part[1:]
            if len(part) >= MIN_WORDS_WITH_CONTEXT:
                yield from _english_window(text, part, split=False)
        return
    else:
        share = COMMON_SHARE_GLUED if _sentence_start(text, window) else COMMON_SHARE
    if _reads_as_prose(words, share):
        return
    indices = [t[2] for t in window if t[2] is not None]
    yield Finding(Kind.MNEMONIC, start, end, _confidence(indices, count, context))


def _sentence_start(text: str, window: list[tuple[int, int, int | None, bool, int]]) -> bool:
    """Whether a capitalised word stands between lower-case ones on one line ("amount
    Seed phrase"): a new sentence of prose. A pasted phrase is lower case, Title Case
    or upper case, capitalised at its start or at line starts only."""
    for a, b, c in zip(window, window[1:], window[2:], strict=False):
        if (
            text[b[0] : b[0] + 2].istitle()
            and text[a[0]].islower()
            and text[c[0] : c[0] + 2].islower()
            and "\n" not in text[a[1] : b[0]]
        ):
            return True
    return False


def _outside_context(
    text: str, tokens: list[tuple[int, int, int | None, bool, int]], start: int, end: int
) -> list[tuple[int, int, int | None, bool, int]]:
    """``tokens`` less those inside a context word ("seed", "recovery phrase")."""
    spans = [m.span() for m in CONTEXT_RE.finditer(text, start, end)]
    return [t for t in tokens if not any(s < t[1] and t[0] < e for s, e in spans)]


def _reads_as_prose(tokens: list[tuple[int, int, int | None, bool, int]], share: float) -> bool:
    """Whether ``share``+ of the list words of ``tokens`` are everyday English
    (``_COMMON_WORDS``, 13 % of the list: a random phrase holds ~13 % of them)."""
    indices = [t[2] for t in tokens if t[2] is not None]
    common = sum(map(_common_indices().__contains__, indices))
    return common >= share * len(indices)


@functools.cache
def _common_indices() -> frozenset[int]:
    return frozenset(english().index[w] for w in _COMMON_WORDS)


# Words that glue English prose together and are not list words. One may stand
# inside a run as an unknown word (a typo no repair can place), so they do not
# break runs; but a window found only thanks to a context word ends at one.
_FUNCTION_WORDS = frozenset(
    "after against although and are been both but could did does done for from got had has "
    "her hers him his how its let may might nor not onto our ours per she should than the "
    "their them these those though thus too unless was were whether which while who why with "
    "would yet your yours".split()
)
# Everyday English among the list words: the 250 most frequent by wordfreq 3.1
# (``zipf_frequency(w, "en") >= 5.27``: about, again, all … you) and 20 support-desk
# words (account, balance, deposit, exchange, fee, order, token …); 269 words, 13 %
# of the list. A random phrase holds ~13 % of them, prose mostly them.
_COMMON_WORDS = frozenset(
    """
    able about account act again age agent air all almost already also always among
    another any area around art ask away balance because become before behind
    believe best better between black body book business call can cancel car case
    cause change check child city close come company control country course day deal
    deposit during early easy either else end enough enter example exchange face
    family fee feel few final find fire first food found friend front fun future
    game general girl give good great group half hand happy hard have head health
    heart help high history home hope human idea into job just keep kind know large
    later law leave left level life light like list little live local lock long love
    major make man market matter mean media message million mind more morning move
    much music must myself name near need never news next nice night north note
    nothing now number off office often old once one only open order other over own
    party people person phone place play please point police possible post power
    pretty price problem program public put question rate rather ready real reason
    receive remember report right room run safe same say school season second series
    service short side since six small social someone soon south special start state
    stay still story street such sure system talk team tell thank that then there
    they thing this thought three time today together token top trade transfer true
    try turn two type under until use used verify very video wait want water way
    west what when where will win woman work world wrong year you young
    """.split()
)


def _english_windows(
    tokens: list[tuple[int, int, int | None, bool, int]],
) -> Iterator[tuple[int, int]]:
    """Token ranges that may be a seed phrase: list words, at most MAX_REPAIRS of them
    repaired or unknown, at most one unknown (a typo no repair can place), never at an
    end; a range made only of four-letter abbreviations is accepted as a whole."""
    unknown = [t[2] is None for t in tokens]
    lo = 0
    n = len(tokens)
    while lo < n:
        while lo < n and unknown[lo]:
            lo += 1
        hi = lo
        # Extend while there are no two unknown tokens in a row.
        while hi < n and not (unknown[hi] and (hi + 1 == n or unknown[hi + 1])):
            hi += 1
        if hi - lo >= MIN_WORDS_WITH_CONTEXT:
            yield from _limit_repairs(tokens, lo, hi)
        lo = hi + 1


def _limit_repairs(
    tokens: list[tuple[int, int, int | None, bool, int]], lo: int, hi: int
) -> Iterator[tuple[int, int]]:
    segment = tokens[lo:hi]
    if all(t[2] is not None and t[4] <= 4 for t in segment):
        yield lo, hi
        return
    cost = [t[3] or t[2] is None for t in segment]
    unknown = [t[2] is None for t in segment]
    # Two pointers: the longest windows within the repair budget.
    spans: list[tuple[int, int]] = []
    left = 0
    repairs = unknowns = 0
    for right in range(len(segment)):
        repairs += cost[right]
        unknowns += unknown[right]
        while repairs > MAX_REPAIRS or unknowns > 1:
            repairs -= cost[left]
            unknowns -= unknown[left]
            left += 1
        first, last = left, right + 1
        while first < last and unknown[first]:
            first += 1
        while last > first and unknown[last - 1]:
            last -= 1
        if last > first:
            spans.append((lo + first, lo + last))
    yield from _merge_contained(spans)


def _merge_contained(spans: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Keep the maximal spans (drop those inside another)."""
    best: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if best and best[-1][0] <= start and end <= best[-1][1]:
            continue
        best.append((start, end))
    yield from best


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


# --- Chinese -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _ChinesePatterns:
    run: re.Pattern[str]  # 8+ list characters, separators allowed
    group: re.Pattern[str]  # list characters without a separator
    traditional: re.Pattern[str]  # a character only the traditional list has
    long_group: re.Pattern[str]  # a whole group of 11+ characters
    short_groups: re.Pattern[str]  # 2+ groups of at most 4 characters, separators between
    context_hint: re.Pattern[str]  # any of _CONTEXT_LITERALS


@functools.cache
def _chinese_patterns() -> _ChinesePatterns:
    lists = chinese()
    c = f"[{re.escape(lists.char_class)}]"
    traditional_only = re.escape("".join(sorted(lists.traditional - lists.simplified)))
    short = rf"{c}{{1,4}}+(?!{c})"
    return _ChinesePatterns(
        run=re.compile(rf"{c}(?:{_SEP}*+{c}){{{MIN_WORDS_WITH_CONTEXT - 1},}}"),
        group=re.compile(f"{c}+"),
        traditional=re.compile(f"[{traditional_only}]"),
        # The first character before the guard, so the engine skips in C to group
        # starts instead of retrying at every character of a short group.
        long_group=re.compile(rf"{c}(?<!{c}.){c}{{{MIN_WORDS - 1},}}"),
        short_groups=re.compile(rf"{c}(?<!{c}.){c}{{0,3}}+(?!{c})(?:{_SEP}++{short})+"),
        context_hint=re.compile("|".join(map(re.escape, sorted(set(_CONTEXT_LITERALS))))),
    )


def _find_chinese(text: str) -> Iterator[Finding]:
    """Seed phrases in the Chinese lists: the rules of the module docstring, applied
    per run of list characters (``_chinese_run``) — but only to the runs that could
    hold one. Most Chinese text is prose, and a run can yield a finding only when

    * one of its groups of 11+ characters has a quiet window (or is a quiet group of
      11-25), computed exactly as ``_chinese_run`` would;
    * or it holds 2+ consecutive groups of at most 4 characters, 8+ in all;
    * or a context word (one of ``_CONTEXT_LITERALS``) is within reach.

    Each is found with one C-level regex over the whole text; the run loop runs only
    when one fires, and then only the runs within reach of a trigger are examined.
    """
    patterns = _chinese_patterns()
    folds_traditional = patterns.traditional.search(text) is not None
    triggers: list[int] = []
    groups = patterns.long_group.findall(text)
    if groups:
        pos = 0
        for i in _flag_groups(groups, folds_traditional):
            pos = text.find(groups[i], pos)  # the i-th group: groups are disjoint
            triggers.append(pos)
    for stretch in patterns.short_groups.finditer(text):
        chars = sum(map(len, patterns.group.findall(text, *stretch.span())))
        if chars >= MIN_WORDS_WITH_CONTEXT:
            triggers.append(stretch.start())
    triggers.extend(m.start() for m in patterns.context_hint.finditer(text))
    if not triggers:
        return
    triggers.sort()
    context_literals: list[str] | None = None  # context words present in the text
    for run in patterns.run.finditer(text):
        # A trigger inside the run, or a context word up to CONTEXT_WIDTH before it.
        i = bisect_left(triggers, run.start() - CONTEXT_WIDTH)
        if i == len(triggers) or triggers[i] >= run.end():
            continue
        if context_literals is None:
            context_literals = [w for w in _CONTEXT_LITERALS if w in text]
        yield from _chinese_run(text, run, patterns, folds_traditional, context_literals)


_BLOCK = "\x00" * 11  # between groups: every pair touching it reads as prose


def _flag_groups(groups: list[str], folds_traditional: bool) -> list[int]:
    """Indices of the dense groups (11+ characters) in which ``_chinese_run`` may find
    a window: a 12-character window with at most ZH_PAIR_ALLOWANCE prose pairs, or a
    quiet group of 11-25 characters. All groups of a text are counted in one pass of
    C-level maps (per-group calls cost more than the counting); a window overlapping
    ``_BLOCK`` can only be flagged wrongly, never missed, and a flagged group is
    then examined exactly by ``_chinese_run``."""
    lists = chinese()
    chars = _BLOCK.join(groups)
    if folds_traditional:
        chars = chars.translate(lists.to_simplified)
    words = list(map(contains, map(lists.follows.__getitem__, chars), chars[1:]))
    particle = list(map(_ZH_BREAKS.__contains__, chars))
    sums = [0, *accumulate(map(or_, words, map(or_, particle, particle[1:])))]
    windows = list(map(sub, sums[11:], sums))  # prose pairs of chars[i : i + 12]
    quiet = [] if min(windows, default=99) > ZH_PAIR_ALLOWANCE else windows
    word_sums = [0, *accumulate(words)]
    flagged: list[int] = []
    start = 0
    for i, group in enumerate(groups):
        end = start + len(group)
        if (end - start <= 25 and word_sums[end - 1] - word_sums[start] <= ZH_PAIR_ALLOWANCE) or (
            quiet and min(quiet[start : end - 11], default=99) <= ZH_PAIR_ALLOWANCE
        ):
            flagged.append(i)
        start = end + len(_BLOCK)
    return flagged


def _chinese_run(
    text: str,
    run: re.Match[str],
    patterns: _ChinesePatterns,
    folds_traditional: bool,
    context_literals: list[str],
) -> Iterator[Finding]:
    groups = [g.span() for g in patterns.group.finditer(text, run.start(), run.end())]
    found: list[tuple[int, int]] = []
    for lo, hi in _short_group_stretches(groups):
        # Characters alone or in small groups between separators ("意, 纺, 烦 …",
        # "煮昌所 它毫福"): how wallets display a phrase; prose rarely looks so.
        # One neighbouring group on each side lets a window reach a glued word.
        part = groups[max(0, lo - 1) : hi + 1]
        p_chars, p_hp, _ = _prose_pairs(text, part, folds_traditional)
        p_offsets = [i for s, e in part for i in range(s, e)]
        for first, last in _merge(_quiet_windows(p_hp, ZH_SPACED_PAIR_ALLOWANCE, MIN_WORDS)):
            found.append((first, last))
            yield from _chinese_window(text, p_chars, p_offsets, first, last)
    # Only dense stretches of 11+ characters can hold a dense phrase: the pair
    # counting (the costly part) is skipped for shorter clauses.
    for start, end in groups:
        if end - start >= MIN_WORDS:
            g_chars, g_hp, words = _prose_pairs(text, [(start, end)], folds_traditional)
            windows = _quiet_windows(g_hp, ZH_PAIR_ALLOWANCE, 12)
            if not windows and end - start <= 25 and sum(words) <= ZH_PAIR_ALLOWANCE:
                windows = [(0, end - start)]  # "的一是在不了有和人这中大"
            for first, last in _merge(windows):
                found.append((first, last))
                yield from _chinese_window(text, g_chars, list(range(start, end)), first, last)
    low = max(0, run.start() - CONTEXT_WIDTH)
    if not any(text.find(w, low, run.end()) >= 0 for w in context_literals):
        return  # str.find is far cheaper than CONTEXT_RE on every run
    if not _has_context(text, run.start(), run.end()):
        return
    # After a context word: a whole dense group of a phrase's length ("助记词：" and
    # 23 characters up to the line end), even where its own pairs kept the dense
    # rule to a part of it.
    yield from _whole_groups(text, groups, folds_traditional)
    if found:
        return
    chars, hp, _ = _prose_pairs(text, groups, folds_traditional)
    found = _quiet_windows(hp, ZH_CONTEXT_PAIR_ALLOWANCE, MIN_WORDS_WITH_CONTEXT)
    found += _quiet_windows(hp, ZH_PAIR_ALLOWANCE, 10)
    offsets = [i for s, e in groups for i in range(s, e)]
    for first, last in _merge(found):
        window = _relaxed_window(text, chars, offsets, first, last)
        if window:
            yield from _chinese_window(text, chars, offsets, *window)


def _whole_groups(
    text: str, groups: list[tuple[int, int]], folds_traditional: bool
) -> Iterator[Finding]:
    """Dense groups (no separator inside; a context word and a following 是/为 at their
    start left out) of exactly a phrase's length, one word missing allowed
    (``_PHRASE_LENGTHS``), with at most one dictionary pair per 6 characters (2 for
    12) and characters drawn at random (``_drawn_at_random``)."""
    for start, end in groups:
        if end - start < MIN_WORDS:
            continue
        for m in CONTEXT_RE.finditer(text, start, end):
            start = m.end()
        while start < end and text[start] in "是为為":
            start += 1
        count = end - start
        if count not in _PHRASE_LENGTHS:
            continue
        chars, _, words = _prose_pairs(text, [(start, end)], folds_traditional)
        if sum(words) <= count // 6 and _drawn_at_random(chars):
            indices = [chinese().index[c] for c in chars]
            yield Finding(Kind.MNEMONIC, start, end, _confidence(indices, count, True))


def _drawn_at_random(chars: str) -> bool:
    """Whether ``chars`` (simplified) look drawn uniformly from the list rather than
    written: the mean of ln(index + 1) is ~6.6 for a random phrase (geometric-mean
    index ~750) and 4-5 for prose, which is made of the most frequent characters."""
    log_rank = chinese().log_rank
    return sum(map(log_rank.__getitem__, chars)) >= ZH_MIN_LOG_RANK * len(chars)


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


def _prose_pairs(
    text: str, groups: list[tuple[int, int]], folds_traditional: bool
) -> tuple[str, list[int], list[bool]]:
    """The characters of ``groups`` (folded to simplified), the positions of prose
    pairs (with sentinels -1 and n - 1) and the dictionary-word flags per pair."""
    chars = "".join(text[s:e] for s, e in groups)
    if folds_traditional:
        chars = chars.translate(chinese().to_simplified)
    words = list(map(contains, map(chinese().follows.__getitem__, chars), chars[1:]))
    particle = list(map(_PARTICLES.__contains__, chars))
    # A pair touching a particle or pronoun (写的, 高了) also reads as prose.
    strict = map(or_, words, map(or_, particle, particle[1:]))
    return chars, [-1, *compress(range(len(chars) - 1), strict), len(chars) - 1], words


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
    context = inside is not None or _has_context(text, start, end)
    if count < (MIN_WORDS_WITH_CONTEXT if context else MIN_WORDS):
        return
    index = chinese().index
    indices = [index[c] for c in chars[first:last]]
    yield Finding(Kind.MNEMONIC, start, end, _confidence(indices, count, context))
