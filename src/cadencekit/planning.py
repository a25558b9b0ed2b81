"""Planning a rep's day: the touches due, under daily limits, across reps.

:func:`plan` takes enrollments and gives each owner (``None`` for the
unassigned) an :class:`Agenda` of business days: which touches to do on
which day, within a :class:`Capacity` (say 60 calls and 200 emails a day).
What does not fit slips to the next business day and is never dropped;
every slip says which cap caused it and on which day, and what is still
waiting after the last day is the backlog.

How a touch is counted:

- By default only each enrollment's **next touch** is planned. The later
  steps of a prospect fall due a gap after the earlier ones are *actually
  done* (see :class:`~cadencekit.Enrollment`), so planning them now would
  plan dates that the first slip already made wrong. Re-plan after
  recording the day's touches, and the next steps appear on their real
  days. ``forecast=True`` plans them all anyway, as each enrollment's plan
  says (a week-ahead list); ``owner_calendar`` gives reps their own days.
- A touch is due on its local date in the prospect's zone (or in ``tz``,
  when given), rolled forward to a business day of ``calendar``, the
  team's calendar. A touch due before the first day (overdue) is planned
  from the first day; one due after the last day is not counted.
- Manual touches (call, voicemail, LinkedIn, meeting, task) count against
  their channel's limit and the rep's whole day (``manual_per_day``);
  automatic emails count against the mailbox (the ``email`` limit), SMS
  against the ``sms`` limit.
- A manual touch is placed only where the rep's hours (a session, or the
  day) meet the prospect's window on a business day of both; elsewhere it
  slips with a reason of its own (the prospect's holiday, the rep's day
  off, no common hours). ``now`` keeps every touch from a time already past.

Example:
    >>> import cadencekit as ck
    >>> from datetime import date
    >>> calls = ck.Cadence("Calls", [ck.Touchpoint("call", 1)])
    >>> enrollments = [
    ...     ck.Enrollment.start(calls, f"p{i}@acme.com", "2026-11-23T08:00:00+00:00", owner="ann")
    ...     for i in range(3)
    ... ]
    >>> agenda = ck.plan(
    ...     enrollments,
    ...     capacity=ck.Capacity({"call": 2}),
    ...     calendar=ck.BusinessCalendar(),
    ...     start=date(2026, 11, 23),
    ...     days=2,
    ... )
    >>> [(t.prospect, t.day.isoformat()) for t in agenda.touches]
    [('p0@acme.com', '2026-11-23'), ('p1@acme.com', '2026-11-23'), ('p2@acme.com', '2026-11-24')]
    >>> print(agenda.slips[0])
    p2@acme.com step 1 (call): Mon 23 Nov 2026 -> Tue 24 Nov 2026, the limit of 2 calls a day was reached
"""

from __future__ import annotations

import bisect
import enum
import itertools
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, Final, Protocol, TypeVar

import attrs

from . import _time
from ._convert import (
    Reader,
    field_names,
    prospect_key,
    to_aware_datetime,
    to_date,
    to_enum,
    to_list,
    to_members,
    to_pairs,
)
from ._text import (
    REPR_LIMIT,
    capped,
    cut,
    date_text,
    html_table,
    moment_text,
    shown_lines,
    step_text,
    time_text,
)
from .calendar import BusinessCalendar, SendHours, SendWindow, Window
from .channels import Channel
from .deliverability import HASH_SPAN, Mailbox, Ramp, Suppression, forgotten, stable_hash
from .enrollment import Enrollment
from .errors import CheckedEnum, DateRangeError, InvalidFieldError, SchemaError
from .policy import honour_opt_outs

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "Agenda",
    "Cap",
    "Capacity",
    "PlannedTouch",
    "Slip",
    "due_first",
    "in_flight_first",
    "plan",
]

_MIDNIGHT: Final = time(0)
_MICROSECOND: Final = timedelta(microseconds=1)
_EMAIL: Final = re.compile(r"[^@\s<>]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")


class _SortKey(Protocol):
    """Anything ``sorted`` can order: a number, a date, a tuple of them."""

    def __lt__(self, other: Any, /) -> bool: ...


def _domain(prospect: str) -> str | None:
    """The email domain of a prospect id that is a bare address, lower-cased; else None."""
    match = _EMAIL.fullmatch(prospect.strip())
    return match.group(1).lower() if match else None


# --- capacity ---------------------------------------------------------------------


def _limit_value(value: object, field: str) -> int:
    if type(value) is not int or value < 0:
        raise InvalidFieldError(
            field, value, "expected a whole number of 0 or more (touches a day)"
        )
    return value


def _per_channel(value: object) -> tuple[tuple[Channel, int], ...]:
    pairs = to_pairs(value, Channel, "per_channel", "{'call': 60, 'email': 200}")
    limits = [
        (channel, _limit_value(limit, f"per_channel[{channel.value!r}]"))
        for channel, limit in pairs
    ]
    return tuple(sorted(limits, key=lambda pair: pair[0].order))


def _optional_limit(value: object, field: str = "limit") -> int | None:
    return None if value is None else _limit_value(value, field)


def _sessions(value: object) -> tuple[tuple[Channel, SendHours], ...]:
    """``{"call": "09:00-11:00"}``: each channel's prospecting blocks, as SendHours."""
    if value is None:
        return ()
    found: dict[Channel, SendHours] = {}
    for channel, hours in to_pairs(value, Channel, "sessions", "{'call': '09:00-11:00'}"):
        if isinstance(hours, SendHours):
            found[channel] = hours
        elif isinstance(hours, SendWindow):
            found[channel] = SendHours([hours])
        else:
            try:
                found[channel] = SendHours(hours)
            except InvalidFieldError as error:
                raise InvalidFieldError(
                    f"sessions[{channel.value!r}]", hours, error.expected
                ) from None
    return tuple(sorted(found.items(), key=lambda pair: pair[0].order))


def _slot(value: object) -> timedelta:
    if isinstance(value, timedelta) and timedelta(minutes=1) <= value <= timedelta(hours=8):
        return value
    raise InvalidFieldError("slot", value, "expected a timedelta from 1 minute to 8 hours")


_MAILBOX_DEFAULTS: Final = ("per_day", "per_hour", "windows", "gap", "ramp")
"""The :class:`~cadencekit.Mailbox` fields a :class:`Capacity` gives, as ``mailbox_<field>``."""


def _mailbox_default(value: object, field: str = "mailbox_per_day") -> Any:
    """A ``mailbox_*`` field of a Capacity, checked as the Mailbox field it stands for."""
    name = field.removeprefix("mailbox_")
    try:
        return getattr(Mailbox("defaults", **{name: value}), name)
    except InvalidFieldError as error:
        raise InvalidFieldError(field, value, error.expected) from None


def _listed_mailboxes(value: object) -> tuple[Mailbox, ...]:
    """``mailboxes``: the owner's own mailboxes, each named once."""
    found = to_list([value] if isinstance(value, Mailbox) else value, Mailbox, "mailboxes")
    names: set[str] = set()
    for box in found:
        if box.name in names:
            raise InvalidFieldError("mailboxes", box.name, "expected each mailbox once")
        names.add(box.name)
    return tuple(found)


@attrs.frozen(field_transformer=field_names(_optional_limit, _mailbox_default))
class Capacity:
    """What one owner can do in one business day: the limits :func:`plan` keeps.

    Args:
        per_channel: the most touches a day on each channel, like
            ``{"call": 60, "email": 200}``; a channel not named has no limit.
            The ``email`` limit is the mailbox's: automatic emails count
            against it, not against the rep's day.
        manual_per_day: the most manual touches (call, voicemail, LinkedIn,
            meeting, task) a rep does in a day, all channels together.
        per_domain: the most touches a day to prospects of one email domain
            (``acme.com``), all channels together. The domain is read from
            the prospect id when it is a bare email address
            (``ada@acme.com``); other ids (CRM ids, names) have no domain
            and no such cap.
        new_per_day: the most enrollments started a day: touches of an
            enrollment with no step done or skipped yet. The rest wait, in
            order.
        per_prospect: the most touches a day to one prospect (all channels
            and enrollments; an email in any case is one prospect, see
            :func:`~cadencekit.prospect_key`). The voicemail left when a
            call is not answered (``Touchpoint.skip_if_connected``) is part
            of its call's contact and does not count.
        per_prospect_week: the most touches to one prospect in one week
            (Monday to Sunday, by the planned day), counted the same way.
        sessions: prospecting blocks per channel, the rep's wall-clock hours
            in :func:`plan`'s ``tz``, or the rep's own ``owner_tz``
            (``{"call": "09:00-11:00"}``, a
            :class:`~cadencekit.SendHours` for other hours per weekday). A
            touch on such a channel gets a time (``PlannedTouch.at``): a
            free ``slot`` in a block, not before it falls due (nor before
            ``now``) and, for a manual touch, wholly inside the prospect's
            window on their business day; when the day has no such slot
            left, even by moving touches already placed to other slots of
            their own, it slips to the next business day.
        slot: the time one touch takes in a session (5 minutes by default).
        mailboxes: the owner's own :class:`~cadencekit.Mailbox` es, each
            with its limits, gap, warm-up and jitter; emails of the owner's
            enrollments go from the one an enrollment names
            (``Enrollment.start(..., mailbox=...)``), else from one picked
            by a stable hash of the prospect. Give them in
            ``owner_capacity`` (a mailbox belongs to one rep).
        mailbox_per_day: the ``per_day`` of every other mailbox of the
            owner (a :class:`~cadencekit.Mailbox` field): a mailbox an
            enrollment names that ``mailboxes`` does not list
            (:meth:`mailbox`), or, when the owner lists none, the one
            mailbox named after the rep that sends the emails of
            enrollments naming none. Setting any ``mailbox_*`` limit paces
            the owner's emails; a listed mailbox keeps its own limits only.
        mailbox_per_hour: the ``per_hour`` of every other mailbox, likewise.
        mailbox_windows: the ``windows`` of every other mailbox, likewise.
        mailbox_gap: the ``gap`` of every other mailbox, likewise.
        mailbox_ramp: the ``ramp`` of every other mailbox, likewise.

    Every limit is per owner and per business day; None means no limit and
    0 means nothing of that kind is planned (it all goes to the backlog).
    The mailbox limits are per mailbox (see "Deliverability and
    compliance" in the guides).

    Example:
        >>> cap = Capacity({"call": 60, "email": 200}, manual_per_day=80, new_per_day=20)
        >>> cap.limit("call"), cap.limit("linkedin")
        (60, None)
        >>> Capacity({"fax": 3})
        Traceback (most recent call last):
        ...
        cadencekit.errors.InvalidFieldError: per_channel 'fax': expected one of 'email', 'call', 'voicemail', 'linkedin', 'sms', 'meeting', 'task', 'linkedin_connect', 'linkedin_message', 'linkedin_inmail', 'linkedin_visit', 'whatsapp', or 'custom:<name>' for a team's own channel
    """

    per_channel: tuple[tuple[Channel, int], ...] = attrs.field(default=(), converter=_per_channel)
    manual_per_day: int | None = attrs.field(default=None, kw_only=True, converter=_optional_limit)
    per_domain: int | None = attrs.field(default=None, kw_only=True, converter=_optional_limit)
    new_per_day: int | None = attrs.field(default=None, kw_only=True, converter=_optional_limit)
    per_prospect: int | None = attrs.field(default=None, kw_only=True, converter=_optional_limit)
    per_prospect_week: int | None = attrs.field(
        default=None, kw_only=True, converter=_optional_limit
    )
    sessions: tuple[tuple[Channel, SendHours], ...] = attrs.field(
        default=(), kw_only=True, converter=_sessions
    )
    slot: timedelta = attrs.field(default=timedelta(minutes=5), kw_only=True, converter=_slot)
    mailboxes: tuple[Mailbox, ...] = attrs.field(
        default=(), kw_only=True, converter=_listed_mailboxes
    )
    mailbox_per_day: int | None = attrs.field(
        default=None, kw_only=True, converter=_mailbox_default
    )
    mailbox_per_hour: int | None = attrs.field(
        default=None, kw_only=True, converter=_mailbox_default
    )
    mailbox_windows: tuple[tuple[timedelta, int], ...] = attrs.field(
        default=(), kw_only=True, converter=_mailbox_default
    )
    mailbox_gap: timedelta = attrs.field(
        default=timedelta(0), kw_only=True, converter=_mailbox_default
    )
    mailbox_ramp: Ramp | None = attrs.field(default=None, kw_only=True, converter=_mailbox_default)

    @property
    def paces_mailboxes(self) -> bool:
        """Whether the owner's emails go from paced mailboxes: some listed, or a ``mailbox_*`` limit.

        Example:
            >>> Capacity(mailbox_per_hour=10).paces_mailboxes, Capacity({"email": 200}).paces_mailboxes
            (True, False)
        """
        return bool(self.mailboxes) or self._describes_other_mailboxes()

    def _describes_other_mailboxes(self) -> bool:
        """Whether a ``mailbox_*`` limit is set: mailboxes not listed have them."""
        return any(
            getattr(self, f"mailbox_{name}") not in (None, (), timedelta(0))
            for name in _MAILBOX_DEFAULTS
        )

    def mailbox(self, name: str) -> Mailbox | None:
        """The mailbox ``name`` with its limits: the one listed, else one of the ``mailbox_*`` limits.

        None when it is not listed and no ``mailbox_*`` limit is set (the
        owner's mailboxes are only those listed).

        Example:
            >>> cap = Capacity(mailboxes=[Mailbox("ann@seller.io", per_day=40)], mailbox_per_day=20)
            >>> cap.mailbox("ann@seller.io").per_day, cap.mailbox("ann.2@seller.io").per_day
            (40, 20)
        """
        for box in self.mailboxes:
            if box.name == name:
                return box
        if not self._describes_other_mailboxes():
            return None
        return Mailbox(
            name,
            per_day=self.mailbox_per_day,
            per_hour=self.mailbox_per_hour,
            windows=self.mailbox_windows,
            gap=self.mailbox_gap,
            ramp=self.mailbox_ramp,
        )

    def session(self, channel: Channel | str) -> SendHours | None:
        """The prospecting blocks of ``channel``, or None when it has none.

        Example:
            >>> str(Capacity(sessions={"call": "09:00-11:00"}).session("call"))
            'Mon-Sun 09:00-11:00'
        """
        wanted = to_enum(Channel, channel, "channel")
        for named, hours in self.sessions:
            if named is wanted:
                return hours
        return None

    def limit(self, channel: Channel | str) -> int | None:
        """The daily limit of ``channel``, or None when it has none.

        Example:
            >>> Capacity({"email": 200}).limit("email")
            200
        """
        wanted = to_enum(Channel, channel, "channel")
        for named, limit in self.per_channel:
            if named is wanted:
                return limit
        return None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; :meth:`from_dict` reads it back.

        Example:
            >>> Capacity({"call": 60}, per_domain=3).to_dict()
            {'version': 1, 'per_channel': {'call': 60}, 'manual_per_day': None, 'per_domain': 3, 'new_per_day': None, 'per_prospect': None, 'per_prospect_week': None, 'sessions': {}, 'slot_minutes': 5.0}
        """
        return {
            "version": 1,
            "per_channel": {channel.value: limit for channel, limit in self.per_channel},
            "manual_per_day": self.manual_per_day,
            "per_domain": self.per_domain,
            "new_per_day": self.new_per_day,
            "per_prospect": self.per_prospect,
            "per_prospect_week": self.per_prospect_week,
            "sessions": {channel.value: hours.to_dict() for channel, hours in self.sessions},
            "slot_minutes": self.slot / timedelta(minutes=1),
            **self._mailbox_dict(),
        }

    def _mailbox_dict(self) -> dict[str, Any]:
        """The mailbox keys of :meth:`to_dict`, only when set (older payloads stay as they were)."""
        if not self.paces_mailboxes:
            return {}
        defaults = Mailbox(
            "defaults",
            per_day=self.mailbox_per_day,
            per_hour=self.mailbox_per_hour,
            windows=self.mailbox_windows,
            gap=self.mailbox_gap,
            ramp=self.mailbox_ramp,
        ).to_dict()
        return {
            "mailboxes": [box.to_dict() for box in self.mailboxes],
            **{
                f"mailbox_{key}": defaults[key]
                for key in ("per_day", "per_hour", "windows", "gap_minutes", "ramp")
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, path: str = "") -> Capacity:
        """Read what :meth:`to_dict` wrote; errors name the path inside ``data``.

        Example:
            >>> Capacity.from_dict({"per_channel": {"call": -1}})
            Traceback (most recent call last):
            ...
            cadencekit.errors.SchemaError: per_channel.call -1: expected a whole number of 0 or more (touches a day)
        """
        reader = Reader(data, path)
        reader.version()
        channels = reader.child("per_channel", None)
        per_channel: list[tuple[Channel, int]] = []
        if channels is not None:
            for key, value in channels.data.items():
                where = channels.at(str(key))
                try:
                    channel = to_enum(Channel, key, where)
                except InvalidFieldError as error:
                    raise SchemaError(where, key, error.expected) from None
                if type(value) is not int or value < 0:
                    raise SchemaError(
                        where, value, "expected a whole number of 0 or more (touches a day)"
                    )
                per_channel.append((channel, value))
        limits: dict[str, int | None] = {}
        for key in (
            "manual_per_day",
            "per_domain",
            "new_per_day",
            "per_prospect",
            "per_prospect_week",
        ):
            value = reader.raw(key, "expected a whole number or null", None)
            if value is not None and (type(value) is not int or value < 0):
                raise SchemaError(
                    reader.at(key), value, "expected null or a whole number of 0 or more"
                )
            limits[key] = value
        sessions: dict[str, SendHours] = {}
        child = reader.child("sessions", None)
        if child is not None:
            for key, value in child.data.items():
                where = child.at(str(key))
                if not isinstance(value, Mapping):
                    raise SchemaError(where, value, "expected SendHours as a dict")
                sessions[str(key)] = SendHours.from_dict(value, path=where)
        minutes = reader.raw("slot_minutes", "expected minutes", 5)
        listed = [
            Mailbox.from_dict(box.data, path=box.path) for box in reader.readers("mailboxes", [])
        ]
        given = {
            key: reader.raw(f"mailbox_{key}", "expected a mailbox limit", None)
            for key in ("per_day", "per_hour", "windows", "gap_minutes", "ramp")
        }
        try:
            defaults = Mailbox.from_dict(
                {"name": "defaults", **{k: v for k, v in given.items() if v is not None}}
            )
        except SchemaError as error:  # named as the Capacity names it: mailbox_gap_minutes
            raise SchemaError(
                reader.at(f"mailbox_{error.field}"), error.value, error.expected
            ) from None
        reader.done()
        if (
            isinstance(minutes, bool)
            or not isinstance(minutes, int | float)
            or not 1 <= minutes <= 480
        ):
            raise SchemaError(reader.at("slot_minutes"), minutes, "expected minutes from 1 to 480")
        try:
            return cls(
                per_channel,
                manual_per_day=limits["manual_per_day"],
                per_domain=limits["per_domain"],
                new_per_day=limits["new_per_day"],
                per_prospect=limits["per_prospect"],
                per_prospect_week=limits["per_prospect_week"],
                sessions=sessions,
                slot=timedelta(minutes=minutes),
                mailboxes=listed,
                mailbox_per_day=defaults.per_day,
                mailbox_per_hour=defaults.per_hour,
                mailbox_windows=defaults.windows,
                mailbox_gap=defaults.gap,
                mailbox_ramp=defaults.ramp,
            )
        except InvalidFieldError as error:
            raise SchemaError(reader.at(error.field), error.value, error.expected) from None


class Cap(CheckedEnum, enum.StrEnum):
    """Which limit of a :class:`Capacity` made a touch slip.

    Example:
        >>> Cap("domain")
        <Cap.DOMAIN: 'domain'>
    """

    CHANNEL = "channel"
    """The channel's daily limit (``per_channel``)."""
    MANUAL = "manual"
    """The rep's day: manual touches of all channels (``manual_per_day``)."""
    DOMAIN = "domain"
    """Touches to one recipient domain (``per_domain``)."""
    NEW = "new"
    """Enrollments started (``new_per_day``)."""
    PROSPECT = "prospect"
    """Touches to one prospect in a day (``per_prospect``)."""
    PROSPECT_WEEK = "prospect_week"
    """Touches to one prospect in a week (``per_prospect_week``)."""
    SESSION = "session"
    """The channel's prospecting blocks that day are full (``sessions``), or full where
    the touch may go (``limit``: the slots still free that day at other times)."""
    HOURS = "hours"
    """The rep's hours and the prospect's window do not meet that day (``detail`` names both)."""
    PROSPECT_DAY = "prospect_day"
    """The prospect's calendar is closed where the hours would meet (``detail``: the holiday)."""
    REP_DAY = "rep_day"
    """The enrollment's ``rep_calendar`` closes the rep's day (``detail``: the holiday)."""
    NOW = "now"
    """The day's hours for the touch had passed by :func:`plan`'s ``now`` (``detail``: now)."""
    MAILBOX_DAY = "mailbox_day"
    """The mailbox's sends a day (``Mailbox.per_day``; ``detail``: the mailbox)."""
    RAMP = "ramp"
    """The mailbox's warm-up allows no more that day (``Mailbox.ramp``; ``detail``: the mailbox)."""
    MAILBOX_WINDOW = "mailbox_window"
    """A rolling limit of the mailbox (``per_hour``, ``windows``): no time left that day in
    the touch's hours (``detail``: the mailbox and the window)."""
    GAP = "gap"
    """The mailbox's least gap between sends left no time that day in the touch's hours
    (``limit``: the gap in minutes; ``detail``: the mailbox)."""
    SUPPRESSED = "suppressed"
    """The prospect or the touch's address is on :func:`plan`'s ``suppress`` list
    (``detail``: which entry). Such touches are never planned: see :attr:`Agenda.suppressed`."""


