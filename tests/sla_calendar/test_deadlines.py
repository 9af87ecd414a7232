"""Pure SLA deadline helpers on the China calendar (09:00-18:00 Shanghai)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kefu.sla.calendar import BusinessCalendar
from kefu.sla.deadlines import SlaTargets, compute_due, resume_due, warning_at
from tests.sla_calendar.helpers import cst


def test_due_is_start_plus_business_minutes(china: BusinessCalendar) -> None:
    due = compute_due(calendar=china, start=cst(2026, 3, 2, 14), minutes=540)
    assert due == cst(2026, 3, 3, 14)


def test_paused_minutes_push_the_due_back(china: BusinessCalendar) -> None:
    due = compute_due(calendar=china, start=cst(2026, 3, 2, 14), minutes=540, paused_minutes=60)
    assert due == cst(2026, 3, 3, 15)


def test_negative_paused_minutes_are_refused(china: BusinessCalendar) -> None:
    with pytest.raises(ValueError, match="negative"):
        compute_due(calendar=china, start=cst(2026, 3, 2, 14), minutes=60, paused_minutes=-1)


def test_resume_moves_due_by_the_business_time_spent_paused(china: BusinessCalendar) -> None:
    due = resume_due(
        calendar=china,
        due=cst(2026, 3, 2, 12),
        paused_at=cst(2026, 3, 2, 10),
        resumed_at=cst(2026, 3, 3, 10),
    )
    assert due == cst(2026, 3, 3, 12)


def test_pause_over_a_weekend_only_counts_opening_hours(china: BusinessCalendar) -> None:
    # Paused Fri 17:00, resumed Mon 09:30: 60 + 30 business minutes.
    due = resume_due(
        calendar=china,
        due=cst(2026, 3, 9, 10),
        paused_at=cst(2026, 3, 6, 17),
        resumed_at=cst(2026, 3, 9, 9, 30),
    )
    assert due == cst(2026, 3, 9, 11, 30)


def test_pause_entirely_outside_opening_hours_changes_nothing(china: BusinessCalendar) -> None:
    due = resume_due(
        calendar=china,
        due=cst(2026, 3, 9, 10),
        paused_at=cst(2026, 3, 7, 10),
        resumed_at=cst(2026, 3, 8, 10),
    )
    assert due == cst(2026, 3, 9, 10)


def test_pause_that_starts_after_the_breach_keeps_the_breached_due(
    china: BusinessCalendar,
) -> None:
    due = resume_due(
        calendar=china,
        due=cst(2026, 3, 2, 12),
        paused_at=cst(2026, 3, 2, 13),
        resumed_at=cst(2026, 3, 3, 13),
    )
    assert due == cst(2026, 3, 2, 12)


def test_two_thirty_second_pauses_add_exactly_one_minute(china: BusinessCalendar) -> None:
    due = cst(2026, 3, 2, 15)
    first = cst(2026, 3, 2, 10)
    due = resume_due(
        calendar=china, due=due, paused_at=first, resumed_at=first + timedelta(seconds=30)
    )
    second = cst(2026, 3, 2, 11)
    due = resume_due(
        calendar=china, due=due, paused_at=second, resumed_at=second + timedelta(seconds=30)
    )
    assert due == cst(2026, 3, 2, 15, 1)


def test_resuming_before_pausing_is_refused(china: BusinessCalendar) -> None:
    with pytest.raises(ValueError, match="before paused_at"):
        resume_due(
            calendar=china,
            due=cst(2026, 3, 2, 12),
            paused_at=cst(2026, 3, 2, 11),
            resumed_at=cst(2026, 3, 2, 10),
        )


def test_warning_at_three_quarters_of_a_same_day_target(china: BusinessCalendar) -> None:
    at = warning_at(calendar=china, start=cst(2026, 3, 2, 9), due=cst(2026, 3, 2, 18))
    assert at == cst(2026, 3, 2, 15, 45)


def test_warning_at_three_quarters_across_a_night(china: BusinessCalendar) -> None:
    # 540 business minutes from Mon 14:00 end Tue 14:00; 405 of them end Tue 11:45.
    at = warning_at(calendar=china, start=cst(2026, 3, 2, 14), due=cst(2026, 3, 3, 14))
    assert at == cst(2026, 3, 3, 11, 45)


def test_warning_at_full_fraction_is_the_due(china: BusinessCalendar) -> None:
    at = warning_at(
        calendar=china, start=cst(2026, 2, 13, 14), due=cst(2026, 2, 24, 14), fraction=1
    )
    assert at == cst(2026, 2, 24, 14)


def test_warning_fraction_above_one_is_refused(china: BusinessCalendar) -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        warning_at(calendar=china, start=cst(2026, 3, 2, 9), due=cst(2026, 3, 2, 18), fraction=1.5)


def test_targets_in_business_hours_use_the_platform_calendar(china: BusinessCalendar) -> None:
    targets = SlaTargets(60, 240, 2700, business_hours=True)
    assert targets.calendar_for(china) is china


def test_targets_in_wall_clock_time_use_the_24x7_calendar(china: BusinessCalendar) -> None:
    targets = SlaTargets(60, None, 1440, business_hours=False)
    assert targets.calendar_for(china) is BusinessCalendar.always()


def test_targets_refuse_a_zero_first_response(china: BusinessCalendar) -> None:
    with pytest.raises(ValueError, match="first_response_minutes"):
        SlaTargets(0, None, 1440, business_hours=True)
