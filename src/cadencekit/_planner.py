"""An enrollment's plan: each pending step's due time, worked out from its tracks (private).

A track is a chain of steps, each due its day gap (in the cadence's day
basis) after the one before was done, at the first open slot of its window
on a day its calendar is open; a pause's hold pushes the rest. The plan is
kept compact (:class:`PlanCache`) and reused after an event where it can.
"""

from __future__ import annotations

import functools
import itertools
from array import array
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Final, NamedTuple

import attrs

from . import _time
from .cadence import Cadence, DayBasis, Touchpoint
from .calendar import BusinessCalendar
from .errors import DateRangeError
from .scheduling import ScheduledTouch

__all__ = [
    "Anchor",
    "Days",
    "Entry",
    "PlanCache",
    "Planned",
    "Track",
    "from_micros",
    "instant_of",
    "origins",
    "plan",
    "plan_track",
    "replan",
]

_MIDNIGHT: Final = time(0)


class Days(NamedTuple):
    """Where an enrollment's touches may land: its cadence, the prospect's and the rep's days, its zone."""

    cadence: Cadence
    calendar: BusinessCalendar  # automated touches: the prospect's days
    manual: BusinessCalendar  # manual touches: the prospect's and the rep's
    zone: tzinfo


class Anchor(NamedTuple):
    """What the next step of a track counts its day gap from."""

    at: datetime  # an instant (zone-tagged UTC): when the step before was done, or the track began
    unrolled: date  # its local date, before any roll forward (calendar day basis)
    day: int  # its cadence day; a track's origin is day 1
    touched: bool  # True after a real step: ``spacing`` applies
    what: str  # for explain(): "step 2 was done", "the enrollment started"


class Track(NamedTuple):
    """A chain of steps, each due its day gap after the one before."""

    anchor: Anchor
    pending: tuple[int, ...]


@attrs.frozen
class Planned:
    """One pending step with its due time and how it was reached (for explain)."""

    step: int
    due: datetime  # aware, local
    anchor: Anchor
    nominal: date
    earliest: datetime  # an instant: the earliest moment allowed before the window rules


def origins(zone: tzinfo) -> tuple[datetime, datetime]:
    """One instant two ways: zone-tagged UTC (see _time.py) and plain UTC.

    The first carries ``zone`` itself, not a zone equal to it: instants
    made from it go to ``zone.fromutc``, which refuses any other object
    (two ``timezone(timedelta(hours=2))`` are equal, and the cache below
    would hand one the other's origin).
    """
    found = _origins(zone)
    if found[0].tzinfo is zone:
        return found
    return datetime(2000, 1, 1, tzinfo=zone), found[1]


@functools.lru_cache(maxsize=256)
def _origins(zone: tzinfo) -> tuple[datetime, datetime]:
    """:func:`origins`, kept for 256 zones (by equality: ``origins`` checks identity)."""
    return datetime(2000, 1, 1, tzinfo=zone), datetime(2000, 1, 1, tzinfo=UTC)


# One planned step: (step, instant, touch, unrolled, nominal, earliest). ``instant`` is
# the due time as a zone-tagged UTC instant (what plans sort on: local times sharing a
# zone compare by wall clock, wrong in a repeated hour); ``unrolled`` is the date the
# next step of the track counts its gap from; ``nominal`` and ``earliest`` are for explain().
Entry = tuple[int, datetime, ScheduledTouch, date, date, datetime]


def plan_track(
    days: Days,
    anchor: Anchor,
    pending: Sequence[int],
    steps: Sequence[Touchpoint],
    hold: datetime | None,
) -> tuple[Entry, ...]:
    """Each pending step's due time: its day gap after the step before, then the window rules.

    A step that would fall due after 9999-12-31 is a :class:`DateRangeError`
    naming it, however the date arithmetic found out (the calendar, or an
    ``OverflowError`` placing a time in the zone).
    """
    planned: list[Entry] = []
    try:
        _plan_steps(days, planned, anchor, pending, steps, hold)
    except OverflowError:  # a due time past 9999-12-31 (or its instant, in the zone)
        raise DateRangeError(
            "step",
            pending[len(planned)],
            "would fall due after 9999-12-31, the last date supported",
        ) from None
    return tuple(planned)


