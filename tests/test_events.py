from __future__ import annotations

import itertools
import json
import pickle
import random
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cadencekit as ck
from cadencekit import CallResult, Event, EventKind, Response

NEW_YORK = ZoneInfo("America/New_York")
EST = timezone(timedelta(hours=-5))
EDT = timezone(timedelta(hours=-4))

# --- strategies -------------------------------------------------------------------

ZONES = [
    ZoneInfo(key)
    for key in ("America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Sydney", "UTC")
]
zones = st.sampled_from([*ZONES, UTC])
# 1800..2200 reaches back to local mean times (Kolkata was +05:53:28) and
# crosses every DST rule; hypothesis also draws ambiguous and missing times.
moments = st.datetimes(
    min_value=datetime(1800, 1, 1), max_value=datetime(2200, 1, 1), timezones=zones
)
names = st.text(min_size=1, max_size=12).filter(str.strip)


@st.composite
def events(draw: st.DrawFn) -> Event:
    kind = draw(st.sampled_from(EventKind))
    at = draw(moments)
    if kind in {EventKind.TOUCH, EventKind.OPEN, EventKind.CLICK, EventKind.BOUNCE, EventKind.SKIP}:
        step: int | None = draw(st.integers(0, 40))
    elif kind in {
        EventKind.PAUSE,
        EventKind.RESUME,
        EventKind.STOP,
        EventKind.UPDATE,
        EventKind.REASSIGN,
    }:
        step = None
    else:
        step = draw(st.none() | st.integers(0, 40))
    response = draw(st.sampled_from(Response)) if kind is EventKind.REPLY else None
    touch = kind is EventKind.TOUCH
    call_result = draw(st.none() | st.sampled_from(CallResult)) if touch else None
    variant = draw(st.none() | names) if touch else None
    channel = draw(st.none() | st.sampled_from(ck.Channel)) if touch else None
    what = draw(st.none() | names) if kind is EventKind.ENGAGEMENT else None
    until: datetime | date | None = None
    reason = None
    if response in (Response.NO, Response.MAYBE):
        reason = draw(st.none() | st.sampled_from(ck.Objection))
    channels = None
    if kind is EventKind.SKIP and draw(st.booleans()):  # a skip of channels, naming no step
        step = None
        channels = draw(st.sets(st.sampled_from(ck.Channel), min_size=1))
    owner = rep_calendar = None
    if kind is EventKind.REASSIGN:  # a new owner, the rep's days off, or both
        owner, rep_calendar = draw(
            st.sampled_from(
                [("lou", None), (None, "DE"), ("kim", ck.BusinessCalendar(weekmask="Mon-Thu"))]
            )
        )
    snoozed = (Response.OUT_OF_OFFICE, Response.MAYBE, Response.OTHER)
    if kind is EventKind.PAUSE or response in snoozed:
        choice = draw(st.sampled_from(["none", "date", "datetime"]))
        if choice == "date":
            until = at.date() + timedelta(days=draw(st.integers(0, 400)))
        elif choice == "datetime":
            later = at.astimezone(UTC) + draw(
                st.timedeltas(min_value=timedelta(microseconds=1), max_value=timedelta(days=400))
            )
            until = later.astimezone(draw(zones))
    held = kind in (EventKind.PAUSE, EventKind.RESUME)
    hold = draw(st.none() | st.sampled_from(["pto", "parked"])) if held else None
    facts = None
    if kind is EventKind.UPDATE:
        facts = draw(
            st.dictionaries(
                st.sampled_from(["phone", "title", "linkedin"]),
                st.none() | st.sampled_from(["", "VP Sales", "+1 555 0100"]),
                min_size=1,
            )
        )
    return Event(
        kind,
        at,
        step=step,
        response=response,
        call_result=call_result,
        until=until,
        id=draw(names) if kind is EventKind.TIMEOUT else draw(st.none() | names),
        variant=variant,
        channel=channel,
        what=what,
        reason=reason,
        hold=hold,
        facts=facts,
        channels=channels,
        owner=owner,
        rep_calendar=rep_calendar,
    )


