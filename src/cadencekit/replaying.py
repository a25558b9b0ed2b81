"""From an export to enrollments: :func:`replay_many`, :func:`apply_many` and :func:`enrollments_from_rows`.

Each enrollment's rows of an :class:`~cadencekit.EventTable` (by prospect,
cadence and start) are checked to agree on what they share (zone, country,
owner, account) and replayed by the engine, in one call; :func:`apply_many`
applies them to enrollments that already exist (from :func:`start_many`,
or stored).

Example:
    >>> import cadencekit as ck
    >>> rows = [{"prospect": "ada", "kind": "touch", "step": 0, "at": "2026-11-23T14:00:00+00:00"}]
    >>> intro = ck.Cadence("Intro", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 3)])
    >>> [e] = ck.replay_many(ck.read_events(rows), intro, tz="America/New_York")
    >>> e.next_touch.due.isoformat()
    '2026-11-25T09:00:00-05:00'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Literal, overload

from ._convert import prospect_key, to_list
from .cadence import Cadence
from .calendar import BusinessCalendar
from .enrollment import Enrollment
from .errors import InvalidFieldError, SchemaError
from .rules import Rule

if TYPE_CHECKING:
    pass  # type: ignore[import-untyped, import-not-found, unused-ignore]
from ._grouping import Replay, fold_rows, groups
from .tables import BadRow, EventTable, read_events

__all__ = ["apply_many", "enrollments_from_rows", "replay_many"]

# --- from events to enrollments -----------------------------------------------------


@overload
def replay_many(
    events: EventTable,
    cadences: Cadence | Mapping[str, Cadence] | Iterable[Cadence],
    *,
    calendar: BusinessCalendar | str | None = ...,
    tz: str | tzinfo = ...,
    rules: Iterable[Rule] | None = ...,
    rep_calendars: Mapping[str, BusinessCalendar | str] | None = ...,
    errors: Literal["raise"] = ...,
) -> list[Enrollment]: ...
@overload
def replay_many(
    events: EventTable,
    cadences: Cadence | Mapping[str, Cadence] | Iterable[Cadence],
    *,
    calendar: BusinessCalendar | str | None = ...,
    tz: str | tzinfo = ...,
    rules: Iterable[Rule] | None = ...,
    rep_calendars: Mapping[str, BusinessCalendar | str] | None = ...,
    errors: Literal["collect"],
) -> tuple[list[Enrollment], tuple[BadRow, ...]]: ...
def replay_many(
    events: EventTable,
    cadences: Cadence | Mapping[str, Cadence] | Iterable[Cadence],
    *,
    calendar: BusinessCalendar | str | None = None,
    tz: str | tzinfo = "UTC",
    rules: Iterable[Rule] | None = None,
    rep_calendars: Mapping[str, BusinessCalendar | str] | None = None,
    errors: Literal["raise", "collect"] = "raise",
) -> list[Enrollment] | tuple[list[Enrollment], tuple[BadRow, ...]]:
    """Every enrollment of an export, replayed from its events: one call for a whole table.

    Args:
        events: what :func:`read_events` read.
        cadences: the cadence of every row (one :class:`~cadencekit.Cadence`),
            or the cadences by name (a mapping, or a list: each by its
            ``name``), which the ``cadence`` column names.
        calendar: the prospects' business days, for rows without a
            ``country``: a calendar or a country code (default: Monday to
            Friday, no holidays).
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
    ``account`` (blank cells take the others' value; :func:`read_events`
    already gave a blank ``cadence`` or ``started`` the value of the
    prospect's other rows).

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
    replay = Replay(events, cadences, calendar, tz, rules, rep_calendars)
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


def _bad_group(error: SchemaError, members: Sequence[int], table: EventTable) -> BadRow:
    """A group that could not be replayed, as the row at fault (its other rows named)."""
    found = re.fullmatch(r"rows\[(\d+)\](?:\.(.*))?", error.field)
    row = int(found.group(1)) if found else table.rows[members[0]]
    column = found.group(2) if found else None
    others = sorted(table.rows[index] for index in members if table.rows[index] != row)
    line = table.line(row)
    reason = error.expected.removesuffix("" if line is None else f" (line {line})")
    if column is not None and column == table.column_name("step"):
        said = "step" if table.steps == "1-based" else "step index"  # (numbered: checked on read)
        reason = f"{said} {error.value} ({'1-based' if said == 'step' else '0-based'}): {reason}"
    if others:
        listed = ", ".join(map(str, others[:10])) + (", ..." if len(others) > 10 else "")
        reason += f"; the enrollment's other rows were left out too ({listed})"
    return BadRow(row, column, error.value, reason, line=line)


@overload
def apply_many(
    enrollments: Iterable[Enrollment],
    events: EventTable,
    *,
    errors: Literal["raise"] = ...,
) -> list[Enrollment]: ...
@overload
def apply_many(
    enrollments: Iterable[Enrollment],
    events: EventTable,
    *,
    errors: Literal["collect"],
) -> tuple[list[Enrollment], tuple[BadRow, ...]]: ...
def apply_many(
    enrollments: Iterable[Enrollment],
    events: EventTable,
    *,
    errors: Literal["raise", "collect"] = "raise",
) -> list[Enrollment] | tuple[list[Enrollment], tuple[BadRow, ...]]:
    """Apply an export's events to the enrollments they are about: one call for a whole table.

    Args:
        enrollments: the enrollments (from :func:`start_many`, or stored).
        events: what :func:`read_events` read.
        errors: ``"raise"`` (the default) stops at the first row that
            cannot be applied, with a :class:`~cadencekit.SchemaError`
            naming it; ``"collect"`` returns ``(enrollments, problems)``:
            every enrollment (those whose rows could not be applied as they
            were) and one :class:`BadRow` per row or enrollment left out.

    Each row is matched to an enrollment by its prospect (an email in any
    case: ``Ada@Acme.com`` in the CRM is ``ada@acme.com`` in the export;
    other ids as written); when the prospect has several, the ``cadence``
    column says which (and ``started``, when it was enrolled in one cadence
    twice). The rows of an enrollment are
    folded in as :meth:`Enrollment.apply` would apply them one by one, in
    time order: the result equals :meth:`Enrollment.replay` of its history
    and the new events. A row is refused, never dropped: a prospect with no
    enrollment given (named by its first row), a cadence or start the
    prospect was not enrolled with, several enrollments it could be, a
    ``tz``, ``country``, ``subdiv``, ``owner`` or ``account`` that differs
    from the enrollment's, or an event the enrollment refuses (a step its
    cadence lacks, a time before it started; then none of that
    enrollment's rows are applied).

    Applying the same export twice applies its events twice, except those
    with an ``id`` (one delivery each, see :class:`~cadencekit.Event`): give
    an export's events ids, or apply only the rows new since the last run.

    Returns:
        The enrollments in the order given, each with its rows applied.

    Example:
        >>> import cadencekit as ck
        >>> intro = ck.Cadence("Intro", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 3)])
        >>> people = ck.start_many([{"prospect": "ada"}, {"prospect": "jo"}], intro,
        ...                        start="2026-11-23T08:00:00+00:00")
        >>> export = [
        ...     {"prospect": "ada", "kind": "Email Sent", "at": "2026-11-23T09:00:00Z", "step": 0},
        ...     {"prospect": "ada", "kind": "Not Interested", "at": "2026-11-23T12:00:00Z"},
        ...     {"prospect": "eve", "kind": "Email Opened", "at": "2026-11-23T09:30:00Z", "step": 0},
        ... ]
        >>> people, problems = ck.apply_many(people, ck.read_events(export), errors="collect")
        >>> [(e.prospect, e.status.value) for e in people]
        [('ada', 'ended'), ('jo', 'active')]
        >>> print(problems[0])
        rows[2].prospect 'eve': no enrollment of this prospect was given; enroll them first, or leave their rows out
    """
    if errors not in ("raise", "collect"):
        raise InvalidFieldError("errors", errors, "expected 'raise' or 'collect'")
    if not isinstance(events, EventTable):
        raise InvalidFieldError("events", events, "expected an EventTable from read_events(...)")
    given = to_list(enrollments, Enrollment, "enrollments")
    by_prospect: dict[str, list[int]] = {}
    for position, enrollment in enumerate(given):
        by_prospect.setdefault(prospect_key(enrollment.prospect), []).append(position)
    table = events
    problems: list[BadRow] = []
    rows_of: dict[int, list[int]] = {}

    def refuse(index: int, ours: str, value: object, reason: str) -> None:
        error = SchemaError(f"rows[{table.rows[index]}].{table.column_name(ours)}", value, reason)
        if errors == "raise":
            raise error
        problems.append(BadRow(table.rows[index], table.column_name(ours), value, reason))

    for (prospect, cadence, started), members in groups(table):
        first = members[0]
        found = by_prospect.get(prospect_key(prospect), [])
        if not found:
            refuse(
                first,
                "prospect",
                prospect,
                "no enrollment of this prospect was given; enroll them first, or leave "
                "their rows out",
            )
            continue
        if cadence is not None:
            named = [p for p in found if given[p].cadence.name == cadence]
            if not named:
                listed = ", ".join(sorted({repr(given[p].cadence.name) for p in found}))
                refuse(first, "cadence", cadence, f"{prospect!r} is enrolled in {listed} only")
                continue
            found = named
        if started is not None:
            dated = [p for p in found if given[p].started == started]
            if not dated:
                listed = ", ".join(given[p].started.isoformat() for p in found)
                refuse(
                    first, "started", started.isoformat(), f"{prospect!r} was enrolled at {listed}"
                )
                continue
            found = dated
        if len(found) > 1:
            listed = ", ".join(
                f"{given[p].cadence.name!r} at {given[p].started.isoformat()}" for p in found
            )
            say = "a started column" if cadence is not None else "a cadence column"
            refuse(
                first,
                "prospect",
                prospect,
                f"{prospect!r} has {len(found)} enrollments ({listed}); {say} says which",
            )
            continue
        target = given[found[0]]
        clash = _disagreement(target, members, table)
        if clash is not None:
            refuse(*clash)
            continue
        rows_of.setdefault(found[0], []).extend(members)
    result = list(given)
    for position, members in rows_of.items():
        members.sort()
        try:
            result[position] = fold_rows(given[position], members, table)
        except SchemaError as error:
            if errors == "raise":
                raise
            problems.append(_bad_group(error, members, table))
    if errors == "collect":
        problems.sort(key=lambda bad: bad.row)
        return result, tuple(problems)
    return result


def _disagreement(
    enrollment: Enrollment, members: Sequence[int], table: EventTable
) -> tuple[int, str, object, str] | None:
    """The first row naming a zone, country, owner or account the enrollment does not have."""
    calendar = enrollment.calendar
    own = {
        "tz": enrollment.tz,
        "country": calendar.country,
        "subdiv": calendar.subdiv,
        "owner": enrollment.owner,
        "account": enrollment.account,
    }
    for column, mine in own.items():
        values = getattr(table, column)
        for index in members:
            value = values[index]
            if value is None or value == mine:
                continue
            if column == "subdiv" and isinstance(mine, str) and value.lower() == mine.lower():
                continue
            return (
                index,
                column,
                value,
                f"the enrollment of {enrollment.prospect!r} in {enrollment.cadence.name!r} has "
                f"{column} {mine!r}; one enrollment has one {column}",
            )
    return None


def enrollments_from_rows(
    rows: Iterable[Mapping[str, object]],
    cadences: Mapping[str, Cadence] | Iterable[Cadence],
    *,
    calendar: BusinessCalendar | str | None = None,
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
