"""English seed phrases: the rules are in ``mnemonic``'s docstring.

A run of 8+ list words (3-9 letters, separators only between them) is found in
stretches of the ASCII view that can hold one (``_english_stretches``), then read
word by word: repairs, windows, context and the everyday-English share.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from itertools import accumulate
from operator import itemgetter, or_, sub

from .findings import Finding, Kind
from .mnemonic_context import (
    CONTEXT_RE,
    MIN_WORDS,
    MIN_WORDS_WITH_CONTEXT,
    SEP,
    confidence,
    has_context,
)
from .text import ascii_view
from .wordlists import english, repair_english

# A window reads as prose (and is kept) when this share of its list words, or more,
# is everyday English (_COMMON_WORDS; ~13 % of a random phrase's words):
COMMON_SHARE = 0.6  # 8-10 words found only thanks to a context word
COMMON_SHARE_LONG = 0.7  # 11+ words
COMMON_SHARE_GLUED = 0.5  # a sentence start inside, or 11+ words with a function word
MAX_REPAIRS = 2

_EN_WORD = r"[A-Za-z]{3,9}+(?![A-Za-z])"
# = (?<![A-Za-z]){_EN_WORD}(?:…){7,}, the first letter before the guard: the engine
# then skips non-letters in C instead of trying the pattern at every position.
_EN_RUN = re.compile(
    r"[A-Za-z](?<![A-Za-z].)[A-Za-z]{2,8}+(?![A-Za-z])"
    rf"(?:{SEP}++{_EN_WORD}){{{MIN_WORDS_WITH_CONTEXT - 1},}}"
)
_LETTERS = re.compile(r"[A-Za-z]+")

# The English prefilter reads the ASCII view (``text.ascii_view``) through one
# ``bytes.translate``: a letter becomes "a", a character that may stand in a separator
# (ASCII space and SEP punctuation, any non-ASCII character but the CJK block) " ",
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
    ``find_english``) only if its first four letters are here: one lookup per word
    (a superset: "ablex" passes on "able"), fine for a prefilter."""
    lists = english()
    return frozenset(w[:4].encode() for w in lists.index)


def _english_stretches(view: bytes) -> Iterator[tuple[int, int]]:
    """Stretches of the text that may hold a run with 8 words of which 6 are list
    words (exactly, or by their first four letters): what ``find_english`` tests
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


def find_english(text: str, view: bytes | None = None) -> Iterator[Finding]:
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
        if len(words) < MIN_WORDS and not has_context(text, run.start(), run.end()):
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
    context = has_context(text, start, end)
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
    yield Finding(Kind.MNEMONIC, start, end, confidence(indices, count, context))


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
