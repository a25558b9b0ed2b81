from __future__ import annotations

import itertools
import json
import pickle
import runpy
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
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
    Channel,
    Enrollment,
    Event,
    PlannedTouch,
    Slip,
    Touchpoint,
    plan,
)
from cadencekit.planning import _domain

from .strategies import CALENDARS, cadences, calendars

NY = "America/New_York"
US = CALENDARS["US"]
PLAIN = CALENDARS["plain"]
MON = date(2026, 11, 23)  # Thanksgiving week: Thu 26 Nov is closed in the US
CALLS = Cadence("Calls", [Touchpoint("call", 1), Touchpoint("email", 2), Touchpoint("call", 3)])
ONE_CALL = Cadence("One call", [Touchpoint("call", 1), Touchpoint("call", 3)])
ONE_EMAIL = Cadence("One email", [Touchpoint("email", 1), Touchpoint("email", 3)])


def enrol(
    prospect: str,
    at: str,
    *,
    cadence: Cadence = ONE_CALL,
    owner: str | None = "ann",
    done: int = 0,
) -> Enrollment:
    """An enrollment in New York on the US calendar, its first ``done`` steps done at their due time."""
    e = Enrollment.start(cadence, prospect, at, calendar=US, tz=NY, owner=owner)
    for _ in range(done):
        touch = e.next_touch
        assert touch is not None
        e = e.apply(Event.touch(touch.due, touch.step))
    return e


def summary(agenda: Agenda) -> list[tuple[str, int, str, str | None, int, int]]:
    return [
        (
            t.prospect,
            t.step,
            t.channel.value,
            t.day.isoformat() if t.day else None,
            t.slipped,
            t.overdue,
        )
        for t in agenda.touches
    ]


# --- a hand-worked example ----------------------------------------------------------


def test_hand_worked_thanksgiving_week() -> None:
    # One rep, 2 calls a day, email unlimited, planning Wed 25 Nov for 3 business
    # days: Wed 25, Fri 27 (Thanksgiving on Thu 26 is closed), Mon 30.
    a = enrol("a@x.com", "2026-11-24T08:00:00-05:00", cadence=CALLS)  # call due Tue 24: overdue
    b = enrol("b@x.com", "2026-11-25T08:00:00-05:00", cadence=CALLS)  # call due Wed 25
    c = enrol("c@y.com", "2026-11-25T08:00:00-05:00", cadence=CALLS)  # call due Wed 25
    d = enrol("d@z.com", "2026-11-23T09:00:00-05:00", cadence=CALLS, done=1)  # email due Tue 24
    e = enrol("e@z.com", "2026-11-23T09:00:00-05:00", cadence=CALLS, done=2)  # call due Wed 25
    agenda = plan(
        [a, b, c, d, e], capacity=Capacity({"call": 2}), calendar=US, start="2026-11-25", days=3
    )
    assert agenda.days == (date(2026, 11, 25), date(2026, 11, 27), date(2026, 11, 30))
    # Wed 25: in flight first (d's email, e's call), then new in due order: a's
    # overdue call takes the second call slot; b and c slip to Friday.
    assert summary(agenda) == [
        ("d@z.com", 1, "email", "2026-11-25", 0, 1),
        ("e@z.com", 2, "call", "2026-11-25", 0, 0),
        ("a@x.com", 0, "call", "2026-11-25", 0, 1),
        ("b@x.com", 0, "call", "2026-11-27", 1, 0),
        ("c@y.com", 0, "call", "2026-11-27", 1, 0),
    ]
    assert [
        (s.item.prospect, s.from_day.day, s.to_day.day, s.cap, s.detail) for s in agenda.slips
    ] == [
        ("b@x.com", 25, 27, Cap.CHANNEL, "call"),
        ("c@y.com", 25, 27, Cap.CHANNEL, "call"),
    ]
    assert agenda.backlog == ()
    assert agenda.load == {
        "ann": {
            date(2026, 11, 25): {Channel.EMAIL: 1, Channel.CALL: 2},
            date(2026, 11, 27): {Channel.CALL: 2},
            date(2026, 11, 30): {},
        }
    }
    text = str(agenda)
    assert text.splitlines()[0] == (
        "Agenda: 3 business days from Wed 25 Nov 2026 — 5 planned, 2 slips, 0 in the backlog"
    )
    assert "  Mon 30 Nov 2026: nothing planned" in text
    assert (
        "  b@x.com step 1 (call): Wed 25 Nov 2026 -> Fri 27 Nov 2026, "
        "the limit of 2 calls a day was reached"
    ) in text


def test_overflow_past_the_last_day_is_the_backlog_with_its_last_slip() -> None:
    es = [enrol(f"p{i}", "2026-11-23T08:00:00-05:00") for i in range(5)]
    agenda = plan(es, capacity=Capacity({"call": 2}), calendar=US, start=MON, days=2)
    assert [t.prospect for t in agenda.touches] == ["p0", "p1", "p2", "p3"]
    assert [(t.prospect, t.day, t.slipped) for t in agenda.backlog] == [("p4", None, 2)]
    chain = [(s.from_day, s.to_day, s.days) for s in agenda.slips if s.item.prospect == "p4"]
    assert chain == [(MON, date(2026, 11, 25), 2)]  # one run of two days, one cap
    records = agenda.to_records()
    assert [(r["prospect"], r["status"]) for r in records][-1] == ("p4", "backlog")


def test_overdue_touches_are_planned_on_the_first_day_earliest_first() -> None:
    es = [
        enrol("late", "2026-11-20T08:00:00-05:00"),  # due Fri 20: 3 business days late
        enrol("later", "2026-11-17T08:00:00-05:00"),  # due Tue 17: 6 late
        enrol("today", "2026-11-25T08:00:00-05:00"),
    ]
    agenda = plan(es, capacity=Capacity(), calendar=US, start="2026-11-25", days=1)
    assert [(t.prospect, t.overdue, t.due_day) for t in agenda.touches] == [
        ("later", 6, date(2026, 11, 25)),
        ("late", 3, date(2026, 11, 25)),
        ("today", 0, date(2026, 11, 25)),
    ]


def test_only_the_next_touch_of_each_enrollment_is_planned() -> None:
    e = enrol("p", "2026-11-23T08:00:00-05:00", cadence=CALLS)
    agenda = plan([e], capacity=Capacity(), calendar=US, start=MON, days=5)
    assert [(t.step, t.day) for t in agenda.touches] == [(0, MON)]


def test_touches_due_after_the_horizon_are_not_counted() -> None:
    e = enrol("p", "2026-12-01T08:00:00-05:00")
    agenda = plan([e], capacity=Capacity({"call": 0}), calendar=US, start=MON, days=3)
    assert agenda.touches == agenda.backlog == agenda.slips == ()
    assert agenda.owners == ("ann",)


def test_ended_and_paused_enrollments_have_nothing_planned_but_their_owner_is_listed() -> None:
    ended = enrol("x", "2026-11-23T08:00:00-05:00", owner="bob").apply(
        Event.opt_out("2026-11-23T08:30:00-05:00")
    )
    paused = enrol("y", "2026-11-23T08:00:00-05:00", owner=None).apply(
        Event.pause("2026-11-23T08:30:00-05:00")
    )
    agenda = plan([ended, paused], capacity=Capacity(), calendar=US, start=MON, days=2)
    assert agenda.owners == ("bob", None)
    assert agenda.touches == ()
    assert agenda.for_owner(None) == {MON: (), date(2026, 11, 24): ()}


def test_the_days_are_the_teams_calendar() -> None:
    # The prospect's calendar is plain (Thanksgiving open); the team's is US.
    e = Enrollment.start(ONE_CALL, "p", "2026-11-26T08:00:00-05:00", calendar=PLAIN, tz=NY)
    assert e.next_touch is not None
    assert e.next_touch.due.date() == date(2026, 11, 26)
    agenda = plan([e], capacity=Capacity(), calendar=US, start="2026-11-26", days=1)
    assert agenda.days == (date(2026, 11, 27),)
    assert [(t.due_day, t.day, t.slipped) for t in agenda.touches] == [
        (date(2026, 11, 27), date(2026, 11, 27), 0)
    ]


