"""examples/monday_plan.py: a manager's Monday for a team in three zones (issue 29).

The checks read the script's outputs against oracles of their own: the reps'
hours and holidays from the brief, the step numbers from the lines the manager
wrote, and who opted out or bounced from the raw export, not from the library.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import cadencekit as ck

from .examples import run_example

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "monday_plan.py"
DATA = EXAMPLE.parent / "data" / "monday"
REPS = {  # the brief: each rep's zone and calendar, 09:00-17:00, 25 calls a day
    "ann": (ZoneInfo("America/Chicago"), ck.BusinessCalendar(country="US", subdiv="IL")),
    "oli": (ZoneInfo("Europe/London"), ck.BusinessCalendar(country="GB", subdiv="ENG")),
    "mia": (ZoneInfo("Australia/Sydney"), ck.BusinessCalendar(country="AU", subdiv="NSW")),
}
SLOT = timedelta(minutes=5)
Run = tuple[dict[str, Any], Path, str]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    pytest.importorskip("icalendar")
    return run_example(EXAMPLE, tmp_path_factory.mktemp("monday"))


def _call_list(out: Path) -> list[dict[str, str]]:
    with open(out / "calls.csv", encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def _export() -> list[dict[str, str]]:
    with open(DATA / "activity.csv", encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_the_sample_data_is_the_task_as_briefed(run: Run) -> None:
    found, _, _ = run
    people: list[ck.Enrollment] = found["people"]
    with open(DATA / "prospects.csv", encoding="utf-8", newline="") as file:
        crm = list(csv.DictReader(file))
    emails = {row["Email"].lower() for row in crm}
    assert len(emails) == 150
    assert len(crm) == len(people) == 160  # ten re-enrolled in a later sequence
    assert sum(row["Email"] != row["Email"].lower() for row in crm) >= 30
    assert len({row["Country"].split("-")[0] for row in crm}) >= 10
    assert len({row["Time Zone"] for row in crm}) >= 15
    export = _export()
    rows = [tuple(row.values()) for row in export]
    assert len(rows) - len(set(rows)) >= 20  # duplicates
    assert sum(1 for row in export if row["Reply"]) >= 30
    assert {e.cadence.name for e in people} == {
        "Cold outbound",
        "Webinar follow-up",
        "Re-engagement",
    }
    # the unreadable rows are reported with their line, never dropped silently
    assert len(found["activity"].problems) == 5
    # an email in any case is one prospect: the CRM's capitals meet the export's lower case
    capitalised = [e for e in people if e.prospect != e.prospect.lower()]
    assert len(capitalised) >= 30
    assert all(e.events for e in capitalised)


def test_no_call_falls_outside_either_partys_hours_or_before_now(run: Run) -> None:
    found, _, _ = run
    week: ck.Agenda = found["week"]
    now = datetime.fromisoformat(found["NOW"])
    calls = [t for t in week.touches if t.channel is ck.Channel.CALL]
    assert len(calls) >= 100
    assert {t.owner for t in calls} == set(REPS)
    for call in calls:
        zone, calendar = REPS[str(call.owner)]
        assert call.at is not None
        assert call.at >= now
        mine = call.at.astimezone(zone)  # the rep's session, on the rep's calendar
        assert time(9) <= mine.time(), call
        assert (mine + SLOT).time() <= time(17), call
        assert calendar.is_business_day(mine.date()), call
        assert call.day == mine.date()
        enrollment = call.enrollment
        assert enrollment is not None
        theirs = call.at.astimezone(enrollment.zone)  # the prospect's window and calendar
        assert time(9) <= theirs.time(), call
        assert (theirs + SLOT).time() <= time(17), call
        assert enrollment.calendar.is_business_day(theirs.date()), call
    # Monday 08:00 in Chicago is Tuesday 01:00 in Sydney: Mia's Monday is over
    assert not [t for t in calls if t.owner == "mia" and t.day == now.date()]
    # Christmas and Boxing Day (observed Monday 28) are the London and Sydney reps' days off
    assert {str(t.day) for t in calls if t.owner in ("oli", "mia")}.isdisjoint(
        {"2026-12-25", "2026-12-28"}
    )
    # what could not be placed is never placed: every slip keeps its touch off that day
    assert all(s.to_day > s.from_day for s in week.slips)


def test_nobody_who_opted_out_or_bounced_in_any_sequence_is_called(run: Run) -> None:
    found, out, _ = run
    stopped = {
        row["Email"].lower()
        for row in _export()
        if row["Event"] in ("Unsubscribed", "Email Bounced")
        or re.search(
            r"remove me|unsubscribe|take me off|retirer|entfernen|elimíneme", row["Reply"], re.I
        )
    }
    assert len(stopped) >= 8
    # four of them were enrolled again in a later sequence after they opted out or bounced
    later = Counter(e.prospect.lower() for e in found["people"])
    assert len({p for p in stopped if later[p] > 1}) == 4
    called = {row["prospect"].lower() for row in _call_list(out)}
    planned = {t.prospect.lower() for t in found["week"].touches}
    assert called
    assert not called & stopped
    assert not planned & stopped  # no email, LinkedIn task or voicemail either


def test_no_rep_goes_over_capacity(run: Run) -> None:
    _, out, _ = run
    per_day = Counter((row["owner"], row["day"]) for row in _call_list(out))
    assert per_day
    assert max(per_day.values()) <= 25
    assert {owner for owner, _ in per_day} == set(REPS)


def _manager_numbers() -> dict[tuple[str, int], int]:
    """(sequence, cadence day) -> the number the manager wrote on that line."""
    numbers = {}
    for path in (DATA / "sequences").glob("*.txt"):
        lines = path.read_text(encoding="utf-8").splitlines()
        for line in lines[1:]:
            written = re.match(r"(\d+)\. Day (\d+):", line)
            if written:
                numbers[lines[0], int(written[2])] = int(written[1])
    return numbers


def test_the_call_list_and_calendars_use_the_managers_step_numbers(run: Run) -> None:
    import icalendar

    found, out, printed = run
    numbers = _manager_numbers()
    cadences = {c.name: c for c in found["sequences"]}
    rows = _call_list(out)
    for row in rows:
        day = cadences[row["cadence"]].touchpoints[int(row["step"])].day
        assert int(row["number"]) == numbers[row["cadence"], day], row
        assert row["channel"] == "call"
        assert row["first_name"]
        assert row["company"]
    assert max(int(row["number"]) for row in rows) <= 9  # "Cold outbound" has nine lines
    by_rep = Counter(row["owner"] for row in rows)
    for rep in REPS:
        text = (out / f"{rep}-calls.ics").read_text(encoding="utf-8")
        events = list(icalendar.Calendar.from_ical(text).walk("VEVENT"))
        assert len(events) == by_rep[rep]
        for event in events:
            summary = str(event["summary"])
            said = re.search(r"step (\d+) of (.+)$", summary)
            assert said is not None, summary
            assert int(said[1]) in {n for (name, _), n in numbers.items() if name == said[2]}
    assert "Cold outbound" in printed
    assert "Agenda: 5 business days" in printed


def test_the_script_is_short_and_has_no_glue_of_its_own() -> None:
    code = [
        line
        for line in EXAMPLE.read_text(encoding="utf-8").split('"""', 2)[2].splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert len(code) <= 60
    assert not [line for line in code if line.lstrip().startswith(("def ", "class ", "lambda"))]
