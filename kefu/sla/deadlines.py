"""SLA deadlines: pure functions over a :class:`BusinessCalendar`.

No Django, no clock: callers pass every instant (STYLE rule 4). All results are
aware UTC datetimes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from kefu.sla.calendar import BusinessCalendar

__all__ = ["SlaTargets", "compute_due", "resume_due", "warning_at"]


@dataclass(frozen=True, slots=True)
class SlaTargets:
    """What a platform promises, in minutes of the chosen clock.

    ``business_hours`` true: minutes count only while support is open (the
    platform's :class:`BusinessCalendar`); false: wall-clock minutes (24×7).
    ``next_response_minutes`` ``None`` means no promise for follow-up replies.
    """

    first_response_minutes: int
    next_response_minutes: int | None
    resolution_minutes: int
    business_hours: bool

    def __post_init__(self) -> None:
        for field, value in (
            ("first_response_minutes", self.first_response_minutes),
            ("next_response_minutes", self.next_response_minutes),
            ("resolution_minutes", self.resolution_minutes),
        ):
            if value is not None and value <= 0:
                raise ValueError(f"{field} must be a positive number of minutes")

    def calendar_for(self, business: BusinessCalendar) -> BusinessCalendar:
        """The calendar these targets count in: ``business`` or 24×7."""
        return business if self.business_hours else BusinessCalendar.always()


def compute_due(
    *,
    calendar: BusinessCalendar,
    start: datetime,
    minutes: int,
    paused_minutes: int = 0,
) -> datetime:
    """Due instant of a target of ``minutes`` started at ``start``.

    ``paused_minutes`` (business minutes the clock already spent paused) push
    the deadline back by as much.
    """
    if minutes < 0 or paused_minutes < 0:
        raise ValueError("minutes and paused_minutes must not be negative")
    return calendar.add_business_minutes(start, minutes + paused_minutes)


def resume_due(
    *,
    calendar: BusinessCalendar,
    due: datetime,
    paused_at: datetime,
    resumed_at: datetime,
) -> datetime:
    """The deadline after a pause (ticket waiting on the requester) ends.

    The due instant moves later by exactly the business time that elapsed
    from ``paused_at`` to ``resumed_at`` (to the microsecond, so repeated
    pauses never lose or gain seconds). A pause that began at or after
    ``due`` changes nothing: the target was already breached, and waiting on
    the requester afterwards does not undo that.
    """
    if resumed_at < paused_at:
        raise ValueError("resumed_at is before paused_at")
    if paused_at >= due:
        return calendar.add_business_time(due, timedelta(0))
    paused = calendar.business_time_between(paused_at, resumed_at)
    return calendar.add_business_time(due, paused)


def warning_at(
    *,
    calendar: BusinessCalendar,
    start: datetime,
    due: datetime,
    fraction: float = 0.75,
) -> datetime:
    """The instant at which ``fraction`` of the business time from ``start`` to ``due`` is used.

    Rounded to the microsecond. With ``fraction=1`` this is ``due`` whenever
    ``due`` lies in opening hours or at a closing time (as every due instant
    produced by :func:`compute_due` with a positive target does).
    """
    if not 0 <= fraction <= 1:
        raise ValueError("fraction must be between 0 and 1")
    allowed = calendar.business_time_between(start, due)
    return calendar.add_business_time(start, allowed * fraction)
