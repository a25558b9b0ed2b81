"""Metrics: every rate on a population worked by hand, Kaplan–Meier, Wilson, tests."""

from __future__ import annotations

import itertools
import math
import pickle
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cadencekit as ck

START = datetime(2026, 11, 23, 8, tzinfo=UTC)  # a Monday, 08:00 UTC
CADENCE = ck.Cadence(
    "Four touches",
    [
        ck.Touchpoint("email", 1),
        ck.Touchpoint("call", 3),
        ck.Touchpoint("email", 5),
        ck.Touchpoint("call", 7),
    ],
)
Z95 = 1.959963984540054


def at(days: float, hour: float = 0.0) -> datetime:
    """``days`` days and ``hour`` hours after the enrollment started."""
    return START + timedelta(days=days, hours=hour)


E = ck.Event
POPULATION = {
    # replies positively a day later; the rep's follow-up call after the end still counts
    "ada": [
        E.touch(at(0, 1), 0, variant="A"),
        E.open(at(0, 1.5), 0),
        E.reply(at(1, 2), "positive"),
        E.touch(at(1, 6), 1, call_result="connected"),
    ],
    # bounces
    "bob": [E.touch(at(0, 1), 0, variant="B"), E.bounce(at(0, 1 + 5 / 60), 0)],
    # opens twice, a call nobody answers, then an out-of-office: not a reply
    "cy": [
        E.touch(at(0, 1), 0, variant="A"),
        E.open(at(0, 2), 0),
        E.open(at(0, 3), 0),
        E.touch(at(2, 1), 1, call_result="no_answer"),
        E.out_of_office(at(2, 2)),
    ],
    # a connected call, then "no"
    "di": [
        E.touch(at(0, 1), 0, variant="B"),
        E.touch(at(2, 1), 1, call_result="connected"),
        E.reply(at(2, 4), "no"),
    ],
    # opts out a day after the first email
    "ed": [E.touch(at(0, 1), 0, variant="A"), E.opt_out(at(1))],
    # enrolled, never touched
    "flo": [],
    # every step done, then books a meeting after the end
    "gus": [
        E.touch(at(0, 1), 0, variant="B"),
        E.touch(at(2, 1), 1, call_result="voicemail"),
        E.touch(at(4, 1), 2),
        E.open(at(4, 3), 2),
        E.touch(at(6, 1), 3, call_result="no_answer"),
        E.meeting(at(8)),
    ],
    # an unclassified reply (a question) the rep answers with a call the next day
    "hal": [
        E.touch(at(0, 1), 0, variant="A"),
        E.reply(at(2, 4), "other"),
        E.touch(at(3, 4), 1),
    ],
}
NOW = at(10)


def population() -> list[ck.Enrollment]:
    return [
        ck.Enrollment.replay(CADENCE, prospect, START, events)
        for prospect, events in POPULATION.items()
    ]


@pytest.fixture(scope="module")
def enrollments() -> list[ck.Enrollment]:
    return population()


@pytest.fixture(scope="module")
def result(enrollments: list[ck.Enrollment]) -> ck.CadenceReport:
    return ck.report(enrollments, now=NOW, min_at_risk=1)  # every point, by hand


def counts(rate: ck.Rate) -> tuple[int, int]:
    return rate.numerator, rate.denominator


# --- the report: every rate by hand ---------------------------------------------------


def test_counts(result: ck.CadenceReport) -> None:
    assert result.enrolled == 8
    assert result.touched == 7  # flo was never touched
    # hal paused by his unclassified reply (a reply needs reading); cy's out-of-office
    # pause ended before NOW, so as of NOW she counts as active again
    assert (result.active, result.paused, result.ended) == (2, 1, 5)
    assert result.ended_by == {
        ck.ExitReason.COMPLETED: 1,
        ck.ExitReason.POSITIVE_REPLY: 1,
        ck.ExitReason.DECLINED: 1,
        ck.ExitReason.BOUNCED: 1,
        ck.ExitReason.OPTED_OUT: 1,
    }


def test_every_rate_by_hand(result: ck.CadenceReport) -> None:
    # email touches: step 0 of the seven touched, and gus's step 2 = 8; bob's bounced
    assert counts(result.bounce_rate) == (1, 8)
    # delivered 7; opened: ada's and cy's step 0 (cy twice: once), gus's step 2
    assert counts(result.open_rate) == (3, 7)
    # replies: ada (positive), di (no), hal (other); cy's out-of-office is not one
    assert counts(result.reply_rate) == (3, 7)
    assert counts(result.positive_reply_rate) == (1, 7)
    # calls: ada's (after her end), cy, di, gus x2, hal's = 6; connected: ada, di
    assert counts(result.call_connection_rate) == (2, 6)
    # gus booked after his enrollment completed: it still counts
    assert counts(result.meeting_booking_rate) == (1, 7)
    assert counts(result.opt_out_rate) == (1, 7)
    # ended 5: ada converted (gus's late meeting does not change how he ended)
    assert counts(result.conversion_rate) == (1, 5)
    assert counts(result.completion_rate) == (1, 5)


def test_time_to_first_reply_kaplan_meier_by_hand(result: ck.CadenceReport) -> None:
    # touched: bob censored 1h05 (bounced), ed 24h (opted out), ada reply 26h,
    # di and hal reply 52h (a tie), gus censored 145h (completed), cy 240h (now)
    km = result.time_to_first_reply
    hours = [t / timedelta(hours=1) for t in km.times]
    assert hours == pytest.approx([1 + 5 / 60, 24, 26, 52, 145, 240])
    assert km.at_risk == (7, 6, 5, 4, 2, 1)
    assert km.events == (0, 0, 1, 2, 0, 0)
    assert km.censored == (1, 1, 0, 0, 1, 1)
    # S(26h) = 1 - 1/5 = 0.8; S(52h) = 0.8 * (1 - 2/4) = 0.4
    assert km.survival == pytest.approx((1, 1, 0.8, 0.4, 0.4, 0.4))
    assert km.median == timedelta(hours=52)
    assert km.quartiles == (timedelta(hours=26 + 26), timedelta(hours=52), None)
    # Greenwood: 1/(5*4) + 2/(4*2) = 0.3; log-log band S ** exp(±z·√V/|log S|)
    spread = Z95 * math.sqrt(0.3) / abs(math.log(0.4))
    assert km.lower[3] == pytest.approx(0.4 ** math.exp(spread))
    assert km.upper[3] == pytest.approx(0.4 ** math.exp(-spread))
    assert km.lower[3] == pytest.approx(0.0520, abs=1e-4)
    assert km.upper[2] == pytest.approx(
        0.8 ** math.exp(-Z95 * math.sqrt(0.05) / abs(math.log(0.8)))
    )


