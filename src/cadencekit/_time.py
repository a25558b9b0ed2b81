"""The time engine: zones, instants, send windows and "Day N" (private).

Every room that turns cadence days into moments (scheduling, bulk,
enrollment, planning) calls these, so the rules live in one place:

- a zone comes from an IANA name or a ``tzinfo`` (:func:`zone`);
- inside the engine an instant is an aware datetime whose tzinfo is the
  prospect's zone but whose fields are UTC wall-clock time ("zone-tagged
  UTC"): two such values compare and subtract as plain UTC times, adding
  elapsed time is exact, and ``zone.fromutc`` gives the local time;
- a naive local time in a DST gap is the moment the clocks jump to, a
  repeated one its first occurrence (:func:`instant`);
- :func:`settle` moves a moment into its window on a business day;
- :func:`unrolled_day` / :func:`nominal_day` are the one rule for "Day N in
  this day basis".

Example:
    >>> from datetime import date, datetime
    >>> from cadencekit import BusinessCalendar
    >>> new_york, key = zone("America/New_York")
    >>> instant(datetime(2026, 3, 8, 2, 30), new_york)  # in the gap: the jump, 07:00 UTC
    datetime.datetime(2026, 3, 8, 7, 0, tzinfo=zoneinfo.ZoneInfo(key='America/New_York'))
    >>> nominal_day(BusinessCalendar(), date(2026, 11, 27), 2, True)  # Fri + 2 business days
    datetime.date(2026, 12, 1)
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ._convert import to_aware_datetime, to_facts
from ._text import date_text
from .cadence import DateAnchor
from .calendar import (
    BusinessCalendar,
    SendHours,
    SendWindow,
    Window,
    calendar_region,
    to_calendar,
)
from .errors import DateRangeError, InvalidFieldError

__all__ = [
    "ONE_DAY",
    "UTC_ZONE",
    "anchor_date",
    "anchored_day",
    "calendar",
    "first_opening",
    "instant",
    "nominal_day",
    "opening",
    "settle",
    "settle_in",
    "start_instant",
    "step_window",
    "unrolled_day",
    "with_anchors",
    "zone",
]

ONE_DAY: Final = timedelta(days=1)
_MICROSECOND: Final = timedelta(microseconds=1)
UTC_ZONE: Final = ZoneInfo("UTC")
_LAST_DAY: Final = date.max


_ZONE_HELP: Final = (
    "use an IANA name like 'America/New_York', a zoneinfo.ZoneInfo or a datetime.timezone"
)


def zone(tz: object) -> tuple[tzinfo, str | None]:
    """The zone and its IANA key (None when it has none) from a name or a tzinfo.

    ``zoneinfo`` zones and fixed offsets (``datetime.timezone``) are used as
    they are. pytz and dateutil zones are read by their IANA name (what their
    users mean; pytz zones give wrong wall-clock arithmetic when used as a
    ``tzinfo`` directly) or, for fixed offsets, by their offset. Any other
    ``tzinfo`` is refused: exact arithmetic across DST needs PEP 495 zones.
    """
    if isinstance(tz, str):
        return _named(tz, tz)
    if isinstance(tz, ZoneInfo):
        return tz, tz.key
    if isinstance(tz, timezone):
        return (UTC_ZONE, "UTC") if tz == UTC else (tz, None)
    if isinstance(tz, tzinfo):
        family = type(tz).__module__.split(".", 1)[0]
        if family in ("pytz", "dateutil"):
            name = getattr(tz, "zone", None)  # pytz
            filename = getattr(tz, "_filename", None)  # dateutil's tzfile
            if isinstance(filename, str) and filename:
                name = filename.rsplit("zoneinfo/", 1)[-1]
            if isinstance(name, str) and name:
                return _named(name, tz)
            try:  # a fixed offset: pytz.FixedOffset, dateutil's tzutc and tzoffset
                fixed = tz.utcoffset(None)
                same = fixed is not None and tz.utcoffset(datetime(2001, 7, 1)) == fixed
            except (TypeError, ValueError, AttributeError, NotImplementedError):
                same, fixed = False, None
            if same and fixed is not None:
                return zone(timezone(fixed))
        raise InvalidFieldError(
            "tz", tz, f"a tzinfo cadencekit cannot do exact arithmetic with; {_ZONE_HELP}"
        )
    raise InvalidFieldError("tz", tz, f"expected a time zone; {_ZONE_HELP}")


def _named(name: str, given: object) -> tuple[tzinfo, str | None]:
    try:
        found = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InvalidFieldError("tz", given, f"not a time zone; {_ZONE_HELP}") from None
    return found, found.key


# --- instants and wall-clock times ---------------------------------------------------
# Inside the engine an instant is an aware datetime whose tzinfo is the prospect's
# zone but whose fields are UTC wall-clock time ("zone-tagged UTC"). Two such values
# compare and subtract as plain UTC times (Python ignores the tzinfo when both
# operands share it), adding elapsed time to one is exact, and ``zone.fromutc`` turns
# one into the local time: the cheapest conversions ``zoneinfo`` offers.


def start_instant(start: object, zone: tzinfo) -> datetime:
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
            return instant(start.replace(tzinfo=None, fold=0), zone)
        try:
            local = start if start.tzinfo is zone else start.astimezone(zone)
            local_offset = local.utcoffset()
            assert local_offset is not None
            moment = local - local_offset
        except OverflowError:
            raise DateRangeError(
                "start", start.isoformat(), "is too close to year 1 or 9999 to place in a zone"
            ) from None
        return moment.replace(fold=0) if moment.fold else moment
    if isinstance(start, date):
        return instant(datetime(start.year, start.month, start.day), zone)
    raise InvalidFieldError(
        "start",
        start,
        "expected a datetime (tz-aware, or naive to read in tz), a date, or an ISO 8601 string",
    )


def instant(wall: datetime, zone: tzinfo) -> datetime:
    """The instant of a naive local time: a time in a gap jumps forward, a repeated one is its first."""
    aware = wall.replace(tzinfo=zone)
    offset = aware.utcoffset()
    assert offset is not None  # zones given to schedule() are checked
    found = aware - offset
    if zone.fromutc(found).replace(tzinfo=None) == wall:
        return found
    # In a gap: the first instant whose wall-clock time is at or after ``wall``.
    later = wall.replace(tzinfo=zone, fold=1).utcoffset()
    assert later is not None
    other = aware - later
    low, high = min(other, found), max(other, found)
    while high - low > _MICROSECOND:
        middle = low + (high - low) // 2
        if zone.fromutc(middle).replace(tzinfo=None) >= wall:
            high = middle
        else:
            low = middle
    return high


def _next_day(day: date) -> date:
    """The day after ``day``; past 9999-12-31 is a DateRangeError, not an OverflowError."""
    if day >= _LAST_DAY:
        raise DateRangeError(
            "date", day, "the next open slot would be after 9999-12-31, the last date supported"
        )
    return day + ONE_DAY


def settle(
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
            opened = _opening_after(candidate, local, day, opens, zone)
            if opened > candidate:
                candidate = opened
                continue
        following = calendar.roll_forward(_next_day(day))
        candidate = opening(following, opens, zone, local - candidate)


def _opening_after(
    candidate: datetime, local: datetime, day: date, opens: time, zone: tzinfo
) -> datetime:
    """The instant ``opens`` strikes on ``day``; in a fall-back hour, its second pass if need be.

    ``local`` is ``candidate``'s local time. When the first strike of ``opens``
    is not after ``candidate`` (the clock reads earlier than ``opens`` again,
    after falling back), the second strike is the opening still to come.
    """
    opened = opening(day, opens, zone, local - candidate)
    if opened <= candidate:
        later = datetime.combine(day, opens, zone).replace(fold=1)
        offset = later.utcoffset()
        assert offset is not None
        opened = (later - offset).replace(fold=0)
    return opened


def opening(day: date, opens: time, zone: tzinfo, offset: timedelta) -> datetime:
    """The instant of ``opens`` on ``day``, trying ``offset`` (a nearby UTC offset) first."""
    guess = datetime.combine(day, opens, zone) - offset
    local = zone.fromutc(guess)
    if local.time() == opens and local.day == day.day and not local.fold:
        return guess
    return instant(datetime.combine(day, opens), zone)


def unrolled_day(calendar: BusinessCalendar, anchor: date, gap: int, business: bool) -> date:
    """The date ``gap`` cadence days after ``anchor``, before rolling off a closed day.

    In business basis that is ``calendar.add_business_days(anchor, gap)``
    (already a business day); in calendar basis ``anchor + gap`` days,
    which :func:`nominal_day` rolls forward when it is closed.
    """
    if business:
        return calendar.add_business_days(anchor, gap)
    return anchor + timedelta(days=gap)


def nominal_day(calendar: BusinessCalendar, anchor: date, gap: int, business: bool) -> date:
    """The business day a step ``gap`` cadence days after ``anchor`` lands on: Day N.

    Day N of a cadence whose Day 1 is ``d`` is ``nominal_day(calendar, d, N - 1, business)``.
    """
    if business:
        return calendar.add_business_days(anchor, gap)
    return calendar.roll_forward(anchor + timedelta(days=gap))


# --- a step's own window and wait -----------------------------------------------------


def step_window(window: Window, at_time: time | None) -> Window:
    """A step's window: ``window`` itself, or from its preferred time ``at_time`` on.

    The preferred time is clamped into the window, each weekday's blocks on
    their own: before the first opening it changes nothing; inside a block
    the block opens at ``at_time``; in a gap between blocks the next block
    is kept whole; at or after the day's last closing, the last minute of
    the last block (its opening, if the block is shorter). So a step with a
    preferred time goes through the same window rules as any step, and a
    step moved to a later day goes out at that day's preferred time.

    Example:
        >>> str(step_window(SendWindow("09:00", "17:00"), time(14, 30)))
        '14:30-17:00'
        >>> str(step_window(SendWindow("09:00", "17:00"), time(18)))
        '16:59-17:00'
    """
    if at_time is None:
        return window
    return _preferred(window, at_time)


@functools.lru_cache(maxsize=256)
def _preferred(window: Window, at_time: time) -> Window:
    """:func:`step_window`'s work, kept for 256 windows and times (values, no state)."""
    if isinstance(window, SendWindow):
        return _from_time((window,), at_time)[0]
    hours: SendHours = window
    week = tuple(_from_time(blocks, at_time) if blocks else () for blocks in hours.week)
    return SendHours(week)