def _plan_steps(
    days: Days,
    planned: list[Entry],
    anchor: Anchor,
    pending: Sequence[int],
    steps: Sequence[Touchpoint],
    hold: datetime | None,
) -> None:
    """:func:`plan_track`'s work: each pending step's entry appended to ``planned``."""
    cadence, calendar, manual, zone = days
    spacing = cadence.spacing
    business = cadence.day_basis is DayBasis.BUSINESS
    at, since, day, touched = anchor.at, anchor.unrolled, anchor.day, anchor.touched
    for step in pending:
        touchpoint = steps[step]
        gap = touchpoint.day - day
        unrolled = _time.unrolled_day(calendar, since, gap if gap > 0 else 0, business)
        nominal = unrolled if business else calendar.roll_forward(unrolled)
        window = touchpoint.window or cadence.window
        if touchpoint.at_time is not None:
            window = _time.step_window(window, touchpoint.at_time)
        if touchpoint.after is not None:  # the step's own wait after the touch before
            earliest = at + touchpoint.after
        else:
            earliest = at + spacing if touched else at
        opens = _time.first_opening(nominal, window) or _MIDNIGHT
        opening = _time.instant(datetime.combine(nominal, opens), zone)
        held = hold is not None and hold > earliest and hold > opening
        if held:
            assert hold is not None
            earliest = hold
        landing = calendar if touchpoint.automated else manual
        instant, due = _time.settle_in(
            opening if opening > earliest else earliest, window, landing, zone
        )
        if held:  # a pause shifts the rest: they keep their gaps after this one
            unrolled = due.date()
        touch = ScheduledTouch._trusted(step, touchpoint, due)
        planned.append((step, instant, touch, unrolled, nominal, earliest))
        at, since, day, touched = instant, unrolled, touchpoint.day, True


def plan(
    days: Days,
    tracks: Sequence[Track],
    steps: Sequence[Touchpoint],
    hold: datetime | None,
    name: Callable[[int], str] = lambda step: f"step index {step}",
) -> list[Planned]:
    """Each pending step with how it was reached, for explain(); ``name`` says a step (``step 3``)."""
    planned: list[Planned] = []
    for track in tracks:
        anchor = track.anchor
        for step, instant, touch, unrolled, nominal, earliest in plan_track(
            days, anchor, track.pending, steps, hold
        ):
            planned.append(Planned(step, touch.due, anchor, nominal, earliest))
            day = steps[step].day
            anchor = Anchor(instant, unrolled, day, True, f"{name(step)} (not yet done)")
    return planned


