"""Metrics: how well a cadence works, with the denominators said out loud.

Every rate is a :class:`Rate`: a numerator, a denominator, the value and a
Wilson score interval, so "31% reply rate" always comes with "of whom, and
how sure". :func:`report` folds enrollments into a :class:`CadenceReport`:
the rates the design lists, counts, time to first reply estimated with
Kaplan–Meier (active enrollments are censored, not dropped), the rep's
response time, breakdowns by step, channel and A/B variant, and a step
funnel. Two rates are compared with :func:`cadencekit.compare`
(in :mod:`cadencekit.stats`).

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
    >>> r = ck.report([ada, bob], min_at_risk=1)  # 10 by default: too few here
    >>> print(r.reply_rate)
    50.0% (1/2), 95% CI 9.5–90.5%
    >>> r.time_to_first_reply.median  # bob is still active: censored, not dropped
    datetime.timedelta(days=1, seconds=7200)
"""

from __future__ import annotations

import enum
from array import array
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from html import escape
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs

from ._columnar import report_groups
from ._convert import to_aware_datetime, to_list
from ._frozen import FrozenMap
from ._numbers import count, html_table, percent, percent_bare
from ._summaries import AT, Summary, summary_of
from ._text import capped, shown_lines
from .cadence import Cadence
from .calendar import BusinessCalendar
from .channels import Channel
from .enrollment import Enrollment, Status
from .errors import InvalidFieldError
from .events import CallResult, EventKind, Response
from .rules import ExitReason, Rule
from .stats import Rate
from .survival import Durations, SurvivalCurve
from .tables import EventTable

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "Breakdown",
    "Breakdowns",
    "CadenceReport",
    "Definitions",
    "FunnelStep",
    "ReportSummary",
    "merge_reports",
    "report",
]


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

    def formulas(self) -> dict[str, str]:
        """Every rate of a report under this profile, as numerator / denominator in words.

        The reply and positive reply rates follow ``reply_unit``; the rest
        are the same in every profile. A rep's response time runs from each
        engagement: a reply (but for ``not_replies``), a click, a
        micro-engagement.

        Example:
            >>> Definitions.ours().formulas()["micro_engagement_rate"]
            'prospects with a micro-engagement or a click / prospects touched'
            >>> Definitions.per_delivered_email().formulas()["positive_reply_rate"]
            'delivered email touches that drew a positive reply / delivered email touches'
        """
        reply, positive = {
            _Unit.PROSPECT: (
                "prospects with a reply / prospects touched",
                "prospects with a positive reply / prospects touched",
            ),
            _Unit.DELIVERED_EMAIL: (
                "delivered email touches that drew a reply / delivered email touches",
                "delivered email touches that drew a positive reply / delivered email touches",
            ),
            _Unit.OPENED_EMAIL: (
                "delivered email touches that drew a reply / delivered email touches opened",
                "delivered email touches that drew a positive reply / "
                "delivered email touches opened",
            ),
        }[_Unit(self.reply_unit)]
        excluded = ", ".join(sorted(r.value for r in self.not_replies)) or "none"
        return {
            "open_rate": "email touches opened / email touches delivered",
            "bounce_rate": "email touches bounced / email touches carried out",
            "reply_rate": f"{reply} (not replies: {excluded})",
            "positive_reply_rate": positive,
            "call_connection_rate": "calls connected / calls carried out",
            "meeting_booking_rate": "prospects with a meeting / prospects touched",
            "opt_out_rate": "prospects who opted out / prospects touched",
            "click_rate": "email touches clicked / email touches delivered",
            "meeting_rate_per_touch": "touches followed by a meeting / touches carried out",
            "opportunity_rate": "prospects with an opportunity / prospects touched",
            "lead_conversion_rate": "prospects converted to a contact / prospects touched",
            "micro_engagement_rate": (
                "prospects with a micro-engagement or a click / prospects touched"
            ),
            "conversion_rate": "enrollments ended positive_reply or meeting_booked / "
            "enrollments ended",
            "completion_rate": "enrollments ended completed / enrollments ended",
            "rep_response_time": (
                f"from each reply (not {excluded}), click or micro-engagement "
                "to the rep's next manual touch"
            ),
        }

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


# --- counting -----------------------------------------------------------------------

# Flags on one touch (and on one prospect, OR-ed over its touches).
_OPENED: Final = 1
_BOUNCED: Final = 2
_REPLIED: Final = 4
_POSITIVE: Final = 8
_MEETING: Final = 16
_OPTED_OUT: Final = 32
_CONNECTED: Final = 64
_CLICKED: Final = 128
_OPPORTUNITY: Final = 256
_CONVERTED: Final = 512
_ENGAGED: Final = 1024  # a micro-engagement or a click (on a prospect); an engagement (on a touch)

_STEP, _CHANNEL, _VARIANT, _FLAGS, _ENGAGEMENTS = 0, 1, 2, 3, 4
_NO_TIME: Final = timedelta(0)


_RATE_NAMES: Final = (
    "open_rate",
    "bounce_rate",
    "reply_rate",
    "positive_reply_rate",
    "call_connection_rate",
    "meeting_booking_rate",
    "opt_out_rate",
    "click_rate",
    "meeting_rate_per_touch",
    "opportunity_rate",
    "lead_conversion_rate",
    "micro_engagement_rate",
)


