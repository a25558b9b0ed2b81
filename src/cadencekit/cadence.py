"""Cadences: the touchpoints of an outreach plan, day by day.

A :class:`Cadence` is what a sales team writes on a whiteboard ("Day 1:
email, Day 3: email then call, Day 5: call and voicemail") as a frozen
value: its :class:`Touchpoint` steps, the :class:`DayBasis` its day numbers
count in, the send window and the spacing between touches of one day.

Example:
    >>> from cadencekit import Cadence, Channel, Touchpoint
    >>> cadence = Cadence(
    ...     "Intro",
    ...     [
    ...         Touchpoint(Channel.EMAIL, 1, label="Intro email"),
    ...         Touchpoint(Channel.EMAIL, 3, label="Value driven email"),
    ...         Touchpoint(Channel.CALL, 3),
    ...     ],
    ... )
    >>> print(cadence.describe())
    Intro
    Day 1: Email — Intro email
    Day 3: Email — Value driven email
    Day 3: Call
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, time, timedelta
from typing import Any, Final, TypeVar, overload

import attrs
from dateutil.relativedelta import relativedelta

from ._convert import Reader, to_enum, to_time, to_timedelta
from ._lintcodes import lint_codes
from ._text import brief, capped, cut, duration_text, html_table, step_text, time_text
from .calendar import BusinessCalendar, SendHours, SendWindow, Window, window_from_dict
from .channels import Channel
from .errors import CheckedEnum, DateRangeError, InvalidFieldError
from .personalize import Escape, render_all

__all__ = [
    "TAIL_REFERENCE",
    "Cadence",
    "DateAnchor",
    "DayBasis",
    "Rendered",
    "Touchpoint",
    "Variant",
]

T = TypeVar("T")


class DayBasis(CheckedEnum, enum.StrEnum):
    """What "Day N" counts in.

    - ``BUSINESS`` (the default): Day N is the (N-1)th business day after
      Day 1, so "Day 3" after a Friday Day 1 is the Tuesday.
    - ``CALENDAR``: Day N is Day 1 plus N-1 calendar days, rolled forward to
      a business day when it lands on a closed day.

    Example:
        >>> DayBasis("calendar")
        <DayBasis.CALENDAR: 'calendar'>
    """

    BUSINESS = "business"
    CALENDAR = "calendar"


# --- converters and validators ----------------------------------------------------


def _channel(value: object) -> Channel:
    return to_enum(Channel, value, "channel")


def _day_basis(value: object) -> DayBasis:
    return to_enum(DayBasis, value, "day_basis")


def _spacing(value: object) -> timedelta:
    return to_timedelta(value, "spacing")


def _optional_window(value: object) -> Window | None:
    if value is None or isinstance(value, SendWindow | SendHours):
        return value
    if isinstance(value, tuple | list) and len(value) == 2:
        return SendWindow(value[0], value[1])
    raise InvalidFieldError(
        "window",
        value,
        "expected a SendWindow, SendHours, a (start, end) pair like ('09:00', '11:00'), or None",
    )


def _window(value: object) -> Window:
    window = _optional_window(value)
    if window is None:
        raise InvalidFieldError(
            "window", value, "expected a SendWindow, SendHours or a (start, end) pair"
        )
    return window


def _allow(value: object) -> frozenset[str]:
    return lint_codes(value, "allow")


def _check_day(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if type(value) is not int or value < 1:
        raise InvalidFieldError(
            "day", value, "expected a whole number of 1 or more (Day 1 is the first)"
        )


def _optional_text(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise InvalidFieldError(attribute.name, value, "expected text or None")


def _alternatives(value: object) -> tuple[Channel, ...]:
    if value is None:
        return ()
    items = (value,) if isinstance(value, str | Channel) else value
    if not isinstance(items, Iterable) or isinstance(items, Mapping):
        raise InvalidFieldError(
            "alternatives", value, "expected channels, like ('linkedin',) for Email/InMail"
        )
    channels = tuple(to_enum(Channel, item, "alternatives") for item in items)
    if len(set(channels)) != len(channels):
        raise InvalidFieldError("alternatives", value, "names a channel twice; give each once")
    return channels


def _check_number(instance: object, attribute: attrs.Attribute[int | None], value: object) -> None:
    if value is not None and (type(value) is not int or value < 1):
        raise InvalidFieldError(
            "number",
            value,
            "expected a whole step number of 1 or more (step 1 is the first), or None",
        )


def _check_flag(instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidFieldError(attribute.name, value, "expected True or False")


FORMATS: Final = ("html", "plain")
"""The formats of a message: ``"html"`` (the default) or ``"plain"`` text."""


def _check_format(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if value not in FORMATS:
        raise InvalidFieldError("format", value, "expected 'html' or 'plain'")


def _check_name(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidFieldError("name", value, "expected a non-empty name")


def _touchpoints(value: object) -> tuple[Touchpoint, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidFieldError("touchpoints", value, "expected a sequence of Touchpoint")
    items = tuple(value)
    if not items:
        raise InvalidFieldError("touchpoints", value, "a cadence needs at least one touchpoint")
    for index, item in enumerate(items):
        if not isinstance(item, Touchpoint):
            raise InvalidFieldError(f"touchpoints[{index}]", item, "expected a Touchpoint")
        if index and item.day < items[index - 1].day:
            raise InvalidFieldError(
                f"touchpoints[{index}].day",
                item.day,
                f"comes before day {items[index - 1].day} of touchpoints[{index - 1}]; "
                "days must not decrease (touches of one day run in the order given)",
            )
        if item.skip_if_connected and not any(
            other.channel is Channel.CALL for other in items[:index] if other.day == item.day
        ):
            raise InvalidFieldError(
                f"touchpoints[{index}].skip_if_connected",
                True,
                f"no call comes before it on day {item.day}; a fallback follows a call of its day",
            )
    return _canonical_numbers(items)


def _next_number(previous: int, before: Touchpoint | None, touch: Touchpoint) -> int:
    """The number of a touch that gives none: its call's for a fallback, else the next.

    A fallback shares the number of the touch right before it when that is
    its call (or another fallback of it) on the same day.
    """
    if (
        touch.skip_if_connected
        and before is not None
        and before.day == touch.day
        and (before.channel is Channel.CALL or before.skip_if_connected)
    ):
        return previous
    return previous + 1


def _canonical_numbers(items: tuple[Touchpoint, ...]) -> tuple[Touchpoint, ...]:
    """Check the step numbers; drop the ones the default would give anyway.

    Numbers never decrease, and touches that share one share a day (a step
    is one line of an outline). A number equal to the one the touch would
    get without it is stored as None, so a cadence has one form however
    its numbers were written.
    """
    if all(item.number is None for item in items):
        return items  # the common case: nothing to check
    previous = 0
    before: Touchpoint | None = None
    changed: list[Touchpoint] | None = None
    for index, item in enumerate(items):
        default = _next_number(previous, before, item)
        number = item.number
        if number is not None:
            if number < previous:
                raise InvalidFieldError(
                    f"touchpoints[{index}].number",
                    number,
                    f"comes after step {previous}; step numbers must not decrease",
                )
            if before is not None and number == previous and before.day != item.day:
                raise InvalidFieldError(
                    f"touchpoints[{index}].number",
                    number,
                    f"step {number} is on day {before.day}; the touches of a step share its day",
                )
            if number == default:
                if changed is None:
                    changed = list(items)
                changed[index] = attrs.evolve(item, number=None)
        previous = default if number is None else number
        before = item
    return items if changed is None else tuple(changed)


def _numbers(touchpoints: Iterable[Touchpoint]) -> tuple[int, ...]:
    """The step number of each touch: its own, else its call's (a fallback) or the next."""
    numbers: list[int] = []
    previous = 0
    before: Touchpoint | None = None
    for touch in touchpoints:
        if touch.number is not None:
            previous = touch.number
        elif not touch.skip_if_connected:
            previous += 1
        else:
            previous = _next_number(previous, before, touch)
        numbers.append(previous)
        before = touch
    return tuple(numbers)


