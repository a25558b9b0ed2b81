"""A team plan: reps in several zones in one plan() call, filled to capacity (issue 29).

The assignment of touches to a rep's session slots is checked against an exact
assignment (a bipartite matching written here) on small random cases.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from cadencekit import (
    Agenda,
    BusinessCalendar,
    Cadence,
    Capacity,
    Enrollment,
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
