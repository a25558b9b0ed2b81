"""Touch due times per second: schedule_many() against schedule() and numpy's busday_offset.

The 8-touch cadence of ``bench_schedule.py`` (days 1, 1, 3, 5, 5, 7, 10, 10)
with US holidays and a 09:00-17:00 New York window, for 125,000 enrollments
(1,000,000 touches) starting every 7 minutes from 1 January 2026, so starts
fall inside, before and after the window, on weekends, holidays and DST
changes. In one run:

- ``schedule_many`` with numpy, starts as a ``datetime64[us]`` array (UTC);
- ``schedule_many`` with numpy, starts as a list of aware datetimes;
- ``schedule_many`` in pure Python (the path taken without numpy);
- ``schedule()`` in a loop, on a prefix of the starts;
- ``numpy.busday_offset`` vectorised over every touch, on the date arithmetic
  alone (each enrollment's Day 1 plus its day gaps, in business days): no
  windows, no spacing, no time zones, no overflow.

Every schedule_many result is checked against ``schedule()`` on the prefix
before anything is timed, and busday_offset's dates against cadencekit's
``add_business_days``. Run it with ``python benchmarks/bench_schedule_many.py``
(``--quick`` for a smaller run).
"""

from __future__ import annotations

import gc
import platform
import sys
import time as clock
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

import cadencekit as ck
from cadencekit import bulk

QUICK = "--quick" in sys.argv
ENROLLMENTS = 12_500 if QUICK else 125_000
LOOP_ENROLLMENTS = 5_000 if QUICK else 20_000
REPEATS = 3 if QUICK else 7
ZONE = ZoneInfo("America/New_York")
DAYS = (1, 1, 3, 5, 5, 7, 10, 10)
CHANNELS = ("email", "call", "email", "call", "voicemail", "email", "call", "voicemail")
CADENCE = ck.Cadence(
    "Eight touches",
    [ck.Touchpoint(channel, day) for channel, day in zip(CHANNELS, DAYS, strict=True)],
)
US = ck.BusinessCalendar(country="US")
STARTS = [datetime(2026, 1, 1, tzinfo=ZONE) + timedelta(minutes=7 * i) for i in range(ENROLLMENTS)]
ARRAY = np.array(
    [start.astimezone(UTC).replace(tzinfo=None) for start in STARTS], dtype="datetime64[us]"
)


def best(run: Callable[[], int]) -> float:
    """Touches a second, best of REPEATS runs after a warm-up, the collector off."""
    run()
    fastest = float("inf")
    touches = 0
    gc.disable()
    try:
        for _ in range(REPEATS):
            began = clock.perf_counter()
            touches = run()
            fastest = min(fastest, clock.perf_counter() - began)
    finally:
        gc.enable()
    return touches / fastest


def many_numpy_array() -> int:
    return len(ck.schedule_many(CADENCE, ARRAY, calendar=US, tz=ZONE))


def many_numpy_list() -> int:
    return len(ck.schedule_many(CADENCE, STARTS, calendar=US, tz=ZONE))


def many_python() -> int:
    columns = bulk._schedule_many(CADENCE, STARTS, calendar=US, tz=ZONE, engine="python")
    return len(columns)


def schedule_loop() -> int:
    touches = 0
    for start in STARTS[:LOOP_ENROLLMENTS]:
        touches += len(ck.schedule(CADENCE, start, calendar=US, tz=ZONE))
    return touches


def busday_inputs() -> tuple[np.ndarray, np.ndarray, np.busdaycalendar]:
    """Each touch's Day 1 and day gap, and a busdaycalendar of the same US holidays."""
    first = ck.schedule_many(CADENCE, ARRAY, calendar=US, tz=ZONE)
    day_one = np.asarray(first.date).reshape(ENROLLMENTS, len(CADENCE))[:, 0]
    days = np.repeat(day_one, len(CADENCE))
    gaps = np.tile(np.array([day - 1 for day in DAYS], dtype=np.int64), ENROLLMENTS)
    low, high = date(2025, 1, 1), date(2030, 1, 1)
    holidays = [day for day, _ in US.holidays_between(low, high)]
    calendar = np.busdaycalendar(weekmask="1111100", holidays=holidays)
    return days, gaps, calendar


def check() -> tuple[bool, bool]:
    """schedule_many equals schedule() on the prefix; busday_offset equals add_business_days."""
    expected: list[object] = []
    for start in STARTS[:LOOP_ENROLLMENTS]:
        expected.extend(
            touch.due.astimezone(UTC) for touch in ck.schedule(CADENCE, start, calendar=US, tz=ZONE)
        )
    count = LOOP_ENROLLMENTS * len(CADENCE)
    same = all(
        columns.to_dict()["due"][:count] == expected
        for columns in (
            ck.schedule_many(CADENCE, ARRAY, calendar=US, tz=ZONE),
            ck.schedule_many(CADENCE, STARTS, calendar=US, tz=ZONE),
            bulk._schedule_many(CADENCE, STARTS, calendar=US, tz=ZONE, engine="python"),
        )
    )
    days, gaps, calendar = busday_inputs()
    theirs = np.busday_offset(days[:count], gaps[:count], roll="forward", busdaycal=calendar)
    ours = [
        US.add_business_days(day, int(gap))
        for day, gap in zip(days[:count].tolist(), gaps[:count].tolist(), strict=True)
    ]
    return same, theirs.tolist() == ours


def main() -> None:
    same, busday_same = check()
    days, gaps, calendar = busday_inputs()

    def busday() -> int:
        return len(np.busday_offset(days, gaps, roll="forward", busdaycal=calendar))

    rows = [
        ("schedule_many, numpy, datetime64 starts", best(many_numpy_array)),
        ("schedule_many, numpy, datetime starts", best(many_numpy_list)),
        ("schedule_many, pure Python", best(many_python)),
        ("schedule() in a loop", best(schedule_loop)),
        ("numpy busday_offset, dates only", best(busday)),
    ]
    touches = ENROLLMENTS * len(CADENCE)
    print(f"schedule_many(): {len(CADENCE)}-touch cadence, US holidays, America/New_York window")
    print(
        f"{ENROLLMENTS:,} enrollments ({touches:,} touches; the loop {LOOP_ENROLLMENTS:,}), "
        f"best of {REPEATS}; Python {platform.python_version()}, numpy {np.__version__}"
    )
    print(f"same due times as schedule(): {'yes' if same else 'NO'}")
    print(f"busday_offset equals add_business_days: {'yes' if busday_same else 'NO'}")
    print()
    reference = rows[0][1]
    print(f"| {'contender':<40} | {'touches/s':>12} | {'ns each':>8} | {'time vs numpy':>13} |")
    print(f"|{'-' * 42}|{'-' * 13}:|{'-' * 9}:|{'-' * 14}:|")
    for name, per_second in rows:
        print(
            f"| {name:<40} | {per_second:>12,.0f} | {1e9 / per_second:>8.0f} | "
            f"{reference / per_second:>12.2f}x |"
        )
    if not (same and busday_same):
        sys.exit(1)


if __name__ == "__main__":
    main()
