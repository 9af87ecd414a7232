"""Validate addresses and transaction ids per chain, with precise messages."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NoReturn

from kefu.chains.bech32 import Bech32Error, decode_segwit_address
from kefu.chains.encodings import (
    Base58Error,
    base58_decode,
    base58check_decode,
    first_non_base58,
    to_checksum_address,
)
from kefu.chains.refs import ChainRef, ChainRefCode, ChainRefError, RefKind
from kefu.chains.registry import (
    BASE58_VERSION_OWNERS,
    BECH32_HRP_OWNERS,
    CHAIN_ALIASES,
    CHAINS,
    SUPPORTED_CHAINS,
    Chain,
)

__all__ = ["normalise_chain", "validate_address", "validate_ref", "validate_txid"]

_C = ChainRefCode
_MAX_INPUT = 120  # longer than any address or id we accept; bounds the work
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
_BECH32_SHAPE = re.compile(r"([a-z]{1,83})1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{6,}")
_NOUN = {"address": "address", "txid": "transaction id"}
_REF_FIELDS = frozenset({"chain", "address", "txid"})


def _a(name: str) -> str:
    """``name`` with its English indefinite article ("an Ethereum", "a TRON")."""
    return f"an {name}" if name[0] in "AEIOU" else f"a {name}"


def _fail(code: ChainRefCode, message: str, field: str) -> NoReturn:
    raise ChainRefError(code, message, field)


def normalise_chain(name: object) -> str:
    """Canonical chain key (``"BTC"`` → ``"bitcoin"``, ``"TRC20"`` → ``"tron"``)."""
    if not isinstance(name, str):
        _fail(_C.NOT_TEXT, "chain must be text", "chain")
    key = name.strip().lower().replace("_", "-").replace(" ", "-")
    key = CHAIN_ALIASES.get(key, key)
    if key not in CHAINS:
        _fail(
            _C.UNKNOWN_CHAIN,
            f"unknown chain {name!r}; supported chains: {', '.join(SUPPORTED_CHAINS)}",
            "chain",
        )
    return key


def _clean(chain: Chain, kind: RefKind, value: object) -> str:
    noun = f"{chain.label} {_NOUN[kind]}"
    if not isinstance(value, str):
        _fail(_C.NOT_TEXT, f"{noun} must be text", kind)
    text = value.strip()
    if not text:
        _fail(_C.EMPTY, f"{noun} is empty", kind)
    for position, char in enumerate(text, start=1):
        if char.isspace():
            _fail(_C.INVALID_CHARACTERS, f"{noun} contains a space at position {position}", kind)
        if not char.isascii() or not char.isprintable():
            _fail(
                _C.INVALID_CHARACTERS,
                f"{noun} contains {char!r} at position {position}, which is not a plain "
                "ASCII character (full-width or invisible characters often come from copying)",
                kind,
            )
    if len(text) > _MAX_INPUT:
        _fail(_C.WRONG_LENGTH, f"{noun} is far too long ({len(text)} characters)", kind)
    return text


def _strip_0x(text: str) -> tuple[bool, str]:
    if text[:2] in ("0x", "0X"):
        return True, text[2:]
    return False, text


def _check_hex(chain: Chain, kind: RefKind, body: str, offset: int) -> None:
    for position, char in enumerate(body, start=offset + 1):
        if char not in _HEX_DIGITS:
            _fail(
                _C.INVALID_CHARACTERS,
                f"{chain.label} {_NOUN[kind]} contains {char!r} at position {position}; "
                "only 0-9 and a-f are allowed",
                kind,
            )


def _check_base58_chars(chain: Chain, kind: RefKind, text: str) -> None:
    bad = first_non_base58(text)
    if bad is not None:
        _fail(
            _C.INVALID_CHARACTERS,
            f"{chain.label} {_NOUN[kind]} contains {text[bad]!r} at position {bad + 1}, "
            "which Base58 never uses (it leaves out 0, O, I and l)",
            kind,
        )


# ------------------------------------------------------------------- addresses


def _evm_address(chain: Chain, text: str) -> str:
    has_prefix, body = _strip_0x(text)
    if not has_prefix:
        if len(body) == 40 and set(body) <= _HEX_DIGITS:
            _fail(
                _C.WRONG_FORMAT,
                f"{chain.label} addresses start with 0x: add it before the 40 hex characters",
                "address",
            )
        if text.startswith("T") and len(text) == 34:
            _fail(
                _C.WRONG_NETWORK,
                f"this looks like a TRON address, not {_a(chain.label)} address",
                "address",
            )
        _fail(
            _C.WRONG_FORMAT,
            f"{chain.label} addresses are 0x followed by 40 hexadecimal characters",
            "address",
        )
    _check_hex(chain, "address", body, 2)
    if len(body) == 64:
        _fail(
            _C.WRONG_FORMAT,
            f"this is a transaction hash (64 hex characters), not {_a(chain.label)} address",
            "address",
        )
    if len(body) != 40:
        _fail(
            _C.WRONG_LENGTH,
            f"{chain.label} address must have 40 hexadecimal characters after 0x; "
            f"this one has {len(body)}",
            "address",
        )
    checksummed = to_checksum_address("0x" + body)
    single_case = body == body.lower() or body == body.upper()
    if not single_case and body != checksummed[2:]:
        _fail(
            _C.BAD_EIP55_CHECKSUM,
            "EIP-55 checksum does not match: check capital letters",
            "address",
        )
    return checksummed


def _segwit_address(chain: Chain, hrp: str, text: str) -> str:
    try:
        decode_segwit_address(hrp, text)
    except Bech32Error as error:
        code = {
            "too_long": _C.WRONG_LENGTH,
            "too_short": _C.WRONG_LENGTH,
            "mixed_case": _C.MIXED_CASE,
            "invalid_character": _C.INVALID_CHARACTERS,
            "bad_checksum": _C.BAD_CHECKSUM,
            "wrong_encoding": _C.BAD_CHECKSUM,
            "bad_program": _C.BAD_WITNESS_PROGRAM,
        }.get(error.reason, _C.WRONG_FORMAT)
        if error.reason == "bad_checksum":
            _fail(code, f"{chain.label} address checksum is wrong", "address")
        _fail(code, f"{chain.label} address {error.detail}", "address")
    return text.lower()


def _base58_address(chain: Chain, text: str, *, bech32_like: str | None) -> str:
    label = chain.label
    try:
        payload = base58check_decode(text, payload_length=21)
    except Base58Error as error:
        if error.reason == "invalid_character" and bech32_like is not None:
            _fail(
                _C.WRONG_FORMAT,
                f"{label} addresses start with {chain.prefixes}; "
                f"'{bech32_like}1…' is not {_a(label)} address",
                "address",
            )
        if error.reason == "invalid_character":
            _check_base58_chars(chain, "address", text)
        if error.reason == "wrong_length":
            _fail(
                _C.WRONG_LENGTH,
                f"{label} address has the wrong length: check for missing or extra "
                f"characters ({label} addresses start with {chain.prefixes})",
                "address",
            )
        _fail(_C.BAD_CHECKSUM, f"{label} address checksum is wrong", "address")
    version = payload[0]
    if version not in chain.versions:
        owner = BASE58_VERSION_OWNERS.get(version)
        if owner is not None and owner != label:
            _fail(
                _C.WRONG_NETWORK, f"this is {_a(owner)} address, not {_a(label)} address", "address"
            )
        _fail(_C.WRONG_FORMAT, f"{label} addresses start with {chain.prefixes}", "address")
    return text


def _utxo_address(chain: Chain, text: str) -> str:
    lower = text.lower()
    if lower.startswith("0x"):
        _fail(
            _C.WRONG_FORMAT,
            f"this looks like an Ethereum-style (0x…) address; {chain.label} addresses "
            f"start with {chain.prefixes}",
            "address",
        )
    shape = _BECH32_SHAPE.fullmatch(lower)
    hrp = lower[: lower.rfind("1")] if "1" in lower else ""
    if chain.bech32_hrp is not None and hrp == chain.bech32_hrp:
        return _segwit_address(chain, hrp, text)
    if shape is not None and hrp in BECH32_HRP_OWNERS:
        _fail(
            _C.WRONG_NETWORK,
            f"this is {_a(BECH32_HRP_OWNERS[hrp])} address, not {_a(chain.label)} address",
            "address",
        )
    return _base58_address(chain, text, bech32_like=shape.group(1) if shape else None)


def _tron_address(chain: Chain, text: str) -> str:
    has_prefix, body = _strip_0x(text)
    if len(body) == 42 and body[:2] == "41" and set(body) <= _HEX_DIGITS:
        _fail(
            _C.WRONG_FORMAT,
            "this is a TRON address in hex form; use the Base58 form starting with T",
            "address",
        )
    if has_prefix:
        _fail(
            _C.WRONG_FORMAT,
            "this looks like an Ethereum-style (0x…) address; TRON addresses start with T",
            "address",
        )
    return _base58_address(chain, text, bech32_like=None)


def _solana_address(chain: Chain, text: str) -> str:
    if text[:2] in ("0x", "0X"):
        _fail(
            _C.WRONG_FORMAT,
            "this looks like an Ethereum-style (0x…) address; Solana addresses are Base58",
            "address",
        )
    _check_base58_chars(chain, "address", text)
    size = len(base58_decode(text))
    if size != 32:
        _fail(
            _C.WRONG_LENGTH,
            f"Solana address must decode to 32 bytes; this one decodes to {size} "
            "(check for missing or extra characters)",
            "address",
        )
    return text


_ADDRESS_RULES = {
    "utxo": _utxo_address,
    "evm": _evm_address,
    "tron": _tron_address,
    "solana": _solana_address,
}


def validate_address(chain: str, address: str) -> ChainRef:
    """Check ``address`` on ``chain``; return it in normal form with its explorer link.

    EVM addresses come back in EIP-55 form, bech32 ones in lower case, the
    others as given (Base58 is case-sensitive). Raises :class:`ChainRefError`.
    """
    spec = CHAINS[normalise_chain(chain)]
    text = _clean(spec, "address", address)
    value = _ADDRESS_RULES[spec.family](spec, text)
    return ChainRef(spec.key, "address", value, spec.address_url(value))


# --------------------------------------------------------------- transactions


def _hex_txid(chain: Chain, body: str, offset: int) -> str:
    _check_hex(chain, "txid", body, offset)
    if len(body) != 64:
        hint = (
            "; this looks like an address, not a transaction hash"
            if len(body) == 40 and chain.family == "evm"
            else ""
        )
        _fail(
            _C.WRONG_LENGTH,
            f"{chain.label} transaction id must be 64 hexadecimal characters; "
            f"this one has {len(body)}{hint}",
            "txid",
        )
    return body.lower()


def _txid_value(chain: Chain, text: str) -> str:
    has_prefix, body = _strip_0x(text)
    if chain.family == "evm":
        return "0x" + _hex_txid(chain, body, 2 if has_prefix else 0)
    if chain.family == "solana":
        _check_base58_chars(chain, "txid", text)
        size = len(base58_decode(text))
        if size != 64:
            _fail(
                _C.WRONG_LENGTH,
                f"Solana transaction signature must decode to 64 bytes; this one decodes "
                f"to {size} (check for missing or extra characters)",
                "txid",
            )
        return text
    if has_prefix:
        _fail(
            _C.WRONG_FORMAT,
            f"{chain.label} transaction ids have no 0x prefix: remove it",
            "txid",
        )
    return _hex_txid(chain, text, 0)


def validate_txid(chain: str, txid: str) -> ChainRef:
    """Check a transaction id (hash, or Solana signature) on ``chain``.

    Hex ids come back in lower case, EVM ones with ``0x``; Solana signatures
    as given. Raises :class:`ChainRefError`.
    """
    spec = CHAINS[normalise_chain(chain)]
    text = _clean(spec, "txid", txid)
    value = _txid_value(spec, text)
    return ChainRef(spec.key, "txid", value, spec.tx_url(value))


def validate_ref(obj: Mapping[str, str]) -> ChainRef:
    """Validate ``{"chain": …, "address": …}`` or ``{"chain": …, "txid": …}``."""
    if not isinstance(obj, Mapping):
        _fail(_C.WRONG_FORMAT, "a chain reference is an object with chain and address or txid", "")
    for name in obj:
        if name not in _REF_FIELDS:
            _fail(
                _C.UNEXPECTED_FIELD,
                f"unexpected field {name!r}; a chain reference has chain and address or txid",
                str(name),
            )
    if "chain" not in obj:
        _fail(_C.MISSING_FIELD, "chain is required", "chain")
    if "address" in obj and "txid" in obj:
        _fail(_C.CONFLICTING_FIELDS, "give either address or txid, not both", "txid")
    if "address" in obj:
        return validate_address(obj["chain"], obj["address"])
    if "txid" in obj:
        return validate_txid(obj["chain"], obj["txid"])
    _fail(_C.MISSING_FIELD, "address or txid is required", "address")
