"""Find wallet addresses inside free text (a staff reply, a chat export).

Used to stop the classic theft "send a small test deposit to …": a staff message may only
mention addresses the platform lists as its own. Candidates come from one regular expression
per address family and are kept only when they validate (checksums included).
"""

from __future__ import annotations

import re

from kefu.chains.refs import ChainRef, ChainRefError
from kefu.chains.validate import validate_address

_CANDIDATES: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"(?<![0-9A-Za-z])0x[0-9a-fA-F]{40}(?![0-9A-Za-z])"), ("ethereum",)),
    (re.compile(r"(?<![0-9A-Za-z])T[1-9A-HJ-NP-Za-km-z]{33}(?![0-9A-Za-z])"), ("tron",)),
    (
        re.compile(r"(?<![0-9A-Za-z])(?:bc1|BC1)[02-9ac-hj-np-zAC-HJ-NP-Z]{11,87}(?![0-9A-Za-z])"),
        ("bitcoin",),
    ),
    (
        re.compile(r"(?<![0-9A-Za-z])[13][1-9A-HJ-NP-Za-km-z]{25,34}(?![0-9A-Za-z])"),
        ("bitcoin",),
    ),
    (
        re.compile(r"(?<![0-9A-Za-z])[LM][1-9A-HJ-NP-Za-km-z]{26,33}(?![0-9A-Za-z])"),
        ("litecoin",),
    ),
    (re.compile(r"(?<![0-9A-Za-z])D[1-9A-HJ-NP-Za-km-z]{25,33}(?![0-9A-Za-z])"), ("dogecoin",)),
)


def find_addresses(text: str) -> list[ChainRef]:
    """Every valid address in the text, in order of appearance, without duplicates."""
    found: dict[str, tuple[int, ChainRef]] = {}
    for pattern, chains in _CANDIDATES:
        for match in pattern.finditer(text):
            for chain in chains:
                try:
                    ref = validate_address(chain, match.group(0))
                except ChainRefError:
                    continue
                found.setdefault(ref.value.lower(), (match.start(), ref))
                break
    return [ref for _, ref in sorted(found.values(), key=lambda item: item[0])]
