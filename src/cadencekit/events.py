"""Events: what happened to a prospect, and when.

An :class:`Event` records one thing that happened during an enrollment: a
step was carried out (a *touch*), an email was opened or bounced, the
prospect replied, booked a meeting or opted out, a rep paused, resumed or
skipped a step. Events are plain values: the host application records them
(from its mail server, dialer or CRM) and hands them to an enrollment, which
decides what they mean for the cadence.

Example:
    >>> from cadencekit import Event
    >>> sent = Event.touch("2026-11-23T09:00:00-05:00", 0)
    >>> answer = Event.reply("2026-11-24T14:12:00-05:00", "maybe", step=0)
    >>> answer.kind, answer.response
    (<EventKind.REPLY: 'reply'>, <Response.MAYBE: 'maybe'>)
    >>> sorted([answer, sent], key=Event.sort_key) == [sent, answer]
    True
"""

from __future__ import annotations

import enum
import functools
import operator
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta, timezone
from typing import Any, Final, TypeVar

import attrs

from . import _time
from ._convert import MISSING, Reader, to_aware_datetime, to_enum
from ._frozen import FrozenMap
from .calendar import BusinessCalendar
from .channels import Channel
from .errors import CheckedEnum, InvalidFieldError, SchemaError

__all__ = ["CallResult", "Event", "EventKind", "Objection", "Response"]


class EventKind(CheckedEnum, enum.StrEnum):
    """What happened: the kind of an :class:`Event`.

    Example:
        >>> EventKind("opt_out")
        <EventKind.OPT_OUT: 'opt_out'>
        >>> EventKind.TOUCH.value
        'touch'
    """

    TOUCH = "touch"
    """A step of the cadence was carried out (an email sent, a call made)."""
    OPEN = "open"
    """The prospect opened an email touch."""
    CLICK = "click"
    """The prospect clicked a link in an email touch."""
    BOUNCE = "bounce"
    """An email touch bounced."""
    REPLY = "reply"
    """The prospect replied; the :class:`Response` says how."""
    MEETING = "meeting"
    """The prospect booked a meeting."""
    OPT_OUT = "opt_out"
    """The prospect asked not to be contacted again."""
    PAUSE = "pause"
    """The enrollment was paused, until a date or a resume."""
    RESUME = "resume"
    """A paused enrollment was resumed."""
    SKIP = "skip"
    """A step was skipped on purpose."""
    STOP = "stop"
    """The host stopped the enrollment (a colleague at the account replied, a rep's call)."""
    TIMEOUT = "timeout"
    """A timer of a rule fired (a silence, a delayed move); ``id`` names the rule."""
    OPPORTUNITY = "opportunity"
    """An opportunity (a deal) was created for the prospect."""
    CONVERTED = "converted"
    """The lead was converted to a contact (the next stage of the funnel)."""
    ENGAGEMENT = "engagement"
    """A micro-engagement: accepted material, a LinkedIn connection accepted, a
    question answered, a call the prospect returned; ``what`` says which."""
    UPDATE = "update"
    """What the host knows of the prospect changed; ``facts`` says how (None removes one)."""
    REASSIGN = "reassign"
    """The prospect went to another rep (``owner``), or the rep's days off changed
    (``rep_calendar``): the steps still to do are planned again."""


class Response(CheckedEnum, enum.StrEnum):
    """How a prospect replied: the ``response`` of a reply event.

    The one definition of these values: :class:`~cadencekit.ReplyLabel`
    (what :func:`~cadencekit.read_reply` finds) takes each of them by name.

    Example:
        >>> Response("out_of_office")
        <Response.OUT_OF_OFFICE: 'out_of_office'>
    """

    POSITIVE = "positive"
    """Interested: wants to talk, asks for a demo or a price."""
    NO = "no"
    """Not interested."""
    MAYBE = "maybe"
    """Not now: "ask me next quarter"."""
    OUT_OF_OFFICE = "out_of_office"
    """An automatic out-of-office reply; not a reply from the person."""
    OTHER = "other"
    """Any other reply (a question), or one not classified yet."""
    REFERRAL = "referral"
    """"Not the right person, ask our head of sales": the host enrolls the person named."""


class Objection(CheckedEnum, enum.StrEnum):
    """Why a prospect said no or not now: the ``reason`` of a "no" or "maybe" reply.

    The five reasons sales teams label replies with.
    :func:`~cadencekit.read_reply` gives one to a ``no`` or ``maybe``
    reading when the reply says why, and its reply event carries it, so a
    rule can act on it (``Match("reply", response="no", reason="budget")``).

    Example:
        >>> Objection("has_solution")
        <Objection.HAS_SOLUTION: 'has_solution'>
        >>> Event.reply("2026-12-01T10:00:00Z", "no", reason="budget").reason
        <Objection.BUDGET: 'budget'>
    """

    TIMING = "timing"
    """Not now: busy, mid-project, "try me in Q3"."""
    HAS_SOLUTION = "has_solution"
    """Already uses something, or chose another vendor."""
    BUDGET = "budget"
    """No budget, or waiting for the next one."""
    NOT_RIGHT_PERSON = "not_right_person"
    """Not their area, and they say so without pointing on (that would be a referral)."""
    NO_NEED = "no_need"
    """The problem is not theirs: "we don't do outbound"."""


class CallResult(CheckedEnum, enum.StrEnum):
    """How a call touch went: the ``call_result`` of a touch event.

    Example:
        >>> CallResult("no_answer")
        <CallResult.NO_ANSWER: 'no_answer'>
    """

    CONNECTED = "connected"
    """The rep spoke to the prospect."""
    NO_ANSWER = "no_answer"
    """Nobody answered and no voicemail was left."""
    VOICEMAIL = "voicemail"
    """The rep left a voicemail."""
    BAD_NUMBER = "bad_number"
    """The number is wrong or out of service."""


