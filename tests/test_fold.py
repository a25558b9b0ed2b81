"""The fold (``_fold``) and what it runs on (the program, the history): fast paths against the rule."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

import cadencekit as ck
from cadencekit import _program, _time
from cadencekit._fold import Fold

# Zones whose clocks change at midnight (so local midnight is skipped or repeated on
# those days), beside zones that change at 02:00 or never.
ZONES = [
    "America/Santiago",
    "America/Havana",
    "America/Asuncion",
    "Asia/Beirut",
    "America/Sao_Paulo",
    "Africa/Cairo",
    "America/New_York",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Asia/Kolkata",
    "UTC",
]
CADENCE = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 3)])


@given(
    day=st.dates(min_value=date(1970, 1, 1), max_value=date(2040, 12, 31)),
    name=st.sampled_from(ZONES),
)
def test_midnight_matches_the_time_engines_instant(day: date, name: str) -> None:
    zone = ZoneInfo(name)
    found = _program.midnight(day, zone)
    expected = _time.instant(datetime(day.year, day.month, day.day), zone)
    assert found.tzinfo is zone
    assert found.replace(tzinfo=None) == expected.replace(tzinfo=None)


def test_midnight_a_zone_skips_is_the_first_instant_after_it() -> None:
    # Santiago's clocks went from 00:00 to 01:00 on 2026-09-06: that midnight never was.
    zone = ZoneInfo("America/Santiago")
    found = _program.midnight(date(2026, 9, 6), zone)
    assert zone.fromutc(found).replace(tzinfo=None) == datetime(2026, 9, 6, 1, 0)
    # Samoa skipped 30 December 2011 whole: its midnight is the next day's.
    apia = ZoneInfo("Pacific/Apia")
    skipped = _program.midnight(date(2011, 12, 30), apia)
    assert apia.fromutc(skipped).replace(tzinfo=None) == datetime(2011, 12, 31)
    assert skipped == _time.instant(datetime(2011, 12, 30), apia)


offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(lambda m: timedelta(minutes=m))


@given(
    name=st.sampled_from(ZONES),
    moments=st.lists(
        st.tuples(
            st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2040, 12, 31)),
            offsets,
            st.booleans(),
        ),
        min_size=1,
        max_size=8,
    ),
)
def test_an_events_instant_is_the_long_ways_whatever_its_offset_object(
    name: str, moments: list[tuple[datetime, timedelta, bool]]
) -> None:
    # The fold turns a moment into an instant through the origin at the moment's own
    # fixed offset; shared offset objects (events.py) subtract field by field, others
    # by their offsets. Both must be what the time engine says, as must a moment in
    # a zone with rules (not a fixed offset).
    zone = ZoneInfo(name)
    fold = Fold(ck.Enrollment.start(CADENCE, "p", datetime(1970, 6, 1, tzinfo=UTC), tz=zone))
    shared: dict[timedelta, timezone] = {}
    for wall, offset, share in moments:
        tz = shared.setdefault(offset, timezone(offset)) if share else timezone(offset)
        for moment in (wall.replace(tzinfo=tz), wall.replace(tzinfo=zone)):
            found = fold.utc(moment)
            expected = _time.start_instant(moment, zone)
            assert found.tzinfo is zone
            assert found.replace(tzinfo=None) == expected.replace(tzinfo=None)


def test_events_at_one_offset_share_one_offset_object() -> None:
    first = ck.Event.touch("2026-11-23T09:00:00-05:00", 0).at
    second = ck.Event.open(datetime(2026, 11, 24, 10, tzinfo=ZoneInfo("America/New_York")), 0).at
    assert first.tzinfo is second.tzinfo
    assert first.utcoffset() == timedelta(hours=-5)
    summer = ck.Event.touch("2026-07-01T09:00:00-04:00", 0).at
    assert summer.tzinfo is not first.tzinfo
    assert summer.utcoffset() == timedelta(hours=-4)


def test_the_words_of_a_step_are_said_once_in_the_program() -> None:
    c = ck.Cadence.from_text("Day 1: Email\nDay 3: Call; voicemail if no answer", name="c")
    program = _program.compile_program(ck.default_rules(), c)
    assert program.done == (
        ("step 1 done", "step 1 was done"),
        ("step 2 (call) done", "step 2 (call) was done"),
        ("step 2 (voicemail) done", "step 2 (voicemail) was done"),
    )
    assert program.skipped[0] == ("step 1 skipped", "step 1 was skipped")
    e = ck.Enrollment.start(c, "p", "2026-11-23T08:00:00+00:00")
    e = e.apply(ck.Event.touch("2026-11-23T09:00:00+00:00", 0))
    e = e.apply(ck.Event.skip("2026-11-25T09:00:00+00:00", 1))
    assert [d.effect for d in e.decisions] == ["step 1 done", "step 2 (call) skipped"]
    assert e.explain().anchor == "step 2 (call) was skipped"  # the voicemail waits on it


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["open", "click", "touch", "timeout"]),
            st.sampled_from([None, None, "a", "b", "c"]),
            st.integers(min_value=0, max_value=5),
        ),
        max_size=12,
    )
)
def test_the_earliest_of_each_delivery_is_kept_whatever_the_path(
    rows: list[tuple[str, str | None, int]],
) -> None:
    # earliest_of_each answers in C when no (kind, id) comes twice; the loop it skips is
    # the rule, written out here: per identity the earliest delivery, at the first one's
    # place; events without an id, and a host's timeouts, all count.
    from cadencekit._history import earliest_of_each

    start = datetime(2026, 11, 23, 9, tzinfo=UTC)
    events = [
        ck.Event(kind, start + timedelta(minutes=minute), step=0, id=name)
        if kind != "timeout"
        else ck.Event.timeout(start + timedelta(minutes=minute), name or "quiet")
        for kind, name, minute in rows
    ]
    expected: list[ck.Event] = []
    place: dict[tuple[object, str], int] = {}
    for event in events:
        if event.id is None or event.kind is ck.EventKind.TIMEOUT:
            expected.append(event)
        elif (event.kind, event.id) not in place:
            place[(event.kind, event.id)] = len(expected)
            expected.append(event)
        elif ck.Event.sort_key(event) < ck.Event.sort_key(expected[place[(event.kind, event.id)]]):
            expected[place[(event.kind, event.id)]] = event
    kept = earliest_of_each(events, set())
    assert kept == expected
    assert kept is not events


def test_a_moment_in_an_unhashable_zone_still_becomes_an_instant() -> None:
    # dateutil's zones are not hashable; the fold's table of offsets must not be asked.
    from dateutil import tz

    e = ck.Enrollment.start(CADENCE, "p", "2026-11-23T08:00:00+00:00", tz="America/New_York")
    e = e.apply(ck.Event.pause("2026-11-23T10:00:00+00:00", until="2026-11-30"))
    eastern = datetime(2026, 12, 1, 9, tzinfo=tz.tzoffset(None, -5 * 3600))
    later = e.advance(eastern)
    assert later.status is ck.Status.ACTIVE
    assert later == e.advance(datetime(2026, 12, 1, 14, tzinfo=UTC))


def test_an_event_no_rule_reads_is_only_recorded_unless_something_waits() -> None:
    # The program lists the kinds that do nothing but be recorded (Program.inert); the
    # fold leaves them at that only while no hold or timer waits on them.
    start = ck.Enrollment.start(CADENCE, "p", "2026-11-23T08:00:00+00:00")
    program = _program.compile_program(start.rules, CADENCE)
    assert {ck.EventKind.OPEN, ck.EventKind.CLICK} <= program.inert
    assert not {ck.EventKind.REPLY, ck.EventKind.BOUNCE, ck.EventKind.TOUCH} & program.inert
    opened = start.apply(ck.Event.open("2026-11-23T10:00:00+00:00", 0))
    assert opened.decisions[-1].effect == "recorded"
    assert opened.plan == start.plan
    assert opened.status is ck.Status.ACTIVE
    # a dated pause over by the open's time ends there
    paused = start.apply(ck.Event.pause("2026-11-23T09:00:00+00:00", until="2026-11-25"))
    assert paused.apply(ck.Event.open("2026-11-26T10:00:00+00:00", 0)).status is ck.Status.ACTIVE
    # a silence the open breaks is cancelled
    quiet = ck.Rule(ck.Silence(3, after_step=0, unless=("open",)), ck.End("manual"), name="q")
    waiting = ck.Enrollment.start(CADENCE, "p", "2026-11-23T08:00:00+00:00", rules=[quiet])
    waiting = waiting.apply(ck.Event.touch("2026-11-23T09:00:00+00:00", 0))
    assert waiting.next_timer is not None
    assert waiting.apply(ck.Event.open("2026-11-23T11:00:00+00:00", 0)).next_timer is None
    # a kind a rule reads is not inert: the rule acts
    ends = ck.Rule(ck.Match("click"), ck.End("declined"), name="a click ends")
    program = _program.compile_program((ends,), CADENCE)
    assert ck.EventKind.CLICK not in program.inert
    clicked = ck.Enrollment.start(CADENCE, "p", "2026-11-23T08:00:00+00:00", rules=[ends])
    clicked = clicked.apply(ck.Event.click("2026-11-23T10:00:00+00:00", 0))
    assert clicked.exit_reason is ck.ExitReason.DECLINED