def test_tz_chooses_whose_date_a_touch_is_due_on() -> None:
    # Due Mon 23 Nov 16:30 in New York is Tue 24 06:30 in Tokyo.
    e = Enrollment.start(ONE_CALL, "p", "2026-11-23T16:30:00-05:00", calendar=PLAIN, tz=NY)
    own = plan([e], capacity=Capacity(), calendar=PLAIN, start=MON, days=2)
    tokyo = plan([e], capacity=Capacity(), calendar=PLAIN, start=MON, days=2, tz="Asia/Tokyo")
    assert own.touches[0].day == MON
    assert tokyo.touches[0].day == date(2026, 11, 24)


def test_start_may_be_a_moment_whose_local_date_begins_the_agenda() -> None:
    # One meaning of start everywhere: a moment, or a date (its local midnight).
    e = Enrollment.start(ONE_CALL, "p", "2026-11-23T16:30:00-05:00", calendar=PLAIN, tz=NY)
    by_date = plan([e], capacity=Capacity(), calendar=PLAIN, start=MON, days=2)
    late_sunday = datetime(2026, 11, 22, 23, 30, tzinfo=ZoneInfo(NY))  # Mon 04:30 in UTC
    assert plan([e], capacity=Capacity(), calendar=PLAIN, start=late_sunday, days=2).days == (
        MON,
        date(2026, 11, 24),
    )  # its own date, Sunday, rolled forward to Monday
    in_utc = plan([e], capacity=Capacity(), calendar=PLAIN, start=late_sunday, days=2, tz="UTC")
    assert in_utc.days == by_date.days
    tokyo = plan(
        [e],
        capacity=Capacity(),
        calendar=PLAIN,
        start="2026-11-23T20:00:00-05:00",
        days=1,
        tz="Asia/Tokyo",
    )
    assert tokyo.days == (date(2026, 11, 24),)
    with pytest.raises(ck.InvalidFieldError, match="start"):
        plan([e], capacity=Capacity(), calendar=PLAIN, start="Monday", days=1)


# --- the caps ---------------------------------------------------------------------


def test_manual_touches_fill_the_reps_day_and_emails_the_mailbox() -> None:
    calls = [enrol(f"c{i}", "2026-11-23T08:00:00-05:00") for i in range(3)]
    emails = [enrol(f"e{i}", "2026-11-23T08:00:00-05:00", cadence=ONE_EMAIL) for i in range(3)]
    linkedin = Cadence("LinkedIn", [Touchpoint("linkedin", 1)])
    social = [enrol("l0", "2026-11-23T08:00:00-05:00", cadence=linkedin)]
    capacity = Capacity({"email": 2}, manual_per_day=3)
    agenda = plan([*calls, *emails, *social], capacity=capacity, calendar=US, start=MON, days=1)
    first = agenda.for_owner("ann")[MON]
    assert [t.prospect for t in first] == ["c0", "c1", "c2", "e0", "e1"]
    caps = {s.item.prospect: (s.cap, s.limit) for s in agenda.slips}
    assert caps == {"e2": (Cap.CHANNEL, 2), "l0": (Cap.MANUAL, 3)}
    assert agenda.slips[-1].reason == "the rep's day of 3 manual touches was full"


def test_new_enrollment_cap_lets_the_rest_wait_in_order() -> None:
    fresh = [enrol(f"new{i}", f"2026-11-23T08:0{i}:00-05:00") for i in range(5)]
    going = [enrol(f"old{i}", "2026-11-20T08:00:00-05:00", done=1) for i in range(2)]
    agenda = plan(
        [*fresh, *going], capacity=Capacity(new_per_day=2), calendar=US, start=MON, days=3
    )
    by_day = {d: [t.prospect for t in ts] for d, ts in agenda.for_owner("ann").items()}
    # The old ones' step 1 falls due Tue 24 (2 business days after Fri 20),
    # and in flight they do not count as new.
    assert by_day == {
        MON: ["new0", "new1"],
        date(2026, 11, 24): ["old0", "old1", "new2", "new3"],
        date(2026, 11, 25): ["new4"],
    }
    assert {s.cap for s in agenda.slips} == {Cap.NEW}
    assert {s.item.prospect: s.days for s in agenda.slips} == {"new2": 1, "new3": 1, "new4": 2}
    assert len(agenda.slips) == 3  # new4's two days are one slip
    assert agenda.slips[0].reason == "the limit of 2 new enrollments a day was reached"


def test_new_means_no_step_done_or_skipped_yet() -> None:
    skipped = enrol("s", "2026-11-20T08:00:00-05:00").apply(
        Event.skip("2026-11-20T10:00:00-05:00", 0)
    )
    agenda = plan([skipped], capacity=Capacity(new_per_day=0), calendar=US, start=MON, days=3)
    assert [(t.step, t.new) for t in agenda.touches] == [(1, False)]


def test_domain_cap_spreads_one_company_over_days() -> None:
    es = [
        enrol("a@acme.com", "2026-11-23T08:00:00-05:00"),
        enrol("b@ACME.com", "2026-11-23T08:00:00-05:00", cadence=ONE_EMAIL),
        enrol("c@beta.io", "2026-11-23T08:00:00-05:00"),
        enrol("crm-17", "2026-11-23T08:00:00-05:00"),
        enrol("crm-18", "2026-11-23T08:00:00-05:00"),
        enrol("d@acme.com", "2026-11-23T08:00:00-05:00"),
    ]
    agenda = plan(es, capacity=Capacity(per_domain=1), calendar=US, start=MON, days=3)
    by_day = {d: [t.prospect for t in ts] for d, ts in agenda.for_owner("ann").items()}
    assert by_day == {
        MON: ["a@acme.com", "c@beta.io", "crm-17", "crm-18"],
        date(2026, 11, 24): ["b@ACME.com"],
        date(2026, 11, 25): ["d@acme.com"],
    }
    assert {(s.cap, s.detail) for s in agenda.slips} == {(Cap.DOMAIN, "acme.com")}


def test_caps_are_per_owner() -> None:
    es = [enrol(f"p{i}", "2026-11-23T08:00:00-05:00", owner=o) for i, o in enumerate("ab" * 3)]
    agenda = plan(es, capacity=Capacity({"call": 2}), calendar=US, start=MON, days=1)
    assert Counter(t.owner for t in agenda.touches) == {"a": 2, "b": 2}
    assert [t.prospect for t in agenda.backlog] == ["p4", "p5"]


@pytest.mark.parametrize(
    ("prospect", "domain"),
    [
        ("ada@acme.com", "acme.com"),
        ("Ada.Lovelace@Mail.ACME.co.uk", "mail.acme.co.uk"),
        ("  ada@acme.com ", "acme.com"),
        ("crm-0017", None),
        ("ada@localhost", None),
        ("Ada <ada@acme.com>", None),
        ("a@b@acme.com", None),
    ],
)
def test_domain_of_a_prospect_id(prospect: str, domain: str | None) -> None:
    assert _domain(prospect) == domain


# --- priority -----------------------------------------------------------------------


def test_default_priority_puts_prospects_in_flight_before_first_touches() -> None:
    fresh = [enrol(f"new{i}", "2026-11-19T08:00:00-05:00") for i in range(3)]  # overdue
    going = enrol("old", "2026-11-20T08:00:00-05:00", done=1)  # step 1 due Tue 24
    agenda = plan(
        [*fresh, going], capacity=Capacity({"call": 1}), calendar=US, start="2026-11-24", days=1
    )
    assert [t.prospect for t in agenda.touches] == ["old"]
    assert [t.prospect for t in agenda.backlog] == ["new0", "new1", "new2"]


def test_due_first_priority_is_plain_due_order() -> None:
    fresh = enrol("new", "2026-11-19T08:00:00-05:00")
    going = enrol("old", "2026-11-20T08:00:00-05:00", done=1)
    agenda = plan(
        [going, fresh],
        capacity=Capacity({"call": 1}),
        calendar=US,
        start="2026-11-24",
        days=1,
        priority=ck.due_first,
    )
    assert [t.prospect for t in agenda.touches] == ["new"]


