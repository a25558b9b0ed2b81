"""Prospects simulated per second: ``simulate()`` of the eight-touch preset.

US holidays, a New York window, the default (illustrative) response model,
one start for every prospect, and one start per prospect (every 37 minutes),
which cannot share the first plan. Also the events per prospect, and the
cost of one event applied, for scale against bench_enrollment.py.

Run it with ``python benchmarks/bench_simulate.py`` (2,000 prospects, best of
3), or ``--full`` for 100,000 prospects, once.
"""

from __future__ import annotations

import platform
import sys
import time as clock
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import cadencekit as ck

ZONE = "America/New_York"
US = ck.BusinessCalendar(country="US")
CADENCE = ck.presets.eight_touch()
START = datetime(2026, 11, 2, 8, tzinfo=ZoneInfo(ZONE))
MODEL = ck.ResponseModel()
PROSPECTS = 100_000 if "--full" in sys.argv else 2000
REPEATS = 1 if "--full" in sys.argv else 3


def best(starts: object) -> tuple[float, int]:
    """Best seconds per prospect over REPEATS runs, and the events of one run."""
    timings, events = [], 0
    for seed in range(REPEATS):
        began = clock.perf_counter()
        runs = ck.simulate(
            CADENCE, PROSPECTS, model=MODEL, seed=seed, start=starts, calendar=US, tz=ZONE
        )
        timings.append((clock.perf_counter() - began) / PROSPECTS)
        events = sum(len(e.events) for e in runs)
    return min(timings), events


def main() -> None:
    US.add_business_days(START.date(), 1)  # build the calendar's table outside the timing
    one, events = best(START)
    spread, _ = best([START + timedelta(minutes=37 * i) for i in range(PROSPECTS)])
    print(f"Python {sys.version.split()[0]} on {platform.machine()}, best of {REPEATS}")
    print(f"{PROSPECTS} prospects, {events / PROSPECTS:.1f} events each")
    for name, seconds in [("one start for all", one), ("one start each", spread)]:
        print(
            f"{name:<20} {seconds * 1e6:>9,.0f} µs a prospect {1 / seconds:>9,.0f} prospects/s"
            f"  ({seconds / (events / PROSPECTS) * 1e6:,.0f} µs an event)"
        )


if __name__ == "__main__":
    main()
