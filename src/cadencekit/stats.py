"""Statistics of proportions: a rate with its interval, and two rates compared.

A :class:`Rate` is a numerator over a denominator with a Wilson score
interval; :func:`compare` tests two rates against each other (a pooled
two-proportion z-test, or Fisher's exact test at small counts) and gives the
difference with Newcombe's interval.

Example:
    >>> from cadencekit import Rate, compare
    >>> print(Rate(52, 167))
    31.1% (52/167), 95% CI 24.6–38.5%
    >>> round(compare(Rate(60, 100), Rate(40, 100)).p_value, 4)
    0.0047
"""

from __future__ import annotations

import math
from html import escape
from statistics import NormalDist
from typing import Any, Final

import attrs

from ._numbers import confidence_z, count, percent, percent_bare
from .errors import InvalidFieldError

__all__ = ["Comparison", "Rate", "compare"]

_NORMAL: Final = NormalDist()
_SQRT2: Final = math.sqrt(2.0)
_NEGLIGIBLE: Final = -760.0  # e⁻⁷⁶⁰·10⁶ is below the smallest positive float
_TIES: Final = math.log1p(1e-7)  # terms within this (relative) of the observed one tie


def _numerator(value: int) -> int:
    return count(value, "numerator")


def _denominator(value: int) -> int:
    return count(value, "denominator")


# --- Rate ---------------------------------------------------------------------------


