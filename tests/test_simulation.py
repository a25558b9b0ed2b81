"""simulate() and ResponseModel: reproducible runs whose rates match the model."""

from __future__ import annotations

import pickle
from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cadencekit as ck
from cadencekit import Channel, EventKind, ExitReason, Response

NY = "America/New_York"
START = datetime(2026, 11, 2, 8, tzinfo=ZoneInfo(NY))
US = ck.BusinessCalendar(country="US")

# Email, call, email, call, email: cheap to run, both channels measured.
MIXED = ck.Cadence(
    "Mixed",
    [
        ck.Touchpoint("email", 1),
        ck.Touchpoint("call", 2),
        ck.Touchpoint("email", 3),
        ck.Touchpoint("call", 4),
        ck.Touchpoint("email", 5),
    ],
)
ONE_EMAIL = ck.Cadence("One email", [ck.Touchpoint("email", 1)])
TWO_EMAILS = ck.Cadence("Two emails", [ck.Touchpoint("email", 1), ck.Touchpoint("email", 3)])


def run(cadence: ck.Cadence, prospects: int | list[str], model: ck.ResponseModel, seed: object = 1):
    return ck.simulate(cadence, prospects, model=model, seed=seed, start=START, calendar=US, tz=NY)


# --- reproducible -----------------------------------------------------------------


def test_same_seed_gives_equal_enrollments() -> None:
    cadence = ck.presets.eight_touch()
    first = run(cadence, 40, ck.ResponseModel(), seed=2026)
    again = run(cadence, 40, ck.ResponseModel(), seed=2026)
    assert first == again
    assert [e.events for e in first] == [e.events for e in again]


def test_different_seeds_differ() -> None:
    cadence = ck.presets.eight_touch()
    one = run(cadence, 40, ck.ResponseModel(), seed=1)
    two = run(cadence, 40, ck.ResponseModel(), seed=2)
    assert [e.events for e in one] != [e.events for e in two]


def test_a_prospect_gets_the_same_story_whatever_the_count() -> None:
    assert run(MIXED, 12, ck.ResponseModel())[:5] == run(MIXED, 5, ck.ResponseModel())


def test_string_and_int_seeds_are_both_accepted() -> None:
    assert run(MIXED, 5, ck.ResponseModel(), seed="7") == run(MIXED, 5, ck.ResponseModel(), seed=7)


# --- rates within tolerance of the model -------------------------------------------------

RATES = ck.ResponseModel(
    open=0.4,
    click=0.1,
    bounce=0.03,
    connect=0.07,
    opt_out=0,
    reply={"email": 0.2},
    responses={"other": 1},  # read within a day, then resumed: every prospect runs on
    decay=0.8,
)


@pytest.fixture(scope="module")
def mixed_runs() -> list[ck.Enrollment]:
    return run(MIXED, 1000, RATES, seed=11)


def email_touches(runs: list[ck.Enrollment]) -> list[tuple[ck.Enrollment, int]]:
    return [
        (e, ev.step)
        for e in runs
        for ev in e.events
        if ev.kind is EventKind.TOUCH and e.steps[ev.step].channel is Channel.EMAIL
    ]


def has(e: ck.Enrollment, kind: EventKind, step: int) -> bool:
    return any(ev.kind is kind and ev.step == step for ev in e.events)


def test_bounce_fraction_matches_the_model(mixed_runs: list[ck.Enrollment]) -> None:
    sent = email_touches(mixed_runs)
    bounced = sum(has(e, EventKind.BOUNCE, step) for e, step in sent)
    assert len(sent) > 2000
    assert abs(bounced / len(sent) - 0.03) < 0.015


def test_open_and_click_fractions_match_the_model(mixed_runs: list[ck.Enrollment]) -> None:
    delivered = [(e, s) for e, s in email_touches(mixed_runs) if not has(e, EventKind.BOUNCE, s)]
    opened = [(e, s) for e, s in delivered if has(e, EventKind.OPEN, s)]
    clicked = [(e, s) for e, s in opened if has(e, EventKind.CLICK, s)]
    assert abs(len(opened) / len(delivered) - 0.4) < 0.03
    assert abs(len(clicked) / len(opened) - 0.1) < 0.03
    # a click only ever follows an open of the same email
    assert all(has(e, EventKind.OPEN, s) for e, s in delivered if has(e, EventKind.CLICK, s))


