from __future__ import annotations

import importlib
import json
import pickle
import runpy
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cadencekit as ck
from cadencekit import (
    BusinessCalendar,
    Cadence,
    DayBasis,
    Schedule,
    ScheduledTouch,
    SendWindow,
    Touchpoint,
    schedule,
)

from .strategies import CALENDARS, cadences

NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
US = CALENDARS["US"]
EVERY_DAY = BusinessCalendar(weekmask="1111111")

# The inline 8-touch cadence the benchmark and the quickstart use.
EIGHT = Cadence(
    "Eight touches",
    [
        Touchpoint("email", 1, label="Intro email"),
        Touchpoint("call", 1),
        Touchpoint("email", 3, label="Value email"),
        Touchpoint("call", 5),
        Touchpoint("voicemail", 5),
        Touchpoint("email", 7, label="Case study"),
        Touchpoint("call", 10),
        Touchpoint("voicemail", 10),
    ],
)


def iso(plan: Schedule) -> list[str]:
    return [touch.due.isoformat() for touch in plan]


# --- hand-worked schedules -------------------------------------------------------


def test_friday_afternoon_before_thanksgiving_week() -> None:
    # Fri 20 Nov 2026 16:30 in New York: the window is still open, so Friday is
    # Day 1; the Day 1 call no longer fits (17:00 is the window's end) and moves
    # to Monday; Day 5 skips Thanksgiving (Thu 26 Nov).
    plan = schedule(EIGHT, datetime(2026, 11, 20, 16, 30), calendar=US, tz="America/New_York")
    assert iso(plan) == [
        "2026-11-20T16:30:00-05:00",  # Day 1, Fri: the start itself
        "2026-11-23T09:00:00-05:00",  # Day 1 call, overflowed to Mon
        "2026-11-24T09:00:00-05:00",  # Day 3, Tue
        "2026-11-27T09:00:00-05:00",  # Day 5, Fri (Thanksgiving skipped)
        "2026-11-27T09:30:00-05:00",  # Day 5 voicemail, spacing after the call
        "2026-12-01T09:00:00-05:00",  # Day 7, Tue
        "2026-12-04T09:00:00-05:00",  # Day 10, Fri
        "2026-12-04T09:30:00-05:00",
    ]
    assert all(touch.due.tzinfo is NEW_YORK for touch in plan)
    assert [touch.step for touch in plan] == list(range(8))
    assert [touch.day for touch in plan] == [1, 1, 3, 5, 5, 7, 10, 10]
    assert plan.start == datetime(2026, 11, 20, 16, 30, tzinfo=NEW_YORK)
    assert plan.tz == "America/New_York"


def test_the_same_moment_in_any_form_gives_the_same_schedule() -> None:
    expected = iso(schedule(EIGHT, datetime(2026, 11, 20, 16, 30), calendar=US, tz=NEW_YORK))
    for start in (
        datetime(2026, 11, 20, 16, 30, tzinfo=NEW_YORK),
        datetime(2026, 11, 20, 21, 30, tzinfo=UTC),
        "2026-11-20T16:30:00-05:00",
        "2026-11-20T16:30",
    ):
        assert iso(schedule(EIGHT, start, calendar=US, tz="America/New_York")) == expected


class Stamp(datetime):
    """A datetime subclass, as pandas.Timestamp is."""


def test_a_datetime_subclass_is_read_as_a_plain_datetime() -> None:
    plan = schedule(EIGHT, Stamp(2026, 11, 20, 16, 30, tzinfo=NEW_YORK), calendar=US, tz=NEW_YORK)
    assert type(plan.start) is datetime
    assert all(type(touch.due) is datetime for touch in plan)
    assert plan == schedule(EIGHT, datetime(2026, 11, 20, 16, 30), calendar=US, tz=NEW_YORK)


def test_a_date_is_read_as_local_midnight() -> None:
    plan = schedule(EIGHT, date(2026, 11, 20), calendar=US, tz="America/New_York")
    assert plan.start.isoformat() == "2026-11-20T00:00:00-05:00"
    assert plan[0].due.isoformat() == "2026-11-20T09:00:00-05:00"
    assert plan[1].due.isoformat() == "2026-11-20T09:30:00-05:00"


