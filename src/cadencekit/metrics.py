"""Metrics: how well a cadence works, with the denominators said out loud.

Every rate is a :class:`Rate`: a numerator, a denominator, the value and a
Wilson score interval, so "31% reply rate" always comes with "of whom, and
how sure". :func:`report` folds enrollments into a :class:`CadenceReport`:
the rates the design lists, counts, time to first reply estimated with
Kaplan–Meier (active enrollments are censored, not dropped), the rep's
response time, breakdowns by step, channel and A/B variant, and a step
funnel. :func:`compare` tests two rates against each other.

Example:
    >>> import cadencekit as ck
    >>> c = ck.Cadence("Intro", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 3)])
    >>> ada = ck.Enrollment.replay(c, "ada", "2026-11-23T08:00:00+00:00", [
    ...     ck.Event.touch("2026-11-23T09:00:00+00:00", 0),
    ...     ck.Event.open("2026-11-23T09:30:00+00:00", 0),
    ...     ck.Event.reply("2026-11-24T10:00:00+00:00", "positive"),
    ... ])
    >>> bob = ck.Enrollment.replay(c, "bob", "2026-11-23T08:00:00+00:00", [
    ...     ck.Event.touch("2026-11-23T09:00:00+00:00", 0),
    ... ])
    >>> r = ck.report([ada, bob])
    >>> print(r.reply_rate)
    50.0% (1/2), 95% CI 9.5–90.5%
    >>> r.time_to_first_reply.median  # bob is still active: censored, not dropped
    datetime.timedelta(days=1, seconds=7200)
"""

from __future__ import annotations

import enum
import math
import statistics
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from fractions import Fraction
from statistics import NormalDist
from typing import Any, Final

import attrs

from ._convert import to_aware_datetime
from .cadence import Cadence
from .calendar import BusinessCalendar
from .channels import Channel
from .enrollment import Enrollment, Status
from .errors import InvalidFieldError, SchemaError
from .events import CallResult, Event, EventKind, Response
from .rules import ExitReason, Rule

__all__ = [
    "Breakdown",
    "CadenceReport",
    "Comparison",
    "Definitions",
    "Durations",
    "FunnelStep",
    "Rate",
    "SurvivalCurve",
    "compare",
    "enrollments_from_rows",
    "report",
]

_NORMAL: Final = NormalDist()


def _z(confidence: float) -> float:
    """The two-sided normal quantile for ``confidence`` (1.959964 for 0.95)."""
    if (
        isinstance(confidence, bool)
        or not isinstance(confidence, int | float)
        or not 0 < confidence < 1
    ):
        raise InvalidFieldError(
            "confidence", confidence, "expected a number between 0 and 1, like 0.95"
        )
    return _NORMAL.inv_cdf(0.5 + confidence / 2)


