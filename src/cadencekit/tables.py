"""Reading exports: a CRM's or sequencing tool's events in, one :class:`EventTable` out.

:func:`read_events` reads an export, one row per event (a list of dicts, a
DataFrame, CSV text or a stream), into an :class:`EventTable`: columns checked
once, vendor names of events read, bad rows named. ``replay_many`` (in
:mod:`cadencekit.replaying`) turns the table into enrollments, and
``report(table, cadences=...)`` reports on it without building them.

Example:
    >>> import csv, io
    >>> import cadencekit as ck
    >>> export = '''prospect,event,timestamp,step
    ... ada@acme.com,Email Sent,2026-11-23T09:00:00-05:00,1
    ... ada@acme.com,Email Opened,2026-11-23T09:40:00-05:00,1
    ... '''
    >>> table = ck.read_events(csv.DictReader(io.StringIO(export)),
    ...                        columns={"event": "kind", "timestamp": "at"}, steps="1-based")
    >>> [(e.kind.value, e.step) for e in table.events()]
    [('touch', 0), ('open', 0)]
    >>> intro = ck.Cadence("Intro", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 3)])
    >>> [e] = ck.replay_many(table, intro, tz="America/New_York")
    >>> e.next_touch.channel.value, e.next_touch.due.isoformat()
    ('call', '2026-11-25T09:00:00-05:00')
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timezone, tzinfo
from itertools import compress, repeat
from operator import attrgetter, is_not, itemgetter
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from . import _time
from ._convert import ROWS_ACCEPTED, ROWS_NOT_BYTES, is_frame, missing_cell, to_enum, to_whole
from ._text import brief, text_repr
from .cadence import Cadence
from .channels import Channel
from .errors import CadenceError, InvalidFieldError, SchemaError, shown
from .events import CallResult, Event, EventKind, Objection, Response

if TYPE_CHECKING:
    from .calendar import BusinessCalendar

__all__ = [
    "BadRow",
    "EventTable",
    "read_events",
]

# --- the columns of an export --------------------------------------------------------

COLUMNS: Final = (
    "prospect",
    "cadence",
    "started",
    "kind",
    "at",
    "step",
    "response",
    "call_result",
    "until",
    "reason",
    "variant",
    "id",
    "tz",
    "country",
    "subdiv",
    "owner",
    "account",
    "what",
    "channels",
    "new_owner",
    "rep_calendar",
)
# Columns of one event's own details (an engagement's, a skip's, a reassign's), as the
# Event fields they fill: ``owner`` is the prospect's owner (per prospect), so a
# reassign's new owner is ``new_owner``.
DETAIL_COLUMNS: Final = {
    "what": "what",
    "channels": "channels",
    "new_owner": "owner",
    "rep_calendar": "rep_calendar",
}
_COLUMN_OF: Final = {
    field: ours for ours, field in DETAIL_COLUMNS.items()
}  # an Event field's column
_REQUIRED: Final = ("prospect", "kind", "at")
# Read, not kept: a reply's text is read into its kind, response and return date.
_READ_ONLY: Final = ("reply_text",)

# Vendor event names, normalised (lower case, runs of other characters as "_"),
# and what each means: (kind, response, call_result). docs/export.md shows the table.
_VENDOR_KINDS: Final[dict[str, tuple[EventKind, Response | None, CallResult | None]]] = {
    **{kind.value: (kind, None, None) for kind in EventKind},
    # a step carried out
    "sent": (EventKind.TOUCH, None, None),
    "email_sent": (EventKind.TOUCH, None, None),
    "call_completed": (EventKind.TOUCH, None, None),
    "call_made": (EventKind.TOUCH, None, None),
    "call_logged": (EventKind.TOUCH, None, None),
    "call_connected": (EventKind.TOUCH, None, CallResult.CONNECTED),
    "call_no_answer": (EventKind.TOUCH, None, CallResult.NO_ANSWER),
    "voicemail_left": (EventKind.TOUCH, None, CallResult.VOICEMAIL),
    "linkedin_sent": (EventKind.TOUCH, None, None),
    "linkedin_message_sent": (EventKind.TOUCH, None, None),
    "inmail_sent": (EventKind.TOUCH, None, None),
    "sms_sent": (EventKind.TOUCH, None, None),
    "task_completed": (EventKind.TOUCH, None, None),
    # activities as platforms name them (HubSpot's activity types, Outreach's and
    # Salesloft's step types)
    "call": (EventKind.TOUCH, None, None),
    "outbound_call": (EventKind.TOUCH, None, None),
    "phone_call": (EventKind.TOUCH, None, None),
    "logged_call": (EventKind.TOUCH, None, None),
    "call_task_completed": (EventKind.TOUCH, None, None),
    "email": (EventKind.TOUCH, None, None),
    "outgoing_email": (EventKind.TOUCH, None, None),
    "manual_email_sent": (EventKind.TOUCH, None, None),
    "auto_email_sent": (EventKind.TOUCH, None, None),
    "automated_email_sent": (EventKind.TOUCH, None, None),
    "email_task_completed": (EventKind.TOUCH, None, None),
    "linkedin_task_completed": (EventKind.TOUCH, None, None),
    "linkedin_connect": (EventKind.TOUCH, None, None),
    "linkedin_connection_request": (EventKind.TOUCH, None, None),
    "linkedin_connection_request_sent": (EventKind.TOUCH, None, None),
    "linkedin_send_connection_request": (EventKind.TOUCH, None, None),
    "linkedin_message": (EventKind.TOUCH, None, None),
    "linkedin_send_message": (EventKind.TOUCH, None, None),
    "linkedin_inmail": (EventKind.TOUCH, None, None),
    "linkedin_send_inmail": (EventKind.TOUCH, None, None),
    "linkedin_view_profile": (EventKind.TOUCH, None, None),
    "linkedin_interact_with_post": (EventKind.TOUCH, None, None),
    "sms": (EventKind.TOUCH, None, None),
    "text_message_sent": (EventKind.TOUCH, None, None),
    # a call's disposition as the event's name: a call with that result
    "left_voicemail": (EventKind.TOUCH, None, CallResult.VOICEMAIL),
    "left_live_message": (EventKind.TOUCH, None, CallResult.VOICEMAIL),
    "no_answer": (EventKind.TOUCH, None, CallResult.NO_ANSWER),
    "busy": (EventKind.TOUCH, None, CallResult.NO_ANSWER),
    "gatekeeper": (EventKind.TOUCH, None, CallResult.NO_ANSWER),
    "wrong_number": (EventKind.TOUCH, None, CallResult.BAD_NUMBER),
    "bad_number": (EventKind.TOUCH, None, CallResult.BAD_NUMBER),
    # what the prospect did with an email
    "opened": (EventKind.OPEN, None, None),
    "email_opened": (EventKind.OPEN, None, None),
    "clicked": (EventKind.CLICK, None, None),
    "email_clicked": (EventKind.CLICK, None, None),
    "link_clicked": (EventKind.CLICK, None, None),
    "bounced": (EventKind.BOUNCE, None, None),
    "email_bounced": (EventKind.BOUNCE, None, None),
    "hard_bounce": (EventKind.BOUNCE, None, None),
    "hard_bounced": (EventKind.BOUNCE, None, None),
    "email_hard_bounced": (EventKind.BOUNCE, None, None),
    # replies: the response column says how, else the name does
    "replied": (EventKind.REPLY, None, None),
    "email_replied": (EventKind.REPLY, None, None),
    "reply_received": (EventKind.REPLY, None, None),
    "email_reply": (EventKind.REPLY, None, None),
    "incoming_email": (EventKind.REPLY, None, None),
    "positive_reply": (EventKind.REPLY, Response.POSITIVE, None),
    "interested": (EventKind.REPLY, Response.POSITIVE, None),
    "not_interested": (EventKind.REPLY, Response.NO, None),
    "negative_reply": (EventKind.REPLY, Response.NO, None),
    "out_of_office": (EventKind.REPLY, Response.OUT_OF_OFFICE, None),
    "auto_reply": (EventKind.REPLY, Response.OUT_OF_OFFICE, None),
    "meeting_booked": (EventKind.MEETING, None, None),
    "meeting_scheduled": (EventKind.MEETING, None, None),
    "meeting_set": (EventKind.MEETING, None, None),
    "meeting_created": (EventKind.MEETING, None, None),
    "demo_booked": (EventKind.MEETING, None, None),
    "appointment_set": (EventKind.MEETING, None, None),
    "opportunity_created": (EventKind.OPPORTUNITY, None, None),
    "opportunity_opened": (EventKind.OPPORTUNITY, None, None),
    "deal_created": (EventKind.OPPORTUNITY, None, None),
    "lead_converted": (EventKind.CONVERTED, None, None),
    "converted_to_contact": (EventKind.CONVERTED, None, None),
    "micro_engagement": (EventKind.ENGAGEMENT, None, None),
    "connection_accepted": (EventKind.ENGAGEMENT, None, None),
    "linkedin_connection_accepted": (EventKind.ENGAGEMENT, None, None),
    "call_returned": (EventKind.ENGAGEMENT, None, None),
    "unsubscribed": (EventKind.OPT_OUT, None, None),
    "opted_out": (EventKind.OPT_OUT, None, None),
    "unsubscribe": (EventKind.OPT_OUT, None, None),
    "email_unsubscribed": (EventKind.OPT_OUT, None, None),
    "do_not_contact": (EventKind.OPT_OUT, None, None),
    "do_not_call": (EventKind.OPT_OUT, None, None),
    # the rep or the host
    "paused": (EventKind.PAUSE, None, None),
    "resumed": (EventKind.RESUME, None, None),
    "skipped": (EventKind.SKIP, None, None),
    "step_skipped": (EventKind.SKIP, None, None),
    "stopped": (EventKind.STOP, None, None),
    "removed_from_sequence": (EventKind.STOP, None, None),
}
# Vendor replies without a response column value: a reply not classified yet.
_UNCLASSIFIED: Final = frozenset(
    {"replied", "email_replied", "reply_received", "email_reply", "incoming_email"}
)

# Call dispositions as Outreach, Salesloft, HubSpot and dialers write them, normalised
# like event names, and what each means: the call's result, and what the prospect
# decided on the call when the disposition says so (a reply's label, or "meeting"),
# which becomes an event of its own after the call. docs/export.md shows the table.
_DISPOSITIONS: Final[dict[str, tuple[CallResult, str | None]]] = {
    **{result.value: (result, None) for result in CallResult},
    # the prospect was reached
    "connected": (CallResult.CONNECTED, None),
    "answered": (CallResult.CONNECTED, None),
    "contact": (CallResult.CONNECTED, None),
    "contact_made": (CallResult.CONNECTED, None),
    "call_connected": (CallResult.CONNECTED, None),
    "callback_requested": (CallResult.CONNECTED, None),
    "set_callback": (CallResult.CONNECTED, None),
    "call_back_later": (CallResult.CONNECTED, None),
    "answered_follow_up": (CallResult.CONNECTED, None),
    "connected_callback_requested": (CallResult.CONNECTED, None),
    "interested": (CallResult.CONNECTED, "positive"),
    "answered_interested": (CallResult.CONNECTED, "positive"),
    "connected_interested": (CallResult.CONNECTED, "positive"),
    "not_interested": (CallResult.CONNECTED, "no"),
    "answered_not_interested": (CallResult.CONNECTED, "no"),
    "connected_not_interested": (CallResult.CONNECTED, "no"),
    "meeting_scheduled": (CallResult.CONNECTED, "meeting"),
    "meeting_booked": (CallResult.CONNECTED, "meeting"),
    "meeting_set": (CallResult.CONNECTED, "meeting"),
    "answered_meeting_set": (CallResult.CONNECTED, "meeting"),
    "connected_meeting_booked": (CallResult.CONNECTED, "meeting"),
    "appointment_set": (CallResult.CONNECTED, "meeting"),
    "appointment_booked": (CallResult.CONNECTED, "meeting"),
    "demo_booked": (CallResult.CONNECTED, "meeting"),
    "referral": (CallResult.CONNECTED, "referral"),
    "referred": (CallResult.CONNECTED, "referral"),
    "do_not_call": (CallResult.CONNECTED, "opt_out"),
    "don_t_call_again": (CallResult.CONNECTED, "opt_out"),
    "dnc": (CallResult.CONNECTED, "opt_out"),
    # a message was left: on a machine, or with a person who is not the prospect
    "left_voicemail": (CallResult.VOICEMAIL, None),
    "voicemail_left": (CallResult.VOICEMAIL, None),
    "vm_left": (CallResult.VOICEMAIL, None),
    "left_message": (CallResult.VOICEMAIL, None),
    "left_live_message": (CallResult.VOICEMAIL, None),
    "voicemail_left_message": (CallResult.VOICEMAIL, None),
    # not reached, no message left
    "no_answer_no_message": (CallResult.NO_ANSWER, None),
    "voicemail_no_message": (CallResult.NO_ANSWER, None),
    "ring_no_answer": (CallResult.NO_ANSWER, None),
    "busy": (CallResult.NO_ANSWER, None),
    "gatekeeper": (CallResult.NO_ANSWER, None),
    # the number does not reach the prospect
    "wrong_number": (CallResult.BAD_NUMBER, None),
    "not_in_service": (CallResult.BAD_NUMBER, None),
    "number_not_in_service": (CallResult.BAD_NUMBER, None),
    "disconnected": (CallResult.BAD_NUMBER, None),
    "disconnected_number": (CallResult.BAD_NUMBER, None),
    "invalid_number": (CallResult.BAD_NUMBER, None),
    "blocked": (CallResult.BAD_NUMBER, None),
}
_NON_WORD: Final = re.compile(r"[^0-9a-z]+")
_PROBE_AT: Final = datetime(2001, 1, 1, tzinfo=UTC)


def _vendor_key(text: str) -> str:
    """``'Email Opened'`` -> ``'email_opened'``: how vendor names are matched."""
    return _NON_WORD.sub("_", text.strip().lower()).strip("_")


class _RefusedError(Exception):
    """One value refused while reading a column; the reason says why."""


# --- the result of reading -----------------------------------------------------------


@attrs.frozen
class BadRow:
    r"""One row :func:`read_events` could not read, and why.

    Attributes:
        row: the row's 0-based position in the rows given (for a CSV read
            with ``csv.DictReader``, the first line after the header is 0).
        column: the export's name of the column at fault (None when the
            row itself is not a mapping).
        value: the value as it was in the export.
        reason: what was wrong and what would be accepted.
        line: for an export read from CSV text (a string, a stream or a
            ``csv.DictReader``), the line the row starts on, as a text
            editor counts them: the header is line 1 (of a file read from
            its start), so a plain file's row 0 is on line 2. None for rows
            that were not text (dicts, a DataFrame).

    Example:
        >>> import cadencekit as ck
        >>> rows = [{"prospect": "ada", "kind": "touch", "at": "2026-11-23T09:00:00", "step": 0}]
        >>> [bad] = ck.read_events(rows, errors="collect").problems
        >>> bad.row, bad.column
        (0, 'at')
        >>> print(bad)
        rows[0].at '2026-11-23T09:00:00': a time without a zone; give the export's zone with tz=... or a tz column
        >>> text = "prospect,kind,at\nada,touch,2026-11-23T09:00:00Z\n"
        >>> print(ck.read_events(text, errors="collect").problems[0])
        rows[0].kind 'touch' (line 2): a touch is about one step; give its 0-based index
    """

    row: int
    column: str | None = attrs.field(repr=brief)
    value: object = attrs.field(eq=False, repr=shown)  # a deep cell: shown, cut short
    reason: str = attrs.field(repr=text_repr)
    line: int | None = attrs.field(default=None, kw_only=True)

    def __str__(self) -> str:
        return f"{self.where} {shown(self.value)}{self._on_line}: {self.reason}"

    @property
    def where(self) -> str:
        """``rows[3].Step``: the row and the export's column, as errors name them.

        Example:
            >>> BadRow(3, "Step", "x", "expected a whole number").where
            'rows[3].Step'
        """
        return f"rows[{self.row}]" + ("" if self.column is None else f".{self.column}")

    @property
    def _on_line(self) -> str:
        return "" if self.line is None else f" (line {self.line})"

    def _error(self) -> SchemaError:
        """The error ``errors="raise"`` raises for this row: its words, its line."""
        return SchemaError(self.where, self.value, self.reason + self._on_line)


def _tuple(value: Iterable[object]) -> tuple[object, ...]:
    return value if isinstance(value, tuple) else tuple(value)


@attrs.frozen(repr=False, init=False)
class EventTable:
    """The events of an export, read and checked, one entry per good row; built by :func:`read_events`.

    Columns are tuples of the same length, one entry per row read; the
    names are cadencekit's (see :func:`read_events`). ``rows`` holds each
    entry's position in the rows given, ``problems`` the rows that could not
    be read (with ``errors="collect"``) and ``ignored`` the rows whose kind
    was mapped to None on purpose. Every row given is in exactly one of the
    three.

    :func:`read_events` is the one way in: ``EventTable(...)`` and
    ``attrs.evolve(table, ...)`` raise a :class:`~cadencekit.CadenceError`,
    since a table built from columns nobody checked (one shorter than the
    others, kinds as text, a step of -1) would be reported and replayed
    wrongly without a word. To change a table, change the rows and read
    them again (``read_events(table.to_records())`` reads a table's own
    records).

    Example:
        >>> import cadencekit as ck
        >>> rows = [
        ...     {"prospect": "ada", "kind": "email_sent", "at": "2026-11-23T09:00:00Z", "step": "0"},
        ...     {"prospect": "ada", "kind": "email_delivered", "at": "2026-11-23T09:00:01Z", "step": "0"},
        ... ]
        >>> table = ck.read_events(rows, kinds={"email_delivered": None})
        >>> len(table), table.rows, table.ignored
        (1, (0,), (1,))
    """

    rows: tuple[int, ...] = attrs.field(converter=_tuple)
    prospect: tuple[str, ...] = attrs.field(converter=_tuple)
    cadence: tuple[str | None, ...] = attrs.field(converter=_tuple)
    started: tuple[datetime | None, ...] = attrs.field(converter=_tuple)
    kind: tuple[EventKind, ...] = attrs.field(converter=_tuple)
    at: tuple[datetime, ...] = attrs.field(converter=_tuple)
    step: tuple[int | None, ...] = attrs.field(converter=_tuple)
    response: tuple[Response | None, ...] = attrs.field(converter=_tuple)
    call_result: tuple[CallResult | None, ...] = attrs.field(converter=_tuple)
    until: tuple[datetime | date | None, ...] = attrs.field(converter=_tuple)
    reason: tuple[Objection | None, ...] = attrs.field(converter=_tuple)
    variant: tuple[str | None, ...] = attrs.field(converter=_tuple)
    id: tuple[str | None, ...] = attrs.field(converter=_tuple)
    tz: tuple[str | None, ...] = attrs.field(converter=_tuple)
    country: tuple[str | None, ...] = attrs.field(converter=_tuple)
    subdiv: tuple[str | None, ...] = attrs.field(converter=_tuple)
    owner: tuple[str | None, ...] = attrs.field(converter=_tuple)
    account: tuple[str | None, ...] = attrs.field(converter=_tuple)
    what: tuple[str | None, ...] = attrs.field(converter=_tuple)
    channels: tuple[frozenset[Channel] | None, ...] = attrs.field(converter=_tuple)
    new_owner: tuple[str | None, ...] = attrs.field(converter=_tuple)
    rep_calendar: tuple[BusinessCalendar | None, ...] = attrs.field(converter=_tuple)
    problems: tuple[BadRow, ...] = attrs.field(default=(), converter=_tuple)
    ignored: tuple[int, ...] = attrs.field(default=(), converter=_tuple)
    names: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_tuple)
    """``(ours, the export's)`` for every column read: errors name the export's."""
    steps: Literal["0-based", "1-based", "numbered"] = attrs.field(default="0-based", kw_only=True)
    """How the export numbered its steps (``steps=`` of :func:`read_events`; ``"numbered"``:
    as the cadences given number them): the ``step`` column holds 0-based indexes either
    way; messages about a row speak the export's numbering where it is 1-based."""
    _fixed_offsets: bool = attrs.field(
        default=False, kw_only=True, eq=False, repr=False, alias="fixed_offsets"
    )
    """Every ``at`` carries a fixed offset (``datetime.timezone``): known when read from text."""
    _lines: Sequence[int] | None = attrs.field(
        default=None, kw_only=True, eq=False, repr=False, alias="lines"
    )
    """The line each row given starts on, for CSV text; None otherwise."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        raise CadenceError(
            "EventTable has no public constructor: read the export with read_events(...), "
            "which checks every column (read_events(table.to_records()) reads a table's own "
            "records); attrs.evolve would skip those checks"
        )

    @classmethod
    def _trusted(cls, *args: Any, **kwargs: Any) -> EventTable:
        """The one trusted constructor: columns :func:`read_events` read and checked."""
        made = object.__new__(cls)
        made.__attrs_init__(*args, **kwargs)
        return made

    def __len__(self) -> int:
        return len(self.rows)

    def __repr__(self) -> str:
        return (
            f"EventTable({len(self.rows)} events, {len(self.problems)} bad rows, "
            f"{len(self.ignored)} ignored)"
        )

    def line(self, row: int) -> int | None:
        r"""The line of the CSV text row ``row`` starts on (the header is line 1).

        None for rows that were not text (dicts, a DataFrame).

        Example:
            >>> import cadencekit as ck
            >>> ck.read_events("prospect,kind,at\nada,stop,2026-11-23T09:00:00Z\n").line(0)
            2
        """
        lines = self._lines
        return None if lines is None or not 0 <= row < len(lines) else lines[row]

    def column_name(self, ours: str) -> str:
        """The export's name of one of our columns (itself when it was not renamed).

        Example:
            >>> import cadencekit as ck
            >>> rows = [{"email": "ada", "kind": "stop", "at": "2026-11-23T09:00:00Z"}]
            >>> ck.read_events(rows, columns={"email": "prospect"}).column_name("prospect")
            'email'
        """
        return dict(self.names).get(ours, ours)

    def event(self, index: int) -> Event:
        """The :class:`~cadencekit.Event` of entry ``index``.

        Example:
            >>> import cadencekit as ck
            >>> rows = [{"prospect": "ada", "kind": "opt_out", "at": "2026-11-23T09:00:00Z"}]
            >>> ck.read_events(rows).event(0)
            Event('opt_out', '2026-11-23T09:00:00+00:00')
        """
        return Event(
            self.kind[index],
            self.at[index],
            step=self.step[index],
            response=self.response[index],
            call_result=self.call_result[index],
            until=self.until[index],
            variant=self.variant[index],
            id=self.id[index],
            reason=self.reason[index],
            what=self.what[index],
            channels=self.channels[index],
            owner=self.new_owner[index],
            rep_calendar=self.rep_calendar[index],
        )

    def _event(self, index: int) -> Event:
        """:meth:`event`, without checking again what :func:`read_events` checked."""
        at = self.at[index]
        until = self.until[index]
        if (
            type(at) is not datetime
            or type(at.tzinfo) is not timezone
            or (isinstance(until, datetime) and type(until.tzinfo) is not timezone)
        ):
            return self.event(index)  # not canonical as it is: the constructor makes it so
        return Event._trusted(
            self.kind[index],
            at,
            self.step[index],
            self.response[index],
            self.call_result[index],
            until,
            self.id[index],
            self.variant[index],
            reason=self.reason[index],
            what=self.what[index],
            channels=self.channels[index],
            owner=self.new_owner[index],
            rep_calendar=self.rep_calendar[index],
        )

    def events(self) -> tuple[Event, ...]:
        """Every entry as an :class:`~cadencekit.Event`, in the order of the rows.

        Example:
            >>> import cadencekit as ck
            >>> rows = [{"prospect": "ada", "kind": "Meeting Booked", "at": "2026-11-23T09:00:00Z"}]
            >>> ck.read_events(rows).events()
            (Event('meeting', '2026-11-23T09:00:00+00:00'),)
        """
        return tuple(self.event(index) for index in range(len(self.rows)))

    def to_records(self) -> list[dict[str, object]]:
        """One plain dict per entry, with our column names and ``row``, for ``pandas.DataFrame``.

        Example:
            >>> import cadencekit as ck
            >>> rows = [{"prospect": "ada", "kind": "Email Sent", "at": "2026-11-23T09:00:00Z", "step": 0}]
            >>> record = ck.read_events(rows).to_records()[0]
            >>> record["row"], record["kind"], record["step"]
            (0, 'touch', 0)
        """
        columns = [getattr(self, name) for name in COLUMNS]
        records = []
        for index, row in enumerate(self.rows):
            record: dict[str, object] = {"row": row}
            for name, column in zip(COLUMNS, columns, strict=True):
                value = column[index]
                record[name] = (
                    value.value
                    if isinstance(value, EventKind | Response | CallResult | Objection)
                    else _channels_text(value)
                    if isinstance(value, frozenset)
                    else value
                )
            records.append(record)
        return records


# --- reading -------------------------------------------------------------------------


def column_names(columns: object, known: Sequence[str], source: str = "export") -> dict[str, str]:
    """Ours -> the table's, from ``columns=`` (the table's -> ours), our names being ``known``.

    Shared by :func:`read_events` and ``start_many``: a name that is not
    ours, or two columns read as one of ours, is an ``InvalidFieldError``;
    a table column renamed away from its own name is no longer read as it.
    """
    names = {name: name for name in known}
    if columns is None:
        return names
    if not isinstance(columns, Mapping):
        raise InvalidFieldError(
            "columns",
            columns,
            f"expected a mapping of the {source}'s names to ours, like {{'Email': 'prospect'}}",
        )
    given: dict[str, str] = {}
    for theirs, ours in columns.items():
        if not isinstance(theirs, str) or ours not in names:
            accepted = ", ".join(names)
            raise InvalidFieldError(
                f"columns[{theirs!r}]", ours, f"expected one of our columns: {accepted}"
            )
        if ours in given:
            raise InvalidFieldError(
                f"columns[{theirs!r}]", ours, f"column {given[ours]!r} is already read as {ours!r}"
            )
        given[ours] = theirs
    taken = set(given.values())
    for ours in known:
        if ours in given:
            names[ours] = given[ours]
        elif ours in taken:  # a table column renamed away from its own name
            del names[ours]
    return names


_Extracted = tuple[int, dict[str, list[object]], set[str], Sequence[int] | None]


def _extract(rows: object, names: Mapping[str, str], bad: dict[int, BadRow]) -> _Extracted:
    """The row count, our columns' values (by our name), the export's columns, and lines.

    The lines are, for CSV, the line each row starts on; None for rows that are not text.
    """
    if is_frame(rows):
        present = {str(name) for name in rows.columns}  # type: ignore[attr-defined]
        values = {
            ours: rows[theirs].tolist()  # type: ignore[index]
            for ours, theirs in names.items()
            if theirs in present
        }
        return len(rows), values, present, None  # type: ignore[arg-type]
    if isinstance(rows, bytes | bytearray | memoryview):
        raise InvalidFieldError("rows", rows, ROWS_NOT_BYTES)
    if isinstance(rows, str):
        return _extract_text(rows, names)
    if not isinstance(rows, Mapping) and callable(getattr(rows, "read", None)):
        text = rows.read()  # type: ignore[attr-defined]
        if not isinstance(text, str):
            raise InvalidFieldError(
                "rows", text, ROWS_NOT_BYTES + " (or open the file in text mode)"
            )
        return _extract_text(text, names)
    if isinstance(rows, Mapping) or not isinstance(rows, Iterable):
        raise InvalidFieldError("rows", rows, ROWS_ACCEPTED)
    if isinstance(rows, csv.DictReader):
        return _extract_csv(rows, names)
    items: list[object] = rows if isinstance(rows, list) else list(rows)
    if not set(map(type, items)) <= {dict}:
        for index, item in enumerate(items):
            if not isinstance(item, Mapping):
                bad[index] = BadRow(
                    index, None, item, "expected a mapping (a dict) of column to value"
                )
        items = [item if isinstance(item, Mapping) else {} for item in items]
    keys: set[object] = set().union(*items)  # type: ignore[arg-type]
    present = {key for key in keys if isinstance(key, str)}
    values = {}
    for ours, theirs in names.items():
        if theirs not in present:
            continue
        try:
            values[ours] = list(map(itemgetter(theirs), items))  # type: ignore[arg-type]
        except KeyError:  # some rows lack the column
            values[ours] = [item.get(theirs) for item in items]  # type: ignore[attr-defined]
    return len(items), values, present, None


def _extract_text(text: str, names: Mapping[str, str]) -> _Extracted:
    """CSV text's columns, as ``csv.DictReader(io.StringIO(text))`` reads them, less a leading BOM."""
    start = 1 if text.startswith("\ufeff") else 0  # Excel's UTF-8 BOM: not part of a name
    plain = _split_plain(text, start, names)
    if plain is not None:
        return plain
    return _extract_csv(csv.DictReader(io.StringIO(text[start:])), names)


