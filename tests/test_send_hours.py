"""SendHours: several blocks a day, other hours per weekday, wherever a SendWindow goes.

Part of the calendar room (``SendHours`` lives in calendar.py, its arithmetic in
_time.py); kept in its own file for its properties.
"""

from __future__ import annotations

import json
import pickle
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cadencekit as ck
from cadencekit import BusinessCalendar, Cadence, DayBasis, SendHours, SendWindow, Touchpoint

from .strategies import CALENDARS, cadences
from .test_scheduling import DST_WINDOWS, ZONES, opening, start_days, start_times

NY = "America/New_York"
TOOLS = SendHours({"Mon-Thu": "09:00-12:00 and 13:30-17:00", "Fri": "09:00-12:00"})


def local(text: str, zone: str = NY) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


# --- the value -------------------------------------------------------------------------


def test_hours_read_as_people_write_them() -> None:
    assert str(TOOLS) == "Mon-Thu 09:00-12:00, 13:30-17:00; Fri 09:00-12:00"
    assert [str(b) for b in TOOLS.blocks(0)] == ["09:00-12:00", "13:30-17:00"]
    assert TOOLS.blocks(5) == TOOLS.blocks(6) == ()
    same = SendHours(
        {
            "Mon Tue Wed Thu": [("09:00", "12:00"), SendWindow("13:30", "17:00")],
            "Fri": "09:00-12:00",
        }
    )
    assert same == TOOLS
    assert hash(same) == hash(TOOLS)
    every_day = SendHours("08:00-10:00")
    assert all(every_day.blocks(day) == (SendWindow("08:00", "10:00"),) for day in range(7))
    assert SendHours(["10:00-11:00", "09:00-10:00"]).blocks(0) == (SendWindow("09:00", "11:00"),)


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("09:00-12:00, 11:00-13:00", "overlap"),
        ({"Mon": "09:00-12:00", "Mon-Tue": "13:00-14:00"}, "Mon is given twice"),
        ({"Funday": "09:00-12:00"}, "'Funday' is not a day"),
        ("12:00-09:00", "must be after start"),
        ("nine to five", "expected a block like '09:00-12:00'"),
        ({}, "no sending hours on any day"),
        (42, "expected blocks like"),
    ],
)
def test_bad_hours_name_the_field(hours: object, message: str) -> None:
    with pytest.raises(ck.SendWindowError, match=message):
        SendHours(hours)


def test_hours_round_trip_through_dicts_json_and_pickle() -> None:
    cadence = Cadence(
        "c",
        [
            Touchpoint("email", 1),
            Touchpoint("call", 2, window=SendHours({"Tue-Thu": "10:00-11:30"})),
        ],
        window=TOOLS,
    )
    data = json.loads(json.dumps(cadence.to_dict()))
    assert data["window"] == {
        "version": 1,
        "hours": {
            "Mon": ["09:00-12:00", "13:30-17:00"],
            "Tue": ["09:00-12:00", "13:30-17:00"],
            "Wed": ["09:00-12:00", "13:30-17:00"],
            "Thu": ["09:00-12:00", "13:30-17:00"],
            "Fri": ["09:00-12:00"],
        },
    }
    assert Cadence.from_dict(data) == cadence
    assert pickle.loads(pickle.dumps(cadence)) == cadence
    data["window"]["hours"]["Sat"] = ["10:00-09:00"]
    with pytest.raises(ck.SchemaError, match=r"^window\.hours"):
        Cadence.from_dict(data)


# --- hand-worked schedules --------------------------------------------------------------


