"""Memory held per enrollment, and what a pickled list of them shares.

100,000 enrollments in the eight-touch preset (US holidays, New York),
each its own prospect and start, measured with ``tracemalloc`` (what the
enrollments allocate, the shared cadence and calendar aside):

- ``started``: ``Enrollment.start``, the plan not read (it is worked out
  when first read);
- ``started, plan read``: the same after reading each ``next_touch``;
- ``3 events``: replayed from a touch, an open and the next touch (the
  events' own memory included), the plan not read, then read.

Then the pickle of 1,000 such enrollments against the pickle of one: the
cadence, calendar and rules go in once, and come back shared.

Run it with ``python benchmarks/bench_memory.py`` (about half a minute).
"""

from __future__ import annotations

import gc
import pickle
import platform
import sys
import tracemalloc
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import cadencekit as ck

ZONE = "America/New_York"
US = ck.BusinessCalendar(country="US")
CADENCE = ck.presets.eight_touch()
START = datetime(2026, 11, 2, 8, tzinfo=ZoneInfo(ZONE))
COUNT = 100_000


def started(index: int) -> ck.Enrollment:
    moment = START + timedelta(minutes=index % 5000)
    return ck.Enrollment.start(
        CADENCE, f"prospect-{index:06d}@example.com", moment, calendar=US, tz=ZONE
    )


FIRST = started(0)
FIRST_DUE = FIRST.plan[0].due
SECOND = FIRST.apply(ck.Event.touch(FIRST_DUE, 0)).plan[0]


def with_events(index: int) -> ck.Enrollment:
    moment = START + timedelta(minutes=index % 5000)
    shift = moment - START
    events = [
        ck.Event.touch(FIRST_DUE + shift, 0),
        ck.Event.open(FIRST_DUE + shift + timedelta(hours=1), 0),
        ck.Event.touch(SECOND.due + shift, SECOND.step),
    ]
    return ck.Enrollment.replay(
        CADENCE, f"prospect-{index:06d}@example.com", moment, events, calendar=US, tz=ZONE
    )


def measure(build: Callable[[int], ck.Enrollment]) -> tuple[float, float]:
    """Bytes per enrollment held, before and after reading every plan."""
    gc.collect()
    tracemalloc.start()
    base, _ = tracemalloc.get_traced_memory()
    enrollments = [build(i) for i in range(COUNT)]
    gc.collect()
    held, _ = tracemalloc.get_traced_memory()
    for enrollment in enrollments:
        assert enrollment.next_touch is not None
    gc.collect()
    read, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del enrollments
    list_itself = 8  # the host's list slot per enrollment
    return (held - base) / COUNT - list_itself, (read - base) / COUNT - list_itself


def main() -> None:
    print(f"Python {sys.version.split()[0]} on {platform.machine()}, {COUNT:,} enrollments")
    print(f"{'enrollments':<22} {'bytes each':>11} {'plan read':>10}")
    for name, build in (("started", started), ("3 events", with_events)):
        held, read = measure(build)
        print(f"{name:<22} {held:>11,.0f} {read:>10,.0f}")
    one = len(pickle.dumps([with_events(0)]))
    many = [with_events(i) for i in range(1000)]
    thousand = pickle.dumps(many)
    back = pickle.loads(thousand)
    shared = all(e.cadence is back[0].cadence and e.calendar is back[0].calendar for e in back)
    print(
        f"pickle: one enrollment {one:,} bytes, 1,000 {len(thousand):,} bytes "
        f"({(len(thousand) - one) / 999:,.0f} per extra one); "
        f"cadence and calendar shared after loading: {shared}"
    )


if __name__ == "__main__":
    main()