class PlanCache:
    """An enrollment's plan, kept compact, and what it was worked out from, to reuse after an event.

    An event moves only what follows it: a track (a chain of steps) whose
    anchor and pending steps are unchanged keeps its planned steps, and a
    track whose first step was just done exactly when it was due keeps the
    rest (the anchor the touch gives is the one the plan assumed). Any
    change of the pause ``hold`` replans everything.

    Kept small, since a host may hold a million enrollments with their plans
    read: per track, only each pending step's due instant, as microseconds
    after the zone's origin (see :func:`origins`) in one ``array``, and,
    only where a step was rolled off its day, the date the next step counts
    from. The steps are the track's own pending steps, in order. The
    :class:`~cadencekit.Schedule` is built from these when read (about
    0.5 µs a touch), not kept.
    """

    __slots__ = ("dues", "head", "hold", "rolled", "tracks")

    def __init__(
        self,
        tracks: tuple[Track, ...],
        dues: tuple[array[int], ...],
        rolled: tuple[tuple[date | None, ...] | None, ...],
        hold: datetime | None,
    ) -> None:
        self.tracks = tracks
        self.dues = dues  # per track: each pending step's due instant, in microseconds
        self.rolled = rolled  # per track: None, or per step the unrolled date if not due.date()
        self.hold = hold
        self.head: ScheduledTouch | bool | None = False  # the first touch, once built

    def reuse(
        self, track: Track, steps: Sequence[Touchpoint], zone: tzinfo
    ) -> tuple[array[int], tuple[date | None, ...] | None] | None:
        """The planned due instants of ``track`` if this plan already has them, else None."""
        for old, dues, rolled in zip(self.tracks, self.dues, self.rolled, strict=True):
            if old.pending == track.pending and old.anchor == track.anchor:
                return dues, rolled
            anchor = track.anchor
            if dues and old.pending[1:] == track.pending and anchor.touched:
                instant = from_micros(dues[0], zone)
                if rolled is None or rolled[0] is None:
                    unrolled = zone.fromutc(instant).date()
                else:
                    unrolled = rolled[0]
                if (
                    anchor.day == steps[old.pending[0]].day
                    and anchor.unrolled == unrolled
                    and anchor.at == instant
                ):
                    return dues[1:], None if rolled is None else rolled[1:]
        return None

    def touches(self, steps: Sequence[Touchpoint], zone: tzinfo) -> list[ScheduledTouch]:
        """Every planned touch, earliest first (ties by step)."""
        tracks, dues = self.tracks, self.dues
        if len(tracks) == 1:
            # a track's steps come in time order (each waits for the one before)
            pairs: Iterable[tuple[int, int]] = zip(tracks[0].pending, dues[0], strict=True)
        else:
            pairs = sorted(
                itertools.chain.from_iterable(
                    zip(track.pending, track_dues, strict=True)
                    for track, track_dues in zip(tracks, dues, strict=True)
                ),
                key=lambda pair: (pair[1], pair[0]),
            )
        fromutc = zone.fromutc
        origin = origins(zone)[0]
        trusted = ScheduledTouch._trusted
        return [
            trusted(step, steps[step], fromutc(origin + timedelta(microseconds=micros)))
            for step, micros in pairs
        ]

    def first(self, steps: Sequence[Touchpoint], zone: tzinfo) -> ScheduledTouch | None:
        """The touch due first (ties by step), or None: one touch built and kept, not the plan."""
        head = self.head
        if head is not False:
            assert head is None or isinstance(head, ScheduledTouch)
            return head
        self.head = head = self._first(steps, zone)
        return head

    def _first(self, steps: Sequence[Touchpoint], zone: tzinfo) -> ScheduledTouch | None:
        best: tuple[int, int] | None = None
        for track, dues in zip(self.tracks, self.dues, strict=True):
            if dues and (best is None or (dues[0], track.pending[0]) < best):
                best = (dues[0], track.pending[0])
        if best is None:
            return None
        micros, step = best
        return ScheduledTouch._trusted(step, steps[step], zone.fromutc(from_micros(micros, zone)))


_MICROSECOND: Final = timedelta(microseconds=1)


def from_micros(micros: int, zone: tzinfo) -> datetime:
    """The zone-tagged UTC instant ``micros`` microseconds after the zone's origin."""
    return origins(zone)[0] + timedelta(microseconds=micros)


def instant_of(moment: datetime, zone: tzinfo) -> datetime:
    """An aware moment as a zone-tagged UTC instant (see _time.py), by one subtraction."""
    origin, origin_utc = origins(zone)
    return origin + (moment - origin_utc)


def replan(
    days: Days,
    tracks: tuple[Track, ...],
    steps: Sequence[Touchpoint],
    hold: datetime | None,
    seed: PlanCache | None,
    *,
    empty: bool,
) -> PlanCache:
    """The plan of an enrollment's ``tracks``, reusing what ``seed`` (an earlier plan) has.

    ``empty``: nothing falls due (ended, waiting to move, or held until a resume).
    """
    if empty:
        return PlanCache((), (), (), hold)
    if seed is not None and seed.hold != hold:
        seed = None
    if seed is not None and seed.tracks == tracks:
        return seed
    zone = days.zone
    dues: list[array[int]] = []
    rolled: list[tuple[date | None, ...] | None] = []
    for track in tracks:
        found = None if seed is None else seed.reuse(track, steps, zone)
        if found is None:
            entries = plan_track(days, track.anchor, track.pending, steps, hold)
            origin = origins(zone)[0]
            planned = array("q", [(entry[1] - origin) // _MICROSECOND for entry in entries])
            moved = tuple(
                None if entry[3] == entry[2].due.date() else entry[3] for entry in entries
            )
            found = planned, None if not any(moved) else moved
        dues.append(found[0])
        rolled.append(found[1])
    one_unrolled = len(rolled) == 1 and rolled[0] is None
    return PlanCache(tracks, tuple(dues), _NONE_ROLLED if one_unrolled else tuple(rolled), hold)


_NONE_ROLLED: Final[tuple[None]] = (None,)  # the usual ``rolled``: shared, not one per plan
