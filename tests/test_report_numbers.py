"""The manager's step numbers reach the report (issue 29, build 3)."""

from __future__ import annotations

import pytest

import cadencekit as ck

OUTLINE = ck.Cadence.from_text(
    "Cold outbound\n1. Day 1: Email\n2. Day 3: Call; leave a voicemail if nobody answers\n"
    "3. Day 5: Email",
    name="Cold outbound",
)
ROWS = [
    {"prospect": "ada", "kind": "touch", "step": 0, "at": "2026-11-23T09:00:00+00:00"},
    {"prospect": "ada", "kind": "touch", "step": 1, "call_result": "no_answer",
     "at": "2026-11-25T09:00:00+00:00"},
    {"prospect": "ada", "kind": "touch", "step": 2, "at": "2026-11-25T09:05:00+00:00"},
    {"prospect": "bob", "kind": "touch", "step": 0, "at": "2026-11-23T09:00:00+00:00"},
    {"prospect": "bob", "kind": "touch", "step": 1, "call_result": "connected",
     "at": "2026-11-25T10:00:00+00:00"},
    {"prospect": "bob", "kind": "reply", "step": 1, "response": "positive",
     "at": "2026-11-25T10:05:00+00:00"},
]  # fmt: skip


@pytest.mark.parametrize("path", ["engine", "table"])
def test_by_cadence_step_numbered_counts_each_prospect_once_per_step(path: str) -> None:
    table = ck.read_events(ROWS)
    if path == "engine":
        result = ck.report(ck.replay_many(table, OUTLINE))
    else:
        result = ck.report(table, cadences=OUTLINE)
    numbered = result.by_cadence_step(numbered=True)
    assert list(numbered) == [("Cold outbound", 1), ("Cold outbound", 2)]
    step_two = numbered["Cold outbound", 2]
    assert (step_two.prospects, step_two.touches) == (2, 3)  # the call twice, one voicemail
    assert step_two.reply_rate.numerator == 1
    by_index = result.by_cadence_step()
    assert sum(by_index[key].touches for key in by_index) == sum(
        numbered[key].touches for key in numbered
    )
    assert "cadence, step number" in str(numbered)


def test_numbered_must_be_a_flag() -> None:
    result = ck.report(ck.replay_many(ck.read_events(ROWS), OUTLINE))
    with pytest.raises(ck.InvalidFieldError, match="numbered"):
        result.by_cadence_step(numbered="yes")  # type: ignore[arg-type]