def _from_time(blocks: tuple[SendWindow, ...], at_time: time) -> tuple[SendWindow, ...]:
    """One day's blocks from ``at_time`` on (see :func:`step_window`)."""
    kept = [block for block in blocks if block.end > at_time]
    if not kept:
        last = blocks[-1]
        minute = (datetime.combine(date(2001, 1, 1), last.end) - _MINUTE).time()
        return (SendWindow(max(last.start, minute), last.end),)
    first = kept[0]
    if first.start < at_time:
        kept[0] = SendWindow(at_time, first.end)
    return tuple(kept)


_MINUTE: Final = timedelta(minutes=1)


# --- send hours: several blocks a day ------------------------------------------------

_LONGEST_CLOSED_RUN: Final = (
    400  # business days in a row without a block: a window that never opens
)


def settle_in(
    candidate: datetime, window: Window, calendar: BusinessCalendar, zone: tzinfo
) -> tuple[datetime, datetime]:
    """:func:`settle` for any window: the first instant at or after ``candidate`` inside it.

    A :class:`SendWindow` takes :func:`settle`'s path; :class:`SendHours`
    tries the blocks of each business day in order, moving on to the next
    business day that has one.
    """
    if isinstance(window, SendWindow):
        return settle(candidate, window.start, window.end, calendar, zone)
    closed_days = 0
    while True:
        local = zone.fromutc(candidate)
        day = local.date()
        clock = local.time()
        moved = False
        if calendar.is_business_day(day):
            blocks = window.blocks(day.weekday())
            if not blocks:
                closed_days += 1
            for block in blocks:
                if clock >= block.end:
                    continue
                if clock >= block.start:
                    return candidate, local
                opened = _opening_after(candidate, local, day, block.start, zone)
                if opened > candidate:
                    candidate, moved = opened, True
                    break
        if moved:
            continue
        if closed_days > _LONGEST_CLOSED_RUN:
            raise InvalidFieldError(
                "window",
                str(window),
                "never opens on a business day of the calendar; give hours on days it is open",
            )
        following = calendar.roll_forward(_next_day(day))
        candidate = instant(datetime.combine(following, time(0)), zone)


