from __future__ import annotations

import json
import pickle
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
    Silence,
    Skip,
    TalkTrack,
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
        (lambda: Rule(Match(), (End("declined"), "end")), "then[1]"),
        (lambda: Rule(Match(), ()), "then"),
        (lambda: Match("click", count=0), "count"),
        (lambda: Match("click", count=True), "count"),
        (lambda: Skip(), "channels"),
        (lambda: Skip(channels=[]), "channels"),
        (lambda: Skip(automated="yes"), "automated"),
        (lambda: Skip(steps=[-1]), "steps"),
        (lambda: Silence(0, 1), "business_days"),
        (lambda: Silence(3, -1), "after_step"),
        (lambda: Silence(3, 1, unless=[]), "unless"),
        (lambda: Silence(3, 1, unless="later"), "unless"),
        (lambda: TalkTrack([]), "lines"),
        (lambda: TalkTrack([" "]), "lines"),
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
        Event.reply(AT, "other"): Pause(until_classified=True),
        Event.bounce(AT, 0): End(ExitReason.BOUNCED),
        Event.opt_out(AT): End(ExitReason.OPTED_OUT),
    }
    for event, action in expected.items():
        rule = first_match(rules, event, channel="email")
        assert rule is not None
        assert rule.then == action
    for quiet in (Event.open(AT, 0), Event.click(AT, 0)):
        assert first_match(rules, quiet, channel="email") is None


def test_first_match_wins() -> None:
    rules = (Rule(Match("reply"), Resume()), *ck.default_rules())
    assert first_match(rules, Event.reply(AT, "no")) == rules[0]


def test_positive_reply_playbook_modes() -> None:
    calls = ck.positive_reply_playbook()
    rule = first_match(calls, Event.reply(AT, "positive", step=0), channel="email")
    assert rule is not None
    skip, insert = rule.then
    assert skip == ck.Skip(automated=True)  # no more sequence emails (nor a breakup) after a yes
    assert isinstance(insert, Insert)
    assert [t.day for t in insert.touchpoints] == [1, 3]
    assert {t.channel for t in insert.touchpoints} == {ck.Channel.CALL}
    assert not insert.replace
    assert rule.stage == "warm"
    # once warm, a second positive reply ends as the defaults say
    again = first_match(calls, Event.reply(AT, "positive", step=4), channel="email", stage="warm")
    assert again is not None
    assert again.then == End(ExitReason.POSITIVE_REPLY)
    # a "yes" on a call, or a reply naming no step, gets the calls too
    on_call = first_match(calls, Event.reply(AT, "positive", step=2), channel="call")
    no_step = first_match(calls, Event.reply(AT, "positive"))
    assert on_call is rule
    assert no_step is rule
    # but not in the middle of the cold-call playbook's talk track, in either order
    for rules in (calls[:1] + ck.no_maybe_playbook(), ck.no_maybe_playbook(defaults=False) + calls):
        yes = Event.reply(AT, "positive", step=2)
        staged = Match(stage_of={"no/maybe": "talk track"}).matches(yes, "call", None)
        assert not staged  # no stages given: every playbook in "cadence"
        engine = ck.Enrollment.start(
            ck.Cadence("c", [ck.Touchpoint("call", 1), ck.Touchpoint("email", 2)]),
            "p",
            "2026-11-23T08:00:00+00:00",
            rules=rules,
        ).apply(Event.touch("2026-11-23T09:00:00+00:00", 0, call_result="connected"))
        talk = engine.apply(Event.reply("2026-11-23T09:02:00+00:00", "no", step=0))
        answered = talk.apply(Event.reply("2026-11-23T09:03:00+00:00", "positive", step=0))
        assert answered.stage == "material"
        assert answered.decisions[-1].rule.name == "yes to the material: send it, plain text"
        warm = engine.apply(Event.reply("2026-11-23T09:02:00+00:00", "positive", step=0))
        assert warm.stage == "warm"
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
    assert isinstance(then, tuple)
    track, hold = then
    assert isinstance(track, TalkTrack)
    assert [line.split(":")[0] for line in track.lines] == [
        "Discovery",
        "Appointment",
        "Free material, no strings",
    ]
    assert hold == Pause(until_classified=True)
    assert stage == "talk track"
    then, stage = action("positive", "call", "talk track")
    assert isinstance(then, Insert)
    assert then.replace
    assert then.touchpoints[0].channel is ck.Channel.EMAIL
    assert then.touchpoints[0].format == "plain"
    assert then.touchpoints[0].day == 1  # the same day, after the call
    assert stage == "material"
    assert action("no", "call", "talk track") == (End(ExitReason.DECLINED), None)
    assert action("maybe", "call", None) == (MoveTo("Re-engagement", after_business_days=10), None)
    # a "no" to an email is not a cold-call "no": the defaults decline it
    assert action("no", "email", None) == (End(ExitReason.DECLINED), None)
    assert all(rule.playbook == "no/maybe" for rule in rules[:4])