def test_active_enrollments_are_censored_at_the_latest_event_by_default(
    enrollments: list[ck.Enrollment],
) -> None:
    km = ck.report(enrollments).time_to_first_reply
    # the latest event is gus's meeting at day 8: cy is censored there, not at day 10
    assert km.times[-1] == timedelta(days=8)
    assert ck.report(enrollments).now == at(8)


def test_rep_response_time_by_hand(result: ck.CadenceReport) -> None:
    # ada: reply day 1 +2h, call +6h -> 4h; hal: reply day 2 +4h, touch day 3 +4h -> 24h
    # di's "no" was never followed: unanswered
    times = result.rep_response_time
    assert times.count == 2
    assert times.unanswered == 1
    assert times.median == timedelta(hours=14)
    assert times.quartiles == (timedelta(hours=9), timedelta(hours=14), timedelta(hours=19))


def test_by_step_attributes_a_reply_to_the_last_touch_before_it(
    result: ck.CadenceReport,
) -> None:
    steps = result.by_step()
    assert list(steps) == [0, 1, 2, 3]
    # ada and hal replied after step 0 only; di after her step-1 call
    assert counts(steps[0].reply_rate) == (2, 7)
    assert counts(steps[1].reply_rate) == (1, 5)  # ada, cy, di, gus, hal reached step 1
    assert counts(steps[0].opt_out_rate) == (1, 7)
    assert counts(steps[3].meeting_booking_rate) == (1, 1)  # gus, after his last call
    assert counts(steps[0].bounce_rate) == (1, 7)
    assert counts(steps[2].open_rate) == (1, 1)
    assert counts(steps[1].call_connection_rate) == (2, 5)


def test_by_channel(result: ck.CadenceReport) -> None:
    channels = result.by_channel()
    assert list(channels) == [ck.Channel.EMAIL, ck.Channel.CALL]
    assert counts(channels[ck.Channel.EMAIL].reply_rate) == (2, 7)
    assert counts(channels[ck.Channel.EMAIL].open_rate) == (3, 7)
    assert counts(channels[ck.Channel.CALL].reply_rate) == (1, 5)
    assert counts(channels[ck.Channel.CALL].call_connection_rate) == (2, 6)
    assert counts(channels[ck.Channel.CALL].meeting_booking_rate) == (1, 5)


def test_funnel(result: ck.CadenceReport) -> None:
    funnel = result.funnel()
    assert [(s.step, counts(s.reached), s.replied) for s in funnel] == [
        (0, (7, 8), 2),
        (1, (5, 8), 1),
        (2, (1, 8), 0),
        (3, (1, 8), 0),
    ]
    assert funnel[1].channel is ck.Channel.CALL


def test_by_variant(result: ck.CadenceReport) -> None:
    variants = result.by_variant(0)
    assert list(variants) == ["A", "B"]
    a, b = variants["A"], variants["B"]
    assert (a.prospects, b.prospects) == (4, 3)  # A: ada cy ed hal; B: bob di gus
    assert counts(a.reply_rate) == (2, 4)  # ada, hal
    assert counts(b.reply_rate) == (0, 3)  # di's reply belongs to her call
    assert counts(a.open_rate) == (2, 4)
    assert counts(b.open_rate) == (0, 2)
    assert counts(b.bounce_rate) == (1, 3)
    assert ck.compare(a.reply_rate, b.reply_rate).test == "fisher"
    assert list(result.by_variant(1)) == [None]


# --- outcomes: clicks, opportunities, conversions, micro-engagements -------------------------

OUTCOME_CADENCE = ck.Cadence(
    "Outcomes",
    [
        ck.Touchpoint("email", 1),  # 0, automated
        ck.Touchpoint("call", 3),  # 1, manual
        ck.Touchpoint("email", 5),  # 2, automated
        ck.Touchpoint("linkedin", 7),  # 3, manual
    ],
)
OUTCOMES = {
    # clicks, accepts the white paper; a connected call; an opportunity, then converted
    "ann": [
        E.touch(at(0, 1), 0),
        E.click(at(0, 2), 0),
        E.engagement(at(0, 3), "accepted the white paper"),
        E.touch(at(2, 1), 1, call_result="connected"),
        E.opportunity(at(3)),
        E.converted(at(3, 1)),
    ],
    # opens and clicks one email twice (one clicked touch), clicks the second email too
    "ben": [
        E.touch(at(0, 1), 0),
        E.open(at(0, 2), 0),
        E.click(at(0, 2.5), 0),
        E.click(at(0, 4), 0),
        E.touch(at(2, 1), 1, call_result="no_answer"),
        E.touch(at(4, 1), 2),
        E.click(at(4, 2), 2),
    ],
    # bounces: not delivered
    "cat": [E.touch(at(0, 1), 0), E.bounce(at(0, 1 + 5 / 60), 0)],
    # returns the call and connects on LinkedIn, the rep calls, a meeting, an opportunity
    "dan": [
        E.touch(at(0, 1), 0),
        E.returned_call(at(1, 0)),
        E.engagement(at(1, 1), "LinkedIn connection accepted"),
        E.touch(at(1, 5), 1, call_result="connected"),
        E.meeting(at(1, 6)),
        E.opportunity(at(2)),
    ],
    # an out-of-office: no engagement
    "eve": [E.touch(at(0, 1), 0), E.out_of_office(at(0, 2))],
    # never touched, answers a question all the same: on no denominator, never followed up
    "fay": [E.engagement(at(0, 5), "answered a question")],
    # "maybe": the automated email goes out, the rep's LinkedIn message later
    "gil": [
        E.touch(at(0, 1), 0),
        E.reply(at(0, 3), "maybe"),
        E.touch(at(4, 1), 2),
        E.touch(at(6, 1), 3),
    ],
}


@pytest.fixture(scope="module")
def outcomes() -> ck.CadenceReport:
    return ck.report(
        [ck.Enrollment.replay(OUTCOME_CADENCE, p, START, ev) for p, ev in OUTCOMES.items()],
        now=NOW,
    )


def test_outcome_rates_by_hand(outcomes: ck.CadenceReport) -> None:
    assert outcomes.touched == 6  # fay was never touched
    # email touches: step 0 of the six touched, ben's and gil's step 2 = 8; cat's bounced
    # clicked: ann's step 0, ben's step 0 (twice: once), ben's step 2
    assert counts(outcomes.click_rate) == (3, 7)
    assert counts(outcomes.opportunity_rate) == (2, 6)  # ann, dan
    assert counts(outcomes.lead_conversion_rate) == (1, 6)  # ann
    # a micro-engagement or a click: ann (both), ben (clicks), dan (returned call, LinkedIn)
    assert counts(outcomes.micro_engagement_rate) == (3, 6)
    # engagement events of touched prospects: ann 1, dan 2 (fay's is on no denominator)
    assert outcomes.micro_engagements == 3
    assert outcomes.micro_engagements_per_prospect == pytest.approx(3 / 6)
    # touches: ann 2, ben 3, cat 1, dan 2, eve 1, gil 3 = 12; dan's call drew the meeting
    assert counts(outcomes.meeting_rate_per_touch) == (1, 12)
    assert counts(outcomes.meeting_booking_rate) == (1, 6)
    assert counts(outcomes.reply_rate) == (1, 6)  # gil; eve's out-of-office is not one