@attrs.frozen(repr=False)
class Rate:
    """A proportion with its numerator and denominator: ``52/167``.

    ``value`` is None when the denominator is 0 (no touches, no rate: not
    0%). ``interval()`` is the Wilson score interval, which stays inside
    [0, 1] and behaves at small counts and at 0% or 100%, unlike the
    textbook ``p ± z·√(p(1−p)/n)``.

    Example:
        >>> rate = Rate(52, 167)
        >>> rate  # in a notebook too
        31.1% (52/167), 95% CI 24.6–38.5%
        >>> round(rate.value, 4)
        0.3114
        >>> Rate(0, 0).value is None
        True
        >>> Rate(5, 3)
        Traceback (most recent call last):
        ...
        cadencekit.errors.InvalidFieldError: numerator 5: must not exceed the denominator 3
    """

    numerator: int = attrs.field(converter=_numerator)
    denominator: int = attrs.field(converter=_denominator)

    def __attrs_post_init__(self) -> None:
        if self.numerator > self.denominator:
            raise InvalidFieldError(
                "numerator", self.numerator, f"must not exceed the denominator {self.denominator}"
            )

    @property
    def value(self) -> float | None:
        """``numerator / denominator``, or None when the denominator is 0.

        Example:
            >>> Rate(1, 4).value
            0.25
        """
        return self.numerator / self.denominator if self.denominator else None

    def interval(self, confidence: float = 0.95) -> tuple[float, float] | None:
        """The Wilson score interval ``(lower, upper)``, or None for ``0/0``.

        With ``p = x/n`` and ``z`` the normal quantile, the bounds are
        ``(p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n)``.

        Example:
            >>> low, high = Rate(0, 10).interval()
            >>> low, round(high, 4)
            (0.0, 0.2775)
        """
        z = confidence_z(confidence)
        x, n = self.numerator, self.denominator
        if n == 0:
            return None
        p = x / n
        zz = z * z
        center = (p + zz / (2 * n)) / (1 + zz / n)
        half = z / (1 + zz / n) * math.sqrt(p * (1 - p) / n + zz / (4 * n * n))
        low = 0.0 if x == 0 else max(0.0, center - half)
        high = 1.0 if x == n else min(1.0, center + half)
        return (low, high)

    def __str__(self) -> str:
        counts = f"({self.numerator}/{self.denominator})"
        value = self.value
        bounds = self.interval()
        if value is None or bounds is None:
            return f"n/a {counts}"
        return f"{percent(value)} {counts}, 95% CI {percent_bare(bounds[0])}–{percent(bounds[1])}"

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        """The same text for notebooks."""
        return f"<span>{escape(str(self))}</span>"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the counts, the value and the 95% interval.

        Example:
            >>> Rate(1, 2).to_dict()["value"]
            0.5
        """
        bounds = self.interval()
        return {
            "numerator": self.numerator,
            "denominator": self.denominator,
            "value": self.value,
            "lower": None if bounds is None else bounds[0],
            "upper": None if bounds is None else bounds[1],
        }


# --- comparing two rates ------------------------------------------------------------


def _two_sided_p(z: float) -> float:
    """The two-sided normal p-value of a z statistic (0.05 at 1.96).

    ``erfc(|z|/√2)`` keeps full relative precision far into the tail, where
    ``2·Φ(−|z|)`` loses digits from |z| ≈ 5 and rounds to 0 from |z| ≈ 8.4.
    """
    return math.erfc(abs(z) / _SQRT2)


def _log_table(k: int, n1: int, successes: int, total: int) -> float:
    """``log C(s, k)·C(N−s, n1−k)``, from ``lgamma`` (to about 1e-8: for steering only)."""
    lg = math.lgamma
    failures = total - successes
    return (
        lg(successes + 1)
        - lg(k + 1)
        - lg(successes - k + 1)
        + lg(failures + 1)
        - lg(n1 - k + 1)
        - lg(failures - n1 + k + 1)
    )


def _fisher(x1: int, n1: int, x2: int, n2: int) -> float:
    """Fisher's exact test, two-sided: tables as likely as the one seen, or less.

    Each table with ``k`` successes in the first group has probability
    ``C(s, k)·C(N−s, n1−k) / C(N, n1)``. The terms are built in log space
    from the most likely table outward, by the ratio of neighbours
    ``(s−k)(n1−k) / ((k+1)(N−s−n1+k+1))``, until they fall e⁻⁵⁰ below both
    the peak and the observed table. The p-value is the sum of the terms no
    likelier than the observed one (ties within a relative 1e-7, as R's
    ``fisher.test``) over the sum of all: no big integers, no underflow, a
    few milliseconds at any count. It matches ``scipy.stats.fisher_exact``
    to about 1e-10, relative.
    """
    total, successes = n1 + n2, x1 + x2
    failures = total - successes
    low, high = max(0, successes - n2), min(n1, successes)
    mode = min(high, max(low, (n1 + 1) * (successes + 1) // (total + 2)))
    rough = _log_table(x1, n1, successes, total) - _log_table(mode, n1, successes, total)
    if rough < _NEGLIGIBLE:  # below the smallest float even summed over a million tables
        return 0.0
    floor = min(rough, 0.0) - 50.0
    log = math.log
    logs = {mode: 0.0}
    value, k = 0.0, mode
    while k < high and value >= floor:
        value += log((successes - k) * (n1 - k)) - log((k + 1) * (failures - n1 + k + 1))
        k += 1
        logs[k] = value
    value, k = 0.0, mode
    while k > low and value >= floor:
        value -= log((successes - k + 1) * (n1 - k + 1)) - log(k * (failures - n1 + k))
        k -= 1
        logs[k] = value
    observed = logs[x1]
    peak = max(logs.values())
    cut = observed + _TIES
    tail = math.fsum(math.exp(v - observed) for v in logs.values() if v <= cut)
    whole = math.fsum(math.exp(v - peak) for v in logs.values())
    return min(1.0, math.exp(observed - peak) * tail / whole)


@attrs.frozen(repr=False)
class Comparison:
    """Two rates side by side: ``a − b``, its interval and a two-sided p-value.

    ``test`` is ``"z"`` (the pooled two-proportion z-test) or ``"fisher"``
    (Fisher's exact test, used when any expected cell of the 2×2 table is
    below 5). The interval of the difference is Newcombe's hybrid score
    interval, built from the two Wilson intervals.

    Example:
        >>> c = compare(Rate(60, 100), Rate(40, 100))
        >>> round(c.difference, 2), c.test, round(c.p_value, 4)
        (0.2, 'z', 0.0047)
    """

    a: Rate
    b: Rate
    difference: float
    interval: tuple[float, float]
    p_value: float
    test: str
    confidence: float = 0.95

    def __str__(self) -> str:
        low, high = self.interval
        name = "Fisher's exact test" if self.test == "fisher" else "two-proportion z-test"
        pct = round(100 * self.confidence)
        return (
            f"{percent(self.a.value or 0.0)} vs {percent(self.b.value or 0.0)}: "
            f"difference {100 * self.difference:+.1f} points, {pct}% CI "
            f"{100 * low:+.1f} to {100 * high:+.1f}; p = {self.p_value:.3g} ({name})"
        )

    def __repr__(self) -> str:
        return f"Comparison({self})"

    def _repr_html_(self) -> str:
        """The same text for notebooks."""
        return f"<span>{escape(str(self))}</span>"


def compare(a: Rate, b: Rate, *, confidence: float = 0.95) -> Comparison:
    """Is ``a`` different from ``b``? The difference, its interval, a p-value.

    Uses the two-proportion z-test with a pooled standard error, or Fisher's
    exact test when any expected count of the 2×2 table (successes and
    failures in each group) is below 5. Both rates need a denominator above 0.

    Example:
        >>> tea = compare(Rate(3, 4), Rate(1, 4))  # Fisher's lady tasting tea
        >>> tea.test, round(tea.p_value, 4)
        ('fisher', 0.4857)
    """
    for field, rate in (("a", a), ("b", b)):
        if not isinstance(rate, Rate):
            raise InvalidFieldError(field, rate, "expected a Rate")
        if rate.denominator == 0:
            raise InvalidFieldError(field, rate, "needs a denominator above 0 to compare")
    confidence_z(confidence)  # checks it
    x1, n1, x2, n2 = a.numerator, a.denominator, b.numerator, b.denominator
    p1, p2 = x1 / n1, x2 / n2
    difference = p1 - p2
    low1, high1 = a.interval(confidence) or (0.0, 1.0)
    low2, high2 = b.interval(confidence) or (0.0, 1.0)
    interval = (
        difference - math.sqrt((p1 - low1) ** 2 + (high2 - p2) ** 2),
        difference + math.sqrt((high1 - p1) ** 2 + (p2 - low2) ** 2),
    )
    total, successes = n1 + n2, x1 + x2
    expected = (
        n1 * successes / total,
        n1 * (total - successes) / total,
        n2 * successes / total,
        n2 * (total - successes) / total,
    )
    if min(expected) < 5:
        p_value, test = _fisher(x1, n1, x2, n2), "fisher"
    else:
        pooled = successes / total
        se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        p_value, test = _two_sided_p(difference / se), "z"
    return Comparison(a, b, difference, interval, min(1.0, p_value), test, confidence)
