"""Experiments: variant assignment, sample sizes against statsmodels, sequential tests."""

from __future__ import annotations

import math
import os
import random
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cadencekit as ck
from cadencekit.stats import _two_sided_p

# --- assignment ---------------------------------------------------------------------------


def test_assignment_is_stable_and_independent_of_the_process() -> None:
    # fixed answers: SHA-256, not hash(), so every machine and run agrees
    assert [ck.assign_variant(p, "subject", {"A": 1, "B": 1}) for p in ("ada", "bob", "cy")] == [
        "B",
        "B",
        "A",
    ]


def test_assignment_follows_the_weights() -> None:
    counts = Counter(
        ck.assign_variant(f"p{i}", "exp", {"control": 9, "new": 1}) for i in range(20_000)
    )
    assert counts["new"] / 20_000 == pytest.approx(0.1, abs=0.01)


def test_experiments_split_the_same_prospects_independently() -> None:
    both = Counter(
        (ck.assign_variant(f"p{i}", "one", {"A": 1, "B": 1}),
         ck.assign_variant(f"p{i}", "two", {"A": 1, "B": 1}))
        for i in range(8_000)
    )  # fmt: skip
    for cell in both.values():
        assert cell / 8_000 == pytest.approx(0.25, abs=0.02)


@pytest.mark.parametrize(
    ("weights", "field"),
    [({}, "weights"), ({"A": 0}, "weights['A']"), ({"A": -1}, "weights['A']"), ([1], "weights")],
)
def test_assignment_refuses_bad_weights(weights: object, field: str) -> None:
    with pytest.raises(ck.InvalidFieldError) as caught:
        ck.assign_variant("p", "e", weights)  # type: ignore[arg-type]
    assert caught.value.field == field


# --- sample size --------------------------------------------------------------------------


@given(
    st.floats(0.01, 0.6),
    st.floats(0.005, 0.3),
    st.sampled_from([-1, 1]),
    st.sampled_from([0.01, 0.05, 0.1]),
    st.floats(0.5, 0.95),
    st.sampled_from([0.5, 1.0, 2.0]),
)
def test_sample_size_matches_statsmodels_normal_ind_power(
    baseline: float, lift: float, sign: int, alpha: float, power: float, ratio: float
) -> None:
    power_module = pytest.importorskip("statsmodels.stats.power")
    proportion = pytest.importorskip("statsmodels.stats.proportion")
    target = baseline + sign * lift
    if not 0.001 < target < 0.999:
        return
    plan = ck.sample_size(baseline, sign * lift, alpha=alpha, power=power, ratio=ratio)
    expected = power_module.NormalIndPower().solve_power(
        effect_size=proportion.proportion_effectsize(target, baseline),
        alpha=alpha,
        power=power,
        ratio=ratio,
        alternative="two-sided",
    )
    assert plan.exact == pytest.approx(expected, rel=1e-6)
    assert plan.per_variant == math.ceil(plan.exact)


def test_sample_size_by_the_textbook_formula() -> None:
    # 10% -> 15%: h = 0.1519, n = (1.96 + 0.8416)^2 * 2 / h^2 = 680.3 (the far tail adds nothing)
    h = 2 * math.asin(math.sqrt(0.15)) - 2 * math.asin(math.sqrt(0.10))
    plan = ck.sample_size(0.10, 0.05)
    assert plan.exact == pytest.approx((1.959964 + 0.841621) ** 2 * 2 / h**2, rel=1e-5)
    assert (plan.per_variant, plan.total) == (681, 1362)


@pytest.mark.parametrize(
    ("args", "field"),
    [((0, 0.1), "baseline"), ((0.5, 0), "minimum_lift"), ((0.95, 0.1), "minimum_lift")],
)
def test_sample_size_refuses_impossible_plans(args: tuple[float, float], field: str) -> None:
    with pytest.raises(ck.InvalidFieldError) as caught:
        ck.sample_size(*args)
    assert caught.value.field == field


# --- sequential test under daily peeking ----------------------------------------------------


def peeking_false_positives(trials: int, days: int, daily: int, seed: int) -> tuple[float, float]:
    """Both variants reply at 10%; look every day; the share of trials ever declared different."""
    rng = random.Random(seed)
    naive = sequential = 0
    for _ in range(trials):
        xa = xb = n = 0
        naive_hit = seq_hit = False
        for _ in range(days):
            n += daily
            xa += sum(rng.random() < 0.1 for _ in range(daily))
            xb += sum(rng.random() < 0.1 for _ in range(daily))
            a, b = ck.Rate(xa, n), ck.Rate(xb, n)
            pooled = (xa + xb) / (2 * n)
            se = math.sqrt(pooled * (1 - pooled) * 2 / n)
            if se > 0 and _two_sided_p((xb - xa) / n / se) <= 0.05:
                naive_hit = True
            if ck.sequential_compare(a, b, alpha=0.05).stop:
                seq_hit = True
        naive += naive_hit
        sequential += seq_hit
    return naive / trials, sequential / trials