# What a reply labelled so is, as an event: the one mapping from a reply's label
# (every ReplyLabel value, a test checks) to the event it makes. Most labels are a
# reply with that response; an opt-out and a bounce are events of their own kinds.
# Event.reply and Event.from_dict read it; read_events and ReplyReading.to_event go
# through Event.reply.
_REPLY_EVENTS: Final[dict[str, tuple[EventKind, Response | None]]] = {
    **{response.value: (EventKind.REPLY, response) for response in Response},
    "opt_out": (EventKind.OPT_OUT, None),
    "bounce": (EventKind.BOUNCE, None),
}


def _reply_event(label: object, field: str = "response") -> tuple[EventKind, Response | None]:
    """The kind and response of the event a reply labelled ``label`` makes.

    ``label`` is a :class:`Response`, a ``ReplyLabel`` or its value; anything
    else raises :class:`~cadencekit.InvalidFieldError` naming ``field``.
    """
    value = label.value if isinstance(label, enum.Enum) else label
    if isinstance(value, str):
        meaning = _REPLY_EVENTS.get(value) or _REPLY_EVENTS.get(value.strip().lower())
        if meaning is not None:
            return meaning
    try:  # a Response as to_enum reads one (its name too)
        return EventKind.REPLY, to_enum(Response, value, field)
    except InvalidFieldError:
        accepted = ", ".join(repr(name) for name in _REPLY_EVENTS)
        raise InvalidFieldError(field, label, f"expected one of {accepted}") from None


# Kinds that are about one step of the cadence (``step`` is required), and
# kinds that are about no step at all (``step`` is refused).
_NEEDS_STEP: Final = frozenset(
    {EventKind.TOUCH, EventKind.OPEN, EventKind.CLICK, EventKind.BOUNCE, EventKind.SKIP}
)
_NO_STEP: Final = frozenset(
    {EventKind.PAUSE, EventKind.RESUME, EventKind.STOP, EventKind.UPDATE, EventKind.REASSIGN}
)
_HELD: Final = frozenset({EventKind.PAUSE, EventKind.RESUME})  # the kinds that name a hold

# Tie-break for events at the same instant: the order a cadence lives them.
# A touch and a skip share a rank so that their steps order them.
_RANK: Final = {
    EventKind.TIMEOUT: -1,  # a timer due at an instant fires before what happens then
    EventKind.TOUCH: 0,
    EventKind.SKIP: 0,
    EventKind.OPEN: 1,
    EventKind.CLICK: 2,
    EventKind.ENGAGEMENT: 3,
    EventKind.BOUNCE: 4,
    EventKind.REPLY: 5,
    EventKind.MEETING: 6,
    EventKind.OPPORTUNITY: 7,
    EventKind.CONVERTED: 8,
    EventKind.OPT_OUT: 9,
    EventKind.PAUSE: 10,
    EventKind.RESUME: 11,
    EventKind.STOP: 12,
    EventKind.UPDATE: -2,  # what the host knew at an instant holds for all that happens then
    EventKind.REASSIGN: -2,  # so does the team as it stood then
}
_INDEX: Final = {kind: index for index, kind in enumerate(EventKind)}

_T = TypeVar("_T")

_RESPONSES: Final = ", ".join(repr(member.value) for member in Response)


# --- converters: canonical values from what users pass ------------------------


@functools.lru_cache(maxsize=64)
def _offset(offset: timedelta) -> timezone:
    """One ``timezone`` object per UTC offset, shared by the events at that offset.

    Two aware datetimes with the same tzinfo object compare and subtract
    field by field, without asking each for its offset: sorting events and
    turning them into instants stays cheap. At most 64 offsets are kept
    (``lru_cache``); an event at another is as right, only a little slower.
    """
    return timezone(offset)


def _moment(value: object, field: str) -> datetime:
    """A tz-aware datetime with a fixed UTC offset (see :class:`Event` for why)."""
    parsed = to_aware_datetime(value.strip() if isinstance(value, str) else value, field)
    offset = parsed.utcoffset()
    assert offset is not None  # to_aware_datetime checked it
    return datetime(
        parsed.year,
        parsed.month,
        parsed.day,
        parsed.hour,
        parsed.minute,
        parsed.second,
        parsed.microsecond,
        tzinfo=_offset(offset),
    )


def _kind(value: EventKind | str) -> EventKind:
    return to_enum(EventKind, value, "kind")


def _at(value: datetime | str) -> datetime:
    return _moment(value, "at")


def _step(value: int | None) -> int | None:
    if value is None:
        return None
    expected = "expected a 0-based step index: a whole number, 0 or more"
    if isinstance(value, bool):
        raise InvalidFieldError("step", value, expected)
    try:
        step = operator.index(value)  # ints, and numpy integers from a DataFrame
    except TypeError:
        raise InvalidFieldError("step", value, expected) from None
    if step < 0:
        raise InvalidFieldError("step", value, expected)
    return step


def _response(value: Response | str | None) -> Response | None:
    if value is None or isinstance(value, Response):
        return value
    label = value.value if isinstance(value, enum.Enum) else value
    kind = _REPLY_EVENTS.get(label, (None,))[0] if isinstance(label, str) else None
    if kind is not None and kind is not EventKind.REPLY:
        raise InvalidFieldError(
            "response",
            label,
            f"a reply labelled {label!r} is an event of its own kind, {kind.value!r}: build it "
            f"with Event.reply(at, {label!r}) or Event({kind.value!r}, at)",
        )
    return to_enum(Response, label, "response")


def _call_result(value: CallResult | str | None) -> CallResult | None:
    return None if value is None else to_enum(CallResult, value, "call_result")


def _reason(value: Objection | str | None) -> Objection | None:
    return None if value is None else to_enum(Objection, value, "reason")


# The responses that may say why (``reason``), and those that may say until when.
_REASONED: Final = frozenset({Response.NO, Response.MAYBE})
_ENDED: Final = frozenset({Response.OUT_OF_OFFICE, Response.MAYBE, Response.OTHER})


def _channel(value: Channel | str | None) -> Channel | None:
    return None if value is None else to_enum(Channel, value, "channel")


