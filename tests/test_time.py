"""The private time engine: zones, instants in DST gaps and repeats, and the Day-N rule."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cadencekit as ck
from cadencekit import _time

from .strategies import CALENDARS

NY = ZoneInfo("America/New_York")


def test_zone_reads_names_and_tzinfos() -> None:
    assert _time.zone("Europe/Berlin") == (ZoneInfo("Europe/Berlin"), "Europe/Berlin")
    assert _time.zone(UTC) == (ZoneInfo("UTC"), "UTC")
    with pytest.raises(ck.InvalidFieldError, match="tz 'Mars/Olympus'"):
        _time.zone("Mars/Olympus")


def test_instant_in_a_gap_is_the_jump_and_a_repeat_is_the_first() -> None:
    gap = _time.instant(datetime(2026, 3, 8, 2, 30), NY)  # clocks jump 02:00 -> 03:00
    assert NY.fromutc(gap).replace(tzinfo=None) == datetime(2026, 3, 8, 3, 0)
    repeat = _time.instant(datetime(2026, 11, 1, 1, 30), NY)  # 01:30 happens twice
    assert NY.fromutc(repeat).utcoffset() == timedelta(hours=-4)  # the first, EDT


def test_settle_moves_a_late_moment_to_the_next_business_opening() -> None:
    us = CALENDARS["US"]
    friday_evening = _time.start_instant(datetime(2026, 11, 25, 18, tzinfo=NY), NY)
    _, local = _time.settle(friday_evening, time(9), time(17), us, NY)
    assert local == datetime(2026, 11, 27, 9, tzinfo=NY)  # Thanksgiving skipped


US_HOLIDAYS = np.array(
    sorted(holidays.country_holidays("US", years=range(1999, 2044))), dtype="datetime64[D]"
)


@given(st.dates(date(2000, 1, 1), date(2040, 12, 31)), st.integers(0, 400))
def test_nominal_day_in_business_basis_matches_numpy_busday_offset(anchor: date, gap: int) -> None:
    expected = np.busday_offset(anchor, gap, roll="forward", holidays=US_HOLIDAYS).astype(date)
    assert _time.nominal_day(CALENDARS["US"], anchor, gap, True) == expected
    assert _time.unrolled_day(CALENDARS["US"], anchor, gap, True) == expected


@given(st.dates(date(2000, 1, 1), date(2040, 12, 31)), st.integers(0, 400))
def test_nominal_day_in_calendar_basis_rolls_the_calendar_date_forward(
    anchor: date, gap: int
) -> None:
    calendar = CALENDARS["US"]
    unrolled = _time.unrolled_day(calendar, anchor, gap, False)
    assert unrolled == anchor + timedelta(days=gap)
    nominal = _time.nominal_day(calendar, anchor, gap, False)
    assert calendar.is_business_day(nominal)
    assert nominal == calendar.roll_forward(unrolled)
    assert all(
        not calendar.is_business_day(unrolled + timedelta(days=k))
        for k in range((nominal - unrolled).days)
    )
