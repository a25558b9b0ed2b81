"""Planning 100,000 enrollments for 20 reps over 20 business days.

Enrollments of the eight-touch preset start every 5 minutes (so on any day
some are fresh, some in flight, some far behind), each with one of 20 owners
and an email address at one of 500 domains; 0 to 3 of their steps are
already done. ``plan()`` then lays out 20 US business days under: channel
limits only (60 calls, 200 emails, 150 manual touches a rep a day); all four
caps (plus 20 touches a domain and 40 new enrollments a rep a day); the
channel limits with a call session of 09:00-17:00 in the reps' zone, each
call slotted where the rep's and the prospect's hours meet; and the same
with ``now`` at noon on the first day (the morning's slots are past). Then
the same enrollments with prospects spread over six zones and five
countries, so the reps' slots are contended (a call to London fits fewer
slots of a Chicago session than a call to New York): once with every rep in
Chicago (``tz``), once with the 20 reps spread over Chicago, London and
Sydney (``owner_tz``, each rep's own calendar). Only the ``plan()`` call is
timed, best of 3, with the garbage collector as Python leaves it.

Last, mailboxes: the same enrollments over ten business days in the reps'
zone, planned without mailboxes, then with two mailboxes a rep (rotated by
prospect), each with 150 sends a day, 30 in any hour, 150 in any 24 hours
and 600 in any 7 days, a 1-minute gap and 2 minutes of seeded jitter; the
ratio of the two is what pacing costs (the target: within 1.5x). The two
alternate, best of 3 each, timed by the wall clock and by CPU time (on a
shared machine the CPU time is the steadier figure). The garbage collector
runs as Python leaves it; a callback only watches it, to show how much of
each run's CPU time was its collections (``gc``) and how many full ones ran
(``full``): with 100,000 enrollments alive, one full collection walks the
whole heap, and whichever plan is running when one falls due pays for it.

Run it with ``python benchmarks/bench_planning.py`` (``--quick`` for 10,000;
``--mailboxes`` for the mailbox comparison only, ``--count N`` for N
enrollments, ``--reps N`` for N reps instead of 20: with ``--count`` it keeps
the load per rep, so the limits bind alike at every size).
"""

from __future__ import annotations

import gc
import platform
import sys
import time as clock
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import cadencekit as ck

ZONE = "America/New_York"
US = ck.BusinessCalendar(country="US")
CADENCE = ck.presets.eight_touch()
FIRST = datetime(2026, 10, 19, 8, tzinfo=ZoneInfo(ZONE))
START = date(2026, 11, 23)
NOON = datetime(2026, 11, 23, 12, tzinfo=ZoneInfo(ZONE))
OWNERS = 20
DAYS = 20
REPEATS = 3


PLACES = [
    ("America/New_York", "US"),
    ("America/Los_Angeles", "US"),
    ("Europe/London", "GB"),
    ("Europe/Berlin", "DE"),
    ("Asia/Tokyo", "JP"),
    ("Australia/Sydney", "AU"),
]
COUNTRIES = {country: ck.BusinessCalendar(country=country) for _, country in PLACES}
REP_PLACES = [("America/Chicago", "US"), ("Europe/London", "GB"), ("Australia/Sydney", "AU")]


def enrollments(count: int, *, abroad: bool = False) -> list[ck.Enrollment]:
    built = []
    for index in range(count):
        at = FIRST + timedelta(minutes=5 * (index % 10_000))
        zone, country = PLACES[index % len(PLACES)] if abroad else (ZONE, "US")
        enrollment = ck.Enrollment.start(
            CADENCE,
            f"p{index}@domain{index % 500}.example",
            at,
            calendar=COUNTRIES.get(country, US) if abroad else US,
            tz=zone,
            owner=f"rep{index % OWNERS:02d}",
        )
        for _ in range(index % 4):  # 0 to 3 steps done, on time
            touch = enrollment.next_touch
            if touch is None:
                break
            enrollment = enrollment.apply(ck.Event.touch(touch.due, touch.step))
        built.append(enrollment)
    return built


def best(
    population: list[ck.Enrollment],
    capacity: ck.Capacity,
    days: int = DAYS,
    **options: object,
) -> tuple[float, ck.Agenda]:
    timings, agenda = [], None
    for _ in range(REPEATS):
        began = clock.perf_counter()
        agenda = ck.plan(
            population, capacity=capacity, calendar=US, start=START, days=days, **options
        )
        timings.append(clock.perf_counter() - began)
    assert agenda is not None
    return min(timings), agenda