def _split_plain(text: str, start: int, names: Mapping[str, str]) -> _Extracted | None:
    """The common export split on commas without the csv module; None when csv is needed.

    Plain means no quote, no carriage return, no blank line and every line
    exactly as wide as the header: then csv.reader would split on every
    comma and newline too, and each column is a slice of one flat list
    (half the time of csv.reader). Unlike csv.reader, a cell longer than
    ``csv.field_size_limit()`` is not refused. ``start`` skips a BOM.
    """
    if len(text) == start or text.startswith("\n", start) or '"' in text or "\r" in text:
        return None  # (a blank first line: csv reads no column names from it)
    # Each line end becomes a cell of its own, "\n", which no other cell holds.
    flat = text.replace("\n", ",\n,").split(",")
    if start:
        flat[0] = flat[0][start:]
    lines = text.count("\n")
    if text.endswith("\n"):
        del flat[-2:]  # the last line's end and the nothing after it
        lines -= 1
    width = flat.index("\n") if lines else len(flat)
    # Every line is as wide as the header when each end sits where that puts it. A
    # blank line (csv skips it) is one cell wide: it only fits a one-column header.
    if lines and (
        len(flat) != (width + 1) * (lines + 1) - 1
        or flat[width :: width + 1].count("\n") != lines
        or (width == 1 and "\n\n" in text)
    ):
        return None
    position = {name: index for index, name in enumerate(flat[:width])}
    values = _Texts(
        (ours, flat[width + 1 + position[theirs] :: width + 1])
        for ours, theirs in names.items()
        if theirs in position
    )
    # No blank line, no quoted line end: row i is on line i + 2 (the header is line 1).
    return lines, values, set(position), range(2, lines + 2)  # type: ignore[return-value]