def test_outcome_rates_by_step_and_channel(outcomes: ck.CadenceReport) -> None:
    steps = outcomes.by_step()
    # step 0: six touches, five delivered, clicked: ann's and ben's
    assert counts(steps[0].click_rate) == (2, 5)
    # engagements belong to the last touch before them: ann's (1) and dan's (2) step 0
    assert steps[0].micro_engagements == 3
    assert counts(steps[0].micro_engagement_rate) == (3, 6)  # ann, ben, dan
    assert counts(steps[0].opportunity_rate) == (0, 6)
    # step 1, the calls of ann, ben, dan: both opportunities, ann's conversion, dan's meeting
    assert counts(steps[1].opportunity_rate) == (2, 3)
    assert counts(steps[1].lead_conversion_rate) == (1, 3)
    assert counts(steps[1].meeting_rate_per_touch) == (1, 3)
    assert counts(steps[1].click_rate) == (0, 0)
    assert steps[1].micro_engagements_per_prospect == 0
    # step 2: ben's and gil's emails, ben's clicked
    assert counts(steps[2].click_rate) == (1, 2)
    assert counts(steps[2].micro_engagement_rate) == (1, 2)
    channels = outcomes.by_channel()
    assert counts(channels[ck.Channel.EMAIL].click_rate) == (3, 7)
    assert counts(channels[ck.Channel.EMAIL].micro_engagement_rate) == (3, 6)
    assert counts(channels[ck.Channel.CALL].opportunity_rate) == (2, 3)
    assert counts(channels[ck.Channel.CALL].meeting_rate_per_touch) == (1, 3)
    assert counts(channels[ck.Channel.LINKEDIN].meeting_rate_per_touch) == (0, 1)


def test_rep_response_time_runs_from_each_engagement_to_the_next_manual_touch(
    outcomes: ck.CadenceReport,
) -> None:
    # ann: click 0h+2 and white paper 0h+3 -> her call at 2d+1h: 47h, 46h
    # ben: clicks 0h+2.5 and 0h+4 -> his call at 2d+1h: 46.5h, 45h; his click 4d+2h: unanswered
    # dan: returned call 1d+0h and LinkedIn 1d+1h -> his call 1d+5h: 5h, 4h
    # fay: never followed up: unanswered; eve's out-of-office is not an engagement
    # gil: "maybe" 0d+3h -> the automated email 4d+1h does not count -> LinkedIn 6d+1h: 142h
    times = outcomes.rep_response_time
    assert (times.count, times.unanswered) == (7, 2)
    # sorted 4, 5, 45, 46, 46.5, 47, 142; inclusive quartiles at positions 1.5, 3, 4.5
    assert times.median == timedelta(hours=46)
    assert times.quartiles == (timedelta(hours=25), timedelta(hours=46), timedelta(hours=46.75))
    assert outcomes.response_time() == times


def test_response_time_after_narrows_to_replies_and_touches_any_keeps_the_old_measure(
    outcomes: ck.CadenceReport,
) -> None:
    replies = outcomes.response_time(after="reply")
    assert (replies.count, replies.unanswered, replies.median) == (1, 0, timedelta(hours=142))
    # before version 2: any next touch, automated too: gil's email at 4d+1h, 94h
    old = outcomes.response_time(after="reply", touches="any")
    assert old.median == timedelta(hours=94)
    clicks = outcomes.response_time(after=ck.EventKind.CLICK)
    assert (clicks.count, clicks.unanswered) == (3, 1)  # ann 47h, ben 46.5h and 45h
    engaged = outcomes.response_time(after=["engagement"])
    assert (engaged.count, engaged.unanswered) == (3, 1)  # ann 46h, dan 5h and 4h; fay
    assert engaged.median == timedelta(hours=5)
    with pytest.raises(ck.InvalidFieldError, match=r"^after 'open'"):
        outcomes.response_time(after="open")
    with pytest.raises(ck.InvalidFieldError, match=r"^touches 'rep'"):
        outcomes.response_time(touches="rep")


def test_outcome_rates_follow_the_same_definitions_in_every_profile(
    outcomes: ck.CadenceReport,
) -> None:
    enrollments = [
        ck.Enrollment.replay(OUTCOME_CADENCE, p, START, ev) for p, ev in OUTCOMES.items()
    ]
    names = ("click_rate", "opportunity_rate", "lead_conversion_rate", "micro_engagement_rate")
    for profile in ("per_delivered_email", "per_opened_email", "per_contacted_prospect"):
        other = ck.report(enrollments, now=NOW, definitions=profile)
        assert all(getattr(other, n) == getattr(outcomes, n) for n in names)
        formulas = ck.Definitions.named(profile).formulas()
        assert set(formulas) >= set(outcomes.rates()) | {"rep_response_time"}
    assert "click" in ck.Definitions.ours().formulas()["rep_response_time"]
    data = outcomes.to_dict()
    assert data["micro_engagements"] == 3
    assert data["by_step"]["0"]["micro_engagements"] == 3
    assert data["rates"]["click_rate"]["numerator"] == 3
    assert "micro-engagements:   3 (0.50 per prospect touched)" in str(outcomes)


# --- definitions -------------------------------------------------------------------------


def test_definitions_per_delivered_email(enrollments: list[ck.Enrollment]) -> None:
    r = ck.report(enrollments, now=NOW, definitions="per_delivered_email")
    # delivered email touches 7; replied to: ada's and hal's step 0
    assert counts(r.reply_rate) == (2, 7)
    assert counts(r.positive_reply_rate) == (1, 7)
    assert counts(r.open_rate) == (3, 7)  # other rates unchanged


def test_definitions_per_opened_email(enrollments: list[ck.Enrollment]) -> None:
    r = ck.report(enrollments, now=NOW, definitions=ck.Definitions.per_opened_email())
    # opened or replied: ada's step 0, cy's step 0, gus's step 2, hal's step 0 (replied)
    assert counts(r.reply_rate) == (2, 4)


def test_definitions_per_contacted_prospect(enrollments: list[ck.Enrollment]) -> None:
    r = ck.report(enrollments, now=NOW, definitions="per_contacted_prospect")
    assert counts(r.reply_rate) == (2, 7)  # hal's "other" is left out
    assert r.time_to_first_reply.events == (0, 0, 1, 1, 0, 0)  # hal's wait is censored
    assert r.time_to_first_reply.censored[-1] == 2  # with cy's, at now
    assert r.rep_response_time.count == 1


