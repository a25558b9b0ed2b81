"""From a table of prospects to enrollments: :func:`start_many`, one call for a whole list.

A CRM's or a spreadsheet's prospects, one row each (a ``csv.DictReader``, a
list of dicts, a pandas DataFrame or CSV text), are enrolled with
:meth:`Enrollment.start`, each with its own zone, country (its calendar),
owner, account, start and cadence; the row's other columns are kept on the
enrollment as its :attr:`~cadencekit.Enrollment.facts` (text), for joins
and merge fields. Bad rows are named as :func:`read_events` names them.

Example:
    >>> import cadencekit as ck
    >>> intro = ck.Cadence("Intro", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 3)])
    >>> rows = [
    ...     {"email": "ada@acme.com", "name": "Ada", "tz": "America/New_York", "country": "US"},
    ...     {"email": "jo@jolt.de", "name": "Jo", "tz": "Europe/Berlin", "country": "DE"},
    ... ]
    >>> people = ck.start_many(rows, intro, columns={"email": "prospect"}, start="2026-11-23")
    >>> [(e.prospect, e.calendar.country, e.facts["name"]) for e in people]
    [('ada@acme.com', 'US', 'Ada'), ('jo@jolt.de', 'DE', 'Jo')]
    >>> people[1].next_touch.due.isoformat()  # 09:00 in Berlin, on the day given
    '2026-11-23T09:00:00+01:00'
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, tzinfo
from decimal import Decimal
from typing import Final, Literal, overload

from . import _time
from ._convert import ROWS_ACCEPTED, ROWS_NOT_BYTES, is_frame, missing_cell, prospect_key
from ._grouping import cadence_table
from .cadence import Cadence
from .calendar import BusinessCalendar
from .enrollment import Enrollment
from .errors import InvalidFieldError, SchemaError
from .rules import Rule
from .tables import BadRow, column_names

__all__ = ["fact_name", "start_many"]

_COLUMNS: Final = (
    "prospect",
    "cadence",
    "started",
    "tz",
    "country",
    "subdiv",
    "owner",
    "account",
)
"""The columns :func:`start_many` reads as the enrollment's own; every other is a fact."""


_NOT_A_WORD: Final = re.compile(r"\W+")


def fact_name(column: str) -> str:
    """The name a table's column is kept under as a fact: a merge field's name.

    Lower case, each run of characters other than letters, digits and ``_``
    one ``_``: ``"First Name"`` is ``first_name``, so a template's
    ``{{ first_name }}`` (the presets' emails have it) finds it.

    Example:
        >>> fact_name("First Name"), fact_name(" Phone # "), fact_name("company")
        ('first_name', 'phone', 'company')
    """
    return _NOT_A_WORD.sub("_", column.strip().lower()).strip("_") or column


class _RefusedError(Exception):
    """One cell refused; ``args``: (our column, the reason)."""


def _records(rows: object) -> Iterable[object]:
    """The rows, each (if all is well) a mapping of column to value; read as they are used."""
    if is_frame(rows):
        return rows.to_dict("records")  # type: ignore[attr-defined, no-any-return]
    if isinstance(rows, bytes | bytearray | memoryview):
        raise InvalidFieldError("rows", rows, ROWS_NOT_BYTES)
    if not isinstance(rows, str | Mapping) and callable(getattr(rows, "read", None)):
        rows = rows.read()  # type: ignore[attr-defined]
        if not isinstance(rows, str):
            raise InvalidFieldError(
                "rows", rows, "expected a stream of text (open the file in text mode)"
            )
    if isinstance(rows, str):
        return csv.DictReader(io.StringIO(rows.removeprefix("\ufeff")))
    if isinstance(rows, Mapping) or not isinstance(rows, Iterable):
        raise InvalidFieldError("rows", rows, ROWS_ACCEPTED)
    return rows


def _fact(value: object) -> str:
    """A cell as the text of a fact: text as it is; numbers, dates and flags as written."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int):
        return str(value)
    if isinstance(value, float | Decimal):
        if not math.isfinite(value):
            raise _RefusedError("expected text or a finite number")
        if value == int(value):  # 5551234.0: a whole number a DataFrame with gaps made a float
            return str(int(value))
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise _RefusedError("expected text, a number or a date")


def _name(value: object) -> str:
    """An id cell (prospect, owner, account, cadence): text, or a whole number read as text."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    raise _RefusedError("expected text (or a whole number, read as text)")


