from __future__ import annotations

import json
import pickle
from datetime import time, timedelta
from html.parser import HTMLParser

import pytest
from hypothesis import given

import cadencekit as ck
from cadencekit import Cadence, Channel, DayBasis, SendWindow, Touchpoint

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
        (("c", [Touchpoint("email", 1)]), {"spacing": -5}, "spacing -5: expected zero or more"),
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
        "Day 3: Email — Value driven email; then Call"
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
    assert cells[6:11] == ["0", "1", "Email", HOSTILE, "<b>Hi</b> {{ first_name }}"]
    assert cells[11:] == ["1", "3", "Call", "08:00-10:00"]  # empty cells give no text


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
