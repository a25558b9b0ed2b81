"""The report of an export without building enrollments: the table path's executor.

``report(table, cadences=...)`` must equal ``report(replay_many(table, ...))``.
This module runs each cadence's event program (_program.py) over the table's
columns, and hands a group to the engine (replaying.py) only where the
program says it needs history. tests/test_report_table.py checks both agree,
and CI runs it again with ``--engine-only``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, time, timezone, tzinfo
from itertools import repeat
from operator import attrgetter, itemgetter, lt
from typing import TYPE_CHECKING, Any, Final

import attrs

from . import _time
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
from ._summaries import NO_FACTS, Card, Row, Summary, summary_of
from .cadence import Cadence
from .calendar import BusinessCalendar
from .enrollment import Enrollment, Status
from .errors import CadenceError
from .events import CallResult, Event, EventKind, Response
from .rules import ExitReason, Match, Pause, Rule, default_rules

if TYPE_CHECKING:
    pass  # type: ignore[import-untyped, import-not-found, unused-ignore]
from ._grouping import Group, Replay, gather
from .tables import EventTable

_PROBE_AT: Final = datetime(2001, 1, 1, tzinfo=UTC)
_TZINFO: Final = attrgetter("tzinfo")

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
_HEAD: Final = itemgetter(0, 1)  # prospect and cadence name
_MATCH_FIELDS: Final = ("response", "call_result", "channel", "step", "stage", "reason")

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
        passes = () if self.program is None else self.program.passes
        # A step recorded goes off the mask, and with it the steps of earlier days never
        # recorded (passed: the program's passes_of).
        self.clear = [~(1 << step) & ~((1 << first) - 1) for step, first in enumerate(passes)]
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
        kinds: Sequence[EventKind],
        steps: Sequence[int | None],
        responses: Sequence[Response | None],
        results: Sequence[CallResult | None],
        variants: Sequence[str | None],
        ats: Sequence[datetime],
        untils: Iterable[datetime | date | None],
        calendar: BusinessCalendar,
        zone: tzinfo,
    ) -> tuple[Status, ExitReason | None, datetime | None] | str:
        """Status, exit reason and end after a group's rows (columns, in time order), or why the engine must fold them.

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
        rows = zip(kinds, steps, responses, results, variants, ats, untils, strict=False)
        for kind, step, response, result, variant, at, own in rows:
            if holds:
                for source, (until, _) in list(holds.items()):
                    if until is not None and until <= at:
                        del holds[source]
            if kind is touch:
                pending &= clear[step]  # type: ignore[index, unused-ignore]
                if result is connected:
                    pending &= keep[step]  # type: ignore[index, unused-ignore]
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
                found = by_kind.get(kind, _UNSEEN)  # the kinds every rule reads alike
                if kind is skip:
                    if step is not None:
                        pending &= clear[step]
                elif kind is pause_kind:
                    until = self.end_of(own, zone)
                    if until is None or until > at:
                        holds[MANUAL_HOLD] = (until, False)
                elif kind is resume:
                    holds.clear()
                elif found is None:
                    continue  # an open, a click: nothing to do
            if found is _UNSEEN:
                found = outcomes.get((kind, step, response, result, variant), _UNSEEN)
                if found is _UNSEEN:
                    found = self.outcome(kind, step, response, result, variant)
            if found is not None:
                if type(found) is _Pausing:
                    given = self.end_of(own, zone)
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
        if not holds:
            return Status.ACTIVE, None, None
        ends = [until for until, _ in holds.values()]
        return Status.PAUSED, None, None if None in ends else max(ends)  # type: ignore[type-var]

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
    def end_of(until: datetime | date | None, zone: tzinfo) -> datetime | None:
        """A row's own end as an aware moment: a date ends at its local midnight."""
        if until is None or isinstance(until, datetime):
            return until
        return zone.fromutc(midnight(until, zone))


@attrs.frozen
class _Pausing:
    """A rule that pauses: its hold's source (the rule's key) and the pause."""

    source: str
    pause: Pause


def report_groups(
    table: EventTable,
    cadences: object,
    *,
    calendar: BusinessCalendar | str | None,
    tz: str | tzinfo,
    rules: Iterable[Rule] | None,
    rep_calendars: Mapping[str, BusinessCalendar | str] | None,
    why: dict[str, int] | None = None,
) -> Iterator[Summary]:
    """What ``report`` reads of each enrollment of ``table``, one enrollment at a time.

    A generator: each group's rows are built, folded and read by the report
    before the next group's are built, so they die young and the garbage
    collector never walks a million of them (the report is the same in any
    order of its enrollments). The first bad group raises, as in
    ``replay_many``. ``why``, when given, counts the groups the engine
    replayed by the reason the quick fold gave (benchmarks/bench_export.py
    prints it).
    """
    replay = Replay(table, cadences, calendar, tz, rules, rep_calendars)
    quick: dict[str, _Quick] = {}
    kinds, steps, responses, results = table.kind, table.step, table.response, table.call_result
    variants, ats = table.variant, table.at
    # Can the quick fold take this table at all? Moments in an IANA zone compare by wall
    # clock between themselves: those tables go to the engine, which compares instants.
    size = len(table.rows)
    plain = not ENGINE_ONLY and (
        table._fixed_offsets or set(map(type, map(_TZINFO, ats))) <= {timezone}
    )
    # Ids and ends of rows, where the table has any: the quick fold reads them per group.
    ids: Sequence[str | None] | None = table.id
    untils: Sequence[datetime | date | None] | None = table.until
    if table.id.count(None) == size:
        ids = None
    if table.until.count(None) == size:
        untils = None
    known = {step for step in set(steps) if step is not None}
    top = max(known) if known else -1
    agreeing = bool(replay.per_prospect)  # per-prospect columns: each group checked
    contexts: dict[object, _Context] = {}
    for key, members in replay.groups():
        take = gather(members)
        group = replay.prepare(key, members, take) if agreeing else None
        where: object = (
            key[1]
            if group is None
            else (group.cadence.name, id(group.calendar), group.tz, id(group.rep))
        )
        context = contexts.get(where)
        if context is None:
            if group is None:
                group = replay.prepare(key, members, take)
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
        else:
            mine_steps = take(steps)
            if top >= fast.size and max(filter(None, mine_steps), default=0) >= fast.size:
                summary = "a step the cadence lacks"  # the engine names the row
            else:
                mine_ids = None
                if ids is not None:
                    mine_ids = take(ids)
                    if mine_ids.count(None) == len(mine_ids):
                        mine_ids = None
                mine_untils = None
                if untils is not None:
                    mine_untils = take(untils)
                    if mine_untils.count(None) == len(mine_untils):
                        mine_untils = None
                card: Card = (
                    key[0],
                    context.cadence,
                    None if group is None else group.owner,
                    None if group is None else group.account,
                    NO_FACTS,
                )
                summary = context.summary(
                    (take(kinds), mine_steps, take(responses), take(results), take(variants)),
                    take(ats),
                    key[2],
                    card,
                    mine_ids,
                    mine_untils,
                )
        if isinstance(summary, str):  # the engine's, and why
            if why is not None:
                why[summary] = why.get(summary, 0) + 1
            if group is None:
                group = replay.prepare(key, members, take)
            yield summary_of(replay.enrollment(group))
        else:
            yield summary