class _Texts(dict[str, list[str]]):
    """Columns split from CSV text: every value a str, so nobody checks their types again."""


def _extract_csv(reader: csv.DictReader[str], names: Mapping[str, str]) -> _Extracted:
    """A DictReader's columns read from its lists: the dicts it would build are never made.

    Each row's line is the line it starts on, as the csv module counts them
    (the header is line 1 of a file read from its start).
    """
    lists: list[list[str]] = []
    starts: list[int] = []
    try:
        header = list(reader.fieldnames or ())
        source = reader.reader
        add, mark = lists.append, starts.append
        before = source.line_num
        for row in source:
            if row:  # DictReader skips blank lines too
                add(row)
                mark(before + 1)
            before = source.line_num
    except csv.Error as error:  # a cell past csv.field_size_limit(), a NUL: the csv module's
        raise InvalidFieldError(
            "rows",
            f"<CSV, after line {reader.line_num}>",
            f"the csv module cannot read it ({error}); a cell it reads may hold at most "
            f"{csv.field_size_limit():,} characters",
        ) from None
    width = len(header)
    values: dict[str, list[object]] = _Texts()  # type: ignore[assignment]
    if (
        lists and min(map(len, lists)) < width
    ):  # short rows: the rest is restval, as DictReader does
        padding: list[str] = [reader.restval] * width  # type: ignore[list-item]
        lists = [row if len(row) >= width else row + padding[len(row) :] for row in lists]
        values = {}  # restval may be anything
    position = {name: index for index, name in enumerate(header)}
    for ours, theirs in names.items():
        if theirs in position:
            values[ours] = list(map(itemgetter(position[theirs]), lists))
    return len(lists), values, set(position), starts


