"""A reading's confidence as the chance that it is right: a fitted, monotone map.

The rules and the learned model each give a raw score; ``calibrated`` turns
it into the share of readings with that score that were right on replies
nobody here wrote. The knots were fitted by
``benchmarks/fit_confidence.py`` (isotonic regression, pool adjacent
violators, with one right and one wrong reading added to every block so a
small block never claims certainty) on the held-out corpora named in
``FITTED_ON``; between knots the map is a straight line, and beyond the
ends it keeps the end value. A team's own classifier keeps its own
confidence.

>>> calibrated(0.5, "unknown source")  # no map: the raw score stands
0.5
>>> calibrated(0.2, "rules") <= calibrated(0.9, "rules")  # monotone: the order of readings stays
True
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Mapping
from typing import Final

FITTED_ON: Final = (
    "writer_b",
    "writer_c",
    "writer_e",
)
"""The held-out corpora the knots were fitted on (their readings' scores, never their words)."""

KNOTS: Final[Mapping[str, tuple[tuple[float, float], ...]]] = {
    "decided": ((0.95, 0.988),),
    "model": ((0.506, 0.333), (0.573, 0.421), (0.733, 0.636), (0.925, 0.97)),
    "rules": (
        (0.3, 0.083),
        (0.486, 0.821),
        (0.571, 0.857),
        (0.783, 0.928),
        (0.889, 0.986),
        (0.929, 0.991),
    ),
}
"""Per source (``decided``: an opt-out or bounce by the rules; ``rules``; ``model``), the
``(raw score, chance right)`` knots, raw scores increasing."""


_RAW_SCORE: Final = operator.itemgetter(0)
"""A knot's raw score: the knots are searched by it."""


def calibrated(
    raw: float, source: str, knots: Mapping[str, tuple[tuple[float, float], ...]] | None = None
) -> float:
    """The chance a reading of raw score ``raw`` from ``source`` is right, to 3 places."""
    points = (KNOTS if knots is None else knots).get(source)
    if not points:
        return raw
    at = bisect.bisect_right(points, raw, key=_RAW_SCORE)
    if at == 0:
        return points[0][1]
    if at == len(points):
        return points[-1][1]
    (x0, y0), (x1, y1) = points[at - 1], points[at]
    share = (raw - x0) / (x1 - x0) if x1 > x0 else 1.0
    return round(y0 + share * (y1 - y0), 3)
