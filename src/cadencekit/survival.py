"""Survival and durations: how long until something happens, censoring included.

:class:`SurvivalCurve` is a Kaplan–Meier estimate (the share still waiting
after each time) with a Greenwood band; :class:`Durations` summarises
durations that were all observed (median and quartiles).

Example:
    >>> from datetime import timedelta as td
    >>> from cadencekit import SurvivalCurve
    >>> curve = SurvivalCurve.fit([(td(days=1), True), (td(days=2), False)], min_at_risk=1)
    >>> curve.median
    datetime.timedelta(days=1)
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta
from typing import Any

import attrs

from ._convert import to_list
from ._numbers import confidence_z, html_table
from .errors import InvalidFieldError

__all__ = ["Durations", "SurvivalCurve"]


# --- durations and survival ---------------------------------------------------------


def _duration_text(value: timedelta | None) -> str:
    if value is None:
        return "n/a"
    hours = value.total_seconds() / 3600
    return f"{hours / 24:.1f} days" if hours >= 24 else f"{hours:.1f} hours"


def _observations(pairs: object) -> list[tuple[timedelta, bool]]:
    """``(duration, observed)`` pairs, checked: observed is True or False, nothing else."""
    if isinstance(pairs, str | bytes | Mapping) or not isinstance(pairs, Iterable):
        raise InvalidFieldError(
            "observations",
            pairs,
            "expected (duration, observed) pairs, like (timedelta(days=2), True)",
        )
    listed = list(pairs)
    for index, pair in enumerate(listed):
        if not (
            isinstance(pair, tuple)
            and len(pair) == 2
            and isinstance(pair[0], timedelta)
            and pair[0] >= timedelta(0)
            and isinstance(pair[1], bool)
        ):
            raise InvalidFieldError(
                f"observations[{index}]",
                pair,
                "expected (duration, observed): a timedelta of 0 or more and True or False",
            )
    return listed


@attrs.frozen(repr=False)
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
        checked = to_list(values, timedelta, "values")
        return cls._of_seconds([v.total_seconds() for v in checked], unanswered)

    @classmethod
    def _of_seconds(cls, seconds: Sequence[float], unanswered: int) -> Durations:
        """:meth:`of` durations given in seconds, as ``timedelta.total_seconds()`` gives them."""
        if not seconds:
            return cls(0, None, None, unanswered)
        if len(seconds) == 1:
            q = (seconds[0],) * 3
        else:
            q1, q2, q3 = statistics.quantiles(seconds, n=4, method="inclusive")
            q = (q1, q2, q3)
        lo, mid, hi = (timedelta(seconds=s) for s in q)
        return cls(len(seconds), mid, (lo, mid, hi), unanswered)

    def __str__(self) -> str:
        if self.quartiles is None:
            return f"n/a (0 observed, {self.unanswered} unanswered)"
        lo, _, hi = self.quartiles
        return (
            f"median {_duration_text(self.median)} (quartiles {_duration_text(lo)}–"
            f"{_duration_text(hi)}; {self.count} observed, {self.unanswered} unanswered)"
        )

    def __repr__(self) -> str:
        return f"Durations({self})"

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


@attrs.frozen(repr=False)
class SurvivalCurve:
    """A Kaplan–Meier estimate: the share still waiting after each time.

    Each point ``i`` is a distinct time ``times[i]`` with ``at_risk[i]``
    subjects still waiting just before it, ``events[i]`` observed and
    ``censored[i]`` censored there; ``survival[i]`` is the estimate just
    after it, the product of ``1 − events/at_risk`` so far. ``lower`` and
    ``upper`` are a pointwise confidence band on the log-log scale with
    Greenwood's variance (``exp(±z·√V / |log S|)`` powers of ``S``).

    The tail of a curve rests on the few still at risk: seven prospects
    left make a fall from 78% to 0% in a day. So the curve is *reported*
    only while at least ``min_at_risk`` (10 by default) are at risk: the
    first ``shown`` points. ``quantile(q)`` is the first reported time the
    curve reaches ``1 − q`` or below (so ``median`` is where half have
    replied), None when it does not before the cut; the text and the plot
    say where the curve stops. The columns keep every point.

    Example:
        >>> from datetime import timedelta as td
        >>> data = [(td(days=1), True), (td(days=2), False), (td(days=3), True)]
        >>> km = SurvivalCurve.fit(data, min_at_risk=1)
        >>> [round(s, 3) for s in km.survival]
        [0.667, 0.667, 0.0]
        >>> km.median
        datetime.timedelta(days=3)
        >>> SurvivalCurve.fit(data).median is None  # 3 at risk: too few to say
        True
    """

    times: tuple[timedelta, ...]
    at_risk: tuple[int, ...]
    events: tuple[int, ...]
    censored: tuple[int, ...]
    survival: tuple[float, ...]
    lower: tuple[float, ...]
    upper: tuple[float, ...]
    confidence: float = 0.95
    min_at_risk: int = 10

    @classmethod
    def fit(
        cls,
        observations: Iterable[tuple[timedelta, bool]],
        *,
        confidence: float = 0.95,
        min_at_risk: int = 10,
    ) -> SurvivalCurve:
        """Fit the curve to ``(duration, observed)`` pairs; ``observed=False`` is censored.

        ``min_at_risk`` is the fewest at risk for a point to be reported (1:
        every point).

        Example:
            >>> SurvivalCurve.fit([]).median is None
            True
        """
        return cls._fit(_observations(observations), confidence, min_at_risk)

    @classmethod
    def _fit(
        cls,
        observations: Iterable[tuple[timedelta, bool]],
        confidence: float = 0.95,
        min_at_risk: int = 10,
    ) -> SurvivalCurve:
        """:meth:`fit` of observations known to be good pairs (a report's own)."""
        table: dict[timedelta, list[int]] = {}
        for duration, observed in observations:
            cell = table.get(duration)
            if cell is None:
                cell = table[duration] = [0, 0]
            cell[0 if observed else 1] += 1
        return cls._of_table(table, confidence, min_at_risk)

    def _table(self) -> dict[timedelta, list[int]]:
        """The observations the curve was fitted to: ``[observed, censored]`` by duration."""
        return {
            moment: [died, lost]
            for moment, died, lost in zip(self.times, self.events, self.censored, strict=True)
        }

    @classmethod
    def _of_table(
        cls, table: Mapping[timedelta, list[int]], confidence: float, min_at_risk: int
    ) -> SurvivalCurve:
        """The curve of ``[observed, censored]`` counts by duration (none empty)."""
        z = confidence_z(confidence)
        if isinstance(min_at_risk, bool) or not isinstance(min_at_risk, int) or min_at_risk < 1:
            raise InvalidFieldError(
                "min_at_risk", min_at_risk, "expected a whole number, 1 or more"
            )
        remaining = sum(d + c for d, c in table.values())
        survival, greenwood = 1.0, 0.0
        low = high = survival
        times: list[timedelta] = []
        risk: list[int] = []
        events: list[int] = []
        censored: list[int] = []
        curve: list[float] = []
        lower: list[float] = []
        upper: list[float] = []
        add_time, add_risk, add_event = times.append, risk.append, events.append
        add_censored, add_point = censored.append, curve.append
        add_lower, add_upper = lower.append, upper.append
        for moment in sorted(table):
            died, lost = table[moment]
            if died:  # only a death moves the curve and its band; a censored point keeps them
                survival *= 1 - died / remaining
                if remaining > died:
                    greenwood += died / (remaining * (remaining - died))
                if 0 < survival < 1:
                    spread = z * math.sqrt(greenwood) / abs(math.log(survival))
                    low, high = survival ** math.exp(spread), survival ** math.exp(-spread)
                else:
                    low = high = survival
            add_time(moment)
            add_risk(remaining)
            add_event(died)
            add_censored(lost)
            add_point(survival)
            add_lower(low)
            add_upper(high)
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
            min_at_risk,
        )

    @property
    def shown(self) -> int:
        """How many points are reported: those with at least ``min_at_risk`` at risk.

        Example:
            >>> from datetime import timedelta as td
            >>> SurvivalCurve.fit([(td(days=d), True) for d in range(1, 13)]).shown
            3
        """
        at_risk, floor = self.at_risk, self.min_at_risk
        for index, remaining in enumerate(at_risk):
            if remaining < floor:
                return index
        return len(at_risk)

    @property
    def stops_at(self) -> timedelta | None:
        """The time the reported curve stops (fewer than ``min_at_risk`` left), or None.

        Example:
            >>> from datetime import timedelta as td
            >>> SurvivalCurve.fit([(td(days=d), True) for d in range(1, 13)]).stops_at
            datetime.timedelta(days=4)
        """
        shown = self.shown
        return None if shown == len(self.times) else self.times[shown]

    def at_risk_at(self, moment: timedelta) -> int:
        """How many were still at risk just before ``moment`` (the at-risk row of a plot).

        Example:
            >>> from datetime import timedelta as td
            >>> SurvivalCurve.fit([(td(days=1), True), (td(days=2), False)]).at_risk_at(td(days=2))
            1
        """
        for time, remaining in zip(self.times, self.at_risk, strict=True):
            if time >= moment:
                return remaining
        return 0

    def quantile(self, q: float) -> timedelta | None:
        """The first time by which a share ``q`` has had the event, or None.

        Example:
            >>> from datetime import timedelta as td
            >>> data = [(td(hours=5), True), (td(hours=9), False)]
            >>> SurvivalCurve.fit(data, min_at_risk=1).quantile(0.5)
            datetime.timedelta(seconds=18000)
        """
        if isinstance(q, bool) or not isinstance(q, int | float) or not 0 < q < 1:
            raise InvalidFieldError("q", q, "expected a share between 0 and 1, like 0.5")
        target = 1 - q + 1e-12
        shown = self.shown
        for moment, survival in zip(self.times[:shown], self.survival[:shown], strict=True):
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
        text = (
            f"median {_duration_text(mid)} (quartiles {_duration_text(first)}–"
            f"{_duration_text(last)}; {observed} of {total} observed, the rest censored)"
        )
        stops = self.stops_at
        if stops is not None:
            text += (
                f"; the curve stops at {_duration_text(stops)}, where fewer than "
                f"{self.min_at_risk} remain at risk"
            )
        return text

    def __repr__(self) -> str:
        return f"SurvivalCurve({self})"

    def _repr_html_(self) -> str:
        """A table of the reported points with their at-risk counts, for notebooks."""
        rows = [
            (
                _duration_text(time),
                str(risk),
                str(died),
                str(lost),
                f"{100 * s:.1f}%",
                f"{100 * lo:.1f}–{100 * hi:.1f}%",
            )
            for time, risk, died, lost, s, lo, hi in zip(
                self.times, self.at_risk, self.events, self.censored,
                self.survival, self.lower, self.upper, strict=True,
            )
        ][: self.shown]  # fmt: skip
        heads = ("time", "at risk", "replied", "censored", "still waiting", "band")
        return html_table(heads, rows, caption=str(self))

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
            "min_at_risk": self.min_at_risk,
            "shown": self.shown,
            "median_seconds": None if quartiles[1] is None else quartiles[1].total_seconds(),
            "quartiles_seconds": [None if q is None else q.total_seconds() for q in quartiles],
        }
