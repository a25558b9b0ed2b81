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
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from html import escape
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs

from ._columnar import report_groups
from ._convert import to_aware_datetime, to_list
from ._frozen import FrozenMap
from ._numbers import count, html_table, percent, percent_bare
from ._summaries import AT, ROW, Row, Summary, summary_of
from .cadence import Cadence, Touchpoint
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
        return "\n".join(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in rows
        )

    def __repr__(self) -> str:
        return f"Breakdowns(by={self.by!r}, {dict.__repr__(self)})"

    def _repr_html_(self) -> str:
        """An HTML table: one row per slice, the rates with their intervals."""
        return html_table(self._heads(), self._rows(str), caption=f"by {self.by}")


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


# A touch record: (step, channel, variant, flags, engagements). An enrollment's records
# are kept in one flat list, _SLOTS items a touch (a million touches make a hundred
# thousand lists, not a million); _touches reads them back as tuples.
_Record = tuple[Any, ...]
_SLOTS: Final = 5


def _touches(flat: list[Any]) -> Iterator[_Record]:
    """An enrollment's touch records, one tuple each, from its flat list."""
    return zip(*[iter(flat)] * _SLOTS, strict=True)


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
    _records: tuple[list[Any], ...] = attrs.field(alias="records", eq=False)
    _enrollments: Sequence[Enrollment] = attrs.field(alias="enrollments", eq=False)

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
        manual_only = touches == "manual"
        not_replies = self.definitions.not_replies
        values: list[timedelta] = []
        unanswered = 0
        for e in self._enrollments:
            rows = list(map(ROW, e.events))
            unanswered += _follow_ups(rows, e.steps, kinds, not_replies, manual_only, values)
        return Durations.of(values, unanswered=unanswered)

    # -- breakdowns ------------------------------------------------------------------
    def _group(self, key: Callable[[_Record], Hashable | None]) -> dict[Any, Breakdown]:
        tallies: dict[Any, _Tally] = {}
        for records in self._records:
            seen: dict[Any, int] = {}
            for record in _touches(records):
                k = key(record)
                if k is None:  # not in any slice asked for
                    continue
                tally = tallies.get(k)
                if tally is None:
                    tally = tallies[k] = _Tally()
                flags = record[_FLAGS]
                tally.touch(record[_CHANNEL], flags, record[_ENGAGEMENTS])
                seen[k] = seen.get(k, 0) | flags
            for k, flags in seen.items():
                tallies[k].prospect(flags)
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
        channels: dict[int, Channel] = {}
        for records in self._records:
            for record in _touches(records):
                channels.setdefault(record[_STEP], record[_CHANNEL])
        steps = self._group(lambda record: record[_STEP])
        tallies: dict[int, int] = {}
        for records in self._records:
            seen: set[int] = set()
            for record in _touches(records):
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