def test_definitions_refuse_unknown_names(enrollments: list[ck.Enrollment]) -> None:
    with pytest.raises(ck.InvalidFieldError, match="per_delivered_email"):
        ck.report(enrollments, definitions="hubspot")
    with pytest.raises(ck.InvalidFieldError, match="reply_unit"):
        ck.Definitions("x", "per_click", [], "f")


# --- plain values -------------------------------------------------------------------------


def test_report_plain_values(result: ck.CadenceReport) -> None:
    data = result.to_dict()
    assert data["rates"]["reply_rate"]["numerator"] == 3
    assert data["ended_by"]["completed"] == 1
    assert data["time_to_first_reply"]["median_seconds"] == 52 * 3600
    assert data["by_channel"]["call"]["reply_rate"]["denominator"] == 5
    records = result.to_records()
    assert {"by": "all", "key": None, "metric": "reply_rate"}.items() <= records[2].items()
    by_step = [r for r in records if r["by"] == "step" and r["metric"] == "reply_rate"]
    assert [(r["key"], r["numerator"], r["denominator"]) for r in by_step][:2] == [
        (0, 2, 7),
        (1, 1, 5),
    ]
    text = str(result)
    assert "8 enrolled, 7 touched" in text
    assert "\n  reply               42.9% (3/7), 95% CI 15.8–75.0%\n" in text
    assert "\n  meeting per touch   7.1% (1/14), 95% CI 1.3–31.5%\n" in text
    assert "median 2.2 days" in text
    html = result._repr_html_()
    assert html.startswith("<table>")
    assert "<td>3</td><td>7</td>" in html


def test_report_of_nothing() -> None:
    r = ck.report([])
    assert r.reply_rate.value is None
    assert r.time_to_first_reply.median is None
    assert r.by_step() == {}
    assert "0 enrolled" in str(r)


def test_report_refuses_what_is_not_an_enrollment() -> None:
    with pytest.raises(ck.InvalidFieldError, match=r"enrollments\[0\]"):
        ck.report(["ada"])  # type: ignore[list-item]
    with pytest.raises(ck.InvalidFieldError, match="now"):
        ck.report([], now="2026-11-23T09:00:00")


def test_a_reply_after_the_end_counts_as_a_reply_but_is_censored_in_the_curve() -> None:
    one = ck.Cadence("One", [ck.Touchpoint("email", 1)])
    late = ck.Enrollment.replay(
        one,
        "late",
        START,
        [E.touch(at(0, 1), 0), E.reply(at(6), "no")],  # completed at the touch, replied later
    )
    assert late.ended_at == at(0, 1)
    quiet = ck.Enrollment.replay(one, "quiet", START, [E.touch(at(0, 2), 0)])
    result = ck.report([late, quiet])
    assert (result.reply_rate.numerator, result.reply_rate.denominator) == (1, 2)
    curve = result.time_to_first_reply
    assert sum(curve.events) == 0  # observed from start to end: no reply inside it
    assert curve.times == (timedelta(hours=1), timedelta(hours=2))
    assert curve.censored == (1, 1)
    assert result.time_to_first_reply.median is None


# --- daylight saving: every duration on UTC instants -------------------------------------

# (zone, the Friday before clocks go back, the Friday before clocks go forward)
DST = [
    ("America/New_York", datetime(2026, 10, 30), datetime(2026, 3, 6)),
    ("Europe/Berlin", datetime(2026, 10, 23), datetime(2026, 3, 27)),
    ("Australia/Sydney", datetime(2026, 4, 3), datetime(2026, 10, 2)),
]
TWO_EMAILS = ck.Cadence("Two emails", [ck.Touchpoint("email", 1), ck.Touchpoint("email", 2)])


def local(zone: str, day: datetime, days: int, hour: float) -> datetime:
    """``hour`` o'clock local time ``days`` calendar days after ``day``, in ``zone``."""
    moment = (day + timedelta(days=days)).replace(tzinfo=ZoneInfo(zone))
    return moment + timedelta(hours=hour)  # wall-clock arithmetic: the local hour


@pytest.mark.parametrize(("zone", "back", "forward"), DST)
def test_a_reply_ending_the_enrollment_after_clocks_go_back_is_a_reply(
    zone: str, back: datetime, forward: datetime
) -> None:
    started = local(zone, back, 0, 8)
    reply = local(zone, back, 3, 10).astimezone(UTC)  # Monday 10:00, sent as UTC
    e = ck.Enrollment.replay(
        TWO_EMAILS,
        "p",
        started,
        [E.touch(local(zone, back, 0, 9), 0), E.reply(reply, "positive")],
        tz=zone,
    )
    assert e.ended_at == reply
    curve = ck.report([e]).time_to_first_reply
    assert (curve.events, curve.censored) == ((1,), (0,))
    assert curve.times == (reply - started.astimezone(UTC),)
    assert curve.times[0] == timedelta(days=3, hours=3)  # 74 hours: one more than the wall clock


@pytest.mark.parametrize(("zone", "back", "forward"), DST)
def test_a_reply_after_completion_in_a_spring_forward_week_is_censored(
    zone: str, back: datetime, forward: datetime
) -> None:
    started = local(zone, forward, 0, 8)
    last = local(zone, forward, 3, 9)  # Monday's email completes the enrollment
    reply = (last + timedelta(minutes=30)).astimezone(UTC)
    e = ck.Enrollment.replay(
        TWO_EMAILS,
        "p",
        started,
        [E.touch(local(zone, forward, 0, 9), 0), E.touch(last, 1), E.reply(reply, "no")],
        tz=zone,
    )
    assert e.exit_reason is ck.ExitReason.COMPLETED
    result = ck.report([e])
    assert result.reply_rate.numerator == 1  # it counts as a reply...
    curve = result.time_to_first_reply
    assert (curve.events, curve.censored) == ((0,), (1,))  # ...but after the end: censored
    assert curve.times == (timedelta(days=3, hours=0),)  # 73 wall-clock hours, 72 elapsed


@pytest.mark.parametrize(("zone", "back", "forward"), DST)
def test_now_in_the_prospects_zone_censors_at_the_true_elapsed_time(
    zone: str, back: datetime, forward: datetime
) -> None:
    started = local(zone, back, 0, 8)
    e = ck.Enrollment.replay(
        TWO_EMAILS, "p", started, [E.touch(local(zone, back, 0, 9), 0)], tz=zone
    )
    now = local(zone, back, 3, 8)  # Monday 08:00 in the prospect's own zone
    curve = ck.report([e], now=now).time_to_first_reply
    assert curve.censored == (1,)
    assert curve.times == (timedelta(days=3, hours=1),)


