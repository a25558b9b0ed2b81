"""Statistics: the Wilson interval, the z-test and Fisher's exact test."""

from __future__ import annotations

import math

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