def test_touches_land_in_the_first_open_block_and_skip_lunch_and_friday_afternoon() -> None:
    # Thursday 11:50 in New York, three touches on Day 1, then Day 2 (Friday) twice.
    cadence = Cadence(
        "Blocks",
        [
            Touchpoint("email", 1),
            Touchpoint("call", 1),
            Touchpoint("voicemail", 1),
            Touchpoint("email", 2),
            Touchpoint("call", 2),
        ],
        window=TOOLS,
        spacing=timedelta(minutes=30),
    )
    plan = ck.schedule(cadence, local("2026-11-19T11:50"), tz=NY)
    assert [t.due.strftime("%a %d %H:%M") for t in plan] == [
        "Thu 19 11:50",  # inside the morning block
        "Thu 19 13:30",  # 12:20 is lunch: the afternoon block
        "Thu 19 14:00",
        "Fri 20 09:00",
        "Fri 20 09:30",
    ]
    late = ck.schedule(cadence, local("2026-11-20T11:45"), tz=NY)  # Friday before noon
    assert [t.due.strftime("%a %d %H:%M") for t in late] == [
        "Fri 20 11:45",
        "Mon 23 09:00",  # 12:15 on Friday is past Friday's only block: Monday's first
        "Mon 23 09:30",
        "Mon 23 10:00",  # Day 2 is Monday (Day 1 was Friday); spacing puts it after 09:30
        "Mon 23 10:30",
    ]


def test_a_business_day_without_hours_moves_the_touch_on() -> None:
    only_tuesday = SendHours({"Tue": "10:00-11:00"})
    cadence = Cadence("c", [Touchpoint("email", 1), Touchpoint("call", 2)], window=only_tuesday)
    plan = ck.schedule(cadence, local("2026-11-23T08:00"), tz=NY)  # Monday
    assert [t.due for t in plan] == [local("2026-11-24T10:00"), local("2026-12-01T10:00")]


def test_hours_that_never_open_on_the_calendars_days_are_refused() -> None:
    weekend = Cadence("c", [Touchpoint("email", 1)], window=SendHours({"Sat-Sun": "10:00-11:00"}))
    with pytest.raises(ck.InvalidFieldError, match=r"^window .*never opens"):
        ck.schedule(weekend, local("2026-11-23T08:00"), tz=NY)


def test_blocks_keep_wall_clock_hours_across_dst() -> None:
    cadence = Cadence("c", [Touchpoint("email", 1), Touchpoint("email", 2)], window=TOOLS)
    plan = ck.schedule(cadence, local("2026-03-06T12:30"), tz=NY)  # Fri lunch; DST on Sunday
    assert [t.due.isoformat() for t in plan] == [
        "2026-03-09T09:00:00-04:00",
        "2026-03-10T09:00:00-04:00",
    ]


# --- properties -------------------------------------------------------------------------

HOURS = [
    TOOLS,
    SendHours({"Mon-Fri": "08:00-09:30, 11:00-12:00, 16:00-17:30"}),
    SendHours({"Mon Wed Fri": "01:30-02:15, 02:45-03:30", "Tue Thu": "00:00-23:59"}),
    SendHours({"Tue-Sat": "13:00-13:20, 13:40-14:00"}),
]
hours_cadences = cadences(
    windows=st.none() | st.sampled_from(HOURS + DST_WINDOWS),
    default_windows=st.sampled_from(HOURS),
    max_touches=8,
    max_gap=3,
)
PROPERTY_CALENDARS = {name: CALENDARS[name] for name in ("US", "DE-BY", "plain", "four-day")}


def blocks_of(window: SendWindow | SendHours, day: date) -> tuple[SendWindow, ...]:
    return window.blocks(day.weekday()) if isinstance(window, SendHours) else (window,)


