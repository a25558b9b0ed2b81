"""The event program: what each event does to an enrollment, compiled once per cadence and rules.

Two executors run it, and neither states a rule of its own:

- the engine (``_fold.py``), one event at a time, keeping the
  plan, the counts, the stages and the timers;
- the table path's quick fold (``_columnar.py``), which folds an export's
  columns into a status and an exit reason without building an enrollment.

What is decided here, once:

- which rule acts on an event: the first match wins; ``once`` rules that
  fired and ``Match(count=n)`` before its n-th event step aside; an opt-out
  is acted on only by a rule that ends it as opted out (compliance cannot be
  shadowed), and without one it ends as opted out all the same; a ``stop``
  ends as ``manual`` after any rule (:func:`acting`, :data:`BUILT_IN_ENDS`);
- what a rule's actions do to the end and the holds (:class:`Effect`): an
  end, a pause (its hold is the rule's key), or something only the engine
  can follow (a jump, an insert, a skip, a resume, a delayed move);
- the holds: their keys (:func:`hold_key` for a pause event's, named or
  not; :data:`MOVE_HOLD`), when a
  pause ends (:func:`pause_until`: the event's own end, else local midnight
  after N business days), and which replies release a hold that waits for a
  reading (:data:`UNREAD`);
- which calls drop which fallbacks when answered (:attr:`Program.drops`);
- the words a step's touch or skip is recorded with (:attr:`Program.done`,
  :attr:`Program.skipped`: ``step 2 (call) done``, and ``step 2 (call) was
  done`` for the step that waits on it), said once, not on every event;
- which earlier steps a later step's record passes (:attr:`Program.passes`):
  a step of an earlier day still pending when a later day's step is recorded
  had no record and counts as passed, never due weeks ago;
- which events the quick fold cannot judge from the event alone
  (:meth:`Program.verdict` answers a :class:`NeedsHistory`, saying why): a ``once`` or
  counted rule that would match, a rule that reads a stage some rule sets, a
  rule that reads a reply's reason (the quick fold follows no reason), a
  touch that arms a silence timer, an effect that reshapes the plan, a
  pause or resume that names a hold, a skip of channels, a reassign, an update of the prospect's facts, a
  rule that reads facts, a cadence with a step that requires facts. These
  are derived from the rules, never listed by hand, so a new feature that
  depends on history goes to the engine until an executor learns it.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime, time, tzinfo
from typing import Final

import attrs

from . import _time
from ._text import step_text
from .cadence import Cadence, Touchpoint
from .calendar import BusinessCalendar
from .channels import Channel
from .errors import InvalidFieldError
from .events import Event, EventKind, Response
from .rules import (
    End,
    ExitReason,
    Insert,
    Match,
    MoveTo,
    Pause,
    Rule,
    Silence,
    TalkTrack,
    acting_rule,
)

__all__ = [
    "BUILT_IN_ENDS",
    "BUILT_IN_PARTS",
    "CHANNELS",
    "COUNTED",
    "FACTS",
    "MANUAL_HOLD",
    "MOVE_HOLD",
    "NAMED",
    "ONCE",
    "REASONED",
    "REASSIGNED",
    "RESHAPES",
    "STAGED",
    "TIMEOUT",
    "TIMER",
    "UNREAD",
    "Effect",
    "NeedsHistory",
    "Program",
    "Said",
    "compile_program",
    "drops_of",
    "hold_key",
    "midnight",
    "move_key",
    "passes_of",
    "pause_until",
    "said_as",
    "step_said",
    "step_verbs",
]

_MIDNIGHT: Final = time(0)
MANUAL_HOLD: Final = "the rep's pause"  # the hold of a pause event
MOVE_HOLD: Final = "the move"  # the hold while a delayed move waits


def hold_key(hold: str | None) -> str:
    """The key of a pause event's hold: the rep's pause, or the hold it names (``'pto'``).

    A pause of a name replaces that name's hold; names stack; a resume naming
    one releases that one only (a resume naming none releases every hold).
    """
    return MANUAL_HOLD if hold is None else f"{MANUAL_HOLD} {hold!r}"


# A reply that says nothing yet about the prospect's answer: it releases no hold that
# waits for a reading ("a reply needs reading").
UNREAD: Final = frozenset({Response.OTHER, Response.OUT_OF_OFFICE})

# What an event of these kinds does when no rule ends the enrollment first.
BUILT_IN_ENDS: Final[Mapping[EventKind, ExitReason]] = {
    EventKind.OPT_OUT: ExitReason.OPTED_OUT,
    EventKind.STOP: ExitReason.MANUAL,
}

# The kinds with a part of their own beside the rules: a touch or skip takes its step, a
# pause or resume holds or releases, a classified reply releases what waits for a
# reading, an update or reassign changes the facts or the team, a timeout is a tick of
# the clock, and the kinds above end the enrollment.
BUILT_IN_PARTS: Final = frozenset(
    {
        EventKind.TOUCH,
        EventKind.SKIP,
        EventKind.TIMEOUT,
        EventKind.PAUSE,
        EventKind.RESUME,
        EventKind.REPLY,
        EventKind.UPDATE,
        EventKind.REASSIGN,
        *BUILT_IN_ENDS,
    }
)


@attrs.frozen
class NeedsHistory:
    """The answer depends on what came before: the engine decides. ``why`` says what."""

    why: str


ONCE: Final = NeedsHistory("a once rule would match")
COUNTED: Final = NeedsHistory("a counting rule (Match(count=n)) would match")
STAGED: Final = NeedsHistory("a rule would match in a stage another rule sets")
REASONED: Final = NeedsHistory("a rule reads a reply's reason (Match(reason=...))")
TIMER: Final = NeedsHistory("a touch starts a silence timer")
TIMEOUT: Final = NeedsHistory("a recorded timeout (timers are derived again)")
RESHAPES: Final = NeedsHistory("a rule jumps, inserts, skips, resumes or moves later")
NAMED: Final = NeedsHistory("a pause or resume names a hold (the table has no hold column)")
CHANNELS: Final = NeedsHistory("a skip of channels drops the steps left on them")
REASSIGNED: Final = NeedsHistory("a reassign changes the owner and the rep's days")
FACTS: Final = NeedsHistory("the prospect's facts are read or updated (the table has none)")


@attrs.frozen
class Effect:
    """What a rule's actions do to the end and the holds, as far as the quick fold follows them.

    ``reason`` is the exit reason when the actions end the enrollment;
    otherwise ``pause`` is the last pause among them (its hold keyed
    ``source``), or None when they only talk.
    """

    reason: ExitReason | None
    pause: Pause | None
    source: str


def _effect(rule: Rule, key: str) -> Effect | NeedsHistory:
    """The effect of ``rule``'s actions, done in order until one ends the enrollment."""
    pause: Pause | None = None
    for action in rule.actions:
        if isinstance(action, End):
            return Effect(action.reason, None, key)
        if isinstance(action, MoveTo) and not action.after_business_days:
            return Effect(ExitReason.MOVED, None, key)
        if isinstance(action, Pause):
            pause = action
        elif not isinstance(action, TalkTrack):
            return RESHAPES  # a jump, an insert, a skip, a resume, a delayed move
    return Effect(None, pause, key)