def _count(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidFieldError(field, value, "expected a whole number, 0 or more")
    return value


def _numerator(value: int) -> int:
    return _count(value, "numerator")


def _denominator(value: int) -> int:
    return _count(value, "denominator")


def _percent(value: float) -> str:
    return f"{100 * value:.1f}%"


def _percent_bare(value: float) -> str:
    return f"{100 * value:.1f}"


# --- Rate ---------------------------------------------------------------------------


@attrs.frozen
class Rate:
    """A proportion with its numerator and denominator: ``52/167``.

    ``value`` is None when the denominator is 0 (no touches, no rate: not
    0%). ``interval()`` is the Wilson score interval, which stays inside
    [0, 1] and behaves at small counts and at 0% or 100%, unlike the
    textbook ``p ± z·√(p(1−p)/n)``.

    Example:
        >>> rate = Rate(52, 167)
        >>> print(rate)
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
        z = _z(confidence)
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
        return (
            f"{_percent(value)} {counts}, 95% CI {_percent_bare(bounds[0])}–{_percent(bounds[1])}"
        )

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
    """The two-sided normal p-value of a z statistic (0.05 at 1.96)."""
    return 2 * _NORMAL.cdf(-abs(z))


def _fisher(x1: int, n1: int, x2: int, n2: int) -> float:
    """Fisher's exact test, two-sided: tables as likely as the one seen, or less.

    Exact in integers: each table's probability is ``C(c, k)·C(N−c, n1−k) /
    C(N, n1)``, and the tables summed are those whose numerator is at most
    the observed one.
    """
    total, successes = n1 + n2, x1 + x2
    weight = [
        math.comb(successes, k) * math.comb(total - successes, n1 - k)
        for k in range(max(0, successes - n2), min(n1, successes) + 1)
    ]
    observed = math.comb(successes, x1) * math.comb(total - successes, n1 - x1)
    tail = sum(w for w in weight if w <= observed)
    return float(Fraction(tail, math.comb(total, n1)))


@attrs.frozen
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
            f"{_percent(self.a.value or 0.0)} vs {_percent(self.b.value or 0.0)}: "
            f"difference {100 * self.difference:+.1f} points, {pct}% CI "
            f"{100 * low:+.1f} to {100 * high:+.1f}; p = {self.p_value:.3g} ({name})"
        )


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
    _z(confidence)  # checks it
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


# --- definitions --------------------------------------------------------------------


class _Unit(enum.StrEnum):
    PROSPECT = "prospect"
    DELIVERED_EMAIL = "delivered_email"
    OPENED_EMAIL = "opened_email"


def _unit(value: str) -> str:
    try:
        return _Unit(value).value
    except ValueError:
        choices = ", ".join(repr(u.value) for u in _Unit)
        raise InvalidFieldError("reply_unit", value, f"expected one of {choices}") from None


def _responses(value: Iterable[Response | str]) -> frozenset[Response]:
    if isinstance(value, str):
        value = [value]
    try:
        return frozenset(Response(v) for v in value)
    except (ValueError, TypeError):
        choices = ", ".join(repr(r.value) for r in Response)
        raise InvalidFieldError(
            "not_replies", value, f"expected responses from {choices}"
        ) from None


@attrs.frozen
class Definitions:
    """How reply rates are computed: ours, or a dashboard's formula to reconcile with.

    Args:
        name: the profile's name, shown in reports.
        reply_unit: what a reply rate divides by. ``"prospect"``: prospects
            with a reply / prospects touched. ``"delivered_email"``:
            delivered email touches that drew a reply / delivered email
            touches. ``"opened_email"``: delivered email touches that drew a
            reply / delivered email touches opened (a reply counts as an
            open: it proves the email was read even when tracking missed it).
            The positive reply rate uses the same unit.
        not_replies: responses that do not count as a reply anywhere in the
            report (rates, time to first reply, the rep's response time).
        formula: the formula, in words, for the report's text.

    A reply belongs to the last touch before it, whatever its channel, so
    per-email profiles leave out replies that followed a call.

    Example:
        >>> Definitions.ours().formula
        'reply rate = prospects with a reply other than out-of-office / prospects touched'
        >>> Definitions.named("per_opened_email").reply_unit
        'opened_email'
    """

    name: str
    reply_unit: str = attrs.field(converter=_unit)
    not_replies: frozenset[Response] = attrs.field(converter=_responses)
    formula: str

    @classmethod
    def ours(cls) -> Definitions:
        """The design's: prospects with a reply other than out-of-office / prospects touched.

        Example:
            >>> Definitions.ours().reply_unit
            'prospect'
        """
        return cls(
            "ours",
            "prospect",
            [Response.OUT_OF_OFFICE],
            "reply rate = prospects with a reply other than out-of-office / prospects touched",
        )

    @classmethod
    def per_delivered_email(cls) -> Definitions:
        """Replies per delivered email: replied email touches / delivered email touches.

        Example:
            >>> Definitions.per_delivered_email().not_replies
            frozenset({<Response.OUT_OF_OFFICE: 'out_of_office'>})
        """
        return cls(
            "per_delivered_email",
            "delivered_email",
            [Response.OUT_OF_OFFICE],
            "reply rate = delivered email touches that drew a reply / delivered email touches",
        )

    @classmethod
    def per_opened_email(cls) -> Definitions:
        """Replies over opens: replied email touches / email touches opened or replied.

        Example:
            >>> Definitions.per_opened_email().name
            'per_opened_email'
        """
        return cls(
            "per_opened_email",
            "opened_email",
            [Response.OUT_OF_OFFICE],
            "reply rate = delivered email touches that drew a reply / "
            "delivered email touches opened (or replied to)",
        )

    @classmethod
    def per_contacted_prospect(cls) -> Definitions:
        """Per contacted prospect, auto-replies excluded (out-of-office and other).

        Example:
            >>> sorted(r.value for r in Definitions.per_contacted_prospect().not_replies)
            ['other', 'out_of_office']
        """
        return cls(
            "per_contacted_prospect",
            "prospect",
            [Response.OUT_OF_OFFICE, Response.OTHER],
            "reply rate = prospects with a positive, maybe or no reply / prospects touched "
            "(out-of-office and other auto-replies excluded)",
        )

    @classmethod
    def named(cls, name: str) -> Definitions:
        """A profile by name: ``ours``, ``per_delivered_email``, ``per_opened_email``, ``per_contacted_prospect``.

        Example:
            >>> Definitions.named("ours") == Definitions.ours()
            True
        """
        maker = _PROFILES.get(name) if isinstance(name, str) else None
        if maker is None:
            raise InvalidFieldError(
                "definitions", name, f"expected a Definitions or one of {', '.join(_PROFILES)}"
            )
        return maker()


_PROFILES: Final[dict[str, Callable[[], Definitions]]] = {
    "ours": Definitions.ours,
    "per_delivered_email": Definitions.per_delivered_email,
    "per_opened_email": Definitions.per_opened_email,
    "per_contacted_prospect": Definitions.per_contacted_prospect,
}


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
        z = _z(confidence)
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


# --- counting -----------------------------------------------------------------------

# Flags on one touch (and on one prospect, OR-ed over its touches).
_OPENED: Final = 1
_BOUNCED: Final = 2
_REPLIED: Final = 4
_POSITIVE: Final = 8
_MEETING: Final = 16
_OPTED_OUT: Final = 32
_CONNECTED: Final = 64

_STEP, _CHANNEL, _VARIANT, _FLAGS = 0, 1, 2, 3

_RATE_NAMES: Final = (
    "open_rate",
    "bounce_rate",
    "reply_rate",
    "positive_reply_rate",
    "call_connection_rate",
    "meeting_booking_rate",
    "opt_out_rate",
)


class _Tally:
    """Counters for one group (the whole report, a step, a channel, a variant)."""

    __slots__ = (
        "calls",
        "connected",
        "email_bounced",
        "email_delivered",
        "email_opened",
        "email_opened_or_replied",
        "email_positive",
        "email_replied",
        "email_sent",
        "meetings",
        "opted_out",
        "positive",
        "prospects",
        "replied",
        "touches",
    )

    def __init__(self) -> None:
        self.touches = self.email_sent = self.email_bounced = self.email_delivered = 0
        self.email_opened = self.email_opened_or_replied = 0
        self.email_replied = self.email_positive = 0
        self.calls = self.connected = 0
        self.prospects = self.replied = self.positive = self.meetings = self.opted_out = 0

    def touch(self, channel: Channel, flags: int) -> None:
        self.touches += 1
        if channel is Channel.EMAIL:
            self.email_sent += 1
            if flags & _BOUNCED:
                self.email_bounced += 1
                return
            self.email_delivered += 1
            if flags & _OPENED:
                self.email_opened += 1
            if flags & (_OPENED | _REPLIED):
                self.email_opened_or_replied += 1
            if flags & _REPLIED:
                self.email_replied += 1
            if flags & _POSITIVE:
                self.email_positive += 1
        elif channel is Channel.CALL:
            self.calls += 1
            if flags & _CONNECTED:
                self.connected += 1

    def prospect(self, flags: int) -> None:
        self.prospects += 1
        if flags & _REPLIED:
            self.replied += 1
        if flags & _POSITIVE:
            self.positive += 1
        if flags & _MEETING:
            self.meetings += 1
        if flags & _OPTED_OUT:
            self.opted_out += 1

    def breakdown(self, unit: str) -> Breakdown:
        if unit == _Unit.PROSPECT:
            reply, positive = (
                Rate(self.replied, self.prospects),
                Rate(self.positive, self.prospects),
            )
        elif unit == _Unit.DELIVERED_EMAIL:
            reply = Rate(self.email_replied, self.email_delivered)
            positive = Rate(self.email_positive, self.email_delivered)
        else:
            reply = Rate(self.email_replied, self.email_opened_or_replied)
            positive = Rate(self.email_positive, self.email_opened_or_replied)
        return Breakdown(
            prospects=self.prospects,
            touches=self.touches,
            open_rate=Rate(self.email_opened, self.email_delivered),
            bounce_rate=Rate(self.email_bounced, self.email_sent),
            reply_rate=reply,
            positive_reply_rate=positive,
            call_connection_rate=Rate(self.connected, self.calls),
            meeting_booking_rate=Rate(self.meetings, self.prospects),
            opt_out_rate=Rate(self.opted_out, self.prospects),
        )


@attrs.frozen
class Breakdown:
    """The rates of one slice of a report: a step, a channel or an A/B variant.

    The definitions are the report's, restricted to the slice: touch rates
    count the slice's touches; prospect rates divide the prospects touched
    in the slice into those whose reply (meeting, opt-out) belongs to one of
    its touches: an event belongs to the last touch before it.

    Example:
        >>> import cadencekit as ck
        >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("email", 2)])
        >>> e = ck.Enrollment.replay(c, "p", "2026-11-23T08:00:00+00:00", [
        ...     ck.Event.touch("2026-11-23T09:00:00+00:00", 0),
        ...     ck.Event.touch("2026-11-24T09:00:00+00:00", 1),
        ...     ck.Event.reply("2026-11-24T12:00:00+00:00", "no"),
        ... ])
        >>> steps = ck.report([e]).by_step()
        >>> str(steps[0].reply_rate.numerator), str(steps[1].reply_rate.numerator)
        ('0', '1')
    """

    prospects: int
    touches: int
    open_rate: Rate
    bounce_rate: Rate
    reply_rate: Rate
    positive_reply_rate: Rate
    call_connection_rate: Rate
    meeting_booking_rate: Rate
    opt_out_rate: Rate

    def rates(self) -> dict[str, Rate]:
        """The rates by name, in the report's order.

        Example:
            >>> list(Breakdown(0, 0, *[Rate(0, 0)] * 7).rates())[:2]
            ['open_rate', 'bounce_rate']
        """
        return {name: getattr(self, name) for name in _RATE_NAMES}

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the counts and rates.

        Example:
            >>> Breakdown(0, 0, *[Rate(0, 0)] * 7).to_dict()["reply_rate"]["value"] is None
            True
        """
        return {
            "prospects": self.prospects,
            "touches": self.touches,
            **{name: rate.to_dict() for name, rate in self.rates().items()},
        }


