"""The report of an export without building enrollments: the table path's executor.

``report(table, cadences=...)`` must equal ``report(replay_many(table, ...))``.
This module runs each cadence's event program (_program.py) over the table's
columns, and hands a group to the engine (replaying.py) only where the
program says it needs history. tests/test_report_table.py checks both agree,
and CI runs it again with ``--engine-only``.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from itertools import compress, count, islice, repeat
from operator import attrgetter, ge, is_, is_not, itemgetter, lt
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
from ._grouping import Group, Replay, arranged
from .tables import DETAIL_COLUMNS, EventTable

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
_DAYS: Final = tuple(timedelta(days=k) for k in range(-2, 3))
_KINDS: Final = (  # what the quick fold compares each row with
    EventKind.TOUCH,
    EventKind.SKIP,
    CallResult.CONNECTED,
    EventKind.REPLY,
    EventKind.PAUSE,
    EventKind.RESUME,
)
_HEAD: Final = itemgetter(0, 1)  # prospect and cadence name
_MATCH_FIELDS: Final = ("response", "call_result", "channel", "step", "stage", "reason", "what")

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
        self.touched = self.by_kind.get(EventKind.TOUCH, _UNSEEN)  # None: no rule reads a touch
        # by the group's columns: their shape's token, and the fold's answer (None: it
        # depends on the moments too)
        self.memo: dict[
            tuple[object, ...],
            tuple[_Shape, tuple[Status, ExitReason | None, int | None] | str | None],
        ] = {}
        self.timed = False  # the last run made a hold

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
        found = self.outcomes[key] = self.verdict(probe)
        return found

    def verdict(self, probe: Event) -> object:
        """What the program does with ``probe``: an exit reason, a _Pausing, None, or NeedsHistory."""
        program = self.program
        assert program is not None
        step = probe.step
        channel = None if step is None or step >= self.size else self.steps[step].channel
        verdict = program.verdict(probe, channel)
        if isinstance(verdict, Effect):
            if verdict.reason is not None:
                return verdict.reason
            if verdict.pause is not None:
                return _Pausing(verdict.source, verdict.pause)
            return None
        return verdict  # why it needs history, an exit reason of the kind's own, or None

    def details_why(self, row: Row, details: Mapping[str, object]) -> str | None:
        """None when the program does with a row as it does without its ``details``; else why not.

        The quick fold carries an event's kind, step, response, call result
        and variant, not its own details (an engagement's ``what``, a skip's
        ``channels``, a reassign's owner and rep calendar): where the
        program says such an event needs history, or acts on it otherwise
        than on the same event without them, the engine replays the group.
        """
        kind, step, response, result, _, variant, _ = row
        try:
            probe = Event(
                kind,
                _PROBE_AT,
                step=step,
                response=response,
                call_result=result,
                variant=variant,
                **details,  # type: ignore[arg-type]
            )
        except CadenceError:
            return _REFUSED.why  # the engine says what is wrong with it
        found = self.verdict(probe)
        if type(found) is NeedsHistory:
            return found.why
        plain = self.outcome(kind, step, response, result, variant)
        return None if found == plain else "a rule reads an event's own details"

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
        variants: Sequence[str | None] | None,
        ats: Sequence[datetime],
        untils: Sequence[datetime | date | None] | None,
        context: _Context,
    ) -> tuple[tuple[Status, ExitReason | None, datetime | None] | str, _Shape]:
        """Status, exit reason and end after a group's rows (columns, in time order), or why the engine must fold them; and the rows' shape.

        :meth:`run`, remembered (a group with a step the cadence lacks goes to
        the engine, which names the row): a group that met no hold (no pause event,
        no rule that pauses) ends as any other group of the same kinds,
        steps, responses, results and variants does, at the same row, so
        the first such group's answer serves the rest (a table's groups
        repeat a few thousand shapes). The memo lives as long as this
        executor, one report. The shape is a token, one for each such
        columns (the summary hands it to the report's tally, which reads
        a shape once too).
        """
        key = (kinds, steps, responses, results, variants)
        known = self.memo.get(key)
        if known is not None:
            shape, answer = known
            if answer is not None:
                if isinstance(answer, str):
                    return answer, shape
                status, reason, end = answer
                return (status, reason, None if end is None else ats[end]), shape
        else:
            shape = _Shape()
            if max(filter(None, steps), default=0) >= self.size:
                self.memo[key] = (shape, "a step the cadence lacks")  # the engine names the row
                return "a step the cadence lacks", shape
        self.timed = False
        ended = self.run(kinds, steps, responses, results, variants, ats, untils, context)
        if self.timed:  # the answer depends on the moments too
            answer = None
        elif isinstance(ended, str):
            answer = ended
        else:
            status, reason, at = ended
            row = None if at is None else list(map(is_, ats, repeat(at))).index(True)
            answer = (status, reason, row)
        if known is None:  # (a shape that met a hold meets it again: its answer stays None)
            self.memo[key] = (shape, answer)
        return ended, shape

    def run(
        self,
        kinds: Sequence[EventKind],
        steps: Sequence[int | None],
        responses: Sequence[Response | None],
        results: Sequence[CallResult | None],
        variants: Sequence[str | None] | None,
        ats: Sequence[datetime],
        untils: Sequence[datetime | date | None] | None,
        context: _Context,
    ) -> tuple[Status, ExitReason | None, datetime | None] | str:
        """The program run over one group's rows: status, exit reason and end, or why the engine must fold them.

        As the engine runs the program: an event first lets the holds that
        ended by then go, then does its built-in part (a touch or skip takes
        its step, a pause event holds, a resume releases every hold, a read
        reply releases the holds waiting for one), then the rule that acts
        does its part; the last step done completes the enrollment.
        ``variants`` None: no row has one; ``untils`` are the rows' own ends
        (a pause's, an out-of-office's; None: no row has one); ``context``
        gives the prospect's calendar and zone. Sets ``timed`` where a
        hold (whose end is a time) may have been made.
        """
        pending = self.full
        outcomes = self.outcomes
        by_kind = self.by_kind
        clear, keep = self.clear, self.keep
        touch, skip, connected, reply, pause_kind, resume = _KINDS
        touched = self.touched  # None: no rule reads a touch
        holds: dict[str, tuple[datetime | None, bool]] = {}  # source: (until, until classified)
        rows = zip(
            kinds,
            steps,
            responses,
            results,
            repeat(None) if variants is None else variants,
            ats,
            repeat(None) if untils is None else untils,
            strict=False,
        )
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
                    self.timed = True
                    until = self.end_of(own, context.zone)  # type: ignore[arg-type]
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
                    self.timed = True
                    zone: tzinfo = context.zone  # type: ignore[assignment]
                    calendar = context.calendar
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


class _Shape:
    """A token for one shape of rows under one cadence, hashed by identity: see :meth:`_Quick.fold`."""

    __slots__ = ()


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
    # Can the quick fold take this table at all? Moments in an IANA zone compare by wall
    # clock between themselves: those tables go to the engine, which compares instants.
    plain = not ENGINE_ONLY and (
        table._fixed_offsets or set(map(type, map(_TZINFO, table.at))) <= {timezone}
    )
    if not plain:
        reason = "engine only" if ENGINE_ONLY else "times read in a zone, not with an offset"
        for key, members in replay.groups():
            if why is not None:
                why[reason] = why.get(reason, 0) + 1
            yield summary_of(replay.enrollment(replay.prepare(key, members)))
        return
    # Each enrollment's rows side by side: the table's order when they are (runs), else
    # every column is put in the groups' order once, in C (cheaper than taking each
    # group's rows from all over the table), and a group's rows are slices.
    size = len(table.rows)
    if not size:
        return
    found, order, starts, arrange = arranged(table)
    stops = array("q", starts)  # arrays, not lists: nothing for the collector to walk
    del stops[0]
    stops.append(size)

    def where(positions: Iterable[int]) -> set[int]:
        """The groups holding rows at ``positions`` (in the groups' order)."""
        return {bisect_right(starts, at) - 1 for at in positions}

    def within(positions: Iterable[int]) -> set[int]:
        """The groups holding rows at ``positions``, but those the positions are the first of."""
        inside = set(positions)
        inside.difference_update(starts)  # in C: a change at a group's first row is no change
        return where(inside)

    def rows_of(a: int, b: int) -> Sequence[int]:
        """The table's rows of the group at ``a:b`` (in the groups' order)."""
        return range(a, b) if order is None else order[a:b]

    def absent(values: Sequence[object]) -> bool:
        return values[0] is None and values.count(None) == size  # (the first: no pass at all)

    kinds, steps = arrange(table.kind), arrange(table.step)
    responses, results = arrange(table.response), arrange(table.call_result)
    ats = arrange(table.at)
    variants = None if absent(table.variant) else arrange(table.variant)
    ids = None if absent(table.id) else arrange(table.id)  # read per group: second deliveries
    untils = None if absent(table.until) else arrange(table.until)  # ends of pauses
    # An event's own details (an engagement's what, a skip's channels, a reassign's owner
    # and calendar): the program says, row by row, whether the quick fold may go without.
    details = [
        (field, arrange(getattr(table, ours)))
        for ours, field in DETAIL_COLUMNS.items()
        if not absent(getattr(table, ours))
    ]
    detailed: set[int] = set()
    for _, values in details:
        detailed |= where(compress(range(size), map(is_not, values, repeat(None))))
    # Groups whose rows are not strictly in time order: sorted first.
    unsorted = within(compress(range(1, size), map(ge, ats, islice(ats, 1, None))))
    # What a group's rows must agree on (per-prospect columns): the groups where some row
    # is blank or differs from the one before go through Replay.prepare, row by row.
    agreed = [(name, arrange(values)) for name, values in replay.per_prospect]
    unsettled: set[int] = set()
    for _, values in agreed:
        unsettled |= within(compress(range(1, size), map(is_not, islice(values, 1, None), values)))
        if None in values:
            unsettled |= where(compress(range(size), map(is_, values, repeat(None))))
    place = dict(agreed)
    folding = [  # what picks the context: the cadence is the key's
        place.get(name) for name in ("country", "subdiv", "tz", "owner")
    ]
    if replay.rep_calendars is None:
        folding[3] = None  # an owner matters for the rep's calendar only
    folding_columns = [column for column in folding if column is not None]
    owners, accounts = place.get("owner"), place.get("account")

    quick: dict[str, _Quick] = {}
    contexts: dict[object, _Context] = {}

    def _details_why(fast: _Quick, a: int, b: int) -> str | None:
        """Why the engine must replay the group at ``a:b``, for its rows' own details."""
        if len(set(ats[a:b])) < b - a:
            return "events at one instant with details the quick fold does not order by"
        for at in range(a, b):
            given = {field: values[at] for field, values in details if values[at] is not None}
            if given:
                variant = None if variants is None else variants[at]
                row = (kinds[at], steps[at], responses[at], results[at], None, variant, ats[at])
                why = fast.details_why(row, given)
                if why is not None:
                    return why
        return None

    # What picks each group's context, and whom it is of, at its first row: in C.
    context_keys = zip(
        map(itemgetter(1), found),
        *[map(column.__getitem__, starts) for column in folding_columns],
        strict=True,
    )
    owner_of = repeat(None) if owners is None else map(owners.__getitem__, starts)
    account_of = repeat(None) if accounts is None else map(accounts.__getitem__, starts)
    # The groups holding an end (a pause's, an out-of-office's): the rest fold without.
    ending = (
        set() if untils is None else where(compress(range(size), map(is_not, untils, repeat(None))))
    )
    rows = zip(count(), found, context_keys, owner_of, account_of, starts, stops)
    for index, key, context_key, owner, account, a, b in rows:
        group = None
        if index in unsettled:
            group = replay.prepare(key, rows_of(a, b))  # raises where the rows disagree
            context_key = (group.cadence.name, id(group.calendar), group.tz, id(group.rep))
            owner, account = group.owner, group.account
        context = contexts.get(context_key)
        if context is None:
            if group is None:
                group = replay.prepare(key, rows_of(a, b))
            cadence = group.cadence
            fast = quick.get(cadence.name)
            if fast is None or fast.steps is not cadence.touchpoints:
                fast = quick[cadence.name] = _Quick(cadence, replay.rules)
            context = contexts[context_key] = _Context(group, fast if fast.usable else None)
            if not fast.usable:
                context.why = "rules the cadence cannot take"
        summary: Summary | str
        fast = context.fast
        if fast is None:
            summary = context.why
        elif index in detailed and (found_why := _details_why(fast, a, b)) is not None:
            summary = found_why
        else:
            summary = context.summary(
                kinds[a:b],
                steps[a:b],
                responses[a:b],
                results[a:b],
                None if variants is None else variants[a:b],
                ats[a:b],
                key[2],
                (key[0], context.cadence, owner, account, NO_FACTS),
                None if ids is None else ids[a:b],
                untils[a:b] if index in ending else None,  # type: ignore[index]
                index in unsorted,
            )
        if type(summary) is str:  # the engine's, and why
            if why is not None:
                why[summary] = why.get(summary, 0) + 1
            if group is None:
                group = replay.prepare(key, rows_of(a, b))
            yield summary_of(replay.enrollment(group))
        else:
            yield summary  # type: ignore[misc]


class _Context:
    """What the groups of one cadence, calendar, zone and rep share in the quick fold."""

    __slots__ = (
        "cadence",
        "calendar",
        "fast",
        "name",
        "near",
        "settled",
        "utc",
        "why",
        "window",
        "zone",
    )

    def __init__(self, group: Group, fast: _Quick | None) -> None:
        cadence = group.cadence
        self.cadence = cadence
        self.name = cadence.name
        self.calendar = group.calendar
        first = cadence.touchpoints[0]
        self.window = first.window or cadence.window
        self.settled: dict[date, bool] = {}  # does a start on this local day settle?
        self.near: dict[date, bool] = {}  # do starts on the days around this one settle?
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
        kinds: Sequence[EventKind],
        steps: Sequence[int | None],
        responses: Sequence[Response | None],
        results: Sequence[CallResult | None],
        variants: Sequence[str | None] | None,
        ats: Sequence[datetime],
        started: datetime | None,
        card: Card,
        ids: Sequence[str | None] | None,
        untils: Sequence[datetime | date | None] | None,
        unsorted: bool,
    ) -> Summary | str:
        """The quick fold of one group's rows, or why the engine must replay it.

        ``kinds`` to ``variants`` are the group's columns (``variants`` None:
        none has one), ``ats`` their moments; ``card`` says whom the group
        is of; ``ids`` and ``untils`` hold the rows' ids and ends (None:
        no row has an end); ``unsorted`` False says the rows are strictly
        in time order.
        """
        fast = self.fast
        assert fast is not None
        if ids is not None and len(set(ids)) < len(ids):  # an id twice (or two rows without)
            if variants is None:
                variants = (None,) * len(kinds)
            identities = [(kind, i) for kind, i in zip(kinds, ids, strict=True) if i is not None]
            if len(set(identities)) != len(identities):  # one delivery twice: the earliest
                columns = (kinds, steps, responses, results, variants)
                rows = self.rows(columns, ats)  # counts, as the engine keeps it
                more = list(zip(ids, untils or repeat(None), strict=False))
                rows, more = fast.earliest_of_each(rows, more)
                (kinds, steps, responses, results, _, variants, ats), ids, untils = (
                    _columns(rows),
                    [m[0] for m in more],
                    None if untils is None else [m[1] for m in more],
                )
        if unsorted and not all(map(lt, ats, ats[1:])):  # not strictly in time order
            if variants is None:
                variants = (None,) * len(kinds)
            order = sorted(range(len(ats)), key=ats.__getitem__)
            reorder = itemgetter(*order)  # two rows at least
            columns = (kinds, steps, responses, results, variants)
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
        begin = ats[0] if started is None else started
        if ats[0] < begin:
            return "an event before the start"  # the engine refuses it, naming the row
        # The start must settle as Enrollment.start settles it (a year without holidays
        # raises). Whether it does depends on its local date alone: from the day's last
        # moment the search for an opening goes over every day a search from earlier would.
        # The local date is within two days of the date the start is written in (offsets
        # are under a day either way): when all five settle, so does the start's.
        written = begin.date()
        ok = self.near.get(written)
        if ok is None:
            try:
                ok = all(self.settles(written + _DAYS[k]) for k in range(5))
            except OverflowError:  # near year 1 or 9999: the exact day below
                ok = False
            self.near[written] = ok
        if not ok:
            zone = self.zone
            assert zone is not None
            if begin.tzinfo is zone or (begin.tzinfo is UTC and self.utc):
                day = written  # in the zone already
            else:
                try:
                    day = begin.astimezone(zone).date()
                except OverflowError:
                    return "a start near year 1 or 9999"  # the engine refuses it, naming the row
            if not self.settles(day):
                return "a start where the calendar has no holiday data"
        ended, shape = fast.fold(kinds, steps, responses, results, variants, ats, untils, self)
        if isinstance(ended, str):
            return ended
        status, reason, ended_at = ended
        rows_out = zip(
            kinds,
            steps,
            responses,
            results,
            repeat(None),
            repeat(None) if variants is None else variants,
            ats,
        )
        return rows_out, ats[-1], fast.steps, status, reason, begin, ended_at, card, (shape, ats)

    def settles(self, day: date) -> bool:
        """Whether a start on local ``day`` settles into the window (the calendar has the years)."""
        ok = self.settled.get(day)
        if ok is None:
            zone = self.zone
            assert zone is not None
            try:
                last = _time.instant(datetime.combine(day, time.max), zone)
                _time.settle_in(last, self.window, self.calendar, zone)
                ok = True
            except (CadenceError, OverflowError):  # the engine says which
                ok = False
            self.settled[day] = ok
        return ok

    @staticmethod
    def rows(columns: tuple[Sequence[object], ...], ats: Sequence[datetime]) -> list[Row]:
        """A group's rows as the report reads them, from its columns (the rare paths' form)."""
        kinds, steps, responses, results, variants = columns
        rows = zip(kinds, steps, responses, results, repeat(None), variants, ats, strict=False)
        return list(rows)


def _columns(rows: list[Row]) -> tuple[Sequence[Any], ...]:
    """Rows back to columns (the rare paths' form back to the common one)."""
    return tuple(zip(*rows, strict=True))