def test_sequential_test_keeps_alpha_under_daily_peeking_where_the_naive_test_fails() -> None:
    trials = 150 if os.environ.get("CI") else 600
    naive, sequential = peeking_false_positives(trials, days=30, daily=40, seed=7)
    assert sequential <= 0.05  # always valid: at most alpha, however often one looks
    assert naive > 0.15  # a z-test checked daily "finds" a winner in one trial of four


def test_sequential_test_finds_a_real_difference() -> None:
    assert ck.sequential_compare(ck.Rate(50, 1000), ck.Rate(120, 1000)).stop
    result = ck.sequential_compare(ck.Rate(60, 1000), ck.Rate(95, 1000))
    low, high = result.interval
    assert result.difference == pytest.approx(0.035)
    assert low < result.difference < high
    # the confidence sequence is wider than the fixed-horizon interval: the price of peeking
    fixed = ck.compare(ck.Rate(95, 1000), ck.Rate(60, 1000)).interval
    assert high - low > fixed[1] - fixed[0]


# --- variants as content on a touchpoint ---------------------------------------------------

START = "2026-11-23T08:00:00+00:00"
INTRO = ck.Touchpoint(
    "email",
    1,
    label="Intro",
    subject="Idea for {{ company }}",
    variants=[
        ck.Variant("control"),
        ck.Variant("question", subject="Quick question, {{ first_name }}", weight=2),
        ck.Variant("inmail", channel="linkedin"),
    ],
)
TESTED = ck.Cadence("Tested", [INTRO, ck.Touchpoint("call", 3)])


def test_each_prospect_gets_the_variant_assign_variant_gives() -> None:
    weights = {"control": 1, "question": 2, "inmail": 1}
    for i in range(200):
        prospect = f"p{i}@example.com"
        expected = ck.assign_variant(prospect, "Intro", weights)  # the label names the test
        e = ck.Enrollment.start(TESTED, prospect, START)
        assert e.variant_of(0) is not None
        assert e.variant_of(0).name == expected  # type: ignore[union-attr]
        assert INTRO.variant_for(prospect).name == expected  # type: ignore[union-attr]
        assert e.variant_of(1) is None  # the call is not tested
    with pytest.raises(ck.InvalidFieldError, match=r"^step 2: expected a step of this enrollment"):
        ck.Enrollment.start(TESTED, "ada", START).variant_of(2)


def test_variant_assignment_follows_the_weights_on_the_touchpoint() -> None:
    got = Counter(INTRO.variant_for(f"p{i}").name for i in range(8000))  # type: ignore[union-attr]
    # 1:2:1 -> 2000, 4000, 2000; five standard deviations of a binomial of 8000
    for name, share in (("control", 0.25), ("question", 0.5), ("inmail", 0.25)):
        assert abs(got[name] - 8000 * share) < 5 * math.sqrt(8000 * share * (1 - share))


def test_the_touch_event_records_the_variant_and_by_variant_reports_it() -> None:
    enrollments = []
    expected: Counter[str] = Counter()
    replied: Counter[str] = Counter()
    for i in range(60):
        e = ck.Enrollment.start(TESTED, f"p{i}", START)
        touch = e.touch_event("2026-11-23T09:00:00+00:00")  # the next touch: step 0
        variant = e.variant_of(0)
        assert variant is not None
        assert touch.variant == variant.name
        # the variant's channel is recorded when it differs from the touchpoint's
        assert touch.channel == (ck.Channel.LINKEDIN if variant.name == "inmail" else None)
        e = e.apply(touch)
        expected[variant.name] += 1
        if i % 3 == 0:
            e = e.apply(ck.Event.reply("2026-11-23T12:00:00+00:00", "positive"))
            replied[variant.name] += 1
        enrollments.append(e)
    report = ck.report(enrollments)
    variants = report.by_variant(0)
    assert sorted(variants) == sorted(expected)
    for name, breakdown in variants.items():
        assert name is not None
        assert breakdown.prospects == expected[name]
        assert breakdown.reply_rate.numerator == replied[name]
    # the LinkedIn variant's touches count for LinkedIn, not email
    assert report.by_channel()[ck.Channel.LINKEDIN].touches == expected["inmail"]