def first_opening(day: date, window: Window) -> time | None:
    """The wall-clock time ``window`` first opens on ``day`` (None: no block that weekday)."""
    if isinstance(window, SendWindow):
        return window.start
    blocks = window.blocks(day.weekday())
    return blocks[0].start if blocks else None


# --- a prospect's own dates -------------------------------------------------------------


def anchor_date(value: str) -> date | None:
    """A prospect's date as a fact holds it (``"2027-03-15"``, or an ISO datetime's date), else None.

    Example:
        >>> anchor_date("2027-03-15"), anchor_date(" 2027-03-15T10:00:00+01:00 "), anchor_date("soon")
        (datetime.date(2027, 3, 15), datetime.date(2027, 3, 15), None)
    """
    text = value.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        return None


def with_anchors(
    facts: Mapping[str, str] | None, anchors: Mapping[str, date | str] | None
) -> Mapping[str, str] | None:
    """The facts with the prospect's dates among them, as ISO dates (``anchors`` checked)."""
    if anchors is None:
        return facts
    if not isinstance(anchors, Mapping):
        raise InvalidFieldError(
            "anchors",
            anchors,
            "expected a mapping of name to date, like {'renewal': date(2027, 3, 15)}",
        )
    merged = dict(to_facts(facts, "facts"))
    for name, value in anchors.items():
        field = f"anchors[{name!r}]"
        if not isinstance(name, str) or not name.strip():
            raise InvalidFieldError("anchors", name, "expected names of dates, like 'renewal'")
        if isinstance(value, datetime) or not isinstance(value, date | str):
            raise InvalidFieldError(
                field, value, "expected a date, or an ISO date like '2027-03-15'"
            )
        day = value if isinstance(value, date) else anchor_date(value)
        if day is None:
            raise InvalidFieldError(
                field, value, "expected a date, or an ISO date like '2027-03-15'"
            )
        known = merged.get(name)
        if known is not None and anchor_date(known) != day:
            raise InvalidFieldError(
                field, value, f"the facts say {known!r}; give the prospect's date once"
            )
        merged[name] = day.isoformat()
    return merged


def anchored_day(
    anchor: DateAnchor, given: str | None, calendar: BusinessCalendar, started: date
) -> tuple[date | None, str]:
    """The day an anchored step falls on and how to say it, or None and why it is skipped.

    ``given`` is the fact holding the prospect's date; ``calendar`` the days
    the step may land on; ``started`` the start's local date: a day before it
    is past, and the step is skipped.
    """
    if given is None or not given.strip():
        return None, f"the prospect has no {anchor.name!r} date"
    when = anchor_date(given)
    if when is None:
        return None, f"{anchor.name!r} is not a date: {given!r}"
    day = anchor.day_for(when, calendar)
    said = f"{anchor} ({date_text(when)})"
    if day < started:
        return None, f"{said} fell on {date_text(day)}, before the start"
    return day, said


# One converter from what a user passes to a calendar, kept beside the calendar
# (``BusinessCalendar.merge`` takes a country code too); named here as before.
region = calendar_region
calendar = to_calendar