@pytest.mark.parametrize("own", [ck.in_flight_first, ck.due_first])
def test_a_priority_that_keeps_the_touches_it_sees_finds_them_unchanged(
    own: Callable[[ck.PlannedTouch], object],
) -> None:
    # plan() settles each touch in place only with its own priorities, which keep none
    # of the touches they are shown; a key function of the host's may keep them
    fresh = [enrol(f"new{i}", "2026-11-19T08:00:00-05:00") for i in range(3)]
    going = [enrol(f"old{i}", "2026-11-20T08:00:00-05:00", done=1) for i in range(2)]
    shown: list[ck.PlannedTouch] = []

    def keeping(touch: ck.PlannedTouch) -> object:
        shown.append(touch)
        return own(touch)

    settings = {"capacity": Capacity({"call": 2}), "calendar": US, "start": "2026-11-24", "days": 2}
    theirs = plan([*fresh, *going], priority=keeping, **settings)  # type: ignore[arg-type]
    ours = plan([*fresh, *going], priority=own, **settings)  # type: ignore[arg-type]
    assert len(shown) == 5
    assert all(t.day is None and t.slipped == 0 and t.at is None for t in shown)
    assert theirs == ours
    assert [t.day for t in ours.touches] == [date(2026, 11, 24)] * 2 + [date(2026, 11, 25)] * 2
    assert ours.backlog[0].day is None
    assert ours.backlog[0].slipped == 2


def test_a_custom_priority_sees_the_enrollment() -> None:
    es = [
        Enrollment.start(ONE_CALL, p, "2026-11-23T08:00:00-05:00", tz=NY, account=acct)
        for p, acct in (("p0", "Small"), ("p1", "Big"), ("p2", "Small"), ("p3", "Big"))
    ]

    def big_accounts_first(item: PlannedTouch) -> tuple[bool, datetime]:
        assert item.day is None
        assert item.enrollment is not None
        return (item.enrollment.account != "Big", item.due)

    agenda = plan(
        es,
        capacity=Capacity({"call": 2}),
        calendar=PLAIN,
        start=MON,
        days=2,
        priority=big_accounts_first,
    )
    assert [(t.prospect, t.day) for t in agenda.touches] == [
        ("p1", MON),
        ("p3", MON),
        ("p0", date(2026, 11, 24)),
        ("p2", date(2026, 11, 24)),
    ]


def test_priority_keys_that_cannot_be_compared_are_refused() -> None:
    es = [enrol(f"p{i}", "2026-11-23T08:00:00-05:00") for i in range(2)]
    keys = iter([1, "one"])
    with pytest.raises(ck.InvalidFieldError, match="priority"):
        plan(es, capacity=Capacity(), calendar=US, start=MON, days=1, priority=lambda t: next(keys))


# --- the properties ---------------------------------------------------------------

BASE = datetime(2026, 11, 16, tzinfo=ZoneInfo(NY))
PROSPECTS = ["a@acme.com", "b@acme.com", "c@beta.io", "d@beta.io", "crm-1", "crm-2"]
ZONES = ["America/New_York", "Europe/Berlin", "Asia/Tokyo", "UTC"]
CHANNELS = list(Channel)


@st.composite
def planning_cases(
    draw: st.DrawFn,
) -> tuple[list[Enrollment], Capacity, BusinessCalendar, date, int]:
    pool = draw(st.lists(cadences(max_touches=4, max_gap=2), min_size=1, max_size=3))
    prospect_calendar = draw(calendars)
    enrollments = []
    for _ in range(draw(st.integers(0, 24))):
        e = Enrollment.start(
            draw(st.sampled_from(pool)),
            draw(st.sampled_from(PROSPECTS)),
            BASE + timedelta(days=draw(st.integers(0, 20)), hours=draw(st.integers(0, 23))),
            calendar=prospect_calendar,
            tz=draw(st.sampled_from(ZONES)),
            owner=draw(st.sampled_from([None, "ann", "bob"])),
        )
        for _ in range(draw(st.integers(0, 2))):
            touch = e.next_touch
            if touch is not None:
                e = e.apply(Event.touch(touch.due, touch.step))
        enrollments.append(e)
    limits = draw(st.dictionaries(st.sampled_from(CHANNELS), st.integers(0, 4), max_size=4))
    optional = st.none() | st.integers(0, 4)
    capacity = Capacity(
        limits, manual_per_day=draw(optional), per_domain=draw(optional), new_per_day=draw(optional)
    )
    start = date(2026, 11, 16) + timedelta(days=draw(st.integers(0, 25)))
    return enrollments, capacity, draw(calendars), start, draw(st.integers(1, 6))


def key(item: PlannedTouch) -> tuple[tuple[bool, datetime], int]:
    return (ck.in_flight_first(item), item.index)


@given(planning_cases())
def test_capacity_is_respected_on_every_day_for_every_owner(
    case: tuple[list[Enrollment], Capacity, BusinessCalendar, date, int],
) -> None:
    enrollments, capacity, calendar, start, days = case
    agenda = plan(enrollments, capacity=capacity, calendar=calendar, start=start, days=days)
    assert len(agenda.days) == days
    assert all(calendar.is_business_day(d) for d in agenda.days)
    for owner in agenda.owners:
        for d, touches in agenda.for_owner(owner).items():
            channels = Counter(t.channel for t in touches)
            for channel, n in channels.items():
                limit = capacity.limit(channel)
                assert limit is None or n <= limit
            if capacity.manual_per_day is not None:
                assert sum(not t.automated for t in touches) <= capacity.manual_per_day
            if capacity.per_domain is not None:
                domains = Counter(t.domain for t in touches if t.domain is not None)
                assert all(n <= capacity.per_domain for n in domains.values())
            if capacity.new_per_day is not None:
                assert sum(t.new for t in touches) <= capacity.new_per_day
            assert all(t.day == d and t.due_day <= d and t.owner == owner for t in touches)
            assert agenda.load[owner][d] == {c: n for c, n in channels.items() if n}


@given(planning_cases())
def test_nothing_is_lost_and_every_slip_is_accounted_for(
    case: tuple[list[Enrollment], Capacity, BusinessCalendar, date, int],
) -> None:
    enrollments, capacity, calendar, start, days = case
    agenda = plan(enrollments, capacity=capacity, calendar=calendar, start=start, days=days)
    last = agenda.days[-1]
    expected = [
        (index, e.next_touch.step)
        for index, e in enumerate(enrollments)
        if e.next_touch is not None and calendar.roll_forward(e.next_touch.due.date()) <= last
    ]
    seen = [(t.index, t.step) for t in (*agenda.touches, *agenda.backlog)]
    assert sorted(seen) == expected  # each exactly once
    moved: Counter[int] = Counter()
    for slip in agenda.slips:
        moved[slip.item.index] += slip.days
    for t in (*agenda.touches, *agenda.backlog):
        assert moved[t.index] == t.slipped  # every business day moved, in some slip
    after = calendar.add_business_days(last, 1)
    for slip in agenda.slips:
        assert calendar.add_business_days(slip.from_day, slip.days) == slip.to_day
        assert slip.item.due_day <= slip.from_day
        assert slip.to_day <= (slip.item.day or after)
    _assert_runs(agenda.slips)


@given(planning_cases())
def test_slips_are_in_priority_order(
    case: tuple[list[Enrollment], Capacity, BusinessCalendar, date, int],
) -> None:
    # A touch slips for its channel (or the rep's day) only when everything
    # planned that day on that channel (or manual) came before it in priority.
    enrollments, capacity, calendar, start, days = case
    agenda = plan(enrollments, capacity=capacity, calendar=calendar, start=start, days=days)
    for slip in agenda.slips:
        day = agenda.for_owner(slip.item.owner)[slip.from_day]
        if slip.cap is Cap.CHANNEL:
            rivals = [t for t in day if t.channel is slip.item.channel]
        elif slip.cap is Cap.MANUAL:
            rivals = [t for t in day if not t.automated]  # the rep's own work (issue 14)
        elif slip.cap is Cap.DOMAIN:
            rivals = [t for t in day if t.domain == slip.detail]
        elif slip.cap is Cap.NEW:
            rivals = [t for t in day if t.new]
        else:  # the prospect's day off: no rivals, the day itself
            assert slip.cap is Cap.PROSPECT_DAY
            continue
        assert len(rivals) == slip.limit
        assert all(key(t) < key(slip.item) for t in rivals)
    for owner in agenda.owners:  # each day is planned in priority order, read in time order
        for day, touches in agenda.for_owner(owner).items():
            planned = [t for t in agenda.touches if t.owner == owner and t.day == day]
            assert [key(t) for t in planned] == sorted(key(t) for t in planned)
            assert sorted(touches, key=id) == sorted(planned, key=id)
            times = [t.prospect_time for t in touches]
            assert all(a is not None and b is not None and a <= b for a, b in pairwise(times))


