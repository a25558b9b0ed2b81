"""Enrollments: one prospect in one cadence, reacting to what happens.

An :class:`Enrollment` is an immutable value: the cadence, the prospect,
their calendar and zone, the rules, and every event applied so far. Its
state (status, exit reason, the live plan of steps still to do) is a pure
function of those: :meth:`Enrollment.apply` returns a new enrollment, and
:meth:`Enrollment.replay` folds a whole event list, so the same events
always give an equal enrollment, in whatever order they were delivered.

How the plan moves:

- A step falls due its day gap (in the cadence's day basis) after the step
  before it was actually carried out (a ``touch`` event) or skipped, at the
  first open slot of its send window: late work shifts what follows.
  Before any step is done the plan is exactly :func:`schedule`'s.
- A pause holds every step until it ends; then the next step is due at the
  first open slot and the rest keep their gaps after it. Holds are kept per
  source (the rep's ``pause`` event, an out-of-office, a rule's
  :class:`Pause`, a move that waits): the enrollment is paused while any
  lasts, a rule's pause never shortens or lifts another, and a ``resume``
  event releases them all.
- Manual touches (``automated=False``: by default call, voicemail,
  LinkedIn, meeting, task) land on a day that is a business day for the
  rep too (``rep_calendar``, merged with the prospect's); automated emails
  only need the prospect's calendar.
- Timers (a :class:`~cadencekit.Silence`, a delayed move) fire when a later
  event reaches them or :meth:`Enrollment.advance` is called, recorded as
  ``timeout`` events.
- Two events with the same ``(kind, id)`` are one delivery (the earliest
  counts); an event older than the last one applied is put in its place in
  time and the whole history is folded again; events after the end are
  kept and change nothing.

Example:
    >>> import cadencekit as ck
    >>> cadence = ck.Cadence("Intro", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 3)])
    >>> e = ck.Enrollment.start(cadence, "ada@example.com", "2026-11-23T08:00:00-05:00", tz="America/New_York")
    >>> e.next_touch.due.isoformat()
    '2026-11-23T09:00:00-05:00'
    >>> e = e.apply(ck.Event.touch("2026-11-24T15:00:00-05:00", 0))  # a day late
    >>> e.next_touch.due.isoformat()  # two business days after it was done
    '2026-11-26T09:00:00-05:00'
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any, Final, TypeVar

import attrs

from . import _time
from ._convert import (
    NO_FACTS,
    Reader,
    to_aware_datetime,
    to_facts,
    to_list,
    to_optional_text,
    to_text,
)
from ._fold import (
    Fold,
    Hold,
    Status,
    Timer,
    about,
    event_of,
    merged,
    met,
    shared,
)
from ._frozen import FrozenMap
from ._history import Items, Log, earliest_of_each
from ._planner import Anchor, Days, PlanCache, Planned, Track, replan
from ._program import Program, compile_program, hold_key, said_as, step_said
from ._text import brief, capped, date_text, duration_text, moment_text, step_text, time_text
from .cadence import Cadence, DayBasis, Touchpoint, Variant
from .calendar import BusinessCalendar
from .channels import Channel
from .deliverability import kept_names, pseudonym
from .errors import CadenceError, DateRangeError, InvalidFieldError, SchemaError
from .events import CallResult, Event, EventKind
from .rules import INITIAL_STAGE, ExitReason, Rule, default_rules
from .scheduling import Schedule, ScheduledTouch

__all__ = [
    "Decision",
    "Enrollment",
    "Explanation",
    "Migration",
    "Status",
]

_ONE_DAY: Final = timedelta(days=1)
_NO_TIME: Final = timedelta(0)
_MIDNIGHT: Final = time(0)
_DEFAULT_CALENDAR: Final = BusinessCalendar()


# Bound once: an enum member looked up on its class costs a little, on every event.
_TIMEOUT: Final = EventKind.TIMEOUT
_ENDED: Final = Status.ENDED
_ACTIVE: Final = Status.ACTIVE
_PAUSED: Final = Status.PAUSED


@attrs.frozen
class Decision:
    """What applying one event did, for :meth:`Enrollment.explain` and audits.

    Example:
        >>> import cadencekit as ck
        >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1)])
        >>> e = ck.Enrollment.start(c, "p1", "2026-11-23T09:00:00+00:00")
        >>> e = e.apply(ck.Event.reply("2026-11-23T10:00:00+00:00", "no"))
        >>> print(e.decisions[-1])
        2026-11-23T10:00:00+00:00 reply (no): rule 'no' -> end (declined)
    """

    event: Event
    rule: Rule | None
    effect: str
    talk_track: tuple[str, ...] = attrs.field(default=(), kw_only=True)
    """Lines a :class:`~cadencekit.TalkTrack` action gave the rep for the call, in order."""
    number: int | None = attrs.field(default=None, kw_only=True, eq=False, repr=False)
    """The event's step as a person reads it (:meth:`Enrollment.step_number`); not compared."""

    def __str__(self) -> str:
        event = self.event
        what = event.kind.value
        if event.response is not None:
            what += f" ({event.response.value})"
        if event.step is not None:
            what += " on " + (
                f"step index {event.step}" if self.number is None else step_text(self.number)
            )
        rule = f"rule {self.rule.name!r} -> " if self.rule and self.rule.name else ""
        if self.rule is not None and not self.rule.name:
            rule = f"rule [{self.rule.when}] -> "
        return f"{event.at.isoformat()} {what}: {rule}{self.effect}"


@attrs.frozen
class Migration:
    """What :meth:`Enrollment.migrate` did: the cadence left and where its done steps went.

    Example:
        >>> import cadencekit as ck
        >>> old = ck.Cadence("v1", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 3)])
        >>> new = ck.Cadence("v2", [ck.Touchpoint("email", 1), ck.Touchpoint("linkedin", 2),
        ...                         ck.Touchpoint("call", 3)])
        >>> e = ck.Enrollment.start(old, "p", "2026-11-23T08:00:00+00:00")
        >>> e = e.apply(ck.Event.touch("2026-11-23T09:00:00+00:00", 0)).migrate(new)
        >>> print(e.migrated_from)
        migrated from cadence 'v1' (2 steps): step index 0 -> 0
    """

    cadence: str
    """The name of the cadence left."""
    steps: int
    """How many steps it had."""
    mapping: tuple[tuple[int, int], ...] = attrs.field(repr=brief)
    """``(old, new)`` for every step the history names, in order (an inserted step
    whose events were kept without a step is left out)."""

    def __str__(self) -> str:
        # indexes: the old cadence is gone, and its numbers with it
        moved = (
            ", ".join(f"step index {old} -> {new}" for old, new in self.mapping[:10])
            or "no step done"
        )
        if len(self.mapping) > 10:
            moved += f", … {len(self.mapping) - 10} more"
        return capped(f"migrated from cadence {brief(self.cadence)} ({self.steps} steps): {moved}")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; :meth:`from_dict` reads it back.

        Example:
            >>> Migration("v1", 2, ((0, 0),)).to_dict()
            {'cadence': 'v1', 'steps': 2, 'mapping': [[0, 0]]}
        """
        return {
            "cadence": self.cadence,
            "steps": self.steps,
            "mapping": [list(pair) for pair in self.mapping],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, path: str = "") -> Migration:
        """Read what :meth:`to_dict` wrote.

        Example:
            >>> print(Migration.from_dict({"cadence": "v1", "steps": 2, "mapping": [[1, 2]]}))
            migrated from cadence 'v1' (2 steps): step index 1 -> 2
        """
        reader = Reader(data, path)
        mapping: list[tuple[int, int]] = []
        pairs = reader.raw("mapping", "expected a list of [old step, new step]", [])
        if not isinstance(pairs, list):
            raise SchemaError(
                reader.at("mapping"), pairs, "expected a list of [old step, new step]"
            )
        for index, pair in enumerate(pairs):
            if (
                not isinstance(pair, list | tuple)
                or len(pair) != 2
                or not all(type(v) is int and v >= 0 for v in pair)
            ):
                raise SchemaError(
                    reader.at(f"mapping[{index}]"), pair, "expected [old step, new step]"
                )
            mapping.append((pair[0], pair[1]))
        steps = reader.raw("steps", "expected a whole number of steps", 0)
        if type(steps) is not int or steps < 0:
            raise SchemaError(reader.at("steps"), steps, "expected a whole number of steps")
        return cls(reader.string("cadence"), steps, tuple(mapping))


@attrs.frozen
class Explanation:
    """Why the next touch is due when it is, or why the enrollment ended.

    ``text`` is what a rep reads; the other fields are the same facts as
    data. ``skipped`` lists closed days (holidays, the rep's days off)
    between the anchor and the due date, weekends left out.

    Example:
        >>> import cadencekit as ck
        >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 3)])
        >>> us = ck.BusinessCalendar(country="US")
        >>> e = ck.Enrollment.start(c, "p", "2026-11-24T09:00:00-05:00", calendar=us, tz="America/New_York")
        >>> e = e.apply(ck.Event.touch("2026-11-24T09:05:00-05:00", 0))
        >>> print(e.explain())
        step 2 (call) is due Fri 27 Nov 2026 09:00 EST (America/New_York): 2 business days after step 1 was done on Tue 24 Nov 2026; Thu 26 Nov 2026 skipped: Thanksgiving Day
    """

    status: Status
    text: str
    step: int | None = None
    channel: Channel | None = None
    due: datetime | None = None
    anchor: str | None = None
    gap_days: int | None = None
    skipped: tuple[tuple[date, str], ...] = ()
    notes: tuple[str, ...] = ()
    event: Event | None = None
    rule: Rule | None = None

    def __str__(self) -> str:
        return self.text


_OUT_OF_RANGE: Final = (
    "is too close to year 1 or 9999: it, or what it sets off (its local time in the "
    "prospect's zone, a due time, a timer), falls outside the years 1-9999 Python's dates hold"
)


def _shown(value: object) -> object:
    """A moment as its ISO text in an error, anything else as it is."""
    return value.isoformat() if isinstance(value, datetime | date) else value


def _out_of_range(event: Event) -> DateRangeError:
    """The error for ``event``, which (or what it sets off) falls outside years 1-9999."""
    return about(DateRangeError("at", event.at.isoformat(), _OUT_OF_RANGE), event)


def _calendar(value: object, field: str) -> BusinessCalendar:
    return _time.calendar(value, field)  # a calendar, or a country code like "DE" or "US-CA"


MAILBOX_FACT: Final = "mailbox"
"""The fact an enrollment's mailbox is kept as (``Enrollment.start(..., mailbox=...)``)."""


