"""Bech32 (BIP173) and Bech32m (BIP350) with segwit address rules.

Follows the reference implementation in BIP173/BIP350 (Pieter Wuille), but
reports *why* a string is refused (:class:`Bech32Error.reason`) so callers can
tell users what to fix.
"""

from __future__ import annotations

from enum import Enum

__all__ = [
    "CHARSET",
    "Bech32Error",
    "Encoding",
    "bech32_decode",
    "bech32_encode",
    "decode_segwit_address",
    "encode_segwit_address",
]

CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_CHARSET_INDEX = {c: i for i, c in enumerate(CHARSET)}
_GENERATOR = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
_MAX_LENGTH = 90


class Encoding(Enum):
    BECH32 = 1
    BECH32M = 0x2BC830A3


class Bech32Error(ValueError):
    """A string that is not a valid (segwit) bech32/bech32m string.

    ``reason`` is one of: ``too_long``, ``mixed_case``, ``invalid_character``,
    ``no_separator``, ``too_short``, ``bad_checksum``, ``wrong_encoding``,
    ``bad_program``, ``wrong_hrp``.
    """

    def __init__(self, reason: str, detail: str, position: int | None = None) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail
        self.position = position


def _polymod(values: list[int]) -> int:
    chk = 1
    for value in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            chk ^= _GENERATOR[i] if ((top >> i) & 1) else 0
    return chk


def _hrp_expand(hrp: str) -> list[int]:
    return [ord(x) >> 5 for x in hrp] + [0] + [ord(x) & 31 for x in hrp]


def _create_checksum(hrp: str, data: list[int], encoding: Encoding) -> list[int]:
    polymod = _polymod(_hrp_expand(hrp) + data + [0] * 6) ^ encoding.value
    return [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]


def bech32_encode(hrp: str, data: list[int], encoding: Encoding) -> str:
    """Encode 5-bit ``data`` under ``hrp`` (lower case)."""
    combined = data + _create_checksum(hrp, data, encoding)
    return hrp + "1" + "".join(CHARSET[d] for d in combined)


def bech32_decode(text: str) -> tuple[str, list[int], Encoding]:
    """Split and check a bech32/bech32m string: (hrp, 5-bit data, encoding)."""
    if len(text) > _MAX_LENGTH:
        raise Bech32Error("too_long", f"is {len(text)} characters long; the maximum is 90")
    for position, char in enumerate(text):
        if not 33 <= ord(char) <= 126:
            raise Bech32Error(
                "invalid_character", f"contains {char!r} at position {position + 1}", position
            )
    if text.lower() != text and text.upper() != text:
        raise Bech32Error("mixed_case", "mixes upper and lower case letters")
    text = text.lower()
    separator = text.rfind("1")
    if separator < 1:
        raise Bech32Error("no_separator", "has no prefix followed by '1'")
    if separator + 7 > len(text):
        raise Bech32Error("too_short", "is too short to carry a checksum")
    hrp = text[:separator]
    data: list[int] = []
    for position in range(separator + 1, len(text)):
        value = _CHARSET_INDEX.get(text[position])
        if value is None:
            raise Bech32Error(
                "invalid_character",
                f"contains {text[position]!r} at position {position + 1}, which bech32 never "
                "uses (after the prefix it excludes 1, b, i and o)",
                position,
            )
        data.append(value)
    residue = _polymod(_hrp_expand(hrp) + data)
    for encoding in Encoding:
        if residue == encoding.value:
            return hrp, data[:-6], encoding
    raise Bech32Error("bad_checksum", "checksum is wrong")


def _convert_bits(data: list[int], from_bits: int, to_bits: int, *, pad: bool) -> list[int] | None:
    acc = 0
    bits = 0
    out: list[int] = []
    max_value = (1 << to_bits) - 1
    for value in data:
        acc = (acc << from_bits) | value
        bits += from_bits
        while bits >= to_bits:
            bits -= to_bits
            out.append((acc >> bits) & max_value)
    if pad:
        if bits:
            out.append((acc << (to_bits - bits)) & max_value)
    elif bits >= from_bits or ((acc << (to_bits - bits)) & max_value):
        return None
    return out


def decode_segwit_address(hrp: str, address: str) -> tuple[int, bytes]:
    """(witness version, witness program) of a segwit address with prefix ``hrp``."""
    found_hrp, data, encoding = bech32_decode(address)
    if found_hrp != hrp:
        raise Bech32Error("wrong_hrp", f"has prefix {found_hrp!r}, expected {hrp!r}")
    if not data:
        raise Bech32Error("bad_program", "has no witness version or program")
    version = data[0]
    if version > 16:
        raise Bech32Error("bad_program", f"has witness version {version}; the maximum is 16")
    program = _convert_bits(data[1:], 5, 8, pad=False)
    if program is None:
        raise Bech32Error("bad_program", "has invalid padding in its witness program")
    if not 2 <= len(program) <= 40:
        raise Bech32Error(
            "bad_program", f"has a {len(program)}-byte witness program; allowed are 2 to 40"
        )
    if version == 0 and len(program) not in (20, 32):
        raise Bech32Error(
            "bad_program",
            f"has a {len(program)}-byte version 0 witness program; allowed are 20 or 32",
        )
    if version == 0 and encoding is not Encoding.BECH32:
        raise Bech32Error(
            "wrong_encoding", "uses a bech32m checksum, but version 0 addresses use bech32"
        )
    if version != 0 and encoding is not Encoding.BECH32M:
        raise Bech32Error(
            "wrong_encoding",
            "uses a bech32 checksum, but version 1+ (Taproot) addresses use bech32m (BIP350)",
        )
    return version, bytes(program)


def encode_segwit_address(hrp: str, version: int, program: bytes) -> str:
    """Encode a segwit address (bech32 for version 0, bech32m otherwise)."""
    encoding = Encoding.BECH32 if version == 0 else Encoding.BECH32M
    data = _convert_bits(list(program), 8, 5, pad=True)
    assert data is not None
    address = bech32_encode(hrp, [version, *data], encoding)
    decode_segwit_address(hrp, address)
    return address