def test_a_start_after_the_window_closes_begins_the_next_business_day() -> None:
    cadence = Cadence("c", [Touchpoint("email", 1), Touchpoint("call", 2)])
    plan = schedule(cadence, datetime(2026, 11, 17, 18), calendar=US, tz="America/New_York")
    assert iso(plan) == ["2026-11-18T09:00:00-05:00", "2026-11-19T09:00:00-05:00"]
    # Wednesday evening before Thanksgiving: Thursday is closed, Day 1 is Friday.
    plan = schedule(cadence, datetime(2026, 11, 25, 17), calendar=US, tz="America/New_York")
    assert iso(plan) == ["2026-11-27T09:00:00-05:00", "2026-11-30T09:00:00-05:00"]
    # A Saturday start waits for Monday's window.
    plan = schedule(cadence, datetime(2026, 11, 21, 10), calendar=US, tz="America/New_York")
    assert iso(plan)[0] == "2026-11-23T09:00:00-05:00"


def test_day_basis_calendar_rolls_forward_onto_the_next_open_day() -> None:
    steps = [Touchpoint("email", day) for day in (1, 2, 4, 8)]
    start = datetime(2026, 11, 25, 10)  # Wednesday before Thanksgiving
    calendar_days = Cadence("c", steps, day_basis=DayBasis.CALENDAR)
    assert [
        touch.due.date().isoformat()
        for touch in schedule(calendar_days, start, calendar=US, tz="America/New_York")
    ] == [
        "2026-11-25",  # Day 1
        "2026-11-27",  # Day 2 is Thanksgiving: rolled to Friday
        "2026-11-30",  # Day 4 is a Saturday: rolled to Monday
        "2026-12-02",  # Day 8 is Wednesday
    ]
    business_days = Cadence("c", steps, day_basis=DayBasis.BUSINESS)
    assert [
        touch.due.date().isoformat()
        for touch in schedule(business_days, start, calendar=US, tz="America/New_York")
    ] == ["2026-11-25", "2026-11-27", "2026-12-01", "2026-12-07"]


def test_a_crowded_day_overflows_in_order_and_later_touches_follow() -> None:
    steps = [Touchpoint("call", 1) for _ in range(20)] + [Touchpoint("email", 2)]
    cadence = Cadence("Call blitz", steps, window=("09:00", "17:00"), spacing=30)
    plan = schedule(cadence, datetime(2026, 11, 16, 9), calendar=US, tz="America/New_York")
    monday = [f"2026-11-16T{9 + i // 2:02d}:{30 * (i % 2):02d}:00-05:00" for i in range(16)]
    tuesday = [f"2026-11-17T{9 + i // 2:02d}:{30 * (i % 2):02d}:00-05:00" for i in range(4)]
    # Day 2 is Tuesday too: its email follows the overflowed calls, 30 minutes on.
    assert iso(plan) == [*monday, *tuesday, "2026-11-17T11:00:00-05:00"]


def test_each_touch_keeps_its_own_window() -> None:
    cadence = Cadence(
        "c",
        [
            Touchpoint("email", 1, window=("13:30", "16:45")),
            Touchpoint("call", 1, window=("08:00", "10:00")),  # the morning has passed
            Touchpoint("email", 2),
        ],
    )
    plan = schedule(cadence, datetime(2026, 11, 16, 8), calendar=US, tz="America/New_York")
    assert iso(plan) == [
        "2026-11-16T13:30:00-05:00",
        "2026-11-17T08:00:00-05:00",  # next business day's morning window
        "2026-11-17T09:00:00-05:00",  # Day 2 is Tuesday, 09:00 is after 08:30
    ]


def test_a_cadence_may_start_after_day_one() -> None:
    cadence = Cadence("c", [Touchpoint("call", 2), Touchpoint("email", 4)])
    plan = schedule(cadence, datetime(2026, 11, 20, 16, 30), calendar=US, tz="America/New_York")
    # Day 1 is Friday (its window is still open); Day 2 is Monday, Day 4 Wednesday.
    assert iso(plan) == ["2026-11-23T09:00:00-05:00", "2026-11-25T09:00:00-05:00"]


