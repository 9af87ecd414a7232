"""The validated on-chain reference and the error raised for a wrong one."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

__all__ = ["ChainRef", "ChainRefCode", "ChainRefError", "RefKind"]

RefKind = Literal["address", "txid"]


class ChainRefCode(StrEnum):
    """Stable message codes: the web/API layers translate on these."""

    UNKNOWN_CHAIN = "unknown_chain"
    EMPTY = "empty"
    NOT_TEXT = "not_text"
    INVALID_CHARACTERS = "invalid_characters"
    WRONG_LENGTH = "wrong_length"
    WRONG_FORMAT = "wrong_format"
    BAD_CHECKSUM = "bad_checksum"
    BAD_EIP55_CHECKSUM = "bad_eip55_checksum"
    MIXED_CASE = "mixed_case"
    BAD_WITNESS_PROGRAM = "bad_witness_program"
    WRONG_NETWORK = "wrong_network"
    MISSING_FIELD = "missing_field"
    CONFLICTING_FIELDS = "conflicting_fields"
    UNEXPECTED_FIELD = "unexpected_field"


class ChainRefError(ValueError):
    """A chain reference that cannot be accepted.

    ``message_code`` is stable (see :class:`ChainRefCode`); ``message`` is a
    precise English sentence for logs and as the untranslated fallback;
    ``field`` names the input field at fault (``chain``, ``address``,
    ``txid``) for field-level problem details.
    """

    def __init__(self, message_code: ChainRefCode, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message_code = message_code
        self.message = message
        self.field = field

    def __repr__(self) -> str:
        return f"ChainRefError({self.message_code.value!r}, {self.message!r})"


@dataclass(frozen=True, slots=True)
class ChainRef:
    """A validated address or transaction id on one chain, in normal form."""

    chain: str
    kind: RefKind
    value: str
    explorer_url: str

    def to_dict(self) -> dict[str, str]:
        return {
            "chain": self.chain,
            "kind": self.kind,
            "value": self.value,
            "explorer_url": self.explorer_url,
        }