@pytest.mark.parametrize(("zone", "back", "forward"), DST)
def test_rep_response_time_across_clocks_going_back(
    zone: str, back: datetime, forward: datetime
) -> None:
    started = local(zone, back, 0, 8)
    e = ck.Enrollment.replay(
        TWO_EMAILS,
        "p",
        started,
        [
            E.touch(local(zone, back, 0, 9), 0),
            E.reply(local(zone, back, 1, 10), "other"),  # Saturday 10:00
            E.touch(local(zone, back, 3, 10), 1),  # Monday 10:00: 49 hours later
        ],
        tz=zone,
    )
    # the follow-up is the automated second email: the rep never answered by hand
    assert ck.report([e]).rep_response_time.unanswered == 1
    assert ck.report([e]).response_time(touches="any").median == timedelta(hours=49)


# --- the picture ------------------------------------------------------------------------


def test_plot_returns_two_axes_with_an_at_risk_row_and_a_stopped_curve() -> None:
    pytest.importorskip("matplotlib")
    from matplotlib.figure import Figure

    runs = ck.simulate(
        ck.presets.eight_touch(), 60, model=ck.ResponseModel(), seed=3,
        start="2026-11-02T08:00:00-05:00",
    )  # fmt: skip
    result = ck.report(runs)
    curve = result.time_to_first_reply
    assert curve.stops_at is not None  # 60 prospects: the tail is cut
    figure = Figure()
    left, right = result.plot(figure.subplots(1, 2))
    texts = [t.get_text() for t in right.texts]
    assert "at risk" in texts
    assert str(curve.at_risk_at(timedelta(0))) in texts  # everyone touched, at day 0
    (line, *_) = right.get_lines()
    assert max(line.get_xdata()) == pytest.approx(curve.stops_at / timedelta(days=1))
    # the funnel's labels never overlap, even with many steps
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(figure).get_renderer()
    figure.draw(renderer)
    boxes = [label.get_window_extent(renderer) for label in left.get_xticklabels()]
    assert len(boxes) == len(result.funnel()) == 10  # steps of the 8-touch model
    assert all(a.x1 <= b.x0 for a, b in itertools.pairwise(boxes))
    with pytest.raises(ck.InvalidFieldError, match="ax"):
        result.plot([left])
    # two cadences: each bar names its cadence, so no two steps read alike
    calls = ck.Cadence("Calls", [ck.Touchpoint("call", 1)])
    called = ck.Enrollment.replay(calls, "p", START, [E.touch(at(0, 1), 0)])
    both = ck.report([*runs[:5], called])
    left, _ = both.plot(Figure().subplots(1, 2))
    labels = [label.get_text() for label in left.get_xticklabels()]
    assert labels[0] == "Calls 0 call"
    assert labels[1].startswith("Eight touch 0")


def test_breakdowns_are_dicts_that_show_as_tables(result: ck.CadenceReport) -> None:
    steps = result.by_step()
    assert isinstance(steps, dict)
    assert list(steps) == [0, 1, 2, 3]
    records = steps.to_records()
    assert {r["by"] for r in records} == {"step"}
    assert len(records) == 4 * 12
    html = result.by_channel()._repr_html_()
    assert html.count("<tr>") == 1 + len(result.by_channel())
    assert "(none)" not in str(result.by_variant(0))
    assert repr(ck.Rate(134, 500)) == "26.8% (134/500), 95% CI 23.1–30.8%"
    assert ck.Rate(134, 500)._repr_html_() == "<span>26.8% (134/500), 95% CI 23.1–30.8%</span>"


def test_summary_has_every_section_and_warns_on_small_denominators(
    result: ck.CadenceReport,
) -> None:
    page = result.summary()
    text = str(page)
    for heading in ("Headline", "Funnel", "Time to first reply", "Rep response time"):
        assert heading in text
    assert "at risk" in text
    assert str(result.reply_rate) in text
    assert any(w.startswith("reply rate: 7 prospects touched") for w in page.warnings)
    assert result.summary(min_denominator=1).warnings == ()
    assert "<h4>Warnings</h4>" in page._repr_html_()


def test_outcome_counts_match_a_direct_count_of_the_events() -> None:
    import random

    rng = random.Random(14)
    kinds = ("opportunity", "converted", "engagement", "click", "meeting", "reply")
    enrollments = []
    for i in range(300):
        events = []
        for step in range(rng.randrange(0, 5)):
            events.append(E.touch(at(2 * step, 1), step))
            for extra in rng.sample(kinds, rng.randrange(0, 3)):
                moment = at(2 * step, 2 + rng.random())
                if extra == "click":
                    events.append(E.click(moment, step))
                elif extra == "engagement":
                    events.append(E.engagement(moment, "answered a question"))
                elif extra == "reply":
                    events.append(E.reply(moment, "other"))
                else:
                    events.append(ck.Event(extra, moment))
        enrollments.append(ck.Enrollment.replay(CADENCE, f"p{i}", START, events))
    r = ck.report(enrollments, now=NOW)
    touched = [e for e in enrollments if any(ev.kind is ck.EventKind.TOUCH for ev in e.events)]

    def having(kind: str) -> int:
        return sum(any(ev.kind == kind for ev in e.events) for e in touched)

    assert counts(r.opportunity_rate) == (having("opportunity"), len(touched))
    assert counts(r.lead_conversion_rate) == (having("converted"), len(touched))
    engaged = sum(
        any(ev.kind in (ck.EventKind.ENGAGEMENT, ck.EventKind.CLICK) for ev in e.events)
        for e in touched
    )
    assert counts(r.micro_engagement_rate) == (engaged, len(touched))
    assert r.micro_engagements == sum(
        ev.kind is ck.EventKind.ENGAGEMENT for e in touched for ev in e.events
    )
    # every touch is in one step and one channel: the slices add up to the whole
    for slices in (r.by_step(), r.by_channel()):
        assert sum(b.touches for b in slices.values()) == r.meeting_rate_per_touch.denominator
        assert sum(b.click_rate.numerator for b in slices.values()) == r.click_rate.numerator
        assert sum(b.micro_engagements for b in slices.values()) == r.micro_engagements
        assert (
            sum(b.meeting_rate_per_touch.numerator for b in slices.values())
            == r.meeting_rate_per_touch.numerator
        )


# --- which touch a reply belongs to ---------------------------------------------------

ANSWERED = ck.Cadence(
    "Email then call",
    [ck.Touchpoint("email", 1), ck.Touchpoint("call", 1), ck.Touchpoint("email", 3)],
)