# --- constructors -----------------------------------------------------------------


def test_each_constructor_builds_its_kind() -> None:
    at = "2026-11-23T09:00:00-05:00"
    assert Event.touch(at, 0) == Event(EventKind.TOUCH, at, step=0)
    assert Event.open(at, 0) == Event("open", at, step=0)
    assert Event.click(at, 1) == Event("click", at, step=1)
    assert Event.bounce(at, 0) == Event("bounce", at, step=0)
    assert Event.reply(at, "no") == Event("reply", at, response=Response.NO)
    assert Event.out_of_office(at) == Event("reply", at, response="out_of_office")
    assert Event.meeting(at, step=2) == Event("meeting", at, step=2)
    assert Event.opt_out(at) == Event("opt_out", at)
    assert Event.pause(at) == Event("pause", at)
    assert Event.resume(at, id="r-1") == Event("resume", at, id="r-1")
    assert Event.skip(at, 3) == Event("skip", at, step=3)
    assert {type(Event.touch(at, 0)), type(Event.skip(at, 0))} == {Event}


def test_a_skip_names_a_step_or_channels() -> None:
    at = "2026-11-24T10:00:00-05:00"
    gone = Event.skip(at, channels=["email", "linkedin"], id="account-reply:ada")
    assert gone.step is None
    assert gone.channels == {ck.Channel.EMAIL, ck.Channel.LINKEDIN}
    assert repr(gone) == (
        "Event('skip', '2026-11-24T10:00:00-05:00', channels=['email', 'linkedin'], "
        "id='account-reply:ada')"
    )
    assert gone.to_dict()["channels"] == ["email", "linkedin"]
    assert "channels" not in Event.skip(at, 2).to_dict()  # written only when set
    assert Event.from_dict(json.loads(json.dumps(gone.to_dict()))) == gone
    assert gone != Event.skip(at, channels="email", id="account-reply:ada")
    for build, message in (
        (lambda: Event.skip(at), "^step None: a skip is about one step"),
        (lambda: Event.skip(at, 1, channels="email"), "^channels \\['email'\\]: a skip names one"),
        (lambda: Event("touch", at, step=0, channels="email"), "^channels .*only a skip names"),
        (lambda: Event.skip(at, channels=[]), "^channels \\[\\]: expected a channel"),
        (lambda: Event.skip(at, channels="fax"), "^channels 'fax'"),
    ):
        with pytest.raises(ck.InvalidFieldError, match=message):
            build()


def test_touch_carries_call_result_variant_and_id() -> None:
    call = Event.touch(
        "2026-11-25T11:30:00-05:00", 2, call_result="no_answer", variant="B", id="dial-77"
    )
    assert call.kind is EventKind.TOUCH
    assert call.call_result is CallResult.NO_ANSWER
    assert call.variant == "B"
    assert call.id == "dial-77"


def test_outcome_constructors_take_the_moment_first() -> None:
    at = "2026-11-30T10:00:00+00:00"
    opportunity = Event.opportunity(at, step=3, id="opp-1")
    assert (opportunity.kind, opportunity.step, opportunity.id) == (
        EventKind.OPPORTUNITY,
        3,
        "opp-1",
    )
    assert Event.converted(at).kind is EventKind.CONVERTED
    accepted = Event.engagement(at, "accepted the white paper", step=2)
    assert (accepted.kind, accepted.what, accepted.step) == (
        EventKind.ENGAGEMENT,
        "accepted the white paper",
        2,
    )
    assert Event.returned_call(at) == Event.engagement(at, "returned call")
    assert Event("engagement", at).what is None  # a vendor row may not say what


