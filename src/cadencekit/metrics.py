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
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from html import escape
from itertools import compress, repeat
from operator import is_, is_not
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs

from . import _time
from ._columnar import report_groups
from ._convert import to_aware_datetime, to_flag, to_list
from ._frozen import FrozenMap
from ._numbers import count, html_table, percent, percent_bare
from ._summaries import AT as _AT
from ._summaries import Row, Summary, summary_of
from ._text import REPR_LIMIT, brief, capped, shown_lines
from .cadence import Cadence, Touchpoint
from .calendar import BusinessCalendar
from .channels import Channel
from .deliverability import (
    FORGOTTEN_REASON,
    Suppression,
    kept_names,
    of_person,
    person_key,
    pseudonym,
)
from .enrollment import Enrollment, Status
from .errors import InvalidFieldError
from .events import CallResult, EventKind, Response
from .rules import ExitReason, Rule
from .stats import Rate
from .survival import Durations, SurvivalCurve
from .tables import BadRow, EventTable

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "Breakdown",
    "Breakdowns",
    "CadenceReport",
    "Definitions",
    "EnrollmentKeys",
    "FunnelStep",
    "RateSeries",
    "ReportSlices",
    "ReportSummary",
    "merge_reports",
    "report",
]


# --- definitions --------------------------------------------------------------------


class _Unit(enum.StrEnum):
    PROSPECT = "prospect"
    DELIVERED_EMAIL = "delivered_email"
    OPENED_EMAIL = "opened_email"


class _Counting(enum.StrEnum):
    TOUCH = "touch"
    PROSPECT = "prospect"


class _Credit(enum.StrEnum):
    NAMED_STEP_OR_LAST_TOUCH = "named_step_or_last_touch"
    NAMED_STEP = "named_step"


def _one_of(kind: type[enum.StrEnum], field: str, value: str) -> str:
    """One of ``kind``'s values, exactly as written; an error names ``field``."""
    try:
        return kind(value).value
    except ValueError:
        choices = ", ".join(repr(u.value) for u in kind)
        raise InvalidFieldError(field, value, f"expected one of {choices}") from None


def _unit(value: str) -> str:
    return _one_of(_Unit, "reply_unit", value)


def _counting(value: str) -> str:
    return _one_of(_Counting, "touch_unit", value)


def _credit(value: str) -> str:
    return _one_of(_Credit, "credit", value)


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
        touch_unit: what the touch rates (open, bounce, click, call
            connection, meeting per touch) count. ``"touch"``: touches
            (email touches opened / email touches delivered).
            ``"prospect"``: distinct prospects (prospects with an email
            opened / prospects with an email delivered), as sales platforms
            count them.
        credit: which touch a reply, meeting, opt-out, opportunity,
            conversion or micro-engagement belongs to.
            ``"named_step_or_last_touch"``: the latest touch of the step the
            event names, else the last touch before it. ``"named_step"``:
            the step it names only; an event that names no step (or a step
            not touched before it) counts in the whole report but for no
            step.

    With ``credit="named_step_or_last_touch"`` a reply that names no step
    belongs to the last touch before it, whatever its channel, so the
    per-email profiles leave out such replies when they followed a call.

    Example:
        >>> Definitions.ours().formula
        'reply rate = prospects with a reply other than out-of-office / prospects touched'
        >>> Definitions.named("per_opened_email").reply_unit
        'opened_email'
        >>> Definitions.named("platform").touch_unit
        'prospect'
    """

    name: str
    reply_unit: str = attrs.field(converter=_unit)
    not_replies: frozenset[Response] = attrs.field(converter=_responses)
    formula: str
    touch_unit: str = attrs.field(default="touch", converter=_counting, kw_only=True)
    credit: str = attrs.field(default="named_step_or_last_touch", converter=_credit, kw_only=True)

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
    def platform(cls) -> Definitions:
        """As sales platforms count: distinct prospects per step, by the step each row names.

        Every rate divides distinct prospects by distinct prospects (email
        opens: prospects with an opened email / prospects with an email
        delivered; bounces: prospects with a bounced email / prospects
        emailed), and an event counts for the step it names, never for a
        touch it does not name. Out-of-office is not a reply.

        Example:
            >>> d = Definitions.platform()
            >>> d.reply_unit, d.touch_unit, d.credit
            ('prospect', 'prospect', 'named_step')
        """
        return cls(
            "platform",
            "prospect",
            [Response.OUT_OF_OFFICE],
            "every rate per distinct prospect; a row counts for the step it names",
            touch_unit="prospect",
            credit="named_step",
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
        touches = {
            _Counting.TOUCH: (
                "email touches opened / email touches delivered",
                "email touches bounced / email touches carried out",
                "calls connected / calls carried out",
                "email touches clicked / email touches delivered",
                "touches followed by a meeting / touches carried out",
            ),
            _Counting.PROSPECT: (
                "prospects with an email opened / prospects with an email delivered",
                "prospects with an email bounced / prospects emailed",
                "prospects with a call connected / prospects called",
                "prospects with an email clicked / prospects with an email delivered",
                "prospects with a meeting / prospects touched",
            ),
        }[_Counting(self.touch_unit)]
        return {
            "open_rate": touches[0],
            "bounce_rate": touches[1],
            "reply_rate": f"{reply} (not replies: {excluded})",
            "positive_reply_rate": positive,
            "call_connection_rate": touches[2],
            "meeting_booking_rate": "prospects with a meeting / prospects touched",
            "opt_out_rate": "prospects who opted out / prospects touched",
            "click_rate": touches[3],
            "meeting_rate_per_touch": touches[4],
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
        """A profile by name: ``ours``, ``per_delivered_email``, ``per_opened_email``, ``per_contacted_prospect``, ``platform``.

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
    "platform": Definitions.platform,
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
# What a prospect's touches reached, OR-ed over them (the per-prospect touch rates).
_P_EMAILED: Final = 1 << 11
_P_BOUNCED: Final = 1 << 12
_P_DELIVERED: Final = 1 << 13
_P_OPENED: Final = 1 << 14
_P_CLICKED: Final = 1 << 15
_P_CALLED: Final = 1 << 16
_P_CONNECTED: Final = 1 << 17


