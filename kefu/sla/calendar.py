"""Business calendars: when support is open, and business-time arithmetic.

Pure engine: no Django import, no clock. Every function takes the instants it
works on as arguments (STYLE rule 4).

Model
-----
A calendar has a time zone, daily opening hours (``start``-``end`` local wall
time, ``end`` may be ``"24:00"``) and a rule deciding which local dates are
working days. On a working day business time accrues from the opening instant
to the closing instant (both converted to UTC, so a DST change shortens or
lengthens that day as it does in reality); on other days none accrues.

Write ``B(t)`` for the business time elapsed up to instant ``t`` (continuous,
non-decreasing). Then, exactly:

- ``business_minutes_between(a, b) == (B(b) - B(a)) // 1 minute`` (0 when
  ``b <= a``; whole minutes, rounded down);
- ``add_business_minutes(t, m)`` is the earliest instant ``u >= t`` with
  ``B(u) >= B(t) + m minutes``. For ``m > 0`` that instant is inside opening
  hours or exactly at a closing time (a deadline that uses up a day's last
  minute is due at 18:00, not at 09:00 the next working day); for ``m == 0``
  it is ``t`` itself.

Hence ``add(add(t, a), b) == add(t, a + b)`` and
``business_minutes_between(t, add(t, m)) == m`` for every aware ``t``.

Speed: days are grouped into blocks of 256 consecutive local dates; a block
holds each day's opening instant and length in UTC microseconds plus running
totals, so adding business time is one bisection (plus one step per block
crossed) instead of a walk over minutes or days. Blocks are built lazily, once
per calendar instance, on first use; they never change afterwards.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import chinese_calendar

__all__ = ["BusinessCalendar", "WorkdayRule", "china_data_years"]

WorkdayRule = Callable[[date], bool]
"""Decides whether a local date is a working day."""

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_US = timedelta(microseconds=1)
_MINUTE_US = 60_000_000
_BLOCK_BITS = 8
_BLOCK_DAYS = 1 << _BLOCK_BITS
_BLOCK_MASK = _BLOCK_DAYS - 1
# A calendar that stays closed this long is a configuration error; refuse
# instead of searching forever (about 11 years).
_MAX_EMPTY_BLOCKS = 16


@dataclass(frozen=True, slots=True)
class _Block:
    """Opening instants and lengths (UTC µs) of 256 consecutive local dates."""

    opens: tuple[int, ...]
    lengths: tuple[int, ...]
    cumulative: tuple[int, ...]  # business µs before day i; 257 entries

    @property
    def total(self) -> int:
        return self.cumulative[-1]


def china_data_years() -> range:
    """Years for which ``chinese_calendar`` ships official holiday data."""
    return _china_data_years()


@cache
def _china_data_years() -> range:
    known = [*chinese_calendar.holidays, *chinese_calendar.workdays]
    return range(min(known).year, max(known).year + 1)


def _china_rule(day: date) -> bool:
    """China's official working days, with Monday-Friday outside known years."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def _parse_time(value: str, *, allow_midnight_end: bool) -> time | None:
    """Parse ``HH:MM``; ``"24:00"`` (only as an end) returns ``None``."""
    if allow_midnight_end and value == "24:00":
        return None
    try:
        parsed = time.fromisoformat(value)
    except ValueError:
        raise ValueError(f"opening hours must look like 09:00, got {value!r}") from None
    if parsed.tzinfo is not None:
        raise ValueError(f"opening hours are local wall times, got {value!r}")
    return parsed


def _utc_us(instant: datetime) -> int:
    return (instant - _EPOCH) // _ONE_US


def _from_us(us: int) -> datetime:
    return _EPOCH + timedelta(microseconds=us)


def _check_aware(instant: datetime) -> None:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("naive datetime: pass an aware datetime (e.g. tzinfo=UTC)")


