"""Presets: the shapes issue #3 lists, day by day and channel by channel."""

from __future__ import annotations

import json
import pickle
import re
from collections.abc import Callable
from datetime import time, timedelta

import attrs
import pytest

import cadencekit as ck
from cadencekit import Cadence, Channel, DayBasis, SendWindow, presets

E, C, V, L = Channel.EMAIL, Channel.CALL, Channel.VOICEMAIL, Channel.LINKEDIN

SHAPES: dict[str, tuple[DayBasis, list[tuple[int, Channel]]]] = {
    "cold_outreach": (DayBasis.BUSINESS, [(1, E), (2, L), (4, E), (6, C), (8, E), (10, E)]),
    "inbound_follow_up": (DayBasis.BUSINESS, [(1, C), (2, E), (3, C), (4, E)]),
    "re_engagement": (DayBasis.CALENDAR, [(1, E), (5, E), (10, C), (15, E), (20, E)]),
    "eight_touch": (
        DayBasis.BUSINESS,
        [(1, E), (3, C), (3, V), (5, E), (7, C), (7, V), (10, C), (10, E)],
    ),
    "five_day_classic": (DayBasis.BUSINESS, [(1, E), (2, C), (3, E), (4, E), (5, E)]),
    "positive_reply_follow_up": (DayBasis.BUSINESS, [(1, C), (1, E), (3, C), (4, E)]),
}
PRESETS: dict[str, Callable[..., Cadence]] = {name: getattr(presets, name) for name in SHAPES}
MERGE_FIELD = re.compile(r"\{\{\s*\w+\s*(\|[^}]*)?\}\}")


def test_every_preset_is_listed() -> None:
    assert sorted(presets.__all__) == sorted(SHAPES)
    assert ck.presets is presets
    assert "presets" in ck.__all__


@pytest.mark.parametrize("name", SHAPES)
def test_days_and_channels(name: str) -> None:
    basis, shape = SHAPES[name]
    cadence = PRESETS[name]()
    assert [(touch.day, touch.channel) for touch in cadence] == shape
    assert cadence.day_basis is basis
    assert cadence.objective
    assert cadence.audience


def test_eight_touch_spans_two_business_weeks() -> None:
    cadence = presets.eight_touch()
    assert len(cadence) == 8
    assert cadence.days == (1, 3, 5, 7, 10)
    assert cadence.duration_days == 10


def test_labels_follow_the_issue() -> None:
    assert [t.label for t in presets.cold_outreach()] == [
        "Intro email",
        "LinkedIn connection request",
        "Follow-up email",
        "Intro call",
        "Value email",
        "Breakup email",
    ]
    assert presets.inbound_follow_up()[0].label == "Immediate call"
    assert [t.label for t in presets.re_engagement()] == [
        "We haven't heard from you",
        "Feature update",
        "Reconnect call",
        "Value offer",
        "Breakup email",
    ]


@pytest.mark.parametrize("name", SHAPES)
def test_emails_are_written_out(name: str) -> None:
    cadence = PRESETS[name]()
    for touch in cadence:
        assert touch.cta, f"{name} step {touch.day} has no call to action"
        if touch.channel is E:
            assert touch.subject
            assert touch.body
            assert MERGE_FIELD.search(touch.body), touch.body
    bodies = " ".join(touch.body or "" for touch in cadence).lower()
    assert "{{ first_name }}" in bodies
    assert "{{ company | your team }}" in bodies
    # A value step: something offered, not only asked for.
    assert re.search(r"case study|guide|report|review|benchmark", bodies)


@pytest.mark.parametrize("name", ["cold_outreach", "re_engagement", "eight_touch"])
def test_last_touch_is_a_breakup(name: str) -> None:
    last = PRESETS[name]()[-1]
    assert last.channel is E
    assert last.label == "Breakup email"
    assert "stop reaching out" in (last.body or "")


def test_five_day_classic_chases_on_day_four() -> None:
    follow_up = presets.five_day_classic()[3]
    assert follow_up.day == 4
    assert follow_up.subject == "Did you get my last email?"
    assert "did you get my last email?" in (follow_up.body or "")


@pytest.mark.parametrize("name", SHAPES)
def test_options_pass_through(name: str) -> None:
    cadence = PRESETS[name](name="Mine", window=("08:00", "11:00"), spacing=10)
    assert cadence.name == "Mine"
    assert cadence.window == SendWindow(time(8), time(11))
    assert cadence.spacing == timedelta(minutes=10)
    assert PRESETS[name]().window == SendWindow()


@pytest.mark.parametrize("name", SHAPES)
def test_round_trips(name: str) -> None:
    cadence = PRESETS[name]()
    assert Cadence.from_dict(json.loads(json.dumps(cadence.to_dict()))) == cadence
    assert pickle.loads(pickle.dumps(cadence)) == cadence
    assert PRESETS[name]() == cadence  # a fresh, equal value each call
    # describe() reads back to the same days, channels and labels.
    again = Cadence.from_text(cadence.describe())
    assert [(t.day, t.channel, t.label) for t in again] == [
        (t.day, t.channel, t.label) for t in cadence
    ]


def test_describe() -> None:
    assert presets.inbound_follow_up().describe() == (
        "Inbound follow-up\n"
        "Objective: Qualify the lead and book a demo\n"
        "Day 1: Call — Immediate call\n"
        "Day 2: Email — Email with relevant content\n"
        "Day 3: Call — Follow-up call\n"
        "Day 4: Email — Final follow-up email"
    )


PRESET_NAMES = [
    "cold_outreach",
    "inbound_follow_up",
    "re_engagement",
    "eight_touch",
    "five_day_classic",
]


@pytest.mark.parametrize("name", PRESET_NAMES)
def test_presets_carry_no_error_level_finding(name: str) -> None:
    cadence = getattr(ck.presets, name)()
    assert [f for f in ck.lint(cadence) if f.severity == "error"] == []


def test_five_day_classic_flags_its_chasing_step() -> None:
    cadence = ck.presets.five_day_classic()
    findings = ck.lint(cadence)
    assert [(f.code, f.step) for f in findings if f.code == "empty-follow-up"] == [
        ("empty-follow-up", 3)
    ]
    # what it breaks on purpose is declared, and shows when the allowance is dropped
    assert cadence.allow == frozenset({"over-contacting"})
    strict = ck.lint(attrs.evolve(cadence, allow=frozenset()))
    assert any(f.code == "over-contacting" and f.severity == "error" for f in strict)


def test_playbook_targets_are_presets() -> None:
    move = ck.positive_reply_playbook(mode="move")[0].then
    assert isinstance(move, ck.MoveTo)
    assert move.cadence == ck.presets.positive_reply_follow_up().name
    maybe = ck.no_maybe_playbook()[0].then
    assert isinstance(maybe, ck.MoveTo)
    assert maybe.cadence == ck.presets.re_engagement().name