class _Parsed(dict[object, object]):
    """Each distinct value of a column, parsed when first met (a refusal read as None)."""

    def __init__(self, parse: Callable[[object], object]) -> None:
        super().__init__()
        self.parse = parse
        self.refused: dict[object, str] = {}

    def __missing__(self, value: object) -> object:
        try:
            result = self.parse(value)
        except _RefusedError as why:
            result = None
            self.refused[value] = str(why)
        self[value] = result
        return result


def _by_value(
    values: list[object], parse: Callable[[object], object], distinct: list[object] | None = None
) -> tuple[list[object], list[tuple[int, str]]]:
    """``parse`` each value, once per distinct value when they repeat; (results, [(index, reason)]).

    ``distinct``, when given, is extended with the results, each different one at least once.
    """
    table = _Parsed(parse)
    try:
        out = list(map(table.__getitem__, values))
    except TypeError:  # unhashable values: one at a time
        out = None
    if out is not None and not any(type(value) is bool for value in table):  # True == 1
        if distinct is not None:
            distinct.extend(table.values())
        refused = table.refused
        if not refused:
            return out, []
        return out, [(i, refused[v]) for i, v in enumerate(values) if v in refused]
    out = []
    problems = []
    for index, value in enumerate(values):
        try:
            out.append(parse(value))
        except _RefusedError as why:
            out.append(None)
            problems.append((index, str(why)))
    if distinct is not None:
        distinct.extend(out)
    return out, problems


def _text(value: object) -> str | None:
    if missing_cell(value):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # a numeric id column
    try:
        return str(to_whole(value, ""))  # 1234.0: a numeric id column with gaps in pandas
    except InvalidFieldError:
        raise _RefusedError("expected text (or a whole number, read as text)") from None


def _required_text(value: object) -> str:
    text = _text(value)
    if text is None:
        raise _RefusedError("required: a non-empty value")
    return text


def _text_column(
    values: list[object], required: bool, strings: bool = False
) -> tuple[list[object], list[tuple[int, str]]]:
    """Text as it is (prospect ids, event ids): one object for each distinct value.

    ``strings``: every value is known to be a str (split from CSV text).
    Sharing the objects makes the checks run once per distinct value, and
    the later passes over the column (grouping rows by prospect) compare
    objects that are the same rather than strings that are equal.
    """
    if strings and not required and all(map(str.strip, values)):  # type: ignore[arg-type]
        return values, []  # event ids: mostly distinct, so sharing would buy nothing
    if strings or set(map(type, values)) <= {str}:
        shared: dict[object, object] = {}
        out = list(map(shared.setdefault, values, values))
        if all(shared) and not any(map(str.isspace, shared)):  # type: ignore[arg-type]
            return out, []
    return _by_value(values, _required_text if required else _text)


def _moment(value: object) -> datetime | None:
    """A datetime, aware or naive (naive ones are read in a zone later); None when missing."""
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            try:
                from dateutil.parser import isoparse  # odd ISO 8601 only: 10 ms to import

                return isoparse(text)
            except (ValueError, OverflowError):
                raise _RefusedError(
                    "expected an ISO 8601 time like '2026-11-23T09:00:00-05:00'"
                ) from None
    if missing_cell(value):
        return None
    if isinstance(value, datetime):
        if type(value) is not datetime:  # pandas.Timestamp: a plain datetime
            return datetime(
                value.year,
                value.month,
                value.day,
                value.hour,
                value.minute,
                value.second,
                value.microsecond,
                value.tzinfo,
                fold=value.fold,
            )
        return value
    raise _RefusedError("expected an ISO 8601 time like '2026-11-23T09:00:00-05:00' or a datetime")


def _moments(
    values: list[object],
) -> tuple[list[datetime | None], list[tuple[int, str]], bool]:
    """The moments, the problems, and whether every one was ISO text (a fixed offset, or none)."""
    try:  # the common case: every value an ISO string datetime.fromisoformat reads
        # Each distinct time parsed once, one object for its rows (an export repeats its
        # times: 108,770 of the realistic export's 853,969): less to build and to keep, and
        # the later passes over the column touch fewer objects.
        distinct = dict.fromkeys(values)
        parsed = dict(zip(distinct, map(datetime.fromisoformat, distinct), strict=True))  # type: ignore[arg-type]
        return list(map(parsed.__getitem__, values)), [], True
    except (TypeError, ValueError):
        pass
    out: list[datetime | None] = []
    problems = []
    for index, value in enumerate(values):
        try:
            out.append(_moment(value))
        except _RefusedError as why:
            out.append(None)
            problems.append((index, str(why)))
    return out, problems, False


_TZINFO: Final = attrgetter("tzinfo")


def _has_naive(moments: Sequence[object]) -> bool:
    """Whether any moment is a naive datetime (dates and None are not)."""
    try:  # the common case: every entry a datetime
        return None in map(_TZINFO, moments)
    except AttributeError:
        return any(isinstance(m, datetime) and m.tzinfo is None for m in moments)


def _fill_blanks(
    ours: str,
    values: list[Any],
    by: tuple[Sequence[object], ...],
    skip: set[int],
    bad: dict[int, BadRow],
    names: Mapping[str, str],
    raw: Mapping[str, list[object]],
    several: str,
) -> None:
    """Blank ``values`` take the one value the rows agreeing on ``by`` give; several: a bad row.

    ``by`` are the columns that say whose rows they are (the prospect; the
    prospect and cadence). Bad and ignored rows (``skip``) neither give nor
    take. ``several`` is the reason, with ``{}`` for the values found.
    """
    given: dict[tuple[object, ...], dict[object, None]] = {}
    blanks: list[int] = []
    for index, key in enumerate(zip(*by, strict=True)):
        value = values[index]
        if index in skip:
            continue
        if value is None:
            blanks.append(index)
        else:
            given.setdefault(key, {}).setdefault(value, None)  # equal starts: the first one
    for index in blanks:
        found = given.get(tuple(column[index] for column in by))
        if not found:
            continue  # none of the rows names one
        if len(found) == 1:
            values[index] = next(iter(found))
            continue
        shown = ", ".join(
            repr(value.isoformat() if isinstance(value, datetime) else value) for value in found
        )
        bad[index] = BadRow(
            index, names[ours], raw[ours][index], "blank, and " + several.format(shown)
        )


def _start_zones(
    moments: Sequence[object], prospects: Sequence[object], zones: Sequence[object]
) -> dict[tuple[object, datetime], dict[str, tzinfo]]:
    """For each prospect and start written without an offset, the zones its rows name.

    Keyed ``(prospect, naive start)``; each value maps a zone's name to the
    zone, in the order met. One zone: the start is read in it (a row with a
    blank ``tz`` takes it); several: which instant the start is, is unclear.
    """
    agreed: dict[tuple[object, datetime], dict[str, tzinfo]] = {}
    for index, moment in enumerate(moments):
        zone = zones[index]
        if zone is not None and isinstance(moment, datetime) and moment.tzinfo is None:
            found: tzinfo = zone[0]  # type: ignore[index]
            key: str | None = zone[1]  # type: ignore[index]
            agreed.setdefault((prospects[index], moment), {})[key or str(found)] = found
    return agreed


_FIRST_FULL_DAY: Final = datetime(1, 1, 2, tzinfo=UTC)
_PAST_LAST_FULL_DAY: Final = datetime(9999, 12, 31, tzinfo=UTC)
_AT_THE_ENDS: Final = (
    "is within a day of year 1 or 9999: its local time in a zone, or what it sets off, "
    "may fall outside the years 1-9999 Python's dates hold"
)


def _at_the_ends(moments: Sequence[object]) -> list[int]:
    """The indexes of the moments within a day of year 1 or 9999 (read as instants, UTC).

    Their local time in some zone may not exist, and which zone is asked
    depends on the rows (and on ``tz`` given to the report): refused here,
    neither the engine nor the report's quick fold ever meets one, so both
    answer alike. A date-only end (``until``) on the first or last day is
    refused too. Most columns are cleared by their least and greatest (a C
    loop); the rest are checked one by one.
    """
    if not moments:
        return []
    try:
        if min(moments) >= _FIRST_FULL_DAY and max(moments) < _PAST_LAST_FULL_DAY:  # type: ignore[type-var, operator]
            return []
    except TypeError:  # a gap (None), a date, a naive time: the long way
        pass
    found = []
    for index, moment in enumerate(moments):
        if isinstance(moment, datetime):
            if moment.tzinfo is not None and not (_FIRST_FULL_DAY <= moment < _PAST_LAST_FULL_DAY):
                found.append(index)
        elif isinstance(moment, date) and moment in (date.min, date.max):
            found.append(index)
    return found


def _until(value: object) -> datetime | date | None:
    if isinstance(value, str) and 0 < len(value.strip()) <= 10:
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return _moment(value)
    except _RefusedError:
        raise _RefusedError(
            "expected a date like '2026-11-30' or a time like '2026-11-30T09:00:00-05:00'"
        ) from None


