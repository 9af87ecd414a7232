"""What a user wants to know before writing: when support is staffed, how long answers take."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.cache import caches

from kefu.common import clock
from kefu.platforms.models import Platform
from kefu.sla.policies import platform_calendar

RECENT = timedelta(days=30)
SAMPLE = 200


@dataclass(frozen=True)
class SupportHours:
    open_now: bool
    today: tuple[datetime, datetime] | None  # local times, None when closed all day
    next_open: datetime  # local time


@dataclass(frozen=True)
class ResponseEstimate:
    median_minutes: int | None  # None when there is too little history
    sample: int


def support_hours(*, platform: Platform, now: datetime | None = None) -> SupportHours:
    now = now or clock.now()
    zone = ZoneInfo(platform.time_zone)
    calendar = platform_calendar(platform.time_zone, platform.settings)
    local_today = now.astimezone(zone).date()
    hours = calendar.hours_on(local_today)
    today = (hours[0].astimezone(zone), hours[1].astimezone(zone)) if hours else None
    return SupportHours(
        open_now=calendar.is_open(now),
        today=today,
        next_open=calendar.next_open(now).astimezone(zone),
    )


def expected_first_response(*, platform: Platform, now: datetime | None = None) -> ResponseEstimate:
    """Median wall-clock time to a first answer over the last 30 days (cached 5 minutes)."""
    key = f"kefu:first-response-estimate:{platform.pk}"
    cached = caches["local"].get(key)
    if cached is not None:
        return ResponseEstimate(*cached)
    from kefu.tickets.models import Ticket

    now = now or clock.now()
    rows = (
        Ticket.objects.filter(
            platform=platform, created_at__gte=now - RECENT, first_responded_at__isnull=False
        )
        .order_by("-created_at")
        .values_list("created_at", "first_responded_at")[:SAMPLE]
    )
    minutes = [
        max(0, int((answered - created).total_seconds() // 60)) for created, answered in rows
    ]
    estimate = ResponseEstimate(
        median_minutes=int(statistics.median(minutes)) if len(minutes) >= 5 else None,
        sample=len(minutes),
    )
    caches["local"].set(key, (estimate.median_minutes, estimate.sample), timeout=300)
    return estimate