def test_several_actions_and_a_one_action_tuple() -> None:
    both = Rule(Match("bounce"), (Skip(channels="email"), Insert([Touchpoint("call", 1)])))
    assert len(both.actions) == 2
    assert Rule(Match("bounce"), [End("bounced")]) == Rule(Match("bounce"), End("bounced"))
    assert "skip the remaining email steps; insert day 1 Call" in str(both)


def test_skip_drops_steps_that_match_every_field_given() -> None:
    email, inmail = Touchpoint("email", 1), Touchpoint("email", 1, alternatives=["linkedin"])
    call, manual = Touchpoint("call", 1), Touchpoint("email", 1, automated=False)
    assert Skip(channels="email").drops(0, email)
    assert not Skip(channels="email").drops(0, inmail)  # it can still go by LinkedIn
    assert Skip(channels={"email", "linkedin"}).drops(0, inmail)
    assert Skip(automated=True).drops(0, email)
    assert not Skip(automated=True).drops(0, manual)
    assert not Skip(automated=True).drops(0, call)
    assert Skip(channels="email", steps={2}).drops(2, email)
    assert not Skip(channels="email", steps={2}).drops(3, email)


actions = st.one_of(
    st.sampled_from(list(ExitReason)).map(End),
    st.builds(Pause, st.none() | st.integers(0, 30), until_classified=st.booleans()),
    st.just(Resume()),
    st.integers(0, 9).map(JumpTo),
    st.builds(
        Insert,
        st.lists(st.sampled_from(list(ck.Channel)), min_size=1, max_size=3).map(
            lambda channels: [Touchpoint(c, i + 1) for i, c in enumerate(channels)]
        ),
        replace=st.booleans(),
    ),
    st.builds(
        MoveTo,
        st.sampled_from(["Nurture", "Re-engagement"]),
        after_business_days=st.integers(0, 20),
    ),
    st.builds(
        Skip,
        st.sampled_from(["call", {"email", "linkedin"}]),
        automated=st.sampled_from([None, True, False]),
        steps=st.sampled_from([None, {1}, {0, 4}]),
    ),
    st.builds(Skip, automated=st.booleans()),
    st.lists(st.text("abc ", min_size=1).filter(str.strip), min_size=1, max_size=3).map(TalkTrack),
)
whens = st.one_of(
    st.builds(
        Match,
        st.none() | st.sets(st.sampled_from(list(ck.EventKind)), min_size=1),
        response=st.none() | st.sampled_from(list(ck.Response)),
        channel=st.none() | st.sets(st.sampled_from(list(ck.Channel)), min_size=1),
        step=st.none() | st.sets(st.integers(0, 9), min_size=1),
        stage=st.none() | st.sampled_from(["cadence", "offer"]),
        count=st.integers(1, 4),
    ),
    st.builds(
        Silence,
        st.integers(1, 10),
        st.integers(0, 5),
        unless=st.sets(st.sampled_from(list(ck.EventKind)), min_size=1),
    ),
)
rules_strategy = st.builds(
    Rule,
    whens,
    st.lists(actions, min_size=1, max_size=3).map(tuple),
    stage=st.none() | st.sampled_from(["warm", "offer"]),
    name=st.none() | st.sampled_from(["a", "no open: LinkedIn"]),
    once=st.booleans(),
    playbook=st.none() | st.sampled_from(["no/maybe", "mine"]),
)