# --- the values of an agenda --------------------------------------------------------


@attrs.frozen
class PlannedTouch:
    """One enrollment's next touch, placed on a day (or left in the backlog).

    Attributes:
        index: the enrollment's position in the list given to :func:`plan`.
        prospect, owner: the enrollment's.
        step, channel, label, due: the touch's (``due`` in the prospect's zone).
        due_day: the first day it could be planned: its due date rolled
            forward to a business day, or the agenda's first day when overdue.
        day: the day it is planned on; None in the backlog.
        slipped: business days from ``due_day`` to ``day`` (for the
            backlog: to the business day after the agenda's last day).
        overdue: business days it was already late on the first day.
        new: True when it starts the enrollment (no step done or skipped yet).
        domain: the recipient's email domain, or None.
        enrollment: the enrollment itself (not compared, not shown), for
            priority functions that need more than these fields.
        automated: True for a step the host sends without a person
            (``Touchpoint.automated``): it counts against the channel's
            limit (the mailbox), never against the rep's ``manual_per_day``.
        at: the time planned inside the rep's prospecting block
            (``Capacity.sessions``) and, for a manual touch, inside the
            prospect's window, tz-aware in :func:`plan`'s ``tz``; None for a
            channel without a session, and in the backlog.
        rep_zone: the zone of the rep's days and sessions (:func:`plan`'s
            ``tz``); None when the agenda was planned in each prospect's zone.
            :attr:`rep_time` and :attr:`prospect_time` read the planned
            moment on each side's clock.
        mailbox: the mailbox an email is sent from (:func:`plan`'s
            ``mailboxes``); None for other channels and without mailboxes.
            With one, ``at`` is the send's paced time.

    Example:
        >>> import cadencekit as ck
        >>> from datetime import date
        >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1)])
        >>> e = ck.Enrollment.start(c, "ada@acme.com", "2026-11-20T09:00:00+00:00")
        >>> agenda = ck.plan([e], capacity=ck.Capacity(), calendar=ck.BusinessCalendar(),
        ...                  start=date(2026, 11, 23), days=1)
        >>> touch = agenda.touches[0]
        >>> touch.day, touch.overdue, touch.new, touch.domain
        (datetime.date(2026, 11, 23), 1, True, 'acme.com')
    """

    index: int
    prospect: str
    owner: str | None
    step: int
    channel: Channel
    label: str | None
    due: datetime
    due_day: date
    day: date | None
    slipped: int
    overdue: int
    new: bool
    domain: str | None
    enrollment: Enrollment | None = attrs.field(default=None, eq=False, repr=False)
    at: datetime | None = attrs.field(default=None, kw_only=True)
    automated: bool = attrs.field(kw_only=True)
    rep_zone: tzinfo | None = attrs.field(default=None, kw_only=True, eq=False, repr=False)
    mailbox: str | None = attrs.field(default=None, kw_only=True)

    @automated.default
    def _automated_default(self) -> bool:
        return self.channel is Channel.EMAIL  # as Touchpoint's default

    def _settle(self, day: date | None, slipped: int, at: datetime | None) -> PlannedTouch:
        """This touch on ``day`` (None: the backlog), set in place: :func:`plan` only.

        Only for a touch nobody but :func:`plan` has seen (the library's own
        priorities keep none they are shown), so a plan builds one value a
        touch: the candidate it planned becomes the touch it returns.
        """
        _set_day(self, day)
        _set_slipped(self, slipped)
        _set_at(self, at)
        return self

    @property
    def number(self) -> int | None:
        r"""The step's number as a person reads it (``Enrollment.step_number``); None without the enrollment.

        Example:
            >>> import cadencekit as ck
            >>> from datetime import date
            >>> c = ck.Cadence.from_text("Step 3 — Day 1: Call; voicemail if no answer", name="c")
            >>> e = ck.Enrollment.start(c, "ada", "2026-11-23T08:00:00+00:00")
            >>> agenda = ck.plan([e], capacity=ck.Capacity(), calendar=ck.BusinessCalendar(),
            ...                  start=date(2026, 11, 23), days=1)
            >>> [(t.step, t.number, t.channel.value) for t in agenda.touches]
            [(0, 3, 'call')]
        """
        return None if self.enrollment is None else self.enrollment.step_number(self.step)

    @property
    def prospect_time(self) -> datetime | None:
        """When the touch is planned, on the prospect's clock; None in the backlog.

        The slot :attr:`at` when a session placed it; else its due time when
        it is planned on the day it fell due; else (it slipped) the same
        wall-clock time on the day it is planned, on the clock the days
        were read in (the rep's, or the prospect's own). A person's list
        reads in this order: :meth:`Agenda.for_owner` sorts each day by it.

        Example:
            >>> import cadencekit as ck
            >>> from datetime import date
            >>> c = ck.Cadence("c", [ck.Touchpoint("call", 1)])
            >>> e = ck.Enrollment.start(c, "jo", "2026-11-23T08:00:00+01:00", tz="Europe/Berlin")
            >>> agenda = ck.plan([e], capacity=ck.Capacity(sessions={"call": "09:00-12:00"}),
            ...                  calendar="US", start=date(2026, 11, 23), days=1, tz="America/New_York")
            >>> touch = agenda.touches[0]
            >>> touch.rep_time.isoformat(), touch.prospect_time.isoformat()
            ('2026-11-23T09:00:00-05:00', '2026-11-23T15:00:00+01:00')
        """
        day = self.day
        if day is None:
            return None
        theirs = self.due.tzinfo
        if self.at is not None:
            return self.at.astimezone(theirs)
        clock = self.due if self.rep_zone is None else self.due.astimezone(self.rep_zone)
        if clock.date() == day:
            return self.due
        moved = datetime.combine(day, clock.time(), clock.tzinfo)
        return moved.astimezone(theirs)

    @property
    def rep_time(self) -> datetime | None:
        """When the touch is planned, on the rep's clock (``rep_zone``); None in the backlog.

        None too when the agenda was planned without a ``tz`` (each
        prospect's own zone): then :attr:`prospect_time` is the only clock.

        Example:
            >>> import cadencekit as ck
            >>> from datetime import date
            >>> c = ck.Cadence("c", [ck.Touchpoint("call", 1)])
            >>> e = ck.Enrollment.start(c, "jo", "2026-11-23T08:00:00+01:00", tz="Europe/Berlin")
            >>> agenda = ck.plan([e], capacity=ck.Capacity(), calendar="US",
            ...                  start=date(2026, 11, 23), days=1, tz="America/Chicago")
            >>> agenda.touches[0].rep_time.isoformat()  # 09:00 in Berlin
            '2026-11-23T02:00:00-06:00'
        """
        planned = self.prospect_time
        if planned is None or self.rep_zone is None:
            return None
        return planned.astimezone(self.rep_zone)

    def to_record(self) -> dict[str, object]:
        """A plain dict of the fields (the enrollment left out; channel as its value).

        Example:
            >>> import cadencekit as ck
            >>> from datetime import date
            >>> c = ck.Cadence("c", [ck.Touchpoint("call", 1)])
            >>> e = ck.Enrollment.start(c, "p1", "2026-11-23T08:00:00+00:00", owner="ann")
            >>> agenda = ck.plan([e], capacity=ck.Capacity(), calendar=ck.BusinessCalendar(),
            ...                  start=date(2026, 11, 23), days=1)
            >>> record = agenda.touches[0].to_record()
            >>> record["owner"], record["channel"], record["day"]
            ('ann', 'call', datetime.date(2026, 11, 23))
        """
        return {
            "owner": self.owner,
            "day": self.day,
            "index": self.index,
            "prospect": self.prospect,
            "cadence": None if self.enrollment is None else self.enrollment.cadence.name,
            "step": self.step,
            "number": self.number,
            "channel": self.channel.value,
            "label": self.label,
            "due": self.due,
            "due_day": self.due_day,
            "slipped": self.slipped,
            "overdue": self.overdue,
            "new": self.new,
            "domain": self.domain,
            "at": self.at,
            "mailbox": self.mailbox,
            "rep_time": self.rep_time,
            "prospect_time": self.prospect_time,
        }

    def __str__(self) -> str:
        text = (
            f"{self.channel.label} {self.prospect} {_step_said(self)}, due {moment_text(self.due)}"
        )
        mine, theirs = self.rep_time, self.prospect_time
        if mine is not None and theirs is not None:  # both clocks: no call at 2 a.m. unseen
            text += f", at {time_text(mine.time())} {mine.tzname() or ''}".rstrip()
            if (mine.tzname(), mine.utcoffset()) != (theirs.tzname(), theirs.utcoffset()):
                text += f" ({time_text(theirs.time())} {theirs.tzname() or ''}".rstrip()
                text += " for the prospect)"
        notes = []
        if self.new:
            notes.append("new")
        if self.overdue:
            notes.append(f"overdue {self.overdue} business day{'s' if self.overdue != 1 else ''}")
        if self.slipped:
            notes.append(f"slipped {self.slipped} business day{'s' if self.slipped != 1 else ''}")
        return text + (f" ({', '.join(notes)})" if notes else "")


_set_day = PlannedTouch.__dict__["day"].__set__
_set_slipped = PlannedTouch.__dict__["slipped"].__set__
_set_at = PlannedTouch.__dict__["at"].__set__


