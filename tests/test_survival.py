"""Survival: Kaplan–Meier curves and duration summaries."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cadencekit as ck


def test_kaplan_meier_first_quartile_where_curve_first_reaches_it() -> None:
    km = ck.SurvivalCurve.fit(
        [(timedelta(days=d), obs) for d, obs in [(1, True), (2, True), (3, False), (4, True)]],
        min_at_risk=1,
    )
    # S: 3/4 at day 1, 2/4 at day 2, censored at 3, 0 at day 4
    assert km.survival == pytest.approx((0.75, 0.5, 0.5, 0.0))
    assert km.quartiles == (timedelta(days=1), timedelta(days=2), timedelta(days=4))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 60), st.booleans()), min_size=1, max_size=80))
def test_kaplan_meier_matches_lifelines(data: list[tuple[int, bool]]) -> None:
    lifelines = pytest.importorskip("lifelines")
    km = ck.SurvivalCurve.fit([(timedelta(hours=h), seen) for h, seen in data], min_at_risk=1)
    fitter = lifelines.KaplanMeierFitter().fit([h for h, _ in data], [seen for _, seen in data])
    expected = fitter.survival_function_.iloc[:, 0]
    for time, survival in zip(km.times, km.survival, strict=True):
        assert survival == pytest.approx(expected.loc[time / timedelta(hours=1)], abs=1e-12)
    table = fitter.event_table
    assert list(km.at_risk) == [int(table.loc[t / timedelta(hours=1), "at_risk"]) for t in km.times]
    median = fitter.median_survival_time_
    if any(abs(s - 0.5) < 1e-12 for s in km.survival):
        return  # a plateau at exactly 0.5: lifelines takes the first time below, we the first at
    if math.isinf(median):
        assert km.median is None
    else:
        assert km.median == timedelta(hours=median)


def test_the_curve_stops_where_fewer_than_ten_remain_at_risk() -> None:
    data = [(timedelta(days=d), True) for d in range(1, 13)]
    km = ck.SurvivalCurve.fit(data)
    assert km.at_risk[: km.shown] == (12, 11, 10)
    assert km.stops_at == timedelta(days=4)
    assert km.median is None  # reached on day 6, after the cut
    assert ck.SurvivalCurve.fit(data, min_at_risk=1).median == timedelta(days=6)
    assert "stops at 4.0 days, where fewer than 10 remain at risk" in str(km)
    with pytest.raises(ck.InvalidFieldError, match="min_at_risk"):
        ck.SurvivalCurve.fit(data, min_at_risk=0)
