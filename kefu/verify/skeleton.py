"""Loose UTS #39-style skeletons for identifiers (domain labels, handles).

Two identifiers that *look* alike get the same skeleton:

1. NFKD, then drop combining marks (``é`` → ``e``) and casefold;
2. map every confusable character to its ASCII prototype — the pairs bundled by
   ``confusable-homoglyphs`` (Unicode ``confusables.txt``) plus a hand-made
   table of Latin look-alikes that ``confusables.txt`` maps to non-ASCII
   prototypes (Cyrillic ``к``→``ĸ``, ``ь``→``ƅ``, ``м``; small capitals);
3. fold the ASCII look-alikes ``0→o``, ``1/i/|→l``, ``rn→m``, ``vv→w``, ``cl→d``.

The skeleton is only used for comparison, never shown to the user.
"""

from __future__ import annotations

import functools
import json
import unicodedata
from importlib import resources

# Latin look-alikes that confusables.txt does not map to plain ASCII letters.
_EXTRA: dict[str, str] = {
    # Cyrillic
    "а": "a", "в": "b", "г": "r", "д": "d", "е": "e", "ё": "e", "з": "3", "і": "i",
    "ї": "i", "ј": "j", "к": "k", "м": "m", "н": "h", "о": "o", "п": "n", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "ц": "u", "ш": "w", "щ": "w", "ъ": "b",
    "ь": "b", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l", "ү": "y",
    "ѵ": "v", "ɡ": "g",
    # Greek
    "α": "a", "β": "b", "γ": "y", "δ": "d", "ε": "e", "η": "n", "ι": "i", "κ": "k",
    "μ": "u", "ν": "v", "ο": "o", "ρ": "p", "σ": "o", "τ": "t", "υ": "u", "χ": "x",
    "ω": "w", "ϲ": "c", "ϳ": "j",
    # Latin small capitals and other Latin look-alikes
    "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ꜰ": "f", "ɢ": "g", "ʜ": "h",
    "ɪ": "i", "ᴊ": "j", "ᴋ": "k", "ʟ": "l", "ᴍ": "m", "ɴ": "n", "ᴏ": "o", "ᴘ": "p",
    "ʀ": "r", "ꜱ": "s", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ʏ": "y", "ᴢ": "z",
    "ı": "i", "ȷ": "j", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŧ": "t", "ƅ": "b",
    "ĸ": "k", "ɑ": "a", "ɩ": "i", "ɵ": "o", "ƿ": "p",
}  # fmt: skip

_ASCII_FOLD = str.maketrans({"0": "o", "1": "l", "i": "l", "|": "l"})
_MULTI_FOLDS: tuple[tuple[str, str], ...] = (("rn", "m"), ("vv", "w"), ("cl", "d"))


@functools.cache
def _confusable_table() -> dict[int, str]:
    raw = resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8")
    data: dict[str, list[dict[str, str]]] = json.loads(raw)
    table: dict[int, str] = {}
    for key, entries in data.items():
        char = key.replace("\u200e", "")
        if len(char) != 1 or char.isascii():
            continue
        best: str | None = None
        for entry in entries:
            target = entry["c"].replace("\u200e", "")
            if target.isascii() and target.isalnum():
                if best is None or (len(target) == 1 and target.islower()):
                    best = target.lower()
        if best is not None:
            table[ord(char)] = best
    for char, target in _EXTRA.items():
        table[ord(char)] = target
        upper = char.upper()
        if len(upper) == 1 and upper != char:
            table.setdefault(ord(upper), target)
    return table


def fold_ascii(text: str) -> str:
    """Fold the ASCII look-alikes of an already lower-case ASCII string."""
    text = text.translate(_ASCII_FOLD)
    for pair, single in _MULTI_FOLDS:
        if pair in text:
            text = text.replace(pair, single)
    return text


def to_latin(text: str) -> str:
    """Map a (possibly non-ASCII) identifier to lower-case ASCII look-alikes, no folds."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    table = _confusable_table()
    return stripped.translate(table).casefold().translate(table)


def fold_single(text: str) -> str:
    """Only the one-to-one ASCII folds (``0→o``, ``1/i/|→l``)."""
    return text.translate(_ASCII_FOLD)


def light_skeleton(text: str) -> str:
    """The form used for edit distances: Latin look-alikes mapped, but no ASCII folds.

    Folding ``cl→d`` would turn one typo (``huoci``) into two, and folding ``i→l``
    would bring ordinary words closer (``cable`` vs ``cabine``); exact look-alikes
    are caught by :func:`skeleton` before any edit distance is computed.
    """
    return to_latin(text)


def skeleton(text: str) -> str:
    """Loose skeleton of an identifier: equal skeletons look alike."""
    return fold_ascii(to_latin(text))


def char_script(char: str) -> str:
    """Coarse script name of a character: LATIN, CYRILLIC, GREEK, DIGIT, …"""
    if char.isascii():
        if char.isdigit():
            return "DIGIT"
        return "LATIN" if char.isalpha() else "COMMON"
    try:
        name = unicodedata.name(char)
    except ValueError:
        return "UNKNOWN"
    first = name.split(" ", 1)[0]
    if first in {"MATHEMATICAL", "FULLWIDTH", "SMALL"}:
        return "LATIN"
    return first


def scripts_of(text: str) -> list[str]:
    """Distinct scripts of the letters in ``text``, in order of first appearance."""
    seen: list[str] = []
    for char in text:
        if not char.isalpha():
            continue
        script = char_script(char)
        if script not in seen:
            seen.append(script)
    return seen
