from __future__ import annotations

import pickle

import pytest

import cadencekit as ck
from cadencekit import (
    End,
    Event,
    ExitReason,
    Insert,
    JumpTo,
    Match,
    MoveTo,
    Pause,
    Resume,
    Rule,
    Touchpoint,
    first_match,
)

AT = "2026-11-24T14:12:00-05:00"


def test_match_none_matches_anything() -> None:
    assert Match().matches(Event.open(AT, 0))
    assert str(Match()) == "any event"


def test_match_fields_take_one_value_or_a_set() -> None:
    match = Match({"reply", "meeting"}, response=["no", "maybe"], step=2)
    assert match.matches(Event.reply(AT, "maybe", step=2))
    assert not match.matches(Event.reply(AT, "maybe", step=1))
    assert not match.matches(Event.reply(AT, "positive", step=2))
    assert not match.matches(Event.meeting(AT, step=2))  # a meeting has no response


def test_match_on_call_result_channel_and_stage() -> None:
    connected = Match("touch", call_result="connected", channel="call")
    touch = Event.touch(AT, 1, call_result="connected")
    assert connected.matches(touch, "call")
    assert not connected.matches(touch, "email")
    assert not connected.matches(Event.touch(AT, 1, call_result="no_answer"), "call")
    staged = Match(stage="offer")
    assert staged.matches(Event.open(AT, 0), stage="offer")
    assert not staged.matches(Event.open(AT, 0), stage="discovery")
    assert not staged.matches(Event.open(AT, 0))  # no stage is the initial stage
    assert Match(stage=ck.INITIAL_STAGE).matches(Event.open(AT, 0))


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: Match("nonsense"), "kind"),
        (lambda: Match(response="perhaps"), "response"),
        (lambda: Match(channel=[]), "channel"),
        (lambda: Match(step=-1), "step"),
        (lambda: Match(step="2"), "step"),
        (lambda: Match(stage=""), "stage"),
        (lambda: End("bored"), "reason"),
        (lambda: Pause(-1), "business_days"),
        (lambda: Pause(True), "business_days"),
        (lambda: JumpTo(-2), "step"),
        (lambda: Insert([]), "touchpoints"),
        (lambda: Insert(["call"]), "touchpoints"),
        (lambda: Insert([Touchpoint("call", 3), Touchpoint("call", 1)]), "touchpoints[1].day"),
        (lambda: MoveTo(""), "cadence"),
        (lambda: MoveTo("Nurture", after_business_days=-1), "after_business_days"),
        (lambda: Rule("reply", End("declined")), "when"),
        (lambda: Rule(Match(), "end"), "then"),
    ],
)
def test_bad_rule_parts_name_the_field(build: object, field: str) -> None:
    with pytest.raises(ck.InvalidFieldError) as caught:
        build()  # type: ignore[operator]
    assert caught.value.field == field


def test_default_rules_follow_the_design() -> None:
    rules = ck.default_rules()
    expected = {
        Event.reply(AT, "positive"): End(ExitReason.POSITIVE_REPLY),
        Event.meeting(AT): End(ExitReason.MEETING_BOOKED),
        Event.reply(AT, "no"): End(ExitReason.DECLINED),
        Event.reply(AT, "maybe"): Pause(10),
        Event.out_of_office(AT, until="2026-12-01"): Pause(5),
        Event.bounce(AT, 0): End(ExitReason.BOUNCED),
        Event.opt_out(AT): End(ExitReason.OPTED_OUT),
    }
    for event, action in expected.items():
        rule = first_match(rules, event, channel="email")
        assert rule is not None
        assert rule.then == action
    for quiet in (Event.open(AT, 0), Event.click(AT, 0), Event.reply(AT, "other")):
        assert first_match(rules, quiet, channel="email") is None


def test_first_match_wins() -> None:
    rules = (Rule(Match("reply"), Resume()), *ck.default_rules())
    assert first_match(rules, Event.reply(AT, "no")) == rules[0]


def test_positive_reply_playbook_modes() -> None:
    calls = ck.positive_reply_playbook()
    rule = first_match(calls, Event.reply(AT, "positive", step=0), channel="email")
    assert rule is not None
    assert isinstance(rule.then, Insert)
    assert [t.day for t in rule.then.touchpoints] == [1, 3]
    assert {t.channel for t in rule.then.touchpoints} == {ck.Channel.CALL}
    assert not rule.then.replace
    assert rule.stage == "warm"
    # once warm, a second positive reply ends as the defaults say
    again = first_match(calls, Event.reply(AT, "positive", step=4), channel="email", stage="warm")
    assert again is not None
    assert again.then == End(ExitReason.POSITIVE_REPLY)
    # a positive answer on a call ends too
    on_call = first_match(calls, Event.reply(AT, "positive", step=2), channel="call")
    assert on_call is not None
    assert on_call.then == End(ExitReason.POSITIVE_REPLY)
    move = first_match(
        ck.positive_reply_playbook(mode="move"), Event.reply(AT, "positive"), channel="email"
    )
    assert move is not None
    assert move.then == MoveTo("Positive reply follow-up")
    assert ck.positive_reply_playbook(mode="end") == ck.default_rules()
    with pytest.raises(ck.InvalidFieldError, match="mode 'later'"):
        ck.positive_reply_playbook(mode="later")


def test_no_maybe_playbook_walks_its_stages() -> None:
    rules = ck.no_maybe_playbook()

    def action(response: str, channel: str, stage: str | None) -> object:
        rule = first_match(rules, Event.reply(AT, response, step=1), channel=channel, stage=stage)
        assert rule is not None
        return rule.then, rule.stage

    then, stage = action("no", "call", None)
    assert isinstance(then, Insert)
    assert then.replace
    assert then.touchpoints[0].label == "Discovery question"
    assert then.touchpoints[0].day == 2  # the next business day
    assert stage == "discovery"
    then, stage = action("positive", "call", "discovery")
    assert isinstance(then, Insert)
    assert then.touchpoints[0].label == "Offer an appointment"
    then, stage = action("no", "call", "discovery")
    assert isinstance(then, Insert)
    assert then.touchpoints[0].label == "Offer free material"
    then, stage = action("positive", "call", "offer")
    assert isinstance(then, Insert)
    assert then.touchpoints[0].channel is ck.Channel.EMAIL
    assert "no pitch" in (then.touchpoints[0].label or "")
    assert action("no", "call", "offer") == (End(ExitReason.DECLINED), None)
    assert action("maybe", "call", None) == (MoveTo("Re-engagement", after_business_days=10), None)
    # a "no" to an email is not a cold-call "no": the defaults decline it
    assert action("no", "email", None) == (End(ExitReason.DECLINED), None)


def test_rules_are_frozen_hashable_and_pickle() -> None:
    rules = ck.no_maybe_playbook() + ck.positive_reply_playbook()
    assert pickle.loads(pickle.dumps(rules)) == rules
    assert len(set(rules)) == len(rules) - len(ck.default_rules())  # defaults twice