def _reach(channel: Channel, flags: int) -> int:
    """What one touch says of its prospect: emailed, delivered, opened, called, connected."""
    if channel is Channel.EMAIL:
        if flags & _BOUNCED:
            return _P_EMAILED | _P_BOUNCED
        reached = _P_EMAILED | _P_DELIVERED
        if flags & _OPENED:
            reached |= _P_OPENED
        if flags & _CLICKED:
            reached |= _P_CLICKED
        return reached
    if channel is Channel.CALL:
        return _P_CALLED | _P_CONNECTED if flags & _CONNECTED else _P_CALLED
    return 0


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
        "p_bounced",
        "p_called",
        "p_clicked",
        "p_connected",
        "p_delivered",
        "p_emailed",
        "p_opened",
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
        self.p_emailed = self.p_bounced = self.p_delivered = self.p_opened = 0
        self.p_clicked = self.p_called = self.p_connected = 0

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
        """Count ``times`` prospects whose touches and events set ``flags`` (and reach bits)."""
        self.prospects += times
        if flags & _P_EMAILED:
            self.p_emailed += times
            if flags & _P_BOUNCED:
                self.p_bounced += times
            if flags & _P_DELIVERED:
                self.p_delivered += times
                if flags & _P_OPENED:
                    self.p_opened += times
                if flags & _P_CLICKED:
                    self.p_clicked += times
        if flags & _P_CALLED:
            self.p_called += times
            if flags & _P_CONNECTED:
                self.p_connected += times
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

    def breakdown(self, unit: str, touch_unit: str = _Counting.TOUCH) -> Breakdown:
        if touch_unit == _Counting.PROSPECT:
            opened = Rate(self.p_opened, self.p_delivered)
            bounced = Rate(self.p_bounced, self.p_emailed)
            connected = Rate(self.p_connected, self.p_called)
            clicked = Rate(self.p_clicked, self.p_delivered)
            met = Rate(self.meetings, self.prospects)
        else:
            opened = Rate(self.email_opened, self.email_delivered)
            bounced = Rate(self.email_bounced, self.email_sent)
            connected = Rate(self.connected, self.calls)
            clicked = Rate(self.email_clicked, self.email_delivered)
            met = Rate(self.touches_met, self.touches)
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
            open_rate=opened,
            bounce_rate=bounced,
            reply_rate=reply,
            positive_reply_rate=positive,
            call_connection_rate=connected,
            meeting_booking_rate=Rate(self.meetings, self.prospects),
            opt_out_rate=Rate(self.opted_out, self.prospects),
            click_rate=clicked,
            meeting_rate_per_touch=met,
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
    belongs to the latest touch of the step it names, else to the last
    touch before it (see :class:`Definitions`' ``credit``); an open or
    click to the latest touch of its step. ``micro_engagements`` counts the
    engagement events that belong to the slice's touches.

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
        return _key_text(key)

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


def _key_text(key: object) -> str:
    """A slice's key as a table shows it."""
    if isinstance(key, enum.Enum):
        return str(key.value)
    if isinstance(key, tuple):
        return ", ".join(map(_key_text, key))
    return "(none)" if key is None else str(key)


def _short(rate: Rate) -> str:
    value = rate.value
    shown = "n/a" if value is None else percent(value)
    return f"{shown} ({rate.numerator}/{rate.denominator})"


def _text_table(rows: list[list[str]], what: str = "rows") -> str:
    """A printed table: the head and 20 rows, then a row that counts the rest."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    return "\n".join([lines[0], *shown_lines(lines[1:], what)])


def _keys_text(keys: list[str]) -> str:
    """``a, b, c, … 40 more``: the first keys of a slicing, for a repr."""
    return ", ".join(keys[:6]) + (f", … {len(keys) - 6} more" if len(keys) > 6 else "")


class ReportSlices(dict[_Key, "CadenceReport"]):
    """Reports of groups of enrollments (by cadence, owner, cohort...): a dict that shows as a table.

    A plain ``dict`` of :class:`CadenceReport` by key, in key order (None
    last), from :meth:`CadenceReport.by`, :meth:`~CadenceReport.by_cadence`
    and :meth:`~CadenceReport.by_cohort`. ``to_records()`` gives one row per
    slice and rate, ready for ``pandas.DataFrame``; ``print`` shows a table.

    Example:
        >>> import cadencekit as ck
        >>> c = ck.Cadence("Intro", [ck.Touchpoint("email", 1)])
        >>> e = ck.Enrollment.replay(c, "p", "2026-11-23T08:00:00+00:00",
        ...                          [ck.Event.touch("2026-11-23T09:00:00+00:00", 0)])
        >>> print(ck.report([e]).by_cadence())
        cadence  enrolled  touched  ended  reply       positive reply  meeting booking  conversion
        Intro    1         1        1      0.0% (0/1)  0.0% (0/1)      0.0% (0/1)       0.0% (0/1)
    """

    __slots__ = ("by",)

    _COLUMNS: Final = (
        "reply_rate",
        "positive_reply_rate",
        "meeting_booking_rate",
        "conversion_rate",
    )

    def __init__(self, by: str, items: Iterable[tuple[_Key, CadenceReport]] = ()) -> None:
        super().__init__(items)
        self.by = by

    def to_records(self) -> list[dict[str, object]]:
        """One plain dict per slice and rate: ``by``, ``key``, ``metric``, counts, value, bounds.

        Example:
            >>> report([]).by_cadence().to_records()
            []
        """
        return [
            {"by": self.by, "key": _key_text(key), "metric": name, **rate.to_dict()}
            for key, part in self.items()
            for name, rate in part.rates().items()
        ]

    def _rows(self, cell: Callable[[Rate], str]) -> list[list[str]]:
        return [
            [_key_text(key), str(r.enrolled), str(r.touched), str(r.ended)]
            + [cell(getattr(r, name)) for name in self._COLUMNS]
            for key, r in self.items()
        ]

    def _heads(self) -> list[str]:
        return [self.by, "enrolled", "touched", "ended", *map(_rate_label, self._COLUMNS)]

    def __str__(self) -> str:
        return _text_table([self._heads(), *self._rows(_short)])

    def __repr__(self) -> str:
        whole = f"ReportSlices(by={self.by!r}, {dict.__repr__(self)})"
        if len(whole) <= REPR_LIMIT:
            return whole
        keys = [_key_text(key) for key in self]
        return capped(f"ReportSlices(by={self.by!r}, {len(keys)} slices: {_keys_text(keys)})")

    def _repr_html_(self) -> str:
        """An HTML table: one row per slice."""
        return html_table(self._heads(), self._rows(str), caption=f"by {self.by}")


class RateSeries(dict[date, Rate]):
    """One rate period by period, from :meth:`CadenceReport.over_time`: a dict of :class:`Rate` by the period's first day.

    ``period`` is ``"day"``, ``"week"`` or ``"month"`` and ``metric`` the
    rate's name. Two periods' rates go to :func:`~cadencekit.compare` or
    :func:`~cadencekit.sequential_compare` as they are.

    Example:
        >>> from datetime import date
        >>> series = RateSeries("week", "reply_rate", [(date(2026, 11, 23), Rate(3, 40))])
        >>> series.to_records()[0]["start"]
        '2026-11-23'
    """

    __slots__ = ("metric", "period")

    def __init__(self, period: str, metric: str, items: Iterable[tuple[date, Rate]] = ()) -> None:
        super().__init__(items)
        self.period = period
        self.metric = metric

    def to_records(self) -> list[dict[str, object]]:
        """One plain dict per period: ``period``, ``start`` (ISO date), ``metric``, counts, value, bounds.

        Example:
            >>> RateSeries("week", "reply_rate").to_records()
            []
        """
        return [
            {"period": self.period, "start": day.isoformat(), "metric": self.metric,
             **rate.to_dict()}
            for day, rate in self.items()
        ]  # fmt: skip

    def __str__(self) -> str:
        rows = [[self.period, self.metric]]
        rows += [[day.isoformat(), str(rate)] for day, rate in self.items()]
        return _text_table(rows)

    def __repr__(self) -> str:
        whole = f"RateSeries({self.period!r}, {self.metric!r}, {dict.__repr__(self)})"
        if len(whole) <= REPR_LIMIT:
            return whole
        keys = [key.isoformat() for key in self]
        return capped(
            f"RateSeries({self.period!r}, {self.metric!r}, {len(keys)} periods: {_keys_text(keys)})"
        )

    def _repr_html_(self) -> str:
        """An HTML table: one row per period."""
        rows = [[day.isoformat(), str(rate)] for day, rate in self.items()]
        return html_table(
            [self.period, self.metric], rows, caption=f"{self.metric} by {self.period}"
        )


@attrs.frozen
class FunnelStep:
    """One step of the funnel: prospects who reached it, and the replies it drew.

    ``cadence`` names the step's cadence; ``reached`` counts prospects
    touched at the step (over the enrollments of its cadence); ``replied``
    counts prospects whose reply belongs to this step's touch. ``channel``
    is the channel most of the step's touches used (a tie: the first in
    :class:`Channel`'s order), whatever order the enrollments came in.

    Example:
        >>> print(FunnelStep(0, Channel.EMAIL, Rate(90, 100), 12, cadence="Intro"))
        Intro, step index 0 (email): reached 90.0% (90/100), 95% CI 82.6–94.5%; drew 12 replies
    """

    step: int
    channel: Channel | None
    reached: Rate
    replied: int
    cadence: str | None = attrs.field(default=None, kw_only=True)

    def __str__(self) -> str:
        channel = f" ({self.channel.value})" if self.channel is not None else ""
        noun = "reply" if self.replied == 1 else "replies"
        # a report knows indexes, not a cadence's numbers: it says so (docs/conventions.md)
        where = "" if self.cadence is None else f"{self.cadence}, "
        return f"{where}step index {self.step}{channel}: reached {self.reached}; drew {self.replied} {noun}"


# A touch record: (step, channel, variant, flags, engagements). A touched enrollment is
# kept as its shape: one flat tuple of its prospect flags, its engagements before any
# touch, then _SLOTS items a touch. A report counts its enrollments by shape (most share
# one with many others: a million events make a few thousand shapes) and reads the
# breakdowns from the counts; merging reports adds the counts. _touches reads a shape's
# records back as tuples.
_Record = tuple[Any, ...]
_Shape = tuple[Any, ...]
_SLOTS: Final = 5
_CADENCE: Final = 2  # where a shape keeps its cadence's name
_HEAD: Final = 3  # the prospect's flags, loose engagements and cadence, before the records


_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND: Final = timedelta(microseconds=1)


class _Ledger:
    """What a report keeps of each enrollment, column by column: for its slices and merging.

    Per enrollment: whom it is of (prospect, cadence name, owner, account,
    facts), its shape (None: never touched), status, exit reason, start, end
    and latest event, its place on the time-to-first-reply curve (the
    duration and whether it was censored at the end; no duration: censored
    at ``now``), the waits of its engagements and the wait lists of those
    never answered (where it has any), and when each touch was carried out.
    Columns, not a tuple an enrollment: appending adds no container for the
    garbage collector to walk, and a report of a million events stays a few
    lists long.
    """

    __slots__ = (
        "accounts",
        "cadences",
        "censored",
        "durations",
        "ended",
        "facts",
        "latest",
        "owners",
        "plans",
        "prospects",
        "reasons",
        "shape_of",
        "shapes",
        "stamp_ends",
        "stamps",
        "started",
        "statuses",
        "suppressed",
        "unanswered",
        "waits",
    )

    def __init__(self) -> None:
        self.prospects: list[str] = []
        self.cadences: list[str] = []
        self.plans: dict[str, Cadence] = {}  # each cadence by name
        self.owners: list[str | None] = []
        self.accounts: list[str | None] = []
        self.facts: list[Mapping[str, object]] = []
        self.shapes: list[_Shape] = []  # the distinct shapes, each once
        self.shape_of = array("q")  # each enrollment's, by its place in shapes; -1: untouched
        self.statuses: list[Status] = []
        self.reasons: list[ExitReason | None] = []
        self.started: list[datetime] = []
        self.ended: list[datetime | None] = []
        self.latest: list[datetime] = []
        self.durations: list[timedelta | None] = []
        self.censored = bytearray()  # 1: censored at the end
        self.waits: dict[int, tuple[tuple[int, float], ...]] = {}  # by enrollment
        self.unanswered: dict[int, tuple[int, ...]] = {}  # by enrollment
        self.stamps: list[datetime] = []  # when each touch was carried out
        self.stamp_ends = array("q")  # where each enrollment's stamps end
        self.suppressed: list[str | None] = []  # why its prospect is suppressed; None: not

    def __len__(self) -> int:
        return len(self.prospects)

    def __getstate__(self) -> tuple[object, ...]:
        # touch times travel as whole microseconds since 1970 (UTC): 8 bytes each,
        # exact, where a datetime pickles to some 35; over_time reads only the instant
        state = {name: getattr(self, name) for name in self.__slots__}
        state["stamps"] = array("q", [(at - _EPOCH) // _MICROSECOND for at in self.stamps])
        return tuple(state.values())

    def __setstate__(self, state: tuple[object, ...]) -> None:
        for name, value in zip(self.__slots__, state, strict=True):
            if name == "stamps":
                value = [_EPOCH + timedelta(microseconds=n) for n in value]  # type: ignore[attr-defined]
            setattr(self, name, value)

    def touch_times(self, index: int) -> list[datetime]:
        """When each touch of enrollment ``index`` was carried out."""
        begin = self.stamp_ends[index - 1] if index else 0
        return self.stamps[begin : self.stamp_ends[index]]

    def take(self, indexes: Iterable[int]) -> _Ledger:
        """A ledger of the enrollments at ``indexes``, in that order."""
        part = _Ledger()
        part.plans = self.plans
        part.shapes = self.shapes  # shared: the shapes are values
        for index in indexes:
            at = len(part)
            part.prospects.append(self.prospects[index])
            part.cadences.append(self.cadences[index])
            part.owners.append(self.owners[index])
            part.accounts.append(self.accounts[index])
            part.facts.append(self.facts[index])
            part.shape_of.append(self.shape_of[index])
            part.statuses.append(self.statuses[index])
            part.reasons.append(self.reasons[index])
            part.started.append(self.started[index])
            part.ended.append(self.ended[index])
            part.latest.append(self.latest[index])
            part.durations.append(self.durations[index])
            part.censored.append(self.censored[index])
            part.suppressed.append(self.suppressed[index])
            waited = self.waits.get(index)
            if waited is not None:
                part.waits[at] = waited
            left = self.unanswered.get(index)
            if left is not None:
                part.unanswered[at] = left
            part.stamps += self.touch_times(index)
            part.stamp_ends.append(len(part.stamps))
        return part

    @classmethod
    def joined(cls, ledgers: Iterable[_Ledger]) -> _Ledger:
        """One ledger of the enrollments of all ``ledgers``, one after the other."""
        whole = cls()
        known: dict[_Shape, int] = {}  # where each shape is in whole.shapes
        for part in ledgers:
            size, stamped = len(whole), len(whole.stamps)
            whole.plans = {**whole.plans, **part.plans}
            for name in ("prospects", "cadences", "owners", "accounts", "facts", "statuses",
                         "reasons", "started", "ended", "latest", "durations", "censored",
                         "stamps", "suppressed"):  # fmt: skip
                getattr(whole, name).extend(getattr(part, name))
            ids = [known.setdefault(shape, len(known)) for shape in part.shapes]
            whole.shapes = list(known)
            whole.shape_of.extend(-1 if sid < 0 else ids[sid] for sid in part.shape_of)
            whole.waits.update((size + i, waited) for i, waited in part.waits.items())
            whole.unanswered.update((size + i, left) for i, left in part.unanswered.items())
            whole.stamp_ends.extend(stamped + end for end in part.stamp_ends)
        return whole

    def keys(self, index: int) -> EnrollmentKeys:
        """Whom enrollment ``index`` is of, as ``by(function)`` reads it."""
        return EnrollmentKeys(
            self.prospects[index],
            self.plans[self.cadences[index]],
            self.owners[index],
            self.accounts[index],
            self.facts[index],
            self.started[index],
            self.statuses[index],
            self.reasons[index],
            self.ended[index],
            suppressed=self.suppressed[index],
        )


def _touches(shape: _Shape) -> Iterator[_Record]:
    """An enrollment's touch records, one tuple each, from its shape."""
    items = iter(shape)
    for _ in range(_HEAD):
        next(items)
    return zip(*[items] * _SLOTS, strict=True)


# A slice's key of one touch record, from the name of its cadence and the record; None:
# the touch is in no slice asked for.
_SliceKey = Callable[[str, _Record], Hashable | None]


def _tally_into(
    tallies: dict[Any, _Tally],
    shape: _Shape,
    times: int,
    key: _SliceKey | None,
    keys: Sequence[Hashable] | None = None,
    *,
    reach: bool,
) -> None:
    """Count ``times`` enrollments of ``shape`` into the slices ``key`` (or ``keys``, one a touch) puts its touches in.

    A touch counts in its slice; a prospect counts once in each slice one of
    its touches is in, with the flags of those touches (and, with ``reach``,
    what they reached: the per-prospect touch rates need it).
    """
    seen: dict[Any, int] = {}
    name = shape[_CADENCE]
    for index, record in enumerate(_touches(shape)):
        k = key(name, record) if keys is None else keys[index]  # type: ignore[misc]
        if k is None:  # not in any slice asked for
            continue
        tally = tallies.get(k)
        if tally is None:
            tally = tallies[k] = _Tally()
        flags = record[_FLAGS]
        tally.touch(record[_CHANNEL], flags, record[_ENGAGEMENTS], times)
        if reach:
            flags |= _reach(record[_CHANNEL], flags)
        seen[k] = seen.get(k, 0) | flags
    for k, flags in seen.items():
        tallies[k].prospect(flags, times)


def _grouped(keys: Iterable[Hashable]) -> dict[Hashable, list[int]]:
    """The positions of each key, by key."""
    groups: dict[Hashable, list[int]] = {}
    for index, found in enumerate(keys):
        members = groups.get(found)
        if members is None:
            groups[found] = [index]
        else:
            members.append(index)
    return groups


def _sorted_keys(keys: Iterable[Hashable]) -> list[Hashable]:
    """Slice keys in order, None last; keys that do not compare, by their text."""
    listed = list(keys)
    try:
        return sorted(listed, key=lambda k: (k is None, k))
    except TypeError:
        return sorted(listed, key=lambda k: (k is None, type(k).__name__, repr(k)))


def _hashable(value: object, field: str) -> Hashable:
    try:
        hash(value)
    except TypeError:
        raise InvalidFieldError(
            field, value, "expected a hashable key to slice by (text, a number, a tuple, None)"
        ) from None
    return value


_PERIOD_LENGTH: Final = {
    "day": timedelta(days=1),
    "week": timedelta(days=7),
    "month": timedelta(days=31),
}


def _period(period: object) -> Callable[[date], date]:
    """``period=``: the first day of a day's period (a Monday for a week, the 1st for a month)."""
    if period == "day":
        return lambda day: day
    if period == "week":
        return lambda day: day - timedelta(days=day.weekday())
    if period == "month":
        return lambda day: day.replace(day=1)
    raise InvalidFieldError("period", period, "expected 'day', 'week' or 'month'")


_IS_TEXT: Final = attrs.validators.instance_of(str)


def _is_mapping(_: object, attribute: attrs.Attribute[object], value: object) -> None:
    if not isinstance(value, Mapping):
        raise InvalidFieldError(attribute.name, value, "expected a mapping of fact names to values")


@attrs.frozen
class EnrollmentKeys:
    """What a report keeps of one enrollment: what :meth:`CadenceReport.by` slices by.

    A function given to ``by`` receives one of these for each enrollment,
    whether the report was made from enrollments or straight from an
    export's table; its attributes are the :class:`~cadencekit.Enrollment`'s
    of the same names, and ``suppressed``: why :func:`report`'s ``suppress``
    list covers the prospect or one of their addresses (None: it does not).

    Example:
        >>> import cadencekit as ck
        >>> c = ck.Cadence("Intro", [ck.Touchpoint("email", 1)])
        >>> e = ck.Enrollment.start(c, "ada@acme.com", "2026-11-23T08:00:00+00:00", owner="kim")
        >>> r = ck.report([e])
        >>> {domain: s.enrolled for domain, s in r.by(lambda k: k.prospect.split("@")[1]).items()}
        {'acme.com': 1}
    """

    prospect: str = attrs.field(validator=attrs.validators.instance_of(str))
    cadence: Cadence = attrs.field(validator=attrs.validators.instance_of(Cadence))
    owner: str | None = attrs.field(validator=attrs.validators.optional(_IS_TEXT))
    account: str | None = attrs.field(validator=attrs.validators.optional(_IS_TEXT))
    facts: Mapping[str, object] = attrs.field(validator=_is_mapping, repr=brief)
    started: datetime = attrs.field(validator=attrs.validators.instance_of(datetime))
    status: Status = attrs.field(validator=attrs.validators.instance_of(Status))
    exit_reason: ExitReason | None = attrs.field(
        validator=attrs.validators.optional(attrs.validators.instance_of(ExitReason))
    )
    ended_at: datetime | None = attrs.field(
        validator=attrs.validators.optional(attrs.validators.instance_of(datetime))
    )
    suppressed: str | None = attrs.field(
        default=None, kw_only=True, validator=attrs.validators.optional(_IS_TEXT)
    )


# The columns by(...) reads by name, before the facts.
_LEDGER_KEYS: Final[dict[str, str]] = {
    "prospect": "prospects",
    "cadence": "cadences",
    "owner": "owners",
    "account": "accounts",
    "status": "statuses",
    "exit_reason": "reasons",
    "suppressed": "suppressed",
}


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
        unreadable: rows of the export that could not be read (a table's
            ``problems``): in no enrollment, so in no figure; ``print``,
            :meth:`summary` and :meth:`to_dict` say how many.
        suppressed: enrollments whose prospect (or one of whose addresses)
            is on :func:`report`'s ``suppress`` list: counted in every
            figure, as what was done stands; ``print`` and :meth:`to_dict`
            say how many, :meth:`suppressed_prospects` who and why.

    Reports of partitions merge into the report of the whole with
    :func:`merge_reports`, and a report gives the report of any group of its
    enrollments (:meth:`by`, :meth:`by_cadence`, :meth:`by_cohort`): it
    keeps, for each enrollment, whom it is of (:class:`EnrollmentKeys`),
    what its touches and events count as, its outcome, its place on the
    time-to-first-reply curve, its engagements' waits and when each touch
    was carried out; never its events.

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
    # What the views read beyond the fields: the enrollments by shape (the breakdowns),
    # the wait of each engagement to the next manual and the next touch in seconds with
    # those never answered (response times), whether `now` was given or is the latest
    # event, and what the report keeps of each enrollment (its slices, and merging).
    _shapes: Mapping[_Shape, int] = attrs.field(alias="shapes", eq=False)
    _waits: tuple[array[float], ...] = attrs.field(alias="waits", eq=False)
    _unanswered: tuple[int, ...] = attrs.field(alias="unanswered", eq=False)
    _now_given: bool = attrs.field(alias="now_given", eq=False)
    _ledger: _Ledger = attrs.field(alias="ledger", eq=False)
    unreadable: int = attrs.field(default=0, kw_only=True)
    suppressed: int = attrs.field(default=0, kw_only=True)

    def forget(
        self, prospect: str, *, salt: bytes | str, keep: Iterable[str] = ()
    ) -> CadenceReport:
        """This report with ``prospect`` pseudonymised, as :func:`~cadencekit.forget` does to enrollments.

        The enrollments of ``prospect`` (by id or ``email`` fact, compared
        as :func:`~cadencekit.prospect_key` does) are kept under
        ``pseudonym(their id, salt=salt)`` with only the facts named in
        ``keep``; a suppression reason that named their address says
        "a forgotten prospect". Every count, rate, breakdown and curve
        stays the same (a report keeps no event, text or evidence), and
        the result equals the report of the forgotten enrollments.

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1)])
            >>> es = [ck.Enrollment.replay(c, p, "2026-11-23T08:00:00+00:00",
            ...                            [ck.Event.touch("2026-11-23T09:00:00+00:00", 0)])
            ...       for p in ("ada@acme.com", "jo@beta.io")]
            >>> r = ck.report(es)
            >>> gone = r.forget("Ada@Acme.com", salt=b"0123456789abcdef-kept-in-a-vault")
            >>> gone.rates() == r.rates(), sorted(gone.by("prospect"))[1]
            (True, 'jo@beta.io')
        """
        person = person_key(prospect)
        kept = kept_names(keep)
        ledger = self._ledger.take(range(len(self._ledger)))  # a copy: a report is a value
        pseudonym(prospect, salt=salt)  # the key is checked even when nobody matches
        for index, (theirs, facts) in enumerate(zip(ledger.prospects, ledger.facts, strict=True)):
            if not of_person(person, theirs, facts):
                continue
            ledger.prospects[index] = pseudonym(theirs, salt=salt)
            ledger.facts[index] = FrozenMap({k: v for k, v in facts.items() if k in kept})
            if ledger.suppressed[index] is not None:
                ledger.suppressed[index] = FORGOTTEN_REASON
        now = self.now if self._now_given else None
        at_risk = self.time_to_first_reply.min_at_risk
        return _of_ledger(ledger, self.definitions, at_risk, now, self.unreadable)

    def suppressed_prospects(self) -> dict[str, str]:
        """Each suppressed prospect of the report and why, in the order they were enrolled.

        Their enrollments count in every figure (the touches were made, the
        replies came); :meth:`by` ``("suppressed")`` or
        ``by(lambda k: k.suppressed is None)`` gives the report without them.

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1)])
            >>> es = [ck.Enrollment.start(c, p, "2026-11-23T08:00:00+00:00")
            ...       for p in ("ada@acme.com", "jo@rival.com")]
            >>> r = ck.report(es, suppress=ck.Suppression(domains=["rival.com"]))
            >>> r.suppressed, r.suppressed_prospects()
            (1, {'jo@rival.com': 'suppressed: the domain rival.com is on the suppression list'})
        """
        found: dict[str, str] = {}
        ledger = self._ledger
        for prospect, why in zip(ledger.prospects, ledger.suppressed, strict=True):
            if why is not None and prospect not in found:
                found[prospect] = why
        return found

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
    def _tallies(self, key: _SliceKey) -> dict[Any, _Tally]:
        tallies: dict[Any, _Tally] = {}
        reach = self.definitions.touch_unit == _Counting.PROSPECT
        for shape, times in self._shapes.items():
            _tally_into(tallies, shape, times, key, reach=reach)
        return tallies

    def _group(self, key: _SliceKey) -> dict[Any, Breakdown]:
        tallies = self._tallies(key)
        defs = self.definitions
        return {k: tallies[k].breakdown(defs.reply_unit, defs.touch_unit) for k in tallies}

    def _touched_cadences(self) -> list[str]:
        """The names of the cadences with a touch in the report, sorted."""
        return sorted({shape[_CADENCE] for shape in self._shapes})

    def by_step(self, *, cadence: str | None = None) -> Breakdowns[int]:
        """The rates of each step of one cadence (0-based index, inserted steps after the cadence's).

        Step numbers of two cadences are different steps: a report over
        several cadences refuses ``by_step()`` without ``cadence=``; see
        :meth:`by_cadence_step` (keyed by cadence and step) and
        :meth:`by_cadence`.

        Args:
            cadence: the name of the cadence whose steps to show; None:
                the report's one cadence.

        Raises:
            InvalidFieldError: ``cadence`` None in a report whose touches
                are of several cadences, or a name no enrollment of the
                report has.

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1)])
            >>> e = ck.Enrollment.replay(c, "p", "2026-11-23T08:00:00+00:00",
            ...                          [ck.Event.touch("2026-11-23T09:00:00+00:00", 0)])
            >>> ck.report([e]).by_step()[0].touches
            1
        """
        if cadence is None:
            names = self._touched_cadences()
            if len(names) > 1:
                shown = ", ".join(map(repr, names))
                raise InvalidFieldError(
                    "cadence",
                    None,
                    f"this report holds {len(names)} cadences ({shown}) and step numbers of "
                    "two cadences are different steps; say by_step(cadence=...), or use "
                    "by_cadence_step() or by_cadence()",
                )
            found = self._group(lambda _, record: record[_STEP])
        else:
            wanted = self._cadence_name(cadence)
            found = self._group(lambda name, record: record[_STEP] if name == wanted else None)
        return Breakdowns("step", ((step, found[step]) for step in sorted(found)))

    def _cadence_name(self, cadence: object) -> str:
        """``cadence=``: the name of a cadence some enrollment of the report has."""
        known = sorted(set(self._ledger.cadences))
        if not isinstance(cadence, str) or cadence not in known:
            shown = ", ".join(map(repr, known)) or "none"
            raise InvalidFieldError(
                "cadence", cadence, f"expected the name of a cadence of the report ({shown})"
            )
        return cadence

    def by_cadence_step(self, *, numbered: bool = False) -> Breakdowns[tuple[str, int]]:
        """The rates of each step, keyed by ``(cadence name, step)``: two cadences never share a step.

        ``numbered=True`` keys each row by the step's number as a person reads
        it (:meth:`Cadence.step_number`: an outline's own numbering; a call
        and the voicemail left when nobody answers are one step), so the rows
        are the manager's steps, each prospect counted once per step; steps a
        rule inserted continue from the cadence's last number. Without it the
        key is the 0-based index of the touch.

        Example:
            >>> import cadencekit as ck
            >>> a = ck.Cadence("A", [ck.Touchpoint("email", 1)])
            >>> b = ck.Cadence("B", [ck.Touchpoint("call", 1)])
            >>> touch = [ck.Event.touch("2026-11-23T09:00:00+00:00", 0)]
            >>> es = [ck.Enrollment.replay(c, "p", "2026-11-23T08:00:00+00:00", touch)
            ...       for c in (a, b)]
            >>> print(ck.report(es).by_cadence_step())  # doctest: +NORMALIZE_WHITESPACE
            cadence, step  prospects  touches  open                reply               positive reply      meeting booking
            A, 0           1          1        0.0% (0/1)          0.0% (0/1)          0.0% (0/1)          0.0% (0/1)
            B, 0           1          1        n/a (0/0)           0.0% (0/1)          0.0% (0/1)          0.0% (0/1)
        """
        if not to_flag(numbered, "numbered"):
            found = self._group(lambda name, record: (name, record[_STEP]))
            return Breakdowns("cadence, step", ((k, found[k]) for k in sorted(found)))
        plans = self._ledger.plans

        def number(name: str, record: _Record) -> tuple[str, int]:
            plan, index = plans[name], record[_STEP]
            if index < len(plan):
                return name, plan.step_number(index)
            last = plan.step_numbers[-1] if len(plan) else 0
            return name, last + index - len(plan) + 1  # a step a rule inserted

        found = self._group(number)
        return Breakdowns("cadence, step number", ((k, found[k]) for k in sorted(found)))

    def by_channel(self) -> Breakdowns[Channel]:
        """The rates of each channel, in :class:`Channel` order (a team's own channels last, by name).

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("call", 1)])
            >>> e = ck.Enrollment.replay(c, "p", "2026-11-23T08:00:00+00:00",
            ...     [ck.Event.touch("2026-11-23T09:00:00+00:00", 0, call_result="connected")])
            >>> print(ck.report([e]).by_channel()[ck.Channel.CALL].call_connection_rate)
            100.0% (1/1), 95% CI 20.7–100.0%
        """
        found = self._group(lambda _, record: record[_CHANNEL])
        return Breakdowns(
            "channel", ((c, found[c]) for c in sorted(found, key=lambda channel: channel.order))
        )

    def by_variant(self, step: int, *, cadence: str | None = None) -> Breakdowns[str | None]:
        """The rates of each A/B variant of ``step`` (None: touches without one).

        Replies, opens and meetings count toward the variant of the touch
        they belong to. Pass two of the rates to :func:`compare`. A report
        over several cadences needs ``cadence=``, as :meth:`by_step` does.

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
        if cadence is None:
            self.by_step()  # refuses a mix of cadences
            found = self._group(
                lambda _, record: (record[_VARIANT],) if record[_STEP] == step else None
            )
        else:
            wanted = self._cadence_name(cadence)
            found = self._group(
                lambda name, record: (
                    (record[_VARIANT],) if record[_STEP] == step and name == wanted else None
                )
            )
        keys = sorted(found, key=lambda k: (k[0] is None, k[0] or ""))
        return Breakdowns("variant", ((k[0], found[k]) for k in keys))

    def funnel(self) -> tuple[FunnelStep, ...]:
        """Each step of each cadence: how many of its prospects reached it, how many replies it drew.

        Steps are in cadence name order, then step order; a step's
        ``reached`` divides by the enrollments of its cadence, so two
        cadences never share a step.

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 2)])
            >>> e = ck.Enrollment.replay(c, "p", "2026-11-23T08:00:00+00:00",
            ...                          [ck.Event.touch("2026-11-23T09:00:00+00:00", 0)])
            >>> [str(s.reached) for s in ck.report([e]).funnel()]
            ['100.0% (1/1), 95% CI 20.7–100.0%']
        """
        touches: dict[tuple[str, int, Channel], int] = {}  # by cadence, step and channel
        for shape, times in self._shapes.items():
            name = shape[_CADENCE]
            for record in _touches(shape):
                at = (name, record[_STEP], record[_CHANNEL])
                touches[at] = touches.get(at, 0) + times
        channels: dict[tuple[str, int], Channel] = {}
        # the most touches; a tie: the first channel (a team's own channels last, by name)
        used_channels = {used for _, _, used in touches}
        for channel in sorted(used_channels, key=lambda channel: channel.order, reverse=True):
            for (name, step, used), n in touches.items():
                if used == channel:
                    best = channels.get((name, step))
                    if best is None or n >= touches[name, step, best]:
                        channels[name, step] = channel
        enrolled: dict[str, int] = {}
        for name in self._ledger.cadences:
            enrolled[name] = enrolled.get(name, 0) + 1
        steps = self._tallies(lambda name, record: (name, record[_STEP]))
        return tuple(
            FunnelStep(
                step,
                channels[name, step],
                Rate(steps[name, step].prospects, enrolled[name]),
                steps[name, step].replied,  # prospects with a reply that belongs to the step
                cadence=name,
            )
            for name, step in sorted(steps)
        )

    # -- slices of enrollments ---------------------------------------------------------
    def by(self, key: str | Callable[[EnrollmentKeys], Hashable]) -> ReportSlices[Any]:
        """The report of each group of enrollments: by owner, account, a fact, or any key.

        Each enrollment is in exactly one group, so the groups partition
        the report: their ``enrolled`` add up to the report's, and
        :func:`merge_reports` of them equals it (but for ``unreadable``:
        rows an export could not read belong to no group). Each value is
        the :func:`report` of the group's enrollments, equal to it field
        for field (its ``now`` is the report's, when one was given; else
        the group's latest event).

        Args:
            key: an attribute of :class:`EnrollmentKeys` by name
                (``"owner"``, ``"account"``, ``"cadence"`` (its name),
                ``"prospect"``, ``"status"``, ``"exit_reason"``), else the
                name of a fact (``Enrollment.facts``; an enrollment without
                it is in the group None); or a function of an
                :class:`EnrollmentKeys` that returns a hashable key.

        Raises:
            InvalidFieldError: a name that is neither an attribute nor a
                fact of any enrollment, or a key that is not hashable.

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1)])
            >>> touch = [ck.Event.touch("2026-11-23T09:00:00+00:00", 0)]
            >>> es = [ck.Enrollment.replay(c, p, "2026-11-23T08:00:00+00:00", touch, owner=o)
            ...       for p, o in [("a", "kim"), ("b", "kim"), ("c", "lou")]]
            >>> {owner: r.enrolled for owner, r in ck.report(es).by("owner").items()}
            {'kim': 2, 'lou': 1}
            >>> sorted(ck.report(es).by(lambda e: e.prospect < "b"))
            [False, True]
        """
        keys, name = self._keys(key)
        return self._slices(name, _grouped(keys))

    def by_cadence(self) -> ReportSlices[str]:
        """The report of each cadence's enrollments, by cadence name.

        ``by("cadence")``: the reports add up to this one (``enrolled``,
        ``touched``, ``ended``...), and each has its own steps,
        :meth:`by_step` and :meth:`funnel`.

        Example:
            >>> import cadencekit as ck
            >>> a = ck.Cadence("A", [ck.Touchpoint("email", 1)])
            >>> b = ck.Cadence("B", [ck.Touchpoint("call", 1)])
            >>> touch = [ck.Event.touch("2026-11-23T09:00:00+00:00", 0)]
            >>> es = [ck.Enrollment.replay(c, p, "2026-11-23T08:00:00+00:00", touch)
            ...       for c, p in [(a, "x"), (a, "y"), (b, "z")]]
            >>> {name: r.enrolled for name, r in ck.report(es).by_cadence().items()}
            {'A': 2, 'B': 1}
        """
        return self.by("cadence")

    def by_cohort(self, period: str, *, tz: str | tzinfo) -> ReportSlices[date]:
        """The report of each cohort: the enrollments started in one week (day, month) in ``tz``.

        A cohort's key is the first day of its period: a Monday for
        ``"week"`` (ISO weeks), the 1st for ``"month"``. An enrollment's
        period is read from its start in ``tz`` (a manager's zone), so a
        Monday 01:00 start in Tokyo is Sunday in London.

        Args:
            period: ``"day"``, ``"week"`` or ``"month"``.
            tz: the zone the periods are read in: an IANA name or a tzinfo.

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1)])
            >>> es = [ck.Enrollment.start(c, p, at) for p, at in [
            ...     ("a", "2026-11-22T23:30:00+00:00"), ("b", "2026-11-23T08:00:00+00:00")]]
            >>> {str(week): r.enrolled for week, r in ck.report(es).by_cohort("week", tz="UTC").items()}
            {'2026-11-16': 1, '2026-11-23': 1}
            >>> {str(week): r.enrolled for week, r in
            ...  ck.report(es).by_cohort("week", tz="Europe/Berlin").items()}
            {'2026-11-23': 2}
        """
        first = _period(period)
        zone = _time.zone(tz)[0]
        return self._slices(
            period, _grouped(first(at.astimezone(zone).date()) for at in self._ledger.started)
        )

    def over_time(self, period: str, *, metric: str, tz: str | tzinfo = "UTC") -> RateSeries:
        """One rate, period by period: a row per day, week or month, ready for :func:`compare`.

        A touch rate and a prospect rate are counted by when the touches
        were carried out: a period's reply rate divides the prospects
        touched in it into those whose reply belongs to one of its touches
        (as :meth:`by_step` slices by step); ``conversion_rate`` and
        ``completion_rate`` count the enrollments that ended in the
        period. A prospect touched in two weeks is in both weeks'
        denominators, so two periods are not independent samples: for an
        A/B-style comparison of cohorts, compare :meth:`by_cohort`'s
        reports. Every period from the first to the last is a row; a
        period without touches has the rate 0/0, which :func:`compare`
        refuses.

        Args:
            period: ``"day"``, ``"week"`` (ISO, from Monday) or ``"month"``.
            metric: the name of a rate of the report (``"reply_rate"``,
                ``"open_rate"``...; see :meth:`CadenceReport.rates`).
            tz: the zone the periods are read in (UTC by default).

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("email", 6)])
            >>> e = ck.Enrollment.replay(c, "p", "2026-11-23T08:00:00+00:00", [
            ...     ck.Event.touch("2026-11-23T09:00:00+00:00", 0),
            ...     ck.Event.touch("2026-11-30T09:00:00+00:00", 1),
            ...     ck.Event.reply("2026-11-30T12:00:00+00:00", "no", step=1),
            ... ])
            >>> print(ck.report([e]).over_time("week", metric="reply_rate"))
            week        reply_rate
            2026-11-23  0.0% (0/1), 95% CI 0.0–79.3%
            2026-11-30  100.0% (1/1), 95% CI 20.7–100.0%
        """
        first = _period(period)
        names = self.rates()
        if metric not in names:
            raise InvalidFieldError(
                "metric", metric, f"expected the name of a rate: {', '.join(names)}"
            )
        zone = _time.zone(tz)[0]
        rates: dict[date, Rate] = {}
        if metric in ("conversion_rate", "completion_rate"):
            wanted = (
                (ExitReason.POSITIVE_REPLY, ExitReason.MEETING_BOOKED)
                if metric == "conversion_rate"
                else (ExitReason.COMPLETED,)
            )
            ended: dict[date, list[int]] = {}
            ledger = self._ledger
            for at, status, reason in zip(
                ledger.ended, ledger.statuses, ledger.reasons, strict=True
            ):
                if status is not Status.ENDED or at is None:
                    continue
                cell = ended.setdefault(first(at.astimezone(zone).date()), [0, 0])
                cell[0] += reason in wanted
                cell[1] += 1
            rates = {day: Rate(won, n) for day, (won, n) in ended.items()}
        else:
            tallies: dict[Any, _Tally] = {}
            reach = self.definitions.touch_unit == _Counting.PROSPECT
            ledger = self._ledger
            for index, sid in enumerate(ledger.shape_of):
                if sid < 0:
                    continue
                shape = ledger.shapes[sid]
                days = [first(at.astimezone(zone).date()) for at in ledger.touch_times(index)]
                _tally_into(tallies, shape, 1, None, days, reach=reach)
            defs = self.definitions
            rates = {
                day: getattr(t.breakdown(defs.reply_unit, defs.touch_unit), metric)
                for day, t in tallies.items()
            }
        series = RateSeries(period, metric)
        if rates:
            day, last = min(rates), max(rates)
            while day <= last:
                series[day] = rates.get(day, Rate(0, 0))
                day = first(day + _PERIOD_LENGTH[period])
        return series

    def _keys(self, key: str | Callable[[EnrollmentKeys], Hashable]) -> tuple[list[Hashable], str]:
        """Each enrollment's key for ``by(key)``, in ledger order, and the key's name."""
        ledger = self._ledger
        if isinstance(key, str):
            column = _LEDGER_KEYS.get(key)
            if column is not None:
                return list(getattr(ledger, column)), key
            if ledger.facts and not any(key in facts for facts in ledger.facts):
                raise InvalidFieldError(
                    "key",
                    key,
                    f"expected an attribute ({', '.join(_LEDGER_KEYS)}) or the name of a fact "
                    "of some enrollment (Enrollment.facts), or a function of EnrollmentKeys",
                )
            field = f"facts[{key!r}]"
            return [_hashable(facts.get(key), field) for facts in ledger.facts], key
        if callable(key):
            found = [_hashable(key(ledger.keys(i)), "key") for i in range(len(ledger))]
            return found, getattr(key, "__name__", "key")
        raise InvalidFieldError(
            "key", key, "expected an attribute or fact name, or a function of EnrollmentKeys"
        )

    def _slices(self, by: str, groups: Mapping[Hashable, Sequence[int]]) -> ReportSlices[Any]:
        """The report of each group of enrollments (their ledger positions), in key order (None last)."""
        defs, at_risk = self.definitions, self.time_to_first_reply.min_at_risk
        now = self.now if self._now_given else None
        ledger = self._ledger
        return ReportSlices(
            by,
            (
                (k, _of_ledger(ledger.take(groups[k]), defs, at_risk, now))
                for k in _sorted_keys(groups)
            ),
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
            "unreadable": self.unreadable,
            "suppressed": self.suppressed,
            "by_step": self._steps_dict(),
            "by_channel": {k.value: v.to_dict() for k, v in self.by_channel().items()},
            "funnel": [
                {
                    "cadence": s.cadence,
                    "step": s.step,
                    "channel": None if s.channel is None else s.channel.value,
                    "reached": s.reached.to_dict(),
                    "replied": s.replied,
                }
                for s in self.funnel()
            ],
        }

    def _steps_dict(self) -> dict[str, Any]:
        """``to_dict``'s steps: by step, or by cadence name then step when there are several."""
        if len(self._touched_cadences()) <= 1:
            return {str(k): v.to_dict() for k, v in self.by_step().items()}
        nested: dict[str, Any] = {}
        for (name, step), v in self.by_cadence_step().items():
            nested.setdefault(name, {})[str(step)] = v.to_dict()
        return nested

    def to_records(self) -> list[dict[str, object]]:
        """One plain dict per rate and slice, ready for ``pandas.DataFrame``.

        Keys: ``by`` (``"all"``, ``"step"``, ``"cadence_step"`` when the
        report holds several cadences, or ``"channel"``), ``key`` (None, the
        step index, ``(cadence name, step)`` or the channel's value),
        ``metric``, ``numerator``,
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
        if len(self._touched_cadences()) <= 1:
            for step, breakdown in self.by_step().items():
                add("step", step, breakdown.rates())
        else:
            for key, breakdown in self.by_cadence_step().items():
                add("cadence_step", key, breakdown.rates())
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
        if self.unreadable:
            lines.append(f"  {self._unreadable_text()}")
        if self.suppressed:
            lines.append(f"  {self._suppressed_text()}")
        for name, rate in self.rates().items():
            label = _rate_label(name)
            lines.append(f"  {label:<{width}} {rate}")
        lines.append(f"  micro-engagements:   {self._engagement_text()}")
        lines.append(f"  time to first reply: {self.time_to_first_reply}")
        lines.append(f"  rep response time:   {self.rep_response_time}")
        lines.append(f"definitions: {self.definitions.name}: {self.definitions.formula}")
        return "\n".join(lines)

    def _unreadable_text(self) -> str:
        rows = "1 row" if self.unreadable == 1 else f"{self.unreadable} rows"
        return f"{rows} of the export could not be read: counted in no figure here"

    def _suppressed_text(self) -> str:
        whose = "enrollment" if self.suppressed == 1 else "enrollments"
        return (
            f"{self.suppressed} {whose} of suppressed prospects or addresses: counted in every "
            "figure (what was done stands); contacted no more"
        )

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
        warnings = [self._unreadable_text()] if self.unreadable else []
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
    table: dict[timedelta, list[int]], starts: Sequence[datetime], now: datetime | None
) -> None:
    """Add the enrollments begun at ``starts`` to the curve's table, censored at ``now``."""
    if not starts:
        return
    assert now is not None  # an enrollment was touched: there is a latest event
    end = now.astimezone(UTC)
    for begun in starts:
        duration = max(end - begun, _NO_TIME)
        cell = table.get(duration)
        if cell is None:
            cell = table[duration] = [0, 0]
        cell[1] += 1


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
    now: datetime | None,
    now_given: bool,
    ledger: _Ledger,
    unreadable: int,
) -> CadenceReport:
    """A report from its counts, shapes, curve table and waits (and the ledger they came of)."""
    enrolled, touched, active, paused, ended = counts
    whole = _Tally()
    kinds: dict[tuple[Channel, int, int], int] = {}  # touches of each kind
    prospects: dict[int, int] = {}  # prospects touched, by their flags (and reach)
    reach = definitions.touch_unit == _Counting.PROSPECT
    for shape, times in shapes.items():
        flags, loose = shape[0], shape[1]
        whole.engagements += loose * times
        kinds_of = zip(  # each touch by what it counts as, tallied once a kind below
            shape[_HEAD + _CHANNEL :: _SLOTS],
            shape[_HEAD + _FLAGS :: _SLOTS],
            shape[_HEAD + _ENGAGEMENTS :: _SLOTS],
            strict=True,
        )
        for kind in kinds_of:
            kinds[kind] = kinds.get(kind, 0) + times
            if reach:
                flags |= _reach(kind[0], kind[1])
        prospects[flags] = prospects.get(flags, 0) + times
    for (channel, touch_flags, engagements), times in kinds.items():
        whole.touch(channel, touch_flags, engagements, times)
    for prospect_flags, times in prospects.items():
        whole.prospect(prospect_flags, times)
    overall = whole.breakdown(definitions.reply_unit, definitions.touch_unit)
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
        now_given=now_given,
        ledger=ledger,
        unreadable=unreadable,
        suppressed=len(ledger.suppressed) - ledger.suppressed.count(None),
    )


