from __future__ import annotations

import itertools
import json
import pickle
from datetime import date, time, timedelta
from html.parser import HTMLParser

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

import cadencekit as ck
from cadencekit import Cadence, Channel, DayBasis, SendWindow, Touchpoint
from cadencekit.cadence import TAIL_REFERENCE

from .strategies import cadences


def test_touchpoint_converts_what_users_pass() -> None:
    touch = Touchpoint("Call", 3, window=("08:00", "10:00"), cta="Open to a 10-minute call?")
    assert touch.channel is Channel.CALL
    assert touch.window == SendWindow(time(8), time(10))
    assert Touchpoint(Channel.EMAIL, 1) == Touchpoint("email", 1)


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (("fax", 1), {}, "channel 'fax': expected one of 'email'"),
        (("email", 0), {}, "day 0: expected a whole number of 1 or more"),
        (("email", 1.0), {}, "day 1.0"),
        (("email", True), {}, "day True"),
        (("email", 1), {"subject": 3}, "subject 3: expected text"),
        (("email", 1), {"window": "9-5"}, "window '9-5'"),
        (("email", 1), {"window": ("17:00", "09:00")}, "end"),
    ],
)
def test_bad_touchpoints_name_field_and_value(
    args: tuple[object, ...], kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ck.CadenceError, match=message):
        Touchpoint(*args, **kwargs)  # type: ignore[arg-type]


def test_cadence_is_a_sequence_of_its_touchpoints() -> None:
    steps = [Touchpoint("email", 1), Touchpoint("email", 3), Touchpoint("call", 3)]
    cadence = Cadence("c", steps)
    assert len(cadence) == 3
    assert list(cadence) == steps
    assert cadence[2].channel is Channel.CALL
    assert cadence[1:] == tuple(steps[1:])
    assert cadence.duration_days == 3
    assert cadence.days == (1, 3)
    assert cadence.channels == (Channel.EMAIL, Channel.CALL)
    assert cadence.touchpoints == tuple(steps)


def test_cadence_defaults_follow_the_design() -> None:
    cadence = Cadence("c", [Touchpoint("email", 1)])
    assert cadence.day_basis is DayBasis.BUSINESS
    assert cadence.window == SendWindow(time(9), time(17))
    assert cadence.spacing == timedelta(minutes=30)
    assert Cadence("c", [Touchpoint("email", 1)], spacing=45).spacing == timedelta(minutes=45)


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (("", [Touchpoint("email", 1)]), {}, "name '': expected a non-empty name"),
        (("c", []), {}, "touchpoints \\[\\]: a cadence needs at least one touchpoint"),
        (("c", "email"), {}, "touchpoints 'email'"),
        (("c", [Touchpoint("email", 3), Touchpoint("call", 2)]), {}, r"touchpoints\[1\]\.day 2"),
        (("c", [Touchpoint("email", 1), "call"]), {}, r"touchpoints\[1\] 'call'"),
        (("c", [Touchpoint("email", 1)]), {"day_basis": "weekly"}, "day_basis 'weekly'"),
        (("c", [Touchpoint("email", 1)]), {"spacing": -5}, "spacing -5: expected zero to 1 day"),
        (
            ("c", [Touchpoint("email", 1)]),
            {"spacing": timedelta.max},
            "spacing datetime.timedelta.*: expected at most 1 day",
        ),
    ],
)
def test_bad_cadences_name_field_and_value(
    args: tuple[object, ...], kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ck.CadenceError, match=message):
        Cadence(*args, **kwargs)  # type: ignore[arg-type]


def test_describe_writes_the_outline_a_person_would() -> None:
    cadence = Cadence(
        "Outbound",
        [
            Touchpoint("email", 1, label="Intro email"),
            Touchpoint("linkedin", 2, label="Connection request"),
            Touchpoint("email", 3, label="Value driven email"),
            Touchpoint("call", 3),
        ],
        objective="Book a discovery call",
    )
    assert cadence.describe() == (
        "Outbound\n"
        "Objective: Book a discovery call\n"
        "Day 1: Email — Intro email\n"
        "Day 2: LinkedIn — Connection request\n"
        "Day 3: Email — Value driven email\n"
        "Day 3: Call"  # one line a step: the email is step 3, the call step 4
    )


