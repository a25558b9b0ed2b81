"""Bulk scheduling: one cadence for many enrollments at once, as columns.

:func:`schedule_many` gives the same due times as :func:`~cadencekit.schedule`
called once per start, touch for touch, but as a :class:`ScheduleColumns`
value (enrollment index, step, channel, due in UTC, local date) and many
times faster: work shared between enrollments (the days of the cadence
counted from each Day 1, the instants of window openings, whole schedules of
enrollments that start outside the window) is done once per date, not once
per enrollment.

With numpy installed (the ``fast`` extra) the common path is vectorised over
the business-day ordinal table and a per-date table of local midnights, and
the columns are numpy arrays; without it the same results come in pure
Python, as tuples. Rows the fast paths cannot vouch for (a DST change on the
day, a window that opens in a DST gap, a touch pushed far past the table)
are scheduled by :func:`~cadencekit.schedule` itself, so results stay
identical.

Example:
    >>> from datetime import datetime
    >>> import cadencekit as ck
    >>> cadence = ck.Cadence("Intro", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 3)])
    >>> columns = ck.schedule_many(
    ...     cadence,
    ...     [datetime(2026, 11, 25, 18), datetime(2026, 11, 30, 10)],
    ...     calendar=ck.BusinessCalendar(country="US"),
    ...     tz="America/New_York",
    ... )
    >>> for record in columns.to_records():
    ...     print(record["enrollment"], record["step"], record["channel"], record["due"])
    0 0 email 2026-11-27 14:00:00+00:00
    0 1 call 2026-12-01 14:00:00+00:00
    1 0 email 2026-11-30 15:00:00+00:00
    1 1 call 2026-12-02 14:00:00+00:00
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from types import ModuleType
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from . import _time
from .cadence import Cadence, DayBasis
from .calendar import BusinessCalendar, SendWindow
from .channels import Channel
from .deliverability import Suppression, forgotten
from .errors import DateRangeError, InvalidFieldError, capped
from .scheduling import schedule

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Ints = npt.NDArray[np.int64]
    Bools = npt.NDArray[np.bool_]

__all__ = ["ScheduleColumns", "SuppressedTouch", "schedule_many"]

_ONE_DAY: Final = timedelta(days=1)
_US: Final = timedelta(microseconds=1)
_DAY_US: Final = 86_400_000_000
_EPOCH: Final = datetime(1970, 1, 1)
_EPOCH_UTC: Final = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_ORDINAL: Final = date(1970, 1, 1).toordinal()
_DEFAULT_CALENDAR: Final = BusinessCalendar()
_COLUMNS: Final = ("enrollment", "step", "channel", "due", "date")
_DAY_UNITS: Final = ("Y", "M", "W", "D")


def _load_numpy() -> ModuleType | None:
    """numpy, imported on first use, or None when it is not installed."""
    try:
        import numpy
    except ImportError:
        return None
    return numpy


# --- the value ---------------------------------------------------------------------


@attrs.frozen
class SuppressedTouch:
    """A touch :func:`schedule_many` left out: its prospect or its address is on the suppression list.

    Attributes:
        enrollment: the index of the start in the ``starts`` given.
        prospect: the prospect, as given in ``prospects``.
        step: the 0-based index of the touchpoint in the cadence.
        channel: the touchpoint's :class:`~cadencekit.Channel`.
        reason: the entry that suppressed it, as
            :meth:`Suppression.reason <cadencekit.Suppression.reason>` says.

    Example:
        >>> import cadencekit as ck
        >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1)])
        >>> columns = ck.schedule_many(c, ["2026-11-23"], prospects=["jo@rival.com"],
        ...                            suppress=ck.Suppression(domains=["rival.com"]))
        >>> len(columns), columns.suppressed[0].to_record()["reason"]
        (0, 'suppressed: the domain rival.com is on the suppression list')
    """

    enrollment: int
    prospect: str
    step: int
    channel: Channel
    reason: str

    def __repr__(self) -> str:
        return (
            f"SuppressedTouch({self.enrollment}, {capped(repr(self.prospect), 200)}, "
            f"step={self.step}, channel={self.channel.value!r}, {capped(repr(self.reason), 300)})"
        )

    def to_record(self) -> dict[str, object]:
        """A plain dict: enrollment, prospect, step, channel (its value), reason."""
        return {
            "enrollment": self.enrollment,
            "prospect": self.prospect,
            "step": self.step,
            "channel": self.channel.value,
            "reason": self.reason,
        }


@attrs.frozen(eq=False)
class ScheduleColumns:
    """The touches of many enrollments as columns, one row per touch.

    Rows come enrollment by enrollment, each in step order: row ``r`` is
    step ``r % len(cadence)`` of enrollment ``r // len(cadence)``, unless
    a suppression list left touches out: they are in :attr:`suppressed`
    instead, and the ``enrollment`` and ``step`` columns say whose each row is.

    Attributes:
        enrollment: the index of the start in the ``starts`` given.
        step: the 0-based index of the touchpoint in the cadence.
        channel: the touchpoint's :class:`~cadencekit.Channel`.
        due: when the touch is due, in UTC.
        date: the local date of the due time in the prospect's zone.
        suppressed: the touches ``suppress=`` left out, each a
            :class:`SuppressedTouch` with its reason, in row order (empty
            without a suppression list).

    With numpy installed the columns are read-only numpy arrays
    (``enrollment`` and ``step`` int64, ``channel`` objects, ``due``
    ``datetime64[us]`` holding UTC, ``date`` ``datetime64[D]``); without it
    they are tuples of ``int``, :class:`~cadencekit.Channel`, tz-aware UTC
    ``datetime`` and ``date``. :meth:`to_records` and :meth:`to_dict` give
    plain Python values either way. ``len()`` is the number of touches.

    Example:
        >>> import cadencekit as ck
        >>> cadence = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 2)])
        >>> columns = ck.schedule_many(cadence, ["2026-11-23T10:00:00+00:00"])
        >>> len(columns)
        2
        >>> columns.to_dict()["due"][1].isoformat()
        '2026-11-24T09:00:00+00:00'
    """

    enrollment: tuple[int, ...] | Ints
    step: tuple[int, ...] | Ints
    channel: tuple[Channel, ...] | npt.NDArray[np.object_]
    due: tuple[datetime, ...] | npt.NDArray[np.datetime64]
    date: tuple[date, ...] | npt.NDArray[np.datetime64]
    suppressed: tuple[SuppressedTouch, ...] = attrs.field(default=(), kw_only=True)

    def __len__(self) -> int:
        return len(self.step)

    def to_dict(self) -> dict[str, list[object]]:
        """The columns as lists of plain values, for ``pandas.DataFrame``.

        ``channel`` holds the channel's value (``"email"``), ``due`` tz-aware
        UTC datetimes and ``date`` dates, whether the columns are tuples or
        numpy arrays.

        Example:
            >>> import cadencekit as ck
            >>> columns = ck.schedule_many(ck.Cadence("c", [ck.Touchpoint("sms", 1)]), ["2026-11-23"])
            >>> columns.to_dict()
            {'enrollment': [0], 'step': [0], 'channel': ['sms'], 'due': [datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone.utc)], 'date': [datetime.date(2026, 11, 23)]}
        """
        if isinstance(self.step, tuple):
            dues: list[object] = list(self.due)
            days: list[object] = list(self.date)
            enrollments: list[object] = list(self.enrollment)
            steps: list[object] = list(self.step)
        else:
            arrays: Any = self  # numpy columns
            dues = [moment.replace(tzinfo=UTC) for moment in arrays.due.tolist()]
            days = arrays.date.tolist()
            enrollments = arrays.enrollment.tolist()
            steps = arrays.step.tolist()
        return {
            "enrollment": enrollments,
            "step": steps,
            "channel": [channel.value for channel in self.channel],
            "due": dues,
            "date": days,
        }

    def to_records(self) -> list[dict[str, object]]:
        """One plain dict per touch: enrollment, step, channel (its value), due (UTC), date.

        Example:
            >>> import cadencekit as ck
            >>> columns = ck.schedule_many(ck.Cadence("c", [ck.Touchpoint("call", 1)]), ["2026-11-23"])
            >>> columns.to_records()[0]["channel"], columns.to_records()[0]["date"]
            ('call', datetime.date(2026, 11, 23))
        """
        data = self.to_dict()
        return [dict(zip(_COLUMNS, row, strict=True)) for row in zip(*data.values(), strict=True)]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ScheduleColumns):
            return NotImplemented
        if self.suppressed != other.suppressed:
            return False
        if isinstance(self.step, tuple) and isinstance(other.step, tuple):
            return all(getattr(self, name) == getattr(other, name) for name in _COLUMNS)
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]  # numpy columns are not hashable

    def __repr__(self) -> str:
        kind = "tuples" if isinstance(self.step, tuple) else "numpy arrays"
        left_out = f", {len(self.suppressed)} suppressed" if self.suppressed else ""
        return f"<ScheduleColumns: {len(self)} touches, {kind}{left_out}>"


# --- the pure-Python engine -------------------------------------------------------


class _Template:
    """The schedule of an enrollment whose first touch is at its window's opening."""

    __slots__ = ("dates", "dues", "instants")

    def __init__(
        self, instants: tuple[datetime, ...], dues: tuple[datetime, ...], dates: tuple[date, ...]
    ) -> None:
        self.instants = instants
        self.dues = dues
        self.dates = dates