def _by_kind(rules: Sequence[Rule], indexes: Sequence[int]) -> dict[EventKind, tuple[int, ...]]:
    """For each event kind, the rules (in order) whose ``Match`` can match it."""
    found: dict[EventKind, tuple[int, ...]] = {}
    for kind in EventKind:
        chosen = []
        for index in indexes:
            when = rules[index].when
            assert isinstance(when, Match)
            if when.kind is None or kind in when.kind:
                chosen.append(index)
        if chosen:
            found[kind] = tuple(chosen)
    return found


def drops_of(steps: Sequence[Touchpoint]) -> tuple[tuple[int, ...], ...]:
    """For each step, the fallbacks an answered call there makes unneeded.

    The steps after a call on its day, up to the next call, that are marked
    ``skip_if_connected`` (a voicemail left only if nobody answered).
    """
    drops: list[tuple[int, ...]] = []
    for step, touchpoint in enumerate(steps):
        dropped: list[int] = []
        if touchpoint.channel is Channel.CALL:
            following = step + 1
            while following < len(steps) and steps[following].day == touchpoint.day:
                if steps[following].channel is Channel.CALL:
                    break
                if steps[following].skip_if_connected:
                    dropped.append(following)
                following += 1
        drops.append(tuple(dropped))
    return tuple(drops)


Said = tuple[int, str | None]  # a step's number, and its channel when the number is shared