@attrs.frozen
class Slip:
    """One touch moved on, day after day, by one cap: from ``from_day`` to ``to_day``.

    ``days`` counts the business days it moved (each day the cap held it
    back); a touch held three days running by the call limit has one slip
    of 3 days, and one held by the call limit, then by its domain's, has
    two. ``item`` is the touch as finally planned (or in the backlog);
    ``limit`` is the cap's value and ``detail`` the channel or the domain
    it applied to (None otherwise). When the day itself held it back (see
    :func:`plan`, "whose hours"), ``limit`` is 0 and ``detail`` says why:
    both sides' hours (:attr:`Cap.HOURS`), the holiday's name
    (:attr:`Cap.PROSPECT_DAY`, :attr:`Cap.REP_DAY`; None for a weekend or
    a day the weekmask closes) or ``now`` (:attr:`Cap.NOW`).

    Example:
        >>> import cadencekit as ck
        >>> from datetime import date
        >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1)])
        >>> es = [ck.Enrollment.start(c, f"{n}@acme.com", "2026-11-23T08:00:00+00:00") for n in "ab"]
        >>> agenda = ck.plan(es, capacity=ck.Capacity(per_domain=1), calendar=ck.BusinessCalendar(),
        ...                  start=date(2026, 11, 23), days=2)
        >>> slip = agenda.slips[0]
        >>> slip.cap, slip.detail, slip.to_day
        (<Cap.DOMAIN: 'domain'>, 'acme.com', datetime.date(2026, 11, 24))
        >>> slip.reason
        'the limit of 1 touch a day to acme.com was reached'
    """

    item: PlannedTouch
    from_day: date
    to_day: date
    cap: Cap
    limit: int
    detail: str | None = None
    days: int = 1

    @classmethod
    def _trusted(
        cls,
        item: PlannedTouch,
        from_day: date,
        to_day: date,
        cap: Cap,
        limit: int,
        detail: str | None,
        days: int,
    ) -> Slip:
        """A slip from values :func:`plan` already knows are right (no checks; a plan makes many)."""
        slip: Slip = _new(cls)
        _slip_item(slip, item)
        _slip_from(slip, from_day)
        _slip_to(slip, to_day)
        _slip_cap(slip, cap)
        _slip_limit(slip, limit)
        _slip_detail(slip, detail)
        _slip_days(slip, days)
        return slip

    @property
    def reason(self) -> str:
        """Which limit was reached, in words."""
        limit = self.limit
        if self.cap is Cap.CHANNEL:
            assert self.detail is not None
            noun = _plural(_noun(Channel(self.detail)), limit)
            return f"the limit of {limit} {noun} a day was reached"
        if self.cap is Cap.MANUAL:
            return f"the rep's day of {limit} manual {_plural('touch', limit)} was full"
        if self.cap is Cap.DOMAIN:
            return (
                f"the limit of {limit} {_plural('touch', limit)} a day to {self.detail} was reached"
            )
        if self.cap is Cap.PROSPECT:
            return (
                f"the limit of {limit} {_plural('touch', limit)} a day to one prospect was reached"
            )
        if self.cap is Cap.PROSPECT_WEEK:
            return (
                f"the limit of {limit} {_plural('touch', limit)} a week to one prospect was reached"
            )
        if self.cap is Cap.SESSION:
            assert self.detail is not None
            if not limit:
                return f"the {self.detail} prospecting blocks were full"
            return (
                f"the {self.detail} prospecting blocks were full in its hours "
                f"({limit} {_plural('slot', limit)} free at other times)"
            )
        if self.cap is Cap.HOURS:
            return f"no common hours: {self.detail}"
        if self.cap is Cap.PROSPECT_DAY:
            return (
                "the prospect's weekend"
                if self.detail is None
                else f"the prospect's holiday {self.detail}"
            )
        if self.cap is Cap.REP_DAY:
            return "the rep's day off" + ("" if self.detail is None else f" ({self.detail})")
        if self.cap is Cap.NOW:
            return f"its hours that day had passed by now ({self.detail})"
        if self.cap is Cap.MAILBOX_DAY:
            return f"the limit of {limit} {_plural('send', limit)} a day from {self.detail} was reached"
        if self.cap is Cap.RAMP:
            return f"the warm-up of {self.detail} allowed {limit} {_plural('send', limit)} that day"
        if self.cap is Cap.MAILBOX_WINDOW:
            return f"the limit of {limit} {_plural('send', limit)} from {self.detail} was reached"
        if self.cap is Cap.GAP:
            return (
                f"no time left in its hours with {limit} {_plural('minute', limit)} "
                f"between sends from {self.detail}"
            )
        if self.cap is Cap.SUPPRESSED:
            return str(self.detail)
        return f"the limit of {limit} new {_plural('enrollment', limit)} a day was reached"

    def to_record(self) -> dict[str, object]:
        """A plain dict: the touch's index, prospect, owner, step, channel, the days and the cap.

        Example:
            >>> import cadencekit as ck
            >>> from datetime import date
            >>> c = ck.Cadence("c", [ck.Touchpoint("call", 1)])
            >>> es = [ck.Enrollment.start(c, p, "2026-11-23T08:00:00+00:00") for p in ("p1", "p2")]
            >>> agenda = ck.plan(es, capacity=ck.Capacity({"call": 1}), calendar=ck.BusinessCalendar(),
            ...                  start=date(2026, 11, 23), days=1)
            >>> agenda.slips[0].to_record()["cap"], agenda.slips[0].to_record()["to_day"]
            ('channel', datetime.date(2026, 11, 24))
        """
        item = self.item
        return {
            "index": item.index,
            "prospect": item.prospect,
            "owner": item.owner,
            "step": item.step,
            "channel": item.channel.value,
            "from_day": self.from_day,
            "to_day": self.to_day,
            "cap": self.cap.value,
            "limit": self.limit,
            "detail": self.detail,
            "days": self.days,
        }

    def __str__(self) -> str:
        item = self.item
        days = f" ({self.days} business days)" if self.days != 1 else ""
        return (
            f"{item.prospect} {_step_said(item)} ({item.channel.value}): "
            f"{date_text(self.from_day)} -> {date_text(self.to_day)}, {self.reason}{days}"
        )


_new = object.__new__  # Slip._trusted: the one way around the checks, owned by the class
_slip_item = Slip.__dict__["item"].__set__
_slip_from = Slip.__dict__["from_day"].__set__
_slip_to = Slip.__dict__["to_day"].__set__
_slip_cap = Slip.__dict__["cap"].__set__
_slip_limit = Slip.__dict__["limit"].__set__
_slip_detail = Slip.__dict__["detail"].__set__
_slip_days = Slip.__dict__["days"].__set__


def _why_waiting(slip: Slip | None) -> str:
    """What held a touch in the backlog on the last day: its last slip's reason."""
    return "waiting" if slip is None else slip.reason


def _step_said(item: PlannedTouch) -> str:
    """``step 3``, by the step's number; ``step index 2`` for a touch without its enrollment."""
    number = item.number
    return f"step index {item.step}" if number is None else step_text(number)


def _clock_order(touch: PlannedTouch) -> datetime:
    """A planned touch's instant (UTC), for the order a person works through a day."""
    moment = touch.prospect_time
    assert moment is not None  # planned touches only
    return moment.astimezone(UTC)


def _noun(channel: Channel) -> str:
    """A channel's label mid-sentence: ``call``, ``sms``, ``LinkedIn connect``, ``WhatsApp``.

    Names written with capitals inside (LinkedIn, InMail, WhatsApp) keep them.
    """
    return " ".join(
        word if word[1:] != word[1:].lower() and not word.isupper() else word.lower()
        for word in channel.label.split()
    )


def _plural(noun: str, count: int) -> str:
    if count == 1:
        return noun
    return noun + ("es" if noun.endswith(("ch", "sh", "s", "x")) else "s")


def _owner_text(owner: str | None) -> str:
    return "unassigned" if owner is None else owner