class _Engine:
    """Schedules one cadence in one zone and calendar, sharing work between enrollments.

    Instants are zone-tagged UTC datetimes, as in :mod:`cadencekit.schedule`.
    Each enrollment takes the fast path only through steps whose outcome is
    certain from cached values (a business day, a window opening whose local
    time exists exactly once); anything else is scheduled by
    :func:`~cadencekit.schedule` itself.
    """

    def __init__(self, cadence: Cadence, calendar: BusinessCalendar, zone: tzinfo) -> None:
        self.cadence = cadence
        self.calendar = calendar
        self.zone = zone
        steps = cadence.touchpoints
        self.count = len(steps)
        # a step's preferred time narrows its window, as schedule() reads it
        windows = [_time.step_window(step.window or cadence.window, step.at_time) for step in steps]
        # Several blocks a day (SendHours), or a step's own wait: every enrollment goes
        # through schedule().
        self.hours = not all(isinstance(window, SendWindow) for window in windows) or any(
            step.after is not None for step in steps
        )
        self.opens = tuple(w.start if isinstance(w, SendWindow) else time(0) for w in windows)
        self.closes = tuple(w.end if isinstance(w, SendWindow) else time(0) for w in windows)
        self.gaps = tuple(step.day - 1 for step in steps)
        self.business = cadence.day_basis is DayBasis.BUSINESS
        self.spacing = cadence.spacing
        self.days: dict[date, tuple[bool, date]] = {}
        self.openings: dict[tuple[date, time], datetime | None] = {}
        self.templates: dict[date, _Template | None] = {}
        self.nominals: dict[date, tuple[date, ...]] = {}

    def day(self, day: date) -> tuple[bool, date]:
        """Whether ``day`` is a business day, and the next business day after it."""
        info = self.days.get(day)
        if info is None:
            calendar = self.calendar
            info = (calendar.is_business_day(day), calendar.roll_forward(day + _ONE_DAY))
            self.days[day] = info
        return info

    def opening(self, day: date, opens: time) -> datetime | None:
        """The instant ``opens`` strikes on ``day``, or None when that local time is odd.

        Odd: in a DST gap (the window opens at the jump) or repeated.
        """
        key = (day, opens)
        try:
            return self.openings[key]
        except KeyError:
            pass
        wall = datetime.combine(day, opens)
        instant = _time.instant(wall, self.zone)
        local = self.zone.fromutc(instant)
        found: datetime | None = instant
        if local.replace(tzinfo=None) != wall or local.fold:  # in a gap
            found = None
        elif wall.replace(tzinfo=self.zone, fold=1).utcoffset() != local.utcoffset():
            found = None  # the time happens twice (clocks fall back)
        self.openings[key] = found
        return found

    def nominal(self, day_one: date) -> tuple[date, ...]:
        """The nominal date of every step for enrollments whose Day 1 is ``day_one``."""
        found = self.nominals.get(day_one)
        if found is None:
            calendar = self.calendar
            found = tuple(
                _time.nominal_day(calendar, day_one, gap, self.business) for gap in self.gaps
            )
            self.nominals[day_one] = found
        return found

    def template(self, day_one: date) -> _Template | None:
        """The schedule of an enrollment starting at ``day_one``'s window opening."""
        try:
            return self.templates[day_one]
        except KeyError:
            pass
        opening = self.opening(day_one, self.opens[0])
        found = None
        if opening is not None and self.day(day_one)[0]:
            instants, dues, dates = self.slow(opening)
            found = _Template(instants, dues, dates)
        self.templates[day_one] = found
        return found

    def slow(
        self, begin: datetime
    ) -> tuple[tuple[datetime, ...], tuple[datetime, ...], tuple[date, ...]]:
        """Instants, UTC dues and local dates from :func:`~cadencekit.schedule` itself."""
        plan = schedule(
            self.cadence, self.zone.fromutc(begin), calendar=self.calendar, tz=self.zone
        )
        locals_ = [touch.due for touch in plan.touches]
        instants = []
        for local in locals_:
            offset = local.utcoffset()
            assert offset is not None
            instants.append(local - offset)
        return (
            tuple(instants),
            tuple(local.astimezone(UTC) for local in locals_),
            tuple(local.date() for local in locals_),
        )

    def settle(self, candidate: datetime, step: int) -> tuple[datetime, date] | None:
        """``_settle`` for the cases whose answer is certain from cached values, else None."""
        local = self.zone.fromutc(candidate)
        day = local.date()
        clock = local.time()
        business, following = self.day(day)
        if business and clock < self.closes[step]:
            if clock >= self.opens[step]:
                return candidate, day
            opening = self.opening(day, self.opens[step])
            if opening is None or opening <= candidate:
                return None
            return opening, day
        opening = self.opening(following, self.opens[step])
        if opening is None:
            return None
        return opening, following

    def run(self, begin: datetime) -> tuple[tuple[datetime, ...], tuple[date, ...]]:
        """UTC dues and local dates of one enrollment starting at the instant ``begin``."""
        if self.hours:
            return self.slow(begin)[1:]
        settled = self.settle(begin, 0)
        if settled is None:
            return self.slow(begin)[1:]
        instant, day_one = settled
        day = day_one
        nominals = self.nominal(day_one)
        if self.gaps[0]:  # the cadence starts on a later day
            opening = self.opening(nominals[0], self.opens[0])
            if opening is None or opening < begin:
                return self.slow(begin)[1:]
            instant, day = opening, nominals[0]
        template = self.template(day_one)
        if template is not None and instant == template.instants[0]:
            return template.dues, template.dates
        dues = [instant.replace(tzinfo=UTC)]
        dates = [day]
        spacing = self.spacing
        for step in range(1, self.count):
            earliest = instant + spacing
            nominal = nominals[step]
            opening = self.opening(nominal, self.opens[step])
            if opening is None:
                return self.slow(begin)[1:]
            if opening >= earliest:
                instant, day = opening, nominal
            else:
                settled = self.settle(earliest, step)
                if settled is None:
                    return self.slow(begin)[1:]
                instant, day = settled
            if template is not None and instant == template.instants[step]:
                return (*dues, *template.dues[step:]), (*dates, *template.dates[step:])
            dues.append(instant.replace(tzinfo=UTC))
            dates.append(day)
        return tuple(dues), tuple(dates)


