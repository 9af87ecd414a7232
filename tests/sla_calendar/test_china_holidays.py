"""China calendar: statutory holidays and make-up working days (调休), 2026.

Data from chinese-calendar 1.11.0 (State Council notice for 2026):
Spring Festival closed Sun 2026-02-15 .. Mon 2026-02-23, make-up working days
Sat 2026-02-14 and Sat 2026-02-28; Mid-autumn closed Fri 2026-09-25 .. Sun
2026-09-27; National Day closed Thu 2026-10-01 .. Wed 2026-10-07, make-up
working days Sun 2026-09-20 and Sat 2026-10-10.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import chinese_calendar

from kefu.sla.calendar import BusinessCalendar, china_data_years
from tests.sla_calendar.helpers import cst


def test_package_data_matches_the_2026_dates_these_tests_rely_on() -> None:
    is_workday = chinese_calendar.is_workday
    assert [is_workday(date(2026, 2, d)) for d in range(13, 25)] == [
        True,  # Fri 13
        True,  # Sat 14, make-up
        *[False] * 9,  # Sun 15 .. Mon 23
        True,  # Tue 24
    ]
    assert is_workday(date(2026, 2, 28)) is True
    assert is_workday(date(2026, 9, 20)) is True
    assert [is_workday(date(2026, 9, d)) for d in (25, 26, 27)] == [False, False, False]
    assert [is_workday(date(2026, 10, d)) for d in range(1, 8)] == [False] * 7
    assert is_workday(date(2026, 10, 10)) is True


def test_data_years_cover_2004_to_2026() -> None:
    assert china_data_years() == range(2004, 2027)


def test_one_business_day_from_the_friday_before_spring_festival_lands_on_the_make_up_saturday(
    china: BusinessCalendar,
) -> None:
    assert china.add_business_minutes(cst(2026, 2, 13, 10), 540) == cst(2026, 2, 14, 10)


def test_one_business_day_from_the_make_up_saturday_skips_the_whole_holiday(
    china: BusinessCalendar,
) -> None:
    assert china.add_business_minutes(cst(2026, 2, 14, 10), 540) == cst(2026, 2, 24, 10)


def test_two_business_days_from_the_friday_before_spring_festival_land_on_the_first_day_after(
    china: BusinessCalendar,
) -> None:
    assert china.add_business_minutes(cst(2026, 2, 13, 10), 1080) == cst(2026, 2, 24, 10)


def test_ticket_opened_during_spring_festival_starts_counting_when_support_reopens(
    china: BusinessCalendar,
) -> None:
    assert china.add_business_minutes(cst(2026, 2, 18, 15), 60) == cst(2026, 2, 24, 10)


def test_fifteen_business_days_across_spring_festival_end_at_closing_time(
    china: BusinessCalendar,
) -> None:
    # Feb 2-6, 9-13, Sat 14, 24-27: fifteen working days.
    assert china.add_business_minutes(cst(2026, 2, 2, 9), 15 * 540) == cst(2026, 2, 27, 18)


def test_business_minutes_across_spring_festival_count_only_working_days(
    china: BusinessCalendar,
) -> None:
    # Fri 13, Sat 14 (make-up), Tue 24.
    assert china.business_minutes_between(cst(2026, 2, 13, 9), cst(2026, 2, 25, 9)) == 3 * 540


def test_make_up_saturday_has_normal_support_hours(china: BusinessCalendar) -> None:
    assert china.hours_on(date(2026, 2, 28)) == (
        datetime(2026, 2, 28, 1, tzinfo=UTC),
        datetime(2026, 2, 28, 10, tzinfo=UTC),
    )


def test_spring_festival_monday_has_no_support_hours(china: BusinessCalendar) -> None:
    assert china.hours_on(date(2026, 2, 16)) is None


def test_ordinary_saturday_has_no_support_hours(china: BusinessCalendar) -> None:
    assert china.hours_on(date(2026, 3, 7)) is None


def test_make_up_sunday_before_national_day_is_a_working_day(china: BusinessCalendar) -> None:
    assert china.add_business_minutes(cst(2026, 9, 18, 17), 120) == cst(2026, 9, 20, 10)


def test_mid_autumn_friday_is_skipped(china: BusinessCalendar) -> None:
    assert china.add_business_minutes(cst(2026, 9, 24, 17), 120) == cst(2026, 9, 28, 10)


def test_national_day_week_is_skipped(china: BusinessCalendar) -> None:
    assert china.add_business_minutes(cst(2026, 9, 30, 17), 120) == cst(2026, 10, 8, 10)


def test_support_is_open_on_the_make_up_saturday_after_national_day(
    china: BusinessCalendar,
) -> None:
    assert china.is_open(cst(2026, 10, 10, 12)) is True


def test_support_is_closed_on_national_day(china: BusinessCalendar) -> None:
    assert china.is_open(cst(2026, 10, 1, 12)) is False


def test_next_open_during_national_day_is_the_morning_of_october_8(
    china: BusinessCalendar,
) -> None:
    assert china.next_open(cst(2026, 10, 3, 12)) == cst(2026, 10, 8, 9)


def test_years_after_the_package_data_fall_back_to_monday_to_friday(
    china: BusinessCalendar,
) -> None:
    # 2027-01-01 is a Friday; without official data it counts as a working day.
    assert china.is_business_day(date(2027, 1, 1)) is True


def test_weekends_after_the_package_data_are_closed(china: BusinessCalendar) -> None:
    assert china.is_business_day(date(2027, 1, 2)) is False


def test_years_before_the_package_data_fall_back_to_monday_to_friday(
    china: BusinessCalendar,
) -> None:
    # 2003-10-01 (a Wednesday) is outside the data, so it is a plain weekday.
    assert china.is_business_day(date(2003, 10, 1)) is True


def test_platform_holiday_closes_an_official_working_day() -> None:
    calendar = BusinessCalendar.china(holidays={date(2026, 3, 6)})
    assert calendar.hours_on(date(2026, 3, 6)) is None


def test_platform_extra_workday_opens_an_official_holiday() -> None:
    calendar = BusinessCalendar.china(extra_workdays={date(2026, 10, 3)})
    assert calendar.is_open(cst(2026, 10, 3, 12)) is True


def test_custom_hours_apply_to_the_china_calendar() -> None:
    calendar = BusinessCalendar.china(start="10:00", end="22:00")
    assert calendar.add_business_minutes(cst(2026, 3, 2, 21), 120) == cst(2026, 3, 3, 11)