@given(rules_strategy)
def test_any_rule_round_trips_through_json_and_pickle(rule: Rule) -> None:
    assert Rule.from_dict(json.loads(json.dumps(rule.to_dict()))) == rule
    assert pickle.loads(pickle.dumps(rule)) == rule


def test_rule_from_dict_names_the_path() -> None:
    data = Rule(Match("click", count=2), End("declined")).to_dict()
    data["then"][0]["reason"] = "bored"
    with pytest.raises(ck.SchemaError) as caught:
        Rule.from_dict(data, path="rules[1]")
    assert caught.value.field == "rules[1].then[0].reason"
    data = Rule(Silence(3, 0), End("declined")).to_dict()
    data["when"]["business_days"] = 0
    with pytest.raises(ck.SchemaError) as caught:
        Rule.from_dict(data, path="rules[0]")
    assert caught.value.field == "rules[0].when.business_days"


def test_stage_of_reads_other_playbooks_and_round_trips() -> None:
    when = Match("reply", stage_of={"no/maybe": ["cadence", "material"], "mine": "open"})
    assert str(when) == "kind=reply stage_of={mine: open, no/maybe: {cadence, material}}"
    rule = Rule(when, End("declined"), playbook="other")
    assert Rule.from_dict(json.loads(json.dumps(rule.to_dict()))) == rule
    yes = Event.reply(AT, "positive")
    assert not when.matches(yes)  # "mine" is in its initial stage, not "open"
    assert when.matches(yes, stages={"mine": "open"})
    assert not when.matches(yes, stages={"mine": "open", "no/maybe": "talk track"})
    assert not when.matches(yes, stage="open")  # one stage for every playbook: no/maybe too
    for bad, field in (({"": "x"}, "stage_of"), ({"b": None}, "stage_of['b']"), ("x", "stage_of")):
        with pytest.raises(ck.InvalidFieldError) as caught:
            Match(stage_of=bad)
        assert caught.value.field == field


def test_match_what_tells_engagements_apart() -> None:
    linkedin = Event.engagement(AT, "LinkedIn invite accepted")
    paper = Event.engagement(AT, "Downloaded the White Paper")
    unsaid = Event("engagement", AT)
    cases = {
        "LinkedIn invite accepted": (True, False, False),
        ck.Contains("white paper"): (False, True, False),
        ck.OneOf({"LinkedIn invite accepted", "x"}): (True, False, False),
        ("Downloaded the White Paper", "x"): (False, True, False),  # a set: one of
        ck.Missing(): (False, False, True),
    }
    for what, expected in cases.items():
        when = Match("engagement", what=what)
        assert tuple(when.matches(e) for e in (linkedin, paper, unsaid)) == expected
        assert Match(what=what).matches(Event.open(AT, 0)) is False  # engagements only
        rule = Rule(when, End("meeting_booked"))
        assert Rule.from_dict(json.loads(json.dumps(rule.to_dict()))) == rule
    assert str(Match("engagement", what=ck.Contains("paper"))) == (
        "kind=engagement what contains 'paper'"
    )
    with pytest.raises(ck.InvalidFieldError, match=r"^what .*only an engagement says what"):
        Match("reply", what="x")
    for bad in (3, [], [1], {"nope": 1}):
        with pytest.raises(ck.InvalidFieldError) as caught:
            Match("engagement", what=bad)
        assert caught.value.field == "what"


