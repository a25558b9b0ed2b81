"""An export's rows grouped into enrollments, and each group replayed by the engine (private).

Shared by :mod:`replaying` (``replay_many``) and :mod:`_columnar` (the report
of a table): the options checked once, the rows of each enrollment found (by
prospect, cadence and start), what they must agree on checked, and the
engine's replay of one group, its errors naming the row.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, tzinfo
from itertools import accumulate, compress, islice
from operator import is_not, itemgetter
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from . import _time
from ._convert import to_list
from .cadence import Cadence
from .calendar import BusinessCalendar
from .enrollment import Enrollment
from .errors import InvalidFieldError, SchemaError
from .events import Event
from .rules import Rule

if TYPE_CHECKING:
    pass  # type: ignore[import-untyped, import-not-found, unused-ignore]
from .tables import COLUMNS, EventTable


def cadence_table(cadences: object) -> tuple[dict[str, Cadence], Cadence | None]:
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


PER_PROSPECT: Final = ("tz", "country", "subdiv", "owner", "account")


class Group(NamedTuple):
    """One enrollment's rows, what they agree on, and where it starts."""

    key: tuple[str, str | None, datetime | None]
    members: Sequence[int]
    cadence: Cadence
    calendar: BusinessCalendar
    tz: str | tzinfo
    owner: str | None
    account: str | None
    rep: BusinessCalendar | None


def gather(members: Sequence[int]) -> Callable[[Sequence[Any]], Sequence[Any]]:
    """A function taking a column to the values of rows ``members``, in one C call.

    A run of rows is a slice; other rows are picked by an ``itemgetter``
    (a tuple, even of one row). Far cheaper than a Python loop over the rows.
    """
    if type(members) is range:  # a run of rows (runs() makes them with a step of 1)
        return itemgetter(slice(members.start, members.stop))
    if len(members) == 1:
        return itemgetter(slice(members[0], members[0] + 1))
    return itemgetter(*members)


Key = tuple[str, str | None, datetime | None]  # an enrollment's prospect, cadence and start
_GLANCE: Final = 4096  # rows runs() looks at before it walks them all


def runs(
    prospects: Sequence[str], cadences: Sequence[str | None], starts: Sequence[datetime | None]
) -> tuple[list[Key], Sequence[int]] | None:
    """When each enrollment's rows are one run of rows: the keys and where each run starts.

    None when they are not.
    """
    size = len(prospects)
    if not size:
        return [], []
    # Where the value changes, by identity: read_events shares one object per distinct
    # prospect and start, so that is where it changes; with fresh objects the runs come
    # out too short, a prospect is met twice, and the rows are grouped the long way.
    if size > _GLANCE:  # a time-ordered export shows it in its first rows: no pass at all
        glance = prospects[:_GLANCE]
        met = [glance[0], *compress(glance[1:], map(is_not, glance[1:], glance))]
        if len(set(met)) != len(met):
            return None
    # (no copy of the column, and bytes: a list of a million for the collector to walk)
    changed = bytes(map(is_not, islice(prospects, 1, None), prospects))
    names = [prospects[0], *compress(islice(prospects, 1, None), changed)]
    if len(set(names)) != len(names):
        return None  # a prospect's rows in several runs (asked first: it costs least)
    heads = array("q", compress(range(1, size), changed))
    heads.insert(0, 0)
    if not _change_only_at(heads, size, cadences, starts):
        return None  # one prospect, several enrollments: grouped the long way
    keys = zip(names, map(cadences.__getitem__, heads), map(starts.__getitem__, heads), strict=True)
    return list(keys), heads


def _change_only_at(heads: Sequence[int], size: int, *columns: Sequence[object] | None) -> bool:
    """Whether each column's value (by identity) changes only at ``heads`` (the first is 0)."""
    firsts: set[int] | None = None
    for column in columns:
        if column is None or column.count(column[0]) == size:
            continue  # one value throughout
        if firsts is None:
            firsts = set(heads)
        later = islice(column, 1, None)  # (no copy of a million entries)
        if not firsts.issuperset(compress(range(1, size), map(is_not, later, column))):
            return False
    return True


def _as_is(values: Sequence[Any]) -> Sequence[Any]:
    return values


def arranged(
    table: EventTable,
) -> tuple[
    list[Key], Sequence[int] | None, Sequence[int], Callable[[Sequence[Any]], Sequence[Any]]
]:
    """The enrollments of ``table``: their keys, the rows' order, where each one's rows start.

    The keys are in the order each enrollment first appears; the order puts
    each enrollment's rows side by side, each in table order (None: they are
    already); the starts are where each enrollment's rows start in that order;
    last, a function putting a column in that order (one ``itemgetter``, made once).
    Done in C over the columns, not a loop over the rows: each row's first row of
    its prospect, the rows sorted by it (a stable sort), then a check that each
    prospect's rows are one enrollment (one cadence, one start), else the same by
    prospect, cadence and start. Keeps no container an enrollment, and the order and
    the starts in arrays (a list of ints is a container the collector walks, an array
    is not), so the collector has little to walk while a report runs.
    """
    prospects, cadences, starts = table.prospect, table.cadence, table.started
    found = runs(prospects, cadences, starts)
    if found is not None:  # each enrollment's rows side by side, as exports mostly are
        return found[0], None, found[1], _as_is
    size = len(prospects)
    for by in (prospects, zip(prospects, cadences, starts, strict=True)):
        firsts: dict[object, int] = {}
        first_of = list(map(firsts.setdefault, by, range(size)))
        order = array("q", sorted(range(size), key=first_of.__getitem__))
        counts = Counter(first_of)
        del first_of
        heads = array("q", accumulate(map(counts.__getitem__, firsts.values()), initial=0))
        del heads[-1]
        arrange = itemgetter(*order) if size > 1 else tuple
        if by is not prospects:
            keys: list[Key] = list(firsts)  # type: ignore[arg-type]
            return keys, order, heads, arrange
        if _change_only_at(heads, size, arrange(cadences), arrange(starts)):
            first = firsts.values()
            keys = list(
                zip(
                    map(prospects.__getitem__, first),
                    map(cadences.__getitem__, first),
                    map(starts.__getitem__, first),
                    strict=True,
                )
            )
            return keys, order, heads, arrange
    raise AssertionError("unreachable: grouping by the whole key always answers")