def test_slips_follow_due_order_then_enrollment_order() -> None:
    starts = ["2026-11-23T11:00", "2026-11-23T09:00", "2026-11-20T09:00", "2026-11-23T09:00"]
    es = [enrol(f"p{i}", at + ":00-05:00") for i, at in enumerate(starts)]
    agenda = plan(es, capacity=Capacity({"call": 1}), calendar=US, start=MON, days=4)
    assert [(t.prospect, t.day.day if t.day else None) for t in agenda.touches] == [
        ("p2", 23),
        ("p1", 24),
        ("p3", 25),
        ("p0", 27),  # Thanksgiving skipped
    ]


# --- values and errors --------------------------------------------------------------


def test_capacity_round_trips_through_a_dict_and_pickles() -> None:
    capacity = Capacity({"email": 200, "call": 60}, manual_per_day=80, per_domain=3, new_per_day=0)
    assert capacity.per_channel == ((Channel.EMAIL, 200), (Channel.CALL, 60))
    assert Capacity.from_dict(capacity.to_dict()) == capacity
    assert pickle.loads(pickle.dumps(capacity)) == capacity
    assert hash(capacity) == hash(
        Capacity(capacity.per_channel, manual_per_day=80, per_domain=3, new_per_day=0)
    )


def test_an_agenda_pickles_and_hashes() -> None:
    es = [enrol(f"p{i}@acme.com", "2026-11-23T08:00:00-05:00") for i in range(3)]
    agenda = plan(es, capacity=Capacity({"call": 1}), calendar=US, start=MON, days=2)
    assert pickle.loads(pickle.dumps(agenda)) == agenda
    assert hash(agenda) == hash(pickle.loads(pickle.dumps(agenda)))
    html = agenda._repr_html_()
    assert html.count("<tr>") == 1 + 3
    assert "backlog" in html


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ({"fax": 1}, "per_channel"),
        ({"call": -1}, "per_channel['call']"),
        ({"call": 1.5}, "per_channel['call']"),
        ({"call": True}, "per_channel['call']"),
        ("call", "per_channel"),
        ([("call", 1), ("CALL", 2)], "per_channel"),
    ],
)
def test_bad_channel_limits_are_named(value: object, field: str) -> None:
    with pytest.raises(ck.InvalidFieldError) as info:
        Capacity(value)  # type: ignore[arg-type]
    assert info.value.field == field


@pytest.mark.parametrize(
    "field", ["manual_per_day", "per_domain", "new_per_day", "per_prospect", "per_prospect_week"]
)
def test_bad_daily_limits_are_named(field: str) -> None:
    with pytest.raises(ck.InvalidFieldError) as info:
        Capacity(**{field: -2})  # type: ignore[arg-type]
    assert info.value.field == field


def test_a_channel_named_twice_is_refused_in_limits_and_sessions() -> None:
    with pytest.raises(ck.InvalidFieldError, match=r"^per_channel 'CALL': names 'call' twice"):
        Capacity({"call": 1, "CALL": 2})
    with pytest.raises(ck.InvalidFieldError, match=r"^sessions 'Call': names 'call' twice"):
        Capacity(sessions=(("call", "09:00-10:00"), ("Call", "11:00-12:00")))
    with pytest.raises(ck.InvalidFieldError, match=r"^sessions 'fax': expected one of 'email'"):
        Capacity(sessions={"fax": "09:00-10:00"})
    kept = Capacity({"CALL": 2, Channel.EMAIL: 9}, sessions=[("call", "09:00-10:00")])
    assert (kept.limit("call"), kept.limit("email")) == (2, 9)
    assert Capacity(kept.per_channel, sessions=kept.sessions) == kept  # the kept form reads back


def test_owner_calendar_and_owner_capacity_are_checked_alike() -> None:
    es = [enrol("ada@acme.com", "2026-11-23T08:00:00-05:00")]
    cases = [
        ("owner_calendar", ["ann"], "owner_calendar ['ann']: expected a mapping of owner to "
         "BusinessCalendar, or None"),
        ("owner_capacity", ["ann"], "owner_capacity ['ann']: expected a mapping of owner to "
         "Capacity, or None"),
        ("owner_calendar", {1: US}, "owner_calendar 1: expected owners as strings (or None)"),
        ("owner_capacity", {1: Capacity()}, "owner_capacity 1: expected owners as strings"),
        ("owner_calendar", {"ann": 7}, "owner_calendar['ann'] 7: expected a BusinessCalendar"),
        ("owner_capacity", {"ann": 3}, "owner_capacity['ann'] 3: expected a Capacity"),
    ]  # fmt: skip
    for option, value, message in cases:
        with pytest.raises(ck.InvalidFieldError) as caught:
            plan(es, capacity=Capacity(), calendar=US, start=MON, days=1, **{option: value})
        assert str(caught.value).startswith(message), caught.value
    agenda = plan(
        es,
        capacity=Capacity(),
        calendar=US,
        start=MON,
        days=1,
        owner_calendar={"ann": PLAIN, None: US},
        owner_capacity={None: Capacity({"call": 0})},
    )
    assert agenda.owner_capacity == ((None, Capacity({"call": 0})),)


def test_plan_report_and_record_tables_refuse_a_bad_enrollment_list_alike() -> None:
    """One check of a list of enrollments, one message, wherever one is given."""
    es = [enrol("ada@acme.com", "2026-11-23T08:00:00-05:00"), "bob@acme.com"]
    calls = {
        "plan": lambda value: plan(value, capacity=Capacity(), calendar=US, start=MON, days=1),
        "report": ck.report,
        "touch_records": ck.touch_records,
        "event_records": ck.event_records,
        "decision_records": ck.decision_records,
    }
    for name, call in calls.items():
        with pytest.raises(ck.InvalidFieldError) as caught:
            call(es)
        assert str(caught.value) == "enrollments[1] 'bob@acme.com': expected an Enrollment", name
        with pytest.raises(ck.InvalidFieldError) as caught:
            call("ada@acme.com")
        assert str(caught.value) == (
            "enrollments 'ada@acme.com': expected a sequence of Enrollment values"
        ), name
        call(iter(es[:1]))  # any iterable of enrollments will do


def test_capacity_from_dict_names_the_path() -> None:
    with pytest.raises(ck.SchemaError, match=r"^limits\.per_channel\.fax"):
        Capacity.from_dict({"per_channel": {"fax": 1}}, path="limits")
    with pytest.raises(ck.SchemaError, match=r"^new_per_day"):
        Capacity.from_dict({"new_per_day": "3"})


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"enrollments": ["x"]}, "enrollments[0]"),
        ({"enrollments": "x"}, "enrollments"),
        ({"capacity": {"call": 60}}, "capacity"),
        ({"calendar": "Atlantis"}, "calendar"),
        ({"start": 20261123}, "start"),
        ({"start": "Monday"}, "start"),
        ({"days": 0}, "days"),
        ({"days": 2.0}, "days"),
        ({"priority": "due"}, "priority"),
        ({"tz": "Mars/Olympus"}, "tz"),
    ],
)
def test_bad_arguments_are_named(kwargs: dict[str, object], field: str) -> None:
    arguments: dict[str, object] = {
        "enrollments": [],
        "capacity": Capacity(),
        "calendar": US,
        "start": MON,
        "days": 1,
    }
    arguments.update(kwargs)
    with pytest.raises(ck.InvalidFieldError) as info:
        plan(**arguments)  # type: ignore[arg-type]
    assert info.value.field == field


def test_an_unknown_owner_is_named() -> None:
    agenda = plan(
        [enrol("p", "2026-11-23T08:00:00-05:00")],
        capacity=Capacity(),
        calendar=US,
        start=MON,
        days=1,
    )
    with pytest.raises(ck.InvalidFieldError, match="owners: 'ann'"):
        agenda.for_owner("zed")


# --- the example ------------------------------------------------------------------


def test_the_plan_today_example_prints_the_agenda(capsys: pytest.CaptureFixture[str]) -> None:
    path = Path(__file__).resolve().parent.parent / "examples" / "plan_today.py"
    runpy.run_path(str(path), run_name="__main__")
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith("Agenda: 1 business day from Tue 24 Nov 2026")
    assert "  Tue 24 Nov 2026: 4 calls" in lines
    assert lines[-3:] == [
        "backlog",
        "  ann: Call barbara@acme.com step 1, due Tue 24 Nov 2026 09:00 EST (new, slipped 1 business day): "
        "the limit of 2 touches a day to acme.com was reached",
        "  ann: Call katherine@delta.org step 1, due Tue 24 Nov 2026 09:00 EST (new, slipped 1 business day): "
        "the limit of 4 calls a day was reached",
    ]
    assert "the limit of 2 touches a day to acme.com was reached" in out
    assert "the limit of 4 calls a day was reached" in out