def test_a_reply_counts_for_the_step_it_names_not_the_last_touch() -> None:
    # Issue 25: a reply that names step 0 was credited to the last touch, an unanswered
    # call at step 1.
    e = ck.Enrollment.replay(ANSWERED, "p", START, [
        E.touch(at(0, 1), 0),
        E.touch(at(0, 1.5), 1, call_result="no_answer"),
        E.reply(at(0, 3), "positive", step=0),
    ])  # fmt: skip
    steps = ck.report([e]).by_step()
    assert counts(steps[0].reply_rate) == (1, 1)
    assert counts(steps[1].reply_rate) == (0, 1)
    assert counts(steps[0].positive_reply_rate) == (1, 1)
    assert [s.replied for s in ck.report([e]).funnel()] == [1, 0]


def test_an_event_naming_no_step_or_an_untouched_one_counts_for_the_last_touch() -> None:
    e = ck.Enrollment.replay(ANSWERED, "p", START, [
        E.touch(at(0, 1), 0),
        E.touch(at(0, 1.5), 1, call_result="no_answer"),
        E.reply(at(0, 3), "no"),  # names no step
        E.meeting(at(0, 4), step=2),  # names a step not touched yet
    ])  # fmt: skip
    steps = ck.report([e]).by_step()
    assert counts(steps[1].reply_rate) == (1, 1)
    assert counts(steps[1].meeting_booking_rate) == (1, 1)
    assert counts(steps[0].reply_rate) == (0, 1)
    # the platform profile counts by the step a row names only: neither belongs to a step
    platform = ck.report([e], definitions="platform")
    assert [counts(b.reply_rate) for b in platform.by_step().values()] == [(0, 1), (0, 1)]
    assert counts(platform.reply_rate) == (1, 1)  # the whole report still has the reply
    assert counts(platform.meeting_booking_rate) == (1, 1)


def test_meetings_opt_outs_and_engagements_follow_the_step_they_name() -> None:
    e = ck.Enrollment.replay(ANSWERED, "p", START, [
        E.touch(at(0, 1), 0),
        E.touch(at(0, 1.5), 1, call_result="connected"),
        E.meeting(at(0, 2), step=0),
        E.engagement(at(0, 3), "visited pricing", step=0),
    ])  # fmt: skip
    steps = ck.report([e]).by_step()
    assert counts(steps[0].meeting_booking_rate) == (1, 1)
    assert counts(steps[0].meeting_rate_per_touch) == (1, 1)
    assert steps[0].micro_engagements == 1
    assert counts(steps[1].meeting_booking_rate) == (0, 1)


@st.composite
def answered_histories(draw: st.DrawFn) -> list[ck.Enrollment]:
    """Enrollments of ANSWERED whose every reply names a step touched before it."""
    out = []
    for index in range(draw(st.integers(0, 8))):
        events: list[ck.Event] = []
        touched: list[int] = []
        minutes = 60
        for _ in range(draw(st.integers(1, 7))):
            minutes += draw(st.integers(1, 600))
            if not touched or draw(st.booleans()):
                step = draw(st.integers(0, 2))
                touched.append(step)
                events.append(E.touch(START + timedelta(minutes=minutes), step))
            else:
                step = draw(st.sampled_from(touched))
                response = draw(st.sampled_from(["positive", "no", "maybe", "other"]))
                events.append(E.reply(START + timedelta(minutes=minutes), response, step=step))
        out.append(ck.Enrollment.replay(ANSWERED, f"p{index}", START, events))
    return out


@given(answered_histories())
def test_each_steps_replies_are_the_prospects_whose_reply_names_it(
    es: list[ck.Enrollment],
) -> None:
    # the oracle: read straight off the events, with no notion of "last touch"
    steps = ck.report(es).by_step()
    for step, breakdown in steps.items():
        touched = {
            e.prospect for e in es for ev in e.events if ev.kind == "touch" and ev.step == step
        }
        replied = {
            e.prospect for e in es for ev in e.events if ev.kind == "reply" and ev.step == step
        }
        assert counts(breakdown.reply_rate) == (len(replied & touched), len(touched))
    assert sum(s.replied for s in ck.report(es).funnel()) >= ck.report(es).reply_rate.numerator


def test_the_eight_touch_simulation_credits_replies_to_the_emails_that_drew_them() -> None:
    # Issue 25: in the preset's own simulation the day 3, 7 and 10 emails "drew 0
    # replies": each is followed within the hour by a call, and every reply that came
    # after the call was credited to it. The simulation names the step each reply
    # answers; the report now credits that step.
    cadence = ck.presets.eight_touch()
    runs = ck.simulate(cadence, 600, model=ck.ResponseModel(), seed=7,
                       start="2026-11-02T08:00:00-05:00")  # fmt: skip
    funnel = ck.report(runs).funnel()
    emails = [s for s in funnel if s.channel is ck.Channel.EMAIL]
    assert [cadence.touchpoints[s.step].day for s in emails] == [1, 3, 7, 10]
    assert all(s.replied > 0 for s in emails)
    calls = {s.step: s.replied for s in funnel if s.channel is ck.Channel.CALL}
    assert calls[2] < emails[1].replied  # the day 3 call no longer takes the email's replies


# --- slices of enrollments: by key, by cadence, by cohort, over time --------------------

TEAM = [
    ("ada", "kim", "acme", at(0), [E.touch(at(0, 1), 0), E.reply(at(0, 5), "positive", step=0)]),
    ("ben", "kim", "brix", at(0), [E.touch(at(0, 1), 0)]),
    ("cy", "lou", "acme", at(8), [E.touch(at(8, 1), 0), E.touch(at(10, 1), 1)]),
    ("di", "lou", None, at(8), []),
]


@pytest.fixture
def team() -> list[ck.Enrollment]:
    return [
        ck.Enrollment.replay(CADENCE, p, start, events, owner=owner, account=account)
        for p, owner, account, start, events in TEAM
    ]


def test_by_owner_and_account_are_the_reports_of_each_group(team: list[ck.Enrollment]) -> None:
    r = ck.report(team)
    owners = r.by("owner")
    assert list(owners) == ["kim", "lou"]
    assert owners["kim"] == ck.report(team[:2])
    assert owners["lou"] == ck.report(team[2:])
    assert counts(owners["kim"].reply_rate) == (1, 2)
    accounts = r.by("account")
    assert list(accounts) == ["acme", "brix", None]  # None last
    assert accounts["acme"].enrolled == 2
    assert "(none)" in str(accounts)
    assert ck.merge_reports(accounts.values()) == r
    assert r.by_cadence() == {"Four touches": r}
    records = owners.to_records()
    assert {row["key"] for row in records} == {"kim", "lou"}
    assert {row["by"] for row in records} == {"owner"}
    assert "<caption>by owner</caption>" in owners._repr_html_()
    assert repr(owners).startswith("ReportSlices(by='owner', {'kim': CadenceReport(2 enrolled")
    assert str(owners).splitlines()[0].split() == [
        "owner", "enrolled", "touched", "ended", "reply", "positive", "reply", "meeting",
        "booking", "conversion",
    ]  # fmt: skip