class _Tally:
    """Counters for one group (the whole report, a step, a channel, a variant)."""

    __slots__ = (
        "calls",
        "connected",
        "converted",
        "email_bounced",
        "email_clicked",
        "email_delivered",
        "email_opened",
        "email_opened_or_replied",
        "email_positive",
        "email_replied",
        "email_sent",
        "engaged",
        "engagements",
        "meetings",
        "opportunities",
        "opted_out",
        "positive",
        "prospects",
        "replied",
        "touches",
        "touches_met",
    )

    def __init__(self) -> None:
        self.touches = self.email_sent = self.email_bounced = self.email_delivered = 0
        self.email_opened = self.email_opened_or_replied = self.email_clicked = 0
        self.email_replied = self.email_positive = 0
        self.calls = self.connected = self.touches_met = self.engagements = 0
        self.prospects = self.replied = self.positive = self.meetings = self.opted_out = 0
        self.opportunities = self.converted = self.engaged = 0

    def touch(self, channel: Channel, flags: int, engagements: int, times: int = 1) -> None:
        """Count ``times`` touches of one kind: their channel, flags and engagements."""
        self.touches += times
        self.engagements += engagements * times
        if flags & _MEETING:
            self.touches_met += times
        if channel is Channel.EMAIL:
            self.email_sent += times
            if flags & _BOUNCED:
                self.email_bounced += times
                return
            self.email_delivered += times
            if flags & _OPENED:
                self.email_opened += times
            if flags & _CLICKED:
                self.email_clicked += times
            if flags & (_OPENED | _REPLIED):
                self.email_opened_or_replied += times
            if flags & _REPLIED:
                self.email_replied += times
            if flags & _POSITIVE:
                self.email_positive += times
        elif channel is Channel.CALL:
            self.calls += times
            if flags & _CONNECTED:
                self.connected += times

    def prospect(self, flags: int, times: int = 1) -> None:
        """Count ``times`` prospects whose touches and events set ``flags``."""
        self.prospects += times
        if flags & _REPLIED:
            self.replied += times
        if flags & _POSITIVE:
            self.positive += times
        if flags & _MEETING:
            self.meetings += times
        if flags & _OPTED_OUT:
            self.opted_out += times
        if flags & (_OPPORTUNITY | _CONVERTED | _ENGAGED | _CLICKED):
            if flags & _OPPORTUNITY:
                self.opportunities += times
            if flags & _CONVERTED:
                self.converted += times
            if flags & (_ENGAGED | _CLICKED):
                self.engaged += times

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
            click_rate=Rate(self.email_clicked, self.email_delivered),
            meeting_rate_per_touch=Rate(self.touches_met, self.touches),
            opportunity_rate=Rate(self.opportunities, self.prospects),
            lead_conversion_rate=Rate(self.converted, self.prospects),
            micro_engagement_rate=Rate(self.engaged, self.prospects),
            micro_engagements=self.engagements,
        )


def _no_rate() -> Rate:
    return Rate(0, 0)


@attrs.frozen
class Breakdown:
    """The rates of one slice of a report: a step, a channel or an A/B variant.

    The definitions are the report's, restricted to the slice: touch rates
    count the slice's touches; prospect rates divide the prospects touched
    in the slice into those whose reply (meeting, opt-out, opportunity,
    conversion, micro-engagement) belongs to one of its touches: an event
    belongs to the last touch before it; an open or click to the latest
    touch of its step. ``micro_engagements`` counts the engagement events
    that belong to the slice's touches.

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
    click_rate: Rate = attrs.field(factory=_no_rate, kw_only=True)
    meeting_rate_per_touch: Rate = attrs.field(factory=_no_rate, kw_only=True)
    opportunity_rate: Rate = attrs.field(factory=_no_rate, kw_only=True)
    lead_conversion_rate: Rate = attrs.field(factory=_no_rate, kw_only=True)
    micro_engagement_rate: Rate = attrs.field(factory=_no_rate, kw_only=True)
    micro_engagements: int = attrs.field(default=0, kw_only=True)

    @property
    def micro_engagements_per_prospect(self) -> float | None:
        """Micro-engagements per prospect touched in the slice (None: nobody touched).

        Example:
            >>> Breakdown(4, 9, *[Rate(0, 0)] * 7, micro_engagements=6).micro_engagements_per_prospect
            1.5
        """
        return self.micro_engagements / self.prospects if self.prospects else None

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
            "micro_engagements": self.micro_engagements,
            **{name: rate.to_dict() for name, rate in self.rates().items()},
        }


_Key = TypeVar("_Key")


def _rate_label(name: str) -> str:
    """``'reply_rate'`` -> ``'reply'``, ``'meeting_rate_per_touch'`` -> ``'meeting per touch'``."""
    return name.replace("_rate_per_", "_per_").removesuffix("_rate").replace("_", " ")


class Breakdowns(dict[_Key, Breakdown]):
    """The slices of a report (by step, channel or variant): a dict that shows as a table.

    A plain ``dict`` of :class:`Breakdown` by key, with ``to_records()``
    (one row per slice and rate, ready for ``pandas.DataFrame``), a text
    table for ``print`` and an HTML table for notebooks.

    Example:
        >>> import cadencekit as ck
        >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1)])
        >>> e = ck.Enrollment.replay(c, "p", "2026-11-23T08:00:00+00:00",
        ...                          [ck.Event.touch("2026-11-23T09:00:00+00:00", 0)])
        >>> print(ck.report([e]).by_step())
        step  prospects  touches  open                reply               positive reply      meeting booking
        0     1          1        0.0% (0/1)          0.0% (0/1)          0.0% (0/1)          0.0% (0/1)
    """

    __slots__ = ("by",)

    _COLUMNS: Final = ("open_rate", "reply_rate", "positive_reply_rate", "meeting_booking_rate")

    def __init__(self, by: str, items: Iterable[tuple[_Key, Breakdown]] = ()) -> None:
        super().__init__(items)
        self.by = by

    def _key(self, key: object) -> str:
        if isinstance(key, enum.Enum):
            return str(key.value)
        return "(none)" if key is None else str(key)

    def to_records(self) -> list[dict[str, object]]:
        """One plain dict per slice and rate: ``by``, ``key``, ``metric``, counts, value, bounds.

        Example:
            >>> from cadencekit import report
            >>> report([]).by_channel().to_records()
            []
        """
        return [
            {"by": self.by, "key": self._key(key), "metric": name, **rate.to_dict()}
            for key, breakdown in self.items()
            for name, rate in breakdown.rates().items()
        ]

    def _rows(self, cell: Callable[[Rate], str]) -> list[list[str]]:
        return [
            [self._key(key), str(b.prospects), str(b.touches)]
            + [cell(getattr(b, name)) for name in self._COLUMNS]
            for key, b in self.items()
        ]

    def _heads(self) -> list[str]:
        names = [n.removesuffix("_rate").replace("_", " ") for n in self._COLUMNS]
        return [self.by, "prospects", "touches", *names]

    def __str__(self) -> str:
        def short(rate: Rate) -> str:
            value = rate.value
            return (
                f"n/a ({rate.numerator}/{rate.denominator})"
                if value is None
                else (f"{percent(value)} ({rate.numerator}/{rate.denominator})")
            )

        rows = [self._heads(), *self._rows(short)]
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        widths[3:] = [max(w, 18) for w in widths[3:]]
        lines = [
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in rows
        ]
        return "\n".join([lines[0], *shown_lines(lines[1:], "slices")])

    def __repr__(self) -> str:
        """One line: what the slices are by, and their keys (``print`` shows the table).

        Example:
            >>> import cadencekit as ck
            >>> ck.report([]).by_channel()
            Breakdowns(by='channel', 0 slices)
        """
        keys = [self._key(key) for key in self]
        shown = ", ".join(keys[:6]) + (f", … {len(keys) - 6} more" if len(keys) > 6 else "")
        count = len(keys)
        return capped(
            f"Breakdowns(by={self.by!r}, {count} slice{'s' if count != 1 else ''}"
            + (f": {shown})" if keys else ")")
        )

    def _repr_html_(self) -> str:
        """An HTML table: one row per slice, the rates with their intervals."""
        return html_table(self._heads(), self._rows(str), caption=f"by {self.by}")


@attrs.frozen
class FunnelStep:
    """One step of the funnel: prospects who reached it, and the replies it drew.

    ``reached`` counts prospects touched at the step (over ``enrolled``);
    ``replied`` counts prospects whose reply belongs to this step's touch.
    ``channel`` is the channel most of the step's touches used (a tie: the
    first in :class:`Channel`'s order), whatever order the enrollments
    came in.

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