class _Context:
    """What the groups of one cadence, calendar, zone and rep share in the quick fold."""

    __slots__ = ("cadence", "calendar", "fast", "name", "settled", "utc", "why", "window", "zone")

    def __init__(self, group: Group, fast: _Quick | None) -> None:
        cadence = group.cadence
        self.cadence = cadence
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
        columns: tuple[
            Sequence[EventKind],
            Sequence[int | None],
            Sequence[Response | None],
            Sequence[CallResult | None],
            Sequence[str | None],
        ],
        ats: Sequence[datetime],
        started: datetime | None,
        card: Card,
        ids: Sequence[str | None] | None = None,
        untils: Sequence[datetime | date | None] | None = None,
    ) -> Summary | str:
        """The quick fold of one group's rows, or why the engine must replay it.

        ``columns`` are the group's kinds, steps, responses, call results and
        variants, ``ats`` their moments; ``card`` says whom the group is of;
        ``ids`` and ``untils`` hold the rows' ids and ends, when any row has
        one.
        """
        fast = self.fast
        assert fast is not None
        kinds, steps, responses, results, variants = columns
        if ids is not None and len(set(ids)) < len(ids):  # an id twice (or two rows without)
            identities = [(kind, i) for kind, i in zip(kinds, ids, strict=True) if i is not None]
            if len(set(identities)) != len(identities):  # one delivery twice: the earliest
                rows = self.rows(columns, ats)  # counts, as the engine keeps it
                more = list(zip(ids, untils or repeat(None), strict=False))
                rows, more = fast.earliest_of_each(rows, more)
                (kinds, steps, responses, results, _, variants, ats), ids, untils = (
                    _columns(rows),
                    [m[0] for m in more],
                    None if untils is None else [m[1] for m in more],
                )
                columns = (kinds, steps, responses, results, variants)
        if not all(map(lt, ats, ats[1:])):  # not strictly in time order
            order = sorted(range(len(ats)), key=ats.__getitem__)
            reorder = itemgetter(*order)  # two rows at least
            kinds, steps, responses, results, variants, ats = map(reorder, (*columns, ats))
            columns = (kinds, steps, responses, results, variants)
            if ids is not None:
                ids = reorder(ids)
            if untils is not None:
                untils = reorder(untils)
            if not all(map(lt, ats, ats[1:])):  # events at one instant: in Event.sort_key's order
                rows = self.rows(columns, ats)
                if ids is None and untils is None:
                    rows.sort(key=fast.sort_key)
                else:
                    blank = (None,) * len(rows)
                    wide = sorted(
                        [
                            (*row, ident, end)
                            for row, ident, end in zip(
                                rows,
                                blank if ids is None else ids,
                                blank if untils is None else untils,
                                strict=True,
                            )
                        ],
                        key=fast.sort_key,
                    )
                    rows = [w[:7] for w in wide]
                    if untils is not None:
                        untils = [w[8] for w in wide]
                kinds, steps, responses, results, _, variants, ats = _columns(rows)
                columns = (kinds, steps, responses, results, variants)
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
        ended = fast.fold(
            kinds,
            steps,
            responses,
            results,
            variants,
            ats,
            repeat(None) if untils is None else untils,
            self.calendar,
            zone,
        )
        if isinstance(ended, str):
            return ended
        status, reason, ended_at = ended
        rows_out = zip(kinds, steps, responses, results, repeat(None), variants, ats)
        return rows_out, ats[-1], fast.steps, status, reason, begin, ended_at, card

    @staticmethod
    def rows(columns: tuple[Sequence[object], ...], ats: Sequence[datetime]) -> list[Row]:
        """A group's rows as the report reads them, from its columns (the rare paths' form)."""
        kinds, steps, responses, results, variants = columns
        rows = zip(kinds, steps, responses, results, repeat(None), variants, ats, strict=False)
        return list(rows)


def _columns(rows: list[Row]) -> tuple[Sequence[Any], ...]:
    """Rows back to columns (the rare paths' form back to the common one)."""
    return tuple(zip(*rows, strict=True))
