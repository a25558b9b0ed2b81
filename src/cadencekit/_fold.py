"""The fold: an enrollment's state moved on one event at a time (private).

:class:`Fold` is the engine. It starts from an enrollment (what the
:class:`Start` protocol names), applies events in time order as the event
program (``_program``) says, and leaves the state the enrollment module
freezes into the next :class:`~cadencekit.Enrollment`: the status, the
holds and timers, the tracks of pending steps, the steps done and skipped,
the counts, stages and facts. It plans nothing itself: ``_planner`` works
the plan out from the tracks when it is first read.

Also here, as the fold keeps them: :class:`Status` (re-exported by
``enrollment``), a hold (:class:`Hold`) and a timer (:class:`Timer`), and
the bounded caches the fold shares between enrollments (the lists of
pending steps, the words of each step's decisions, merged calendars).
"""

from __future__ import annotations

import enum
import functools
import threading
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timezone, tzinfo
from typing import Final, Generic, NamedTuple, Protocol, TypeVar

from . import _time
from ._convert import NO_FACTS, fact_missing
from ._frozen import FrozenMap
from ._history import Log, Seen
from ._planner import Anchor, Days, Planned, Track, origins, plan
from ._program import (
    BUILT_IN_ENDS,
    BUILT_IN_PARTS,
    MOVE_HOLD,
    UNREAD,
    Program,
    drops_of,
    hold_key,
    midnight,
    pause_until,
    said_as,
    step_said,
    step_verbs,
)
from ._text import date_text, moment_text, step_text
from .cadence import Cadence, Touchpoint
from .calendar import BusinessCalendar, Window
from .channels import Channel
from .errors import CheckedEnum, DateRangeError, InvalidFieldError
from .events import CallResult, Event, EventKind
from .rules import (
    INITIAL_STAGE,
    Action,
    End,
    ExitReason,
    Insert,
    JumpTo,
    Match,
    MoveTo,
    Pause,
    Resume,
    Rule,
    Silence,
    Skip,
)


class Status(CheckedEnum, enum.StrEnum):
    """Where an enrollment stands.

    Example:
        >>> Status("paused")
        <Status.PAUSED: 'paused'>
    """

    ACTIVE = "active"
    """Steps are due as planned."""
    PAUSED = "paused"
    """Nothing is due until the pause ends (``paused_until``) or a resume."""
    ENDED = "ended"
    """Finished; ``exit_reason`` says why. Later events are kept and change nothing."""


# Bound once: an enum member looked up on its class costs a little, on every event.
_TOUCH: Final = EventKind.TOUCH
_SKIP: Final = EventKind.SKIP
_TIMEOUT: Final = EventKind.TIMEOUT
_OPT_OUT: Final = EventKind.OPT_OUT
_STOP: Final = EventKind.STOP
_PAUSE: Final = EventKind.PAUSE
_RESUME: Final = EventKind.RESUME
_REPLY: Final = EventKind.REPLY
_ENDED: Final = Status.ENDED
_ACTIVE: Final = Status.ACTIVE
_PAUSED: Final = Status.PAUSED


class Hold(NamedTuple):
    """One reason the enrollment is paused: the rep's pause, an out-of-office, a rule."""

    source: str
    until: datetime | None  # an instant; None: until a resume
    classified: bool  # also released by a classified reply ("a reply needs reading")


class Timer(NamedTuple):
    """A rule's timer: a silence's deadline, or a delayed move."""

    key: str  # the timeout event's id: the rule's key, or its move's (Program.move_keys)
    deadline: datetime  # an instant
    rule: int  # the rule's index
    step: int | None  # a silence's step (a silence always has one); None: a delayed move


Record = tuple[Event, Rule | None, str, tuple[str, ...], int | None]
"""What one event did, as a decision says it: the event, the rule that acted, the
effect's words, the talk track's lines, and the number of the event's step."""


class Start(Protocol):
    """What a fold reads of the enrollment it starts from (an ``Enrollment``)."""

    @property
    def cadence(self) -> Cadence: ...
    @property
    def started(self) -> datetime: ...
    @property
    def calendar(self) -> BusinessCalendar: ...
    @property
    def rules(self) -> tuple[Rule, ...]: ...
    @property
    def owner(self) -> str | None: ...
    @property
    def rep_calendar(self) -> BusinessCalendar | None: ...
    @property
    def _events(self) -> Log: ...
    @property
    def status(self) -> Status: ...
    @property
    def exit_reason(self) -> ExitReason | None: ...
    @property
    def ended_at(self) -> datetime | None: ...
    @property
    def exit_event(self) -> Event | None: ...
    @property
    def exit_rule(self) -> Rule | None: ...
    @property
    def moved_to(self) -> str | None: ...
    @property
    def moved_at(self) -> datetime | None: ...
    @property
    def stage(self) -> str: ...
    @property
    def steps(self) -> tuple[Touchpoint, ...]: ...
    @property
    def done(self) -> tuple[tuple[int, datetime], ...]: ...
    @property
    def skipped(self) -> tuple[int, ...]: ...
    @property
    def _hold(self) -> datetime | None: ...
    @property
    def _tracks(self) -> tuple[Track, ...]: ...
    @property
    def _holds(self) -> tuple[Hold, ...]: ...
    @property
    def _timers(self) -> tuple[Timer, ...]: ...
    @property
    def _counts(self) -> tuple[tuple[int, int], ...]: ...
    @property
    def _fired(self) -> frozenset[int]: ...
    @property
    def _stages(self) -> tuple[tuple[str, str], ...]: ...
    @property
    def _used(self) -> tuple[tuple[int, Channel], ...]: ...
    @property
    def _program(self) -> Program: ...
    @property
    def _zone(self) -> tzinfo: ...
    @property
    def _manual_calendar(self) -> BusinessCalendar: ...
    @property
    def _clock(self) -> datetime | None: ...
    @property
    def facts(self) -> FrozenMap[str, str]: ...