# A touch record: (step, channel, variant, flags, engagements). A touched enrollment is
# kept as its shape: one flat tuple of its prospect flags, its engagements before any
# touch, then _SLOTS items a touch. A report counts its enrollments by shape (most share
# one with many others: a million events make a few thousand shapes) and reads the
# breakdowns from the counts; merging reports adds the counts. _touches reads a shape's
# records back as tuples.
_Record = tuple[Any, ...]
_Shape = tuple[Any, ...]
_SLOTS: Final = 5
_HEAD: Final = 2  # the prospect's flags and loose engagements, before the records


def _touches(shape: _Shape) -> Iterator[_Record]:
    """An enrollment's touch records, one tuple each, from its shape."""
    items = iter(shape)
    next(items)
    next(items)
    return zip(*[items] * _SLOTS, strict=True)


# Engagements a rep answers, in the order a report keeps their waits: each engagement's
# wait to the next manual touch, then to the next touch of any kind.
_ANSWERED: Final = (EventKind.REPLY, EventKind.CLICK, EventKind.ENGAGEMENT)
_WAITS: Final = 2 * len(_ANSWERED)


def _wait_lists() -> tuple[array[float], ...]:
    return tuple(array("d") for _ in range(_WAITS))


def _frozen_counts(value: Mapping[ExitReason, int]) -> FrozenMap[ExitReason, int]:
    """The exit counts as a read-only mapping: a report cannot be edited."""
    return FrozenMap(value)