def test_owners_may_have_limits_of_their_own() -> None:
    cadence = ck.Cadence("Calls", [ck.Touchpoint("call", 1)])
    es = [
        ck.Enrollment.start(cadence, f"p{i}", "2026-11-23T08:00:00+00:00", owner=owner)
        for i, owner in enumerate(["ann", "ann", "ann", "bob", "bob", "bob"])
    ]
    agenda = ck.plan(
        es,
        capacity=ck.Capacity({"call": 2}),
        calendar=ck.BusinessCalendar(),
        start=date(2026, 11, 23),
        days=1,
        owner_capacity={"ann": ck.Capacity({"call": 1})},  # ann is ramping up
    )
    first_day = {owner: len(agenda.for_owner(owner)[date(2026, 11, 23)]) for owner in agenda.owners}
    assert first_day == {"ann": 1, "bob": 2}
    assert {s.limit for s in agenda.slips if s.item.owner == "ann"} == {1}
    assert {s.limit for s in agenda.slips if s.item.owner == "bob"} == {2}
    assert agenda.owner_capacity == (("ann", ck.Capacity({"call": 1})),)
    with pytest.raises(ck.InvalidFieldError, match=r"owner_capacity\['ann'\]"):
        ck.plan(
            es,
            capacity=ck.Capacity(),
            calendar=ck.BusinessCalendar(),
            start=date(2026, 11, 23),
            days=1,
            owner_capacity={"ann": {"call": 1}},  # type: ignore[dict-item]
        )


# --- forecasting later steps; reps on calendars of their own ---------------------------


def candidates(
    enrollments: list[Enrollment], calendar: BusinessCalendar, first: date, last: date
) -> list[tuple[int, int, date]]:
    """Every touch still to do whose due date, rolled forward, falls on or before ``last``."""
    found = []
    for index, e in enumerate(enrollments):
        for touch in e.plan:
            rolled = calendar.roll_forward(touch.due.date())
            if rolled <= last:
                found.append((index, touch.step, max(rolled, first)))
    return sorted(found)


@given(planning_cases())
def test_forecast_without_limits_plans_every_touch_on_its_due_day_if_the_prospect_works(
    case: tuple[list[Enrollment], Capacity, BusinessCalendar, date, int],
) -> None:
    enrollments, _, calendar, start, days = case
    agenda = plan(
        enrollments, capacity=Capacity(), calendar=calendar, start=start, days=days, forecast=True
    )

    def landing(index: int, step: int, due_day: date) -> date | None:
        # A manual touch waits for a day the prospect's calendar is open too.
        e = enrollments[index]
        if next(t for t in e.plan if t.step == step).touchpoint.automated:
            return due_day
        return next(
            (d for d in agenda.days if d >= due_day and e.calendar.is_business_day(d)), None
        )

    wanted = [
        (i, step, landing(i, step, d))
        for i, step, d in candidates(enrollments, calendar, agenda.days[0], agenda.days[-1])
    ]
    assert sorted((t.index, t.step, t.day) for t in agenda.touches) == [
        w for w in wanted if w[2] is not None
    ]
    assert sorted((t.index, t.step) for t in agenda.backlog) == [
        (i, step) for i, step, d in wanted if d is None
    ]
    assert {s.cap for s in agenda.slips} <= {Cap.PROSPECT_DAY}
    # The default plans the first of each enrollment's touches, on the same day.
    default = plan(enrollments, capacity=Capacity(), calendar=calendar, start=start, days=days)
    assert {(t.index, t.step, t.day) for t in default.touches} <= set(wanted)
    assert all(t.new == (t.step == enrollments[t.index].plan[0].step and not enrollments[t.index].done)
               for t in agenda.touches if not enrollments[t.index].skipped)  # fmt: skip


@given(planning_cases())
def test_forecast_keeps_every_touch_and_every_limit(
    case: tuple[list[Enrollment], Capacity, BusinessCalendar, date, int],
) -> None:
    enrollments, capacity, calendar, start, days = case
    agenda = plan(
        enrollments, capacity=capacity, calendar=calendar, start=start, days=days, forecast=True
    )
    last = agenda.days[-1]
    expected = [(i, step) for i, step, _ in candidates(enrollments, calendar, agenda.days[0], last)]
    seen = [(t.index, t.step) for t in (*agenda.touches, *agenda.backlog)]
    assert sorted(seen) == expected  # each exactly once
    moved: Counter[tuple[int, int]] = Counter()
    for slip in agenda.slips:
        moved[(slip.item.index, slip.item.step)] += slip.days
    for t in (*agenda.touches, *agenda.backlog):
        assert moved[(t.index, t.step)] == t.slipped
    for owner in agenda.owners:
        for d, touches in agenda.for_owner(owner).items():
            for channel, n in Counter(t.channel for t in touches).items():
                limit = capacity.limit(channel)
                assert limit is None or n <= limit
            if capacity.manual_per_day is not None:
                assert sum(not t.automated for t in touches) <= capacity.manual_per_day
            if capacity.new_per_day is not None:
                assert sum(t.new for t in touches) <= capacity.new_per_day
            assert all(t.day == d and t.due_day <= d for t in touches)


@given(planning_cases(), calendars)
def test_owners_on_their_own_calendar_work_only_their_business_days(
    case: tuple[list[Enrollment], Capacity, BusinessCalendar, date, int], own: BusinessCalendar
) -> None:
    enrollments, capacity, calendar, start, days = case
    agenda = plan(
        enrollments,
        capacity=capacity,
        calendar=calendar,
        start=start,
        days=days,
        forecast=True,
        owner_calendar={"ann": own},
    )
    assert len(agenda.days_of("ann")) == days
    assert all(own.is_business_day(d) for d in agenda.days_of("ann"))
    for t in agenda.touches:
        working = own if t.owner == "ann" else calendar
        assert t.day is not None
        assert working.is_business_day(t.day)
        assert t.day in agenda.days_of(t.owner)
    for slip in agenda.slips:
        working = own if slip.item.owner == "ann" else calendar
        assert working.add_business_days(slip.from_day, slip.days) == slip.to_day
    _assert_runs(agenda.slips)


@given(planning_cases(), calendars, calendars)
def test_when_every_owner_has_a_calendar_the_teams_is_not_needed(
    case: tuple[list[Enrollment], Capacity, BusinessCalendar, date, int],
    own: BusinessCalendar,
    other: BusinessCalendar,
) -> None:
    enrollments, capacity, calendar, start, days = case
    owners = sorted({e.owner for e in enrollments}, key=str)
    mine = {owner: own if n % 2 else other for n, owner in enumerate(owners)}
    if not mine:
        mine = {"ann": own}
    given_calendar = plan(enrollments, capacity=capacity, calendar=calendar, start=start,
                          days=days, forecast=True, owner_calendar=mine)  # fmt: skip
    without = plan(enrollments, capacity=capacity, start=start, days=days, forecast=True,
                   owner_calendar=mine)  # fmt: skip
    # The team's calendar plans nobody: the same touches, slips and owners' days.
    assert without.touches == given_calendar.touches
    assert without.slips == given_calendar.slips
    assert without.backlog == given_calendar.backlog
    for owner in mine:
        assert without.days_of(owner) == given_calendar.days_of(owner)
    # The agenda's days: each day at least one owner works, in order.
    assert without.days == tuple(sorted({d for o in mine for d in without.days_of(o)}))


def test_an_owner_without_a_calendar_of_their_own_is_named_when_calendar_is_left_out() -> None:
    c = ck.Cadence("c", [ck.Touchpoint("call", 1)])
    at = "2026-11-23T08:00:00+00:00"
    es = [
        ck.Enrollment.start(c, "p1", at, owner="ann"),
        ck.Enrollment.start(c, "p2", at, owner="bo"),
    ]
    options = {"capacity": ck.Capacity({"call": 5}), "start": date(2026, 11, 23), "days": 2}
    with pytest.raises(ck.InvalidFieldError, match=r"^calendar None: .*the owner 'bo' has no"):
        plan(es, owner_calendar={"ann": "DE"}, **options)  # type: ignore[arg-type]
    with pytest.raises(ck.InvalidFieldError, match="the owner 'ann' has no owner_calendar"):
        plan(es, **options)  # type: ignore[arg-type]
    with pytest.raises(ck.InvalidFieldError, match="no owner has an owner_calendar"):
        plan([], **options)  # type: ignore[arg-type]
    with pytest.raises(ck.InvalidFieldError, match="the owner 'cy' has no owner_calendar"):
        plan(es, owner_calendar={"ann": "DE", "bo": "US"}, owner_tz={"cy": "UTC"}, **options)  # type: ignore[arg-type]
    agenda = plan(es, owner_calendar={"ann": "DE", "bo": "US"}, **options)  # type: ignore[arg-type]
    assert {t.owner for t in agenda.touches} == {"ann", "bo"}


