"""The confidence map: monotone, inside 0..1, fitted on held-out corpora only."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import cadencekit as ck
from cadencekit import _calibration

HELDOUT = Path(__file__).resolve().parent / "data" / "heldout"
SOURCES = [*_calibration.KNOTS, "classifier", "a team's model"]
scores = st.floats(0, 1, allow_nan=False)


def test_the_shipped_map_is_fitted_on_held_out_corpora_and_is_isotonic() -> None:
    assert _calibration.FITTED_ON, "the map names the corpora it was fitted on"
    for name in _calibration.FITTED_ON:
        assert (HELDOUT / f"{name}.jsonl").is_file(), name
    assert set(_calibration.KNOTS) == {"decided", "rules", "model"}
    for points in _calibration.KNOTS.values():
        raws = [raw for raw, _ in points]
        chances = [chance for _, chance in points]
        assert raws == sorted(set(raws)), "raw scores strictly increase"
        assert chances == sorted(chances), "chances never fall"
        assert all(0 < chance < 1 for chance in chances), "no block claims certainty"


@given(source=st.sampled_from(SOURCES), a=scores, b=scores)
def test_the_map_keeps_the_order_of_readings_and_stays_a_probability(
    source: str, a: float, b: float
) -> None:
    low, high = sorted((a, b))
    assert 0 <= _calibration.calibrated(low, source) <= _calibration.calibrated(high, source) <= 1
    if source not in _calibration.KNOTS:  # a team's own scores stand
        assert _calibration.calibrated(a, source) == a


def test_an_explicit_opt_out_reads_as_nearly_certain_and_an_empty_reply_as_unsure() -> None:
    sure = ck.read_reply("Unsubscribe me.", received_at="2026-12-18T16:05:00+00:00", tz="UTC")
    empty = ck.read_reply("   ", received_at="2026-12-18T16:05:00+00:00", tz="UTC")
    assert sure.label is ck.ReplyLabel.OPT_OUT
    assert sure.confidence == _calibration.calibrated(0.95, "decided") > 0.95
    assert empty.label is ck.ReplyLabel.OTHER
    assert empty.confidence == _calibration.calibrated(0.3, "rules") < 0.5