def test_engagement_what_round_trips_and_is_refused_elsewhere() -> None:
    at = "2026-11-30T10:00:00+00:00"
    accepted = Event.engagement(at, "LinkedIn connection accepted")
    assert Event.from_dict(accepted.to_dict()) == accepted
    assert accepted.to_dict()["what"] == "LinkedIn connection accepted"
    assert "what='LinkedIn connection accepted'" in repr(accepted)
    with pytest.raises(ck.InvalidFieldError, match=r"^what 'x': only an engagement"):
        Event("reply", at, response="no", what="x")
    with pytest.raises(ck.InvalidFieldError, match=r"^what 3: expected a non-empty string"):
        Event.engagement(at, 3)  # type: ignore[arg-type]
    with pytest.raises(ck.SchemaError, match=r"^events\[0\]\.what"):
        Event.from_dict({"kind": "touch", "at": at, "step": 0, "what": "x"}, path="events[0]")


def test_outcomes_sort_between_a_touch_and_an_opt_out() -> None:
    at = "2026-11-30T10:00:00+00:00"
    order = [
        Event.touch(at, 0),
        Event.click(at, 0),
        Event.engagement(at, "answered a question"),
        Event.reply(at, "positive"),
        Event.meeting(at),
        Event.opportunity(at),
        Event.converted(at),
        Event.opt_out(at),
    ]
    for seed in range(10):
        shuffled = order[:]
        random.Random(seed).shuffle(shuffled)
        assert sorted(shuffled, key=Event.sort_key) == order


def test_enum_values_names_and_members_are_accepted() -> None:
    at = "2026-11-23T09:00:00-05:00"
    expected = Event.reply(at, Response.OUT_OF_OFFICE)
    assert Event.reply(at, "out_of_office") == expected
    assert Event.reply(at, "OUT_OF_OFFICE") == expected
    assert Event(" Reply ", at, response="out_of_office") == expected
    assert [kind.value for kind in EventKind] == [
        "touch",
        "open",
        "click",
        "bounce",
        "reply",
        "meeting",
        "opt_out",
        "pause",
        "resume",
        "skip",
        "stop",
        "timeout",
        "opportunity",
        "converted",
        "engagement",
        "update",
        "reassign",
    ]
    assert [r.value for r in Response] == [
        "positive",
        "no",
        "maybe",
        "out_of_office",
        "other",
        "referral",
    ]
    assert [c.value for c in CallResult] == ["connected", "no_answer", "voicemail", "bad_number"]
    assert str(EventKind.OPT_OUT) == "opt_out"


def test_numpy_step_from_a_dataframe_is_accepted() -> None:
    event = Event.touch("2026-11-23T09:00:00-05:00", np.int64(3))  # type: ignore[arg-type]
    assert event.step == 3
    assert type(event.step) is int


def test_evolve_derives_a_changed_event() -> None:
    touch = Event.touch("2026-11-23T09:00:00-05:00", 0)
    assert attrs.evolve(touch, step=1) == Event.touch("2026-11-23T09:00:00-05:00", 1)
    with pytest.raises(ck.InvalidFieldError, match="step None"):
        attrs.evolve(touch, step=None)


def test_repr_is_the_call_that_builds_the_event() -> None:
    away = Event.out_of_office("2026-11-23T09:00:07-05:00", until="2026-11-30", id="m-1")
    assert repr(away) == (
        "Event('reply', '2026-11-23T09:00:07-05:00', response='out_of_office', "
        "until='2026-11-30', id='m-1')"
    )
    assert eval(repr(away), {"Event": Event}) == away


# --- time zones -----------------------------------------------------------------------


