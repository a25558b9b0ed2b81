"""Survival and durations: how long until something happens, censoring included.

:class:`SurvivalCurve` is a Kaplan–Meier estimate (the share still waiting
after each time) with a Greenwood band; :class:`Durations` summarises
durations that were all observed (median and quartiles).

Example:
    >>> from datetime import timedelta as td
    >>> from cadencekit import SurvivalCurve
    >>> SurvivalCurve.fit([(td(days=1), True), (td(days=2), False)]).median
    datetime.timedelta(days=1)
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any

import attrs

from ._numbers import confidence_z
from .errors import InvalidFieldError

__all__ = ["Durations", "SurvivalCurve"]


# --- durations and survival ---------------------------------------------------------


def _duration_text(value: timedelta | None) -> str:
    if value is None:
        return "n/a"
    hours = value.total_seconds() / 3600
    return f"{hours / 24:.1f} days" if hours >= 24 else f"{hours:.1f} hours"


@attrs.frozen
class Durations:
    """A summary of observed durations: count, median and quartiles.

    Quartiles use the inclusive method (``statistics.quantiles``); all are
    None when nothing was observed. ``unanswered`` counts replies the rep
    never followed with a touch.

    Example:
        >>> from datetime import timedelta as td
        >>> d = Durations.of([td(hours=1), td(hours=2), td(hours=4)])
        >>> d.median, d.count
        (datetime.timedelta(seconds=7200), 3)
    """

    count: int
    median: timedelta | None
    quartiles: tuple[timedelta, timedelta, timedelta] | None
    unanswered: int = 0

    @classmethod
    def of(cls, values: Sequence[timedelta], *, unanswered: int = 0) -> Durations:
        """Summarise ``values``.

        Example:
            >>> Durations.of([]).median is None
            True
        """
        if not values:
            return cls(0, None, None, unanswered)
        seconds = [v.total_seconds() for v in values]
        if len(seconds) == 1:
            q = (seconds[0],) * 3
        else:
            q1, q2, q3 = statistics.quantiles(seconds, n=4, method="inclusive")
            q = (q1, q2, q3)
        lo, mid, hi = (timedelta(seconds=s) for s in q)
        return cls(len(values), mid, (lo, mid, hi), unanswered)

    def __str__(self) -> str:
        if self.quartiles is None:
            return f"n/a (0 observed, {self.unanswered} unanswered)"
        lo, _, hi = self.quartiles
        return (
            f"median {_duration_text(self.median)} (quartiles {_duration_text(lo)}–"
            f"{_duration_text(hi)}; {self.count} observed, {self.unanswered} unanswered)"
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; durations in seconds.

        Example:
            >>> Durations.of([]).to_dict()["median_seconds"] is None
            True
        """
        q = self.quartiles
        return {
            "count": self.count,
            "unanswered": self.unanswered,
            "median_seconds": None if self.median is None else self.median.total_seconds(),
            "quartiles_seconds": None if q is None else [v.total_seconds() for v in q],
        }