def test_call_connection_fraction_matches_the_model(mixed_runs: list[ck.Enrollment]) -> None:
    calls = [
        ev.call_result
        for e in mixed_runs
        for ev in e.events
        if ev.kind is EventKind.TOUCH and e.steps[ev.step].channel is Channel.CALL
    ]
    assert len(calls) > 1500
    assert set(calls) == {ck.CallResult.CONNECTED, ck.CallResult.NO_ANSWER}
    connected = calls.count(ck.CallResult.CONNECTED)
    assert abs(connected / len(calls) - 0.07) < 0.03


def test_reply_chance_decays_with_each_touch(mixed_runs: list[ck.Enrollment]) -> None:
    def reply_fraction(step: int) -> float:
        delivered = [
            e
            for e in mixed_runs
            if has(e, EventKind.TOUCH, step) and not has(e, EventKind.BOUNCE, step)
        ]
        replied = [
            e
            for e in delivered
            if any(ev.kind is EventKind.REPLY and ev.step == step for ev in e.events)
        ]
        return len(replied) / len(delivered)

    # step 0 is the first touch; step 2 has two touches before it; calls draw none here
    assert abs(reply_fraction(0) - 0.2) < 0.04
    assert abs(reply_fraction(2) - 0.2 * 0.8**2) < 0.04
    assert reply_fraction(2) < reply_fraction(0)
    assert reply_fraction(1) == 0


def test_replies_split_as_the_model_says() -> None:
    model = ck.ResponseModel(
        bounce=0,
        opt_out=0,
        reply={"email": 1},
        responses={"positive": 0.4, "no": 0.3, "maybe": 0.2, "out_of_office": 0.1},
        meeting=0.5,
        decay=0,  # only the first email draws a reply
        reply_within=60,  # before the second email: the reply acts on a live enrollment
    )
    runs = run(TWO_EMAILS, 1500, model, seed=3)
    replies = [ev for e in runs for ev in e.events if ev.kind is EventKind.REPLY]
    assert len(replies) == 1500  # a reply chance of 1: every delivered email
    kinds = Counter(ev.response for ev in replies)
    for response, share in [
        (Response.POSITIVE, 0.4),
        (Response.NO, 0.3),
        (Response.MAYBE, 0.2),
        (Response.OUT_OF_OFFICE, 0.1),
    ]:
        assert abs(kinds[response] / 1500 - share) < 0.03, response
    assert Response.OTHER not in kinds
    meetings = sum(ev.kind is EventKind.MEETING for e in runs for ev in e.events)
    positives = kinds[Response.POSITIVE]
    assert abs(meetings / positives - 0.5) < 4 * (0.25 / positives) ** 0.5  # 4 standard errors
    reasons = Counter(e.exit_reason for e in runs)
    assert reasons[ExitReason.POSITIVE_REPLY] == kinds[Response.POSITIVE]
    assert reasons[ExitReason.DECLINED] == kinds[Response.NO]


# --- driven through the rules ------------------------------------------------------------


def test_a_no_ends_the_enrollment_before_its_next_touch() -> None:
    model = ck.ResponseModel(
        bounce=0, opt_out=0, reply={"email": 1}, responses={"no": 1}, reply_within=60
    )
    for e in run(MIXED, 20, model):
        touches = [ev for ev in e.events if ev.kind is EventKind.TOUCH]
        assert [t.step for t in touches] == [0]
        assert e.exit_reason is ExitReason.DECLINED


def test_a_maybe_pauses_ten_business_days() -> None:
    model = ck.ResponseModel(
        bounce=0, opt_out=0, reply={"email": 1}, responses={"maybe": 1}, decay=0, reply_within=60
    )
    for e in run(MIXED, 20, model):
        reply = next(ev for ev in e.events if ev.kind is EventKind.REPLY)
        second = next(ev for ev in e.events if ev.kind is EventKind.TOUCH and ev.step == 1)
        back = US.add_business_days(reply.at.astimezone(ZoneInfo(NY)).date(), 10)
        assert second.at.astimezone(ZoneInfo(NY)).date() >= back


def test_on_time_touches_follow_the_schedule_exactly() -> None:
    # connect=0: no call is answered, so every fallback voicemail is left too
    quiet = ck.ResponseModel(bounce=0, opt_out=0, reply=0, late=0, connect=0)
    cadence = ck.presets.eight_touch()
    planned = [t.due for t in ck.schedule(cadence, START, calendar=US, tz=NY)]
    for e in run(cadence, 5, quiet):
        assert [ev.at for ev in e.events if ev.kind is EventKind.TOUCH] == planned
        assert e.exit_reason is ExitReason.COMPLETED


