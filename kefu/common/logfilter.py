"""Keep URL secrets out of logs: Django logs the request path of failed requests, and some
paths carry a secret (the Telegram webhook's path secret, a tracking link's ?token=)."""

from __future__ import annotations

import logging
import re

_PATTERNS = (
    (re.compile(r"(/channels/telegram/[^/\s]+/)[^/\s?\"']+"), r"\1[secret]"),
    (re.compile(r"([?&](?:token|access_token|key)=)[^&\s\"']+"), r"\1[secret]"),
)


def mask(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class MaskSecretsInPaths(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