def _assert_runs(slips: Sequence[Slip]) -> None:
    """A touch's slips follow on day after day, and two in a row have different causes."""
    by_touch: dict[tuple[int, int], list[Slip]] = {}
    for slip in slips:
        by_touch.setdefault((slip.item.index, slip.item.step), []).append(slip)
    for runs in by_touch.values():
        for first, second in itertools.pairwise(runs):
            assert first.to_day == second.from_day
            assert (first.cap, first.limit, first.detail) != (
                second.cap,
                second.limit,
                second.detail,
            )


def test_every_call_each_rep_makes_next_week_with_reps_in_two_countries() -> None:
    intro = ck.Cadence(
        "Intro", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 2), ck.Touchpoint("call", 5)]
    )
    us = ck.BusinessCalendar(country="US")
    de = ck.BusinessCalendar(country="DE")
    monday = "2026-03-30T08:00:00"
    ada = Enrollment.start(intro, "ada", monday + "-04:00", tz=NY, calendar=us, owner="ann")
    sam = Enrollment.start(intro, "sam", monday + "-04:00", tz=NY, calendar=us, owner="jan")
    jo = Enrollment.start(
        intro, "jo", monday + "+02:00", tz="Europe/Berlin", calendar=de, owner="jan"
    )
    week = plan(
        [ada, sam, jo],
        capacity=Capacity({"call": 40}),
        calendar=us,
        start=date(2026, 3, 30),
        days=5,
        forecast=True,
        owner_calendar={"jan": de},
    )
    calls = {
        (t.owner, t.prospect, t.step, t.day) for t in week.touches if t.channel is Channel.CALL
    }
    assert calls == {
        ("ann", "ada", 1, date(2026, 3, 31)),
        ("ann", "ada", 2, date(2026, 4, 3)),  # Good Friday is a US business day
        ("jan", "sam", 1, date(2026, 3, 31)),
        ("jan", "sam", 2, date(2026, 4, 7)),  # due on Good Friday; Jan is off until Tuesday
        ("jan", "jo", 1, date(2026, 3, 31)),
        ("jan", "jo", 2, date(2026, 4, 7)),  # Berlin's own plan skips Easter
    }
    assert week.days_of("jan") == (
        date(2026, 3, 30), date(2026, 3, 31), date(2026, 4, 1), date(2026, 4, 2), date(2026, 4, 7)
    )  # fmt: skip
    assert week.days_of("ann")[-1] == date(2026, 4, 3)
    only_next = plan(
        [ada, sam, jo], capacity=Capacity(), calendar=us, start=date(2026, 3, 30), days=5
    )
    assert {(t.prospect, t.step) for t in only_next.touches} == {("ada", 0), ("sam", 0), ("jo", 0)}


# --- prospecting sessions and per-prospect caps (issue 14) --------------------------------


def _calls(
    count: int, due: str = "2026-11-23T08:00:00-05:00", owner: str = "ann"
) -> list[Enrollment]:
    return [
        Enrollment.start(ONE_CALL, f"p{n}@acme{n}.com", due, calendar=PLAIN, tz=NY, owner=owner)
        for n in range(count)
    ]


def test_calls_get_times_inside_the_reps_prospecting_block_and_overflow_slips() -> None:
    # Block 09:00-10:00, 15 minutes a call: four calls a day; six are due Monday.
    capacity = Capacity(sessions={"call": "09:00-10:00"}, slot=timedelta(minutes=15))
    agenda = plan(_calls(6), capacity=capacity, calendar=PLAIN, start=MON, days=2, tz=NY)
    placed = [(t.day, t.at.strftime("%H:%M") if t.at else None) for t in agenda.touches]
    assert placed == [
        (MON, "09:00"),
        (MON, "09:15"),
        (MON, "09:30"),
        (MON, "09:45"),
        (date(2026, 11, 24), "09:00"),
        (date(2026, 11, 24), "09:15"),
    ]
    assert all(t.at is not None and t.at.tzinfo is not None for t in agenda.touches)
    assert [s.cap for s in agenda.slips] == [ck.Cap.SESSION, ck.Cap.SESSION]
    assert agenda.slips[0].reason == "the call prospecting blocks were full"


def test_a_session_slot_is_never_before_the_touch_falls_due() -> None:
    capacity = Capacity(sessions={"call": "09:00-11:00"}, slot=timedelta(minutes=10))
    late = _calls(1, due="2026-11-23T09:22:00-05:00")
    early = _calls(1, due="2026-11-23T08:00:00-05:00")
    agenda = plan([*late, *early], capacity=capacity, calendar=PLAIN, start=MON, days=1, tz=NY)
    times = sorted(t.at.strftime("%H:%M") for t in agenda.touches if t.at is not None)
    assert times == ["09:00", "09:30"]  # the 09:22 call takes the first slot after it


def test_sessions_follow_the_weekday_hours_and_leave_emails_untimed() -> None:
    hours = ck.SendHours({"Mon-Thu": "09:00-09:10", "Fri": "14:00-14:10"})
    capacity = Capacity(sessions={"call": hours}, slot=timedelta(minutes=5))
    friday = date(2026, 11, 27)
    calls = [
        Enrollment.start(ONE_CALL, f"p{n}", "2026-11-27T08:00:00-05:00", calendar=PLAIN, tz=NY)
        for n in range(3)
    ]
    emails = [Enrollment.start(ONE_EMAIL, "e", "2026-11-27T08:00:00-05:00", calendar=PLAIN, tz=NY)]
    agenda = plan([*calls, *emails], capacity=capacity, calendar=PLAIN, start=friday, days=2, tz=NY)
    timed = [(t.day, t.at.strftime("%H:%M")) for t in agenda.touches if t.at is not None]
    assert timed == [(friday, "14:00"), (friday, "14:05"), (date(2026, 11, 30), "09:00")]
    assert [t.at for t in agenda.touches if t.channel is Channel.EMAIL] == [None]


def test_no_more_than_n_touches_a_day_or_a_week_to_one_prospect() -> None:
    # Forecast mode plans every step: a cadence with two calls a day.
    double = Cadence(
        "Double",
        [
            Touchpoint("call", 1),
            Touchpoint("call", 1),
            Touchpoint("call", 2),
            Touchpoint("call", 3),
        ],
    )
    e = Enrollment.start(double, "ada", "2026-11-23T08:00:00-05:00", calendar=PLAIN, tz=NY)
    free = plan([e], capacity=Capacity(), calendar=PLAIN, start=MON, days=5, forecast=True)
    assert [t.day.day for t in free.touches] == [23, 23, 24, 25]
    daily = plan(
        [e], capacity=Capacity(per_prospect=1), calendar=PLAIN, start=MON, days=5, forecast=True
    )
    assert [t.day.day for t in daily.touches] == [23, 24, 25, 26]
    assert {s.cap for s in daily.slips} == {ck.Cap.PROSPECT}
    weekly = plan(
        [e],
        capacity=Capacity(per_prospect_week=2),
        calendar=PLAIN,
        start=MON,
        days=10,
        forecast=True,
    )
    assert [t.day for t in weekly.touches] == [MON, MON, date(2026, 11, 30), date(2026, 11, 30)]
    assert weekly.slips[0].reason == "the limit of 2 touches a week to one prospect was reached"


def test_a_fallback_voicemail_goes_with_its_call_under_per_prospect() -> None:
    outline = "Day 1: Email\nDay 2: Call, leave a voicemail if nobody answers\nDay 3: Call"
    cadence = Cadence.from_text(outline, name="Outline")
    e = Enrollment.start(cadence, "ada", "2026-11-23T08:00:00-05:00", calendar=PLAIN, tz=NY)
    agenda = plan(
        [e], capacity=Capacity(per_prospect=1), calendar=PLAIN, start=MON, days=5, forecast=True
    )
    days = [(t.channel.value, t.number, t.day.day) for t in agenda.touches if t.day]
    # one line of the outline, one contact: the voicemail is left the day of its call
    assert days == [("email", 1, 23), ("call", 2, 24), ("voicemail", 2, 24), ("call", 3, 25)]
    assert not agenda.slips