@attrs.frozen
class Agenda:
    """Each owner's touches, day by day, with the slips and what is left.

    Build one with :func:`plan`.

    Attributes:
        days: the business days planned, in order.
        owners: every owner of the enrollments given (None: unassigned), in
            order of first appearance.
        touches: every planned touch, by owner (in ``owners`` order), then
            day, then the order they were planned in (the priority order).
        slips: every slip, in the order they happened (by owner, then day).
        backlog: the touches still waiting after the last day, in priority
            order; each has a last slip to the day after the agenda.
        capacity: the limits planned under.
        owner_capacity: the owners planned under limits of their own, as
            ``(owner, Capacity)`` pairs (empty when every owner shares
            ``capacity``).
        owner_days: the owners planned on calendars of their own, as
            ``(owner, days)`` pairs; :meth:`days_of` reads them.
        suppressed: the touches :func:`plan`'s ``suppress`` kept off the
            agenda, each as a :class:`Slip` of :attr:`Cap.SUPPRESSED` from
            its due day to the day after the agenda, whose ``reason`` names
            the entry (never a silent drop). They are neither planned nor in
            the backlog.

    ``load`` counts touches per owner, day and channel; :meth:`for_owner`
    gives one owner's days; :meth:`to_records` gives plain dicts for
    ``pandas.DataFrame``; ``print(agenda)`` reads like a day planner.

    Example:
        >>> import cadencekit as ck
        >>> from datetime import date
        >>> c = ck.Cadence("c", [ck.Touchpoint("call", 1)])
        >>> es = [ck.Enrollment.start(c, p, "2026-11-23T08:00:00+00:00", owner="ann") for p in ("p1", "p2")]
        >>> agenda = ck.plan(es, capacity=ck.Capacity({"call": 1}), calendar=ck.BusinessCalendar(),
        ...                  start=date(2026, 11, 23), days=1)
        >>> print(agenda)
        Agenda: 1 business day from Mon 23 Nov 2026 — 1 planned, 1 slip, 1 in the backlog
        ann
          Mon 23 Nov 2026: 1 call
            Call p1 step 1, due Mon 23 Nov 2026 09:00 UTC (new)
        slips
          p2 step 1 (call): Mon 23 Nov 2026 -> Tue 24 Nov 2026, the limit of 1 call a day was reached
        backlog
          ann: Call p2 step 1, due Mon 23 Nov 2026 09:00 UTC (new, slipped 1 business day): the limit of 1 call a day was reached
    """

    days: tuple[date, ...]
    owners: tuple[str | None, ...]
    touches: tuple[PlannedTouch, ...]
    slips: tuple[Slip, ...]
    backlog: tuple[PlannedTouch, ...]
    capacity: Capacity
    owner_capacity: tuple[tuple[str | None, Capacity], ...] = ()
    owner_days: tuple[tuple[str | None, tuple[date, ...]], ...] = ()
    suppressed: tuple[Slip, ...] = attrs.field(default=(), kw_only=True)
    mailboxes: tuple[tuple[str | None, Mailbox], ...] = attrs.field(default=(), kw_only=True)

    def days_of(self, owner: str | None) -> tuple[date, ...]:
        """The business days planned for ``owner``: their own calendar's, else ``days``.

        Example:
            >>> import cadencekit as ck
            >>> from datetime import date
            >>> c = ck.Cadence("c", [ck.Touchpoint("call", 1)])
            >>> es = [ck.Enrollment.start(c, "p1", "2026-12-23T08:00:00+00:00", owner="jan")]
            >>> agenda = ck.plan(es, capacity=ck.Capacity(), calendar=ck.BusinessCalendar(),
            ...                  start=date(2026, 12, 24), days=2,
            ...                  owner_calendar={"jan": ck.BusinessCalendar(country="DE")})
            >>> [d.isoformat() for d in agenda.days_of("jan")], [d.isoformat() for d in agenda.days]
            (['2026-12-24', '2026-12-28'], ['2026-12-24', '2026-12-25'])
        """
        for named, days in self.owner_days:
            if named == owner:
                return days
        return self.days

    def for_owner(
        self,
        owner: str | None,
        *,
        channels: Channel | str | Iterable[Channel | str] | None = None,
    ) -> dict[date, tuple[PlannedTouch, ...]]:
        """One owner's agenda: every day planned, with its touches in time order.

        Args:
            owner: whose agenda (None: the unassigned).
            channels: only touches on these channels (``"call"``, or
                ``["call", "linkedin"]``); None: every channel.

        Each day's touches come in the order of the clock
        (:attr:`PlannedTouch.prospect_time`, an instant: a 09:00 call in
        Berlin before a 09:00 call in New York), as a person works through
        them, not in the priority order they were planned in (ties keep
        that order). Each touch says when on both clocks:
        :attr:`~PlannedTouch.rep_time` (the rep's, when the agenda was
        planned with a ``tz``) and :attr:`~PlannedTouch.prospect_time`.

        Example:
            >>> import cadencekit as ck
            >>> from datetime import date
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 1)])
            >>> es = [ck.Enrollment.start(c, p, "2026-11-23T08:00:00", tz=zone, owner="ann")
            ...       for p, zone in [("ada", "America/New_York"), ("jo", "Europe/Berlin")]]
            >>> agenda = ck.plan(es, capacity=ck.Capacity(), calendar="US",
            ...                  start=date(2026, 11, 23), days=2, tz="America/Chicago", forecast=True)
            >>> for day, touches in agenda.for_owner("ann", channels="call").items():
            ...     for t in touches:
            ...         print(day, t.prospect, t.rep_time.time(), t.prospect_time.time())
            2026-11-23 jo 02:30:00 09:30:00
            2026-11-23 ada 08:30:00 09:30:00
        """
        if owner not in self.owners:
            known = ", ".join(repr(name) for name in self.owners) or "none"
            raise InvalidFieldError(
                "owner", owner, f"not an owner in this agenda (owners: {known})"
            )
        wanted = to_members(Channel, channels, "channels")
        days: dict[date, list[PlannedTouch]] = {d: [] for d in self.days_of(owner)}
        for touch in self.touches:
            if touch.owner == owner and (wanted is None or touch.channel in wanted):
                assert touch.day is not None
                days[touch.day].append(touch)
        return {d: tuple(sorted(touches, key=_clock_order)) for d, touches in days.items()}

    def _by_the_clock(self) -> list[PlannedTouch]:
        """Every planned touch as a person reads them: by owner, day, then the clock."""
        return [
            touch
            for owner in self.owners
            for touches in self.for_owner(owner).values()
            for touch in touches
        ]

    @property
    def load(self) -> dict[str | None, dict[date, dict[Channel, int]]]:
        """Touches planned per owner, per day, per channel (channels with none left out).

        Example:
            >>> import cadencekit as ck
            >>> from datetime import date
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 1)])
            >>> e = ck.Enrollment.start(c, "p1", "2026-11-23T08:00:00+00:00", owner="ann")
            >>> ck.plan([e], capacity=ck.Capacity(), calendar=ck.BusinessCalendar(),
            ...         start=date(2026, 11, 23), days=1).load
            {'ann': {datetime.date(2026, 11, 23): {<Channel.EMAIL: 'email'>: 1}}}
        """
        load: dict[str | None, dict[date, dict[Channel, int]]] = {
            owner: {d: {} for d in self.days_of(owner)} for owner in self.owners
        }
        for touch in self.touches:
            assert touch.day is not None
            counts = load[touch.owner][touch.day]
            counts[touch.channel] = counts.get(touch.channel, 0) + 1
        for days in load.values():
            for d, counts in days.items():
                days[d] = dict(sorted(counts.items(), key=lambda item: item[0].order))
        return load

    def mailbox_load(self, *, per: str = "day") -> list[dict[str, object]]:
        """Sends per mailbox per day (or hour) against its limits: a ramp seen before it breaks.

        Plan with ``forecast=True`` to see every send still to come over
        the horizon, not only each enrollment's next one.

        Args:
            per: ``"day"``: one record per mailbox and business day of its
                owner, with ``mailbox``, ``owner``, ``day``, ``sends``
                (planned that day), ``limit`` (the day's limit, the warm-up
                included: :meth:`Mailbox.daily_limit
                <cadencekit.Mailbox.daily_limit>`; None: none) and ``held``
                (sends due by that day that a limit held back to a later
                day, or into the backlog: the demand the mailbox could not
                meet). ``"hour"``: one record per mailbox and clock hour
                with a send, with ``hour`` (its start, on the rep's clock,
                or UTC when the agenda has no ``tz``), ``sends`` and
                ``limit`` (``per_hour``; a clock hour is one of the rolling
                hours it bounds, so ``sends`` never exceeds it).

        Example:
            >>> import cadencekit as ck
            >>> from datetime import date
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1)])
            >>> es = [ck.Enrollment.start(c, f"p{i}@acme.com", "2026-11-23T08:00:00+00:00",
            ...                           owner="ann") for i in range(5)]
            >>> box = ck.Mailbox("ann@seller.io", ramp=ck.Ramp(start=2, increase=1, cap=9,
            ...                                                since="2026-11-23"))
            >>> agenda = ck.plan(es, capacity=ck.Capacity(), calendar=ck.BusinessCalendar(),
            ...                  start=date(2026, 11, 23), days=2, mailboxes={"ann": box})
            >>> [(r["day"].day, r["sends"], r["limit"], r["held"]) for r in agenda.mailbox_load()]
            [(23, 2, 2, 3), (24, 3, 3, 0)]
        """
        if per not in ("day", "hour"):
            raise InvalidFieldError("per", per, "expected 'day' or 'hour'")
        sent: dict[tuple[str, object], int] = {}
        for touch in self.touches:
            if touch.mailbox is None or touch.at is None:
                continue
            if per == "day":
                key: object = touch.day
            else:
                clock = touch.at.astimezone(touch.rep_zone or UTC)
                key = clock.replace(minute=0, second=0, microsecond=0)
            sent[touch.mailbox, key] = sent.get((touch.mailbox, key), 0) + 1
        rows: list[dict[str, object]] = []
        if per == "hour":
            for owner, box in self.mailboxes:
                hours = sorted(hour for name, hour in sent if name == box.name)  # type: ignore[type-var]
                rows.extend(
                    {
                        "mailbox": box.name,
                        "owner": owner,
                        "hour": hour,
                        "sends": sent[box.name, hour],
                        "limit": box.per_hour,
                    }
                    for hour in hours
                )
            return rows
        held: dict[tuple[str, date], int] = {}
        for slip in self.slips:
            name = slip.item.mailbox
            if name is None:
                continue
            days = self.days_of(slip.item.owner)
            first = bisect.bisect_left(days, slip.from_day)
            for day in days[first : bisect.bisect_left(days, slip.to_day, first)]:
                held[name, day] = held.get((name, day), 0) + 1
        for owner, box in self.mailboxes:
            rows.extend(
                {
                    "mailbox": box.name,
                    "owner": owner,
                    "day": day,
                    "sends": sent.get((box.name, day), 0),
                    "limit": box.daily_limit(day),
                    "held": held.get((box.name, day), 0),
                }
                for day in self.days_of(owner)
            )
        return rows

    def plot_mailbox_load(self, ax: Axes | None = None, *, per: str = "day") -> Axes:
        """Draw :meth:`mailbox_load`: each mailbox's sends against its limit, and what waited.

        Needs matplotlib, the ``plot`` extra (``pip install "cadencekit[plot]"``).

        Args:
            ax: the Axes to draw on; None makes a new figure (with pyplot).
            per: ``"day"`` or ``"hour"``, as :meth:`mailbox_load`.

        Each mailbox has a colour: its sends a solid line, its limit (the
        warm-up's steps, or ``per_hour``) a dashed one, and by day the
        demand it could not meet (sends plus ``held``) as crosses above
        the sends: a ramp about to break shows the crosses pulling away.

        Example:
            >>> import cadencekit as ck
            >>> from datetime import date
            >>> from matplotlib.figure import Figure
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1)])
            >>> es = [ck.Enrollment.start(c, f"p{i}@acme.com", "2026-11-23T08:00:00+00:00",
            ...                           owner="ann") for i in range(5)]
            >>> box = ck.Mailbox("ann@seller.io", per_day=2)
            >>> agenda = ck.plan(es, capacity=ck.Capacity(), calendar=ck.BusinessCalendar(),
            ...                  start=date(2026, 11, 23), days=3, mailboxes={"ann": box})
            >>> ax = agenda.plot_mailbox_load(Figure().add_subplot())
            >>> [line.get_label() for line in ax.get_lines()]
            ['ann@seller.io sends', 'ann@seller.io limit', 'ann@seller.io wanted']
        """
        rows = self.mailbox_load(per=per)
        try:
            from ._plot import mailbox_load_chart
        except ModuleNotFoundError as error:
            if not (error.name or "").startswith("matplotlib"):
                raise
            raise ModuleNotFoundError(
                "Agenda.plot_mailbox_load needs matplotlib: pip install 'cadencekit[plot]'",
                name=error.name,
            ) from None
        from matplotlib.axes import Axes as _Axes

        if ax is None:
            from matplotlib import pyplot

            ax = pyplot.figure(figsize=(10, 4), layout="constrained").add_subplot()
        elif not isinstance(ax, _Axes):
            raise InvalidFieldError("ax", ax, "expected a matplotlib Axes or None")
        return mailbox_load_chart(rows, ax, per)

    def to_records(
        self,
        *,
        channels: Channel | str | Iterable[Channel | str] | None = None,
        facts: bool = False,
    ) -> list[dict[str, object]]:
        """One plain dict per touch planned, then per touch in the backlog (``day`` None).

        See :meth:`PlannedTouch.to_record`; ``status`` is ``"planned"`` or
        ``"backlog"``, then ``"suppressed"`` for each touch in
        :attr:`suppressed` (with its ``reason``; the others have no
        ``reason`` key). Slips have their own: ``[s.to_record() for s in agenda.slips]``.

        Args:
            channels: only touches on these channels (``"call"``: a call
                list); None: every channel.
            facts: add each prospect's :attr:`~cadencekit.Enrollment.facts`
                (name, company, phone...) after the touch's fields; a fact
                named like a field (``step``, ``owner``) never replaces it.

        Example:
            >>> import cadencekit as ck
            >>> from datetime import date
            >>> c = ck.Cadence("c", [ck.Touchpoint("call", 1)])
            >>> es = [ck.Enrollment.start(c, p, "2026-11-23T08:00:00+00:00") for p in ("p1", "p2")]
            >>> agenda = ck.plan(es, capacity=ck.Capacity({"call": 1}), calendar=ck.BusinessCalendar(),
            ...                  start=date(2026, 11, 23), days=1)
            >>> [(r["prospect"], r["status"]) for r in agenda.to_records()]
            [('p1', 'planned'), ('p2', 'backlog')]
            >>> agenda.to_records(channels="email")
            []
        """
        if type(facts) is not bool:
            raise InvalidFieldError("facts", facts, "expected True or False")
        wanted = to_members(Channel, channels, "channels")
        records = []
        for status, touches in (("planned", self.touches), ("backlog", self.backlog)):
            for touch in touches:
                if wanted is not None and touch.channel not in wanted:
                    continue
                record = touch.to_record()
                record["status"] = status
                if facts and touch.enrollment is not None:
                    record |= {k: v for k, v in touch.enrollment.facts.items() if k not in record}
                records.append(record)
        for slip in self.suppressed:
            item = slip.item
            if wanted is not None and item.channel not in wanted:
                continue
            record = item.to_record()
            record["status"] = "suppressed"
            record["reason"] = slip.reason
            if facts and item.enrollment is not None:
                record |= {k: v for k, v in item.enrollment.facts.items() if k not in record}
            records.append(record)
        return records

    def __str__(self) -> str:
        """A day planner while it is short; past 2,000 characters, a per-day summary.

        The planner lists each owner's days, the touches of each day, the
        slips and the backlog. An agenda too large for that prints one row a
        day (touches by channel across owners, and how many slipped in; at
        most 20 days, then "… N more days"), the first slips and a count of
        the rest; each touch is in :meth:`for_owner` and :meth:`to_records`.
        """
        planner = self._planner()
        if len(planner) <= REPR_LIMIT:
            return planner
        return self._per_day()

    def _planner(self) -> str:
        lines = [f"Agenda: {self._summary()}"]
        load = self.load
        for owner in self.owners:
            lines.append(_owner_text(owner))
            for d, touches in self.for_owner(owner).items():
                counts = load[owner][d]
                summary = ", ".join(
                    f"{n} {_plural(_noun(channel), n)}" for channel, n in counts.items()
                )
                lines.append(f"  {date_text(d)}: {summary or 'nothing planned'}")
                lines.extend(f"    {touch}" for touch in touches)
        if self.slips:
            lines.append("slips")
            lines.extend(f"  {slip}" for slip in self.slips)
        if self.suppressed:
            lines.append("suppressed")
            lines.extend(
                f"  {_owner_text(slip.item.owner)}: {slip.item}: {slip.reason}"
                for slip in self.suppressed
            )
        if self.backlog:
            lines.append("backlog")
            last = self._last_slips()
            lines.extend(
                f"  {_owner_text(t.owner)}: {t}: {_why_waiting(last.get((t.index, t.step)))}"
                for t in self.backlog
            )
        return "\n".join(lines)

    def _per_day(self) -> str:
        days = sorted({d for owner in self.owners for d in self.days_of(owner)} or self.days)
        counts: dict[date, dict[Channel, int]] = {d: {} for d in days}
        late: dict[date, int] = dict.fromkeys(days, 0)
        for touch in self.touches:
            assert touch.day is not None
            day = counts.setdefault(touch.day, {})
            day[touch.channel] = day.get(touch.channel, 0) + 1
            if touch.slipped:
                late[touch.day] = late.get(touch.day, 0) + 1
        channels = sorted(
            {channel for day in counts.values() for channel in day},
            key=lambda channel: channel.order,
        )
        heads = ["day", *(channel.value for channel in channels), "slipped in"]
        rows = [
            [date_text(d), *(str(counts[d].get(channel, 0)) for channel in channels), str(late[d])]
            for d in sorted(counts)
        ]
        widths = [max(len(row[i]) for row in [heads, *rows]) for i in range(len(heads))]
        table = [
            "  ".join(
                cell.ljust(width) if i == 0 else cell.rjust(width)
                for i, (cell, width) in enumerate(zip(row, widths, strict=True))
            )
            for row in [heads, *rows]
        ]
        owners = [_owner_text(owner) for owner in self.owners]
        named = ", ".join(owners[:5]) + (f", … {len(owners) - 5} more" if len(owners) > 5 else "")
        lines = [
            f"Agenda: {self._summary()}; owners: {named or 'none'}",
            *table[:1],
            *shown_lines(table[1:], "days"),
        ]
        if self.slips:
            lines.append("slips")
            lines.extend(shown_lines([f"  {cut(str(slip))}" for slip in self.slips], "slips", 5))
        return capped("\n".join(lines))

    def _summary(self) -> str:
        count = len(self.days)
        first = f" from {date_text(self.days[0])}" if self.days else ""
        return (
            f"{count} business day{'s' if count != 1 else ''}{first} — "
            f"{len(self.touches):,} planned, "
            f"{len(self.slips):,} slip{'s' if len(self.slips) != 1 else ''}, "
            f"{len(self.backlog):,} in the backlog"
            + (f", {len(self.suppressed):,} suppressed" if self.suppressed else "")
        )

    def __repr__(self) -> str:
        """One line: the days, owners and counts (``print`` shows the per-day summary).

        Example:
            >>> import cadencekit as ck
            >>> from datetime import date
            >>> c = ck.Cadence("c", [ck.Touchpoint("call", 1)])
            >>> es = [ck.Enrollment.start(c, p, "2026-11-23T08:00:00+00:00") for p in ("p1", "p2")]
            >>> ck.plan(es, capacity=ck.Capacity({"call": 1}), calendar=ck.BusinessCalendar(),
            ...         start=date(2026, 11, 23), days=1)
            Agenda(1 business day from Mon 23 Nov 2026 — 1 planned, 1 slip, 1 in the backlog; 1 owner)
        """
        owners = len(self.owners)
        return capped(f"Agenda({self._summary()}; {owners} owner{'s' if owners != 1 else ''})")

    def _last_slips(self) -> dict[tuple[int, int], Slip]:
        """Each touch's last slip, by its index and step."""
        return {(slip.item.index, slip.item.step): slip for slip in self.slips}

    def explain(self, touch: PlannedTouch | str) -> str:
        """Where a touch is in this agenda and why: its day and time, or why it was not placed.

        Args:
            touch: a touch of this agenda (from ``touches`` or ``backlog``),
                or a prospect id: every touch of that prospect, one a line.

        Each day a touch was held back is named with its reason, as in
        :attr:`slips`; a touch in the backlog says what held it on the
        agenda's last day: the limit reached, or why the rep's and the
        prospect's hours did not meet (no common hours, a holiday, a
        weekend, the rep's day off, hours already past by ``now``).

        Example:
            >>> import cadencekit as ck
            >>> from datetime import date
            >>> c = ck.Cadence("c", [ck.Touchpoint("call", 1)])
            >>> es = [ck.Enrollment.start(c, p, "2026-11-23T08:00:00+00:00", owner="ann")
            ...       for p in ("p1", "p2")]
            >>> agenda = ck.plan(es, capacity=ck.Capacity({"call": 1}), calendar=ck.BusinessCalendar(),
            ...                  start=date(2026, 11, 23), days=1)
            >>> print(agenda.explain("p1"))
            Call p1 step 1, due Mon 23 Nov 2026 09:00 UTC: planned Mon 23 Nov 2026, its due day
            >>> print(agenda.explain(agenda.backlog[0]))
            Call p2 step 1, due Mon 23 Nov 2026 09:00 UTC: not placed by Mon 23 Nov 2026, the last day planned; Mon 23 Nov 2026 -> Tue 24 Nov 2026, the limit of 1 call a day was reached
        """
        if isinstance(touch, str):
            mine = [t for t in (*self.touches, *self.backlog) if t.prospect == touch]
            hidden = [
                f"{s.item.channel.label} {s.item.prospect} {_step_said(s.item)}, "
                f"due {moment_text(s.item.due)}: not planned, {s.reason}"
                for s in self.suppressed
                if s.item.prospect == touch
            ]
            if not mine and not hidden:
                raise InvalidFieldError(
                    "touch", touch, "not a prospect with a touch in this agenda"
                )
            return "\n".join([*(self.explain(t) for t in mine), *hidden])
        if not isinstance(touch, PlannedTouch) or (
            touch not in self.touches and touch not in self.backlog
        ):
            raise InvalidFieldError(
                "touch",
                touch,
                "expected a touch of this agenda (from touches or backlog) or a prospect id",
            )
        slips = [
            slip
            for slip in self.slips
            if (slip.item.index, slip.item.step) == (touch.index, touch.step)
        ]
        head = f"{touch.channel.label} {touch.prospect} {_step_said(touch)}, due {moment_text(touch.due)}"
        if touch.day is None:
            last = self.days_of(touch.owner)[-1]
            text = f"{head}: not placed by {date_text(last)}, the last day planned"
        else:
            at = "" if touch.at is None else f" at {touch.at.strftime('%H:%M %Z')}"
            text = f"{head}: planned {date_text(touch.day)}{at}"
            if not slips and touch.overdue:
                text += f", {touch.overdue} business {_plural('day', touch.overdue)} overdue"
            elif not slips:
                text += ", its due day"
        for slip in slips:
            days = f" ({slip.days} business days)" if slip.days != 1 else ""
            text += f"; {date_text(slip.from_day)} -> {date_text(slip.to_day)}, {slip.reason}{days}"
        return text

    def _repr_html_(self) -> str:
        """An HTML table per owner and day, for notebooks."""
        rows = [
            (
                _owner_text(touch.owner),
                date_text(touch.day) if touch.day else "backlog",
                touch.channel.label,
                touch.prospect,
                _step_said(touch).removeprefix("step "),
                moment_text(touch.due),
                str(touch.slipped),
                "yes" if touch.new else "",
            )
            for touch in (*self._by_the_clock(), *self.backlog)
        ]
        caption = (
            f"Agenda from {date_text(self.days[0])}, {len(self.days)} business days: "
            f"{len(self.touches)} planned, {len(self.slips)} slips, {len(self.backlog)} in the backlog"
        )
        heads = ("Owner", "Day", "Channel", "Prospect", "Step", "Due", "Slipped", "New")
        return html_table(caption, heads, rows)