def _with_mailbox(facts: FrozenMap[str, str], mailbox: object) -> FrozenMap[str, str]:
    """``facts`` with ``mailbox=`` as the fact ``"mailbox"``; a different one given twice is refused."""
    if mailbox is None:
        return facts
    if not isinstance(mailbox, str) or not mailbox.strip():
        raise InvalidFieldError(
            "mailbox", mailbox, "expected the mailbox's address, like 'ann@seller.io'"
        )
    named = mailbox.strip()
    given = facts.get(MAILBOX_FACT)
    if given is not None and given.strip() != named:
        raise InvalidFieldError(
            "mailbox",
            named,
            f"expected the same mailbox as facts['mailbox'] ({given!r}), or only one of them",
        )
    return FrozenMap({**facts, MAILBOX_FACT: named})


def _result(fold: Fold[Enrollment]) -> Enrollment:
    """The enrollment ``fold`` leaves; its plan is worked out when first read (see :class:`PlanCache`)."""
    fold.catch_up()
    base = fold.base
    # Positional, in field order: about 0.7 µs cheaper than 35 keywords, on every event.
    return Enrollment._trusted(
        base.cadence,
        base.prospect,
        base.started,
        base.calendar,
        base.tz,
        base.rules,
        fold.owner,
        base.account,
        fold.rep,
        base._events.extended(fold.events) if fold.events else base._events,
        fold.status,
        fold.exit_reason,
        fold.ended_at,
        fold.exit_event,
        fold.exit_rule,
        fold.moved_to,
        fold.moved_at,
        fold.stage,
        base.steps if len(fold.steps) == len(base.steps) else tuple(fold.steps),
        base.done if len(fold.done) == len(base.done) else _sorted_items(fold.done),
        (base.skipped if len(fold.skipped) == len(base.skipped) else tuple(fold.skipped)),
        fold.hold,
        tuple(fold.tracks),
        _sorted_values(fold.holds) if fold.holds else (),
        _sorted_values(fold.timers) if fold.timers else (),
        _sorted_items(fold.counts) if fold.counts else (),
        base._fired if len(fold.fired) == len(base._fired) else frozenset(fold.fired),
        _sorted_items(fold.stages) if fold.stages else (),
        base._used if len(fold.used) == len(base._used) else _sorted_items(fold.used),
        base._program,
        base._zone,
        fold.manual,
        # an earlier plan is reused only on the same days (a new rep's are not)
        _Planner(base._planner.cache or base._planner.seed)
        if fold.manual is base._manual_calendar
        else _Planner(),
        base._migration,
        fold.clock,
        fold.facts,
        base._assigned,
        None
        if fold.facts is base.facts and base._given_facts is None
        else _given(base, fold.facts),
        base._given_team
        if base._given_team is not None or not fold.reassigned
        else (base.owner, base.rep_calendar),
    )


def _given(base: Enrollment, facts: FrozenMap[str, str]) -> FrozenMap[str, str] | None:
    """The facts given to start, kept only while updates have made ``facts`` differ from them.

    One form for one state: updates that leave the facts as they started keep None, as a
    replay of the same events in another order does.
    """
    given = base._given_facts
    if given is None and facts is not base.facts:
        given = base.facts
    return None if given is None or given == facts else given


_NONE_FIRED: Final[frozenset[int]] = frozenset()
_TIMER_LOOKAHEAD: Final = 256  # timers next_touch fires ahead, at most (each fires one or more)
_V = TypeVar("_V")
_K = TypeVar("_K")


def _sorted_values(items: dict[str, _V]) -> tuple[_V, ...]:
    """The values by key: one canonical order, so equal states compare equal."""
    if not items:
        return ()
    return tuple(items[key] for key in sorted(items))


def _scrubbed(event: Event, kept: frozenset[str]) -> Event:
    """``event`` without what identifies a person: its id, an engagement's text, facts not kept."""
    changes: dict[str, Any] = {}
    if event.id is not None:
        changes["id"] = None
    if event.what is not None:
        changes["what"] = None
    if event.facts:
        changes["facts"] = {k: (v if k in kept else None) for k, v in event.facts.items()}
    return attrs.evolve(event, **changes) if changes else event


def _outcome(enrollment: Enrollment) -> tuple[object, ...]:
    """What a report reads of an enrollment, but whom it is of: equal outcomes, equal figures."""
    return (
        enrollment.status,
        enrollment.exit_reason,
        enrollment.ended_at,
        enrollment.done,
        enrollment.skipped,
        enrollment.stage,
        enrollment.moved_to,
        enrollment.moved_at,
        enrollment.paused_until,
        enrollment.steps,
        [
            (e.kind, e.at, e.step, e.response, e.call_result, e.channel, e.variant)
            for e in enrollment.events
        ],
    )


class _Planner:
    """What an enrollment derives when first asked: its plan and its decisions.

    ``cache`` is the plan once worked out; until then ``seed`` is an earlier
    plan to start from.
    """

    __slots__ = ("cache", "decisions", "seed")

    def __init__(self, seed: PlanCache | None = None) -> None:
        self.seed = seed
        self.cache: PlanCache | None = None
        self.decisions: tuple[Decision, ...] | None = None

    def __reduce__(self) -> tuple[type[_Planner], tuple[()]]:
        return _Planner, ()  # derived: a pickle holds none of it


def _assignments(steps: Sequence[Touchpoint], prospect: str) -> tuple[tuple[int, str], ...]:
    """Each step with variants and the variant ``prospect`` gets under today's weights."""
    return tuple(
        (step, touchpoint.variant_for(prospect).name)  # type: ignore[union-attr]
        for step, touchpoint in enumerate(steps)
        if touchpoint.variants
    )


