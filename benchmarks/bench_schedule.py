"""Enrollments scheduled per second: cadencekit.schedule() against a naive peer.

An 8-touch cadence (days 1, 1, 3, 5, 5, 7, 10, 10; email, call, voicemail)
with US holidays and a 09:00-17:00 New York window, for enrollments starting
every 37 minutes through 2026 (so starts fall inside, before and after the
window, on weekends and on holidays). The naive peer is what one writes
first: a day-by-day loop over a ``holidays.US()`` object and
``datetime.replace(tzinfo=ZoneInfo(...))``. Both give the same due times.

Run it with ``python benchmarks/bench_schedule.py``.
"""

from __future__ import annotations

import platform
import sys
import time as clock
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

import cadencekit as ck

ENROLLMENTS = 20_000
REPEATS = 5
ZONE = ZoneInfo("America/New_York")
DAYS = (1, 1, 3, 5, 5, 7, 10, 10)
CHANNELS = ("email", "call", "email", "call", "voicemail", "email", "call", "voicemail")
CADENCE = ck.Cadence(
    "Eight touches",
    [ck.Touchpoint(channel, day) for channel, day in zip(CHANNELS, DAYS, strict=True)],
)
OPENS, CLOSES, SPACING = time(9), time(17), timedelta(minutes=30)
STARTS = [datetime(2026, 1, 1, tzinfo=ZONE) + timedelta(minutes=37 * i) for i in range(ENROLLMENTS)]


def with_cadencekit() -> Callable[[datetime], list[datetime]]:
    us = ck.BusinessCalendar(country="US")

    def run(start: datetime) -> list[datetime]:
        return [
            touch.due for touch in ck.schedule(CADENCE, start, calendar=us, tz="America/New_York")
        ]

    return run


def naive_peer() -> Callable[[datetime], list[datetime]]:
    us = holidays.US()

    def open_day(day: date) -> bool:
        return day.weekday() < 5 and day not in us

    def next_open(day: date) -> date:
        day += timedelta(days=1)
        while not open_day(day):
            day += timedelta(days=1)
        return day

    def run(start: datetime) -> list[datetime]:
        local = start.astimezone(ZONE)
        day_one = local.date()
        while not open_day(day_one) or (day_one == local.date() and local.time() >= CLOSES):
            day_one += timedelta(days=1)
        dues = [max(local, datetime.combine(day_one, OPENS).replace(tzinfo=ZONE))]
        for cadence_day in DAYS[1:]:
            day = day_one
            for _ in range(cadence_day - 1):
                day = next_open(day)
            opening = datetime.combine(day, OPENS).replace(tzinfo=ZONE)
            after = (dues[-1].astimezone(UTC) + SPACING).astimezone(ZONE)
            due = max(opening, after)
            while due.time() >= CLOSES or not open_day(due.date()):
                due = datetime.combine(next_open(due.date()), OPENS).replace(tzinfo=ZONE)
            dues.append(due)
        return dues

    return run


def rate(run: Callable[[datetime], list[datetime]], starts: Sequence[datetime]) -> float:
    """Enrollments a second, best of REPEATS runs (after a warm-up run)."""
    for start in starts[:500]:
        run(start)
    best = float("inf")
    for _ in range(REPEATS):
        began = clock.perf_counter()
        for start in starts:
            run(start)
        best = min(best, clock.perf_counter() - began)
    return len(starts) / best


def main() -> None:
    ours, peer = with_cadencekit(), naive_peer()
    same = all(ours(start) == peer(start) for start in STARTS)
    rows = [("cadencekit.schedule()", rate(ours, STARTS)), ("naive peer", rate(peer, STARTS))]
    print(f"schedule(): {len(CADENCE)}-touch cadence, US holidays, America/New_York window")
    print(f"{ENROLLMENTS:,} enrollments, best of {REPEATS}; Python {platform.python_version()}")
    print(f"same due times as the peer: {'yes' if same else 'NO'}")
    print()
    print(f"| {'implementation':<22} | {'enrollments/s':>13} | {'µs each':>8} | {'ratio':>6} |")
    print(f"|{'-' * 24}|{'-' * 14}:|{'-' * 9}:|{'-' * 7}:|")
    for name, per_second in rows:
        print(
            f"| {name:<22} | {per_second:>13,.0f} | {1e6 / per_second:>8.1f} | "
            f"{per_second / rows[-1][1]:>5.1f}x |"
        )
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
