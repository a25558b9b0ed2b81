"""Tables: an export of events in, enrollments out; enrollments in, tables out.

:func:`read_events` reads a CRM or sequencing tool's export, one row per
event, into an :class:`EventTable`; :func:`replay_many` turns the table
into enrollments in one call. :func:`touch_records`, :func:`event_records`
and :func:`decision_records` flatten many enrollments into one table each,
as plain dicts or (with ``frame=True``) a pandas DataFrame.

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
import functools
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timezone, tzinfo
from itertools import compress, repeat
from operator import attrgetter, is_not, itemgetter, lt
from typing import TYPE_CHECKING, Any, Final, Literal, NamedTuple, overload

import attrs

from . import _time
from ._convert import to_enum, to_list, to_whole
from ._program import (
    MANUAL_HOLD,
    UNREAD,
    Effect,
    NeedsHistory,
    Program,
    compile_program,
    midnight,
    pause_until,
)
from ._summaries import AT, Row, Summary, summary_of
from .cadence import Cadence
from .calendar import BusinessCalendar
from .enrollment import Enrollment, Status
from .errors import CadenceError, InvalidFieldError, SchemaError
from .events import CallResult, Event, EventKind, Response
from .rules import ExitReason, Match, Pause, Rule, default_rules

if TYPE_CHECKING:
    import pandas  # type: ignore[import-untyped, import-not-found, unused-ignore]

__all__ = [
    "BadRow",
    "EventTable",
    "decision_records",
    "enrollments_from_rows",
    "event_records",
    "read_events",
    "replay_many",
    "touch_records",
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
    "variant",
    "id",
    "tz",
    "country",
    "subdiv",
    "owner",
    "account",
)
_REQUIRED: Final = ("prospect", "kind", "at")

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
    # what the prospect did with an email
    "opened": (EventKind.OPEN, None, None),
    "email_opened": (EventKind.OPEN, None, None),
    "clicked": (EventKind.CLICK, None, None),
    "email_clicked": (EventKind.CLICK, None, None),
    "link_clicked": (EventKind.CLICK, None, None),
    "bounced": (EventKind.BOUNCE, None, None),
    "email_bounced": (EventKind.BOUNCE, None, None),
    "hard_bounce": (EventKind.BOUNCE, None, None),
    # replies: the response column says how, else the name does
    "replied": (EventKind.REPLY, None, None),
    "email_replied": (EventKind.REPLY, None, None),
    "reply_received": (EventKind.REPLY, None, None),
    "positive_reply": (EventKind.REPLY, Response.POSITIVE, None),
    "interested": (EventKind.REPLY, Response.POSITIVE, None),
    "not_interested": (EventKind.REPLY, Response.NO, None),
    "negative_reply": (EventKind.REPLY, Response.NO, None),
    "out_of_office": (EventKind.REPLY, Response.OUT_OF_OFFICE, None),
    "auto_reply": (EventKind.REPLY, Response.OUT_OF_OFFICE, None),
    "meeting_booked": (EventKind.MEETING, None, None),
    "meeting_scheduled": (EventKind.MEETING, None, None),
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
    # the rep or the host
    "paused": (EventKind.PAUSE, None, None),
    "resumed": (EventKind.RESUME, None, None),
    "skipped": (EventKind.SKIP, None, None),
    "step_skipped": (EventKind.SKIP, None, None),
    "stopped": (EventKind.STOP, None, None),
    "removed_from_sequence": (EventKind.STOP, None, None),
}
# Vendor replies without a response column value: a reply not classified yet.
_UNCLASSIFIED: Final = frozenset({"replied", "email_replied", "reply_received"})
_NON_WORD: Final = re.compile(r"[^0-9a-z]+")
_PROBE_AT: Final = datetime(2001, 1, 1, tzinfo=UTC)


def _vendor_key(text: str) -> str:
    """``'Email Opened'`` -> ``'email_opened'``: how vendor names are matched."""
    return _NON_WORD.sub("_", text.strip().lower()).strip("_")


class _RefusedError(Exception):
    """One value refused while reading a column; the reason says why."""


def _missing(value: object) -> bool:
    """None, blank text, or pandas' missing markers (NaN, NaT, NA)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(value != value)  # NaN and NaT are not equal to themselves
    except (TypeError, ValueError):  # pandas.NA refuses to be a bool
        return True


# --- the result of reading -----------------------------------------------------------


@attrs.frozen
class BadRow:
    """One row :func:`read_events` could not read, and why.

    Attributes:
        row: the row's 0-based position in the rows given (for a CSV read
            with ``csv.DictReader``, the first line after the header is 0).
        column: the export's name of the column at fault (None when the
            row itself is not a mapping).
        value: the value as it was in the export.
        reason: what was wrong and what would be accepted.

    Example:
        >>> import cadencekit as ck
        >>> rows = [{"prospect": "ada", "kind": "touch", "at": "2026-11-23T09:00:00", "step": 0}]
        >>> [bad] = ck.read_events(rows, errors="collect").problems
        >>> bad.row, bad.column
        (0, 'at')
        >>> print(bad)
        rows[0].at '2026-11-23T09:00:00': a time without a zone; give the export's zone with tz=... or a tz column
    """

    row: int
    column: str | None
    value: object = attrs.field(eq=False)
    reason: str

    def __str__(self) -> str:
        where = f"rows[{self.row}]" + ("" if self.column is None else f".{self.column}")
        return f"{where} {self.value!r}: {self.reason}"


def _tuple(value: Iterable[object]) -> tuple[object, ...]:
    return value if isinstance(value, tuple) else tuple(value)


