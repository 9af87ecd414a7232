"""Business calendar: exact behaviour at the boundaries of opening hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from kefu.sla.calendar import BusinessCalendar
from tests.sla_calendar.helpers import cst


def test_result_is_aware_utc(china: BusinessCalendar) -> None:
    assert china.add_business_minutes(cst(2026, 3, 2, 10), 30).tzinfo is UTC


def test_naive_instant_is_refused(china: BusinessCalendar) -> None:
    with pytest.raises(ValueError, match="naive"):
        china.add_business_minutes(datetime(2026, 3, 2, 10), 30)  # noqa: DTZ001


def test_naive_instant_is_refused_by_between(china: BusinessCalendar) -> None:
    with pytest.raises(ValueError, match="naive"):
        china.business_minutes_between(datetime(2026, 3, 2, 10), cst(2026, 3, 3))  # noqa: DTZ001


def test_negative_minutes_are_refused(china: BusinessCalendar) -> None:
    with pytest.raises(ValueError, match="negative"):
        china.add_business_minutes(cst(2026, 3, 2, 10), -1)


def test_zero_minutes_returns_the_same_instant_even_when_closed(
    china: BusinessCalendar,
) -> None:
    assert china.add_business_minutes(cst(2026, 3, 7, 23), 0) == cst(2026, 3, 7, 23)


def test_minutes_inside_one_day_stay_on_that_day(china: BusinessCalendar) -> None:
    assert china.add_business_minutes(cst(2026, 3, 2, 10), 90) == cst(2026, 3, 2, 11, 30)


def test_deadline_that_uses_the_last_minute_of_the_day_is_due_at_closing(
    china: BusinessCalendar,
) -> None:
    assert china.add_business_minutes(cst(2026, 3, 2, 9), 540) == cst(2026, 3, 2, 18)


def test_one_more_minute_rolls_over_to_the_next_opening(china: BusinessCalendar) -> None:
    assert china.add_business_minutes(cst(2026, 3, 2, 9), 541) == cst(2026, 3, 3, 9, 1)


def test_ticket_opened_before_opening_counts_from_opening(china: BusinessCalendar) -> None:
    assert china.add_business_minutes(cst(2026, 3, 2, 7), 60) == cst(2026, 3, 2, 10)


def test_ticket_opened_at_closing_counts_from_next_opening(china: BusinessCalendar) -> None:
    assert china.add_business_minutes(cst(2026, 3, 2, 18), 60) == cst(2026, 3, 3, 10)


def test_friday_evening_ticket_is_due_on_monday(china: BusinessCalendar) -> None:
    assert china.add_business_minutes(cst(2026, 3, 6, 20), 540) == cst(2026, 3, 9, 18)


def test_between_is_zero_when_the_end_is_before_the_start(china: BusinessCalendar) -> None:
    assert china.business_minutes_between(cst(2026, 3, 3, 12), cst(2026, 3, 2, 12)) == 0


def test_between_rounds_partial_minutes_down(china: BusinessCalendar) -> None:
    end = cst(2026, 3, 2, 10) + timedelta(seconds=119)
    assert china.business_minutes_between(cst(2026, 3, 2, 10), end) == 1


def test_between_counts_one_working_week(china: BusinessCalendar) -> None:
    assert china.business_minutes_between(cst(2026, 3, 2), cst(2026, 3, 9)) == 5 * 540


def test_between_spans_several_years(china: BusinessCalendar) -> None:
    # chinese_calendar.get_workdays(2026-01-01, 2026-12-31) lists 248 days.
    assert china.business_minutes_between(cst(2026, 1, 1), cst(2027, 1, 1)) == 248 * 540


def test_business_time_between_keeps_microseconds(china: BusinessCalendar) -> None:
    start = cst(2026, 3, 2, 10)
    assert china.business_time_between(start, start + timedelta(microseconds=7)) == timedelta(
        microseconds=7
    )


def test_is_open_at_opening_time(china: BusinessCalendar) -> None:
    assert china.is_open(cst(2026, 3, 2, 9)) is True


def test_is_closed_at_closing_time(china: BusinessCalendar) -> None:
    assert china.is_open(cst(2026, 3, 2, 18)) is False


def test_next_open_of_an_open_instant_is_itself(china: BusinessCalendar) -> None:
    assert china.next_open(cst(2026, 3, 2, 11, 5)) == cst(2026, 3, 2, 11, 5)


def test_next_open_on_saturday_is_monday_morning(china: BusinessCalendar) -> None:
    assert china.next_open(cst(2026, 3, 7, 11)) == cst(2026, 3, 9, 9)


def test_hours_on_a_working_day_are_given_in_utc(china: BusinessCalendar) -> None:
    assert china.hours_on(date(2026, 3, 2)) == (
        datetime(2026, 3, 2, 1, tzinfo=UTC),
        datetime(2026, 3, 2, 10, tzinfo=UTC),
    )


def test_closing_time_must_follow_opening_time() -> None:
    with pytest.raises(ValueError, match="after opening"):
        BusinessCalendar.weekly("Asia/Shanghai", "18:00", "09:00")


def test_malformed_opening_time_is_refused() -> None:
    with pytest.raises(ValueError, match="09:00"):
        BusinessCalendar.weekly("Asia/Shanghai", "9am", "18:00")


def test_weekly_calendar_without_working_days_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one"):
        BusinessCalendar.weekly("Asia/Shanghai", "09:00", "18:00", weekdays=set())


def test_weekly_calendar_refuses_unknown_weekday_numbers() -> None:
    with pytest.raises(ValueError, match="0 \\(Monday\\)"):
        BusinessCalendar.weekly("Asia/Shanghai", "09:00", "18:00", weekdays={7})


def test_calendar_closed_for_over_ten_years_refuses_to_search_forever() -> None:
    calendar = BusinessCalendar.weekly(
        "UTC", "09:00", "18:00", weekdays=set(), extra_workdays={date(2000, 1, 3)}
    )
    with pytest.raises(ValueError, match="ten years"):
        calendar.add_business_minutes(datetime(2026, 1, 1, tzinfo=UTC), 1)


def test_weekly_holiday_is_closed() -> None:
    calendar = BusinessCalendar.weekly(
        "America/New_York", "09:00", "17:00", holidays={date(2026, 7, 3)}
    )
    assert calendar.hours_on(date(2026, 7, 3)) is None


def test_weekly_extra_workday_is_open() -> None:
    calendar = BusinessCalendar.weekly(
        "America/New_York", "09:00", "17:00", extra_workdays={date(2026, 7, 4)}
    )
    assert calendar.hours_on(date(2026, 7, 4)) == (
        datetime(2026, 7, 4, 13, tzinfo=UTC),
        datetime(2026, 7, 4, 21, tzinfo=UTC),
    )


def test_end_of_day_may_be_midnight() -> None:
    calendar = BusinessCalendar.weekly("Asia/Shanghai", "20:00", "24:00")
    assert calendar.add_business_minutes(cst(2026, 3, 2, 23), 120) == cst(2026, 3, 3, 21)