def mailbox_runs(population: list[ck.Enrollment]) -> None:
    """Ten business days with and without mailboxes: the cost of pacing, as a ratio."""
    capacity = ck.Capacity({"call": 60, "email": 400}, manual_per_day=150)
    boxes = {
        f"rep{n:02d}": [
            ck.Mailbox(
                f"rep{n:02d}.{k}@seller.example",
                per_day=150,
                per_hour=30,
                windows={timedelta(hours=24): 150, timedelta(days=7): 600},
                gap=timedelta(minutes=1),
                jitter=timedelta(minutes=2),
            )
            for k in range(2)
        ]
        for n in range(OWNERS)
    }
    runs: list[tuple[str, dict[str, object]]] = [
        ("ten days, no mailboxes", {}),
        ("ten days, paced mailboxes", {"mailboxes": boxes, "seed": 7}),
    ]
    walls: dict[str, float] = {}
    cpus: dict[str, float] = {}
    bare: dict[str, float] = {}  # CPU time without the collector's, best of the runs
    collected: dict[str, tuple[float, int]] = {}  # the best CPU run's collector time and fulls
    agendas: dict[str, ck.Agenda] = {}
    watch = [0.0, 0.0, 0]  # a collection's start, the collector's CPU time, full collections

    def watcher(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            watch[0] = clock.process_time()
            watch[2] += info["generation"] == 2
        else:
            watch[1] += clock.process_time() - watch[0]

    gc.callbacks.append(watcher)
    for _ in range(REPEATS):  # the two alternate, so a busy spell hits both
        for name, options in runs:
            watch[1:] = [0.0, 0]
            began, used = clock.perf_counter(), clock.process_time()
            agendas[name] = ck.plan(
                population, capacity=capacity, calendar=US, start=START, days=10, tz=ZONE,
                **options,  # type: ignore[arg-type]
            )  # fmt: skip
            wall, cpu = clock.perf_counter() - began, clock.process_time() - used
            walls[name] = min(walls.get(name, wall), wall)
            if cpu < cpus.get(name, float("inf")):
                cpus[name] = cpu
                collected[name] = (watch[1], int(watch[2]))
            bare[name] = min(bare.get(name, cpu - watch[1]), cpu - watch[1])
    gc.callbacks.remove(watcher)
    print(
        f"{'mailboxes':<34} {'seconds':>8} {'cpu':>8} {'gc':>6} {'full':>5} "
        f"{'cpu - gc':>9} {'planned':>9} {'slips':>9} {'backlog':>8}"
    )
    for name, _ in runs:
        agenda = agendas[name]
        print(
            f"{name:<34} {walls[name]:>8.2f} {cpus[name]:>8.2f} {collected[name][0]:>6.2f} "
            f"{collected[name][1]:>5} {bare[name]:>9.2f} {len(agenda.touches):>9,} "
            f"{len(agenda.slips):>9,} {len(agenda.backlog):>8,}"
        )
    paced, plain = "ten days, paced mailboxes", "ten days, no mailboxes"
    print(
        f"{'pacing costs (ratio)':<34} {walls[paced] / walls[plain]:>8.2f}x "
        f"{cpus[paced] / cpus[plain]:>7.2f}x {bare[paced] / bare[plain]:>7.2f}x "
        "(wall, CPU, CPU without the collector's time)"
    )


def main() -> None:
    global OWNERS
    count = 10_000 if "--quick" in sys.argv else 100_000
    if "--count" in sys.argv:
        count = int(sys.argv[sys.argv.index("--count") + 1])
    if "--reps" in sys.argv:
        OWNERS = int(sys.argv[sys.argv.index("--reps") + 1])
    began = clock.perf_counter()
    population = enrollments(count)
    built = clock.perf_counter() - began
    if "--mailboxes" in sys.argv:
        print(f"Python {sys.version.split()[0]} on {platform.machine()}; best of {REPEATS}")
        print(f"{count:,} enrollments, {OWNERS} reps (built in {built:.0f} s)")
        mailbox_runs(population)
        return
    channels = ck.Capacity({"call": 60, "email": 200}, manual_per_day=150)
    every_cap = ck.Capacity(
        {"call": 60, "email": 200}, manual_per_day=150, per_domain=20, new_per_day=40
    )
    print(f"Python {sys.version.split()[0]} on {platform.machine()}; best of {REPEATS}")
    print(f"{count:,} enrollments, {OWNERS} reps, {DAYS} business days (built in {built:.0f} s)")
    print(f"{'capacity':<34} {'seconds':>8} {'planned':>9} {'slips':>9} {'backlog':>8}")
    sessions = ck.Capacity(
        {"call": 60, "email": 200}, manual_per_day=150, sessions={"call": "09:00-17:00"}
    )
    runs: list[tuple[str, ck.Capacity, dict[str, object]]] = [
        ("channel and manual limits", channels, {}),
        ("all four caps", every_cap, {}),
        ("call sessions 09:00-17:00", sessions, {"tz": ZONE}),
        ("call sessions, now at noon", sessions, {"tz": ZONE, "now": NOON}),
    ]
    for name, capacity, options in runs:
        seconds, agenda = best(population, capacity, **options)
        print(
            f"{name:<34} {seconds:>8.2f} {len(agenda.touches):>9,} "
            f"{len(agenda.slips):>9,} {len(agenda.backlog):>8,}"
        )
    spread = enrollments(count, abroad=True)
    reps = [f"rep{n:02d}" for n in range(OWNERS)]
    team_options: dict[str, object] = {
        "owner_tz": {rep: REP_PLACES[n % 3][0] for n, rep in enumerate(reps)},
        "owner_calendar": {rep: COUNTRIES[REP_PLACES[n % 3][1]] for n, rep in enumerate(reps)},
    }
    abroad_runs: list[tuple[str, dict[str, object]]] = [
        ("six zones, reps in Chicago", {"tz": "America/Chicago"}),
        ("six zones, reps in three zones", team_options),
    ]
    for name, options in abroad_runs:
        try:
            seconds, agenda = best(spread, sessions, **options)
        except TypeError as error:  # a version without owner_tz
            print(f"{name:<34} {'n/a':>8} ({error})")
            continue
        print(
            f"{name:<34} {seconds:>8.2f} {len(agenda.touches):>9,} "
            f"{len(agenda.slips):>9,} {len(agenda.backlog):>8,}"
        )
    mailbox_runs(population)


if __name__ == "__main__":
    main()
