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
from itertools import accumulate, compress, repeat
from operator import itemgetter, or_, sub

from .findings import Finding, Kind
from .text import ascii_view
from .wordlists import UTF16, checksum_valid, chinese, english, repair_english

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
            # = \b(?:12|…): the boundary as a look-behind after the digits, so that every
            # branch opens with a character and the engine skips to candidates in C.
            r"(?:12|15|18|21|24)(?<!\w..)[\s-]*" + _any_case("words"),
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


def find(text: str, view: bytes | None = None) -> Iterator[Finding]:
    """Seed phrases in normalised ``text`` (offsets into ``text``); ``view`` is its
    ``ascii_view`` if the caller has it."""
    view = ascii_view(text) if view is None else view
    yield from _find_english(text, view)
    if _has_cjk(text):
        yield from _find_chinese(text, view)


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


# The English prefilter reads the ASCII view (``text.ascii_view``) through one
# ``bytes.translate``: a letter becomes "a", a character that may stand in a separator
# (ASCII space and _SEP punctuation, any non-ASCII character but the CJK block) " ",
# a digit "0", anything else "x". Words a run cannot hold (1-2 or 10+ letters) then
# become "x" too, so every run lies inside one stretch between two "x".
_EN_CLASSES = bytes(
    ord(
        "a"
        if chr(b).isascii() and chr(b).isalpha()
        else "0"
        if chr(b).isdigit()
        else " "
        if chr(b).isspace() or chr(b) in ",;/|-_\"'()#" or 0xC0 <= b < 0xE4 or b >= 0xEA
        else "x"
    )
    for b in range(256)
)
_EN_LETTERS_ONLY = bytes(b if chr(b).isalpha() and b < 128 else ord(" ") for b in range(256))
_FOUR = itemgetter(slice(0, 4))
_EN_STRETCH = bytes(ord("x") if b == ord("x") else ord(".") for b in range(256))
_EN_MIN_STRETCH = b"." * (MIN_WORDS_WITH_CONTEXT * 4 - 1)  # 8 words of 3+ letters, 7 gaps


@functools.cache
def _english_heads() -> frozenset[bytes]:
    """First four letters of every list word, and the list words of 3-4 letters. A
    word is a list word or carries a list word's first four letters ("exact" in
    ``_find_english``) only if its first four letters are here: one lookup per word
    (a superset: "ablex" passes on "able"), fine for a prefilter."""
    lists = english()
    return frozenset(w[:4].encode() for w in lists.index)


def _english_stretches(view: bytes) -> Iterator[tuple[int, int]]:
    """Stretches of the text that may hold a run with 8 words of which 6 are list
    words (exactly, or by their first four letters): what ``_find_english`` tests
    first, but found with C-level ``bytes`` operations instead of a regex that tried
    a run at every word, and per-word Python only in stretches long enough."""
    marks = view.translate(_EN_CLASSES)
    if b"0x" in marks:
        marks = marks.replace(b"0x", b"0 ")  # "1." "2:" are numbering
    if b"aaaaaaaaaa" in marks:
        marks = marks.replace(b"aaaaaaaaaa", b"xxxxxxxxxx")
    marks = marks.replace(b" a ", b" x ").replace(b" aa ", b" xx ")
    flat = marks.translate(_EN_STRETCH)
    start = flat.find(_EN_MIN_STRETCH)
    if start < 0:
        return
    heads = _english_heads().__contains__
    lower = view.lower()
    span = MIN_WORDS_WITH_CONTEXT
    while start >= 0:
        end = flat.find(b"x", start)
        end = len(flat) if end < 0 else end
        # Words start after a space or a digit (or at the stretch's start).
        count = marks.count(b" a", start, end) + marks.count(b"0a", start, end)
        if count + (marks[start] == ord("a")) >= span:
            words = lower[start:end].translate(_EN_LETTERS_ONLY).split()
            exact = bytes(map(heads, map(_FOUR, words)))
            if exact.count(1) >= span - MAX_REPAIRS:
                sums = [0, *accumulate(exact)]
                if max(map(sub, sums[span:], sums), default=0) >= span - MAX_REPAIRS:
                    yield start, end
        start = flat.find(_EN_MIN_STRETCH, end)


