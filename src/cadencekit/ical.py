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
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Final

from .cadence import Touchpoint
from .enrollment import Enrollment
from .errors import InvalidFieldError
from .planning import Agenda, PlannedTouch
from .scheduling import Schedule

__all__ = ["to_ical"]

_PRODID: Final = "-//cadencekit//cadencekit//EN"


def _uid(*parts: str) -> str:
    """The same touch always gets the same UID, so a calendar app updates it rather than duplicating it."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return f"{digest}@cadencekit"


def _instant_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


class _Item:
    __slots__ = ("cadence", "prospect", "start", "started", "step", "touchpoint")

    def __init__(
        self,
        prospect: str | None,
        cadence: str,
        started: datetime,
        step: int,
        touchpoint: Touchpoint,
        start: datetime,
    ) -> None:
        self.prospect = prospect
        self.cadence = cadence
        self.started = started
        self.step = step
        self.touchpoint = touchpoint
        self.start = start


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
        duration: how long each event lasts in the calendar.
        utc: write ``DTSTART`` in UTC (``...Z``) rather than in the
            prospect's zone with a ``TZID`` (and its ``VTIMEZONE``).
        stamp: the ``DTSTAMP`` of every event (when the text was made);
            None uses the start of the schedule or enrollment, or the
            agenda's first day, so the same input gives the same text.
        name: the calendar's name (``X-WR-CALNAME``); a default names the
            rep, prospect or cadence.

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
    if not isinstance(duration, timedelta) or duration <= timedelta(0):
        raise InvalidFieldError("duration", duration, "expected a positive timedelta")
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
                )
            )
        default_stamp = datetime.combine(value.days[0], datetime.min.time(), UTC)
        default_name = f"Agenda of {owner or 'the unassigned'}"
    elif isinstance(value, Enrollment):
        if owner is not None:
            raise InvalidFieldError("owner", owner, "only for an agenda; leave owner None")
        items = [
            _Item(value.prospect, value.cadence.name, value.started, t.step, t.touchpoint, t.due)
            for t in value.plan
        ]
        default_stamp = value.started
        default_name = f"{value.prospect} in {value.cadence.name}"
    elif isinstance(value, Schedule):
        if owner is not None:
            raise InvalidFieldError("owner", owner, "only for an agenda; leave owner None")
        items = [
            _Item(None, value.cadence.name, value.start, t.step, t.touchpoint, t.due) for t in value
        ]
        default_stamp = value.start
        default_name = value.cadence.name
    else:
        raise InvalidFieldError("value", value, "expected an Agenda, a Schedule or an Enrollment")
    if stamp is not None and (not isinstance(stamp, datetime) or stamp.utcoffset() is None):
        raise InvalidFieldError("stamp", stamp, "expected a tz-aware datetime")
    return _calendar(
        items,
        duration=duration,
        utc=utc,
        stamp=(stamp or default_stamp).astimezone(UTC),
        name=name or default_name,
    )


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
    calendar.add("x-wr-calname", name)
    for item in items:
        touchpoint = item.touchpoint
        channel = touchpoint.channel
        who = item.prospect or "the prospect"
        event = ical.Event()
        event.add(
            "uid",
            _uid(item.prospect or "", item.cadence, _instant_text(item.started), str(item.step)),
        )
        event.add("dtstamp", stamp)
        start = item.start.astimezone(UTC) if utc else item.start
        event.add("dtstart", start)
        event.add("dtend", start + duration)
        event.add("summary", f"{channel.label} {who} (step {item.step + 1} of {item.cadence})")
        details = [text for text in (touchpoint.label, touchpoint.subject) if text]
        if details:
            event.add("description", "\n".join(details))
        event.add("categories", [channel.value])
        calendar.add_component(event)
    if not utc:
        calendar.add_missing_timezones()
    text: str = calendar.to_ical().decode("utf-8")
    return text
