"""BIP39 word lists and the Chinese prose pairs, loaded lazily once per process.

Everything here is immutable (frozensets, read-only mappings) and cached by
``functools.cache``: the only module-level state, safe to share between threads.
"""

from __future__ import annotations

import functools
import hashlib
import math
import sys
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

from mnemonic import Mnemonic


@dataclass(frozen=True, slots=True)
class EnglishList:
    index: Mapping[str, int]  # word → BIP39 index
    by_prefix: Mapping[str, int]  # first four letters → index (unique by BIP39 design)
    by_deletion: Mapping[str, tuple[int, ...]]  # word minus one letter → indices


@dataclass(frozen=True, slots=True)
class ChineseLists:
    index: Mapping[str, int]  # char of either list → index (the lists are index-aligned)
    simplified: frozenset[str]
    traditional: frozenset[str]
    to_simplified: Mapping[int, str]  # str.translate table folding traditional chars
    char_class: str  # every list character, for a regex character class
    # Two-character words of ordinary Chinese, as pair codes (``pair_code``) of two list
    # characters of either list, each folded to simplified for the test: "is this pair a
    # word" is then one set lookup on an int read in C from the UTF-16 form of the text,
    # with no folding pass and no new string per pair.
    pair_codes: frozenset[int]
    log_rank: Mapping[str, float]  # char of either list → ln(index + 1); by frequency


def pair_code(first: str, second: str) -> int:
    """The int that ``memoryview(...).cast("I")`` reads from ``utf16(first + second)``."""
    if sys.byteorder == "little":
        return ord(first) | ord(second) << 16
    return ord(first) << 16 | ord(second)


#: The UTF-16 codec whose code units ``cast("H")`` / ``cast("I")`` read in native order.
UTF16 = "utf-16-le" if sys.byteorder == "little" else "utf-16-be"


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


@functools.cache
def english() -> EnglishList:
    words = Mnemonic("english").wordlist
    by_deletion: dict[str, list[int]] = {}
    for i, word in enumerate(words):
        for variant in _deletions(word):
            by_deletion.setdefault(variant, []).append(i)
    return EnglishList(
        index=MappingProxyType({w: i for i, w in enumerate(words)}),
        by_prefix=MappingProxyType({w[:4]: i for i, w in enumerate(words) if len(w) > 4}),
        by_deletion=MappingProxyType({k: tuple(v) for k, v in by_deletion.items()}),
    )


@functools.cache
def chinese() -> ChineseLists:
    simplified = Mnemonic("chinese_simplified").wordlist
    traditional = Mnemonic("chinese_traditional").wordlist
    index = {char: i for i, char in enumerate(traditional)}
    index.update({char: i for i, char in enumerate(simplified)})
    data = resources.files(__package__).joinpath("zh_word_pairs.dat").read_bytes()
    pairs = zlib.decompress(data).decode("utf-8")
    # Every list character of either list, by the simplified character it folds to
    # (no character of one list is another character of the other).
    forms: dict[str, list[str]] = {s: [s] for s in simplified}
    for t, s in zip(traditional, simplified, strict=True):
        if t != s:
            forms[s].append(t)
    shift_first, shift_second = (0, 16) if sys.byteorder == "little" else (16, 0)
    codes = {
        ord(a) << shift_first | ord(b) << shift_second
        for i in range(0, len(pairs), 2)
        for a in forms.get(pairs[i], ())
        for b in forms.get(pairs[i + 1], ())
    }
    return ChineseLists(
        index=MappingProxyType(index),
        simplified=frozenset(simplified),
        traditional=frozenset(traditional),
        to_simplified=MappingProxyType(
            {ord(t): s for t, s in zip(traditional, simplified, strict=True) if t != s}
        ),
        char_class="".join(sorted(index)),
        pair_codes=frozenset(codes),
        log_rank=MappingProxyType({c: math.log(i + 1) for c, i in index.items()}),
    )


def repair_english(token: str) -> int | None:
    """The index of the one BIP39 word ``token`` is a typo (edit distance 1) or a
    four-letter abbreviation of; None when there is no such word or several."""
    lists = english()
    if len(token) == 4 and token in lists.by_prefix:
        return lists.by_prefix[token]
    if len(token) < 4:
        return None
    found: set[int] = set(lists.by_deletion.get(token, ()))  # a letter missing
    for variant in _deletions(token):
        if variant in lists.index:  # a letter too many
            found.add(lists.index[variant])
        found.update(lists.by_deletion.get(variant, ()))  # a letter replaced or swapped
        if len(found) > 1:
            return None
    return found.pop() if len(found) == 1 else None


def checksum_valid(indices: list[int]) -> bool:
    """BIP39 checksum over word indices (any list: the checksum only sees indices)."""
    count = len(indices)
    if count not in (12, 15, 18, 21, 24):
        return False
    bits = 0
    for i in indices:
        bits = (bits << 11) | i
    checksum_bits = count // 3
    entropy_bytes = (count * 11 - checksum_bits) // 8
    entropy = (bits >> checksum_bits).to_bytes(entropy_bytes, "big")
    digest = hashlib.sha256(entropy).digest()[0]
    return (digest >> (8 - checksum_bits)) == (bits & ((1 << checksum_bits) - 1))
