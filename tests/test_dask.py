"""Scale-out: the Dask example on a small local cluster equals one process."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

pytest.importorskip("dask.distributed")

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "dask_schedule.py"


def test_local_cluster_gives_the_same_results_as_one_process() -> None:
    example = runpy.run_path(str(EXAMPLE), run_name="dask_schedule")
    result = example["run"](3000, 120, workers=2)
    assert result["touches"] == 3000 * 10  # the 8-touch model: ten steps, eight touches
    assert result["same_schedules"] is True
    assert result["same_enrollments"] is True
    assert result["same_report"] is True
    assert result["report"].enrolled == 120


def test_export_partitions_reported_on_a_local_cluster_merge_into_one_process_report() -> None:
    example = runpy.run_path(str(EXAMPLE.with_name("dask_export.py")), run_name="dask_export")
    result = example["run"](300, workers=2, files=5)
    assert 2500 < result["events"] < 3500  # about ten events a prospect
    assert result["same_report"] is True  # every field and view of the two reports
    assert result["report"].enrolled == 300
    assert result["report"].time_to_first_reply.events  # replies on the curve, merged
    assert result["graph_bytes"] < 20_000  # paths and a small function: no rows, no tables
