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


# --- a country code wherever a calendar is ------------------------------------------


def test_a_country_code_is_read_as_that_countrys_calendar() -> None:
    from cadencekit import _time

    assert _time.calendar("US", "calendar") == ck.BusinessCalendar(country="US")
    assert _time.calendar(" de-by ", "calendar") == ck.BusinessCalendar(country="DE", subdiv="BY")
    assert _time.calendar("US", "calendar") is _time.calendar("US", "calendar")  # built once
    custom = ck.BusinessCalendar(weekmask="Mon Tue Wed Thu")
    assert _time.calendar(custom, "calendar") is custom
    for bad, error in [
        ("Atlantis", ck.UnknownRegionError),
        ("US-ZZ", ck.UnknownRegionError),
        ("", ck.InvalidFieldError),
        (1, ck.InvalidFieldError),
        (None, ck.InvalidFieldError),
    ]:
        with pytest.raises(error) as raised:
            _time.calendar(bad, "rep_calendar")
        assert raised.value.field == "rep_calendar"


def test_every_public_parameter_that_takes_a_calendar_takes_a_country_code() -> None:
    us = ck.BusinessCalendar(country="US")
    cadence = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 2)])
    start = "2026-11-25T08:00:00-05:00"  # Thanksgiving is the 26th
    tz = "America/New_York"
    assert ck.schedule(cadence, start, calendar="US", tz=tz) == ck.schedule(
        cadence, start, calendar=us, tz=tz
    )
    assert ck.schedule_many(cadence, [start], calendar="US", tz=tz).to_dict() == (
        ck.schedule_many(cadence, [start], calendar=us, tz=tz).to_dict()
    )
    by_code = ck.Enrollment.start(cadence, "p", start, calendar="US", tz=tz, rep_calendar="DE")
    by_value = ck.Enrollment.start(
        cadence, "p", start, calendar=us, tz=tz, rep_calendar=ck.BusinessCalendar(country="DE")
    )
    assert by_code == by_value
    assert ck.Enrollment.replay(cadence, "p", start, [], calendar="US", tz=tz) == (
        ck.Enrollment.start(cadence, "p", start, calendar=us, tz=tz)
    )
    options = {"capacity": ck.Capacity(), "start": "2026-11-25", "days": 3}
    assert ck.plan([by_value], calendar="US", owner_calendar={None: "DE"}, **options) == ck.plan(
        [by_value], calendar=us, owner_calendar={None: ck.BusinessCalendar(country="DE")}, **options
    )
    model = ck.ResponseModel()
    assert ck.simulate(cadence, 3, model=model, seed=1, start=start, calendar="US", tz=tz) == (
        ck.simulate(cadence, 3, model=model, seed=1, start=start, calendar=us, tz=tz)
    )
    rows = [
        {
            "prospect": "p",
            "kind": "touch",
            "step": 0,
            "at": "2026-11-25T09:00:00-05:00",
            "owner": "ann",
        }
    ]
    table = ck.read_events(rows)
    assert ck.replay_many(table, cadence, calendar="US", rep_calendars={"ann": "DE"}, tz=tz) == (
        ck.replay_many(
            table,
            cadence,
            calendar=us,
            rep_calendars={"ann": ck.BusinessCalendar(country="DE")},
            tz=tz,
        )
    )
    assert ck.report(table, cadences=cadence, calendar="US") == ck.report(
        table, cadences=cadence, calendar=us
    )
    received = "2026-11-25T10:00:00-05:00"
    text = "I'm out until 12/1"
    assert ck.read_reply(text, received_at=received, tz=tz, calendar="US") == ck.read_reply(
        text, received_at=received, tz=tz, calendar=us
    )
    assert ck.start_many([{"prospect": "p"}], cadence, start=start, calendar="US", tz=tz) == [
        ck.Enrollment.start(cadence, "p", start, calendar=us, tz=tz)
    ]
    # and a code nobody knows is named by the parameter that took it
    with pytest.raises(ck.UnknownRegionError, match=r"^owner_calendar\['ann'\] 'Atlantis'"):
        ck.plan([by_value], calendar="US", owner_calendar={"ann": "Atlantis"}, **options)
    with pytest.raises(ck.UnknownRegionError, match=r"^rep_calendar 'XX'"):
        ck.Enrollment.start(cadence, "p", start, rep_calendar="XX")
