"""Survival: Kaplan–Meier curves and duration summaries."""

from __future__ import annotations

from datetime import timedelta

import pytest

import cadencekit as ck


def test_kaplan_meier_first_quartile_where_curve_first_reaches_it() -> None:
    km = ck.SurvivalCurve.fit(
        [(timedelta(days=d), obs) for d, obs in [(1, True), (2, True), (3, False), (4, True)]],
        min_at_risk=1,
    )
    # S: 3/4 at day 1, 2/4 at day 2, censored at 3, 0 at day 4
    assert km.survival == pytest.approx((0.75, 0.5, 0.5, 0.0))
    assert km.quartiles == (timedelta(days=1), timedelta(days=2), timedelta(days=4))