class Replay:
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
        self.by_name, self.only = cadence_table(cadences)
        self.cadences: Cadence | Mapping[str, Cadence] | Iterable[Cadence] = (
            cadences if isinstance(cadences, Cadence | Mapping) else list(self.by_name.values())
        )
        if calendar is not None:
            calendar = _time.calendar(calendar, "calendar")  # or a country code
        self.given_calendar = calendar
        if rep_calendars is not None:
            if not isinstance(rep_calendars, Mapping):
                raise InvalidFieldError(
                    "rep_calendars",
                    rep_calendars,
                    "expected a mapping of owner to BusinessCalendar",
                )
            rep_calendars = {
                name: _time.calendar(given, f"rep_calendars[{name!r}]")
                for name, given in rep_calendars.items()
            }
        self.table = table
        self.rep_calendars: Mapping[str, BusinessCalendar] | None = rep_calendars
        self.rules = None if rules is None else tuple(to_list(rules, Rule, "rules"))
        self.calendar = BusinessCalendar() if calendar is None else calendar
        self.tz = tz
        per_prospect = [(name, getattr(table, name)) for name in PER_PROSPECT]
        self.per_prospect = [
            (name, values) for name, values in per_prospect if values.count(None) != len(values)
        ]

    def fail(self, index: int, ours: str, value: object, reason: str) -> SchemaError:
        return row_error(self.table, index, ours, value, reason)

    def groups(self) -> Iterable[tuple[Key, Sequence[int]]]:
        """Each enrollment's key and row indexes, in the order each enrollment first appears."""
        return groups(self.table)

    def prepare(self, key: Key, members: Sequence[int]) -> Group:
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
        take = gather(members) if self.per_prospect else None
        for attribute, values in self.per_prospect:
            assert take is not None
            mine = take(values)
            value = mine[0]
            if value is not None and mine.count(value) == len(mine):
                agreed[attribute] = value  # one value on every row: the common case, in C
                continue
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
            prospect_calendar = _time.region(country, agreed.get("subdiv"))
        else:
            prospect_calendar = self.calendar
        owner = agreed.get("owner")
        rep: BusinessCalendar | None = None
        if self.rep_calendars is not None and isinstance(owner, str):
            rep = self.rep_calendars.get(owner)
        return Group(
            key,
            members,
            cadence,
            prospect_calendar,
            agreed.get("tz") or self.tz,  # type: ignore[arg-type]
            owner,  # type: ignore[arg-type]
            agreed.get("account"),  # type: ignore[arg-type]
            rep,
        )

    def enrollment(self, group: Group) -> Enrollment:
        """The group replayed by the engine: :meth:`Enrollment.replay`, its events known to be Events."""
        table = self.table
        members = group.members
        started = group.key[2]
        begin = started if started is not None else min(table.at[index] for index in members)
        try:
            base = Enrollment.start(
                group.cadence,
                group.key[0],
                begin,
                calendar=group.calendar,
                tz=group.tz,
                rules=self.rules,
                owner=group.owner,
                account=group.account,
                rep_calendar=group.rep,
            )
        except InvalidFieldError as error:
            raise located(error, members, [table._event(i) for i in members], table) from None
        return fold_rows(base, members, table)


def groups(table: EventTable) -> Iterable[tuple[Key, Sequence[int]]]:
    """Each enrollment's key (prospect, cadence, start) and row indexes, in order of first appearance."""
    keys, order, heads, _ = arranged(table)
    ends = [*heads[1:], len(table.prospect)]
    if order is None:
        return zip(keys, map(range, heads, ends), strict=True)
    return zip(keys, map(order.__getitem__, map(slice, heads, ends)), strict=True)


def fold_rows(enrollment: Enrollment, members: Sequence[int], table: EventTable) -> Enrollment:
    """``enrollment`` with the events of rows ``members`` folded in; errors name the row."""
    event_list = [table._event(index) for index in members]
    log = enrollment._events
    try:
        if log and (
            min(map(Event.sort_key, event_list)) < Event.sort_key(log.last())
            or any(e.id is not None and log.find((e.kind, e.id)) for e in event_list)
        ):  # as apply() does it: a late event, or a second delivery, folds the history again
            everything = [*enrollment.events, *event_list]
            return enrollment.restart()._fold_in(everything, enrollment._clock)
        return enrollment._fold_in(event_list)
    except InvalidFieldError as error:
        raise located(error, members, event_list, table) from None


def located(
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
    value, expected = error.value, error.expected
    if field == "step" and table.steps == "1-based" and isinstance(value, int):
        # the export's numbering: step 3 of steps 1..2, not index 2 of 0..1
        value += 1
        expected = re.sub(
            r"steps 0\.\.(-?\d+)", lambda found: f"steps 1..{int(found[1]) + 1}", expected
        )
    return row_error(table, culprit, ours, value, expected)


def row_error(table: EventTable, index: int, ours: str, value: object, reason: str) -> SchemaError:
    """The error naming entry ``index``'s row and column, and its line in CSV text."""
    row = table.rows[index]
    line = table.line(row)
    where = "" if line is None else f" (line {line})"
    return SchemaError(f"rows[{row}].{table.column_name(ours)}", value, reason + where)
