"""Metrics: every rate on a population worked by hand, Kaplan–Meier, Wilson, tests."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cadencekit as ck
from cadencekit.metrics import _fisher, _two_sided_p

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
    return ck.report(enrollments, now=NOW)


def counts(rate: ck.Rate) -> tuple[int, int]:
    return rate.numerator, rate.denominator


# --- Rate -----------------------------------------------------------------------------


def test_rate_value_and_empty_rate() -> None:
    assert ck.Rate(1, 4).value == 0.25
    assert ck.Rate(0, 0).value is None
    assert ck.Rate(0, 0).interval() is None
    assert str(ck.Rate(0, 0)) == "n/a (0/0)"


def test_rate_text_names_counts_and_interval() -> None:
    assert str(ck.Rate(52, 167)) == "31.1% (52/167), 95% CI 24.6–38.5%"


@pytest.mark.parametrize(("x", "n"), [(52, 167), (1, 2), (3, 1000), (999, 1000), (7, 9)])
def test_wilson_matches_the_closed_form(x: int, n: int) -> None:
    p = x / n
    z2 = Z95 * Z95
    center = (2 * n * p + z2) / (2 * (n + z2))
    half = Z95 * math.sqrt(z2 + 4 * n * p * (1 - p)) / (2 * (n + z2))
    low, high = ck.Rate(x, n).interval()
    assert low == pytest.approx(center - half, abs=1e-12)
    assert high == pytest.approx(center + half, abs=1e-12)


def test_wilson_at_zero_and_at_all() -> None:
    # at x = 0 the upper bound is z²/(n + z²); at x = n the lower is n/(n + z²)
    assert ck.Rate(0, 10).interval() == (0.0, pytest.approx(Z95**2 / (10 + Z95**2)))
    assert ck.Rate(10, 10).interval() == (pytest.approx(10 / (10 + Z95**2)), 1.0)


def test_wilson_narrows_as_confidence_falls() -> None:
    wide, narrow = ck.Rate(30, 100).interval(0.99), ck.Rate(30, 100).interval(0.8)
    assert wide[0] < narrow[0] < 0.3 < narrow[1] < wide[1]


@given(st.integers(0, 10_000), st.integers(1, 10_000), st.floats(0.5, 0.999))
def test_wilson_contains_the_estimate_inside_zero_one(x: int, n: int, confidence: float) -> None:
    x = min(x, n)
    low, high = ck.Rate(x, n).interval(confidence)
    assert 0.0 <= low <= x / n <= high <= 1.0


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((5, 3), "numerator"),
        ((-1, 3), "numerator"),
        ((1, 2.0), "denominator"),
        ((True, 2), "numerator"),
    ],
)
def test_rate_refuses_bad_counts(args: tuple[object, object], field: str) -> None:
    with pytest.raises(ck.InvalidFieldError) as caught:
        ck.Rate(*args)  # type: ignore[arg-type]
    assert caught.value.field == field


@pytest.mark.parametrize("confidence", [0, 1, 1.5, "95%", True])
def test_interval_refuses_bad_confidence(confidence: object) -> None:
    with pytest.raises(ck.InvalidFieldError, match="confidence"):
        ck.Rate(1, 2).interval(confidence)  # type: ignore[arg-type]


# --- compare --------------------------------------------------------------------------


def test_two_sided_p_matches_the_normal_table() -> None:
    assert _two_sided_p(1.96) == pytest.approx(0.05, abs=1e-4)
    assert _two_sided_p(-2.576) == pytest.approx(0.01, abs=1e-4)
    assert _two_sided_p(0) == 1.0


def test_compare_large_counts_uses_the_z_test() -> None:
    # pooled p = 0.5, se = sqrt(0.25 * 2/100) = 0.0707; z = 0.2/0.0707 = 2.828
    result = ck.compare(ck.Rate(60, 100), ck.Rate(40, 100))
    assert result.test == "z"
    assert result.difference == pytest.approx(0.2)
    assert result.p_value == pytest.approx(_two_sided_p(0.2 / math.sqrt(0.005)))
    assert result.p_value == pytest.approx(0.00468, abs=1e-5)
    low, high = result.interval
    assert 0 < low < 0.2 < high < 0.4


def test_compare_small_counts_uses_fisher_tea_tasting() -> None:
    # Fisher's lady tasting tea: 3 of 4 right vs 1 of 4; two-sided p = 34/70
    result = ck.compare(ck.Rate(3, 4), ck.Rate(1, 4))
    assert result.test == "fisher"
    assert result.p_value == pytest.approx(34 / 70)
    assert round(result.p_value, 4) == 0.4857
    assert "Fisher" in str(result)


def test_fisher_all_right_and_symmetry() -> None:
    assert _fisher(4, 4, 0, 4) == pytest.approx(2 / 70)
    assert _fisher(1, 4, 3, 4) == _fisher(3, 4, 1, 4)
    assert _fisher(0, 5, 0, 5) == 1.0


def test_compare_refuses_empty_rates() -> None:
    with pytest.raises(ck.InvalidFieldError, match="denominator above 0"):
        ck.compare(ck.Rate(0, 0), ck.Rate(1, 2))
    with pytest.raises(ck.InvalidFieldError):
        ck.compare(0.5, ck.Rate(1, 2))  # type: ignore[arg-type]


# --- the report: every rate by hand ---------------------------------------------------


def test_counts(result: ck.CadenceReport) -> None:
    assert result.enrolled == 8
    assert result.touched == 7  # flo was never touched
    # cy paused by her OOO, hal by his unclassified reply (a reply needs reading)
    assert (result.active, result.paused, result.ended) == (1, 2, 5)
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


def test_kaplan_meier_first_quartile_where_curve_first_reaches_it() -> None:
    km = ck.SurvivalCurve.fit(
        [(timedelta(days=d), obs) for d, obs in [(1, True), (2, True), (3, False), (4, True)]]
    )
    # S: 3/4 at day 1, 2/4 at day 2, censored at 3, 0 at day 4
    assert km.survival == pytest.approx((0.75, 0.5, 0.5, 0.0))
    assert km.quartiles == (timedelta(days=1), timedelta(days=2), timedelta(days=4))


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
    assert "\n  reply             42.9% (3/7), 95% CI 15.8–75.0%\n" in text
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


# --- rows --------------------------------------------------------------------------------


def rows_of(enrollments: list[ck.Enrollment]) -> list[dict[str, object]]:
    rows = []
    for e in enrollments:
        for event in e.events:
            data = event.to_dict()
            del data["version"]
            rows.append(
                {"prospect": e.prospect, "cadence": e.cadence.name, "started": e.started, **data}
            )
    return rows


def test_rows_rebuild_the_same_enrollments(enrollments: list[ck.Enrollment]) -> None:
    rows = rows_of(enrollments)
    random.Random(5).shuffle(rows)
    rebuilt = ck.enrollments_from_rows(rows, {CADENCE.name: CADENCE})
    touched = [e for e in enrollments if e.events]  # flo has no rows
    assert sorted(rebuilt, key=lambda e: e.prospect) == touched
    assert ck.report(rebuilt, now=NOW).to_dict() == ck.report(touched, now=NOW).to_dict()


def test_rows_accept_pandas_missing_values() -> None:
    nan = float("nan")
    rows = [
        {"prospect": "p", "cadence": CADENCE.name, "kind": "touch", "step": 0.0,
         "at": "2026-11-23T09:00:00+00:00", "response": nan, "variant": nan},
        {"prospect": "p", "cadence": CADENCE.name, "kind": "reply", "step": nan,
         "at": "2026-11-24T09:00:00+00:00", "response": "no", "variant": nan},
    ]  # fmt: skip
    (e,) = ck.enrollments_from_rows(rows, [CADENCE])
    assert e.exit_reason is ck.ExitReason.DECLINED
    assert e.started == datetime(2026, 11, 23, 9, tzinfo=UTC)


def test_rows_errors_name_the_row() -> None:
    good = {"prospect": "p", "cadence": CADENCE.name, "at": "2026-11-23T09:00:00+00:00"}
    with pytest.raises(ck.SchemaError, match=r"rows\[1\]\.kind"):
        ck.enrollments_from_rows(
            [{**good, "kind": "touch", "step": 0}, {**good, "kind": "x"}], [CADENCE]
        )
    with pytest.raises(ck.SchemaError, match=r"rows\[0\]\.cadence 'Other'"):
        ck.enrollments_from_rows([{**good, "cadence": "Other", "kind": "stop"}], [CADENCE])
    with pytest.raises(ck.SchemaError, match=r"rows\[0\]\.step"):
        ck.enrollments_from_rows([{**good, "kind": "touch", "step": 9}], [CADENCE])


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