def test_by_variant_uses_the_recorded_variant_not_a_recomputed_one() -> None:
    # a host that recorded another variant (an older split) is reported as recorded
    e = ck.Enrollment.replay(
        TESTED, "ada", START, [ck.Event.touch("2026-11-23T09:00:00+00:00", 0, variant="legacy")]
    )
    assert list(ck.report([e]).by_variant(0)) == ["legacy"]


def test_the_touch_event_helper_names_a_step_or_refuses_when_nothing_is_due() -> None:
    e = ck.Enrollment.start(TESTED, "ada", START)
    call = e.touch_event("2026-11-25T09:00:00+00:00", 1, call_result="connected", id="c-1")
    assert (call.step, call.variant, call.call_result, call.id) == (
        1,
        None,
        ck.CallResult.CONNECTED,
        "c-1",
    )
    ended = e.apply(ck.Event.opt_out("2026-11-23T09:00:00+00:00"))
    with pytest.raises(ck.InvalidFieldError, match=r"^step None: nothing is due"):
        ended.touch_event("2026-11-23T10:00:00+00:00")


# --- regressions named in issue 23 ----------------------------------------------------


def test_tiny_and_huge_weights_split_by_their_proportions() -> None:
    prospects = [f"p{i}" for i in range(4000)]
    for scale in (5e-324, 1e-300, 1.0, 1e300, 1.7e308):
        counts = Counter(ck.assign_variant(p, "x", {"A": scale, "B": scale}) for p in prospects)
        assert abs(counts["A"] - 2000) < 4 * math.sqrt(1000), scale  # 4 standard errors
    # the same split as weights of 1: scaling by a power of two is exact
    ones = [ck.assign_variant(p, "x", {"A": 1, "B": 3}) for p in prospects]
    assert [
        ck.assign_variant(p, "x", {"A": 2.0**-1070, "B": 3 * 2.0**-1070}) for p in prospects
    ] == ones
    assert [
        ck.assign_variant(p, "x", {"A": 2.0**1000, "B": 3 * 2.0**1000}) for p in prospects
    ] == ones
    assert ck.assign_variant("p\ud800", "x", {"A": 1}) == "A"  # a lone surrogate hashes too


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: ck.assign_variant("p", "x", {"A": 10**400}), r"^weights\['A'\] .*finite"),
        (lambda: ck.sample_size(0.5, 1e-17), r"^minimum_lift 1e-17: expected a difference"),
        (lambda: ck.sample_size(0.5, 1e-8), r"^minimum_lift 1e-08: too small to detect"),
        (lambda: ck.sample_size(1e-300, 1e-300), r"^minimum_lift 1e-300: too small"),
        (lambda: ck.sample_size(0.5, 10**400), r"^minimum_lift <an integer of 401 digits>"),
        (lambda: ck.sample_size(0.5, 0.1, alpha=5e-324), r"^alpha 5e-324: .*between 1e-09 and 1"),
        (lambda: ck.sample_size(0.5, 0.1, ratio=1e308), r"^ratio 1e\+308: .*0\.001 to 1,000"),
        (lambda: ck.sample_size(0.5, 0.1, ratio=1e-308), r"^ratio 1e-308"),
        (lambda: ck.sample_size(0.5, 0.1, ratio=10**400), r"^ratio <an integer of 401 digits>"),
        (
            lambda: ck.sequential_compare(ck.Rate(0, 1), ck.Rate(1, 1), tau=5e-324),
            r"^tau 5e-324: expected a number between 1e-06 and 1",
        ),
        (
            lambda: ck.sequential_compare(ck.Rate(1, 2), ck.Rate(1, 2), alpha=1e-300),
            r"^alpha 1e-300",
        ),
    ],
)
def test_extreme_inputs_get_a_named_error(call: object, message: str) -> None:
    with pytest.raises(ck.InvalidFieldError, match=message):
        call()  # type: ignore[operator]


@given(
    baseline=st.floats(0, 1, exclude_min=True, exclude_max=True),
    lift=st.floats(-1, 1),
    alpha=st.floats(1e-9, 1, exclude_min=True, exclude_max=True),
    power=st.floats(0, 1, exclude_min=True, exclude_max=True),
    ratio=st.floats(0.001, 1000),
)
def test_sample_size_answers_or_names_the_argument(
    baseline: float, lift: float, alpha: float, power: float, ratio: float
) -> None:
    failed: ck.InvalidFieldError | None = None
    try:
        plan = ck.sample_size(baseline, lift, alpha=alpha, power=power, ratio=ratio)
    except ck.InvalidFieldError as error:
        failed = error
    if failed is not None:
        assert failed.field in ("minimum_lift", "power")
        return
    assert 0 < plan.exact <= 10**15
    assert plan.per_variant >= 1