def test_per_prospect_counts_an_email_in_any_case_as_one_prospect() -> None:
    other = Cadence("Other", [Touchpoint("call", 1)])
    es = [
        enrol("Ada@Acme.com", "2026-11-23T08:00:00-05:00"),
        enrol("ada@acme.com", "2026-11-23T08:00:00-05:00", cadence=other),
        enrol("bob@acme.com", "2026-11-23T08:00:00-05:00", cadence=other),
    ]
    agenda = plan(es, capacity=Capacity(per_prospect=1), calendar=US, start=MON, days=2)
    assert [(t.prospect, t.day) for t in agenda.touches] == [
        ("Ada@Acme.com", MON),
        ("bob@acme.com", MON),
        ("ada@acme.com", date(2026, 11, 24)),
    ]
    assert agenda.slips[0].cap is ck.Cap.PROSPECT


def test_plan_calls_nobody_who_opted_out_or_bounced_in_another_enrollment() -> None:
    first = enrol("Eve@Example.com", "2026-11-16T08:00:00-05:00", cadence=ONE_EMAIL)
    first = first.apply(Event.opt_out("2026-11-17T10:00:00-05:00"))
    bounced = enrol("bo@example.com", "2026-11-16T08:00:00-05:00", cadence=ONE_EMAIL)
    bounced = bounced.apply(Event.bounce("2026-11-17T10:00:00-05:00", step=0))
    again = [
        enrol("eve@example.com", "2026-11-23T08:00:00-05:00"),
        enrol("Bo@Example.com", "2026-11-23T08:00:00-05:00"),
        enrol("cy@example.com", "2026-11-23T08:00:00-05:00"),
    ]
    agenda = plan([first, bounced, *again], capacity=Capacity(), calendar=US, start=MON, days=5)
    assert [t.prospect for t in agenda.touches] == ["cy@example.com"]
    assert not agenda.backlog
    # the enrollments given are left as they are: plan() returns an agenda, nothing else
    assert again[0].status is ck.Status.ACTIVE


def test_to_records_keeps_the_channels_asked_for_with_the_cadence_and_facts() -> None:
    e = Enrollment.start(
        CALLS, "ada", "2026-11-23T08:00:00-05:00", calendar=US, tz=NY, owner="ann",
        facts={"first_name": "Ada", "phone": "+1 212 555 0101", "step": "not a step"},
    )  # fmt: skip
    agenda = plan([e], capacity=Capacity(), calendar=US, start=MON, days=5, forecast=True)
    assert [r["channel"] for r in agenda.to_records()] == ["call", "email", "call"]
    calls = agenda.to_records(channels="call", facts=True)
    assert [(r["cadence"], r["number"], r["step"]) for r in calls] == [
        ("Calls", 1, 0),
        ("Calls", 3, 2),
    ]
    assert calls[0]["first_name"] == "Ada"
    assert calls[0]["phone"] == "+1 212 555 0101"
    assert "first_name" not in agenda.to_records(channels=["call"])[0]
    with pytest.raises(ck.InvalidFieldError, match=r"^channels 'fax'"):
        agenda.to_records(channels="fax")
    with pytest.raises(ck.InvalidFieldError, match=r"^facts 'yes'"):
        agenda.to_records(facts="yes")  # type: ignore[arg-type]


@given(
    st.lists(st.tuples(st.sampled_from(["Email", "Call", "Call, voicemail if no answer"]), st.integers(0, 2)), min_size=1, max_size=6),
    st.lists(st.sampled_from(["ada@acme.com", "Ada@Acme.com", "ADA@acme.com", "bob@acme.com"]), min_size=1, max_size=4),
    st.integers(1, 2),
)  # fmt: skip
def test_per_prospect_limits_contacts_not_fallbacks_and_drops_nothing(
    lines: list[tuple[str, int]], prospects: list[str], limit: int
) -> None:
    day, outline = 1, []
    for what, gap in lines:
        day += gap
        outline.append(f"Day {day}: {what}")
    es = [
        Enrollment.start(
            Cadence.from_text("\n".join(outline), name=f"Seq {n}"),
            prospect, "2026-11-23T08:00:00-05:00", calendar=PLAIN, tz=NY,
        )
        for n, prospect in enumerate(prospects)
    ]  # fmt: skip
    agenda = plan(
        es, capacity=Capacity(per_prospect=limit), calendar=PLAIN, start=MON, days=15, forecast=True
    )
    contacts = Counter(
        (t.day, t.prospect.lower())
        for t in agenda.touches
        if t.enrollment is not None
        and not t.enrollment.cadence.touchpoints[t.step].skip_if_connected
    )
    assert max(contacts.values()) <= limit
    assert len(agenda.touches) + len(agenda.backlog) == sum(len(e.cadence) for e in es)


def test_sessions_need_the_reps_zone_and_read_back_from_dicts() -> None:
    capacity = Capacity({"call": 60}, sessions={"call": "09:00-11:00"}, per_prospect=2)
    with pytest.raises(ck.InvalidFieldError, match=r"^tz None: prospecting sessions"):
        plan(_calls(1), capacity=capacity, calendar=PLAIN, start=MON, days=1)
    assert Capacity.from_dict(json.loads(json.dumps(capacity.to_dict()))) == capacity
    with pytest.raises(ck.InvalidFieldError, match=r"^sessions\['call'\]"):
        Capacity(sessions={"call": "11:00-09:00"})
    with pytest.raises(ck.InvalidFieldError, match=r"^slot"):
        Capacity(slot=timedelta(seconds=30))


@given(
    st.integers(1, 25),
    st.sampled_from(["09:00-09:30", "09:00-10:00, 13:00-13:20", "16:50-17:00"]),
    st.integers(5, 20),
    st.integers(0, 600),
)
def test_session_times_are_inside_blocks_after_due_and_never_shared(
    count: int, blocks: str, minutes: int, late: int
) -> None:
    slot = timedelta(minutes=minutes)
    capacity = Capacity(sessions={"call": blocks}, slot=slot)
    due = datetime(2026, 11, 23, 8, tzinfo=ZoneInfo(NY)) + timedelta(minutes=late)
    agenda = plan(
        _calls(count, due=due.isoformat()),
        capacity=capacity,
        calendar=PLAIN,
        start=MON,
        days=3,
        tz=NY,
    )
    hours = ck.SendHours(blocks)
    seen = set()
    for touch in agenda.touches:
        assert touch.at is not None
        assert touch.day is not None
        assert touch.at.date() == touch.day
        start = datetime.combine(touch.day, touch.at.time())
        assert any(
            b.start <= touch.at.time() and start + slot <= datetime.combine(touch.day, b.end)
            for b in hours.blocks(touch.day.weekday())
        )
        assert touch.at >= touch.due or touch.day > touch.due.date()
        assert touch.at not in seen
        seen.add(touch.at)
    assert len(agenda.touches) + len(agenda.backlog) == count


def test_a_manual_email_uses_the_reps_day_and_an_automated_call_does_not() -> None:
    # The rep's day counts what a person does (Touchpoint.automated), not the channel.
    written = Cadence("Written", [Touchpoint("email", 1, automated=False)])
    dialer = Cadence("Dialer", [Touchpoint("call", 1, automated=True)])
    people = [
        Enrollment.start(written, f"w{n}", "2026-11-23T08:00:00-05:00", calendar=PLAIN, tz=NY)
        for n in range(2)
    ] + [
        Enrollment.start(dialer, f"d{n}", "2026-11-23T08:00:00-05:00", calendar=PLAIN, tz=NY)
        for n in range(2)
    ]
    agenda = plan(people, capacity=Capacity(manual_per_day=1), calendar=PLAIN, start=MON, days=1)
    planned = sorted(t.prospect for t in agenda.touches)
    assert planned == ["d0", "d1", "w0"]  # one manual email fits; automated calls always do
    assert [t.prospect for t in agenda.backlog] == ["w1"]