def _reason_cell(value: object) -> Objection | None:
    """A reason cell: why a "no" or "maybe" reply said so (an :class:`~cadencekit.Objection`)."""
    if missing_cell(value):
        return None
    if isinstance(value, str):
        try:
            return Objection(_vendor_key(value))
        except ValueError:
            pass
    elif isinstance(value, Objection):
        return value
    accepted = ", ".join(repr(reason.value) for reason in Objection)
    raise _RefusedError(f"expected why a 'no' or 'maybe' reply said so: one of {accepted}")


def _channels_text(channels: frozenset[Channel]) -> str:
    """A skip's channels as a cell: their values, sorted, comma-separated (``"call,email"``)."""
    return ",".join(sorted(channel.value for channel in channels))


def _channels_cell(value: object) -> frozenset[Channel] | None:
    """A channels cell: one channel, several comma-separated (``"email, sms"``), or a set of them."""
    if missing_cell(value):
        return None
    items: object = value
    if isinstance(value, str):
        items = [part.strip() for part in value.split(",")]
    try:
        return Event(EventKind.SKIP, _PROBE_AT, channels=items).channels  # as a skip reads them
    except InvalidFieldError:
        accepted = ", ".join(repr(channel.value) for channel in Channel)
        raise _RefusedError(
            f"expected a skip's channels: one or more of {accepted}, comma-separated"
        ) from None


def _calendar_cell(value: object) -> BusinessCalendar | None:
    """A rep_calendar cell: a reassign's rep calendar (a country code like ``"DE"``, or a calendar)."""
    if missing_cell(value):
        return None
    try:
        return _time.calendar(value, "rep_calendar")
    except InvalidFieldError as error:
        raise _RefusedError(error.expected) from None


def _step_reader(base: int) -> Callable[[object], int | None]:
    word = "1-based" if base else "0-based"

    def read(value: object) -> int | None:
        if missing_cell(value):
            return None
        if isinstance(value, str):
            text = value.strip()
            try:
                value = int(text)
            except ValueError:
                try:
                    value = float(text)
                except ValueError:
                    raise _RefusedError(f"expected a whole number: the {word} step") from None
        try:
            step = to_whole(value, "step")
        except InvalidFieldError:
            raise _RefusedError(f"expected a whole number: the {word} step") from None
        if step < base:
            raise _RefusedError(f"steps are {word} (steps={word!r}): the first step is {base}")
        return step - base

    return read


def _numbering(steps: object) -> dict[str | None, Cadence] | None:
    """``read_events``' ``steps``: None for an index column, else the cadences by name."""
    if isinstance(steps, str) and steps in ("0-based", "1-based"):
        return None
    if isinstance(steps, Cadence):
        return {None: steps}
    if (
        isinstance(steps, Mapping)
        and steps
        and all(isinstance(k, str) and isinstance(v, Cadence) for k, v in steps.items())
    ):
        return dict(steps)
    if isinstance(steps, list | tuple) and steps and all(isinstance(c, Cadence) for c in steps):
        named = {cadence.name: cadence for cadence in steps}  # as start_many takes them
        if len(named) == len(steps):
            return dict(named)
    raise InvalidFieldError(
        "steps",
        steps,
        "expected '0-based', '1-based', a Cadence (numbers as it numbers its steps), "
        "a list of cadences with different names, or a mapping of cadence names to cadences",
    )


_ON_EMAIL: Final = frozenset({EventKind.OPEN, EventKind.CLICK, EventKind.BOUNCE})


def _number_steps(
    cadences: dict[str | None, Cadence],
    step: list[object],
    kind: list[object],
    prospect: list[object],
    cadence: list[object],
    at: Sequence[datetime | None],
    bad: dict[int, BadRow],
    names: Mapping[str, str],
    raw: Mapping[str, list[object]],
) -> list[object]:
    """Turn step numbers (read 1-based as ``n - 1``) into touch indexes of their cadence.

    The touch and skip rows of one prospect, cadence and number take the
    step's touches in time order (the last one repeats); other rows take
    the step's first email, else its first touch.
    """
    out = list(step)
    queue: dict[tuple[object, object, int], list[int]] = {}
    for index, value in enumerate(step):
        if value is None or index in bad:
            continue
        number = int(value) + 1  # type: ignore[call-overload]
        named = cadence[index] if None not in cadences else None
        chosen = cadences.get(named if isinstance(named, str) else None)
        if chosen is None:
            out[index] = None
            known = ", ".join(repr(k) for k in cadences)
            bad[index] = BadRow(
                index,
                names.get("cadence", "cadence"),
                raw["cadence"][index] if "cadence" in raw else None,
                f"steps are numbered by the cadences given (steps=...): {known}; "
                "this row names none of them",
            )
            continue
        touches = chosen.steps_numbered(number)
        if not touches:
            out[index] = None
            last = max(chosen.step_numbers)
            bad[index] = BadRow(
                index,
                names["step"],
                raw["step"][index],
                f"{chosen.name!r} has no step {number}: its steps are numbered 1 to {last}",
            )
            continue
        meaning = kind[index]
        event_kind = meaning[0][0] if isinstance(meaning, tuple) else None
        if event_kind in (EventKind.TOUCH, EventKind.SKIP):
            queue.setdefault((prospect[index], chosen.name, number), []).append(index)
            out[index] = touches[0]
        elif event_kind in _ON_EMAIL:
            emails = [t for t in touches if chosen[t].channel is Channel.EMAIL]
            out[index] = (emails or touches)[0]
        else:
            out[index] = touches[0]
    for (_, name, number), rows in queue.items():
        chosen = next(c for c in cadences.values() if c.name == name)
        touches = chosen.steps_numbered(number)
        rows.sort(key=lambda i: (at[i] or _PROBE_AT, i))
        for position, index in enumerate(rows):
            out[index] = touches[min(position, len(touches) - 1)]
    return out


def _member(enum_type: type[Response] | type[CallResult]) -> Callable[[object], object]:
    def read(value: object) -> object:
        if missing_cell(value):
            return None
        if isinstance(value, str):
            normal = _vendor_key(value)
            for member in enum_type:
                if member.value == normal:
                    return member
        accepted = ", ".join(repr(member.value) for member in enum_type)
        raise _RefusedError(f"expected one of {accepted}")

    return read


def _zone_name(value: object) -> tuple[tzinfo, str | None] | None:
    if missing_cell(value):
        return None
    try:
        return _time.zone(value.strip() if isinstance(value, str) else value)
    except InvalidFieldError as error:
        raise _RefusedError(error.expected) from None


_Meaning = tuple[EventKind, Response | None, CallResult | None]


def _kind_table(kinds: object) -> dict[str, _Meaning | None]:
    table: dict[str, _Meaning | None] = dict(_VENDOR_KINDS)
    if kinds is None:
        return table
    if not isinstance(kinds, Mapping):
        raise InvalidFieldError(
            "kinds",
            kinds,
            "expected a mapping of the export's event names to ours, like {'Email Sent': 'touch'}",
        )
    for name, meaning in kinds.items():
        field = f"kinds[{name!r}]"
        if not isinstance(name, str) or not _vendor_key(name):
            raise InvalidFieldError(field, name, "expected an event name (text)")
        key = _vendor_key(name)
        if meaning is None:
            table[key] = None
        elif isinstance(meaning, Mapping):
            unknown = set(meaning) - {"kind", "response", "call_result"}
            if unknown or "kind" not in meaning:
                raise InvalidFieldError(
                    field,
                    meaning,
                    "expected {'kind': ..., 'response': ..., 'call_result': ...} (kind required)",
                )
            kind = to_enum(EventKind, meaning["kind"], f"{field}['kind']")
            response = meaning.get("response")
            fixed: Response | None = None
            if response is not None and kind is EventKind.REPLY and response != "meeting":
                kind, fixed = _outcome(response, f"{field}['response']")  # opt_out: an opt-out
            elif response is not None:
                fixed = to_enum(Response, response, f"{field}['response']")
            result = meaning.get("call_result")
            table[key] = (
                kind,
                fixed,
                None if result is None else to_enum(CallResult, result, f"{field}['call_result']"),
            )
        else:
            table[key] = (to_enum(EventKind, meaning, field), None, None)
    return table


_OUTCOMES: Final = "a reply's label ('positive', 'no', 'maybe', 'referral', 'opt_out') or 'meeting'"


class _Outcome:
    """A disposition that says what the prospect decided on the call.

    It holds the call's result, and the event (kind and response) that follows
    the call. One per distinct name.
    """

    __slots__ = ("kind", "response", "result")

    def __init__(self, result: CallResult, kind: EventKind, response: Response | None) -> None:
        self.result = result
        self.kind = kind
        self.response = response


def _outcome(value: object, field: str) -> tuple[EventKind, Response | None]:
    """What an outcome names, as an event: a reply's label (through Event.reply), or a meeting."""
    if value in ("meeting", EventKind.MEETING):
        return EventKind.MEETING, None
    try:
        event = Event.reply(_PROBE_AT, value, step=0)  # type: ignore[arg-type]
    except InvalidFieldError:
        raise InvalidFieldError(field, value, f"expected {_OUTCOMES}") from None
    return event.kind, event.response


_Disposition = CallResult | _Outcome


def _disposition_table(dispositions: object) -> dict[str, _Disposition | None]:
    """Normalised disposition name -> the call result, or an outcome; None: no result."""
    table: dict[str, _Disposition | None] = {}
    for name, (result, label) in _DISPOSITIONS.items():
        table[name] = result if label is None else _Outcome(result, *_outcome(label, name))
    if dispositions is None:
        return table
    if not isinstance(dispositions, Mapping):
        raise InvalidFieldError(
            "dispositions",
            dispositions,
            "expected a mapping of the export's call dispositions to our call results, "
            "like {'Left VM': 'voicemail'}",
        )
    for name, meaning in dispositions.items():
        field = f"dispositions[{name!r}]"
        if not isinstance(name, str) or not _vendor_key(name):
            raise InvalidFieldError(field, name, "expected a disposition's name (text)")
        key = _vendor_key(name)
        if meaning is None:
            table[key] = None
        elif isinstance(meaning, Mapping):
            if set(meaning) - {"call_result", "outcome"} or "call_result" not in meaning:
                raise InvalidFieldError(
                    field,
                    meaning,
                    "expected {'call_result': ..., 'outcome': ...} (call_result required; "
                    f"outcome: {_OUTCOMES})",
                )
            result = to_enum(CallResult, meaning["call_result"], f"{field}['call_result']")
            label = meaning.get("outcome")
            table[key] = (
                result
                if label is None
                else _Outcome(result, *_outcome(label, f"{field}['outcome']"))
            )
        else:
            table[key] = to_enum(CallResult, meaning, field)
    return table