@attrs.frozen(repr=False)
class EventTable:
    """The events of an export, read and checked, one entry per good row; built by :func:`read_events`.

    Columns are tuples of the same length, one entry per row read; the
    names are cadencekit's (see :func:`read_events`). ``rows`` holds each
    entry's position in the rows given, ``problems`` the rows that could not
    be read (with ``errors="collect"``) and ``ignored`` the rows whose kind
    was mapped to None on purpose. Every row given is in exactly one of the
    three.

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
    variant: tuple[str | None, ...] = attrs.field(converter=_tuple)
    id: tuple[str | None, ...] = attrs.field(converter=_tuple)
    tz: tuple[str | None, ...] = attrs.field(converter=_tuple)
    country: tuple[str | None, ...] = attrs.field(converter=_tuple)
    subdiv: tuple[str | None, ...] = attrs.field(converter=_tuple)
    owner: tuple[str | None, ...] = attrs.field(converter=_tuple)
    account: tuple[str | None, ...] = attrs.field(converter=_tuple)
    problems: tuple[BadRow, ...] = attrs.field(default=(), converter=_tuple)
    ignored: tuple[int, ...] = attrs.field(default=(), converter=_tuple)
    names: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_tuple)
    """``(ours, the export's)`` for every column read: errors name the export's."""
    _checked: bool = attrs.field(default=False, kw_only=True, eq=False, repr=False, alias="checked")
    """Built by :func:`read_events`, which checked every entry builds an Event."""
    _fixed_offsets: bool = attrs.field(
        default=False, kw_only=True, eq=False, repr=False, alias="fixed_offsets"
    )
    """Every ``at`` carries a fixed offset (``datetime.timezone``): known when read from text."""

    def __len__(self) -> int:
        return len(self.rows)

    def __repr__(self) -> str:
        return (
            f"EventTable({len(self.rows)} events, {len(self.problems)} bad rows, "
            f"{len(self.ignored)} ignored)"
        )

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
        )

    def _event(self, index: int) -> Event:
        """:meth:`event`, without checking again what :func:`read_events` checked."""
        at = self.at[index]
        until = self.until[index]
        if (
            not self._checked
            or type(at) is not datetime
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
        )

    def _report_groups(
        self, cadences: Cadence | Mapping[str, Cadence] | Iterable[Cadence], **options: Any
    ) -> tuple[list[Summary], Sequence[Enrollment]]:
        """What ``report(table, cadences=...)`` reads (see metrics.py): :func:`_report_groups`."""
        return _report_groups(self, cadences, **options)

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
                    value.value if isinstance(value, EventKind | Response | CallResult) else value
                )
            records.append(record)
        return records


# --- reading -------------------------------------------------------------------------


def _column_names(columns: object) -> dict[str, str]:
    """Ours -> the export's, from ``columns=`` (the export's -> ours)."""
    names = {name: name for name in COLUMNS}
    if columns is None:
        return names
    if not isinstance(columns, Mapping):
        raise InvalidFieldError(
            "columns",
            columns,
            "expected a mapping of the export's names to ours, like {'Email': 'prospect'}",
        )
    given: dict[str, str] = {}
    for theirs, ours in columns.items():
        if not isinstance(theirs, str) or ours not in COLUMNS:
            accepted = ", ".join(COLUMNS)
            raise InvalidFieldError(
                f"columns[{theirs!r}]", ours, f"expected one of our columns: {accepted}"
            )
        if ours in given:
            raise InvalidFieldError(
                f"columns[{theirs!r}]", ours, f"column {given[ours]!r} is already read as {ours!r}"
            )
        given[ours] = theirs
    taken = set(given.values())
    for ours in COLUMNS:
        if ours in given:
            names[ours] = given[ours]
        elif ours in taken:  # an export column renamed away from its own name
            del names[ours]
    return names


_ACCEPTED: Final = (
    "expected rows: a csv.DictReader, a list of dicts, a pandas DataFrame,"
    " CSV text (a str, header first) or a text stream (an open file, io.StringIO)"
)
_BYTES: Final = 'expected text, not bytes: decode it first, e.g. data.decode("utf-8-sig")'


def _is_frame(rows: object) -> bool:
    kind = type(rows)
    return kind.__module__.startswith("pandas") and kind.__name__ == "DataFrame"


def _extract(
    rows: object, names: Mapping[str, str], bad: dict[int, BadRow]
) -> tuple[int, dict[str, list[object]], set[str]]:
    """The values of each of our columns present (by our name), the row count and the export's columns."""
    if _is_frame(rows):
        present = {str(name) for name in rows.columns}  # type: ignore[attr-defined]
        values = {
            ours: rows[theirs].tolist()  # type: ignore[index]
            for ours, theirs in names.items()
            if theirs in present
        }
        return len(rows), values, present  # type: ignore[arg-type]
    if isinstance(rows, bytes | bytearray | memoryview):
        raise InvalidFieldError("rows", rows, _BYTES)
    if isinstance(rows, str):
        return _extract_text(rows, names)
    if not isinstance(rows, Mapping) and callable(getattr(rows, "read", None)):
        text = rows.read()  # type: ignore[attr-defined]
        if not isinstance(text, str):
            raise InvalidFieldError("rows", text, _BYTES + " (or open the file in text mode)")
        return _extract_text(text, names)
    if isinstance(rows, Mapping) or not isinstance(rows, Iterable):
        raise InvalidFieldError("rows", rows, _ACCEPTED)
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
    return len(items), values, present


def _extract_text(
    text: str, names: Mapping[str, str]
) -> tuple[int, dict[str, list[object]], set[str]]:
    """CSV text's columns, as ``csv.DictReader(io.StringIO(text))`` reads them, less a leading BOM."""
    start = 1 if text.startswith("\ufeff") else 0  # Excel's UTF-8 BOM: not part of a name
    plain = _split_plain(text, start, names)
    if plain is not None:
        return plain
    return _extract_csv(csv.DictReader(io.StringIO(text[start:])), names)


def _split_plain(
    text: str, start: int, names: Mapping[str, str]
) -> tuple[int, dict[str, list[object]], set[str]] | None:
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
    return lines, values, set(position)  # type: ignore[return-value]


class _Texts(dict[str, list[str]]):
    """Columns split from CSV text: every value a str, so nobody checks their types again."""


def _extract_csv(
    reader: csv.DictReader[str], names: Mapping[str, str]
) -> tuple[int, dict[str, list[object]], set[str]]:
    """A DictReader's columns read from its lists: the dicts it would build are never made."""
    try:
        header = list(reader.fieldnames or ())
        lists = [row for row in reader.reader if row]  # DictReader skips blank lines too
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
    return len(lists), values, set(position)


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
    if _missing(value):
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
    if _missing(value):
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
        return list(map(datetime.fromisoformat, values)), [], True  # type: ignore[arg-type]
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


def _step_reader(base: int) -> Callable[[object], int | None]:
    word = "1-based" if base else "0-based"

    def read(value: object) -> int | None:
        if _missing(value):
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