@attrs.frozen
class FunnelStep:
    """One step of the funnel: prospects who reached it, and the replies it drew.

    ``reached`` counts prospects touched at the step (over ``enrolled``);
    ``replied`` counts prospects whose reply belongs to this step's touch.

    Example:
        >>> print(FunnelStep(0, Channel.EMAIL, Rate(90, 100), 12))
        step 0 (email): reached 90.0% (90/100), 95% CI 82.6–94.5%; drew 12 replies
    """

    step: int
    channel: Channel | None
    reached: Rate
    replied: int

    def __str__(self) -> str:
        channel = f" ({self.channel.value})" if self.channel is not None else ""
        noun = "reply" if self.replied == 1 else "replies"
        return f"step {self.step}{channel}: reached {self.reached}; drew {self.replied} {noun}"


# A touch record: [step, channel, variant, flags]; one list per enrollment.
_Record = list[Any]


@attrs.frozen(repr=False)
class CadenceReport:
    """What :func:`report` found: rates, counts, time to reply, breakdowns.

    Attributes:
        enrolled, touched, active, paused, ended: enrollment counts
            (``touched``: at least one touch recorded).
        ended_by: ended enrollments by :class:`ExitReason`.
        open_rate ... completion_rate: :class:`Rate` values, as defined in
            docs/metrics.md and by ``definitions``.
        time_to_first_reply: a Kaplan–Meier :class:`SurvivalCurve`.
        rep_response_time: :class:`Durations` from a reply to the rep's next touch.
        now: the moment active enrollments were censored at.
        definitions: the :class:`Definitions` used.

    Example:
        >>> import cadencekit as ck
        >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1)])
        >>> e = ck.Enrollment.replay(c, "p", "2026-11-23T08:00:00+00:00",
        ...                          [ck.Event.touch("2026-11-23T09:00:00+00:00", 0)])
        >>> r = ck.report([e])
        >>> r.completion_rate.numerator, r.completion_rate.denominator
        (1, 1)
    """

    enrolled: int
    touched: int
    active: int
    paused: int
    ended: int
    ended_by: dict[ExitReason, int]
    open_rate: Rate
    bounce_rate: Rate
    reply_rate: Rate
    positive_reply_rate: Rate
    call_connection_rate: Rate
    meeting_booking_rate: Rate
    conversion_rate: Rate
    completion_rate: Rate
    opt_out_rate: Rate
    time_to_first_reply: SurvivalCurve
    rep_response_time: Durations
    now: datetime | None
    definitions: Definitions
    _records: tuple[list[_Record], ...] = attrs.field(alias="records", eq=False)

    # -- breakdowns ------------------------------------------------------------------
    def _group(self, key: Callable[[_Record], Hashable | None]) -> dict[Any, Breakdown]:
        tallies: dict[Any, _Tally] = {}
        for records in self._records:
            seen: dict[Any, int] = {}
            for record in records:
                k = key(record)
                if k is None:  # not in any slice asked for
                    continue
                tally = tallies.get(k)
                if tally is None:
                    tally = tallies[k] = _Tally()
                flags = record[_FLAGS]
                tally.touch(record[_CHANNEL], flags)
                seen[k] = seen.get(k, 0) | flags
            for k, flags in seen.items():
                tallies[k].prospect(flags)
        unit = self.definitions.reply_unit
        return {k: tallies[k].breakdown(unit) for k in tallies}

    def by_step(self) -> dict[int, Breakdown]:
        """The rates of each step (0-based index, inserted steps after the cadence's).

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1)])
            >>> e = ck.Enrollment.replay(c, "p", "2026-11-23T08:00:00+00:00",
            ...                          [ck.Event.touch("2026-11-23T09:00:00+00:00", 0)])
            >>> ck.report([e]).by_step()[0].touches
            1
        """
        found = self._group(lambda record: record[_STEP])
        return {step: found[step] for step in sorted(found)}

    def by_channel(self) -> dict[Channel, Breakdown]:
        """The rates of each channel, in :class:`Channel` order.

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("call", 1)])
            >>> e = ck.Enrollment.replay(c, "p", "2026-11-23T08:00:00+00:00",
            ...     [ck.Event.touch("2026-11-23T09:00:00+00:00", 0, call_result="connected")])
            >>> print(ck.report([e]).by_channel()[ck.Channel.CALL].call_connection_rate)
            100.0% (1/1), 95% CI 20.7–100.0%
        """
        found = self._group(lambda record: record[_CHANNEL])
        return {channel: found[channel] for channel in Channel if channel in found}

    def by_variant(self, step: int) -> dict[str | None, Breakdown]:
        """The rates of each A/B variant of ``step`` (None: touches without one).

        Replies, opens and meetings count toward the variant of the touch
        they belong to. Pass two of the rates to :func:`compare`.

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1)])
            >>> es = [ck.Enrollment.replay(c, p, "2026-11-23T08:00:00+00:00",
            ...     [ck.Event.touch("2026-11-23T09:00:00+00:00", 0, variant=v)])
            ...     for p, v in [("a", "A"), ("b", "B"), ("c", "B")]]
            >>> {v: b.prospects for v, b in ck.report(es).by_variant(0).items()}
            {'A': 1, 'B': 2}
        """
        step = _count(step, "step")
        found = self._group(lambda record: (record[_VARIANT],) if record[_STEP] == step else None)
        keys = sorted(found, key=lambda k: (k[0] is None, k[0] or ""))
        return {k[0]: found[k] for k in keys}

    def funnel(self) -> tuple[FunnelStep, ...]:
        """Each step: how many prospects reached it, how many replies it drew.

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 2)])
            >>> e = ck.Enrollment.replay(c, "p", "2026-11-23T08:00:00+00:00",
            ...                          [ck.Event.touch("2026-11-23T09:00:00+00:00", 0)])
            >>> [str(s.reached) for s in ck.report([e]).funnel()]
            ['100.0% (1/1), 95% CI 20.7–100.0%']
        """
        channels: dict[int, Channel] = {}
        for records in self._records:
            for record in records:
                channels.setdefault(record[_STEP], record[_CHANNEL])
        steps = self._group(lambda record: record[_STEP])
        tallies: dict[int, int] = {}
        for records in self._records:
            seen: set[int] = set()
            for record in records:
                if record[_FLAGS] & _REPLIED:
                    seen.add(record[_STEP])
            for s in seen:
                tallies[s] = tallies.get(s, 0) + 1
        return tuple(
            FunnelStep(
                step,
                channels.get(step),
                Rate(steps[step].prospects, self.enrolled),
                tallies.get(step, 0),
            )
            for step in sorted(steps)
        )

    # -- plain values ----------------------------------------------------------------
    def rates(self) -> dict[str, Rate]:
        """Every rate of the report by name.

        Example:
            >>> list(report([]).rates())[-2:]
            ['conversion_rate', 'completion_rate']
        """
        names = (*_RATE_NAMES, "conversion_rate", "completion_rate")
        return {name: getattr(self, name) for name in names}

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: counts, rates, time to reply, breakdowns and funnel.

        Example:
            >>> report([]).to_dict()["rates"]["reply_rate"]
            {'numerator': 0, 'denominator': 0, 'value': None, 'lower': None, 'upper': None}
        """
        return {
            "version": 1,
            "definitions": self.definitions.name,
            "now": None if self.now is None else self.now.isoformat(),
            "enrolled": self.enrolled,
            "touched": self.touched,
            "active": self.active,
            "paused": self.paused,
            "ended": self.ended,
            "ended_by": {reason.value: n for reason, n in self.ended_by.items()},
            "rates": {name: rate.to_dict() for name, rate in self.rates().items()},
            "time_to_first_reply": self.time_to_first_reply.to_dict(),
            "rep_response_time": self.rep_response_time.to_dict(),
            "by_step": {str(k): v.to_dict() for k, v in self.by_step().items()},
            "by_channel": {k.value: v.to_dict() for k, v in self.by_channel().items()},
            "funnel": [
                {
                    "step": s.step,
                    "channel": None if s.channel is None else s.channel.value,
                    "reached": s.reached.to_dict(),
                    "replied": s.replied,
                }
                for s in self.funnel()
            ],
        }

    def to_records(self) -> list[dict[str, object]]:
        """One plain dict per rate and slice, ready for ``pandas.DataFrame``.

        Keys: ``by`` (``"all"``, ``"step"`` or ``"channel"``), ``key`` (None,
        the step index or the channel's value), ``metric``, ``numerator``,
        ``denominator``, ``value``, ``lower``, ``upper`` (95% Wilson).

        Example:
            >>> report([]).to_records()[0]
            {'by': 'all', 'key': None, 'metric': 'open_rate', 'numerator': 0, 'denominator': 0, 'value': None, 'lower': None, 'upper': None}
        """
        rows: list[dict[str, object]] = []

        def add(by: str, key: object, rates: Mapping[str, Rate]) -> None:
            for name, rate in rates.items():
                rows.append({"by": by, "key": key, "metric": name, **rate.to_dict()})

        add("all", None, self.rates())
        for step, breakdown in self.by_step().items():
            add("step", step, breakdown.rates())
        for channel, breakdown in self.by_channel().items():
            add("channel", channel.value, breakdown.rates())
        return rows

    def __str__(self) -> str:
        width = max(len(name) for name in self.rates()) - len("_rate") + 2
        ended = ", ".join(f"{r.value} {n}" for r, n in self.ended_by.items()) or "none"
        lines = [
            f"{self.enrolled} enrolled, {self.touched} touched, {self.active} active, "
            f"{self.paused} paused, {self.ended} ended ({ended})",
        ]
        for name, rate in self.rates().items():
            label = name.removesuffix("_rate").replace("_", " ")
            lines.append(f"  {label:<{width}} {rate}")
        lines.append(f"  time to first reply: {self.time_to_first_reply}")
        lines.append(f"  rep response time:   {self.rep_response_time}")
        lines.append(f"definitions: {self.definitions.name}: {self.definitions.formula}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"CadenceReport({self.enrolled} enrolled, reply rate {self.reply_rate}, "
            f"definitions {self.definitions.name!r})"
        )

    def plot(self, *, axes: Sequence[Any] | None = None) -> Any:
        """Draw the step funnel and the time-to-first-reply curve; needs the ``plot`` extra.

        Left: the share of prospects who reached each step (bars, with their
        Wilson intervals) and the replies each step drew. Right: the
        Kaplan–Meier curve of the share of touched prospects still without
        a reply, by days since enrollment, with its confidence band; ticks
        mark censored prospects. Returns the matplotlib ``Figure``; pass two
        ``axes`` to draw into a figure of your own. matplotlib is imported
        here, never by ``import cadencekit``.

        Example:
            >>> import cadencekit as ck
            >>> runs = ck.simulate(ck.presets.eight_touch(), 40, model=ck.ResponseModel(),
            ...                    seed=1, start="2026-11-02T08:00:00-05:00")
            >>> figure = ck.report(runs).plot()  # doctest: +SKIP
        """
        try:
            from ._plot import report_panels
        except ModuleNotFoundError as error:
            if not (error.name or "").startswith("matplotlib"):
                raise
            raise ModuleNotFoundError(
                "CadenceReport.plot needs matplotlib: pip install 'cadencekit[plot]'",
                name=error.name,
            ) from None
        if axes is None:
            from matplotlib import pyplot

            figure, (left, right) = pyplot.subplots(1, 2, figsize=(11, 4), layout="constrained")
        else:
            if len(axes) != 2:
                raise InvalidFieldError("axes", axes, "expected two matplotlib Axes, or None")
            left, right = axes
            figure = left.figure
        report_panels(self, left, right)
        return figure

    def _repr_html_(self) -> str:
        """An HTML table of the rates, for notebooks."""
        from html import escape  # only notebooks need it

        rows = []
        for name, rate in self.rates().items():
            bounds = rate.interval()
            value = "n/a" if rate.value is None else _percent(rate.value)
            ci = "" if bounds is None else f"{_percent_bare(bounds[0])}–{_percent(bounds[1])}"
            cells = (name.replace("_", " "), value, str(rate.numerator), str(rate.denominator), ci)
            rows.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
        caption = (
            f"{self.enrolled} enrolled, {self.touched} touched, {self.active} active, "
            f"{self.ended} ended; time to first reply {self.time_to_first_reply}"
        )
        heads = ("Metric", "Value", "Numerator", "Denominator", "95% CI")
        return (
            f"<table><caption>{escape(caption)}</caption><thead><tr>"
            + "".join(f"<th>{h}</th>" for h in heads)
            + "</tr></thead><tbody>"
            + "".join(rows)
            + "</tbody></table>"
        )


def _definitions(value: Definitions | str) -> Definitions:
    if isinstance(value, Definitions):
        return value
    return Definitions.named(value)


def report(
    enrollments: Iterable[Enrollment],
    *,
    now: datetime | str | None = None,
    definitions: Definitions | str = "ours",
) -> CadenceReport:
    """Fold enrollments into a :class:`CadenceReport`.

    Args:
        enrollments: the enrollments to measure (one cadence, usually).
        now: the moment active and paused enrollments are censored at for
            the time to first reply; None means the latest event (or start)
            in the data. No clock is read.
        definitions: a :class:`Definitions` profile or its name.

    Every recorded event counts, also those after an enrollment ended. Opens
    and bounces belong to the latest touch of their step (an open of a step
    never touched is not counted); replies, meetings and opt-outs belong to
    the last touch before them, whatever its step. A reply that came before
    any touch counts for the whole report but for no step.

    Example:
        >>> import cadencekit as ck
        >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1)])
        >>> e = ck.Enrollment.replay(c, "p", "2026-11-23T08:00:00+00:00", [
        ...     ck.Event.touch("2026-11-23T09:00:00+00:00", 0),
        ...     ck.Event.bounce("2026-11-23T09:00:05+00:00", 0),
        ... ])
        >>> print(ck.report([e]).bounce_rate)
        100.0% (1/1), 95% CI 20.7–100.0%
    """
    defs = _definitions(definitions)
    moment = None if now is None else to_aware_datetime(now, "now")
    if not isinstance(enrollments, Iterable) or isinstance(enrollments, str | bytes | Mapping):
        raise InvalidFieldError("enrollments", enrollments, "expected an iterable of Enrollment")
    not_replies = defs.not_replies
    k_touch, k_open, k_bounce = EventKind.TOUCH, EventKind.OPEN, EventKind.BOUNCE
    k_reply, k_meeting, k_opt_out = EventKind.REPLY, EventKind.MEETING, EventKind.OPT_OUT
    k_positive, k_connected = Response.POSITIVE, CallResult.CONNECTED
    k_ended, k_paused = Status.ENDED, Status.PAUSED

    whole = _Tally()
    all_records: list[list[_Record]] = []
    enrolled = touched = active = paused = ended = 0
    ended_by: dict[ExitReason, int] = {}
    waits: list[tuple[Enrollment, timedelta | None]] = []
    responses: list[timedelta] = []
    unanswered = 0
    latest: datetime | None = None

    for index, e in enumerate(enrollments):
        if not isinstance(e, Enrollment):
            raise InvalidFieldError(f"enrollments[{index}]", e, "expected an Enrollment")
        enrolled += 1
        steps = e.steps
        events = e.events
        records: list[_Record] = []
        by_step: dict[int, _Record] = {}
        last: _Record | None = None
        flags = 0
        first_reply: datetime | None = None
        waiting: list[datetime] = []
        for event in events:
            kind = event.kind
            if kind is k_touch:
                step = event.step
                assert step is not None
                last = [step, event.channel or steps[step].channel, event.variant, 0]
                if event.call_result is k_connected:
                    last[_FLAGS] = _CONNECTED
                records.append(last)
                by_step[step] = last
                if waiting:
                    for replied_at in waiting:
                        responses.append(event.at - replied_at)
                    waiting = []
            elif kind is k_open:
                record = by_step.get(event.step)  # type: ignore[arg-type]
                if record is not None:
                    record[_FLAGS] |= _OPENED
            elif kind is k_bounce:
                record = by_step.get(event.step)  # type: ignore[arg-type]
                if record is not None:
                    record[_FLAGS] |= _BOUNCED
            elif kind is k_reply:
                if event.response in not_replies:
                    continue
                bit = _REPLIED | _POSITIVE if event.response is k_positive else _REPLIED
                flags |= bit
                if last is not None:
                    last[_FLAGS] |= bit
                if first_reply is None:
                    first_reply = event.at
                waiting.append(event.at)
            elif kind is k_meeting:
                flags |= _MEETING
                if last is not None:
                    last[_FLAGS] |= _MEETING
            elif kind is k_opt_out:
                flags |= _OPTED_OUT
                if last is not None:
                    last[_FLAGS] |= _OPTED_OUT
        unanswered += len(waiting)
        if events:
            at = events[-1].at
            if latest is None or at > latest:
                latest = at
        elif latest is None or e.started > latest:
            latest = e.started
        status = e.status
        if status is k_ended:
            ended += 1
            reason = e.exit_reason
            assert reason is not None
            ended_by[reason] = ended_by.get(reason, 0) + 1
        elif status is k_paused:
            paused += 1
        else:
            active += 1
        if records:
            touched += 1
            for record in records:
                whole.touch(record[_CHANNEL], record[_FLAGS])
            whole.prospect(flags)
            all_records.append(records)
            waits.append((e, None if first_reply is None else first_reply - e.started))

    censor = latest if moment is None else moment
    observations: list[tuple[timedelta, bool]] = []
    for e, wait in waits:
        # Each enrollment is observed from its start to its end (or `now`): a reply
        # recorded after the end (to the breakup email, say) counts in the reply
        # rate, but here it would meet a risk set the other ended enrollments have
        # already left, and drag the curve down. It is censored at the end instead.
        if wait is not None and (e.ended_at is None or e.started + wait <= e.ended_at):
            observations.append((wait, True))
            continue
        end = e.ended_at if e.ended_at is not None else censor
        assert end is not None
        observations.append((max(end - e.started, timedelta(0)), False))

    overall = whole.breakdown(defs.reply_unit)
    won = ended_by.get(ExitReason.POSITIVE_REPLY, 0) + ended_by.get(ExitReason.MEETING_BOOKED, 0)
    return CadenceReport(
        enrolled=enrolled,
        touched=touched,
        active=active,
        paused=paused,
        ended=ended,
        ended_by={reason: ended_by[reason] for reason in ExitReason if reason in ended_by},
        open_rate=overall.open_rate,
        bounce_rate=overall.bounce_rate,
        reply_rate=overall.reply_rate,
        positive_reply_rate=overall.positive_reply_rate,
        call_connection_rate=overall.call_connection_rate,
        meeting_booking_rate=overall.meeting_booking_rate,
        conversion_rate=Rate(won, ended),
        completion_rate=Rate(ended_by.get(ExitReason.COMPLETED, 0), ended),
        opt_out_rate=overall.opt_out_rate,
        time_to_first_reply=SurvivalCurve.fit(observations),
        rep_response_time=Durations.of(responses, unanswered=unanswered),
        now=censor,
        definitions=defs,
        records=tuple(all_records),
    )


# --- rebuilding enrollments from a flat export --------------------------------------

_EVENT_KEYS: Final = ("kind", "at", "step", "response", "call_result", "until", "variant", "id")


def _clean(value: object) -> object:
    """None for pandas' missing markers (NaN, NaT, NA); ints for whole floats and numpy ints."""
    if value is None:
        return None
    try:
        if value != value:  # NaN and NaT are not equal to themselves
            return None
    except (TypeError, ValueError):  # pandas.NA refuses to be a bool
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if not isinstance(value, int | str | datetime) and hasattr(value, "__index__"):
        return int(value)
    return value