def test_zero_spacing_puts_touches_of_a_day_together() -> None:
    cadence = Cadence("c", [Touchpoint("call", 1), Touchpoint("voicemail", 1)], spacing=0)
    plan = schedule(cadence, datetime(2026, 11, 16, 11, 5), calendar=US, tz="America/New_York")
    assert plan[0].due == plan[1].due


# --- DST -----------------------------------------------------------------------------


def test_new_york_spring_forward_keeps_wall_clock_hours() -> None:
    cadence = Cadence("c", [Touchpoint("email", 1), Touchpoint("call", 3)])
    plan = schedule(cadence, datetime(2026, 3, 6, 10), calendar=US, tz="America/New_York")
    assert iso(plan) == ["2026-03-06T10:00:00-05:00", "2026-03-10T09:00:00-04:00"]
    assert str(plan[1]) == "Day 3 · Tue 10 Mar 2026 09:00 EDT · Call"


def test_a_time_in_the_spring_forward_gap_is_the_moment_clocks_jump_to() -> None:
    # Sun 8 Mar 2026, New York: 02:00 EST jumps to 03:00 EDT, so 02:30 does not exist.
    cadence = Cadence(
        "c",
        [Touchpoint("call", 1), Touchpoint("voicemail", 1), Touchpoint("email", 2)],
        window=("02:30", "04:00"),
        spacing=30,
    )
    plan = schedule(cadence, datetime(2026, 3, 7, 5), calendar=EVERY_DAY, tz="America/New_York")
    assert iso(plan) == [
        "2026-03-08T03:00:00-04:00",  # 02:30 is in the gap: the jump, 07:00 UTC
        "2026-03-08T03:30:00-04:00",
        "2026-03-09T02:30:00-04:00",  # same wall-clock time the next day
    ]
    # Spacing is elapsed time: 01:45 EST + 30 minutes is 03:15 EDT.
    cadence = Cadence(
        "c", [Touchpoint("call", 1), Touchpoint("voicemail", 1)], window=("01:00", "05:00")
    )
    plan = schedule(cadence, datetime(2026, 3, 8, 1, 45), calendar=EVERY_DAY, tz=NEW_YORK)
    assert iso(plan) == ["2026-03-08T01:45:00-05:00", "2026-03-08T03:15:00-04:00"]
    # A naive start in the gap is the jump moment, too.
    assert (
        schedule(cadence, datetime(2026, 3, 8, 2, 30), calendar=EVERY_DAY, tz=NEW_YORK)[
            0
        ].due.isoformat()
        == "2026-03-08T03:00:00-04:00"
    )


def test_a_repeated_time_at_fall_back_is_its_first_occurrence() -> None:
    # Sun 1 Nov 2026, New York: 02:00 EDT falls back to 01:00 EST.
    cadence = Cadence(
        "c",
        [Touchpoint("call", 1), Touchpoint("call", 1), Touchpoint("call", 1)],
        window=("01:30", "05:00"),
        spacing=60,
    )
    plan = schedule(cadence, datetime(2026, 10, 31, 12), calendar=EVERY_DAY, tz="America/New_York")
    assert iso(plan) == [
        "2026-11-01T01:30:00-04:00",  # the first 01:30
        "2026-11-01T01:30:00-05:00",  # an hour later: the second 01:30
        "2026-11-01T02:30:00-05:00",
    ]
    assert [touch.due.fold for touch in plan] == [0, 1, 0]
    naive = schedule(cadence, datetime(2026, 11, 1, 1, 40), calendar=EVERY_DAY, tz=NEW_YORK)
    assert naive.start.isoformat() == "2026-11-01T01:40:00-04:00"


def test_new_york_fall_back_keeps_wall_clock_hours() -> None:
    cadence = Cadence("c", [Touchpoint("email", 1), Touchpoint("call", 2)])
    plan = schedule(cadence, datetime(2026, 10, 30, 9), calendar=US, tz="America/New_York")
    assert iso(plan) == ["2026-10-30T09:00:00-04:00", "2026-11-02T09:00:00-05:00"]