def _moment(value: object) -> datetime | date | str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, datetime):
        convert = getattr(value, "to_pydatetime", None)  # pandas.Timestamp
        return convert() if callable(convert) else value
    if isinstance(value, date):
        return value
    raise _RefusedError("expected an ISO 8601 date or time like '2026-11-23T09:00:00-05:00'")


@overload
def start_many(
    rows: object,
    cadences: Cadence | Mapping[str, Cadence] | Iterable[Cadence],
    *,
    columns: Mapping[str, str] | None = ...,
    start: datetime | date | str | None = ...,
    calendar: BusinessCalendar | str | None = ...,
    tz: str | tzinfo = ...,
    rules: Iterable[Rule] | None = ...,
    rep_calendars: Mapping[str, BusinessCalendar | str] | None = ...,
    facts: Iterable[str] | None = ...,
    errors: Literal["raise"] = ...,
) -> list[Enrollment]: ...
@overload
def start_many(
    rows: object,
    cadences: Cadence | Mapping[str, Cadence] | Iterable[Cadence],
    *,
    columns: Mapping[str, str] | None = ...,
    start: datetime | date | str | None = ...,
    calendar: BusinessCalendar | str | None = ...,
    tz: str | tzinfo = ...,
    rules: Iterable[Rule] | None = ...,
    rep_calendars: Mapping[str, BusinessCalendar | str] | None = ...,
    facts: Iterable[str] | None = ...,
    errors: Literal["collect"],
) -> tuple[list[Enrollment], tuple[BadRow, ...]]: ...
def start_many(
    rows: object,
    cadences: Cadence | Mapping[str, Cadence] | Iterable[Cadence],
    *,
    columns: Mapping[str, str] | None = None,
    start: datetime | date | str | None = None,
    calendar: BusinessCalendar | str | None = None,
    tz: str | tzinfo = "UTC",
    rules: Iterable[Rule] | None = None,
    rep_calendars: Mapping[str, BusinessCalendar | str] | None = None,
    facts: Iterable[str] | None = None,
    errors: Literal["raise", "collect"] = "raise",
) -> list[Enrollment] | tuple[list[Enrollment], tuple[BadRow, ...]]:
    """Enroll every prospect of a table, one row each: one call for a whole list.

    Args:
        rows: the prospects: a ``csv.DictReader``, a list of dicts, a
            pandas DataFrame, CSV text (header first) or a text stream.
        cadences: the cadence of every row (one
            :class:`~cadencekit.Cadence`), or the cadences by name (a
            mapping, or a list: each by its ``name``), which the
            ``cadence`` column names.
        columns: the table's names of our columns, as :func:`read_events`
            takes them (``{"Email": "prospect", "Time Zone": "tz"}``). Ours:
            ``prospect`` (required), ``cadence``, ``started`` (when the
            prospect is enrolled; a date, or a time read in the row's zone
            when it has no offset), ``tz``, ``country`` (a code like
            ``"DE"`` or ``"US-CA"``: the prospect's calendar), ``subdiv``,
            ``owner`` and ``account``.
        start: when the prospects are enrolled, for rows without a
            ``started`` value (as :meth:`Enrollment.start` reads ``at``).
        calendar: the prospects' business days, for rows without a
            ``country``: a :class:`~cadencekit.BusinessCalendar` or a
            country code (default: Monday to Friday, no holidays).
        tz: the prospects' zone, for rows without a ``tz``.
        rules: what events do (:func:`~cadencekit.default_rules` by default).
        rep_calendars: each owner's own days off, by owner (calendars or
            country codes): their manual touches wait for those too.
        facts: the columns kept as each enrollment's
            :attr:`~cadencekit.Enrollment.facts`; None (the default) keeps
            every column not read as one of ours. A fact is named as a
            merge field is (:func:`fact_name`: ``"First Name"`` is
            ``first_name``), so templates (the presets' ``{{ first_name }}``,
            ``{{ company }}``) find it. Blank cells are left out (a merge
            field's fallback then applies); numbers and dates are kept as
            text (``5551234.0``, a whole number pandas made a float, as
            ``'5551234'``).
        errors: ``"raise"`` (the default) stops at the first bad row with a
            :class:`~cadencekit.SchemaError` naming it (``rows[7].country``);
            ``"collect"`` returns ``(enrollments, problems)``: the good
            rows' enrollments and one :class:`~cadencekit.BadRow` per row
            left out, by row.

    Rows are enrolled in their order. A row is refused when a value cannot
    be read (a zone or country nobody knows, a cadence not given, no
    start), and when its prospect is already enrolled in the same cadence
    by an earlier row: one enrollment per prospect and cadence (an email in
    any case is one prospect: ``Ada@Acme.com`` and ``ada@acme.com``).

    Raises:
        SchemaError: for a bad row (with ``errors="raise"``).
        InvalidFieldError: for a bad argument (``columns``, ``calendar``, ...).

    Example:
        >>> import cadencekit as ck
        >>> intro = ck.Cadence("Intro", [ck.Touchpoint("email", 1)])
        >>> rows = [{"prospect": "ada", "tz": "Mars/Olympus"}, {"prospect": "jo"}]
        >>> people, problems = ck.start_many(rows, intro, start="2026-11-23", errors="collect")
        >>> [e.prospect for e in people]
        ['jo']
        >>> print(problems[0])
        rows[0].tz 'Mars/Olympus': not a time zone; use an IANA name like 'America/New_York', a zoneinfo.ZoneInfo or a datetime.timezone
    """
    if errors not in ("raise", "collect"):
        raise InvalidFieldError("errors", errors, "expected 'raise' or 'collect'")
    names = column_names(columns, _COLUMNS, "table")
    by_name, only = cadence_table(cadences)
    default_calendar = (
        BusinessCalendar() if calendar is None else _time.calendar(calendar, "calendar")
    )
    default_zone = _time.zone(tz)[0]
    reps: dict[str, BusinessCalendar] = {}
    if rep_calendars is not None:
        if not isinstance(rep_calendars, Mapping):
            raise InvalidFieldError(
                "rep_calendars", rep_calendars, "expected a mapping of owner to BusinessCalendar"
            )
        for rep, given in rep_calendars.items():
            reps[rep] = _time.calendar(given, f"rep_calendars[{rep!r}]")
    if rules is not None:
        rules = tuple(rules)  # one tuple for every row: compiled once
    kept: set[str] | None = None
    if facts is not None:
        if isinstance(facts, str) or not isinstance(facts, Iterable):
            raise InvalidFieldError("facts", facts, "expected a list of column names, or None")
        kept = set(facts)
    records = _records(rows)  # a row at a time: a million dicts are never held at once
    ours_of = {theirs: ours for ours, theirs in names.items()}
    if kept is not None:  # every column named must be in the table: read it whole first
        records = list(records)
        present = {key for record in records if isinstance(record, Mapping) for key in record}
        absent = sorted(str(name) for name in kept - present)
        if absent and records:
            raise InvalidFieldError(
                "facts",
                absent[0],
                f"not a column of the table (it has {', '.join(map(repr, sorted(map(str, present))))})",
            )
    enrollments: list[Enrollment] = []
    problems: list[BadRow] = []
    first_row: dict[tuple[str, str], int] = {}
    zones: dict[str, tzinfo] = {}  # each distinct zone and country read once
    regions: dict[tuple[str, str | None], BusinessCalendar] = {}
    renamed: dict[str, str] = {}  # a column -> its fact's name
    named: dict[str, str] = {}  # a fact's name -> its column

    def fact_of(column: str) -> str:
        found = renamed.get(column)
        if found is None:
            found = renamed[column] = fact_name(column)
            other = named.setdefault(found, column)
            if other != column:
                raise InvalidFieldError(
                    "rows",
                    column,
                    f"columns {other!r} and {column!r} would both be the fact {found!r}: "
                    "rename one, or keep one with facts=[...]",
                )
        return found

    def bad(index: int, ours: str | None, value: object, reason: str) -> None:
        column = None if ours is None else names.get(ours, ours)
        if errors == "raise":
            where = f"rows[{index}]" + ("" if column is None else f".{column}")
            raise SchemaError(where, value, reason)
        problems.append(BadRow(index, column, value, reason))

    for index, record in enumerate(records):
        if not isinstance(record, Mapping):
            bad(index, None, record, "expected a mapping (a dict) of column to value")
            continue
        cells: dict[str, object] = {}
        own: dict[str, object] = {}
        for key, value in record.items():
            ours = ours_of.get(key) if isinstance(key, str) else None
            if ours is not None:
                if not missing_cell(value):
                    own[ours] = value
            elif isinstance(key, str) and (kept is None or key in kept) and not missing_cell(value):
                cells[key] = value
        fact_names = {name: fact_of(name) for name in cells}  # outside: not a bad row
        column = "prospect"
        try:
            if "prospect" not in own:
                raise _RefusedError("prospect", "required: the prospect's id (an email, a CRM id)")
            prospect = _name(own["prospect"])
            column = "cadence"
            if "cadence" in own:
                cadence_name = _name(own["cadence"])
                found = by_name.get(cadence_name)
                if found is None:
                    known = ", ".join(repr(n) for n in by_name) or "none"
                    raise _RefusedError("cadence", f"not among the cadences given ({known})")
                cadence = found
            elif only is not None:
                cadence = only
            else:
                raise _RefusedError(
                    "cadence",
                    "no cadence named; give one Cadence for every row, or a cadence column",
                )
            column = "started"
            if "started" in own:
                at = _moment(own["started"])
            elif start is not None:
                at = start
            else:
                raise _RefusedError(
                    "started",
                    "required: when the prospect is enrolled; give a started column or start=...",
                )
            column = "tz"
            zone = default_zone
            if "tz" in own:
                name = _name(own["tz"])
                zone = zones.get(name) or zones.setdefault(name, _time.zone(name)[0])
            column = "country"
            if "country" in own:
                code = _name(own["country"])
                column = "subdiv"
                subdiv = None if "subdiv" not in own else _name(own["subdiv"])
                column = "country"
                region = regions.get((code, subdiv))
                if region is None:
                    try:
                        region = (
                            _time.calendar(code, "country")
                            if subdiv is None
                            else _time.region(code.upper(), subdiv)
                        )
                    except InvalidFieldError as error:
                        which = "subdiv" if error.field == "subdiv" else "country"
                        raise _RefusedError(which, error.expected) from None
                    regions[code, subdiv] = region
                prospect_calendar = region
            elif "subdiv" in own:
                column = "subdiv"
                raise _RefusedError(
                    "subdiv", "a subdivision needs a country: give a country column"
                )
            else:
                prospect_calendar = default_calendar
            column = "owner"
            owner = None if "owner" not in own else _name(own["owner"])
            column = "account"
            account = None if "account" not in own else _name(own["account"])
            column = "prospect"
            key = (prospect_key(prospect), cadence.name)
            if key in first_row:
                raise _RefusedError(
                    "prospect",
                    f"already enrolled in {cadence.name!r} by rows[{first_row[key]}]: one "
                    "enrollment per prospect and cadence",
                )
            column = "facts"
            texts = {}
            for name, value in cells.items():
                try:
                    texts[fact_names[name]] = _fact(value)
                except _RefusedError as why:
                    raise _RefusedError(name, str(why.args[0])) from None
            column = "started"
            enrollment = Enrollment.start(
                cadence,
                prospect,
                at,
                calendar=prospect_calendar,
                tz=zone,
                rules=rules,
                owner=owner,
                account=account,
                rep_calendar=None if owner is None else reps.get(owner),
                facts=texts,
            )
        except _RefusedError as why:
            if len(why.args) == 2:
                ours, reason = why.args
            else:
                ours, reason = column, why.args[0]
            value = record.get(names.get(ours, ours))
            bad(index, ours, value, reason)
            continue
        except InvalidFieldError as error:
            ours = column
            value = record.get(names.get(ours, ours))
            bad(index, ours, value, error.expected)
            continue
        first_row[key] = index
        enrollments.append(enrollment)
    if errors == "collect":
        return enrollments, tuple(problems)
    return enrollments