def _unreadable(value: object) -> int:
    """``unreadable=``: a count of rows, or the :class:`BadRow` values of a table."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise InvalidFieldError("unreadable", value, "expected a count of rows, 0 or more")
        return value
    if isinstance(value, Iterable) and not isinstance(value, str | bytes | Mapping):
        rows = list(value)
        if all(isinstance(row, BadRow) for row in rows):
            return len(rows)
    raise InvalidFieldError(
        "unreadable", value, "expected a count of rows, or a table's problems (BadRow values)"
    )


def _of_ledger(
    ledger: _Ledger,
    definitions: Definitions,
    min_at_risk: int,
    now: datetime | None,
    unreadable: int = 0,
) -> CadenceReport:
    """The report of the enrollments of ``ledger``; ``now`` None: their latest event."""
    # Counted in C, column by column: a report keeps a column an enrollment.
    statuses = Counter(ledger.statuses)
    ended, paused = statuses[Status.ENDED], statuses[Status.PAUSED]
    active = len(ledger) - ended - paused
    ended_by: dict[ExitReason, int] = Counter(
        compress(ledger.reasons, map(is_, ledger.statuses, repeat(Status.ENDED)))  # type: ignore[arg-type]
    )
    waits = _wait_lists()
    unanswered = [0] * _WAITS
    for waited in ledger.waits.values():
        for index, seconds in waited:
            waits[index].append(seconds)
    for left in ledger.unanswered.values():
        for index in left:
            unanswered[index] += 1
    each = Counter(ledger.shape_of)  # enrollments of each shape, by its place
    touched = len(ledger) - each.pop(-1, 0)
    shapes = {ledger.shapes[sid]: n for sid, n in sorted(each.items())}  # touched, by shape
    # time to first reply: [observed, censored] by duration; no duration: censored at `now`
    table: dict[timedelta, list[int]] = {}
    timed = map(is_not, ledger.durations, repeat(None))
    pairs: Counter[tuple[timedelta, int]] = Counter(
        compress(zip(ledger.durations, ledger.censored, strict=True), timed)  # type: ignore[arg-type]
    )
    for (duration, censored), n in pairs.items():
        cell = table.get(duration)
        if cell is None:
            cell = table[duration] = [0, 0]
        cell[censored] += n
    open_since = [  # the starts of those censored at `now`
        started.astimezone(UTC)
        for sid, duration, started in zip(
            ledger.shape_of, ledger.durations, ledger.started, strict=True
        )
        if duration is None and sid >= 0
    ]
    moment = _latest(ledger.latest) if now is None else now
    _censor(table, open_since, moment)
    return _assemble(
        definitions,
        min_at_risk,
        counts=(len(ledger), touched, active, paused, ended),
        ended_by=ended_by,
        shapes=shapes,
        table=table,
        waits=waits,
        unanswered=unanswered,
        now=moment,
        now_given=now is not None,
        ledger=ledger,
        unreadable=unreadable,
    )


def _suppressed_by(
    suppress: Suppression,
) -> Callable[[str, Cadence, Mapping[str, object]], str | None]:
    """Why an enrollment's prospect, or an address of a channel its cadence uses, is suppressed."""

    def why(prospect: str, cadence: Cadence, facts: Mapping[str, object]) -> str | None:
        texts = {name: value for name, value in facts.items() if isinstance(value, str)}
        found = suppress.reason(prospect, facts=texts)
        if found is None and suppress.channels:
            for channel in cadence.channels:
                found = suppress.reason(prospect, channel=channel, facts=texts)
                if found is not None:
                    break
        return found

    return why


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
    calendar: BusinessCalendar | str | None = None,
    tz: str | tzinfo = "UTC",
    rules: Iterable[Rule] | None = None,
    rep_calendars: Mapping[str, BusinessCalendar | str] | None = None,
    unreadable: int | Iterable[BadRow] = 0,
    suppress: Suppression | None = None,
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
        unreadable: with enrollments: the rows of their export that could
            not be read (a count, or the table's ``problems``), so the
            report says how many rows it could not count, as
            ``report(table, ...)`` does by itself (a table counts its own
            ``problems``).
        suppress: a :class:`~cadencekit.Suppression`: the enrollments of the
            prospects on it (or with an address on it, of a channel their
            cadence uses) are counted in :attr:`CadenceReport.suppressed` and
            named, with the reason, by
            :meth:`CadenceReport.suppressed_prospects`. They stay in every
            rate: their touches were made and their replies came, and a list
            that grows with opt-outs and bounces would otherwise take its own
            failures out of the figures (see "Suppression in reports" in the
            deliverability guide).

    Every recorded event counts, also those after an enrollment ended. Opens
    and bounces belong to the latest touch of their step (an open of a step
    never touched is not counted); replies, meetings and opt-outs belong to
    the latest touch of the step they name, and when they name none, to the
    last touch before them, whatever its step (``definitions``' ``credit``
    says which). A reply that came before any touch counts for the whole
    report but for no step.

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
        unreadable=unreadable,
        suppress=suppress,
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
    ledger = _Ledger.joined(item._ledger for item in listed)
    unread = sum(item.unreadable for item in listed)
    return _of_ledger(ledger, definitions, min_at_risk, first.now if now_given else None, unread)


# What an enrollment's rows say, moments aside: its shape (None: never touched), where
# its touches are, its waits (which wait list, the engagement's row, the touch's row),
# the wait lists of the engagements never answered, and its first reply's row (-1: none).
_Read = tuple[
    _Shape | None,
    tuple[int, ...],
    tuple[tuple[int, int, int], ...],
    tuple[int, ...],
    int,
]
# The same with the shape's place in the report's ledger (-1: never touched).
_Known = tuple[int, tuple[int, ...], tuple[tuple[int, int, int], ...], tuple[int, ...], int]
# flags an outcome event sets on the prospect and on the touch it belongs to
_OUTCOME_BITS: Final = {
    EventKind.MEETING: _MEETING,
    EventKind.OPT_OUT: _OPTED_OUT,
    EventKind.OPPORTUNITY: _OPPORTUNITY,
    EventKind.CONVERTED: _CONVERTED,
}


def _read_rows(
    rows: Iterable[Row],
    steps: Sequence[Touchpoint],
    name: str,
    not_replies: frozenset[Response],
    *,
    named_only: bool,
) -> _Read:
    """What an enrollment's ``rows`` (in the order applied) say of it, by row, never by moment.

    The report's one reading of an enrollment's events: the table path reads
    each shape of rows once and takes the moments of each enrollment at the
    rows this names.
    """
    k_touch, k_open, k_bounce = EventKind.TOUCH, EventKind.OPEN, EventKind.BOUNCE
    k_reply, k_click, k_engagement = EventKind.REPLY, EventKind.CLICK, EventKind.ENGAGEMENT
    k_positive, k_connected = Response.POSITIVE, CallResult.CONNECTED
    outcome_bits = _OUTCOME_BITS
    records: list[Any] = [0, 0, name]  # flags, loose engagements, cadence; then touches
    by_step: dict[int | None, int] = {}  # each step's latest touch: where its flags are
    last = -1  # where the latest touch's flags are
    flags = 0
    loose = 0  # engagements before any touch: the prospect's, no touch's
    first_reply = -1
    touched: list[int] = []
    waited: list[tuple[int, int, int]] = []  # (which wait list, engagement's row, touch's row)
    waiting: list[tuple[int, int]] = []  # engagements no manual touch followed yet
    pending: list[tuple[int, int]] = []  # engagements no touch followed yet
    for row, (kind, step, response, result, channel, variant, _) in enumerate(rows):
        if kind is k_touch:
            assert step is not None
            touchpoint = steps[step]
            last = len(records) + _FLAGS
            connected = _CONNECTED if result is k_connected else 0
            records += (step, channel or touchpoint.channel, variant, connected, 0)
            by_step[step] = last
            touched.append(row)
            if pending or waiting:  # engagements followed up: how long each waited
                for index, engaged in pending:
                    waited.append((index + 1, engaged, row))
                pending = []
                if waiting and not touchpoint.automated:  # the rep's own touch
                    for index, engaged in waiting:
                        waited.append((index, engaged, row))
                    waiting = []
            continue
        if kind is k_open or kind is k_click or kind is k_bounce:
            at_step = by_step.get(step)
            if kind is k_open:
                if at_step is not None:
                    records[at_step] |= _OPENED
                continue
            if kind is k_bounce:
                if at_step is not None:
                    records[at_step] |= _BOUNCED
                continue
            if at_step is not None:
                records[at_step] |= _CLICKED
                flags |= _CLICKED
            item = (_CLICK_WAITS, row)
            waiting.append(item)
            pending.append(item)
            continue
        # The rest belong to a touch: the latest of the step they name, else (but with
        # credit="named_step") the last touch before them.
        if named_only:
            target = by_step.get(step, -1)
        else:
            target = last if step is None else by_step.get(step, last)
        if kind is k_reply:
            if response in not_replies:
                continue
            bit = _REPLIED | _POSITIVE if response is k_positive else _REPLIED
            flags |= bit
            if target >= 0:
                records[target] |= bit
            if first_reply < 0:
                first_reply = row
            item = (_REPLY_WAITS, row)
            waiting.append(item)
            pending.append(item)
        elif kind is k_engagement:
            flags |= _ENGAGED
            if target >= 0:
                records[target] |= _ENGAGED
                records[target + 1] += 1  # the engagements, after the flags
            else:
                loose += 1
            item = (_ENGAGEMENT_WAITS, row)
            waiting.append(item)
            pending.append(item)
        else:
            bit = outcome_bits.get(kind, 0)
            if bit:
                flags |= bit
                if target >= 0:
                    records[target] |= bit
    unanswered = tuple(i for i, _ in waiting) + tuple(i + 1 for i, _ in pending)
    if last < 0:
        return None, tuple(touched), tuple(waited), unanswered, first_reply
    records[0] = flags
    records[1] = loose
    return tuple(records), tuple(touched), tuple(waited), unanswered, first_reply


def _report(
    enrollments: Iterable[Enrollment] | EventTable,
    *,
    now: datetime | str | None,
    definitions: Definitions | str,
    min_at_risk: int,
    cadences: Cadence | Mapping[str, Cadence] | Iterable[Cadence] | None,
    calendar: BusinessCalendar | str | None,
    tz: str | tzinfo,
    rules: Iterable[Rule] | None,
    rep_calendars: Mapping[str, BusinessCalendar | str] | None,
    unreadable: int | Iterable[BadRow],
    suppress: Suppression | None,
) -> CadenceReport:
    """:func:`report`, its arguments as given."""
    defs = _definitions(definitions)
    if suppress is not None and not isinstance(suppress, Suppression):
        raise InvalidFieldError("suppress", suppress, "expected a Suppression or None")
    suppressed_by = _suppressed_by(suppress) if suppress else None
    # Every duration and every comparison below is made on UTC instants: Python
    # subtracts and compares two datetimes sharing an IANA zone by wall clock,
    # which is an hour off across a daylight-saving change.
    moment = None if now is None else to_aware_datetime(now, "now")
    utc_now = None if moment is None else moment.astimezone(UTC)
    summaries: Iterable[Summary]
    kept: Sequence[Enrollment]
    if isinstance(enrollments, EventTable):
        if not (isinstance(unreadable, int) and not isinstance(unreadable, bool)) or unreadable:
            raise InvalidFieldError(
                "unreadable",
                unreadable,
                "only with enrollments: a table counts its own unreadable rows (its problems)",
            )
        unread = len(enrollments.problems)
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
        unread = _unreadable(unreadable)
    not_replies = defs.not_replies
    named_only = defs.credit == _Credit.NAMED_STEP
    ledger = _Ledger()
    shape_ids: dict[_Shape, int] = {}  # where each shape is in ledger.shapes
    distinct, add_shape = ledger.shapes, ledger.shape_of.append
    # What each shape of rows (the table path's token for it) says of its enrollments:
    # for this call only, as the quick fold's memo lives for one report.
    read: dict[Hashable, _Known] = {}
    plans = ledger.plans
    add_prospect, add_cadence = ledger.prospects.append, ledger.cadences.append
    add_owner, add_account, add_facts = (
        ledger.owners.append,
        ledger.accounts.append,
        ledger.facts.append,
    )
    add_status, add_reason = (
        ledger.statuses.append,
        ledger.reasons.append,
    )
    add_started, add_ended, add_latest = (
        ledger.started.append,
        ledger.ended.append,
        ledger.latest.append,
    )
    add_duration, add_censored = ledger.durations.append, ledger.censored.append
    add_suppressed = ledger.suppressed.append
    all_stamps, add_stamp_end = ledger.stamps, ledger.stamp_ends.append
    add_stamps = all_stamps.extend
    all_waits, all_unanswered = ledger.waits, ledger.unanswered
    for rows, latest, steps, status, reason, started, ended_at, card, shaped in summaries:
        prospect, cadence, owner, account, facts = card
        name = cadence.name
        if name not in plans:
            plans[name] = cadence
        found: _Known | None = None
        token: Hashable = None
        if shaped is None:  # an enrollment's rows: read here, with their moments
            listed = list(rows)
            ats: Sequence[datetime] = [row[_AT] for row in listed]
            rows = listed
        else:
            token, ats = shaped
            found = read.get(token)
        if found is None:
            records, touched, waits, unanswered, replied_at = _read_rows(
                rows, steps, name, not_replies, named_only=named_only
            )
            sid = -1
            if records is not None:
                sid = shape_ids.get(records, -1)
                if sid < 0:
                    sid = shape_ids[records] = len(distinct)
                    distinct.append(records)
            found = (sid, touched, waits, unanswered, replied_at)
            if shaped is not None:
                read[token] = found
        sid, touched, waits, unanswered, replied_at = found
        index = len(ledger.prospects)
        if unanswered:
            all_unanswered[index] = unanswered
        if waits:  # how long each engagement waited for its touch: by the rows' moments
            all_waits[index] = tuple(
                [
                    (which, (ats[b].astimezone(UTC) - ats[a].astimezone(UTC)).total_seconds())
                    for which, a, b in waits
                ]
            )
        add_stamps(map(ats.__getitem__, touched))
        add_prospect(prospect)
        add_suppressed(None if suppressed_by is None else suppressed_by(prospect, cadence, facts))
        add_cadence(name)
        add_owner(owner)
        add_account(account)
        add_facts(facts)
        if status is Status.PAUSED:  # `ended_at` is when the pause ends (None: at a resume)
            if utc_now is not None and ended_at is not None and ended_at.astimezone(UTC) <= utc_now:
                status = Status.ACTIVE  # its pause is over by `now`
            ended_at = None
        add_status(status)
        add_reason(reason)
        add_started(started)
        add_ended(ended_at)
        add_latest(latest)
        add_stamp_end(len(all_stamps))
        add_shape(sid)
        if sid < 0:  # never touched
            add_duration(None)
            add_censored(0)
            continue
        # Each enrollment is observed from its start to its end (or `now`): a reply
        # recorded after the end (to the breakup email, say) counts in the reply rate,
        # but on the curve it would meet a risk set the other ended enrollments have
        # already left, and drag the curve down. It is censored at the end instead.
        begun = started.astimezone(UTC)
        end = None if ended_at is None else ended_at.astimezone(UTC)
        first_reply = None if replied_at < 0 else ats[replied_at].astimezone(UTC)
        if first_reply is not None and (end is None or first_reply <= end):
            add_duration(first_reply - begun)  # observed
            add_censored(0)
        elif end is not None:
            add_duration(max(end - begun, _NO_TIME))  # censored at the end
            add_censored(1)
        else:
            add_duration(None)  # censored at `now`, known at the end
            add_censored(0)
    return _of_ledger(ledger, defs, min_at_risk, moment, unread)