def test_naive_times_are_refused_naming_at() -> None:
    with pytest.raises(ck.InvalidFieldError, match=r"^at datetime\.datetime\(2026, 11, 23, 9, 0\)"):
        Event.touch(datetime(2026, 11, 23, 9), 0)
    with pytest.raises(
        ck.InvalidFieldError, match=r"^at '2026-11-23T09:00:00': expected a tz-aware"
    ):
        Event.touch("2026-11-23T09:00:00", 0)
    with pytest.raises(ck.InvalidFieldError, match=r"^at 'Monday morning': expected a datetime"):
        Event.touch("Monday morning", 0)
    with pytest.raises(ck.InvalidFieldError, match=r"^at datetime\.date\(2026, 11, 23\)"):
        Event.touch(date(2026, 11, 23), 0)  # type: ignore[arg-type]
    with pytest.raises(ck.InvalidFieldError) as caught:
        Event.resume("2026-11-23")
    assert (caught.value.field, caught.value.value) == ("at", "2026-11-23")
    assert isinstance(caught.value, ck.CadenceError)
    assert isinstance(caught.value, ValueError)


def test_a_zone_becomes_its_offset_at_that_instant() -> None:
    winter = Event.touch(datetime(2026, 11, 23, 9, tzinfo=NEW_YORK), 0)
    summer = Event.touch(datetime(2026, 7, 6, 9, tzinfo=NEW_YORK), 0)
    assert winter.at == datetime(2026, 11, 23, 9, tzinfo=EST)
    assert winter.at.tzinfo == EST
    assert summer.at.tzinfo == EDT
    assert Event.touch("2026-11-23T14:00:00Z", 0).at.tzinfo is UTC


def test_ambiguous_and_missing_wall_times_keep_the_offset_they_were_given() -> None:
    # 1 Nov 2026, 01:30 happens twice in New York: fold=1 is the second, EST.
    first = Event.touch(datetime(2026, 11, 1, 1, 30, tzinfo=NEW_YORK), 0)
    second = Event.touch(datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=NEW_YORK), 0)
    assert first.at.tzinfo == EDT
    assert second.at.tzinfo == EST
    assert first != second  # an hour apart, though datetime calls the zoned times equal
    assert Event.from_dict(second.to_dict()) == second
    # 8 Mar 2026, 02:30 never happens in New York: fold=0 reads it with the old offset.
    missing = Event.touch(datetime(2026, 3, 8, 2, 30, tzinfo=NEW_YORK), 0)
    assert missing.at.isoformat() == "2026-03-08T02:30:00-05:00"


def test_equal_instants_in_different_offsets_are_equal_events() -> None:
    new_york = Event.reply("2026-11-24T09:00:00-05:00", "no")
    utc = Event.reply("2026-11-24T14:00:00+00:00", "no")
    assert new_york == utc
    assert hash(new_york) == hash(utc)
    assert new_york.to_dict()["at"] != utc.to_dict()["at"]  # each keeps its own offset


# --- validation -----------------------------------------------------------------------

