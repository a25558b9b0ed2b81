"""iCalendar text (RFC 5545): a rep's agenda or a prospect's schedule, for calendar apps.

:func:`to_ical` turns an :class:`~cadencekit.Agenda` (one owner's days), a
:class:`~cadencekit.Schedule` or an :class:`~cadencekit.Enrollment` (the
touches still to do) into the text of an ``.ics`` file. It writes no file:
save the text, attach it to an email or serve it from a web app. The
`icalendar <https://icalendar.readthedocs.io>`_ package does the encoding
(and the folding of long lines); install it with ``pip install
'cadencekit[ical]'``.

Example:
    >>> import cadencekit as ck
    >>> c = ck.Cadence("Intro", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 3)])
    >>> e = ck.Enrollment.start(c, "ada@acme.com", "2026-11-23T08:00:00-05:00", tz="America/New_York")
    >>> text = ck.to_ical(e)
    >>> for line in text.splitlines():
    ...     if line.startswith(("SUMMARY", "DTSTART;TZID")):
    ...         print(line)
    SUMMARY:Email ada@acme.com (step 1 of Intro)
    DTSTART;TZID=America/New_York:20261123T090000
    SUMMARY:Call ada@acme.com (step 2 of Intro)
    DTSTART;TZID=America/New_York:20261125T090000
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Final

from ._convert import to_flag
from ._text import step_text
from .cadence import Touchpoint
from .enrollment import Enrollment
from .errors import DateRangeError, InvalidFieldError
from .planning import Agenda, PlannedTouch
from .scheduling import Schedule

__all__ = ["to_ical"]

_PRODID: Final = "-//cadencekit//cadencekit//EN"
_LONGEST_EVENT: Final = timedelta(days=7)
# What RFC 5545 text may not hold (CONTROL: C0 but tab and newline, and DEL), the C1
# controls, and halves of surrogate pairs (which no UTF-8 file can hold).
_UNWRITABLE: Final = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _clean(text: str, *, one_line: bool = True) -> str:
    """``text`` as an iCalendar value may hold it: no control characters, no line breaks.

    A line break (CR, LF or both) becomes a space in a one-line value (a
    name, a summary), else a newline, which the encoder escapes; other
    control characters are dropped and a lone surrogate becomes U+FFFD.
    Nothing in a value can end its line and start a property of its own.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if one_line:
        text = text.replace("\n", " ")
    return _UNWRITABLE.sub(lambda m: "\ufffd" if m.group() >= "\ud800" else "", text)


def _uid(*parts: str) -> str:
    """The same touch always gets the same UID, so a calendar app updates it rather than duplicating it."""
    joined = "\x1f".join(parts).encode("utf-8", "surrogatepass")
    return f"{hashlib.sha256(joined).hexdigest()[:32]}@cadencekit"


def _instant_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


class _Item:
    __slots__ = ("cadence", "name", "prospect", "start", "started", "step", "touchpoint")

    def __init__(
        self,
        prospect: str | None,
        cadence: str,
        started: datetime,
        step: int,
        touchpoint: Touchpoint,
        start: datetime,
        number: int,
    ) -> None:
        self.prospect = prospect
        self.cadence = cadence
        self.started = started
        self.step = step
        self.touchpoint = touchpoint
        self.start = start
        self.name = step_text(number)  # the step as the agenda and explain() name it


def _planned_start(touch: PlannedTouch) -> datetime:
    """The moment on the planned day: the due time when it is that day, else that wall time on the day."""
    due = touch.due
    day = touch.day
    if day is None or day == due.date():
        return due
    return datetime.combine(day, due.timetz())


