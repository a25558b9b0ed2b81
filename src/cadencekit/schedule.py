"""Schedules: a cadence's touches as exact, tz-aware due times for one prospect.

:func:`schedule` turns a :class:`~cadencekit.Cadence` ("Day 1: email, Day 3:
email then call") into a :class:`Schedule` of :class:`ScheduledTouch` values,
each due at an exact moment in the prospect's zone, on a business day of a
:class:`~cadencekit.BusinessCalendar` and inside its send window.

Example:
    >>> from datetime import datetime
    >>> import cadencekit as ck
    >>> cadence = ck.Cadence("Intro", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 3)])
    >>> plan = ck.schedule(
    ...     cadence,
    ...     datetime(2026, 11, 25, 18),  # Wednesday evening, after the window closed
    ...     calendar=ck.BusinessCalendar(country="US"),
    ...     tz="America/New_York",
    ... )
    >>> print(plan)
    Intro: 2 touches from Wed 25 Nov 2026 18:00 EST (America/New_York)
    Day 1 · Fri 27 Nov 2026 09:00 EST · Email
    Day 3 · Tue 01 Dec 2026 09:00 EST · Call

The rules, in order:

- **Day 1** is the first business day (in the calendar, by the local date in
  ``tz``) on or after the start's local date whose send window (the first
  touch's) is still open after the start. The first touch is due at the
  later of the start and that window's opening.
- **Day N** is the (N-1)th business day after Day 1 for
  ``DayBasis.BUSINESS``; for ``DayBasis.CALENDAR`` it is Day 1 plus N-1
  calendar days, rolled forward to a business day when that day is closed.
- **A first touch on a later day** ("Day 2: call") is due at that day's
  window opening; nothing is due on Day 1.
- **Each later touch** is due at the later of its window's opening on its
  day and the previous touch's due time plus the cadence's ``spacing``
  (elapsed time, so touches of one day run in order, ``spacing`` apart).
  When that moment is not inside the touch's window on a business day (it
  is at or after the window's end, or on a closed day), the touch moves to
  the window's opening on the next business day, and later touches follow
  it. Due times never decrease and are never before the start.
- **Wall-clock times** (window openings, a naive start, a date's midnight)
  are local times in ``tz``: a window that opens at 09:00 opens at 09:00
  before and after a DST change. A local time that does not exist (in the
  gap when clocks spring forward) becomes the moment the clocks jump to:
  02:30 on the spring-forward day is 03:00. A local time that happens twice
  (when clocks fall back) is its first occurrence.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, Final, overload
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from ._convert import Reader, time_text, to_aware_datetime
from .cadence import Cadence, DayBasis, Touchpoint
from .calendar import BusinessCalendar
from .channels import Channel
from .errors import InvalidFieldError, SchemaError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["Schedule", "ScheduledTouch", "schedule"]

_WEEKDAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS: Final = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
_ONE_DAY: Final = timedelta(days=1)
_MICROSECOND: Final = timedelta(microseconds=1)
_UTC_ZONE: Final = ZoneInfo("UTC")
_DEFAULT_CALENDAR: Final = BusinessCalendar()

_new = object.__new__
_set = object.__setattr__


def _moment_text(moment: datetime) -> str:
    """``Tue 10 Mar 2026 09:00 EDT``: locale-independent, seconds only when present."""
    return (
        f"{_WEEKDAYS[moment.weekday()]} {moment.day:02d} {_MONTHS[moment.month - 1]} "
        f"{moment.year} {time_text(moment.time())} {moment.tzname() or ''}"
    ).rstrip()


# --- values ---------------------------------------------------------------------


def _check_step(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if type(value) is not int or value < 0:
        raise InvalidFieldError("step", value, "expected a whole number of 0 or more (the index)")


def _check_touchpoint(
    instance: object, attribute: attrs.Attribute[Touchpoint], value: object
) -> None:
    if not isinstance(value, Touchpoint):
        raise InvalidFieldError("touchpoint", value, "expected a Touchpoint")


def _due(value: object) -> datetime:
    return to_aware_datetime(value, "due")


@attrs.frozen
class ScheduledTouch:
    """One step of a cadence with the moment it is due.

    Args:
        step: the 0-based index of the touchpoint in the cadence.
        touchpoint: the :class:`~cadencekit.Touchpoint` to carry out.
        due: when, a tz-aware datetime in the prospect's zone (an ISO 8601
            string with an offset is read too).

    :func:`schedule` builds these; ``day``, ``channel`` and ``label`` are
    the touchpoint's.

    Example:
        >>> from cadencekit import Touchpoint
        >>> touch = ScheduledTouch(
        ...     2, Touchpoint("email", 3, label="Value email"), "2026-03-10T09:00:00-04:00"
        ... )
        >>> touch.day, touch.channel.value, touch.label
        (3, 'email', 'Value email')
        >>> print(touch)
        Day 3 · Tue 10 Mar 2026 09:00 UTC-04:00 · Email — Value email
    """

    step: int = attrs.field(validator=_check_step)
    touchpoint: Touchpoint = attrs.field(validator=_check_touchpoint)
    due: datetime = attrs.field(converter=_due)

    @property
    def day(self) -> int:
        """The cadence day of the touch ("Day 3"), not a date."""
        return self.touchpoint.day

    @property
    def channel(self) -> Channel:
        """The touchpoint's channel."""
        return self.touchpoint.channel

    @property
    def label(self) -> str | None:
        """The touchpoint's label, or None."""
        return self.touchpoint.label

    def to_record(self) -> dict[str, object]:
        """A plain dict: step, day, channel (its value), label, subject, due, local date and time.

        Example:
            >>> from cadencekit import Touchpoint
            >>> touch = ScheduledTouch(0, Touchpoint("call", 1), "2026-11-23T09:30:00-05:00")
            >>> record = touch.to_record()
            >>> record["channel"], record["date"], record["time"]
            ('call', datetime.date(2026, 11, 23), datetime.time(9, 30))
        """
        touchpoint = self.touchpoint
        due = self.due
        return {
            "step": self.step,
            "day": touchpoint.day,
            "channel": touchpoint.channel.value,
            "label": touchpoint.label,
            "subject": touchpoint.subject,
            "due": due,
            "date": due.date(),
            "time": due.time(),
        }

    def __str__(self) -> str:
        return (
            f"Day {self.touchpoint.day} · {_moment_text(self.due)} · {self.touchpoint.describe()}"
        )


