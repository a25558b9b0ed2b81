"""iCalendar text (RFC 5545): a rep's agenda or a prospect's schedule, for calendar apps.

:func:`to_ical` turns an :class:`~cadencekit.Agenda` (one owner's days), a
:class:`~cadencekit.Schedule` or an :class:`~cadencekit.Enrollment` (the
touches still to do) into the text of an ``.ics`` file;
:func:`to_ical_by_owner` makes one per rep of an agenda. Summaries and
descriptions are templates with merge fields (the prospect's facts, the
step, the channel), rendered. It writes no file:
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
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Final

from ._convert import to_flag, to_members
from .cadence import Touchpoint
from .channels import Channel
from .enrollment import Enrollment
from .errors import DateRangeError, InvalidFieldError, MissingFieldError
from .personalize import malformed_fields, render
from .planning import Agenda
from .scheduling import Schedule

__all__ = ["to_ical", "to_ical_by_owner"]

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


_NO_FACTS: Final[Mapping[str, str]] = {}
# The summary to_ical writes by default: "Call ada@acme.com (step 2 of Intro)".
_SUMMARY: Final = "{{ channel }} {{ prospect | the prospect }} (step {{ step }} of {{ cadence }})"


class _Item:
    __slots__ = (
        "cadence",
        "facts",
        "number",
        "owner",
        "prospect",
        "start",
        "started",
        "step",
        "touchpoint",
    )

    def __init__(
        self,
        prospect: str | None,
        cadence: str,
        started: datetime,
        step: int,
        touchpoint: Touchpoint,
        start: datetime,
        facts: Mapping[str, str] = _NO_FACTS,
        owner: str | None = None,
        number: int | None = None,
    ) -> None:
        self.prospect = prospect
        self.cadence = cadence
        self.started = started
        self.step = step
        self.touchpoint = touchpoint
        self.start = start
        self.facts = facts
        self.owner = owner
        # the step as the agenda and explain() name it (step_text), by its number
        self.number = step + 1 if number is None else number


def _step_text(item: _Item) -> str:
    """A step as the calendar names it: its number, as the agenda and explain() say it."""
    return str(item.number)


def _fields(item: _Item) -> dict[str, str]:
    """What a template may name: the prospect's facts, then what the touch says (which wins)."""
    touchpoint = item.touchpoint
    fields = dict(item.facts)
    own = {
        "prospect": item.prospect,
        "owner": item.owner,
        "cadence": item.cadence,
        "channel": touchpoint.channel.label,
        "step": _step_text(item),
    }
    fields.update((name, value) for name, value in own.items() if value is not None)
    for name in ("label", "subject"):  # the cadence's own texts, their merge fields filled
        text = getattr(touchpoint, name)
        if text:
            fields[name] = render(text, fields, strict=False)
    return fields


