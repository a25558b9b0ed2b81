"""Events applied per second, and the replay of a 20-event history.

The eight-touch preset with US holidays and a New York window. Measures,
in one run, each as a ratio to one ``schedule()`` of the same cadence:

- ``apply``: one event applied to a live enrollment (each touch carried out
  on time, with an open after each email), events per second;
- ``apply, then next_touch``: the same, reading the plan after each event
  (a live host does: the plan is worked out when first read);
- ``apply after 10 / 1,000 events``: 200 opens and clicks applied one by
  one to an enrollment whose history already holds 10 or 1,000 events:
  flat in history length; the same with an id on every event (each is
  looked up as a possible duplicate);
- ``replay``: ``Enrollment.replay`` of a 20-event history (every step done,
  opens, clicks, a "maybe" reply, the pause, the rest), histories per second,
  the same with the plan read at the end, and with an id on every event
  (each a possible duplicate delivery);
- ``schedule``: ``schedule()`` of the same cadence, for scale.

Run it with ``python benchmarks/bench_enrollment.py``.
"""

from __future__ import annotations

import gc
import platform
import sys
import time as clock
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import attrs

import cadencekit as ck

ZONE = "America/New_York"
US = ck.BusinessCalendar(country="US")
CADENCE = ck.presets.eight_touch()
START = datetime(2026, 11, 2, 8, tzinfo=ZoneInfo(ZONE))
REPEATS = 61
BATCH = 5  # histories a round: short rounds, many of them, so a busy machine spoils fewer


def history() -> list[ck.Event]:
    """20 events: every step done on time, opens and clicks, a maybe and its pause."""
    enrollment = ck.Enrollment.start(CADENCE, "p", START, calendar=US, tz=ZONE)
    events: list[ck.Event] = []
    last_email = 0
    while enrollment.next_touch is not None:
        touch = enrollment.next_touch
        if touch.channel is ck.Channel.EMAIL:
            last_email = touch.step
        batch = [
            ck.Event.touch(touch.due, touch.step),
            ck.Event.open(touch.due + timedelta(hours=2), last_email),  # read (again)
        ]
        if touch.channel is ck.Channel.EMAIL:
            batch.append(ck.Event.click(touch.due + timedelta(hours=2, minutes=5), touch.step))
        if touch.step == 3:
            batch.append(ck.Event.reply(touch.due + timedelta(hours=3), "maybe", step=3))
        for event in batch:
            enrollment = enrollment.apply(event)
            events.append(event)
    assert len(events) >= 20, len(events)
    return sorted(events, key=ck.Event.sort_key)[:20]  # as they happened


def best(runs: list[Callable[[], int]]) -> list[float]:
    """Best seconds per unit of each run (it returns its unit count) over REPEATS rounds.

    Each round times every run once, so a busy spell on a shared machine
    spoils one sample of each rather than every sample of one. A run is
    timed right after a run of its own (untimed): the rounds are short, and
    the first after another measure would time its caches coming back.
    """
    timings: list[list[float]] = [[] for _ in runs]
    gc.disable()
    try:
        for _ in range(REPEATS):
            for run, samples in zip(runs, timings, strict=True):
                run()  # warm
                began = clock.perf_counter()
                units = run()
                samples.append((clock.perf_counter() - began) / units)
    finally:
        gc.enable()
    return [min(samples) for samples in timings]


def main() -> None:
    events = history()
    base = ck.Enrollment.start(CADENCE, "p", START, calendar=US, tz=ZONE)

    def apply_all() -> int:
        for _ in range(BATCH):
            enrollment = base
            for event in events:
                enrollment = enrollment.apply(event)
        return BATCH * len(events)

    def apply_read() -> int:
        for _ in range(BATCH):
            enrollment = base
            for event in events:
                enrollment = enrollment.apply(event)
                assert enrollment.next_touch is None or enrollment.next_touch.step >= 0
        return BATCH * len(events)

    def after(n: int, ids: bool = False) -> Callable[[], int]:
        """200 more opens and clicks applied one by one after a history of ``n`` opens.

        Each is applied to the newest enrollment, as a host does; the history
        grows from ``n`` to ``n + 200`` events during the run. ``ids``: every
        event carries an id (a vendor's event id), so each is looked up as a
        possible duplicate.
        """
        first = base.next_touch
        assert first is not None
        sent = ck.Event.touch(first.due, 0)

        def named(i: int) -> str | None:
            return f"evt-{i}" if ids else None

        opens = [
            ck.Event.open(first.due + timedelta(seconds=i + 1), 0, id=named(i))
            for i in range(n - 1)
        ]
        long = ck.Enrollment.replay(CADENCE, "p", START, [sent, *opens], calendar=US, tz=ZONE)
        later = first.due + timedelta(seconds=n + 1)
        more = [
            (ck.Event.open if i % 2 else ck.Event.click)(
                later + timedelta(seconds=i), 0, id=named(n + i)
            )
            for i in range(200)
        ]

        def run() -> int:
            enrollment = long
            for event in more:
                enrollment = enrollment.apply(event)
            return len(more)

        return run

    def replay_read() -> int:
        for _ in range(BATCH):
            replayed = ck.Enrollment.replay(CADENCE, "p", START, events, calendar=US, tz=ZONE)
            assert replayed.next_touch is None or replayed.next_touch.step >= 0  # the plan is read
        return BATCH

    def replay() -> int:
        for _ in range(BATCH):
            ck.Enrollment.replay(CADENCE, "p", START, events, calendar=US, tz=ZONE)
        return BATCH

    with_ids = [attrs.evolve(event, id=f"evt-{i}") for i, event in enumerate(events)]

    def replay_ids() -> int:
        for _ in range(BATCH):
            ck.Enrollment.replay(CADENCE, "p", START, with_ids, calendar=US, tz=ZONE)
        return BATCH

    def schedule() -> int:
        for _ in range(5 * BATCH):
            ck.schedule(CADENCE, START, calendar=US, tz=ZONE)
        return 5 * BATCH

    measures = [
        ("apply one event", apply_all, "events"),
        ("apply, then next_touch", apply_read, "events"),
        ("apply after 10 events", after(10), "events"),
        ("apply after 1,000 events", after(1000), "events"),
        ("apply after 10, with ids", after(10, ids=True), "events"),
        ("apply after 1,000, with ids", after(1000, ids=True), "events"),
        ("replay a 20-event history", replay, "histories"),
        ("replay, then next_touch", replay_read, "histories"),
        ("replay, an id on every event", replay_ids, "histories"),
        ("schedule() the cadence", schedule, "schedules"),
    ]
    timed = best([run for _, run, _ in measures])
    rows = [(name, seconds, unit) for (name, _, unit), seconds in zip(measures, timed, strict=True)]
    reference = rows[-1][1]
    print(f"Python {sys.version.split()[0]} on {platform.machine()}, best of {REPEATS}")
    print(f"{'measure':<30} {'µs each':>9} {'per second':>12} {'x schedule()':>13}")
    for name, seconds, unit in rows:
        print(
            f"{name:<30} {seconds * 1e6:>9.1f} {1 / seconds:>12,.0f} {seconds / reference:>12.1f}x"
            f"  ({unit})"
        )


if __name__ == "__main__":
    main()