def _follow_ups(
    rows: Sequence[Row],
    steps: Sequence[Touchpoint],
    kinds: frozenset[EventKind],
    not_replies: frozenset[Response],
    manual_only: bool,
    out: list[timedelta],
) -> int:
    """Append the wait from each engagement of ``kinds`` to the next (manual) touch; return those left waiting."""
    k_touch, k_reply = EventKind.TOUCH, EventKind.REPLY
    waiting: list[datetime] = []
    for kind, step, response, _, _, _, at in rows:
        if kind is k_touch:
            if waiting and not (manual_only and steps[step].automated):  # type: ignore[index]
                answered = at.astimezone(UTC)
                out.extend([answered - engaged for engaged in waiting])
                waiting = []
        elif kind in kinds:
            if kind is k_reply and response in not_replies:
                continue
            waiting.append(at.astimezone(UTC))
    return len(waiting)


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
            docs/export.md; they are replayed only if
            :meth:`CadenceReport.response_time` needs them).
        now: the moment active and paused enrollments are censored at for
            the time to first reply; None means the latest event (or start)
            in the data. No clock is read.
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
    summaries: Iterable[Summary]
    kept: Sequence[Enrollment]
    if isinstance(enrollments, EventTable):
        if cadences is None:
            raise InvalidFieldError(
                "cadences",
                None,
                "a report of an EventTable needs its cadences: report(table, cadences=...)",
            )
        summaries, kept = report_groups(
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

    whole = _Tally()
    shapes: dict[tuple[Channel, int, int], int] = {}  # touches of each kind
    prospects: dict[int, int] = {}  # prospects touched, by their flags
    all_records: list[list[Any]] = []
    enrolled = touched = active = paused = ended = 0
    ended_by: dict[ExitReason, int] = {}
    durations: list[timedelta] = []  # each touched enrollment's, with
    observed: list[bool] = []  # whether a first reply ended it (else censored)
    open_since: list[datetime] = []  # the starts of those censored at `now`
    responses: list[timedelta] = []
    unanswered = 0
    latest: datetime | None = None

    for rows, steps, status, reason, started, ended_at in summaries:
        enrolled += 1
        records: list[Any] = []  # _SLOTS items a touch
        by_step: dict[int, int] = {}  # each step's latest touch: where its flags are
        last = -1  # where the latest touch's flags are
        flags = 0
        loose = 0  # engagements before any touch: the prospect's, no touch's
        first_reply: datetime | None = None
        waiting: list[datetime] = []  # engagements the rep has not followed up yet
        for kind, step, response, result, channel, variant, at in rows:
            if kind is k_touch:
                assert step is not None
                touchpoint = steps[step]
                last = len(records) + _FLAGS
                connected = _CONNECTED if result is k_connected else 0
                records += (step, channel or touchpoint.channel, variant, connected, 0)
                by_step[step] = last
                if waiting and not touchpoint.automated:  # the rep's own touch: followed up
                    answered = at.astimezone(UTC)
                    responses.extend([answered - engaged for engaged in waiting])
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
                waiting.append(at.astimezone(UTC))
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
                waiting.append(replied)
            elif kind is k_engagement:
                flags |= _ENGAGED
                if last >= 0:
                    records[last] |= _ENGAGED
                    records[last + 1] += 1  # the engagements, after the flags
                else:
                    loose += 1
                waiting.append(at.astimezone(UTC))
            else:
                bit = outcome_bits.get(kind, 0)
                if bit:
                    flags |= bit
                    if last >= 0:
                        records[last] |= bit
        # the rep's response times, as _follow_ups(rows, steps, _ENGAGING, not_replies, True)
        unanswered += len(waiting)
        at = rows[-1][AT] if rows else started
        if latest is None or at > latest:  # aware datetimes: compared as instants
            latest = at
        if status is k_ended:
            ended += 1
            assert reason is not None
            ended_by[reason] = ended_by.get(reason, 0) + 1
        elif status is k_paused:
            paused += 1
        else:
            active += 1
        if records:
            touched += 1
            kinds = zip(  # each touch by what it counts as, tallied once a kind below
                records[_CHANNEL::_SLOTS],
                records[_FLAGS::_SLOTS],
                records[_ENGAGEMENTS::_SLOTS],
                strict=True,
            )
            for shape in kinds:
                shapes[shape] = shapes.get(shape, 0) + 1
            whole.engagements += loose
            prospects[flags] = prospects.get(flags, 0) + 1
            all_records.append(records)
            # Each enrollment is observed from its start to its end (or `now`): a reply
            # recorded after the end (to the breakup email, say) counts in the reply
            # rate, but on the curve it would meet a risk set the other ended
            # enrollments have already left, and drag the curve down. It is censored
            # at the end instead.
            begun = started.astimezone(UTC)
            end = None if ended_at is None else ended_at.astimezone(UTC)
            if first_reply is not None and (end is None or first_reply <= end):
                durations.append(first_reply - begun)
                observed.append(True)
            elif end is not None:
                durations.append(max(end - begun, _NO_TIME))
                observed.append(False)
            else:
                open_since.append(begun)  # censored at `now`, known at the end

    for (channel, touch_flags, engagements), times in shapes.items():
        whole.touch(channel, touch_flags, engagements, times)
    for prospect_flags, times in prospects.items():
        whole.prospect(prospect_flags, times)
    censor = latest if moment is None else moment
    if open_since:
        assert censor is not None
        censor_utc = censor.astimezone(UTC)
        durations.extend([max(censor_utc - begun, _NO_TIME) for begun in open_since])
        observed.extend([False] * len(open_since))

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
        click_rate=overall.click_rate,
        meeting_rate_per_touch=overall.meeting_rate_per_touch,
        opportunity_rate=overall.opportunity_rate,
        lead_conversion_rate=overall.lead_conversion_rate,
        micro_engagement_rate=overall.micro_engagement_rate,
        micro_engagements=overall.micro_engagements,
        time_to_first_reply=SurvivalCurve._fit(
            zip(durations, observed, strict=True), min_at_risk=min_at_risk
        ),
        rep_response_time=Durations.of(responses, unanswered=unanswered),
        now=censor,
        definitions=defs,
        records=tuple(all_records),
        enrollments=kept,
    )