@attrs.frozen(repr=False)
class CadenceReport:
    """What :func:`report` found: rates, counts, time to reply, breakdowns.

    Attributes:
        enrolled, touched, active, paused, ended: enrollment counts
            (``touched``: at least one touch recorded).
        ended_by: ended enrollments by :class:`ExitReason`.
        open_rate ... micro_engagement_rate, conversion_rate, completion_rate:
            :class:`Rate` values, as defined in docs/metrics.md and by
            ``definitions`` (:meth:`Definitions.formulas`).
        micro_engagements: engagement events of the prospects touched.
        time_to_first_reply: a Kaplan–Meier :class:`SurvivalCurve`.
        rep_response_time: :class:`Durations` from each engagement (a reply,
            a click, a micro-engagement) to the rep's next manual touch; see
            :meth:`response_time`.
        now: the moment active enrollments were censored at.
        definitions: the :class:`Definitions` used.

    Reports of partitions merge into the report of the whole with
    :func:`merge_reports`: a report keeps its enrollments counted by what
    they count as (not the enrollments), each engagement's wait to the next
    touch, and the starts of the enrollments censored at ``now``.

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
    ended_by: Mapping[ExitReason, int] = attrs.field(converter=_frozen_counts)
    open_rate: Rate
    bounce_rate: Rate
    reply_rate: Rate
    positive_reply_rate: Rate
    call_connection_rate: Rate
    meeting_booking_rate: Rate
    conversion_rate: Rate
    completion_rate: Rate
    opt_out_rate: Rate
    click_rate: Rate
    meeting_rate_per_touch: Rate
    opportunity_rate: Rate
    lead_conversion_rate: Rate
    micro_engagement_rate: Rate
    micro_engagements: int
    time_to_first_reply: SurvivalCurve
    rep_response_time: Durations
    now: datetime | None
    definitions: Definitions
    # What merge_reports needs beyond the fields: the enrollments by shape (the
    # breakdowns), the wait of each engagement to the next manual and the next touch in
    # seconds with those never answered (response times), the UTC starts of the
    # enrollments censored at `now` (the curve at another `now`), and whether `now` was
    # given or is the latest event.
    _shapes: Mapping[_Shape, int] = attrs.field(alias="shapes", eq=False)
    _waits: tuple[array[float], ...] = attrs.field(alias="waits", eq=False)
    _unanswered: tuple[int, ...] = attrs.field(alias="unanswered", eq=False)
    _open_since: tuple[datetime, ...] = attrs.field(alias="open_since", eq=False)
    _now_given: bool = attrs.field(alias="now_given", eq=False)

    @property
    def micro_engagements_per_prospect(self) -> float | None:
        """Micro-engagements (engagement events) per prospect touched; None when nobody was.

        Example:
            >>> report([]).micro_engagements_per_prospect is None
            True
        """
        return self.micro_engagements / self.touched if self.touched else None

    def response_time(
        self,
        *,
        after: EventKind | str | Iterable[EventKind | str] = ("reply", "click", "engagement"),
        touches: str = "manual",
    ) -> Durations:
        """How quickly reps follow up: from each engagement to the next touch of that prospect.

        :attr:`rep_response_time` is ``response_time()``: from each reply
        (other than the profile's ``not_replies``), click and
        micro-engagement (a returned call is one) to the rep's next manual
        touch (a step whose :attr:`Touchpoint.automated` is False). An
        engagement never followed up counts as ``unanswered``.

        Args:
            after: the engagements the clock starts at: any of ``"reply"``,
                ``"click"``, ``"engagement"``. ``after="reply"`` measures
                replies only.
            touches: ``"manual"`` (the rep's own touches) or ``"any"`` (an
                automated email too: the measure before version 2 was
                ``response_time(after="reply", touches="any")``).

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("email", 2),
            ...                      ck.Touchpoint("call", 3)])
            >>> e = ck.Enrollment.replay(c, "p", "2026-11-23T08:00:00+00:00", [
            ...     ck.Event.touch("2026-11-23T09:00:00+00:00", 0),
            ...     ck.Event.click("2026-11-23T10:00:00+00:00", 0),
            ...     ck.Event.reply("2026-11-23T12:00:00+00:00", "other"),
            ...     ck.Event.touch("2026-11-24T09:00:00+00:00", 1),  # the automated email
            ...     ck.Event.touch("2026-11-25T09:00:00+00:00", 2),  # the rep's call
            ... ])
            >>> r = ck.report([e])
            >>> [str(d) for d in (r.rep_response_time.median, r.response_time(after="reply").median)]
            ['1 day, 22:00:00', '1 day, 21:00:00']
            >>> r.response_time(after="reply", touches="any").median
            datetime.timedelta(seconds=75600)
        """
        kinds = _engagement_kinds(after)
        if touches not in ("manual", "any"):
            raise InvalidFieldError("touches", touches, "expected 'manual' or 'any'")
        which = [
            2 * index + (touches == "any") for index, kind in enumerate(_ANSWERED) if kind in kinds
        ]
        return _durations(self._waits, self._unanswered, which)

    # -- breakdowns ------------------------------------------------------------------
    def _tallies(self, key: Callable[[_Record], Hashable | None]) -> dict[Any, _Tally]:
        tallies: dict[Any, _Tally] = {}
        for shape, times in self._shapes.items():
            seen: dict[Any, int] = {}
            for record in _touches(shape):
                k = key(record)
                if k is None:  # not in any slice asked for
                    continue
                tally = tallies.get(k)
                if tally is None:
                    tally = tallies[k] = _Tally()
                flags = record[_FLAGS]
                tally.touch(record[_CHANNEL], flags, record[_ENGAGEMENTS], times)
                seen[k] = seen.get(k, 0) | flags
            for k, flags in seen.items():
                tallies[k].prospect(flags, times)
        return tallies

    def _group(self, key: Callable[[_Record], Hashable | None]) -> dict[Any, Breakdown]:
        tallies = self._tallies(key)
        unit = self.definitions.reply_unit
        return {k: tallies[k].breakdown(unit) for k in tallies}

    def by_step(self) -> Breakdowns[int]:
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
        return Breakdowns("step", ((step, found[step]) for step in sorted(found)))

    def by_channel(self) -> Breakdowns[Channel]:
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
        return Breakdowns("channel", ((c, found[c]) for c in Channel if c in found))

    def by_variant(self, step: int) -> Breakdowns[str | None]:
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
        step = count(step, "step")
        found = self._group(lambda record: (record[_VARIANT],) if record[_STEP] == step else None)
        keys = sorted(found, key=lambda k: (k[0] is None, k[0] or ""))
        return Breakdowns("variant", ((k[0], found[k]) for k in keys))

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
        touches: dict[tuple[int, Channel], int] = {}  # by step and channel
        for shape, times in self._shapes.items():
            for record in _touches(shape):
                at = (record[_STEP], record[_CHANNEL])
                touches[at] = touches.get(at, 0) + times
        channels: dict[int, Channel] = {}
        for channel in reversed(Channel):  # the most touches; a tie: the first channel
            for (step, used), n in touches.items():
                if used is channel:
                    best = channels.get(step)
                    if best is None or n >= touches[step, best]:
                        channels[step] = channel
        steps = self._tallies(lambda record: record[_STEP])
        return tuple(
            FunnelStep(
                step,
                channels[step],
                Rate(steps[step].prospects, self.enrolled),
                steps[step].replied,  # prospects with a reply that belongs to the step
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
            "micro_engagements": self.micro_engagements,
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
        width = max(len(_rate_label(name)) for name in self.rates()) + 2
        ended = ", ".join(f"{r.value} {n}" for r, n in self.ended_by.items()) or "none"
        lines = [
            f"{self.enrolled} enrolled, {self.touched} touched, {self.active} active, "
            f"{self.paused} paused, {self.ended} ended ({ended})",
        ]
        for name, rate in self.rates().items():
            label = _rate_label(name)
            lines.append(f"  {label:<{width}} {rate}")
        lines.append(f"  micro-engagements:   {self._engagement_text()}")
        lines.append(f"  time to first reply: {self.time_to_first_reply}")
        lines.append(f"  rep response time:   {self.rep_response_time}")
        lines.append(f"definitions: {self.definitions.name}: {self.definitions.formula}")
        return "\n".join(lines)

    def _engagement_text(self) -> str:
        per = self.micro_engagements_per_prospect
        each = "n/a" if per is None else f"{per:.2f}"
        return f"{self.micro_engagements} ({each} per prospect touched)"

    def __repr__(self) -> str:
        return (
            f"CadenceReport({self.enrolled} enrolled, reply rate {self.reply_rate}, "
            f"definitions {self.definitions.name!r})"
        )

    def summary(self, *, min_denominator: int = 100) -> ReportSummary:
        """A one-page text and HTML summary: rates, funnel, time to reply, warnings.

        Args:
            min_denominator: a rate on fewer cases than this gets a warning
                (at 100, a 95% interval is still about ±10 points wide).

        Example:
            >>> print(report([]).summary().sections[0][1][0])
            0 enrolled, 0 touched, 0 active, 0 paused, 0 ended
        """
        if isinstance(min_denominator, bool) or not isinstance(min_denominator, int):
            raise InvalidFieldError("min_denominator", min_denominator, "expected a whole number")
        units = {
            "open_rate": "email touches delivered",
            "click_rate": "email touches delivered",
            "meeting_rate_per_touch": "touches",
            "bounce_rate": "email touches",
            "call_connection_rate": "calls",
            "conversion_rate": "enrollments ended",
            "completion_rate": "enrollments ended",
        }
        headline = [
            f"{self.enrolled} enrolled, {self.touched} touched, {self.active} active, "
            f"{self.paused} paused, {self.ended} ended",
        ]
        warnings = []
        width = max(len(_rate_label(name)) for name in self.rates()) + 1
        for name, rate in self.rates().items():
            label = _rate_label(name)
            headline.append(f"  {label:<{width}} {rate}")
            bounds = rate.interval()
            if rate.denominator == 0:
                continue
            if rate.denominator < min_denominator and bounds is not None:
                unit = units.get(name, "prospects touched")
                warnings.append(
                    f"{name.replace('_', ' ')}: {rate.denominator} {unit} is below {min_denominator}: the "
                    f"interval spans {percent_bare(bounds[0])}-{percent(bounds[1])}, "
                    "too wide to act on"
                )
        headline.append(f"  {'micro-engagements':<{width}} {self._engagement_text()}")
        funnel = [f"  {step}" for step in self.funnel()] or ["  no touches yet"]
        curve = self.time_to_first_reply
        reply = [f"  {curve}", "  day  at risk  still waiting"]
        day = timedelta(days=1)
        stops = curve.stops_at
        for days in _DAYS_SHOWN:
            moment = days * day
            if stops is not None and moment >= stops:
                break
            waiting = 1.0
            for time, share in zip(curve.times, curve.survival, strict=True):
                if time > moment:
                    break
                waiting = share
            reply.append(f"  {days:>3}  {curve.at_risk_at(moment):>7}  {percent(waiting):>13}")
        if stops is not None:
            reply.append(
                f"  (stops at {stops / day:.1f} days: fewer than {curve.min_at_risk} at risk)"
            )
        reply.append("  untouched prospects are not on the curve; replies after an")
        reply.append("  enrollment ended count as replies but are censored at its end")
        return ReportSummary(
            f"Cadence report ({self.definitions.name} definitions)",
            (
                ("Headline", tuple(headline)),
                ("Funnel", tuple(funnel)),
                ("Time to first reply", tuple(reply)),
                ("Rep response time", (f"  {self.rep_response_time}",)),
            ),
            tuple(warnings),
        )

    def plot(self, ax: Sequence[Axes] | None = None) -> tuple[Axes, Axes]:
        """Draw the step funnel and the time-to-first-reply curve; needs the ``plot`` extra.

        Left: the share of prospects who reached each step (bars, with their
        Wilson intervals) and the replies each step drew. Right: the
        Kaplan–Meier curve of the share of touched prospects still without
        a reply, by days since enrollment, with its confidence band; ticks
        mark censored prospects, the row under the axis gives the number
        still at risk, and the curve stops (a dotted line) where fewer than
        ``min_at_risk`` remain. matplotlib is imported here, never by
        ``import cadencekit``.

        Args:
            ax: two matplotlib Axes to draw on; None makes a new figure (with
                pyplot, so a notebook shows it, once).

        Returns:
            The two Axes, like :meth:`Schedule.plot` returns its one.

        Example:
            >>> import cadencekit as ck
            >>> from matplotlib.figure import Figure
            >>> runs = ck.simulate(ck.presets.eight_touch(), 40, model=ck.ResponseModel(),
            ...                    seed=1, start="2026-11-02T08:00:00-05:00")
            >>> left, right = ck.report(runs).plot(Figure().subplots(1, 2))
            >>> right.get_title()
            'Time to first reply (Kaplan–Meier)'
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
        if ax is None:
            from matplotlib import pyplot

            _, (left, right) = pyplot.subplots(1, 2, figsize=(11, 4), layout="constrained")
        else:
            pair = () if isinstance(ax, str) else tuple(ax) if isinstance(ax, Iterable) else ()
            if len(pair) != 2:
                raise InvalidFieldError("ax", ax, "expected two matplotlib Axes, or None")
            left, right = pair
        report_panels(self, left, right)
        return left, right

    def _repr_html_(self) -> str:
        """An HTML table of the rates, for notebooks."""
        from html import escape  # only notebooks need it

        rows = []
        for name, rate in self.rates().items():
            bounds = rate.interval()
            value = "n/a" if rate.value is None else percent(rate.value)
            ci = "" if bounds is None else f"{percent_bare(bounds[0])}–{percent(bounds[1])}"
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