def test_silence_unless_takes_filters_and_round_trips() -> None:
    accepted = Match("engagement", what="LinkedIn invite accepted")
    quiet = Silence(5, after_step=1, unless=("reply", accepted, "click"))
    assert quiet.broken_by(Event.reply(AT, "no"))
    assert quiet.broken_by(Event.engagement(AT, "LinkedIn invite accepted"))
    assert not quiet.broken_by(Event.engagement(AT, "downloaded the white paper"))
    assert not quiet.broken_by(Event.open(AT, 0))
    assert str(quiet) == (
        "no click, reply or [kind=engagement what = 'LinkedIn invite accepted'] "
        "within 5 business days after step index 1"
    )
    rule = Rule(quiet, End("manual"), name="quiet")
    assert Rule.from_dict(json.loads(json.dumps(rule.to_dict()))) == rule
    assert Silence(5, 1, unless="reply") == Silence(5, 1)  # kinds as before
    assert Silence(5, 1).to_dict()["unless"] == ["reply"]
    with pytest.raises(ck.InvalidFieldError, match=r"^unless .*leave count 1"):
        Silence(5, 1, unless=(Match("click", count=2),))
    for bad in ((), (3,), None, "nope"):
        with pytest.raises(ck.InvalidFieldError) as caught:
            Silence(5, 1, unless=bad)
        assert caught.value.field == "unless"
    data = rule.to_dict()
    data["when"]["unless"] = [{"type": "match", "count": 0}]
    with pytest.raises(ck.SchemaError) as schema:
        Rule.from_dict(data, path="rules[0]")
    assert schema.value.field.startswith("rules[0].when.unless[0]")


def test_rules_are_frozen_hashable_and_pickle() -> None:
    rules = ck.no_maybe_playbook() + ck.positive_reply_playbook()
    assert pickle.loads(pickle.dumps(rules)) == rules
    assert len(set(rules)) == len(rules) - len(ck.default_rules())  # defaults twice


def test_first_match_on_an_opt_out_offers_only_a_rule_that_ends_it_as_opted_out() -> None:
    # The engine ends an opt-out as opted out whatever rule comes first; first_match
    # answers from the same resolver, so it never offers the Pause the engine skips.
    opt_out = ck.Event.opt_out("2026-11-24T09:00:00+00:00")
    parked = ck.Rule(ck.Match(), ck.Pause(), name="park anything")
    ending = ck.Rule(ck.Match("opt_out"), ck.End("opted_out"), name="log and end")
    assert ck.first_match([parked], opt_out) is None
    assert ck.first_match([parked, ending], opt_out) is ending
    enrollment = ck.Enrollment.start(
        ck.presets.eight_touch(), "p", "2026-11-23T09:00:00+00:00", rules=[parked]
    )
    ended = enrollment.apply(opt_out)
    assert ended.exit_reason is ck.ExitReason.OPTED_OUT
    assert ended.exit_rule is None  # no rule acted: the opt-out ended it by itself


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda value: Pause(until_classified=value), "until_classified"),
        (lambda value: Rule(Match("reply"), End("declined"), once=value), "once"),
        (lambda value: Insert([Touchpoint("call", 1)], replace=value), "replace"),
        (lambda value: ck.positive_reply_playbook(defaults=value), "defaults"),
        (lambda value: ck.no_maybe_playbook(defaults=value), "defaults"),
    ],
)
@pytest.mark.parametrize("value", ["no", "false", 0, 1, None, [], object()])
def test_yes_no_options_take_only_true_or_false(build: object, field: str, value: object) -> None:
    # Issue 23 item 8: Pause(until_classified="no") acted as yes (a truthy string), and an
    # enrollment holding it did not load back (from_dict reads only true or false).
    with pytest.raises(ck.InvalidFieldError, match=rf"^{field} .*: expected True or False$"):
        build(value)  # type: ignore[operator]