def _channels(value: object) -> frozenset[Channel] | None:
    """A skip's channels: one channel or a non-empty set of them."""
    if value is None:
        return None
    items = [value] if isinstance(value, str | enum.Enum) else value
    if isinstance(items, Iterable) and not isinstance(items, bytes | bytearray | Mapping):
        found = frozenset(to_enum(Channel, item, "channels") for item in items)
        if found:
            return found
    raise InvalidFieldError("channels", value, "expected a channel or a set of them, like 'email'")


_LATEST_UNTIL = date(9990, 12, 31)  # later pauses could not be planned in years 1-9999


def _until(value: datetime | date | str | None) -> datetime | date | None:
    until = _until_value(value, "until")
    if until is not None:
        day = until.date() if isinstance(until, datetime) else until
        if day > _LATEST_UNTIL:
            raise InvalidFieldError(
                "until", value, "expected a date up to 9990-12-31 (a pause with no end: until=None)"
            )
    return until


def _until_value(value: object, field: str) -> datetime | date | None:
    """A date ("back on that date") kept as a date, or a tz-aware datetime."""
    if value is None:
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return date(value.year, value.month, value.day)
    if isinstance(value, str):
        text = value.strip()
        if len(text) <= 10:
            try:
                return date.fromisoformat(text)
            except ValueError:
                pass
        try:
            return _moment(text, field)
        except InvalidFieldError as error:
            raise InvalidFieldError(
                field,
                value,
                "expected a date like '2026-11-30' or a datetime with an offset "
                "like '2026-11-30T09:00:00-05:00'",
            ) from error
    if isinstance(value, datetime):
        return _moment(value, field)
    raise InvalidFieldError(field, value, "expected a tz-aware datetime, a date, or None")


