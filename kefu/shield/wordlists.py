"""BIP39 word lists and the Chinese prose pairs, loaded lazily once per process.

Everything here is immutable (frozensets, read-only mappings) and cached by
``functools.cache``: the only module-level state, safe to share between threads.
"""

from __future__ import annotations

import functools
import hashlib
import math
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
    # Two-character words of ordinary Chinese (simplified), as first character → the
    # characters that may follow it (every list character is a key): "b in follows[a]"
    # needs no new string per pair, unlike a set of two-character strings.
    follows: Mapping[str, frozenset[str]]
    log_rank: Mapping[str, float]  # simplified char → ln(index + 1); the list is by frequency


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
    chars = {c: c for c in [*index, *pairs]}  # one object per character
    follows: dict[str, set[str]] = {c: set() for c in [*index, "\x00"]}
    for i in range(0, len(pairs), 2):
        follows.setdefault(chars[pairs[i]], set()).add(chars[pairs[i + 1]])
    return ChineseLists(
        index=MappingProxyType(index),
        simplified=frozenset(simplified),
        traditional=frozenset(traditional),
        to_simplified=MappingProxyType(
            {ord(t): s for t, s in zip(traditional, simplified, strict=True) if t != s}
        ),
        char_class="".join(sorted(index)),
        follows=MappingProxyType({c: frozenset(f) for c, f in follows.items()}),
        log_rank=MappingProxyType({c: math.log(i + 1) for i, c in enumerate(simplified)}),
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