# --- the nominal day axis behind with_tail ------------------------------------------

TAIL_REFERENCE: Final = date(2001, 1, 1)
"""The nominal date of Day 1 when :meth:`Cadence.with_tail` turns intervals into days.

A Monday in a common (non-leap) year: on the business axis (Monday to
Friday, no holidays) a week is exactly five cadence days.
"""


def _day_date(day: int, basis: DayBasis) -> date:
    """The nominal date of cadence day ``day`` (Day 1 is :data:`TAIL_REFERENCE`)."""
    if basis is DayBasis.CALENDAR:
        return TAIL_REFERENCE + timedelta(days=day - 1)
    weeks, rest = divmod(day - 1, 5)
    return TAIL_REFERENCE + timedelta(days=weeks * 7 + rest)


def _date_day(moment: date, basis: DayBasis) -> int:
    """The cadence day of a nominal date; on the business axis a weekend rolls to Monday."""
    offset = (moment - TAIL_REFERENCE).days
    if basis is DayBasis.CALENDAR:
        return offset + 1
    weeks, rest = divmod(offset, 7)
    return weeks * 5 + min(rest, 5) + 1


_ABSOLUTE_FIELDS: Final = (
    "year",
    "month",
    "day",
    "weekday",
    "hour",
    "minute",
    "second",
    "microsecond",
)
_EVERY_HELP: Final = (
    "expected a positive interval of whole days: relativedelta(weeks=2), "
    "relativedelta(months=1), timedelta(days=14), or a number of cadence days"
)


def _tail_interval(every: object) -> relativedelta | timedelta | int:
    """Check ``every`` of :meth:`Cadence.with_tail`: positive, whole days, relative only."""
    if isinstance(every, bool):
        raise InvalidFieldError("every", every, _EVERY_HELP)
    if isinstance(every, int):
        if 0 < every < 36_500:
            return every
    elif isinstance(every, timedelta):
        if timedelta(0) < every < timedelta(days=36_500) and not every % timedelta(days=1):
            return every
    elif isinstance(every, relativedelta):
        absolute = [name for name in _ABSOLUTE_FIELDS if getattr(every, name) is not None]
        if absolute:
            raise InvalidFieldError(
                "every",
                every,
                f"sets the absolute field {absolute[0]!r}; use the plural, relative "
                f"fields ({absolute[0]}s=...) for an interval",
            )
        whole = not (every.hours or every.minutes or every.seconds or every.microseconds)
        parts = (every.years, every.months, every.days)
        # relativedelta keeps days=1.5 as a float (timedelta would split it); refuse it
        # as timedelta(days=1.5) is, and keep an interval under 100 years (days, not eons).
        integral = all(float(part).is_integer() for part in parts)
        short = every.years * 365 + every.months * 31 + every.days < 36_500
        if (
            whole
            and integral
            and short
            and not every.leapdays
            and min(parts) >= 0
            and max(parts) > 0
        ):
            return every
    raise InvalidFieldError("every", every, _EVERY_HELP)


# --- values -------------------------------------------------------------------------


def _variant_name(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidFieldError("name", value, "expected a non-empty name, like 'B'")


def _weight(value: object) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not value > 0
    ):
        raise InvalidFieldError(
            "weight", value, "expected a finite number above 0 (1 for an even split)"
        )
    return value


def _optional_channel(value: object) -> Channel | None:
    return None if value is None else to_enum(Channel, value, "channel")


@attrs.frozen
class Variant:
    """One version of a touch in an A/B test: a name, a weight, and what it changes.

    Args:
        name: the variant's name (``"A"``, ``"short subject"``), recorded on
            the touch event and reported by ``report().by_variant(step)``.
        weight: its share of the prospects, relative to the other variants'
            (``1`` and ``1``: half each; ``9`` and ``1``: 90/10); above 0.
        subject: the subject line this variant uses instead of the
            touchpoint's (None: the touchpoint's).
        body: the message or script this variant uses instead (None: the touchpoint's).
        cta: the call to action this variant uses instead (None: the touchpoint's).
        channel: the channel this variant uses instead (None: the
            touchpoint's): an email tested against a LinkedIn message.

    A variant that changes nothing is the control.

    Example:
        >>> Variant("B", subject="Quick question, {{ first_name }}").subject
        'Quick question, {{ first_name }}'
        >>> Variant("B", weight=0)
        Traceback (most recent call last):
        ...
        cadencekit.errors.InvalidFieldError: weight 0: expected a finite number above 0 (1 for an even split)
    """

    name: str = attrs.field(validator=_variant_name)
    weight: float = attrs.field(default=1, kw_only=True, converter=_weight)
    subject: str | None = attrs.field(
        default=None, kw_only=True, validator=_optional_text, repr=brief
    )
    body: str | None = attrs.field(default=None, kw_only=True, validator=_optional_text, repr=brief)
    cta: str | None = attrs.field(default=None, kw_only=True, validator=_optional_text, repr=brief)
    channel: Channel | None = attrs.field(default=None, kw_only=True, converter=_optional_channel)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict, read back by :meth:`from_dict`.

        Example:
            >>> Variant("B", weight=2, channel="linkedin").to_dict()
            {'name': 'B', 'weight': 2, 'subject': None, 'body': None, 'cta': None, 'channel': 'linkedin'}
        """
        return {
            "name": self.name,
            "weight": self.weight,
            "subject": self.subject,
            "body": self.body,
            "cta": self.cta,
            "channel": None if self.channel is None else self.channel.value,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, path: str = "") -> Variant:
        """Read a variant written by :meth:`to_dict`; errors name the path.

        Example:
            >>> Variant.from_dict({"name": "B", "channel": "fax"}, path="variants[1]")
            Traceback (most recent call last):
            ...
            cadencekit.errors.SchemaError: variants[1].channel 'fax': expected one of 'email', 'call', 'voicemail', 'linkedin', 'sms', 'meeting', 'task', 'linkedin_connect', 'linkedin_message', 'linkedin_inmail', 'linkedin_visit', 'whatsapp', or 'custom:<name>' for a team's own channel
        """
        reader = Reader(data, path)
        return reader.build(
            lambda: cls(
                reader.raw("name", "expected the variant's name"),  # type: ignore[arg-type]
                weight=reader.raw("weight", "expected a number above 0", 1),
                subject=reader.optional_str("subject"),
                body=reader.optional_str("body"),
                cta=reader.optional_str("cta"),
                channel=reader.raw("channel", "expected a channel", None),
            )
        )


def _variants(value: object) -> tuple[Variant, ...]:
    if value is None:
        return ()
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidFieldError(
            "variants", value, "expected a sequence of Variant, like [Variant('A'), Variant('B')]"
        )
    items = []
    names: set[str] = set()
    for index, item in enumerate(value):
        if isinstance(item, Mapping):
            try:
                item = Variant(**item)
            except InvalidFieldError as error:
                raise InvalidFieldError(
                    f"variants[{index}].{error.field}", error.value, error.expected
                ) from None
            except TypeError:
                raise InvalidFieldError(
                    f"variants[{index}]",
                    item,
                    "expected name, weight, subject, body, cta or channel",
                ) from None
        if not isinstance(item, Variant):
            raise InvalidFieldError(f"variants[{index}]", item, "expected a Variant")
        if item.name in names:
            raise InvalidFieldError(
                f"variants[{index}].name", item.name, "names another variant too; give each its own"
            )
        names.add(item.name)
        items.append(item)
    if len(items) == 1:
        raise InvalidFieldError(
            "variants", [v.name for v in items], "an A/B test needs two variants or more (or none)"
        )
    return tuple(items)


@attrs.frozen
class Rendered:
    """A touchpoint's text with its merge fields filled in, from :meth:`Touchpoint.render`.

    Each part is None when the touchpoint has none.

    Example:
        >>> Rendered("Quick idea", "Hi Ada", None).subject
        'Quick idea'
    """

    subject: str | None = attrs.field(repr=brief)
    body: str | None = attrs.field(repr=brief)
    cta: str | None = attrs.field(repr=brief)


def _requires(value: object) -> tuple[str, ...]:
    """A step's required facts: names, in order, each once."""
    items = (value,) if isinstance(value, str) else value
    if isinstance(items, Iterable) and not isinstance(items, bytes | bytearray | Mapping):
        names = list(items)
        if all(isinstance(name, str) and name.strip() for name in names):
            return tuple(dict.fromkeys(names))
    raise InvalidFieldError(
        "requires", value, "expected the names of facts the step needs, like ('phone',)"
    )