def _template(value: object, field: str) -> str | None:
    """A summary or description template: text whose braces all make merge fields, or None."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidFieldError(field, value, "expected a template (text) or None")
    bad = malformed_fields(value)
    if bad:
        raise InvalidFieldError(
            field,
            bad[0],
            "is not a merge field; write {{ name }} or {{ name | fallback }} with letters, "
            "digits and _",
        )
    return value


def _filled(template: str, fields: Mapping[str, str], field: str, item: _Item) -> str:
    """``template`` rendered for one touch; a field it lacks names the prospect and the step."""
    try:
        return render(template, fields)
    except MissingFieldError as error:
        who = item.prospect or "the schedule"
        missing = ", ".join(error.fields)
        raise InvalidFieldError(
            field,
            template,
            f"{who} (step {_step_text(item)} of {item.cadence}) has no {missing}: give it "
            f"as a fact (Enrollment.start(..., facts=...)) or a fallback like "
            f"{{{{ {error.fields[0]} | ... }}}}",
        ) from None


def to_ical(
    value: Agenda | Schedule | Enrollment,
    *,
    owner: str | None = None,
    channels: Channel | str | Iterable[Channel | str] | None = None,
    summary: str | None = None,
    description: str | None = None,
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
        channels: only the touches on these channels (``"call"``, or
            ``["call", "linkedin"]``: the rep's own work, without the
            emails the host sends); None: every touch.
        summary: the events' title, a template with merge fields (see
            below); None: ``Call ada@acme.com (step 2 of Intro)``.
        description: the events' text, a template; None: the touch's label
            and subject, their merge fields filled.
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

    **Merge fields.** A template names the prospect's facts
    (:attr:`Enrollment.facts`: ``{{ name }}``, ``{{ company }}``,
    ``{{ phone }}``, as the prospects table had them) and what the touch
    says: ``prospect``, ``owner``, ``cadence``, ``channel`` (``Call``),
    ``step`` (counted from 1), ``label`` and ``subject`` (which win over a
    fact of the same name). A field with no value and no fallback is an
    error naming the prospect and the step (a misspelt field would
    otherwise leave every event blank): write ``{{ phone | no phone }}``.
    The cadence's own label and subject are filled from the facts too, a
    missing field left blank (or its fallback): never the raw braces.

    One ``VEVENT`` per touch, in time order: ``SUMMARY`` and
    ``DESCRIPTION`` as above, ``CATEGORIES`` the channel. ``UID`` is derived from
    the prospect, the cadence, the enrollment's start and the step, so it
    is stable across runs and a re-exported touch updates its event rather
    than adding one. An agenda's touch starts at
    :attr:`PlannedTouch.prospect_time <cadencekit.PlannedTouch.prospect_time>`:
    its session slot, else its due time, or, when it slipped, its wall-clock
    time on the day it is planned.

    Example:
        >>> import cadencekit as ck
        >>> c = ck.Cadence("Intro", [ck.Touchpoint("email", 1)])
        >>> text = ck.to_ical(ck.schedule(c, "2026-11-23", tz="Europe/Berlin"), utc=True)
        >>> "DTSTART:20261123T080000Z" in text.splitlines()
        True
        >>> calls = ck.Cadence("Calls", [ck.Touchpoint("call", 1, label="Call {{ name | them }}")])
        >>> e = ck.Enrollment.start(calls, "ada@acme.com", "2026-11-23", facts={"name": "Ada",
        ...                         "company": "Acme", "phone": "+1 212 555 0101"})
        >>> text = ck.to_ical(e, summary="{{ label }} at {{ company }}",
        ...                   description="{{ phone | no phone }}")
        >>> [line for line in text.splitlines() if line.startswith(("SUMMARY", "DESCRIPTION"))]
        ['SUMMARY:Call Ada at Acme', 'DESCRIPTION:+1 212 555 0101']
    """
    if not isinstance(duration, timedelta) or duration <= timedelta(0) or duration > _LONGEST_EVENT:
        raise InvalidFieldError(
            "duration", duration, "expected a positive timedelta of at most 7 days"
        )
    utc = to_flag(utc, "utc")
    if name is not None and not isinstance(name, str):
        raise InvalidFieldError("name", name, "expected the calendar's name as a string, or None")
    wanted = to_members(Channel, channels, "channels")
    title = _template(_SUMMARY if summary is None else summary, "summary")
    text = _template(description, "description")
    items: list[_Item] = []
    if isinstance(value, Agenda):
        for touches in value.for_owner(owner, channels=wanted).values():  # time order
            for touch in touches:
                enrollment = touch.enrollment
                start = touch.prospect_time
                assert enrollment is not None  # plan() attaches it
                assert start is not None  # a planned touch
                items.append(
                    _Item(
                        touch.prospect,
                        enrollment.cadence.name,
                        enrollment.started,
                        touch.step,
                        enrollment.steps[touch.step],
                        start,
                        enrollment.facts,
                        enrollment.owner,
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
                value.facts,
                value.owner,
                value.step_number(t.step),
            )
            for t in value.plan
            if wanted is None or t.channel in wanted
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
                number=value.cadence.step_number(t.step),
            )
            for t in value
            if wanted is None or t.channel in wanted
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
    return _calendar(
        items,
        duration=duration,
        utc=utc,
        stamp=stamped,
        name=name or default_name,
        summary=title or _SUMMARY,
        description=text,
    )


def to_ical_by_owner(
    agenda: Agenda,
    *,
    channels: Channel | str | Iterable[Channel | str] | None = None,
    summary: str | None = None,
    description: str | None = None,
    duration: timedelta = timedelta(minutes=15),
    utc: bool = False,
    stamp: datetime | None = None,
) -> dict[str | None, str]:
    """One ``.ics`` text per rep of an agenda, by owner: :func:`to_ical` for each, in one call.

    The options are :func:`to_ical`'s; each calendar is named after its
    rep (``Agenda of ann``). Every owner of the agenda has one, also one
    with nothing planned (an empty calendar clears the rep's old events
    when it replaces a subscribed file). None is the unassigned.

    Example:
        >>> import cadencekit as ck
        >>> from datetime import date
        >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 1)])
        >>> es = [ck.Enrollment.start(c, p, "2026-11-23", owner=rep, facts={"name": p.title()})
        ...       for p, rep in [("ada", "ann"), ("jo", "jan")]]
        >>> agenda = ck.plan(es, capacity=ck.Capacity(), calendar="US", start=date(2026, 11, 23),
        ...                  days=1, forecast=True)
        >>> files = ck.to_ical_by_owner(agenda, channels="call", summary="Call {{ name }}")
        >>> {rep: [line for line in text.splitlines() if line.startswith("SUMMARY")]
        ...  for rep, text in files.items()}
        {'ann': ['SUMMARY:Call Ada'], 'jan': ['SUMMARY:Call Jo']}
    """
    if not isinstance(agenda, Agenda):
        raise InvalidFieldError("agenda", agenda, "expected an Agenda from plan(...)")
    return {
        owner: to_ical(
            agenda,
            owner=owner,
            channels=channels,
            summary=summary,
            description=description,
            duration=duration,
            utc=utc,
            stamp=stamp,
        )
        for owner in agenda.owners
    }


def _calendar(
    items: Sequence[_Item],
    *,
    duration: timedelta,
    utc: bool,
    stamp: datetime,
    name: str,
    summary: str,
    description: str | None,
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
        fields = _fields(item)
        event.add("summary", _clean(_filled(summary, fields, "summary", item)))
        if description is None:
            details = "\n".join(fields[n] for n in ("label", "subject") if fields.get(n))
        else:
            details = _filled(description, fields, "description", item)
        if details:
            event.add("description", _clean(details, one_line=False))
        event.add("categories", [channel.value])
        calendar.add_component(event)
    if not utc:
        calendar.add_missing_timezones()
    text: str = calendar.to_ical().decode("utf-8")
    return text
