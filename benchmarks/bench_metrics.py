"""report() over about 1,000,000 events: 100,000 enrollments of an 8-touch cadence.

Each enrollment is built by ``Enrollment.replay`` from a seeded random history
(touches with call results and A/B variants, opens, clicks, bounces, replies
of every kind, meetings, opt-outs), about ten events each. Building them takes
a while; only ``report()`` is timed (best of a few rounds, garbage collector
off), then ``by_step()``, ``by_channel()`` and ``by_variant(0)`` separately.

Run it with ``python benchmarks/bench_metrics.py`` (``--quick``: 10,000).
"""

from __future__ import annotations

import gc
import platform
import random
import sys
import time as clock
from datetime import UTC, datetime, timedelta

import cadencekit as ck

ENROLLMENTS = 10_000 if "--quick" in sys.argv else 100_000
ROUNDS = 5
DAYS = (1, 1, 3, 5, 5, 7, 10, 10)
CHANNELS = ("email", "call", "email", "call", "voicemail", "email", "call", "email")
CADENCE = ck.Cadence(
    "Eight touches",
    [ck.Touchpoint(channel, day) for channel, day in zip(CHANNELS, DAYS, strict=True)],
)
START = datetime(2026, 1, 5, 8, tzinfo=UTC)
RESULTS = ("connected", "no_answer", "voicemail", "no_answer")
RESPONSES = ("positive", "no", "maybe", "out_of_office", "other")


def history(rng: random.Random) -> list[ck.Event]:
    """About ten events: touches, and what the prospect did after some of them."""
    events: list[ck.Event] = []
    at = START + timedelta(minutes=rng.randrange(0, 60 * 24 * 60))
    last = 7 if rng.random() < 0.8 else rng.randrange(0, 7)  # one in five still running
    for step, channel in enumerate(CHANNELS):
        if step > last:
            break
        at += timedelta(days=rng.choice((1, 2, 2, 3)), minutes=rng.randrange(60))
        if channel == "email":
            variant = rng.choice("AB") if step == 0 else None
            events.append(ck.Event.touch(at, step, variant=variant))
            if rng.random() < 0.03:
                events.append(ck.Event.bounce(at + timedelta(seconds=5), step))
                break
            if rng.random() < 0.45:
                events.append(ck.Event.open(at + timedelta(hours=1), step))
                if rng.random() < 0.3:
                    events.append(ck.Event.open(at + timedelta(hours=5), step))
                if rng.random() < 0.2:
                    events.append(ck.Event.click(at + timedelta(hours=1, minutes=1), step))
        else:
            result = rng.choice(RESULTS) if channel == "call" else None
            events.append(ck.Event.touch(at, step, call_result=result))
        if rng.random() < 0.04:
            response = rng.choice(RESPONSES)
            events.append(ck.Event.reply(at + timedelta(hours=3), response))
            if response == "positive":
                events.append(ck.Event.touch(at + timedelta(hours=20), min(step + 1, 7)))
                if rng.random() < 0.5:
                    events.append(ck.Event.meeting(at + timedelta(days=1)))
                break
            if response == "no":
                break
        if rng.random() < 0.005:
            events.append(ck.Event.opt_out(at + timedelta(hours=2)))
            break
    return events


def main() -> None:
    rng = random.Random(20261123)
    began = clock.perf_counter()
    enrollments = []
    for i in range(ENROLLMENTS):
        events = history(rng)
        enrollments.append(
            ck.Enrollment.replay(CADENCE, f"p{i}", events[0].at - timedelta(hours=1), events)
        )
    built = clock.perf_counter() - began
    total = sum(len(e.events) for e in enrollments)
    print(f"Python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    print(f"built {ENROLLMENTS:,} enrollments, {total:,} events, by replay in {built:.1f} s")

    def best(run: object, rounds: int = ROUNDS) -> float:
        times = []
        for _ in range(rounds):
            gc.collect()
            gc.disable()
            t0 = clock.perf_counter()
            run()  # type: ignore[operator]
            times.append(clock.perf_counter() - t0)
            gc.enable()
        return min(times)

    result = ck.report(enrollments)
    seconds = best(lambda: ck.report(enrollments))
    print(f"report(): {seconds:.2f} s best of {ROUNDS} ({1e9 * seconds / total:.0f} ns an event)")
    for name, call in (
        ("by_step()", result.by_step),
        ("by_channel()", result.by_channel),
        ("by_variant(0)", lambda: result.by_variant(0)),
    ):
        print(f"{name}: {best(call, 3):.2f} s")
    print()
    print(result)


if __name__ == "__main__":
    main()