AT = "2026-11-23T09:00:00-05:00"


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Event("wave", AT), "^kind 'wave': expected one of 'touch', 'open'"),
        (lambda: Event("touch", AT), "^step None: a touch is about one step"),
        (lambda: Event("open", AT), "^step None: an open is about one step"),
        (lambda: Event("pause", AT, step=2), "^step 2: a pause is not about a step"),
        (lambda: Event("resume", AT, step=0), "^step 0: a resume is not about a step"),
        (lambda: Event.touch(AT, -1), "^step -1: expected a 0-based step index"),
        (lambda: Event.touch(AT, True), "^step True: expected a 0-based step index"),
        (lambda: Event.touch(AT, 1.0), r"^step 1\.0: expected a 0-based step index"),  # type: ignore[arg-type]
        (lambda: Event("reply", AT), "^response None: a reply needs a response; use one of"),
        (
            lambda: Event("open", AT, step=0, response="maybe"),
            "^response 'maybe': only a reply has a response, not an open",
        ),
        (lambda: Event.reply(AT, "perhaps"), "^response 'perhaps': expected one of 'positive'"),
        (
            lambda: Event("reply", AT, response="no", call_result="connected"),
            "^call_result 'connected': only a touch has a call result, not a reply",
        ),
        (
            lambda: Event.touch(AT, 0, call_result="busy"),
            "^call_result 'busy': expected one of 'connected', 'no_answer'",
        ),
        (
            lambda: Event("open", AT, step=0, variant="B"),
            "^variant 'B': only a touch has a variant, not an open",
        ),
        (lambda: Event.touch(AT, 0, variant=""), "^variant '': expected a non-empty string"),
        (lambda: Event.touch(AT, 0, id=42), r"^id 42: expected a non-empty string.*pass str\(42\)"),  # type: ignore[arg-type]
        (
            lambda: Event.reply(AT, "no", until="2026-12-01"),
            "^until '2026-12-01': only a pause, an out-of-office, a 'maybe' or an 'other' reply has an end, "
            "not a 'no' reply",
        ),
        (
            lambda: Event("opt_out", AT, until="2026-12-01"),
            "^until '2026-12-01': only a pause, an out-of-office, a 'maybe' or an 'other' reply has an end, "
            "not an opt-out",
        ),
        (
            lambda: Event.reply(AT, "positive", reason="budget"),
            "^reason 'budget': only a 'no' or 'maybe' reply says why, not a 'positive' reply",
        ),
        (
            lambda: Event("opt_out", AT, reason="timing"),
            "^reason 'timing': only a 'no' or 'maybe' reply says why, not an opt-out",
        ),
        (
            lambda: Event.reply(AT, "no", reason="price"),
            "^reason 'price': expected one of 'timing', 'has_solution', 'budget'",
        ),
        (
            lambda: Event.pause(AT, until="2026-11-23T08:00:00-05:00"),
            "^until '2026-11-23T08:00:00-05:00': must be after at 2026-11-23T09:00:00-05:00",
        ),
        (
            lambda: Event.pause(AT, until="2026-11-23T14:00:00+00:00"),  # the same instant
            "^until '2026-11-23T14:00:00\\+00:00': must be after at",
        ),
        (
            lambda: Event.out_of_office(AT, until=date(2026, 11, 22)),
            "^until '2026-11-22': must not be before the date of at 2026-11-23T09:00:00-05:00",
        ),
        (lambda: Event.pause(AT, until="next week"), "^until 'next week': expected a date like"),
        (
            lambda: Event.pause(AT, until="2026-11-30T09:00:00"),
            "^until '2026-11-30T09:00:00': expected a date like '2026-11-30' or a datetime with an offset",
        ),
        (
            lambda: Event.pause(AT, until=datetime(2026, 11, 30, 9)),
            r"^until datetime\.datetime\(2026, 11, 30, 9, 0\): expected a tz-aware datetime",
        ),
        (lambda: Event.pause(AT, until=30), "^until 30: expected a tz-aware datetime, a date"),  # type: ignore[arg-type]
    ],
)
def test_bad_events_name_the_field_and_quote_the_value(build: object, message: str) -> None:
    with pytest.raises(ck.InvalidFieldError, match=message):
        build()  # type: ignore[operator]


def test_until_rules() -> None:
    # A date means "back on that date": kept as a date, the same day allowed.
    same_day = Event.out_of_office(AT, until="2026-11-23")
    assert same_day.until == date(2026, 11, 23)
    assert type(same_day.until) is date
    # A datetime until is normalised like at.
    pause = Event.pause(AT, until=datetime(2026, 12, 1, 9, tzinfo=NEW_YORK))
    assert pause.until == datetime(2026, 12, 1, 9, tzinfo=EST)
    assert isinstance(pause.until, datetime)
    assert pause.until.tzinfo == EST
    assert Event.reply(AT, "out_of_office", until="2026-11-30").until == date(2026, 11, 30)
    assert Event.pause(AT).until is None