class BusinessCalendar:
    """Working days and opening hours in one time zone.

    Build one with :meth:`china`, :meth:`weekly` or :meth:`always`. Instances
    are immutable from the outside; they only cache derived per-day data.
    Every instant returned is an aware ``datetime`` in UTC.
    """

    __slots__ = ("_blocks", "_end", "_is_workday", "_name", "_start", "_tz")

    def __init__(
        self,
        *,
        name: str,
        tz: str,
        start: str,
        end: str,
        is_workday: WorkdayRule,
    ) -> None:
        self._name = name
        self._tz = ZoneInfo(tz)
        start_time = _parse_time(start, allow_midnight_end=False)
        assert start_time is not None
        self._start = start_time
        self._end = _parse_time(end, allow_midnight_end=True)
        if self._end is not None and self._end <= self._start:
            raise ValueError(f"closing time {end} must be after opening time {start}")
        self._is_workday = is_workday
        self._blocks: dict[int, _Block] = {}

    # ----------------------------------------------------------------- factories

    @classmethod
    def china(
        cls,
        tz: str = "Asia/Shanghai",
        start: str = "09:00",
        end: str = "18:00",
        *,
        holidays: Iterable[date] = frozenset(),
        extra_workdays: Iterable[date] = frozenset(),
    ) -> BusinessCalendar:
        """Mainland China: public holidays and make-up working days (调休).

        Working days come from the ``chinese_calendar`` package, which follows
        the State Council's yearly notice: statutory holidays are closed even on
        weekdays, and make-up working days are open even on a Saturday or
        Sunday. For years the package has no data for (see
        :func:`china_data_years`; 2004-2026 for chinese-calendar 1.11.0) the
        calendar falls back to plain Monday-Friday, with no holidays: upgrade
        the package once the State Council publishes the next year's notice.

        ``holidays`` and ``extra_workdays`` are the platform's own exceptions
        (a company outing, an extra open Saturday); they win over the package.
        """
        closed = frozenset(holidays)
        opened = frozenset(extra_workdays)

        def rule(day: date) -> bool:
            if day in opened:
                return True
            if day in closed:
                return False
            return _china_rule(day)

        return cls(name="china", tz=tz, start=start, end=end, is_workday=rule)

    @classmethod
    def weekly(
        cls,
        tz: str,
        start: str,
        end: str,
        weekdays: Iterable[int] = frozenset({0, 1, 2, 3, 4}),
        holidays: Iterable[date] = frozenset(),
        extra_workdays: Iterable[date] = frozenset(),
    ) -> BusinessCalendar:
        """Open on ``weekdays`` (Monday is 0), except ``holidays``, plus ``extra_workdays``."""
        open_weekdays = frozenset(weekdays)
        if not open_weekdays <= set(range(7)):
            raise ValueError("weekdays are numbers 0 (Monday) to 6 (Sunday)")
        if not open_weekdays and not extra_workdays:
            raise ValueError("a calendar needs at least one working weekday")
        closed = frozenset(holidays)
        opened = frozenset(extra_workdays)

        def rule(day: date) -> bool:
            if day in opened:
                return True
            return day.weekday() in open_weekdays and day not in closed

        return cls(name="weekly", tz=tz, start=start, end=end, is_workday=rule)

    @classmethod
    def always(cls) -> BusinessCalendar:
        """24×7: every minute is business time (days counted in UTC)."""
        return _always_calendar()

    # ------------------------------------------------------------------ describe

    @property
    def name(self) -> str:
        return self._name

    @property
    def tz(self) -> ZoneInfo:
        return self._tz

    @property
    def start(self) -> time:
        return self._start

    @property
    def end(self) -> time | None:
        """Closing wall time; ``None`` means midnight at the end of the day."""
        return self._end

    def __repr__(self) -> str:
        end = "24:00" if self._end is None else self._end.strftime("%H:%M")
        return (
            f"<BusinessCalendar {self._name} {self._tz.key} {self._start.strftime('%H:%M')}-{end}>"
        )

    # --------------------------------------------------------------- public API

    def is_business_day(self, day: date) -> bool:
        """Whether support is open at all on this local date."""
        ordinal = day.toordinal()
        return self._block(ordinal >> _BLOCK_BITS).lengths[ordinal & _BLOCK_MASK] > 0

    def hours_on(self, day: date) -> tuple[datetime, datetime] | None:
        """Opening and closing instants (UTC) of this local date, or ``None`` if closed."""
        ordinal = day.toordinal()
        block = self._block(ordinal >> _BLOCK_BITS)
        index = ordinal & _BLOCK_MASK
        length = block.lengths[index]
        if length == 0:
            return None
        opens = block.opens[index]
        return _from_us(opens), _from_us(opens + length)

    def is_open(self, instant: datetime) -> bool:
        """Whether ``instant`` falls in opening hours (opening included, closing excluded)."""
        _check_aware(instant)
        ordinal = instant.astimezone(self._tz).toordinal()
        block = self._block(ordinal >> _BLOCK_BITS)
        index = ordinal & _BLOCK_MASK
        offset = _utc_us(instant) - block.opens[index]
        return 0 <= offset < block.lengths[index]

    def next_open(self, instant: datetime) -> datetime:
        """``instant`` (in UTC) if open, else the next opening instant."""
        _check_aware(instant)
        us = _utc_us(instant)
        ordinal = instant.astimezone(self._tz).toordinal()
        for day in range(ordinal, ordinal + _MAX_EMPTY_BLOCKS * _BLOCK_DAYS):
            block = self._block(day >> _BLOCK_BITS)
            index = day & _BLOCK_MASK
            length = block.lengths[index]
            if length == 0:
                continue
            opens = block.opens[index]
            if us < opens:
                return _from_us(opens)
            if us < opens + length:
                return _from_us(us)
        raise ValueError(f"{self!r} has no opening hours in the next ten years")

    def add_business_minutes(self, instant: datetime, minutes: int) -> datetime:
        """The instant at which ``minutes`` of business time have elapsed since ``instant``."""
        if minutes < 0:
            raise ValueError("minutes must not be negative")
        return self._add(instant, minutes * _MINUTE_US)

    def add_business_time(self, instant: datetime, amount: timedelta) -> datetime:
        """Like :meth:`add_business_minutes`, to the microsecond."""
        if amount < timedelta(0):
            raise ValueError("amount must not be negative")
        return self._add(instant, amount // _ONE_US)

    def business_minutes_between(self, a: datetime, b: datetime) -> int:
        """Whole business minutes (rounded down) from ``a`` to ``b``; 0 when ``b <= a``."""
        return self._between_us(a, b) // _MINUTE_US

    def business_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Business time from ``a`` to ``b``, to the microsecond; zero when ``b <= a``."""
        return timedelta(microseconds=self._between_us(a, b))

    # ----------------------------------------------------------------- internals

    def _add(self, instant: datetime, amount_us: int) -> datetime:
        _check_aware(instant)
        us = _utc_us(instant)
        if amount_us == 0:
            return _from_us(us)
        ordinal = instant.astimezone(self._tz).toordinal()
        block_no = ordinal >> _BLOCK_BITS
        index = ordinal & _BLOCK_MASK
        block = self._block(block_no)
        offset = us - block.opens[index]
        length = block.lengths[index]
        elapsed = 0 if offset <= 0 else (length if offset >= length else offset)
        target = block.cumulative[index] + elapsed + amount_us
        low = index + 1
        empty = 0
        while True:
            cumulative = block.cumulative
            if target <= cumulative[-1]:
                day = bisect_left(cumulative, target, low) - 1
                return _from_us(block.opens[day] + target - cumulative[day])
            total = cumulative[-1]
            empty = empty + 1 if total == 0 else 0
            if empty >= _MAX_EMPTY_BLOCKS:
                raise ValueError(f"{self!r} has no opening hours in the next ten years")
            target -= total
            block_no += 1
            block = self._block(block_no)
            low = 1

    def _position(self, instant: datetime) -> tuple[int, int]:
        """(block number, business µs from the block's first day to ``instant``)."""
        _check_aware(instant)
        ordinal = instant.astimezone(self._tz).toordinal()
        block_no = ordinal >> _BLOCK_BITS
        index = ordinal & _BLOCK_MASK
        block = self._block(block_no)
        offset = _utc_us(instant) - block.opens[index]
        length = block.lengths[index]
        elapsed = 0 if offset <= 0 else (length if offset >= length else offset)
        return block_no, block.cumulative[index] + elapsed

    def _between_us(self, a: datetime, b: datetime) -> int:
        block_a, pos_a = self._position(a)
        block_b, pos_b = self._position(b)
        if block_a == block_b:
            return max(0, pos_b - pos_a)
        if block_b < block_a:
            return 0
        total = self._block(block_a).total - pos_a + pos_b
        for block_no in range(block_a + 1, block_b):
            total += self._block(block_no).total
        return total

    def _block(self, block_no: int) -> _Block:
        block = self._blocks.get(block_no)
        if block is None:
            block = self._build_block(block_no)
            self._blocks[block_no] = block
        return block

    def _build_block(self, block_no: int) -> _Block:
        tz = self._tz
        opens: list[int] = []
        lengths: list[int] = []
        cumulative = [0]
        first = block_no << _BLOCK_BITS
        for ordinal in range(first, first + _BLOCK_DAYS):
            opening = closing = 0
            if 0 < ordinal <= date.max.toordinal() - 1:
                day = date.fromordinal(ordinal)
                if self._is_workday(day):
                    opening = _utc_us(datetime.combine(day, self._start, tz))
                    if self._end is None:
                        next_day = date.fromordinal(ordinal + 1)
                        closing = _utc_us(datetime.combine(next_day, time(0), tz))
                    else:
                        closing = _utc_us(datetime.combine(day, self._end, tz))
            length = max(0, closing - opening)
            opens.append(opening)
            lengths.append(length)
            cumulative.append(cumulative[-1] + length)
        return _Block(tuple(opens), tuple(lengths), tuple(cumulative))


@cache
def _always_calendar() -> BusinessCalendar:
    return BusinessCalendar(
        name="always", tz="UTC", start="00:00", end="24:00", is_workday=lambda _day: True
    )