@attrs.frozen
class SurvivalCurve:
    """A Kaplan–Meier estimate: the share still waiting after each time.

    Each point ``i`` is a distinct time ``times[i]`` with ``at_risk[i]``
    subjects still waiting just before it, ``events[i]`` observed and
    ``censored[i]`` censored there; ``survival[i]`` is the estimate just
    after it, the product of ``1 − events/at_risk`` so far. ``lower`` and
    ``upper`` are a pointwise confidence band on the log-log scale with
    Greenwood's variance (``exp(±z·√V / |log S|)`` powers of ``S``).

    ``quantile(q)`` is the first time the curve reaches ``1 − q`` or below
    (so ``median`` is where half have replied), None when it never does.

    Example:
        >>> from datetime import timedelta as td
        >>> km = SurvivalCurve.fit([(td(days=1), True), (td(days=2), False), (td(days=3), True)])
        >>> [round(s, 3) for s in km.survival]
        [0.667, 0.667, 0.0]
        >>> km.median
        datetime.timedelta(days=3)
    """

    times: tuple[timedelta, ...]
    at_risk: tuple[int, ...]
    events: tuple[int, ...]
    censored: tuple[int, ...]
    survival: tuple[float, ...]
    lower: tuple[float, ...]
    upper: tuple[float, ...]
    confidence: float = 0.95

    @classmethod
    def fit(
        cls, observations: Iterable[tuple[timedelta, bool]], *, confidence: float = 0.95
    ) -> SurvivalCurve:
        """Fit the curve to ``(duration, observed)`` pairs; ``observed=False`` is censored.

        Example:
            >>> SurvivalCurve.fit([]).median is None
            True
        """
        z = confidence_z(confidence)
        table: dict[timedelta, list[int]] = {}
        for duration, observed in observations:
            cell = table.get(duration)
            if cell is None:
                cell = table[duration] = [0, 0]
            cell[0 if observed else 1] += 1
        remaining = sum(d + c for d, c in table.values())
        survival, greenwood = 1.0, 0.0
        times, risk, events, censored, curve, lower, upper = [], [], [], [], [], [], []
        for moment in sorted(table):
            died, lost = table[moment]
            if died:
                survival *= 1 - died / remaining
                if remaining > died:
                    greenwood += died / (remaining * (remaining - died))
            if 0 < survival < 1:
                spread = z * math.sqrt(greenwood) / abs(math.log(survival))
                low, high = survival ** math.exp(spread), survival ** math.exp(-spread)
            else:
                low = high = survival
            times.append(moment)
            risk.append(remaining)
            events.append(died)
            censored.append(lost)
            curve.append(survival)
            lower.append(low)
            upper.append(high)
            remaining -= died + lost
        return cls(
            tuple(times),
            tuple(risk),
            tuple(events),
            tuple(censored),
            tuple(curve),
            tuple(lower),
            tuple(upper),
            confidence,
        )

    def quantile(self, q: float) -> timedelta | None:
        """The first time by which a share ``q`` has had the event, or None.

        Example:
            >>> from datetime import timedelta as td
            >>> SurvivalCurve.fit([(td(hours=5), True), (td(hours=9), False)]).quantile(0.5)
            datetime.timedelta(seconds=18000)
        """
        if isinstance(q, bool) or not isinstance(q, int | float) or not 0 < q < 1:
            raise InvalidFieldError("q", q, "expected a share between 0 and 1, like 0.5")
        target = 1 - q + 1e-12
        for moment, survival in zip(self.times, self.survival, strict=True):
            if survival <= target:
                return moment
        return None

    @property
    def median(self) -> timedelta | None:
        """The time by which half have had the event (None if the curve stays above 0.5).

        Example:
            >>> SurvivalCurve.fit([]).median is None
            True
        """
        return self.quantile(0.5)

    @property
    def quartiles(self) -> tuple[timedelta | None, timedelta | None, timedelta | None]:
        """The times by which 25%, 50% and 75% have had the event.

        Example:
            >>> SurvivalCurve.fit([]).quartiles
            (None, None, None)
        """
        return (self.quantile(0.25), self.quantile(0.5), self.quantile(0.75))

    def __str__(self) -> str:
        first, mid, last = self.quartiles
        observed, total = sum(self.events), sum(self.events) + sum(self.censored)
        return (
            f"median {_duration_text(mid)} (quartiles {_duration_text(first)}–"
            f"{_duration_text(last)}; {observed} of {total} observed, the rest censored)"
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the curve's columns (times in seconds), median and quartiles.

        Example:
            >>> SurvivalCurve.fit([]).to_dict()["times_seconds"]
            []
        """
        quartiles = self.quartiles
        return {
            "times_seconds": [t.total_seconds() for t in self.times],
            "at_risk": list(self.at_risk),
            "events": list(self.events),
            "censored": list(self.censored),
            "survival": list(self.survival),
            "lower": list(self.lower),
            "upper": list(self.upper),
            "confidence": self.confidence,
            "median_seconds": None if quartiles[1] is None else quartiles[1].total_seconds(),
            "quartiles_seconds": [None if q is None else q.total_seconds() for q in quartiles],
        }
