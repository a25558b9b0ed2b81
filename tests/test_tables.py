"""Tables: rebuilding enrollments from a flat export."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

import cadencekit as ck
from tests.test_metrics import CADENCE, NOW, population


@pytest.fixture(scope="module")
def enrollments() -> list[ck.Enrollment]:
    return population()


# --- rows --------------------------------------------------------------------------------


def rows_of(enrollments: list[ck.Enrollment]) -> list[dict[str, object]]:
    rows = []
    for e in enrollments:
        for event in e.events:
            data = event.to_dict()
            del data["version"]
            rows.append(
                {"prospect": e.prospect, "cadence": e.cadence.name, "started": e.started, **data}
            )
    return rows


def test_rows_rebuild_the_same_enrollments(enrollments: list[ck.Enrollment]) -> None:
    rows = rows_of(enrollments)
    random.Random(5).shuffle(rows)
    rebuilt = ck.enrollments_from_rows(rows, {CADENCE.name: CADENCE})
    touched = [e for e in enrollments if e.events]  # flo has no rows
    assert sorted(rebuilt, key=lambda e: e.prospect) == touched
    assert ck.report(rebuilt, now=NOW).to_dict() == ck.report(touched, now=NOW).to_dict()


def test_rows_accept_pandas_missing_values() -> None:
    nan = float("nan")
    rows = [
        {"prospect": "p", "cadence": CADENCE.name, "kind": "touch", "step": 0.0,
         "at": "2026-11-23T09:00:00+00:00", "response": nan, "variant": nan},
        {"prospect": "p", "cadence": CADENCE.name, "kind": "reply", "step": nan,
         "at": "2026-11-24T09:00:00+00:00", "response": "no", "variant": nan},
    ]  # fmt: skip
    (e,) = ck.enrollments_from_rows(rows, [CADENCE])
    assert e.exit_reason is ck.ExitReason.DECLINED
    assert e.started == datetime(2026, 11, 23, 9, tzinfo=UTC)


def test_rows_errors_name_the_row() -> None:
    good = {"prospect": "p", "cadence": CADENCE.name, "at": "2026-11-23T09:00:00+00:00"}
    with pytest.raises(ck.SchemaError, match=r"rows\[1\]\.kind"):
        ck.enrollments_from_rows(
            [{**good, "kind": "touch", "step": 0}, {**good, "kind": "x"}], [CADENCE]
        )
    with pytest.raises(ck.SchemaError, match=r"rows\[0\]\.cadence 'Other'"):
        ck.enrollments_from_rows([{**good, "cadence": "Other", "kind": "stop"}], [CADENCE])
    with pytest.raises(ck.SchemaError, match=r"rows\[0\]\.step"):
        ck.enrollments_from_rows([{**good, "kind": "touch", "step": 9}], [CADENCE])