def said_as(numbers: tuple[int, ...], steps: Sequence[Touchpoint], step: int) -> Said:
    """How texts name ``step`` (an index): its number, with its channel when that is shared."""
    count = len(numbers)
    if step >= count:  # inserted by a rule: they count on after the cadence's numbers
        return numbers[-1] + step - count + 1, None
    number = numbers[step]
    shared = (step and numbers[step - 1] == number) or (
        step + 1 < count and numbers[step + 1] == number
    )
    return number, steps[step].channel.value if shared else None


def step_said(said: Said) -> str:
    """``step 3``, or ``step 3 (call)`` when other touches share the number (a call and its voicemail)."""
    number, channel = said
    return step_text(number) if channel is None else f"{step_text(number)} ({channel})"


def step_verbs(said: Said, verb: str) -> tuple[str, str]:
    """``step 3 done`` (a decision's effect) and ``step 3 was done`` (what the next step waits on)."""
    named = step_said(said)
    return f"{named} {verb}", f"{named} was {verb}"


def passes_of(steps: Sequence[Touchpoint]) -> tuple[int, ...]:
    """For each step, how many steps before it a record of it passes: those of earlier days.

    A touch (or skip) of a step recorded while a step of an earlier cadence
    day is still pending means that earlier step went unrecorded: it counts
    as passed (a skipped step, with its reason in the decision), so it is
    not left due weeks ago. Steps of the step's own day stay pending (a rep
    may work one day's touches in any order). Cadence days never decrease,
    so the passed steps are those below the first step of its day.
    """
    passes: list[int] = []
    first = 0
    for step, touchpoint in enumerate(steps):
        if step and touchpoint.day != steps[step - 1].day:
            first = step
        passes.append(first)
    return tuple(passes)


@attrs.frozen(eq=False)
class Program:
    """A cadence's steps and its rules, compiled: what every event does."""

    rules: tuple[Rule, ...]
    keys: tuple[str, ...]  # each rule's name, else "rule N": its hold's and timer's key
    move_keys: tuple[str, ...]  # each rule's delayed move's timer key: see move_key
    matches: tuple[int, ...]  # the rules that wait for an event
    counted: tuple[int, ...]  # those with Match(count=n > 1)
    silences: tuple[int, ...]  # the rules that wait for a silence
    matches_by_kind: Mapping[EventKind, tuple[int, ...]]  # ``matches`` a kind can match
    counted_by_kind: Mapping[EventKind, tuple[int, ...]]  # the same for ``counted``
    effects: tuple[Effect | NeedsHistory | None, ...]  # each rule's (None: a silence)
    historic: Mapping[int, NeedsHistory]  # rules whose acting depends on what came before
    staged: frozenset[int]  # rules whose match reads a stage no rule ever changes
    arming: frozenset[int]  # the steps whose touch starts a silence timer
    drops: tuple[tuple[int, ...], ...]  # per step of the cadence: see drops_of
    passes: tuple[int, ...]  # per step of the cadence: see passes_of
    requiring: bool  # some step requires a fact (Touchpoint.requires): skips follow the facts
    # The kinds an event of which is only recorded, unless a hold or a timer waits: no
    # part of its own, and no rule reads it (none when steps require facts)
    inert: frozenset[EventKind]
    done: tuple[tuple[str, str], ...]  # per step of the cadence: step_verbs(..., "done")
    skipped: tuple[tuple[str, str], ...]  # the same, "skipped"

    def acting(
        self,
        event: Event,
        channel: Channel | None,
        stages: Mapping[str, str],
        fired: Collection[int],
        counts: Mapping[int, int],
        facts: Mapping[str, str],
    ) -> int:
        """The index of the rule that acts on ``event`` given the history and facts, or -1."""
        return acting_rule(
            self.rules,
            self.matches_by_kind.get(event.kind, ()),
            event,
            channel,
            stages=stages,
            fired=fired,
            counts=counts,
            facts=facts,
        )

    def verdict(
        self, event: Event, channel: Channel | None
    ) -> Effect | NeedsHistory | ExitReason | None:
        """What ``event`` does whatever came before, or why that depends on history.

        An :class:`Effect` when a rule acts and its effect is known; an exit
        reason when no rule acts but the kind ends by itself (an opt-out, a
        stop); None when nothing happens beyond the event's built-in part
        (a touch taking its step, a pause or resume event, a reply read).
        """
        kind = event.kind
        if kind is EventKind.TIMEOUT:
            return TIMEOUT  # the engine derives its timers; a recorded one is dropped
        if event.hold is not None:
            return NAMED
        if event.channels is not None:
            return CHANNELS
        if kind is EventKind.REASSIGN:
            return REASSIGNED
        if kind is EventKind.UPDATE or self.requiring:
            return FACTS  # the table has no facts: what a missing one skips is the engine's
        if kind is EventKind.TOUCH and event.step in self.arming:
            return TIMER  # a silence starts waiting
        found: Effect | NeedsHistory | None = None
        for index in self.matches_by_kind.get(kind, ()):
            rule = self.rules[index]
            when = rule.when
            assert isinstance(when, Match)
            if kind is EventKind.OPT_OUT and _ENDS_OPTED_OUT not in rule.actions:
                continue  # compliance cannot be shadowed
            why = self.historic.get(index)
            if why is not None:
                if when.matches(event, channel, None) or (
                    (
                        when.stage is not None
                        or when.stage_of is not None
                        or when.reason is not None
                        or when.facts is not None
                    )
                    and _loosened(when).matches(event, channel, None)
                ):
                    return why
                continue
            if when.matches(event, channel, None):
                found = self.effects[index]
                break
        if isinstance(found, NeedsHistory):
            return found
        built_in = BUILT_IN_ENDS.get(kind)
        if built_in is not None and (not isinstance(found, Effect) or found.reason is None):
            return built_in  # a rule's pause is lifted by the end that follows it
        return found