def test_a_zone_that_skips_a_whole_day_keeps_the_dates_right() -> None:
    # Samoa skipped Friday 30 December 2011 (UTC-10 to UTC+14): a Monday-to-Friday
    # calendar still counts the Friday, so Day 3 after Thursday is Monday 2 January.
    cadence = Cadence("c", [Touchpoint("email", 1), Touchpoint("email", 3)])
    plan = schedule(cadence, datetime(2011, 12, 29, 9), tz="Pacific/Apia")
    assert iso(plan) == ["2011-12-29T09:00:00-10:00", "2012-01-02T09:00:00+14:00"]


def test_berlin_spring_forward() -> None:
    cadence = Cadence("c", [Touchpoint("email", 1), Touchpoint("call", 2)])
    plan = schedule(cadence, datetime(2026, 3, 27, 9), calendar=CALENDARS["DE-BY"], tz=BERLIN)
    assert iso(plan) == ["2026-03-27T09:00:00+01:00", "2026-03-30T09:00:00+02:00"]
    # A window wholly inside the gap (02:15-02:45 on Sun 29 Mar) does not open
    # that day: the touch moves to the next day's window.
    cadence = Cadence("c", [Touchpoint("call", 1)], window=("02:15", "02:45"))
    plan = schedule(cadence, datetime(2026, 3, 28, 12), calendar=EVERY_DAY, tz=BERLIN)
    assert iso(plan) == ["2026-03-30T02:15:00+02:00"]


def test_zones_without_names_work_and_keep_their_offsets() -> None:
    india = timezone(timedelta(hours=5, minutes=30))
    plan = schedule(EIGHT, datetime(2026, 11, 20, 16, 30), calendar=US, tz=india)
    assert plan.tz is None
    assert plan[0].due.isoformat() == "2026-11-20T16:30:00+05:30"
    assert Schedule.from_dict(json.loads(json.dumps(plan.to_dict()))) == plan
    assert schedule(EIGHT, "2026-11-20T16:30:00Z", tz=UTC).tz == "UTC"


# --- values ------------------------------------------------------------------------------


def test_scheduled_touch_reads_and_prints_like_a_plan() -> None:
    touch = ScheduledTouch(
        2,
        Touchpoint("email", 3, label="Value email", subject="An idea"),
        datetime(2026, 3, 10, 9, tzinfo=NEW_YORK),
    )
    assert str(touch) == "Day 3 · Tue 10 Mar 2026 09:00 EDT · Email — Value email"
    assert (touch.day, touch.channel, touch.label) == (3, ck.Channel.EMAIL, "Value email")
    assert touch.to_record() == {
        "step": 2,
        "day": 3,
        "channel": "email",
        "label": "Value email",
        "subject": "An idea",
        "due": datetime(2026, 3, 10, 9, tzinfo=NEW_YORK),
        "date": date(2026, 3, 10),
        "time": time(9),
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((-1, Touchpoint("email", 1), "2026-03-10T09:00:00-04:00"), "step -1"),
        ((True, Touchpoint("email", 1), "2026-03-10T09:00:00-04:00"), "step True"),
        ((0, "email", "2026-03-10T09:00:00-04:00"), "touchpoint 'email'"),
        ((0, Touchpoint("email", 1), datetime(2026, 3, 10, 9)), "due .*tz-aware"),
    ],
)
def test_bad_scheduled_touches_name_the_field(args: tuple[object, ...], message: str) -> None:
    with pytest.raises(ck.InvalidFieldError, match=message):
        ScheduledTouch(*args)  # type: ignore[arg-type]


