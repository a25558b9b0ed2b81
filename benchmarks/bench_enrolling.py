"""Tables in: start_many against Enrollment.start in a loop, apply_many against replay_many.

A CRM's list of 100,000 prospects (CSV text: email, name, company, phone, a
zone and a country of 6 each, one of 20 reps, a start) is enrolled in the
eight-touch preset by ``start_many`` and, for the ratio, by a loop calling
``Enrollment.start`` on values already parsed (what a script would write by
hand, without reading or checking the table). Then an export of each
prospect's first three steps (300,000 rows) is applied to those enrollments
by ``apply_many`` and, for the ratio, replayed from scratch by
``replay_many``. Best of 3, the garbage collector as Python leaves it.

Run it with ``python benchmarks/bench_enrolling.py`` (``--quick`` for 10,000).
"""

from __future__ import annotations

import platform
import sys
import time as clock
from collections.abc import Callable
from datetime import UTC, date
from typing import TypeVar

import cadencekit as ck

CADENCE = ck.presets.eight_touch()
ZONES = [
    ("America/New_York", "US"),
    ("America/Chicago", "US-IL"),
    ("America/Los_Angeles", "US-CA"),
    ("Europe/London", "GB-ENG"),
    ("Europe/Berlin", "DE-BY"),
    ("Australia/Sydney", "AU-NSW"),
]
REPEATS = 3
T = TypeVar("T")


def best(work: Callable[[], T]) -> tuple[float, T]:
    timings, result = [], None
    for _ in range(REPEATS):
        began = clock.perf_counter()
        result = work()
        timings.append(clock.perf_counter() - began)
    assert result is not None
    return min(timings), result


def main() -> None:
    count = 10_000 if "--quick" in sys.argv else 100_000
    rows = []
    for index in range(count):
        zone, country = ZONES[index % len(ZONES)]
        start = date(2026, 11, 2 + index % 20).isoformat()
        rows.append(
            f"p{index}@domain{index % 500}.example,Name{index},Company{index % 900},"
            f"+1 555 {index:07d},{zone},{country},rep{index % 20:02d},{start}"
        )
    text = "email,first_name,company,phone,tz,country,owner,started\n" + "\n".join(rows) + "\n"
    columns = {"email": "prospect"}
    start_seconds, people = best(lambda: ck.start_many(text, CADENCE, columns=columns))

    calendars = {country: ck.BusinessCalendar(country=c, subdiv=s or None) for _, country in ZONES
                 for c, _, s in [country.partition("-")]}  # fmt: skip
    parsed = [line.split(",") for line in rows]

    def by_hand() -> list[ck.Enrollment]:
        return [
            ck.Enrollment.start(
                CADENCE,
                email,
                started,
                calendar=calendars[country],
                tz=zone,
                owner=owner,
                facts={"first_name": name, "company": company, "phone": phone},
            )
            for email, name, company, phone, zone, country, owner, started in parsed
        ]

    loop_seconds, looped = best(by_hand)
    assert looped == people

    export = []
    for enrollment in people:
        for touch in list(enrollment.plan)[:3]:
            at = touch.due.astimezone(UTC).isoformat()
            export.append(f"{enrollment.prospect},touch,{at},{touch.step}")
    table = ck.read_events("prospect,kind,at,step\n" + "\n".join(export) + "\n")
    apply_seconds, applied = best(lambda: ck.apply_many(people, table))
    replay_seconds, replayed = best(
        lambda: ck.replay_many(
            table, CADENCE, calendar="US"
        )  # the zones differ: equal only in counts
    )
    assert len(replayed) == len(applied)

    print(f"Python {sys.version.split()[0]} on {platform.machine()}; best of {REPEATS}")
    print(f"{count:,} prospects; an export of {len(table):,} rows")
    print(f"{'path':<48} {'seconds':>8} {'per row':>10}")
    for name, seconds, size in [
        ("start_many (CSV text, checked, facts kept)", start_seconds, count),
        ("Enrollment.start in a loop (parsed by hand)", loop_seconds, count),
        ("apply_many (to the enrollments above)", apply_seconds, len(table)),
        ("replay_many (the same table, from scratch)", replay_seconds, len(table)),
    ]:
        print(f"{name:<48} {seconds:>8.2f} {seconds / size * 1e6:>8.1f} µs")
    print(f"start_many / loop: {start_seconds / loop_seconds:.2f}x")
    print(f"apply_many / replay_many: {apply_seconds / replay_seconds:.2f}x")


if __name__ == "__main__":
    main()
