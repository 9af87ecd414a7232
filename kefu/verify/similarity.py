"""Fuzzy lookup (symmetric deletion index) and a description of what differs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.distance import DamerauLevenshtein, Levenshtein

from .skeleton import fold_ascii, to_latin

# Damerau-Levenshtein budget by the length of the official name (its skeleton).
# <= 4 letters: never (okx vs box/fox/ox, htx vs hex); 5-8: one edit; >= 9: two.
MIN_FUZZY_LENGTH = 5
LONG_NAME_LENGTH = 9


def allowed_distance(length: int) -> int:
    if length >= LONG_NAME_LENGTH:
        return 2
    if length >= MIN_FUZZY_LENGTH:
        return 1
    return 0


class FuzzyIndex:
    """Finds indexed words within their allowed Damerau-Levenshtein distance of a query.

    Distance 1 uses a symmetric deletion index (each word and its one-letter
    deletions; a query probes its own one-letter deletions). Distance 2 (words of
    9+ letters) uses a pigeonhole filter: two edits leave either the first three
    letters, the last three, or letters 3-6 (shifted by at most one) intact, so
    five dict probes find every candidate, which is then verified in C by
    rapidfuzz. A lookup is a few dozen dict probes whatever the registry size.
    """

    __slots__ = ("_map", "_pre", "_suf", "_mid", "_min_len", "_max_len", "_min_long", "_max_long")

    def __init__(self, words: Iterable[str], max_distance: int = 2) -> None:
        tmp: dict[str, set[str]] = {}
        pre: dict[str, set[str]] = {}
        suf: dict[str, set[str]] = {}
        mid: dict[str, set[str]] = {}
        lengths: list[int] = []
        long_lengths: list[int] = []
        for word in set(words):
            depth = min(allowed_distance(len(word)), max_distance)
            if depth == 0:
                continue
            lengths.append(len(word))
            for variant in _deletes1(word):
                tmp.setdefault(variant, set()).add(word)
            if depth == 2:
                long_lengths.append(len(word))
                pre.setdefault(word[:3], set()).add(word)
                suf.setdefault(word[-3:], set()).add(word)
                mid.setdefault(word[3:6], set()).add(word)
        self._map = {k: tuple(sorted(v)) for k, v in tmp.items()}
        self._pre = {k: tuple(sorted(v)) for k, v in pre.items()}
        self._suf = {k: tuple(sorted(v)) for k, v in suf.items()}
        self._mid = {k: tuple(sorted(v)) for k, v in mid.items()}
        self._min_len = min(lengths, default=1) - 1
        self._max_len = max(lengths, default=0) + 2
        self._min_long = min(long_lengths, default=10**6) - 2
        self._max_long = max(long_lengths, default=0) + 2

    def lookup(self, query: str) -> list[tuple[str, int]]:
        """Indexed words within their allowed distance of ``query`` (closest first)."""
        n = len(query)
        if n < self._min_len or n > self._max_len:
            return []
        found: dict[str, int] = {}
        mapping = self._map
        for variant in _deletes1(query):
            words = mapping.get(variant)
            if words:
                self._verify(query, words, found)
        if self._min_long <= n <= self._max_long:
            for table, key in (
                (self._pre, query[:3]),
                (self._suf, query[-3:]),
                (self._mid, query[2:5]),
                (self._mid, query[3:6]),
                (self._mid, query[4:7]),
            ):
                words = table.get(key)
                if words:
                    self._verify(query, words, found)
        if not found:
            return []
        return sorted(found.items(), key=lambda item: (item[1], item[0]))

    @staticmethod
    def _verify(query: str, words: tuple[str, ...], found: dict[str, int]) -> None:
        for word in words:
            if word in found or word == query:
                continue
            budget = allowed_distance(len(word))
            if abs(len(word) - len(query)) > budget:
                continue
            dist = DamerauLevenshtein.distance(query, word, score_cutoff=budget)
            if dist <= budget:
                found[word] = dist


def _deletes1(word: str) -> list[str]:
    return [word] + [word[:i] + word[i + 1 :] for i in range(len(word))]


# --- describing the difference -------------------------------------------------

_QWERTY_ROWS = ("1234567890-", "qwertyuiop", "asdfghjkl", "zxcvbnm")


def _keyboard_neighbours() -> dict[str, frozenset[str]]:
    pos: dict[str, tuple[int, int]] = {}
    for r, row in enumerate(_QWERTY_ROWS):
        for c, ch in enumerate(row):
            pos[ch] = (r, c)
    out: dict[str, frozenset[str]] = {}
    for ch, (r, c) in pos.items():
        near = {
            other
            for other, (r2, c2) in pos.items()
            if other != ch and abs(r - r2) <= 1 and abs(c2 - c) <= 1
        }
        out[ch] = frozenset(near)
    return out


KEYBOARD = _keyboard_neighbours()


@dataclass(frozen=True, slots=True)
class Change:
    """One visible difference between an observed name and the official one.

    ``op`` is ``replace`` (official ``a`` shown as ``b``), ``insert`` (extra ``b``),
    ``delete`` (missing ``a``), ``swap`` (``a`` and ``b`` exchanged).
    """

    op: str
    a: str = ""
    b: str = ""

    @property
    def is_bitflip(self) -> bool:
        if self.op != "replace" or len(self.a) != 1 or len(self.b) != 1:
            return False
        x = ord(self.a) ^ ord(self.b)
        return x != 0 and x & (x - 1) == 0

    @property
    def is_keyboard(self) -> bool:
        if self.op != "replace" or self.b not in KEYBOARD.get(self.a, frozenset()):
            return False
        return fold_ascii(self.a) != fold_ascii(self.b)


def _lookalike_walk(observed: str, official: str) -> list[Change] | None:
    """Align two strings with equal skeletons, char by char (multi-char folds allowed)."""
    i = j = 0
    out: list[Change] = []
    while i < len(observed) and j < len(official):
        a, b = observed[i], official[j]
        if a == b:
            i += 1
            j += 1
            continue
        two_obs = observed[i : i + 2]
        two_off = official[j : j + 2]
        if len(two_obs) == 2 and fold_ascii(to_latin(two_obs)) == fold_ascii(to_latin(b)):
            out.append(Change("replace", b, two_obs))
            i += 2
            j += 1
            continue
        if len(two_off) == 2 and fold_ascii(to_latin(a)) == fold_ascii(to_latin(two_off)):
            out.append(Change("replace", two_off, a))
            i += 1
            j += 2
            continue
        out.append(Change("replace", b, a))
        i += 1
        j += 1
    if i != len(observed) or j != len(official):
        return None
    return out


def describe(observed: str, official: str) -> tuple[Change, ...]:
    """The visible differences that turn ``official`` into ``observed``."""
    if observed == official:
        return ()
    if fold_ascii(to_latin(observed)) == fold_ascii(to_latin(official)):
        walked = _lookalike_walk(observed, official)
        if walked is not None:
            return tuple(walked)
    if len(observed) == len(official):
        for i in range(len(official) - 1):
            if (
                official[i] != official[i + 1]
                and observed[i] == official[i + 1]
                and observed[i + 1] == official[i]
                and observed[:i] == official[:i]
                and observed[i + 2 :] == official[i + 2 :]
            ):
                return (Change("swap", official[i], official[i + 1]),)
    ops = Levenshtein.editops(official, observed)
    changes: list[Change] = []
    skip = False
    items = list(ops)
    for k, op in enumerate(items):
        if skip:
            skip = False
            continue
        tag, src, dst = op.tag, op.src_pos, op.dest_pos
        if tag == "replace":
            nxt = items[k + 1] if k + 1 < len(items) else None
            if (
                nxt is not None
                and nxt.tag == "replace"
                and nxt.src_pos == src + 1
                and nxt.dest_pos == dst + 1
                and official[src] == observed[dst + 1]
                and official[src + 1] == observed[dst]
            ):
                changes.append(Change("swap", official[src], official[src + 1]))
                skip = True
                continue
            changes.append(Change("replace", official[src], observed[dst]))
        elif tag == "insert":
            changes.append(Change("insert", "", observed[dst]))
        elif tag == "delete":
            changes.append(Change("delete", official[src], ""))
    return tuple(changes)
