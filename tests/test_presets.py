"""Presets: the shapes issue #3 lists, day by day and channel by channel."""

from __future__ import annotations

import json
import pickle
import re
from collections.abc import Callable
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest

import cadencekit as ck
from cadencekit import Cadence, Channel, DayBasis, SendWindow, presets

E, C, V, L = Channel.EMAIL, Channel.CALL, Channel.VOICEMAIL, Channel.LINKEDIN

# (day, channel) of every step; alternatives and fallbacks are checked against
# the playbooks' own outlines below.
SHAPES: dict[str, tuple[DayBasis, list[tuple[int, Channel]]]] = {
    "cold_outreach": (DayBasis.BUSINESS, [(1, E), (2, L), (4, E), (6, C), (8, E), (10, E)]),
    "inbound_follow_up": (DayBasis.BUSINESS, [(1, C), (2, E), (3, C), (4, E)]),
    "re_engagement": (DayBasis.CALENDAR, [(1, E), (5, E), (10, C), (15, E), (20, E)]),
    "eight_touch": (
        DayBasis.BUSINESS,
        [(1, E), (3, E), (3, C), (5, C), (5, V), (7, E), (7, C), (7, V), (10, E), (10, C)],
    ),
    "five_day_classic": (DayBasis.BUSINESS, [(1, E), (2, C), (3, E), (4, E), (5, E)]),
    "positive_reply_follow_up": (DayBasis.BUSINESS, [(1, C), (1, E), (3, C), (4, E)]),
}
PRESETS: dict[str, Callable[..., Cadence]] = {name: getattr(presets, name) for name in SHAPES}
MERGE_FIELD = re.compile(r"\{\{\s*\w+\s*(\|[^}]*)?\}\}")

# --- the playbooks as written (pasted verbatim from the source articles) -------------

EIGHT_TOUCH = """
  • Day 1: Email/InMail
  • Day 3: Email then call
  • Day 5: Call followed by a voicemail
  • Day 7: Email followed by a call with a voicemail
  • Day 10: Email and then a call
"""

# (the source's trailing spaces dropped)
FIVE_DAY = """
  • Day 1: Send the first email with the subject line “Are you interested in an appointment?”
  • Day 2: Contact the lead via phone to request an appointment.
  • Day 3: Send a second email with relevant content like a white paper.
  • Day 4: Send a follow-up email with the subject line “Did you get my last email?”
  • Day 5: Final follow-up email with the subject line “Are you the right person?”
"""

COLD_OUTREACH = """Cold outreach cadence (7-10 days)
Objective: Initiate contact and generate interest
Day 1: Introductory email
Day 2: LinkedIn connection request
Day 4: Follow-up email
Day 6: Phone call
Day 8: Value driven email
Day 10: Breakup email
"""

INBOUND = """Inbound lead follow-up cadence (3-5 days)
Objective: Quickly engage warm leads
Day 1: Immediate call or email response
Day 2: Follow-up email with relevant content
Day 3: Phone call
Day 4: Final follow-up
"""

RE_ENGAGEMENT = """Re-engagement cadence (2-3 weeks)
Objective: Reconnect with inactive prospects
Day 1: “We haven’t heard from you’ email
Day 5: Share a new feature update
Day 10: Call or LinkedIn message
Day 15: Offer value(discount/resource)
Day 20: Breakup email
"""

PLAYBOOKS = {
    "eight_touch": EIGHT_TOUCH,
    "five_day_classic": FIVE_DAY,
    "cold_outreach": COLD_OUTREACH,
    "inbound_follow_up": INBOUND,
    "re_engagement": RE_ENGAGEMENT,
}


def shape(cadence: Cadence) -> list[tuple[int, Channel, tuple[Channel, ...], bool]]:
    return [(t.day, t.channel, t.alternatives, t.skip_if_connected) for t in cadence]


@pytest.mark.parametrize("name", PLAYBOOKS)
def test_each_preset_is_its_playbook_as_written(name: str) -> None:
    written = Cadence.from_text(PLAYBOOKS[name], name="playbook")
    preset = PRESETS[name]()
    assert shape(preset) == shape(written)
    assert preset.day_basis is written.day_basis
    assert preset.touch_count == written.touch_count


def test_eight_touch_is_the_eight_touch_model() -> None:
    cadence = presets.eight_touch()
    assert [t.day for t in cadence] == [1, 3, 3, 5, 5, 7, 7, 7, 10, 10]
    assert cadence.touch_count == 8
    assert cadence[0].channel_options == (E, L)  # Email/InMail: one touch
    assert [t.skip_if_connected for t in cadence if t.channel is V] == [True, True]
    assert [t.channel for t in cadence if t.day == 10] == [E, C]  # email, then the call
    assert cadence.duration_days == 10
    assert cadence.day_basis is DayBasis.BUSINESS


