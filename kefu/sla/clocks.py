"""Which deadline runs next on a ticket, and when its assignee is warned (75% of the time)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from kefu.sla.deadlines import warning_at
from kefu.sla.policies import platform_calendar

if TYPE_CHECKING:
    from kefu.tickets.models import Ticket

RUNNING = ("new", "open")
WARNING_FRACTION = 0.75


def running_due(ticket: Ticket, status: str) -> datetime | None:
    """The earliest deadline still running; None while paused or finished."""
    if status not in RUNNING:
        return None
    candidates = [ticket.resolution_due]
    if ticket.first_responded_at is None:
        candidates.append(ticket.first_response_due)
    present = [due for due in candidates if due is not None]
    return min(present) if present else None


def next_warning(ticket: Ticket, status: str, now: datetime) -> datetime | None:
    due = running_due(ticket, status)
    if due is None or due <= now:
        return None
    calendar = platform_calendar(ticket.platform.time_zone, ticket.platform.settings)
    start = min(ticket.created_at, due)
    return max(warning_at(calendar=calendar, start=start, due=due, fraction=WARNING_FRACTION), now)