def test_schedule_is_a_sequence_with_records_and_a_plan() -> None:
    plan = schedule(EIGHT, datetime(2026, 11, 20, 16, 30), calendar=US, tz="America/New_York")
    assert len(plan) == 8
    assert list(plan) == list(plan.touches)
    assert plan[-1].step == 7
    assert plan[1:3] == plan.touches[1:3]
    records = plan.to_records()
    assert [record["channel"] for record in records] == [
        "email",
        "call",
        "email",
        "call",
        "voicemail",
        "email",
        "call",
        "voicemail",
    ]
    assert records[3]["date"] == date(2026, 11, 27)
    assert records[4]["time"] == time(9, 30)
    assert set(records[0]) == {"step", "day", "channel", "label", "subject", "due", "date", "time"}
    lines = str(plan).splitlines()
    assert lines[0] == "Eight touches: 8 touches from Fri 20 Nov 2026 16:30 EST (America/New_York)"
    assert lines[1:] == [str(touch) for touch in plan]
    assert lines[4] == "Day 5 · Fri 27 Nov 2026 09:00 EST · Call"


def test_html_table_is_escaped() -> None:
    cadence = Cadence("<Q4> & co", [Touchpoint("email", 1, label="<b>Hi</b>", subject="A & B")])
    table = schedule(cadence, "2026-11-16T10:00:00-05:00", tz=NEW_YORK)._repr_html_()
    assert table.startswith("<table>")
    assert "&lt;b&gt;Hi&lt;/b&gt;" in table
    assert "A &amp; B" in table
    assert "&lt;Q4&gt; &amp; co" in table
    assert "<b>" not in table
    assert table.count("<tr>") == 2


def test_to_dict_is_json_ready_and_round_trips() -> None:
    plan = schedule(EIGHT, datetime(2026, 11, 20, 16, 30), calendar=US, tz="America/New_York")
    data = plan.to_dict()
    assert data["version"] == 1
    assert data["tz"] == "America/New_York"
    assert data["start"] == "2026-11-20T16:30:00-05:00"
    assert data["touches"][1] == {"step": 1, "due": "2026-11-23T09:00:00-05:00"}
    back = Schedule.from_dict(json.loads(json.dumps(data)))
    assert back == plan
    assert iso(back) == iso(plan)
    assert all(touch.due.tzinfo is NEW_YORK for touch in back)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["touches"][1].update(due="soon"), r"touches\[1\]\.due 'soon'"),
        (
            lambda d: d["touches"][1].update(due="2026-11-23T09:00:00"),
            r"touches\[1\]\.due .*tz-aware",
        ),
        (
            lambda d: d["touches"][1].update(step=8),
            r"touches\[1\]\.step 8: expected a step of the cadence, 0..7",
        ),
        (lambda d: d["touches"][1].pop("step"), r"touches\[1\]\.step <missing>"),
        (lambda d: d.update(tz="Mars/Olympus"), "tz 'Mars/Olympus'"),
        (lambda d: d.update(touches="x"), "touches 'x': expected a list"),
        (lambda d: d["cadence"].update(name=""), "cadence.name ''"),
        (lambda d: d.update(start=3), "start 3"),
        (lambda d: d.update(version=2), "version 2"),
    ],
)
def test_from_dict_names_the_path_of_the_bad_value(change: object, message: str) -> None:
    data = schedule(
        EIGHT, datetime(2026, 11, 20, 16, 30), calendar=US, tz="America/New_York"
    ).to_dict()
    change(data)  # type: ignore[operator]
    with pytest.raises(ck.SchemaError, match=message):
        Schedule.from_dict(data)


def test_a_touch_must_belong_to_its_step() -> None:
    plan = schedule(EIGHT, datetime(2026, 11, 20, 16, 30), calendar=US, tz="America/New_York")
    stray = ScheduledTouch(0, Touchpoint("sms", 1), plan[0].due)
    with pytest.raises(ck.InvalidFieldError, match=r"touches\[0\]\.step 0"):
        Schedule(EIGHT, plan.start, "America/New_York", [stray])
    assert Schedule(EIGHT, plan.start, plan.tz, list(plan)) == plan