def test_from_dict_gives_the_path_of_the_bad_value() -> None:
    data = Cadence("c", [Touchpoint("email", 1), Touchpoint("call", 2)]).to_dict()
    data["touchpoints"][1]["day"] = "two"
    with pytest.raises(
        ck.SchemaError, match=r"touchpoints\[1\]\.day 'two': expected a whole number"
    ):
        Cadence.from_dict(data)
    data["touchpoints"][1]["day"] = 0
    with pytest.raises(ck.SchemaError, match=r"touchpoints\[1\]\.day 0"):
        Cadence.from_dict(data)
    data["touchpoints"][1]["day"] = 2
    del data["name"]
    with pytest.raises(ck.SchemaError, match="name <missing>: required key is missing"):
        Cadence.from_dict(data)
    with pytest.raises(ck.SchemaError, match="touchpoints 'x': expected a list"):
        Cadence.from_dict({"name": "c", "touchpoints": "x"})


@given(cadences())
def test_cadence_round_trips_through_json_and_pickle(cadence: Cadence) -> None:
    assert Cadence.from_dict(json.loads(json.dumps(cadence.to_dict()))) == cadence
    assert pickle.loads(pickle.dumps(cadence)) == cadence
    assert hash(pickle.loads(pickle.dumps(cadence))) == hash(cadence)
    outline = cadence.describe()
    assert outline.startswith(cadence.name)
    assert all(f"\nDay {day}: " in outline for day in cadence.days)


