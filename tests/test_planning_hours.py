"""Whose hours: a manual touch is placed only where the rep's and the prospect's hours meet.

Issue 25 (calls at 2 a.m.) and issue 29 (a team's Monday plan, never before now).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cadencekit as ck
from cadencekit import (
    Agenda,
    BusinessCalendar,
    Cadence,
    Cap,
    Capacity,
    Enrollment,
    PlannedTouch,
    SendHours,
    SendWindow,
    Touchpoint,
    plan,
)

from .test_planning import _assert_runs

CHICAGO = "America/Chicago"
MON = date(2026, 11, 23)
CALL = Cadence("Call", [Touchpoint("call", 1)])
# (zone, country) of the issue-25 export: six zones, five countries.
PLACES = [
    ("America/Chicago", "US"),
    ("America/New_York", "US"),
    ("Europe/London", "GB"),
    ("Europe/Berlin", "DE"),
    ("Asia/Tokyo", "JP"),
    ("Australia/Sydney", "AU"),
]
COUNTRY = {country: BusinessCalendar(country=country) for country in ("US", "GB", "DE", "JP", "AU")}
US = COUNTRY["US"]


def _prospects(count: int) -> list[Enrollment]:
    return [
        Enrollment.start(
            CALL,
            f"p{n}@firm{n}.example",
            datetime(2026, 11, 20, 8) + timedelta(minutes=7 * n),
            calendar=COUNTRY[PLACES[n % len(PLACES)][1]],
            tz=PLACES[n % len(PLACES)][0],
            owner="ann",
        )
        for n in range(count)
    ]


def _call(
    prospect: str, tz: str, country: str, at: str, rep_calendar: BusinessCalendar | None = None
) -> Enrollment:
    return Enrollment.start(
        CALL, prospect, at, tz=tz, calendar=COUNTRY[country], owner="ann", rep_calendar=rep_calendar
    )


def _local(touch: PlannedTouch) -> datetime:
    assert touch.at is not None
    assert touch.enrollment is not None
    return touch.at.astimezone(touch.enrollment.zone)


def test_calls_at_2am_a_reps_call_session_never_lands_outside_the_prospects_hours() -> None:
    """Issue 25: with sessions={"call": "09:00-17:00"} 43% of calls fell outside the prospect's hours.

    Before the fix, 226 of the 400 calls planned here did (one in Sydney at 02:00).
    """
    people = _prospects(500)
    agenda = plan(
        people,
        capacity=Capacity({"call": 80}, sessions={"call": "09:00-17:00"}),
        calendar=US,
        start=MON,
        days=5,
        tz=CHICAGO,
    )
    outside = []
    for touch in agenda.touches:
        local = _local(touch)
        assert touch.enrollment is not None
        window = touch.enrollment.cadence.window
        assert isinstance(window, SendWindow)
        if not (
            window.start <= local.time()
            and local + timedelta(minutes=5)
            <= datetime.combine(local.date(), window.end, local.tzinfo)
            and touch.enrollment.calendar.is_business_day(local.date())
        ):
            outside.append((touch.prospect, local.isoformat()))
    assert len(agenda.touches) > 300
    assert outside == [], f"{len(outside)} of {len(agenda.touches)} calls outside: {outside[:3]}"
    # Tokyo's 09:00-17:00 never meets Chicago's: those calls are never placed, and say why.
    tokyo = [t for t in agenda.backlog if t.enrollment and t.enrollment.tz == "Asia/Tokyo"]
    assert tokyo
    assert not [t for t in agenda.touches if t.enrollment and t.enrollment.tz == "Asia/Tokyo"]
    reasons = {s.reason for s in agenda.slips if s.item.enrollment in [t.enrollment for t in tokyo]}
    assert reasons == {
        "no common hours: the rep's call session Mon-Sun 09:00-17:00 (America/Chicago), "
        "the prospect's 09:00-17:00 (Asia/Tokyo)"
    }


def test_a_rep_in_chicago_calls_london_in_the_morning_and_tokyo_in_the_evening() -> None:
    kenji = _call("kenji@tokyo.jp", "Asia/Tokyo", "JP", "2026-11-24T09:00:00+09:00")
    olivia = _call("olivia@london.uk", "Europe/London", "GB", "2026-11-23T09:00:00+00:00")
    agenda = plan(
        [kenji, olivia],
        capacity=Capacity(sessions={"call": "08:00-11:00, 17:00-19:00"}),
        calendar=US,
        start=MON,
        days=1,
        tz=CHICAGO,
    )
    times = {
        t.prospect: (t.at.isoformat() if t.at else None, _local(t).isoformat())
        for t in agenda.touches
    }
    assert times == {
        # London's 09:00 is Chicago's 03:00: the morning session's first slot, 14:00 there.
        "olivia@london.uk": ("2026-11-23T08:00:00-06:00", "2026-11-23T14:00:00+00:00"),
        # Tokyo's Tuesday 09:00 is Chicago's Monday 18:00: the evening session.
        "kenji@tokyo.jp": ("2026-11-23T18:00:00-06:00", "2026-11-24T09:00:00+09:00"),
    }
    assert agenda.slips == ()


def test_a_slot_lies_wholly_inside_the_prospects_window() -> None:
    # London closes at 17:00 = Chicago 11:00; a 20-minute slot at 10:50 would end at 11:10.
    people = [
        _call(f"p{n}@london.uk", "Europe/London", "GB", "2026-11-23T16:30:00+00:00")
        for n in range(3)
    ]
    agenda = plan(
        people,
        capacity=Capacity(sessions={"call": "10:00-12:00"}, slot=timedelta(minutes=20)),
        calendar=US,
        start=MON,
        days=2,
        tz=CHICAGO,
    )
    at = [(t.day, t.at.strftime("%H:%M") if t.at else None) for t in agenda.touches]
    # Due 16:30 London (10:30 Chicago): one slot, 10:40-11:00, fits before London closes.
    assert at == [(MON, "10:40"), (date(2026, 11, 24), "10:00"), (date(2026, 11, 24), "10:20")]
    assert [s.cap for s in agenda.slips] == [Cap.SESSION, Cap.SESSION]


def test_a_sydney_call_on_chicagos_friday_is_on_the_prospects_weekend() -> None:
    # Chicago's Friday afternoon is Sydney's Saturday morning: the call waits for Monday.
    mia = _call("mia@sydney.au", "Australia/Sydney", "AU", "2026-11-27T09:00:00+11:00")
    agenda = plan(
        [mia],
        capacity=Capacity(sessions={"call": "09:00-17:00"}),
        calendar=US,
        start=date(2026, 11, 27),
        days=2,
        tz=CHICAGO,
    )
    (touch,) = agenda.touches
    assert touch.day == date(2026, 11, 30)
    assert _local(touch).isoformat() == "2026-12-01T09:00:00+11:00"
    (slip,) = agenda.slips
    assert (slip.cap, slip.detail, slip.from_day, slip.to_day) == (
        Cap.PROSPECT_DAY,
        None,
        date(2026, 11, 27),
        date(2026, 11, 30),
    )
    assert slip.reason == "the prospect's weekend"


def test_a_call_waits_out_the_prospects_holiday_and_the_agenda_says_so() -> None:
    # Boxing Day (observed) closes London on Monday 28 December; Chicago works.
    olivia = _call("olivia@london.uk", "Europe/London", "GB", "2026-12-24T09:00:00+00:00")
    agenda = plan(
        [olivia],
        capacity=Capacity(sessions={"call": "09:00-17:00"}),
        calendar=US,
        start=date(2026, 12, 28),
        days=2,
        tz=CHICAGO,
    )
    assert [t.day for t in agenda.touches] == [date(2026, 12, 29)]
    (slip,) = agenda.slips
    assert slip.reason == "the prospect's holiday Boxing Day (observed)"
    assert (
        "olivia@london.uk step 1 (call): Mon 28 Dec 2026 -> Tue 29 Dec 2026, "
        "the prospect's holiday Boxing Day (observed)"
    ) in str(agenda)
    # Without sessions the day is checked all the same: no call on a prospect's holiday.
    plain = plan([olivia], capacity=Capacity(), calendar=US, start=date(2026, 12, 28), days=2)
    assert [t.day for t in plain.touches] == [date(2026, 12, 29)]
    assert [s.reason for s in plain.slips] == ["the prospect's holiday Boxing Day (observed)"]


def test_an_email_goes_out_on_the_prospects_holiday_a_call_does_not() -> None:
    # Automated touches are the host's to send in the prospect's window; they need no rep.
    mixed = Cadence("Mixed", [Touchpoint("email", 1), Touchpoint("call", 1)])
    thanksgiving = date(2026, 11, 26)
    e = Enrollment.start(
        mixed, "ada", "2026-11-25T09:00:00-05:00", calendar=US, tz="America/New_York"
    )
    agenda = plan(
        [e],
        capacity=Capacity(),
        calendar=BusinessCalendar(),
        start=thanksgiving,
        days=2,
        forecast=True,
    )
    assert [(t.channel.value, t.day) for t in agenda.touches] == [
        ("email", thanksgiving),
        ("call", date(2026, 11, 27)),
    ]
    assert [s.reason for s in agenda.slips] == ["the prospect's holiday Thanksgiving Day"]


def test_the_enrollments_rep_calendar_is_the_reps_day_off() -> None:
    leave = BusinessCalendar(holidays={"2026-11-23": "Rep on leave"})
    e = _call(
        "olivia@london.uk", "Europe/London", "GB", "2026-11-20T09:00:00+00:00", rep_calendar=leave
    )
    agenda = plan([e], capacity=Capacity(), calendar=US, start=MON, days=2, tz=CHICAGO)
    assert [t.day for t in agenda.touches] == [date(2026, 11, 24)]
    assert [s.reason for s in agenda.slips] == ["the rep's day off (Rep on leave)"]
    assert agenda.slips[0].to_record()["cap"] == "rep_day"


def test_a_rep_without_a_session_that_weekday_has_no_common_hours() -> None:
    hours = SendHours({"Mon-Thu": "09:00-12:00"})
    e = _call("ada@acme.com", CHICAGO, "US", "2026-11-27T09:00:00-06:00")
    agenda = plan(
        [e],
        capacity=Capacity(sessions={"call": hours}),
        calendar=US,
        start=date(2026, 11, 27),
        days=2,
        tz=CHICAGO,
    )
    assert [t.day for t in agenda.touches] == [date(2026, 11, 30)]
    assert [s.reason for s in agenda.slips] == [
        "no common hours: the rep's call session Mon-Thu 09:00-12:00 (America/Chicago), "
        "the prospect's 09:00-17:00 (America/Chicago)"
    ]


# --- never before now -----------------------------------------------------------------


def test_a_reps_monday_already_over_in_sydney_is_not_planned() -> None:
    """Issue 29: plan() had no now; 41 of 281 slots fell before it."""
    people = [
        _call(f"p{n}@sydney.au", "Australia/Sydney", "AU", "2026-11-20T09:00:00+11:00")
        for n in range(3)
    ]
    capacity = Capacity(sessions={"call": "09:00-17:00"})
    options: dict[str, object] = {"calendar": US, "start": MON, "days": 2, "tz": "Australia/Sydney"}
    before = plan(people, capacity=capacity, **options)  # type: ignore[arg-type]
    assert {t.day for t in before.touches} == {MON}
    now = "2026-11-23T18:00:00+11:00"
    agenda = plan(people, capacity=capacity, now=now, **options)  # type: ignore[arg-type]
    assert [t.at.isoformat() if t.at else None for t in agenda.touches] == [
        "2026-11-24T09:00:00+11:00",
        "2026-11-24T09:05:00+11:00",
        "2026-11-24T09:10:00+11:00",
    ]
    assert {s.reason for s in agenda.slips} == {
        "its hours that day had passed by now (Mon 23 Nov 2026 18:00 AEDT)"
    }
    assert {s.cap for s in agenda.slips} == {Cap.NOW}


def test_now_mid_session_takes_the_next_slot_and_accepts_a_datetime() -> None:
    people = [_call(f"p{n}", CHICAGO, "US", "2026-11-20T09:00:00-06:00") for n in range(2)]
    now = datetime(2026, 11, 23, 16, 32, tzinfo=UTC)  # 10:32 in Chicago
    agenda = plan(
        people,
        capacity=Capacity(sessions={"call": "09:00-17:00"}),
        calendar=US,
        start=MON,
        days=1,
        tz=CHICAGO,
        now=now,
    )
    assert [t.at.strftime("%H:%M") if t.at else None for t in agenda.touches] == ["10:35", "10:40"]


def test_now_without_sessions_keeps_days_already_over_off_the_plan() -> None:
    both = Cadence("Both", [Touchpoint("email", 1)])
    mail = Enrollment.start(both, "m", "2026-11-20T09:00:00-06:00", calendar=US, tz=CHICAGO)
    call = _call("c", CHICAGO, "US", "2026-11-20T09:00:00-06:00")
    # Tuesday 17:30 in Chicago: Monday is over; Tuesday's hours too, not its date.
    agenda = plan(
        [mail, call],
        capacity=Capacity(),
        calendar=US,
        start=MON,
        days=3,
        now="2026-11-24T17:30:00-06:00",
    )
    assert [(t.prospect, t.day) for t in agenda.touches] == [
        ("m", date(2026, 11, 24)),
        ("c", date(2026, 11, 25)),
    ]
    assert [(s.item.prospect, s.cap, s.days) for s in agenda.slips] == [
        ("m", Cap.NOW, 1),
        ("c", Cap.NOW, 2),
    ]


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-11-23T10:00:00", "expected a tz-aware datetime"),
        (datetime(2026, 11, 23, 10), "expected a tz-aware datetime"),
        ("Monday", "expected a datetime or an ISO 8601 string"),
        (date(2026, 11, 23), "expected a datetime or an ISO 8601 string"),
    ],
)
def test_a_bad_now_is_named(now: object, expected: str) -> None:
    with pytest.raises(ck.InvalidFieldError, match=rf"^now .*{expected}"):
        plan([], capacity=Capacity(), calendar=US, start=MON, days=1, now=now)  # type: ignore[arg-type]


# --- the property: zones, calendars and reps ----------------------------------------------

ZONES = [
    "America/Chicago",
    "Europe/London",
    "Australia/Sydney",
    "Asia/Tokyo",
    "America/Los_Angeles",
    "Asia/Kolkata",
]
CADENCES = [
    Cadence(
        "Calls and mail",
        [
            Touchpoint("call", 1),
            Touchpoint("email", 1),
            Touchpoint("linkedin", 2, window=SendWindow("12:00", "14:00")),
        ],
    ),
    Cadence(
        "Split days",
        [Touchpoint("call", 1), Touchpoint("call", 3)],
        window=SendHours({"Mon-Thu": "09:00-12:00, 13:00-17:00", "Fri": "09:00-12:00"}),
    ),
    Cadence(
        "Dialer",
        [Touchpoint("task", 1), Touchpoint("call", 2, automated=True), Touchpoint("sms", 2)],
        window=SendWindow("08:00", "18:00"),
    ),
]
SESSIONS = [
    None,
    "09:00-17:00",
    "08:00-11:00, 17:00-19:00",
    SendHours({"Mon-Thu": "07:00-10:00", "Fri": "13:00-15:00"}),
]
LEAVE = BusinessCalendar(holidays={"2026-11-24": "Rep on leave", "2026-12-02": "Training"})
REPS = ["ann", "bob", "cai"]


@st.composite
def capacities(draw: st.DrawFn) -> Capacity:
    sessions = {
        channel: hours
        for channel in ("call", "linkedin")
        if (hours := draw(st.sampled_from(SESSIONS))) is not None
    }
    return Capacity(
        draw(st.dictionaries(st.sampled_from(["call", "linkedin", "email"]), st.integers(0, 4))),
        manual_per_day=draw(st.none() | st.integers(0, 5)),
        sessions=sessions,
        slot=timedelta(minutes=draw(st.sampled_from([5, 20, 45]))),
    )


@st.composite
def team_plans(draw: st.DrawFn) -> tuple[list[Enrollment], dict[str, object]]:
    people = []
    for n in range(draw(st.integers(0, 16))):
        e = Enrollment.start(
            draw(st.sampled_from(CADENCES)),
            f"p{n}@firm{draw(st.integers(0, 3))}.example",
            datetime(2026, 11, 16, tzinfo=UTC)
            + timedelta(days=draw(st.integers(0, 40)), hours=draw(st.integers(0, 23))),
            calendar=COUNTRY[draw(st.sampled_from(sorted(COUNTRY)))],
            tz=draw(st.sampled_from(ZONES)),
            owner=draw(st.sampled_from(REPS)),
            rep_calendar=draw(st.sampled_from([None, LEAVE])),
        )
        if draw(st.booleans()) and e.next_touch is not None:
            e = e.apply(ck.Event.touch(e.next_touch.due, e.next_touch.step))
        people.append(e)
    tz = draw(st.sampled_from([None, *ZONES]))
    # Reps in zones of their own (issue 29): sessions need every rep's zone.
    zones = draw(st.dictionaries(st.sampled_from(REPS), st.sampled_from(ZONES)))
    zoned = tz is not None or len(zones) == len(REPS)
    team = draw(capacities()) if zoned else Capacity()
    start = date(2026, 11, 16) + timedelta(days=draw(st.integers(0, 35)))
    options: dict[str, object] = {
        "capacity": team,
        "calendar": COUNTRY[draw(st.sampled_from(sorted(COUNTRY)))],
        "start": start,
        "days": draw(st.integers(1, 6)),
        "tz": tz,
        "owner_tz": zones,
        "forecast": draw(st.booleans()),
        "owner_calendar": draw(
            st.dictionaries(
                st.sampled_from(REPS), st.sampled_from(sorted(COUNTRY)).map(COUNTRY.get)
            )
        ),
    }
    if zoned:
        options["owner_capacity"] = draw(st.dictionaries(st.sampled_from(REPS), capacities()))
    if draw(st.booleans()):
        options["now"] = datetime.combine(start, time(0), UTC) + timedelta(
            hours=draw(st.integers(-24, 96)), minutes=draw(st.integers(0, 59))
        )
    return people, options


def _capacity_of(agenda: Agenda, owner: str | None) -> Capacity:
    return dict(agenda.owner_capacity).get(owner, agenda.capacity)


def _meets(touch: PlannedTouch, rep_zone: tzinfo, now: datetime | None) -> bool:
    """Whether the rep's whole day and the prospect's open hours meet (after now): an oracle."""
    e = touch.enrollment
    assert e is not None
    assert touch.day is not None
    window = e.steps[touch.step].window or e.cadence.window
    day_start = datetime.combine(touch.day, time(0), rep_zone)
    day_end = datetime.combine(touch.day + timedelta(days=1), time(0), rep_zone)
    for shift in range(-2, 3):
        local = touch.day + timedelta(days=shift)
        if not e.calendar.is_business_day(local):
            continue
        blocks = (window,) if isinstance(window, SendWindow) else window.blocks(local.weekday())
        for block in blocks:
            opens = datetime.combine(local, block.start, e.zone)
            closes = datetime.combine(local, block.end, e.zone)
            low, high = max(opens, day_start), min(closes, day_end)
            if low < high and (now is None or high > now):
                return True
    return False


@given(team_plans())
def test_every_manual_touch_is_placed_where_both_sides_hours_meet_and_nothing_is_lost(
    case: tuple[list[Enrollment], dict[str, object]],
) -> None:
    people, options = case
    agenda = plan(people, **options)  # type: ignore[arg-type]
    assert plan(people, **options) == agenda  # type: ignore[arg-type]  # the same input, the same plan
    tz = options["tz"]
    zones = options["owner_tz"]
    assert isinstance(zones, dict)
    now = options.get("now")
    assert now is None or isinstance(now, datetime)
    own_calendars = options["owner_calendar"]
    assert isinstance(own_calendars, dict)
    team = options["calendar"]
    assert isinstance(team, BusinessCalendar)
    used: Counter[tuple[str | None, date, str]] = Counter()
    manual: Counter[tuple[str | None, date]] = Counter()
    slots: set[tuple[str | None, str, datetime]] = set()  # each channel's session its own
    for touch in agenda.touches:
        e, d = touch.enrollment, touch.day
        assert e is not None
        assert d is not None
        rep_calendar = own_calendars.get(touch.owner, team)
        assert rep_calendar.is_business_day(d)
        assert touch.due_day <= d
        rep_tz = zones.get(touch.owner, tz)
        rep_zone = ZoneInfo(rep_tz) if isinstance(rep_tz, str) else e.zone
        capacity = _capacity_of(agenda, touch.owner)
        session = capacity.session(touch.channel)
        used[(touch.owner, d, touch.channel.value)] += 1
        manual[(touch.owner, d)] += not touch.automated
        if session is not None:
            at = touch.at
            assert at is not None
            assert (touch.owner, touch.channel.value, at) not in slots
            slots.add((touch.owner, touch.channel.value, at))
            assert now is None or at >= now
            assert at >= touch.due
            rep_local = at.astimezone(rep_zone)
            assert rep_local.date() == d
            rep_end = rep_local.replace(tzinfo=None) + capacity.slot
            assert any(
                b.start <= rep_local.time() and rep_end <= datetime.combine(d, b.end)
                for b in session.blocks(d.weekday())
            ), f"{rep_local} outside the rep's {session}"
        else:
            assert touch.at is None
        if touch.automated:
            if now is not None:
                assert d >= now.astimezone(rep_zone).date()
            continue
        if e.rep_calendar is not None:
            assert e.rep_calendar.is_business_day(d)
        if touch.at is None:
            assert _meets(touch, rep_zone, now)
            continue
        local = touch.at.astimezone(e.zone)
        window = e.steps[touch.step].window or e.cadence.window
        blocks = (window,) if isinstance(window, SendWindow) else window.blocks(local.weekday())
        local_end = local.replace(tzinfo=None) + capacity.slot
        assert e.calendar.is_business_day(local.date()), f"{local} on the prospect's day off"
        assert any(
            b.start <= local.time() and local_end <= datetime.combine(local.date(), b.end)
            for b in blocks
        ), f"{local} outside the prospect's {window}"
    for (owner, _, channel), n in used.items():
        limit = _capacity_of(agenda, owner).limit(channel)
        assert limit is None or n <= limit
    for (owner, _), n in manual.items():
        most = _capacity_of(agenda, owner).manual_per_day
        assert most is None or n <= most
    # Nothing lost: every touch due within its owner's days is placed or in the backlog...
    expected = []
    for index, e in enumerate(people):
        todo = e.plan if options["forecast"] else ([e.next_touch] if e.next_touch else [])
        days = agenda.days_of(e.owner)
        rolled_on = own_calendars.get(e.owner, team)
        rep_tz = zones.get(e.owner, tz)
        for step in todo:
            due = step.due.astimezone(ZoneInfo(rep_tz)) if isinstance(rep_tz, str) else step.due
            if rolled_on.roll_forward(due.date()) <= days[-1]:
                expected.append((index, step.step))
    seen = [(t.index, t.step) for t in (*agenda.touches, *agenda.backlog)]
    assert sorted(seen) == sorted(expected)
    # ...and every day a touch moved is in a slip with a reason; the backlog's last
    # slip runs to the day after the agenda.
    moved: Counter[tuple[int, int]] = Counter()
    last: dict[tuple[int, int], date] = {}
    for slip in agenda.slips:
        moved[(slip.item.index, slip.item.step)] += slip.days
        last[(slip.item.index, slip.item.step)] = slip.to_day
        assert slip.reason
        if slip.cap is Cap.NOW:
            assert now is not None
    for t in (*agenda.touches, *agenda.backlog):
        assert moved[(t.index, t.step)] == t.slipped
    for t in agenda.backlog:
        after = own_calendars.get(t.owner, team).add_business_days(agenda.days_of(t.owner)[-1], 1)
        assert last[(t.index, t.step)] == after
    _assert_runs(agenda.slips)