# --- priorities ---------------------------------------------------------------------


def in_flight_first(item: PlannedTouch) -> tuple[bool, datetime]:
    """The default priority: prospects already in flight first, then due order.

    Touches of enrollments with a step already done come before first
    touches, so a flood of new enrollments never starves prospects halfway
    through their cadence; within each group the earliest due goes first
    (ties: the order of the enrollments given).

    Example:
        >>> import cadencekit as ck
        >>> from datetime import date
        >>> c = ck.Cadence("c", [ck.Touchpoint("call", 1), ck.Touchpoint("call", 2)])
        >>> fresh = ck.Enrollment.start(c, "fresh", "2026-11-20T08:00:00+00:00")
        >>> going = ck.Enrollment.start(c, "going", "2026-11-19T08:00:00+00:00")
        >>> going = going.apply(ck.Event.touch("2026-11-19T10:00:00+00:00", 0))
        >>> agenda = ck.plan([fresh, going], capacity=ck.Capacity({"call": 1}),
        ...                  calendar=ck.BusinessCalendar(), start=date(2026, 11, 23), days=1)
        >>> [t.prospect for t in agenda.touches]  # 'fresh' was due first, but waits
        ['going']
    """
    return (item.new, item.due.astimezone(UTC))


def due_first(item: PlannedTouch) -> datetime:
    """Plain due order, earliest first, new or not (ties: the order given).

    Example:
        >>> import cadencekit as ck
        >>> from datetime import date
        >>> c = ck.Cadence("c", [ck.Touchpoint("call", 1), ck.Touchpoint("call", 2)])
        >>> fresh = ck.Enrollment.start(c, "fresh", "2026-11-20T08:00:00+00:00")
        >>> going = ck.Enrollment.start(c, "going", "2026-11-19T08:00:00+00:00")
        >>> going = going.apply(ck.Event.touch("2026-11-19T10:00:00+00:00", 0))
        >>> agenda = ck.plan([fresh, going], capacity=ck.Capacity({"call": 1}),
        ...                  calendar=ck.BusinessCalendar(), start=date(2026, 11, 23), days=1,
        ...                  priority=ck.due_first)
        >>> [t.prospect for t in agenda.touches]
        ['fresh']
    """
    return item.due.astimezone(UTC)


# --- planning -----------------------------------------------------------------------


_Refusal = tuple[Cap, int, str | None]


class _Limits:
    """A capacity read once, with the refusal of each cap built once (slips share them)."""

    __slots__ = (
        "channels",
        "domain",
        "domains",
        "manual",
        "new",
        "people",
        "prospect",
        "prospect_week",
        "sessions",
        "slot",
    )

    def __init__(self, capacity: Capacity) -> None:
        self.channels: dict[Channel, tuple[int, _Refusal]] = {
            channel: (limit, (Cap.CHANNEL, limit, channel.value))
            for channel, limit in capacity.per_channel
        }
        manual, domain, new = capacity.manual_per_day, capacity.per_domain, capacity.new_per_day
        self.manual = None if manual is None else (manual, (Cap.MANUAL, manual, None))
        self.new = None if new is None else (new, (Cap.NEW, new, None))
        self.domain = domain
        self.domains: dict[str, _Refusal] = {}
        each, week = capacity.per_prospect, capacity.per_prospect_week
        self.prospect = None if each is None else (each, (Cap.PROSPECT, each, None))
        self.prospect_week = None if week is None else (week, (Cap.PROSPECT_WEEK, week, None))
        # whether touches are counted per prospect: only these limits read the counts
        # (a touch held back day after day is checked again each day: no key worked out for nothing)
        self.people = each is not None or week is not None
        self.sessions = dict(capacity.sessions)
        self.slot = capacity.slot

    def domain_refusal(self, domain: str) -> _Refusal:
        refusal = self.domains.get(domain)
        if refusal is None:
            assert self.domain is not None
            refusal = self.domains[domain] = (Cap.DOMAIN, self.domain, domain)
        return refusal


class _Side:
    """The prospect's side of a touch: their zone, window and calendar, and the rep's days off.

    Interned per plan (the touches of one zone, window and calendar share one),
    so each day works out where the hours meet once per side, not once per touch.
    ``today`` is ``now``'s date where the touch's day is read (None without ``now``).
    """

    __slots__ = ("calendar", "rep_calendar", "today", "window", "zone", "zone_name")

    def __init__(
        self,
        zone: tzinfo,
        window: Window,
        calendar: BusinessCalendar,
        rep_calendar: BusinessCalendar | None,
        today: date | None,
    ) -> None:
        self.zone = zone
        self.zone_name = _zone_name(zone)
        self.window = window
        self.calendar = calendar
        self.rep_calendar = rep_calendar
        self.today = today


class _Now:
    """:func:`plan`'s ``now``: the instant (naive UTC) and the refusal it gives."""

    __slots__ = ("moment", "refusal", "utc")

    def __init__(self, moment: datetime, zone: tzinfo | None) -> None:
        try:
            self.utc = moment.astimezone(UTC).replace(tzinfo=None)
            self.moment = moment if zone is None else moment.astimezone(zone)
        except OverflowError:
            raise DateRangeError(
                "now", moment.isoformat(), "is too close to year 1 or 9999 to place in a zone"
            ) from None
        self.refusal: _Refusal = (Cap.NOW, 0, moment_text(self.moment))

    def today(self, zone: tzinfo) -> date:
        """``now``'s local date in ``zone``."""
        try:
            return self.moment.astimezone(zone).date()
        except OverflowError:
            raise DateRangeError(
                "now", self.moment.isoformat(), f"falls outside years 1-9999 in {_zone_name(zone)}"
            ) from None


class _Meet:
    """Where the rep's hours and one side's meet on one day: the spans, or why none."""

    __slots__ = ("last", "refusal", "spans")

    def __init__(self, spans: list[tuple[datetime, datetime]], refusal: _Refusal | None) -> None:
        self.spans = spans  # naive UTC [start, end), earliest first
        self.last = spans[-1][1] if spans else datetime.min
        self.refusal = refusal


def _contact(item: PlannedTouch) -> str | None:
    """Whom ``item`` counts against for ``per_prospect`` limits; None when it counts for none.

    The prospect by :func:`prospect_key` (``Ada@Acme.com`` in one sequence is
    ``ada@acme.com`` in the next). A fallback touch (the voicemail left when
    its call is not answered, ``Touchpoint.skip_if_connected``) is part of its
    call's contact: one line of the manager's outline, one contact.
    """
    enrollment = item.enrollment
    if enrollment is not None and enrollment.cadence.touchpoints[item.step].skip_if_connected:
        return None
    return prospect_key(item.prospect)


def _zone_name(zone: tzinfo) -> str:
    key = getattr(zone, "key", None)
    return key if isinstance(key, str) else str(zone)


def _utc(day: date, clock: time, zone: tzinfo) -> datetime:
    """The instant (naive UTC) a wall-clock time strikes on ``day`` in ``zone``."""
    return _time.instant(datetime.combine(day, clock), zone).replace(tzinfo=None)


def _blocks(window: Window, weekday: int) -> tuple[SendWindow, ...]:
    return (window,) if isinstance(window, SendWindow) else window.blocks(weekday)


def _meet(
    day: date, rep_zone: tzinfo, side: _Side, channel: Channel, session: SendHours | None
) -> _Meet:
    """Where the rep's hours on ``day`` meet the prospect's window on their business days.

    The rep's hours are ``channel``'s session (or the whole day without one)
    in ``rep_zone``; the prospect's are ``side``'s window on the local dates
    those hours cover, on business days of the prospect's calendar. None
    meet: the rep's day off, the prospect's closed day, or no common hours.
    """
    rep_calendar = side.rep_calendar
    if rep_calendar is not None and not rep_calendar.is_business_day(day):
        return _Meet([], (Cap.REP_DAY, 0, rep_calendar.holiday_name(day)))
    try:
        if session is None:
            rep = [(_utc(day, _MIDNIGHT, rep_zone), _utc(day + _time.ONE_DAY, _MIDNIGHT, rep_zone))]
        else:
            rep = [
                (_utc(day, block.start, rep_zone), _utc(day, block.end, rep_zone))
                for block in session.blocks(day.weekday())
            ]
        spans: list[tuple[datetime, datetime]] = []
        closed: date | None = None
        if rep:
            zone = side.zone
            local = zone.fromutc(rep[0][0].replace(tzinfo=zone)).date()
            final = zone.fromutc((rep[-1][1] - _MICROSECOND).replace(tzinfo=zone)).date()
            while local <= final:
                blocks = _blocks(side.window, local.weekday())
                open_day = bool(blocks) and side.calendar.is_business_day(local)
                for block in blocks:
                    opens, closes = _utc(local, block.start, zone), _utc(local, block.end, zone)
                    for start, end in rep:
                        low = start if start > opens else opens
                        high = end if end < closes else closes
                        if low < high:
                            if open_day:
                                spans.append((low, high))
                            elif closed is None:
                                closed = local
                local += _time.ONE_DAY
    except OverflowError:
        hours = f"the {channel.value} session" if session is not None else "the hours"
        raise DateRangeError(
            "tz", rep_zone, f"{hours} of {day.isoformat()} falls outside years 1-9999 in UTC"
        ) from None
    if spans:
        spans.sort()
        return _Meet(spans, None)
    if closed is not None:
        return _Meet([], (Cap.PROSPECT_DAY, 0, side.calendar.holiday_name(closed)))
    reps = "whole day" if session is None else f"{channel.value} session {session}"
    detail = (
        f"the rep's {reps} ({_zone_name(rep_zone)}), "
        f"the prospect's {side.window} ({side.zone_name})"
    )
    return _Meet([], (Cap.HOURS, 0, detail))


def _ranges(
    grid: list[datetime],
    spans: list[tuple[datetime, datetime]] | None,
    after: datetime,
    slot: timedelta,
) -> list[tuple[int, int]]:
    """The slots of ``grid`` a touch may take, as index ranges ``[lo, hi)``, earliest first.

    A slot starts at or after ``after`` and lies wholly in one of ``spans``;
    ``spans`` None (an automated touch): any slot of the rep's blocks.
    """
    if spans is None:
        return [(bisect.bisect_left(grid, after), len(grid))]
    ranges = []
    for start, end in spans:
        if end <= after:
            continue
        lo = bisect.bisect_left(grid, start if start > after else after)
        hi = bisect.bisect_right(grid, end - slot)
        if lo < hi:
            ranges.append((lo, hi))
    return ranges


def _first_free(free: list[int], ranges: list[tuple[int, int]]) -> int:
    """The earliest free slot (an index of the grid) in ``ranges``, or -1."""
    size = len(free)
    for lo, hi in ranges:
        index = bisect.bisect_left(free, lo)
        if index < size and free[index] < hi:
            return free[index]
    return -1


class _Slots:
    """One channel's session slots on one day, and which touch holds each.

    Touches are given slots in priority order. One whose hours hold no free
    slot may still fit: an augmenting path moves touches already placed to
    other slots of their own hours, freeing one in its hours (Kuhn's
    algorithm). Taking touches in priority order this way keeps, each day,
    as many as any assignment of them to the slots could (the touches that
    fit slots form a matroid, and the greedy is exact on a matroid), and
    among those the earliest in priority; a touch keeps its first slot
    unless another needs it.
    """

    __slots__ = ("dead", "free", "grid", "holder", "routes")

    def __init__(self, grid: list[datetime]) -> None:
        self.grid = grid  # slot starts, naive UTC, earliest first
        self.free = list(range(len(grid)))  # the free slots, in order
        self.holder = [-1] * len(grid)  # per slot: the touch holding it (a route's index)
        self.routes: list[list[tuple[int, int]]] = []  # per touch placed: its slots
        # Slots whose holder cannot move to a free slot, even by moving others in
        # turn: a search that failed once need not be tried again until a path
        # changes who holds what (taking a free slot can only shut more paths).
        self.dead: set[int] = set()

    def find(self, ranges: list[tuple[int, int]]) -> list[int] | None:
        """A path of slots for a touch that may take ``ranges``: the first is its, the last was free.

        Along the path each slot's holder moves to the next slot. None: the
        touch cannot be given a slot without leaving another touch out.
        """
        found = _first_free(self.free, ranges)
        if found >= 0:
            return [found]
        holder, routes, free, dead = self.holder, self.routes, self.free, self.dead
        path: list[int] = []
        stack = [_each(ranges)]
        while stack:
            for slot in stack[-1]:
                if slot in dead:
                    continue
                dead.add(slot)  # seen: dead if the search fails, cleared if it succeeds
                route = routes[holder[slot]]
                found = _first_free(free, route)
                if found >= 0:
                    return [*path, slot, found]
                path.append(slot)
                stack.append(_each(route))
                break
            else:
                stack.pop()
                if path:
                    path.pop()
        return None

    def take(self, ranges: list[tuple[int, int]], path: list[int]) -> int:
        """Give a touch its slot along ``path`` (from :meth:`find`); its number, for :meth:`at`."""
        number = len(self.routes)
        self.routes.append(ranges)
        holder, moving = self.holder, number
        for slot in path:
            holder[slot], moving = moving, holder[slot]
        self.free.remove(path[-1])
        if len(path) > 1:  # touches moved: who holds what changed
            self.dead.clear()
        return number

    def times(self) -> dict[int, datetime]:
        """Each touch's slot start (naive UTC), by its number."""
        return {number: self.grid[slot] for slot, number in enumerate(self.holder) if number >= 0}


def _each(ranges: list[tuple[int, int]]) -> Iterator[int]:
    return itertools.chain.from_iterable(range(lo, hi) for lo, hi in ranges)


