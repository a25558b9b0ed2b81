"""From a CSV export to a report, partitioned on a local Dask cluster.

The export's rows are split by prospect (every row of one prospect in the
same partition, so each enrollment is replayed whole); each worker reads
its share with ``read_events`` and rebuilds its enrollments with
``replay_many``; the driver gathers the enrollments and reports on them.
The script then does the same work in this one process and checks both
give the same enrollments and the same report.

The export itself is made the way a CRM would: simulated enrollments
flattened with ``event_records`` and written as CSV.

Install the extra and run it::

    pip install '.[dask]'
    python examples/dask_export.py            # 20,000 prospects
    python examples/dask_export.py 2000       # a quicker run
"""

from __future__ import annotations

import csv
import io
import sys
import time
import zlib
from datetime import datetime
from zoneinfo import ZoneInfo

import dask.bag as db
from dask.distributed import Client, LocalCluster

import cadencekit as ck

ZONE = "America/New_York"
START = datetime(2026, 1, 5, 7, 0, tzinfo=ZoneInfo(ZONE))
CADENCE = ck.presets.eight_touch()
COLUMNS = (
    "prospect",
    "started",
    "kind",
    "at",
    "step",
    "response",
    "call_result",
    "until",
    "variant",
    "id",
)


def export(prospects: int, seed: int = 2026) -> str:
    """A CSV export of simulated enrollments, one row per event."""
    enrollments = ck.simulate(
        CADENCE,
        [f"p{index:07d}" for index in range(prospects)],
        model=ck.ResponseModel(),
        seed=seed,
        start=START,
        calendar=ck.BusinessCalendar(country="US"),
        tz=ZONE,
    )
    started = {e.prospect: e.started.isoformat() for e in enrollments}
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for record in ck.event_records(enrollments):
        record["started"] = started[str(record["prospect"])]
        record["at"] = record["at"].isoformat()  # type: ignore[attr-defined]
        until = record["until"]
        record["until"] = None if until is None else until.isoformat()  # type: ignore[attr-defined]
        writer.writerow(record)
    return out.getvalue()


def partitions(text: str, count: int) -> list[str]:
    """The export split in ``count`` CSV texts, every prospect's rows in one of them."""
    header, *lines = text.splitlines(keepends=True)
    parts: list[list[str]] = [[header] for _ in range(count)]
    for line in lines:
        prospect = line.split(",", 1)[0]
        parts[zlib.crc32(prospect.encode()) % count].append(line)
    return ["".join(part) for part in parts]


def replay_part(text: str) -> list[ck.Enrollment]:
    """One worker's share: read the rows, replay the enrollments."""
    table = ck.read_events(csv.DictReader(io.StringIO(text)))
    return ck.replay_many(table, CADENCE, calendar=ck.BusinessCalendar(country="US"), tz=ZONE)


def run(prospects: int, *, workers: int = 2) -> dict[str, object]:
    """The export-to-report path on a local cluster and in this process; both results and timings."""
    text = export(prospects)
    parts = partitions(text, 4 * workers)

    began = time.perf_counter()
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster),
    ):
        bag = db.from_sequence(parts, npartitions=len(parts))
        cluster_enrollments = bag.map(replay_part).flatten().compute()
    cluster_enrollments.sort(key=lambda e: (e.prospect, e.started))
    cluster_report = ck.report(cluster_enrollments)
    cluster_seconds = time.perf_counter() - began

    began = time.perf_counter()
    local_enrollments = replay_part(text)
    local_report = ck.report(local_enrollments)
    local_seconds = time.perf_counter() - began

    return {
        "events": text.count("\n") - 1,
        "same_enrollments": cluster_enrollments == local_enrollments,
        "same_report": cluster_report == local_report,
        "report": cluster_report,
        "cluster_seconds": cluster_seconds,
        "local_seconds": local_seconds,
    }


def main() -> None:
    prospects = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    result = run(prospects)
    print(f"{result['events']:,} events of {prospects:,} prospects")
    print(result["report"])
    print(
        f"local cluster: {result['cluster_seconds']:.1f} s, one process: "
        f"{result['local_seconds']:.1f} s (the cluster's time includes starting it)"
    )
    same = result["same_enrollments"] and result["same_report"]
    print("same results as one process:", "yes" if same else "NO")
    if not same:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
