"""Which deadlines a ticket gets: policy lookup and due-time computation at intake.

Policies live in `platform.settings["sla"]` (already loaded with the platform, so intake adds
no query). Defaults follow common regulator practice: the US CFPB expects a company response
within 15 days; Chinese platforms commonly promise a first answer within one business day.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kefu.sla.calendar import BusinessCalendar

BUSINESS_DAY = 9 * 60  # 09:00–18:00


@dataclass(frozen=True)
class Policy:
    first_response_minutes: int
    resolution_minutes: int
    business_hours: bool = True


DEFAULT_POLICIES: dict[tuple[str, str], Policy] = {
    ("complaint", "urgent"): Policy(120, 3 * BUSINESS_DAY, business_hours=False),
    ("complaint", "*"): Policy(BUSINESS_DAY, 10 * BUSINESS_DAY),
    ("inquiry", "urgent"): Policy(120, 2 * BUSINESS_DAY, business_hours=False),
    ("inquiry", "*"): Policy(BUSINESS_DAY, 5 * BUSINESS_DAY),
}


def policy_for(settings: dict[str, Any], *, kind: str, priority: str, category: str) -> Policy:
    """Most specific platform rule first (kind+priority+category), then the defaults."""
    best: tuple[int, Policy] | None = None
    for rule in settings.get("sla", {}).get("rules", []):
        if rule.get("kind", kind) != kind:
            continue
        if rule.get("priority", priority) != priority or rule.get("category", category) != category:
            continue
        score = sum(1 for key in ("kind", "priority", "category") if key in rule)
        policy = Policy(
            int(rule["first_response_minutes"]),
            int(rule["resolution_minutes"]),
            bool(rule.get("business_hours", True)),
        )
        if best is None or score > best[0]:
            best = (score, policy)
    if best is not None:
        return best[1]
    return DEFAULT_POLICIES.get((kind, priority)) or DEFAULT_POLICIES[(kind, "*")]


@functools.lru_cache(maxsize=512)
def calendar_for(time_zone: str, start: str, end: str, business_hours: bool) -> BusinessCalendar:
    if not business_hours:
        return BusinessCalendar.always()
    return BusinessCalendar.china(tz=time_zone, start=start, end=end)


def platform_calendar(
    time_zone: str, settings: dict[str, Any], *, business_hours: bool = True
) -> BusinessCalendar:
    hours = settings.get("support_hours", {})
    return calendar_for(
        time_zone, hours.get("start", "09:00"), hours.get("end", "18:00"), business_hours
    )


@dataclass(frozen=True)
class DueTimes:
    first_response_at: datetime
    resolution_at: datetime


def due_times(
    *,
    time_zone: str,
    settings: dict[str, Any],
    kind: str,
    priority: str,
    category: str,
    start: datetime,
) -> DueTimes:
    policy = policy_for(settings, kind=kind, priority=priority, category=category)
    calendar = platform_calendar(time_zone, settings, business_hours=policy.business_hours)
    return DueTimes(
        first_response_at=calendar.add_business_minutes(start, policy.first_response_minutes),
        resolution_at=calendar.add_business_minutes(start, policy.resolution_minutes),
    )