class _Markup(HTMLParser):
    """The tags and the text of an HTML fragment, entities decoded."""

    def __init__(self, markup: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


HOSTILE = "<script>alert('x')</script> & \"q\""


def test_repr_html_is_a_table_of_steps_with_every_text_escaped() -> None:
    cadence = Cadence(
        HOSTILE,
        [
            Touchpoint("email", 1, label=HOSTILE, subject="<b>Hi</b> {{ first_name }}"),
            Touchpoint("call", 3, window=("08:00", "10:00")),
        ],
        objective="Book <i>a</i> call",
    )
    markup = cadence._repr_html_()
    parsed = _Markup(markup)
    assert set(parsed.tags) == {"table", "caption", "thead", "tbody", "tr", "th", "td"}
    assert parsed.tags.count("tr") == 3  # the head and one row a step
    assert "<script>" not in markup
    assert "<b>" not in markup
    assert parsed.text[0] == (
        f"{HOSTILE}: 2 touches over 3 business days, sent 09:00-17:00. Objective: Book <i>a</i> call"
    )
    cells = parsed.text[1:]
    assert cells[:6] == ["Step", "Day", "Channel", "Touch", "Subject", "Window"]
    assert cells[6:11] == ["1", "1", "Email", HOSTILE, "<b>Hi</b> {{ first_name }}"]
    assert cells[11:] == [
        "2",
        "3",
        "Call",
        "08:00-10:00",
    ]  # steps by their number  # empty cells give no text


# --- with_tail: a slower nurture tail after the last touch ---------------------------
# Hand-worked days use the nominal axis: Day 1 is Monday 1 January 2001.


def ending_on(day: int, basis: DayBasis = DayBasis.BUSINESS) -> Cadence:
    return Cadence(
        "Base",
        [Touchpoint("email", 1), Touchpoint("call", day)],
        objective="Book a call",
        day_basis=basis,
        window=("08:00", "12:00"),
    )


def tail_days(cadence: Cadence, base: Cadence) -> list[int]:
    assert cadence.touchpoints[: len(base)] == base.touchpoints
    return [touch.day for touch in cadence.touchpoints[len(base) :]]


def test_reference_is_a_monday_in_a_common_year() -> None:
    assert TAIL_REFERENCE.weekday() == 0
    assert date(2001, 1, 1) == TAIL_REFERENCE


@pytest.mark.parametrize(
    ("basis", "last", "every", "until", "expected"),
    [
        # Business: a week is 5 cadence days.
        (DayBasis.BUSINESS, 3, relativedelta(weeks=2), 30, [13, 23]),
        # Day 10 is Fri 12 Jan; +1 month Mon 12 Feb (Day 31), Mon 12 Mar (51), Thu 12 Apr (74).
        (DayBasis.BUSINESS, 10, relativedelta(months=1), 80, [31, 51, 74]),
        # Day 5 is Fri 5 Jan: Sat and Sun roll to Monday (Day 6, once), Tue is Day 7.
        (DayBasis.BUSINESS, 5, timedelta(days=1), 7, [6, 7]),
        # A whole number counts cadence days in the cadence's own basis.
        (DayBasis.BUSINESS, 10, 5, 22, [15, 20]),
        # Calendar: exact days; 10 Jan + 1 month = 10 Feb (Day 41), 10 Mar (Day 69).
        (DayBasis.CALENDAR, 10, relativedelta(months=1), 69, [41, 69]),
        # 31 Jan, every month: Feb 28 (59), Mar 31 (90), Apr 30 (120); no drift to the 28th.
        (DayBasis.CALENDAR, 31, relativedelta(months=1), 120, [59, 90, 120]),
        (DayBasis.CALENDAR, 5, timedelta(days=14), 40, [19, 33]),
        (DayBasis.CALENDAR, 5, relativedelta(weeks=2), 19, [19]),
    ],
)
def test_tail_days_hand_worked(
    basis: DayBasis,
    last: int,
    every: relativedelta | timedelta | int,
    until: int,
    expected: list[int],
) -> None:
    base = ending_on(last, basis)
    assert tail_days(base.with_tail(every=every, until_day=until), base) == expected


def test_tail_keeps_the_cadence_and_sets_the_touches() -> None:
    base = ending_on(4)
    tail = base.with_tail(
        every=relativedelta(weeks=1),
        until_day=20,
        channel="linkedin",
        label="Share an insight",
        subject="s",
        body="b",
        cta="c",
    )
    assert (tail.name, tail.objective, tail.window, tail.day_basis) == (
        base.name,
        base.objective,
        base.window,
        base.day_basis,
    )
    assert tail[2:] == tuple(
        Touchpoint(Channel.LINKEDIN, day, label="Share an insight", subject="s", body="b", cta="c")
        for day in (9, 14, 19)
    )
    assert len(base) == 2  # the original is unchanged
    default = base.with_tail(every=relativedelta(weeks=1), until_day=9)
    assert default[-1] == Touchpoint(Channel.EMAIL, 9)


@given(
    st.sampled_from(DayBasis),
    st.integers(1, 40),
    st.integers(1, 6),
    st.integers(1, 300),
)
def test_weeks_are_five_business_days_or_seven_calendar_days(
    basis: DayBasis, last: int, weeks: int, room: int
) -> None:
    base = ending_on(last, basis)
    step = weeks * (5 if basis is DayBasis.BUSINESS else 7)
    until = last + step + room
    days = tail_days(base.with_tail(every=relativedelta(weeks=weeks), until_day=until), base)
    assert days == list(range(last + step, until + 1, step))
    same = tail_days(base.with_tail(every=timedelta(weeks=weeks), until_day=until), base)
    assert same == days


@given(st.sampled_from(DayBasis), st.integers(1, 400), st.integers(1, 14), st.integers(0, 600))
def test_month_tails_increase_and_stay_in_range(
    basis: DayBasis, last: int, months: int, room: int
) -> None:
    base = ending_on(last, basis)
    low, high = (28, 31) if basis is DayBasis.CALENDAR else (19, 23)
    until = last + high * months + room
    days = tail_days(base.with_tail(every=relativedelta(months=months), until_day=until), base)
    assert days == sorted(set(days))
    assert days[-1] <= until
    assert low * months <= days[0] - last <= high * months
    gaps = [b - a for a, b in itertools.pairwise(days)]
    assert all(low * months <= gap <= high * months for gap in gaps)


@pytest.mark.parametrize(
    "every",
    [
        0,
        -5,
        True,
        1.5,
        "2 weeks",
        timedelta(0),
        timedelta(days=-7),
        timedelta(hours=12),
        timedelta(days=1, hours=1),
        relativedelta(),
        relativedelta(months=-1),
        relativedelta(months=1, days=-3),
        relativedelta(hours=36),
    ],
)
def test_bad_intervals_name_every(every: object) -> None:
    with pytest.raises(ck.InvalidFieldError, match="expected a positive interval") as error:
        ending_on(3).with_tail(every=every, until_day=60)  # type: ignore[arg-type]
    assert error.value.field == "every"


def test_absolute_relativedelta_fields_are_refused() -> None:
    with pytest.raises(ck.InvalidFieldError, match="absolute field 'day'; use the plural"):
        ending_on(3).with_tail(every=relativedelta(day=31), until_day=60)


@pytest.mark.parametrize("until", [3, 2, -1, 30.0, "30", None])
def test_until_day_must_be_after_the_last_day(until: object) -> None:
    with pytest.raises(ck.InvalidFieldError, match="after the cadence's last day, 3") as error:
        ending_on(3).with_tail(every=relativedelta(weeks=2), until_day=until)  # type: ignore[arg-type]
    assert error.value.field == "until_day"


def test_until_day_with_no_room_for_a_tail_touch() -> None:
    with pytest.raises(ck.InvalidFieldError, match=r"until_day 12: .* first would fall on day 13"):
        ending_on(3).with_tail(every=relativedelta(weeks=2), until_day=12)


def test_until_day_past_the_year_9999() -> None:
    with pytest.raises(ck.DateRangeError, match="until_day"):
        ending_on(3).with_tail(every=relativedelta(years=1), until_day=10**9)


# --- issue 17: enums and yes/no options refuse what they do not know ---------------


@pytest.mark.parametrize(
    ("enum_type", "field"),
    [
        (ck.Channel, "channel"),
        (ck.DayBasis, "day_basis"),
        (ck.EventKind, "event_kind"),
        (ck.Response, "response"),
        (ck.CallResult, "call_result"),
        (ck.ExitReason, "exit_reason"),
        (ck.Severity, "severity"),
        (ck.Status, "status"),
    ],
)
def test_enums_raise_a_cadence_error_naming_the_accepted_values(
    enum_type: type, field: str
) -> None:
    # Before: a bare ValueError ("'fax' is not a valid Channel").
    with pytest.raises(ck.InvalidFieldError, match=rf"^{field} 'fax': expected one of '") as caught:
        enum_type("fax")
    assert isinstance(caught.value, ValueError)
    member = next(iter(enum_type))
    assert enum_type(member.value) is member


@pytest.mark.parametrize("value", ["no", "false", 0, 1, None])
def test_yes_no_options_take_only_booleans(value: object) -> None:
    # Before: Insert(replace="no") and EnrollmentPolicy(exclusive="false") read as True.
    with pytest.raises(ck.InvalidFieldError, match=r"^replace"):
        ck.Insert([Touchpoint("call", 1)], replace=value)  # type: ignore[arg-type]
    with pytest.raises(ck.InvalidFieldError, match=r"^exclusive"):
        ck.EnrollmentPolicy(exclusive=value)  # type: ignore[arg-type]
    with pytest.raises(ck.InvalidFieldError, match=r"^observed"):
        ck.BusinessCalendar(observed=value)  # type: ignore[arg-type]
    assert ck.Insert([Touchpoint("call", 1)], replace=False).replace is False


def test_from_dict_refuses_a_misspelled_key() -> None:
    # Before: {"spacnig": 5} was ignored and the default spacing used.
    data = Cadence("c", [Touchpoint("email", 1)]).to_dict()
    with pytest.raises(
        ck.SchemaError, match=r"^spacnig 5: unknown key; expected one of .*'spacing'"
    ):
        Cadence.from_dict({**data, "spacnig": 5})
    touch = {**data["touchpoints"][0], "subjet": "Hi"}
    with pytest.raises(ck.SchemaError, match=r"^touchpoints\[0\]\.subjet 'Hi': unknown key"):
        Cadence.from_dict({**data, "touchpoints": [touch]})
    assert Cadence.from_dict(data) == Cadence("c", [Touchpoint("email", 1)])


def test_a_generator_of_categories_is_accepted() -> None:
    # Before: the generator was consumed by the check and read as no categories.
    cal = ck.BusinessCalendar(country="US", categories=(c for c in ["public", "unofficial"]))
    assert cal.categories == ("public", "unofficial")


# --- version 2 fields: automated, alternatives, skip_if_connected, format ------------


def test_new_touchpoint_fields_default_by_channel() -> None:
    email, call = Touchpoint("email", 1), Touchpoint("call", 1)
    assert (email.automated, call.automated) == (True, False)
    assert email.alternatives == ()
    assert not email.skip_if_connected
    assert email.format == "html"
    assert Touchpoint("email", 1, automated=False).describe() == "Email (manual)"
    assert Touchpoint("linkedin", 1, automated=True).describe() == "LinkedIn (automated)"
    assert repr(Touchpoint("email", 1, format="plain")).endswith(", window=None, format='plain')")


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: Touchpoint("email", 1, automated="yes"), "automated"),
        (lambda: Touchpoint("email", 1, alternatives=["fax"]), "alternatives"),
        (lambda: Touchpoint("email", 1, alternatives=["email"]), "alternatives"),
        (lambda: Touchpoint("email", 1, alternatives=["sms", "sms"]), "alternatives"),
        (lambda: Touchpoint("email", 1, alternatives=3), "alternatives"),
        (lambda: Touchpoint("call", 1, skip_if_connected=True), "skip_if_connected"),
        (lambda: Touchpoint("email", 1, format="markdown"), "format"),
        (
            lambda: Cadence("c", [Touchpoint("voicemail", 1, skip_if_connected=True)]),
            "touchpoints[0].skip_if_connected",
        ),
        (
            lambda: Cadence(
                "c",
                [Touchpoint("call", 1), Touchpoint("voicemail", 2, skip_if_connected=True)],
            ),
            "touchpoints[1].skip_if_connected",
        ),
    ],
)
def test_bad_new_fields_name_the_field(build: object, field: str) -> None:
    with pytest.raises(ck.InvalidFieldError) as caught:
        build()  # type: ignore[operator]
    assert caught.value.field == field