def test_late_touches_are_late_by_at_most_the_lateness() -> None:
    model = ck.ResponseModel(bounce=0, opt_out=0, reply=0, late=1, lateness=timedelta(hours=1))
    (e,) = run(ONE_EMAIL, 1, model)
    touch = e.events[0]
    due = ck.schedule(ONE_EMAIL, START, calendar=US, tz=NY)[0].due
    assert due <= touch.at <= due + timedelta(hours=1)


def test_the_result_is_what_replaying_its_events_gives(mixed_runs: list[ck.Enrollment]) -> None:
    for e in mixed_runs[:50]:
        again = ck.Enrollment.replay(MIXED, e.prospect, START, e.events, calendar=US, tz=NY)
        assert again == e


def test_every_event_names_a_step_the_enrollment_has() -> None:
    runs = run(ck.presets.eight_touch(), 200, ck.ResponseModel(), seed=5)
    for e in runs:
        assert all(ev.step is None or 0 <= ev.step < len(e.steps) for ev in e.events)
        assert list(e.events) == sorted(e.events, key=ck.Event.sort_key)
        assert all(ev.at >= e.started for ev in e.events)


def test_prospect_ids_are_numbered_or_given() -> None:
    assert [e.prospect for e in run(ONE_EMAIL, 3, ck.ResponseModel())] == [
        "p0000",
        "p0001",
        "p0002",
    ]
    assert [e.prospect for e in run(ONE_EMAIL, ["ada", "bob"], ck.ResponseModel())] == [
        "ada",
        "bob",
    ]
    assert run(ONE_EMAIL, 0, ck.ResponseModel()) == []


def test_one_start_per_prospect() -> None:
    starts = [START, START + timedelta(days=7)]
    runs = ck.simulate(ONE_EMAIL, 2, model=ck.ResponseModel(), seed=1, start=starts, tz=NY)
    assert [e.started for e in runs] == starts


def test_the_touch_cap_stops_a_rule_that_loops() -> None:
    again = ck.Rule(ck.Match("touch"), ck.JumpTo(0), name="again and again")
    quiet = ck.ResponseModel(bounce=0, opt_out=0, reply=0)
    (e,) = ck.simulate(ONE_EMAIL, 1, model=quiet, seed=1, start=START, rules=[again], max_touches=7)
    assert sum(ev.kind is EventKind.TOUCH for ev in e.events) == 7


def test_runs_and_models_pickle() -> None:
    runs = run(MIXED, 10, ck.ResponseModel())
    assert pickle.loads(pickle.dumps(runs)) == runs
    model = ck.ResponseModel(reply={"linkedin": 0.1})
    assert pickle.loads(pickle.dumps(model)) == model


@given(st.integers(0, 10**6))
def test_any_seed_gives_a_consistent_history(seed: int) -> None:
    (e,) = run(ck.presets.eight_touch(), 1, ck.ResponseModel(reply=0.3), seed=seed)
    assert list(e.events) == sorted(e.events, key=ck.Event.sort_key)
    touches = [ev for ev in e.events if ev.kind is EventKind.TOUCH]
    assert touches
    assert e.status is ck.Status.ENDED or e.status is ck.Status.PAUSED


# --- the model --------------------------------------------------------------------------


def test_model_defaults_and_reply_chance() -> None:
    model = ck.ResponseModel()
    assert model.open == 0.4
    assert model.reply_chance("email") == 0.06
    assert model.reply_chance(Channel.TASK) == 0
    assert model.reply_chance("email", touches_before=2) == pytest.approx(0.06 * 0.64)
    assert sum(share for _, share in model.responses) == pytest.approx(1)


def test_a_reply_mapping_leaves_other_channels_at_zero() -> None:
    model = ck.ResponseModel(reply={"email": 0.1})
    assert model.reply_chance("email") == 0.1
    assert model.reply_chance("call") == 0