def _member(enum_type: type[Response] | type[CallResult]) -> Callable[[object], object]:
    def read(value: object) -> object:
        if _missing(value):
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
    if _missing(value):
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
            response = meaning.get("response")
            result = meaning.get("call_result")
            table[key] = (
                to_enum(EventKind, meaning["kind"], f"{field}['kind']"),
                None if response is None else to_enum(Response, response, f"{field}['response']"),
                None if result is None else to_enum(CallResult, result, f"{field}['call_result']"),
            )
        else:
            table[key] = (to_enum(EventKind, meaning, field), None, None)
    return table


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
        if _missing(value):
            raise _RefusedError("required: an event kind")
        if not isinstance(value, str):
            raise _RefusedError("expected an event name (text)")
        key = _vendor_key(value)
        if key not in table:
            ours = ", ".join(repr(kind.value) for kind in EventKind)
            raise _RefusedError(
                f"not an event kind cadencekit knows; map it with kinds={{{value!r}: 'touch'}} "
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


def read_events(
    rows: object,
    *,
    columns: Mapping[str, str] | None = None,
    kinds: Mapping[str, str | EventKind | Mapping[str, str] | None] | None = None,
    steps: Literal["0-based", "1-based"] = "0-based",
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
            ``variant``, ``id``, and per prospect ``tz``, ``country``,
            ``subdiv``, ``owner``, ``account``. A column the export names
            like ours is read without a mapping.
        kinds: the export's event names mapped to ours: an
            :class:`~cadencekit.EventKind` or its value, a dict like
            ``{"kind": "reply", "response": "positive"}``, or None to
            ignore those rows on purpose (they are listed in ``ignored``).
            Names match ignoring case, spaces and punctuation; they extend
            the built-in names (``"Email Sent"``, ``"email_opened"``,
            ``"call_completed"``, ``"Meeting Booked"``, ...: see the table
            in docs/export.md).
        steps: ``"0-based"`` (the default: step 0 is the first, as in
            :meth:`Event.to_dict`) or ``"1-based"`` (step 1 is the first,
            as most tools count). Whole floats like ``3.0`` are read; ``3.5``
            is refused.
        tz: the zone the export writes times without an offset in. Without
            it, a row's own ``tz`` column serves; a naive time with neither
            is refused. Times with an offset are exact as they are.
        errors: ``"raise"`` raises a :class:`~cadencekit.SchemaError` for
            the first bad row (``rows[3].at``); ``"collect"`` leaves bad
            rows out of the table and lists each in ``problems`` as a
            :class:`BadRow` with its row, column, value and reason.

    The table holds our values, checked: every entry builds an
    :class:`~cadencekit.Event` (``table.events()``), zones and countries
    exist. Whether a step exists in its cadence is checked by
    :func:`replay_many`, which knows the cadences.

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
        rows[2].When 'yesterday': expected an ISO 8601 time like '2026-11-23T09:00:00-05:00'

        The CSV text itself reads the same, without the ``csv`` module:

        >>> export = '''prospect,kind,at,step
        ... ada,touch,2026-11-23T09:00:00Z,0
        ... '''
        >>> ck.read_events(export).events()
        (Event('touch', '2026-11-23T09:00:00+00:00', step=0),)
    """
    names = _column_names(columns)
    if steps not in ("0-based", "1-based"):
        raise InvalidFieldError("steps", steps, "expected '0-based' or '1-based'")
    if errors not in ("raise", "collect"):
        raise InvalidFieldError("errors", errors, "expected 'raise' or 'collect'")
    declared = None if tz is None else _time.zone(tz)[0]
    meanings = _kind_table(kinds)
    bad: dict[int, BadRow] = {}
    count, raw, present = _extract(rows, names, bad)
    for theirs in set(names.values()) - set(COLUMNS):  # renamed columns must exist
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
    cadence = column("cadence", _text)
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
    step = column("step", _step_reader(1 if steps == "1-based" else 0))
    response = column("response", _member(Response))
    call_result = column("call_result", _member(CallResult))
    until = column("until", _until)
    variant = text("variant")
    event_id = text("id")
    zones = column("tz", _zone_name)
    country = column("country", _text)
    subdiv = column("subdiv", _text)
    owner = column("owner", _text)
    account = column("account", _text)

    # Countries (and subdivisions) the holidays package knows, once per pair.
    if "country" in raw or "subdiv" in raw:
        regions: dict[tuple[object, object], str | None] = {}
        for index, pair in enumerate(zip(country, subdiv, strict=True)):
            if pair not in regions:
                try:
                    if pair[0] is None and pair[1] is not None:
                        raise InvalidFieldError("subdiv", pair[1], "a subdivision needs a country")
                    if pair[0] is not None:
                        _region(pair[0], pair[1])
                    regions[pair] = None
                except InvalidFieldError as error:
                    regions[pair] = f"{error.field}: {error.expected}"
            reason = regions[pair]
            if reason is not None and index not in bad:
                ours = "subdiv" if reason.startswith("subdiv") else "country"
                bad[index] = BadRow(index, names[ours], raw[ours][index], reason.split(": ", 1)[1])

    # Naive times: read in the declared zone, else the row's own.
    fixed_offsets = at_from_text  # ISO text gives fixed offsets, or none: read in a zone below
    for ours, moments in (("at", at), ("started", started), ("until", until)):
        if ours not in raw or not _has_naive(distinct if ours == "started" else moments):
            continue
        if ours == "at":
            fixed_offsets = False
        for index, moment in enumerate(moments):
            if not isinstance(moment, datetime) or moment.tzinfo is not None:
                continue
            zone = declared
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
            moments[index] = zone.fromutc(_time.instant(moment, zone))
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

    # Each row's event must build: the Event constructor decides, once per shape.
    kind_of: dict[object, object] = {
        m: m[0][0] if isinstance(m, tuple) else None for m in meanings_seen
    }
    kinds_read: list[object] = list(map(kind_of.__getitem__, kind))
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
            if shape in shape_problem
        ]
    if "until" in raw:
        for index, value in enumerate(until):
            if value is not None and kinds_read[index] is not None and index not in bad:
                problem = _event_problem(
                    kinds_read[index],  # type: ignore[arg-type]
                    at[index] or _PROBE_AT,
                    step[index],  # type: ignore[arg-type]
                    responses[index],
                    results[index],
                    variant[index],  # type: ignore[arg-type]
                    value,
                )
                if problem is not None:
                    problems_at.append((index, problem))
    for index, problem in problems_at:
        if index not in bad:
            field, reason = problem.split(" ", 1)
            ours = field if field in raw else "kind"
            bad[index] = BadRow(index, names[ours], raw[ours][index], reason)

    if bad and errors == "raise":
        first = bad[min(bad)]
        where = f"rows[{first.row}]" + ("" if first.column is None else f".{first.column}")
        raise SchemaError(where, first.value, first.reason)
    skip = set(bad).union(ignored)
    keep = [index for index in range(count) if index not in skip] if skip else range(count)

    def pick(values: list[object]) -> tuple[object, ...]:
        if values is nothing:
            return (None,) * len(keep)
        if not skip:
            return tuple(values)
        return tuple(values[index] for index in keep)

    zone_names: list[object] = nothing
    if zones is not nothing:
        named = {z: z[1] or str(z[0]) for z in set(zones) if z is not None}  # type: ignore[index]
        zone_names = list(map(named.get, zones))
    return EventTable(
        tuple(keep),
        pick(prospect),
        pick(cadence),
        pick(started),  # type: ignore[arg-type]
        pick(kinds_read),
        pick(at),  # type: ignore[arg-type]
        pick(step),
        pick(responses),
        pick(results),
        pick(until),
        pick(variant),
        pick(event_id),
        pick(zone_names),
        pick(country),
        pick(subdiv),
        pick(owner),
        pick(account),
        problems=tuple(bad[index] for index in sorted(bad)),
        ignored=tuple(ignored),
        names=tuple((ours, theirs) for ours, theirs in names.items() if ours in raw),
        checked=True,
        fixed_offsets=fixed_offsets,
    )


def _event_problem(
    kind: EventKind,
    at: datetime,
    step: int | None,
    response: object,
    call_result: object,
    variant: str | None,
    until: object,
) -> str | None:
    """None when these fields build an Event; else ``'<field> <reason>'``."""
    try:
        Event(
            kind,
            at,
            step=step,
            response=response,  # type: ignore[arg-type]
            call_result=call_result,  # type: ignore[arg-type]
            until=until,  # type: ignore[arg-type]
            variant=variant,
        )
    except InvalidFieldError as error:
        return f"{error.field} {error.expected}"
    return None


@functools.lru_cache(maxsize=256)
def _region(country: str, subdiv: str | None) -> BusinessCalendar:
    """The calendar of a country (and subdivision), built once per pair (a pure function)."""
    return BusinessCalendar(country=country, subdiv=subdiv)


# --- from events to enrollments -----------------------------------------------------


def _cadence_table(cadences: object) -> tuple[dict[str, Cadence], Cadence | None]:
    if isinstance(cadences, Cadence):
        return {cadences.name: cadences}, cadences
    if isinstance(cadences, Mapping):
        for name, cadence in cadences.items():
            if not isinstance(cadence, Cadence):
                raise InvalidFieldError(f"cadences[{name!r}]", cadence, "expected a Cadence")
        return dict(cadences), None
    if isinstance(cadences, Iterable) and not isinstance(cadences, str | bytes):
        by_name: dict[str, Cadence] = {}
        for index, cadence in enumerate(cadences):
            if not isinstance(cadence, Cadence):
                raise InvalidFieldError(f"cadences[{index}]", cadence, "expected a Cadence")
            by_name[cadence.name] = cadence
        return by_name, None
    raise InvalidFieldError(
        "cadences", cadences, "expected a Cadence, a mapping of name to Cadence, or a list of them"
    )


_PER_PROSPECT: Final = ("tz", "country", "subdiv", "owner", "account")


@overload
def replay_many(
    events: EventTable,
    cadences: Cadence | Mapping[str, Cadence] | Iterable[Cadence],
    *,
    calendar: BusinessCalendar | None = ...,
    tz: str | tzinfo = ...,
    rules: Iterable[Rule] | None = ...,
    rep_calendars: Mapping[str, BusinessCalendar] | None = ...,
    errors: Literal["raise"] = ...,
) -> list[Enrollment]: ...
@overload
def replay_many(
    events: EventTable,
    cadences: Cadence | Mapping[str, Cadence] | Iterable[Cadence],
    *,
    calendar: BusinessCalendar | None = ...,
    tz: str | tzinfo = ...,
    rules: Iterable[Rule] | None = ...,
    rep_calendars: Mapping[str, BusinessCalendar] | None = ...,
    errors: Literal["collect"],
) -> tuple[list[Enrollment], tuple[BadRow, ...]]: ...
def replay_many(
    events: EventTable,
    cadences: Cadence | Mapping[str, Cadence] | Iterable[Cadence],
    *,
    calendar: BusinessCalendar | None = None,
    tz: str | tzinfo = "UTC",
    rules: Iterable[Rule] | None = None,
    rep_calendars: Mapping[str, BusinessCalendar] | None = None,
    errors: Literal["raise", "collect"] = "raise",
) -> list[Enrollment] | tuple[list[Enrollment], tuple[BadRow, ...]]:
    """Every enrollment of an export, replayed from its events: one call for a whole table.

    Args:
        events: what :func:`read_events` read.
        cadences: the cadence of every row (one :class:`~cadencekit.Cadence`),
            or the cadences by name (a mapping, or a list: each by its
            ``name``), which the ``cadence`` column names.
        calendar: the prospects' business days, for rows without a
            ``country`` (default: Monday to Friday, no holidays).
        tz: the prospects' zone, for rows without a ``tz``.
        rules: what events do (:func:`~cadencekit.default_rules` by default).
        rep_calendars: each owner's own days off, by owner: their manual
            touches wait for those too (see :meth:`Enrollment.start`).
        errors: ``"raise"`` (the default) stops at the first enrollment that
            cannot be replayed; ``"collect"`` returns ``(enrollments,
            problems)``: the good enrollments, and one :class:`BadRow` per
            enrollment left out, at the row at fault (its reason names the
            enrollment's other rows), sorted by row.

    Rows are grouped into enrollments by prospect, cadence and ``started``,
    compared as instants: ``08:00+00:00`` and ``03:00-05:00`` are one start.
    Without a ``started`` column an enrollment starts at its earliest event.
    Each group is replayed with :meth:`Enrollment.replay`, so row order does
    not matter. The result is sorted by prospect, cadence name and start:
    the same rows in any order give the same list. The rows of one
    enrollment must agree on ``tz``, ``country``, ``subdiv``, ``owner`` and
    ``account`` (blank cells take the others' value).

    Raises:
        SchemaError: naming the row (``rows[7].step``): a cadence not given,
            a step the cadence lacks, an event before its enrollment
            started, rows of one enrollment that disagree.

    Example:
        >>> import cadencekit as ck
        >>> rows = [
        ...     {"prospect": "ada", "kind": "touch", "step": 0, "at": "2026-11-23T08:00:00+00:00",
        ...      "started": "2026-11-23T08:00:00+00:00"},
        ...     {"prospect": "ada", "kind": "reply", "response": "no", "at": "2026-11-23T12:00:00+00:00",
        ...      "started": "2026-11-23T03:00:00-05:00"},  # the same start, written in New York
        ... ]
        >>> intro = ck.Cadence("Intro", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 3)])
        >>> [e.exit_reason.value for e in ck.replay_many(ck.read_events(rows), intro)]
        ['declined']
    """
    if errors not in ("raise", "collect"):
        raise InvalidFieldError("errors", errors, "expected 'raise' or 'collect'")
    replay = _Replay(events, cadences, calendar, tz, rules, rep_calendars)
    problems: list[BadRow] = []
    built: list[tuple[tuple[str, str, datetime], Enrollment]] = []
    for key, members in replay.groups():
        try:
            group = replay.prepare(key, members)
            enrollment = replay.enrollment(group)
        except SchemaError as error:
            if errors == "raise":
                raise
            problems.append(_bad_group(error, members, events))
            continue
        built.append(((key[0], group.cadence.name, enrollment.started), enrollment))
    built.sort(key=lambda pair: pair[0])
    enrollments = [enrollment for _, enrollment in built]
    if errors == "collect":
        problems.sort(key=lambda bad: bad.row)
        return enrollments, tuple(problems)
    return enrollments


class _Group(NamedTuple):
    """One enrollment's rows, what they agree on, and where it starts."""

    key: tuple[str, str | None, datetime | None]
    members: Sequence[int]
    cadence: Cadence
    calendar: BusinessCalendar
    tz: str | tzinfo
    owner: str | None
    account: str | None
    rep: BusinessCalendar | None


def _runs(
    prospects: Sequence[str], cadences: Sequence[str | None], starts: Sequence[datetime | None]
) -> Iterable[tuple[tuple[str, str | None, datetime | None], Sequence[int]]] | None:
    """The groups when each enrollment's rows are one run of rows; None when they are not."""
    size = len(prospects)
    if not size:
        return []
    # Where the value changes, by identity: read_events shares one object per distinct
    # prospect and start, so that is where it changes; with fresh objects the runs come
    # out too short, a prospect is met twice, and the rows are grouped the long way.
    heads = [0, *compress(range(1, size), map(is_not, prospects[1:], prospects[:-1]))]
    for column in (cadences, starts):
        if column.count(column[0]) != size:  # it changes: only where the prospect does?
            changes = compress(range(1, size), map(is_not, column[1:], column[:-1]))
            if not set(changes) <= set(heads):
                return None  # one prospect, several enrollments: grouped the long way
    names = list(map(prospects.__getitem__, heads))
    if len(set(names)) != len(names):
        return None  # a prospect's rows in several runs
    keys = zip(names, map(cadences.__getitem__, heads), map(starts.__getitem__, heads), strict=True)
    return zip(keys, map(range, heads, [*heads[1:], size]), strict=True)


class _Replay:
    """One replay of a table: its options checked once, its rows grouped into enrollments."""

    def __init__(
        self,
        table: object,
        cadences: object,
        calendar: object,
        tz: str | tzinfo,
        rules: Iterable[Rule] | None,
        rep_calendars: object,
    ) -> None:
        if not isinstance(table, EventTable):
            raise InvalidFieldError("events", table, "expected an EventTable from read_events(...)")
        self.by_name, self.only = _cadence_table(cadences)
        self.cadences: Cadence | Mapping[str, Cadence] | Iterable[Cadence] = (
            cadences if isinstance(cadences, Cadence | Mapping) else list(self.by_name.values())
        )
        if calendar is not None and not isinstance(calendar, BusinessCalendar):
            raise InvalidFieldError("calendar", calendar, "expected a BusinessCalendar")
        self.given_calendar = calendar
        if rep_calendars is not None:
            if not isinstance(rep_calendars, Mapping):
                raise InvalidFieldError(
                    "rep_calendars",
                    rep_calendars,
                    "expected a mapping of owner to BusinessCalendar",
                )
            for name, given in rep_calendars.items():
                if not isinstance(given, BusinessCalendar):
                    raise InvalidFieldError(
                        f"rep_calendars[{name!r}]", given, "expected a BusinessCalendar"
                    )
        self.table = table
        self.rep_calendars: Mapping[str, BusinessCalendar] | None = rep_calendars
        self.rules = None if rules is None else tuple(to_list(rules, Rule, "rules"))
        self.calendar = BusinessCalendar() if calendar is None else calendar
        self.tz = tz
        per_prospect = [(name, getattr(table, name)) for name in _PER_PROSPECT]
        self.per_prospect = [
            (name, values) for name, values in per_prospect if values.count(None) != len(values)
        ]

    def fail(self, index: int, ours: str, value: object, reason: str) -> SchemaError:
        table = self.table
        return SchemaError(f"rows[{table.rows[index]}].{table.column_name(ours)}", value, reason)

    def groups(self) -> Iterable[tuple[tuple[str, str | None, datetime | None], Sequence[int]]]:
        """Each enrollment's key and row indexes, in the order each enrollment first appears."""
        table = self.table
        found = _runs(table.prospect, table.cadence, table.started)
        if found is not None:  # each enrollment's rows side by side, as exports mostly are
            return found
        groups: dict[tuple[str, str | None, datetime | None], list[int]] = {}
        for index, key in enumerate(zip(table.prospect, table.cadence, table.started, strict=True)):
            members = groups.get(key)
            if members is None:
                groups[key] = [index]
            else:
                members.append(index)
        return groups.items()

    def prepare(
        self, key: tuple[str, str | None, datetime | None], members: Sequence[int]
    ) -> _Group:
        """The group's cadence and what its rows agree on; a SchemaError naming the row otherwise."""
        cadence_name = key[1]
        if cadence_name is None:
            if self.only is None:
                raise self.fail(
                    members[0],
                    "cadence",
                    None,
                    "no cadence named; give one Cadence for every row, or a cadence column",
                )
            cadence = self.only
        else:
            found = self.by_name.get(cadence_name)
            if found is None:
                known = ", ".join(repr(n) for n in self.by_name) or "none"
                raise self.fail(
                    members[0], "cadence", cadence_name, f"not among the cadences given ({known})"
                )
            cadence = found
        agreed: dict[str, object] = {}
        for attribute, values in self.per_prospect:
            value = None
            for index in members:
                here = values[index]
                if here is None:
                    continue
                if value is None:
                    value = here
                elif here != value:
                    raise self.fail(
                        index, attribute, here,
                        f"another row of this enrollment says {value!r}; one enrollment has one {attribute}",
                    )  # fmt: skip
            agreed[attribute] = value
        country = agreed.get("country")
        if country is not None:
            prospect_calendar = _region(country, agreed.get("subdiv"))
        else:
            prospect_calendar = self.calendar
        owner = agreed.get("owner")
        rep: BusinessCalendar | None = None
        if self.rep_calendars is not None and isinstance(owner, str):
            rep = self.rep_calendars.get(owner)
        return _Group(
            key,
            members,
            cadence,
            prospect_calendar,
            agreed.get("tz") or self.tz,  # type: ignore[arg-type]
            owner,  # type: ignore[arg-type]
            agreed.get("account"),  # type: ignore[arg-type]
            rep,
        )

    def enrollment(self, group: _Group) -> Enrollment:
        """The group replayed by the engine: :meth:`Enrollment.replay`, its events known to be Events."""
        table = self.table
        members = group.members
        event_list = [table._event(index) for index in members]
        started = group.key[2]
        begin = started if started is not None else min(event.at for event in event_list)
        try:
            return Enrollment.start(
                group.cadence,
                group.key[0],
                begin,
                calendar=group.calendar,
                tz=group.tz,
                rules=self.rules,
                owner=group.owner,
                account=group.account,
                rep_calendar=group.rep,
            )._fold_in(event_list)
        except InvalidFieldError as error:
            raise _located(error, members, event_list, table) from None


# --- a report straight from the table ----------------------------------------------
#
# ``report(table, cadences=...)`` must equal ``report(replay_many(table, cadences))``.
# Most enrollments of an export need little of the engine. For those, ``_Quick`` runs
# the cadence's event program (_program.py: which rule acts, what it does to the holds
# and the end, the fallbacks an answered call drops, when a pause ends) over the
# table's columns, building no Event and no Enrollment. Where the program answers
# that it needs history (a once or counted rule that would match, a stage some rule sets, a
# silence timer, a jump, an insert, a skip, a delayed move, a recorded timeout), and for
# what the columns cannot say alone (one (kind, id) delivered twice, a rep's calendar on
# a manual first step, a start with no holiday data), that one group goes to the engine.
# tests/test_report_table.py checks both agree, and runs every test again engine-only.

_STEP_KINDS: Final = frozenset(
    {EventKind.TOUCH, EventKind.OPEN, EventKind.CLICK, EventKind.BOUNCE, EventKind.SKIP}
)
_REFUSED: Final = NeedsHistory("an event the engine refuses")
_UNSEEN: Final = object()
_AT_OF: Final = itemgetter(AT)  # a row's moment
_HEAD: Final = itemgetter(0, 1)  # prospect and cadence name
_NO_EXTRA: Final = (None, None)  # a row with no id and no end
_MATCH_FIELDS: Final = ("response", "call_result", "channel", "step", "stage")

# A private switch for the test suite: True sends every group to the engine, so each
# test of the table path can run once each way (tests/conftest.py's --engine-only).
ENGINE_ONLY = False


class _Quick:
    """An executor of the event program of one cadence and its rules, over a table's rows."""

    def __init__(self, cadence: Cadence, rules: tuple[Rule, ...] | None) -> None:
        self.rules = default_rules() if rules is None else rules
        steps = cadence.touchpoints
        self.steps = steps
        self.size = len(steps)
        self.full = (1 << len(steps)) - 1
        self.program: Program | None = None
        try:  # rules the engine refuses for this cadence: let it say so
            Enrollment.start(cadence, "probe", _PROBE_AT, rules=rules)
            self.program = compile_program(self.rules, cadence)
        except CadenceError:
            pass
        self.usable = self.program is not None
        drops = () if self.program is None else self.program.drops
        self.clear = [~(1 << step) for step in range(len(steps))]  # a step done: off the mask
        self.keep = [~sum(1 << s for s in dropped) for dropped in drops]  # answered: no fallback
        self.outcomes: dict[tuple[object, ...], object] = {}
        self.keys: dict[tuple[object, ...], tuple[object, ...]] = {}
        # The kinds whose outcome is the same for every event of them: no rule reads
        # more of such an event than its kind (most kinds, with the default rules).
        self.by_kind: dict[EventKind, object] = {}
        program = self.program
        if program is not None:
            for kind in EventKind:
                if kind is EventKind.TOUCH and program.arming:
                    continue  # a touch of some steps starts a timer
                whens = [program.rules[i].when for i in program.matches_by_kind.get(kind, ())]
                if all(
                    isinstance(when, Match)
                    and all(getattr(when, name) is None for name in _MATCH_FIELDS)
                    for when in whens
                ):
                    probe_step = 0 if kind in _STEP_KINDS and steps else None
                    self.by_kind[kind] = self.outcome(kind, probe_step, None, None, None)

    def outcome(
        self,
        kind: EventKind,
        step: int | None,
        response: Response | None,
        result: CallResult | None,
        variant: str | None,
    ) -> object:
        """What the program does with such an event: an exit reason, a _Pausing, None, or NeedsHistory."""
        program = self.program
        assert program is not None
        key = (kind, step, response, result, variant)
        try:
            probe = Event(
                kind, _PROBE_AT, step=step, response=response, call_result=result, variant=variant
            )
        except CadenceError:
            self.outcomes[key] = _REFUSED  # the engine says what is wrong with it
            return _REFUSED
        channel = None if step is None or step >= self.size else self.steps[step].channel
        verdict = program.verdict(probe, channel)
        found: object
        if isinstance(verdict, Effect):
            if verdict.reason is not None:
                found = verdict.reason
            elif verdict.pause is not None:
                found = _Pausing(verdict.source, verdict.pause)
            else:
                found = None
        else:
            found = verdict  # why it needs history, an exit reason of the kind's own, or None
        self.outcomes[key] = found
        return found

    def sort_key(self, row: tuple[object, ...]) -> tuple[object, ...]:
        """:meth:`Event.sort_key` of a row (and its id and end): events at one instant in order."""
        kind, step, response, result, _, variant, at = row[:7]
        ident, until = row[7:9] if len(row) > 7 else (None, None)
        key = (kind, step, response, result, variant, ident, until)
        rest = self.keys.get(key)
        if rest is None:
            probe = Event(
                kind,  # type: ignore[arg-type]
                at,  # type: ignore[arg-type]
                step=step,  # type: ignore[arg-type]
                response=response,  # type: ignore[arg-type]
                call_result=result,  # type: ignore[arg-type]
                variant=variant,  # type: ignore[arg-type]
                id=ident,  # type: ignore[arg-type]
                until=until,  # type: ignore[arg-type]
            )
            rest = self.keys[key] = probe.sort_key()[1:]
        return (at, *rest)

    def fold(
        self,
        rows: list[Row],
        calendar: BusinessCalendar,
        zone: tzinfo,
        untils: Sequence[datetime | date | None] | None = None,
    ) -> tuple[Status, ExitReason | None, datetime | None] | str:
        """Status, exit reason and end after ``rows`` (in time order), or why the engine must fold them.

        As the engine runs the program: an event first lets the holds that
        ended by then go, then does its built-in part (a touch or skip takes
        its step, a pause event holds, a resume releases every hold, a read
        reply releases the holds waiting for one), then the rule that acts
        does its part; the last step done completes the enrollment.
        ``untils`` are the rows' own ends (a pause's, an out-of-office's).
        """
        pending = self.full
        outcomes = self.outcomes
        by_kind = self.by_kind
        clear, keep = self.clear, self.keep
        touch, skip, connected = EventKind.TOUCH, EventKind.SKIP, CallResult.CONNECTED
        reply, pause_kind, resume = EventKind.REPLY, EventKind.PAUSE, EventKind.RESUME
        touched = by_kind.get(touch, _UNSEEN)  # None: no rule reads a touch
        holds: dict[str, tuple[datetime | None, bool]] = {}  # source: (until, until classified)
        for index, (kind, step, response, result, _, variant, at) in enumerate(rows):
            if holds:
                for source, (until, _) in list(holds.items()):
                    if until is not None and until <= at:
                        del holds[source]
            if kind is touch:
                pending &= clear[step]  # type: ignore[index]
                if result is connected:
                    pending &= keep[step]  # type: ignore[index]
                found = touched
                if found is None:
                    if not pending:
                        return Status.ENDED, ExitReason.COMPLETED, at
                    continue
            elif kind is reply:
                if holds and response not in UNREAD:
                    for source in [source for source, hold in holds.items() if hold[1]]:
                        del holds[source]  # the reply was read
                found = _UNSEEN
            else:
                if kind is skip and step is not None:
                    pending &= clear[step]
                elif kind is pause_kind:
                    until = self.end_of(untils, index, zone)
                    if until is None or until > at:
                        holds[MANUAL_HOLD] = (until, False)
                elif kind is resume:
                    holds.clear()
                found = by_kind.get(kind, _UNSEEN)  # the kinds every rule reads alike
            if found is _UNSEEN:
                found = outcomes.get((kind, step, response, result, variant), _UNSEEN)
                if found is _UNSEEN:
                    found = self.outcome(kind, step, response, result, variant)
            if found is not None:
                if type(found) is _Pausing:
                    given = self.end_of(untils, index, zone)
                    try:
                        until = pause_until(
                            found.pause, given, at.astimezone(zone).date(), calendar, zone
                        )
                    except CadenceError:
                        return "a pause ends where the calendar has no holiday data"
                    if until is not None and until is not given:
                        until = zone.fromutc(until)
                    if until is None or until > at:
                        holds[found.source] = (until, found.pause.until_classified)
                elif type(found) is NeedsHistory:
                    return found.why
                else:
                    return Status.ENDED, found, at  # type: ignore[return-value]
            if not pending and (kind is touch or (kind is skip and step is not None)):
                return Status.ENDED, ExitReason.COMPLETED, at
        return (Status.PAUSED if holds else Status.ACTIVE), None, None

    def earliest_of_each(
        self, rows: list[Row], more: list[tuple[str | None, datetime | date | None]]
    ) -> tuple[list[Row], list[tuple[str | None, datetime | date | None]]]:
        """The rows less the later deliveries of one ``(kind, id)``, by :meth:`Event.sort_key`."""
        best: dict[tuple[object, str], int] = {}
        for index, (row, (ident, _)) in enumerate(zip(rows, more, strict=True)):
            if ident is None:
                continue
            identity = (row[0], ident)
            known = best.get(identity)
            if known is None or self.sort_key((*row, *more[index])) < self.sort_key(
                (*rows[known], *more[known])
            ):
                best[identity] = index
        kept = [
            index
            for index, (row, (ident, _)) in enumerate(zip(rows, more, strict=True))
            if ident is None or best[row[0], ident] == index
        ]
        return [rows[i] for i in kept], [more[i] for i in kept]

    @staticmethod
    def end_of(
        untils: Sequence[datetime | date | None] | None, index: int, zone: tzinfo
    ) -> datetime | None:
        """A row's own end as an aware moment: a date ends at its local midnight."""
        if untils is None:
            return None
        until = untils[index]
        if until is None or isinstance(until, datetime):
            return until
        return zone.fromutc(midnight(until, zone))


@attrs.frozen
class _Pausing:
    """A rule that pauses: its hold's source (the rule's key) and the pause."""

    source: str
    pause: Pause


class _Replayed(Sequence[Enrollment]):
    """The enrollments of a table, replayed when first needed (a report's response times)."""

    def __init__(self, table: EventTable, replay: _Replay) -> None:
        self.table = table
        self.cadences = replay.cadences
        self.calendar = replay.given_calendar
        self.tz = replay.tz
        self.rules = replay.rules
        self.rep_calendars = replay.rep_calendars
        self.built: list[Enrollment] | None = None

    def _all(self) -> list[Enrollment]:
        if self.built is None:
            self.built = replay_many(
                self.table,
                self.cadences,
                calendar=self.calendar,
                tz=self.tz,
                rules=self.rules,
                rep_calendars=self.rep_calendars,
            )
        return self.built

    def __len__(self) -> int:
        return len(self._all())

    @overload
    def __getitem__(self, index: int) -> Enrollment: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Enrollment]: ...
    def __getitem__(self, index: int | slice) -> Enrollment | Sequence[Enrollment]:
        return self._all()[index]

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "built": None}  # a pickle carries the table, not its replay


