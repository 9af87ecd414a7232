"""One changed character: refused, except where a chain's rules accept it.

Checksummed formats (Base58Check, bech32/bech32m) must refuse every single
substitution (bech32 guarantees it; Base58Check misses one in 2**32, which
Hypothesis will not meet). EVM addresses follow EIP-55: a string whose hex
part is all lower or all upper case has no checksum and is accepted; a mixed
case one is accepted only if it is exactly its EIP-55 form. Solana addresses
have no checksum at all and are not covered here (see docs/chains.md).
"""

from __future__ import annotations

from Crypto.Hash import keccak
from hypothesis import assume, given
from hypothesis import strategies as st

from kefu.chains import ChainRefError, validate_address
from kefu.chains.bech32 import encode_segwit_address
from kefu.chains.encodings import base58check_encode

BASE58_VERSIONS = [
    ("bitcoin", 0x00),
    ("bitcoin", 0x05),
    ("bitcoin-testnet", 0x6F),
    ("bitcoin-testnet", 0xC4),
    ("tron", 0x41),
    ("litecoin", 0x30),
    ("litecoin", 0x32),
    ("dogecoin", 0x1E),
    ("dogecoin", 0x16),
]
SEGWIT_HRPS = [("bitcoin", "bc"), ("bitcoin-testnet", "tb"), ("litecoin", "ltc")]
REPLACEMENTS = st.sampled_from("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0OIl")


def _eip55(hex40: str) -> str:
    digest = keccak.new(digest_bits=256, data=hex40.lower().encode()).hexdigest()
    return "".join(
        c.upper() if c.isalpha() and int(d, 16) >= 8 else c
        for c, d in zip(hex40.lower(), digest[:40], strict=True)
    )


def _refused(chain: str, address: str) -> bool:
    try:
        validate_address(chain, address)
    except ChainRefError:
        return True
    return False


@st.composite
def base58_addresses(draw: st.DrawFn) -> tuple[str, str]:
    chain, version = draw(st.sampled_from(BASE58_VERSIONS))
    payload = draw(st.binary(min_size=20, max_size=20))
    return chain, base58check_encode(bytes([version]) + payload)


@st.composite
def segwit_addresses(draw: st.DrawFn) -> tuple[str, str]:
    chain, hrp = draw(st.sampled_from(SEGWIT_HRPS))
    version = draw(st.integers(min_value=0, max_value=16))
    sizes = [20, 32] if version == 0 else list(range(2, 41))
    size = draw(st.sampled_from(sizes))
    program = draw(st.binary(min_size=size, max_size=size))
    return chain, encode_segwit_address(hrp, version, program)


@st.composite
def one_substitution(draw: st.DrawFn, text: str, alphabet: st.SearchStrategy[str]) -> str:
    index = draw(st.integers(min_value=0, max_value=len(text) - 1))
    char = draw(alphabet)
    assume(char != text[index])
    return text[:index] + char + text[index + 1 :]


@given(base58_addresses())
def test_generated_base58check_address_is_valid(case: tuple[str, str]) -> None:
    chain, address = case
    assert validate_address(chain, address).value == address


@given(base58_addresses(), st.data())
def test_base58check_address_with_one_changed_character_is_refused(
    case: tuple[str, str], data: st.DataObject
) -> None:
    chain, address = case
    assert _refused(chain, data.draw(one_substitution(address, REPLACEMENTS)))


@given(segwit_addresses())
def test_generated_segwit_address_is_valid(case: tuple[str, str]) -> None:
    chain, address = case
    assert validate_address(chain, address).value == address


@given(segwit_addresses(), st.data())
def test_segwit_address_with_one_changed_character_is_refused(
    case: tuple[str, str], data: st.DataObject
) -> None:
    chain, address = case
    alphabet = st.sampled_from("qpzry9x8gf2tvdw0s3jn54khce6mua7lQPZRY1bio")
    assert _refused(chain, data.draw(one_substitution(address, alphabet)))


@given(st.binary(min_size=20, max_size=20), st.data())
def test_checksummed_evm_address_with_one_changed_character_follows_eip55(
    raw: bytes, data: st.DataObject
) -> None:
    address = "0x" + _eip55(raw.hex())
    changed = data.draw(one_substitution(address[2:], st.sampled_from("0123456789abcdefABCDEF")))
    accepted = changed in (changed.lower(), changed.upper(), _eip55(changed))
    assert _refused("ethereum", "0x" + changed) is not accepted


@given(st.binary(min_size=20, max_size=20), st.data())
def test_case_change_in_a_lower_case_evm_address_follows_eip55(
    raw: bytes, data: st.DataObject
) -> None:
    body = raw.hex()
    letters = [i for i, c in enumerate(body) if c.isalpha()]
    assume(letters)
    index = data.draw(st.sampled_from(letters))
    changed = body[:index] + body[index].upper() + body[index + 1 :]
    accepted = changed == _eip55(changed) or changed.upper() == changed
    assert _refused("polygon", "0x" + changed) is not accepted