_ENDS_OPTED_OUT: Final = End(ExitReason.OPTED_OUT)


def _loosened(when: Match) -> Match:
    """``when`` in any stage, for any reason and facts: what might match, whatever came before."""
    return attrs.evolve(when, stage=None, stage_of=None, reason=None, facts=None)


def move_key(rule: Rule, key: str) -> str:
    """The key of the timer a rule's delayed :class:`MoveTo` waits on (its timeout's id).

    The rule's own key, unless the rule waits for a :class:`Silence`: then that
    timer has the rule's key, and the move that follows it gets one of its own
    (``"<key>: move"``), so the two timeouts are two identities and the move's
    firing is never taken for the silence firing again.
    """
    return f"{key}: move" if isinstance(rule.when, Silence) else key


def _compile(rules: Sequence[Rule], cadence: Cadence) -> Program:
    keys = tuple(rule.name or f"rule {index}" for index, rule in enumerate(rules))
    move_keys = tuple(move_key(rule, key) for rule, key in zip(rules, keys, strict=True))
    matches, counted, silences = [], [], []
    timers: dict[str, int] = {}
    arming: set[int] = set()
    for index, rule in enumerate(rules):
        when = rule.when
        if isinstance(when, Silence):
            silences.append(index)
            if when.after_step >= len(cadence):
                raise InvalidFieldError(
                    f"rules[{index}].when.after_step",
                    when.after_step,
                    f"cadence {cadence.name!r} has steps 0..{len(cadence) - 1}",
                )
            arming.add(when.after_step)
        else:
            matches.append(index)
            if when.count != 1:
                counted.append(index)
        own: list[str] = [keys[index]] if isinstance(when, Silence) else []
        if any(isinstance(a, MoveTo) and a.after_business_days for a in rule.actions):
            own.append(move_keys[index])
        for timer in own:  # a key names one timer of one rule (the timeout event's id)
            if timer in timers:
                raise InvalidFieldError(
                    f"rules[{index}].name",
                    rule.name,
                    f"rules[{timers[timer]}] has a timer keyed {timer!r} too; "
                    "a rule with a timer needs a name of its own",
                )
            timers[timer] = index
    # A stage changes only where some rule of the playbook sets one: a rule that reads
    # the stage of a playbook nobody moves always reads the initial stage.
    moved = {rule.playbook or "" for rule in rules if rule.stage is not None}
    historic: dict[int, NeedsHistory] = {}
    staged: set[int] = set()
    for index in matches:
        rule = rules[index]
        when = rule.when
        assert isinstance(when, Match)
        if when.stage is not None:
            if (rule.playbook or "") in moved:
                historic[index] = STAGED
            else:
                staged.add(index)
        if when.stage_of is not None and any(book in moved for book in when.stage_of):
            historic[index] = STAGED  # another playbook's stage, which some rule moves
        if when.reason is not None:
            historic[index] = REASONED
        if when.facts is not None:
            historic[index] = FACTS
        if when.count != 1:
            historic[index] = COUNTED
        elif rule.once:
            historic[index] = ONCE
    effects = tuple(
        None if isinstance(rule.when, Silence) else _effect(rule, keys[index])
        for index, rule in enumerate(rules)
    )
    # a step that requires a fact, or reads its day from a prospect's date: the facts
    # decide what is skipped, and the table has none
    requiring = any(
        step.requires or step.anchor is not None for step in cadence.touchpoints
    ) or any(
        step.requires
        for rule in rules
        for action in rule.actions
        if isinstance(action, Insert)
        for step in action.touchpoints
    )
    by_kind = _by_kind(rules, matches)
    counted_by_kind = _by_kind(rules, counted)
    # the words of each step's touch and skip, said once here rather than on every event
    steps = cadence.touchpoints
    named = [said_as(cadence.step_numbers, steps, step) for step in range(len(steps))]
    return Program(
        tuple(rules),
        keys,
        move_keys,
        tuple(matches),
        tuple(counted),
        tuple(silences),
        by_kind,
        counted_by_kind,
        effects,
        historic,
        frozenset(staged),
        frozenset(arming),
        drops_of(cadence.touchpoints),
        passes_of(cadence.touchpoints),
        requiring,
        frozenset()
        if requiring
        else frozenset(EventKind).difference(BUILT_IN_PARTS, by_kind, counted_by_kind),
        tuple(step_verbs(said, "done") for said in named),
        tuple(step_verbs(said, "skipped") for said in named),
    )


