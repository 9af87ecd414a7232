"""Normalisation with an offset map back to the original text.

Detectors work on a normalised copy; findings are mapped back so the ORIGINAL span
is redacted (research N1). Full-width forms and ideographic punctuation are folded
one character for one character (so offsets do not move); invisible characters
(zero-width, soft hyphen, bidi controls) are removed and recorded in the map, since
they are a classic way to hide a secret from a naive filter. The shield's own
placeholders are masked so they are never detected nor read as context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .placeholders import PLACEHOLDER_RE

#: Replaces a masked placeholder: not a letter, digit, separator or hex/base58 char.
MASK = "\ufffc"

_INVISIBLE_RE = re.compile(
    "[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def _fold_table() -> dict[int, str]:
    table = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}  # ！..～ → !..~
    table[0x3000] = " "  # ideographic space
    table.update(
        {
            ord(k): v
            for k, v in {
                "。": ".",
                "，": ",",
                "、": ",",
                "；": ";",
                "：": ":",
                "？": "?",
                "！": "!",
                "（": "(",
                "）": ")",
                "【": "[",
                "】": "]",
                "「": '"',
                "」": '"',
                "『": '"',
                "』": '"',
                "“": '"',
                "”": '"',
                "‘": "'",
                "’": "'",
                "\u00a0": " ",
                "\u2002": " ",
                "\u2003": " ",
                "\u2009": " ",
                "－": "-",
                "—": "-",
                "–": "-",
                "·": "·",
            }.items()
        }
    )
    return table


_FOLD = _fold_table()
_FULL_WIDTH_RE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
# Either of the two: one scan of the common text instead of two.
_INVISIBLE_OR_FULL_WIDTH_RE = re.compile(
    "[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
    "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]"
)
_CONTINUATION_BYTES = bytes(range(0x80, 0xC0))


@dataclass(frozen=True, slots=True)
class Normalised:
    """``text`` is what detectors read; ``origin[i]`` is where ``text[i]`` came from."""

    text: str
    origin: tuple[int, ...] | None  # None: same offsets as the original

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        if self.origin is None:
            return start, end
        return self.origin[start], self.origin[end - 1] + 1


def normalise(original: str) -> Normalised:
    origin: tuple[int, ...] | None = None
    text = original
    if text.isascii() or not _INVISIBLE_OR_FULL_WIDTH_RE.search(text):
        if "[" in text:
            text = PLACEHOLDER_RE.sub(lambda m: MASK * len(m.group()), text)
        return Normalised(text, origin)
    if _INVISIBLE_RE.search(text):
        kept: list[str] = []
        offsets: list[int] = []
        last = 0
        for match in _INVISIBLE_RE.finditer(text):
            kept.append(text[last : match.start()])
            offsets.extend(range(last, match.start()))
            last = match.end()
        kept.append(text[last:])
        offsets.extend(range(last, len(text)))
        text = "".join(kept)
        origin = tuple(offsets)
    if _FULL_WIDTH_RE.search(text):
        # Only a text holding full-width letters or digits is folded: Chinese
        # punctuation alone is understood by every detector, and skipping the
        # translate keeps the common path fast.
        text = text.translate(_FOLD)
    if "[" in text:
        text = PLACEHOLDER_RE.sub(lambda m: MASK * len(m.group()), text)
    return Normalised(text, origin)


def ascii_view(text: str) -> bytes:
    """One byte per character of ``text``: an ASCII character as itself, any other as
    the lead byte of its UTF-8 form (0xC2-0xF4: 0xE4-0xE9 for U+4000-U+9FFF, 0xEF for
    full-width forms …). Offsets are those of ``text``, so C-level ``bytes`` searches
    (``find``, ``count``, ``translate``) can stand in for a regex scan of the text."""
    if text.isascii():
        return text.encode("ascii")
    # Deleting the continuation bytes (0x80-0xBF) leaves one byte per character.
    return text.encode("utf-8", "surrogatepass").translate(None, _CONTINUATION_BYTES)


def lookback(text: str, index: int, width: int) -> str:
    """The ``width`` characters before ``index`` (for context words)."""
    return text[max(0, index - width) : index]