def _make_touch(step: int, touchpoint: Touchpoint, due: datetime) -> ScheduledTouch:
    """A touch from values :func:`schedule` already knows are valid (no checks)."""
    touch: ScheduledTouch = _new(ScheduledTouch)
    _set(touch, "step", step)
    _set(touch, "touchpoint", touchpoint)
    _set(touch, "due", due)
    return touch


def _check_cadence(instance: object, attribute: attrs.Attribute[Cadence], value: object) -> None:
    if not isinstance(value, Cadence):
        raise InvalidFieldError("cadence", value, "expected a Cadence")


def _start(value: object) -> datetime:
    return to_aware_datetime(value, "start")


def _check_tz(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise InvalidFieldError("tz", value, "expected an IANA zone name or None")


def _touches(value: object) -> tuple[ScheduledTouch, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence):
        raise InvalidFieldError("touches", value, "expected a sequence of ScheduledTouch")
    items = tuple(value)
    for index, item in enumerate(items):
        if not isinstance(item, ScheduledTouch):
            raise InvalidFieldError(f"touches[{index}]", item, "expected a ScheduledTouch")
    return items


@attrs.frozen
class Schedule:
    """A cadence scheduled for one prospect: a sequence of :class:`ScheduledTouch`.

    Args:
        cadence: the cadence scheduled.
        start: when the prospect was enrolled, tz-aware.
        tz: the prospect's IANA zone name, or None when the zone given to
            :func:`schedule` had none (a fixed offset, say); dues then keep
            the offsets they were computed in.
        touches: one touch per touchpoint, in step order.

    Build one with :func:`schedule`. A schedule is a frozen sequence:
    ``len()``, iteration and indexing give its touches. :meth:`to_records`
    gives plain dicts for ``pandas.DataFrame``; in a notebook it shows as a
    table.

    Example:
        >>> import cadencekit as ck
        >>> cadence = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 1)])
        >>> plan = ck.schedule(cadence, "2026-11-23T10:00:00-05:00", tz="America/New_York")
        >>> len(plan), plan[1].due.isoformat()
        (2, '2026-11-23T10:30:00-05:00')
        >>> [record["channel"] for record in plan.to_records()]
        ['email', 'call']
    """

    cadence: Cadence = attrs.field(validator=_check_cadence)
    start: datetime = attrs.field(converter=_start)
    tz: str | None = attrs.field(validator=_check_tz)
    touches: tuple[ScheduledTouch, ...] = attrs.field(converter=_touches)

    def __attrs_post_init__(self) -> None:
        steps = self.cadence.touchpoints
        for index, touch in enumerate(self.touches):
            if touch.step >= len(steps) or touch.touchpoint != steps[touch.step]:
                raise InvalidFieldError(
                    f"touches[{index}].step",
                    touch.step,
                    f"expected the index of its touchpoint in the cadence (0..{len(steps) - 1})",
                )

    def __len__(self) -> int:
        return len(self.touches)

    def __iter__(self) -> Iterator[ScheduledTouch]:
        return iter(self.touches)

    @overload
    def __getitem__(self, index: int) -> ScheduledTouch: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[ScheduledTouch, ...]: ...
    def __getitem__(self, index: int | slice) -> ScheduledTouch | tuple[ScheduledTouch, ...]:
        return self.touches[index]

    def to_records(self) -> list[dict[str, object]]:
        """One plain dict per touch (see :meth:`ScheduledTouch.to_record`), for ``pandas.DataFrame``.

        Example:
            >>> import cadencekit as ck
            >>> plan = ck.schedule(ck.Cadence("c", [ck.Touchpoint("sms", 1)]), "2026-11-23")
            >>> plan.to_records()[0]["due"]
            datetime.datetime(2026, 11, 23, 9, 0, tzinfo=zoneinfo.ZoneInfo(key='UTC'))
        """
        return [touch.to_record() for touch in self.touches]

    def __str__(self) -> str:
        count = len(self.touches)
        zone = f" ({self.tz})" if self.tz else ""
        lines = [
            f"{self.cadence.name}: {count} touch{'es' if count != 1 else ''} "
            f"from {_moment_text(self.start)}{zone}"
        ]
        lines.extend(str(touch) for touch in self.touches)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """An HTML table of the touches, for notebooks."""
        from html import escape  # only notebooks need it; keeps the import light

        heads = ("Step", "Day", "Date", "Time", "Channel", "Touch", "Subject")
        rows = []
        for touch in self.touches:
            due = touch.due
            cells = (
                str(touch.step),
                str(touch.day),
                f"{_WEEKDAYS[due.weekday()]} {due.date().isoformat()}",
                f"{time_text(due.time())} {due.tzname() or ''}".rstrip(),
                touch.channel.label,
                touch.label or "",
                touch.touchpoint.subject or "",
            )
            rows.append("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in cells) + "</tr>")
        zone = f" ({self.tz})" if self.tz else ""
        caption = f"{self.cadence.name} from {_moment_text(self.start)}{zone}"
        return (
            f"<table><caption>{escape(caption)}</caption><thead><tr>"
            + "".join(f"<th>{head}</th>" for head in heads)
            + "</tr></thead><tbody>"
            + "".join(rows)
            + "</tbody></table>"
        )

    def plot(self, ax: Axes | None = None, *, calendar: BusinessCalendar | None = None) -> Axes:
        """Draw the schedule as a timeline and return the matplotlib ``Axes``.

        Needs matplotlib, the ``plot`` extra (``pip install "cadencekit[plot]"``);
        ``import cadencekit`` does not import it.

        Args:
            ax: the Axes to draw on; None makes a new figure (with pyplot, so
                a notebook shows it), half an inch wide a day (24 inches at most).
            calendar: the calendar the schedule was made with, to shade its
                closed days and name its holidays. A schedule does not keep
                its calendar; without one, Saturdays and Sundays are shaded.

        Example:
            >>> import cadencekit as ck
            >>> from matplotlib.figure import Figure
            >>> cadence = ck.Cadence("Intro", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 3)])
            >>> us = ck.BusinessCalendar(country="US")
            >>> plan = ck.schedule(cadence, "2026-11-25T18:00:00-05:00", calendar=us, tz="America/New_York")
            >>> ax = plan.plot(Figure().add_subplot(), calendar=us)
            >>> [label.get_text() for label in ax.get_yticklabels()]
            ['Email', 'Call']
            >>> [text.get_text() for text in ax.texts if text.get_rotation() == 90]
            ['Thanksgiving Day']

        Days run across, one column per local date in the schedule's zone,
        from the enrollment (a dashed line) to the last touch; each channel
        has a row. A touch is a marker at its due time within its day (a
        09:00 touch sits 9/24 of the way across its column), labelled with
        its cadence day. Closed days are shaded grey, holidays orange and
        named.
        """
        if calendar is not None and not isinstance(calendar, BusinessCalendar):
            raise InvalidFieldError("calendar", calendar, "expected a BusinessCalendar or None")
        try:
            from ._plot import schedule_figure_size, schedule_timeline
        except ModuleNotFoundError as error:
            if not (error.name or "").startswith("matplotlib"):
                raise
            raise ModuleNotFoundError(
                "Schedule.plot needs matplotlib: pip install 'cadencekit[plot]'",
                name=error.name,
            ) from None
        from matplotlib.axes import Axes

        if ax is None:
            from matplotlib import pyplot

            ax = pyplot.figure(
                figsize=schedule_figure_size(self), layout="constrained"
            ).add_subplot()
        elif not isinstance(ax, Axes):
            raise InvalidFieldError("ax", ax, "expected a matplotlib Axes or None")
        return schedule_timeline(self, ax, _DEFAULT_CALENDAR if calendar is None else calendar)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; :meth:`from_dict` reads it back exactly.

        Due times are ISO 8601 with their offsets; ``tz`` is the zone's IANA
        name (or None, when the schedule was made in a zone without one).

        Example:
            >>> import cadencekit as ck
            >>> plan = ck.schedule(ck.Cadence("c", [ck.Touchpoint("email", 1)]), "2026-11-23", tz="Europe/Berlin")
            >>> data = plan.to_dict()
            >>> data["tz"], data["touches"]
            ('Europe/Berlin', [{'step': 0, 'due': '2026-11-23T09:00:00+01:00'}])
        """
        return {
            "version": 1,
            "cadence": self.cadence.to_dict(),
            "start": self.start.isoformat(),
            "tz": self.tz,
            "touches": [
                {"step": touch.step, "due": touch.due.isoformat()} for touch in self.touches
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, path: str = "") -> Schedule:
        """Read a schedule written by :meth:`to_dict`; errors give the path.

        Example:
            >>> import cadencekit as ck
            >>> plan = ck.schedule(ck.Cadence("c", [ck.Touchpoint("email", 1)]), "2026-11-23")
            >>> Schedule.from_dict(plan.to_dict()) == plan
            True
            >>> data = plan.to_dict()
            >>> data["touches"][0]["due"] = "Monday"
            >>> Schedule.from_dict(data)
            Traceback (most recent call last):
            ...
            cadencekit.errors.SchemaError: touches[0].due 'Monday': expected a datetime or an ISO 8601 string like '2026-11-27T09:00:00-05:00'
        """
        reader = Reader(data, path)
        reader.version()
        child = reader.child("cadence")
        assert child is not None  # a required key
        cadence = Cadence.from_dict(child.data, path=child.path)
        name = reader.optional_str("tz")
        zone: tzinfo | None = None
        if name is not None:
            try:
                zone = _zone(name)[0]
            except InvalidFieldError as error:
                raise SchemaError(reader.at("tz"), name, error.expected) from None
        start = reader.iso_datetime("start")
        if zone is not None:
            start = start.astimezone(zone)
        steps = cadence.touchpoints
        touches = []
        for item in reader.readers("touches"):
            step = item.integer("step")
            if not 0 <= step < len(steps):
                raise SchemaError(
                    item.at("step"), step, f"expected a step of the cadence, 0..{len(steps) - 1}"
                )
            due = item.iso_datetime("due")
            if zone is not None:
                due = due.astimezone(zone)
            touches.append(_make_touch(step, steps[step], due))
        return cls(cadence, start, name, tuple(touches))


# --- arguments ------------------------------------------------------------------


def _zone(tz: object) -> tuple[tzinfo, str | None]:
    """The zone and its IANA key (None when it has none) from a name or a tzinfo."""
    if isinstance(tz, str):
        try:
            zone = ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise InvalidFieldError(
                "tz",
                tz,
                "not a time zone; use an IANA name like 'America/New_York' or a tzinfo",
            ) from None
        return zone, zone.key
    if isinstance(tz, tzinfo):
        if tz is UTC:
            return _UTC_ZONE, "UTC"
        key = getattr(tz, "key", None)
        return tz, key if isinstance(key, str) else None
    raise InvalidFieldError(
        "tz", tz, "expected an IANA zone name like 'America/New_York' or a tzinfo"
    )


# --- instants and wall-clock times ---------------------------------------------------
# Inside the engine an instant is an aware datetime whose tzinfo is the prospect's
# zone but whose fields are UTC wall-clock time ("zone-tagged UTC"). Two such values
# compare and subtract as plain UTC times (Python ignores the tzinfo when both
# operands share it), adding elapsed time to one is exact, and ``zone.fromutc`` turns
# one into the local time: the cheapest conversions ``zoneinfo`` offers.


def _start_instant(start: object, zone: tzinfo) -> datetime:
    """The start as a zone-tagged UTC instant: aware datetimes as they are, the rest read in ``zone``."""
    if isinstance(start, str):
        text = start
        try:
            start = datetime.fromisoformat(text)
        except ValueError:
            start = to_aware_datetime(text, "start")  # the rest of ISO 8601, or the error
    if isinstance(start, datetime):
        if type(start) is not datetime:  # a subclass (pandas.Timestamp): a plain datetime
            start = datetime(
                start.year,
                start.month,
                start.day,
                start.hour,
                start.minute,
                start.second,
                start.microsecond,
                start.tzinfo,
                fold=start.fold,
            )
        offset = start.utcoffset()
        if offset is None:
            return _instant(start.replace(tzinfo=None, fold=0), zone)
        local = start if start.tzinfo is zone else start.astimezone(zone)
        local_offset = local.utcoffset()
        assert local_offset is not None
        instant = local - local_offset
        return instant.replace(fold=0) if instant.fold else instant
    if isinstance(start, date):
        return _instant(datetime(start.year, start.month, start.day), zone)
    raise InvalidFieldError(
        "start",
        start,
        "expected a datetime (tz-aware, or naive to read in tz), a date, or an ISO 8601 string",
    )


def _instant(wall: datetime, zone: tzinfo) -> datetime:
    """The instant of a naive local time: a time in a gap jumps forward, a repeated one is its first."""
    aware = wall.replace(tzinfo=zone)
    offset = aware.utcoffset()
    assert offset is not None  # zones given to schedule() are checked
    instant = aware - offset
    if zone.fromutc(instant).replace(tzinfo=None) == wall:
        return instant
    # In a gap: the first instant whose wall-clock time is at or after ``wall``.
    later = wall.replace(tzinfo=zone, fold=1).utcoffset()
    assert later is not None
    other = aware - later
    low, high = min(other, instant), max(other, instant)
    while high - low > _MICROSECOND:
        middle = low + (high - low) // 2
        if zone.fromutc(middle).replace(tzinfo=None) >= wall:
            high = middle
        else:
            low = middle
    return high


def _settle(
    candidate: datetime,
    opens: time,
    closes: time,
    calendar: BusinessCalendar,
    zone: tzinfo,
) -> tuple[datetime, datetime]:
    """The first instant at or after ``candidate`` inside the window on a business day.

    Returns the instant and its aware local time. A candidate at or after the
    window's end (or on a closed day) moves to the window's opening on the
    next business day.
    """
    while True:
        local = zone.fromutc(candidate)
        day = local.date()
        clock = local.time()
        if calendar.is_business_day(day) and clock < closes:
            if clock >= opens:
                return candidate, local
            opening = _opening(day, opens, zone, local - candidate)
            if opening <= candidate:  # the second pass of a fall-back hour
                later = datetime.combine(day, opens, zone).replace(fold=1)
                offset = later.utcoffset()
                assert offset is not None
                opening = (later - offset).replace(fold=0)
            if opening > candidate:
                candidate = opening
                continue
        following = calendar.roll_forward(day + _ONE_DAY)
        candidate = _opening(following, opens, zone, local - candidate)


def _opening(day: date, opens: time, zone: tzinfo, offset: timedelta) -> datetime:
    """The instant of ``opens`` on ``day``, trying ``offset`` (a nearby UTC offset) first."""
    opening = datetime.combine(day, opens, zone) - offset
    local = zone.fromutc(opening)
    if local.time() == opens and local.day == day.day and not local.fold:
        return opening
    return _instant(datetime.combine(day, opens), zone)


# --- the schedule -----------------------------------------------------------------

_set_step = ScheduledTouch.__dict__["step"].__set__
_set_touchpoint = ScheduledTouch.__dict__["touchpoint"].__set__
_set_due = ScheduledTouch.__dict__["due"].__set__


def schedule(
    cadence: Cadence,
    start: datetime | date | str,
    *,
    calendar: BusinessCalendar = _DEFAULT_CALENDAR,
    tz: str | tzinfo = "UTC",
) -> Schedule:
    """Schedule a cadence for one prospect: every touch's exact due time.

    Args:
        cadence: the :class:`~cadencekit.Cadence` to schedule.
        start: when the prospect is enrolled: a tz-aware datetime, a naive
            datetime or a date (read in ``tz``; a date is its local
            midnight), or an ISO 8601 string (read in ``tz`` when it has no
            offset).
        calendar: the business days touches may fall on (Monday to Friday,
            no holidays, by default).
        tz: the prospect's zone: an IANA name (``"America/New_York"``) or a
            ``tzinfo``. Windows are wall-clock hours in this zone, and every
            due time is tz-aware in it.

    Returns:
        A :class:`Schedule`: one :class:`ScheduledTouch` per touchpoint, in
        step order, due times never decreasing.

    Raises:
        InvalidFieldError: an argument of the wrong type, or an unknown zone
            (the error names the argument).

    Day 1 is the first business day on or after the start's local date whose
    window is still open after the start; the first touch is due at the
    later of the start and the window's opening. Later touches are due at
    their window's opening on their day, or ``spacing`` after the touch
    before, whichever is later; a touch pushed out of its window moves to
    the next business day's opening. Windows keep their wall-clock hours
    across DST changes; a local time in a DST gap becomes the moment the
    clocks jump to, and a repeated one its first occurrence. The module
    docstring has the rules in full.

    Example:
        >>> from datetime import datetime
        >>> import cadencekit as ck
        >>> cadence = ck.Cadence(
        ...     "Intro", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 1), ck.Touchpoint("email", 3)]
        ... )
        >>> plan = ck.schedule(cadence, datetime(2026, 3, 6, 16, 45), tz="America/New_York")
        >>> [touch.due.isoformat() for touch in plan]  # Friday 16:45; clocks spring forward on Sunday
        ['2026-03-06T16:45:00-05:00', '2026-03-09T09:00:00-04:00', '2026-03-10T09:00:00-04:00']
    """
    if not isinstance(cadence, Cadence):
        raise InvalidFieldError("cadence", cadence, "expected a Cadence")
    if not isinstance(calendar, BusinessCalendar):
        raise InvalidFieldError("calendar", calendar, "expected a BusinessCalendar")
    zone, key = _zone(tz)
    begin = _start_instant(start, zone)
    steps = cadence.touchpoints
    default = cadence.window
    spacing = cadence.spacing
    combine = datetime.combine
    fromutc = zone.fromutc
    business = cadence.day_basis is DayBasis.BUSINESS

    first = steps[0]
    window = first.window or default
    instant, local = _settle(begin, window.start, window.end, calendar, zone)
    day_one = local.date()
    cadence_day = first.day
    nominal = day_one
    if cadence_day != 1:  # a cadence that starts on a later day ("Day 2: call")
        if business:
            nominal = calendar.add_business_days(day_one, cadence_day - 1)
        else:
            nominal = calendar.roll_forward(day_one + timedelta(days=cadence_day - 1))
        opening = _instant(combine(nominal, window.start), zone)
        instant, local = _settle(max(opening, begin), window.start, window.end, calendar, zone)
    offset = local - instant  # the UTC offset, guessed for the next window opening
    touch = _new(ScheduledTouch)
    _set_step(touch, 0)
    _set_touchpoint(touch, first)
    _set_due(touch, local)
    touches = [touch]
    for step in range(1, len(steps)):
        touchpoint = steps[step]
        window = touchpoint.window or default
        opens = window.start
        if touchpoint.day != cadence_day:
            cadence_day = touchpoint.day
            if business:
                nominal = calendar.add_business_days(day_one, cadence_day - 1)
            else:
                nominal = calendar.roll_forward(day_one + timedelta(days=cadence_day - 1))
        earliest = instant + spacing
        opening = combine(nominal, opens, zone) - offset
        if opening >= earliest:  # due at the window's opening that day
            local = fromutc(opening)
            # the offset guessed was right: the same wall-clock time on the same day (a
            # zone may move by a whole day, as Pacific/Apia did in December 2011)
            if local.time() == opens and local.day == nominal.day and not local.fold:
                instant = opening
            else:  # a DST change since the last touch, or a gap
                instant, local = _settle(
                    max(_instant(combine(nominal, opens), zone), earliest),
                    opens,
                    window.end,
                    calendar,
                    zone,
                )
                offset = local - instant
        else:  # due `spacing` after the touch before, if still inside the window that day
            local = fromutc(earliest)
            clock = local.time()
            if opens <= clock < window.end and local.date() == nominal:
                instant = earliest
            else:
                instant, local = _settle(
                    max(_instant(combine(nominal, opens), zone), earliest),
                    opens,
                    window.end,
                    calendar,
                    zone,
                )
                offset = local - instant
        touch = _new(ScheduledTouch)
        _set_step(touch, step)
        _set_touchpoint(touch, touchpoint)
        _set_due(touch, local)
        touches.append(touch)

    plan: Schedule = _new(Schedule)
    _set(plan, "cadence", cadence)
    _set(plan, "start", fromutc(begin))
    _set(plan, "tz", key)
    _set(plan, "touches", tuple(touches))
    return plan
