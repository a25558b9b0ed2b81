"""Events applied per second, and the replay of a 20-event history.

The eight-touch preset with US holidays and a New York window. Three
measures, in one run:

- ``apply``: one event applied to a live enrollment (each touch carried out
  on time, with an open after each email), events per second;
- ``replay``: ``Enrollment.replay`` of a 20-event history (every step done,
  opens, a "maybe" reply, the pause, the rest), histories per second;
- ``schedule``: ``schedule()`` of the same cadence, for scale: an enrollment
  replans after every event, so one event costs about one schedule.

Run it with ``python benchmarks/bench_enrollment.py``.
"""

from __future__ import annotations

import platform
import sys
import time as clock
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import cadencekit as ck

ZONE = "America/New_York"
US = ck.BusinessCalendar(country="US")
CADENCE = ck.presets.eight_touch()
START = datetime(2026, 11, 2, 8, tzinfo=ZoneInfo(ZONE))
REPEATS = 5


def history() -> list[ck.Event]:
    """20 events: every step done on time, opens, a maybe and its pause."""
    enrollment = ck.Enrollment.start(CADENCE, "p", START, calendar=US, tz=ZONE)
    events: list[ck.Event] = []
    while enrollment.next_touch is not None and len(events) < 20:
        touch = enrollment.next_touch
        batch = [ck.Event.touch(touch.due, touch.step)]
        if touch.channel is ck.Channel.EMAIL:
            batch.append(ck.Event.open(touch.due + timedelta(hours=2), touch.step))
        if touch.step == 3:
            batch.append(ck.Event.reply(touch.due + timedelta(hours=3), "maybe", step=3))
        for event in batch:
            enrollment = enrollment.apply(event)
            events.append(event)
    return events[:20]


def best(run: Callable[[], int]) -> float:
    """Best seconds per unit over REPEATS runs (``run`` returns its unit count)."""
    timings = []
    for _ in range(REPEATS):
        began = clock.perf_counter()
        units = run()
        timings.append((clock.perf_counter() - began) / units)
    return min(timings)


def main() -> None:
    events = history()
    base = ck.Enrollment.start(CADENCE, "p", START, calendar=US, tz=ZONE)

    def apply_all() -> int:
        for _ in range(200):
            enrollment = base
            for event in events:
                enrollment = enrollment.apply(event)
        return 200 * len(events)

    def replay() -> int:
        for _ in range(200):
            ck.Enrollment.replay(CADENCE, "p", START, events, calendar=US, tz=ZONE)
        return 200

    def schedule() -> int:
        for _ in range(4000):
            ck.schedule(CADENCE, START, calendar=US, tz=ZONE)
        return 4000

    rows = [
        ("apply one event", best(apply_all), "events"),
        ("replay a 20-event history", best(replay), "histories"),
        ("schedule() the cadence", best(schedule), "schedules"),
    ]
    reference = rows[2][1]
    print(f"Python {sys.version.split()[0]} on {platform.machine()}, best of {REPEATS}")
    print(f"{'measure':<28} {'µs each':>9} {'per second':>12} {'x schedule()':>13}")
    for name, seconds, unit in rows:
        print(
            f"{name:<28} {seconds * 1e6:>9.1f} {1 / seconds:>12,.0f} {seconds / reference:>12.1f}x"
            f"  ({unit})"
        )


if __name__ == "__main__":
    main()