def test_new_fields_round_trip_and_old_dicts_read_defaults() -> None:
    touch = Touchpoint(
        "voicemail", 3, skip_if_connected=True, alternatives=["sms"], format="plain", automated=True
    )
    cadence = Cadence("c", [Touchpoint("call", 3), touch])
    assert Cadence.from_dict(json.loads(json.dumps(cadence.to_dict()))) == cadence
    old = {"channel": "call", "day": 2}
    assert Touchpoint.from_dict(old) == Touchpoint("call", 2)
    assert Touchpoint.from_dict({"channel": "email", "day": 2}).automated is True
    with pytest.raises(ck.SchemaError) as caught:
        Touchpoint.from_dict({"channel": "email", "day": 2, "format": "rtf"}, path="touchpoints[4]")
    assert caught.value.field == "touchpoints[4].format"


def test_touch_count_folds_fallbacks_and_alternatives() -> None:
    eight = ck.presets.eight_touch()
    assert (eight.touch_count, len(eight)) == (8, 10)
    cadence = Cadence(
        "c",
        [
            Touchpoint("email", 1, alternatives=["linkedin"]),
            Touchpoint("call", 3),
            Touchpoint("voicemail", 3, skip_if_connected=True),
            Touchpoint("voicemail", 3),  # a voicemail left anyway is a touch of its own
        ],
    )
    assert cadence.touch_count == 3
    assert cadence.describe().splitlines()[1:] == [
        "Day 1: Email/LinkedIn",
        "Day 3: Call; then Voicemail (if no answer)",  # step 2: the call and its fallback
        "Day 3: Voicemail",
    ]
    assert cadence.step_numbers == (1, 2, 2, 3)


