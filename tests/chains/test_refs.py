"""validate_ref, chain names, errors and the ChainRef value."""

from __future__ import annotations

import dataclasses

import pytest

from kefu.chains import (
    SUPPORTED_CHAINS,
    ChainRef,
    ChainRefCode,
    ChainRefError,
    normalise_chain,
    validate_address,
    validate_ref,
    validate_txid,
)

USDT_TRC20 = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
TX_HASH = "0x88df016429689c079f3b2f6ad39fa052532c56795b733da78a91ebe6a713944b"


def _error(**obj: str) -> ChainRefError:
    with pytest.raises(ChainRefError) as caught:
        validate_ref(obj)
    return caught.value


def test_supported_chains_are_listed_in_order() -> None:
    assert SUPPORTED_CHAINS == (
        "bitcoin",
        "bitcoin-testnet",
        "ethereum",
        "bsc",
        "polygon",
        "arbitrum",
        "optimism",
        "base",
        "avalanche",
        "tron",
        "litecoin",
        "dogecoin",
        "solana",
    )


def test_ref_with_txid_is_validated_as_a_transaction() -> None:
    ref = validate_ref({"chain": "ethereum", "txid": TX_HASH})
    assert ref == ChainRef("ethereum", "txid", TX_HASH, f"https://etherscan.io/tx/{TX_HASH}")


def test_ref_with_address_is_validated_as_an_address() -> None:
    ref = validate_ref({"chain": "tron", "address": USDT_TRC20})
    assert ref == ChainRef(
        "tron", "address", USDT_TRC20, f"https://tronscan.org/#/address/{USDT_TRC20}"
    )


def test_ref_without_chain_is_refused_on_the_chain_field() -> None:
    error = _error(txid=TX_HASH)
    assert (error.message_code, error.field) == (ChainRefCode.MISSING_FIELD, "chain")


def test_ref_with_both_address_and_txid_is_refused() -> None:
    error = _error(chain="tron", txid=TX_HASH, address=USDT_TRC20)
    assert error.message_code == ChainRefCode.CONFLICTING_FIELDS


def test_ref_with_neither_address_nor_txid_is_refused() -> None:
    assert _error(chain="tron").message_code == ChainRefCode.MISSING_FIELD


def test_ref_with_an_unknown_field_names_it() -> None:
    error = _error(chain="tron", tx=TX_HASH)
    assert (error.message_code, error.field) == (ChainRefCode.UNEXPECTED_FIELD, "tx")


def test_ref_error_names_the_field_at_fault() -> None:
    assert _error(chain="ethereum", txid="0x12").field == "txid"


def test_unknown_chain_is_refused() -> None:
    with pytest.raises(ChainRefError, match="^unknown chain 'dogechain'"):
        validate_address("dogechain", USDT_TRC20)


def test_unknown_chain_has_code_unknown_chain() -> None:
    assert _error(chain="ripple", address="r").message_code == "unknown_chain"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("BTC", "bitcoin"),
        ("ETH", "ethereum"),
        ("ERC20", "ethereum"),
        ("TRC20", "tron"),
        ("BEP20", "bsc"),
        (" Polygon ", "polygon"),
        ("bitcoin_testnet", "bitcoin-testnet"),
        ("SOL", "solana"),
    ],
)
def test_chain_aliases_are_normalised(name: str, key: str) -> None:
    assert normalise_chain(name) == key


def test_surrounding_whitespace_is_ignored() -> None:
    assert validate_address("tron", f"  {USDT_TRC20}\n").value == USDT_TRC20


def test_inner_space_is_pointed_at() -> None:
    with pytest.raises(ChainRefError, match="space at position 5"):
        validate_address("tron", USDT_TRC20[:4] + " " + USDT_TRC20[4:])


def test_full_width_character_is_explained() -> None:
    with pytest.raises(ChainRefError, match="not a plain ASCII character"):
        validate_address("tron", "Ｔ" + USDT_TRC20[1:])


def test_zero_width_space_is_refused() -> None:
    with pytest.raises(ChainRefError, match="position 35"):
        validate_address("tron", USDT_TRC20 + "\u200b")


def test_empty_address_is_refused() -> None:
    with pytest.raises(ChainRefError, match="^TRON address is empty$"):
        validate_address("tron", "   ")


def test_empty_txid_has_code_empty() -> None:
    with pytest.raises(ChainRefError) as caught:
        validate_txid("bitcoin", "")
    assert caught.value.message_code == ChainRefCode.EMPTY


def test_very_long_input_is_refused_before_decoding() -> None:
    with pytest.raises(ChainRefError) as caught:
        validate_address("solana", "2" * 5000)
    assert caught.value.message_code == ChainRefCode.WRONG_LENGTH


def test_chain_ref_to_dict() -> None:
    ref = validate_address("tron", USDT_TRC20)
    assert ref.to_dict() == {
        "chain": "tron",
        "kind": "address",
        "value": USDT_TRC20,
        "explorer_url": f"https://tronscan.org/#/address/{USDT_TRC20}",
    }


def test_chain_ref_is_frozen() -> None:
    ref = validate_address("tron", USDT_TRC20)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ref.value = "x"  # type: ignore[misc]


def test_error_carries_code_and_message() -> None:
    error = ChainRefError(ChainRefCode.BAD_CHECKSUM, "Bitcoin address checksum is wrong")
    assert (error.message_code, error.message, str(error)) == (
        "bad_checksum",
        "Bitcoin address checksum is wrong",
        "Bitcoin address checksum is wrong",
    )