def _text(value: object, field: str, example: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        number = isinstance(value, int | float) and not isinstance(value, bool)
        hint = f"; pass str({value!r})" if number else ""
        raise InvalidFieldError(
            field, value, f"expected a non-empty string like {example!r}, or None{hint}"
        )
    return value


def _id(value: str | None) -> str | None:
    return _text(value, "id", "msg-8f3a2")


def _hold(value: str | None) -> str | None:
    return _text(value, "hold", "pto")


def _facts(value: Mapping[str, str | None] | None) -> FrozenMap[str, str | None] | None:
    """An update's facts: non-blank names to text, or None to remove the fact."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise InvalidFieldError(
            "facts", value, "expected a mapping of name to text or None, like {'phone': None}"
        )
    for key, item in value.items():
        if not isinstance(key, str) or not key.strip():
            raise InvalidFieldError("facts", key, "expected each name as non-blank text")
        if item is not None and not isinstance(item, str):
            raise InvalidFieldError(
                f"facts[{key!r}]",
                item,
                f"expected text, or None to remove the fact; write numbers as text ({str(item)!r})",
            )
    return value if type(value) is FrozenMap else FrozenMap(dict(value))


def _owner(value: str | None) -> str | None:
    return _text(value, "owner", "kim")


def _rep_calendar(value: BusinessCalendar | str | None) -> BusinessCalendar | None:
    return None if value is None else _time.calendar(value, "rep_calendar")


def _calendar_text(calendar: BusinessCalendar | None) -> str:
    """A calendar in a fixed form, for :meth:`Event.sort_key`."""
    return "" if calendar is None else repr(sorted(calendar.to_dict().items(), key=str))


def _facts_text(facts: Mapping[str, str | None] | None) -> str:
    """The facts in a fixed order, for :meth:`Event.sort_key`."""
    if not facts:
        return ""
    return repr(sorted((key, "" if v is None else "=" + v) for key, v in facts.items()))


def _variant(value: str | None) -> str | None:
    return _text(value, "variant", "B")


def _what(value: str | None) -> str | None:
    return _text(value, "what", "accepted the white paper")


_RETURNED_CALL: Final = "returned call"
"""The ``what`` of an engagement that records a call the prospect returned."""


def _iso(moment: datetime | date) -> str:
    return moment.isoformat()


# --- the event -----------------------------------------------------------------

_new = object.__new__  # Event._trusted: the one way around the checks, owned by the class
_set = object.__setattr__


@attrs.frozen(repr=False)
class Event:
    """One thing that happened to a prospect: a touch, a reply, a pause, ...

    Args:
        kind: what happened: an :class:`EventKind` or its value (``"reply"``).
        at: when it happened: a tz-aware datetime, or an ISO 8601 string with
            an offset (``"2026-11-24T14:12:00-05:00"``). A naive time is
            refused: only the host knows the zone it was recorded in.
        step: the 0-based index of the cadence step the event is about.
            Required for a touch, skip, open, click and bounce; optional for
            a reply, meeting or opt-out (the step that prompted it); refused
            for a pause or resume. Whether the cadence has that step is
            checked by the enrollment, which knows the cadence.
        response: how the prospect replied; required for a reply and refused
            for every other kind. Use :attr:`Response.OTHER` for a reply you
            have not classified.
        call_result: how a call went; only for a touch.
        until: when a pause or an out-of-office reply ends, or when a
            "maybe" (or a reply not classified) said to come back: a
            tz-aware datetime, or a date meaning "back on that date" (kept
            as a date: the enrollment reads it in the prospect's zone).
            Only for a pause, an out-of-office reply, a "maybe" or an
            "other" reply. A datetime must be
            after ``at``; a date must not be before the date of ``at``.
        id: the host's id for the event; an enrollment ignores an id it has
            already applied, so delivering an event twice is harmless.
        variant: the name of the A/B variant a touch used (``"B"``); only for
            a touch. Opens, clicks and replies count toward the variant of
            their step's touch.
        channel: the channel a touch actually used, for a step with
            alternatives ("Email/InMail"); only for a touch. None means the
            step's own channel.
        reason: why a "no" or "maybe" reply said so (an :class:`Objection`
            or its value, ``"budget"``); only for those, which may leave it
            None. Rules can match on it.
        what: what a micro-engagement was ("accepted the white paper",
            "LinkedIn connection accepted", ``"returned call"``); only for an
            engagement, which may leave it None.
        hold: the name of the hold a pause puts on or a resume releases
            (``"pto"``, ``"parked"``); only for those. Holds of different
            names stack; a resume without one releases every hold. None is
            the rep's unnamed pause. The ``id`` never names a hold (each
            webhook delivery has its own).
        facts: what an update says of the prospect, name to text (None
            removes that fact); required for an update and refused for every
            other kind.
        owner: for a reassign (which names an owner, a rep calendar or
            both): the rep the prospect goes to; None keeps the enrollment's.
        rep_calendar: for a reassign: the new rep's days off (a
            :class:`~cadencekit.BusinessCalendar` or a country code); None
            keeps the enrollment's.
        channels: for a skip that names no step: drop every step still to
            do whose channels are all among these (``{"email"}``: "mark the
            emails as not sent"), as a :class:`~cadencekit.Skip` rule does.
            A skip names a step or channels, not both.

    Identity: two events with the same ``kind`` and ``id`` are one delivery
    (:attr:`identity`). An enrollment keeps the earliest of them (ties broken
    by content), whatever order they arrive in; events without an id are
    all distinct. A bounce carrying the message id of the email it bounces
    is not a duplicate of that touch: its kind differs.

    ``at`` and a datetime ``until`` are kept as the instant with its UTC
    offset at that instant: a ``ZoneInfo("America/New_York")`` time becomes
    the same instant at ``-05:00`` (or ``-04:00`` in summer), exactly what
    ISO 8601 can carry. So :meth:`to_dict` and :meth:`from_dict` round-trip
    every event exactly, and equality and hashing never depend on how
    ``datetime`` compares ambiguous times within one zone. Two events are
    equal when they say the same thing about the same instant, whatever
    offset each was written in (as for ``datetime``).

    Events are frozen, hashable and picklable; the class methods
    :meth:`touch`, :meth:`reply`, :meth:`pause`, ... build each kind. The
    ``repr`` is the call that builds the event.

    Example:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> call = Event("touch", datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("America/New_York")),
        ...              step=1, call_result="voicemail")
        >>> call
        Event('touch', '2026-11-23T10:00:00-05:00', step=1, call_result='voicemail')
        >>> call.call_result
        <CallResult.VOICEMAIL: 'voicemail'>
        >>> Event("reply", "2026-11-24T14:12:00-05:00", response="no", call_result="connected")
        Traceback (most recent call last):
        ...
        cadencekit.errors.InvalidFieldError: call_result 'connected': only a touch has a call result, not a reply; leave call_result None
    """

    kind: EventKind = attrs.field(converter=_kind)
    at: datetime = attrs.field(converter=_at)
    step: int | None = attrs.field(default=None, kw_only=True, converter=_step)
    response: Response | None = attrs.field(default=None, kw_only=True, converter=_response)
    call_result: CallResult | None = attrs.field(default=None, kw_only=True, converter=_call_result)
    until: datetime | date | None = attrs.field(default=None, kw_only=True, converter=_until)
    id: str | None = attrs.field(default=None, kw_only=True, converter=_id)
    variant: str | None = attrs.field(default=None, kw_only=True, converter=_variant)
    channel: Channel | None = attrs.field(default=None, kw_only=True, converter=_channel)
    what: str | None = attrs.field(default=None, kw_only=True, converter=_what)
    reason: Objection | None = attrs.field(default=None, kw_only=True, converter=_reason)
    hold: str | None = attrs.field(default=None, kw_only=True, converter=_hold)
    facts: FrozenMap[str, str | None] | None = attrs.field(
        default=None, kw_only=True, converter=_facts
    )
    channels: frozenset[Channel] | None = attrs.field(
        default=None, kw_only=True, converter=_channels
    )
    owner: str | None = attrs.field(default=None, kw_only=True, converter=_owner)
    rep_calendar: BusinessCalendar | None = attrs.field(
        default=None, kw_only=True, converter=_rep_calendar
    )

    def __attrs_post_init__(self) -> None:
        kind = self.kind
        label = _label(kind)
        if kind is EventKind.REASSIGN:
            if self.owner is None and self.rep_calendar is None:
                raise InvalidFieldError(
                    "owner",
                    None,
                    "a reassign names the new owner, the rep's calendar, or both",
                )
        elif self.owner is not None or self.rep_calendar is not None:
            field = "owner" if self.owner is not None else "rep_calendar"
            raise InvalidFieldError(
                field,
                self.owner if self.owner is not None else repr(self.rep_calendar),
                f"only a reassign changes the {field.replace('_', ' ')}, not {label}; "
                f"leave {field} None",
            )
        if self.channels is not None:
            if kind is not EventKind.SKIP:
                raise InvalidFieldError(
                    "channels",
                    _names(self.channels),
                    f"only a skip names channels, not {label}; leave channels None",
                )
            if self.step is not None:
                raise InvalidFieldError(
                    "channels",
                    _names(self.channels),
                    "a skip names one step or channels, not both",
                )
        elif kind in _NEEDS_STEP and self.step is None:
            raise InvalidFieldError(
                "step", None, f"{label} is about one step; give its 0-based index"
            )
        if kind in _NO_STEP and self.step is not None:
            raise InvalidFieldError(
                "step", self.step, f"{label} is not about a step; leave step None"
            )
        if kind is EventKind.REPLY:
            if self.response is None:
                raise InvalidFieldError(
                    "response",
                    None,
                    f"a reply needs a response; use one of {_RESPONSES} "
                    "('other' for a reply not classified)",
                )
        elif self.response is not None:
            raise InvalidFieldError(
                "response",
                self.response.value,
                f"only a reply has a response, not {label}; leave response None",
            )
        if self.call_result is not None and kind is not EventKind.TOUCH:
            raise InvalidFieldError(
                "call_result",
                self.call_result.value,
                f"only a touch has a call result, not {label}; leave call_result None",
            )
        if self.variant is not None and kind is not EventKind.TOUCH:
            raise InvalidFieldError(
                "variant",
                self.variant,
                f"only a touch has a variant, not {label}; "
                "opens, clicks and replies count toward their step's touch",
            )
        if self.channel is not None and kind is not EventKind.TOUCH:
            raise InvalidFieldError(
                "channel",
                self.channel.value,
                f"only a touch names the channel it used, not {label}; leave channel None",
            )
        if self.what is not None and kind is not EventKind.ENGAGEMENT:
            raise InvalidFieldError(
                "what",
                self.what,
                f"only an engagement says what it was, not {label}; leave what None",
            )
        if self.reason is not None and (
            kind is not EventKind.REPLY or self.response not in _REASONED
        ):
            what = f"a {self.response.value!r} reply" if self.response is not None else label
            raise InvalidFieldError(
                "reason",
                self.reason.value,
                f"only a 'no' or 'maybe' reply says why, not {what}; leave reason None",
            )
        if self.hold is not None and kind not in _HELD:
            raise InvalidFieldError(
                "hold",
                self.hold,
                f"only a pause or a resume names a hold, not {label}; leave hold None",
            )
        if kind is EventKind.UPDATE:
            if not self.facts:
                raise InvalidFieldError(
                    "facts",
                    None if self.facts is None else dict(self.facts),
                    "an update says what changed; give facts like {'phone': '+1 555 0100'} "
                    "(None removes a fact)",
                )
        elif self.facts is not None:
            raise InvalidFieldError(
                "facts",
                dict(self.facts),
                f"only an update carries facts, not {label}; leave facts None",
            )
        if kind is EventKind.TIMEOUT and self.id is None:
            raise InvalidFieldError(
                "id", None, "a timeout names the rule whose timer fired; give its name as id"
            )
        if self.until is not None:
            self._check_until(label)

    def _check_until(self, label: str) -> None:
        until = self.until
        assert until is not None
        if not (
            self.kind is EventKind.PAUSE
            or (self.kind is EventKind.REPLY and self.response in _ENDED)
        ):
            what = f"a {self.response.value!r} reply" if self.response is not None else label
            raise InvalidFieldError(
                "until",
                _iso(until),
                "only a pause, an out-of-office, a 'maybe' or an 'other' reply has an end, "
                f"not {what}; leave until None",
            )
        if isinstance(until, datetime):
            if until <= self.at:
                raise InvalidFieldError("until", _iso(until), f"must be after at {_iso(self.at)}")
        elif until < self.at.date():
            raise InvalidFieldError(
                "until", _iso(until), f"must not be before the date of at {_iso(self.at)}"
            )

    @classmethod
    def _trusted(
        cls,
        kind: EventKind,
        at: datetime,
        step: int | None,
        response: Response | None,
        call_result: CallResult | None,
        until: datetime | date | None,
        id: str | None,
        variant: str | None,
        channel: Channel | None = None,
        what: str | None = None,
        reason: Objection | None = None,
        hold: str | None = None,
        facts: FrozenMap[str, str | None] | None = None,
        channels: frozenset[Channel] | None = None,
        owner: str | None = None,
        rep_calendar: BusinessCalendar | None = None,
    ) -> Event:
        """An event from values already checked and canonical (no converters, no checks).

        The caller guarantees what the constructor would: ``at`` (and a
        datetime ``until``) with a fixed-offset ``timezone``, an ``int``
        step, enum members, non-blank strings, and fields that agree with
        the kind. :func:`~cadencekit.replay_many` uses it for rows
        :func:`~cadencekit.read_events` already checked.
        """
        event: Event = _new(cls)
        put = _set.__get__(event)  # bound once: about 0.2 µs less an event than ten _set calls
        put("kind", kind)
        put("at", at)
        put("step", step)
        put("response", response)
        put("call_result", call_result)
        put("until", until)
        put("id", id)
        put("variant", variant)
        put("channel", channel)
        put("what", what)
        put("reason", reason)
        put("hold", hold)
        put("facts", facts)
        put("channels", channels)
        put("owner", owner)
        put("rep_calendar", rep_calendar)
        return event

    # --- one constructor per kind ------------------------------------------------

    @classmethod
    def touch(
        cls,
        at: datetime | str,
        step: int,
        *,
        call_result: CallResult | str | None = None,
        variant: str | None = None,
        channel: Channel | str | None = None,
        id: str | None = None,
    ) -> Event:
        """Step ``step`` was carried out at ``at`` (an email sent, a call made).

        ``channel`` is the channel used, for a step with alternatives.

        Example:
            >>> Event.touch("2026-11-25T11:30:00-05:00", 2, call_result="connected")
            Event('touch', '2026-11-25T11:30:00-05:00', step=2, call_result='connected')
            >>> Event.touch("2026-11-25T11:30:00-05:00", 0, channel="linkedin").channel
            <Channel.LINKEDIN: 'linkedin'>
        """
        return cls(
            EventKind.TOUCH,
            at,
            step=step,
            call_result=call_result,
            variant=variant,
            channel=channel,
            id=id,
        )

    @classmethod
    def open(cls, at: datetime | str, step: int, *, id: str | None = None) -> Event:
        """The email of step ``step`` was opened.

        Example:
            >>> Event.open("2026-11-23T09:41:00-05:00", 0).kind
            <EventKind.OPEN: 'open'>
        """
        return cls(EventKind.OPEN, at, step=step, id=id)

    @classmethod
    def click(cls, at: datetime | str, step: int, *, id: str | None = None) -> Event:
        """A link in the email of step ``step`` was clicked.

        Example:
            >>> Event.click("2026-11-23T09:42:00-05:00", 0).step
            0
        """
        return cls(EventKind.CLICK, at, step=step, id=id)

    @classmethod
    def bounce(cls, at: datetime | str, step: int, *, id: str | None = None) -> Event:
        """The email of step ``step`` bounced.

        Example:
            >>> Event.bounce("2026-11-23T09:00:05-05:00", 0).kind
            <EventKind.BOUNCE: 'bounce'>
        """
        return cls(EventKind.BOUNCE, at, step=step, id=id)

    @classmethod
    def reply(
        cls,
        at: datetime | str,
        response: Response | str,
        *,
        step: int | None = None,
        until: datetime | date | str | None = None,
        reason: Objection | str | None = None,
        id: str | None = None,
    ) -> Event:
        """The prospect replied; ``response`` says how.

        ``response`` is required: a guess would decide what the enrollment
        does next. Pass :attr:`Response.OTHER` for a reply not classified.
        ``until`` is for an out-of-office reply (back on that day, see
        :meth:`out_of_office`), a "maybe" (try again then: "ping me in
        Q3") or a reply not classified yet that names a date; the default
        rules pause until it (an ``other`` reply's hold still ends sooner
        when a classified reply comes). ``reason`` says why a "no"
        or "maybe" said so (an :class:`Objection`).

        Every :class:`~cadencekit.ReplyLabel` is accepted, so what
        :func:`~cadencekit.read_reply` read flows on: ``"opt_out"`` makes
        an opt-out event and ``"bounce"`` a bounce (which needs the
        ``step`` whose email bounced); the other labels are a reply with
        that response (``"referral"`` a referral).

        Example:
            >>> Event.reply("2026-11-24T14:12:00-05:00", "positive", step=1)
            Event('reply', '2026-11-24T14:12:00-05:00', step=1, response='positive')
            >>> Event.reply("2026-11-24T14:12:00-05:00", "maybe", until="2027-07-01", reason="timing")
            Event('reply', '2026-11-24T14:12:00-05:00', response='maybe', until='2027-07-01', reason='timing')
            >>> Event.reply("2026-11-24T14:12:00-05:00", "positive", reason="budget")
            Traceback (most recent call last):
            ...
            cadencekit.errors.InvalidFieldError: reason 'budget': only a 'no' or 'maybe' reply says why, not a 'positive' reply; leave reason None
            >>> Event.reply("2026-11-24T14:12:00-05:00", "opt_out", step=1)
            Event('opt_out', '2026-11-24T14:12:00-05:00', step=1)
        """
        kind, meaning = _reply_event(response)
        if kind is EventKind.REPLY:
            return cls(kind, at, step=step, response=meaning, until=until, reason=reason, id=id)
        return cls(kind, at, step=step, until=until, reason=reason, id=id)

    @classmethod
    def out_of_office(
        cls,
        at: datetime | str,
        *,
        until: datetime | date | str | None = None,
        step: int | None = None,
        id: str | None = None,
    ) -> Event:
        """An out-of-office reply, back on ``until`` when it says so.

        Example:
            >>> away = Event.out_of_office("2026-11-23T09:00:07-05:00", until="2026-11-30")
            >>> away.response, away.until
            (<Response.OUT_OF_OFFICE: 'out_of_office'>, datetime.date(2026, 11, 30))
        """
        return cls(
            EventKind.REPLY, at, step=step, response=Response.OUT_OF_OFFICE, until=until, id=id
        )

    @classmethod
    def meeting(
        cls, at: datetime | str, *, step: int | None = None, id: str | None = None
    ) -> Event:
        """The prospect booked a meeting (``at`` is when it was booked).

        Example:
            >>> Event.meeting("2026-11-26T16:00:00+01:00").kind
            <EventKind.MEETING: 'meeting'>
        """
        return cls(EventKind.MEETING, at, step=step, id=id)

    @classmethod
    def opt_out(
        cls, at: datetime | str, *, step: int | None = None, id: str | None = None
    ) -> Event:
        """The prospect asked not to be contacted again.

        Example:
            >>> Event.opt_out("2026-11-24T08:00:00Z", step=0)
            Event('opt_out', '2026-11-24T08:00:00+00:00', step=0)
        """
        return cls(EventKind.OPT_OUT, at, step=step, id=id)

    @classmethod
    def opportunity(
        cls, at: datetime | str, *, step: int | None = None, id: str | None = None
    ) -> Event:
        """An opportunity (a deal) was created for the prospect.

        Recorded by the enrollment; no default rule acts on it (a rule of
        yours may: ``Rule(Match("opportunity"), End("meeting_booked"))``).

        Example:
            >>> Event.opportunity("2026-11-30T10:00:00+00:00", id="opp-17")
            Event('opportunity', '2026-11-30T10:00:00+00:00', id='opp-17')
        """
        return cls(EventKind.OPPORTUNITY, at, step=step, id=id)

    @classmethod
    def converted(
        cls, at: datetime | str, *, step: int | None = None, id: str | None = None
    ) -> Event:
        """The lead was converted to a contact in the CRM.

        Example:
            >>> Event.converted("2026-11-30T10:05:00+00:00").kind
            <EventKind.CONVERTED: 'converted'>
        """
        return cls(EventKind.CONVERTED, at, step=step, id=id)

    @classmethod
    def engagement(
        cls,
        at: datetime | str,
        what: str,
        *,
        step: int | None = None,
        id: str | None = None,
    ) -> Event:
        """A micro-engagement: the prospect took a small step toward you.

        ``what`` says which ("accepted the white paper", "LinkedIn
        connection accepted", "answered a question"). A call the prospect
        returned is an engagement too: :meth:`returned_call` records one.
        ``step`` is the touch that prompted it, when known.

        Example:
            >>> Event.engagement("2026-11-24T11:00:00+00:00", "LinkedIn connection accepted", step=1)
            Event('engagement', '2026-11-24T11:00:00+00:00', step=1, what='LinkedIn connection accepted')
        """
        return cls(EventKind.ENGAGEMENT, at, step=step, what=what, id=id)

    @classmethod
    def returned_call(
        cls, at: datetime | str, *, step: int | None = None, id: str | None = None
    ) -> Event:
        """The prospect called back: an engagement whose ``what`` is ``"returned call"``.

        A touch is always the rep's (a step carried out); a call the
        prospect starts is something the prospect did, like a reply, so it
        is recorded as an engagement, and the rep's response time runs from it.

        Example:
            >>> Event.returned_call("2026-11-24T15:00:00-05:00", step=2).what
            'returned call'
        """
        return cls(EventKind.ENGAGEMENT, at, step=step, what=_RETURNED_CALL, id=id)

    @classmethod
    def pause(
        cls,
        at: datetime | str,
        *,
        until: datetime | date | str | None = None,
        hold: str | None = None,
        id: str | None = None,
    ) -> Event:
        """The enrollment was paused: until ``until``, or until a resume.

        ``hold`` names the hold (``"pto"``): holds of different names stack,
        and a pause of a name already held replaces that hold (a later
        date, an earlier one, or none). None is the rep's unnamed pause.

        Example:
            >>> Event.pause("2026-12-18T17:00:00+00:00", until="2027-01-04").until
            datetime.date(2027, 1, 4)
            >>> Event.pause("2026-12-18T17:00:00+00:00", hold="parked").hold
            'parked'
        """
        return cls(EventKind.PAUSE, at, until=until, hold=hold, id=id)

    @classmethod
    def resume(cls, at: datetime | str, *, hold: str | None = None, id: str | None = None) -> Event:
        """A paused enrollment was resumed: the hold named ``hold``, or every hold.

        Example:
            >>> Event.resume("2027-01-04T09:00:00+00:00").kind
            <EventKind.RESUME: 'resume'>
            >>> Event.resume("2027-01-04T09:00:00+00:00", hold="pto").hold
            'pto'
        """
        return cls(EventKind.RESUME, at, hold=hold, id=id)

    @classmethod
    def update(
        cls, at: datetime | str, facts: Mapping[str, str | None], *, id: str | None = None
    ) -> Event:
        """What the host knows of the prospect changed at ``at``: ``facts`` merge in.

        A value None removes that fact. Rules that read facts
        (``Match(facts=...)``) and steps that require them
        (``Touchpoint(requires=...)``) read them as they stand at each event.

        Example:
            >>> Event.update("2026-11-24T09:00:00-05:00", {"phone": None}).facts
            {'phone': None}
        """
        return cls(EventKind.UPDATE, at, facts=facts, id=id)

    @classmethod
    def reassign(
        cls,
        at: datetime | str,
        *,
        owner: str | None = None,
        rep_calendar: BusinessCalendar | str | None = None,
        id: str | None = None,
    ) -> Event:
        """The prospect went to rep ``owner`` at ``at``, or the rep's days off changed.

        The enrollment plans the steps still to do again, on the days open to
        the new rep (``rep_calendar``, merged with the prospect's); None keeps
        what it had. :meth:`Enrollment.reassign` applies one.

        Example:
            >>> Event.reassign("2026-11-24T09:00:00-05:00", owner="lou")
            Event('reassign', '2026-11-24T09:00:00-05:00', owner='lou')
            >>> Event.reassign("2026-11-24T09:00:00-05:00", rep_calendar="DE").rep_calendar.country
            'DE'
        """
        return cls(EventKind.REASSIGN, at, owner=owner, rep_calendar=rep_calendar, id=id)

    @classmethod
    def stop(cls, at: datetime | str, *, id: str | None = None) -> Event:
        """The host stopped the enrollment; it ends ``MANUAL`` unless a rule says otherwise.

        Example:
            >>> Event.stop("2026-11-27T09:00:00-05:00").kind
            <EventKind.STOP: 'stop'>
        """
        return cls(EventKind.STOP, at, id=id)

    @classmethod
    def skip(
        cls,
        at: datetime | str,
        step: int | None = None,
        *,
        channels: Channel | str | Iterable[Channel | str] | None = None,
        id: str | None = None,
    ) -> Event:
        """Step ``step`` was skipped on purpose; or, with ``channels``, every step left on them.

        A skip of ``channels`` names no step: each step still to do whose
        channels are all among them is dropped, as a
        :class:`~cadencekit.Skip` rule drops them ("mark the emails as not
        sent": ``channels="email"``); steps added later are not affected.

        Example:
            >>> Event.skip("2026-11-27T09:00:00-05:00", 3).step
            3
            >>> Event.skip("2026-11-27T09:00:00-05:00", channels="email")
            Event('skip', '2026-11-27T09:00:00-05:00', channels=['email'])
        """
        return cls(EventKind.SKIP, at, step=step, channels=channels, id=id)

    @classmethod
    def timeout(cls, at: datetime | str, rule: str, *, step: int | None = None) -> Event:
        """The timer of rule ``rule`` fired at ``at`` (see :meth:`Enrollment.advance`).

        Enrollments record these themselves; a host rarely builds one.

        Example:
            >>> Event.timeout("2026-11-27T09:00:00-05:00", "no open: LinkedIn").id
            'no open: LinkedIn'
        """
        return cls(EventKind.TIMEOUT, at, step=step, id=rule)

    @property
    def identity(self) -> tuple[EventKind, str] | None:
        """``(kind, id)``: events with the same identity are one delivery (None: no id).

        Example:
            >>> sent = Event.touch("2026-11-23T09:00:00-05:00", 0, id="msg-1")
            >>> bounced = Event.bounce("2026-11-23T09:00:05-05:00", 0, id="msg-1")
            >>> sent.identity == bounced.identity
            False
        """
        return None if self.id is None else (self.kind, self.id)

    # --- order -----------------------------------------------------------------

    def sort_key(
        self,
    ) -> tuple[
        datetime, int, int, int, str, str, str, str, str, str, str, str, str, str, str, str, str
    ]:
        """A key that puts events in the order they happened.

        Events sort by ``at``, the instant (whatever offset each carries).
        Events at the same instant go in the order a cadence lives them:
        updates and reassigns (what the host knew then, and who owned the
        prospect, hold for all of it), timeouts, touches and skips (by step), opens, clicks, engagements,
        bounces, replies, meetings, opportunities, conversions, opt-outs,
        pauses, resumes, stops. The remaining fields break any
        tie left, so every shuffle of the same events sorts to the same list.

        Example:
            >>> reply = Event.reply("2026-11-24T09:00:00-05:00", "no")
            >>> touch = Event.touch("2026-11-24T14:00:00+00:00", 1)  # the same instant
            >>> [e.kind.value for e in sorted([reply, touch], key=Event.sort_key)]
            ['touch', 'reply']
        """
        return (
            self.at,
            _RANK[self.kind],
            -1 if self.step is None else self.step,
            _INDEX[self.kind],
            self.id or "",
            "" if self.response is None else self.response.value,
            "" if self.call_result is None else self.call_result.value,
            "" if self.until is None else _iso(self.until),
            self.variant or "",
            "" if self.channel is None else self.channel.value,
            self.what or "",
            "" if self.reason is None else self.reason.value,
            self.hold or "",
            _facts_text(self.facts),
            "" if self.channels is None else repr(_names(self.channels)),
            self.owner or "",
            _calendar_text(self.rep_calendar),
        )

    # --- text ------------------------------------------------------------------

    def __repr__(self) -> str:
        parts = [repr(self.kind.value), repr(_iso(self.at))]
        for name in (
            "step",
            "response",
            "call_result",
            "until",
            "variant",
            "channel",
            "what",
            "reason",
            "hold",
            "facts",
            "channels",
            "owner",
            "rep_calendar",
            "id",
        ):
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, enum.Enum):
                value = value.value
            elif isinstance(value, frozenset):
                value = _names(value)
            elif isinstance(value, BusinessCalendar):
                parts.append(f"{name}={value}")
                continue
            elif isinstance(value, date):
                value = _iso(value)
            elif isinstance(value, FrozenMap):
                value = dict(value)
            parts.append(f"{name}={value!r}")
        return f"Event({', '.join(parts)})"

    # --- serialisation ---------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; :meth:`from_dict` reads it back, exactly.

        Keys are the attribute names; enums are their values, ``at`` and
        ``until`` ISO 8601 (a datetime with its offset, or a date); absent
        fields are ``None``. ``hold``, ``facts``, ``channels``, ``owner`` and
        ``rep_calendar`` are written only when the event has them (dicts written before they existed read back unchanged).

        Example:
            >>> Event.touch("2026-11-23T09:00:00-05:00", 0, variant="B").to_dict()
            {'version': 1, 'kind': 'touch', 'at': '2026-11-23T09:00:00-05:00', 'step': 0,
             'response': None, 'call_result': None, 'until': None, 'variant': 'B', 'channel': None,
             'what': None, 'reason': None, 'id': None}
        """
        return {
            "version": 1,
            "kind": self.kind.value,
            "at": _iso(self.at),
            "step": self.step,
            "response": None if self.response is None else self.response.value,
            "call_result": None if self.call_result is None else self.call_result.value,
            "until": None if self.until is None else _iso(self.until),
            "variant": self.variant,
            "channel": None if self.channel is None else self.channel.value,
            "what": self.what,
            "reason": None if self.reason is None else self.reason.value,
            "id": self.id,
            **({} if self.hold is None else {"hold": self.hold}),
            **({} if self.facts is None else {"facts": dict(self.facts)}),
            **({} if self.channels is None else {"channels": _names(self.channels)}),
            **({} if self.owner is None else {"owner": self.owner}),
            **({} if self.rep_calendar is None else {"rep_calendar": self.rep_calendar.to_dict()}),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, path: str = "") -> Event:
        """Read an event written by :meth:`to_dict`.

        Absent optional keys read as ``None``. Errors name the path inside
        the input: pass ``path="events[3]"`` when reading one item of a list.

        Example:
            >>> event = Event.out_of_office("2026-11-23T09:00:07-05:00", until="2026-11-30")
            >>> Event.from_dict(event.to_dict()) == event
            True
            >>> Event.from_dict({"kind": "touch", "at": "2026-11-23T09:00:00"}, path="events[3]")
            Traceback (most recent call last):
            ...
            cadencekit.errors.SchemaError: events[3].at '2026-11-23T09:00:00': expected a tz-aware datetime; attach the zone it happened in
        """
        reader = Reader(data, path)
        reader.version()
        kind = reader.member("kind", EventKind)
        at = _read(reader, "at", _moment, "an ISO 8601 datetime with an offset")
        step = reader.whole("step") if reader.has("step") else None  # 3.0 from pandas too
        label = reader.raw("response", "expected a reply's label", None)
        if kind is EventKind.REPLY and isinstance(label, str) and label in _REPLY_EVENTS:
            kind, response = _REPLY_EVENTS[label]  # a reply labelled opt_out is an opt-out
        else:
            response = reader.member("response", Response, None)
        call_result = reader.member("call_result", CallResult, None)
        until = _read(reader, "until", _until_value, "an ISO date or datetime with an offset", None)
        variant = reader.optional_str("variant")
        channel = reader.member("channel", Channel, None)
        what = reader.optional_str("what")
        reason = reader.member("reason", Objection, None)
        event_id = reader.optional_str("id")
        hold = reader.optional_str("hold")
        facts: Any = reader.raw("facts", "expected a mapping of name to text or None", None)
        channels: Any = reader.raw("channels", "expected a list of channels", None)
        owner = reader.optional_str("owner")
        rep_data = reader.child("rep_calendar", None)
        rep = (
            None
            if rep_data is None
            else BusinessCalendar.from_dict(rep_data.data, path=rep_data.path)
        )
        reader.done()  # a misspelled key is an error, not a silently missing field
        try:
            return cls(
                kind,
                at,
                step=step,
                response=response,
                call_result=call_result,
                until=until,
                variant=variant,
                channel=channel,
                what=what,
                reason=reason,
                hold=hold,
                facts=facts,
                channels=channels,
                owner=owner,
                rep_calendar=rep,
                id=event_id,
            )
        except InvalidFieldError as error:
            raise SchemaError(reader.at(error.field), error.value, error.expected) from None


def _names(channels: frozenset[Channel]) -> list[str]:
    """A skip's channels as sorted values, for messages, keys and dicts."""
    return sorted(channel.value for channel in channels)


def _label(kind: EventKind) -> str:
    """``'a touch'``, ``'an open'``: the kind as a noun, for messages."""
    noun = kind.value.replace("_", "-")
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def _read(
    reader: Reader,
    key: str,
    convert: Callable[[object, str], _T],
    expected: str,
    default: object = MISSING,
) -> _T:
    """``convert`` the value at ``key``; errors name the path inside the input."""
    value = reader.raw(key, f"expected {expected}", default)
    try:
        return convert(value, reader.at(key))
    except InvalidFieldError as error:
        raise SchemaError(reader.at(key), value, error.expected) from None