class _Day:
    """What one owner has used of one day (and, shared, of its week)."""

    __slots__ = (
        "boxes",
        "channels",
        "day",
        "domains",
        "found",
        "manual",
        "meets",
        "new",
        "now",
        "prospects",
        "sessions",
        "shared",
        "week",
        "zone",
    )

    def __init__(
        self,
        day: date,
        zone: tzinfo | None,
        week: dict[str, int],
        now: _Now | None,
        shared: dict[tuple[object, ...], _Meet],
    ) -> None:
        self.channels: dict[Channel, int] = {}
        self.domains: dict[str, int] = {}
        self.prospects: dict[str, int] = {}
        self.manual = 0
        self.new = 0
        self.day = day
        self.zone = zone
        self.week = week  # touches per prospect in this day's week, shared by its days
        self.now = now
        self.sessions: dict[Channel, _Slots] = {}  # each session's slots and their holders
        self.meets: dict[object, _Meet] = {}  # by side (and channel, when it has a session)
        self.shared = shared  # every owner's, by day, side and session: reps share the work
        self.found: tuple[list[tuple[int, int]], list[int]] | None = None  # refusal()'s, for take()
        self.boxes: dict[str, _Box] = {}  # every mailbox's sends, shared by every day

    def slots(self, channel: Channel, hours: SendHours, slot: timedelta) -> _Slots:
        """The slots of ``channel``'s session today (naive UTC, earliest first)."""
        found = self.sessions.get(channel)
        if found is None:
            zone = self.zone
            assert zone is not None  # plan() refuses sessions without tz
            free = []
            for block in hours.blocks(self.day.weekday()):
                try:
                    start = _utc(self.day, block.start, zone)
                    end = _utc(self.day, block.end, zone)
                except OverflowError:
                    raise DateRangeError(
                        "tz",
                        zone,
                        f"the {channel.value} session of {self.day.isoformat()} falls outside "
                        "years 1-9999 in UTC",
                    ) from None
                moment = start
                while moment + slot <= end:
                    free.append(moment)
                    moment += slot
            found = self.sessions[channel] = _Slots(free)
        return found

    def meet(self, side: _Side, channel: Channel, session: SendHours | None) -> _Meet:
        """Where the rep's hours meet ``side``'s today, worked out once per side (and session)."""
        key: object = side if session is None else (side, channel)
        found = self.meets.get(key)
        if found is None:
            everyone = (self.day, side) if session is None else (self.day, side, channel, session)
            found = self.shared.get(everyone)
            if found is None:
                zone = self.zone if self.zone is not None else side.zone
                found = self.shared[everyone] = _meet(self.day, zone, side, channel, session)
            self.meets[key] = found
        return found

    def refusal(
        self, item: PlannedTouch, side: _Side, due: datetime | None, limits: _Limits
    ) -> _Refusal | None:
        """The first reason ``item`` cannot be done today, or None.

        The day first (the rep's day off, the prospect's, no common hours,
        hours already past), then the caps, then a free session slot.
        """
        channel = item.channel
        now = self.now
        session = limits.sessions.get(channel) if limits.sessions else None
        spans = None
        if item.automated and item.mailbox is None:
            if now is not None and side.today is not None and self.day < side.today:
                return now.refusal
        else:
            meet = self.meets.get(side if session is None else (side, channel))
            if meet is None:
                meet = self.meet(side, channel, session)
            if meet.refusal is not None:
                return meet.refusal
            if now is not None and meet.last <= now.utc:
                return now.refusal
            spans = meet.spans
        limit = limits.channels.get(channel)
        if limit is not None and self.channels.get(channel, 0) >= limit[0]:
            return limit[1]
        manual = limits.manual
        if manual is not None and not item.automated and self.manual >= manual[0]:
            return manual[1]
        domain = item.domain
        if (
            limits.domain is not None
            and domain is not None
            and self.domains.get(domain, 0) >= limits.domain
        ):
            return limits.domain_refusal(domain)
        new = limits.new
        if new is not None and item.new and self.new >= new[0]:
            return new[1]
        if limits.people:
            person = _contact(item)
            each = limits.prospect
            if each is not None and person is not None and self.prospects.get(person, 0) >= each[0]:
                return each[1]
            week = limits.prospect_week
            if week is not None and person is not None and self.week.get(person, 0) >= week[0]:
                return week[1]
        if item.mailbox is not None:
            box = self.boxes[item.mailbox]
            if box.sent >= box.most:  # the day's limit (or the warm-up's) is reached
                return box.full
        if session is not None:
            assert due is not None  # plan() reads due times when there are sessions
            slots = self.slots(channel, session, limits.slot)
            after = due if now is None or due >= now.utc else now.utc
            ranges = _ranges(slots.grid, spans, after, limits.slot)
            path = slots.find(ranges)
            if path is None:
                return (Cap.SESSION, len(slots.free), channel.value)
            self.found = (ranges, path)
        return None

    def take(self, item: PlannedTouch, limits: _Limits) -> int:
        """Count ``item`` against today's limits; its number in its session (-1: none).

        Its time is known when the day is done (:meth:`times`): a touch
        placed later may move it to another slot of its hours.
        """
        self.channels[item.channel] = self.channels.get(item.channel, 0) + 1
        if not item.automated:
            self.manual += 1
        if item.domain is not None:
            self.domains[item.domain] = self.domains.get(item.domain, 0) + 1
        if item.new:
            self.new += 1
        if limits.people:
            person = _contact(item)
            if person is not None:
                self.prospects[person] = self.prospects.get(person, 0) + 1
                self.week[person] = self.week.get(person, 0) + 1
        if not limits.sessions or item.channel not in limits.sessions:
            return -1
        assert self.found is not None  # refusal() found the slot
        ranges, path = self.found
        self.found = None
        return self.sessions[item.channel].take(ranges, path)

    def untake(self, item: PlannedTouch, limits: _Limits) -> None:
        """Undo :meth:`take` for a touch without a session that could not be paced after all."""
        self.channels[item.channel] -= 1
        if not item.automated:
            self.manual -= 1
        if item.domain is not None:
            self.domains[item.domain] -= 1
        if item.new:
            self.new -= 1
        if limits.people:
            person = _contact(item)
            if person is not None:
                self.prospects[person] -= 1
                self.week[person] -= 1

    def times(self) -> dict[Channel, dict[int, datetime]]:
        """Each session's touches' times, tz-aware in the rep's zone, by channel and number."""
        zone = self.zone
        if not self.sessions:
            return {}
        assert zone is not None  # plan() refuses sessions without a zone
        return {
            channel: {
                number: zone.fromutc(moment.replace(tzinfo=zone))
                for number, moment in slots.times().items()
            }
            for channel, slots in self.sessions.items()
        }


