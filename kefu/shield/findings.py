"""The shield's vocabulary: kinds of secret, findings and the redaction result."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

#: Bump when a rule changes, so stored findings say which rules produced them.
DETECTOR_VERSION = "shield-2025.3"


class Kind(StrEnum):
    """What kind of secret a finding is. The value is stored, keep it stable."""

    MNEMONIC = "mnemonic"
    PRIVATE_KEY = "private_key"
    WIF = "wif"
    EXTENDED_PRIVATE_KEY = "extended_private_key"
    KEYSTORE = "keystore"
    PASSWORD = "password"  # noqa: S105 - a kind name, not a password


#: When two findings overlap the higher one names the merged span: a keystore holds
#: hex strings, a password value can look like a word of a seed phrase.
PRIORITY: dict[Kind, int] = {
    Kind.KEYSTORE: 6,
    Kind.EXTENDED_PRIVATE_KEY: 5,
    Kind.WIF: 4,
    Kind.PRIVATE_KEY: 3,
    Kind.MNEMONIC: 2,
    Kind.PASSWORD: 1,
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One secret: ``text[start:end]`` of the ORIGINAL text. Holds no copy of it."""

    kind: Kind
    start: int
    end: int
    confidence: float

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind.value,
            "start": self.start,
            "end": self.end,
            "confidence": self.confidence,
        }


@dataclass(frozen=True, slots=True)
class Redaction:
    """The text with every secret replaced by a placeholder, and what was found.

    Stores kinds, offsets and confidences only: never the secret nor a hash of it
    (a password hash is an offline guessing oracle).
    """

    text: str
    findings: tuple[Finding, ...]
    changed: bool
    detector_version: str = DETECTOR_VERSION
    #: 64-hex strings hidden only because nothing said "transaction hash": the UI
    #: may ask the user "a transaction hash or a private key?".
    ambiguous_hex: tuple[Finding, ...] = ()

    def summary(self) -> list[dict[str, object]]:
        counts = Counter(f.kind for f in self.findings)
        return [{"kind": kind.value, "count": counts[kind]} for kind in Kind if counts[kind]]
