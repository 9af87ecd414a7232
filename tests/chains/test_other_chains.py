"""TRON, Litecoin, Dogecoin and Solana addresses; hex and Base58 transaction ids."""

from __future__ import annotations

import pytest

from kefu.chains import ChainRefError, validate_address, validate_txid
from kefu.chains.bech32 import encode_segwit_address
from kefu.chains.encodings import base58_decode, base58check_encode

USDT_TRC20 = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
# A well-formed 32-byte hash (hex); validation checks form, not existence.
TXID_HEX = "c5ac3ba3d0e8cc6e4a8e8e8b6f4c1e5c8a7d8f5e3b2a1c0d9e8f7a6b5c4d3e2f"
LITECOIN_P2PKH = "LVg2kJoFNg45Nbpy53h7Fe1wKyeXVRhMH9"
DOGECOIN_P2PKH = "DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L"
HASH160 = bytes.fromhex("b472a266d0bd89c13706a4132ccfb16f7c3b9fcb")  # of 3J98t1Wp...
WRAPPED_SOL = "So11111111111111111111111111111111111111112"
SOLANA_SIGNATURE = (
    "5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6UjKdiSZkQUW"
)


def _code(chain: str, address: str) -> str:
    with pytest.raises(ChainRefError) as caught:
        validate_address(chain, address)
    return caught.value.message_code.value


def test_usdt_contract_address_is_valid_on_tron() -> None:
    assert validate_address("tron", USDT_TRC20).value == USDT_TRC20


def test_tron_address_links_to_tronscan() -> None:
    assert validate_address("tron", USDT_TRC20).explorer_url == (
        "https://tronscan.org/#/address/TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
    )


def test_tron_address_with_one_changed_character_has_a_wrong_checksum() -> None:
    with pytest.raises(ChainRefError, match="^TRON address checksum is wrong$"):
        validate_address("tron", USDT_TRC20[:-1] + "u")


def test_tron_address_in_hex_form_asks_for_the_t_form() -> None:
    with pytest.raises(ChainRefError, match="Base58 form starting with T"):
        validate_address("tron", "41a614f803b6fd780986a42c78ec9c7f77e6ded13c")


def test_ethereum_address_on_tron_says_it_looks_like_ethereum() -> None:
    assert _code("tron", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed") == "wrong_format"


def test_bitcoin_address_on_tron_names_bitcoin() -> None:
    with pytest.raises(ChainRefError, match="Bitcoin address, not a TRON address"):
        validate_address("tron", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa")


def test_tron_txid_is_normalised_to_lower_case() -> None:
    assert validate_txid("tron", TXID_HEX.upper()).value == TXID_HEX


def test_tron_txid_links_to_tronscan_transaction_page() -> None:
    assert validate_txid("tron", TXID_HEX).explorer_url == (
        f"https://tronscan.org/#/transaction/{TXID_HEX}"
    )


def test_tron_txid_with_0x_is_refused() -> None:
    with pytest.raises(ChainRefError, match="no 0x prefix: remove it"):
        validate_txid("tron", "0x" + TXID_HEX)


def test_bitcoin_txid_links_to_mempool_space() -> None:
    assert validate_txid("bitcoin", TXID_HEX).explorer_url == f"https://mempool.space/tx/{TXID_HEX}"


def test_litecoin_p2pkh_address_is_valid() -> None:
    assert validate_address("litecoin", LITECOIN_P2PKH).value == LITECOIN_P2PKH


def test_litecoin_m_address_is_valid() -> None:
    address = base58check_encode(b"\x32" + HASH160)
    assert validate_address("litecoin", address).value == address


def test_litecoin_legacy_3_address_is_valid() -> None:
    address = "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"
    assert validate_address("litecoin", address).value == address


def test_litecoin_bech32_address_is_valid() -> None:
    address = encode_segwit_address("ltc", 0, HASH160)
    assert validate_address("litecoin", address).value == address


def test_bitcoin_bech32_address_on_litecoin_names_bitcoin() -> None:
    with pytest.raises(ChainRefError, match="Bitcoin address, not a Litecoin address"):
        validate_address("litecoin", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")


def test_litecoin_address_on_bitcoin_names_litecoin() -> None:
    with pytest.raises(ChainRefError, match="Litecoin address, not a Bitcoin address"):
        validate_address("bitcoin", LITECOIN_P2PKH)


def test_litecoin_address_links_to_blockchair() -> None:
    assert validate_address("litecoin", LITECOIN_P2PKH).explorer_url == (
        f"https://blockchair.com/litecoin/address/{LITECOIN_P2PKH}"
    )


def test_dogecoin_d_address_is_valid() -> None:
    assert validate_address("dogecoin", DOGECOIN_P2PKH).value == DOGECOIN_P2PKH


def test_dogecoin_p2sh_address_is_valid() -> None:
    address = base58check_encode(b"\x16" + HASH160)
    assert validate_address("dogecoin", address).value == address


def test_dogecoin_has_no_bech32_addresses() -> None:
    assert _code("dogecoin", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4") == "wrong_network"


def test_dogecoin_address_with_one_changed_character_has_a_wrong_checksum() -> None:
    assert _code("dogecoin", DOGECOIN_P2PKH[:-1] + "M") == "bad_checksum"


def test_solana_system_program_address_is_valid() -> None:
    address = "11111111111111111111111111111111"
    assert validate_address("solana", address).value == address


def test_solana_wrapped_sol_mint_is_valid() -> None:
    assert validate_address("solana", WRAPPED_SOL).value == WRAPPED_SOL


def test_solana_address_that_decodes_to_31_bytes_is_refused() -> None:
    with pytest.raises(ChainRefError, match="32 bytes; this one decodes to 31"):
        validate_address("solana", "1111111111111111111111111111111")


def test_solana_address_links_to_the_solana_explorer() -> None:
    assert validate_address("solana", WRAPPED_SOL).explorer_url == (
        f"https://explorer.solana.com/address/{WRAPPED_SOL}"
    )


def test_solana_signature_decodes_to_64_bytes() -> None:
    assert len(base58_decode(SOLANA_SIGNATURE)) == 64


def test_solana_signature_is_valid_as_given() -> None:
    assert validate_txid("solana", SOLANA_SIGNATURE).value == SOLANA_SIGNATURE


def test_solana_signature_links_to_the_solana_explorer() -> None:
    assert validate_txid("solana", SOLANA_SIGNATURE).explorer_url == (
        f"https://explorer.solana.com/tx/{SOLANA_SIGNATURE}"
    )


def test_solana_address_given_as_signature_is_refused() -> None:
    with pytest.raises(ChainRefError, match="64 bytes; this one decodes to 32"):
        validate_txid("solana", WRAPPED_SOL)


def test_solana_signature_with_a_zero_is_pointed_at() -> None:
    with pytest.raises(ChainRefError, match="'0' at position 1"):
        validate_txid("solana", "0" + SOLANA_SIGNATURE[1:])