def test_by_a_function_of_enrollment_keys(team: list[ck.Enrollment]) -> None:
    r = ck.report(team)
    seen: list[ck.EnrollmentKeys] = []

    def touched_by(keys: ck.EnrollmentKeys) -> tuple[str | None, str]:
        seen.append(keys)
        return keys.owner, keys.cadence.name

    slices = r.by(touched_by)
    assert slices.by == "touched_by"
    assert list(slices) == [("kim", "Four touches"), ("lou", "Four touches")]
    assert {k.prospect for k in seen} == {"ada", "ben", "cy", "di"}
    ada = next(k for k in seen if k.prospect == "ada")
    assert (ada.status, ada.exit_reason) == (ck.Status.ENDED, ck.ExitReason.POSITIVE_REPLY)
    assert ada.started == at(0)
    by_status = r.by("status")
    assert by_status[ck.Status.ENDED].enrolled == 1


def test_by_refuses_unknown_names_and_unhashable_keys(team: list[ck.Enrollment]) -> None:
    r = ck.report(team)
    with pytest.raises(ck.InvalidFieldError, match=r"key 'ownr': expected an attribute \(prospect"):
        r.by("ownr")
    with pytest.raises(ck.InvalidFieldError, match=r"key \['kim'\]: expected a hashable key"):
        r.by(lambda k: [k.owner])
    with pytest.raises(ck.InvalidFieldError, match="key 3: expected an attribute or fact name"):
        r.by(3)  # type: ignore[arg-type]
    assert ck.report([]).by("anything") == {}  # no enrollment: no group, whatever the name


def test_by_reads_a_fact_when_no_attribute_has_the_name() -> None:
    import inspect

    if "facts" not in inspect.signature(ck.Enrollment.start).parameters:
        pytest.skip("Enrollment.facts is not in this tree yet")
    es = [
        ck.Enrollment.start(CADENCE, p, START, facts=facts)  # type: ignore[call-arg]
        for p, facts in [("a", {"industry": "retail"}), ("b", {"industry": "saas"}), ("c", {})]
    ]
    slices = ck.report(es).by("industry")
    assert list(slices) == ["retail", "saas", None]
    assert [s.enrolled for s in slices.values()] == [1, 1, 1]


def test_by_cohort_reads_each_start_in_the_zone_given() -> None:
    # Monday 30 November 2026 01:00 in Tokyo is Sunday 29 November in London
    starts = {
        "tokyo": datetime(2026, 11, 30, 1, tzinfo=ZoneInfo("Asia/Tokyo")),
        "london": datetime(2026, 11, 23, 9, tzinfo=ZoneInfo("Europe/London")),
        "late": datetime(2026, 12, 31, 23, 30, tzinfo=UTC),
    }
    es = [ck.Enrollment.start(CADENCE, p, s) for p, s in starts.items()]
    r = ck.report(es)
    london = r.by_cohort("week", tz="Europe/London")
    assert {str(k): v.enrolled for k, v in london.items()} == {"2026-11-23": 2, "2026-12-28": 1}
    tokyo = r.by_cohort("week", tz="Asia/Tokyo")
    assert {str(k): v.enrolled for k, v in tokyo.items()} == {
        "2026-11-23": 1,
        "2026-11-30": 1,
        "2026-12-28": 1,  # 1 January 2027, 08:30 in Tokyo: a Friday
    }
    months = r.by_cohort("month", tz="Asia/Tokyo")
    assert {str(k): v.enrolled for k, v in months.items()} == {"2026-11-01": 2, "2027-01-01": 1}
    assert london.by == "week"
    with pytest.raises(
        ck.InvalidFieldError, match="period 'fortnight': expected 'day', 'week' or 'month'"
    ):
        r.by_cohort("fortnight", tz="UTC")
    with pytest.raises(ck.InvalidFieldError, match="tz 'Mars/Olympus'"):
        r.by_cohort("week", tz="Mars/Olympus")


def test_over_time_counts_touches_by_their_week_and_feeds_compare() -> None:
    weekly = ck.Cadence("Weekly", [ck.Touchpoint("email", d) for d in (1, 6, 16)])
    es = []
    for index in range(40):
        events = [E.touch(at(0, 1), 0), E.touch(at(7, 1), 1), E.touch(at(21, 1), 2)]
        if index % 4 == 0:
            events.insert(1, E.reply(at(0, 3), "no", step=0))  # a quarter answer week 1
        if index % 2 == 0:
            events.append(E.reply(at(21, 3), "maybe", step=2))  # half answer week 4
        es.append(ck.Enrollment.replay(weekly, f"p{index}", START, events))
    r = ck.report(es)
    series = r.over_time("week", metric="reply_rate")
    assert [str(day) for day in series] == ["2026-11-23", "2026-11-30", "2026-12-07", "2026-12-14"]
    rates = list(series.values())
    assert [counts(rate) for rate in rates] == [(10, 40), (0, 40), (0, 0), (20, 40)]
    assert (series.metric, series.period) == ("reply_rate", "week")
    assert ck.compare(rates[0], rates[3]).p_value < 0.05
    assert ck.sequential_compare(rates[0], rates[3]).difference == pytest.approx(0.25)
    with pytest.raises(
        ck.InvalidFieldError, match=r"b n/a \(0/0\): needs a denominator above 0 to compare"
    ):
        ck.compare(rates[0], rates[2])  # the empty week: nothing to compare
    with pytest.raises(
        ck.InvalidFieldError, match=r"b n/a \(0/0\): needs a denominator above 0 to compare"
    ):
        ck.sequential_compare(rates[0], rates[2])
    opens = r.over_time("month", metric="open_rate")
    assert list(opens) == [datetime(2026, 11, 1).date(), datetime(2026, 12, 1).date()]
    assert series.to_records()[0] == {"period": "week", "start": "2026-11-23", "metric": "reply_rate",
                                      **rates[0].to_dict()}  # fmt: skip
    assert "2026-12-07  n/a" in str(series)
    assert "<caption>reply_rate by week</caption>" in series._repr_html_()
    assert repr(series).startswith("RateSeries('week', 'reply_rate', {datetime.date(2026, 11, 23)")
    with pytest.raises(ck.InvalidFieldError, match="metric 'replies': expected the name of a rate"):
        r.over_time("week", metric="replies")


def test_over_time_counts_conversions_by_the_period_they_ended_in(
    team: list[ck.Enrollment],
) -> None:
    series = ck.report(team).over_time("day", metric="conversion_rate")
    assert {str(k): counts(v) for k, v in series.items()} == {"2026-11-23": (1, 1)}


