"""The ticket status machine: the one table of allowed moves, and who may make them.

Pure: no database access. `services.py` is the only caller that changes a status.
"""

from __future__ import annotations

from enum import StrEnum

from kefu.tickets.models import Status


class Side(StrEnum):
    REQUESTER = "requester"
    STAFF = "staff"
    SYSTEM = "system"


S = Status
R, T, Y = Side.REQUESTER, Side.STAFF, Side.SYSTEM

# (from, to) -> the sides allowed to make that move.
ALLOWED: dict[tuple[str, str], frozenset[Side]] = {
    (S.NEW, S.OPEN): frozenset({T, Y}),
    (S.NEW, S.AWAITING_REQUESTER): frozenset({T}),
    (S.NEW, S.RESOLVED): frozenset({T}),
    (S.NEW, S.CLOSED): frozenset({T}),  # spam or merged duplicate
    (S.NEW, S.WITHDRAWN): frozenset({R}),
    (S.OPEN, S.AWAITING_REQUESTER): frozenset({T}),
    (S.OPEN, S.RESOLVED): frozenset({T}),
    (S.OPEN, S.CLOSED): frozenset({T}),
    (S.OPEN, S.WITHDRAWN): frozenset({R}),
    (S.AWAITING_REQUESTER, S.OPEN): frozenset({R, T, Y}),
    (S.AWAITING_REQUESTER, S.RESOLVED): frozenset({T, Y}),  # system: auto-resolve after silence
    (S.AWAITING_REQUESTER, S.CLOSED): frozenset({T}),
    (S.AWAITING_REQUESTER, S.WITHDRAWN): frozenset({R}),
    (S.RESOLVED, S.CLOSED): frozenset({R, T, Y}),  # requester confirms; system auto-closes
    (S.RESOLVED, S.OPEN): frozenset({R, T}),  # dispute or reopen
    (S.CLOSED, S.OPEN): frozenset({R, T}),  # reopen
}


def can_transition(current: str, target: str, side: Side) -> bool:
    return side in ALLOWED.get((current, target), frozenset())


def allowed_targets(current: str, side: Side) -> list[str]:
    return [to for (frm, to), sides in ALLOWED.items() if frm == current and side in sides]