@attrs.frozen(repr=False)
class ReportSummary:
    """A one-page summary of a report, for a sales manager: text and HTML.

    ``sections`` are ``(title, lines)`` pairs: the headline rates with
    their intervals, the funnel, the time to first reply with the number
    still at risk, the rep's response time. ``warnings`` name every rate
    whose denominator is too small to say much. ``str()`` is the text page;
    a notebook shows the HTML page.

    Example:
        >>> import cadencekit as ck
        >>> runs = ck.simulate(ck.presets.eight_touch(), 40, model=ck.ResponseModel(),
        ...                    seed=1, start="2026-11-02T08:00:00-05:00")
        >>> page = ck.report(runs).summary()
        >>> [title for title, _ in page.sections]
        ['Headline', 'Funnel', 'Time to first reply', 'Rep response time']
        >>> [w for w in page.warnings if w.startswith("reply rate")]  # doctest: +ELLIPSIS
        ['reply rate: 40 prospects touched is below 100: the interval spans ...%, too wide to act on']
    """

    title: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]
    warnings: tuple[str, ...]

    def __str__(self) -> str:
        lines = [self.title, "=" * len(self.title)]
        for heading, body in self.sections:
            lines += ["", heading, "-" * len(heading), *body]
        if self.warnings:
            lines += ["", "Warnings", "--------", *(f"! {w}" for w in self.warnings)]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"ReportSummary({self.title!r}, {len(self.warnings)} warnings)"

    def _repr_html_(self) -> str:
        """The page as HTML: a heading and a list per section."""
        parts = [f"<h3>{escape(self.title)}</h3>"]
        for heading, body in self.sections:
            items = "".join(f"<li>{escape(line.strip())}</li>" for line in body)
            parts.append(f"<h4>{escape(heading)}</h4><ul>{items}</ul>")
        if self.warnings:
            items = "".join(f"<li>{escape(w)}</li>" for w in self.warnings)
            parts.append(f"<h4>Warnings</h4><ul style='color:#a33'>{items}</ul>")
        return "<div>" + "".join(parts) + "</div>"


_DAYS_SHOWN: Final = (0, 1, 2, 3, 5, 7, 10, 14, 21, 28, 42, 56)

# What a prospect does that a rep should answer: a reply, a click, a micro-engagement.
_ENGAGING: Final = frozenset({EventKind.REPLY, EventKind.CLICK, EventKind.ENGAGEMENT})


def _engagement_kinds(value: object) -> frozenset[EventKind]:
    items = [value] if isinstance(value, str | EventKind) else value
    expected = "expected 'reply', 'click', 'engagement', or several of them"
    if not isinstance(items, Iterable):
        raise InvalidFieldError("after", value, expected)
    kinds = set()
    for item in items:
        try:
            kind = EventKind(item.strip().lower() if isinstance(item, str) else item)
        except ValueError:
            kind = None
        if kind not in _ENGAGING:
            raise InvalidFieldError("after", item, expected)
        kinds.add(kind)
    if not kinds:
        raise InvalidFieldError("after", value, expected)
    return frozenset(kinds)


_REPLY_WAITS, _CLICK_WAITS, _ENGAGEMENT_WAITS = 0, 2, 4  # where _waits keeps each kind's
_MANUAL_WAITS: Final = (_REPLY_WAITS, _CLICK_WAITS, _ENGAGEMENT_WAITS)


def _durations(
    waits: Sequence[array[float]], unanswered: Sequence[int], which: Iterable[int]
) -> Durations:
    """The response times of the wait lists ``which`` (see :data:`_ANSWERED`)."""
    seconds = array("d")
    left = 0
    for index in which:
        seconds += waits[index]
        left += unanswered[index]
    return Durations._of_seconds(seconds, left)


def _before(a: datetime, b: datetime) -> bool:
    """Of one instant written twice, whether ``a`` is the one a report keeps: the lesser offset.

    ``now`` is the latest event, and two prospects' latest events may be one
    instant in two offsets: the choice must not depend on their order.
    """
    return a.utcoffset() < b.utcoffset()  # type: ignore[operator]