@given(es=answered_histories(), tz=st.sampled_from(["UTC", "America/Chicago", "Asia/Kolkata"]))
def test_over_time_touch_counts_add_up_to_the_reports(es: list[ck.Enrollment], tz: str) -> None:
    r = ck.report(es)
    for metric in ("open_rate", "meeting_rate_per_touch", "bounce_rate"):
        series = r.over_time("week", metric=metric, tz=tz)
        whole = getattr(r, metric)
        assert sum(rate.denominator for rate in series.values()) == whole.denominator
        assert sum(rate.numerator for rate in series.values()) == whole.numerator
    prospects = r.over_time("day", metric="reply_rate", tz=tz)
    assert sum(rate.denominator for rate in prospects.values()) >= r.reply_rate.denominator
    again = pickle.loads(pickle.dumps(r))  # touch times travel as microseconds
    assert again == r
    assert again.over_time("day", metric="reply_rate", tz=tz) == prospects
    assert again.by_cohort("week", tz=tz) == r.by_cohort("week", tz=tz)
    for slicing in (r.by_cohort("week", tz=tz), r.by("prospect"), r.by_cadence()):
        assert sum(part.enrolled for part in slicing.values()) == r.enrolled
        if slicing:
            assert ck.merge_reports(slicing.values()) == r


# --- the platform profile and unreadable rows --------------------------------------------


def test_the_platform_profile_counts_distinct_prospects_per_step_by_hand() -> None:
    # Issue 29: the team counts distinct prospects per step by the step each row names.
    cadence = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 2),
                               ck.Touchpoint("email", 4)])  # fmt: skip
    es = [
        ck.Enrollment.replay(cadence, "ada", START, [
            E.touch(at(0, 1), 0), E.open(at(0, 2), 0), E.touch(at(1, 1), 1, call_result="no_answer"),
            E.touch(at(3, 1), 2), E.reply(at(3, 3), "no", step=2)]),
        ck.Enrollment.replay(cadence, "ben", START, [
            E.touch(at(0, 1), 0), E.bounce(at(0, 1.1), 0), E.touch(at(1, 1), 1, call_result="connected"),
            E.touch(at(3, 1), 2), E.open(at(3, 4), 2), E.click(at(3, 5), 2)]),
        ck.Enrollment.replay(cadence, "cy", START, [
            E.touch(at(0, 1), 0), E.open(at(0, 7), 0), E.touch(at(1, 1), 1, call_result="no_answer"),
            E.touch(at(1, 2), 1, call_result="connected"),  # called twice: one prospect
            E.reply(at(1, 3), "positive")]),
    ]  # fmt: skip
    ours, platform = ck.report(es), ck.report(es, definitions="platform")
    assert counts(ours.open_rate) == (3, 4)  # delivered email touches
    assert counts(platform.open_rate) == (3, 3)  # prospects with an email delivered
    assert counts(ours.bounce_rate) == (1, 5)
    assert counts(platform.bounce_rate) == (1, 3)
    assert counts(ours.call_connection_rate) == (2, 4)
    assert counts(platform.call_connection_rate) == (2, 3)
    assert counts(ours.click_rate) == (1, 4)
    assert counts(platform.click_rate) == (1, 3)
    assert counts(platform.meeting_rate_per_touch) == counts(platform.meeting_booking_rate)
    assert counts(platform.reply_rate) == counts(ours.reply_rate) == (2, 3)
    steps = platform.by_step()
    assert counts(steps[1].call_connection_rate) == (2, 3)  # ours: 2 of 4 calls
    assert counts(ours.by_step()[1].call_connection_rate) == (2, 4)
    assert counts(steps[0].bounce_rate) == (1, 3)
    assert counts(steps[2].open_rate) == (1, 2)
    assert counts(steps[1].reply_rate) == (0, 3)  # cy's reply names no step
    assert counts(ours.by_step()[1].reply_rate) == (1, 3)  # ours: the last touch, a call
    assert [s.replied for s in platform.funnel()] == [0, 0, 1]
    formulas = platform.definitions.formulas()
    assert formulas["bounce_rate"] == "prospects with an email bounced / prospects emailed"
    assert ck.Definitions.named("platform") == ck.Definitions.platform()
    assert "platform" in str(platform)


def test_definitions_refuse_unknown_units_and_credits() -> None:
    with pytest.raises(
        ck.InvalidFieldError, match="touch_unit 'email': expected one of 'touch', 'prospect'"
    ):
        ck.Definitions("mine", "prospect", [], "f", touch_unit="email")
    with pytest.raises(ck.InvalidFieldError, match="credit 'first': expected one of"):
        ck.Definitions("mine", "prospect", [], "f", credit="first")
    mine = ck.Definitions("mine", "prospect", [], "f", credit="named_step")
    assert (mine.touch_unit, mine.credit) == ("touch", "named_step")


BAD_EXPORT = [
    {"prospect": "ada", "kind": "touch", "step": 0, "at": "2026-11-23T09:00:00+00:00"},
    {"prospect": "ada", "kind": "reply", "response": "no", "at": "2026-11-23T10:00:00+00:00"},
    {"prospect": "ben", "kind": "touch", "step": "two", "at": "2026-11-23T09:00:00+00:00"},
    {"prospect": "ben", "kind": "touch", "step": 0, "at": "yesterday"},
]


def test_unreadable_rows_are_counted_and_shown_never_dropped_silently() -> None:
    # Issue 29: 12 unreadable rows vanished from the figures.
    table = ck.read_events(BAD_EXPORT, errors="collect")
    assert len(table.problems) == 2
    quick = ck.report(table, cadences=CADENCE)
    assert quick.unreadable == 2
    assert quick == ck.report(ck.replay_many(table, CADENCE), unreadable=table.problems)
    assert quick == ck.report(ck.replay_many(table, CADENCE), unreadable=2)
    assert quick != ck.report(ck.replay_many(table, CADENCE))
    assert "2 rows of the export could not be read: counted in no figure here" in str(quick)
    assert quick.summary().warnings[0].startswith("2 rows of the export could not be read")
    assert quick.to_dict()["unreadable"] == 2
    assert ck.merge_reports([quick, quick]).unreadable == 4
    assert ck.report([]).unreadable == 0
    with pytest.raises(ck.InvalidFieldError, match="unreadable 2: only with enrollments"):
        ck.report(table, cadences=CADENCE, unreadable=2)
    with pytest.raises(ck.InvalidFieldError, match="unreadable -1: expected a count of rows"):
        ck.report([], unreadable=-1)
    with pytest.raises(ck.InvalidFieldError, match="unreadable 'two': expected a count of rows"):
        ck.report([], unreadable="two")  # type: ignore[arg-type]
