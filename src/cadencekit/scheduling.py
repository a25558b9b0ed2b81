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

from collections.abc import Iterator, Mapping
from datetime import date, datetime, time, tzinfo
from typing import TYPE_CHECKING, Any, Final, overload

import attrs

from . import _time
from ._convert import Reader, to_aware_datetime, to_list
from ._text import (
    WEEKDAYS,
    brief,
    capped,
    cut,
    html_table,
    moment_text,
    shown_lines,
    time_text,
)
from .cadence import Cadence, DayBasis, Touchpoint
from .calendar import BusinessCalendar, SendWindow
from .channels import Channel
from .errors import DateRangeError, InvalidFieldError, SchemaError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["Schedule", "ScheduledTouch", "schedule"]

_DEFAULT_CALENDAR: Final = BusinessCalendar()

_new = object.__new__
_set = object.__setattr__


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

    @classmethod
    def _trusted(cls, step: int, touchpoint: Touchpoint, due: datetime) -> ScheduledTouch:
        """A touch from values the engine already knows are valid (no checks, no copies).

        The one way other rooms build a touch without the validators: the
        enrollment engine replans thousands of touches a second.
        """
        touch: ScheduledTouch = _new(cls)
        _set_step(touch, step)
        _set_touchpoint(touch, touchpoint)
        _set_due(touch, due)
        return touch

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
        touchpoint = self.touchpoint
        if touchpoint.anchor is not None:  # its day is the prospect's date's: no "Day N"
            return f"{moment_text(self.due)} · {touchpoint.describe(times=False)}"
        return (
            f"Day {touchpoint.day} · {moment_text(self.due)} · {touchpoint.describe(times=False)}"
        )


_set_step = ScheduledTouch.__dict__["step"].__set__
_set_touchpoint = ScheduledTouch.__dict__["touchpoint"].__set__
_set_due = ScheduledTouch.__dict__["due"].__set__


def _check_cadence(instance: object, attribute: attrs.Attribute[Cadence], value: object) -> None:
    if not isinstance(value, Cadence):
        raise InvalidFieldError("cadence", value, "expected a Cadence")


def _start(value: object) -> datetime:
    return to_aware_datetime(value, "start")