def _latest(moments: Iterable[datetime]) -> datetime | None:
    """The latest of aware ``moments`` (of one instant, the lesser offset), or None."""
    latest: datetime | None = None
    for at in moments:
        if latest is None or at > latest or (at == latest and _before(at, latest)):
            latest = at
    return latest


def _censor(
    table: dict[timedelta, list[int]], starts: Sequence[datetime], now: datetime | None, sign: int
) -> None:
    """Add (``sign`` 1) or take out (-1) the enrollments begun at ``starts``, censored at ``now``."""
    if not starts:
        return
    assert now is not None  # an enrollment was touched: there is a latest event
    end = now.astimezone(UTC)
    for begun in starts:
        duration = max(end - begun, _NO_TIME)
        cell = table.get(duration)
        if cell is None:
            cell = table[duration] = [0, 0]
        cell[1] += sign
        if not (cell[0] or cell[1]):
            del table[duration]


def _assemble(
    definitions: Definitions,
    min_at_risk: int,
    *,
    counts: tuple[int, int, int, int, int],
    ended_by: Mapping[ExitReason, int],
    shapes: Mapping[_Shape, int],
    table: Mapping[timedelta, list[int]],
    waits: tuple[array[float], ...],
    unanswered: Sequence[int],
    open_since: tuple[datetime, ...],
    now: datetime | None,
    now_given: bool,
) -> CadenceReport:
    """A report from what reports merge: its counts, shapes, curve table and waits."""
    enrolled, touched, active, paused, ended = counts
    whole = _Tally()
    kinds: dict[tuple[Channel, int, int], int] = {}  # touches of each kind
    prospects: dict[int, int] = {}  # prospects touched, by their flags
    for shape, times in shapes.items():
        flags, loose = shape[0], shape[1]
        prospects[flags] = prospects.get(flags, 0) + times
        whole.engagements += loose * times
        kinds_of = zip(  # each touch by what it counts as, tallied once a kind below
            shape[_HEAD + _CHANNEL :: _SLOTS],
            shape[_HEAD + _FLAGS :: _SLOTS],
            shape[_HEAD + _ENGAGEMENTS :: _SLOTS],
            strict=True,
        )
        for kind in kinds_of:
            kinds[kind] = kinds.get(kind, 0) + times
    for (channel, touch_flags, engagements), times in kinds.items():
        whole.touch(channel, touch_flags, engagements, times)
    for prospect_flags, times in prospects.items():
        whole.prospect(prospect_flags, times)
    overall = whole.breakdown(definitions.reply_unit)
    won = ended_by.get(ExitReason.POSITIVE_REPLY, 0) + ended_by.get(ExitReason.MEETING_BOOKED, 0)
    return CadenceReport(
        enrolled=enrolled,
        touched=touched,
        active=active,
        paused=paused,
        ended=ended,
        ended_by={reason: ended_by[reason] for reason in ExitReason if ended_by.get(reason)},
        open_rate=overall.open_rate,
        bounce_rate=overall.bounce_rate,
        reply_rate=overall.reply_rate,
        positive_reply_rate=overall.positive_reply_rate,
        call_connection_rate=overall.call_connection_rate,
        meeting_booking_rate=overall.meeting_booking_rate,
        conversion_rate=Rate(won, ended),
        completion_rate=Rate(ended_by.get(ExitReason.COMPLETED, 0), ended),
        opt_out_rate=overall.opt_out_rate,
        click_rate=overall.click_rate,
        meeting_rate_per_touch=overall.meeting_rate_per_touch,
        opportunity_rate=overall.opportunity_rate,
        lead_conversion_rate=overall.lead_conversion_rate,
        micro_engagement_rate=overall.micro_engagement_rate,
        micro_engagements=overall.micro_engagements,
        time_to_first_reply=SurvivalCurve._of_table(table, 0.95, min_at_risk),
        rep_response_time=_durations(waits, unanswered, _MANUAL_WAITS),
        now=now,
        definitions=definitions,
        shapes=shapes,
        waits=waits,
        unanswered=tuple(unanswered),
        open_since=open_since,
        now_given=now_given,
    )


def _definitions(value: Definitions | str) -> Definitions:
    if isinstance(value, Definitions):
        return value
    return Definitions.named(value)


def report(
    enrollments: Iterable[Enrollment] | EventTable,
    *,
    now: datetime | str | None = None,
    definitions: Definitions | str = "ours",
    min_at_risk: int = 10,
    cadences: Cadence | Mapping[str, Cadence] | Iterable[Cadence] | None = None,
    calendar: BusinessCalendar | None = None,
    tz: str | tzinfo = "UTC",
    rules: Iterable[Rule] | None = None,
    rep_calendars: Mapping[str, BusinessCalendar] | None = None,
) -> CadenceReport:
    """Fold enrollments into a :class:`CadenceReport`.

    Args:
        enrollments: the enrollments to measure (one cadence, usually), or
            an :class:`~cadencekit.EventTable` from
            :func:`~cadencekit.read_events` with its ``cadences``: the
            report of ``replay_many(table, cadences, ...)``, equal to it,
            worked out without building the enrollments (see
            docs/export.md).
        now: the moment active and paused enrollments are censored at for
            the time to first reply; None means the latest event (or start)
            in the data (of one instant written in two offsets, the lesser
            offset). No clock is read. Status is counted as of ``now``: an
            enrollment whose dated pause ended by ``now`` counts as active.
        definitions: a :class:`Definitions` profile or its name.
        min_at_risk: the time-to-first-reply curve, its median and quartiles
            stop where fewer than this many prospects remain at risk (1:
            never). Untouched prospects are not on the curve; a reply after
            an enrollment ended counts in the rates but is censored at the
            end on the curve.
        cadences: with an :class:`~cadencekit.EventTable` (and only then,
            required): the cadence of every row, or the cadences by name,
            as :func:`~cadencekit.replay_many` takes them.
        calendar: with a table: the prospects' business days, as
            :func:`~cadencekit.replay_many` takes it.
        tz: with a table: the prospects' zone for rows without a ``tz``.
        rules: with a table: what events do (the defaults when None).
        rep_calendars: with a table: each owner's own days off.

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

        The same from the export's rows, without building the enrollment:

        >>> started = "2026-11-23T08:00:00+00:00"
        >>> rows = [
        ...     {"prospect": "p", "started": started, "kind": "touch", "step": 0,
        ...      "at": "2026-11-23T09:00:00+00:00"},
        ...     {"prospect": "p", "started": started, "kind": "bounce", "step": 0,
        ...      "at": "2026-11-23T09:00:05+00:00"},
        ... ]
        >>> ck.report(ck.read_events(rows), cadences=c) == ck.report([e])
        True
    """
    return _report(
        enrollments,
        now=now,
        definitions=definitions,
        min_at_risk=min_at_risk,
        cadences=cadences,
        calendar=calendar,
        tz=tz,
        rules=rules,
        rep_calendars=rep_calendars,
    )