def _report_groups(
    table: EventTable,
    cadences: object,
    *,
    calendar: BusinessCalendar | None,
    tz: str | tzinfo,
    rules: Iterable[Rule] | None,
    rep_calendars: Mapping[str, BusinessCalendar] | None,
    why: dict[str, int] | None = None,
) -> tuple[list[Summary], Sequence[Enrollment]]:
    """What ``report`` reads of each enrollment of ``table``, in ``replay_many``'s order.

    ``why``, when given, counts the groups the engine replayed by the reason the quick
    fold gave (benchmarks/bench_export.py prints it).
    """
    replay = _Replay(table, cadences, calendar, tz, rules, rep_calendars)
    quick: dict[str, _Quick] = {}
    steps = table.step
    # Can the quick fold take this table at all? Moments in an IANA zone compare by wall
    # clock between themselves: those tables go to the engine, which compares instants.
    size = len(table.rows)
    plain = not ENGINE_ONLY and (
        table._fixed_offsets or set(map(type, map(_TZINFO, table.at))) <= {timezone}
    )
    # Ids and ends of rows, where the table has any: the quick fold reads them per group.
    extra: list[tuple[str | None, datetime | date | None]] | None = None
    if table.id.count(None) != size or table.until.count(None) != size:
        extra = list(zip(table.id, table.until, strict=True))
    rows: list[Row] = list(
        zip(
            table.kind,
            steps,
            table.response,
            table.call_result,
            repeat(None),
            table.variant,
            table.at,
        )
    )
    known = {step for step in set(steps) if step is not None}
    top = max(known) if known else -1
    agreeing = bool(replay.per_prospect)  # per-prospect columns: each group checked
    contexts: dict[object, _Context] = {}
    done: list[tuple[str, str, datetime | None, tzinfo | None, Summary]] = []
    for key, members in replay.groups():
        group = replay.prepare(key, members) if agreeing else None
        where: object = (
            key[1]
            if group is None
            else (group.cadence.name, id(group.calendar), group.tz, id(group.rep))
        )
        context = contexts.get(where)
        if context is None:
            if group is None:
                group = replay.prepare(key, members)
            cadence = group.cadence
            fast = quick.get(cadence.name)
            if fast is None or fast.steps is not cadence.touchpoints:
                fast = quick[cadence.name] = _Quick(cadence, replay.rules)
            context = contexts[where] = _Context(group, fast if plain and fast.usable else None)
            if not plain:
                context.why = (
                    "engine only" if ENGINE_ONLY else "times read in a zone, not with an offset"
                )
            elif not fast.usable:
                context.why = "rules the cadence cannot take"
        summary: Summary | str
        fast = context.fast
        if fast is None:
            summary = context.why
        elif top >= fast.size and max((steps[i] or 0) for i in members) >= fast.size:
            summary = "a step the cadence lacks"  # the engine names the row
        else:
            if type(members) is range:
                mine = rows[members.start : members.stop]
            else:
                mine = [rows[i] for i in members]
            more = None
            if extra is not None:
                more = [extra[i] for i in members]
                if more.count(_NO_EXTRA) == len(more):
                    more = None
            summary = context.summary(mine, key[2], more)
        if isinstance(summary, str):  # the engine's, and why
            if why is not None:
                why[summary] = why.get(summary, 0) + 1
            if group is None:
                group = replay.prepare(key, members)
            e = replay.enrollment(group)
            summary = summary_of(e)
            done.append((key[0], context.name, e.started, None, summary))
        else:
            done.append((key[0], context.name, None, context.zone, summary))
    # replay_many's order: by prospect, cadence name and start (the local start, as it compares)
    heads = list(map(_HEAD, done))
    if all(map(lt, heads, heads[1:])):  # in order already, as a sorted export is
        return [entry[4] for entry in done], _Replayed(table, replay)
    done.sort(key=_HEAD)
    index = 0
    while index < len(done) - 1:
        last = index
        while last + 1 < len(done) and done[last + 1][:2] == done[index][:2]:
            last += 1  # one prospect enrolled more than once in one cadence
        if last > index:
            run = [
                entry if entry[2] is not None else (*entry[:2], _local_start(entry), *entry[3:])
                for entry in done[index : last + 1]
            ]
            run.sort(key=itemgetter(0, 1, 2))
            done[index : last + 1] = run
        index = last + 1
    return [entry[4] for entry in done], _Replayed(table, replay)


