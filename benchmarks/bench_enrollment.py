"""Events applied per second, and the replay of a 20-event history.

The eight-touch preset with US holidays and a New York window. Measures,
in one run, each as a ratio to one ``schedule()`` of the same cadence:

- ``apply``: one event applied to a live enrollment (each touch carried out
  on time, with an open after each email), events per second;
- ``apply, then next_touch``: the same, reading the plan after each event
  (a live host does: the plan is worked out when first read);
- ``apply after 10 / 1,000 events``: a touch applied to an enrollment whose
  history already holds 10 or 1,000 opens: flat in history length;
- ``replay``: ``Enrollment.replay`` of a 20-event history (every step done,
  opens, a "maybe" reply, the pause, the rest), histories per second, and
  the same with the plan read at the end;
- ``schedule``: ``schedule()`` of the same cadence, for scale.

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

    def apply_read() -> int:
        for _ in range(200):
            enrollment = base
            for event in events:
                enrollment = enrollment.apply(event)
                assert enrollment.next_touch is None or enrollment.next_touch.step >= 0
        return 200 * len(events)

    def after(n: int) -> Callable[[], int]:
        """Apply step 1's touch to an enrollment holding ``n`` opens of step 0."""
        first = base.next_touch
        assert first is not None
        sent = ck.Event.touch(first.due, 0)
        opens = [ck.Event.open(first.due + timedelta(seconds=i + 1), 0) for i in range(n)]
        long = ck.Enrollment.replay(CADENCE, "p", START, [sent, *opens], calendar=US, tz=ZONE)
        following = long.next_touch
        assert following is not None
        touch = ck.Event.touch(following.due, following.step)

        def run() -> int:
            for _ in range(2000):
                long.apply(touch)
            return 2000

        return run

    def replay_read() -> int:
        for _ in range(200):
            replayed = ck.Enrollment.replay(CADENCE, "p", START, events, calendar=US, tz=ZONE)
            assert replayed.next_touch is None or replayed.next_touch.step >= 0  # the plan is read
        return 200

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
        ("apply, then next_touch", best(apply_read), "events"),
        ("apply after 10 events", best(after(10)), "events"),
        ("apply after 1,000 events", best(after(1000)), "events"),
        ("replay a 20-event history", best(replay), "histories"),
        ("replay, then next_touch", best(replay_read), "histories"),
        ("schedule() the cadence", best(schedule), "schedules"),
    ]
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