@functools.lru_cache(maxsize=64)
def merged(calendar: BusinessCalendar, rep: BusinessCalendar) -> BusinessCalendar:
    """The days both are open (cached: merging builds a calendar and its tables)."""
    return calendar.merge(rep)


_ABOUT: Final = "_cadencekit_event"


_E = TypeVar("_E", bound=InvalidFieldError)


def about(error: _E, event: Event) -> _E:
    """``error``, raised while applying ``event``, noted with it so from_dict names its path.

    The error keeps its own public class (users see ``InvalidFieldError``, never a
    private wrapper); the event rides along as an attribute only from_dict reads.
    """
    setattr(error, _ABOUT, event)
    return error


def event_of(error: InvalidFieldError) -> Event | None:
    """The event ``error`` was raised while applying (see :func:`about`), if noted."""
    event = getattr(error, _ABOUT, None)
    return event if isinstance(event, Event) else None


def met(
    tracks: Sequence[Track], steps: Sequence[Touchpoint], facts: Mapping[str, str]
) -> tuple[Track, ...]:
    """The tracks as planned: less the steps lacking a fact they require, as the facts stand.

    Such a step is skipped when it comes up (:meth:`Fold.require`); until then
    it is left out of the plan, and a fact given before then brings it back.
    """
    return tuple(
        Track(
            track.anchor,
            tuple(
                step
                for step in track.pending
                if not any(fact_missing(facts, name) for name in steps[step].requires)
            ),
        )
        for track in tracks
    )


_CONNECTED: Final = CallResult.CONNECTED
_RECORDED: Final = "recorded"
_UPDATE: Final = EventKind.UPDATE
_REASSIGN: Final = EventKind.REASSIGN
_BUILTIN: Final = BUILT_IN_PARTS - {_TOUCH, _SKIP, _TIMEOUT, *BUILT_IN_ENDS}  # what builtin() does
_BUILT_IN_WORDS: Final = {
    _OPT_OUT: "an opt-out always ends: opted_out",
    _STOP: "stopped by the host",
}
_AFTER_THE_END: Final = "after the end: recorded, no effect"
_ACTED: Final = "acted"  # an effect's words when no decision is recorded
_MOVE: Final = MOVE_HOLD
_new: Final = tuple.__new__
_PENDING: dict[tuple[int, ...], tuple[int, ...]] = {}
# The shared lists of pending steps are read without a lock and filled under this one:
# a reader sees a whole entry or none.
_FILLING: Final = threading.Lock()


_PENDING_BOUND: Final = 4096  # lists of pending steps kept
_PENDING_LONGEST: Final = 64  # longer lists are not shared (a bound on the cache's size)


def shared(pending: tuple[int, ...]) -> tuple[int, ...]:
    """One tuple for each list of pending steps, shared by every enrollment that has it.

    At most 4,096 lists of at most 64 steps (about 2.3 MB at the worst): a
    cadence of thousands of steps shares nothing and keeps nothing here.
    """
    if len(pending) > _PENDING_LONGEST:
        return pending
    known = _PENDING.get(pending)
    if known is not None:
        return known
    with _FILLING:  # read without it (one dict lookup), filled under it
        known = _PENDING.get(pending)
        if known is not None:
            return known
        if len(_PENDING) >= _PENDING_BOUND:
            _PENDING.clear()
        _PENDING[pending] = pending
    return pending


_RESTS: dict[int, tuple[tuple[int, ...], tuple[int, ...]]] = {}


def rest(pending: tuple[int, ...]) -> tuple[int, ...]:
    """``shared(pending[1:])``: the steps after the first, what a touch of the first leaves.

    Looked up by the list's identity (no hash of its steps): the lists are
    shared, so the rest of each is worked out once. An entry keeps its list,
    so the id stays that list's. At most 4,096 entries, of lists of at most
    64 steps, as :func:`shared` keeps.
    """
    known = _RESTS.get(id(pending))
    if known is not None and known[0] is pending:
        return known[1]
    following = shared(pending[1:])
    if len(pending) <= _PENDING_LONGEST:
        with _FILLING:
            if len(_RESTS) >= _PENDING_BOUND:
                _RESTS.clear()
            _RESTS[id(pending)] = (pending, following)
    return following