# --- A/B variants ---------------------------------------------------------------------------

SUBJECTS = [
    ck.Variant("A"),
    ck.Variant("B", subject="Quick question, {{ first_name }}", weight=3),
]


def test_variants_are_content_on_a_touchpoint() -> None:
    touch = Touchpoint(
        "email", 1, label="Intro", subject="Idea for {{ company }}", variants=SUBJECTS
    )
    assert [v.name for v in touch.variants] == ["A", "B"]
    assert touch.with_variant("A") == Touchpoint("email", 1, label="Intro", subject=touch.subject)
    b = touch.with_variant(touch.variants[1])
    assert b.subject == "Quick question, {{ first_name }}"
    assert b.render({"first_name": "Ada"}).subject == "Quick question, Ada"
    assert (b.body, b.variants, b.channel) == (None, (), Channel.EMAIL)
    # dicts of the fields work too, as from JSON
    assert Touchpoint("email", 1, variants=[{"name": "A"}, {"name": "B", "weight": 3,
        "subject": "Quick question, {{ first_name }}"}]).variants == tuple(SUBJECTS)  # fmt: skip


def test_a_variant_may_use_another_channel() -> None:
    touch = Touchpoint(
        "email",
        1,
        alternatives=["linkedin"],
        variants=[ck.Variant("mail"), ck.Variant("sms", channel="sms")],
    )
    # every channel the touch may use, so the enrollment accepts the touch event naming it
    assert touch.channel_options == (Channel.EMAIL, Channel.LINKEDIN, Channel.SMS)
    assert touch.describe() == "Email/LinkedIn"  # the outline shows alternatives, not tests
    sms = touch.with_variant("sms")
    assert (sms.channel, sms.alternatives, sms.automated) == (
        Channel.SMS,
        (Channel.LINKEDIN,),
        True,
    )
    inmail = Touchpoint("email", 1, alternatives=["linkedin"], variants=[ck.Variant("A"),
        ck.Variant("in", channel="linkedin")]).with_variant("in")  # fmt: skip
    assert (inmail.channel, inmail.alternatives) == (Channel.LINKEDIN, ())


