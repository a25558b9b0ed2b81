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


# --- a rep's calendar they can use (issues 25 and 29) ---------------------------------

WEEK = ck.Cadence(
    "Week",
    [
        ck.Touchpoint("email", 1, subject="A question for {{ company | your team }}"),
        ck.Touchpoint("call", 1, label="Call {{ name | them }} at {{ company | your team }}"),
        ck.Touchpoint("linkedin", 2),
    ],
)
FACTS = {"name": "Ada", "company": "Acme", "phone": "+1 212 555 0101"}


def team() -> list[ck.Enrollment]:
    return [
        ck.Enrollment.start(
            WEEK, "ada@acme.com", "2026-11-23T08:00", tz=NY, owner="ann", facts=FACTS
        ),
        ck.Enrollment.start(
            WEEK, "jo@jolt.de", "2026-11-23T08:00", tz="Europe/Berlin", owner="ann"
        ),
        ck.Enrollment.start(
            WEEK, "lee@lake.com", "2026-11-23T08:00", tz="America/Los_Angeles", owner="bo"
        ),
    ]


def week_agenda() -> ck.Agenda:
    return ck.plan(
        team(),
        capacity=ck.Capacity(sessions={"call": "08:00-18:00"}),
        calendar="US",
        start=date(2026, 11, 23),
        days=3,
        tz="America/Chicago",
        forecast=True,
    )


def test_merge_fields_are_rendered_never_raw() -> None:
    agenda = week_agenda()
    text = ck.to_ical(agenda, owner="ann")
    assert "{{" not in text.replace("\r\n ", "")
    described = {str(e["summary"]): str(e.get("description", "")) for e in events_of(text)}
    assert described["Email ada@acme.com (step 1 of Week)"] == "A question for Acme"
    assert described["Call ada@acme.com (step 2 of Week)"] == "Call Ada at Acme"
    assert described["Call jo@jolt.de (step 2 of Week)"] == "Call them at your team"  # fallbacks
    custom = ck.to_ical(
        agenda,
        owner="ann",
        channels="call",
        summary="Call {{ name | the prospect }} ({{ company | no company }})",
        description="{{ phone | no phone }}\nStep {{ step }} of {{ cadence }}, for {{ owner }}",
    )
    assert [(str(e["summary"]), str(e["description"])) for e in events_of(custom)] == [
        ("Call the prospect (no company)", "no phone\nStep 2 of Week, for ann"),  # 09:00 Berlin
        ("Call Ada (Acme)", "+1 212 555 0101\nStep 2 of Week, for ann"),  # 09:30 New York
    ]


def test_a_channel_filter_keeps_the_reps_own_work() -> None:
    agenda = week_agenda()
    every = events_of(ck.to_ical(agenda, owner="ann"))
    manual = events_of(ck.to_ical(agenda, owner="ann", channels=["call", "linkedin"]))
    assert {str(e["categories"].cats[0]) for e in every} == {"email", "call", "linkedin"}
    assert {str(e["categories"].cats[0]) for e in manual} == {"call", "linkedin"}
    assert len(manual) == len([e for e in every if str(e["categories"].cats[0]) != "email"])
    e = team()[0]
    assert len(events_of(ck.to_ical(e, channels="email"))) == 1
    assert len(events_of(ck.to_ical(e.plan, channels=ck.Channel.CALL))) == 1
    with pytest.raises(ck.InvalidFieldError, match="channels 'fax'"):
        ck.to_ical(e, channels="fax")


def test_an_agendas_events_come_in_time_order_at_their_slots() -> None:
    agenda = week_agenda()
    events = events_of(ck.to_ical(agenda, owner="ann", channels="call"))
    starts = [event.decoded("dtstart") for event in events]
    assert starts == sorted(starts)
    slots = sorted(t.at for t in agenda.touches if t.owner == "ann" and t.channel.value == "call")
    assert starts == slots  # the session's slots, as the agenda planned them


def test_one_file_per_rep_from_one_call() -> None:
    agenda = week_agenda()
    stamp = datetime(2026, 11, 22, tzinfo=UTC)
    files = ck.to_ical_by_owner(agenda, channels="call", summary="Call {{ prospect }}", stamp=stamp)
    assert list(files) == ["ann", "bo"]
    for owner, text in files.items():
        assert text == ck.to_ical(
            agenda, owner=owner, channels="call", summary="Call {{ prospect }}", stamp=stamp
        )
        assert str(icalendar.Calendar.from_ical(text)["x-wr-calname"]) == f"Agenda of {owner}"
    assert [str(e["summary"]) for e in events_of(files["bo"])] == ["Call lee@lake.com"]
    assert events_of(ck.to_ical_by_owner(agenda, channels="sms")["bo"]) == []  # empty, but there
    with pytest.raises(ck.InvalidFieldError, match="agenda"):
        ck.to_ical_by_owner(team()[0])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"summary": "Call {{ phone }}"}, r"^summary .*jo@jolt.de \(step 2 of Week\) has no phone"),
        (
            {"description": "{{ first-name }}"},
            r"^description '\{\{ first-name \}\}': is not a merge field",
        ),
        ({"summary": 3}, r"^summary 3: expected a template"),
    ],
)
def test_a_template_that_cannot_be_filled_is_refused(
    options: dict[str, object], message: str
) -> None:
    with pytest.raises(ck.InvalidFieldError, match=message):
        ck.to_ical(week_agenda(), owner="ann", channels="call", **options)  # type: ignore[arg-type]
