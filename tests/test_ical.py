"""iCalendar text: parsed back with the icalendar package, UIDs stable, zones exact."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

import cadencekit as ck

icalendar = pytest.importorskip("icalendar")

INTRO = ck.Cadence(
    "Intro",
    [
        ck.Touchpoint("email", 1, label="Intro email", subject="Quick question, {{ first_name }}"),
        ck.Touchpoint("call", 3, label="First call"),
        ck.Touchpoint("email", 5),
    ],
)
NY = ZoneInfo("America/New_York")


def events_of(text: str) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(text)
    return list(calendar.walk("VEVENT"))


def test_an_enrollment_exports_its_remaining_touches() -> None:
    e = ck.Enrollment.start(INTRO, "ada@acme.com", "2026-11-23T08:00:00-05:00", tz=NY)
    e = e.apply(ck.Event.touch("2026-11-23T09:00:00-05:00", 0))
    text = ck.to_ical(e)
    events = events_of(text)
    assert [event.decoded("dtstart") for event in events] == [t.due for t in e.plan]
    assert events[0].decoded("dtstart").tzinfo.key == "America/New_York"
    assert str(events[0]["summary"]) == "Call ada@acme.com (step 2 of Intro)"
    assert events[0].decoded("dtend") - events[0].decoded("dtstart") == timedelta(minutes=15)
    assert "BEGIN:VTIMEZONE" in text
    assert "TZID:America/New_York" in text
    calendar = icalendar.Calendar.from_ical(text)
    assert str(calendar["version"]) == "2.0"
    assert "\r\n" in text  # RFC 5545 line endings


def test_uids_are_stable_across_runs_and_replans() -> None:
    e = ck.Enrollment.start(INTRO, "ada@acme.com", "2026-11-23T08:00:00-05:00", tz=NY)
    later = e.apply(ck.Event.touch("2026-11-24T15:00:00-05:00", 0))  # a day late: replanned
    first = {str(ev["uid"]): ev.decoded("dtstart") for ev in events_of(ck.to_ical(e))}
    second = {str(ev["uid"]): ev.decoded("dtstart") for ev in events_of(ck.to_ical(later))}
    assert set(second) < set(first)  # the same touches keep their UIDs
    assert any(first[uid] != second[uid] for uid in second)  # with their new times
    assert ck.to_ical(e) == ck.to_ical(e)
    assert len(set(first)) == 3


def test_a_schedule_in_utc_and_a_long_description_folds() -> None:
    long_label = "Value email: " + "a case study from a customer like you " * 4
    c = ck.Cadence("Long", [ck.Touchpoint("email", 1, label=long_label)])
    text = ck.to_ical(ck.schedule(c, "2026-11-23", tz="Europe/Berlin"), utc=True)
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))  # folded by the package
    (event,) = events_of(text)
    assert event.decoded("dtstart") == datetime(2026, 11, 23, 8, tzinfo=UTC)
    assert str(event["description"]) == long_label
    assert "VTIMEZONE" not in text


def test_a_reps_agenda_has_only_their_touches_on_the_planned_days() -> None:
    calls = ck.Cadence("Calls", [ck.Touchpoint("call", 1)])
    es = [
        ck.Enrollment.start(calls, f"p{i}", "2026-11-23T08:00:00-05:00", tz=NY, owner=owner)
        for i, owner in enumerate(["ann", "ann", "ann", "bo"])
    ]
    agenda = ck.plan(
        es,
        capacity=ck.Capacity({"call": 2}),
        calendar=ck.BusinessCalendar(),
        start=date(2026, 11, 23),
        days=2,
    )
    events = events_of(ck.to_ical(agenda, owner="ann", stamp=datetime(2026, 11, 22, tzinfo=UTC)))
    starts = sorted(event.decoded("dtstart") for event in events)
    assert starts == [
        datetime(2026, 11, 23, 9, tzinfo=NY),
        datetime(2026, 11, 23, 9, tzinfo=NY),
        datetime(2026, 11, 24, 9, tzinfo=NY),  # slipped a day, same wall time
    ]
    assert {event.decoded("dtstamp") for event in events} == {datetime(2026, 11, 22, tzinfo=UTC)}
    # The agenda's UIDs are the enrollment's: the same touch is one calendar event.
    from_enrollment = {str(ev["uid"]) for ev in events_of(ck.to_ical(es[0]))}
    assert from_enrollment <= {str(ev["uid"]) for ev in events}
    with pytest.raises(ck.InvalidFieldError, match="owner 'cy'"):
        ck.to_ical(agenda, owner="cy")


def test_bad_arguments_are_refused() -> None:
    e = ck.Enrollment.start(INTRO, "p", "2026-11-23T08:00:00+00:00")
    with pytest.raises(ck.InvalidFieldError, match="duration"):
        ck.to_ical(e, duration=timedelta(0))
    with pytest.raises(ck.InvalidFieldError, match="owner"):
        ck.to_ical(e, owner="ann")
    with pytest.raises(ck.InvalidFieldError, match="value"):
        ck.to_ical("nope")  # type: ignore[arg-type]


def test_a_missing_icalendar_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "icalendar", None)
    e = ck.Enrollment.start(INTRO, "p", "2026-11-23T08:00:00+00:00")
    with pytest.raises(ModuleNotFoundError, match=r"cadencekit\[ical\]"):
        ck.to_ical(e)


# --- regressions named in issue 23 ----------------------------------------------------


def test_no_text_can_start_a_line_or_write_a_control_character() -> None:
    cadence = ck.Cadence(
        "Intro\r\nX-INJECT:1",
        [ck.Touchpoint("email", 1, label="a\x00b\x1bc", subject="s\r\nBEGIN:VEVENT\rEND:VEVENT")],
    )
    e = ck.Enrollment.start(
        cadence, "ada\r\nATTENDEE:evil\ud800", "2026-11-23T08:00:00-05:00", tz=NY
    )
    for text in (ck.to_ical(e), ck.to_ical(e, name="Team\ncal\x00endar\x1b\x85", utc=True)):
        lines = text.split("\r\n")
        assert all("\r" not in line and "\n" not in line for line in lines)
        assert not any(ch in text for ch in "\x00\x1b\x85\ud800")
        starts = [line.split(":", 1)[0].split(";", 1)[0] for line in lines if line[:1] != " "]
        assert "X-INJECT" not in starts
        assert "ATTENDEE" not in starts
        assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 1
        (event,) = events_of(text)
        assert str(event["summary"]) == "Email ada ATTENDEE:evil\ufffd (step 1 of Intro X-INJECT:1)"
        assert str(event["description"]) == "abc\ns\nBEGIN:VEVENT\nEND:VEVENT"
    named = icalendar.Calendar.from_ical(ck.to_ical(e, name="Team\ncal\x00endar\x1b"))
    assert str(named["x-wr-calname"]) == "Team calendar"
    default = icalendar.Calendar.from_ical(ck.to_ical(e))
    assert str(default["x-wr-calname"]) == "ada ATTENDEE:evil\ufffd in Intro X-INJECT:1"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"name": 123}, r"^name 123: expected the calendar's name as a string, or None"),
        ({"name": b"cal"}, r"^name b'cal'"),
        ({"utc": "yes"}, r"^utc 'yes': expected True or False"),
        ({"duration": timedelta.max}, r"^duration .*at most 7 days"),
        ({"stamp": datetime(9999, 12, 31, 23, tzinfo=NY)}, r"^stamp .*outside years 1-9999"),
    ],
)
def test_bad_options_are_named(options: dict[str, object], message: str) -> None:
    e = ck.Enrollment.start(INTRO, "ada@acme.com", "2026-11-23T08:00:00-05:00", tz=NY)
    with pytest.raises(ck.InvalidFieldError, match=message):
        ck.to_ical(e, **options)  # type: ignore[arg-type]


def test_a_touch_at_the_end_of_the_calendar_is_a_date_range_error() -> None:
    cadence = ck.Cadence("Last", [ck.Touchpoint("email", 1)])
    e = ck.Enrollment.start(cadence, "ada@acme.com", datetime(9999, 12, 30, 9, tzinfo=NY), tz=NY)
    assert "DTSTART;TZID=America/New_York:99991230T090000" in ck.to_ical(e)
    with pytest.raises(ck.DateRangeError, match=r"^duration .*would end past 9999-12-31"):
        ck.to_ical(e, duration=timedelta(days=2))