def merge_reports(reports: Iterable[CadenceReport]) -> CadenceReport:
    """The report of the union of the data the ``reports`` were made of.

    Report each partition of the enrollments (or of an export's rows, every
    enrollment's rows in one partition) and merge: the result equals the
    report of all of them, field for field: every count and rate, the
    breakdowns, the funnel, the time-to-first-reply curve, the response
    times, ``now`` and ``to_dict()``. Merging is associative and the order
    of ``reports`` does not matter, so a cluster can reduce partition
    reports in any tree (see docs/scaling.md).

    ``now``: if every report was made with ``now=None``, the merge's is the
    latest event of them all (enrollments still active are censored there,
    as in one report of everything). If every report was given the same
    ``now``, the merge has it. A mixture, or two different ``now``, is
    refused: one report of the union cannot censor at two moments.

    Args:
        reports: one or more :class:`CadenceReport`, made with the same
            definitions and ``min_at_risk``. One report merges to itself.

    Raises:
        InvalidFieldError: no report, something that is not a report, or
            reports that disagree on their definitions, ``min_at_risk`` or
            ``now``.

    Example:
        >>> import cadencekit as ck
        >>> runs = ck.simulate(ck.presets.eight_touch(), 60, model=ck.ResponseModel(),
        ...                    seed=3, start="2026-11-02T08:00:00-05:00")
        >>> parts = [ck.report(runs[:25]), ck.report(runs[25:])]
        >>> ck.merge_reports(parts) == ck.report(runs)
        True
        >>> ck.merge_reports(parts).by_step() == ck.report(runs).by_step()
        True
    """
    if isinstance(reports, CadenceReport | str | bytes | Mapping) or not isinstance(
        reports, Iterable
    ):
        raise InvalidFieldError("reports", reports, "expected an iterable of CadenceReport")
    listed = list(reports)
    for index, item in enumerate(listed):
        if not isinstance(item, CadenceReport):
            raise InvalidFieldError(f"reports[{index}]", item, "expected a CadenceReport")
    if not listed:
        raise InvalidFieldError(
            "reports", listed, "expected at least one CadenceReport: none has no definitions"
        )
    if len(listed) == 1:
        return listed[0]
    first = listed[0]
    definitions = first.definitions
    min_at_risk = first.time_to_first_reply.min_at_risk
    for index, item in enumerate(listed):
        if item.definitions != definitions:
            raise InvalidFieldError(
                f"reports[{index}].definitions",
                item.definitions.name,
                f"expected the definitions of reports[0], {definitions.name!r}: "
                "rates under two definitions do not add up",
            )
        if item.time_to_first_reply.min_at_risk != min_at_risk:
            raise InvalidFieldError(
                f"reports[{index}].min_at_risk",
                item.time_to_first_reply.min_at_risk,
                f"expected the min_at_risk of reports[0], {min_at_risk}",
            )
    now_given = first._now_given
    for index, item in enumerate(listed):
        if item._now_given != now_given or (now_given and item.now != first.now):
            shown = "None" if not first._now_given else f"now={first.now}"
            mine = "None" if not item._now_given else f"now={item.now}"
            raise InvalidFieldError(
                f"reports[{index}].now",
                mine,
                f"expected the now of reports[0] ({shown}): merged reports are all made "
                "with now=None (the merge's is their latest event) or all with one now",
            )
    now = _latest(item.now for item in listed if item.now is not None)
    counts = [0] * 5
    ended_by: dict[ExitReason, int] = {}
    shapes: dict[_Shape, int] = {}
    table: dict[timedelta, list[int]] = {}
    waits = _wait_lists()
    unanswered = [0] * _WAITS
    open_since: list[datetime] = []
    for item in listed:
        for index, n in enumerate(
            (item.enrolled, item.touched, item.active, item.paused, item.ended)
        ):
            counts[index] += n
        for reason, n in item.ended_by.items():
            ended_by[reason] = ended_by.get(reason, 0) + n
        for shape, n in item._shapes.items():
            shapes[shape] = shapes.get(shape, 0) + n
        # the curve's observations, those censored at the report's own `now` taken out
        own = item.time_to_first_reply._table()
        _censor(own, item._open_since, item.now, -1)
        for duration, (died, lost) in own.items():
            cell = table.get(duration)
            if cell is None:
                table[duration] = [died, lost]
            else:
                cell[0] += died
                cell[1] += lost
        for index in range(_WAITS):
            waits[index].extend(item._waits[index])
            unanswered[index] += item._unanswered[index]
        open_since += item._open_since
    _censor(table, open_since, now, 1)
    return _assemble(
        definitions,
        min_at_risk,
        counts=(counts[0], counts[1], counts[2], counts[3], counts[4]),
        ended_by=ended_by,
        shapes=shapes,
        table=table,
        waits=waits,
        unanswered=unanswered,
        open_since=tuple(open_since),
        now=now,
        now_given=now_given,
    )


