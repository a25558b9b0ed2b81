"""Experiments: how many prospects an A/B test needs, and when it may stop.

Three tools for testing one version of a touch against another:

- :func:`assign_variant` gives each prospect one variant, deterministically:
  a stable hash of the prospect and the experiment, so reruns, other
  machines and other processes agree, with weights.
- :func:`sample_size` is the fixed-horizon plan: prospects per variant to
  detect a minimum lift over a baseline rate with a given power.
- :func:`sequential_compare` is the test you may look at every day: an
  always-valid p-value and a confidence sequence, so "stop as soon as B
  wins" keeps its false-positive rate at ``alpha``.

Example:
    >>> from cadencekit import Rate, assign_variant, sample_size, sequential_compare
    >>> sample_size(0.05, 0.02).per_variant  # 5% -> 7%, alpha 0.05, power 0.8
    2199
    >>> assign_variant("ada@example.com", "subject-line", {"A": 1, "B": 1})
    'B'
    >>> sequential_compare(Rate(60, 1000), Rate(95, 1000)).stop
    False
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from html import escape
from statistics import NormalDist
from typing import Final

import attrs

from ._numbers import percent
from .errors import InvalidFieldError
from .stats import Rate

__all__ = [
    "SampleSize",
    "SequentialComparison",
    "assign_variant",
    "sample_size",
    "sequential_compare",
]

_NORMAL: Final = NormalDist()
_SMALLEST_ALPHA: Final = 1e-9
"""The smallest alpha (and tau) taken: below it the normal quantiles leave the floats."""
_MOST_PROSPECTS: Final = 10**15
"""A plan needing more prospects per variant than a Rate can count is refused."""
_RATIOS: Final = (0.001, 1000.0)


def _share(value: object, field: str, *, low: float = 0.0, high: float = 1.0) -> float:
    """A number strictly between ``low`` and ``high`` (compared before any conversion)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not low < value < high:
        shown = f"{low:g}" if low else "0"
        raise InvalidFieldError(field, value, f"expected a number between {shown} and {high:g}")
    return float(value)


def _ratio(value: object) -> float:
    low, high = _RATIOS
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise InvalidFieldError(
            "ratio",
            value,
            "expected prospects in the second variant per prospect in the first, "
            "from 0.001 to 1,000",
        )
    return float(value)


