"""Statistics: the Wilson interval, the z-test and Fisher's exact test."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cadencekit as ck
from cadencekit.stats import _fisher, _two_sided_p

Z95 = 1.959963984540054


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


# --- precision: the tails, and any count -------------------------------------------------


def exact_fisher(x1: int, n1: int, x2: int, n2: int) -> float:
    """The two-sided Fisher p-value in exact integer arithmetic (slow; small tables)."""
    total, successes = n1 + n2, x1 + x2
    weights = [
        math.comb(successes, k) * math.comb(total - successes, n1 - k)
        for k in range(max(0, successes - n2), min(n1, successes) + 1)
    ]
    observed = math.comb(successes, x1) * math.comb(total - successes, n1 - x1)
    return float(Fraction(sum(w for w in weights if w <= observed), math.comb(total, n1)))


TABLES = st.tuples(st.integers(1, 400), st.integers(1, 400), st.floats(0, 1), st.floats(0, 1)).map(
    lambda t: (round(t[2] * t[0]), t[0], round(t[3] * t[1]), t[1])
)


@given(TABLES)
def test_fisher_matches_exact_integer_arithmetic(table: tuple[int, int, int, int]) -> None:
    assert _fisher(*table) == pytest.approx(exact_fisher(*table), rel=1e-12, abs=1e-300)


@given(
    st.tuples(
        st.integers(1, 10**6), st.integers(1, 10**6), st.integers(0, 30), st.integers(0, 30)
    ).map(lambda t: (min(t[2], t[0]), t[0], min(t[3], t[1]), t[1]))
)
def test_fisher_matches_scipy_at_any_count(table: tuple[int, int, int, int]) -> None:
    scipy_stats = pytest.importorskip("scipy.stats")
    x1, n1, x2, n2 = table
    expected = scipy_stats.fisher_exact([[x1, n1 - x1], [x2, n2 - x2]]).pvalue
    assert _fisher(*table) == pytest.approx(expected, rel=1e-9, abs=1e-300)


def test_fisher_of_a_million_is_quick_and_exact() -> None:
    # the old big-integer sum took 90 s here; the log-space walk takes microseconds
    result = ck.compare(ck.Rate(0, 10**6), ck.Rate(1, 10**6))
    assert (result.test, result.p_value) == ("fisher", 1.0)
    assert _fisher(8, 895_881, 1, 24) == pytest.approx(exact_fisher(8, 895_881, 1, 24), rel=1e-14)


@pytest.mark.parametrize("z", [0.5, 1.96, 5.4, 8.4, 12.0, 20.0, 30.0, 37.0, -37.0])
def test_two_sided_p_keeps_its_precision_in_the_tail(z: float) -> None:
    scipy_stats = pytest.importorskip("scipy.stats")
    expected = 2 * scipy_stats.norm.sf(abs(z))
    assert _two_sided_p(z) == pytest.approx(expected, rel=1e-9)
    assert _two_sided_p(z) > 0.0  # never "p = 0"
