"""Schedule and report on many enrollments on a local Dask cluster, partition by partition.

cadencekit keeps no global state and every value pickles, so scaling out is
a map over partitions: each worker schedules its share of the enrollments
with ``schedule_many`` and simulates its share of prospects with
``simulate``; the driver gathers the simulated enrollments and reports on
them. The script then does the same work in this one process and checks
both give the same results.

Install the extras and run it (a few seconds by default)::

    pip install '.[dask,fast]'
    python examples/dask_schedule.py                 # 20,000 scheduled, 1,000 simulated
    python examples/dask_schedule.py --big           # 1,000,000 scheduled, 20,000 simulated
    python examples/dask_schedule.py 50000 2000      # your own sizes
"""

from __future__ import annotations

import hashlib
import sys
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import dask.bag as db
from dask.distributed import Client, LocalCluster

import cadencekit as ck

ZONE = "America/New_York"
FIRST = datetime(2026, 1, 5, 7, 0, tzinfo=ZoneInfo(ZONE))
SEED = 2026


def starts(first: int, count: int) -> list[datetime]:
    """Enrollment starts every 7 minutes from FIRST: inside, before and after windows."""
    return [FIRST + timedelta(minutes=7 * index) for index in range(first, first + count)]


def schedule_chunk(bounds: tuple[int, int]) -> tuple[int, int, str]:
    """Schedule one partition; return its first index, touch count and a digest of the dues."""
    first, count = bounds
    columns = ck.schedule_many(
        ck.presets.eight_touch(),
        starts(first, count),
        calendar=ck.BusinessCalendar(country="US"),
        tz=ZONE,
    )
    records = columns.to_dict()
    digest = hashlib.sha256()
    for index, step, due in zip(
        records["enrollment"], records["step"], records["due"], strict=True
    ):
        digest.update(f"{first + index}:{step}:{due.isoformat()};".encode())
    return first, len(records["step"]), digest.hexdigest()


def simulate_chunk(bounds: tuple[int, int]) -> list[ck.Enrollment]:
    """Simulate one partition of prospects (ids are global, so the draws are too)."""
    first, count = bounds
    prospects = [f"p{index:07d}" for index in range(first, first + count)]
    return ck.simulate(
        ck.presets.eight_touch(),
        prospects,
        model=ck.ResponseModel(),
        seed=SEED,
        start=starts(first, count),
        calendar=ck.BusinessCalendar(country="US"),
        tz=ZONE,
    )


def chunks(total: int, size: int) -> list[tuple[int, int]]:
    return [(first, min(size, total - first)) for first in range(0, total, size)]


def run(scheduled: int, simulated: int, *, workers: int = 2) -> dict[str, object]:
    """Do the work on a local cluster and in this process; return both results and timings."""
    schedule_parts = chunks(scheduled, max(1, scheduled // (8 * workers)))
    simulate_parts = chunks(simulated, max(1, simulated // (4 * workers)))

    began = time.perf_counter()
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster),
    ):
        bag = db.from_sequence(schedule_parts, npartitions=len(schedule_parts))
        cluster_digests = sorted(bag.map(schedule_chunk).compute())
        bag = db.from_sequence(simulate_parts, npartitions=len(simulate_parts))
        cluster_enrollments = bag.map(simulate_chunk).flatten().compute()
    cluster_report = ck.report(cluster_enrollments)
    cluster_seconds = time.perf_counter() - began

    began = time.perf_counter()
    local_digests = [schedule_chunk(part) for part in schedule_parts]
    local_enrollments = simulate_chunk((0, simulated))  # one run, no partitions
    local_report = ck.report(local_enrollments)
    local_seconds = time.perf_counter() - began

    return {
        "touches": sum(count for _, count, _ in cluster_digests),
        "same_schedules": cluster_digests == local_digests,
        "same_enrollments": cluster_enrollments == local_enrollments,
        "same_report": cluster_report == local_report,
        "report": cluster_report,
        "cluster_seconds": cluster_seconds,
        "local_seconds": local_seconds,
    }


def main() -> None:
    args = [arg for arg in sys.argv[1:] if arg != "--big"]
    big = "--big" in sys.argv[1:]
    scheduled = int(args[0]) if args else 1_000_000 if big else 20_000
    simulated = int(args[1]) if len(args) > 1 else 20_000 if big else 1_000
    result = run(scheduled, simulated)
    print(f"scheduled {scheduled:,} enrollments ({result['touches']:,} touches)")
    print(f"simulated and reported on {simulated:,} prospects")
    print(result["report"])
    print(
        f"local cluster: {result['cluster_seconds']:.1f} s, one process: "
        f"{result['local_seconds']:.1f} s (the cluster's time includes starting it)"
    )
    same = all(result[key] for key in ("same_schedules", "same_enrollments", "same_report"))
    print("same results as one process:", "yes" if same else "NO")
    if not same:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