def test_model_round_trips_through_a_dict() -> None:
    model = ck.ResponseModel(open=0.35, reply={"call": 0.04}, open_within=timedelta(seconds=90))
    assert ck.ResponseModel.from_dict(model.to_dict()) == model


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"open": 1.2}, "open"),
        ({"click": -0.1}, "click"),
        ({"bounce": "3%"}, "bounce"),
        ({"connect": True}, "connect"),
        ({"decay": float("nan")}, "decay"),
        ({"opt_out": 2}, "opt_out"),
        ({"meeting": None}, "meeting"),
        ({"late": 1.01}, "late"),
        ({"reply": {"email": 1.5}}, "reply['email']"),
        ({"reply": {"fax": 0.1}}, "reply"),
        ({"reply": "often"}, "reply"),
        ({"responses": {"positive": 0.5, "no": 0.4}}, "responses"),
        ({"responses": {"positive": 1.5, "no": -0.5}}, "responses['positive']"),
        ({"responses": {"yes": 1}}, "responses"),
        ({"open_within": -5}, "open_within"),
        ({"click_within": "soon"}, "click_within"),
        ({"reply_within": "2 days"}, "reply_within"),
        ({"lateness": timedelta(hours=-1)}, "lateness"),
    ],
)
def test_model_errors_name_the_field(options: dict[str, object], field: str) -> None:
    with pytest.raises(ck.InvalidFieldError) as error:
        ck.ResponseModel(**options)  # type: ignore[arg-type]
    assert error.value.field == field
    assert str(error.value).startswith(field)


def test_reply_and_responses_given_as_pairs_refuse_a_repeat() -> None:
    """Pairs were read into a dict, so a repeated channel or response silently kept the last."""
    with pytest.raises(ck.InvalidFieldError, match=r"^reply 'email': names 'email' twice"):
        ck.ResponseModel(reply=(("email", 0.5), ("email", 0.1)))
    with pytest.raises(ck.InvalidFieldError, match=r"^responses 'NO': names 'no' twice"):
        ck.ResponseModel(responses=[("positive", 0.5), ("no", 0.25), ("NO", 0.25)])
    model = ck.ResponseModel(reply=[("email", 0.5), ("CALL", 0.1)])
    assert (model.reply_chance("email"), model.reply_chance("call")) == (0.5, 0.1)
    assert ck.ResponseModel(reply=model.reply, responses=model.responses) == model
    with pytest.raises(ck.InvalidFieldError, match=r"^channel 'fax': expected one of 'email'"):
        model.reply_chance("fax")


def test_from_dict_errors_give_the_path() -> None:
    with pytest.raises(ck.SchemaError, match=r"^model\.open 7: "):
        ck.ResponseModel.from_dict({"open": 7}, path="model")


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"prospects": -1}, "prospects"),
        ({"prospects": "ada"}, "prospects"),
        ({"prospects": ["ada", "ada"]}, "prospects[1]"),
        ({"prospects": ["ada", 7]}, "prospects[1]"),
        ({"model": {"open": 0.4}}, "model"),
        ({"seed": 1.5}, "seed"),
        ({"start": [START]}, "start"),
        ({"start": 12}, "start"),
        ({"cadence": "Mixed"}, "cadence"),
        ({"max_touches": -1}, "max_touches"),
    ],
)
def test_simulate_errors_name_the_argument(options: dict[str, object], field: str) -> None:
    arguments: dict[str, object] = {
        "cadence": MIXED,
        "prospects": 2,
        "model": ck.ResponseModel(),
        "seed": 1,
        "start": START,
    }
    arguments.update(options)
    cadence, prospects = arguments.pop("cadence"), arguments.pop("prospects")
    with pytest.raises(ck.InvalidFieldError) as error:
        ck.simulate(cadence, prospects, **arguments)  # type: ignore[arg-type]
    assert error.value.field == field


def test_dates_are_accepted_as_starts() -> None:
    (e,) = ck.simulate(ONE_EMAIL, 1, model=ck.ResponseModel(), seed=1, start=date(2026, 11, 2))
    assert e.started.date() == date(2026, 11, 2)


def test_compare_cadences_runs_both_on_the_same_prospects() -> None:
    cadence = ck.presets.eight_touch()
    same = ck.compare_cadences(
        cadence, cadence, 80, model=ck.ResponseModel(), seed=5, start="2026-11-02T08:00:00-05:00"
    )
    assert same.names == ("Eight touch", "Eight touch")
    assert same.a == same.b
    assert same.a.enrolled == 80
    for comparison in same.differences.values():
        assert comparison.difference == 0
        assert comparison.p_value == pytest.approx(1.0)
    other = ck.compare_cadences(
        cadence,
        ck.presets.five_day_classic(),
        80,
        model=ck.ResponseModel(),
        seed=5,
        start="2026-11-02T08:00:00-05:00",
    )
    assert other.b.enrolled == 80
    assert "reply_rate" in other.differences
    assert other.differences["reply_rate"].a == other.a.reply_rate
    assert [row["rate"] for row in other.to_records()] == list(other.differences)
    assert str(other).startswith("Eight touch (a) vs Five-day classic (b)")


