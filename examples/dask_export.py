"""From a partitioned CSV export to one report, on a local Dask cluster.

A CRM exports its event log as CSV files, every prospect's rows in one file
(each enrollment is reported whole). Each worker reads its files with
``read_events`` and reports on them with ``report(table, cadences=...)``;
``merge_reports`` merges the reports, on the workers and then once more.
The merged report equals the report of the whole export, field for field.

What travels: the task graph holds the files' paths and a small function
(about 3 KB with the cadence it uses), and the workers send reports (about
0.5 MB pickled for an eighth of a million events: counts, the curve, the
waits; no rows). Nothing big is built on the driver, so nothing big is
shipped.

The script then reads the same export in this one process
(``read_events`` of the whole text, then ``report``), checks both reports
are equal in every field and view, and prints both times.

The export is the benchmark's (``benchmarks/bench_export.py``): about ten
events a prospect of an eight-touch cadence, touches with call results,
opens, clicks, bounces, replies of every kind, meetings, opt-outs.

Install the extra and run it::

    pip install '.[dask]'
    python examples/dask_export.py              # 100,000 prospects: about 1,000,000 events
    python examples/dask_export.py 10000        # a quicker run

On a quiet 2-core machine the million events take 2.2 s on two workers
(the cluster up) and 3.2 s in one process (docs/performance.md).
"""

from __future__ import annotations

import runpy
import sys
import tempfile
import time
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import cloudpickle
import dask.bag as db
from dask.distributed import Client, LocalCluster

import cadencekit as ck

BENCHMARK = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_export.py"
_GENERATOR = runpy.run_path(str(BENCHMARK), run_name="bench_export")
CADENCE: ck.Cadence = _GENERATOR["CADENCE"]


def export(prospects: int) -> str:
    """The export as one CSV text: the benchmark's, about ten events a prospect."""
    text: str = _GENERATOR["export_text"](prospects)
    return text


def write_partitions(text: str, directory: Path, count: int) -> list[Path]:
    """The export written as ``count`` CSV files, every prospect's rows in one of them."""
    header, *lines = text.splitlines(keepends=True)
    parts: list[list[str]] = [[header] for _ in range(count)]
    for line in lines:
        prospect = line.split(",", 1)[0]
        parts[zlib.crc32(prospect.encode()) % count].append(line)
    paths = []
    for index, part in enumerate(parts):
        path = directory / f"events-{index:03d}.csv"
        path.write_text("".join(part), encoding="utf-8")
        paths.append(path)
    return paths


def report_files(paths: Iterable[str]) -> ck.CadenceReport:
    """One partition: each file read and reported on, the reports merged."""
    return ck.merge_reports(
        ck.report(ck.read_events(Path(path).read_text(encoding="utf-8")), cadences=CADENCE)
        for path in paths
    )


def one_process(paths: list[Path]) -> ck.CadenceReport:
    """The same files in this process: their rows as one text, one table, one report."""
    texts = [path.read_text(encoding="utf-8") for path in paths]
    header = texts[0].split("\n", 1)[0] + "\n"
    text = header + "".join(t.split("\n", 1)[1] for t in texts)
    return ck.report(ck.read_events(text), cadences=CADENCE)


def same(a: ck.CadenceReport, b: ck.CadenceReport) -> bool:
    """Two reports agree in every field and every view."""
    return (
        a == b
        and a.to_dict() == b.to_dict()
        and a.by_variant(0) == b.by_variant(0)
        and a.funnel() == b.funnel()
        and str(a.now) == str(b.now)
        and all(
            a.response_time(after=after, touches=touches)
            == b.response_time(after=after, touches=touches)
            for after in ("reply", "click", "engagement")
            for touches in ("manual", "any")
        )
    )


def run(
    prospects: int, *, workers: int = 2, files: int = 8, processes: bool = True
) -> dict[str, Any]:
    """The partitioned export reported on a local cluster and in this process; results, timings."""
    text = export(prospects)
    with tempfile.TemporaryDirectory() as directory:
        paths = write_partitions(text, Path(directory), files)
        events = text.count("\n") - 1
        del text

        began = time.perf_counter()
        with (
            LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=processes,
                dashboard_address=":0",
            ) as cluster,
            Client(cluster) as client,
        ):
            client.run(lambda: None)  # the workers are up
            started = time.perf_counter()
            bag = db.from_sequence([str(path) for path in paths], npartitions=len(paths))
            merge = bag.reduction(report_files, ck.merge_reports, split_every=4)
            graph = len(cloudpickle.dumps(dict(merge.__dask_graph__())))
            cluster_report = merge.compute()
            done = time.perf_counter()

        local_began = time.perf_counter()
        local_report = one_process(paths)
        local_seconds = time.perf_counter() - local_began

    return {
        "events": events,
        "same_report": same(cluster_report, local_report),
        "report": cluster_report,
        "graph_bytes": graph,
        "start_seconds": started - began,
        "cluster_seconds": done - started,
        "local_seconds": local_seconds,
    }


def main() -> None:
    prospects = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    result = run(prospects)
    print(f"{result['events']:,} events of {prospects:,} prospects in 8 CSV files")
    print(result["report"])
    print(
        f"task graph: {result['graph_bytes']:,} bytes; starting 2 workers: "
        f"{result['start_seconds']:.1f} s"
    )
    ratio = result["cluster_seconds"] / result["local_seconds"]
    print(
        f"2 workers: {result['cluster_seconds']:.2f} s, one process: "
        f"{result['local_seconds']:.2f} s ({ratio:.2f}x)"
    )
    print("same report as one process:", "yes" if result["same_report"] else "NO")
    if not result["same_report"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
