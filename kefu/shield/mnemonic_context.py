"""Context words and the rules both seed-phrase detectors share (``mnemonic``)."""

from __future__ import annotations

import re

from .wordlists import checksum_valid

MIN_WORDS = 11
MIN_WORDS_WITH_CONTEXT = 8
CONTEXT_WIDTH = 40
LENGTHS = (24, 21, 18, 15, 12)

SEP = r"(?:[\s,;/|·\-_\"'()，、；（）“”‘’]|\d{1,3}[.):）、]?|#|[\u2460-\u2473])"


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
CONTEXT_LITERALS = (
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


def has_context(text: str, start: int, end: int) -> bool:
    return CONTEXT_RE.search(text, max(0, start - CONTEXT_WIDTH), end) is not None


def confidence(indices: list[int], count: int, context: bool) -> float:
    if count >= 12:
        for length in LENGTHS:
            if length <= len(indices) and (
                checksum_valid(indices[:length]) or checksum_valid(indices[-length:])
            ):
                return 0.97
    if count >= 12:
        return 0.85
    if count >= MIN_WORDS:
        return 0.75
    return 0.65 if context else 0.5