# --- arguments ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"cadence": "Day 1: email"}, "cadence 'Day 1: email': expected a Cadence"),
        ({"start": 42}, "start 42: expected a datetime"),
        ({"start": "next Tuesday"}, "start 'next Tuesday'"),
        ({"calendar": "Atlantis"}, "calendar 'Atlantis': not a country"),
        ({"tz": "Mars/Olympus"}, "tz 'Mars/Olympus': not a time zone"),
        ({"tz": ""}, "tz '': not a time zone"),
        ({"tz": "../etc/passwd"}, "tz '../etc/passwd'"),
        ({"tz": -5}, "tz -5: expected a time zone; use an IANA name"),
    ],
)
def test_bad_arguments_name_the_argument(kwargs: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {"cadence": EIGHT, "start": "2026-11-20T16:30:00-05:00"}
    arguments.update(kwargs)
    with pytest.raises(ck.InvalidFieldError, match=message):
        schedule(**arguments)  # type: ignore[arg-type]


def test_the_function_and_its_module_have_different_names() -> None:
    module = importlib.import_module("cadencekit.scheduling")
    assert ck.schedule is schedule is module.schedule
    assert module.Schedule is ck.Schedule
    assert ck.Schedule.__module__ == "cadencekit.scheduling"


# --- properties ----------------------------------------------------------------------------

ZONES = [
    "America/New_York",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Australia/Sydney",
    "UTC",
    "Pacific/Apia",  # skipped Friday 30 December 2011 to move across the date line
]
PROPERTY_CALENDARS = {**CALENDARS, "every-day": EVERY_DAY}
# Windows that meet DST changes (the gaps and folds sit between 00:00 and 03:00).
DST_WINDOWS = [
    SendWindow(),
    SendWindow("08:00", "10:00"),
    SendWindow("13:30", "16:45"),
    SendWindow("01:30", "03:30"),
    SendWindow("02:00", "02:30"),
    SendWindow("00:00", "23:59"),
]
# Dates near the 2026 DST changes of the zones above, and anywhere else.
DST_DAYS = [
    date(2011, 12, 30),
    date(2026, 3, 8),
    date(2026, 3, 29),
    date(2026, 4, 5),
    date(2026, 10, 4),
    date(2026, 10, 25),
    date(2026, 11, 1),
]
start_days = st.one_of(
    st.sampled_from(DST_DAYS).flatmap(
        lambda day: st.integers(-12, 2).map(lambda shift: day + timedelta(days=shift))
    ),
    st.dates(min_value=date(1996, 1, 1), max_value=date(2050, 12, 31)),
)
start_times = st.times().map(
    lambda t: t.replace(second=t.second if t.minute % 7 == 0 else 0, microsecond=0)
)
schedule_cadences = cadences(
    windows=st.none() | st.sampled_from(DST_WINDOWS),
    default_windows=st.sampled_from(DST_WINDOWS),
    max_touches=10,
    max_gap=3,
)


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[Cadence, object, str, str]:
    cadence = draw(schedule_cadences)
    zone_name = draw(st.sampled_from(ZONES))
    calendar = draw(st.sampled_from(sorted(PROPERTY_CALENDARS)))
    wall = datetime.combine(draw(start_days), draw(start_times))
    form = draw(st.sampled_from(["naive", "aware", "utc", "date"]))
    start: object
    if form == "naive":
        start = wall
    elif form == "aware":
        start = wall.replace(tzinfo=ZoneInfo(zone_name), fold=draw(st.integers(0, 1)))
    elif form == "utc":
        start = wall.replace(tzinfo=UTC)
    else:
        start = wall.date()
    return cadence, start, calendar, zone_name


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def opening(day: date, opens: time, zone: tzinfo) -> datetime:
    """A reference for the wall-clock rule: gaps jump forward, folds take the first."""
    wall = datetime.combine(day, opens)
    first = utc(wall.replace(tzinfo=zone))
    if first.astimezone(zone).replace(tzinfo=None) == wall:
        return first
    moment = first  # in a gap: walk back to the jump, minute by minute
    while (moment - timedelta(minutes=1)).astimezone(zone).replace(tzinfo=None) >= wall:
        moment -= timedelta(minutes=1)
    return moment


def reference(
    cadence: Cadence, start: datetime, calendar: BusinessCalendar, zone: tzinfo
) -> list[datetime]:
    """The rules of DESIGN.md, written the slow and obvious way (UTC datetimes, day loops)."""

    def settle(candidate: datetime, window: SendWindow) -> datetime:
        while True:
            local = candidate.astimezone(zone)
            day, clock = local.date(), local.time()
            if calendar.is_business_day(day) and clock < window.end:
                if clock >= window.start:
                    return candidate
                second = datetime.combine(day, window.start).replace(tzinfo=zone, fold=1)
                later = [
                    moment
                    for moment in (opening(day, window.start, zone), utc(second))
                    if moment > candidate
                ]
                if later:  # the opening, or its second pass in a fall-back hour
                    candidate = min(later)
                    continue
            day += timedelta(days=1)
            while not calendar.is_business_day(day):
                day += timedelta(days=1)
            candidate = opening(day, window.start, zone)

    day_one = settle(utc(start), cadence.window_for(0)).astimezone(zone).date()
    dues: list[datetime] = []
    for step in range(len(cadence)):
        n = cadence[step].day - 1
        if cadence.day_basis is DayBasis.BUSINESS:
            nominal = day_one
            while n:
                nominal += timedelta(days=1)
                n -= calendar.is_business_day(nominal)
        else:
            nominal = day_one + timedelta(days=n)
            while not calendar.is_business_day(nominal):
                nominal += timedelta(days=1)
        window = cadence.window_for(step)
        previous = dues[-1] + cadence.spacing if dues else utc(start)
        candidate = max(opening(nominal, window.start, zone), previous)
        dues.append(settle(candidate, window))
    return dues


@given(scenarios())
def test_schedules_keep_every_rule(scenario: tuple[Cadence, object, str, str]) -> None:
    cadence, start, calendar_name, zone_name = scenario
    calendar = PROPERTY_CALENDARS[calendar_name]
    zone = ZoneInfo(zone_name)
    plan = schedule(cadence, start, calendar=calendar, tz=zone_name)  # type: ignore[arg-type]
    assert len(plan) == len(cadence)
    assert [touch.step for touch in plan] == list(range(len(cadence)))
    assert [touch.touchpoint for touch in plan] == list(cadence)
    assert plan.start.tzinfo is zone
    previous = utc(plan.start)
    for touch in plan:
        due = touch.due
        window = cadence.window_for(touch.step)
        assert due.tzinfo is zone
        assert calendar.is_business_day(due.date())
        assert window.start <= due.time() < window.end
        assert utc(due) >= previous  # never before start, never decreasing
        previous = utc(due)
    # Day 1: no earlier business day had the window open after the start.
    local_start = plan.start
    window = cadence.window_for(0)
    day = local_start.date()
    while cadence[0].day == 1 and day < plan[0].due.date():
        assert (
            not calendar.is_business_day(day)
            or (day == local_start.date() and local_start.time() >= window.end)
            or opening(day, window.start, zone).astimezone(zone).time() >= window.end
        ), day
        day += timedelta(days=1)
    assert [utc(touch.due) for touch in plan] == reference(cadence, plan.start, calendar, zone)
    # Deterministic, and exact through JSON and pickle.
    again = schedule(cadence, start, calendar=calendar, tz=zone)  # type: ignore[arg-type]
    assert iso(again) == iso(plan)
    assert again == plan
    back = Schedule.from_dict(json.loads(json.dumps(plan.to_dict())))
    assert back == plan
    assert iso(back) == iso(plan)
    assert [touch.due.fold for touch in back] == [touch.due.fold for touch in plan]
    unpickled = pickle.loads(pickle.dumps(plan))
    assert unpickled == plan
    assert iso(unpickled) == iso(plan)


@given(schedule_cadences, st.sampled_from(ZONES), start_days, start_times)
def test_the_start_in_any_zone_gives_the_same_instants(
    cadence: Cadence, zone_name: str, day: date, clock: time
) -> None:
    aware = datetime.combine(day, clock).replace(tzinfo=ZoneInfo(zone_name))
    plan = schedule(cadence, aware, calendar=US, tz=zone_name)
    other = schedule(cadence, aware.astimezone(UTC), calendar=US, tz=ZoneInfo(zone_name))
    assert [utc(t.due) for t in plan] == [utc(t.due) for t in other]


def test_the_quickstart_prints_the_plan(capsys: pytest.CaptureFixture[str]) -> None:
    path = Path(__file__).resolve().parent.parent / "examples" / "quickstart.py"
    runpy.run_path(str(path), run_name="__main__")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "Eight touch: 8 touches (10 with fallbacks) from Fri 20 Nov 2026 16:30 EST (America/New_York)"
    )
    assert lines[1] == "Day 1 · Fri 20 Nov 2026 16:30 EST · Email/LinkedIn — Intro email"
    assert lines[2] == "Day 3 · Tue 24 Nov 2026 09:00 EST · Email — Follow-up email"
    assert "skipped Thu 26 Nov: Thanksgiving Day" in lines
    assert "after a 'maybe': paused until Tue 08 Dec" in lines
    assert lines[-1].startswith("step 2 (email) is due Tue 08 Dec 2026 09:00 EST")