# --- starts ------------------------------------------------------------------------


def _starts_list(starts: object) -> list[object]:
    """The starts as a list of Python values (numpy datetime64 arrays converted)."""
    dtype = getattr(starts, "dtype", None)
    if dtype is not None and getattr(dtype, "kind", None) == "M":
        return _datetime64_list(starts)
    if isinstance(starts, str | bytes | Mapping | datetime | date) or not isinstance(
        starts, Iterable
    ):
        raise InvalidFieldError(
            "starts", starts, "expected a sequence of start moments (datetimes, dates or strings)"
        )
    return list(starts)


def _datetime64_list(starts: object) -> list[object]:
    """datetime64 values as Python values: a day unit gives dates, finer ones UTC datetimes."""
    numpy = _load_numpy()
    assert numpy is not None  # a datetime64 array came from numpy
    array = numpy.asarray(starts).ravel()
    _datetime64_check(numpy, array)
    unit = numpy.datetime_data(array.dtype)[0]
    if unit in _DAY_UNITS:
        return list(array.astype("datetime64[D]").tolist())
    return [moment.replace(tzinfo=UTC) for moment in array.astype("datetime64[us]").tolist()]


def _instants(values: list[object], zone: tzinfo) -> list[datetime]:
    """Each start as a zone-tagged UTC instant; errors name ``starts[i]``."""
    instants = []
    for index, value in enumerate(values):
        try:
            instants.append(_time.start_instant(value, zone))
        except InvalidFieldError as error:
            raise InvalidFieldError(f"starts[{index}]", error.value, error.expected) from None
        except (OverflowError, ValueError):
            raise InvalidFieldError(
                f"starts[{index}]", value, "expected a moment between the years 1 and 9999"
            ) from None
    return instants


