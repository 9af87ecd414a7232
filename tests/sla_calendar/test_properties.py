"""Properties of business-time arithmetic, checked with Hypothesis.

Write B(t) for the business time elapsed up to t. ``add(t, m)`` is the
earliest u >= t with B(u) >= B(t) + m minutes, so for every aware t:

- round trip: between(t, add(t, m)) == m, whether t is inside opening hours
  or not;
- outside opening hours, for m > 0: add(t, m) == add(next_open(t), m) (the
  clock starts when support opens);
- for m == 0: add(t, 0) == t (even when closed).

The instants range over 2003-2028 so that they cross the edges of the
chinese_calendar data (2004-2026) into the Monday-Friday fallback.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from kefu.sla.calendar import BusinessCalendar

CHINA = BusinessCalendar.china()
BERLIN_OFFICE = BusinessCalendar.weekly("Europe/Berlin", "08:30", "17:15")

instants = st.datetimes(
    min_value=datetime(2003, 1, 1),  # noqa: DTZ001 (bounds are naive by Hypothesis' API)
    max_value=datetime(2028, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)
minutes = st.integers(min_value=0, max_value=60 * 540)
positive_minutes = st.integers(min_value=1, max_value=60 * 540)
calendars = st.sampled_from([CHINA, BERLIN_OFFICE, BusinessCalendar.always()])


@given(calendars, instants, minutes, minutes)
def test_more_minutes_never_give_an_earlier_due(
    calendar: BusinessCalendar, start: datetime, a: int, b: int
) -> None:
    low, high = sorted((a, b))
    assert calendar.add_business_minutes(start, low) <= calendar.add_business_minutes(start, high)


@given(calendars, instants, instants, minutes)
def test_a_later_start_never_gives_an_earlier_due(
    calendar: BusinessCalendar, x: datetime, y: datetime, m: int
) -> None:
    early, late = sorted((x, y))
    assert calendar.add_business_minutes(early, m) <= calendar.add_business_minutes(late, m)


@given(calendars, instants, minutes, minutes)
def test_adding_a_then_b_equals_adding_a_plus_b(
    calendar: BusinessCalendar, start: datetime, a: int, b: int
) -> None:
    stepwise = calendar.add_business_minutes(calendar.add_business_minutes(start, a), b)
    assert stepwise == calendar.add_business_minutes(start, a + b)


@given(calendars, instants, minutes)
def test_minutes_between_start_and_due_are_the_minutes_added(
    calendar: BusinessCalendar, start: datetime, m: int
) -> None:
    due = calendar.add_business_minutes(start, m)
    assert calendar.business_minutes_between(start, due) == m


@given(calendars, instants, positive_minutes)
def test_outside_hours_the_clock_starts_at_the_next_opening(
    calendar: BusinessCalendar, start: datetime, m: int
) -> None:
    opening = calendar.next_open(start)
    assert calendar.add_business_minutes(start, m) == calendar.add_business_minutes(opening, m)


@given(calendars, instants, positive_minutes)
def test_a_positive_due_is_open_or_exactly_at_closing(
    calendar: BusinessCalendar, start: datetime, m: int
) -> None:
    due = calendar.add_business_minutes(start, m)
    before = due - timedelta(microseconds=1)
    assert calendar.is_open(before)


@given(calendars, instants, instants, instants)
def test_business_time_is_additive_over_consecutive_intervals(
    calendar: BusinessCalendar, x: datetime, y: datetime, z: datetime
) -> None:
    a, b, c = sorted((x, y, z))
    whole = calendar.business_time_between(a, c)
    assert whole == calendar.business_time_between(a, b) + calendar.business_time_between(b, c)


@given(calendars, instants, instants)
def test_adding_the_business_time_up_to_an_open_instant_reaches_it(
    calendar: BusinessCalendar, x: datetime, y: datetime
) -> None:
    start, end = sorted((x, y))
    end = calendar.next_open(end) + timedelta(seconds=1)
    elapsed = calendar.business_time_between(start, end)
    assert calendar.add_business_time(start, elapsed) == end


@given(calendars, instants, instants)
def test_minutes_between_are_never_negative(
    calendar: BusinessCalendar, x: datetime, y: datetime
) -> None:
    assert calendar.business_minutes_between(x, y) >= 0


@given(instants)
def test_next_open_is_open(start: datetime) -> None:
    assert CHINA.is_open(CHINA.next_open(start))