def _local_start(entry: tuple[str, str, datetime | None, tzinfo | None, Summary]) -> datetime:
    """The start as the engine's Enrollment.started: in the prospect's zone."""
    zone = entry[3]
    assert zone is not None  # a quick group's: the engine's have their start
    return zone.fromutc(_time.start_instant(entry[4][4], zone))


class _Context:
    """What the groups of one cadence, calendar, zone and rep share in the quick fold."""

    __slots__ = ("calendar", "fast", "name", "settled", "utc", "why", "window", "zone")

    def __init__(self, group: _Group, fast: _Quick | None) -> None:
        cadence = group.cadence
        self.name = cadence.name
        self.calendar = group.calendar
        first = cadence.touchpoints[0]
        self.window = first.window or cadence.window
        self.settled: dict[date, bool] = {}
        try:
            self.zone: tzinfo | None = _time.zone(group.tz)[0]
        except CadenceError:
            self.zone = None  # the engine says what is wrong with it
        self.utc = self.zone is UTC or getattr(self.zone, "key", None) == "UTC"
        self.why = "a zone the engine must name"
        if self.zone is not None and group.rep is not None and not first.automated:
            self.why = "a manual first step and a rep calendar"  # day 1 waits for the rep
        if self.zone is None or (group.rep is not None and not first.automated):
            fast = None  # the engine works it out
        self.fast = fast

    def summary(
        self,
        rows: list[Row],
        started: datetime | None,
        more: list[tuple[str | None, datetime | date | None]] | None = None,
    ) -> Summary | str:
        """The quick fold of one group's rows, or why the engine must replay it.

        ``more`` holds the rows' ids and ends, when any row has one.
        """
        fast = self.fast
        assert fast is not None
        untils: list[datetime | date | None] | None = None
        if more is not None:
            identities = [
                (row[0], m[0]) for row, m in zip(rows, more, strict=True) if m[0] is not None
            ]
            if len(set(identities)) != len(identities):  # one delivery twice: the earliest
                rows, more = fast.earliest_of_each(rows, more)  # counts, as the engine keeps it
        ats = list(map(_AT_OF, rows))
        if not all(map(lt, ats, ats[1:])):  # not strictly in time order
            order = sorted(range(len(rows)), key=ats.__getitem__)
            rows = [rows[i] for i in order]
            ats = [ats[i] for i in order]
            if more is not None:
                more = [more[i] for i in order]
            if not all(map(lt, ats, ats[1:])):  # events at one instant: in Event.sort_key's order
                if more is None:
                    rows.sort(key=fast.sort_key)
                else:
                    wide = sorted(
                        [(*row, *m) for row, m in zip(rows, more, strict=True)],
                        key=fast.sort_key,
                    )
                    rows = [w[:7] for w in wide]
                    more = [(w[7], w[8]) for w in wide]
        if more is not None:
            ends = [m[1] for m in more]
            if ends.count(None) != len(ends):
                untils = ends
        begin = ats[0] if started is None else started
        if ats[0] < begin:
            return "an event before the start"  # the engine refuses it, naming the row
        zone = self.zone
        assert zone is not None
        # The start must settle as Enrollment.start settles it (a year without holidays
        # raises). Whether it does depends on its local date alone: from the day's last
        # moment the search for an opening goes over every day a search from earlier would.
        if begin.tzinfo is zone or (begin.tzinfo is UTC and self.utc):
            day = begin.date()  # in the zone already
        else:
            try:
                day = begin.astimezone(zone).date()
            except OverflowError:
                return "a start near year 1 or 9999"  # the engine refuses it, naming the row
        ok = self.settled.get(day)
        if ok is None:
            try:
                last = _time.instant(datetime.combine(day, time.max), zone)
                _time.settle_in(last, self.window, self.calendar, zone)
                ok = self.settled[day] = True
            except (CadenceError, OverflowError):  # the engine says which
                ok = self.settled[day] = False
        if not ok:
            return "a start where the calendar has no holiday data"
        ended = fast.fold(rows, self.calendar, zone, untils)
        if isinstance(ended, str):
            return ended
        status, reason, ended_at = ended
        return rows, fast.steps, status, reason, begin, ended_at


