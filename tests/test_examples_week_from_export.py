"""examples/week_from_export.py: from an export and an inbox to a call list a rep can follow."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import cadencekit as ck

from .examples import run_example

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "week_from_export.py"
CHICAGO = ZoneInfo("America/Chicago")


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path, str]:
    pytest.importorskip("icalendar")
    return run_example(EXAMPLE, tmp_path_factory.mktemp("week"))


def test_every_prospect_is_enrolled_and_every_row_applied(
    run: tuple[dict[str, Any], Path, str],
) -> None:
    found, _, printed = run
    people: list[ck.Enrollment] = found["people"]
    assert len(people) == 36
    assert len({e.calendar.country for e in people}) == 11
    assert len({e.tz for e in people}) >= 15
    assert {e.owner for e in people} == {"ann", "raj"}
    assert all(e.facts["first_name"] and e.facts["company"] for e in people)
    rows = (EXAMPLE.parent / "data" / "events.csv").read_text(encoding="utf-8").splitlines()[1:]
    applied = sum(len(e.events) for e in people)
    assert applied == len(rows) == len(found["activity"])  # every row, replies read from text
    assert printed.startswith(f"36 enrolled; {len(rows)} events applied")


def test_the_replies_are_read_and_acted_on(run: tuple[dict[str, Any], Path, str]) -> None:
    found, _, _ = run
    by = {e.prospect: e for e in found["people"]}
    assert by["alan.kay@bluebird.health"].exit_reason is ck.ExitReason.POSITIVE_REPLY
    assert by["radia.perlman@cascadenet.com"].exit_reason is ck.ExitReason.DECLINED
    assert by["emmy.noether@algebra-sw.de"].exit_reason is ck.ExitReason.OPTED_OUT
    assert by["fran.bilas@keystonetools.com"].exit_reason is ck.ExitReason.OPTED_OUT
    away = by["margaret.hamilton@apollofreight.com"]
    assert away.status is ck.Status.PAUSED
    assert away.paused_until is not None
    assert away.paused_until.date().isoformat() == "2026-12-07"


def test_no_call_outside_either_partys_hours_before_now_or_to_an_opt_out(
    run: tuple[dict[str, Any], Path, str],
) -> None:
    found, _, _ = run
    week: ck.Agenda = found["week"]
    now = datetime.fromisoformat(found["NOW"])
    stopped = {e.prospect for e in found["people"] if e.status is ck.Status.ENDED}
    us = ck.BusinessCalendar(country="US")
    calls = [t for t in week.touches if t.channel is ck.Channel.CALL]
    assert len(calls) >= 10
    for touch in calls:
        assert touch.prospect not in stopped
        enrollment = touch.enrollment
        assert enrollment is not None
        mine, theirs = touch.rep_time, touch.prospect_time
        assert mine is not None
        assert theirs is not None
        assert mine >= now
        assert mine.tzinfo == CHICAGO
        assert time(8) <= mine.time() < time(17)
        assert us.is_business_day(mine.date())
        assert time(9) <= theirs.time() < time(17)
        assert enrollment.calendar.is_business_day(theirs.date())
    # what could not fit is never placed: it waits, with its reason
    assert {t.prospect for t in week.backlog} == {
        "yukihiro.matsumoto@rubyworks.jp",
        "cathy.yang@lioncitypay.sg",
    }
    assert all("no common hours" in s.reason for s in week.slips if s.item in week.backlog)


def test_each_rep_gets_a_calendar_of_their_calls_with_the_fields_filled(
    run: tuple[dict[str, Any], Path, str],
) -> None:
    import icalendar

    found, out, printed = run
    assert sorted(p.name for p in out.glob("*.ics")) == ["ann-calls.ics", "raj-calls.ics"]
    week: ck.Agenda = found["week"]
    for rep in ("ann", "raj"):
        text = (out / f"{rep}-calls.ics").read_text(encoding="utf-8")
        assert "{{" not in text
        events = list(icalendar.Calendar.from_ical(text).walk("VEVENT"))
        planned = [t for t in week.touches if t.owner == rep and t.channel is ck.Channel.CALL]
        assert len(events) == len(planned)
        starts = [event.decoded("dtstart") for event in events]
        assert starts == sorted(starts)  # the order the rep works in
        first = events[0]
        assert str(first["categories"].cats[0]) == "call"
        assert str(first["summary"]).startswith("Call ")
        assert " at " in str(first["description"])
    ann = (out / "ann-calls.ics").read_text(encoding="utf-8")
    assert "Call Ada (Acme Robotics)" in ann
    assert "+1 212 555 0101" in ann
    assert "Cold outreach" in printed
    assert "Inbound follow-up" in printed
