"""On-chain references (addresses, transaction ids) validated per chain.

Pure engine: no Django import, no network. See docs/chains.md.
"""

from kefu.chains.refs import ChainRef, ChainRefCode, ChainRefError, RefKind
from kefu.chains.registry import SUPPORTED_CHAINS
from kefu.chains.validate import normalise_chain, validate_address, validate_ref, validate_txid

__all__ = [
    "SUPPORTED_CHAINS",
    "ChainRef",
    "ChainRefCode",
    "ChainRefError",
    "RefKind",
    "normalise_chain",
    "validate_address",
    "validate_ref",
    "validate_txid",
]