def _report(
    enrollments: Iterable[Enrollment] | EventTable,
    *,
    now: datetime | str | None,
    definitions: Definitions | str,
    min_at_risk: int,
    cadences: Cadence | Mapping[str, Cadence] | Iterable[Cadence] | None,
    calendar: BusinessCalendar | None,
    tz: str | tzinfo,
    rules: Iterable[Rule] | None,
    rep_calendars: Mapping[str, BusinessCalendar] | None,
) -> CadenceReport:
    """:func:`report`, its arguments as given."""
    defs = _definitions(definitions)
    # Every duration and every comparison below is made on UTC instants: Python
    # subtracts and compares two datetimes sharing an IANA zone by wall clock,
    # which is an hour off across a daylight-saving change.
    moment = None if now is None else to_aware_datetime(now, "now")
    utc_now = None if moment is None else moment.astimezone(UTC)
    summaries: Iterable[Summary]
    kept: Sequence[Enrollment]
    if isinstance(enrollments, EventTable):
        if cadences is None:
            raise InvalidFieldError(
                "cadences",
                None,
                "a report of an EventTable needs its cadences: report(table, cadences=...)",
            )
        summaries = report_groups(
            enrollments,
            cadences,
            calendar=calendar,
            tz=tz,
            rules=rules,
            rep_calendars=rep_calendars,
        )
    else:
        given = {
            "cadences": cadences,
            "calendar": calendar,
            "tz": None if tz == "UTC" else tz,
            "rules": rules,
            "rep_calendars": rep_calendars,
        }
        for name, value in given.items():
            if value is not None:
                raise InvalidFieldError(
                    name,
                    value,
                    "only with an EventTable from read_events(...); enrollments have their own",
                )
        kept = to_list(enrollments, Enrollment, "enrollments")
        summaries = map(summary_of, kept)
    not_replies = defs.not_replies
    k_touch, k_open, k_bounce = EventKind.TOUCH, EventKind.OPEN, EventKind.BOUNCE
    k_reply, k_meeting, k_opt_out = EventKind.REPLY, EventKind.MEETING, EventKind.OPT_OUT
    k_click, k_engagement = EventKind.CLICK, EventKind.ENGAGEMENT
    k_opportunity, k_converted = EventKind.OPPORTUNITY, EventKind.CONVERTED
    k_positive, k_connected = Response.POSITIVE, CallResult.CONNECTED
    k_ended, k_paused = Status.ENDED, Status.PAUSED
    # flags an outcome event sets on the prospect and on the touch it belongs to
    outcome_bits = {k_meeting: _MEETING, k_opt_out: _OPTED_OUT}
    outcome_bits[k_opportunity] = _OPPORTUNITY
    outcome_bits[k_converted] = _CONVERTED

    enrolled = touched = active = paused = ended = 0
    shapes: dict[_Shape, int] = {}  # touched enrollments by shape
    ended_by: dict[ExitReason, int] = {}
    table: dict[timedelta, list[int]] = {}  # time to first reply: [observed, censored]
    open_since: list[datetime] = []  # the starts of those censored at `now`
    waits = _wait_lists()
    unanswered = [0] * _WAITS
    latest: datetime | None = None

    for rows, steps, status, reason, started, ended_at in summaries:
        enrolled += 1
        records: list[Any] = [0, 0]  # the prospect's flags, loose engagements, the touches
        by_step: dict[int, int] = {}  # each step's latest touch: where its flags are
        last = -1  # where the latest touch's flags are
        flags = 0
        loose = 0  # engagements before any touch: the prospect's, no touch's
        first_reply: datetime | None = None
        waiting: list[tuple[int, datetime]] = []  # engagements no manual touch followed yet
        pending: list[tuple[int, datetime]] = []  # engagements no touch followed yet
        for kind, step, response, result, channel, variant, at in rows:
            if kind is k_touch:
                assert step is not None
                touchpoint = steps[step]
                last = len(records) + _FLAGS
                connected = _CONNECTED if result is k_connected else 0
                records += (step, channel or touchpoint.channel, variant, connected, 0)
                by_step[step] = last
                if pending or waiting:  # engagements followed up: how long each waited
                    answered = at.astimezone(UTC)
                    for index, engaged in pending:
                        waits[index + 1].append((answered - engaged).total_seconds())
                    pending = []
                    if waiting and not touchpoint.automated:  # the rep's own touch
                        for index, engaged in waiting:
                            waits[index].append((answered - engaged).total_seconds())
                        waiting = []
            elif kind is k_open:
                at_step = by_step.get(step)  # type: ignore[arg-type]
                if at_step is not None:
                    records[at_step] |= _OPENED
            elif kind is k_click:
                at_step = by_step.get(step)  # type: ignore[arg-type]
                if at_step is not None:
                    records[at_step] |= _CLICKED
                    flags |= _CLICKED
                item = (_CLICK_WAITS, at.astimezone(UTC))
                waiting.append(item)
                pending.append(item)
            elif kind is k_bounce:
                at_step = by_step.get(step)  # type: ignore[arg-type]
                if at_step is not None:
                    records[at_step] |= _BOUNCED
            elif kind is k_reply:
                if response in not_replies:
                    continue
                bit = _REPLIED | _POSITIVE if response is k_positive else _REPLIED
                flags |= bit
                if last >= 0:
                    records[last] |= bit
                replied = at.astimezone(UTC)
                if first_reply is None:
                    first_reply = replied
                item = (_REPLY_WAITS, replied)
                waiting.append(item)
                pending.append(item)
            elif kind is k_engagement:
                flags |= _ENGAGED
                if last >= 0:
                    records[last] |= _ENGAGED
                    records[last + 1] += 1  # the engagements, after the flags
                else:
                    loose += 1
                item = (_ENGAGEMENT_WAITS, at.astimezone(UTC))
                waiting.append(item)
                pending.append(item)
            else:
                bit = outcome_bits.get(kind, 0)
                if bit:
                    flags |= bit
                    if last >= 0:
                        records[last] |= bit
        for index, _ in waiting:
            unanswered[index] += 1
        for index, _ in pending:
            unanswered[index + 1] += 1
        at = rows[-1][AT] if rows else started
        if latest is None or at > latest or (at == latest and _before(at, latest)):
            latest = at  # aware datetimes: compared as instants (see _latest)
        if status is k_ended:
            ended += 1
            assert reason is not None
            ended_by[reason] = ended_by.get(reason, 0) + 1
        elif status is k_paused:  # `ended_at` is when the pause ends (None: at a resume)
            if utc_now is not None and ended_at is not None and ended_at.astimezone(UTC) <= utc_now:
                active += 1  # its pause is over by `now`
            else:
                paused += 1
            ended_at = None
        else:
            active += 1
        if last >= 0:
            touched += 1
            records[0] = flags
            records[1] = loose
            shape = tuple(records)
            shapes[shape] = shapes.get(shape, 0) + 1
            # Each enrollment is observed from its start to its end (or `now`): a reply
            # recorded after the end (to the breakup email, say) counts in the reply
            # rate, but on the curve it would meet a risk set the other ended
            # enrollments have already left, and drag the curve down. It is censored
            # at the end instead.
            begun = started.astimezone(UTC)
            end = None if ended_at is None else ended_at.astimezone(UTC)
            if first_reply is not None and (end is None or first_reply <= end):
                duration, seen = first_reply - begun, 0  # observed
            elif end is not None:
                duration, seen = max(end - begun, _NO_TIME), 1  # censored at the end
            else:
                open_since.append(begun)  # censored at `now`, known at the end
                continue
            cell = table.get(duration)
            if cell is None:
                cell = table[duration] = [0, 0]
            cell[seen] += 1

    now = latest if moment is None else moment
    _censor(table, open_since, now, 1)
    return _assemble(
        defs,
        min_at_risk,
        counts=(enrolled, touched, active, paused, ended),
        ended_by=ended_by,
        shapes=shapes,
        table=table,
        waits=waits,
        unanswered=unanswered,
        open_since=tuple(open_since),
        now=now,
        now_given=moment is not None,
    )