def enrollments_from_rows(
    rows: Iterable[Mapping[str, object]],
    cadences: Mapping[str, Cadence] | Iterable[Cadence],
    *,
    calendar: BusinessCalendar | None = None,
    tz: str = "UTC",
    rules: Iterable[Rule] | None = None,
) -> list[Enrollment]:
    """Rebuild enrollments from a flat event export, one row per event.

    Each row is a mapping (a dict, or ``DataFrame.to_dict("records")``) with
    ``prospect``, ``cadence`` (its name) and ``started`` (when the prospect
    was enrolled; if absent, the earliest event of the enrollment), and the
    keys of :meth:`Event.to_dict`: ``kind``, ``at``, ``step``, ``response``,
    ``call_result``, ``until``, ``variant``, ``id``. Missing values may be
    None or pandas' NaN/NaT. Rows are grouped per (prospect, cadence,
    started) and replayed (:meth:`Enrollment.replay`), in the order each
    enrollment first appears. Errors name the row: ``rows[3].kind``.

    Example:
        >>> import cadencekit as ck
        >>> c = ck.Cadence("Intro", [ck.Touchpoint("email", 1), ck.Touchpoint("email", 3)])
        >>> rows = [
        ...     {"prospect": "ada", "cadence": "Intro", "kind": "touch", "step": 0,
        ...      "at": "2026-11-23T09:00:00+00:00"},
        ...     {"prospect": "ada", "cadence": "Intro", "kind": "reply", "response": "no",
        ...      "at": "2026-11-24T09:00:00+00:00"},
        ... ]
        >>> [e.exit_reason.value for e in ck.enrollments_from_rows(rows, [c])]
        ['declined']
    """
    if isinstance(cadences, Mapping):
        by_name = dict(cadences)
    else:
        by_name = {}
        for index, cadence in enumerate(cadences):
            if not isinstance(cadence, Cadence):
                raise InvalidFieldError(f"cadences[{index}]", cadence, "expected a Cadence")
            by_name[cadence.name] = cadence
    groups: dict[tuple[str, str, str | None], list[tuple[int, Event, datetime | None]]] = {}
    for index, row in enumerate(rows):
        path = f"rows[{index}]"
        if not isinstance(row, Mapping):
            raise SchemaError(path, row, "expected a mapping (a dict)")
        clean = {key: _clean(value) for key, value in row.items()}
        for key in ("prospect", "cadence"):
            value = clean.get(key)
            if not isinstance(value, str) or not value:
                raise SchemaError(f"{path}.{key}", row.get(key), "expected a non-empty string")
        name = clean["cadence"]
        assert isinstance(name, str)
        if name not in by_name:
            known = ", ".join(repr(n) for n in by_name) or "none"
            raise SchemaError(f"{path}.cadence", name, f"not among the cadences given ({known})")
        started_raw = clean.get("started")
        started = None
        if started_raw is not None:
            try:
                started = to_aware_datetime(started_raw, f"{path}.started")
            except InvalidFieldError as error:
                raise SchemaError(error.field, started_raw, error.expected) from None
        event = Event.from_dict({k: clean[k] for k in _EVENT_KEYS if k in clean}, path=path)
        group = (str(clean["prospect"]), name, None if started is None else started.isoformat())
        groups.setdefault(group, []).append((index, event, started))
    result = []
    for (prospect, name, _), items in groups.items():
        started = items[0][2] or min(event.at for _, event, _ in items)
        try:
            result.append(
                Enrollment.replay(
                    by_name[name],
                    prospect,
                    started,
                    [event for _, event, _ in items],
                    calendar=BusinessCalendar() if calendar is None else calendar,
                    tz=tz,
                    rules=rules,
                )
            )
        except SchemaError:
            raise
        except InvalidFieldError as error:
            raise SchemaError(
                f"rows[{items[0][0]}].{error.field}", error.value, error.expected
            ) from None
    return result