# --- the numpy engine --------------------------------------------------------------


def _micros(instant: datetime) -> int:
    """Microseconds since 1970 of a zone-tagged UTC instant (its fields are UTC)."""
    return (instant.replace(tzinfo=None) - _EPOCH) // _US


def _clock(value: time) -> int:
    return ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond


class _Table:
    """Per-date arrays for ``S`` local dates from ``first`` (index ``S`` is a sentinel).

    ``midnight[i]`` is the instant (µs) of date ``i``'s local midnight;
    ``simple[i]`` says the UTC offset is the same all day, so that day's
    instants are ``midnight[i] + wall clock``; ``business``, ``count`` (business
    days before ``i``), ``business_days`` (their indices), ``roll`` (roll
    forward) and ``following`` (next business day after) come from the
    calendar's business-day ordinal table.
    """

    def __init__(
        self,
        numpy: ModuleType,
        engine: _Engine,
        first: date,
        last: date,
    ) -> None:
        np = numpy
        zone = engine.zone
        size = last.toordinal() - first.toordinal()
        self.first = first
        self.size = size
        midnights = []
        plain = []
        fromutc = zone.fromutc
        probes = (timedelta(hours=6), timedelta(hours=12), timedelta(hours=18))
        day = first
        for _ in range(size + 2):
            wall = datetime.combine(day, time())
            instant = _time.instant(wall, zone)
            midnights.append(_micros(instant))
            # The offset is the same at midnight and at the probes: no DST change
            # that day (a change and its reversal within six hours do not occur).
            plain.append(
                fromutc(instant).replace(tzinfo=None) == wall
                and fromutc(instant + probes[0]).replace(tzinfo=None) == wall + probes[0]
                and fromutc(instant + probes[1]).replace(tzinfo=None) == wall + probes[1]
                and fromutc(instant + probes[2]).replace(tzinfo=None) == wall + probes[2]
            )
            day += _ONE_DAY
        # A whole day is plain when its midnight, its probes and the next midnight
        # are, 24 hours apart: its instants are then midnight + wall clock.
        simple = [
            plain[i] and plain[i + 1] and midnights[i + 1] - midnights[i] == _DAY_US
            for i in range(size + 1)
        ]
        del midnights[-1]
        simple[-1] = False  # the sentinel
        self.midnight: Ints = np.array(midnights, dtype=np.int64)
        self.simple: Bools = np.array(simple, dtype=bool)
        span = engine.calendar._cover(max(first.year - 1, 1), min(last.year + 1, 9999))
        start = first.toordinal() - span.base
        counts = np.array(span.count[start : start + size + 2], dtype=np.int64)
        self.count: Ints = counts[: size + 1] - counts[0]
        self.business: Bools = (counts[1:] - counts[:-1]) == 1
        self.business[size] = False
        self.business_days: Ints = (
            np.array(span.days[counts[0] : counts[size]], dtype=np.int64) - first.toordinal()
        )
        known = len(self.business_days)
        padded = np.append(self.business_days, np.int64(size))
        self.roll: Ints = padded[np.minimum(self.count, known)]
        self.roll[size] = size
        self.following: Ints = np.append(self.roll[1:], np.int64(size))
        self.following = np.minimum(self.following, size)


