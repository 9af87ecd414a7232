"""EVM chains: 0x + 40 hex, EIP-55 checksum when mixed case; 0x-prefixed hashes."""

from __future__ import annotations

import pytest

from kefu.chains import ChainRefError, validate_address, validate_txid

EVM_CHAINS = ["ethereum", "bsc", "polygon", "arbitrum", "optimism", "base", "avalanche"]

# The examples of EIP-55.
EIP55_ALL_CAPS = [
    "0x52908400098527886E0F7030069857D2E4169EE7",
    "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
]
EIP55_ALL_LOWER = [
    "0xde709f2102306220921060314715629080e2fb77",
    "0x27b1fdb04752bbbc7eaa62fd77eee3fba3e0e3f0",
]
EIP55_NORMAL = [
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
    "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
]
TX_HASH = "0x88df016429689c079f3b2f6ad39fa052532c56795b733da78a91ebe6a713944b"


@pytest.mark.parametrize("address", EIP55_NORMAL)
def test_eip55_example_is_valid(address: str) -> None:
    assert validate_address("ethereum", address).value == address


@pytest.mark.parametrize("address", EIP55_ALL_CAPS)
def test_all_caps_address_is_accepted_without_checksum(address: str) -> None:
    assert validate_address("ethereum", address).value == address


@pytest.mark.parametrize("address", EIP55_ALL_LOWER)
def test_all_lower_case_address_is_accepted_without_checksum(address: str) -> None:
    assert validate_address("ethereum", address).value.lower() == address


def test_lower_case_address_is_normalised_to_its_eip55_form() -> None:
    address = EIP55_NORMAL[0].lower()
    assert validate_address("ethereum", address).value == EIP55_NORMAL[0]


@pytest.mark.parametrize("chain", EVM_CHAINS)
def test_every_evm_chain_checks_eip55(chain: str) -> None:
    with pytest.raises(
        ChainRefError, match="^EIP-55 checksum does not match: check capital letters$"
    ):
        validate_address(chain, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")


def test_wrong_capital_letter_has_code_bad_eip55_checksum() -> None:
    with pytest.raises(ChainRefError) as caught:
        validate_address("ethereum", "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
    assert caught.value.message_code == "bad_eip55_checksum"


def test_missing_0x_is_explained() -> None:
    with pytest.raises(ChainRefError, match="start with 0x: add it"):
        validate_address("ethereum", EIP55_NORMAL[0][2:])


def test_upper_case_0x_prefix_is_accepted() -> None:
    assert validate_address("ethereum", "0X" + EIP55_NORMAL[0][2:]).value == EIP55_NORMAL[0]


def test_short_address_reports_its_length() -> None:
    with pytest.raises(ChainRefError, match="40 hexadecimal characters after 0x; this one has 39"):
        validate_address("ethereum", EIP55_NORMAL[0][:-1])


def test_non_hex_character_is_pointed_at() -> None:
    with pytest.raises(ChainRefError, match="'g' at position 6"):
        validate_address("ethereum", "0x5aAgb6053F3E94C9b9A09f33669435E7Ef1BeAed")


def test_transaction_hash_given_as_address_is_explained() -> None:
    with pytest.raises(ChainRefError, match="transaction hash"):
        validate_address("ethereum", TX_HASH)


def test_tron_address_given_on_ethereum_names_tron() -> None:
    with pytest.raises(ChainRefError, match="TRON address"):
        validate_address("ethereum", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t")


@pytest.mark.parametrize(
    ("chain", "url"),
    [
        ("ethereum", "https://etherscan.io/address/"),
        ("bsc", "https://bscscan.com/address/"),
        ("polygon", "https://polygonscan.com/address/"),
        ("arbitrum", "https://arbiscan.io/address/"),
        ("optimism", "https://optimistic.etherscan.io/address/"),
        ("base", "https://basescan.org/address/"),
        ("avalanche", "https://snowtrace.io/address/"),
    ],
)
def test_address_links_to_the_chain_explorer(chain: str, url: str) -> None:
    assert validate_address(chain, EIP55_NORMAL[0]).explorer_url == url + EIP55_NORMAL[0]


def test_tx_hash_is_normalised_to_lower_case_with_0x() -> None:
    assert validate_txid("ethereum", TX_HASH.upper().replace("0X", "0x")).value == TX_HASH


def test_tx_hash_without_0x_gets_it() -> None:
    assert validate_txid("bsc", TX_HASH[2:]).value == TX_HASH


def test_tx_hash_links_to_etherscan() -> None:
    assert validate_txid("ethereum", TX_HASH).explorer_url == f"https://etherscan.io/tx/{TX_HASH}"


def test_address_given_as_tx_hash_is_explained() -> None:
    with pytest.raises(ChainRefError, match="looks like an address"):
        validate_txid("ethereum", EIP55_NORMAL[0])


def test_short_tx_hash_reports_its_length() -> None:
    with pytest.raises(ChainRefError, match="64 hexadecimal characters; this one has 63"):
        validate_txid("ethereum", TX_HASH[:-1])