def test_steps_are_optional_where_they_only_attribute() -> None:
    assert Event.reply(AT, "positive").step is None
    assert Event.reply(AT, "positive", step=2).step == 2
    assert Event.meeting(AT).step is None
    assert Event.opt_out(AT, step=0).step == 0


# --- order ------------------------------------------------------------------------------


def test_events_sort_by_instant_then_in_the_order_a_cadence_lives_them() -> None:
    touch = Event.touch("2026-11-24T14:00:00+00:00", 1)
    skip = Event.skip("2026-11-24T09:00:00-05:00", 0)  # the same instant
    opened = Event.open("2026-11-24T15:00:00+01:00", 1)
    reply = Event.reply("2026-11-24T09:00:00-05:00", "no")
    earlier = Event.pause("2026-11-24T08:59:59-05:00")
    later = Event.resume("2026-11-24T09:00:00.000001-05:00")
    expected = [earlier, skip, touch, opened, reply, later]
    shuffled = expected[:]
    for seed in range(20):
        random.Random(seed).shuffle(shuffled)
        assert sorted(shuffled, key=Event.sort_key) == expected


@given(st.lists(events(), max_size=12), st.randoms())
def test_every_shuffle_sorts_to_the_same_list(items: list[Event], rng: random.Random) -> None:
    ordered = sorted(items, key=Event.sort_key)
    shuffled = items[:]
    rng.shuffle(shuffled)
    assert sorted(shuffled, key=Event.sort_key) == ordered
    assert all(a.at <= b.at for a, b in itertools.pairwise(ordered))


# --- serialisation -----------------------------------------------------------------------


def test_to_dict_is_json_ready_with_every_key() -> None:
    away = Event.out_of_office(datetime(2026, 11, 23, 9, 0, 7, tzinfo=NEW_YORK), until="2026-11-30")
    assert away.to_dict() == {
        "version": 1,
        "kind": "reply",
        "at": "2026-11-23T09:00:07-05:00",
        "step": None,
        "response": "out_of_office",
        "call_result": None,
        "until": "2026-11-30",
        "variant": None,
        "channel": None,
        "what": None,
        "reason": None,
        "id": None,
    }
    assert Event.from_dict({"kind": "reply", "at": AT, "response": "out_of_office"}) == (
        Event.out_of_office(AT)
    )


def test_a_maybe_carries_when_to_try_again_and_a_no_or_maybe_its_reason() -> None:
    later = Event.reply(AT, "maybe", until="2027-07-01", reason="timing", step=0)
    assert later.until == date(2027, 7, 1)
    assert later.reason is ck.Objection.TIMING
    assert Event.from_dict(later.to_dict()) == later
    assert later.to_dict()["reason"] == "timing"
    no = Event.reply(AT, "no", reason=ck.Objection.BUDGET)
    assert Event.from_dict(no.to_dict()) == no != Event.reply(AT, "no")
    # the reason breaks a tie: every shuffle sorts to the same list
    tied = [Event.reply(AT, "no", reason=r) for r in ck.Objection] + [Event.reply(AT, "no")]
    assert len({event.sort_key() for event in tied}) == len(tied)
    with pytest.raises(ck.SchemaError, match=r"^events\[2\]\.reason 'cost'"):
        Event.from_dict(
            {"kind": "reply", "at": AT, "response": "no", "reason": "cost"}, path="events[2]"
        )