_S = TypeVar("_S", bound="Start")


class Fold(Generic[_S]):
    """The mutable state of one fold over events; ``enrollment`` makes the next value of it."""

    def __init__(self, base: _S, *, record: bool = False) -> None:
        self.base = base
        self.zone = base._zone
        self.record = record  # keep what each event did (the decisions, derived when read)
        self.info = base._program
        # An aware moment's instant is ``origin + (moment - origin_utc)``: exact, and far
        # cheaper than converting each event's time zone.
        self.origin, self.origin_utc = origins(self.zone)
        self.bases: dict[timezone, datetime] = {}  # the origin at each fixed offset seen
        self.begin = self.utc(base.started)  # events before it are refused
        self.known = base._events  # the events kept before this fold: shared, not copied
        self.events: list[Event] = []  # the events this fold adds
        self._identities: Seen | None = None  # made when first needed
        self.status = base.status
        self.exit_reason = base.exit_reason
        self.ended_at = base.ended_at
        self.exit_event = base.exit_event
        self.exit_rule = base.exit_rule
        self.moved_to = base.moved_to
        self.moved_at = base.moved_at
        self.stage = base.stage
        self.stages = dict(base._stages)
        self.steps: Sequence[Touchpoint] = base.steps  # copied when a rule inserts steps
        self.done = dict(base.done)
        self.skipped = list(base.skipped)
        self.holds = {hold.source: hold for hold in base._holds} if base._holds else {}
        self.hold = base._hold
        self.tracks = list(base._tracks)
        self.decisions: list[Record] = []  # what each event this fold adds did
        self.timers = {timer.key: timer for timer in base._timers} if base._timers else {}
        self.counts = dict(base._counts)
        self.fired = set(base._fired)
        self.used = dict(base._used)
        self.clock = base._clock  # the latest timeout a host sent (an instant), if any
        self.talk: list[str] = []
        self.facts = base.facts  # as they stand: the start's, then each update's (see update)
        self.owner = base.owner  # as they stand: the start's, then each reassign's
        self.rep = base.rep_calendar
        self.manual = base._manual_calendar  # the prospect's days merged with the rep's
        self.reassigned = False  # a reassign applied in this fold

    @property
    def identities(self) -> Seen:
        """The ``(kind, id)`` of every event kept: one delivery each."""
        if self._identities is None:
            self._identities = Seen(self.known)
        return self._identities

    # -- helpers -----------------------------------------------------------------
    def utc(self, moment: datetime) -> datetime:
        """An aware moment as an instant (zone-tagged UTC, see _time.py).

        An ``OverflowError`` when the instant, or the moment's local time in
        the zone, is outside years 1-9999 (the callers name the event).
        """
        tz = moment.tzinfo
        if type(tz) is timezone and type(moment) is datetime:
            # An event's offset is one shared object (events.py): a moment minus the
            # origin at that same object subtracts field by field, without offsets.
            base = self.bases.get(tz)
            if base is None:
                base = self.bases[tz] = self.origin_utc.astimezone(tz)
            return self.origin + (moment - base)
        if tz is None or type(moment) is not datetime:  # the long way
            return _time.start_instant(moment, self.zone)
        return self.origin + (moment - self.origin_utc)

    def placeable(self, event: Event) -> bool:
        """Whether ``event``'s moment is an instant with a local time in the zone."""
        try:
            self.zone.fromutc(self.utc(event.at))
        except (OverflowError, DateRangeError):
            return False
        return True

    def local_date(self, instant: datetime) -> date:
        return self.zone.fromutc(instant).date()

    def midnight(self, d: date) -> datetime:
        return midnight(d, self.zone)

    def window(self, touchpoint: Touchpoint) -> Window:
        return _time.step_window(touchpoint.window or self.base.cadence.window, touchpoint.at_time)

    def track_of(self, step: int) -> int | None:
        for index, track in enumerate(self.tracks):
            if step in track.pending:
                return index
        return None

    def channel_of(self, step: int | None) -> Channel | None:
        if step is None:
            return None
        return self.used.get(step, self.steps[step].channel)

    # -- applying one event ------------------------------------------------------
    def check(self, event: Event) -> None:
        base = self.base
        if event.step is not None and event.step >= len(self.steps):
            raise InvalidFieldError(
                "step",
                event.step,
                f"this enrollment has steps 0..{len(self.steps) - 1} "
                f"({len(base.cadence)} in cadence {base.cadence.name!r})",
            )
        if event.at < base.started:
            raise InvalidFieldError(
                "at",
                event.at.isoformat(),
                f"is before the enrollment started ({base.started.isoformat()})",
            )
        if event.channel is not None and event.step is not None:
            options = self.steps[event.step].channel_options
            if event.channel not in options:
                raise InvalidFieldError(
                    "channel",
                    event.channel.value,
                    f"step {event.step} may use {', '.join(repr(c.value) for c in options)}",
                )

    def apply(self, event: Event, at: datetime | None = None) -> None:
        """Apply ``event``; ``at`` is its instant when the caller has it already."""
        kind = event.kind
        step = event.step
        if at is None:
            at = self.utc(event.at)
        if self.timers:  # first: a step a silence inserted by then is a step of this event's
            self.fire(at)
        if (
            at < self.begin
            or event.channel is not None
            or (step is not None and step >= len(self.steps))
        ):
            try:
                self.check(event)
            except InvalidFieldError as error:
                raise about(error, event) from None
        if kind is _TIMEOUT:
            self.tick(at)
            return  # a timer fires by itself (above); a stale one is derived, not kept
        # A second delivery of one (kind, id) never reaches here: Enrollment.apply looks it
        # up in the history first, and _fold_in keeps the earliest of each before folding.
        self.events.append(event)
        if self.status is _ENDED:
            if self.record:
                self.decisions.append((event, None, _AFTER_THE_END, (), self.number_of(event)))
            return
        info = self.info
        if self.holds:
            self.expire(at)
        elif kind in info.inert and not self.timers:  # an open no rule reads, say
            if self.record:
                self.decisions.append((event, None, _RECORDED, (), self.number_of(event)))
            return
        if (kind is _TOUCH or kind is _SKIP) and step is not None:
            effects = self.step_event(event, at)  # what builtin() would do, one call less
        elif kind is _TOUCH or kind is _SKIP or kind in _BUILTIN or self.timers:
            effects = self.builtin(event, at)
        else:  # an open, a click, a bounce...: only the rules may act
            effects = []
        if kind in info.matches_by_kind or kind in info.counted_by_kind:
            rule, index = self.choose(event, self.channel_of(step))
        else:
            rule, index = None, -1
        if rule is not None:
            effects.extend(self.act(rule, index, event, at))
        if info.requiring and not self.ended:
            effects.extend(self.require())
        if kind in BUILT_IN_ENDS and not self.ended:
            self.end(BUILT_IN_ENDS[kind], event, None, at)
            effects.append(_BUILT_IN_WORDS[kind])
        if effects:  # only what changed something can finish the plan
            for track in self.tracks:
                if track.pending:
                    break  # a step still to do: not finished (settle_status's first test)
            else:
                self.settle_status(event, at, effects)
        talk = self.talk
        if talk:
            self.talk = []
        if self.record:
            effect = "; ".join(effects) if effects else _RECORDED
            self.decisions.append((event, rule, effect, tuple(talk), self.number_of(event)))

    def tick(self, at: datetime) -> None:
        """Remember a host's timeout at instant ``at``: time has reached it, whatever arrives later.

        A timeout the host sends is never trusted as an event (timers are derived
        again), but it says that time has passed; a refold for a late event fires
        what it made due, so the order of delivery cannot change the outcome.
        """
        if self.clock is None or at > self.clock:
            self.clock = at

    @property
    def ended(self) -> bool:
        return self.status is _ENDED

    def settle_status(self, event: Event, at: datetime, effects: list[str]) -> None:
        if self.status is _ENDED:
            return
        for track in self.tracks:
            if track.pending:
                return
        if self.moved_to is not None:
            return  # waiting to move
        for timer in self.timers.values():
            if timer.step is not None:
                return  # a silence still waits: its rule may yet act (after the last step, too)
        self.end(ExitReason.COMPLETED, event, None, at)
        effects.append("every step done: completed")

    def choose(self, event: Event, channel: Channel | None) -> tuple[Rule | None, int]:
        """The rule that acts (the program's answer), after counting the event for ``Match(count=n)``."""
        program = self.base._program
        rules = program.rules
        stages = self.stages
        for index in program.counted_by_kind.get(
            event.kind, ()
        ):  # every matching event counts, whichever rule acts
            rule = rules[index]
            assert isinstance(rule.when, Match)
            if rule.when.matches(
                event, channel, stages.get(rule.playbook or "", INITIAL_STAGE), self.facts, stages
            ):
                self.counts[index] = self.counts.get(index, 0) + 1
        index = program.acting(event, channel, stages, self.fired, self.counts, self.facts)
        return (None, -1) if index < 0 else (rules[index], index)

    def fire(self, at: datetime) -> bool:
        """Fire every timer due at or before ``at``, in deadline order; True if any fired."""
        fired = False
        while self.timers and self.status is not _ENDED:
            timer = min(self.timers.values(), key=lambda t: (t.deadline, t.key))
            if timer.deadline > at:
                break
            del self.timers[timer.key]
            fired = True
            rule = self.base.rules[timer.rule]
            moment = self.zone.fromutc(timer.deadline)
            event = Event.timeout(moment, timer.key, step=timer.step)
            identity = event.identity
            assert identity is not None
            self.identities.add(identity)
            self.events.append(event)
            self.expire(timer.deadline)
            effects: list[str]
            if timer.step is not None:  # a silence (a move it starts waits on a timer of its own)
                effects = [f"silence: {rule.when}"]
                effects.extend(self.act(rule, timer.rule, event, timer.deadline))
            else:
                assert self.moved_to is not None
                self.holds.pop(_MOVE, None)
                moved_to, moved_at = self.moved_to, self.moved_at
                self.end(ExitReason.MOVED, event, rule, timer.deadline)
                self.moved_to, self.moved_at = moved_to, moved_at
                effects = [f"moved to {moved_to!r}"]
            if self.info.requiring and not self.ended:
                effects.extend(self.require())  # a jump or an insert may bring a step up
            self.settle_status(event, timer.deadline, effects)
            if self.record:
                self.decisions.append(
                    (
                        event,
                        rule,
                        "; ".join(effects),
                        tuple(self.talk),
                        self.number_of(event),
                    )
                )
            self.talk = []
        return fired

    def expire(self, at: datetime) -> None:
        """Drop the holds that ended by ``at``; active again when none is left."""
        if self.holds:
            for source, hold in list(self.holds.items()):
                if hold.until is not None and hold.until <= at and source != _MOVE:
                    del self.holds[source]
            self.sync()

    def sync(self) -> None:
        """Status from the holds (an ended enrollment stays ended)."""
        if self.status is _ENDED:
            return
        self.status = _PAUSED if self.holds else _ACTIVE

    def builtin(self, event: Event, at: datetime) -> list[str]:
        kind = event.kind
        if kind in (_TOUCH, _SKIP) and event.step is not None:
            return self.step_event(event, at)
        if kind is _SKIP and event.channels is not None:  # "mark the emails as not sent"
            return [self.skip(Skip(event.channels))]
        if kind is _PAUSE:
            until = self.until(event.until)
            if until is not None and until <= at:
                return ["pause already over: no effect"]
            named = "" if event.hold is None else f" (hold {event.hold!r})"
            self.add_hold(Hold(hold_key(event.hold), until, False))
            return [
                "paused"
                + named
                + (f" until {self.zone.fromutc(until).isoformat()}" if until else "")
            ]
        if kind is _RESUME:
            return [self.resume(at) if event.hold is None else self.release(at, event.hold)]
        if kind is _UPDATE:
            return [self.update(event), *self.reanchor(event, at)]
        if kind is _REASSIGN:
            return [self.reassign(event)]
        if kind is _REPLY and event.response not in UNREAD:
            waiting = [s for s, hold in self.holds.items() if hold.classified]
            if waiting:
                for source in waiting:
                    del self.holds[source]
                if not self.holds:
                    self.hold = max(self.hold, at) if self.hold is not None else at
                self.sync()
                return ["the reply was read: its hold released"]
        if self.timers and self.base._program.silences:
            return self.disarm(event)
        return []

    def disarm(self, event: Event) -> list[str]:
        """Cancel the silences ``event`` breaks; the words say which (the end may follow)."""
        rules = self.base.rules
        cancelled = []
        channel = self.channel_of(event.step) if event.step is not None else None
        for key, timer in list(self.timers.items()):
            rule = rules[timer.rule]
            when = rule.when
            # A silence's own timer only: the delayed move that follows a silence waits on.
            if (
                timer.step is not None
                and isinstance(when, Silence)
                and when.broken_by(
                    event,
                    channel,
                    self.stages.get(rule.playbook or "", INITIAL_STAGE),
                    self.facts,
                    self.stages,
                )
            ):
                del self.timers[key]
                cancelled.append(f"silence {key!r} cancelled by the {event.kind.value}")
        return cancelled

    def step_event(self, event: Event, at: datetime) -> list[str]:
        """A touch or a skip of a step: it is done (or skipped), and its track moves on."""
        step = event.step
        assert step is not None
        touched = event.kind is _TOUCH
        if touched:
            done = self.done
            if step not in done:
                done[step] = event.at
                if self.info.silences:
                    self.arm(step, at)
            if event.channel is not None:
                self.used.setdefault(step, event.channel)
        elif step not in self.skipped:
            self.skipped.append(step)
        tracks = self.tracks
        if len(tracks) == 1 and step in tracks[0].pending:  # the common case: one chain
            index = 0
        else:
            found = self.track_of(step)
            if found is None:
                verb = "done" if touched else "skipped"
                effects = [f"{self.step_words(step)} {verb} again (not pending)"]
                if self.connected(event, step):  # news: the call was answered after all
                    effects.extend(self.drop_fallbacks(step))
                return effects
            index = found
        track = tracks[index]
        info = self.info
        said = info.done if touched else info.skipped
        if step < len(said):
            words = said[step]
        else:  # a step a rule inserted
            named = said_as(self.base.cadence.step_numbers, self.steps, step)
            words = step_verbs(named, "done" if touched else "skipped")
        pending = track.pending
        passed: tuple[int, ...] = ()
        passes = info.passes
        if pending[0] != step and step < len(passes) and pending[0] < passes[step]:
            first = passes[step]  # steps of earlier days, never recorded: passed
            passed = tuple(s for s in pending if s < first)
            pending = tuple(s for s in pending if s >= first)
            self.skipped.extend(s for s in passed if s not in self.skipped)
        if pending[0] == step:
            # Built as tuples (what a NamedTuple is) without its generated __new__: a touch
            # makes two, on every event of a history.
            anchor = _new(
                Anchor, (at, self.zone.fromutc(at).date(), self.steps[step].day, True, words[1])
            )
            tracks[index] = _new(Track, (anchor, rest(pending)))
        else:
            tracks[index] = Track(track.anchor, shared(tuple(s for s in pending if s != step)))
        effects = [words[0]]
        if passed:
            names = ", ".join(
                f"{step_text(self.step_number(s))} ({self.steps[s].channel.value})" for s in passed
            )
            number = step_text(self.step_number(step))
            effects.append(f"{names} passed with no record (a later day's {number} was recorded)")
        if event.call_result is _CONNECTED and self.connected(event, step):
            effects.extend(self.drop_fallbacks(step))
        return effects

    def step_number(self, step: int) -> int:
        """The number a person reads for ``step``; steps a rule inserted count on from the cadence's."""
        numbers = self.base.cadence.step_numbers
        if step < len(numbers):
            return numbers[step]
        return numbers[-1] + step - len(numbers) + 1

    def step_words(self, step: int) -> str:
        """``step 3``, or ``step 3 (call)`` when the call and its voicemail share number 3."""
        return step_said(said_as(self.base.cadence.step_numbers, self.steps, step))

    def number_of(self, event: Event) -> int | None:
        """The number of the step ``event`` names, for its decision's text; None for none."""
        step = event.step
        return None if step is None or step >= len(self.steps) else self.step_number(step)

    def connected(self, event: Event, step: int) -> bool:
        """Whether ``event`` records an answered call at ``step`` (its fallbacks then drop)."""
        return (
            event.kind is _TOUCH
            and event.call_result is _CONNECTED
            and self.channel_of(step) is Channel.CALL
        )

    def drop_fallbacks(self, step: int) -> list[str]:
        """The fallbacks after a connected call on its day (a voicemail if no answer) skip."""
        drops = self.base._program.drops
        if len(self.steps) != len(drops):  # steps inserted by a rule: theirs too
            drops = drops_of(self.steps)
        dropped = [s for s in drops[step] if self.track_of(s) is not None]
        if not dropped:
            return []
        self.drop(dropped)
        names = ", ".join(
            f"{step_text(self.step_number(s))} ({self.steps[s].channel.value})" for s in dropped
        )
        return [f"the call connected: {names} skipped"]

    def drop(self, steps: Sequence[int]) -> None:
        gone = set(steps)
        self.tracks = [
            Track(track.anchor, tuple(s for s in track.pending if s not in gone))
            for track in self.tracks
        ]
        self.skipped.extend(s for s in steps if s not in self.skipped)

    def arm(self, step: int, at: datetime) -> None:
        """Start the silence timers that wait after ``step``."""
        info = self.base._program
        for index in info.silences:
            rule = self.base.rules[index]
            when = rule.when
            assert isinstance(when, Silence)
            if when.after_step != step or (rule.once and index in self.fired):
                continue
            local = self.zone.fromutc(at)
            day = self.base.calendar.add_business_days(local.date(), when.business_days)
            deadline = _time.instant(datetime.combine(day, local.time()), self.zone)
            key = info.keys[index]
            self.timers[key] = Timer(key, deadline, index, step)

    def until(self, value: datetime | date | None) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, datetime):
            return self.utc(value)
        return self.midnight(value)

    def add_hold(self, hold: Hold) -> None:
        """Hold the enrollment; the plan waits for the latest dated hold.

        A hold replaces its source's earlier one: when that one set the wait,
        the wait is the latest of the dated holds now held (a shorter time off
        shortens it).
        """
        replaced = self.holds.get(hold.source)
        self.holds[hold.source] = hold
        if replaced is not None and replaced.until is not None and replaced.until == self.hold:
            self.rewait(None)
        elif hold.until is not None:
            self.hold = max(self.hold, hold.until) if self.hold is not None else hold.until
        self.sync()

    def rewait(self, at: datetime | None) -> None:
        """The plan waits for the latest dated hold still held (and not before ``at``)."""
        ends = [hold.until for hold in self.holds.values() if hold.until is not None]
        if at is not None:
            ends.append(at)
        if ends:
            self.hold = max(ends)

    def resume(self, at: datetime) -> str:
        if not self.holds:
            return "not paused: nothing to resume"
        cancelled = self.moved_to is not None and _MOVE in self.holds
        self.holds.clear()
        if cancelled:
            self.moved_to = self.moved_at = None
            self.timers = {k: t for k, t in self.timers.items() if t.step is not None}
        self.hold = at
        self.sync()
        return "resumed: every hold released" + ("; the move cancelled" if cancelled else "")

    def update(self, event: Event) -> str:
        """Merge an update's facts into the prospect's: a value None removes that fact."""
        assert event.facts is not None
        merged = dict(self.facts)
        for name, value in event.facts.items():
            if value is None:
                merged.pop(name, None)
            else:
                merged[name] = value
        self.facts = FrozenMap(merged) if merged else NO_FACTS
        told = ", ".join(
            f"{name} removed" if value is None else f"{name} = {value!r}"
            for name, value in sorted(event.facts.items())
        )
        return f"facts updated: {told}"

    def place_anchored(self, begin: datetime) -> list[str]:
        """Give each anchored step of the cadence its own track, or skip it, saying why.

        The step's day is its anchor's, read from the prospect's date among
        the facts, on the calendar it lands on (the rep's too, for a manual
        step). A date missing, not a date, or before the start's local date
        skips it.
        """
        effects: list[str] = []
        base = self.base
        started = self.local_date(begin)
        for step, touchpoint in enumerate(base.cadence.touchpoints):
            anchor = touchpoint.anchor
            if anchor is None:
                continue
            landing = base.calendar if touchpoint.automated else base._manual_calendar
            day, said = _time.anchored_day(anchor, self.facts.get(anchor.name), landing, started)
            if day is not None:
                at = max(begin, self.midnight(day))
                self.tracks.append(Track(Anchor(at, day, touchpoint.day, False, said), (step,)))
                continue
            reason = said
            if step not in self.skipped:
                self.skipped.append(step)
            effects.append(f"{self.step_words(step)} skipped: {reason}")
        return effects

    def reanchor(self, event: Event, at: datetime) -> list[str]:
        """Move each anchored step still to come whose date an update changed.

        A date moved to a day before the update's local date, removed, or no
        longer a date skips the step; a step already done or skipped stays
        as it is.
        """
        assert event.facts is not None
        base = self.base
        own = base.cadence.touchpoints
        today = self.local_date(at)
        effects: list[str] = []
        for index, track in enumerate(self.tracks):
            if len(track.pending) != 1 or track.anchor.touched:
                continue
            step = track.pending[0]
            anchor = own[step].anchor if step < len(own) else None
            if anchor is None or anchor.name not in event.facts:
                continue
            landing = base.calendar if own[step].automated else self.manual  # a reassign's too
            day, said = _time.anchored_day(anchor, self.facts.get(anchor.name), landing, today)
            if day is None:
                self.tracks[index] = Track(track.anchor, ())
                if step not in self.skipped:
                    self.skipped.append(step)
                effects.append(f"{self.step_words(step)} skipped: {said}")
            elif day != track.anchor.unrolled:
                moved = Anchor(max(at, self.midnight(day)), day, own[step].day, False, said)
                self.tracks[index] = Track(moved, track.pending)
                effects.append(f"{self.step_words(step)} moved to {date_text(day)}: {said}")
        return effects

    def reassign(self, event: Event) -> str:
        """Take the new owner and the new rep's days: the plan is made again on them."""
        told = []
        self.reassigned = True
        if event.owner is not None:
            told.append(f"owner {self.owner!r} -> {event.owner!r}")
            self.owner = event.owner
        rep = event.rep_calendar
        if rep is not None:
            calendar = self.base.calendar
            self.rep = rep
            self.manual = merged(calendar, rep)
            told.append("the rep's calendar changed: manual steps replanned on its days")
        return "reassigned: " + "; ".join(told)

    def require(self) -> list[str]:
        """Skip each step that comes up (first of its track) lacking a fact it requires.

        The track keeps its anchor: the steps after a skipped one keep their days.
        """
        effects: list[str] = []
        facts, steps, skipped = self.facts, self.steps, self.skipped
        for index, track in enumerate(self.tracks):
            pending = track.pending
            first = 0
            while first < len(pending):
                step = pending[first]
                lacking = [name for name in steps[step].requires if fact_missing(facts, name)]
                if not lacking:
                    break
                first += 1
                if step not in skipped:
                    skipped.append(step)
                names = ", ".join(repr(name) for name in lacking)
                effects.append(f"{self.step_words(step)} skipped: the prospect has no {names}")
            if first:
                self.tracks[index] = Track(track.anchor, shared(pending[first:]))
        return effects

    def release(self, at: datetime, hold: str) -> str:
        """Release the hold named ``hold`` only; the others stay."""
        if self.holds.pop(hold_key(hold), None) is None:
            return f"no hold {hold!r}: nothing to resume"
        self.rewait(at)  # the holds left, as if the released one had never been
        self.sync()
        left = ", ".join(sorted(self.holds))
        return f"hold {hold!r} released" + (f"; still held ({left})" if left else "")

    def end(self, reason: ExitReason, event: Event, rule: Rule | None, at: datetime) -> None:
        self.status, self.exit_reason = _ENDED, reason
        self.ended_at, self.exit_event, self.exit_rule = event.at, event, rule
        if reason is not ExitReason.MOVED:
            self.moved_to = self.moved_at = None
        self.holds.clear()
        self.timers.clear()
        self.tracks = [Track(track.anchor, ()) for track in self.tracks]

    def business_days_later(self, at: datetime, days: int) -> datetime:
        later = pause_until(Pause(days), None, self.local_date(at), self.base.calendar, self.zone)
        assert later is not None  # a number of days always ends
        return later

    def act(self, rule: Rule, index: int, event: Event, at: datetime) -> list[str]:
        effects = []
        for action in rule.actions:
            if self.status is _ENDED:
                break
            effects.append(self.do(action, rule, index, event, at))
        if rule.once:
            self.fired.add(index)
        if rule.stage is not None:
            self.stages[rule.playbook or ""] = rule.stage
            self.stage = rule.stage
            effects.append(f"stage {rule.stage!r}")
        return effects

    def do(self, action: Action, rule: Rule, index: int, event: Event, at: datetime) -> str:
        if isinstance(action, End):
            self.end(action.reason, event, rule, at)
        elif isinstance(action, Pause):
            until = pause_until(
                action, self.until(event.until), self.local_date(at), self.base.calendar, self.zone
            )
            if until is not None and until <= at:
                return f"{action}: already over, no hold"
            self.add_hold(Hold(self.base._program.keys[index], until, action.until_classified))
        elif isinstance(action, Resume):
            return self.resume(at)
        elif isinstance(action, JumpTo):
            self.jump(action, rule, at)
        elif isinstance(action, Insert):
            self.insert(action, at, event)
        elif isinstance(action, MoveTo):
            return self.move(action, rule, index, event, at)
        elif isinstance(action, Skip):
            return self.skip(action)
        else:
            self.talk.extend(action.lines)
        # The words matter only to a recorded decision; a plain fold needs only "it acted".
        return str(action) if self.record else _ACTED

    def move(self, action: MoveTo, rule: Rule, index: int, event: Event, at: datetime) -> str:
        if not action.after_business_days:
            self.end(ExitReason.MOVED, event, rule, at)
            self.moved_to, self.moved_at = action.cadence, self.zone.fromutc(at)
            return str(action)
        if self.moved_to is not None:
            return f"{action}: a move is already waiting"
        later = self.business_days_later(at, action.after_business_days)
        self.moved_to, self.moved_at = action.cadence, self.zone.fromutc(later)
        key = self.base._program.move_keys[index]
        self.timers[key] = Timer(key, later, index, None)
        self.add_hold(Hold(_MOVE, later, False))
        return f"{action}: paused until the move on {moment_text(self.moved_at)}"

    def skip(self, action: Skip) -> str:
        pending = sorted(s for track in self.tracks for s in track.pending)
        dropped = [s for s in pending if action.drops(s, self.steps[s])]
        if not dropped:
            return f"{action}: none left"
        self.drop(dropped)
        names = ", ".join(
            f"{step_text(self.step_number(s))} ({self.steps[s].channel.value})" for s in dropped
        )
        return f"{action}: {names}"

    def jump(self, action: JumpTo, rule: Rule, at: datetime) -> None:
        cadence = self.base.cadence
        if action.step >= len(cadence):
            raise InvalidFieldError(
                "JumpTo.step",
                action.step,
                f"rule {rule.name or str(rule.when)!r} jumps past cadence {cadence.name!r}, "
                f"which has steps 0..{len(cadence) - 1}",
            )
        own = cadence.touchpoints
        steps = [s for s in range(action.step, len(cadence)) if own[s].anchor is None]
        self.tracks = [  # the cadence's own steps still to do are replaced (not anchored ones)
            Track(
                t.anchor,
                tuple(s for s in t.pending if s >= len(cadence) or own[s].anchor is not None),
            )
            for t in self.tracks
        ]
        day = cadence[action.step - 1].day if action.step else cadence[0].day
        said = self.step_words(action.step)
        anchor = Anchor(at, self.local_date(at), day, True, f"the jump to {said}")
        self.tracks.append(Track(anchor, tuple(steps)))

    def insert(self, action: Insert, at: datetime, event: Event) -> None:
        first = len(self.steps)
        self.steps = [*self.steps, *action.touchpoints]
        if action.replace:
            self.tracks = [Track(track.anchor, ()) for track in self.tracks]
        # Day 1 is the event's own local date, whatever the hour (rolled off a closed day)
        day_one = self.base.calendar.roll_forward(self.local_date(at))
        anchor = Anchor(at, day_one, 1, False, f"the {event.kind.value.replace('_', '-')}")
        self.tracks.append(Track(anchor, tuple(range(first, len(self.steps)))))

    # -- the plan ----------------------------------------------------------------
    def planned(self) -> list[Planned]:
        if (
            self.status is _ENDED
            or self.moved_to is not None  # the enrollment ends when it moves
            or any(h.until is None for h in self.holds.values())
        ):
            return []
        tracks: Sequence[Track] = self.tracks
        if self.info.requiring:
            tracks = met(tracks, self.steps, self.facts)
        base = self.base
        days = Days(base.cadence, base.calendar, self.manual, self.zone)
        return plan(days, tracks, self.steps, self.hold, self.step_words)

    def catch_up(self) -> None:
        """Fire what the host's latest timeout made due and end the holds over by then.

        Done once, after every event of the fold, before the enrollment freezes it.
        """
        if self.clock is not None:
            if self.timers:
                self.fire(self.clock)
            if self.holds:
                self.expire(self.clock)  # a dated hold over by then: not paused any more