def _read_assignments(value: object, field: str) -> tuple[tuple[int, str], ...] | None:
    """A stored ``"variants"`` mapping (step as text to variant name), checked; None: absent."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise SchemaError(field, value, "expected a mapping of step to variant name")
    pairs = []
    for step, name in value.items():
        if not (isinstance(step, str) and step.isdigit()) or not isinstance(name, str) or not name:
            raise SchemaError(
                f"{field}[{step!r}]", name, "expected a step number (as text) to a variant name"
            )
        pairs.append((int(step), name))
    return tuple(sorted(pairs))


def _sorted_items(items: dict[_K, _V]) -> tuple[tuple[_K, _V], ...]:
    return tuple(sorted(items.items())) if items else ()


@attrs.frozen(repr=False, init=False)
class Enrollment:
    """One prospect in one cadence: what was done, what happened, what is next.

    Build one with :meth:`start` (or :meth:`replay` for a stored history, or
    :meth:`from_dict`) and move it on with :meth:`apply`. It has no public
    constructor: ``Enrollment(...)`` and ``attrs.evolve(enrollment, ...)``
    raise a :class:`~cadencekit.CadenceError`, since a changed field (an
    owner, a calendar) without replanning would leave a stale plan: a new
    owner or rep's calendar comes through :meth:`reassign`, an event that
    replans. Every attribute is derived from the arguments of :meth:`start`
    and ``events``, so two enrollments with the same history are equal.

    Attributes:
        cadence, prospect, account, calendar, tz, rules: as given to
            :meth:`start`.
        owner, rep_calendar: as given to :meth:`start`, then as each
            :meth:`reassign` (an ``Event.reassign``) changed them.
        facts: what the host knows of the prospect as it stands: the start's,
            then each :meth:`Event.update`'s (up to the end).
        started: when the prospect was enrolled (tz-aware).
        events: every event applied, in time order (also those after the end).
        status: :class:`Status`; ``exit_reason``, ``ended_at``,
            ``exit_event`` and ``exit_rule`` say how it ended.
        moved_to, moved_at: the cadence a :class:`~cadencekit.MoveTo` rule
            named, and when the host should start it.
        stage: the playbook stage a rule put it in (``"cadence"`` at first).
        steps: the cadence's touchpoints, then any a rule inserted.
        done: ``(step, when)`` for every step carried out; ``skipped``.
        paused_until: the end of the current pause (None: until a resume).
        plan: the steps still to do as a :class:`~cadencekit.Schedule`,
            earliest first (worked out when first read).
        decisions: one :class:`Decision` per event applied (derived from
            the history when first read).

    Example:
        >>> import cadencekit as ck
        >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("email", 3)])
        >>> e = ck.Enrollment.start(c, "p1", "2026-11-23T09:00:00+00:00")
        >>> e = e.apply(ck.Event.reply("2026-11-23T12:00:00+00:00", "maybe", step=0))
        >>> e.status, e.paused_until.date()  # a maybe waits 10 business days
        (<Status.PAUSED: 'paused'>, datetime.date(2026, 12, 7))
    """

    cadence: Cadence
    prospect: str
    started: datetime
    calendar: BusinessCalendar
    tz: str | None
    rules: tuple[Rule, ...]
    owner: str | None
    account: str | None
    rep_calendar: BusinessCalendar | None
    _events: Log = attrs.field(alias="events")
    status: Status = attrs.field()
    exit_reason: ExitReason | None
    ended_at: datetime | None
    exit_event: Event | None
    exit_rule: Rule | None
    moved_to: str | None
    moved_at: datetime | None
    stage: str
    steps: tuple[Touchpoint, ...]
    done: tuple[tuple[int, datetime], ...]
    skipped: tuple[int, ...]
    _hold: datetime | None = attrs.field(alias="hold")
    _tracks: tuple[Track, ...] = attrs.field(alias="tracks")
    _holds: tuple[Hold, ...] = attrs.field(alias="holds")
    _timers: tuple[Timer, ...] = attrs.field(alias="timers")
    _counts: tuple[tuple[int, int], ...] = attrs.field(alias="counts")
    _fired: frozenset[int] = attrs.field(alias="fired")
    _stages: tuple[tuple[str, str], ...] = attrs.field(alias="stages")
    _used: tuple[tuple[int, Channel], ...] = attrs.field(alias="used")
    _program: Program = attrs.field(alias="program", eq=False)
    _zone: tzinfo = attrs.field(alias="zone", eq=False)
    _manual_calendar: BusinessCalendar = attrs.field(alias="manual_calendar", eq=False)
    # The plan is derived: worked out when first read, from an earlier plan where it can.
    _planner: _Planner = attrs.field(alias="planner", eq=False, repr=False)
    _migration: Migration | None = attrs.field(alias="migration", default=None)
    # The latest timeout a host sent: a tick of the clock, not an event of the history
    # (``events`` holds only the timeouts the enrollment's own timers derive). Kept so
    # a refold for a late event fires what it made due; left out of equality, which
    # compares what happened.
    _clock: datetime | None = attrs.field(alias="clock", default=None, eq=False)
    # What the host knows of the prospect (a CRM row's columns), for joins, merge fields,
    # rules (Match(facts=...)) and steps' requirements: given to start, then each update's.
    facts: FrozenMap[str, str] = attrs.field(default=NO_FACTS)
    # The A/B variant of each step with variants, fixed when the enrollment started: later
    # weights (an edited cadence, migrate, a refold) never move a prospect in flight.
    _assigned: tuple[tuple[int, str], ...] = attrs.field(alias="assigned", default=())
    # The facts given to start, once an update changed them (None: ``facts`` are those):
    # a refold, to_dict and migrate start from these and apply the updates again.
    _given_facts: FrozenMap[str, str] | None = attrs.field(alias="given_facts", default=None)
    # The owner and rep's calendar given to start, once a reassign changed them (None:
    # ``owner`` and ``rep_calendar`` are those): a refold, to_dict and migrate start from
    # these and apply the reassigns again.
    _given_team: tuple[str | None, BusinessCalendar | None] | None = attrs.field(
        alias="given_team", default=None
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        raise CadenceError(
            "Enrollment has no public constructor: build one with Enrollment.start(...), "
            "Enrollment.replay(...) or Enrollment.from_dict(...), and change it with events "
            "(apply, advance, migrate); attrs.evolve would keep a stale plan. To change the "
            "owner or the rep's calendar, use enrollment.reassign(at, owner=..., "
            "rep_calendar=...): it is recorded as an event and the plan is made again"
        )

    @classmethod
    def _trusted(cls, *args: Any, **kwargs: Any) -> Enrollment:
        """The one trusted constructor: every field given, in field order (_result, after a fold)."""
        made = object.__new__(cls)
        made.__attrs_init__(*args, **kwargs)
        return made

    def _with(self, **changes: Any) -> Enrollment:
        """This enrollment with some fields replaced (by their aliases), as attrs.evolve would."""
        values: dict[str, Any] = {
            str(field.alias): getattr(self, field.name) for field in attrs.fields(Enrollment)
        }
        values.update(changes)
        return Enrollment._trusted(**values)

    @property
    def mailbox(self) -> str | None:
        """The mailbox the prospect's emails go from (the fact ``"mailbox"``), or None.

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1)])
            >>> e = ck.Enrollment.start(c, "p1", "2026-11-23", owner="ann", mailbox="ann@seller.io")
            >>> e.mailbox, e.facts["mailbox"]
            ('ann@seller.io', 'ann@seller.io')
            >>> ck.Enrollment.from_dict(e.to_dict()).mailbox
            'ann@seller.io'
        """
        return self.facts.get(MAILBOX_FACT)

    @property
    def _started_team(self) -> tuple[str | None, BusinessCalendar | None]:
        """The owner and the rep's calendar given to start, before any reassign."""
        if self._given_team is None:
            return self.owner, self.rep_calendar
        return self._given_team

    @property
    def _started_facts(self) -> FrozenMap[str, str]:
        """The facts given to start, before any update."""
        return self.facts if self._given_facts is None else self._given_facts

    @property
    def migrated_from(self) -> Migration | None:
        """What :meth:`migrate` did, when this enrollment was moved from another cadence.

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1)])
            >>> ck.Enrollment.start(c, "p", "2026-11-23T09:00:00+00:00").migrated_from is None
            True
        """
        return self._migration

    @property
    def paused_until(self) -> datetime | None:
        """The end of the current pause, local time (None: not paused, or until a resume).

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1)])
            >>> e = ck.Enrollment.start(c, "p", "2026-11-23T09:00:00+00:00")
            >>> e.apply(ck.Event.pause("2026-11-23T10:00:00+00:00", until="2026-11-30")).paused_until
            datetime.datetime(2026, 11, 30, 0, 0, tzinfo=zoneinfo.ZoneInfo(key='UTC'))
        """
        untils = [hold.until for hold in self._holds]
        if not untils or any(until is None for until in untils):
            return None
        return self._zone.fromutc(max(u for u in untils if u is not None))

    @property
    def events(self) -> tuple[Event, ...]:
        """Every event applied, in time order (also those after the end).

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1)])
            >>> ck.Enrollment.start(c, "p", "2026-11-23T09:00:00+00:00").events
            ()
        """
        return self._events.view()

    @property
    def decisions(self) -> tuple[Decision, ...]:
        """One :class:`Decision` per event applied, in order.

        Derived from the history when first read (folding it again), so an
        enrollment does not carry them in memory until someone asks.

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1)])
            >>> e = ck.Enrollment.start(c, "p", "2026-11-23T09:00:00+00:00")
            >>> e.apply(ck.Event.open("2026-11-23T10:00:00+00:00", 0)).decisions[-1].effect
            'recorded'
        """
        planner = self._planner
        if planner.decisions is None:  # derived: the history folded again, keeping them
            fold = Fold(self.restart(), record=True)
            for event in self._events.view():
                fold.apply(event)
            planner.decisions = tuple(
                Decision(event, rule, effect, talk_track=talk, number=number)
                for event, rule, effect, talk, number in fold.decisions
            )
        return planner.decisions

    @property
    def plan(self) -> Schedule:
        """The steps still to do with their due times, earliest first, as a :class:`~cadencekit.Schedule`.

        Steps a rule inserted are numbered after the cadence's own. Ties
        (the same instant) go by step. Worked out when first read.

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 2)])
            >>> e = ck.Enrollment.start(c, "p1", "2026-11-23T09:00:00+00:00")
            >>> [r["step"] for r in e.plan.to_records()]
            [0, 1]
        """
        touches = self._plan_cache().touches(self.steps, self._zone)
        return Schedule._trusted(self.cadence, self.started, self.tz, tuple(touches))

    def _plan_cache(self) -> PlanCache:
        """The plan in its compact form, worked out when first needed."""
        planner = self._planner
        cache = planner.cache
        if cache is None:
            empty = (
                self.status is _ENDED
                or self.moved_to is not None  # the enrollment ends when it moves
                or any(h.until is None for h in self._holds)
            )
            tracks = self._tracks
            if self._program.requiring:
                tracks = met(tracks, self.steps, self.facts)
            cache = planner.cache = replan(
                self._days(), tracks, self.steps, self._hold, planner.seed, empty=empty
            )
            planner.seed = None
        return cache

    def _days(self) -> Days:
        """Where this enrollment's touches may land (the planner's view of it)."""
        return Days(self.cadence, self.calendar, self._manual_calendar, self._zone)

    @property
    def zone(self) -> tzinfo:
        """The prospect's zone as a ``tzinfo`` (``tz`` is its IANA name, when it has one).

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1)])
            >>> ck.Enrollment.start(c, "p", "2026-11-23", tz="Europe/Berlin").zone
            zoneinfo.ZoneInfo(key='Europe/Berlin')
        """
        return self._zone

    @classmethod
    def start(
        cls,
        cadence: Cadence,
        prospect: str,
        at: datetime | date | str,
        *,
        calendar: BusinessCalendar | str = _DEFAULT_CALENDAR,
        tz: str | tzinfo = "UTC",
        rules: Iterable[Rule] | None = None,
        owner: str | None = None,
        account: str | None = None,
        rep_calendar: BusinessCalendar | str | None = None,
        facts: Mapping[str, str] | None = None,
        mailbox: str | None = None,
        anchors: Mapping[str, date | str] | None = None,
    ) -> Enrollment:
        """Enrol ``prospect`` in ``cadence`` at ``at``: the plan is :func:`schedule`'s.

        Args:
            cadence: the cadence to run.
            prospect: the host's id for the prospect (an email, a CRM id).
            at: when they are enrolled; read as :func:`schedule` reads ``start``.
            calendar: the prospect's business days: a
                :class:`~cadencekit.BusinessCalendar` or a country code
                (``"DE"``, ``"US-CA"``: that country's calendar).
            tz: the prospect's zone (IANA name or tzinfo).
            rules: what events do, first match wins (:func:`default_rules`).
            owner: the rep who owns the prospect, for planning.
            account: the prospect's company, for account-level rules.
            rep_calendar: the rep's days off (a calendar or a country
                code): manual touches (calls,
                voicemails, LinkedIn, meetings, tasks) land only on days open
                in both calendars; emails need only the prospect's.
            facts: what the host knows of the prospect, name to text (a CRM
                row: ``{"name": "Ada", "company": "Acme"}``): kept as
                :attr:`facts` for joins, merge fields (``to_ical``'s
                templates), rules (``Match(facts=...)``) and the steps that
                require one (``Touchpoint(requires=...)``); an
                :meth:`Event.update` changes them, and :meth:`to_dict` stores
                these, the start's, with the updates among the events.
            mailbox: the mailbox the prospect's emails go from
                (``"ann@seller.io"``), one of the owner's in :func:`plan`
                (its ``mailboxes=`` or the owner's ``Capacity.mailboxes``).
                Kept as the fact ``"mailbox"`` (one place: :attr:`mailbox`
                reads it, :meth:`Event.update` changes it, :meth:`to_dict`
                stores it); giving both this and a different
                ``facts["mailbox"]`` is an error. None: :func:`plan` picks
                one of the owner's mailboxes by a stable hash of the prospect.
            anchors: the prospect's own dates that anchored steps
                (``Touchpoint(anchor=...)``) read, name to a date or an ISO
                date (``{"renewal": date(2027, 3, 15)}``). They are kept
                among the facts as ISO dates (``"2027-03-15"``), so a fact
                of that name does the same, and they travel with the facts;
                a name given both ways must say the same date. An
                :meth:`Event.update` of a date moves the anchored steps
                still to come (see :class:`~cadencekit.DateAnchor`).

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 2)])
            >>> rep = ck.BusinessCalendar(holidays={"2026-11-24": "Rep on leave"})
            >>> e = ck.Enrollment.start(c, "p1", "2026-11-23T09:00:00+00:00", rep_calendar=rep)
            >>> [touch.due.date().isoformat() for touch in e.plan]  # the call waits for the rep
            ['2026-11-23', '2026-11-25']
        """
        if not isinstance(cadence, Cadence):
            raise InvalidFieldError("cadence", cadence, "expected a Cadence")
        name = to_text(prospect, "prospect")
        calendar = _calendar(calendar, "calendar")
        rep = None if rep_calendar is None else _calendar(rep_calendar, "rep_calendar")
        zone, key = _time.zone(tz)
        try:
            begin = _time.start_instant(at, zone)
            started = zone.fromutc(begin)
        except OverflowError:  # a naive start whose instant is before year 1 or after 9999
            raise DateRangeError("at", _shown(at), _OUT_OF_RANGE) from None
        if rules is None:
            ruleset = default_rules()
        elif type(rules) is tuple and all(isinstance(rule, Rule) for rule in rules):
            ruleset = rules  # the same object: its worked-out rules are remembered
        else:
            ruleset = tuple(to_list(rules, Rule, "rules"))
        facts = _time.with_anchors(facts, anchors)
        manual = calendar if rep is None else merged(calendar, rep)
        # Day 1 is the first open slot at or after the start, for the first step that is not
        # anchored to a date of the prospect's (each anchored step is planned on its own)
        relative = (
            tuple(i for i, step in enumerate(cadence.touchpoints) if step.anchor is None)
            if cadence.anchored
            else tuple(range(len(cadence)))
        )
        first = cadence.touchpoints[relative[0] if relative else 0]
        landing = calendar if first.automated else manual
        try:
            # as schedule() finds it: the first step's own window, time of day and wait
            window = _time.step_window(first.window or cadence.window, first.at_time)
            earliest = begin if first.after is None else begin + first.after
            _, local = _time.settle_in(earliest, window, landing, zone)
        except OverflowError:  # Day 1's first open slot is past year 9999
            raise DateRangeError("at", _shown(at), _OUT_OF_RANGE) from None
        anchor = Anchor(begin, local.date(), 1, False, "the enrollment started")
        made = cls._trusted(  # positional, in field order (cheaper than keywords; see _result)
            cadence,
            name,
            started,
            calendar,
            key,
            ruleset,
            to_optional_text(owner, "owner"),
            to_optional_text(account, "account"),
            rep,
            Log(Items(), 0),
            _ACTIVE,
            None,
            None,
            None,
            None,
            None,
            None,
            INITIAL_STAGE,
            cadence.touchpoints,
            (),
            (),
            None,
            (Track(anchor, shared(relative)),),
            (),
            (),
            (),
            _NONE_FIRED,
            (),
            (),
            compile_program(ruleset, cadence),
            zone,
            manual,
            _Planner(),
            facts=_with_mailbox(to_facts(facts, "facts"), mailbox),
            assigned=_assignments(cadence.touchpoints, name),
        )
        if not made._program.requiring:
            return made
        fold = Fold(made)  # the steps that come up first, lacking a fact they require
        placed = not cadence.anchored or not fold.place_anchored(begin)
        if not placed and not any(track.pending for track in fold.tracks):
            raise InvalidFieldError(
                "anchors",
                dict(made.facts),
                "every step is anchored to a date that is missing or already past; "
                "give the dates, or leave the prospect out",
            )
        if fold.require() and not any(track.pending for track in fold.tracks):
            raise InvalidFieldError(
                "facts",
                dict(made.facts),
                "every step requires a fact the prospect lacks; "
                "give the facts, or leave the prospect out",
            )
        return _result(fold)

    @classmethod
    def replay(
        cls,
        cadence: Cadence,
        prospect: str,
        at: datetime | date | str,
        events: Iterable[Event],
        *,
        calendar: BusinessCalendar | str = _DEFAULT_CALENDAR,
        tz: str | tzinfo = "UTC",
        rules: Iterable[Rule] | None = None,
        owner: str | None = None,
        account: str | None = None,
        rep_calendar: BusinessCalendar | str | None = None,
        facts: Mapping[str, str] | None = None,
        mailbox: str | None = None,
        anchors: Mapping[str, date | str] | None = None,
    ) -> Enrollment:
        """Start, then apply ``events`` in time order (duplicated ids once).

        The same events give an equal enrollment whatever order they come in.
        The options are :meth:`start`'s.

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("email", 3)])
            >>> events = [
            ...     ck.Event.touch("2026-11-25T09:00:00+00:00", 1),
            ...     ck.Event.touch("2026-11-23T09:00:00+00:00", 0),
            ... ]
            >>> ck.Enrollment.replay(c, "p1", "2026-11-23T08:00:00+00:00", events).exit_reason
            <ExitReason.COMPLETED: 'completed'>
        """
        base = cls.start(
            cadence,
            prospect,
            at,
            calendar=calendar,
            tz=tz,
            rules=rules,
            owner=owner,
            account=account,
            rep_calendar=rep_calendar,
            facts=facts,
            mailbox=mailbox,
            anchors=anchors,
        )
        return base._fold_in(to_list(events, Event, "events"))

    def _fold_in(self, events: Sequence[Event], clock: datetime | None = None) -> Enrollment:
        """Fold ``events`` in; ``clock``: a host's latest timeout, kept across a refold."""
        fold = Fold(self)
        if clock is not None:
            fold.tick(clock)
        kept = earliest_of_each(events, fold.identities if self._events else set())
        utc = fold.utc
        try:
            instants = [utc(event.at) for event in kept]  # one zone: they compare as plain times
        except OverflowError:
            raise _out_of_range(next(e for e in kept if not fold.placeable(e))) from None
        if not all(map(operator.lt, instants, itertools.islice(instants, 1, None))):  # unsorted
            kept.sort(key=Event.sort_key)
            instants = [utc(event.at) for event in kept]
        event: Event | None = None
        try:
            for event, at in zip(kept, instants, strict=True):
                fold.apply(event, at)
            return _result(fold)
        except OverflowError:  # what the event sets off (a due time, a timer) is past 9999
            if event is None:
                raise DateRangeError("clock", _shown(clock), _OUT_OF_RANGE) from None
            raise _out_of_range(event) from None

    def apply(self, event: Event) -> Enrollment:
        """This enrollment with ``event`` applied: a new value.

        Two events with the same ``(kind, id)`` are one delivery: the
        earliest counts (ties broken by content), whatever order they
        arrive in. An event older than the last one applied is put in its
        place and the history folded again, so nothing is lost to late
        delivery. Timers due by ``event.at`` fire first (see :meth:`advance`).

        Raises:
            InvalidFieldError: the event names a step the enrollment does not
                have, or happened before the enrollment started.

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("email", 3)])
            >>> e = ck.Enrollment.start(c, "p1", "2026-11-23T09:00:00+00:00")
            >>> sent = ck.Event.touch("2026-11-23T09:00:00+00:00", 0, id="msg-1")
            >>> e.apply(sent).apply(sent) == e.apply(sent)
            True
        """
        if not isinstance(event, Event):
            raise InvalidFieldError("event", event, "expected an Event")
        if event.id is not None:
            known = None if event.kind is _TIMEOUT else self._events.find((event.kind, event.id))
            if known is not None:
                if Event.sort_key(event) >= Event.sort_key(known):
                    return self  # the earlier delivery already counts
                others = [e for e in self.events if e is not known]
                return self.restart()._fold_in([*others, event], self._clock)
        log = self._events
        # in order: later than the last event (its instant: the sort key's first part), or
        # at the same instant and not before it (the whole key, only then)
        if (
            not log
            or event.at > (last := log.last()).at
            or Event.sort_key(event) >= Event.sort_key(last)
        ):
            fold = Fold(self)
            try:
                fold.apply(event)
                return _result(fold)
            except OverflowError:  # the event, or what it sets off, is outside years 1-9999
                raise _out_of_range(event) from None
        return self.restart()._fold_in([*self.events, event], self._clock)

    def advance(self, now: datetime | str) -> Enrollment:
        """Fire every timer due by ``now`` (silences and delayed moves) and end the holds over by then.

        No clock is read: ``now`` is the host's. Each timer that fires is
        recorded as an ``_TIMEOUT`` event naming its rule (its
        ``id``), so :meth:`replay` of :attr:`events` reproduces it. A dated
        pause that ended by ``now`` is let go, so :attr:`status` follows
        time: ``paused`` until the pause's end, ``active`` after it. The
        enrollment keeps ``now`` as the time reached (``"clock"`` in
        :meth:`to_dict`), so a late event folded in later keeps both. With
        nothing due it returns this enrollment. :meth:`due` advances first,
        so ``due(now)`` lists what ``advance(now)`` would plan.

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("email", 8)])
            >>> linkedin = ck.Rule(ck.Silence(3, after_step=0, unless=("open", "reply")),
            ...                    ck.Insert([ck.Touchpoint("linkedin", 1)]), name="no open: LinkedIn")
            >>> e = ck.Enrollment.start(c, "p", "2026-11-23T08:00:00+00:00", rules=[linkedin])
            >>> e = e.apply(ck.Event.touch("2026-11-23T09:00:00+00:00", 0))
            >>> later = e.advance("2026-11-26T10:00:00+00:00")
            >>> later.events[-1]
            Event('timeout', '2026-11-26T09:00:00+00:00', step=0, id='no open: LinkedIn')
            >>> later.next_touch.channel, later.next_touch.due.isoformat()
            (<Channel.LINKEDIN: 'linkedin'>, '2026-11-26T09:00:00+00:00')
        """
        moment = to_aware_datetime(now, "now")
        if not self._timers and not any(hold.until is not None for hold in self._holds):
            return self
        fold = Fold(self)
        try:
            at = fold.utc(moment)
            fired = fold.fire(at) if fold.timers else False
            held = len(fold.holds)
            fold.expire(at)
            if not fired and len(fold.holds) == held:
                return self
            fold.tick(at)  # time has reached `now`: a refold for a late event keeps it
            return _result(fold)
        except OverflowError:  # now, or what a timer sets off, is outside years 1-9999
            raise DateRangeError("now", _shown(now), _OUT_OF_RANGE) from None

    def held_by(self, hold: str) -> bool:
        """Whether the pause named ``hold`` (``Event.pause(..., hold=hold)``) holds it now.

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1)])
            >>> e = ck.Enrollment.start(c, "p", "2026-12-21T08:00:00+00:00")
            >>> e.apply(ck.Event.pause("2026-12-21T09:00:00+00:00", hold="pto")).held_by("pto")
            True
        """
        key = hold_key(to_text(hold, "hold"))
        return any(held.source == key for held in self._holds)

    def reassign(
        self,
        at: datetime | str,
        *,
        owner: str | None = None,
        rep_calendar: BusinessCalendar | str | None = None,
        id: str | None = None,
    ) -> Enrollment:
        """This enrollment handed to rep ``owner`` at ``at``, or with the rep's new days off.

        Recorded as an ``Event.reassign`` (so it replays, in any order, and
        travels with :meth:`to_dict`) and the steps still to do are planned
        again: manual steps on the days open to the prospect and to
        ``rep_calendar`` (a :class:`~cadencekit.BusinessCalendar` or a
        country code). None keeps what the enrollment has; give one or both.
        The only way to change the owner or the rep's calendar: ``attrs.evolve``
        is refused, as it would keep a stale plan. After the end a reassign
        is kept and changes nothing, as any event.

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 2)])
            >>> e = ck.Enrollment.start(c, "p", "2026-12-21T08:00:00+00:00", owner="kim")
            >>> [t.due.date().isoformat() for t in e.plan]
            ['2026-12-21', '2026-12-22']
            >>> lou = ck.BusinessCalendar(holidays={"2026-12-22": "Lou's day off"})
            >>> e = e.reassign("2026-12-21T10:00:00+00:00", owner="lou", rep_calendar=lou)
            >>> e.owner, [t.due.date().isoformat() for t in e.plan]  # the call waits for Lou
            ('lou', ['2026-12-21', '2026-12-23'])
        """
        return self.apply(Event.reassign(at, owner=owner, rep_calendar=rep_calendar, id=id))

    @property
    def next_timer(self) -> tuple[str, datetime] | None:
        """The rule whose timer fires first, and when (local time), or None.

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1)])
            >>> e = ck.Enrollment.start(c, "p", "2026-11-23T08:00:00+00:00")
            >>> e.next_timer is None
            True
        """
        if not self._timers:
            return None
        timer = min(self._timers, key=lambda t: (t.deadline, t.key))
        return timer.key, self._zone.fromutc(timer.deadline)

    def step_number(self, step: int) -> int:
        r"""The number a person reads for step ``step`` (an index), as the agenda and ``explain()`` say it.

        The cadence's :meth:`~cadencekit.Cadence.step_number`; steps a rule
        inserted count on after the cadence's last number.

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence.from_text("Day 1: Email\nDay 3: Call; voicemail if no answer", name="c")
            >>> e = ck.Enrollment.start(c, "p", "2026-11-23T08:00:00+00:00")
            >>> [e.step_number(step) for step in range(len(e.steps))]
            [1, 2, 2]
        """
        numbers = self.cadence.step_numbers
        if type(step) is int and len(numbers) <= step < len(self.steps):
            return numbers[-1] + step - len(numbers) + 1
        return self.cadence.step_number(step)

    def channel_used(self, step: int) -> Channel:
        """The channel step ``step`` used (the touch event's ``channel``), else its own.

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1, alternatives=["linkedin"])])
            >>> e = ck.Enrollment.start(c, "p", "2026-11-23T08:00:00+00:00")
            >>> e.apply(ck.Event.touch("2026-11-23T09:00:00+00:00", 0, channel="linkedin")).channel_used(0)
            <Channel.LINKEDIN: 'linkedin'>
        """
        return dict(self._used).get(step, self.steps[step].channel)

    def _started_as(self, prospect: str, facts: Mapping[str, str] | None) -> Enrollment:
        """This enrollment's start, for ``prospect`` with ``facts``: no event, the first team."""
        return Enrollment.start(
            self.cadence,
            prospect,
            self.started,
            calendar=self.calendar,
            tz=self._zone,
            rules=self.rules,
            owner=self._started_team[0],
            account=self.account,
            rep_calendar=self._started_team[1],
            facts=facts,
        )

    def restart(self) -> Enrollment:
        """The enrollment as it was at the start, before any event.

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1)])
            >>> e = ck.Enrollment.start(c, "p1", "2026-11-23T09:00:00+00:00")
            >>> e.apply(ck.Event.touch("2026-11-23T09:00:00+00:00", 0)).restart() == e
            True
        """
        fresh = self._started_as(self.prospect, self._started_facts)
        if self._migration is not None or fresh._assigned != self._assigned:
            fresh = fresh._with(
                migration=self._migration, assigned=self._assigned, planner=_Planner()
            )
        return fresh

    def forget(self, *, salt: bytes | str, keep: Iterable[str] = ()) -> Enrollment:
        """This enrollment with its prospect pseudonymised and what identifies them left out.

        For an erasure request (see "Erasure" in the deliverability guide and
        :func:`~cadencekit.forget`, which picks a prospect's enrollments).

        Args:
            salt: the secret key of :func:`~cadencekit.pseudonym` (at least
                16 bytes): the prospect becomes ``pseudonym(prospect,
                salt=salt)``.
            keep: the names of facts that do not identify the person and
                stay (``["tier", "industry"]``); every other fact is left
                out, at the start and in each update (an update keeps the
                names it changed, not their values).

        What else is left out: each event's ``id`` (a message id can hold an
        address) and an engagement's ``what`` (free text). What stays: the
        cadence, the times, the kinds, steps, responses and call results,
        owner, account, calendars, holds and variants, so every rate of a
        report stays the same. The result is this enrollment's history
        folded again from what is kept, so it stores and reads back
        (:meth:`to_dict`, :meth:`from_dict`) as itself.

        Raises:
            CadenceError: when the history, folded without what is left out,
                would end or go otherwise (a rule reads a fact or an
                engagement's text): nothing is changed silently; keep the
                facts the rules read.

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 3)])
            >>> e = ck.Enrollment.start(c, "ada@acme.com", "2026-11-23T08:00:00+00:00",
            ...                         facts={"phone": "+1 212 555 0100", "tier": "A"})
            >>> e = e.apply(ck.Event.touch("2026-11-23T09:00:00+00:00", 0, id="<m1@acme.com>"))
            >>> gone = e.forget(salt=b"0123456789abcdef-kept-in-a-vault", keep=["tier"])
            >>> gone.prospect.startswith("forgotten:"), dict(gone.facts), gone.events[0].id
            (True, {'tier': 'A'}, None)
            >>> gone.status == e.status and gone.done == e.done
            True
        """
        name = pseudonym(self.prospect, salt=salt)
        kept = kept_names(keep)
        facts = {k: v for k, v in self._started_facts.items() if k in kept}
        fresh = self._started_as(name, facts or None)
        # the variants stay as assigned (they were drawn by the old id), the migration too
        fresh = fresh._with(migration=self._migration, assigned=self._assigned, planner=_Planner())
        events = [_scrubbed(event, kept) for event in self._events.view()]
        result = fresh._fold_in(events, self._clock)
        if _outcome(result) != _outcome(self):
            dropped = sorted(
                {*self._started_facts, *(k for e in self._events.view() for k in e.facts or ())}
                - kept
            )
            raise CadenceError(
                f"keep {sorted(kept)}: forgetting {self.prospect}'s enrollment in "
                f"{self.cadence.name!r} would change what happened to it: a rule reads "
                f"what forgetting leaves out (the facts {dropped}, or an engagement's "
                "text); keep the facts the rules read"
            )
        return result

    def migrate(
        self,
        cadence: Cadence,
        *,
        steps: Mapping[int, int] | None = None,
        rules: Iterable[Rule] | None = None,
    ) -> Enrollment:
        """This enrollment moved to ``cadence`` (an edited cadence): the history kept, the rest replanned.

        Every step the history names (done, skipped, opened, replied to)
        is mapped to a step of ``cadence``: by default the step at the same
        position when it has the same channel, else the one step of that
        channel no other step took. ``steps={old: new}`` says it yourself
        for any step. The events are renumbered and folded again in the new
        cadence, so the result is what :meth:`replay` of those events gives,
        with :attr:`migrated_from` saying what changed (it is stored by
        :meth:`to_dict`, and :meth:`explain` mentions it).

        No event is dropped. An event about a step a rule inserted goes to
        the step the new enrollment inserts at the same place (numbered
        after the new cadence's steps) when it is the same touchpoint, or
        where ``steps={old: new}`` says. Otherwise an event that can stand
        without a step (an opt-out, a reply, a meeting) is kept without
        one, and one about that step alone (a touch, an open, a skip) is
        refused, naming the step: say where it goes.

        ``rules`` are what events do in ``cadence``; without them the
        enrollment keeps its own, as they are. Rules are not renumbered: a
        rule that names a step by its number (``Silence(after_step=1)``,
        ``Match(step=1)``, ``JumpTo(2)``, ``Skip(steps=[3])``) reads that
        number in ``cadence``, so pass rules written for it when the
        numbers moved.

        Raises:
            InvalidFieldError: ``steps[3]``: a step that maps to none, or to
                a step another step took, or one of several candidates; an
                inserted step the new enrollment lacks, named by a touch;
                ``steps`` that is not a mapping.

        Example:
            >>> import cadencekit as ck
            >>> old = ck.Cadence("v1", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 3)])
            >>> new = ck.Cadence("v2", [ck.Touchpoint("email", 1), ck.Touchpoint("linkedin", 2),
            ...                         ck.Touchpoint("call", 4)])
            >>> e = ck.Enrollment.start(old, "p", "2026-11-23T08:00:00+00:00")
            >>> e = e.apply(ck.Event.touch("2026-11-23T09:00:00+00:00", 0)).migrate(new)
            >>> [(t.step, t.channel.value) for t in e.plan]
            [(1, 'linkedin'), (2, 'call')]
        """
        if not isinstance(cadence, Cadence):
            raise InvalidFieldError("cadence", cadence, "expected a Cadence")
        old = self.cadence
        if steps is not None and not isinstance(steps, Mapping):
            raise InvalidFieldError(
                "steps", steps, "expected a mapping of old step to new step, like {1: 2}"
            )
        given = {} if steps is None else dict(steps.items())
        for key, value in given.items():
            if type(key) is not int or not 0 <= key < len(self.steps):
                raise InvalidFieldError(
                    f"steps[{key!r}]",
                    key,
                    f"this enrollment has steps 0..{len(self.steps) - 1} "
                    f"({len(old)} in cadence {old.name!r})",
                )
            if type(value) is not int or not 0 <= value < len(cadence):
                raise InvalidFieldError(
                    f"steps[{key}]",
                    value,
                    f"cadence {cadence.name!r} has steps 0..{len(cadence) - 1}",
                )
        named = sorted({e.step for e in self.events if e.step is not None})
        own = [s for s in named if s < len(old)]  # the cadence's steps; the rest were inserted
        mapping: dict[int, int] = {}
        taken: dict[int, int] = {}
        for step in [
            *sorted(s for s in named if s in given),
            *(s for s in own if s not in given),
        ]:
            if step in given:
                target = given[step]
            else:
                channel = self.channel_used(step)
                if step < len(cadence) and cadence[step].channel is channel and step not in taken:
                    target = step
                else:
                    free = [
                        i
                        for i, tp in enumerate(cadence)
                        if tp.channel is channel and i not in taken
                    ]
                    if len(free) != 1:
                        found = "no free step" if not free else f"steps {free}"
                        raise InvalidFieldError(
                            f"steps[{step}]",
                            step,
                            f"step {step} ({channel.value}) of {old.name!r} could go to {found} "
                            f"of {cadence.name!r}; say where with steps={{{step}: ...}}",
                        )
                    target = free[0]
            if target in taken:
                raise InvalidFieldError(
                    f"steps[{step}]",
                    target,
                    f"step {taken[target]} already maps to step {target}; one step each",
                )
            mapping[step], taken[target] = target, step
        # A step a rule inserted, not mapped above, is the step the new enrollment inserts
        # at the same place (after the new cadence's steps), when it inserts the same one.
        shift = len(cadence) - len(old)
        renumbered: list[tuple[Event, int | None]] = []  # the event, and its inserted step
        for event in self.events:
            named_step = event.step
            if named_step is None:
                renumbered.append((event, None))
            elif named_step in mapping:
                renumbered.append((attrs.evolve(event, step=mapping[named_step]), None))
            else:
                renumbered.append((attrs.evolve(event, step=named_step + shift), named_step))
        renumbered.sort(key=lambda pair: Event.sort_key(pair[0]))
        fold = Fold(
            Enrollment.start(
                cadence,
                self.prospect,
                self.started,
                calendar=self.calendar,
                tz=self._zone,
                rules=self.rules if rules is None else rules,
                owner=self._started_team[0],
                account=self.account,
                rep_calendar=self._started_team[1],
                facts=self._started_facts,
            )
        )
        if self._clock is not None:
            fold.tick(self._clock)
        for event, inserted in renumbered:
            if inserted is not None:
                event = self._inserted_step(fold, event, inserted, cadence)
                if event.step is not None:
                    mapping[inserted] = event.step
            fold.apply(event)  # the history folded once already: it stays in years 1-9999
        record = Migration(old.name, len(old), tuple(sorted(mapping.items())))
        moved = _result(fold)
        assigned = dict(moved._assigned)  # the new cadence's steps, as a new prospect gets them
        for was, name in self._assigned:  # a prospect in flight keeps the variant it had
            experiment = old.touchpoints[was].experiment if was < len(old) else None
            targets = [mapping[was]] if was in mapping else []
            targets += [  # the same experiment in the new cadence: the same A/B test
                index
                for index, touchpoint in enumerate(cadence.touchpoints)
                if touchpoint.variants and touchpoint.experiment == experiment
            ]
            for target in targets:
                if target < len(cadence) and any(
                    variant.name == name for variant in cadence.touchpoints[target].variants
                ):
                    assigned[target] = name
                    break
        return moved._with(
            migration=record, assigned=tuple(sorted(assigned.items())), planner=_Planner()
        )

    def _inserted_step(
        self, fold: Fold[Enrollment], event: Event, inserted: int, cadence: Cadence
    ) -> Event:
        """``event``, about step ``inserted`` a rule inserted, as it reads in ``fold`` (migrate's).

        Its step is the one the new enrollment inserted at the same place when
        that is the same touchpoint; else the event is kept without a step
        when its kind can be (an opt-out, a reply: never lost), and refused
        naming the step when it cannot (a touch, an open, a skip).
        """
        at = fold.utc(event.at)
        if fold.timers:
            fold.fire(at)  # what a silence inserted by then is there (fold.apply does it too)
        step = event.step
        assert step is not None
        if step < len(fold.steps) and fold.steps[step] == self.steps[inserted]:
            return event
        try:
            return attrs.evolve(event, step=None)
        except InvalidFieldError:
            pass  # a touch, an open, a click, a bounce, a skip: about one step
        touchpoint = self.steps[inserted]
        raise InvalidFieldError(
            f"steps[{inserted}]",
            inserted,
            f"step {inserted} ({touchpoint.channel.value}) was inserted by a rule, and in "
            f"{cadence.name!r} under these rules no rule inserts it; a {event.kind.value} "
            f"needs a step: say where it goes with steps={{{inserted}: ...}}",
        )

    # -- reading the plan ------------------------------------------------------------
    @property
    def next_touch(self) -> ScheduledTouch | None:
        """The step due first, or None (ended, or paused until a resume).

        What :meth:`advance` would give if nothing else arrives: a timer that
        falls due before the planned touch (a silence that inserts a step,
        moves the prospect or ends the enrollment) is fired ahead, so
        ``e.next_touch`` is ``e.advance(t).next_touch`` for any ``t`` at or
        after its due time.

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("call", 2)])
            >>> ck.Enrollment.start(c, "p1", "2026-11-23T09:00:00+00:00").next_touch.due.date()
            datetime.date(2026, 11, 24)
        """
        first = self._first_planned()
        if not self._timers:
            return first
        # An armed timer that falls due first may change what comes next (a silence that
        # inserts a step, or moves, or ends): what advance() would do if nothing arrives.
        here = self
        for _ in range(_TIMER_LOOKAHEAD):
            if not here._timers:
                break
            # timers keep zone-tagged UTC instants (see _time.py): as a real local moment
            deadline = here._zone.fromutc(min(timer.deadline for timer in here._timers))
            if first is not None and first.due.astimezone(UTC) < deadline.astimezone(UTC):
                break
            later = here.advance(deadline)
            if later is here:
                break
            here = later
            first = here._first_planned()
        return first

    def _first_planned(self) -> ScheduledTouch | None:
        """The first touch of :attr:`plan` as it stands, no timer fired ahead."""
        return self._plan_cache().first(self.steps, self._zone)

    # -- A/B variants: fixed at the start from the prospect and the weights then ------
    def variant_of(self, step: int) -> Variant | None:
        """The A/B variant this prospect gets at ``step`` (None: the step has no variants).

        :meth:`Touchpoint.variant_for` of the prospect (a stable hash, the
        same on every machine and rerun) under the weights the cadence had
        when the enrollment started: the variant stays put whatever the
        weights become (:meth:`migrate` to a cadence with a rolled-out
        winner keeps prospects in flight on theirs; only new enrollments get
        the new weights). A touch recorded with a variant names it. Kept by
        :meth:`to_dict`. ``steps[step].with_variant(...)`` gives the touch as
        that variant says it.

        Example:
            >>> import cadencekit as ck
            >>> intro = ck.Touchpoint("email", 1, label="Intro", variants=[
            ...     ck.Variant("A"), ck.Variant("B", subject="Quick question")])
            >>> e = ck.Enrollment.start(ck.Cadence("c", [intro]), "bob", "2026-11-23")
            >>> e.variant_of(0).name
            'B'
        """
        index = self._step(step)
        touchpoint = self.steps[index]
        if touchpoint.variants:
            recorded = next(
                (e.variant for e in reversed(self.events) if e.step == index and e.variant), None
            )  # what the touch was sent as wins
            kept = recorded or dict(self._assigned).get(index)
            for variant in touchpoint.variants:
                if variant.name == kept:
                    return variant
        return touchpoint.variant_for(self.prospect)

    def touch_event(
        self,
        at: datetime | str,
        step: int | None = None,
        *,
        call_result: CallResult | str | None = None,
        channel: Channel | str | None = None,
        id: str | None = None,
    ) -> Event:
        """The touch event of ``step`` (None: the next touch) with this prospect's variant.

        The event carries the variant's name and, when the variant uses
        another channel, that channel (``channel=`` overrides it, for a
        step with alternatives). Apply it with :meth:`apply`.

        Example:
            >>> import cadencekit as ck
            >>> intro = ck.Touchpoint("email", 1, label="Intro", variants=[
            ...     ck.Variant("A"), ck.Variant("B", channel="linkedin")])
            >>> e = ck.Enrollment.start(ck.Cadence("c", [intro]), "bob", "2026-11-23")
            >>> e.touch_event("2026-11-23T09:00:00+00:00")
            Event('touch', '2026-11-23T09:00:00+00:00', step=0, variant='B', channel='linkedin')
        """
        if step is None:
            following = self._first_planned()
            if following is None:
                raise InvalidFieldError(
                    "step", None, "nothing is due (ended, or paused until a resume); name the step"
                )
            step = following.step
        step = self._step(step)
        variant = self.variant_of(step)
        if channel is None and variant is not None:
            own = self.steps[step].channel
            channel = None if variant.channel in (None, own) else variant.channel
        return Event.touch(
            at,
            step,
            call_result=call_result,
            variant=None if variant is None else variant.name,
            channel=channel,
            id=id,
        )

    def _step(self, step: object) -> int:
        if isinstance(step, bool) or not isinstance(step, int) or not 0 <= step < len(self.steps):
            raise InvalidFieldError(
                "step", step, f"expected a step of this enrollment, 0..{len(self.steps) - 1}"
            )
        return step

    def due(self, now: datetime | str) -> list[ScheduledTouch]:
        """The steps due at or before ``now`` (a rep's to-do list for this prospect).

        Timers due by ``now`` fire first (:meth:`advance`), so a silence that
        inserted a step shows it here; store ``advance(now)`` to keep it.

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 1)])
            >>> e = ck.Enrollment.start(c, "p1", "2026-11-23T09:00:00+00:00")
            >>> [t.step for t in e.due("2026-11-23T09:10:00+00:00")]
            [0]
        """
        try:
            moment = to_aware_datetime(now, "now").astimezone(UTC)  # instants, not wall clocks
        except OverflowError:  # its instant is before year 1 or after 9999
            raise DateRangeError("now", _shown(now), _OUT_OF_RANGE) from None
        return [touch for touch in self.advance(moment).plan if touch.due.astimezone(UTC) <= moment]

    def remaining(self) -> Schedule:
        """The rest of the plan as a :class:`~cadencekit.Schedule`, earliest first.

        Steps a rule inserted are numbered after the cadence's own.

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 2)])
            >>> e = ck.Enrollment.start(c, "p1", "2026-11-23T09:00:00+00:00")
            >>> len(e.apply(ck.Event.touch("2026-11-23T09:00:00+00:00", 0)).remaining())
            1
        """
        return self.plan

    def explain(self) -> Explanation:
        """Why the next touch is due when it is, or why the enrollment ended.

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 3)])
            >>> e = ck.Enrollment.start(c, "p", "2026-11-23T09:00:00+00:00")
            >>> print(e.apply(ck.Event.opt_out("2026-11-23T11:00:00+00:00")).explain())
            ended opted_out on Mon 23 Nov 2026 11:00 UTC: opt_out matched rule 'opt-out'
        """
        if self.status is _ENDED:
            return self._explain_end()
        following = self._first_planned()
        if following is None and self.moved_to is not None and self.moved_at is not None:
            return Explanation(
                self.status,
                f"paused until {moment_text(self.moved_at)}, then moves to {self.moved_to!r}: "
                "nothing is due",
                event=self.decisions[-1].event if self.decisions else None,
            )
        if following is None:
            holds = ", ".join(
                hold.source for hold in self._holds if hold.until is None or hold.classified
            )
            return Explanation(
                self.status,
                f"paused until a resume event ({holds}): nothing is due",
                event=self.decisions[-1].event if self.decisions else None,
            )
        fold = Fold(self)
        planned = next(p for p in fold.planned() if p.step == following.step)
        return self._explain_touch(following, planned)

    def _explain_end(self) -> Explanation:
        event, rule, reason = self.exit_event, self.exit_rule, self.exit_reason
        assert event is not None
        assert reason is not None
        assert self.ended_at is not None
        when = moment_text(self.ended_at.astimezone(self._zone))
        if rule is None and reason is ExitReason.OPTED_OUT:
            cause = "an opt-out always ends the enrollment, whatever the rules say"
        elif rule is None and reason is not ExitReason.COMPLETED:
            cause = f"{event.kind.value} event, no rule matched first"
        elif rule is None:
            last = max(self.done, key=lambda item: item[1], default=None)
            cause = "every step done or skipped"
            if last is not None:
                said = step_said(said_as(self.cadence.step_numbers, self.steps, last[0]))
                cause += (
                    f"; the last done, {said}, on {moment_text(last[1].astimezone(self._zone))}"
                )
        else:
            what = event.kind.value + (f" ({event.response.value})" if event.response else "")
            named = f"rule {rule.name!r}" if rule.name else f"rule [{rule.when}]"
            cause = f"{what} matched {named}"
        text = f"ended {reason.value} on {when}: {cause}"
        if self.moved_to is not None and self.moved_at is not None:
            text += f"; enrol in {self.moved_to!r} from {moment_text(self.moved_at)}"
        notes: tuple[str, ...] = ()
        if self._migration is not None:
            notes = (str(self._migration),)
            text += f"; {notes[0]}"
        return Explanation(self.status, text, event=event, rule=rule, notes=notes)

    def _explain_touch(self, touch: ScheduledTouch, planned: Planned) -> Explanation:
        zone = self._zone
        anchor = planned.anchor
        due = touch.due
        anchor_date = zone.fromutc(anchor.at).date()
        gap = max(touch.touchpoint.day - anchor.day, 0)
        unit = "business" if self.cadence.day_basis is DayBasis.BUSINESS else "calendar"
        if (
            not anchor.touched
            and touch.touchpoint.anchor is not None
            and touch.step < len(self.cadence)
        ):
            reason = anchor.what  # "30 days before renewal (Mon 15 Mar 2027)"
        elif not anchor.touched:
            began_at = zone.fromutc(anchor.at)
            if began_at.date() == anchor.unrolled:  # say the date once
                began = f"{anchor.what} at {began_at.strftime('%H:%M')} {began_at.tzname()}"
            else:
                began = f"{anchor.what} on {moment_text(began_at)}"
            day_one = f"Day 1, {date_text(anchor.unrolled)} ({began})"
            reason = (
                f"{gap} {unit} day{'s' if gap != 1 else ''} after {day_one}" if gap else day_one
            )
        elif gap:
            reason = f"{gap} {unit} day{'s' if gap != 1 else ''} after {anchor.what} on {date_text(anchor_date)}"
        elif touch.touchpoint.after is not None:
            reason = f"{duration_text(touch.touchpoint.after)} after {anchor.what} at {moment_text(zone.fromutc(anchor.at))}"
        else:
            reason = f"the same cadence day as {anchor.what} on {date_text(anchor_date)}, {self.cadence.spacing} later at the earliest"
        after = touch.touchpoint.after
        if after is not None and (gap or not anchor.touched) and touch.touchpoint.anchor is None:
            reason += f", and {duration_text(after)} after it at the earliest"
        if touch.touchpoint.at_time is not None:
            reason += f"; preferred time {time_text(touch.touchpoint.at_time)}"
        # Day 1 rolls off a holiday on the anchor's own date (a start, an event): say so too
        first = anchor_date if not anchor.touched else anchor_date + _ONE_DAY
        skipped = [
            (d, name)
            for d, name in self.calendar.holidays_between(first, due.date())
            if self.calendar.weekmask[d.weekday()] == "1"
        ]
        if not touch.touchpoint.automated and self.rep_calendar is not None:
            rep = self.rep_calendar
            skipped += [
                (d, f"{name} (rep)")
                for d, name in rep.holidays_between(first, due.date())
                if rep.weekmask[d.weekday()] == "1"
            ]
        skipped.sort()
        notes: list[str] = []
        if self._hold is not None and self._hold >= planned.earliest and self._hold > anchor.at:
            notes.append(f"held by a pause until {moment_text(zone.fromutc(self._hold))}")
        if self._timers:
            key, when = min(
                ((t.key, t.deadline) for t in self._timers), key=lambda item: (item[1], item[0])
            )
            notes.append(f"timer {key!r} fires {moment_text(zone.fromutc(when))}")
        if self._migration is not None:
            notes.append(str(self._migration))
        if due.date() > planned.nominal and len(notes) == (self._migration is not None):
            window = touch.touchpoint.window or self.cadence.window
            if after is not None and zone.fromutc(planned.earliest).date() >= planned.nominal:
                why = f"{duration_text(after)} after it is past the window {window} that day"
            else:
                why = f"window {window} full or closed that day"
            notes.append(f"moved from {date_text(planned.nominal)}: {why}")
        text = f"{step_text(self.step_number(touch.step))} ({touch.channel.value}) is due {moment_text(due)}"
        if self.tz:
            text += f" ({self.tz})"
        text += f": {reason}"
        if skipped:
            text += "; " + ", ".join(f"{date_text(d)} skipped: {name}" for d, name in skipped)
        if notes:
            text += "; " + "; ".join(notes)
        return Explanation(
            self.status,
            text,
            step=touch.step,
            channel=touch.channel,
            due=due,
            anchor=anchor.what,
            gap_days=gap,
            skipped=tuple(skipped),
            notes=tuple(notes),
        )

    # -- storage ---------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: what :meth:`replay` needs, the rules included.

        The rules travel with the enrollment, so :meth:`from_dict` restores
        an equal one without being handed them. The state (status, plan,
        ...) is not stored; it is folded again.

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1)])
            >>> e = ck.Enrollment.start(c, "p1", "2026-11-23T09:00:00-05:00", tz="America/New_York")
            >>> data = e.apply(ck.Event.touch("2026-11-23T09:00:00-05:00", 0)).to_dict()
            >>> data["prospect"], data["tz"], len(data["events"])
            ('p1', 'America/New_York', 1)
            >>> ck.Enrollment.from_dict(data) == e.apply(ck.Event.touch("2026-11-23T09:00:00-05:00", 0))
            True
        """
        if self.tz is None:
            raise InvalidFieldError(
                "tz", self._zone, "a zone without an IANA name cannot be stored; use an IANA name"
            )
        return {
            "version": 1,
            "cadence": self.cadence.to_dict(),
            "prospect": self.prospect,
            "started": self.started.isoformat(),
            "calendar": self.calendar.to_dict(),
            "tz": self.tz,
            "owner": self._started_team[0],
            "account": self.account,
            "rep_calendar": None
            if self._started_team[1] is None
            else self._started_team[1].to_dict(),
            "events": [event.to_dict() for event in self.events],
            "rules": [rule.to_dict() for rule in self.rules],
            **({} if not self._started_facts else {"facts": dict(self._started_facts)}),
            **(
                {}  # as a new enrollment of the cadence would get them: nothing to say
                if self._assigned == _assignments(self.cadence.touchpoints, self.prospect)
                else {"variants": {str(step): name for step, name in self._assigned}}
            ),
            **({} if self._migration is None else {"migrated_from": self._migration.to_dict()}),
            **(
                {} if self._clock is None else {"clock": self.zone.fromutc(self._clock).isoformat()}
            ),
        }

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, rules: Iterable[Rule] | None = None, path: str = ""
    ) -> Enrollment:
        """Rebuild an enrollment written by :meth:`to_dict`, replaying its events.

        The stored rules are used, unless ``rules`` is given (it overrides
        them); a dict without rules gets :func:`~cadencekit.default_rules`.
        Errors name the path inside ``data``: ``events[3].at`` for an event
        dated before the start, ``rules[1].then[0].reason`` for a bad rule.

        Example:
            >>> Enrollment.from_dict({"prospect": "p1"})
            Traceback (most recent call last):
            ...
            cadencekit.errors.SchemaError: cadence <missing>: required key is missing; expected a mapping
        """
        reader = Reader(data, path)
        reader.version()
        cadence_data = reader.child("cadence")
        assert cadence_data is not None
        cadence = Cadence.from_dict(cadence_data.data, path=cadence_data.path)
        calendar_data = reader.child("calendar", None)
        rep_data = reader.child("rep_calendar", None)
        events = [
            Event.from_dict(item.data, path=item.path) for item in reader.readers("events", [])
        ]
        if rules is None and reader.has("rules") and reader.data["rules"] is not None:
            rules = [Rule.from_dict(item.data, path=item.path) for item in reader.readers("rules")]
        prospect = reader.string("prospect")
        started = reader.iso_datetime("started")
        tz = reader.string("tz", "UTC")
        owner = reader.optional_str("owner")
        account = reader.optional_str("account")
        calendar = (
            _DEFAULT_CALENDAR
            if calendar_data is None
            else BusinessCalendar.from_dict(calendar_data.data, path=calendar_data.path)
        )
        rep = (
            None
            if rep_data is None
            else BusinessCalendar.from_dict(rep_data.data, path=rep_data.path)
        )
        clock = reader.iso_datetime("clock") if reader.has("clock") else None
        facts = reader.raw("facts", "expected a mapping of name to text", None)
        assigned = _read_assignments(
            reader.raw("variants", "expected a mapping of step to variant name", None),
            reader.at("variants"),
        )
        migrated = reader.child("migrated_from", None)
        migration = (
            None if migrated is None else Migration.from_dict(migrated.data, path=migrated.path)
        )
        reader.seen.add("rules")  # read above, or given as an argument instead
        reader.done()  # a misspelled key ("timezone") is an error, not a silent default
        try:
            replayed = cls.replay(
                cadence,
                prospect,
                started,
                events,
                calendar=calendar,
                tz=tz,
                rules=rules,
                owner=owner,
                account=account,
                rep_calendar=rep,
                facts=facts,  # type: ignore[arg-type]  # checked by start: errors name facts
            )
            if clock is not None:
                replayed = replayed._fold_in([], _time.start_instant(clock, replayed._zone))
            if assigned is not None:
                replayed = replayed._with(assigned=assigned, planner=_Planner())
            if migration is None:
                return replayed
            return replayed._with(migration=migration, planner=_Planner())
        except SchemaError:
            raise
        except InvalidFieldError as error:
            culprit = event_of(error)
            if culprit is not None:
                index = next(i for i, event in enumerate(events) if event == culprit)
                raise SchemaError(
                    reader.at(f"events[{index}].{error.field}"), error.value, error.expected
                ) from None
            raise SchemaError(reader.at(error.field), error.value, error.expected) from None

    def to_records(self) -> list[dict[str, object]]:
        """One plain dict per event applied, with what it did, for ``pandas.DataFrame``.

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("email", 3)])
            >>> e = ck.Enrollment.start(c, "p1", "2026-11-23T09:00:00+00:00")
            >>> e = e.apply(ck.Event.reply("2026-11-23T10:00:00+00:00", "no"))
            >>> record = e.to_records()[0]
            >>> record["kind"], record["response"], record["rule"], record["effect"]
            ('reply', 'no', 'no', 'end (declined)')
        """
        return [
            {
                "prospect": self.prospect,
                "cadence": self.cadence.name,
                "at": decision.event.at,
                "kind": decision.event.kind.value,
                "step": decision.event.step,
                "response": decision.event.response.value if decision.event.response else None,
                "call_result": (
                    decision.event.call_result.value if decision.event.call_result else None
                ),
                "rule": decision.rule.name if decision.rule is not None else None,
                "effect": decision.effect,
            }
            for decision in self.decisions
        ]

    def _repr_html_(self, *, decisions: int = 5) -> str:
        """Status, next touch, the plan as a table and the last decisions, for notebooks.

        Every text is escaped, so a prospect id or a label shows as written.

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1, label="<b>Hi</b>")])
            >>> html = ck.Enrollment.start(c, "ada@example.com", "2026-11-23T09:00:00+00:00")._repr_html_()
            >>> "&lt;b&gt;Hi&lt;/b&gt;" in html, "<b>Hi" in html
            (True, False)
        """
        from html import escape  # only notebooks need it; keeps the import light

        state = self.status.value
        if self.exit_reason is not None:
            state += f" ({self.exit_reason.value})"
        lines = [
            f"<strong>{escape(self.prospect)}</strong> in "
            f"<strong>{escape(self.cadence.name)}</strong>: {escape(state)}, "
            f"{len(self.done)}/{len(self.steps)} steps done"
        ]
        following = self.next_touch
        if following is not None:
            lines.append(f"Next: {escape(str(following))}")
        elif self.status is _PAUSED:
            lines.append("Paused until a resume event: nothing is due")
        if self.paused_until is not None:
            until = moment_text(self.paused_until.astimezone(self._zone))
            lines.append(f"Paused until {escape(until)}")
        if self.moved_to is not None and self.moved_at is not None:
            moved = f"Enrol in {self.moved_to!r} from {moment_text(self.moved_at)}"
            lines.append(escape(moved))
        parts = ["<div>", "<p>" + "<br>".join(lines) + "</p>"]
        if self.plan:
            parts.append(self.remaining()._repr_html_())
        recent = self.decisions[-decisions:] if decisions > 0 else ()
        if recent:
            first = len(self.decisions) - len(recent) + 1
            parts.append(
                f'<p>Last {len(recent)} of {len(self.decisions)} decisions:</p><ol start="{first}">'
            )
            parts.extend(f"<li>{escape(str(decision))}</li>" for decision in recent)
            parts.append("</ol>")
        parts.append("</div>")
        return "".join(parts)

    def __repr__(self) -> str:
        state = self.status.value
        if self.exit_reason is not None:
            state += f" ({self.exit_reason.value})"
        following = self.next_touch
        nxt = (
            f", next {step_text(self.step_number(following.step))} {following.due.isoformat()}"
            if following
            else ""
        )
        names = list(itertools.islice(self.facts, 3))
        known = ""
        if names:  # the names only, a few: the values may be long (notes) or personal
            more = len(self.facts) - 3
            known = ", facts " + ", ".join(names) + (f" and {more} more" if more > 0 else "")
        return (
            f"Enrollment({self.prospect!r} in {self.cadence.name!r}: {state}, "
            f"{len(self.done)}/{len(self.steps)} steps done{nxt}{known})"
        )