def _check_tz(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise InvalidFieldError("tz", value, "expected an IANA zone name or None")


def _touches(value: object) -> tuple[ScheduledTouch, ...]:
    return tuple(to_list(value, ScheduledTouch, "touches"))


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

    @classmethod
    def _trusted(
        cls,
        cadence: Cadence,
        start: datetime,
        tz: str | None,
        touches: tuple[ScheduledTouch, ...],
    ) -> Schedule:
        """A schedule from values the engine already knows agree (no checks)."""
        plan: Schedule = _new(cls)
        _set(plan, "cadence", cadence)
        _set(plan, "start", start)
        _set(plan, "tz", tz)
        _set(plan, "touches", touches)
        return plan

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
        steps = len(self.touches)
        # touches as Cadence.touch_count counts them: a fallback voicemail is its call's
        count = sum(1 for touch in self.touches if not touch.touchpoint.skip_if_connected)
        # the list shows every entry: say how many a fallback (left only if nobody answers) adds
        also = f" ({steps} with fallbacks)" if steps != count else ""
        zone = f" ({self.tz})" if self.tz else ""
        lines = [
            f"{cut(self.cadence.name, 60)}: {count} touch{'es' if count != 1 else ''}{also} "
            f"from {moment_text(self.start)}{zone}"
        ]
        lines.extend(shown_lines([cut(str(touch), 100) for touch in self.touches], "touches"))
        return "\n".join(lines)

    def __repr__(self) -> str:
        """One line for people, whatever the schedule's size.

        Example:
            >>> import cadencekit as ck
            >>> intro = ck.Cadence("Intro", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 3)])
            >>> ck.schedule(intro, "2026-11-23T08:00:00-05:00", tz="America/New_York")
            Schedule('Intro', 2 touches in America/New_York: Mon 23 Nov 2026 09:00 EST to Wed 25 Nov 2026 09:00 EST)
        """
        touches = self.touches
        where = f" in {self.tz}" if self.tz else ""
        span = (
            f": {moment_text(touches[0].due)} to {moment_text(touches[-1].due)}" if touches else ""
        )
        count = len(touches)
        return capped(
            f"Schedule({brief(self.cadence.name)}, {count} touch{'es' if count != 1 else ''}"
            f"{where}{span})"
        )

    def _repr_html_(self) -> str:
        """An HTML table of the touches, for notebooks."""
        rows = [
            (
                str(touch.step),
                str(touch.day),
                f"{WEEKDAYS[touch.due.weekday()]} {touch.due.date().isoformat()}",
                f"{time_text(touch.due.time())} {touch.due.tzname() or ''}".rstrip(),
                touch.channel.label,
                touch.label or "",
                touch.touchpoint.subject or "",
            )
            for touch in self.touches
        ]
        zone = f" ({self.tz})" if self.tz else ""
        return html_table(
            f"{self.cadence.name} from {moment_text(self.start)}{zone}",
            ("Step", "Day", "Date", "Time", "Channel", "Touch", "Subject"),
            rows,
        )

    def plot(
        self, ax: Axes | None = None, *, calendar: BusinessCalendar | str | None = None
    ) -> Axes:
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
        if calendar is not None:
            calendar = _time.calendar(calendar, "calendar")  # or a country code
        try:
            from ._plot import Timeline, schedule_figure_size, schedule_timeline
        except ModuleNotFoundError as error:
            if not (error.name or "").startswith("matplotlib"):
                raise
            raise ModuleNotFoundError(
                "Schedule.plot needs matplotlib: pip install 'cadencekit[plot]'",
                name=error.name,
            ) from None
        from matplotlib.axes import Axes

        timeline = Timeline(
            self.cadence.name,
            self.tz,
            self.start,
            tuple((touch.due, touch.channel, touch.day) for touch in self.touches),
            self.cadence.channels,
        )
        if ax is None:
            from matplotlib import pyplot

            ax = pyplot.figure(
                figsize=schedule_figure_size(timeline), layout="constrained"
            ).add_subplot()
        elif not isinstance(ax, Axes):
            raise InvalidFieldError("ax", ax, "expected a matplotlib Axes or None")
        return schedule_timeline(timeline, ax, _DEFAULT_CALENDAR if calendar is None else calendar)

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
                zone = _time.zone(name)[0]
            except InvalidFieldError as error:
                raise SchemaError(reader.at("tz"), name, error.expected) from None
        start = reader.iso_datetime("start")
        if zone is not None:
            start = _in_zone(start, zone, reader.at("start"))
        steps = cadence.touchpoints
        touches: list[ScheduledTouch] = []
        for item in reader.readers("touches"):
            step = item.integer("step")
            if not 0 <= step < len(steps):
                raise SchemaError(
                    item.at("step"), step, f"expected a step of the cadence, 0..{len(steps) - 1}"
                )
            if any(touch.step == step for touch in touches):  # each step once, in order
                raise SchemaError(item.at("step"), step, "expected each step once")
            due = item.iso_datetime("due")
            if zone is not None:
                due = _in_zone(due, zone, item.at("due"))
            touches.append(ScheduledTouch._trusted(step, steps[step], due))
        reader.done()
        return cls(cadence, start, name, tuple(touches))


# --- the schedule -----------------------------------------------------------------


def schedule(
    cadence: Cadence,
    start: datetime | date | str,
    *,
    calendar: BusinessCalendar | str = _DEFAULT_CALENDAR,
    tz: str | tzinfo = "UTC",
    anchors: Mapping[str, date | str] | None = None,
) -> Schedule:
    """Schedule a cadence for one prospect: every touch's exact due time.

    Args:
        cadence: the :class:`~cadencekit.Cadence` to schedule.
        start: when the prospect is enrolled: a tz-aware datetime, a naive
            datetime or a date (read in ``tz``; a date is its local
            midnight), or an ISO 8601 string (read in ``tz`` when it has no
            offset).
        calendar: the business days touches may fall on (Monday to Friday,
            no holidays, by default): a :class:`~cadencekit.BusinessCalendar`
            or a country code, ``"US"`` for ``BusinessCalendar(country="US")``
            and ``"US-CA"`` for a subdivision.
        tz: the prospect's zone: an IANA name (``"America/New_York"``) or a
            ``tzinfo``. Windows are wall-clock hours in this zone, and every
            due time is tz-aware in it.
        anchors: the prospect's own dates that anchored steps read
            (``{"renewal": date(2027, 3, 15)}``, or ISO dates), as
            :meth:`Enrollment.start <cadencekit.Enrollment.start>` takes them.

    Returns:
        A :class:`Schedule`: one :class:`ScheduledTouch` per touchpoint, in
        step order, due times never decreasing. A cadence with steps
        anchored to the prospect's dates (``Touchpoint(anchor=...)``) has
        its touches in due order (ties by step), each anchored step on its
        anchor's day; one whose date is missing, not a date or before the
        start's local date is left out, as an enrollment skips it.

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
    try:
        if isinstance(cadence, Cadence) and cadence.anchored:
            return _schedule_anchored(cadence, start, calendar, tz, anchors)
        return _schedule(cadence, start, calendar, tz)
    except DateRangeError as error:
        if error.field != "date":  # the calendar's own (a year without holiday data)
            raise
        raise DateRangeError(
            "start",
            start,
            "the cadence would run past 9999-12-31, the last date cadencekit supports",
        ) from None
    except OverflowError:  # a touch would fall after 9999-12-31 (or a start before year 1)
        raise DateRangeError(
            "start",
            start,
            "the cadence would run past 9999-12-31, the last date cadencekit supports",
        ) from None


def _schedule(
    cadence: Cadence,
    start: datetime | date | str,
    calendar: BusinessCalendar | str,
    tz: str | tzinfo,
) -> Schedule:
    """:func:`schedule`'s work; date arithmetic past year 9999 raises OverflowError."""
    if not isinstance(cadence, Cadence):
        raise InvalidFieldError("cadence", cadence, "expected a Cadence")
    calendar = _time.calendar(calendar, "calendar")  # or a country code
    zone, key = _time.zone(tz)
    begin = _time.start_instant(start, zone)
    steps = cadence.touchpoints
    default = cadence.window
    spacing = cadence.spacing
    combine = datetime.combine
    fromutc = zone.fromutc
    business = cadence.day_basis is DayBasis.BUSINESS

    if not isinstance(default, SendWindow) or any(
        step.window is not None and not isinstance(step.window, SendWindow) for step in steps
    ):
        return _schedule_hours(cadence, begin, calendar, zone, key)
    first = steps[0]
    window = _time.step_window(first.window or default, first.at_time)
    assert isinstance(window, SendWindow)
    earliest = begin if first.after is None else begin + first.after
    instant, local = _time.settle(earliest, window.start, window.end, calendar, zone)
    day_one = local.date()
    cadence_day = first.day
    nominal = day_one
    if cadence_day != 1:  # a cadence that starts on a later day ("Day 2: call")
        nominal = _time.nominal_day(calendar, day_one, cadence_day - 1, business)
        opening = _time.instant(combine(nominal, window.start), zone)
        instant, local = _time.settle(
            max(opening, earliest), window.start, window.end, calendar, zone
        )
    offset = local - instant  # the UTC offset, guessed for the next window opening
    touch = _new(ScheduledTouch)
    _set_step(touch, 0)
    _set_touchpoint(touch, first)
    _set_due(touch, local)
    touches = [touch]
    for step in range(1, len(steps)):
        touchpoint = steps[step]
        window = touchpoint.window or default
        if touchpoint.at_time is not None:
            window = _time.step_window(window, touchpoint.at_time)
        assert isinstance(window, SendWindow)
        opens = window.start
        if touchpoint.day != cadence_day:
            cadence_day = touchpoint.day
            nominal = _time.nominal_day(calendar, day_one, cadence_day - 1, business)
        earliest = instant + (spacing if touchpoint.after is None else touchpoint.after)
        opening = combine(nominal, opens, zone) - offset
        if opening >= earliest:  # due at the window's opening that day
            local = fromutc(opening)
            # the offset guessed was right: the same wall-clock time on the same day (a
            # zone may move by a whole day, as Pacific/Apia did in December 2011)
            if local.time() == opens and local.day == nominal.day and not local.fold:
                instant = opening
            else:  # a DST change since the last touch, or a gap
                instant, local = _time.settle(
                    max(_time.instant(combine(nominal, opens), zone), earliest),
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
                instant, local = _time.settle(
                    max(_time.instant(combine(nominal, opens), zone), earliest),
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

    return Schedule._trusted(cadence, fromutc(begin), key, tuple(touches))


def _schedule_hours(
    cadence: Cadence,
    begin: datetime,
    calendar: BusinessCalendar,
    zone: tzinfo,
    key: str | None,
) -> Schedule:
    """:func:`schedule` when some window is a :class:`~cadencekit.SendHours` (several blocks).

    The same rules, with "the window's opening" read as the first block of
    the day and "inside the window" as inside a block; the fast path above
    is this loop specialised to one block a day.
    """
    steps = cadence.touchpoints
    default = cadence.window
    business = cadence.day_basis is DayBasis.BUSINESS
    first = steps[0]
    window = _time.step_window(first.window or default, first.at_time)
    earliest = begin if first.after is None else begin + first.after
    instant, local = _time.settle_in(earliest, window, calendar, zone)
    day_one = local.date()
    cadence_day = first.day
    nominal = day_one
    if cadence_day != 1:
        nominal = _time.nominal_day(calendar, day_one, cadence_day - 1, business)
        opening = _time.instant(
            datetime.combine(nominal, _time.first_opening(nominal, window) or time(0)), zone
        )
        instant, local = _time.settle_in(max(opening, earliest), window, calendar, zone)
    touches = [ScheduledTouch._trusted(0, first, local)]
    for step in range(1, len(steps)):
        touchpoint = steps[step]
        window = _time.step_window(touchpoint.window or default, touchpoint.at_time)
        if touchpoint.day != cadence_day:
            cadence_day = touchpoint.day
            nominal = _time.nominal_day(calendar, day_one, cadence_day - 1, business)
        opening = _time.instant(
            datetime.combine(nominal, _time.first_opening(nominal, window) or time(0)), zone
        )
        wait = cadence.spacing if touchpoint.after is None else touchpoint.after
        instant, local = _time.settle_in(max(opening, instant + wait), window, calendar, zone)
        touches.append(ScheduledTouch._trusted(step, touchpoint, local))
    return Schedule._trusted(cadence, zone.fromutc(begin), key, tuple(touches))


def _schedule_anchored(
    cadence: Cadence,
    start: datetime | date | str,
    calendar: BusinessCalendar | str,
    tz: str | tzinfo,
    anchors: Mapping[str, date | str] | None,
) -> Schedule:
    """:func:`schedule` of a cadence with anchored steps: the rest as a cadence, each anchored step on its day.

    The steps that are not anchored are scheduled as the cadence they make
    (Day 1 is the first of them), as an enrollment plans them on one track;
    each anchored step is due at the first open slot of its window at or
    after the later of its anchor's day and the start, as an enrollment
    plans it on a track of its own.
    """
    calendar = _time.calendar(calendar, "calendar")
    zone, key = _time.zone(tz)
    begin = _time.start_instant(start, zone)
    facts = _time.with_anchors(None, anchors) or {}
    steps = cadence.touchpoints
    relative = [step for step, touchpoint in enumerate(steps) if touchpoint.anchor is None]
    touches: list[tuple[datetime, ScheduledTouch]] = []
    if relative:
        rest = attrs.evolve(cadence, touchpoints=[steps[step] for step in relative])
        for touch in _schedule(rest, zone.fromutc(begin), calendar, zone):
            step = relative[touch.step]
            touches.append((touch.due, ScheduledTouch._trusted(step, steps[step], touch.due)))
    started = zone.fromutc(begin).date()
    for step, touchpoint in enumerate(steps):
        anchor = touchpoint.anchor
        if anchor is None:
            continue
        day, _ = _time.anchored_day(anchor, facts.get(anchor.name), calendar, started)
        if day is None:
            continue  # missing, not a date, or past: skipped, as an enrollment skips it
        window = _time.step_window(touchpoint.window or cadence.window, touchpoint.at_time)
        opens = _time.first_opening(day, window) or time(0)
        earliest = max(begin, _time.instant(datetime.combine(day, opens), zone))
        _, local = _time.settle_in(earliest, window, calendar, zone)
        touches.append((local, ScheduledTouch._trusted(step, touchpoint, local)))
    touches.sort(key=lambda pair: (pair[0], pair[1].step))  # aware: compared as instants
    return Schedule._trusted(cadence, zone.fromutc(begin), key, tuple(t for _, t in touches))


def _in_zone(moment: datetime, zone: tzinfo, field: str) -> datetime:
    """``moment`` in ``zone``; a SchemaError naming ``field`` where that leaves years 1-9999."""
    try:
        return moment.astimezone(zone)
    except OverflowError:
        raise SchemaError(
            field, moment.isoformat(), "is too close to year 1 or 9999 to place in the zone"
        ) from None
