"""Time finer than a day: a step's own wait (``after``) and its preferred time (``at_time``)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cadencekit as ck
from cadencekit import _time, bulk
from tests.strategies import CALENDARS, cadences, calendars

NEW_YORK = "America/New_York"
BERLIN = "Europe/Berlin"
US = ck.BusinessCalendar(country="US")
DE = ck.BusinessCalendar(country="DE")
EVERY_DAY = ck.BusinessCalendar(weekmask="1111111")


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


# --- the scenarios ------------------------------------------------------------------


def test_two_hours_after_the_email_is_two_elapsed_hours_across_spring_forward() -> None:
    # Saturday night in New York, a window open all day on every day: clocks jump from
    # 02:00 to 03:00 on Sunday 8 March 2026, so two hours after 01:30 EST is 04:30 EDT.
    late = ck.Cadence(
        "Night shift",
        [ck.Touchpoint("sms", 1), ck.Touchpoint("whatsapp", 1, after=timedelta(hours=2))],
        window=("00:00", "23:59"),
    )
    plan = ck.schedule(late, "2026-03-08T01:30:00-05:00", calendar=EVERY_DAY, tz=NEW_YORK)
    first, second = (touch.due for touch in plan)
    assert first.isoformat() == "2026-03-08T01:30:00-05:00"
    assert second.isoformat() == "2026-03-08T04:30:00-04:00"
    assert _utc(second) - _utc(first) == timedelta(hours=2)


def test_a_day_after_is_24_elapsed_hours_not_the_same_wall_clock() -> None:
    follow = ck.Cadence(
        "c",
        [ck.Touchpoint("email", 1), ck.Touchpoint("email", 1, after=timedelta(days=1))],
        window=("08:00", "20:00"),
    )
    plan = ck.schedule(follow, "2026-03-07T10:00:00-05:00", calendar=EVERY_DAY, tz=NEW_YORK)
    assert [t.due.isoformat() for t in plan] == [
        "2026-03-07T10:00:00-05:00",
        "2026-03-08T11:00:00-04:00",  # 24 hours later: 11:00 on the clock after the jump
    ]


def test_past_the_window_it_waits_for_the_next_business_days_opening_in_berlin() -> None:
    # Wednesday 13 May 2026, 16:30 in Berlin; Thursday is Christi Himmelfahrt (Ascension Day).
    cadence = ck.Cadence(
        "Germany",
        [
            ck.Touchpoint("email", 1),
            ck.Touchpoint("linkedin_connect", 1, after=timedelta(hours=2)),
            ck.Touchpoint("call", 1, after=timedelta(minutes=5), at_time="10:00"),
        ],
    )
    plan = ck.schedule(cadence, "2026-05-13T16:30:00+02:00", calendar=DE, tz=BERLIN)
    assert [t.due.isoformat() for t in plan] == [
        "2026-05-13T16:30:00+02:00",
        "2026-05-15T09:00:00+02:00",  # 18:30 is past the window; Thursday is closed
        "2026-05-15T10:00:00+02:00",  # the preferred time on the day it goes out
    ]
    ada = ck.Enrollment.start(
        cadence, "ada@example.de", "2026-05-13T16:30:00+02:00", calendar=DE, tz=BERLIN
    )
    assert [t.due for t in ada.plan] == [t.due for t in plan]
    ada = ada.apply(ck.Event.touch("2026-05-13T16:31:00+02:00", 0))
    assert str(ada.explain()) == (
        "step 2 (linkedin_connect) is due Fri 15 May 2026 09:00 CEST (Europe/Berlin): "
        "2 hours after step 1 was done at Wed 13 May 2026 16:31 CEST; "
        "Thu 14 May 2026 skipped: Ascension Day; moved from Wed 13 May 2026: "
        "2 hours after it is past the window 09:00-17:00 that day"
    )


def test_a_preferred_time_is_clamped_into_the_window() -> None:
    steps = [
        ck.Touchpoint("call", 1, at_time="07:00"),  # before the opening: the opening
        ck.Touchpoint("call", 2, at_time=time(14, 30)),
        ck.Touchpoint("call", 3, at_time="18:00"),  # after the end: the last minute
        ck.Touchpoint("call", 4, at_time="12:30", window=ck.SendHours("09:00-12:00, 13:00-17:00")),
    ]
    plan = ck.schedule(
        ck.Cadence("c", steps), "2026-11-23T06:00:00-05:00", calendar=US, tz=NEW_YORK
    )
    assert [t.due.strftime("%a %H:%M") for t in plan] == [
        "Mon 09:00",
        "Tue 14:30",
        "Wed 16:59",
        "Fri 13:00",  # Thanksgiving moved Day 4 to Friday; 12:30 falls in the lunch gap
    ]


def test_a_preferred_time_already_past_that_day_goes_out_as_soon_as_it_can() -> None:
    cadence = ck.Cadence(
        "c", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 1, at_time="10:00")]
    )
    plan = ck.schedule(cadence, "2026-11-23T15:00:00-05:00", calendar=US, tz=NEW_YORK)
    assert [t.due.strftime("%H:%M") for t in plan] == ["15:00", "15:30"]


def test_after_counts_from_the_touch_as_done() -> None:
    cadence = ck.Cadence(
        "c", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 1, after=timedelta(hours=2))]
    )
    eve = ck.Enrollment.start(cadence, "eve", "2026-11-23T08:00:00-05:00", calendar=US, tz=NEW_YORK)
    assert eve.next_touch is not None
    eve = eve.apply(ck.Event.touch("2026-11-23T11:20:00-05:00", 0))
    assert eve.next_touch is not None
    assert eve.next_touch.due.isoformat() == "2026-11-23T13:20:00-05:00"


def test_after_on_a_later_day_is_the_later_of_the_two() -> None:
    cadence = ck.Cadence(
        "c", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 2, after=timedelta(hours=20))]
    )
    plan = ck.schedule(cadence, "2026-11-23T16:00:00-05:00", calendar=US, tz=NEW_YORK)
    # Day 2 opens Tuesday 09:00, but 20 hours after Monday 16:00 is Tuesday 12:00
    assert plan[1].due.isoformat() == "2026-11-24T12:00:00-05:00"
    explained = ck.Enrollment.start(
        cadence, "x", "2026-11-23T16:00:00-05:00", calendar=US, tz=NEW_YORK
    ).apply(ck.Event.touch("2026-11-23T16:00:00-05:00", 0))
    assert "1 business day after step 1 was done on Mon 23 Nov 2026, and 20 hours after it" in str(
        explained.explain()
    )


def test_a_first_step_waits_after_the_start() -> None:
    cadence = ck.Cadence("c", [ck.Touchpoint("email", 1, after=timedelta(hours=3))])
    plan = ck.schedule(cadence, "2026-11-23T10:00:00-05:00", calendar=US, tz=NEW_YORK)
    assert plan[0].due.isoformat() == "2026-11-23T13:00:00-05:00"


@pytest.mark.parametrize("bad", [timedelta(hours=-1), timedelta(days=400), -5, "2h", 1.5])
def test_a_bad_wait_is_refused_naming_after(bad: object) -> None:
    with pytest.raises(ck.InvalidFieldError) as error:
        ck.Touchpoint("call", 1, after=bad)
    assert error.value.field == "after"


@pytest.mark.parametrize("bad", ["25:00", "soon", 930, time(9, tzinfo=UTC)])
def test_a_bad_time_is_refused_naming_at_time(bad: object) -> None:
    with pytest.raises(ck.InvalidFieldError) as error:
        ck.Touchpoint("call", 1, at_time=bad)
    assert error.value.field == "at_time"


def test_lint_says_when_a_preferred_time_is_clamped() -> None:
    cadence = ck.Cadence("c", [ck.Touchpoint("call", 1, at_time="18:00", cta="Book a call?")])
    found = [f for f in ck.lint(cadence) if f.code == "time-outside-window"]
    assert [str(f) for f in found] == [
        "step 1 [warning] time-outside-window: preferred time 18:00 is outside the window "
        "09:00-17:00; it goes out at 16:59, the window's last minute"
    ]
    inside = ck.Cadence("c", [ck.Touchpoint("call", 1, at_time="10:00", cta="Book a call?")])
    assert not [f for f in ck.lint(inside) if f.code == "time-outside-window"]


def test_ical_and_bulk_carry_the_times() -> None:
    cadence = ck.Cadence(
        "c",
        [
            ck.Touchpoint("email", 1),
            ck.Touchpoint("call", 1, after=timedelta(hours=2)),
            ck.Touchpoint("call", 3, at_time="15:15"),
        ],
    )
    starts = [datetime(2026, 3, 6, 8), datetime(2026, 3, 6, 16), datetime(2026, 3, 9, 12)]
    expected = [
        _utc(touch.due)
        for start in starts
        for touch in ck.schedule(cadence, start, calendar=US, tz=NEW_YORK)
    ]
    for engine in ("python", "numpy"):
        columns = bulk._schedule_many(cadence, starts, calendar=US, tz=NEW_YORK, engine=engine)
        assert columns.to_dict()["due"] == expected
    text = ck.to_ical(ck.schedule(cadence, starts[0], calendar=US, tz=NEW_YORK))
    assert "DTSTART;TZID=America/New_York:20260306T110000" in text  # two hours after the email
    assert "DTSTART;TZID=America/New_York:20260310T151500" in text


# --- round trips --------------------------------------------------------------------


def test_touchpoints_cadences_and_enrollments_round_trip() -> None:
    cadence = ck.Cadence(
        "c",
        [
            ck.Touchpoint("email", 1, at_time="08:45:30"),
            ck.Touchpoint("call", 1, after=timedelta(minutes=90, seconds=30)),
            ck.Touchpoint("call", 2, after=0),
        ],
    )
    data = json.loads(json.dumps(cadence.to_dict()))
    assert data["touchpoints"][0]["at_time"] == "08:45:30"
    assert data["touchpoints"][1]["after"] == pytest.approx(90.5)
    assert ck.Cadence.from_dict(data) == cadence
    bob = ck.Enrollment.start(cadence, "bob", "2026-11-23T08:00:00-05:00", calendar=US, tz=NEW_YORK)
    bob = bob.apply(ck.Event.touch("2026-11-23T09:00:00-05:00", 0))
    assert ck.Enrollment.from_dict(json.loads(json.dumps(bob.to_dict()))) == bob
    with pytest.raises(ck.SchemaError, match="at_time '7pm'"):
        ck.Touchpoint.from_dict({"channel": "call", "day": 1, "at_time": "7pm"})


# --- properties ---------------------------------------------------------------------

ZONES = ["America/New_York", "Europe/Berlin", "Australia/Sydney", "UTC", "Asia/Kolkata"]
afters = st.none() | st.sampled_from(
    [timedelta(0), timedelta(minutes=5), timedelta(hours=2), timedelta(hours=7), timedelta(days=1)]
)
at_times = st.none() | st.sampled_from([time(7), time(9, 30), time(12, 15), time(16, 59), time(19)])


@st.composite
def timed_cadences(draw: st.DrawFn) -> ck.Cadence:
    """Cadences whose steps may carry their own wait and preferred time."""
    cadence = draw(cadences(max_touches=6, max_gap=3))
    steps = [
        attrs.evolve(touch, after=draw(afters), at_time=draw(at_times))
        for touch in cadence.touchpoints
    ]
    return attrs.evolve(cadence, touchpoints=steps)


starts = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31))


@given(timed_cadences(), starts, calendars, st.sampled_from(ZONES))
def test_every_due_is_inside_its_window_on_a_business_day_in_order(
    cadence: ck.Cadence, start: datetime, calendar: ck.BusinessCalendar, tz: str
) -> None:
    plan = ck.schedule(cadence, start, calendar=calendar, tz=tz)
    begin = _utc(plan.start)
    before: datetime | None = None
    for touch in plan:
        step = cadence[touch.step]
        window = cadence.window_for(touch.step)
        local = touch.due
        assert calendar.is_business_day(local.date())
        assert (
            window.is_open(local.weekday(), local.time())
            if isinstance(window, ck.SendHours)
            else local.time() in window
        )
        due = _utc(local)
        wait = step.after
        if before is None:
            assert due >= begin + (wait or timedelta(0))
        else:
            assert due >= before  # order kept
            assert due - before >= (cadence.spacing if wait is None else wait)  # in UTC
        if step.at_time is not None:
            opens = _time.step_window(window, step.at_time)
            assert isinstance(opens, ck.SendWindow | ck.SendHours)
            # never before its preferred time (clamped) on the day it goes out
            first = _time.first_opening(local.date(), opens)
            assert first is not None
            assert local.time() >= first
        before = due


@given(timed_cadences(), starts, st.sampled_from(sorted(CALENDARS)), st.sampled_from(ZONES))
def test_an_enrollments_plan_is_its_schedule(
    cadence: ck.Cadence, start: datetime, region: str, tz: str
) -> None:
    calendar = CALENDARS[region]
    plan = ck.schedule(cadence, start, calendar=calendar, tz=tz)
    enrollment = ck.Enrollment.start(cadence, "p", start, calendar=calendar, tz=tz)
    assert [(t.step, _utc(t.due)) for t in enrollment.plan] == [(t.step, _utc(t.due)) for t in plan]


@given(timed_cadences(), st.lists(starts, min_size=1, max_size=3), st.sampled_from(ZONES))
def test_schedule_many_equals_schedule(cadence: ck.Cadence, many: list[datetime], tz: str) -> None:
    expected = [
        _utc(touch.due)
        for start in many
        for touch in ck.schedule(cadence, start, calendar=US, tz=tz)
    ]
    for engine in ("python", "numpy"):
        columns = bulk._schedule_many(cadence, many, calendar=US, tz=tz, engine=engine)
        assert columns.to_dict()["due"] == expected


@given(timed_cadences())
def test_timed_cadences_round_trip(cadence: ck.Cadence) -> None:
    assert ck.Cadence.from_dict(json.loads(json.dumps(cadence.to_dict()))) == cadence


def test_step_window_keeps_a_window_without_a_time() -> None:
    window = ck.SendWindow("08:00", "10:00")
    assert _time.step_window(window, None) is window
    assert _time.step_window(window, time(7)) == window
    assert str(_time.step_window(window, time(9, 59, 30))) == "09:59:30-10:00"


@given(
    cadences(max_touches=6, max_gap=3),
    st.lists(at_times, min_size=6, max_size=6),
    st.lists(starts, min_size=1, max_size=4),
    st.sampled_from(ZONES),
)
def test_schedule_many_keeps_preferred_times_on_its_fast_path(
    cadence: ck.Cadence, wanted: list[time | None], many: list[datetime], tz: str
) -> None:
    timed = attrs.evolve(
        cadence,
        touchpoints=[
            attrs.evolve(touch, at_time=at) for touch, at in zip(cadence, wanted, strict=False)
        ],
    )
    expected = [
        _utc(touch.due) for start in many for touch in ck.schedule(timed, start, calendar=US, tz=tz)
    ]
    for engine in ("python", "numpy"):
        columns = bulk._schedule_many(timed, many, calendar=US, tz=tz, engine=engine)
        assert columns.to_dict()["due"] == expected