def test_offsets_with_seconds_round_trip() -> None:
    # In 1880 Kolkata kept Madras time, 5:21:10 ahead of UTC (tzdata).
    old = Event.touch(datetime(1880, 3, 1, 9, tzinfo=ZoneInfo("Asia/Kolkata")), 0)
    assert old.to_dict()["at"] == "1880-03-01T09:00:00+05:21:10"
    assert Event.from_dict(old.to_dict()) == old


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "touch", "at": "2026-11-23T09:00:00", "step": 0}, r"^events\[3\]\.at '2026"),
        ({"at": AT}, r"^events\[3\]\.kind <missing>: required key is missing"),
        ({"kind": "touch", "step": 0}, r"^events\[3\]\.at <missing>: required key is missing"),
        ({"kind": "wave", "at": AT}, r"^events\[3\]\.kind 'wave': expected one of"),
        ({"kind": "touch", "at": AT, "step": "2"}, r"^events\[3\]\.step '2': expected a whole"),
        ({"kind": "touch", "at": AT, "step": -2}, r"^events\[3\]\.step -2: expected a 0-based"),
        ({"kind": "touch", "at": AT}, r"^events\[3\]\.step None: a touch is about one step"),
        ({"kind": "reply", "at": AT}, r"^events\[3\]\.response None: a reply needs a response"),
        (
            {"kind": "open", "at": AT, "step": 0, "response": "no"},
            r"^events\[3\]\.response 'no': only a reply has a response",
        ),
        ({"kind": "pause", "at": AT, "until": "soon"}, r"^events\[3\]\.until 'soon': expected"),
        (
            {"kind": "pause", "at": AT, "until": "2026-11-01"},
            r"^events\[3\]\.until '2026-11-01': must not be before",
        ),
        ({"kind": "touch", "at": AT, "step": 0, "id": 7}, r"^events\[3\]\.id 7: expected a string"),
        ({"kind": "resume", "at": AT, "version": 2}, r"^events\[3\]\.version 2: expected a format"),
        ("touch", r"^events\[3\] 'touch': expected a mapping"),
    ],
)
def test_from_dict_errors_name_the_path(data: object, message: str) -> None:
    with pytest.raises(ck.SchemaError, match=message):
        Event.from_dict(data, path="events[3]")  # type: ignore[arg-type]


def test_from_dict_without_a_path_names_the_key() -> None:
    with pytest.raises(ck.SchemaError, match=r"^at <missing>"):
        Event.from_dict({"kind": "resume"})


@given(events())
def test_dict_json_and_pickle_round_trip_exactly(event: Event) -> None:
    data = event.to_dict()
    back = Event.from_dict(data)
    assert back == event
    assert back.to_dict() == data  # offsets and date-or-datetime kept, not just instants
    assert Event.from_dict(json.loads(json.dumps(data))) == event
    copy = pickle.loads(pickle.dumps(event))
    assert copy == event
    assert hash(copy) == hash(event)
    assert copy.to_dict() == data
    assert eval(repr(event), {"Event": Event, "BusinessCalendar": ck.BusinessCalendar}) == event


@given(moments)
def test_at_keeps_instant_wall_clock_and_offset(moment: datetime) -> None:
    event = Event.resume(moment)
    assert event.at == moment.astimezone(UTC)
    assert event.at.utcoffset() == moment.utcoffset()
    assert event.at.replace(tzinfo=None) == moment.replace(tzinfo=None, fold=0)
    assert event == Event.resume(event.at.isoformat())
    assert hash(event) == hash(Event.resume(moment.astimezone(UTC)))


def test_public_names_are_exported() -> None:
    for name in ("Event", "EventKind", "Response", "CallResult"):
        assert getattr(ck, name) is getattr(ck.events, name)
        assert name in ck.__all__
    assert len(set(ck.__all__)) == len(ck.__all__)  # ruff (RUF022) keeps it sorted