@pytest.mark.parametrize(
    ("variants", "field", "message"),
    [
        ([ck.Variant("A"), ck.Variant("A")], "variants[1].name", "names another variant"),
        ([{"name": "A"}, {"name": "B", "weight": 0}], "variants[1].weight", "above 0"),
        ([{"name": "A", "weight": -2}, {"name": "B"}], "variants[0].weight", "above 0"),
        ([{"name": "A"}, {"name": "B", "weight": float("inf")}], "variants[1].weight", "finite"),
        ([{"name": "A"}, {"name": "B", "weight": True}], "variants[1].weight", "number"),
        ([{"name": "A"}, {"name": "B", "channel": "fax"}], "variants[1].channel", "'email'"),
        ([{"name": "A"}, {"name": "B", "colour": "red"}], "variants[1]", "expected name"),
        ([{"name": ""}, {"name": "B"}], "variants[0].name", "non-empty"),
        ([ck.Variant("A")], "variants", "two variants or more"),
        ("AB", "variants", "sequence of Variant"),
        (["A", "B"], "variants[0]", "expected a Variant"),
    ],
)
def test_bad_variants_are_refused_naming_the_field(
    variants: object, field: str, message: str
) -> None:
    with pytest.raises(ck.CadenceError, match=message) as caught:
        Touchpoint("email", 1, variants=variants)  # type: ignore[arg-type]
    assert str(caught.value).startswith(field + " ")


def test_a_fallback_cannot_be_tested_as_a_call() -> None:
    with pytest.raises(ck.InvalidFieldError, match=r"^variants\[1\]\.channel 'call'"):
        Touchpoint("voicemail", 1, skip_if_connected=True,
                   variants=[ck.Variant("A"), ck.Variant("B", channel="call")])  # fmt: skip


def test_variants_round_trip_through_dicts_json_and_pickle() -> None:
    touch = Touchpoint(
        "email",
        2,
        label="Value",
        variants=[*SUBJECTS, ck.Variant("C", channel="linkedin", cta="Worth a chat?")],
    )
    cadence = Cadence("c", [Touchpoint("call", 1), touch])
    data = json.loads(json.dumps(cadence.to_dict()))
    assert data["touchpoints"][1]["variants"][1] == {
        "name": "B", "weight": 3, "subject": "Quick question, {{ first_name }}",
        "body": None, "cta": None, "channel": None,
    }  # fmt: skip
    assert Cadence.from_dict(data) == cadence
    assert pickle.loads(pickle.dumps(touch)) == touch
    assert Touchpoint("call", 1).to_dict()["variants"] == []
    assert "variants=" not in repr(Touchpoint("call", 1))
    data["touchpoints"][1]["variants"][2]["weight"] = -1
    with pytest.raises(ck.SchemaError, match=r"^touchpoints\[1\]\.variants\[2\]\.weight -1"):
        Cadence.from_dict(data)


def test_with_variant_refuses_a_name_the_touch_does_not_have() -> None:
    with pytest.raises(ck.InvalidFieldError, match=r"^variant 'A': expected one of none"):
        Touchpoint("email", 1).with_variant("A")