def _disposition_reader(table: Mapping[str, _Disposition | None]) -> Callable[[object], object]:
    ours = ", ".join(repr(result.value) for result in CallResult)
    known = ", ".join(
        sorted(name for name in table if name not in {r.value for r in CallResult})[:8]
    )

    def read(value: object) -> object:
        if missing_cell(value):
            return None
        if isinstance(value, str):
            key = _vendor_key(value)
            if key in table:
                return table[key]
        raise _RefusedError(
            f"not a call result cadencekit knows; map it with dispositions={{{shown(str(value))}: "
            f"'no_answer'}} (or None for no result). Ours: {ours}; also read: {known}, ..."
        )

    return read


class _Read(tuple[_Meaning, bool]):
    """What one export name means, and whether it is a reply left unclassified.

    One per distinct name (see :class:`_Parsed`): compared and hashed as
    itself, so a million rows are looked up by meaning without hashing tuples.
    """

    __slots__ = ()
    __hash__ = object.__hash__

    def __eq__(self, other: object) -> bool:
        return self is other

    def __ne__(self, other: object) -> bool:
        return self is not other


def _kind_reader(table: Mapping[str, _Meaning | None]) -> Callable[[object], object]:
    known = sorted(name for name in table if name not in {k.value for k in EventKind})

    def read(value: object) -> object:
        if missing_cell(value):
            raise _RefusedError("required: an event kind")
        if not isinstance(value, str):
            raise _RefusedError("expected an event name (text)")
        key = _vendor_key(value)
        if key not in table:
            ours = ", ".join(repr(kind.value) for kind in EventKind)
            raise _RefusedError(
                f"not an event kind cadencekit knows; map it with kinds={{{shown(value)}: 'touch'}} "
                f"(or None to ignore it). Ours: {ours}; also read: {', '.join(known[:8])}, ..."
            )
        meaning = table[key]
        if meaning is None:
            return _IGNORE
        if key in _UNCLASSIFIED and meaning == _VENDOR_KINDS.get(key):
            return _Read(
                (meaning, True)
            )  # a reply the vendor did not classify: 'other' unless told
        return _Read((meaning, False))

    return read


_IGNORE: Final = object()


class _Relabel:
    """A reply's label that is an event of its own kind (``opt_out``, ``bounce``)."""

    __slots__ = ("kind", "label")

    def __init__(self, kind: EventKind, label: str) -> None:
        self.kind = kind
        self.label = label


def _reply_label(value: object) -> object:
    """A response cell: a :class:`Response`, or the event a reply's label makes (opt-out)."""
    if missing_cell(value):
        return None
    if isinstance(value, str):
        key = _vendor_key(value)
        try:
            event = Event.reply(_PROBE_AT, key, step=0)  # one mapping: Event.reply's
        except InvalidFieldError:
            pass
        else:
            if event.kind is EventKind.REPLY:
                return event.response
            return _Relabel(event.kind, key)  # once per distinct cell (see _by_value)
    accepted = ", ".join(
        repr(label) for label in (*(r.value for r in Response), "opt_out", "bounce")
    )
    raise _RefusedError(f"expected a reply's label: one of {accepted}")


def _read_texts(
    texts: list[object],
    kind: list[object],
    response: list[object],
    at: Sequence[datetime | None],
    zones: list[object],
    country: list[object],
    subdiv: list[object],
    bad: Mapping[int, BadRow],
) -> dict[int, tuple[Any, bool]]:
    """Each reply's text read with its row's zone and country: index -> (reading, open).

    Open: nothing else says what the reply is (a blank response, and an
    event name that fixes none), so the reading decides; otherwise only an
    opt-out it reads stands.
    """
    from .calendar import BusinessCalendar
    from .replies import read_reply  # only for exports with reply texts: its phrases load

    calendars: dict[tuple[object, object], BusinessCalendar | None] = {}
    readings: dict[int, tuple[Any, bool]] = {}
    for index, text in enumerate(texts):
        meaning = kind[index]
        moment = at[index]
        if (
            not isinstance(text, str)
            or not text.strip()
            or not isinstance(meaning, tuple)
            or meaning[0][0] is not EventKind.REPLY
            or moment is None
            or index in bad
        ):
            continue
        place = (country[index], subdiv[index])
        if place not in calendars:
            calendars[place] = (
                None if place[0] is None else BusinessCalendar(country=place[0], subdiv=place[1])  # type: ignore[arg-type]
            )
        zone = zones[index]
        reading = read_reply(
            text,
            received_at=moment,
            tz=zone[0] if zone is not None else moment.tzinfo,  # type: ignore[index, arg-type]
            calendar=calendars[place],
        )
        readings[index] = (reading, response[index] is None and meaning[0][1] is None)
    return readings


def _apply_readings(
    readings: Mapping[int, tuple[Any, bool]],
    kinds: list[object],
    responses: list[object],
    until: list[object],
    reasons: list[object],
    nothing: list[object],
) -> tuple[list[object], list[object]]:
    """What each reading says, where it decides; the until and reason columns, filled in.

    A return date or day to try again fills a blank ``until``, and why a
    "no" or "maybe" said so a blank ``reason``; an opt-out read over what
    the export said clears the row's reason (an opt-out says no why).
    """
    dated, why = until, reasons
    for index, (reading, open_to_it) in readings.items():
        label = reading.label.value
        if label != "opt_out" and not open_to_it:
            continue  # the export said what the reply is; an opt-out always stands
        event = Event.reply(_PROBE_AT, label, step=0)
        kinds[index], responses[index] = event.kind, event.response
        if (
            label in ("out_of_office", "maybe")
            and reading.until is not None
            and dated[index] is None
        ):
            if dated is nothing:
                dated = list(nothing)
            dated[index] = reading.until
        if label == "opt_out" and why[index] is not None:
            why[index] = None  # read from the export: a list of its own
        elif reading.reason is not None and why[index] is None:
            if why is nothing:
                why = list(nothing)
            why[index] = reading.reason
    return dated, why