def _run_numpy(
    numpy: ModuleType, engine: _Engine, begins: Ints, *, force: bool
) -> tuple[Ints, Ints, Bools] | None:
    """Due instants (µs) and local date indices per enrollment and step, and the rows to redo.

    Returns None when the starts spread over too many dates for a table to pay.
    """
    np = numpy
    if engine.hours:
        return None
    count = len(begins)
    low, high = int(begins.min()), int(begins.max())
    first = date.fromordinal(_EPOCH_ORDINAL + low // _DAY_US) - 2 * _ONE_DAY
    latest = date.fromordinal(_EPOCH_ORDINAL + high // _DAY_US) + 2 * _ONE_DAY
    if first.year < 3 or latest.year > 9990:
        return None
    reach = max(engine.gaps) + engine.count + 3
    try:
        last = engine.calendar.add_business_days(latest, reach) + 8 * _ONE_DAY
    except (ValueError, OverflowError):
        return None
    if not force and last.toordinal() - first.toordinal() > count * engine.count + 256:
        return None
    table = _Table(numpy, engine, first, last)
    size = table.size
    midnight, simple, business = table.midnight, table.simple, table.business
    following = table.following
    if np.any(np.diff(midnight) <= 0):
        return None
    opens = [_clock(value) for value in engine.opens]
    closes = [_clock(value) for value in engine.closes]
    spacing = engine.spacing // _US
    top = len(table.business_days) - 1
    padded_days = np.append(table.business_days, np.int64(size))

    def settle(moment: Ints, step: int) -> tuple[Ints, Ints, Bools]:
        """The fast ``_settle`` of each moment: instant, date index, and whether it is unsure."""
        index = np.searchsorted(midnight, moment, side="right") - 1
        clipped = np.clip(index, 0, size)
        clock = moment - midnight[clipped]
        open_day = business[clipped]
        inside = open_day & (clock >= opens[step]) & (clock < closes[step])
        before = open_day & (clock < opens[step])
        later = following[clipped]
        same = inside | before
        day = np.where(same, clipped, later)
        instant = np.where(inside, moment, midnight[day] + opens[step])
        unsure = (index < 0) | ~simple[clipped] | ~simple[day]
        return instant, day, unsure

    instant, day_one, unsure = settle(begins, 0)

    def nominal(gap: int) -> tuple[Ints, Bools]:
        if engine.business:
            position = table.count[day_one] + gap
            return padded_days[np.minimum(position, top + 1)], position > top
        target = np.minimum(day_one + gap, size)
        return table.roll[target], day_one + gap >= size

    dues = np.empty((count, engine.count), dtype=np.int64)
    days = np.empty((count, engine.count), dtype=np.int64)
    day = day_one
    if engine.gaps[0]:
        day, beyond = nominal(engine.gaps[0])
        opening = midnight[day] + opens[0]
        unsure |= beyond | ~simple[day] | (opening < begins)
        instant = opening
    dues[:, 0] = instant
    days[:, 0] = day
    for step in range(1, engine.count):
        target, beyond = nominal(engine.gaps[step])
        opening = midnight[target] + opens[step]
        earliest = instant + spacing
        at_opening = opening >= earliest
        settled, settled_day, doubt = settle(earliest, step)
        unsure |= beyond | ~simple[target] | (~at_opening & doubt)
        instant = np.where(at_opening, opening, settled)
        day = np.where(at_opening, target, settled_day)
        dues[:, step] = instant
        days[:, step] = day
    days += table.first.toordinal() - _EPOCH_ORDINAL
    return dues, days, unsure


# --- the function ------------------------------------------------------------------


def schedule_many(
    cadence: Cadence,
    starts: Iterable[datetime | date | str] | object,
    *,
    calendar: BusinessCalendar | str = _DEFAULT_CALENDAR,
    tz: str | tzinfo = "UTC",
    prospects: Sequence[str] | None = None,
    facts: Mapping[str, Sequence[str | None]] | None = None,
    suppress: Suppression | None = None,
) -> ScheduleColumns:
    """Schedule a cadence for many prospects at once: every touch's due time, as columns.

    Args:
        cadence: the :class:`~cadencekit.Cadence` to schedule.
        starts: when each prospect is enrolled, read as :func:`~cadencekit.schedule`
            reads ``start``: tz-aware datetimes, naive datetimes and dates
            (read in ``tz``), ISO 8601 strings. With numpy installed, a
            ``datetime64`` array works too: values with a time unit are UTC
            instants (to the microsecond), values in days are local dates.
        calendar: the business days touches may fall on: a
            :class:`~cadencekit.BusinessCalendar` or a country code
            (``"US"``, ``"US-CA"``).
        tz: the prospects' zone, an IANA name or a ``tzinfo``.
        prospects: who each start enrolls (an email, or the host's id), one
            per start; needed with ``suppress``.
        facts: columns of what the host knows of the prospects, one value
            per start (None: not known), by fact name: ``{"phone": [...]}``;
            a :class:`~cadencekit.Suppression` reads ``email``, ``phone`` and
            each channel's address from them, as it reads an enrollment's
            facts.
        suppress: a :class:`~cadencekit.Suppression`: the touches of
            suppressed prospects (every step) and to suppressed addresses
            (their channel's steps) are left out of the columns and listed
            in :attr:`ScheduleColumns.suppressed`, each with its reason. A
            forgotten prospect (:func:`~cadencekit.forget`) among
            ``prospects`` is left out so too, with or without a list.

    Returns:
        A :class:`ScheduleColumns`: one row per touch, enrollment by
        enrollment and step by step; numpy arrays with numpy installed,
        tuples without.

    Raises:
        InvalidFieldError: a bad argument; a bad start names its index
            (``starts[3]``); ``prospects`` or a ``facts`` column of another
            length than ``starts``; a cadence with steps anchored to a
            prospect's own date (schedule it with ``schedule(...,
            anchors=...)``, or enrol the prospects).

    Every due time and local date equals what ``schedule(cadence, start,
    calendar=calendar, tz=tz)`` gives for that start. Enrollments whose
    window opens on their Day 1 after they start share one schedule per
    Day 1; the others are worked out step by step from cached window
    openings, and only those meeting a DST change on the way are handed to
    :func:`~cadencekit.schedule`.

    Example:
        >>> from datetime import date
        >>> import cadencekit as ck
        >>> cadence = ck.Cadence("Two days", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 2)])
        >>> columns = ck.schedule_many(
        ...     cadence, [date(2026, 3, 6), date(2026, 3, 9)], tz="America/New_York"
        ... )
        >>> [due.isoformat() for due in columns.to_dict()["due"]]  # 09:00 EST, then EDT
        ['2026-03-06T14:00:00+00:00', '2026-03-09T13:00:00+00:00', '2026-03-09T13:00:00+00:00', '2026-03-10T13:00:00+00:00']
    """
    if suppress is not None and not isinstance(suppress, Suppression):
        raise InvalidFieldError("suppress", suppress, "expected a Suppression or None")
    try:
        columns = _schedule_many(cadence, starts, calendar=calendar, tz=tz, engine="auto")
    except OverflowError:  # a touch would fall after 9999-12-31
        raise DateRangeError(
            "starts",
            "a start near 9999-12-31",
            "every cadence must end by 9999-12-31, the last date cadencekit supports",
        ) from None
    if prospects is None and facts is None and suppress is None:
        return columns
    return _suppressed(columns, cadence, prospects, facts, suppress)


def _column(value: object, field: str, count: int, optional: bool) -> list[str | None]:
    """``prospects`` or one ``facts`` column: text, one value per start."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidFieldError(field, value, f"expected a list of {count} texts, one per start")
    listed = list(value)
    if len(listed) != count:
        raise InvalidFieldError(
            field, f"{len(listed)} values", f"expected one per start: {count} values"
        )
    for index, item in enumerate(listed):
        if not (isinstance(item, str) and item.strip()) and not (optional and item is None):
            wanted = "text or None" if optional else "the prospect's id or email"
            raise InvalidFieldError(f"{field}[{index}]", item, f"expected {wanted}")
    return listed


def _suppressed(
    columns: ScheduleColumns,
    cadence: Cadence,
    prospects: object,
    facts: object,
    suppress: Suppression | None,
) -> ScheduleColumns:
    """``columns`` without the touches ``suppress`` covers, which it lists with their reasons."""
    steps = len(cadence.touchpoints)
    count = len(columns) // steps
    if prospects is None:
        raise InvalidFieldError(
            "prospects",
            None,
            "expected who each start enrolls, one per start: facts and suppress are per prospect",
        )
    people = _column(prospects, "prospects", count, optional=False)
    known: dict[str, list[str | None]] = {}
    if facts is not None:
        if not isinstance(facts, Mapping):
            raise InvalidFieldError(
                "facts", facts, "expected columns by fact name, like {'phone': [...]}"
            )
        for name, values in facts.items():
            if not isinstance(name, str) or not name.strip():
                raise InvalidFieldError("facts", name, "expected each name as non-blank text")
            known[name] = _column(values, f"facts[{name!r}]", count, optional=True)
    channels = [touchpoint.channel for touchpoint in cadence.touchpoints]
    left_out: list[SuppressedTouch] = []
    for index, prospect in enumerate(people):
        assert prospect is not None
        theirs = {name: column[index] for name, column in known.items()}
        mine = {name: value for name, value in theirs.items() if value is not None}
        person = forgotten(prospect) or (
            suppress.reason(prospect, facts=mine) if suppress else None
        )
        for step, channel in enumerate(channels):
            why = person or (
                suppress.reason(prospect, channel=channel, facts=mine)
                if suppress and suppress.channels
                else None
            )
            if why is not None:
                left_out.append(SuppressedTouch(index, prospect, step, channel, why))
    if not left_out:
        return columns
    gone = {touch.enrollment * steps + touch.step for touch in left_out}
    kept = [row for row in range(len(columns)) if row not in gone]
    if isinstance(columns.step, tuple):
        picked = [tuple(getattr(columns, name)[row] for row in kept) for name in _COLUMNS]
    else:
        numpy = _load_numpy()
        assert numpy is not None  # the columns are numpy arrays
        rows = numpy.array(kept, dtype=numpy.int64)
        picked = [_sealed(numpy, getattr(columns, name)[rows]) for name in _COLUMNS]
    return ScheduleColumns(*picked, suppressed=tuple(left_out))


def _schedule_many(
    cadence: Cadence,
    starts: object,
    *,
    calendar: BusinessCalendar | str,
    tz: str | tzinfo,
    engine: Literal["auto", "python", "numpy"],
) -> ScheduleColumns:
    """:func:`schedule_many`, with the engine chosen (tests force each one)."""
    if not isinstance(cadence, Cadence):
        raise InvalidFieldError("cadence", cadence, "expected a Cadence")
    anchored = next((step for step, t in enumerate(cadence) if t.anchor is not None), None)
    if anchored is not None:
        raise InvalidFieldError(
            f"cadence.touchpoints[{anchored}].anchor",
            str(cadence[anchored].anchor),
            "schedule_many has one start per prospect and no dates of theirs; schedule a "
            "cadence with anchored steps with schedule(..., anchors=...) or enrol the prospects",
        )
    calendar = _time.calendar(calendar, "calendar")  # or a country code
    zone, _ = _time.zone(tz)
    numpy = None if engine == "python" else _load_numpy()
    worker = _Engine(cadence, calendar, zone)
    steps = worker.count
    channels = tuple(touchpoint.channel for touchpoint in cadence.touchpoints)
    if numpy is None:
        values = _starts_list(starts)
        begins = _instants(values, zone)
        dues: list[datetime] = []
        dates: list[date] = []
        run = worker.run
        for begin in begins:
            due, day = run(begin)
            dues.extend(due)
            dates.extend(day)
        return ScheduleColumns(
            tuple(index for index in range(len(begins)) for _ in range(steps)),
            tuple(range(steps)) * len(begins),
            channels * len(begins),
            tuple(dues),
            tuple(dates),
        )
    return _columns_numpy(numpy, worker, starts, channels, zone, force=engine == "numpy")


def _columns_numpy(
    numpy: ModuleType,
    worker: _Engine,
    starts: object,
    channels: tuple[Channel, ...],
    zone: tzinfo,
    *,
    force: bool,
) -> ScheduleColumns:
    np = numpy
    begins = _begins_numpy(numpy, starts, zone)
    count, steps = len(begins), worker.count
    result = _run_numpy(numpy, worker, begins, force=force) if count else None
    if result is None:
        dues = np.empty((count, steps), dtype=np.int64)
        days = np.empty((count, steps), dtype=np.int64)
        redo = np.flatnonzero(np.ones(count, dtype=bool))
    else:
        dues, days, unsure = result
        redo = np.flatnonzero(unsure)
    for row in redo.tolist():
        begin = _EPOCH.replace(tzinfo=zone) + timedelta(microseconds=int(begins[row]))
        row_dues, row_days = worker.run(begin)
        dues[row] = [(due - _EPOCH_UTC) // _US for due in row_dues]
        days[row] = [day.toordinal() - _EPOCH_ORDINAL for day in row_days]
    enrollment = np.repeat(np.arange(count, dtype=np.int64), steps)
    step = np.tile(np.arange(steps, dtype=np.int64), count)
    channel_array = np.empty(steps, dtype=object)
    channel_array[:] = channels
    columns = (
        enrollment,
        step,
        np.tile(channel_array, count),
        dues.reshape(-1).view("datetime64[us]"),
        days.reshape(-1).astype("datetime64[D]"),
    )
    return ScheduleColumns(*(_sealed(np, column) for column in columns))


def _sealed(numpy: ModuleType, column: Any) -> Any:
    """A read-only column nobody can make writable again.

    ``flags.writeable = False`` alone can be undone by its owner; a numeric
    array over an immutable ``bytes`` buffer cannot. An object array (the
    channels) cannot live in a buffer: it is a read-only view of a read-only
    base, so only ``column.base.flags`` can undo it, on purpose.
    """
    if column.dtype.hasobject:
        column = column.copy()  # its own data, so no writable base stays behind
        column.flags.writeable = False
        view = column.view()
        view.flags.writeable = False
        return view
    return numpy.frombuffer(column.tobytes(), dtype=column.dtype)


def _begins_numpy(numpy: ModuleType, starts: object, zone: tzinfo) -> Ints:
    """Each start as microseconds since 1970 (UTC)."""
    np = numpy
    dtype = getattr(starts, "dtype", None)
    if dtype is not None and getattr(dtype, "kind", None) == "M":
        array = np.asarray(starts).ravel()
        unit = np.datetime_data(array.dtype)[0]
        if unit not in _DAY_UNITS:
            _datetime64_check(numpy, array)
            result: Ints = array.astype("datetime64[us]").view(np.int64)
            return result
    instants = _instants(_starts_list(starts), zone)
    micros: Ints = np.array([_micros(instant) for instant in instants], dtype=np.int64)
    return micros


def _datetime64_check(numpy: ModuleType, values: Any) -> None:
    """Refuse NaT and moments outside the years 1..9999, naming the index."""
    np = numpy
    missing = np.flatnonzero(np.isnat(values))
    if missing.size:
        index = int(missing[0])
        raise InvalidFieldError(f"starts[{index}]", values[index], "expected a moment, not NaT")
    low, high = np.datetime64("0001-01-02", "D"), np.datetime64("9999-12-30", "D")
    days = values.astype("datetime64[D]")  # compared in days: no unit overflows
    outside = np.flatnonzero((days < low) | (days > high))
    if outside.size:
        index = int(outside[0])
        raise InvalidFieldError(
            f"starts[{index}]", values[index], "expected a moment between the years 1 and 9999"
        )
