"""HMAC-SHA256 signatures for webhooks, both directions: `X-Kefu-Signature: t=<unix>,v1=<hex>`
over `timestamp + "." + body`. Pure: no Django."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

REPLAY_WINDOW_SECONDS = 300


class SignatureError(ValueError):
    """The signature header is missing, malformed, forged or outside the replay window."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class VerifiedSignature:
    timestamp: int
    signature: str  # the v1 value that matched (remembered to refuse replays)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256)
    return mac.hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},v1={sign(secret, timestamp, body)}"


def parse_header(header: str) -> tuple[int, list[str]]:
    timestamp: int | None = None
    candidates: list[str] = []
    for item in (header or "").split(","):
        key, _, value = item.strip().partition("=")
        if key == "t" and value.isdigit():
            timestamp = int(value)
        elif key == "v1" and value:
            candidates.append(value.strip().lower())
    if timestamp is None or not candidates:
        raise SignatureError("malformed")
    return timestamp, candidates


def verify(
    secret: str, header: str, body: bytes, *, now: int, window: int = REPLAY_WINDOW_SECONDS
) -> VerifiedSignature:
    timestamp, candidates = parse_header(header)
    if abs(now - timestamp) > window:
        raise SignatureError("stale")
    expected = sign(secret, timestamp, body)
    for candidate in candidates:  # several v1 values let a sender rotate its secret
        if hmac.compare_digest(candidate, expected):
            return VerifiedSignature(timestamp=timestamp, signature=expected)
    raise SignatureError("forged")
