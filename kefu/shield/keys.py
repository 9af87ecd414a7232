"""Raw private keys: 64-hex keys, WIF, extended private keys, Solana secret keys.

A 64-hex string is a private key OR a transaction hash OR a file checksum: syntax
cannot tell, context can (research §9.3, hard cases 26-28):

* inside a URL (explorer links: etherscan.io/tx/…, tronscan.org/#/transaction/…,
  mempool.space/tx/…, any URL path) → kept, unless it is the value of a query
  parameter named key/privkey/private_key/secret/pk/sk/seed;
* the nearest context word before it (48 characters, skipping over other hex
  strings, so a list of hashes under one "txid:" label stays kept) decides: key
  words (private key, privkey, secret, export, 私钥, 密钥, 导出 …) → hidden;
  transaction or checksum words (tx, txid, hash, transaction, block, sha256,
  checksum, 交易哈希, 哈希, 交易ID, 区块, 校验 …) → kept; failing that the same
  words in the 32 characters after it;
* no context at all → hidden as a private key with confidence 0.6 and reported as
  ambiguous, so the UI can ask "a transaction hash or a private key?".

Base58 strings are self-describing: WIF (version 0x80/0xEF, 32-byte key, optional
0x01 compression flag, 4-byte double-SHA-256 checksum) and extended private keys
(78 bytes, key data starting 0x00 — xprv, tprv, yprv, zprv, Ltpv … any version)
are secrets; addresses and xpubs (other versions, public key data) are evidence
and kept. A 64-byte base58 string is a Solana secret key only when its second half
is the Ed25519 public key of its first half; otherwise it is a transaction
signature (Solana's "txid") and kept. A shape-perfect WIF or xprv with a bad
checksum (a typo) is still hidden, with lower confidence.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection
from dataclasses import dataclass

import base58

from .findings import Finding, Kind
from .text import ascii_view

# Every maximal alphanumeric run of 50-114 characters (``_long_runs``) is classified
# by shape.
_HEX64_RE = re.compile(r"(?:0[xX])?[0-9a-fA-F]{64}")
_B58 = "1-9A-HJ-NP-Za-km-z"
_BASE58_RE = re.compile(rf"[{_B58}]{{50,112}}")
_SOLANA_ARRAY_RE = re.compile(r"\[\s*(?:\d{1,3}\s*,\s*){63}\d{1,3}\s*\]")

_URL_RE = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>\"'\]\)\ufffc]+"
    r"|(?<![\w@.-])(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?(?:/|#/)[^\s<>\"'\]\)\ufffc]*",
    re.IGNORECASE,
)
# The token holding the hex (back to the last space or quote), if it reaches a "/":
# matched on the reversed 300 characters before the hex (one linear pass; searching
# forward for "[^…]*/[^…]*\Z" retried from every position of a long token).
_TOKEN_TAIL_RE = re.compile(r"[^\s<>\"'\]\)\ufffc，。]*")
_SECRET_PARAM_RE = re.compile(
    r"[?&#;](?:key|privkey|priv_key|private_?key|privatekey|secret|secret_?key|pk|sk|seed)=$",
    re.IGNORECASE,
)
_NOT_LETTER_BEFORE = r"(?<![A-Za-z])"
_NOT_LETTER_AFTER = r"(?![A-Za-z])"
KEY_CONTEXT_RE = re.compile(
    rf"private[\s_-]*key|priv[\s_-]*key|privkey|secret|{_NOT_LETTER_BEFORE}(?:pk|sk|key|seed)"
    rf"{_NOT_LETTER_AFTER}|export|私钥|私鑰|密钥|密鑰|秘钥|导出|導出",
    re.IGNORECASE,
)
TX_CONTEXT_RE = re.compile(
    rf"{_NOT_LETTER_BEFORE}(?:tx(?:id|n|hash)?s?|trx|hash(?:es)?|blocks?|commits?|digests?)"
    rf"{_NOT_LETTER_AFTER}|transaction|sha-?256|sha3|keccak|checksum|sha256sum"
    r"|交易|哈希|區塊|区块|校验|校驗|摘要|流水号",
    re.IGNORECASE,
)
_LOOKBACK = 48
_LOOKAHEAD = 32
_COLLAPSE_RE = re.compile(r"(?:0[xX])?[0-9a-fA-F]{64}|\ufffc+")


@dataclass(frozen=True, slots=True)
class KeyScan:
    findings: tuple[Finding, ...]
    ambiguous: tuple[Finding, ...]  # bare 64-hex hidden for safety


def find(text: str, allow: Collection[str] = (), view: bytes | None = None) -> KeyScan:
    """Keys in normalised ``text``; ``view`` is its ``ascii_view`` when the caller has it."""
    findings: list[Finding] = []
    ambiguous: list[Finding] = []
    allowed = {_canonical_hex(a) for a in allow}
    for start, end in _long_runs(text, view) if len(text) >= 50 else ():
        candidate = text[start:end]
        if _HEX64_RE.fullmatch(candidate):
            if _canonical_hex(candidate) in allowed:
                continue
            verdict = _judge_hex(text, start, end)
            if verdict is None:
                continue
            finding = Finding(Kind.PRIVATE_KEY, start, end, verdict)
            findings.append(finding)
            if verdict < 0.7:
                ambiguous.append(finding)
        elif _BASE58_RE.fullmatch(candidate):
            found = _judge_base58(candidate, start, end)
            if found is not None:
                findings.append(found)
    if "[" in text:
        for match in _SOLANA_ARRAY_RE.finditer(text):
            numbers = [int(n) for n in re.findall(r"\d+", match.group())]
            if max(numbers) < 256 and _is_ed25519_keypair(bytes(numbers)):
                findings.append(Finding(Kind.PRIVATE_KEY, match.start(), match.end(), 0.99))
    return KeyScan(tuple(findings), tuple(ambiguous))


_ALNUM_TABLE = bytes(
    ord("a") if chr(b).isascii() and chr(b).isalnum() else ord(" ") for b in range(256)
)
_RUN_MIN = b"a" * 50


def _long_runs(text: str, view: bytes | None) -> list[tuple[int, int]]:
    """Maximal ASCII alphanumeric runs of 50-114 characters (what
    ``(?<![0-9A-Za-z])[0-9A-Za-z]{50,114}(?![0-9A-Za-z])`` finds), found with
    ``bytes.find`` on the view: most texts hold none, and that regex tried a match at
    every letter."""
    if view is None:
        view = ascii_view(text)
    marks = view.translate(_ALNUM_TABLE)
    runs: list[tuple[int, int]] = []
    start = marks.find(_RUN_MIN)
    while start >= 0:
        end = marks.find(b" ", start)
        if end < 0:
            end = len(marks)
        if end - start <= 114:
            runs.append((start, end))
        start = marks.find(_RUN_MIN, end)
    return runs


def _canonical_hex(value: str) -> str:
    value = value.strip().lower()
    return value[2:] if value.startswith("0x") else value


def _judge_hex(text: str, start: int, end: int) -> float | None:
    """Confidence that the 64-hex at ``start`` is a private key; None to keep it."""
    token = _token_before(text, start)
    if token is not None and _URL_RE.match(text, token):
        before = text[max(token, start - 20) : start]
        return 0.9 if _SECRET_PARAM_RE.search(before) else None
    before = _collapse(text[max(0, start - 8 * _LOOKBACK) : start])[-_LOOKBACK:]
    key = _last(KEY_CONTEXT_RE, before)
    tx = _last(TX_CONTEXT_RE, before)
    if key is not None and (tx is None or key > tx):
        return 0.95
    if tx is not None:
        return None
    after = _collapse(text[end : end + 4 * _LOOKAHEAD])[:_LOOKAHEAD]
    key_after = KEY_CONTEXT_RE.search(after)
    tx_after = TX_CONTEXT_RE.search(after)
    if key_after and (tx_after is None or key_after.start() < tx_after.start()):
        return 0.95
    if tx_after:
        return None
    return 0.6


_HEX_TABLE = bytes(ord("h") if chr(b) in "0123456789abcdefABCDEF" else ord(" ") for b in range(256))
_HEX64 = b"h" * 64


def _collapse(window: str) -> str:
    """``window`` with each 64-hex string and each run of masked placeholders replaced
    by "#" (context words are looked for past them). The regex tries every position
    (the optional "0x" gives it no first character), so it runs only when a bytes test
    finds one."""
    if "\ufffc" in window or _HEX64 in window.encode("utf-8", "surrogatepass").translate(
        _HEX_TABLE
    ):
        return _COLLAPSE_RE.sub("#", window)
    return window


def _token_before(text: str, start: int) -> int | None:
    """Where the token ending at ``start`` begins (within 300 characters), if it
    holds a "/"."""
    tail = _TOKEN_TAIL_RE.match(text[max(0, start - 300) : start][::-1])
    token = start - (tail.end() if tail else 0)
    return token if "/" in text[token:start] else None


def _last(pattern: re.Pattern[str], text: str) -> int | None:
    last = None
    for match in pattern.finditer(text):
        last = match.end()
    return last


def _double_sha(data: bytes) -> bytes:
    return hashlib.sha256(hashlib.sha256(data).digest()).digest()


_EXTENDED_PRIVATE_PREFIXES = (
    "xprv",
    "tprv",
    "yprv",
    "zprv",
    "uprv",
    "vprv",
    "Yprv",
    "Zprv",
    "Uprv",
    "Vprv",
    "Ltpv",
    "Mtpv",
    "ttpv",
    "dgpv",
    "drkp",
)


def _judge_base58(candidate: str, start: int, end: int) -> Finding | None:
    length = len(candidate)
    if length in (50, 51, 52):
        return _judge_wif(candidate, start, end)
    if 86 <= length <= 89:
        raw = base58.b58decode(candidate)
        if len(raw) == 64 and _is_ed25519_keypair(raw):
            return Finding(Kind.PRIVATE_KEY, start, end, 0.99)
        return None
    if 110 <= length <= 112:
        raw = base58.b58decode(candidate)
        if len(raw) == 82 and _double_sha(raw[:-4])[:4] == raw[-4:]:
            # Byte 45 is 0x00 before a private key, 0x02/0x03 before a public key.
            return Finding(Kind.EXTENDED_PRIVATE_KEY, start, end, 0.99) if raw[45] == 0 else None
        if candidate.startswith(_EXTENDED_PRIVATE_PREFIXES) and length == 111:
            return Finding(Kind.EXTENDED_PRIVATE_KEY, start, end, 0.8)
    return None


def _judge_wif(candidate: str, start: int, end: int) -> Finding | None:
    raw = base58.b58decode(candidate)
    payload = raw[:-4]
    shaped = raw[0] in (0x80, 0xEF) and (
        len(payload) == 33 or (len(payload) == 34 and payload[-1] == 0x01)
    )
    if not shaped:
        return None
    if _double_sha(payload)[:4] == raw[-4:]:
        return Finding(Kind.WIF, start, end, 0.99)
    # One mistyped character: still the key, recoverable by trying 58 × 52 variants.
    return Finding(Kind.WIF, start, end, 0.7)


def _is_ed25519_keypair(raw: bytes) -> bool:
    """True when raw = 32-byte seed + its Ed25519 public key (Solana keypair)."""
    if len(raw) != 64:
        return False
    from Crypto.PublicKey import ECC

    try:
        key = ECC.construct(curve="Ed25519", seed=raw[:32])
    except ValueError:
        return False
    public: bytes = key.public_key().export_key(format="raw")
    return public == raw[32:]