def reference(
    cadence: Cadence, start: datetime, calendar: BusinessCalendar, zone: tzinfo
) -> list[datetime]:
    """The rules written the slow way, in UTC, with blocks."""

    def settle(candidate: datetime, window: SendWindow | SendHours) -> datetime:
        while True:
            moment = candidate.astimezone(zone)
            day, clock = moment.date(), moment.time()
            if calendar.is_business_day(day):
                later: list[datetime] = []
                for block in blocks_of(window, day):
                    if block.start <= clock < block.end:
                        return candidate
                    second = datetime.combine(day, block.start).replace(tzinfo=zone, fold=1)
                    later += [
                        m
                        for m in (opening(day, block.start, zone), second.astimezone(UTC))
                        if m > candidate and m.astimezone(zone).date() == day
                    ]
                if later:
                    candidate = min(later)
                    continue
            day += timedelta(days=1)
            candidate = opening(day, time(0), zone)

    day_one = settle(start.astimezone(UTC), cadence.window_for(0)).astimezone(zone).date()
    dues: list[datetime] = []
    for step in range(len(cadence)):
        n = cadence[step].day - 1
        nominal = day_one
        if cadence.day_basis is DayBasis.BUSINESS:
            while n:
                nominal += timedelta(days=1)
                n -= calendar.is_business_day(nominal)
        else:
            nominal = day_one + timedelta(days=n)
            while not calendar.is_business_day(nominal):
                nominal += timedelta(days=1)
        window = cadence.window_for(step)
        blocks = blocks_of(window, nominal)
        first = opening(nominal, blocks[0].start if blocks else time(0), zone)
        previous = dues[-1] + cadence.spacing if dues else start.astimezone(UTC)
        dues.append(settle(max(first, previous), window))
    return dues


@given(
    hours_cadences,
    st.sampled_from(ZONES),
    st.sampled_from(sorted(PROPERTY_CALENDARS)),
    start_days,
    start_times,
)
def test_hours_keep_every_rule(
    cadence: Cadence, zone_name: str, calendar_name: str, day: date, clock: time
) -> None:
    calendar = PROPERTY_CALENDARS[calendar_name]
    zone = ZoneInfo(zone_name)
    start = datetime.combine(day, clock).replace(tzinfo=zone)
    plan = ck.schedule(cadence, start, calendar=calendar, tz=zone_name)
    previous = start.astimezone(UTC)
    for touch in plan:
        due = touch.due
        assert calendar.is_business_day(due.date())
        assert any(
            b.start <= due.time() < b.end
            for b in blocks_of(cadence.window_for(touch.step), due.date())
        )
        assert due.astimezone(UTC) >= previous
        if touch.step:
            assert due.astimezone(UTC) - previous >= cadence.spacing
        previous = due.astimezone(UTC)
    assert [t.due.astimezone(UTC) for t in plan] == reference(cadence, plan.start, calendar, zone)
    many = ck.schedule_many(cadence, [start], calendar=calendar, tz=zone_name)
    assert many.to_dict()["due"] == [t.due.astimezone(UTC) for t in plan]
    enrolled = ck.Enrollment.start(cadence, "p", start, calendar=calendar, tz=zone_name)
    assert list(enrolled.plan) == list(plan)


@given(
    cadences(
        windows=st.none() | st.sampled_from(DST_WINDOWS),
        default_windows=st.sampled_from(DST_WINDOWS),
        max_touches=8,
        max_gap=3,
    ),
    st.sampled_from(ZONES),
    st.sampled_from(sorted(PROPERTY_CALENDARS)),
    start_days,
    start_times,
)
def test_one_block_every_day_is_a_send_window(
    cadence: Cadence, zone_name: str, calendar_name: str, day: date, clock: time
) -> None:
    def as_hours(window: SendWindow | SendHours | None) -> SendHours | None:
        return None if window is None else SendHours([window])  # type: ignore[list-item]

    hours = Cadence(
        cadence.name,
        [
            Touchpoint(t.channel, t.day, label=t.label, window=as_hours(t.window))
            for t in cadence.touchpoints
        ],
        window=as_hours(cadence.window),
        day_basis=cadence.day_basis,
        spacing=cadence.spacing,
    )
    calendar = PROPERTY_CALENDARS[calendar_name]
    start = datetime.combine(day, clock)
    windowed = ck.schedule(cadence, start, calendar=calendar, tz=zone_name)
    blocked = ck.schedule(hours, start, calendar=calendar, tz=zone_name)
    assert [t.due for t in blocked] == [t.due for t in windowed]
    assert [t.due.utcoffset() for t in blocked] == [t.due.utcoffset() for t in windowed]