# --- issue 23: a reply that needs reading is read -------------------------------------

SPACED = ck.Cadence("Spaced", [ck.Touchpoint("email", day) for day in (1, 15, 29, 43)])
READ = ck.ResponseModel(
    bounce=0.05,
    opt_out=0.02,
    reply={"email": 0.3},
    decay=0.8,
    responses={"positive": 0.2, "no": 0.2, "maybe": 0.2, "out_of_office": 0.1, "other": 0.3},
    reply_within=60,  # every reply, and its reading, settles before the next step
    read_within=24 * 60,
)


def test_the_share_reaching_each_step_is_the_models() -> None:
    """Each step's reach within 4 standard errors of the model's (it was 5-8 below).

    An email step is passed when it neither bounces, nor draws an opt-out,
    nor draws a reply that ends it: positive or no, or an "other" that a
    person reads as positive or no (by the shares of positive, no and maybe).
    """
    n = 3000
    runs = run(SPACED, n, READ, seed=23)
    assert all(e.status is ck.Status.ENDED for e in runs)  # none waits for a reader
    ends = 0.2 + 0.2 + 0.3 * (0.2 + 0.2) / (0.2 + 0.2 + 0.2)
    expected = 1.0
    for step in range(len(SPACED.touchpoints)):
        seen = sum(has(e, EventKind.TOUCH, step) for e in runs) / n
        error = (expected * (1 - expected) / n) ** 0.5
        assert abs(seen - expected) <= 4 * error, (step, seen, expected)
        expected *= (1 - 0.05) * (1 - 0.02) * (1 - 0.3 * 0.8**step * ends)
    last = len(SPACED.touchpoints) - 1  # the last touch completes the cadence
    completed = sum(e.exit_reason is ExitReason.COMPLETED for e in runs)
    assert completed == sum(has(e, EventKind.TOUCH, last) for e in runs)


def test_a_reply_that_needs_reading_is_read_and_recorded_by_the_shares() -> None:
    n = 2000
    model = ck.ResponseModel(
        bounce=0,
        opt_out=0,
        reply={"email": 1},
        decay=0,
        responses={"other": 0.5, "positive": 0.25, "no": 0.125, "maybe": 0.125},
        reply_within=60,
        read_within=120,
    )
    runs = run(TWO_EMAILS, n, model, seed=4)
    reads = []
    for e in runs:
        replies = [ev for ev in e.events if ev.kind is EventKind.REPLY]
        if replies[0].response is Response.OTHER:
            assert len(replies) == 2  # the reply, then what the reader recorded
            assert timedelta(0) <= replies[1].at - replies[0].at <= timedelta(minutes=120)
            assert replies[1].step == replies[0].step == 0
            reads.append(replies[1].response)
    assert abs(len(reads) / n - 0.5) < 4 * (0.25 / n) ** 0.5
    counts = Counter(reads)
    for response, share in [(Response.POSITIVE, 0.5), (Response.NO, 0.25), (Response.MAYBE, 0.25)]:
        assert (
            abs(counts[response] / len(reads) - share)
            < 4 * (share * (1 - share) / len(reads)) ** 0.5
        )
    assert all(e.status is ck.Status.ENDED for e in runs)


def test_with_nothing_to_read_it_as_the_reader_resumes() -> None:
    model = ck.ResponseModel(
        bounce=0, opt_out=0, reply={"email": 1}, decay=0, responses={"other": 1}
    )
    for e in run(TWO_EMAILS, 20, model):
        kinds = [ev.kind for ev in e.events if ev.kind is not EventKind.OPEN]
        assert kinds[:3] == [EventKind.TOUCH, EventKind.REPLY, EventKind.RESUME]
        assert e.exit_reason is ExitReason.COMPLETED


def test_no_prospect_of_a_default_run_is_left_paused() -> None:
    runs = run(ck.presets.eight_touch(), 600, ck.ResponseModel(), seed=60)
    assert any(any(ev.response is Response.OTHER for ev in e.events) for e in runs)
    assert all(e.status is ck.Status.ENDED for e in runs)


def test_a_seed_that_is_not_utf8_text_is_refused_by_name() -> None:
    # Issue 23 item 16: a lone surrogate in the seed raised a bare UnicodeEncodeError.
    with pytest.raises(ck.InvalidFieldError, match=r"^seed"):
        ck.simulate(
            ck.presets.eight_touch(),
            ["a"],
            model=ck.ResponseModel(),
            seed="\ud800",
            start="2026-11-23T09:00:00+00:00",
        )