def _bad_group(error: SchemaError, members: Sequence[int], table: EventTable) -> BadRow:
    """A group that could not be replayed, as the row at fault (its other rows named)."""
    found = re.fullmatch(r"rows\[(\d+)\](?:\.(.*))?", error.field)
    row = int(found.group(1)) if found else table.rows[members[0]]
    column = found.group(2) if found else None
    others = sorted(table.rows[index] for index in members if table.rows[index] != row)
    reason = error.expected
    if column is not None and column == table.column_name("step"):
        reason = f"step index {error.value} (0-based): {reason}"
    if others:
        listed = ", ".join(map(str, others[:10])) + (", ..." if len(others) > 10 else "")
        reason += f"; the enrollment's other rows were left out too ({listed})"
    return BadRow(row, column, error.value, reason)


def _located(
    error: InvalidFieldError, members: Sequence[int], events: Sequence[Event], table: EventTable
) -> SchemaError:
    """The replay error, naming the row at fault (the enrollment's first row when unknown)."""
    field = error.field
    culprit = members[0]
    for index, event in zip(members, events, strict=True):
        if (field == "step" and event.step == error.value) or (
            field == "at" and event.at.isoformat() == error.value
        ):
            culprit = index
            break
    ours = field if field in COLUMNS else "prospect"
    return SchemaError(
        f"rows[{table.rows[culprit]}].{table.column_name(ours)}", error.value, error.expected
    )