# The defaults (and any rules object used for many enrollments) compile once: keyed by
# the rules object's identity and the cadence's steps, checked against the object kept.
_PROGRAMS: dict[tuple[int, int], tuple[Sequence[Rule], tuple[Touchpoint, ...], Program]] = {}
_PROGRAMS_BOUND: Final = 64
_FILLING: Final = threading.Lock()
_PROGRAM_LARGEST: Final = 512  # steps and rules: a larger program is compiled, not kept


def compile_program(rules: Sequence[Rule], cadence: Cadence) -> Program:
    """The program of ``cadence`` under ``rules``; refuses rules the cadence cannot take."""
    steps = cadence.touchpoints
    key = (id(rules), id(steps))
    known = _PROGRAMS.get(key)
    if known is not None and known[0] is rules and known[1] is steps:
        return known[2]
    program = _compile(rules, cadence)
    if len(steps) + len(rules) > _PROGRAM_LARGEST:
        return program  # kept by its enrollments only: the cache's size stays bounded
    with _FILLING:  # read without it (one dict lookup, checked by identity), filled under it
        if len(_PROGRAMS) >= _PROGRAMS_BOUND:
            _PROGRAMS.clear()
        _PROGRAMS[key] = (rules, steps, program)
    return program


def pause_until(
    pause: Pause | None,
    given: datetime | None,
    day: date,
    calendar: BusinessCalendar,
    zone: tzinfo,
) -> datetime | None:
    """When a pause made on local ``day`` ends: ``given`` (the event's own end), else its days.

    ``pause`` None is a pause event's own hold (the rep's): it lasts until
    ``given`` or a resume. A rule's pause of N business days ends at local
    midnight N business days after the event's local date. Computed ends are
    zone-tagged UTC instants (see _time.py); None is "until resumed".
    """
    if given is not None or pause is None or pause.business_days is None:
        return given
    return midnight(calendar.add_business_days(day, pause.business_days), zone)


def midnight(day: date, zone: tzinfo) -> datetime:
    """Local midnight of ``day`` in ``zone``, as a zone-tagged UTC instant (``_time.instant``'s).

    Found without ``datetime.replace`` or keyword arguments (slow in CPython):
    midnight at its offset, kept when the zone reads it back as midnight of
    ``day``; a midnight the clocks skip (a DST change at 00:00) goes to
    ``_time.instant``.
    """
    aware = datetime.combine(day, _MIDNIGHT, zone)
    offset = aware.utcoffset()
    assert offset is not None  # zones given to an enrollment are checked
    found = aware - offset
    local = zone.fromutc(found)
    if local.day == day.day and not (
        local.hour or local.minute or local.second or local.microsecond
    ):
        return found
    return _time.instant(datetime(day.year, day.month, day.day), zone)
