"""Verify: is this website, e-mail, handle or phone number an official support channel?

Pure Python, no Django. Build a :class:`Registry` once (it compiles an index) and
call :meth:`Registry.check` for each pasted value.
"""

from .model import (
    CHANNEL_KINDS,
    ChannelRecord,
    PlatformRecord,
    ReportedRecord,
    Status,
    Technique,
    Verdict,
)
from .registry import Registry

__all__ = [
    "CHANNEL_KINDS",
    "ChannelRecord",
    "PlatformRecord",
    "Registry",
    "ReportedRecord",
    "Status",
    "Technique",
    "Verdict",
]