def enrollments_from_rows(
    rows: Iterable[Mapping[str, object]],
    cadences: Mapping[str, Cadence] | Iterable[Cadence],
    *,
    calendar: BusinessCalendar | None = None,
    tz: str = "UTC",
    rules: Iterable[Rule] | None = None,
) -> list[Enrollment]:
    """Rebuild enrollments from rows with our column names: ``replay_many(read_events(rows), ...)``.

    Each row is a mapping with ``prospect``, ``cadence`` (its name),
    optionally ``started``, and the keys of :meth:`Event.to_dict`. Kept
    for the rows :meth:`Enrollment.to_records`-style code writes; new code
    calls :func:`read_events` and :func:`replay_many`, which take vendor
    names, per-row zones and ``errors="collect"``.

    Example:
        >>> import cadencekit as ck
        >>> c = ck.Cadence("Intro", [ck.Touchpoint("email", 1), ck.Touchpoint("email", 3)])
        >>> rows = [
        ...     {"prospect": "ada", "cadence": "Intro", "kind": "touch", "step": 0,
        ...      "at": "2026-11-23T09:00:00+00:00"},
        ...     {"prospect": "ada", "cadence": "Intro", "kind": "reply", "response": "no",
        ...      "at": "2026-11-24T09:00:00+00:00"},
        ... ]
        >>> [e.exit_reason.value for e in ck.enrollments_from_rows(rows, [c])]
        ['declined']
    """
    return replay_many(read_events(rows), cadences, calendar=calendar, tz=tz, rules=rules)


# --- tables out ----------------------------------------------------------------------

TOUCH_COLUMNS: Final = (
    "prospect",
    "cadence",
    "owner",
    "account",
    "step",
    "day",
    "channel",
    "automated",
    "label",
    "due",
    "due_utc",
    "tz",
    "date",
    "time",
)
EVENT_COLUMNS: Final = (
    "prospect",
    "cadence",
    "owner",
    "account",
    "at",
    "at_utc",
    "kind",
    "step",
    "channel",
    "response",
    "call_result",
    "until",
    "variant",
    "id",
)
DECISION_COLUMNS: Final = (
    "prospect",
    "cadence",
    "owner",
    "account",
    "at",
    "at_utc",
    "kind",
    "step",
    "response",
    "rule",
    "effect",
)
_UTC: Final = UTC


def _enrollment_list(value: object) -> list[Enrollment]:
    """One enrollment, or any iterable of them but a string or a mapping."""
    return [value] if isinstance(value, Enrollment) else to_list(value, Enrollment, "enrollments")