def _weight(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidFieldError(f"weights[{name!r}]", value, "expected a number above 0")
    try:
        weight = float(value)
    except OverflowError:  # an int past the floats
        weight = math.inf
    if not math.isfinite(weight):
        raise InvalidFieldError(f"weights[{name!r}]", value, "expected a finite number")
    if not weight > 0:
        raise InvalidFieldError(f"weights[{name!r}]", value, "expected a number above 0")
    return weight


# --- assigning variants -------------------------------------------------------------


def assign_variant(prospect: str, experiment: str, weights: Mapping[str, float]) -> str:
    """The variant ``prospect`` gets in ``experiment``: stable, weighted, reproducible.

    The prospect and the experiment's name are hashed together (SHA-256, so
    the answer is the same on every machine and Python version, unlike
    ``hash()``) to a point in [0, 1), which falls into one variant's share
    of the total weight, variants taken in the order given. A prospect keeps
    its variant across reruns; two experiments split the same prospects
    independently.

    Args:
        prospect: the prospect's id.
        experiment: the experiment's name (for example the touch's label).
        weights: variant name to a finite weight above 0 (``{"A": 1, "B":
            1}`` for a 50/50 split, ``{"control": 9, "new": 1}`` for 90/10);
            only their proportions count, however small or large they are.

    Example:
        >>> [assign_variant(p, "subject", {"A": 1, "B": 1}) for p in ("ada", "bob", "cy")]
        ['B', 'B', 'A']
    """
    for field, value in (("prospect", prospect), ("experiment", experiment)):
        if not isinstance(value, str) or not value:
            raise InvalidFieldError(field, value, "expected a non-empty string")
    if not isinstance(weights, Mapping) or not weights:
        raise InvalidFieldError("weights", weights, "expected a mapping of variant to weight")
    given: dict[str, float] = {}
    for name, weight in weights.items():
        if not isinstance(name, str) or not name:
            raise InvalidFieldError("weights", name, "expected variant names as strings")
        given[name] = _weight(name, weight)
    # Scaled by a power of two (exact), so the largest weight is in [0.5, 1): weights of
    # 5e-324 split as evenly as weights of 1, and 1e308 + 1e308 does not overflow.
    shift = -math.frexp(max(given.values()))[1]
    scaled = {name: math.ldexp(weight, shift) for name, weight in given.items()}
    key = f"{experiment}\x00{prospect}".encode("utf-8", "surrogatepass")
    digest = hashlib.sha256(key).digest()
    point = int.from_bytes(digest[:8], "big") / 2**64 * math.fsum(scaled.values())
    total = 0.0
    for name, weight in scaled.items():
        total += weight
        if point < total:
            return name
    return list(scaled)[-1]  # rounding at the very top


# --- the fixed horizon --------------------------------------------------------------


@attrs.frozen
class SampleSize:
    """How many prospects each variant needs: the plan of a fixed-horizon test.

    ``exact`` is the solution of the power equation; ``per_variant`` rounds
    it up; ``total`` is the sum over both variants (``ratio`` times more in
    the second). ``effect`` is Cohen's h of the two rates.

    Example:
        >>> print(sample_size(0.10, 0.05))
        681 prospects per variant (1362 in all) to detect 10.0% -> 15.0% with power 80% at alpha 0.05
    """

    baseline: float
    target: float
    alpha: float
    power: float
    ratio: float
    effect: float
    exact: float

    @property
    def per_variant(self) -> int:
        """Prospects in the first variant, rounded up.

        Example:
            >>> sample_size(0.2, 0.1).per_variant
            292
        """
        return math.ceil(self.exact - 1e-9)

    @property
    def total(self) -> int:
        """Prospects in both variants.

        Example:
            >>> sample_size(0.2, 0.1).total
            584
        """
        return self.per_variant + math.ceil(self.per_variant * self.ratio - 1e-9)

    def __str__(self) -> str:
        return (
            f"{self.per_variant} prospects per variant ({self.total} in all) to detect "
            f"{percent(self.baseline)} -> {percent(self.target)} with power "
            f"{round(100 * self.power)}% at alpha {self.alpha:g}"
        )

    def __repr__(self) -> str:
        return f"SampleSize({self})"


def _power(effect: float, n1: float, ratio: float, crit: float) -> float:
    """Two-sided power of the normal test of Cohen's h with ``n1`` and ``n1·ratio``."""
    shift = abs(effect) * math.sqrt(1 / (1 / n1 + 1 / (n1 * ratio)))
    return _NORMAL.cdf(shift - crit) + _NORMAL.cdf(-shift - crit)


def sample_size(
    baseline: float,
    minimum_lift: float,
    *,
    alpha: float = 0.05,
    power: float = 0.8,
    ratio: float = 1.0,
) -> SampleSize:
    """Prospects per variant to detect ``baseline`` -> ``baseline + minimum_lift``.

    Args:
        baseline: the rate today (0.05 for a 5% reply rate).
        minimum_lift: the smallest difference worth detecting, in absolute
            terms: 0.01 is one percentage point (5% -> 6%); negative for a drop.
        alpha: the two-sided false-positive rate (from 1e-9, below 1).
        power: the chance of detecting a true difference of that size.
        ratio: prospects in the second variant per prospect in the first
            (0.001 to 1,000).

    A lift too small to detect with 10**15 prospects per variant (more than
    a :class:`~cadencekit.Rate` counts) is refused, naming ``minimum_lift``.

    The formula is the two-sided normal test on Cohen's effect size
    ``h = 2·asin(√p₂) − 2·asin(√p₁)``: ``n`` solves
    ``Φ(|h|·√m − z) + Φ(−|h|·√m − z) = power`` with ``m = 1/(1/n + 1/(n·ratio))``
    and ``z = Φ⁻¹(1 − alpha/2)``: what ``statsmodels``'
    ``NormalIndPower().solve_power(proportion_effectsize(p2, p1), ...)``
    computes (the tests hold it to 1e-6, relative). Without the second,
    tiny tail it is the textbook ``n = (z + z_power)²·(1 + 1/ratio)/h²``.

    Example:
        >>> plan = sample_size(0.05, 0.01)
        >>> plan.per_variant, round(plan.exact, 1)
        (8143, 8142.6)
    """
    p1 = _share(baseline, "baseline")
    if isinstance(minimum_lift, bool) or not isinstance(minimum_lift, int | float):
        raise InvalidFieldError("minimum_lift", minimum_lift, "expected a number like 0.01")
    p2 = p1 + minimum_lift if -1 < minimum_lift < 1 else math.nan
    if minimum_lift == 0 or p2 == p1 or not 0 < p2 < 1:
        raise InvalidFieldError(
            "minimum_lift",
            minimum_lift,
            f"expected a difference other than 0 that keeps the rate between 0 and 1 "
            f"(baseline {p1:g})",
        )
    a = _share(alpha, "alpha", low=_SMALLEST_ALPHA)
    pw = _share(power, "power")
    if pw <= a / 2:
        raise InvalidFieldError("power", power, f"expected more than alpha/2 ({a / 2:g})")
    r = _ratio(ratio)
    effect = 2 * math.asin(math.sqrt(p2)) - 2 * math.asin(math.sqrt(p1))
    crit = -_NORMAL.inv_cdf(a / 2)  # not inv_cdf(1 - a/2): 1 - 1e-17 is 1.0
    # The one-tail closed form is a lower bound; bisection on the full equation.
    guess = (crit + _NORMAL.inv_cdf(pw)) ** 2 * (1 + 1 / r) / max(effect**2, 1e-300)
    if not guess <= _MOST_PROSPECTS:
        raise InvalidFieldError(
            "minimum_lift",
            minimum_lift,
            f"too small to detect with 10**15 prospects per variant (baseline {p1:g})",
        )
    low, high = 1e-9, max(guess, 1e-6)
    while _power(effect, high, r, crit) < pw:
        high *= 2
    for _ in range(200):
        mid = (low + high) / 2
        if _power(effect, mid, r, crit) < pw:
            low = mid
        else:
            high = mid
        if high - low <= 1e-12 * high:
            break
    return SampleSize(p1, p2, a, pw, r, effect, high)


# --- the test you may look at every day ---------------------------------------------


@attrs.frozen
class SequentialComparison:
    """An always-valid comparison of two rates: ``b − a``, safe to check every day.

    ``p_value`` is always valid: under no difference, the chance that it
    *ever* falls to ``alpha`` or below, however often it is looked at, is at
    most ``alpha``. Keep the smallest p-value seen so far if you look
    repeatedly; ``stop`` says it is at or below ``alpha`` now. ``interval``
    is the confidence sequence at ``1 − alpha``: it covers the true
    difference at every look at once.

    Example:
        >>> print(sequential_compare(Rate(60, 1000), Rate(95, 1000)))
        b - a = +3.5 points, 95% confidence sequence -0.2 to +7.2; always-valid p = 0.0748 (keep going)
    """

    a: Rate
    b: Rate
    difference: float
    interval: tuple[float, float]
    p_value: float
    alpha: float
    tau: float

    @property
    def stop(self) -> bool:
        """True when the always-valid p-value is at or below ``alpha``.

        Example:
            >>> sequential_compare(Rate(50, 1000), Rate(120, 1000)).stop
            True
        """
        return self.p_value <= self.alpha

    def __str__(self) -> str:
        low, high = self.interval
        verdict = "stop: they differ" if self.stop else "keep going"
        return (
            f"b - a = {100 * self.difference:+.1f} points, {round(100 * (1 - self.alpha))}% "
            f"confidence sequence {100 * low:+.1f} to {100 * high:+.1f}; "
            f"always-valid p = {self.p_value:.3g} ({verdict})"
        )

    def __repr__(self) -> str:
        return f"SequentialComparison({self})"

    def _repr_html_(self) -> str:
        """The same text for notebooks."""
        return f"<span>{escape(str(self))}</span>"


def sequential_compare(
    a: Rate, b: Rate, *, alpha: float = 0.05, tau: float = 0.05
) -> SequentialComparison:
    """Compare two rates with a test that stays valid under continuous monitoring.

    The mixture sequential probability ratio test (mSPRT) of Johari,
    Koomen, Pekelis and Walsh, "Always Valid Inference: Continuous
    Monitoring of A/B Tests", Operations Research 70(3), 2022. The
    difference ``θ̂ = b − a`` is roughly normal with variance ``σ²``
    (``p̄(1−p̄)(1/n_a + 1/n_b)`` under no difference, ``p̄`` pooled); mixing
    the alternatives ``θ ~ N(0, τ²)`` gives the likelihood ratio

        ``Λ = √(σ²/(σ²+τ²)) · exp(θ̂²τ² / (2σ²(σ²+τ²)))``

    and the always-valid p-value ``min(1, 1/Λ)``: by Ville's inequality,
    ``Λ`` reaches ``1/alpha`` with chance at most ``alpha`` when there is no
    difference, at any number of looks. The confidence sequence inverts the
    same ratio around ``θ̂`` with the unpooled variance. The normal
    approximation needs a few dozen prospects and a handful of replies in
    each variant before the guarantee holds well.

    Args:
        a: the first variant's rate (the control), as counted so far.
        b: the second variant's rate, as counted so far.
        alpha: the false-positive rate to keep (from 1e-9, below 1).
        tau: the spread of differences the test is tuned for (absolute):
            about the lift you hope to see; 0.05 is five points (from
            1e-6, below 1).

    Example:
        >>> result = sequential_compare(Rate(40, 400), Rate(70, 400))
        >>> round(result.p_value, 4), result.stop
        (0.0494, True)
    """
    for field, rate in (("a", a), ("b", b)):
        if not isinstance(rate, Rate):
            raise InvalidFieldError(field, rate, "expected a Rate")
        if rate.denominator == 0:
            raise InvalidFieldError(field, rate, "needs a denominator above 0 to compare")
    level = _share(alpha, "alpha", low=_SMALLEST_ALPHA)
    spread = _share(tau, "tau", low=1e-6)
    x1, n1, x2, n2 = a.numerator, a.denominator, b.numerator, b.denominator
    p1, p2 = x1 / n1, x2 / n2
    difference = p2 - p1
    tt = spread * spread
    pooled = (x1 + x2) / (n1 + n2)
    null = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    if null > 0:
        log_ratio = 0.5 * math.log(null / (null + tt)) + difference**2 * tt / (
            2 * null * (null + tt)
        )
        p_value = 1.0 if log_ratio <= 0 else math.exp(-log_ratio)
    else:
        p_value = 1.0  # no reply in either, or all replied: no evidence either way
    # the confidence sequence: every θ whose ratio stays below 1/alpha
    var = p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2
    var = max(var, 0.25 / (n1 + n2) ** 2)  # a floor at 0% or 100%
    half = math.sqrt(var * (var + tt) / tt * (2 * math.log(1 / level) + math.log((var + tt) / var)))
    return SequentialComparison(
        a, b, difference, (difference - half, difference + half), p_value, level, spread
    )