def read_events(
    rows: object,
    *,
    columns: Mapping[str, str] | None = None,
    kinds: Mapping[str, str | EventKind | Mapping[str, str] | None] | None = None,
    dispositions: Mapping[str, str | CallResult | Mapping[str, str] | None] | None = None,
    steps: Literal["0-based", "1-based"]
    | Cadence
    | Mapping[str, Cadence]
    | Sequence[Cadence] = "0-based",
    tz: str | tzinfo | None = None,
    errors: Literal["raise", "collect"] = "raise",
) -> EventTable:
    """Read an export of events, one row per event, into an :class:`EventTable`.

    Args:
        rows: a ``csv.DictReader``, a list of dicts, a pandas DataFrame
            (pandas is not needed otherwise), or the CSV text itself: a
            ``str`` holding the whole export, header row first, or a text
            stream (an open file, ``io.StringIO``), read with one
            ``.read()``. Text reads exactly as
            ``csv.DictReader(io.StringIO(text))`` would, except that a
            leading UTF-8 byte order mark (Excel writes one) is dropped;
            ``bytes`` are refused: decode them first. Missing values may be
            None, blank text or pandas' NaN/NaT/NA. Columns cadencekit does
            not read are left alone.
        columns: the export's column names mapped to ours, like
            ``{"Email": "prospect", "Event": "kind", "Timestamp": "at"}``.
            Ours: ``prospect``, ``kind``, ``at`` (required), ``cadence``,
            ``started``, ``step``, ``response``, ``call_result``, ``until``,
            ``reason``, ``variant``, ``id``, and per prospect ``tz``, ``country``,
            ``subdiv``, ``owner``, ``account``, and an event's own details:
            ``what`` (an engagement's), ``channels`` (a skip's: one channel
            or several comma-separated), ``new_owner`` and ``rep_calendar``
            (a reassign's new owner, and the new rep's calendar: a country
            code like ``"DE"`` or a :class:`~cadencekit.BusinessCalendar`;
            ``owner`` is the prospect's). A column the export names
            like ours is read without a mapping. ``reply_text``, the text
            of a reply, is read too (not kept): see below.
        kinds: the export's event names mapped to ours: an
            :class:`~cadencekit.EventKind` or its value, a dict like
            ``{"kind": "reply", "response": "positive"}``, or None to
            ignore those rows on purpose (they are listed in ``ignored``).
            Names match ignoring case, spaces and punctuation; they extend
            the built-in names (``"Email Sent"``, ``"email_opened"``,
            ``"call_completed"``, ``"Meeting Booked"``, ...: see the table
            in docs/export.md).
        dispositions: the export's call dispositions mapped to ours,
            extending the built-in ones (``"Left Voicemail"``, ``"Busy"``,
            ``"Wrong Number"``, ``"Not Interested"``, ...: see the table in
            docs/export.md): a :class:`~cadencekit.CallResult` or its value,
            ``{"call_result": "connected", "outcome": "meeting"}`` for a
            call on which the prospect decided something (the outcome: a
            reply's label or ``"meeting"``; the row gives two entries, the
            call and then that event), or None for no call result. Names
            match ignoring case, spaces and punctuation.
        steps: ``"0-based"`` (the default: step 0 is the first, as in
            :meth:`Event.to_dict`) or ``"1-based"`` (step 1 is the first,
            as most tools count), or the cadence itself (or, for an export
            with a ``cadence`` column, a mapping of cadence names to
            cadences or a list of them, as ``start_many`` takes them): the
            step column is then the step **number** as the
            cadence numbers it (:meth:`~cadencekit.Cadence.step_number`: an
            outline's own numbering, one number a line), turned into the
            index of that step's touch. A step of several touches (a call
            and its fallback voicemail, "Email then call") gives a
            prospect's touch and skip rows of that number its touches in
            time order, and any other row (an open, a reply) its first
            email, else its first touch. Whole floats like ``3.0`` are
            read; ``3.5`` is refused.
        tz: the zone the export writes times without an offset in. Without
            it, a row's own ``tz`` column serves (for a ``started``, the
            zone the prospect's rows writing that start name: a blank ``tz``
            takes it, two zones are refused); a naive time with neither is
            refused. Times with an offset are exact as they are.
        errors: ``"raise"`` raises a :class:`~cadencekit.SchemaError` for
            the first bad row (``rows[3].at``); ``"collect"`` leaves bad
            rows out of the table and lists each in ``problems`` as a
            :class:`BadRow` with its row, column, value and reason, and for
            CSV text its line (``(line 11)`` in the message, as in the error
            ``"raise"`` raises).

    A reply's response may be any :class:`~cadencekit.ReplyLabel`: a
    reply labelled ``opt_out`` is an opt-out and ``bounce`` a bounce (as
    :meth:`Event.reply <cadencekit.Event.reply>` makes them). A reply row
    with a ``reply_text`` is read with :func:`~cadencekit.read_reply`, in
    the row's ``tz`` (else the offset its time was written with) and with
    its ``country``'s calendar: where nothing else says what the reply is
    (a blank response, an event name such as ``"Replied"`` that fixes
    none), the reading decides, an out-of-office's return day, a
    maybe's day to try again and a "no" or "maybe"'s ``reason`` included
    (a ``reason`` cell the export gives stands);
    where the export says, the export stands, except that an opt-out read
    in the text always stands, whatever the row says.

    The table holds our values, checked: every entry builds an
    :class:`~cadencekit.Event` (``table.events()``), zones and countries
    exist, no moment is within a day of year 1 or 9999. A blank
    ``cadence`` or ``started`` cell takes the value the prospect's other
    rows agree on (the cadence they name; the start they give in that
    cadence), so a row is never an enrollment of its own by a blank; when
    they name several, the row is refused (which enrollment is it of?). A
    row whose kind is ignored on purpose is only ignored. Whether a step
    exists in its cadence is checked by :func:`replay_many`, which knows
    the cadences.

    Example:
        >>> import csv, io
        >>> import cadencekit as ck
        >>> export = '''Email,Event,When,Step
        ... ada@acme.com,Email Sent,2026-11-23 09:00,1
        ... ada@acme.com,Positive Reply,2026-11-23 11:30,
        ... bob@acme.com,Call Completed,yesterday,2
        ... '''
        >>> table = ck.read_events(
        ...     csv.DictReader(io.StringIO(export)),
        ...     columns={"Email": "prospect", "Event": "kind", "When": "at", "Step": "step"},
        ...     steps="1-based", tz="America/New_York", errors="collect",
        ... )
        >>> [e.response.value if e.response else None for e in table.events()]
        [None, 'positive']
        >>> print(table.problems[0])
        rows[2].When 'yesterday' (line 4): expected an ISO 8601 time like '2026-11-23T09:00:00-05:00'

        The CSV text itself reads the same, without the ``csv`` module:

        >>> export = '''prospect,kind,at,step
        ... ada,touch,2026-11-23T09:00:00Z,0
        ... '''
        >>> ck.read_events(export).events()
        (Event('touch', '2026-11-23T09:00:00+00:00', step=0),)
    """
    names = column_names(columns, (*COLUMNS, *_READ_ONLY))
    numbered = _numbering(steps)
    numbering: Literal["0-based", "1-based", "numbered"] = (
        "numbered" if numbered is not None else "1-based" if steps == "1-based" else "0-based"
    )
    if errors not in ("raise", "collect"):
        raise InvalidFieldError("errors", errors, "expected 'raise' or 'collect'")
    declared = None if tz is None else _time.zone(tz)[0]
    meanings = _kind_table(kinds)
    calls = _disposition_table(dispositions)
    bad: dict[int, BadRow] = {}
    count, raw, present, lines = _extract(rows, names, bad)
    for theirs in set(names.values()) - {*COLUMNS, *_READ_ONLY}:  # renamed ones must exist
        if count and theirs not in present:
            ours = next(o for o, t in names.items() if t == theirs)
            have = ", ".join(repr(name) for name in sorted(present))
            raise InvalidFieldError(
                f"columns[{theirs!r}]", ours, f"the export has no column {theirs!r}; it has {have}"
            )
    for ours in _REQUIRED:
        if count and ours not in raw:
            have = ", ".join(repr(name) for name in sorted(present))
            raise InvalidFieldError(
                "columns",
                columns,
                f"no column is read as {ours!r}; name one with columns={{'<export column>': {ours!r}}} "
                f"(the export has {have})",
            )

    def flag(problems: list[tuple[int, str]], ours: str, values: list[object]) -> None:
        for index, reason in problems:
            if index not in bad:
                bad[index] = BadRow(index, names[ours], values[index], reason)

    nothing: list[object] = [None] * count

    def column(ours: str, parse: Callable[[object], object]) -> list[object]:
        values = raw.get(ours)
        if values is None:
            return nothing
        out, problems = _by_value(values, parse)
        flag(problems, ours, values)
        return out

    def text(ours: str, required: bool = False) -> list[object]:
        values = raw.get(ours)
        if values is None:
            return nothing
        out, problems = _text_column(values, required, type(raw) is _Texts)
        flag(problems, ours, values)
        return out

    prospect = text("prospect", required=True)
    cadence_values = raw.get("cadence")
    named_cadences: list[object] = []  # the cadences named, each at least once
    cadence: list[object] = nothing
    if cadence_values is not None:
        cadence, problems = _by_value(cadence_values, _text, named_cadences)
        flag(problems, "cadence", cadence_values)
    kind = column("kind", _kind_reader(meanings))
    at_values = raw.get("at", nothing)
    at, problems, at_from_text = _moments(at_values)
    flag(problems, "at", at_values)
    started_values = raw.get("started")
    distinct: list[object] = []  # the starts read, each once
    if started_values is None:
        started: list[datetime | None] = nothing  # type: ignore[assignment]
    else:
        # a start repeats on each row of its enrollment: read once, one object for them all
        started, problems = _by_value(started_values, _moment, distinct)  # type: ignore[assignment]
        flag(problems, "started", started_values)
    step = column("step", _step_reader(1 if steps == "1-based" or numbered is not None else 0))
    response_values = raw.get("response")
    response: list[object] = nothing
    relabelled = False  # a reply's label that is an event of its own kind (opt_out, bounce)
    if response_values is not None:
        read_responses: list[object] = []
        response, problems = _by_value(response_values, _reply_label, read_responses)
        flag(problems, "response", response_values)
        relabelled = any(type(value) is _Relabel for value in read_responses)
    # A call's disposition: its result, and what the prospect decided when it says so (an
    # event of its own after the call): read once per distinct name.
    call_result: list[object] = nothing
    outcomes: dict[int, _Outcome] = {}
    call_values = raw.get("call_result")
    if call_values is not None:
        read_results: list[object] = []
        call_result, problems = _by_value(call_values, _disposition_reader(calls), read_results)
        flag(problems, "call_result", call_values)
        if any(type(result) is _Outcome for result in read_results):
            for index, result in enumerate(call_result):
                if type(result) is _Outcome:
                    outcomes[index] = result
                    call_result[index] = result.result
    until_values = raw.get("until")
    ends: list[object] = []  # the ends read, each at least once
    until: list[object] = nothing
    if until_values is not None:
        until, problems = _by_value(until_values, _until, ends)
        flag(problems, "until", until_values)
    reasons = column("reason", _reason_cell)
    variant = text("variant")
    event_id = text("id")
    zones = column("tz", _zone_name)
    country = column("country", _text)
    subdiv = column("subdiv", _text)
    owner = column("owner", _text)
    account = column("account", _text)
    # An event's own details: an engagement's what, a skip's channels, a reassign's owner
    # and rep calendar (checked with the rest of the row's event below).
    details = {
        "what": text("what"),
        "channels": column("channels", _channels_cell),
        "new_owner": text("new_owner"),
        "rep_calendar": column("rep_calendar", _calendar_cell),
    }
    detailed: set[int] = set()
    for values in details.values():
        if values is not nothing:
            detailed.update(compress(range(count), map(is_not, values, repeat(None))))

    # Countries (and subdivisions) the holidays package knows, once per pair.
    if "country" in raw or "subdiv" in raw:
        regions: dict[tuple[object, object], str | None] = {}
        for index, pair in enumerate(zip(country, subdiv, strict=True)):
            if pair not in regions:
                try:
                    if pair[0] is None and pair[1] is not None:
                        raise InvalidFieldError("subdiv", pair[1], "a subdivision needs a country")
                    if pair[0] is not None:
                        _time.region(pair[0], pair[1])
                    regions[pair] = None
                except InvalidFieldError as error:
                    regions[pair] = f"{error.field}: {error.expected}"
            reason = regions[pair]
            if reason is not None and index not in bad:
                ours = "subdiv" if reason.startswith("subdiv") else "country"
                bad[index] = BadRow(index, names[ours], raw[ours][index], reason.split(": ", 1)[1])

    # Naive times: read in the declared zone, else the row's own. A start, which says
    # which enrollment a row is of, is read in the zone its prospect's rows that write
    # it so agree on: read in two zones, one enrollment would become two.
    fixed_offsets = at_from_text  # ISO text gives fixed offsets, or none: read in a zone below
    each_once: dict[str, Sequence[object]] = {
        "at": at,
        "started": distinct,
        "until": ends,
    }  # what may be naive, or at an end
    for ours, moments in (("at", at), ("started", started), ("until", until)):
        if ours not in raw or not _has_naive(each_once[ours]):
            continue
        if ours == "at":
            fixed_offsets = False
        agreed: dict[tuple[object, datetime], dict[str, tzinfo]] = {}
        if ours == "started" and declared is None and zones is not nothing:
            agreed = _start_zones(moments, prospect, zones)
        for index, moment in enumerate(moments):
            if not isinstance(moment, datetime) or moment.tzinfo is not None:
                continue
            zone = declared
            if zone is None and agreed:
                found = agreed.get((prospect[index], moment))
                if found is not None and len(found) > 1:
                    if index not in bad:
                        listed = " and ".join(repr(name) for name in found)
                        bad[index] = BadRow(
                            index,
                            names["tz"],
                            raw["tz"][index],
                            f"the start {raw['started'][index]!r} has no offset, and rows of "
                            f"this prospect with it read it in {listed}: one enrollment, one "
                            "zone; give the start with an offset, or tz=...",
                        )
                    continue
                if found is not None:
                    zone = next(iter(found.values()))  # a blank tz takes the others' zone
            if zone is None and zones[index] is not None:
                zone = zones[index][0]  # type: ignore[index]
            if zone is None:
                if index not in bad:
                    bad[index] = BadRow(
                        index,
                        names[ours],
                        raw[ours][index],
                        "a time without a zone; give the export's zone with tz=... or a tz column",
                    )
                continue
            try:
                moments[index] = zone.fromutc(_time.instant(moment, zone))
            except OverflowError:  # its instant is before year 1 or after 9999
                moments[index] = None
                if index not in bad:
                    bad[index] = BadRow(
                        index,
                        names[ours],
                        raw[ours][index],
                        f"is too close to year 1 or 9999 to place in the zone {zone}",
                    )
    # A moment within a day of year 1 or 9999 may have no local time in some zone.
    for ours, moments in (("at", at), ("started", started), ("until", until)):
        if ours not in raw:
            continue
        once = each_once[ours]
        if once is not moments and not _has_naive(once) and not _at_the_ends(once):
            continue  # each start and end read once: cleared by the distinct ones
        for index in _at_the_ends(moments):
            if index not in bad:
                bad[index] = BadRow(index, names[ours], raw[ours][index], _AT_THE_ENDS)
    if None in at:
        for index, moment in enumerate(at):
            if moment is None and index not in bad:
                bad[index] = BadRow(
                    index, names["at"], at_values[index], "required: when it happened"
                )

    # What a vendor's name says beyond the kind: a reply's response, a call's result.
    meanings_seen = set(kind)
    ignored = [i for i, m in enumerate(kind) if m is _IGNORE] if _IGNORE in meanings_seen else []
    special = {
        m
        for m in meanings_seen
        if isinstance(m, tuple) and (m[0][1] is not None or m[0][2] is not None or m[1])
    }
    responses: list[object] = response
    results: list[object] = call_result
    readings: dict[int, Any] = {}
    if "reply_text" in raw:  # before the names fill the blanks: which rows are open to it
        readings = _read_texts(raw["reply_text"], kind, response, at, zones, country, subdiv, bad)
    if special:
        if responses is nothing:
            responses = list(nothing)
        if results is nothing:
            results = list(nothing)
        for index in [i for i, m in enumerate(kind) if m in special]:
            entry: tuple[_Meaning, bool] = kind[index]  # type: ignore[assignment]
            (_, fixed, fixed_result), unclassified = entry
            given, result = responses[index], results[index]
            if given is None:
                responses[index] = (
                    fixed if fixed is not None else Response.OTHER if unclassified else None
                )
            elif fixed is not None and given is not fixed and index not in bad:
                bad[index] = BadRow(
                    index,
                    names["response"],
                    raw["response"][index],
                    f"the event {raw['kind'][index]!r} says the response is {fixed.value!r}",
                )
            if result is None:
                results[index] = fixed_result
            elif fixed_result is not None and result is not fixed_result and index not in bad:
                bad[index] = BadRow(
                    index,
                    names["call_result"],
                    raw["call_result"][index],
                    f"the event {raw['kind'][index]!r} says the call result is {fixed_result.value!r}",
                )

    if numbered is not None and step is not nothing:
        step = _number_steps(numbered, step, kind, prospect, cadence, at, bad, names, raw)

    # Each row's event must build: the Event constructor decides, once per shape.
    kind_of: dict[object, object] = {
        m: m[0][0] if isinstance(m, tuple) else None for m in meanings_seen
    }
    kinds_read: list[object] = list(map(kind_of.__getitem__, kind))
    if relabelled:  # "opt_out" in a reply's response column: an opt-out
        for index, given in enumerate(responses):
            if type(given) is _Relabel:
                if kinds_read[index] is EventKind.REPLY:
                    kinds_read[index], responses[index] = given.kind, None
                else:  # the event's own check says only a reply has a response
                    responses[index] = given.label
    if readings:
        until, reasons = _apply_readings(readings, kinds_read, responses, until, reasons, nothing)
    flags = nothing if variant is nothing else list(map(is_not, variant, repeat(None)))
    shape_problem: dict[tuple[object, ...], str] = {}
    shapes: set[tuple[object, ...]]
    if flags is nothing:  # no variants: four columns make a shape
        four = set(zip(kinds_read, step, responses, results, strict=True))
        shapes = {(*shape, None) for shape in four}
    else:
        shapes = set(zip(kinds_read, step, responses, results, flags, strict=True))
    for shape in shapes:
        this_kind, this_step, given, result, has_variant = shape
        if this_kind is None:
            continue
        problem = _event_problem(
            this_kind,  # type: ignore[arg-type]
            _PROBE_AT,
            this_step,  # type: ignore[arg-type]
            given,
            result,
            "v" if has_variant else None,
            None,
        )
        if problem is not None:
            shape_problem[shape] = problem
    problems_at: list[tuple[int, str]] = []
    if shape_problem:
        problems_at = [
            (i, shape_problem[shape])
            for i, shape in enumerate(zip(kinds_read, step, responses, results, flags, strict=True))
            if shape in shape_problem and i not in detailed  # a row with details: below
        ]
    if "until" in raw or "reason" in raw or readings or detailed:
        marked: Iterable[int] = (
            compress(range(len(until)), map(is_not, until, repeat(None)))
            if reasons is nothing  # no reason anywhere: the rows with an end, found in C
            else (
                index
                for index, (value, why) in enumerate(zip(until, reasons, strict=True))
                if value is not None or why is not None
            )
        )
        if detailed:
            marked = sorted(detailed.union(marked))
        for index in marked:
            value, why = until[index], reasons[index]
            if kinds_read[index] is not None and index not in bad:
                problem = _event_problem(
                    kinds_read[index],  # type: ignore[arg-type]
                    at[index] or _PROBE_AT,
                    step[index],  # type: ignore[arg-type]
                    responses[index],
                    results[index],
                    variant[index],  # type: ignore[arg-type]
                    value,
                    why,
                    **{
                        DETAIL_COLUMNS[ours]: values[index]
                        for ours, values in details.items()
                        if values is not nothing
                    },
                )
                if problem is not None:
                    problems_at.append((index, problem))
    for index, problem in problems_at:
        if index not in bad:
            field, reason = problem.split(" ", 1)
            if field == "step" and numbering != "0-based":  # the numbering the export chose
                reason = reason.replace(
                    "its 0-based index",
                    "its step (1-based, as steps= says)"
                    if numbering == "1-based"
                    else "its step number (as steps= numbers them)",
                )
            ours = _COLUMN_OF.get(field, field)
            if ours != field:  # the column's name, not the field's
                reason = reason.replace(f"leave {field} None", f"leave {ours} blank")
            ours = ours if ours in raw else "kind"
            bad[index] = BadRow(index, names[ours], raw[ours][index], reason)

    for index in ignored:  # a row ignored on purpose is not read: never also a bad row
        bad.pop(index, None)
    # A blank cadence or start takes the value the prospect's other rows agree on; when
    # they name several, the row could be of any of those enrollments: a bad row.
    if None in named_cadences and len(set(named_cadences)) > 1:
        several = "this prospect's rows name the cadences {}: say which the row is of"
        skipped = set(bad).union(ignored)
        _fill_blanks("cadence", cadence, (prospect,), skipped, bad, names, raw, several)
    if None in distinct and len(set(distinct)) > 1:
        several = "this prospect's rows in this cadence start at {}: say which enrollment it is of"
        skipped = set(bad).union(ignored)
        _fill_blanks("started", started, (prospect, cadence), skipped, bad, names, raw, several)
    if bad and lines is not None:
        for index, row in bad.items():
            bad[index] = attrs.evolve(row, line=lines[index])
    if bad and errors == "raise":
        raise bad[min(bad)]._error()
    skip = set(bad).union(ignored)
    keep: Sequence[int] = (
        [index for index in range(count) if index not in skip] if skip else range(count)
    )
    # A call whose disposition says what the prospect decided ("Not Interested") is two
    # entries of its row: the call, then the decision (a reply, a meeting, an opt-out).
    after: dict[int, _Outcome] = {}
    if outcomes:
        after = {
            index: outcome
            for index, outcome in outcomes.items()
            if index not in skip and kinds_read[index] is EventKind.TOUCH
        }
    if after:
        entries = []
        for index in keep:
            entries.append(index)
            if index in after:
                entries.append(~index)  # the decision, after the call
        keep = entries

    blank: list[tuple[None, ...]] = []  # one tuple of Nones serves every column not given

    def pick(values: list[object]) -> tuple[object, ...]:
        if values is nothing:
            if not blank:
                blank.append((None,) * len(keep))
            return blank[0]
        if not skip and not after:
            return tuple(values)
        if after:
            return tuple(values[index if index >= 0 else ~index] for index in keep)
        return tuple(values[index] for index in keep)

    def decided(values: list[object], what: Callable[[_Outcome], object]) -> tuple[object, ...]:
        """A column whose decision entries say what the decision is (not what the call did)."""
        if not after:
            return pick(values)
        return tuple(what(after[~index]) if index < 0 else values[index] for index in keep)

    zone_names: list[object] = nothing
    if zones is not nothing:
        named = {z: z[1] or str(z[0]) for z in set(zones) if z is not None}  # type: ignore[index]
        zone_names = list(map(named.get, zones))
    return EventTable._trusted(
        tuple(index if index >= 0 else ~index for index in keep) if after else tuple(keep),
        pick(prospect),
        pick(cadence),
        pick(started),  # type: ignore[arg-type]
        decided(kinds_read, lambda outcome: outcome.kind),
        pick(at),  # type: ignore[arg-type]
        pick(step),
        decided(responses, lambda outcome: outcome.response),
        decided(results, lambda outcome: None),
        pick(until),
        decided(reasons, lambda outcome: None),
        decided(variant, lambda outcome: None),
        pick(event_id),
        pick(zone_names),
        pick(country),
        pick(subdiv),
        pick(owner),
        pick(account),
        *[pick(values) for values in details.values()],
        problems=tuple(bad[index] for index in sorted(bad)),
        ignored=tuple(ignored),
        names=tuple((ours, theirs) for ours, theirs in names.items() if ours in raw),
        steps=numbering,
        fixed_offsets=fixed_offsets,
        lines=lines,
    )


def _event_problem(
    kind: EventKind,
    at: datetime,
    step: int | None,
    response: object,
    call_result: object,
    variant: str | None,
    until: object,
    reason: object = None,
    **details: Any,
) -> str | None:
    """None when these fields build an Event; else ``'<field> <reason>'``.

    ``details`` are an event's own (``what``, ``channels``, ``owner``, ``rep_calendar``).
    """
    try:
        Event(
            kind,
            at,
            step=step,
            response=response,  # type: ignore[arg-type]
            call_result=call_result,  # type: ignore[arg-type]
            until=until,  # type: ignore[arg-type]
            variant=variant,
            reason=reason,  # type: ignore[arg-type]
            **details,
        )
    except InvalidFieldError as error:
        return f"{error.field} {error.expected}"
    return None