def _find_english(text: str, view: bytes | None = None) -> Iterator[Finding]:
    lists = english()
    runs = (
        run
        for start, end in _english_stretches(ascii_view(text) if view is None else view)
        for run in _EN_RUN.finditer(text, start, end)
    )
    for run in runs:
        words = _LETTERS.findall(run.group().lower())
        # w in the list, or its first four letters are a list word's (C-level maps).
        exact = map(
            or_,
            map(lists.index.__contains__, words),
            map(lists.by_prefix.__contains__, map(_FOUR, words)),
        )
        sums = [0, *accumulate(exact)]
        span = MIN_WORDS_WITH_CONTEXT
        if max(map(sub, sums[span:], sums), default=0) < span - MAX_REPAIRS:
            continue  # prose: no 8 words of which 6 are list words
        if len(words) < MIN_WORDS and not _has_context(text, run.start(), run.end()):
            continue  # every window would fall short of MIN_WORDS, with no context word
        # A window needs 8+ list words, repaired ones included, and only a word of 4+
        # letters can be repaired (``repair_english``): count those before repairing.
        repairable = map((3).__lt__, map(len, words))
        if sum(map(or_, map(lists.index.__contains__, words), repairable)) < span:
            continue
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
    long_group: re.Pattern[str]  # a whole group of 11+ characters
    short_groups: re.Pattern[str]  # 2+ groups of at most 4 characters, separators between
    context_hint: re.Pattern[str]  # any of _CONTEXT_LITERALS
    zh_context_hint: re.Pattern[str]  # the Chinese ones


@functools.cache
def _chinese_patterns() -> _ChinesePatterns:
    lists = chinese()
    c = f"[{re.escape(lists.char_class)}]"
    short = rf"{c}{{1,4}}+(?!{c})"
    return _ChinesePatterns(
        # = {c}(?:{_SEP}*+{c}){7,}: a list character first (no separator to try), and
        # no start right after a list character (that run started before, or is short).
        run=re.compile(rf"{c}(?<!{c}.)(?:{c}|{_SEP}++{c}){{{MIN_WORDS_WITH_CONTEXT - 1},}}"),
        group=re.compile(f"{c}+"),
        # The first character before the guard, so the engine skips in C to group
        # starts instead of retrying at every character of a short group.
        long_group=re.compile(rf"{c}(?<!{c}.){c}{{{MIN_WORDS - 1},}}"),
        short_groups=re.compile(rf"{c}(?<!{c}.){c}{{0,3}}+(?!{c})(?:{_SEP}++{short})+"),
        context_hint=re.compile("|".join(map(re.escape, sorted(set(_CONTEXT_LITERALS))))),
        zh_context_hint=re.compile(
            "|".join(map(re.escape, sorted({w for w in _CONTEXT_LITERALS if not w.isascii()})))
        ),
    )


def _find_chinese(text: str, view: bytes) -> Iterator[Finding]:
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
    # One of _CONTEXT_LITERALS within reach (the literal search is far cheaper than
    # CONTEXT_RE on every run).
    if not patterns.context_hint.search(text, max(0, run.start() - CONTEXT_WIDTH), run.end()):
        return
    if not _has_context(text, run.start(), run.end()):
        return
    # After a context word: a whole dense group of a phrase's length ("助记词：" and
    # 23 characters up to the line end), even where its own pairs kept the dense
    # rule to a part of it.
    yield from _whole_groups(text, [(s, e) for s, e in groups if e - s >= MIN_WORDS])
    if found:
        return
    chars, hp, _ = pairs.part(0, at[-1])
    found = _quiet_windows(hp, ZH_CONTEXT_PAIR_ALLOWANCE, MIN_WORDS_WITH_CONTEXT)
    found += _quiet_windows(hp, ZH_PAIR_ALLOWANCE, 10)
    if not found:
        return
    offsets = [i for s, e in groups for i in range(s, e)]
    for first, last in _merge(found):
        window = _relaxed_window(text, chars, offsets, first, last)
        if window:
            yield from _chinese_window(text, chars, offsets, *window)


# The ASCII context literals by their lower-case form: found with bytes.find in the
# lower-cased view (the regex tried a match at every e, s, a, m and w of the text).
_ASCII_HINTS = {
    w.lower().encode(): frozenset(v.encode() for v in _CONTEXT_LITERALS if v.lower() == w.lower())
    for w in _CONTEXT_LITERALS
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
    if not _has_context(text, run.start(), run.end()):
        return
    long_groups = [g.span() for g in patterns.long_group.finditer(text, run.start(), run.end())]
    if long_groups:
        yield from _whole_groups(text, long_groups)
    if not _may_be_random("".join(patterns.group.findall(text, run.start(), run.end()))):
        return  # every relaxed window needs such a stretch (``_relaxed_window``)
    groups = [g.span() for g in patterns.group.finditer(text, run.start(), run.end())]
    chars, hp, _ = _RunPairs(text, groups).part(0, sum(e - s for s, e in groups))
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
            yield Finding(Kind.MNEMONIC, start, end, _confidence(indices, count, True))


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
    context = inside is not None or _has_context(text, start, end)
    if count < (MIN_WORDS_WITH_CONTEXT if context else MIN_WORDS):
        return
    index = chinese().index
    indices = [index[c] for c in chars[first:last]]
    yield Finding(Kind.MNEMONIC, start, end, _confidence(indices, count, context))