def _span_text(span: timedelta) -> str:
    """``1 hour``, ``24 hours``, ``7 days``, ``90 minutes``: a rolling window's length."""
    minutes = int(span / timedelta(minutes=1))
    if minutes % (24 * 60) == 0 and minutes > 24 * 60:
        return f"{minutes // (24 * 60)} days"
    if minutes % 60 == 0:
        return _plural_count(minutes // 60, "hour")
    return _plural_count(minutes, "minute")


def _plural_count(count: int, noun: str) -> str:
    return f"{count} {_plural(noun, count)}"


class _Box:
    """One mailbox's sends in a plan: per day, and every send's time (naive UTC, in time order).

    A rolling limit of ``N`` sends in ``W`` holds when every ``N + 1`` sends
    in a row, by time, span ``W`` or more. Sends are timed in the order they
    fall due; with a ``gap`` each is at least ``gap`` after the one timed
    before it, so a send only ever joins the end and is checked against the
    ``N``-th send before it. Without a gap a send may fall before sends
    already timed (one due later to a prospect whose hours began sooner, in
    another zone): it is then checked against the sends on both sides
    (:meth:`_pace_between`), and a window counts the sends in it, not the
    order they were timed in.
    """

    __slots__ = (
        "full",
        "gap",
        "gap_refusal",
        "jitter",
        "listed",
        "mailbox",
        "most",
        "name",
        "owner",
        "rolling",
        "sends",
        "sent",
    )

    def __init__(self, mailbox: Mailbox, owner: str | None, jitter: timedelta) -> None:
        self.mailbox = mailbox
        self.owner = owner
        self.listed = True  # one of the owner's listed mailboxes, rotated among
        self.name = name = mailbox.name
        self.sends: list[datetime] = []
        # the day being planned (see open()): its sends so far, its limit and that limit's refusal
        self.sent = 0
        self.most = 0
        self.full: _Refusal | None = None
        self.gap = mailbox.gap
        self.jitter = jitter if mailbox.jitter is None else mailbox.jitter
        self.gap_refusal: _Refusal = (Cap.GAP, int(mailbox.gap / timedelta(minutes=1)), name)
        self.rolling: list[tuple[timedelta, int, _Refusal]] = [
            (span, most, (Cap.MAILBOX_WINDOW, most, f"{name} in any {_span_text(span)}"))
            for span, most in mailbox.rolling()
        ]

    def open(self, day: date) -> None:
        """Begin ``day``: no sends yet, and its limit (the warm-up's when that is the smaller)."""
        mailbox = self.mailbox
        limit = mailbox.daily_limit(day)
        ramp = mailbox.ramp
        self.sent = 0
        if limit is None:
            self.most, self.full = sys.maxsize, None
        elif ramp is not None and (mailbox.per_day is None or ramp.limit(day) < mailbox.per_day):
            self.most, self.full = limit, (Cap.RAMP, limit, self.name)
        else:
            self.most, self.full = limit, (Cap.MAILBOX_DAY, limit, self.name)

    def pace(
        self, after: datetime, spans: list[tuple[datetime, datetime]], jitter: float
    ) -> datetime | _Refusal:
        """The send's time: the first moment in ``spans`` from ``after`` every limit allows.

        ``jitter`` (0 to 1) then moves it up to the mailbox's ``jitter``
        later (whole seconds), when that stays inside its span (and, for a
        send timed before others, within the limits). The refusal of the
        limit that pushed it past its hours when there is none.
        """
        moment = after
        for _start, end in spans:
            if end > moment:
                break
        else:
            return (Cap.HOURS, 0, "its hours were over when it fell due")
        cause: _Refusal | None = None
        sends = self.sends
        if sends and moment < sends[-1] + self.gap:
            if self.gap:  # with a gap, each send at least ``gap`` after the one before
                moment, cause = sends[-1] + self.gap, self.gap_refusal
            else:  # before sends already timed: the limits are read on both sides of it
                return self._pace_between(moment, spans, jitter)
        count = len(sends)
        for span, most, refusal in self.rolling:
            if count >= most:
                floor = sends[-most] + span if most else datetime.max
                if moment < floor:
                    moment, cause = floor, refusal
        for start, end in spans:
            if end > moment:
                if start > moment:
                    moment = start
                shaken = moment + timedelta(seconds=int(self.jitter.total_seconds() * jitter))
                if shaken < end:
                    moment = shaken
                sends.append(moment)
                return moment
        assert cause is not None  # the spans held ``moment`` before a limit pushed it
        return cause

    def _pace_between(
        self, after: datetime, spans: list[tuple[datetime, datetime]], jitter: float
    ) -> datetime | _Refusal:
        """:meth:`pace` for a send before sends already timed (no gap; another zone).

        Its time is the first moment of ``spans`` from ``after`` whose every
        window, before and after it, holds fewer sends than its limit.
        """
        moment = after
        cause: _Refusal | None = None
        for start, end in spans:
            if end <= moment:
                continue
            if start > moment:
                moment = start
            while moment < end:
                pushed = self._window_floor(moment)
                if pushed is None:
                    shaken = moment + timedelta(seconds=int(self.jitter.total_seconds() * jitter))
                    if shaken < end and self._window_floor(shaken) is None:
                        moment = shaken
                    bisect.insort(self.sends, moment)
                    return moment
                moment, cause = pushed
        assert cause is not None  # the spans held ``after``: only a limit pushed it past them
        return cause

    def _window_floor(self, moment: datetime) -> tuple[datetime, _Refusal] | None:
        """None when a send at ``moment`` keeps every rolling limit, else where to look next.

        Where to look next: the first moment it could (no earlier one can)
        and the limit that says so.

        A limit of ``N`` sends in ``W`` holds when every ``N + 1`` sends in a
        row (by time) span ``W`` or more: the groups of ``N`` sends timed
        that, with ``moment``, are ``N + 1`` in a row are checked. A group
        spanning less than ``W`` with it holds until ``W`` after its first
        send, so the latest such first send says where to look next.
        """
        sends = self.sends
        count = len(sends)
        at = bisect.bisect_right(sends, moment)
        found: tuple[datetime, _Refusal] | None = None
        for span, most, refusal in self.rolling:
            if most == 0:
                return datetime.max, refusal
            for first in range(min(at, count - most), max(0, at - most) - 1, -1):
                low = sends[first] if sends[first] < moment else moment
                high = sends[first + most - 1]
                if (high if high > moment else moment) - low < span:
                    floor = sends[first] + span
                    if found is None or floor > found[0]:
                        found = floor, refusal
                    break
        return found


def _moved(
    item: PlannedTouch, day: date | None, slipped: int, at: datetime | None = None
) -> PlannedTouch:
    """``item`` on ``day`` (``attrs.evolve`` without its per-call introspection)."""
    return PlannedTouch(
        item.index,
        item.prospect,
        item.owner,
        item.step,
        item.channel,
        item.label,
        item.due,
        item.due_day,
        day,
        slipped,
        item.overdue,
        item.new,
        item.domain,
        item.enrollment,
        at=at,
        automated=item.automated,
        rep_zone=item.rep_zone,
        mailbox=item.mailbox,
    )


def _first_day(start: object, tz: str | tzinfo | None) -> date:
    """The local date an agenda begins on: a date as it is, a moment's date in ``tz``."""
    if isinstance(start, str) and "T" in start:
        start = to_aware_datetime(start, "start")
    if isinstance(start, datetime):  # a naive moment is local already: its wall date
        if tz is None or start.utcoffset() is None:
            return start.date()
        zone = _time.zone(tz)[0]
        try:
            return start.astimezone(zone).date()
        except OverflowError:  # 0001-01-01 00:00 UTC is still year 0 in New York
            raise DateRangeError(
                "start", start, f"falls outside years 1-9999 in the zone {tz}"
            ) from None
    return to_date(start, "start")


def plan(
    enrollments: Iterable[Enrollment],
    *,
    capacity: Capacity,
    calendar: BusinessCalendar | str | None = None,
    start: datetime | date | str,
    days: int,
    priority: Callable[[PlannedTouch], _SortKey] = in_flight_first,
    tz: str | tzinfo | None = None,
    owner_capacity: Mapping[str | None, Capacity] | None = None,
    owner_calendar: Mapping[str | None, BusinessCalendar | str] | None = None,
    owner_tz: Mapping[str | None, str | tzinfo] | None = None,
    forecast: bool = False,
    now: datetime | str | None = None,
    mailboxes: Mapping[str | None, Mailbox | Iterable[Mailbox]] | None = None,
    seed: int = 0,
    suppress: Suppression | None = None,
    jitter: timedelta | None = None,
) -> Agenda:
    """Each owner's touches, day by day for ``days`` business days, under ``capacity``.

    Args:
        enrollments: the enrollments to plan; ended ones and ones paused
            until a resume have nothing due. Their order breaks ties.
        capacity: the daily limits of each owner (:class:`Capacity`).
        owner_capacity: limits of their own for some owners (a part-time
            rep, a new hire ramping up), by owner; the others use
            ``capacity``.
        calendar: the team's business days: the days planned (a
            :class:`BusinessCalendar` or a country code like ``"US"``).
            Not needed when every owner of the enrollments (and every
            owner in ``owner_tz``) has a calendar in ``owner_calendar``;
            otherwise its absence is an error naming an owner without
            one. Without it, :attr:`Agenda.days` are the days at least
            one owner works (each owner's own: :meth:`Agenda.days_of`).
        start: when the agenda begins: a date, or a moment (a datetime or
            an ISO string with a time) whose local date in ``tz`` (its own
            zone when ``tz`` is None or it is naive) is the first day;
            rolled forward to a business day.
        days: how many business days to plan, 1 to 2,600 (about ten years).
        priority: a key function over :class:`PlannedTouch` (``day`` is
            None when it is called): lower keys are planned first each day,
            ties broken by the order of ``enrollments``. The default,
            :func:`in_flight_first`, puts prospects already in flight before
            first touches, then due order; :func:`due_first` is plain due
            order. It is called once per touch.
        tz: the reps' zone: the zone whose date a touch is due on, the
            days are read in and ``sessions`` are hours of. None (the
            default) uses each prospect's own zone, the date the rep sees on
            the touch; sessions need a ``tz``.
        owner_calendar: calendars of their own for some owners (a rep in
            Germany keeps German holidays, one in New York American ones),
            by owner: their days are planned on it, ``days`` business days
            of their own from ``start``. The others use ``calendar``.
        owner_tz: zones of their own for some owners (a team in Chicago,
            London and Sydney), by owner: what ``tz`` is for the others
            (the date a touch is due on, the days, the sessions' hours and
            ``start``'s date), for that rep. One call plans the whole team;
            see "A team in several zones" in the planning guide.
        forecast: plan every touch still to do, not only each
            enrollment's next one, assuming each is done when due, as the
            enrollment's own plan says: "every call each rep makes next
            week" in one call. A touch that slips here does not move the
            later steps of its prospect; plan again as the days are done.
        now: the moment the plan is made (a tz-aware datetime or an ISO
            string with an offset); nothing is placed before it. A touch
            whose hours that day are over by ``now`` (a rep's Monday already
            over in Sydney) slips with :attr:`Cap.NOW`; an automated touch
            slips only from a day already over. None (the default): no
            such check, every day planned is taken as still to come.
        mailboxes: each owner's :class:`~cadencekit.Mailbox` (or several),
            by owner, as well as (and before) those of the owner's
            ``Capacity.mailboxes``; a mailbox given in both must be the same
            there. An email of an enrollment of that owner is sent from the
            mailbox it names (``Enrollment.start(..., mailbox=...)``, kept
            as its ``mailbox`` fact), else from one of the owner's mailboxes
            picked by a stable hash of the prospect (every step of a
            prospect from the same one, the same in every run); a mailbox
            named but not listed has the owner's ``Capacity.mailbox_*``
            limits (:meth:`Capacity.mailbox`), and without those is an
            error.
            Its sends get times (``PlannedTouch.at``, automated ones too):
            in the prospect's window on their business day, in order,
            within the mailbox's daily limit (and warm-up), rolling limits
            and gap, each moved later by its jitter. A send with no time
            left that day slips, naming the limit (:attr:`Cap.MAILBOX_DAY`,
            :attr:`Cap.RAMP`, :attr:`Cap.MAILBOX_WINDOW`, :attr:`Cap.GAP`).
            A mailbox belongs to one owner. See "Deliverability and
            compliance" in the guides.
        seed: the jitter's seed: the same seed, the same times.
        jitter: the jitter of every mailbox that sets none of its own
            (``Mailbox.jitter`` None): each send moves up to this much
            later, by a hash of ``seed``, the prospect and the step. None
            (the default): no jitter. A timedelta from 0 to 31 days.
        suppress: a :class:`~cadencekit.Suppression` list: touches to
            the prospects and addresses on it are not planned, and each is
            in :attr:`Agenda.suppressed` with the entry that suppressed it.
            A forgotten prospect (:func:`~cadencekit.forget`) is never
            planned, with or without a list: their touches are suppressed,
            "a forgotten prospect".

    By default only each enrollment's next touch is planned (its later
    steps depend on when this one is done; plan again after recording the
    day's work).

    **Whose hours.** A manual touch (a call, a LinkedIn task: anything not
    ``Touchpoint.automated``) is placed on a rep's day only where the rep's
    hours meet the prospect's: the rep's hours are the channel's session
    (``Capacity.sessions``, in ``tz``) or, without one, the whole day, on a
    business day of the rep's calendar (``calendar`` or ``owner_calendar``,
    and not closed by the enrollment's ``rep_calendar``); the prospect's
    are the touch's window (its touchpoint's ``window``, else the
    cadence's), in the prospect's zone, on a business day of the
    enrollment's ``calendar``. A session slot lies wholly inside both. Where
    they do not meet, the touch slips with a reason of its own:
    :attr:`Cap.REP_DAY` (the rep's day off), :attr:`Cap.PROSPECT_DAY` (the
    prospect's holiday or weekend) or :attr:`Cap.HOURS` (no common hours,
    naming both sides' hours); a touch whose hours never meet within the
    agenda ends in the backlog with that reason, never placed. Automated
    touches go out in the prospect's window by the host and need no rep.

    Each day, the touches due by then are taken in priority order; one that
    cannot be done that day (its hours above, then the limits in this
    order: its channel, the rep's manual day, its domain, new enrollments,
    one prospect's day and week, a free session slot) slips to the next
    business day, and a :class:`Slip` records which cap and which day.
    Nothing is dropped: what is left after the last day is the backlog.

    **Slots.** A touch takes the first free slot of its hours; when none is
    free, touches already placed that day move to other slots of their own
    hours if that frees one (an augmenting path). Each session so holds as
    many of the day's waiting touches as any assignment of them to its slots
    could, within the channel's limit, the earliest in priority first; the
    times are settled when the day is done. The same input gives the same
    agenda.

    **Opt-outs.** A prospect who opted out or bounced in any enrollment
    given is planned nothing in the others (:func:`honour_opt_outs` runs
    first; prospects compared by :func:`prospect_key`): a re-enrolled
    prospect who asked to be left alone in an earlier sequence is never
    called.

    **A team.** ``owner_tz``, ``owner_calendar`` and ``owner_capacity``
    give each rep their zone, calendar, sessions and limits, so one call
    plans reps in Chicago, London and Sydney, each on their own days and
    hours; ``now`` is read on each rep's own clock.

    Example:
        >>> import cadencekit as ck
        >>> from datetime import date
        >>> c = ck.Cadence("c", [ck.Touchpoint("call", 1)])
        >>> es = [ck.Enrollment.start(c, f"p{i}", "2026-11-23T08:00:00+00:00", owner="ann") for i in range(5)]
        >>> agenda = ck.plan(es, capacity=ck.Capacity({"call": 2}), calendar=ck.BusinessCalendar(),
        ...                  start="2026-11-23", days=2)
        >>> [(t.prospect, t.day.day, t.slipped) for t in agenda.touches]
        [('p0', 23, 0), ('p1', 23, 0), ('p2', 24, 1), ('p3', 24, 1)]
        >>> [t.prospect for t in agenda.backlog], len(agenda.slips)
        (['p4'], 3)
    """
    items = honour_opt_outs(to_list(enrollments, Enrollment, "enrollments"))
    if not isinstance(capacity, Capacity):
        raise InvalidFieldError("capacity", capacity, "expected a Capacity")
    own = _per_owner(owner_capacity, Capacity, "owner_capacity")
    team_calendar = None if calendar is None else _time.calendar(calendar, "calendar")
    first = _first_day(start, tz)
    if team_calendar is not None:
        first = team_calendar.roll_forward(first)
    if type(days) is not int or not 1 <= days <= _MOST_DAYS:
        raise InvalidFieldError(
            "days",
            days,
            f"expected a whole number of business days from 1 to {_MOST_DAYS:,} (about ten years)",
        )
    if not callable(priority):
        raise InvalidFieldError("priority", priority, "expected a key function of a PlannedTouch")
    if type(forecast) is not bool:
        raise InvalidFieldError("forecast", forecast, "expected True or False")
    own_calendars = _per_owner(owner_calendar, BusinessCalendar, "owner_calendar", _time.calendar)
    zone = None if tz is None else _time.zone(tz)[0]
    own_zones = _owner_zones(owner_tz)
    if team_calendar is None:  # every owner must have a calendar of their own
        named = dict.fromkeys([*(e.owner for e in items), *own_zones])
        lacking = [owner for owner in named if owner not in own_calendars]
        if lacking or not own_calendars:
            who = (
                f"the owner {lacking[0]!r} has no owner_calendar"
                if lacking
                else "no owner has an owner_calendar"
            )
            raise InvalidFieldError(
                "calendar",
                None,
                f"the team's calendar (a BusinessCalendar or a country code like 'US') is "
                f"needed: {who}; give calendar=, or owner_calendar= for every owner",
            )
    timed = {channel for limit in (capacity, *own.values()) for channel, _ in limit.sessions}
    moment = None if now is None else to_aware_datetime(now, "now")
    clocks: dict[tzinfo | None, _Now] = {}
    shake = _plan_jitter(jitter)
    boxes, owner_boxes = _mailboxes(mailboxes, shake)
    rotations: dict[str | None, list[Mailbox]] = {}  # each owner's listed mailboxes, for _sender
    pacers = _capacity_mailboxes(items, capacity, own, boxes, owner_boxes, shake)
    if (boxes or pacers) and Channel.EMAIL in timed:
        raise InvalidFieldError(
            "mailboxes",
            sorted(boxes) or sorted(str(owner) for owner in pacers),
            "cannot be combined with an email session in a Capacity: a mailbox paces its own sends",
        )
    if type(seed) is not int:
        raise InvalidFieldError("seed", seed, "expected a whole number")
    if suppress is not None and not isinstance(suppress, Suppression):
        raise InvalidFieldError("suppress", suppress, "expected a Suppression or None")
    blocked: list[tuple[PlannedTouch, _Horizon, _Refusal]] = []

    def clock_in(where: tzinfo | None) -> _Now | None:
        if moment is None:
            return None
        found = clocks.get(where)
        if found is None:
            found = clocks[where] = _Now(moment, where)
        return found

    clock_in(zone)  # a now too close to year 1 or 9999 is refused at once
    if zone is None:  # sessions are a rep's wall-clock hours: each needs a zone
        zoneless = [
            owner for owner, limit in own.items() if limit.sessions and owner not in own_zones
        ]
        if zoneless or (capacity.sessions and not own_zones):
            raise InvalidFieldError(
                "tz",
                None,
                "prospecting sessions are the reps' wall-clock hours: give tz=, the reps' "
                "zone, or owner_tz= for each rep",
            )
    horizons: dict[str | None, _Horizon] = {}
    for owner in (*own_calendars, *own_zones):
        if owner not in horizons:
            their = own_calendars.get(owner, team_calendar)
            assert their is not None  # checked above: every owner has one
            local = _first_day(start, own_zones.get(owner, tz))
            horizons[owner] = _Horizon(their, their.roll_forward(local), days)
    if team_calendar is not None:
        team = _Horizon(team_calendar, first, days)
        team_days = team.days
    else:  # every owner plans on their own: the team's days are the days any of them works
        team = next(iter(horizons.values()))  # never looked up: every owner has a horizon
        team_days = tuple(sorted({day for span in horizons.values() for day in span.days}))

    # Each owner's arrivals: the touches that become plannable on each day, by
    # serial (enrollment order, then plan order: it breaks ties), and per serial
    # the touch, its priority key, its prospect's side (where their hours are)
    # and, with sessions or a mailbox, its due instant. Lists of atoms and the
    # touches themselves: no tuple a touch, so the collector has little to walk.
    owners: dict[str | None, list[list[int]]] = {}
    touch_of: list[PlannedTouch] = []
    key_of: list[_SortKey] = []
    side_of: list[_Side] = []
    instant_of: list[datetime | None] = []
    sides: dict[tuple[int, int, int, int, int], _Side] = {}  # by the ids, then by value:
    alike: dict[
        tuple[tzinfo, Window, BusinessCalendar, BusinessCalendar | None, tzinfo | None], _Side
    ] = {}
    meets: dict[tuple[object, ...], _Meet] = {}
    serial = 0
    for index, enrollment in enumerate(items):
        owner = enrollment.owner
        span = horizons.get(owner, team)
        rep_zone = own_zones.get(owner, zone)
        arrivals = owners.get(owner)
        if arrivals is None:
            arrivals = owners[owner] = [[] for _ in span.days]
            if rep_zone is None and own.get(owner, capacity).sessions:
                raise InvalidFieldError(
                    "owner_tz",
                    owner,
                    "has prospecting sessions but no zone; they are the rep's wall-clock "
                    "hours: name the rep in owner_tz=, or give tz=",
                )
        following = enrollment.next_touch
        if following is None:
            continue
        fresh = not enrollment.done and not enrollment.skipped
        todo = enrollment.plan if forecast else (following,)
        theirs, days_of, reps_days = enrollment.zone, enrollment.calendar, enrollment.rep_calendar
        usual = enrollment.cadence.window
        their_boxes = owner_boxes.get(owner) if owner_boxes else None
        if their_boxes is None and owner in pacers:
            their_boxes = owner_boxes[owner] = []
        sender: str | None = None
        person = forgotten(enrollment.prospect) or (
            None if not suppress else suppress.reason(enrollment.prospect, facts=enrollment.facts)
        )
        for number, touch in enumerate(todo):
            try:
                due = touch.due if rep_zone is None else touch.due.astimezone(rep_zone)
            except OverflowError:
                raise DateRangeError(
                    "tz" if owner not in own_zones else f"owner_tz[{owner!r}]",
                    tz if owner not in own_zones else rep_zone,
                    f"{enrollment.prospect}'s {step_text(enrollment.step_number(touch.step))}, "
                    f"due {touch.due.isoformat()}, "
                    "falls outside years 1-9999 in it",
                ) from None
            rolled = span.calendar.roll_forward(due.date())
            if rolled > span.last:
                continue
            due_day = max(rolled, span.first)
            if their_boxes is not None and touch.channel is Channel.EMAIL:
                if sender is None:
                    sender = _sender(
                        enrollment, index, their_boxes, pacers.get(owner), boxes, shake, rotations
                    )
                mailbox = sender
            else:
                mailbox = None
            candidate = PlannedTouch(
                index,
                enrollment.prospect,
                owner,
                touch.step,
                touch.channel,
                touch.label,
                touch.due,
                due_day,
                None,
                0,
                span.calendar.business_days_between(rolled, span.first)
                if rolled < span.first
                else 0,
                fresh and number == 0,
                _domain(enrollment.prospect),
                enrollment,
                automated=touch.touchpoint.automated,
                rep_zone=rep_zone,
                mailbox=mailbox,
            )
            if suppress or person:
                why = person or suppress.reason(  # type: ignore[union-attr]  # person or a list
                    enrollment.prospect, channel=touch.channel, facts=enrollment.facts
                )
                if why is not None:
                    blocked.append((candidate, span, (Cap.SUPPRESSED, 0, why)))
                    continue
            window = touch.touchpoint.window or usual
            where = (id(theirs), id(window), id(days_of), id(reps_days), id(rep_zone))
            side = sides.get(where)
            if side is None:  # equal calendars built one per prospect share a side too
                same = (theirs, window, days_of, reps_days, rep_zone)
                side = alike.get(same)
                if side is None:
                    clock = clock_in(rep_zone)
                    today = (
                        None
                        if clock is None
                        else clock.today(theirs if rep_zone is None else rep_zone)
                    )
                    side = alike[same] = _Side(theirs, window, days_of, reps_days, today)
                sides[where] = side
            instant = None
            if touch.channel in timed or candidate.mailbox is not None:
                try:
                    instant = touch.due.astimezone(UTC).replace(tzinfo=None)
                except OverflowError:
                    raise DateRangeError(
                        "enrollments",
                        enrollment.prospect,
                        f"{step_text(enrollment.step_number(touch.step))}, "
                        f"due {touch.due.isoformat()}, is too close to "
                        "year 1 or 9999 to place in UTC",
                    ) from None
            key_of.append(priority(candidate))
            touch_of.append(candidate)
            side_of.append(side)
            instant_of.append(instant)
            arrivals[span.position[due_day]].append(serial)
            serial += 1

    # Many slips, few distinct causes: each slip is kept as plain ints and a
    # shared refusal until the end, so the garbage collector has little to scan.
    # A touch held back day after day by one cap is one slip (a run of days),
    # so the slips grow with the touches, not with the touches times the days.
    shared = _Limits(capacity)
    own_limits = {owner: _Limits(limit) for owner, limit in own.items()}
    # What is placed, by serial (-1: paced out after all), each with its day and
    # its time (None until one is known) alongside.
    placed: list[int] = []
    placed_day: list[date] = []
    placed_at: list[datetime | None] = []
    slip_serial: list[int] = []
    slip_day: list[int] = []  # the first day of the run
    slip_last: list[int] = []  # its last day
    slip_why: list[_Refusal] = []
    slip_span: list[_Horizon] = []
    running: dict[int, int] = {}  # a touch's serial -> its last slip
    waiting: list[int] = []

    for owner, arrivals in owners.items():
        limits = own_limits.get(owner, shared)
        span = horizons.get(owner, team)
        rep_zone = own_zones.get(owner, zone)
        clock = clock_in(rep_zone)
        pool: list[int] = []  # serials, in priority order (ties: serial)
        weeks: dict[tuple[int, int], dict[str, int]] = {}
        own_boxes = [box for box in boxes.values() if box.owner == owner] if boxes else []
        for n, d in enumerate(span.days):
            if arrivals[n]:
                pool.extend(arrivals[n])
                pool.sort()  # by serial, so the stable sort by key leaves ties in serial order
                try:  # keys, then serials decide: touches are never compared
                    pool.sort(key=key_of.__getitem__)
                except TypeError:
                    raise InvalidFieldError(
                        "priority",
                        priority,
                        "its keys cannot be compared with each other; return numbers, dates or tuples of them",
                    ) from None
            year, week, _ = d.isocalendar()
            used = _Day(d, rep_zone, weeks.setdefault((year, week), {}), clock, meets)
            used.boxes = boxes
            for box in own_boxes:
                box.open(d)
            timed_today: list[tuple[int, int]] = []  # (where in placed, number in its session)
            held: dict[int, _Refusal] = {}  # today's slips by serial, settled when the day is
            late: set[int] = set()  # paced out today: no time is left for them
            looking, kept = pool, pool
            again = False  # looking again: a touch held before may go now
            check = used.refusal
            while looking:
                # A send counts against the day's limits until pacing finds it no
                # time; then it gives them back, and the touches still waiting are
                # looked at again, so each slip names the limit that truly held it
                kept = []
                sends: list[int] = []  # where in placed: this pass's mailbox sends, in pool order
                for number in looking:
                    item = touch_of[number]
                    refusal = check(item, side_of[number], instant_of[number], limits)
                    if refusal is None:
                        if again:
                            held.pop(number, None)
                        slot = used.take(item, limits)
                        if slot >= 0:
                            timed_today.append((len(placed), slot))
                        if item.mailbox is not None:
                            boxes[item.mailbox].sent += 1
                            sends.append(len(placed))
                        placed.append(number)
                        placed_day.append(d)
                        placed_at.append(None)
                    else:
                        kept.append(number)
                        held[number] = refusal
                looking = []
                if sends:  # each mailbox's sends get their times, in the order they fall due
                    before = len(late)
                    freed: set[str | None] = set()  # the mailboxes, domains, channel given back
                    timing = _Timing(touch_of, side_of, instant_of, used.meets, boxes, seed, clock)
                    outcomes = _pace(sends, placed, timing)
                    for position, outcome in zip(sends, outcomes, strict=True):
                        number = placed[position]
                        if isinstance(outcome, datetime):
                            home = rep_zone if rep_zone is not None else side_of[number].zone
                            placed_at[position] = home.fromutc(outcome.replace(tzinfo=home))
                            continue
                        placed[position] = -1
                        item = touch_of[number]
                        used.untake(item, limits)
                        boxes[item.mailbox or ""].sent -= 1
                        late.add(number)
                        held[number] = outcome
                        freed.update((item.mailbox, item.domain, item.channel.value))
                    if len(late) > before:  # what they gave back may let a waiting touch go
                        again = True
                        looking = [
                            number
                            for number in pool
                            if number in held
                            and number not in late
                            and _lifted(held[number], freed)
                        ]
            if timed_today:  # the day is done: each session touch's slot is settled
                times = used.times()
                for position, slot in timed_today:
                    placed_at[position] = times[touch_of[placed[position]].channel][slot]
            # Today's slips: a touch held again by the same cap as yesterday
            # extends its run in place (inline: this runs for every touch
            # held, every day, and a call each time was a tenth of it).
            for number, refusal in held.items():
                last = running.get(number)
                if last is not None and slip_last[last] == n - 1 and slip_why[last] == refusal:
                    slip_last[last] = n
                    continue
                running[number] = len(slip_serial)
                slip_serial.append(number)
                slip_day.append(n)
                slip_last.append(n)
                slip_why.append(refusal)
                slip_span.append(span)
            pool = [number for number in pool if number in held] if late else kept
        waiting.extend(pool)

    # The library's own priorities keep no touch they were shown: each candidate
    # becomes the touch returned (one value a touch); any other key function may
    # have kept what it saw, so its touches are new values.
    settle = _moved if priority not in _OWN_PRIORITIES else PlannedTouch._settle
    final: dict[int, PlannedTouch] = {}
    touches = []
    for number, d, at in zip(placed, placed_day, placed_at, strict=True):
        if number < 0:
            continue
        item = touch_of[number]
        between = horizons.get(item.owner, team).calendar.business_days_between
        done = settle(item, d, between(item.due_day, d), at)
        final[number] = done
        touches.append(done)
    backlog = []
    for number in waiting:
        item = touch_of[number]
        span = horizons.get(item.owner, team)
        left = settle(
            item, None, span.calendar.business_days_between(item.due_day, span.after), None
        )
        final[number] = left
        backlog.append(left)
    trusted = Slip._trusted
    slips = tuple(
        trusted(final[number], span.ends[n], span.ends[last + 1], *why, last - n + 1)
        for number, n, last, why, span in zip(
            slip_serial, slip_day, slip_last, slip_why, slip_span, strict=True
        )
    )
    suppressed = tuple(
        Slip(
            item,
            item.due_day,
            span.after,
            *why,
            days=span.calendar.business_days_between(item.due_day, span.after),
        )
        for item, span, why in blocked
    )
    return Agenda(
        team_days,
        tuple(owners),
        tuple(touches),
        slips,
        tuple(backlog),
        capacity,
        tuple(own.items()),
        tuple((owner, span.days) for owner, span in horizons.items()),
        suppressed=suppressed,
        mailboxes=tuple((owner, box) for owner, listed in owner_boxes.items() for box in listed),
    )


_OWN_PRIORITIES: Final = (in_flight_first, due_first)
"""Key functions that keep no touch they are shown (see :meth:`PlannedTouch._settle`)."""

_COUNTED: Final = frozenset({Cap.MANUAL, Cap.NEW, Cap.PROSPECT, Cap.PROSPECT_WEEK})
"""Caps that count every touch of the day: a send given back may lift them."""


def _lifted(refusal: _Refusal, freed: set[str | None]) -> bool:
    """Whether sends given back (their mailboxes, domains and channel: ``freed``) may lift ``refusal``.

    A cap that counts what was given back (the day's sends of that mailbox,
    touches to that domain, of that channel, or every touch) may now let
    the touch go; any other (hours, sessions, another mailbox's limit)
    holds it as before, so it is not checked again.
    """
    cap = refusal[0]
    if cap in _COUNTED:
        return True
    return cap in (Cap.MAILBOX_DAY, Cap.RAMP, Cap.DOMAIN, Cap.CHANNEL) and refusal[2] in freed


_MOST_DAYS: Final = 2_600  # business days a plan may cover: about ten years


class _Timing:
    """What :func:`_pace` reads of a plan: the touches by serial, the day's hours, the mailboxes."""

    __slots__ = ("boxes", "clock", "instants", "meets", "seed", "sides", "touches")

    def __init__(
        self,
        touches: list[PlannedTouch],
        sides: list[_Side],
        instants: list[datetime | None],
        meets: dict[object, _Meet],
        boxes: dict[str, _Box],
        seed: int,
        clock: _Now | None,
    ) -> None:
        self.touches = touches
        self.sides = sides
        self.instants = instants
        self.meets = meets
        self.boxes = boxes
        self.seed = seed
        self.clock = clock


def _pace(sends: list[int], placed: list[int], timing: _Timing) -> list[datetime | _Refusal]:
    """A day's mailbox sends (where in ``placed``), each with its time (naive UTC) or the limit that left none.

    Sends are timed in the order they fall due (ties: priority, the order
    ``sends`` come in; ``sends`` is put in the order timed), each from its
    due instant (or ``now``), in its hours (the day's meeting of the rep's
    and the prospect's), after the mailbox's sends before it.
    """
    dues: list[datetime] = []
    for position in sends:
        due = timing.instants[placed[position]]
        assert due is not None  # plan() reads a mailbox send's due instant
        dues.append(due)
    order = sorted(range(len(sends)), key=dues.__getitem__)  # stable: ties keep pool order
    sends[:] = [sends[n] for n in order]
    clock, seed, boxes, meets = timing.clock, timing.seed, timing.boxes, timing.meets
    timed: list[datetime | _Refusal] = []
    for n in order:
        number = placed[sends[len(timed)]]
        item = timing.touches[number]
        assert item.mailbox is not None
        box = boxes[item.mailbox]
        after = dues[n]
        if clock is not None and clock.utc > after:
            after = clock.utc
        shake = 0.0
        if box.jitter:
            shake = stable_hash(seed, prospect_key(item.prospect), item.step) / HASH_SPAN
        timed.append(box.pace(after, meets[timing.sides[number]].spans, shake))
    return timed


def _plan_jitter(value: object) -> timedelta:
    """``jitter=``: the jitter of every mailbox without its own (None: none)."""
    if value is None:
        return timedelta(0)
    try:
        jittered = Mailbox("jitter", jitter=value).jitter
    except InvalidFieldError as error:
        raise InvalidFieldError("jitter", value, error.expected) from None
    assert jittered is not None
    return jittered


def _mailboxes(
    value: object, jitter: timedelta
) -> tuple[dict[str, _Box], dict[str | None, list[Mailbox]]]:
    """``mailboxes``: each mailbox's state by name, and each owner's mailboxes, in order."""
    if value is None:
        return {}, {}
    if not isinstance(value, Mapping):
        raise InvalidFieldError(
            "mailboxes", value, "expected a mapping of owner to a Mailbox or a list of them"
        )
    boxes: dict[str, _Box] = {}
    owners: dict[str | None, list[Mailbox]] = {}
    for owner, listed in value.items():
        if not isinstance(owner, str | None):
            raise InvalidFieldError("mailboxes", owner, "expected owners as strings (or None)")
        field = f"mailboxes[{owner!r}]"
        found = to_list([listed] if isinstance(listed, Mailbox) else listed, Mailbox, field)
        if not found:
            raise InvalidFieldError(field, listed, "expected at least one Mailbox")
        for box in found:
            if box.name in boxes:
                raise InvalidFieldError(
                    field, box.name, "a mailbox already named for another owner (or twice)"
                )
            boxes[box.name] = _Box(box, owner, jitter)
        owners[owner] = list(found)
    return boxes, owners


def _capacity_mailboxes(
    items: list[Enrollment],
    capacity: Capacity,
    own: Mapping[str | None, Capacity],
    boxes: dict[str, _Box],
    owner_boxes: dict[str | None, list[Mailbox]],
    jitter: timedelta,
) -> dict[str | None, Capacity]:
    """Add each owner's ``Capacity.mailboxes`` to ``plan(mailboxes=)``'s; the owners paced by one.

    A mailbox in both must be the same; the team's ``capacity`` lists
    mailboxes for one owner only (a mailbox belongs to one rep).
    """
    pacers: dict[str | None, Capacity] = {}
    sharing: list[str | None] = []
    for owner in dict.fromkeys(enrollment.owner for enrollment in items):
        theirs = own.get(owner, capacity)
        if not theirs.paces_mailboxes:
            continue
        pacers[owner] = theirs
        if not theirs.mailboxes:
            continue
        field = "capacity.mailboxes" if owner not in own else f"owner_capacity[{owner!r}].mailboxes"
        if owner not in own:
            sharing.append(owner)
            if len(sharing) > 1:
                raise InvalidFieldError(
                    "capacity.mailboxes",
                    [box.name for box in theirs.mailboxes],
                    f"expected one owner's mailboxes, but owners {sharing[0]!r} and {owner!r} "
                    "share this Capacity: a mailbox belongs to one rep; give each rep's in "
                    "owner_capacity",
                )
        listed = owner_boxes.setdefault(owner, [])
        for box in theirs.mailboxes:
            known = boxes.get(box.name)
            if known is None:
                boxes[box.name] = _Box(box, owner, jitter)
                listed.append(box)
            elif known.owner != owner:
                raise InvalidFieldError(
                    field, box.name, f"a mailbox already given to owner {known.owner!r}"
                )
            elif known.mailbox != box:
                raise InvalidFieldError(
                    field,
                    box.name,
                    f"expected the same limits as in plan(mailboxes=) ({known.mailbox!r}), "
                    "or the mailbox in one place only",
                )
    return pacers


def _sender(
    enrollment: Enrollment,
    index: int,
    listed: list[Mailbox],
    limits: Capacity | None,
    boxes: dict[str, _Box],
    jitter: timedelta,
    rotations: dict[str | None, list[Mailbox]],
) -> str:
    """The mailbox an enrollment's emails go from: the one it names, else a stable pick.

    A mailbox not listed is one of the owner's ``Capacity.mailbox_*``
    limits (``limits``), made on first use; without them it is an error.
    ``rotations`` keeps each owner's listed mailboxes, the ones picked from
    (a mailbox made here is never among them).
    """
    named = enrollment.mailbox
    owner = enrollment.owner
    if named is not None:
        named = named.strip()
        known = boxes.get(named)
        if known is not None and known.owner == owner:
            return named
        made = None if limits is None or known is not None else limits.mailbox(named)
        if made is not None:
            box = boxes[named] = _Box(made, owner, jitter)
            box.listed = False
            listed.append(made)
            return named
        raise InvalidFieldError(
            f"enrollments[{index}].facts['mailbox']",
            named,
            f"expected one of {owner!r}'s mailboxes: "
            + (", ".join(repr(box.name) for box in listed) or "they have none listed")
            + ("" if known is None else f" (it is {known.owner!r}'s)"),
        )
    rotated = rotations.get(owner)
    if rotated is None:
        rotated = rotations[owner] = [box for box in listed if boxes[box.name].listed]
    if not rotated:  # only mailbox_* limits: the rep's one mailbox, named after them
        assert limits is not None
        name = owner if owner is not None else "(no owner)"
        known = boxes.get(name)
        if known is None:
            made = limits.mailbox(name)
            assert made is not None
            box = boxes[name] = _Box(made, owner, jitter)
            box.listed = False
            listed.append(made)
        elif known.owner != owner:
            raise InvalidFieldError(
                "owner",
                owner,
                f"a rep's mailbox is named after them, but {name!r} is {known.owner!r}'s mailbox",
            )
        return name
    if len(rotated) == 1:
        return rotated[0].name
    return rotated[stable_hash(prospect_key(enrollment.prospect)) % len(rotated)].name


class _Horizon:
    """The business days one calendar plans, from its first day."""

    __slots__ = ("after", "calendar", "days", "ends", "first", "last", "position")

    def __init__(self, calendar: BusinessCalendar, first: date, days: int) -> None:
        self.calendar = calendar
        self.first = first
        try:  # past the calendar's years: raises at once
            self.after = calendar.add_business_days(first, days)
        except DateRangeError as error:
            raise DateRangeError(
                "days", days, f"from {first.isoformat()}, {error.expected}"
            ) from None
        self.days = tuple(calendar.add_business_days(first, n) for n in range(days))
        self.last = self.days[-1]
        self.ends = (*self.days, self.after)
        self.position = {d: n for n, d in enumerate(self.days)}


T = TypeVar("T")


def _owner_zones(value: object) -> dict[str | None, tzinfo]:
    """``owner_tz``: a mapping of owner to a zone (an IANA name or a tzinfo)."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidFieldError(
            "owner_tz", value, "expected a mapping of owner to a time zone, or None"
        )
    zones: dict[str | None, tzinfo] = {}
    for owner, tz in value.items():
        if not isinstance(owner, str | None):
            raise InvalidFieldError("owner_tz", owner, "expected owners as strings (or None)")
        try:
            zones[owner] = _time.zone(tz)[0]
        except InvalidFieldError as error:
            raise InvalidFieldError(f"owner_tz[{owner!r}]", tz, error.expected) from None
    return zones


def _per_owner(
    value: object,
    kind: type[T],
    field: str,
    convert: Callable[[object, str], T] | None = None,
) -> dict[str | None, T]:
    """``owner_calendar`` or ``owner_capacity``: a mapping of owner to one ``kind`` each.

    ``convert(value, field)``, when given, makes each value a ``kind`` (a
    country code a calendar) or refuses it.
    """
    if value is None:
        return {}
    name = kind.__name__
    if not isinstance(value, Mapping):
        raise InvalidFieldError(field, value, f"expected a mapping of owner to {name}, or None")
    found: dict[str | None, T] = {}
    for owner, own in value.items():
        if not isinstance(owner, str | None):
            raise InvalidFieldError(field, owner, "expected owners as strings (or None)")
        if convert is not None:
            own = convert(own, f"{field}[{owner!r}]")
        elif not isinstance(own, kind):
            raise InvalidFieldError(f"{field}[{owner!r}]", own, f"expected a {name}")
        found[owner] = own
    return found
