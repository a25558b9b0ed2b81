"""Status follows time: a dated pause over by ``now`` is not ``paused`` (issue 25, item 6)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cadencekit as ck

CADENCE = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("email", 8)])
START = datetime(2026, 11, 23, 9, tzinfo=UTC)


def paused(until: str | None = "2026-11-26") -> ck.Enrollment:
    e = ck.Enrollment.start(CADENCE, "p", START)
    e = e.apply(ck.Event.touch(START, 0))
    return e.apply(ck.Event.pause(START + timedelta(hours=1), until=until))


def test_advance_past_a_dated_pause_makes_it_active() -> None:
    e = paused()
    assert e.status is ck.Status.PAUSED
    assert e.advance("2026-11-25T23:59:00+00:00") is e  # not over yet: the same value
    later = e.advance("2026-11-26T00:00:00+00:00")
    assert later.status is ck.Status.ACTIVE
    assert later.paused_until is None
    assert later.next_touch == e.next_touch  # the plan still waits for the pause's end


def test_an_open_ended_pause_stays_paused() -> None:
    e = paused(until=None)
    assert e.advance("2027-06-01T00:00:00+00:00").status is ck.Status.PAUSED


def test_the_time_reached_survives_to_dict_and_a_late_event() -> None:
    later = paused().advance("2026-11-27T00:00:00+00:00")
    again = ck.Enrollment.from_dict(later.to_dict())
    assert again == later
    assert again.status is ck.Status.ACTIVE
    late = later.apply(ck.Event.open("2026-11-23T12:00:00+00:00", 0))  # refolded in order
    assert late.status is ck.Status.ACTIVE


def table_of(until: str) -> ck.EventTable:
    started = START.isoformat()
    rows = [
        {"prospect": "p", "started": started, "kind": "touch", "at": started, "step": 0},
        {"prospect": "p", "started": started, "kind": "pause", "at": "2026-11-23T10:00:00+00:00"}
        | {"until": until},
    ]
    return ck.read_events(rows)


@pytest.mark.parametrize(
    ("now", "expected"),
    [("2026-11-25T12:00:00+00:00", (0, 1)), ("2026-11-26T00:00:00+00:00", (1, 0))],
)
def test_report_counts_status_as_of_now_on_both_paths(now: str, expected: tuple[int, int]) -> None:
    table = table_of("2026-11-26")
    quick = ck.report(table, cadences=CADENCE, now=now)
    engine = ck.report([paused()], now=now)
    assert (quick.active, quick.paused) == expected == (engine.active, engine.paused)
    assert quick == ck.report(ck.replay_many(table, CADENCE), now=now)


@given(
    ends=st.lists(st.integers(min_value=1, max_value=20) | st.none(), min_size=1, max_size=6),
    now=st.integers(min_value=0, max_value=25),
)
def test_paused_counts_exactly_the_pauses_not_over_by_now(ends: list[int | None], now: int) -> None:
    moment = START + timedelta(days=now)
    enrollments = []
    for index, days in enumerate(ends):
        e = ck.Enrollment.start(CADENCE, f"p{index}", START)
        until = None if days is None else (START + timedelta(days=days)).date()
        enrollments.append(e.apply(ck.Event.pause(START, until=until)))
    result = ck.report(enrollments, now=moment)
    over = [e.paused_until is not None and e.paused_until <= moment for e in enrollments]
    assert result.paused == over.count(False)
    assert result.active == over.count(True)
    advanced = [e.advance(moment) for e in enrollments]
    assert [e.status is ck.Status.ACTIVE for e in advanced] == over
