"""The chains Kefu knows: names, address formats and block explorers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

__all__ = [
    "BASE58_VERSION_OWNERS",
    "BECH32_HRP_OWNERS",
    "CHAINS",
    "CHAIN_ALIASES",
    "SUPPORTED_CHAINS",
    "Chain",
]

Family = Literal["utxo", "evm", "tron", "solana"]


@dataclass(frozen=True, slots=True)
class Chain:
    key: str
    label: str
    family: Family
    explorer: str  # base URL; {kind} path is appended
    address_path: str
    tx_path: str
    # Base58Check version byte -> address type (utxo and tron)
    versions: Mapping[int, str] = field(default_factory=lambda: MappingProxyType({}))
    bech32_hrp: str | None = None
    prefixes: str = ""  # how addresses start, for messages

    def address_url(self, value: str) -> str:
        return f"{self.explorer}{self.address_path}{value}"

    def tx_url(self, value: str) -> str:
        return f"{self.explorer}{self.tx_path}{value}"


def _versions(**by_type: int) -> Mapping[int, str]:
    return MappingProxyType({version: kind for kind, version in by_type.items()})


def _evm(key: str, label: str, explorer: str) -> Chain:
    return Chain(key, label, "evm", explorer, "/address/", "/tx/", prefixes="0x")


_CHAIN_LIST = (
    Chain(
        "bitcoin",
        "Bitcoin",
        "utxo",
        "https://mempool.space",
        "/address/",
        "/tx/",
        versions=_versions(p2pkh=0x00, p2sh=0x05),
        bech32_hrp="bc",
        prefixes="1, 3 or bc1",
    ),
    Chain(
        "bitcoin-testnet",
        "Bitcoin testnet",
        "utxo",
        "https://mempool.space/testnet",
        "/address/",
        "/tx/",
        versions=_versions(p2pkh=0x6F, p2sh=0xC4),
        bech32_hrp="tb",
        prefixes="m, n, 2 or tb1",
    ),
    _evm("ethereum", "Ethereum", "https://etherscan.io"),
    _evm("bsc", "BNB Smart Chain", "https://bscscan.com"),
    _evm("polygon", "Polygon", "https://polygonscan.com"),
    _evm("arbitrum", "Arbitrum One", "https://arbiscan.io"),
    _evm("optimism", "OP Mainnet", "https://optimistic.etherscan.io"),
    _evm("base", "Base", "https://basescan.org"),
    _evm("avalanche", "Avalanche C-Chain", "https://snowtrace.io"),
    Chain(
        "tron",
        "TRON",
        "tron",
        "https://tronscan.org",
        "/#/address/",
        "/#/transaction/",
        versions=_versions(account=0x41),
        prefixes="T",
    ),
    Chain(
        "litecoin",
        "Litecoin",
        "utxo",
        "https://blockchair.com/litecoin",
        "/address/",
        "/transaction/",
        # 0x05 is Litecoin's legacy P2SH prefix (3...), still accepted by Litecoin Core.
        versions=_versions(p2pkh=0x30, p2sh=0x32, p2sh_legacy=0x05),
        bech32_hrp="ltc",
        prefixes="L, M, 3 or ltc1",
    ),
    Chain(
        "dogecoin",
        "Dogecoin",
        "utxo",
        "https://blockchair.com/dogecoin",
        "/address/",
        "/transaction/",
        versions=_versions(p2pkh=0x1E, p2sh=0x16),
        prefixes="D, A or 9",
    ),
    Chain(
        "solana",
        "Solana",
        "solana",
        "https://explorer.solana.com",
        "/address/",
        "/tx/",
    ),
)

CHAINS: Mapping[str, Chain] = MappingProxyType({chain.key: chain for chain in _CHAIN_LIST})
SUPPORTED_CHAINS: tuple[str, ...] = tuple(chain.key for chain in _CHAIN_LIST)

CHAIN_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "btc": "bitcoin",
        "tbtc": "bitcoin-testnet",
        "btc-testnet": "bitcoin-testnet",
        "eth": "ethereum",
        "erc20": "ethereum",
        "bnb": "bsc",
        "bep20": "bsc",
        "bnb-smart-chain": "bsc",
        "matic": "polygon",
        "pol": "polygon",
        "arb": "arbitrum",
        "arbitrum-one": "arbitrum",
        "op": "optimism",
        "op-mainnet": "optimism",
        "avax": "avalanche",
        "avax-c": "avalanche",
        "trx": "tron",
        "trc20": "tron",
        "ltc": "litecoin",
        "doge": "dogecoin",
        "sol": "solana",
        "spl": "solana",
    }
)

# Who uses a Base58Check version byte / bech32 prefix: for "this is an X
# address, not a Y address" messages. 0x05 is shared by Bitcoin and
# Litecoin's legacy P2SH; Bitcoin is named.
BASE58_VERSION_OWNERS: Mapping[int, str] = MappingProxyType(
    {
        0x00: "Bitcoin",
        0x05: "Bitcoin",
        0x6F: "Bitcoin testnet",
        0xC4: "Bitcoin testnet",
        0x41: "TRON",
        0x30: "Litecoin",
        0x32: "Litecoin",
        0x1E: "Dogecoin",
        0x16: "Dogecoin",
    }
)
BECH32_HRP_OWNERS: Mapping[str, str] = MappingProxyType(
    {
        "bc": "Bitcoin",
        "tb": "Bitcoin testnet",
        "bcrt": "Bitcoin regtest",
        "ltc": "Litecoin",
        "tltc": "Litecoin testnet",
    }
)
