"""Ethereum keystore files (Web3 Secret Storage) pasted as JSON.

The encrypted key plus a weak wallet password is a stolen wallet, so the whole
object is hidden: from its outermost ``{`` to the matching ``}``, pretty-printed
over many lines or not. A fragment (only the ``crypto`` part, or a paste cut short
without its closing brace) is hidden from its opening brace (or the first
keystore field) to the end of the last line holding a keystore field.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .findings import Finding, Kind

_HINT_RE = re.compile(r"[\"']?(?:ciphertext|kdfparams|cipherparams)[\"']?\s*:", re.IGNORECASE)
_FIELD_RE = re.compile(
    r"[\"'](?:crypto|ciphertext|cipherparams|cipher|iv|kdf|kdfparams|dklen|salt|n|r|p|c|prf"
    r"|mac|version|id|address)[\"']\s*:",
    re.IGNORECASE,
)
_BRACE_RE = re.compile(r"[{}]")
_CIPHERTEXT_RE = re.compile(r"[Cc][Ii][Pp][Hh][Ee][Rr][Tt][Ee][Xx][Tt]")
_FRAGMENT_GAP = 200


def find(text: str) -> Iterator[Finding]:
    if "{" not in text or not _CIPHERTEXT_RE.search(text):
        return
    pairs = _brace_pairs(text)
    done_until = -1
    for hint in _HINT_RE.finditer(text):
        if hint.start() < done_until:
            continue
        enclosing = [(o, c) for o, c in pairs if o < hint.start() and c >= hint.end()]
        if enclosing:
            start, close = min(enclosing)  # the outermost object
            end = close + 1
            confidence = 0.99
        else:
            start, end = _fragment(text, hint.start())
            confidence = 0.8
        done_until = end
        yield Finding(Kind.KEYSTORE, start, end, confidence)


def _brace_pairs(text: str) -> list[tuple[int, int]]:
    """Matching {…} pairs; keystore values are hex and ids, never braces in strings."""
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for match in _BRACE_RE.finditer(text):
        if match.group() == "{":
            stack.append(match.start())
        elif stack:
            pairs.append((stack.pop(), match.start()))
    return pairs


def _fragment(text: str, hint: int) -> tuple[int, int]:
    opening = text.rfind("{", max(0, hint - _FRAGMENT_GAP), hint)
    start = opening if opening >= 0 else hint
    first_field = _FIELD_RE.search(text, max(0, hint - _FRAGMENT_GAP), hint + 1)
    if opening < 0 and first_field:
        start = min(start, first_field.start())
    end = hint
    for field in _FIELD_RE.finditer(text, hint):
        if field.start() - end > _FRAGMENT_GAP:
            break
        end = field.end()
    line_end = text.find("\n", end)
    return start, len(text) if line_end < 0 else line_end
