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
- A pause (a ``pause`` event or a rule's :class:`Pause`) holds every step
  until it ends; then the next step is due at the first open slot and the
  rest keep their gaps after it.
- Manual touches (call, voicemail, LinkedIn, meeting, task) land on a day
  that is a business day for the rep too (``rep_calendar``, merged with the
  prospect's); automatic emails only need the prospect's calendar.
- Events with an ``id`` already applied are ignored; an event older than
  the last one applied is put in its place in time and the whole history is
  folded again; events after the end are kept and change nothing.

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

import enum
import functools
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any, Final

import attrs

from . import _time
from ._convert import Reader, to_aware_datetime, to_list, to_optional_text, to_text
from ._text import date_text, moment_text
from .cadence import Cadence, DayBasis, Touchpoint
from .calendar import BusinessCalendar, Window
from .channels import Channel
from .errors import CheckedEnum, InvalidFieldError, SchemaError
from .events import Event, EventKind
from .rules import (
    INITIAL_STAGE,
    End,
    ExitReason,
    Insert,
    JumpTo,
    MoveTo,
    Pause,
    Resume,
    Rule,
    default_rules,
    first_match,
)
from .scheduling import Schedule, ScheduledTouch

__all__ = [
    "Decision",
    "Enrollment",
    "Explanation",
    "Status",
]

_ONE_DAY: Final = timedelta(days=1)
_NO_TIME: Final = timedelta(0)
_MIDNIGHT: Final = time(0)
_DEFAULT_CALENDAR: Final = BusinessCalendar()


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

    def __str__(self) -> str:
        event = self.event
        what = event.kind.value
        if event.response is not None:
            what += f" ({event.response.value})"
        if event.step is not None:
            what += f" on step {event.step}"
        rule = f"rule {self.rule.name!r} -> " if self.rule and self.rule.name else ""
        if self.rule is not None and not self.rule.name:
            rule = f"rule [{self.rule.when}] -> "
        return f"{event.at.isoformat()} {what}: {rule}{self.effect}"


@attrs.frozen
class _Anchor:
    """What the next step of a track counts its day gap from."""

    at: datetime  # an instant (zone-tagged UTC): when the step before was done, or the track began
    unrolled: date  # its local date, before any roll forward (calendar day basis)
    day: int  # its cadence day; a track's origin is day 1
    touched: bool  # True after a real step: ``spacing`` applies
    what: str  # for explain(): "step 2 was done", "the enrollment started"


@attrs.frozen
class _Track:
    """A chain of steps, each due its day gap after the one before."""

    anchor: _Anchor
    pending: tuple[int, ...]


@attrs.frozen
class _Planned:
    """One pending step with its due time and how it was reached (for explain)."""

    step: int
    due: datetime  # aware, local
    anchor: _Anchor
    nominal: date
    earliest: datetime  # an instant: the earliest moment allowed before the window rules


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
        step 1 (call) is due Fri 27 Nov 2026 09:00 EST (America/New_York): 2 business days after step 0 was done on Tue 24 Nov 2026; Thu 26 Nov 2026 skipped: Thanksgiving Day
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


def _calendar(value: object, field: str) -> BusinessCalendar:
    if isinstance(value, BusinessCalendar):
        return value
    raise InvalidFieldError(field, value, "expected a BusinessCalendar")


@functools.lru_cache(maxsize=64)
def _merged(calendar: BusinessCalendar, rep: BusinessCalendar) -> BusinessCalendar:
    """The days both are open (cached: merging builds a calendar and its tables)."""
    return calendar.merge(rep)


class _Fold:
    """The mutable state of one fold over events; :class:`Enrollment` freezes it."""

    def __init__(self, base: Enrollment) -> None:
        self.base = base
        self.zone = base._zone
        self.events = list(base.events)
        self.ids: set[str] = {event.id for event in base.events if event.id is not None}
        self.status = base.status
        self.exit_reason = base.exit_reason
        self.ended_at = base.ended_at
        self.exit_event = base.exit_event
        self.exit_rule = base.exit_rule
        self.moved_to = base.moved_to
        self.moved_at = base.moved_at
        self.stage = base.stage
        self.steps = list(base.steps)
        self.done = dict(base.done)
        self.skipped = list(base.skipped)
        self.paused_until = base.paused_until
        self.hold = base._hold
        self.tracks = list(base._tracks)
        self.decisions = list(base.decisions)

    # -- helpers -----------------------------------------------------------------
    def utc(self, moment: datetime) -> datetime:
        """An aware moment as an instant (zone-tagged UTC, see schedule.py)."""
        return _time.start_instant(moment, self.zone)

    def local_date(self, instant: datetime) -> date:
        return self.zone.fromutc(instant).date()

    def midnight(self, d: date) -> datetime:
        return _time.instant(datetime(d.year, d.month, d.day), self.zone)

    def window(self, touchpoint: Touchpoint) -> Window:
        return touchpoint.window or self.base.cadence.window

    def origin(self, at: datetime, first: Touchpoint, what: str) -> _Anchor:
        """A new track's anchor: Day 1 is the first open slot at or after ``at``."""
        window = self.window(first)
        _, local = _time.settle_in(at, window, _landing(self.base, first), self.zone)
        return _Anchor(at, local.date(), 1, False, what)

    def track_of(self, step: int) -> int | None:
        for index, track in enumerate(self.tracks):
            if step in track.pending:
                return index
        return None

    # -- applying one event ------------------------------------------------------
    def apply(self, event: Event) -> None:
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
        self.events.append(event)
        if event.id is not None:
            self.ids.add(event.id)
        if self.status is Status.ENDED:
            self.decisions.append(Decision(event, None, "after the end: recorded, no effect"))
            return
        at = self.utc(event.at)
        paused_until = self.paused_until
        if self.status is Status.PAUSED and paused_until and at >= self.utc(paused_until):
            self.status, self.paused_until = Status.ACTIVE, None
        effects = self.builtin(event, at)
        channel = self.steps[event.step].channel if event.step is not None else None
        rule = first_match(base.rules, event, channel=channel, stage=self.stage)
        if rule is not None:
            effects.append(self.act(rule, event, at))
            if rule.stage is not None:
                self.stage = rule.stage
                effects.append(f"stage {rule.stage!r}")
        if event.kind is EventKind.STOP and self.status is not Status.ENDED:
            self.end(ExitReason.MANUAL, event, None, at)
            effects.append("stopped by the host")
        if self.status is not Status.ENDED and not any(t.pending for t in self.tracks):
            self.end(ExitReason.COMPLETED, event, None, at)
            effects.append("every step done: completed")
        self.decisions.append(Decision(event, rule, "; ".join(effects) or "recorded"))

    def builtin(self, event: Event, at: datetime) -> list[str]:
        kind = event.kind
        if kind in (EventKind.TOUCH, EventKind.SKIP) and event.step is not None:
            step = event.step
            verb = "done" if kind is EventKind.TOUCH else "skipped"
            if kind is EventKind.TOUCH:
                self.done.setdefault(step, event.at)
            elif step not in self.skipped:
                self.skipped.append(step)
            index = self.track_of(step)
            if index is None:
                return [f"step {step} {verb} again (not pending)"]
            track = self.tracks[index]
            pending = tuple(s for s in track.pending if s != step)
            anchor = track.anchor
            if track.pending[0] == step:
                touchpoint = self.steps[step]
                anchor = _Anchor(
                    at,
                    self.local_date(at),
                    touchpoint.day,
                    True,
                    f"step {step} was {verb}",
                )
            self.tracks[index] = _Track(anchor, pending)
            return [f"step {step} {verb}"]
        if kind is EventKind.PAUSE:
            self.pause(self.until(event.until), at)
            return [
                "paused" + (f" until {self.paused_until.isoformat()}" if self.paused_until else "")
            ]
        if kind is EventKind.RESUME:
            self.resume(at)
            return ["resumed"]
        return []

    def until(self, value: datetime | date | None) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, datetime):
            return self.utc(value)
        return self.midnight(value)

    def pause(self, until: datetime | None, at: datetime) -> None:
        if until is not None and until <= at:
            self.resume(at)
            return
        self.status = Status.PAUSED
        self.paused_until = None if until is None else self.zone.fromutc(until)
        self.hold = until

    def resume(self, at: datetime) -> None:
        self.status, self.paused_until = Status.ACTIVE, None
        self.hold = max(self.hold, at) if self.hold is not None else at

    def end(self, reason: ExitReason, event: Event, rule: Rule | None, at: datetime) -> None:
        self.status, self.exit_reason = Status.ENDED, reason
        self.ended_at, self.exit_event, self.exit_rule = event.at, event, rule
        self.paused_until = None
        self.tracks = [_Track(track.anchor, ()) for track in self.tracks]

    def business_days_later(self, at: datetime, days: int) -> datetime:
        d = self.base.calendar.add_business_days(self.local_date(at), days)
        return self.midnight(d)

    def act(self, rule: Rule, event: Event, at: datetime) -> str:
        action = rule.then
        if isinstance(action, End):
            self.end(action.reason, event, rule, at)
        elif isinstance(action, Pause):
            until = self.until(event.until)
            if until is None and action.business_days is not None:
                until = self.business_days_later(at, action.business_days)
            self.pause(until, at)
        elif isinstance(action, Resume):
            self.resume(at)
        elif isinstance(action, JumpTo):
            self.jump(action, rule, at)
        elif isinstance(action, Insert):
            self.insert(action, at, event)
        elif isinstance(action, MoveTo):
            self.end(ExitReason.MOVED, event, rule, at)
            self.moved_to = action.cadence
            later = self.business_days_later(at, action.after_business_days)
            self.moved_at = self.zone.fromutc(later if action.after_business_days else at)
        return str(action)

    def jump(self, action: JumpTo, rule: Rule, at: datetime) -> None:
        cadence = self.base.cadence
        if action.step >= len(cadence):
            raise InvalidFieldError(
                "JumpTo.step",
                action.step,
                f"rule {rule.name or str(rule.when)!r} jumps past cadence {cadence.name!r}, "
                f"which has steps 0..{len(cadence) - 1}",
            )
        steps = range(action.step, len(cadence))
        self.tracks = [  # the cadence's own steps still to do are replaced
            _Track(t.anchor, tuple(s for s in t.pending if s >= len(cadence))) for t in self.tracks
        ]
        day = cadence[action.step - 1].day if action.step else cadence[0].day
        anchor = _Anchor(at, self.local_date(at), day, True, f"the jump to step {action.step}")
        self.tracks.append(_Track(anchor, tuple(steps)))

    def insert(self, action: Insert, at: datetime, event: Event) -> None:
        first = len(self.steps)
        self.steps.extend(action.touchpoints)
        if action.replace:
            self.tracks = [_Track(track.anchor, ()) for track in self.tracks]
        what = f"the {event.kind.value} on {date_text(self.local_date(at))}"
        anchor = self.origin(at, action.touchpoints[0], what)
        self.tracks.append(_Track(anchor, tuple(range(first, len(self.steps)))))

    # -- the plan ----------------------------------------------------------------
    def planned(self) -> list[_Planned]:
        if self.status is Status.ENDED or (self.status is Status.PAUSED and self.hold is None):
            return []
        return _plan(self.base, self.tracks, self.steps, self.hold)

    def freeze(self) -> Enrollment:
        base = self.base
        unchanged = (  # an open, a click, a quiet reply: the plan stands as it was
            self.status is base.status
            and self.hold == base._hold
            and len(self.steps) == len(base.steps)
            and tuple(self.tracks) == base._tracks
        )
        if unchanged and base._tracks:
            plan = base.plan
        else:
            planned = self.planned()
            planned.sort(key=lambda p: (p.due, p.step))
            plan = tuple(
                ScheduledTouch._trusted(p.step, self.steps[p.step], p.due) for p in planned
            )
        return attrs.evolve(
            self.base,
            events=tuple(self.events),
            status=self.status,
            exit_reason=self.exit_reason,
            ended_at=self.ended_at,
            exit_event=self.exit_event,
            exit_rule=self.exit_rule,
            moved_to=self.moved_to,
            moved_at=self.moved_at,
            stage=self.stage,
            steps=tuple(self.steps),
            done=tuple(sorted(self.done.items())),
            skipped=tuple(self.skipped),
            paused_until=self.paused_until,
            plan=plan,
            decisions=tuple(self.decisions),
            hold=self.hold,
            tracks=tuple(self.tracks),
        )


def _landing(base: Enrollment, touchpoint: Touchpoint) -> BusinessCalendar:
    """The days a touch may land on: manual work waits for the rep's days off too."""
    return base._manual_calendar if touchpoint.channel.is_manual else base.calendar


def _plan(
    base: Enrollment, tracks: Sequence[_Track], steps: Sequence[Touchpoint], hold: datetime | None
) -> list[_Planned]:
    """Each pending step's due time: its day gap after the step before, then the window rules."""
    cadence = base.cadence
    calendar = base.calendar
    zone = base._zone
    spacing = cadence.spacing
    business = cadence.day_basis is DayBasis.BUSINESS
    planned: list[_Planned] = []
    for track in tracks:
        anchor = track.anchor
        for step in track.pending:
            touchpoint = steps[step]
            gap = max(touchpoint.day - anchor.day, 0)
            unrolled = _time.unrolled_day(calendar, anchor.unrolled, gap, business)
            nominal = unrolled if business else calendar.roll_forward(unrolled)
            window = touchpoint.window or cadence.window
            earliest = anchor.at + (spacing if anchor.touched else _NO_TIME)
            opens = _time.first_opening(nominal, window) or _MIDNIGHT
            opening = _time.instant(datetime.combine(nominal, opens), zone)
            held = hold is not None and hold > earliest and hold > opening
            if held:
                assert hold is not None
                earliest = hold
            landing = _landing(base, touchpoint)
            instant, due = _time.settle_in(max(opening, earliest), window, landing, zone)
            planned.append(_Planned(step, due, anchor, nominal, earliest))
            if held:  # a pause shifts the rest: they keep their gaps after this one
                unrolled = due.date()
            anchor = _Anchor(
                instant,
                unrolled,
                touchpoint.day,
                True,
                f"step {step} (not yet done)",
            )
    return planned


@attrs.frozen(repr=False)
class Enrollment:
    """One prospect in one cadence: what was done, what happened, what is next.

    Build one with :meth:`start` (or :meth:`replay` for a stored history) and
    move it on with :meth:`apply`; never construct it directly. Every
    attribute is derived from the arguments of :meth:`start` and
    ``events``, so two enrollments with the same history are equal.

    Attributes:
        cadence, prospect, owner, account, calendar, rep_calendar, tz, rules:
            as given to :meth:`start`.
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
        plan: the steps still to do with their due times, earliest first.
        decisions: one :class:`Decision` per event applied.

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
    events: tuple[Event, ...]
    status: Status
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
    paused_until: datetime | None
    plan: tuple[ScheduledTouch, ...]
    decisions: tuple[Decision, ...]
    _hold: datetime | None = attrs.field(alias="hold")
    _tracks: tuple[_Track, ...] = attrs.field(alias="tracks")
    _zone: tzinfo = attrs.field(alias="zone", eq=False)
    _manual_calendar: BusinessCalendar = attrs.field(alias="manual_calendar", eq=False)

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
        calendar: BusinessCalendar = _DEFAULT_CALENDAR,
        tz: str | tzinfo = "UTC",
        rules: Iterable[Rule] | None = None,
        owner: str | None = None,
        account: str | None = None,
        rep_calendar: BusinessCalendar | None = None,
    ) -> Enrollment:
        """Enrol ``prospect`` in ``cadence`` at ``at``: the plan is :func:`schedule`'s.

        Args:
            cadence: the cadence to run.
            prospect: the host's id for the prospect (an email, a CRM id).
            at: when they are enrolled; read as :func:`schedule` reads ``start``.
            calendar: the prospect's business days.
            tz: the prospect's zone (IANA name or tzinfo).
            rules: what events do, first match wins (:func:`default_rules`).
            owner: the rep who owns the prospect, for planning.
            account: the prospect's company, for account-level rules.
            rep_calendar: the rep's days off: manual touches (calls,
                voicemails, LinkedIn, meetings, tasks) land only on days open
                in both calendars; emails need only the prospect's.

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
        begin = _time.start_instant(at, zone)
        started = zone.fromutc(begin)
        base = cls(
            cadence,
            name,
            started,
            calendar,
            key,
            default_rules() if rules is None else tuple(to_list(rules, Rule, "rules")),
            to_optional_text(owner, "owner"),
            to_optional_text(account, "account"),
            rep,
            events=(),
            status=Status.ACTIVE,
            exit_reason=None,
            ended_at=None,
            exit_event=None,
            exit_rule=None,
            moved_to=None,
            moved_at=None,
            stage=INITIAL_STAGE,
            steps=cadence.touchpoints,
            done=(),
            skipped=(),
            paused_until=None,
            plan=(),
            decisions=(),
            hold=None,
            tracks=(),
            zone=zone,
            manual_calendar=calendar if rep is None else _merged(calendar, rep),
        )
        fold = _Fold(base)
        fold.tracks = [
            _Track(
                fold.origin(begin, cadence.touchpoints[0], "the enrollment started"),
                tuple(range(len(cadence))),
            )
        ]
        return fold.freeze()

    @classmethod
    def replay(
        cls,
        cadence: Cadence,
        prospect: str,
        at: datetime | date | str,
        events: Iterable[Event],
        *,
        calendar: BusinessCalendar = _DEFAULT_CALENDAR,
        tz: str | tzinfo = "UTC",
        rules: Iterable[Rule] | None = None,
        owner: str | None = None,
        account: str | None = None,
        rep_calendar: BusinessCalendar | None = None,
    ) -> Enrollment:
        """Start, then apply ``events`` in time order (duplicated ids once).

        The same events give an equal enrollment whatever order they come in.

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
        )
        return base._fold_in(to_list(events, Event, "events"))

    def _fold_in(self, events: Sequence[Event]) -> Enrollment:
        fold = _Fold(self)
        for event in sorted(_first_of_each_id(events, fold.ids), key=Event.sort_key):
            fold.apply(event)
        return fold.freeze()

    def apply(self, event: Event) -> Enrollment:
        """This enrollment with ``event`` applied: a new value.

        An event whose ``id`` was applied before is ignored. An event older
        than the last one applied is put in its place and the history folded
        again, so nothing is lost to late delivery.

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
        if event.id is not None and any(e.id == event.id for e in self.events):
            return self
        if not self.events or Event.sort_key(event) >= Event.sort_key(self.events[-1]):
            fold = _Fold(self)
            fold.apply(event)
            return fold.freeze()
        return self.restart()._fold_in([*self.events, event])

    def restart(self) -> Enrollment:
        """The enrollment as it was at the start, before any event.

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1)])
            >>> e = ck.Enrollment.start(c, "p1", "2026-11-23T09:00:00+00:00")
            >>> e.apply(ck.Event.touch("2026-11-23T09:00:00+00:00", 0)).restart() == e
            True
        """
        return Enrollment.start(
            self.cadence,
            self.prospect,
            self.started,
            calendar=self.calendar,
            tz=self._zone,
            rules=self.rules,
            owner=self.owner,
            account=self.account,
            rep_calendar=self.rep_calendar,
        )

    # -- reading the plan ------------------------------------------------------------
    @property
    def next_touch(self) -> ScheduledTouch | None:
        """The step due first, or None (ended, or paused until a resume).

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("call", 2)])
            >>> ck.Enrollment.start(c, "p1", "2026-11-23T09:00:00+00:00").next_touch.due.date()
            datetime.date(2026, 11, 24)
        """
        return self.plan[0] if self.plan else None

    def due(self, now: datetime | str) -> list[ScheduledTouch]:
        """The steps due at or before ``now`` (a rep's to-do list for this prospect).

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 1)])
            >>> e = ck.Enrollment.start(c, "p1", "2026-11-23T09:00:00+00:00")
            >>> [t.step for t in e.due("2026-11-23T09:10:00+00:00")]
            [0]
        """
        moment = to_aware_datetime(now, "now")
        return [touch for touch in self.plan if touch.due <= moment]

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
        plan = Schedule._trusted(self.cadence, self.started, self.tz, self.plan)
        return plan

    def explain(self) -> Explanation:
        """Why the next touch is due when it is, or why the enrollment ended.

        Example:
            >>> import cadencekit as ck
            >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 3)])
            >>> e = ck.Enrollment.start(c, "p", "2026-11-23T09:00:00+00:00")
            >>> print(e.apply(ck.Event.opt_out("2026-11-23T11:00:00+00:00")).explain())
            ended opted_out on Mon 23 Nov 2026 11:00 UTC: opt_out matched rule 'opt-out'
        """
        if self.status is Status.ENDED:
            return self._explain_end()
        following = self.next_touch
        if following is None:
            return Explanation(
                self.status,
                "paused until a resume event: nothing is due",
                event=self.decisions[-1].event if self.decisions else None,
            )
        fold = _Fold(self)
        planned = next(p for p in fold.planned() if p.step == following.step)
        return self._explain_touch(following, planned)

    def _explain_end(self) -> Explanation:
        event, rule, reason = self.exit_event, self.exit_rule, self.exit_reason
        assert event is not None
        assert reason is not None
        assert self.ended_at is not None
        when = moment_text(self.ended_at.astimezone(self._zone))
        if rule is None and reason is not ExitReason.COMPLETED:
            cause = f"{event.kind.value} event, no rule matched first"
        elif rule is None:
            last = max(self.done, key=lambda item: item[1], default=None)
            cause = "every step done or skipped"
            if last is not None:
                cause += f"; the last done, step {last[0]}, on {moment_text(last[1].astimezone(self._zone))}"
        else:
            what = event.kind.value + (f" ({event.response.value})" if event.response else "")
            named = f"rule {rule.name!r}" if rule.name else f"rule [{rule.when}]"
            cause = f"{what} matched {named}"
        text = f"ended {reason.value} on {when}: {cause}"
        if self.moved_to is not None and self.moved_at is not None:
            text += f"; enrol in {self.moved_to!r} from {moment_text(self.moved_at)}"
        return Explanation(self.status, text, event=event, rule=rule)

    def _explain_touch(self, touch: ScheduledTouch, planned: _Planned) -> Explanation:
        zone = self._zone
        anchor = planned.anchor
        due = touch.due
        anchor_date = zone.fromutc(anchor.at).date()
        gap = max(touch.touchpoint.day - anchor.day, 0)
        unit = "business" if self.cadence.day_basis is DayBasis.BUSINESS else "calendar"
        if not anchor.touched:
            began = f"{anchor.what} {moment_text(zone.fromutc(anchor.at))}"
            day_one = f"Day 1, {date_text(anchor.unrolled)} ({began})"
            reason = (
                f"{gap} {unit} day{'s' if gap != 1 else ''} after {day_one}" if gap else day_one
            )
        elif gap:
            reason = f"{gap} {unit} day{'s' if gap != 1 else ''} after {anchor.what} on {date_text(anchor_date)}"
        else:
            reason = f"the same cadence day as {anchor.what} on {date_text(anchor_date)}, {self.cadence.spacing} later at the earliest"
        skipped = [
            (d, name)
            for d, name in self.calendar.holidays_between(anchor_date + _ONE_DAY, due.date())
            if self.calendar.weekmask[d.weekday()] == "1"
        ]
        if touch.touchpoint.channel.is_manual and self.rep_calendar is not None:
            rep = self.rep_calendar
            skipped += [
                (d, f"{name} (rep)")
                for d, name in rep.holidays_between(anchor_date + _ONE_DAY, due.date())
                if rep.weekmask[d.weekday()] == "1"
            ]
        skipped.sort()
        notes: list[str] = []
        if self._hold is not None and self._hold >= planned.earliest and self._hold > anchor.at:
            notes.append(f"held by a pause until {moment_text(zone.fromutc(self._hold))}")
        if due.date() > planned.nominal and not notes:  # a pause explains the move itself
            notes.append(
                f"moved from {date_text(planned.nominal)}: window {touch.touchpoint.window or self.cadence.window} full or closed that day"
            )
        text = f"step {touch.step} ({touch.channel.value}) is due {moment_text(due)}"
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
        """A JSON-ready dict: what :meth:`replay` needs, rules excepted.

        Rules are code the host owns: pass the same ones to :meth:`from_dict`.
        The state (status, plan, ...) is not stored; it is folded again.

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
            "owner": self.owner,
            "account": self.account,
            "rep_calendar": None if self.rep_calendar is None else self.rep_calendar.to_dict(),
            "events": [event.to_dict() for event in self.events],
        }

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, rules: Iterable[Rule] | None = None, path: str = ""
    ) -> Enrollment:
        """Rebuild an enrollment written by :meth:`to_dict`, replaying its events.

        Errors name the path inside ``data`` (``events[3].at``).

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
        try:
            return cls.replay(
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
            )
        except SchemaError:
            raise
        except InvalidFieldError as error:
            field = {"at": "started"}.get(error.field, error.field)
            raise SchemaError(reader.at(field), error.value, error.expected) from None

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
        elif self.status is Status.PAUSED:
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
        nxt = f", next step {following.step} {following.due.isoformat()}" if following else ""
        return (
            f"Enrollment({self.prospect!r} in {self.cadence.name!r}: {state}, "
            f"{len(self.done)}/{len(self.steps)} steps done{nxt})"
        )


def _first_of_each_id(events: Iterable[Event], seen: set[str]) -> list[Event]:
    """The events whose id is new, the first delivered of each id kept."""
    kept = []
    seen = set(seen)  # a copy: the caller's set stays as it was
    for event in events:
        if event.id is not None:
            if event.id in seen:
                continue
            seen.add(event.id)
        kept.append(event)
    return kept