# --- zones from other libraries (issue 17, item 1) -----------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("America/New_York", "2026-11-23T13:00:00-05:00"),
        ("Europe/Berlin", "2026-11-24T09:00:00+01:00"),  # not 09:07 (LMT)
        ("Asia/Kolkata", "2026-11-24T09:00:00+05:30"),  # used to never return
    ],
)
def test_pytz_zones_are_read_by_name(name: str, expected: str) -> None:
    pytz = pytest.importorskip("pytz")
    cadence = Cadence("c", [Touchpoint("email", 1), Touchpoint("call", 3)])
    start = "2026-11-23T18:00:00+00:00"
    theirs = schedule(cadence, start, tz=pytz.timezone(name))
    ours = schedule(cadence, start, tz=name)
    assert theirs == ours
    assert theirs.tz == name
    assert theirs[0].due.isoformat() == expected
    many = ck.schedule_many(cadence, [start], tz=pytz.timezone(name))
    assert many.to_dict()["due"] == [touch.due.astimezone(UTC) for touch in ours]


def test_dateutil_zones_and_fixed_offsets_are_read_exactly() -> None:
    pytz = pytest.importorskip("pytz")
    from dateutil import tz as dateutil_tz

    cadence = Cadence("c", [Touchpoint("email", 1)])
    start = "2026-03-06T16:45:00-05:00"
    ours = schedule(cadence, start, tz="Europe/Berlin")
    assert schedule(cadence, start, tz=dateutil_tz.gettz("Europe/Berlin")) == ours
    fixed = schedule(cadence, start, tz=timezone(timedelta(hours=2)))
    assert schedule(cadence, start, tz=pytz.FixedOffset(120)).touches == fixed.touches
    assert schedule(cadence, start, tz=dateutil_tz.tzoffset(None, 7200)).touches == fixed.touches
    assert schedule(cadence, start, tz=dateutil_tz.tzutc()) == schedule(cadence, start, tz="UTC")


def test_a_tzinfo_without_exact_arithmetic_is_refused_naming_tz() -> None:
    class Vague(tzinfo):
        def utcoffset(self, dt: datetime | None) -> timedelta:
            return timedelta(hours=1)

    cadence = Cadence("c", [Touchpoint("email", 1)])
    for bad in (tzinfo(), Vague()):
        with pytest.raises(ck.InvalidFieldError, match=r"^tz .*exact arithmetic"):
            schedule(cadence, "2026-11-23T09:00:00+00:00", tz=bad)


def test_a_stored_schedule_too_close_to_year_9999_is_a_schema_error() -> None:
    # Found by the hostile pass of issue 23: an altered document raised OverflowError.
    stored = ck.schedule(ck.presets.eight_touch(), datetime(2026, 11, 23, 8), tz="Asia/Tokyo")
    data = stored.to_dict()
    data["touches"][0]["due"] = "9999-12-31T23:59:00-12:00"
    with pytest.raises(ck.SchemaError, match=r"^touches\[0\]\.due"):
        ck.Schedule.from_dict(data)
    assert ck.Schedule.from_dict(stored.to_dict()) == stored