def test_import_loads_heavy_modules_on_first_use() -> None:
    import subprocess
    import sys

    code = (
        "import sys, cadencekit as ck\n"
        "lazy = ['cadencekit.enrollment', 'cadencekit.rules', 'cadencekit.presets', 'cadencekit._outline',"
        " 'cadencekit.events', 'cadencekit.metrics', 'cadencekit.simulation', 'dateutil.parser']\n"
        "print(*(name in sys.modules for name in lazy))\n"
        "ck.Enrollment, ck.presets.eight_touch(), ck.Cadence.from_text('Day 1: email', name='c')\n"
        "ck.report, ck.simulate, ck.Event.touch('2026-327T09:00:00+00:00', 0)\n"
        "print(*(name in sys.modules for name in lazy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == [" ".join(["False"] * 8), " ".join(["True"] * 8)]


def test_identity_is_kind_and_id() -> None:
    at = "2026-11-23T09:00:00-05:00"
    assert Event.touch(at, 0).identity is None
    assert Event.touch(at, 0, id="m").identity == (EventKind.TOUCH, "m")
    assert Event.bounce(at, 0, id="m").identity != Event.touch(at, 0, id="m").identity
    assert Event.timeout(at, "quiet").identity == (EventKind.TIMEOUT, "quiet")


def test_channel_is_only_for_a_touch_and_a_timeout_names_its_rule() -> None:
    at = "2026-11-23T09:00:00-05:00"
    assert Event.touch(at, 0, channel="LinkedIn").channel is ck.Channel.LINKEDIN
    with pytest.raises(ck.InvalidFieldError) as caught:
        Event("open", at, step=0, channel="email")
    assert caught.value.field == "channel"
    with pytest.raises(ck.InvalidFieldError) as caught:
        Event("touch", at, step=0, channel="fax")
    assert caught.value.field == "channel"
    with pytest.raises(ck.InvalidFieldError) as caught:
        Event("timeout", at)
    assert caught.value.field == "id"
    sent = Event.touch(at, 0, channel="linkedin")
    assert Event.from_dict(sent.to_dict()) == sent
    assert repr(sent) == "Event('touch', '2026-11-23T09:00:00-05:00', step=0, channel='linkedin')"


# --- outcomes in an enrollment ------------------------------------------------------------


@pytest.mark.parametrize(
    "outcome",
    [
        Event.opportunity("2026-11-24T10:00:00+00:00"),
        Event.converted("2026-11-24T10:00:00+00:00", step=0),
        Event.engagement("2026-11-24T10:00:00+00:00", "accepted the white paper", step=0),
        Event.returned_call("2026-11-24T10:00:00+00:00"),
    ],
)
def test_an_outcome_is_recorded_and_changes_nothing_by_default(outcome: Event) -> None:
    cadence = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 3)])
    sent = Event.touch("2026-11-23T09:00:00+00:00", 0)
    before = ck.Enrollment.replay(cadence, "p", "2026-11-23T08:00:00+00:00", [sent])
    after = before.apply(outcome)
    assert after.events[-1] == outcome
    assert after.status is before.status is ck.Status.ACTIVE
    assert after.next_touch == before.next_touch
    assert after.plan == before.plan


def test_a_rule_of_yours_may_act_on_an_outcome() -> None:
    cadence = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 3)])
    won = ck.Rule(ck.Match(["opportunity", "converted"]), ck.End("meeting_booked"))
    engaged = ck.Rule(ck.Match("engagement", count=2), ck.Pause(business_days=2))
    rules = (won, engaged, *ck.default_rules())
    start = "2026-11-23T08:00:00+00:00"
    sent = Event.touch("2026-11-23T09:00:00+00:00", 0)
    e = ck.Enrollment.replay(
        cadence, "p", start, [sent, Event.opportunity("2026-11-24T10:00:00+00:00")], rules=rules
    )
    assert e.exit_reason is ck.ExitReason.MEETING_BOOKED
    twice = [
        sent,
        Event.engagement("2026-11-23T10:00:00+00:00", "clicked the case study"),
        Event.engagement("2026-11-23T11:00:00+00:00", "LinkedIn connection accepted"),
    ]
    assert ck.Enrollment.replay(cadence, "p", start, twice[:2], rules=rules).status is (
        ck.Status.ACTIVE
    )
    assert ck.Enrollment.replay(cadence, "p", start, twice, rules=rules).status is (
        ck.Status.PAUSED
    )
    assert ck.Rule.from_dict(won.to_dict()) == won