def to_ical(
    value: Agenda | Schedule | Enrollment,
    *,
    owner: str | None = None,
    duration: timedelta = timedelta(minutes=15),
    utc: bool = False,
    stamp: datetime | None = None,
    name: str | None = None,
) -> str:
    """The touches of an agenda, schedule or enrollment as iCalendar text (RFC 5545).

    Args:
        value: an :class:`~cadencekit.Agenda` (give ``owner``: one rep's
            touches, on the days they are planned), a
            :class:`~cadencekit.Schedule` (every touch), or an
            :class:`~cadencekit.Enrollment` (the touches still to do).
        owner: whose agenda; only for an agenda (None: the unassigned).
        duration: how long each event lasts in the calendar (at most 7
            days).
        utc: write ``DTSTART`` in UTC (``...Z``) rather than in the
            prospect's zone with a ``TZID`` (and its ``VTIMEZONE``).
        stamp: the ``DTSTAMP`` of every event (when the text was made);
            None uses the start of the schedule or enrollment, or the
            agenda's first day, so the same input gives the same text.
        name: the calendar's name (``X-WR-CALNAME``); a default names the
            rep, prospect or cadence.

    Every text is written as RFC 5545 allows: a line break in a name, a
    prospect id or a label becomes a space (a newline in a description),
    and control characters (NUL, ESC, ...) are dropped, so no value can
    start a line of its own.

    One ``VEVENT`` per touch: ``SUMMARY`` says the channel, the prospect
    and the step (counted from 1, as people count), ``DESCRIPTION`` the
    label and subject, ``CATEGORIES`` the channel. ``UID`` is derived from
    the prospect, the cadence, the enrollment's start and the step, so it
    is stable across runs and a re-exported touch updates its event rather
    than adding one. A touch planned on a later day than it was due (it
    slipped) keeps its wall-clock time on the planned day.

    Example:
        >>> import cadencekit as ck
        >>> c = ck.Cadence("Intro", [ck.Touchpoint("email", 1)])
        >>> text = ck.to_ical(ck.schedule(c, "2026-11-23", tz="Europe/Berlin"), utc=True)
        >>> "DTSTART:20261123T080000Z" in text.splitlines()
        True
    """
    if not isinstance(duration, timedelta) or duration <= timedelta(0) or duration > _LONGEST_EVENT:
        raise InvalidFieldError(
            "duration", duration, "expected a positive timedelta of at most 7 days"
        )
    utc = to_flag(utc, "utc")
    if name is not None and not isinstance(name, str):
        raise InvalidFieldError("name", name, "expected the calendar's name as a string, or None")
    items: list[_Item] = []
    if isinstance(value, Agenda):
        if owner not in value.owners:
            known = ", ".join(repr(o) for o in value.owners) or "none"
            raise InvalidFieldError(
                "owner", owner, f"not an owner in this agenda (owners: {known})"
            )
        for touch in value.touches:
            if touch.owner != owner:
                continue
            enrollment = touch.enrollment
            assert enrollment is not None  # plan() attaches it
            items.append(
                _Item(
                    touch.prospect,
                    enrollment.cadence.name,
                    enrollment.started,
                    touch.step,
                    enrollment.steps[touch.step],
                    _planned_start(touch),
                    enrollment.step_number(touch.step),
                )
            )
        default_stamp = datetime.combine(value.days[0], datetime.min.time(), UTC)
        default_name = f"Agenda of {owner or 'the unassigned'}"
    elif isinstance(value, Enrollment):
        if owner is not None:
            raise InvalidFieldError("owner", owner, "only for an agenda; leave owner None")
        items = [
            _Item(
                value.prospect,
                value.cadence.name,
                value.started,
                t.step,
                t.touchpoint,
                t.due,
                value.step_number(t.step),
            )
            for t in value.plan
        ]
        default_stamp = value.started
        default_name = f"{value.prospect} in {value.cadence.name}"
    elif isinstance(value, Schedule):
        if owner is not None:
            raise InvalidFieldError("owner", owner, "only for an agenda; leave owner None")
        items = [
            _Item(
                None,
                value.cadence.name,
                value.start,
                t.step,
                t.touchpoint,
                t.due,
                value.cadence.step_number(t.step),
            )
            for t in value
        ]
        default_stamp = value.start
        default_name = value.cadence.name
    else:
        raise InvalidFieldError("value", value, "expected an Agenda, a Schedule or an Enrollment")
    if stamp is not None and (not isinstance(stamp, datetime) or stamp.utcoffset() is None):
        raise InvalidFieldError("stamp", stamp, "expected a tz-aware datetime")
    try:
        stamped = (stamp or default_stamp).astimezone(UTC)
    except OverflowError:  # 9999-12-31 23:00 in New York is in year 10000 in UTC
        raise DateRangeError(
            "stamp", stamp, "falls outside years 1-9999 in UTC; pass a stamp inside them"
        ) from None
    return _calendar(items, duration=duration, utc=utc, stamp=stamped, name=name or default_name)


def _calendar(
    items: Sequence[_Item], *, duration: timedelta, utc: bool, stamp: datetime, name: str
) -> str:
    try:  # an optional extra, loaded on first use
        import icalendar as ical  # type: ignore[import-not-found, unused-ignore]
    except ModuleNotFoundError as error:
        raise ModuleNotFoundError(
            "to_ical needs the icalendar package: pip install 'cadencekit[ical]' "
            "(or pip install icalendar)",
            name="icalendar",
        ) from error
    calendar = ical.Calendar()
    calendar.add("prodid", _PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", ical.vText(_clean(name)))
    for item in items:
        touchpoint = item.touchpoint
        channel = touchpoint.channel
        who = item.prospect or "the prospect"
        event = ical.Event()
        try:
            started = _instant_text(item.started)
            start = item.start.astimezone(UTC) if utc else item.start
            end = start + duration
            end.astimezone(UTC)  # a wall time past 9999-12-31 in UTC cannot be written either
        except OverflowError:
            raise DateRangeError(
                "duration",
                duration,
                f"the touch at {item.start.isoformat()} would end past 9999-12-31 (in UTC)",
            ) from None
        event.add("uid", _uid(item.prospect or "", item.cadence, started, str(item.step)))
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", end)
        summary = f"{channel.label} {who} ({item.name} of {item.cadence})"
        event.add("summary", _clean(summary))
        details = [text for text in (touchpoint.label, touchpoint.subject) if text]
        if details:
            event.add("description", _clean("\n".join(details), one_line=False))
        event.add("categories", [channel.value])
        calendar.add_component(event)
    if not utc:
        calendar.add_missing_timezones()
    text: str = calendar.to_ical().decode("utf-8")
    return text
