"""Instants in the zones the calendar tests use."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")


def cst(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An instant given in China Standard Time (UTC+8)."""
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def berlin(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An instant given in Berlin wall time (CET/CEST)."""
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)