def _zone_text(moment: datetime, enrollment: Enrollment) -> str | None:
    return enrollment.tz if enrollment.tz is not None else moment.tzname()


_Rows = Callable[[Enrollment], Iterable[tuple[object, ...]]]


def _records(
    enrollments: object, columns: Sequence[str], rows: _Rows, utc: str, frame: bool
) -> list[dict[str, object]] | pandas.DataFrame:
    """The table of every enrollment's ``rows``, each after the enrollment's own columns.

    Every table out starts with ``prospect``, ``cadence``, ``owner`` and
    ``account``; ``rows`` gives the rest of each row, in ``columns`` order.
    """
    records: list[dict[str, object]] = []
    for enrollment in _enrollment_list(enrollments):
        head = (enrollment.prospect, enrollment.cadence.name, enrollment.owner, enrollment.account)
        records.extend(dict(zip(columns, (*head, *row), strict=True)) for row in rows(enrollment))
    return _frame(records, columns, utc) if frame else records


def _frame(records: list[dict[str, object]], columns: Sequence[str], utc: str) -> pandas.DataFrame:
    try:
        import pandas as pd  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except ModuleNotFoundError as error:  # pragma: no cover - pandas is in the test extra
        raise ModuleNotFoundError(
            "frame=True needs pandas: pip install pandas (or leave frame=False for plain dicts)"
        ) from error
    frame = pd.DataFrame.from_records(records, columns=list(columns))
    frame[utc] = pd.to_datetime(frame[utc], utc=True)
    return frame


def _touch_rows(enrollment: Enrollment) -> Iterable[tuple[object, ...]]:
    for touch in enrollment.plan:
        touchpoint = touch.touchpoint
        due = touch.due
        yield (
            touch.step,
            touchpoint.day,
            touchpoint.channel.value,
            touchpoint.automated,
            touchpoint.label,
            due,
            due.astimezone(_UTC),
            _zone_text(due, enrollment),
            due.date(),
            due.time(),
        )


def _event_rows(enrollment: Enrollment) -> Iterable[tuple[object, ...]]:
    steps = enrollment.steps
    for event in enrollment.events:
        step = event.step
        yield (
            event.at,
            event.at.astimezone(_UTC),
            event.kind.value,
            step,
            None if step is None or step >= len(steps) else steps[step].channel.value,
            None if event.response is None else event.response.value,
            None if event.call_result is None else event.call_result.value,
            event.until,
            event.variant,
            event.id,
        )


def _decision_rows(enrollment: Enrollment) -> Iterable[tuple[object, ...]]:
    for decision in enrollment.decisions:
        event = decision.event
        yield (
            event.at,
            event.at.astimezone(_UTC),
            event.kind.value,
            event.step,
            None if event.response is None else event.response.value,
            None if decision.rule is None else decision.rule.name,
            decision.effect,
        )


@overload
def touch_records(
    enrollments: Iterable[Enrollment] | Enrollment, *, frame: Literal[False] = False
) -> list[dict[str, object]]: ...
@overload
def touch_records(
    enrollments: Iterable[Enrollment] | Enrollment, *, frame: Literal[True]
) -> pandas.DataFrame: ...
def touch_records(
    enrollments: Iterable[Enrollment] | Enrollment, *, frame: bool = False
) -> list[dict[str, object]] | pandas.DataFrame:
    """Every touch still to do, of every enrollment, as one table.

    One row per touch of each enrollment's plan (ended enrollments have
    none), enrollments in the order given and each plan earliest first,
    with the columns ``prospect``, ``cadence``, ``owner``, ``account``,
    ``step``, ``day`` (the cadence day), ``channel``, ``automated`` (False
    for work a person does: calls, voicemails, LinkedIn, meetings, tasks),
    ``label``, ``due`` (local, in the prospect's zone), ``due_utc`` (the
    same instant in UTC), ``tz`` and the local ``date`` and ``time``.
    Prospects in many zones load into pandas as they are: sort and filter
    on ``due_utc``, show ``due``.

    With ``frame=True`` the table is a pandas DataFrame (pandas needed),
    with ``due_utc`` as ``datetime64[ns, UTC]`` and the columns present
    even when there are no rows.

    Example:
        >>> import cadencekit as ck
        >>> c = ck.Cadence("Intro", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 2)])
        >>> es = [ck.Enrollment.start(c, "ada", "2026-11-23T08:00:00-05:00", tz="America/New_York", owner="ann"),
        ...       ck.Enrollment.start(c, "jo", "2026-11-23T08:00:00+01:00", tz="Europe/Berlin", owner="ann")]
        >>> [(r["prospect"], r["channel"], r["automated"], r["due_utc"].isoformat())
        ...  for r in ck.touch_records(es)]  # doctest: +NORMALIZE_WHITESPACE
        [('ada', 'email', True, '2026-11-23T14:00:00+00:00'),
         ('ada', 'call', False, '2026-11-24T14:00:00+00:00'),
         ('jo', 'email', True, '2026-11-23T08:00:00+00:00'),
         ('jo', 'call', False, '2026-11-24T08:00:00+00:00')]
    """
    return _records(enrollments, TOUCH_COLUMNS, _touch_rows, "due_utc", frame)


@overload
def event_records(
    enrollments: Iterable[Enrollment] | Enrollment, *, frame: Literal[False] = False
) -> list[dict[str, object]]: ...
@overload
def event_records(
    enrollments: Iterable[Enrollment] | Enrollment, *, frame: Literal[True]
) -> pandas.DataFrame: ...
def event_records(
    enrollments: Iterable[Enrollment] | Enrollment, *, frame: bool = False
) -> list[dict[str, object]] | pandas.DataFrame:
    """Every event applied, of every enrollment, as one table.

    One row per event (also those after the end), enrollments in the order
    given, each in time order, with ``prospect``, ``cadence``, ``owner``,
    ``account``, ``at`` (as recorded, with its offset), ``at_utc``,
    ``kind``, ``step``, ``channel`` (of the step, when there is one),
    ``response``, ``call_result``, ``until``, ``variant`` and ``id``; enums
    as their values. ``frame=True`` gives a pandas DataFrame.

    Example:
        >>> import cadencekit as ck
        >>> c = ck.Cadence("Intro", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 2)])
        >>> e = ck.Enrollment.start(c, "ada", "2026-11-23T08:00:00-05:00")
        >>> e = e.apply(ck.Event.touch("2026-11-23T09:00:00-05:00", 0))
        >>> [(r["kind"], r["channel"], r["at_utc"].hour) for r in ck.event_records([e])]
        [('touch', 'email', 14)]
    """
    return _records(enrollments, EVENT_COLUMNS, _event_rows, "at_utc", frame)


@overload
def decision_records(
    enrollments: Iterable[Enrollment] | Enrollment, *, frame: Literal[False] = False
) -> list[dict[str, object]]: ...
@overload
def decision_records(
    enrollments: Iterable[Enrollment] | Enrollment, *, frame: Literal[True]
) -> pandas.DataFrame: ...
def decision_records(
    enrollments: Iterable[Enrollment] | Enrollment, *, frame: bool = False
) -> list[dict[str, object]] | pandas.DataFrame:
    """What every event did, of every enrollment, as one table (an audit trail).

    One row per :class:`~cadencekit.Decision`, with ``prospect``,
    ``cadence``, ``owner``, ``account``, ``at``, ``at_utc``, ``kind``,
    ``step``, ``response``, ``rule`` (its name, or None) and ``effect``
    (what happened, in words). ``frame=True`` gives a pandas DataFrame.

    Example:
        >>> import cadencekit as ck
        >>> c = ck.Cadence("Intro", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 2)])
        >>> e = ck.Enrollment.start(c, "ada", "2026-11-23T08:00:00+00:00")
        >>> e = e.apply(ck.Event.reply("2026-11-23T10:00:00+00:00", "no"))
        >>> [(r["kind"], r["rule"], r["effect"]) for r in ck.decision_records([e])]
        [('reply', 'no', 'end (declined)')]
    """
    return _records(enrollments, DECISION_COLUMNS, _decision_rows, "at_utc", frame)