def test_a_touch_held_back_day_after_day_is_one_slip_not_one_a_day() -> None:
    """Issue 23: plan() kept a slip per touch per day moved (75 MB from 0.1 MB of input)."""
    import gc
    import tracemalloc

    calls = Cadence("Calls", [Touchpoint("call", 1)])
    es = [
        Enrollment.start(calls, f"p{i}@acme{i}.com", "2026-11-23T08:00:00+00:00", owner="ann")
        for i in range(400)
    ]
    gc.collect()
    tracemalloc.start()
    try:
        agenda = plan(es, capacity=Capacity({"call": 1}), calendar=US, start=MON, days=420)
        gc.collect()
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(agenda.touches) == 400
    assert len(agenda.slips) == 399  # it was 79,800, one a day
    assert sum(s.days for s in agenda.slips) == sum(t.slipped for t in agenda.touches) == 79_800
    last = agenda.slips[-1]
    assert (last.item.prospect, last.from_day, last.to_day, last.days) == (
        "p399@acme399.com",
        MON,
        agenda.touches[-1].day,
        399,
    )
    assert str(last).endswith("the limit of 1 call a day was reached (399 business days)")
    assert last.to_record()["days"] == 399
    assert held < 2 * 1024 * 1024  # 8 MB before; now about what the touches take


def test_plans_at_the_ends_of_the_calendar_name_what_is_out_of_range() -> None:
    """Issue 23: plan() raised a bare OverflowError near years 1 and 9999."""
    utc_first = datetime(1, 1, 1, 0, tzinfo=ZoneInfo("UTC"))
    with pytest.raises(ck.DateRangeError, match=r"^start .*outside years 1-9999 in the zone"):
        plan([], capacity=Capacity(), calendar=US, start=utc_first, days=1, tz="America/New_York")
    weekdays = BusinessCalendar()
    with pytest.raises(ck.DateRangeError, match=r"^days 5: from 9999-12-27, moves past the year"):
        plan([], capacity=Capacity(), calendar=weekdays, start=date(9999, 12, 27), days=5)
    calls = Cadence("Calls", [Touchpoint("call", 1)])
    early = Enrollment.start(calls, "p@a.com", utc_first, tz="UTC")
    with pytest.raises(ck.DateRangeError, match=r"^tz .*falls outside years 1-9999"):
        plan(
            [early],
            capacity=Capacity(),
            calendar=weekdays,
            start=date(1, 1, 1),
            days=3,
            tz="Etc/GMT+12",
        )
    sessions = Capacity(sessions={"call": "00:00-01:00"})
    with pytest.raises(ck.DateRangeError, match=r"^tz .*the call session of 0001-01-01"):
        plan(
            [early],
            capacity=sessions,
            calendar=weekdays,
            start=date(1, 1, 1),
            days=3,
            tz="Etc/GMT-14",
        )


def test_the_agenda_explain_and_the_calendar_name_the_same_step() -> None:
    """Issue 25.3: the .ics numbered a step 3 where the agenda's text said step 2.

    Issue 29.3: an outline's own numbering reaches all three.
    """
    pytest.importorskip("icalendar")
    cadence = ck.Cadence.from_text(
        "Outbound\nDay 1: Email\nDay 3: Call; leave a voicemail if nobody answers\nDay 5: Call",
        name="Outbound",
    )
    start = "2026-11-23T08:00:00-05:00"
    ada = ck.Enrollment.start(cadence, "ada@acme.com", start, tz="America/New_York", owner="ann")
    ada = ada.apply(ck.Event.touch("2026-11-23T09:00:00-05:00", 0))
    agenda = ck.plan(
        [ada],
        capacity=ck.Capacity(),
        calendar=ck.BusinessCalendar(),
        start=date(2026, 11, 25),
        days=1,
    )
    (touch,) = agenda.touches
    assert (touch.step, touch.number) == (1, 2)  # the call of the manager's step 2
    assert " step 2, due " in str(touch)
    assert str(ada.explain()).startswith("step 2 (call) is due")
    assert "after step 1 was done" in str(ada.explain())
    text = ck.to_ical(agenda, owner="ann")
    summary = next(line for line in text.splitlines() if line.startswith("SUMMARY"))
    assert "(step 2 of Outbound)" in summary
    assert "next step 2" in repr(ada)
    assert touch.to_record()["number"] == 2


# --- a rep's list: time order, both clocks ----------------------------------------

ZONES = ["America/Los_Angeles", "America/New_York", "Europe/London", "Europe/Berlin", "Asia/Tokyo"]


@given(
    st.lists(st.tuples(st.sampled_from(ZONES), st.integers(0, 3)), min_size=1, max_size=12),
    st.sampled_from([None, "America/Chicago", "Australia/Sydney"]),
    st.booleans(),
)
def test_an_owners_days_read_in_time_order_on_both_clocks(
    people: list[tuple[str, int]], rep_zone: str | None, sessions: bool
) -> None:
    cadence = ck.Cadence(
        "c", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 1), ck.Touchpoint("linkedin", 2)]
    )
    enrollments = [
        ck.Enrollment.start(cadence, f"p{i}", MON + timedelta(days=shift), tz=zone, owner="ann")
        for i, (zone, shift) in enumerate(people)
    ]
    capacity = ck.Capacity(
        {"call": 3}, sessions={"call": "00:00-23:59"} if sessions and rep_zone else {}
    )
    agenda = plan(
        enrollments, capacity=capacity, calendar=US, start=MON, days=5, tz=rep_zone, forecast=True
    )
    listed = agenda.for_owner("ann")
    calls = agenda.for_owner("ann", channels=[ck.Channel.CALL])
    assert sorted(t.index for ts in listed.values() for t in ts) == sorted(
        t.index for t in agenda.touches
    )
    for day, touches in listed.items():
        instants = [t.prospect_time for t in touches]
        assert all(a is not None and b is not None and a <= b for a, b in pairwise(instants))
        assert list(calls[day]) == [t for t in touches if t.channel is ck.Channel.CALL]
        for t in touches:
            theirs = t.prospect_time
            assert theirs is not None
            assert theirs.utcoffset() == theirs.astimezone(ZoneInfo(str(t.due.tzinfo))).utcoffset()
            if t.at is not None:
                assert theirs == t.at
            if rep_zone is None:
                assert t.rep_time is None
            else:
                assert t.rep_time == theirs
                assert t.rep_time is not None
                assert t.rep_time.tzinfo == ZoneInfo(rep_zone)
                assert t.rep_time.date() == day or t.at is None  # a slot is on its day
    for t in agenda.backlog:
        assert t.prospect_time is None
        assert t.rep_time is None


def test_a_printed_agenda_shows_both_clocks_in_time_order() -> None:
    cadence = ck.Cadence("c", [ck.Touchpoint("call", 1)])
    es = [
        ck.Enrollment.start(
            cadence, "ada@acme.com", "2026-11-23T08:00", tz="America/New_York", owner="ann"
        ),
        ck.Enrollment.start(
            cadence, "jo@jolt.de", "2026-11-23T08:00", tz="Europe/Berlin", owner="ann"
        ),
    ]
    agenda = plan(es, capacity=Capacity(), calendar=US, start=MON, days=1, tz="America/Chicago")
    lines = str(agenda).splitlines()
    assert lines[3:5] == [
        "    Call jo@jolt.de step 1, due Mon 23 Nov 2026 09:00 CET, at 02:00 CST (09:00 CET for the prospect) (new)",
        "    Call ada@acme.com step 1, due Mon 23 Nov 2026 09:00 EST, at 08:00 CST (09:00 EST for the prospect) (new)",
    ]
    with pytest.raises(ck.InvalidFieldError, match="channels 'fax'"):
        agenda.for_owner("ann", channels="fax")
    with pytest.raises(ck.InvalidFieldError, match=r"channels\[1\] 'fax'"):
        agenda.for_owner("ann", channels=["call", "fax"])
    record = agenda.touches[0].to_record()
    assert record["rep_time"] == datetime(2026, 11, 23, 2, tzinfo=ZoneInfo("America/Chicago"))


def test_the_notebook_table_reads_by_the_clock_too() -> None:
    cadence = ck.Cadence("c", [ck.Touchpoint("call", 1)])
    es = [
        ck.Enrollment.start(cadence, "ada@acme.com", "2026-11-23T08:00", tz="America/New_York"),
        ck.Enrollment.start(cadence, "jo@jolt.de", "2026-11-23T08:00", tz="Europe/Berlin"),
    ]
    agenda = plan(
        es, capacity=Capacity(), calendar=US, start=MON, days=1, priority=lambda t: t.index
    )
    assert [t.prospect for t in agenda.touches] == ["ada@acme.com", "jo@jolt.de"]  # priority
    html = agenda._repr_html_()
    assert html.index("jo@jolt.de") < html.index("ada@acme.com")  # 09:00 Berlin comes first
