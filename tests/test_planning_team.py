"""A team plan: reps in several zones in one plan() call, filled to capacity (issue 29).

The assignment of touches to a rep's session slots is checked against an exact
assignment (a bipartite matching written here) on small random cases.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadencekit import (
    Agenda,
    BusinessCalendar,
    Cadence,
    Cap,
    Capacity,
    Enrollment,
    InvalidFieldError,
    PlannedTouch,
    SendHours,
    SendWindow,
    Touchpoint,
    plan,
)

MON = date(2026, 11, 23)
COUNTRY = {code: BusinessCalendar(country=code) for code in ("US", "GB", "AU", "IL", "JP")}
ZONES = {
    "US": ["America/Chicago", "America/New_York", "America/Los_Angeles"],
    "GB": ["Europe/London"],
    "AU": ["Australia/Sydney", "Australia/Perth"],
    "IL": ["Asia/Jerusalem"],
    "JP": ["Asia/Tokyo"],
}
WINDOWS = [
    SendWindow("09:00", "17:00"),
    SendWindow("08:00", "10:00"),
    SendWindow("12:00", "13:30"),
    SendWindow("16:00", "18:00"),
    SendHours({"Mon-Thu": "09:00-11:00, 14:00-16:00", "Fri": "09:00-12:00"}),
]
SESSIONS = [
    "09:00-17:00",
    "08:00-10:00, 15:00-19:00",
    "07:00-09:00",
    SendHours({"Mon-Wed": "10:00-16:00", "Thu-Fri": "16:00-22:00"}),
]


# --- the exact assignment (an oracle written for the test) --------------------------------


def _instant(day: date, clock: time, zone: tzinfo) -> datetime:
    """The UTC instant a wall-clock time strikes in ``zone`` (a gap's time moves forward)."""
    naive = datetime.combine(day, clock)
    aware = naive.replace(tzinfo=zone)
    back = aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if back != naive:  # in a DST gap: the wall clock does not exist; the instant after it
        aware = (naive + timedelta(hours=1)).replace(tzinfo=zone)
    return aware.astimezone(UTC)


def _grid(day: date, session: SendHours, zone: tzinfo, slot: timedelta) -> list[datetime]:
    """Every slot of a rep's session on ``day``: starts, UTC, a slot apart within each block."""
    slots = []
    for block in session.blocks(day.weekday()):
        moment, end = _instant(day, block.start, zone), _instant(day, block.end, zone)
        while moment + slot <= end:
            slots.append(moment)
            moment += slot
    return slots


def _fits(touch: PlannedTouch, at: datetime, slot: timedelta, now: datetime | None) -> bool:
    """Whether a slot at ``at`` lies wholly in the prospect's window on their business day."""
    e = touch.enrollment
    assert e is not None
    if at < touch.due or (now is not None and at < now):
        return False
    if e.rep_calendar is not None:
        raise AssertionError("the cases here have no rep_calendar")
    local = at.astimezone(e.zone)
    if not e.calendar.is_business_day(local.date()):
        return False
    window = e.steps[touch.step].window or e.cadence.window
    blocks = (window,) if isinstance(window, SendWindow) else window.blocks(local.weekday())
    return any(
        _instant(local.date(), b.start, e.zone) <= at
        and at + slot <= _instant(local.date(), b.end, e.zone)
        for b in blocks
    )


def _most_matched(edges: list[list[int]]) -> int:
    """The size of a maximum matching of touches to slots (Kuhn's augmenting paths)."""
    holder: dict[int, int] = {}

    def augment(touch: int, seen: set[int]) -> bool:
        for slot in edges[touch]:
            if slot in seen:
                continue
            seen.add(slot)
            if slot not in holder or augment(holder[slot], seen):
                holder[slot] = touch
                return True
        return False

    return sum(augment(touch, set()) for touch in range(len(edges)))


def _rep_zone(agenda: Agenda, owner: str | None, zones: dict[str, str], tz: str | None) -> tzinfo:
    assert owner is not None
    return ZoneInfo(zones.get(owner, tz or "UTC"))


# --- small random teams ---------------------------------------------------------------------

CALL = Cadence("Call", [Touchpoint("call", 1)])
REPS = ["ann", "bob", "cai"]


@st.composite
def small_days(draw: st.DrawFn) -> tuple[list[Enrollment], dict[str, object]]:
    """Up to 9 calls for up to 3 reps in their own zones, a few slots a day."""
    people = []
    for n in range(draw(st.integers(1, 9))):
        country = draw(st.sampled_from(sorted(COUNTRY)))
        cadence = Cadence("Call", [Touchpoint("call", 1)], window=draw(st.sampled_from(WINDOWS)))
        people.append(
            Enrollment.start(
                cadence,
                f"p{n}@firm{n}.example",
                datetime(2026, 11, 20, tzinfo=UTC)
                + timedelta(hours=draw(st.integers(0, 96)), minutes=draw(st.integers(0, 59))),
                calendar=COUNTRY[country],
                tz=draw(st.sampled_from(ZONES[country])),
                owner=draw(st.sampled_from(REPS)),
            )
        )
    zones = {rep: draw(st.sampled_from([z for zs in ZONES.values() for z in zs])) for rep in REPS}
    slot = timedelta(minutes=draw(st.sampled_from([30, 45, 60, 90, 120])))
    capacities = {
        rep: Capacity(
            {"call": draw(st.integers(1, 6))},
            manual_per_day=draw(st.none() | st.integers(1, 6)),
            sessions={"call": draw(st.sampled_from(SESSIONS))},
            slot=slot,
        )
        for rep in REPS
    }
    options: dict[str, object] = {
        "capacity": Capacity(),
        "calendar": COUNTRY["US"],
        "start": MON + timedelta(days=draw(st.integers(0, 3))),
        "days": draw(st.integers(1, 3)),
        "tz": "UTC",
        "owner_tz": zones,
        "owner_capacity": capacities,
        "owner_calendar": {rep: COUNTRY[draw(st.sampled_from(sorted(COUNTRY)))] for rep in REPS},
    }
    if draw(st.booleans()):
        options["now"] = datetime(2026, 11, 23, tzinfo=UTC) + timedelta(
            hours=draw(st.integers(0, 96))
        )
    return people, options


@given(small_days())
def test_each_reps_day_holds_as_many_calls_as_an_exact_assignment(
    case: tuple[list[Enrollment], dict[str, object]],
) -> None:
    """Oracle: a maximum bipartite matching of the calls waiting each day to the rep's slots."""
    people, options = case
    agenda = plan(people, **options)  # type: ignore[arg-type]
    zones = options["owner_tz"]
    assert isinstance(zones, dict)
    now = options.get("now")
    assert now is None or isinstance(now, datetime)
    capacities = options["owner_capacity"]
    assert isinstance(capacities, dict)
    every = [*agenda.touches, *agenda.backlog]
    for owner in agenda.owners:
        assert owner is not None
        capacity = capacities[owner]
        session = capacity.session("call")
        assert session is not None
        zone = ZoneInfo(zones[owner])
        for d in agenda.days_of(owner):
            waiting = [
                t
                for t in every
                if t.owner == owner and t.due_day <= d and (t.day is None or t.day >= d)
            ]
            grid = _grid(d, session, zone, capacity.slot)
            edges = [
                [k for k, at in enumerate(grid) if _fits(t, at, capacity.slot, now)]
                for t in waiting
            ]
            most = min(
                _most_matched(edges), capacity.limit("call") or 99, capacity.manual_per_day or 99
            )
            placed = [t for t in waiting if t.day == d]
            assert len(placed) == most, (owner, d, [str(t) for t in waiting], len(grid))
            for t in placed:  # and each where an exact assignment could put it
                assert t.at is not None
                assert t.at.astimezone(zone).date() == d
                assert t.at.astimezone(UTC) in grid
                assert _fits(t, t.at.astimezone(UTC), capacity.slot, now)
            assert len({t.at for t in placed}) == len(placed)


# --- worked examples --------------------------------------------------------------------------


def _call(
    prospect: str, tz: str, country: str, at: str, window: SendWindow, owner: str
) -> Enrollment:
    cadence = Cadence("Call", [Touchpoint("call", 1)], window=window)
    return Enrollment.start(cadence, prospect, at, tz=tz, calendar=COUNTRY[country], owner=owner)


def test_a_flexible_call_moves_over_for_one_that_fits_a_single_slot() -> None:
    # Ben in London has two hour-long slots, 08:00 and 09:00. Olivia (London, all day) is
    # due first and took 08:00, the only slot Tel Aviv's 10:00-11:00 (08:00 in London)
    # fits: Dana slipped to Tuesday with slots to spare. Now Olivia moves to 09:00.
    olivia = _call("olivia", "Europe/London", "GB", "2026-11-20T08:00:00+00:00", WINDOWS[0], "ben")
    dana = _call(
        "dana",
        "Asia/Jerusalem",
        "IL",
        "2026-11-20T10:00:00+02:00",
        SendWindow("10:00", "11:00"),
        "ben",
    )
    agenda = plan(
        [olivia, dana],
        capacity=Capacity(sessions={"call": "08:00-10:00"}, slot=timedelta(hours=1)),
        calendar=COUNTRY["GB"],
        start=MON,
        days=1,
        owner_tz={"ben": "Europe/London"},
    )
    times = {t.prospect: t.at.strftime("%H:%M") if t.at else None for t in agenda.touches}
    assert times == {"olivia": "09:00", "dana": "08:00"}
    assert [t.prospect for t in agenda.touches] == ["olivia", "dana"]  # still priority order
    assert agenda.slips == ()


TEAM = {  # each rep: zone, country, the places they call
    "ann": ("America/Chicago", "US", [("America/New_York", "US"), ("America/Los_Angeles", "US")]),
    "ben": ("Europe/London", "GB", [("Europe/Berlin", "GB"), ("Asia/Jerusalem", "IL")]),
    "mia": ("Australia/Sydney", "AU", [("Asia/Tokyo", "JP"), ("Australia/Perth", "AU")]),
}


def _team(count: int) -> list[Enrollment]:
    return [
        Enrollment.start(
            CALL,
            f"{rep}{n}@example.com",
            "2026-11-27T00:00:00+00:00",
            tz=places[n % 2][0],
            calendar=COUNTRY[places[n % 2][1]],
            owner=rep,
        )
        for rep, (_, _, places) in TEAM.items()
        for n in range(count)
    ]


def _team_plan(people: list[Enrollment], **options: object) -> Agenda:
    return plan(
        people,
        capacity=Capacity({"call": 25}, sessions={"call": "09:00-17:00"}),
        calendar=COUNTRY["US"],
        owner_tz={rep: zone for rep, (zone, _, _) in TEAM.items()},
        owner_calendar={rep: COUNTRY[country] for rep, (_, country, _) in TEAM.items()},
        start=date(2026, 11, 30),
        days=3,
        **options,  # type: ignore[arg-type]
    )


def test_three_reps_in_three_zones_in_one_call() -> None:
    """Issue 29: a team in three zones needed three runs and a merge; one call now."""
    people = _team(60)
    now = datetime.fromisoformat("2026-11-30T08:00:00-06:00")
    agenda = _team_plan(people, now=now)
    days = {rep: [len(ts) for ts in agenda.for_owner(rep).values()] for rep in agenda.owners}
    # Mia's Monday is over at 01:00 on Tuesday in Sydney; Ben's starts at 14:00.
    assert days["ann"] == [25, 25, 10]
    assert days["mia"] == [0, 25, 25]
    assert days["ben"] == [24, 25, 11]  # 14:00-16:00 in London: 24 slots where Berlin is open
    for call in agenda.touches:
        rep_zone, _, _ = TEAM[call.owner or ""]
        assert call.at is not None
        here = call.at.astimezone(ZoneInfo(rep_zone))
        assert here.date() == call.day
        assert time(9) <= here.time() <= time(16, 55)
        assert call.at >= now
        assert _fits(call, call.at.astimezone(UTC), timedelta(minutes=5), now)
    mia = {s.cap for s in agenda.slips if s.item.owner == "mia"}
    assert Cap.NOW in mia
    # Without now, Mia's Monday is planned: each rep's own days, in their own zone.
    assert [len(ts) for ts in _team_plan(people).for_owner("mia").values()] == [25, 25, 10]
    assert _team_plan(people, now=now) == agenda  # the same input, the same plan


def test_reps_read_due_dates_and_start_in_their_own_zone() -> None:
    # Friday 27 Nov 23:30 in Chicago is Saturday in London and Sydney: a start given as a
    # moment is each rep's own date, rolled to their business day.
    people = _team(1)
    agenda = plan(
        people,
        capacity=Capacity(),
        calendar=COUNTRY["US"],
        owner_tz={rep: zone for rep, (zone, _, _) in TEAM.items()},
        start=datetime.fromisoformat("2026-11-26T23:30:00-06:00"),  # Thanksgiving night
        days=1,
    )
    assert agenda.days_of("ann") == (date(2026, 11, 27),)
    assert agenda.days_of("ben") == (date(2026, 11, 27),)
    assert agenda.days_of("mia") == (date(2026, 11, 27),)
    assert agenda.days == (date(2026, 11, 27),)


def test_the_backlog_says_why_each_call_was_not_placed() -> None:
    tokyo = _call("kenji", "Asia/Tokyo", "JP", "2026-11-20T09:00:00+09:00", WINDOWS[0], "ben")
    london = [
        _call(f"p{n}", "Europe/London", "GB", "2026-11-20T09:00:00+00:00", WINDOWS[0], "ben")
        for n in range(2)
    ]
    agenda = plan(
        [tokyo, *london],
        capacity=Capacity({"call": 1}, sessions={"call": "09:00-17:00"}),
        calendar=COUNTRY["GB"],
        start=MON,
        days=1,
        owner_tz={"ben": "Europe/London"},
    )
    text = str(agenda)
    assert (
        "ben: Call kenji step 1, due Fri 20 Nov 2026 09:00 JST (new, overdue 1 business day, "
        "slipped 1 business day): no common hours: the rep's call session Mon-Sun 09:00-17:00 "
        "(Europe/London), the prospect's 09:00-17:00 (Asia/Tokyo)"
    ) in text
    assert text.endswith("the limit of 1 call a day was reached")
    assert agenda.explain("kenji") == (
        "Call kenji step 1, due Fri 20 Nov 2026 09:00 JST: not placed by Mon 23 Nov 2026, "
        "the last day planned; Mon 23 Nov 2026 -> Tue 24 Nov 2026, no common hours: the rep's "
        "call session Mon-Sun 09:00-17:00 (Europe/London), the prospect's 09:00-17:00 (Asia/Tokyo)"
    )
    assert agenda.explain("p0") == (
        "Call p0 step 1, due Fri 20 Nov 2026 09:00 GMT: planned Mon 23 Nov 2026 at 09:00 GMT, "
        "1 business day overdue"
    )
    for touch in agenda.backlog:  # every touch not placed names its reason
        assert "not placed" in agenda.explain(touch)
        assert ", the last day planned; " in agenda.explain(touch)


def test_explain_refuses_what_is_not_in_the_agenda() -> None:
    agenda = _team_plan(_team(1))
    with pytest.raises(InvalidFieldError, match=r"^touch 'nobody': not a prospect"):
        agenda.explain("nobody")
    with pytest.raises(InvalidFieldError, match=r"expected a touch of this agenda"):
        agenda.explain(3)  # type: ignore[arg-type]


def test_owner_tz_is_checked_and_sessions_need_each_reps_zone() -> None:
    people = _team(1)
    with pytest.raises(InvalidFieldError, match=r"^owner_tz\['ann'\] 'Mars/Base': not a time zone"):
        plan(
            people,
            capacity=Capacity(),
            calendar=COUNTRY["US"],
            start=MON,
            days=1,
            owner_tz={"ann": "Mars/Base"},
        )
    with pytest.raises(
        InvalidFieldError, match=r"^owner_tz 'mia': has prospecting sessions but no zone"
    ):
        plan(
            people,
            capacity=Capacity(sessions={"call": "09:00-17:00"}),
            calendar=COUNTRY["US"],
            start=MON,
            days=1,
            owner_tz={"ann": "America/Chicago", "ben": "Europe/London"},
        )
    with pytest.raises(InvalidFieldError, match=r"^tz None: prospecting sessions"):
        plan(
            people,
            capacity=Capacity(),
            calendar=COUNTRY["US"],
            start=MON,
            days=1,
            owner_capacity={"ann": Capacity(sessions={"call": "09:00-17:00"})},
            owner_tz={"ben": "Europe/London"},
        )
    with pytest.raises(InvalidFieldError, match=r"^owner_tz .*expected a mapping"):
        plan(
            people,
            capacity=Capacity(),
            calendar=COUNTRY["US"],
            start=MON,
            days=1,
            owner_tz="Europe/London",
        )  # type: ignore[arg-type]


def test_a_session_full_in_the_calls_hours_says_what_is_free_elsewhere() -> None:
    # Tel Aviv's 10:00-10:30 is 08:00-08:30 in London: one half-hour slot of Ben's four.
    dana, dov = (
        _call(
            p,
            "Asia/Jerusalem",
            "IL",
            "2026-11-20T10:00:00+02:00",
            SendWindow("10:00", "10:30"),
            "ben",
        )
        for p in ("dana", "dov")
    )
    agenda = plan(
        [dana, dov],
        capacity=Capacity(sessions={"call": "08:00-10:00"}, slot=timedelta(minutes=30)),
        calendar=COUNTRY["GB"],
        start=MON,
        days=1,
        owner_tz={"ben": "Europe/London"},
    )
    assert [t.prospect for t in agenda.touches] == ["dana"]
    (slip,) = agenda.slips
    assert (slip.cap, slip.limit) == (Cap.SESSION, 3)
    assert (
        slip.reason
        == "the call prospecting blocks were full in its hours (3 slots free at other times)"
    )
