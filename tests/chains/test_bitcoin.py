"""Bitcoin: Base58Check (P2PKH/P2SH), bech32 (BIP173) and bech32m (BIP350)."""

from __future__ import annotations

import pytest

from kefu.chains import ChainRefCode, ChainRefError, validate_address

GENESIS = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"

# BIP350 "valid segwit addresses" (they include the corrected BIP173 ones).
BIP350_VALID_MAINNET = [
    "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
    "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
    "BC1SW50QGDZ25J",
    "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs",
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
]
BIP350_VALID_TESTNET = [
    "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7",
    "tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy",
    "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c",
]

# BIP350 "invalid segwit addresses", each with the code Kefu reports.
BIP350_INVALID = [
    ("bitcoin", "tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut", "wrong_format"),
    ("bitcoin", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd", "bad_checksum"),
    (
        "bitcoin-testnet",
        "tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf",
        "bad_checksum",
    ),
    ("bitcoin", "BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL", "bad_checksum"),
    ("bitcoin", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", "bad_checksum"),
    (
        "bitcoin-testnet",
        "tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47",
        "bad_checksum",
    ),
    (
        "bitcoin",
        "bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4",
        "invalid_characters",
    ),
    (
        "bitcoin",
        "BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R",
        "bad_witness_program",
    ),
    ("bitcoin", "bc1pw5dgrnzv", "bad_witness_program"),
    (
        "bitcoin",
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav",
        "bad_witness_program",
    ),
    ("bitcoin", "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P", "bad_witness_program"),
    (
        "bitcoin-testnet",
        "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq",
        "mixed_case",
    ),
    (
        "bitcoin",
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf",
        "bad_witness_program",
    ),
    (
        "bitcoin-testnet",
        "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j",
        "bad_witness_program",
    ),
    ("bitcoin", "bc1gmk9yu", "bad_witness_program"),
]


def _code(chain: str, address: str) -> str:
    with pytest.raises(ChainRefError) as caught:
        validate_address(chain, address)
    return caught.value.message_code.value


def test_genesis_address_is_valid() -> None:
    assert validate_address("bitcoin", GENESIS).value == GENESIS


def test_genesis_address_links_to_mempool_space() -> None:
    assert validate_address("bitcoin", GENESIS).explorer_url == (
        "https://mempool.space/address/1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"
    )


def test_p2sh_address_is_valid() -> None:
    address = "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"
    assert validate_address("bitcoin", address).value == address


@pytest.mark.parametrize("address", BIP350_VALID_MAINNET)
def test_bip350_mainnet_vector_is_valid(address: str) -> None:
    assert validate_address("bitcoin", address).value == address.lower()


@pytest.mark.parametrize("address", BIP350_VALID_TESTNET)
def test_bip350_testnet_vector_is_valid_on_testnet(address: str) -> None:
    assert validate_address("bitcoin-testnet", address).value == address


@pytest.mark.parametrize(("chain", "address", "code"), BIP350_INVALID)
def test_bip350_invalid_vector_is_refused_with_its_reason(
    chain: str, address: str, code: str
) -> None:
    assert _code(chain, address) == code


def test_one_changed_character_gives_the_checksum_message() -> None:
    with pytest.raises(ChainRefError, match="^Bitcoin address checksum is wrong$"):
        validate_address("bitcoin", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb")


def test_one_changed_character_in_bech32_gives_the_checksum_message() -> None:
    with pytest.raises(ChainRefError, match="^Bitcoin address checksum is wrong$"):
        validate_address("bitcoin", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5")


def test_taproot_address_with_bech32_checksum_names_bech32m() -> None:
    with pytest.raises(ChainRefError, match="bech32m"):
        validate_address(
            "bitcoin", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd"
        )


def test_zero_in_a_base58_address_is_pointed_at() -> None:
    with pytest.raises(ChainRefError, match="'0' at position 33"):
        validate_address("bitcoin", "1A1zP1eP5QGefi2DMPTfTL5SLmv7Divf0a")


def test_testnet_address_on_mainnet_names_the_network() -> None:
    with pytest.raises(ChainRefError, match="Bitcoin testnet address, not a Bitcoin address"):
        validate_address("bitcoin", BIP350_VALID_TESTNET[0])


def test_testnet_address_on_mainnet_has_code_wrong_network() -> None:
    assert _code("bitcoin", BIP350_VALID_TESTNET[0]) == ChainRefCode.WRONG_NETWORK


def test_mainnet_address_on_testnet_is_refused() -> None:
    assert _code("bitcoin-testnet", GENESIS) == "wrong_network"


def test_testnet_m_address_is_valid_on_testnet() -> None:
    address = "mrCDrCybB6J1vRfbwM5hemdJz73FwDBC8r"
    assert validate_address("bitcoin-testnet", address).value == address


def test_testnet_2_address_is_valid_on_testnet() -> None:
    address = "2NByiBUaEXrhmqAsg7BbLpcQSAQs1EDwt5w"
    assert validate_address("bitcoin-testnet", address).value == address


def test_testnet_m_address_is_refused_on_mainnet() -> None:
    assert _code("bitcoin", "mrCDrCybB6J1vRfbwM5hemdJz73FwDBC8r") == "wrong_network"


def test_testnet_address_links_to_the_testnet_explorer() -> None:
    ref = validate_address("bitcoin-testnet", "mrCDrCybB6J1vRfbwM5hemdJz73FwDBC8r")
    assert (
        ref.explorer_url
        == "https://mempool.space/testnet/address/mrCDrCybB6J1vRfbwM5hemdJz73FwDBC8r"
    )


def test_tron_address_on_bitcoin_names_tron() -> None:
    with pytest.raises(ChainRefError, match="TRON address, not a Bitcoin address"):
        validate_address("bitcoin", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t")


def test_ethereum_address_on_bitcoin_says_it_looks_like_ethereum() -> None:
    with pytest.raises(ChainRefError, match="Ethereum-style"):
        validate_address("bitcoin", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")


def test_litecoin_bech32_address_on_bitcoin_names_litecoin() -> None:
    assert _code("bitcoin", "ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9") == "wrong_network"


def test_truncated_address_is_refused() -> None:
    assert _code("bitcoin", GENESIS[:20]) == "wrong_length"
