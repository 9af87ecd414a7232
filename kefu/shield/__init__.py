"""Kefu shield: keep secrets out, flag scam requests — a pure-Python engine.

Every text entering Kefu passes ``redact`` BEFORE it is stored, logged, hashed into
the ledger, queued or sent; ``assess`` flags messages that ask for a secret, a
payment, remote access or a private chat, or claim to be official from outside.

Design (details in each module's docstring and docs/shield.md):

* ``text``: normalise (full-width → ASCII, ideographic punctuation, invisible
  characters removed) with an offset map, so the ORIGINAL span is redacted;
  placeholders are masked so redaction is idempotent.
* ``mnemonic``: BIP39 runs in the English and Chinese lists (typos, missing words,
  numbering, any separator); Chinese prose told apart by its word pairs.
* ``keys``: 64-hex keys vs transaction hashes by context and URLs; WIF, extended
  private keys and Solana keypairs by their checksums or curve.
* ``keystore``, ``passwords``: keystore JSON objects; values after password labels.
* ``risks``: request rules with obfuscation tolerance and negation.

Nothing here imports Django; the only state is immutable data loaded once.
"""

from __future__ import annotations

from typing import Any

from .engine import redact
from .findings import DETECTOR_VERSION, Finding, Kind, Redaction
from .placeholders import placeholder
from .risks import ROLES, Risk, RiskCode, assess

__all__ = [
    "DETECTOR_VERSION",
    "ROLES",
    "Finding",
    "Kind",
    "Redaction",
    "Risk",
    "RiskCode",
    "assess",
    "placeholder",
    "preview",
    "redact",
    "warm_up",
]


def warm_up() -> None:
    """Build every lazily built table now (word lists, pair codes, patterns: ~0.3 s), so the
    first message a server process shields is as fast as the others. Called when a web
    process starts (kefu/config/wsgi.py)."""
    from mnemonic import Mnemonic

    zh = Mnemonic("chinese_simplified").wordlist
    text = (
        "客服要我发助记词："
        + " ".join(zh[100:112])
        + "；备份："
        + "".join(zh[1500:1511])
        + "，他说 the phrase is "
        + " ".join(Mnemonic("english").wordlist[100:112])
        + "，密码 hunter22 私钥 "
        + "ab" * 32
    )
    assess(text, "staff", redaction=redact(text))


def preview(text: str, *, lang: str = "zh-Hans", author_role: str = "requester") -> dict[str, Any]:
    """JSON-able result for the live preview while the user types.

    ``redactions`` counts what will be hidden per kind, ``findings`` gives offsets
    (never the secret), ``ambiguous_hex`` the bare 64-hex strings hidden only for
    safety — the UI asks "a transaction hash or a private key?" — and ``text`` the
    text as it will be stored.
    """
    redaction = redact(text, lang=lang)
    return {
        "text": redaction.text,
        "redactions": redaction.summary(),
        "findings": [f.as_dict() for f in redaction.findings],
        "risks": [r.as_dict(lang) for r in assess(text, author_role, redaction=redaction)],
        "ambiguous_hex": [{"start": f.start, "end": f.end} for f in redaction.ambiguous_hex],
        "detector_version": DETECTOR_VERSION,
    }