_LONGEST_AFTER: Final = timedelta(days=366)
_LONGEST_OFFSET: Final = 3660  # days either side of a prospect's date: ten years


def _anchor_name(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidFieldError(
            "name", value, "expected the name of the prospect's date, like 'renewal'"
        )


def _offset(value: object) -> int:
    if type(value) is not int or not -_LONGEST_OFFSET <= value <= _LONGEST_OFFSET:
        raise InvalidFieldError(
            "days",
            value,
            f"expected a whole number of days from -{_LONGEST_OFFSET} to {_LONGEST_OFFSET} "
            "(-30: thirty days before the date)",
        )
    return value


@attrs.frozen
class DateAnchor:
    """A step's date read from the prospect's own date: "30 days before the renewal".

    Args:
        name: the name of the prospect's date (``"renewal"``), given to
            ``Enrollment.start(..., anchors={"renewal": date(2027, 3, 15)})``
            or as a fact of that name holding an ISO date (``"2027-03-15"``).
        days: how many days from that date: negative before it, 0 on it,
            positive after it.
        basis: what ``days`` counts in: calendar days (the default, what
            people mean by "30 days before the renewal") or business days.

    The business-day rule: in calendar days, a date that falls on a closed
    day moves to the business day before it when ``days`` is negative (a
    reminder before the renewal stays before it) and to the one after it
    otherwise; in business days, the date is rolled forward to a business
    day and moved ``days`` business days, as
    :meth:`~cadencekit.BusinessCalendar.add_business_days` does. The step
    goes out at its window's opening (or its ``at_time``) on that day.

    An update of the prospect's date (``Event.update``) moves the anchored
    steps still to come; one whose new day is before the update's local
    date, or whose date was removed, is skipped.

    Example:
        >>> from datetime import date
        >>> from cadencekit import BusinessCalendar
        >>> before = DateAnchor("renewal", -30)
        >>> print(before)
        30 days before renewal
        >>> before.day_for(date(2027, 3, 15), BusinessCalendar())  # 13 Feb is a Saturday
        datetime.date(2027, 2, 12)
        >>> print(DateAnchor("renewal", 2, basis="business"))
        2 business days after renewal
    """

    name: str = attrs.field(validator=_anchor_name, repr=brief)
    days: int = attrs.field(default=0, converter=_offset)
    basis: DayBasis = attrs.field(default=DayBasis.CALENDAR, kw_only=True, converter=_day_basis)

    def __str__(self) -> str:
        name = cut(self.name, 60)
        if not self.days:
            return f"on {name}"
        count = abs(self.days)
        unit = "business day" if self.basis is DayBasis.BUSINESS else "day"
        side = "before" if self.days < 0 else "after"
        return f"{count} {unit}{'s' if count != 1 else ''} {side} {name}"

    def day_for(self, anchor: date, calendar: BusinessCalendar) -> date:
        """The business day of ``calendar`` the step falls on, given the prospect's date.

        Raises:
            DateRangeError: the day would be outside the years 1 to 9999.
        """
        try:
            if self.basis is DayBasis.BUSINESS:
                return calendar.add_business_days(anchor, self.days)
            moved = anchor + timedelta(days=self.days)
            if self.days < 0:
                return calendar.roll_backward(moved)
            return calendar.roll_forward(moved)
        except OverflowError:
            raise DateRangeError(
                "anchors", anchor.isoformat(), f"{self} is outside the years 1 to 9999"
            ) from None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict, read back by :meth:`from_dict`.

        Example:
            >>> DateAnchor("renewal", -30).to_dict()
            {'name': 'renewal', 'days': -30, 'basis': 'calendar'}
        """
        return {"name": self.name, "days": self.days, "basis": self.basis.value}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, path: str = "") -> DateAnchor:
        """Read an anchor written by :meth:`to_dict`; errors name the path.

        Example:
            >>> DateAnchor.from_dict({"name": "renewal", "days": "x"}, path="anchor")
            Traceback (most recent call last):
            ...
            cadencekit.errors.SchemaError: anchor.days 'x': expected a whole number of days from -3660 to 3660 (-30: thirty days before the date)
        """
        reader = Reader(data, path)
        return reader.build(
            lambda: cls(
                reader.raw("name", "expected the name of the prospect's date"),  # type: ignore[arg-type]
                reader.raw("days", "expected a whole number of days", 0),
                basis=reader.member("basis", DayBasis, DayBasis.CALENDAR),
            )
        )


def _anchor(value: object) -> DateAnchor | None:
    """A step's date anchor: None, a DateAnchor, a name, or ``(name, days)``."""
    if value is None or isinstance(value, DateAnchor):
        return value
    try:
        if isinstance(value, str):
            return DateAnchor(value)
        if isinstance(value, tuple | list) and len(value) == 2:
            return DateAnchor(value[0], value[1])
    except InvalidFieldError as error:
        raise InvalidFieldError(f"anchor.{error.field}", error.value, error.expected) from None
    raise InvalidFieldError(
        "anchor",
        value,
        "expected a DateAnchor, a date's name like 'renewal', or ('renewal', -30)",
    )


def _minutes(duration: timedelta) -> int | float:
    """A duration as ``to_dict`` writes it: whole minutes, else fractional ones."""
    minutes, rest = divmod(duration, timedelta(minutes=1))
    return minutes if not rest else duration.total_seconds() / 60


def _after(value: object) -> timedelta | None:
    """A step's own wait after the touch before it: None, or zero to a year."""
    if value is None:
        return None
    return to_timedelta(value, "after", _LONGEST_AFTER)


def _at_time(value: object) -> time | None:
    """A step's preferred local time of day: None, a time, or ``"HH:MM"``."""
    if value is None:
        return None
    return to_time(value, "at_time")


@attrs.frozen
class Touchpoint:
    """One step of a cadence: a channel on a cadence day, with what to say.

    Args:
        channel: a :class:`Channel` or its value (``"email"``).
        day: the 1-based cadence day ("Day 3"); touchpoints of one day run
            in the order they are given ("Day 3: Email then call").
        label: a short name a rep reads ("Value driven email").
        subject: an email subject line; may hold merge fields.
        body: the message or call script; may hold merge fields.
        cta: the call to action ("Would you be open to a 10-minute call?").
        window: this step's own send window, overriding the cadence's;
            a :class:`SendWindow`, :class:`SendHours` (several blocks a day,
            hours per weekday) or a ``(start, end)`` pair.
        automated: True for a step the host sends without a person (by
            default an email), False for a manual step (a call, voicemail,
            LinkedIn message, task, or an email the rep writes). Manual
            steps land only on the rep's business days too, and rules can
            drop one kind (``Skip(automated=True)``: stop the sequence
            emails, keep the rep's calls).
        alternatives: other channels for the same touch ("Email/InMail",
            "Call or email"); the touch event names the one used. One touch
            whatever channel it uses.
        skip_if_connected: a fallback (a voicemail after a call): skipped
            by itself when the call before it on its cadence day was logged
            ``connected``. Not for a call; the cadence must have a call
            earlier on the same day.
        format: ``"html"`` (the default) or ``"plain"`` text: a plain
            email shares something with no pitch, and lint checks it has none.
        variants: the versions of this touch in an A/B test (two or more
            :class:`Variant`, or dicts of their fields), each with a weight
            and what it changes (subject, body, call to action, channel).
            Each prospect gets one, deterministically: see
            :meth:`variant_for` and :meth:`Enrollment.variant_of`.
        number: the step number a person reads for this touch ("step 3"),
            when it is not the one the cadence gives by itself (see
            :meth:`Cadence.step_number`): a cadence read from an outline
            numbers its touches by the outline's lines, so a line that
            expands into a call and its voicemail is one step. None (the
            default) continues the numbering.
        requires: the names of facts the step needs (``("phone",)`` for a
            call): when the step comes up (at the start, when the step
            before it on its track is done or skipped, or at an update that
            removes the fact) and the prospect lacks one (absent or blank),
            the step is skipped, its reason in the event's decision and the
            step in ``Enrollment.skipped``; the steps after it keep their
            days. Until it comes up, the plan leaves it out while the fact
            is missing, and a fact given by then keeps it. A fact that
            arrives after the step was skipped does not bring it back.
        after: the least time between the touch before and this one
            (``timedelta(hours=2)``: "two hours after the email"; a whole
            number is minutes), measured on UTC instants, so two hours are
            two elapsed hours across a DST change. It replaces the cadence's
            ``spacing`` for this step and adds to its day: the step is due at
            the later of its day's window opening and the touch before plus
            ``after``; a moment outside the window or on a closed day moves
            to the next window opening on a business day. "The touch
            before" is the step before it as planned in :func:`schedule`
            (as carried out in an enrollment), or the start for a first
            step. None (the default): ``spacing``.
        at_time: the step's preferred local time of day in the prospect's
            zone (``"09:30"`` or ``datetime.time(9, 30)``): it is due at
            that time on its day, clamped into its window (before the
            opening: the opening; at or after the end: the window's last
            minute); a step that cannot go out by then that day goes out as
            soon as the window allows after it, and a step moved to a later
            day goes out at that day's preferred time.
        anchor: a :class:`DateAnchor` (or a date's name, or ``("renewal",
            -30)``): the step falls on a day read from the prospect's own
            date, not after the step before it. ``day`` still orders it in
            the outline; its due day is the anchor's. Each anchored step is
            planned on its own: it does not wait for the steps before it,
            nor they for it. A step whose date is missing, not a date, or
            already past when the enrollment starts is skipped then, its
            reason recorded; one on the start's own day is due at the first
            open slot at or after the start.

    The ``repr`` shows the last six fields only when they differ from
    their defaults.

    Example:
        >>> Touchpoint("voicemail", 5, skip_if_connected=True).describe()
        'Voicemail (if no answer)'
        >>> Touchpoint("email", 1, alternatives=["linkedin"]).describe()
        'Email/LinkedIn'
        >>> Touchpoint("email", 1).automated, Touchpoint("call", 1).automated
        (True, False)
        >>> Touchpoint("call", 3, window=("08:00", "10:00"))
        Touchpoint(channel=<Channel.CALL: 'call'>, day=3, label=None, subject=None, body=None, cta=None, window=SendWindow(start=datetime.time(8, 0), end=datetime.time(10, 0)))
    """

    channel: Channel = attrs.field(converter=_channel)
    day: int = attrs.field(validator=_check_day)
    label: str | None = attrs.field(default=None, kw_only=True, validator=_optional_text)
    subject: str | None = attrs.field(default=None, kw_only=True, validator=_optional_text)
    body: str | None = attrs.field(default=None, kw_only=True, validator=_optional_text)
    cta: str | None = attrs.field(default=None, kw_only=True, validator=_optional_text)
    window: Window | None = attrs.field(default=None, kw_only=True, converter=_optional_window)
    automated: bool = attrs.field(kw_only=True, validator=_check_flag)
    alternatives: tuple[Channel, ...] = attrs.field(
        default=(), kw_only=True, converter=_alternatives
    )
    skip_if_connected: bool = attrs.field(default=False, kw_only=True, validator=_check_flag)
    format: str = attrs.field(default="html", kw_only=True, validator=_check_format)
    variants: tuple[Variant, ...] = attrs.field(default=(), kw_only=True, converter=_variants)
    number: int | None = attrs.field(default=None, kw_only=True, validator=_check_number)
    requires: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=_requires)
    after: timedelta | None = attrs.field(default=None, kw_only=True, converter=_after)
    at_time: time | None = attrs.field(default=None, kw_only=True, converter=_at_time)
    anchor: DateAnchor | None = attrs.field(default=None, kw_only=True, converter=_anchor)

    @automated.default
    def _automated_default(self) -> bool:
        return not self.channel.is_manual  # an email; every other channel is the rep's

    def __attrs_post_init__(self) -> None:
        if self.channel in self.alternatives:
            raise InvalidFieldError(
                "alternatives",
                [c.value for c in self.alternatives],
                f"names the touch's own channel {self.channel.value!r}; list the others only",
            )
        if self.after is not None and self.anchor is not None:
            raise InvalidFieldError(
                "after",
                str(self.after),
                f"a step {self.anchor} follows no touch; give it an at_time, or no anchor",
            )
        if self.skip_if_connected and self.anchor is not None:
            raise InvalidFieldError(
                "anchor",
                str(self.anchor),
                "a fallback (skip_if_connected) follows its call; anchor the call, not the fallback",
            )
        if self.skip_if_connected and self.channel is Channel.CALL:
            raise InvalidFieldError(
                "skip_if_connected",
                True,
                "a call cannot depend on itself; set it on the voicemail after the call",
            )
        for index, variant in enumerate(self.variants):
            if variant.channel is Channel.CALL and self.skip_if_connected:
                raise InvalidFieldError(
                    f"variants[{index}].channel",
                    variant.channel.value,
                    "a fallback (skip_if_connected) cannot be tested as a call",
                )

    @property
    def channel_options(self) -> tuple[Channel, ...]:
        """The channel, its alternatives, then its variants' channels: every channel it may use.

        Example:
            >>> Touchpoint("email", 1, alternatives="linkedin").channel_options
            (<Channel.EMAIL: 'email'>, <Channel.LINKEDIN: 'linkedin'>)
        """
        options = (self.channel, *self.alternatives)
        for variant in self.variants:
            if variant.channel is not None and variant.channel not in options:
                options = (*options, variant.channel)
        return options

    @property
    def experiment(self) -> str:
        """The name its A/B test is hashed under: the label, else ``"Day N <channel>"``.

        Name a tested touch with a ``label``: two unlabelled touches of one
        channel on one day would split prospects the same way.

        Example:
            >>> Touchpoint("email", 4, label="Value email").experiment
            'Value email'
            >>> Touchpoint("email", 4).experiment
            'Day 4 email'
        """
        return self.label or f"Day {self.day} {self.channel.value}"

    def variant_for(self, prospect: str) -> Variant | None:
        """The variant ``prospect`` gets (None when the touch has no variants).

        :func:`cadencekit.assign_variant` of the prospect, :attr:`experiment`
        and the variants' weights: the same on every machine and rerun.

        Example:
            >>> touch = Touchpoint("email", 1, label="Intro", variants=[
            ...     Variant("A"), Variant("B", subject="Quick question")])
            >>> [touch.variant_for(p).name for p in ("ada", "bob", "cy", "di")]
            ['A', 'B', 'B', 'A']
        """
        if not self.variants:
            return None
        from .experiments import assign_variant  # the statistics load only when used

        weights = {variant.name: variant.weight for variant in self.variants}
        name = assign_variant(prospect, self.experiment, weights)
        return next(variant for variant in self.variants if variant.name == name)

    def with_variant(self, variant: Variant | str) -> Touchpoint:
        """This touch as ``variant`` says it: its subject, body, cta and channel applied.

        The result has no variants left (it is what one prospect gets);
        :meth:`render` it to fill the merge fields.

        Example:
            >>> touch = Touchpoint("email", 1, subject="Idea", variants=[
            ...     Variant("A"), Variant("B", subject="Question", channel="linkedin")])
            >>> b = touch.with_variant("B")
            >>> b.channel.value, b.subject, b.automated
            ('linkedin', 'Question', True)
            >>> touch.with_variant("C")
            Traceback (most recent call last):
            ...
            cadencekit.errors.InvalidFieldError: variant 'C': expected one of 'A', 'B'
        """
        name = variant.name if isinstance(variant, Variant) else variant
        chosen = next((v for v in self.variants if v.name == name), None)
        if chosen is None:
            names = ", ".join(repr(v.name) for v in self.variants) or "none: it has no variants"
            raise InvalidFieldError("variant", name, f"expected one of {names}")
        channel = chosen.channel or self.channel
        return attrs.evolve(
            self,
            channel=channel,
            subject=self.subject if chosen.subject is None else chosen.subject,
            body=self.body if chosen.body is None else chosen.body,
            cta=self.cta if chosen.cta is None else chosen.cta,
            alternatives=tuple(c for c in self.alternatives if c is not channel),
            variants=(),
        )

    def describe(self, *, times: bool = True) -> str:
        """The step as an outline writes it: ``Email — Value driven email``.

        Alternatives join with a slash (``Email/LinkedIn``); a fallback says
        ``(if no answer)``, a plain-text message ``(plain text)``; a label
        holding ``subject "…"`` is marked ``(verbatim)``, so that
        :meth:`Cadence.from_text` reads it back as the label. A wait after
        the touch before, a time of day and a date anchor are marks too
        (``(2 hours after)``, ``(at 09:30)``, ``(30 days before renewal)``);
        ``times=False`` leaves out the first two, for a line that shows the
        due time already.

        Example:
            >>> Touchpoint("email", 1, after=timedelta(hours=2), at_time="09:30").describe()
            'Email (2 hours after) (at 09:30)'
            >>> Touchpoint("email", 1, label="Intro").describe()
            'Email — Intro'
            >>> Touchpoint("email", 4, label="Resource", format="plain").describe()
            'Email (plain text) — Resource'
            >>> Touchpoint("email", 5, label='Ask for the subject "pricing"').describe()
            'Email (verbatim) — Ask for the subject "pricing"'
        """
        what = "/".join(
            channel.value if channel.is_custom else channel.label
            for channel in (self.channel, *self.alternatives)
        )
        if self.skip_if_connected:
            what += " (if no answer)"
        if self.format == "plain":
            what += " (plain text)"
        if self.automated is not (self.channel is Channel.EMAIL):
            what += " (automated)" if self.automated else " (manual)"
        if self.after is not None and times:
            what += f" ({duration_text(self.after)} after)"
        if self.at_time is not None and times:
            what += f" (at {time_text(self.at_time)})"
        if self.anchor is not None:
            anchor = self.anchor
            if not anchor.days and anchor.basis is DayBasis.BUSINESS:  # "on" reads as calendar
                what += f" (0 business days after {anchor.name})"
            else:
                what += f" ({anchor})"
        if not self.label:
            return what
        if "subject" in self.label.lower():
            from ._outline import has_subject  # on first use, as in from_text

            if has_subject(self.label):  # an outline would read it as the subject
                what += " (verbatim)"
        return f"{what} — {self.label}"

    def __repr__(self) -> str:
        # Text cut short and long collections counted: a body of any length prints in a line.
        parts = [
            f"{name}={brief(getattr(self, name))}"
            for name in ("channel", "day", "label", "subject", "body", "cta", "window")
        ]
        if self.automated is not (self.channel is Channel.EMAIL):
            parts.append(f"automated={self.automated!r}")
        if self.alternatives:
            parts.append(f"alternatives={brief(self.alternatives)}")
        if self.skip_if_connected:
            parts.append("skip_if_connected=True")
        if self.format != "html":
            parts.append(f"format={self.format!r}")
        if self.variants:
            parts.append(f"variants={brief(self.variants)}")
        if self.number is not None:
            parts.append(f"number={self.number!r}")
        if self.requires:
            parts.append(f"requires={self.requires!r}")
        if self.after is not None:
            parts.append(f"after={self.after!r}")
        if self.at_time is not None:
            parts.append(f"at_time={self.at_time!r}")
        if self.anchor is not None:
            parts.append(f"anchor={self.anchor!r}")
        return capped(f"Touchpoint({', '.join(parts)})")

    def render(
        self, fields: Mapping[str, object], *, strict: bool = True, escape: Escape = None
    ) -> Rendered:
        """Fill the merge fields of the subject, body and call to action.

        Args:
            fields: the values by field name (a prospect's CRM record).
            strict: when True, raise :class:`~cadencekit.MissingFieldError`
                naming every field missing from any part, all at once.
            escape: ``None``, ``"html"`` or a function of the text, applied
                to values inserted in the body and the call to action. The
                subject is a plain-text header and is never escaped.

        See :func:`~cadencekit.render` for the template syntax and what
        counts as missing.

        Example:
            >>> touch = Touchpoint(
            ...     "email",
            ...     1,
            ...     subject="Idea for {{ company | your team }}",
            ...     body="<p>Hi {{ first_name }}</p>",
            ... )
            >>> touch.render({"first_name": "Ada <CTO>"}, escape="html")
            Rendered(subject='Idea for your team', body='<p>Hi Ada &lt;CTO&gt;</p>', cta=None)
        """
        subject, body, cta = render_all(
            (self.subject, self.body, self.cta),
            fields,
            strict=strict,
            escapes=(None, escape, escape),
            names=("subject", "body", "cta"),
            headers=(True, False, False),
        )
        return Rendered(subject, body, cta)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (``None`` fields included), read back by :meth:`from_dict`.

        Example:
            >>> Touchpoint("email", 2, subject="Quick idea").to_dict()["subject"]
            'Quick idea'
        """
        return {
            "version": 1,
            "channel": self.channel.value,
            "day": self.day,
            "label": self.label,
            "subject": self.subject,
            "body": self.body,
            "cta": self.cta,
            "window": self.window.to_dict() if self.window is not None else None,
            "automated": self.automated,
            "alternatives": [channel.value for channel in self.alternatives],
            "skip_if_connected": self.skip_if_connected,
            "format": self.format,
            "variants": [variant.to_dict() for variant in self.variants],
            **({} if self.number is None else {"number": self.number}),
            **({} if not self.requires else {"requires": list(self.requires)}),
            **({} if self.after is None else {"after": _minutes(self.after)}),
            **({} if self.at_time is None else {"at_time": time_text(self.at_time)}),
            **({} if self.anchor is None else {"anchor": self.anchor.to_dict()}),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, path: str = "") -> Touchpoint:
        """Read a touchpoint written by :meth:`to_dict`; errors name the path.

        Example:
            >>> Touchpoint.from_dict({"channel": "call", "day": 3})
            Touchpoint(channel=<Channel.CALL: 'call'>, day=3, label=None, subject=None, body=None, cta=None, window=None)
        """
        reader = Reader(data, path)
        reader.version()
        window = reader.child("window", None)
        channel = reader.member("channel", Channel)
        automated = reader.raw("automated", "expected true or false", None)
        alternatives = reader.raw("alternatives", "expected a list of channels", None)
        skip = reader.raw("skip_if_connected", "expected true or false", False)
        text_format = reader.raw("format", "expected 'html' or 'plain'", "html")
        number = reader.raw("number", "expected a whole step number of 1 or more", None)
        requires = reader.raw("requires", "expected a list of fact names", ())
        after = reader.raw("after", "expected minutes", None)
        if isinstance(after, float) and math.isfinite(after) and 0 <= after <= 366 * 24 * 60:
            after = timedelta(minutes=after)  # out-of-range floats are refused by name below
        at_time = reader.raw("at_time", "expected a time like '09:30'", None)
        anchored = reader.child("anchor", None)
        anchor = (
            None if anchored is None else DateAnchor.from_dict(anchored.data, path=anchored.path)
        )
        variants = [
            Variant.from_dict(item.data, path=item.path)
            for item in reader.readers("variants", None)
        ]
        return reader.build(
            lambda: cls(
                channel,
                reader.integer("day"),
                label=reader.optional_str("label"),
                subject=reader.optional_str("subject"),
                body=reader.optional_str("body"),
                cta=reader.optional_str("cta"),
                window=(
                    window_from_dict(window.data, path=window.path) if window is not None else None
                ),
                # the constructor's validators check these three and name them
                automated=channel is Channel.EMAIL if automated is None else automated,  # type: ignore[arg-type]
                alternatives=alternatives,
                skip_if_connected=skip,  # type: ignore[arg-type]
                format=text_format,  # type: ignore[arg-type]
                variants=variants,
                number=number,  # type: ignore[arg-type]
                requires=requires,
                after=after,
                at_time=at_time,
                anchor=anchor,
            ),
        )


@attrs.frozen
class Cadence:
    """A named sequence of touchpoints over cadence days.

    Args:
        name: what the team calls it ("Cold outbound, VP Sales").
        touchpoints: the steps, days never decreasing; touches of one day
            run in the order given.
        objective: what the cadence is for ("Book a discovery call").
        audience: who it is for, usually ``"outbound"`` or ``"inbound"``.
        day_basis: what "Day N" counts in (:class:`DayBasis`, business
            days by default).
        window: the local hours touches go out in (09:00-17:00 by default);
            a touchpoint's own window overrides it. A :class:`SendHours`
            gives several blocks a day and other hours per weekday.
        spacing: the gap between touches of one day (30 minutes by default;
            a whole number is read as minutes).
        allow: the lint codes this cadence breaks on purpose (a code or an
            iterable of codes, like ``{"single-channel"}``); :func:`~cadencekit.lint`
            does not report them. Unknown codes are refused.

    A cadence is a frozen sequence: ``len()``, iteration and indexing give
    its touchpoints; ``step`` (in events, schedules, records) is their
    0-based index. A person reads a step by its number,
    :meth:`step_number`: 1 for the first touch, a fallback voicemail
    sharing its call's number, or the outline's own numbering.

    Example:
        >>> cadence = Cadence("Two touch", [Touchpoint("email", 1), Touchpoint("call", 2)])
        >>> len(cadence), cadence.duration_days, cadence.channels
        (2, 2, (<Channel.EMAIL: 'email'>, <Channel.CALL: 'call'>))
        >>> cadence[1].channel
        <Channel.CALL: 'call'>
    """

    name: str = attrs.field(validator=_check_name)
    touchpoints: tuple[Touchpoint, ...] = attrs.field(converter=_touchpoints)
    objective: str | None = attrs.field(default=None, kw_only=True, validator=_optional_text)
    audience: str | None = attrs.field(default=None, kw_only=True, validator=_optional_text)
    day_basis: DayBasis = attrs.field(default=DayBasis.BUSINESS, kw_only=True, converter=_day_basis)
    window: Window = attrs.field(factory=SendWindow, kw_only=True, converter=_window)
    spacing: timedelta = attrs.field(
        default=timedelta(minutes=30), kw_only=True, converter=_spacing
    )
    allow: frozenset[str] = attrs.field(factory=frozenset, kw_only=True, converter=_allow)
    _step_numbers: tuple[int, ...] = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(lambda self: _numbers(self.touchpoints), takes_self=True),
    )
    _anchored: bool = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(
            lambda self: any(touch.anchor is not None for touch in self.touchpoints),
            takes_self=True,
        ),
    )

    def __repr__(self) -> str:
        """One line for people, whatever the cadence's size: its name, touches and days.

        Example:
            >>> Cadence("Intro", [Touchpoint("email", 1), Touchpoint("call", 3)])
            Cadence('Intro', 2 touches over 3 business days: Day 1 email, Day 3 call)
        """
        count = self.touch_count
        days = self.duration_days
        shown = [f"Day {touch.day} {touch.channel.value}" for touch in self.touchpoints[:6]]
        if len(self.touchpoints) > 6:
            shown.append(f"… {len(self.touchpoints) - 6} more")
        return capped(
            f"Cadence({brief(self.name)}, {count} touch{'es' if count != 1 else ''} over "
            f"{days} {self.day_basis.value} day{'s' if days != 1 else ''}: {', '.join(shown)})"
        )

    def __len__(self) -> int:
        return len(self.touchpoints)

    def __iter__(self) -> Iterator[Touchpoint]:
        return iter(self.touchpoints)

    @overload
    def __getitem__(self, index: int) -> Touchpoint: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Touchpoint, ...]: ...
    def __getitem__(self, index: int | slice) -> Touchpoint | tuple[Touchpoint, ...]:
        return self.touchpoints[index]

    @property
    def duration_days(self) -> int:
        """The cadence day of the last touch (a cadence ending on Day 10 lasts 10 days).

        Example:
            >>> Cadence("c", [Touchpoint("email", 1), Touchpoint("email", 10)]).duration_days
            10
        """
        return self.touchpoints[-1].day

    @property
    def touch_count(self) -> int:
        """How many touches the prospect gets: what "an 8-touch cadence" counts.

        A call with its fallback voicemail (``skip_if_connected``) is one
        touch; a touch with alternatives ("Email/InMail") is one. Every
        other step is one touch.

        Example:
            >>> c = Cadence("c", [
            ...     Touchpoint("email", 1, alternatives=["linkedin"]),
            ...     Touchpoint("call", 3),
            ...     Touchpoint("voicemail", 3, skip_if_connected=True),
            ... ])
            >>> len(c), c.touch_count
            (3, 2)
        """
        return sum(1 for touch in self.touchpoints if not touch.skip_if_connected)

    @property
    def channels(self) -> tuple[Channel, ...]:
        """The channels used, each once, in order of first use.

        Example:
            >>> Cadence("c", [Touchpoint("call", 1), Touchpoint("email", 2), Touchpoint("call", 3)]).channels
            (<Channel.CALL: 'call'>, <Channel.EMAIL: 'email'>)
        """
        return tuple(dict.fromkeys(touch.channel for touch in self.touchpoints))

    @property
    def days(self) -> tuple[int, ...]:
        """The cadence days that have touches, in order.

        Example:
            >>> Cadence("c", [Touchpoint("email", 1), Touchpoint("call", 1), Touchpoint("email", 4)]).days
            (1, 4)
        """
        return tuple(dict.fromkeys(touch.day for touch in self.touchpoints))

    @property
    def anchored(self) -> bool:
        """Whether some step falls on a day read from a prospect's own date (``Touchpoint.anchor``).

        Example:
            >>> Cadence("c", [Touchpoint("email", 1), Touchpoint("call", 2, anchor="renewal")]).anchored
            True
        """
        return self._anchored

    @property
    def step_numbers(self) -> tuple[int, ...]:
        """The step number a person reads for each touchpoint, in order (see :meth:`step_number`).

        Example:
            >>> Cadence("c", [Touchpoint("email", 1), Touchpoint("call", 3),
            ...               Touchpoint("voicemail", 3, skip_if_connected=True)]).step_numbers
            (1, 2, 2)
        """
        return self._step_numbers

    def step_number(self, step: int) -> int:
        r"""The number a person reads for the touchpoint at index ``step``: "step 3".

        Every text a person reads (the agenda, ``explain()``, calendar
        files, lint messages, report lines) names a step by this number;
        events, schedules and records carry the 0-based index. The numbers:

        - a touchpoint with a ``number`` has that number (a cadence read by
          :meth:`from_text` has its outline's: one number per line,
          whatever touches the line expands into);
        - otherwise a fallback (``skip_if_connected``, the voicemail left
          when the call before it is not answered) right after its call
          (or after another fallback of it) shares the call's number, and
          any other touch takes the next one. So a cadence built by hand
          numbers its touches 1, 2, 3, ... as :attr:`touch_count` counts
          them, its last number being the touch count (a fallback with
          another touch between it and its call is a step of its own).

        Example:
            >>> c = Cadence.from_text("Day 1: Email\nDay 3: Call; leave a voicemail if nobody answers"
            ...                       "\nDay 5: Email then call", name="c")
            >>> [(step, c.step_number(step), touch.channel.value) for step, touch in enumerate(c)]
            [(0, 1, 'email'), (1, 2, 'call'), (2, 2, 'voicemail'), (3, 3, 'email'), (4, 3, 'call')]
            >>> c.step_number(5)
            Traceback (most recent call last):
            ...
            cadencekit.errors.InvalidFieldError: step 5: expected a step index from 0 to 4
        """
        numbers = self._step_numbers
        if type(step) is not int or not 0 <= step < len(numbers):
            raise InvalidFieldError(
                "step", step, f"expected a step index from 0 to {len(numbers) - 1}"
            )
        return numbers[step]

    def step_name(self, step: int) -> str:
        """How a text a person reads names the touchpoint at index ``step``: ``step 3``.

        Example:
            >>> Cadence("c", [Touchpoint("email", 1), Touchpoint("call", 2)]).step_name(1)
            'step 2'
        """
        return step_text(self.step_number(step))

    def steps_numbered(self, number: int) -> tuple[int, ...]:
        r"""The indexes of the touchpoints a person calls step ``number``, in order.

        A line of an outline may expand into several touches ("Day 3:
        Call; leave a voicemail if nobody answers" is a call and its
        fallback voicemail): they share one number. Empty when no touch
        has that number.

        Example:
            >>> c = Cadence.from_text("Day 1: Email\nDay 3: Call; voicemail if no answer", name="c")
            >>> c.steps_numbered(2), c.steps_numbered(9)
            ((1, 2), ())
        """
        return tuple(step for step, n in enumerate(self._step_numbers) if n == number)

    def window_for(self, step: int) -> Window:
        """The send window of a step: its own, else the cadence's.

        Example:
            >>> c = Cadence("c", [Touchpoint("email", 1), Touchpoint("call", 2, window=("08:00", "10:00"))])
            >>> str(c.window_for(0)), str(c.window_for(1))
            ('09:00-17:00', '08:00-10:00')
        """
        own = self.touchpoints[step].window
        return own if own is not None else self.window

    def describe(self) -> str:
        """The outline a person would write, one line per day.

        A cadence counted in calendar days says so on a ``Days: calendar
        days`` line under the title, which :meth:`from_text` reads back.
        Each step (:meth:`step_number`) is one line, with its touches
        joined by ``; then`` (a call and its fallback voicemail); a step
        whose number is not the one after the line before says so in
        front (``Step 4 — Day 6: Call``).

        Example:
            >>> c = Cadence("Follow up", [Touchpoint("call", 1),
            ...     Touchpoint("voicemail", 1, skip_if_connected=True), Touchpoint("email", 1)])
            >>> print(c.describe())
            Follow up
            Day 1: Call; then Voicemail (if no answer)
            Day 1: Email
        """
        lines = [self.name]
        if self.objective:
            lines.append(f"Objective: {self.objective}")
        if self.day_basis is DayBasis.CALENDAR:
            lines.append("Days: calendar days")
        by_step: dict[tuple[int, int], list[str]] = {}
        for touch, number in zip(self.touchpoints, self._step_numbers, strict=True):
            by_step.setdefault((number, touch.day), []).append(touch.describe())
        previous = 0
        for (number, day), parts in by_step.items():
            stated = "" if number == previous + 1 else f"Step {number} — "
            lines.append(f"{stated}Day {day}: {'; then '.join(parts)}")
            previous = number
        return "\n".join(lines)

    def to_records(self) -> list[dict[str, object]]:
        """One plain dict per touchpoint (step, number, day, channel, label, ...), for ``pandas.DataFrame``.

        ``step`` is the 0-based index events carry; ``number`` the step
        number a person reads (:meth:`step_number`).

        Example:
            >>> Cadence("c", [Touchpoint("email", 1, label="Intro")]).to_records()
            [{'step': 0, 'number': 1, 'day': 1, 'channel': 'email', 'label': 'Intro', 'subject': None, 'cta': None, 'window': '09:00-17:00'}]
        """
        return [
            {
                "step": step,
                "number": self._step_numbers[step],
                "day": touch.day,
                "channel": touch.channel.value,
                "label": touch.label,
                "subject": touch.subject,
                "cta": touch.cta,
                "window": str(self.window_for(step)),
            }
            for step, touch in enumerate(self.touchpoints)
        ]

    def _repr_html_(self) -> str:
        """An HTML table of the steps (day, channel, label, subject, own window), for notebooks.

        Every text is escaped, so labels and subjects show as written.

        Example:
            >>> c = Cadence("<Q4> push", [Touchpoint("email", 1, label="Hi & welcome")])
            >>> html = c._repr_html_()
            >>> "&lt;Q4&gt; push" in html, "Hi &amp; welcome" in html, "<Q4>" in html
            (True, True, False)
        """
        count = self.touch_count
        steps = len(set(self._step_numbers))
        caption = (
            f"{self.name}: {count} touch{'es' if count != 1 else ''}"
            + (f" ({steps} steps)" if steps != count else "")
            + " over "
            f"{self.duration_days} {self.day_basis.value} "
            f"day{'s' if self.duration_days != 1 else ''}, sent {self.window}"
        )
        if self.objective:
            caption += f". Objective: {self.objective}"
        rows = [
            (
                str(self._step_numbers[step]),
                str(touch.day),
                touch.channel.label,
                touch.label or "",
                touch.subject or "",
                str(touch.window) if touch.window is not None else "",
            )
            for step, touch in enumerate(self.touchpoints)
        ]
        return html_table(caption, ("Step", "Day", "Channel", "Touch", "Subject", "Window"), rows)

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        name: str | None = None,
        objective: str | None = None,
        audience: str | None = None,
        day_basis: DayBasis | str | None = None,
        window: Window | tuple[str, str] | None = None,
        spacing: timedelta | int = timedelta(minutes=30),
    ) -> Cadence:
        """Read a cadence from an outline as people write it: one ``Day N: …`` line per day.

        Args:
            text: the outline, pasted as is (bullets, headings, curly quotes).
            name: the cadence name; by default the outline's title, its
                first line before Day 1 that is not an ``Objective:`` line.
            objective: overrides the outline's ``Objective: …`` line.
            audience: as in :class:`Cadence`.
            day_basis: as in :class:`Cadence`; None (the default) takes it
                from the outline: a ``Days: calendar days`` line, or a span
                in the title that only one basis fits ("Re-engagement
                cadence (2-3 weeks)" ending on Day 20 is in calendar days,
                as 20 business days take four weeks); else business days.
            window: as in :class:`Cadence`; None keeps 09:00-17:00.
            spacing: as in :class:`Cadence`.

        Raises:
            InvalidFieldError: field ``text`` when no line is a day line, or
                a line says Day 0, a range of days, or a day before the
                previous one (the message quotes the line and its number);
                field ``name`` when there is neither ``name=`` nor a title.

        Example:
            >>> outline = '''
            ... Cold outbound
            ... Objective: Book a discovery call
            ... • Day 1: Email/InMail
            ... • Day 2: Contact the lead via phone to request an appointment
            ... • Day 3: Value driven email then call
            ... • Day 5: Call followed by a voicemail
            ... '''
            >>> print(Cadence.from_text(outline).describe())
            Cold outbound
            Objective: Book a discovery call
            Day 1: Email/LinkedIn
            Day 2: Call — Contact the lead via phone to request an appointment
            Day 3: Email — Value driven email; then Call
            Day 5: Call; then Voicemail (if no answer)

        Each channel word is a touch of that day, in the order written;
        channels joined by "/" or "or" are one touch with alternatives; a
        voicemail "followed by" or "with" a call is left only if the call
        is not answered; "meeting" or "appointment" only when no other
        channel shares the clause; a line with no channel word is an email;
        ``subject "…"`` sets the email's subject. The same day on two lines
        adds the second line's touches after the first's. The full
        vocabulary and rules are in the "Writing cadences" guide.
        ``from_text(c.describe())`` gives back ``c`` (alternatives,
        fallbacks, plain text, manual or automated steps, LinkedIn's actions
        and the day basis included) when touches carry no subject, body,
        cta, window, ``after``, ``at_time`` or ``anchor`` (``describe``
        does not write those so that they read back), use no team's
        own channel (``custom:...``, not an outline word) and the name,
        objective and labels are single lines.
        """
        from ._outline import (
            parse_outline,
        )  # on first use: its patterns take milliseconds to compile

        outline = parse_outline(text)
        title = name if name is not None else outline.title
        if title is None:
            raise InvalidFieldError(
                "name", None, "the outline has no title line before Day 1; pass name=..."
            )
        return cls(
            title,
            [
                Touchpoint(
                    step.channel,
                    step.day,
                    label=step.label,
                    subject=step.subject,
                    alternatives=step.alternatives,
                    skip_if_connected=step.skip_if_connected,
                    format=step.format,
                    automated=step.channel is Channel.EMAIL
                    if step.automated is None
                    else step.automated,
                    number=step.number,
                    after=step.after,
                    at_time=step.at_time,
                    anchor=None
                    if step.anchor is None
                    else DateAnchor(step.anchor[0], step.anchor[1], basis=step.anchor[2]),
                )
                for step in outline.steps
            ],
            objective=objective if objective is not None else outline.objective,
            audience=audience,
            day_basis=day_basis
            if day_basis is not None
            else (outline.day_basis or DayBasis.BUSINESS),
            window=window if window is not None else SendWindow(),
            spacing=spacing,
        )

    def with_tail(
        self,
        *,
        every: relativedelta | timedelta | int,
        until_day: int,
        channel: Channel | str = Channel.EMAIL,
        label: str | None = None,
        subject: str | None = None,
        body: str | None = None,
        cta: str | None = None,
    ) -> Cadence:
        """This cadence plus a slower "nurture" tail: one touch ``every`` interval up to ``until_day``.

        The tail starts from the last touch's day: its touches fall on that
        day plus ``every``, plus twice ``every``, ..., as long as the day is
        at most ``until_day``. ``every`` is a ``relativedelta`` (weeks,
        months, years), a ``timedelta`` of whole days, or a whole number of
        cadence days (counted in the cadence's own day basis).

        Calendar intervals become cadence days on a nominal axis whose Day 1
        is Monday 1 January 2001 (:data:`TAIL_REFERENCE`):

        - ``DayBasis.CALENDAR``: exact calendar days. ``every=relativedelta(weeks=2)``
          is 14 days; ``relativedelta(months=1)`` follows the months of 2001
          (a month after Day 10, 10 January, is 10 February, Day 41) and
          clips to the month's end like ``relativedelta`` does.
        - ``DayBasis.BUSINESS``: the same dates on a Monday-to-Friday week
          without holidays, counted in business days; a date that lands on
          a weekend rolls forward to the Monday. A week is exactly 5 days
          (2 weeks: 10), a month 20 to 23 depending on where it falls. The
          real calendar (holidays, the prospect's weekmask) is applied later
          by ``schedule()``, as for every other touch. Two tail dates on the
          same business day give one touch.

        Each k-th touch is computed from the last touch as ``last + k *
        every``, so months never drift (Day 31 of January, every month,
        stays on month ends).

        Args:
            every: the interval between tail touches (see above).
            until_day: the last cadence day the tail may use; after the
                cadence's last day.
            channel: the tail touches' channel (email by default).
            label: the tail touches' label.
            subject: their subject.
            body: their body.
            cta: their call to action.

        Raises:
            InvalidFieldError: ``every`` is not a positive whole-day
                interval; ``until_day`` is not after the last day or leaves
                no room for a single tail touch.

        Example:
            >>> from dateutil.relativedelta import relativedelta
            >>> cadence = Cadence("Short", [Touchpoint("email", 1), Touchpoint("call", 3)])
            >>> tail = cadence.with_tail(every=relativedelta(weeks=2), until_day=30, label="Nurture")
            >>> [touch.day for touch in tail]
            [1, 3, 13, 23]
            >>> print(tail.describe())
            Short
            Day 1: Email
            Day 3: Call
            Day 13: Email — Nurture
            Day 23: Email — Nurture
        """
        interval = _tail_interval(every)
        last = self.touchpoints[-1].day
        if isinstance(until_day, bool) or not isinstance(until_day, int) or until_day <= last:
            raise InvalidFieldError(
                "until_day",
                until_day,
                f"expected a whole day after the cadence's last day, {last}",
            )
        try:
            _day_date(until_day, self.day_basis)
        except OverflowError:
            raise DateRangeError(
                "until_day", until_day, "is past the year 9999 on the nominal axis"
            ) from None
        days: list[int] = []
        k = 1
        while True:
            if isinstance(interval, int):
                day = last + k * interval
            else:
                anchor = _day_date(last, self.day_basis)
                try:
                    day = _date_day(anchor + interval * k, self.day_basis)
                except (OverflowError, ValueError):  # past the year 9999
                    break
            if day > until_day:
                break
            if day > (days[-1] if days else last):
                days.append(day)
            k += 1
        if not days:
            raise InvalidFieldError(
                "until_day",
                until_day,
                f"leaves no room for a tail touch: the first would fall on day {day}",
            )
        tail = [
            Touchpoint(channel, day, label=label, subject=subject, body=body, cta=cta)
            for day in days
        ]
        return attrs.evolve(self, touchpoints=(*self.touchpoints, *tail))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; :meth:`from_dict` reads it back.

        Example:
            >>> data = Cadence("c", [Touchpoint("email", 1)]).to_dict()
            >>> data["touchpoints"][0]["channel"], data["spacing"]
            ('email', 30)
        """
        data: dict[str, Any] = {
            "version": 1,
            "name": self.name,
            "touchpoints": [touch.to_dict() for touch in self.touchpoints],
            "objective": self.objective,
            "audience": self.audience,
            "day_basis": self.day_basis.value,
            "window": self.window.to_dict(),
            "spacing": _minutes(self.spacing),
        }
        if self.allow:  # omitted when empty, so dicts without it stay as they were
            data["allow"] = sorted(self.allow)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, path: str = "") -> Cadence:
        """Read a cadence written by :meth:`to_dict`; errors give the path.

        Example:
            >>> Cadence.from_dict({"name": "c", "touchpoints": [{"channel": "fax", "day": 1}]})
            Traceback (most recent call last):
            ...
            cadencekit.errors.SchemaError: touchpoints[0].channel 'fax': expected one of 'email', 'call', 'voicemail', 'linkedin', 'sms', 'meeting', 'task', 'linkedin_connect', 'linkedin_message', 'linkedin_inmail', 'linkedin_visit', 'whatsapp', or 'custom:<name>' for a team's own channel
        """
        reader = Reader(data, path)
        reader.version()
        touchpoints = [
            Touchpoint.from_dict(item.data, path=item.path)
            for item in reader.readers("touchpoints")
        ]
        window = reader.child("window", None)
        spacing = reader.raw("spacing", "expected minutes", 30)
        allow = [item for _, item in reader.items("allow", None)]
        if isinstance(spacing, float) and math.isfinite(spacing) and 0 <= spacing <= 24 * 60:
            spacing = timedelta(minutes=spacing)  # out-of-range floats are refused by name below
        return reader.build(
            lambda: cls(
                reader.string("name"),
                touchpoints,
                objective=reader.optional_str("objective"),
                audience=reader.optional_str("audience"),
                day_basis=reader.member("day_basis", DayBasis, DayBasis.BUSINESS),
                window=(
                    window_from_dict(window.data, path=window.path)
                    if window is not None
                    else SendWindow()
                ),
                spacing=spacing,
                allow=allow,
            ),
        )