def test_five_day_cadence_keeps_the_subjects_and_steps_verbatim() -> None:
    cadence = presets.five_day_classic()
    assert [t.subject for t in cadence if t.day in (1, 4, 5)] == [
        "Are you interested in an appointment?",
        "Did you get my last email?",
        "Are you the right person?",
    ]
    written = Cadence.from_text(FIVE_DAY, name="x")
    assert [t.subject for t in written] == [t.subject if t.day != 3 else None for t in cadence]
    assert "appointment" in (cadence[1].cta or "").lower()  # Day 2: a call to request one
    assert "white paper" in (cadence[2].body or "").lower()  # Day 3: relevant content


def test_inbound_first_touch_is_immediate() -> None:
    cadence = presets.inbound_follow_up()
    assert cadence[0].channel_options == (C, E)
    assert cadence.touch_count == 4
    enrolled = datetime(2026, 3, 3, 10, 17, tzinfo=ZoneInfo("America/New_York"))
    plan = ck.schedule(cadence, enrolled, tz="America/New_York")
    assert plan[0].due == enrolled  # speed to lead: due the moment the lead arrives
    enrollment = ck.Enrollment.start(cadence, "lead", enrolled, tz="America/New_York")
    assert enrollment.next_touch is not None
    assert enrollment.next_touch.due == enrolled


def test_re_engagement_day_ten_is_a_call_or_a_linkedin_message() -> None:
    cadence = presets.re_engagement()
    assert cadence[2].day == 10
    assert cadence[2].channel_options == (C, L)
    assert Cadence.from_text(RE_ENGAGEMENT).day_basis is DayBasis.CALENDAR


BREAKUP = re.compile(r"stop reaching out|close your file|closing the loop", re.IGNORECASE)


@pytest.mark.parametrize("name", SHAPES)
def test_a_breakup_is_always_the_last_touch(name: str) -> None:
    cadence = PRESETS[name]()
    for step, touch in enumerate(cadence):
        said = " ".join(filter(None, (touch.subject, touch.body, touch.cta)))
        if BREAKUP.search(said):
            assert step == len(cadence) - 1, f"{name}: step {step} breaks up before the end"
    assert "after-breakup" not in [f.code for f in ck.lint(attrs.evolve(cadence, allow=()))]


def test_positive_reply_follow_up_has_no_breakup() -> None:
    cadence = presets.positive_reply_follow_up()
    assert not any(
        BREAKUP.search(" ".join(filter(None, (t.subject, t.body, t.cta)))) for t in cadence
    )
    assert "no-breakup" in [f.code for f in ck.lint(attrs.evolve(cadence, allow=()))]


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


def test_labels_follow_the_issue() -> None:
    assert [t.label for t in presets.cold_outreach()] == [
        "Intro email",
        "LinkedIn connection request",
        "Follow-up email",
        "Intro call",
        "Value email",
        "Breakup email",
    ]
    assert presets.inbound_follow_up()[0].label == "Immediate response"
    assert [t.label for t in presets.re_engagement()] == [
        "We haven't heard from you",
        "Feature update",
        "Reconnect",
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
    assert re.search(r"case study|guide|report|review|benchmark|white paper", bodies)


@pytest.mark.parametrize("name", ["cold_outreach", "re_engagement"])
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
    # describe() reads back to the same steps: what an outline holds, and no more.
    again = Cadence.from_text(cadence.describe())
    bare = [attrs.evolve(t, subject=None, body=None, cta=None) for t in cadence]
    assert again == attrs.evolve(cadence, touchpoints=bare, allow=(), audience=None)


def test_describe() -> None:
    assert presets.inbound_follow_up().describe() == (
        "Inbound follow-up\n"
        "Objective: Qualify the lead and book a demo\n"
        "Day 1: Call/Email — Immediate response\n"
        "Day 2: Email — Relevant content\n"
        "Day 3: Call — Follow-up call\n"
        "Day 4: Email — Final follow-up"
    )


# What each preset breaks on purpose (its docstring says why), and what lint
# still reports for it: never an error.
ALLOWED = {
    "cold_outreach": (set(), []),
    "inbound_follow_up": ({"too-short", "too-few-touches"}, []),
    "re_engagement": (set(), []),
    "eight_touch": ({"no-breakup"}, []),
    "five_day_classic": ({"over-contacting"}, ["empty-follow-up", "no-breakup"]),
    "positive_reply_follow_up": ({"too-short", "too-few-touches", "no-breakup"}, []),
}


@pytest.mark.parametrize("name", SHAPES)
def test_presets_carry_no_error_level_finding(name: str) -> None:
    cadence = PRESETS[name]()
    allowed, reported = ALLOWED[name]
    assert cadence.allow == allowed
    findings = ck.lint(cadence)
    assert [f.code for f in findings] == reported
    assert [f for f in findings if f.severity == "error"] == []
    # every allowance is needed: without it, lint reports that code
    for code in allowed:
        assert code in [f.code for f in ck.lint(attrs.evolve(cadence, allow=allowed - {code}))]


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
