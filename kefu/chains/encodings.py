"""Base58Check and EIP-55 helpers (pure, no Django)."""

from __future__ import annotations

from hashlib import sha256

import base58
from Crypto.Hash import keccak

__all__ = [
    "BASE58_ALPHABET",
    "Base58Error",
    "base58check_decode",
    "base58check_encode",
    "first_non_base58",
    "to_checksum_address",
]

BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BASE58_SET = frozenset(BASE58_ALPHABET)


class Base58Error(ValueError):
    """``reason`` is ``invalid_character``, ``wrong_length`` or ``bad_checksum``."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def first_non_base58(text: str) -> int | None:
    """Index of the first character outside the Bitcoin base58 alphabet, if any."""
    for index, char in enumerate(text):
        if char not in _BASE58_SET:
            return index
    return None


def base58_decode(text: str) -> bytes:
    """Plain base58 (no checksum); the caller checks the alphabet first."""
    decoded: bytes = base58.b58decode(text)
    return decoded


def _checksum(payload: bytes) -> bytes:
    return sha256(sha256(payload).digest()).digest()[:4]


def base58check_decode(text: str, *, payload_length: int) -> bytes:
    """Payload (version byte included) of a Base58Check string of the expected size."""
    bad = first_non_base58(text)
    if bad is not None:
        raise Base58Error("invalid_character", f"position {bad + 1} ({text[bad]!r})")
    raw = base58_decode(text)
    if len(raw) != payload_length + 4:
        raise Base58Error("wrong_length", f"decodes to {len(raw)} bytes")
    payload, checksum = raw[:-4], raw[-4:]
    if _checksum(payload) != checksum:
        raise Base58Error("bad_checksum", "checksum is wrong")
    return payload


def base58check_encode(payload: bytes) -> str:
    encoded: bytes = base58.b58encode(payload + _checksum(payload))
    return encoded.decode("ascii")


def to_checksum_address(address: str) -> str:
    """EIP-55 mixed-case form of ``0x`` + 40 hex digits (any case)."""
    body = address[2:].lower()
    digest = keccak.new(digest_bits=256, data=body.encode("ascii")).hexdigest()
    return "0x" + "".join(
        char.upper() if char.isalpha() and int(nibble, 16) >= 8 else char
        for char, nibble in zip(body, digest[: len(body)], strict=True)
    )
