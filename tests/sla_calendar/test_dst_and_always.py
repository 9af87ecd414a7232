"""Weekly calendars across a DST change, and the 24×7 calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from kefu.sla.calendar import BusinessCalendar
from tests.sla_calendar.helpers import berlin

# Europe/Berlin 2026: summer time starts Sun 29 March 02:00 -> 03:00,
# ends Sun 25 October 03:00 -> 02:00.
OFFICE = BusinessCalendar.weekly("Europe/Berlin", "09:00", "17:00")
EVERY_DAY = BusinessCalendar.weekly("Europe/Berlin", "00:00", "24:00", weekdays=range(7))
ALWAYS = BusinessCalendar.always()


def test_friday_afternoon_ticket_is_due_monday_morning_in_summer_time() -> None:
    due = OFFICE.add_business_minutes(berlin(2026, 3, 27, 16), 120)
    assert due == datetime(2026, 3, 30, 8, tzinfo=UTC)


def test_business_minutes_across_the_spring_change_count_wall_hours() -> None:
    assert OFFICE.business_minutes_between(berlin(2026, 3, 27, 9), berlin(2026, 3, 30, 17)) == 960


def test_office_hours_shift_by_one_hour_in_utc_after_the_spring_change() -> None:
    assert OFFICE.hours_on(date(2026, 3, 30)) == (
        datetime(2026, 3, 30, 7, tzinfo=UTC),
        datetime(2026, 3, 30, 15, tzinfo=UTC),
    )


def test_spring_change_day_has_twenty_three_business_hours() -> None:
    minutes = EVERY_DAY.business_minutes_between(berlin(2026, 3, 29), berlin(2026, 3, 30))
    assert minutes == 23 * 60


def test_autumn_change_day_has_twenty_five_business_hours() -> None:
    minutes = EVERY_DAY.business_minutes_between(berlin(2026, 10, 25), berlin(2026, 10, 26))
    assert minutes == 25 * 60


def test_opening_hours_spanning_the_skipped_hour_are_one_hour_shorter() -> None:
    night = BusinessCalendar.weekly("Europe/Berlin", "01:00", "04:00", weekdays=range(7))
    assert night.business_minutes_between(berlin(2026, 3, 29), berlin(2026, 3, 30)) == 120


def test_always_adds_wall_clock_minutes() -> None:
    start = datetime(2026, 2, 14, 23, 30, tzinfo=UTC)
    assert ALWAYS.add_business_minutes(start, 90) == start + timedelta(minutes=90)


def test_always_counts_weekends_and_holidays() -> None:
    start = datetime(2026, 2, 13, tzinfo=UTC)
    assert ALWAYS.business_minutes_between(start, start + timedelta(days=10)) == 14_400


def test_always_is_open_at_midnight() -> None:
    assert ALWAYS.is_open(datetime(2026, 10, 1, tzinfo=UTC)) is True


def test_always_next_open_is_the_instant_itself() -> None:
    instant = datetime(2026, 10, 1, 3, 4, 5, tzinfo=UTC)
    assert ALWAYS.next_open(instant) == instant


def test_always_hours_are_the_whole_utc_day() -> None:
    assert ALWAYS.hours_on(date(2026, 10, 1)) == (
        datetime(2026, 10, 1, tzinfo=UTC),
        datetime(2026, 10, 2, tzinfo=UTC),
    )


def test_always_is_one_shared_instance() -> None:
    assert BusinessCalendar.always() is ALWAYS