def test_an_enrollment_with_every_yes_no_option_set_loads_back() -> None:
    rules = (
        Rule(Match("reply", response="other"), Pause(until_classified=True), once=True),
        Rule(Match("click"), Insert([Touchpoint("call", 1)], replace=True), name="click"),
        *ck.default_rules(),
    )
    cadence = ck.Cadence("c", [Touchpoint("email", 1), Touchpoint("email", 3)])
    e = ck.Enrollment.start(cadence, "p", "2026-11-23T09:00:00+00:00", rules=rules)
    e = e.apply(ck.Event.reply("2026-11-23T10:00:00+00:00", "other"))
    assert e.status is ck.Status.PAUSED
    assert ck.Enrollment.from_dict(json.loads(json.dumps(e.to_dict()))) == e


def test_numpy_booleans_count_as_booleans_in_numpy_1_and_2() -> None:
    numpy = pytest.importorskip("numpy")
    assert ck.Pause(until_classified=numpy.bool_(True)).until_classified is True
    with pytest.raises(ck.InvalidFieldError, match="until_classified"):
        ck.Pause(until_classified=numpy.int64(1))


def test_a_rule_can_match_a_replys_reason() -> None:
    budget = ck.Rule(
        ck.Match("reply", response={"no", "maybe"}, reason="budget"),
        ck.Pause(60),
        name="wait for the next budget",
    )
    rules = (budget, *ck.default_rules())
    at = "2026-11-24T14:12:00-05:00"
    assert ck.first_match(rules, ck.Event.reply(at, "no", reason="budget")) is budget
    assert ck.first_match(rules, ck.Event.reply(at, "maybe", reason="budget")) is budget
    assert ck.first_match(rules, ck.Event.reply(at, "no", reason="timing")).name == "no"
    assert ck.first_match(rules, ck.Event.reply(at, "no")).name == "no"  # no reason given
    assert str(budget.when) == "kind=reply response={maybe, no} reason=budget"
    assert ck.Rule.from_dict(budget.to_dict()) == budget
    assert budget.to_dict()["when"]["reason"] == ["budget"]
    with pytest.raises(ck.InvalidFieldError, match=r"^reason 'cost': expected one of"):
        ck.Match("reply", reason="cost")
    with pytest.raises(ck.SchemaError, match=r"reason"):
        ck.Rule.from_dict({"when": {"type": "match", "reason": ["cost"]}, "then": []})


def test_the_default_maybe_rule_pauses_until_the_replys_day_to_try_again() -> None:
    """default_rules() says "10 business days, or until the event's end": the engine does so."""
    cadence = ck.Cadence("two", [ck.Touchpoint("email", 1), ck.Touchpoint("email", 3)])
    start = "2026-11-23T09:00:00+00:00"
    enrollment = ck.Enrollment.start(cadence, "ada", start).apply(
        ck.Event.touch("2026-11-23T10:00:00+00:00", 0)
    )
    snoozed = enrollment.apply(
        ck.Event.reply("2026-11-24T10:00:00+00:00", "maybe", until="2027-07-01")
    )
    plain = enrollment.apply(ck.Event.reply("2026-11-24T10:00:00+00:00", "maybe"))
    assert snoozed.status is plain.status is ck.Status.PAUSED
    assert snoozed.next_touch is not None
    assert plain.next_touch is not None
    assert snoozed.next_touch.due.date() >= date(2027, 7, 1)
    assert plain.next_touch.due.date() < date(2026, 12, 31)  # ten business days on
    reading = ck.read_reply(
        "Not now, try me in Q3.", received_at="2027-02-10T10:00:00+00:00", tz="UTC"
    )
    event = reading.to_event()
    assert event.until == date(2027, 7, 1)
    later = ck.Enrollment.start(cadence, "bo", "2027-02-08T09:00:00+00:00").apply(event)
    assert later.next_touch is not None
    assert later.next_touch.due.date() >= date(2027, 7, 1)
