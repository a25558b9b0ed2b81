"""``report(table, cadences=...)``: the report of ``replay_many``, without building enrollments.

The quick fold in tables.py handles most groups of an export itself and
hands the rest to the engine; every test here compares it with the engine's
own answer, ``report(replay_many(table, ...))``, and checks which path ran.
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import pickle
import random
import re
import runpy
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from unittest.mock import patch

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cadencekit as ck
from cadencekit import _columnar, _grouping

EMAIL_CALL = ck.Cadence(
    "Email and call",
    [
        ck.Touchpoint("email", 1),
        ck.Touchpoint("call", 3),
        ck.Touchpoint("voicemail", 3, skip_if_connected=True),
        ck.Touchpoint("email", 5),
    ],
)
CALLS = ck.Cadence(
    "Calls",
    [
        ck.Touchpoint("call", 1),
        ck.Touchpoint("voicemail", 1, skip_if_connected=True),
        ck.Touchpoint("linkedin", 2),
    ],
    window=ck.SendHours({"mon-fri": ["09:00-12:00", "14:00-17:00"]}),
)
# The call needs a phone the table's prospects never have: the engine skips it, and
# the quick fold, which has no facts, hands every group of it to the engine.
NEEDS_PHONE = ck.Cadence(
    "Calls",
    [
        ck.Touchpoint("email", 1),
        ck.Touchpoint("call", 2, requires=("phone",)),
        ck.Touchpoint("email", 3),
    ],
)
BASE = datetime(2026, 3, 6, 8, tzinfo=UTC)  # the US changes its clocks on Sunday 8 March 2026


def reports_agree(
    table: ck.EventTable, cadences: Any, **options: Any
) -> tuple[ck.CadenceReport | None, ck.CadenceReport | None]:
    """Both reports (or both errors, the same), with every view of them compared."""
    try:
        # rows the table could not read count in neither: the table's report says how many
        expected = ck.report(ck.replay_many(table, cadences, **options), unreadable=table.problems)
    except ck.CadenceError as error:
        with pytest.raises(type(error), match=f"^{re.escape(str(error))}$"):
            ck.report(table, cadences=cadences, **options)
        return None, None
    got = ck.report(table, cadences=cadences, **options)
    assert got == expected
    assert got.to_dict() == expected.to_dict()
    views_agree(got, expected)
    assert got.now == expected.now
    assert got.rep_response_time == got.response_time()  # the fold's own and the measure's
    assert str(got.now) == str(expected.now)
    for after in ("reply", ("click", "engagement")):
        for touches in ("manual", "any"):
            assert got.response_time(after=after, touches=touches) == expected.response_time(
                after=after, touches=touches
            )
    return got, expected


METRICS = list(ck.report([]).rates())


def views_agree(got: ck.CadenceReport, expected: ck.CadenceReport, *, deep: bool = True) -> None:
    """Every slice of two reports agrees: steps, channels, variants, funnel, cadences, keys, time."""
    assert got.by_cadence_step() == expected.by_cadence_step()
    assert list(got.by_cadence_step()) == list(expected.by_cadence_step())
    assert got.by_channel() == expected.by_channel()
    assert list(got.by_channel()) == list(expected.by_channel())
    assert got.funnel() == expected.funnel()
    assert got.to_records() == expected.to_records()
    names = {name for name, _ in got.by_cadence_step()}
    for name in names:
        assert got.by_step(cadence=name) == expected.by_step(cadence=name)
        for step in {step for cadence, step in got.by_cadence_step() if cadence == name} | {0}:
            assert got.by_variant(step, cadence=name) == expected.by_variant(step, cadence=name)
    if len(names) <= 1:
        assert got.by_step() == expected.by_step()
        assert got.by_variant(0) == expected.by_variant(0)
    else:
        with pytest.raises(ck.InvalidFieldError, match="step numbers of two cadences"):
            got.by_step()
    slicings = [
        ("by_cadence", lambda r: r.by_cadence()),
        ("owner", lambda r: r.by("owner")),
        ("account", lambda r: r.by("account")),
        ("status", lambda r: r.by(lambda e: (e.status, e.exit_reason))),
        ("cohort", lambda r: r.by_cohort("week", tz="America/Chicago")),
        ("day", lambda r: r.by_cohort("day", tz="Asia/Tokyo")),
    ]
    for _, slicing in slicings:
        mine, theirs = slicing(got), slicing(expected)
        assert mine == theirs
        assert list(mine) == list(theirs)
        assert sum(part.enrolled for part in mine.values()) == got.enrolled
        assert sum(part.touched for part in mine.values()) == got.touched
        if mine and not got.unreadable:  # the groups partition the report
            assert ck.merge_reports(mine.values()) == got
        if deep:
            for key in mine:
                assert mine[key].to_dict() == theirs[key].to_dict()
                views_agree(mine[key], theirs[key], deep=False)
    # Every metric over time at the top; a slice (built by the same code) checks a few,
    # a different few per slice, so the suite's time goes to more examples instead.
    metrics = METRICS if deep else METRICS[got.enrolled % len(METRICS) :][:2]
    for metric in metrics:
        for period, tz in (("week", "UTC"), ("month", "America/Chicago")):
            assert got.over_time(period, metric=metric, tz=tz) == expected.over_time(
                period, metric=metric, tz=tz
            )


class Counted:
    """Counts the groups the engine replays, by wrapping ``_Replay.enrollment``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        original = _grouping.Replay.enrollment

        def counting(replay: Any, group: Any) -> ck.Enrollment:
            self.calls += 1
            return original(replay, group)

        monkeypatch.setattr(_grouping.Replay, "enrollment", counting)

    def took(self, expected: int) -> bool:
        """Whether the engine replayed ``expected`` groups (any number when it runs alone)."""
        return _columnar.ENGINE_ONLY or self.calls == expected

    def within(self, low: int, high: int) -> bool:
        """Whether the engine replayed between ``low`` and ``high`` groups, both included."""
        return _columnar.ENGINE_ONLY or low <= self.calls <= high


def engine_refused() -> contextlib.AbstractContextManager[object]:
    """A block in which the engine may not replay a group (unless it runs alone)."""
    if _columnar.ENGINE_ONLY:
        return contextlib.nullcontext()
    return patch.object(_grouping.Replay, "enrollment", side_effect=AssertionError("engine"))


def quickly(
    rows: list[dict[str, object]], monkeypatch: pytest.MonkeyPatch
) -> tuple[ck.EventTable, ck.CadenceReport]:
    """The table of ``rows`` and its report, which the quick fold made alone (no engine)."""
    return quickly_for(rows, EMAIL_CALL, monkeypatch)


def quickly_for(
    rows: list[dict[str, object]], cadences: Any, monkeypatch: pytest.MonkeyPatch
) -> tuple[ck.EventTable, ck.CadenceReport]:
    """``quickly`` for other cadences."""
    table = ck.read_events(rows)
    counted = Counted(monkeypatch)
    got = ck.report(table, cadences=cadences)
    assert counted.took(0)
    return table, got


# --- hand-worked exports --------------------------------------------------------------


def export_rows(seed: int, prospects: int) -> list[dict[str, object]]:
    """An export like the benchmark's: every reply kind, pauses, meetings, bounces, opt-outs."""
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    for index in range(prospects):
        prospect = f"p{index:03d}"
        started = BASE + timedelta(minutes=rng.randrange(0, 60 * 24 * 20))
        at = started

        def row(
            kind: str,
            when: datetime,
            head: tuple[str, datetime] = (prospect, started),
            **more: object,
        ) -> None:
            rows.append(
                {"prospect": head[0], "started": head[1].isoformat(), "kind": kind,
                 "at": when.isoformat(), **more}
            )  # fmt: skip

        for step, touchpoint in enumerate(EMAIL_CALL):
            at += timedelta(days=rng.choice((1, 2, 3)), minutes=rng.randrange(60))
            if touchpoint.channel is ck.Channel.CALL:
                result = rng.choice(("connected", "no_answer", "voicemail"))
                row("touch", at, step=step, call_result=result)
            else:
                row("touch", at, step=step)
            if touchpoint.channel is ck.Channel.EMAIL:
                if rng.random() < 0.05:
                    row("bounce", at + timedelta(seconds=5), step=step)
                if rng.random() < 0.5:
                    row("open", at + timedelta(hours=5), step=step)  # after the reply below
                if rng.random() < 0.2:
                    row("click", at + timedelta(hours=1, minutes=1), step=step)
            if rng.random() < 0.1:
                response = rng.choice(("positive", "no", "maybe", "out_of_office", "other"))
                row("reply", at + timedelta(hours=3), response=response)
                if response == "positive" and rng.random() < 0.5:
                    row("meeting", at + timedelta(days=1))
            if rng.random() < 0.03:
                row("opt_out", at + timedelta(hours=2))
            if rng.random() < 0.05:
                row("engagement", at + timedelta(hours=4))
            if rng.random() < 0.02:
                row("meeting", at + timedelta(hours=6))  # booked from the calendar link
            if rng.random() < 0.15:
                break  # still in flight when the export was taken
    return rows


def test_a_plain_export_reports_as_its_replay_and_the_engine_never_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows = export_rows(7, 300)
    table = ck.read_events(rows)
    expected = ck.report(ck.replay_many(table, EMAIL_CALL))
    counted = Counted(monkeypatch)
    got = ck.report(table, cadences=EMAIL_CALL)
    assert counted.took(0)  # every group took the quick fold
    assert got == expected
    assert got.by_step() == expected.by_step()
    assert got.ended_by == expected.ended_by
    reasons = set(got.ended_by)  # the sample exercises every way out the quick fold knows
    assert {
        ck.ExitReason.COMPLETED,
        ck.ExitReason.POSITIVE_REPLY,
        ck.ExitReason.DECLINED,
    } <= reasons
    assert {ck.ExitReason.BOUNCED, ck.ExitReason.OPTED_OUT, ck.ExitReason.MEETING_BOOKED} <= reasons
    assert got.paused > 0
    assert got.active > 0
    assert counted.took(0)
    got.response_time(after="reply")  # measured in the fold: nothing is replayed for it
    got.response_time(after="click", touches="any")
    assert counted.took(0)


def test_rows_in_any_order_give_the_same_report() -> None:
    rows = export_rows(11, 120)
    expected = ck.report(ck.read_events(rows), cadences=EMAIL_CALL)
    random.Random(3).shuffle(rows)
    table = ck.read_events(rows)
    got, _ = reports_agree(table, EMAIL_CALL)
    assert got == expected


@pytest.mark.parametrize("layout", ["runs", "runs, then a prospect again", "time order"])
def test_rows_past_the_first_glance_group_as_the_long_way_groups_them(layout: str) -> None:
    # runs() looks at the first 4,096 rows before it walks them all: an export longer than
    # that groups the same whether its prospects repeat early, late or never
    rows = export_rows(5, 2_000)
    assert len(rows) > 2 * _grouping._GLANCE
    if layout == "runs, then a prospect again":
        rows.append({**rows[0], "kind": "open", "at": "2026-12-30T09:00:00+00:00"})
    elif layout == "time order":
        rows.sort(key=lambda row: datetime.fromisoformat(str(row["at"])))
    table = ck.read_events(rows)
    grouped: dict[tuple[object, ...], list[int]] = {}
    for index in range(len(table)):  # the long way: a dict of each key's rows
        key = (table.prospect[index], table.cadence[index], table.started[index])
        grouped.setdefault(key, []).append(index)
    got = [(key, list(members)) for key, members in _grouping.groups(table)]
    assert got == list(grouped.items())
    assert (_grouping.arranged(table)[1] is None) is (layout == "runs")
    assert ck.report(table, cadences=EMAIL_CALL) == ck.report(ck.replay_many(table, EMAIL_CALL))


def test_the_same_start_written_in_two_offsets_is_one_enrollment() -> None:
    rows = [
        {"prospect": "ada", "kind": "touch", "step": 0, "at": "2026-11-23T09:00:00+00:00",
         "started": "2026-11-23T08:00:00+00:00"},
        {"prospect": "ada", "kind": "reply", "response": "no", "at": "2026-11-23T12:00:00+00:00",
         "started": "2026-11-23T03:00:00-05:00"},
    ]  # fmt: skip
    got, _ = reports_agree(ck.read_events(rows), EMAIL_CALL)
    assert got is not None
    assert got.enrolled == 1
    assert got.ended_by == {ck.ExitReason.DECLINED: 1}


def test_a_connected_call_skips_its_voicemail_and_completes_on_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows = [
        {"prospect": "ada", "kind": "touch", "step": 0, "at": "2026-11-23T09:00:00+00:00"},
        {"prospect": "ada", "kind": "touch", "step": 1, "call_result": "connected",
         "at": "2026-11-25T09:00:00+00:00"},
        {"prospect": "ada", "kind": "touch", "step": 3, "at": "2026-11-27T09:00:00+00:00"},
        {"prospect": "bob", "kind": "touch", "step": 0, "at": "2026-11-23T09:00:00+00:00"},
        {"prospect": "bob", "kind": "touch", "step": 1, "call_result": "no_answer",
         "at": "2026-11-25T09:00:00+00:00"},
    ]  # fmt: skip
    table, got = quickly(rows, monkeypatch)
    assert got.ended_by == {ck.ExitReason.COMPLETED: 1}  # ada; bob still owes the voicemail
    assert got.active == 1
    reports_agree(table, EMAIL_CALL)


def test_a_gap_in_history_counts_as_passed_on_both_paths(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Issue 29: a later day's step recorded while an earlier day's step has no record.
    # cy's day-3 call and voicemail went unlogged; her day-5 email passes them, so the
    # cadence completes with it (the engine's decision says so). dee's voicemail, of the
    # call's own day, stays owed: a rep may work one day's touches in any order.
    rows = [
        {"prospect": "cy", "kind": "touch", "step": 0, "at": "2026-11-23T09:00:00+00:00"},
        {"prospect": "cy", "kind": "touch", "step": 3, "at": "2026-11-27T09:00:00+00:00"},
        {"prospect": "dee", "kind": "touch", "step": 0, "at": "2026-11-23T09:00:00+00:00"},
        {"prospect": "dee", "kind": "touch", "step": 2, "at": "2026-11-25T09:00:00+00:00"},
    ]  # fmt: skip
    table, got = quickly(rows, monkeypatch)
    assert got.ended_by == {ck.ExitReason.COMPLETED: 1}
    assert got.active == 1
    reports_agree(table, EMAIL_CALL)
    cy, dee = sorted(ck.replay_many(table, EMAIL_CALL), key=lambda e: e.prospect)
    assert cy.skipped == (1, 2)
    assert "step 2 (call), step 2 (voicemail) passed with no record" in cy.decisions[-1].effect
    assert [t.step for t in dee.plan] == [1, 3]


def test_a_repeated_touch_row_and_a_meeting_at_the_last_steps_instant(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Found by --hypothesis-seed=3: the connected call and a bare repeat of it, then the
    # last step and a meeting, all in one second. The repeat changes nothing: the call
    # was answered, its voicemail is not owed, the last touch completes the cadence
    # before the meeting (touches come first at one instant), on both paths.
    at = "2026-03-06T08:00:00+00:00"
    head = {"prospect": "p0", "at": at, "started": at, "cadence": "Calls", "tz": "America/New_York"}
    rows = [
        {**head, "kind": "touch", "step": 0, "call_result": "connected"},
        {**head, "kind": "open", "step": 0},
        {**head, "kind": "touch", "step": 0},
        {**head, "kind": "touch", "step": 2},
        {**head, "kind": "meeting"},
    ]
    without_repeat = [row for index, row in enumerate(rows) if index != 2]
    for written in (rows, without_repeat):
        table, got = quickly_for(written, [EMAIL_CALL, CALLS], monkeypatch)
        assert got.ended_by == {ck.ExitReason.COMPLETED: 1}
        assert got.meeting_booking_rate.numerator == 1  # counted all the same
        reports_agree(table, [EMAIL_CALL, CALLS])


def test_a_redelivery_and_a_pause_stay_on_the_quick_fold(monkeypatch: pytest.MonkeyPatch) -> None:
    at = "2026-11-23T09:00:00+00:00"
    rows = [
        # an id to deduplicate
        {"prospect": "dup", "kind": "touch", "step": 0, "at": at, "id": "m1"},
        {"prospect": "dup", "kind": "touch", "step": 0, "at": "2026-11-23T10:00:00+00:00",
         "id": "m1"},
        # a manual pause
        {"prospect": "held", "kind": "pause", "at": at},
        # an ordinary one
        {"prospect": "plain", "kind": "touch", "step": 0, "at": at},
    ]  # fmt: skip
    table = ck.read_events(rows)
    counted = Counted(monkeypatch)
    got = ck.report(table, cadences=EMAIL_CALL)
    assert counted.took(0)  # a redelivery keeps its earliest, a pause holds: no engine
    assert (got.enrolled, got.paused, got.active) == (3, 1, 2)
    assert got.by_step()[0].touches == 2  # dup's second delivery is not a second touch
    assert got == ck.report(ck.replay_many(table, EMAIL_CALL))


def test_skips_ids_ends_pauses_and_resumes_stay_on_the_quick_fold(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # What a real export holds: a voicemail recorded as skipped after a connected call,
    # an id on every row, an out-of-office with its return date, a rep's dated pause and
    # an open-ended one released by a resume. The program follows them all: no group
    # reaches the engine, and the report is the engine's.
    def at(day: int, hour: int = 14) -> str:
        return f"2026-11-{day:02d}T{hour:02d}:00:00+00:00"

    rows = [
        {"prospect": "ada", "kind": "touch", "step": 0, "at": at(23), "id": "1"},
        {"prospect": "ada", "kind": "touch", "step": 1, "call_result": "connected", "at": at(25), "id": "2"},
        {"prospect": "ada", "kind": "skip", "step": 2, "at": at(25, 15), "id": "3"},
        {"prospect": "ada", "kind": "touch", "step": 3, "at": at(27), "id": "4"},
        {"prospect": "bob", "kind": "touch", "step": 0, "at": at(23), "id": "5"},
        {"prospect": "bob", "kind": "reply", "response": "out_of_office", "until": "2026-12-07",
         "at": at(24), "id": "6"},
        {"prospect": "cy", "kind": "touch", "step": 0, "at": at(23), "id": "7"},
        {"prospect": "cy", "kind": "pause", "until": "2030-01-01", "at": at(24), "id": "8"},
        {"prospect": "di", "kind": "touch", "step": 0, "at": at(23), "id": "9"},
        {"prospect": "di", "kind": "pause", "at": at(24), "id": "10"},
        {"prospect": "di", "kind": "resume", "at": at(26), "id": "11"},
    ]  # fmt: skip
    table, got = quickly(rows, monkeypatch)
    assert got.ended_by == {ck.ExitReason.COMPLETED: 1}  # ada: the skip took the voicemail
    assert (got.paused, got.active) == (2, 1)  # bob until 7 Dec, cy until 2030; di resumed
    reports_agree(table, EMAIL_CALL)


def test_a_once_pause_then_a_second_maybe_ends_on_both_paths(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Issue "One statement of what happens": the first maybe pauses (once), the second
    # is declined. The table path used to miss `once` and leave the prospect active.
    rules = (
        ck.Rule(ck.Match("reply", response="maybe"), ck.Pause(2), once=True, name="first maybe"),
        ck.Rule(ck.Match("reply", response="maybe"), ck.End("declined"), name="second maybe"),
        *ck.default_rules(),
    )
    rows = [
        {"prospect": "ada", "kind": "touch", "step": 0, "at": "2026-11-23T14:00:00+00:00"},
        {"prospect": "ada", "kind": "reply", "response": "maybe", "at": "2026-11-23T16:00:00+00:00"},
        {"prospect": "ada", "kind": "reply", "response": "maybe", "at": "2026-11-30T16:00:00+00:00"},
        {"prospect": "bob", "kind": "touch", "step": 0, "at": "2026-11-23T14:00:00+00:00"},
    ]  # fmt: skip
    table = ck.read_events(rows)
    counted = Counted(monkeypatch)
    got = ck.report(table, cadences=EMAIL_CALL, rules=rules)
    assert counted.took(1)  # ada's group: the once rule needs her history; bob's does not
    assert got.ended_by == {ck.ExitReason.DECLINED: 1}
    assert got == ck.report(ck.replay_many(table, EMAIL_CALL, rules=rules))
    why: dict[str, int] = {}
    options = {"calendar": None, "tz": "UTC", "rules": rules, "rep_calendars": None}
    list(_columnar.report_groups(table, EMAIL_CALL, why=why, **options))
    assert why == ({"engine only": 2} if _columnar.ENGINE_ONLY else {"a once rule would match": 1})


def test_events_at_one_instant_go_in_the_engines_order(monkeypatch: pytest.MonkeyPatch) -> None:
    at = "2026-11-23T09:00:00+00:00"
    rows = [  # the open and the reply were logged before the touch, in the same second
        {"prospect": "ada", "kind": "open", "step": 0, "at": at},
        {"prospect": "ada", "kind": "reply", "response": "positive", "at": "2026-11-23T04:00:00-05:00"},
        {"prospect": "ada", "kind": "touch", "step": 0, "at": at},
        {"prospect": "bob", "kind": "reply", "response": "no", "at": at},
        {"prospect": "bob", "kind": "touch", "step": 0, "at": at},
        {"prospect": "bob", "kind": "touch", "step": 1, "at": "2026-11-25T09:00:00+00:00"},
    ]  # fmt: skip
    table, got = quickly(rows, monkeypatch)
    assert got.open_rate.numerator == 1  # the open belongs to the touch: it came first
    assert got.positive_reply_rate.numerator == 1
    assert got.ended_by == {ck.ExitReason.POSITIVE_REPLY: 1, ck.ExitReason.DECLINED: 1}
    assert got.by_step()[0].reply_rate.numerator == 2
    reports_agree(table, EMAIL_CALL)


def test_a_pause_ends_at_its_midnight_and_a_read_reply_releases_its_hold(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    touch = {"kind": "touch", "step": 0, "at": "2026-11-23T09:00:00+00:00"}
    maybe = {"kind": "reply", "response": "maybe", "at": "2026-11-23T10:00:00+00:00"}
    rows = [  # a "maybe" holds 10 business days: until Monday 7 December, 00:00
        {"prospect": "ada", **touch},
        {"prospect": "ada", **maybe},
        {"prospect": "ada", "kind": "open", "step": 0, "at": "2026-12-07T00:00:00+00:00"},
        {"prospect": "bob", **touch},
        {"prospect": "bob", **maybe},
        {"prospect": "bob", "kind": "open", "step": 0, "at": "2026-12-06T23:59:59+00:00"},
        # a reply someone must read holds until a classified one; a short "maybe" then
        # holds one business day, and a later event lets it go
        {"prospect": "cy", **touch},
        {"prospect": "cy", "kind": "reply", "response": "other", "at": "2026-11-23T10:00:00+00:00"},
        {"prospect": "cy", "kind": "reply", "response": "maybe", "at": "2026-11-24T10:00:00+00:00"},
        {"prospect": "cy", "kind": "open", "step": 0, "at": "2026-11-26T10:00:00+00:00"},
    ]  # fmt: skip
    table, got = quickly(rows, monkeypatch)
    assert (got.active, got.paused) == (1, 2)  # ada let go at midnight; bob (and cy) held
    short = [ck.Rule(ck.Match("reply", response="maybe"), ck.Pause(1)), *ck.default_rules()]
    with engine_refused():
        got = ck.report(table, cadences=EMAIL_CALL, rules=short)
    assert (got.active, got.paused) == (3, 0)  # cy's "other" was read, its hold released
    reports_agree(table, EMAIL_CALL)
    reports_agree(table, EMAIL_CALL, rules=short)


def test_rules_the_quick_fold_cannot_follow_go_to_the_engine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows = export_rows(5, 40)
    table = ck.read_events(rows)
    silence = ck.Rule(
        ck.Silence(2, after_step=0, unless=("reply",)), ck.Skip(channels=["call"]), name="quiet"
    )
    twice = ck.Rule(ck.Match("open", count=2), ck.End("meeting_booked"))
    insert = ck.Rule(ck.Match("reply", response="maybe"), ck.Insert([ck.Touchpoint("call", 2)]))
    why = ck.Rule(ck.Match("reply", response="no", reason="budget"), ck.Pause(3))
    facts = ck.Rule(ck.Match("open", facts={"title": ck.Contains("VP")}), ck.End("declined"))

    def having(test: Any) -> int:
        return len({row["prospect"] for row in rows if test(row)})

    counted = Counted(monkeypatch)
    # Only the groups with an event whose effect needs history go to the engine, as
    # the compiled program says: a touch that starts the silence, an open the counted
    # rule would count, a "maybe" that inserts steps; never the whole table.
    for extra, needs in (
        (silence, lambda row: row["kind"] == "touch" and row.get("step") == 0),
        (twice, lambda row: row["kind"] == "open"),
        (insert, lambda row: row.get("response") == "maybe"),
        (why, lambda row: row.get("response") == "no"),
        (facts, lambda row: row["kind"] == "open"),
    ):
        counted.calls = 0
        ck.report(table, cadences=EMAIL_CALL, rules=[extra, *ck.default_rules()])
        assert counted.within(1, having(needs))  # (an enrollment may end before)
        reports_agree(table, EMAIL_CALL, rules=[extra, *ck.default_rules()])


def test_an_events_own_details_go_to_the_engine_only_where_the_program_says(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # An engagement's what, a skip's channels, a reassign's owner: the quick fold carries
    # none, so the compiled program decides, row by row, whether it may go without them.
    def at(day: int, hour: int = 14) -> str:
        return f"2026-11-{day:02d}T{hour:02d}:00:00+00:00"

    liked = [
        {"prospect": "ada", "kind": "touch", "step": 0, "at": at(23)},
        {"prospect": "ada", "kind": "engagement", "what": "webinar", "at": at(24)},
    ]
    table, got = quickly(liked, monkeypatch)  # no rule reads what: the quick fold alone
    assert table.events()[1].what == "webinar"
    reports_agree(table, EMAIL_CALL)
    webinar = ck.Rule(ck.Match("engagement", what="webinar"), ck.End("meeting_booked"))
    rules = [webinar, *ck.default_rules()]
    counted = Counted(monkeypatch)
    got = ck.report(table, cadences=EMAIL_CALL, rules=rules)
    assert counted.took(1)  # the rule reads what: the engine replays ada
    assert got.ended_by == {ck.ExitReason.MEETING_BOOKED: 1}
    reports_agree(table, EMAIL_CALL, rules=rules)
    others = [
        {"prospect": "bob", "kind": "touch", "step": 0, "at": at(23)},
        {"prospect": "bob", "kind": "skip", "channels": "call, voicemail", "at": at(24)},
        {"prospect": "cy", "kind": "touch", "step": 0, "at": at(23)},
        {"prospect": "cy", "kind": "reassign", "new_owner": "lou", "rep_calendar": "DE", "at": at(24)},
        {"prospect": "di", "kind": "touch", "step": 0, "at": at(23)},
    ]  # fmt: skip
    table = ck.read_events(others)
    counted.calls = 0
    ck.report(table, cadences=EMAIL_CALL)
    assert counted.took(2)  # bob and cy; di stays on the quick fold
    with patch.object(_columnar, "ENGINE_ONLY", False):
        reasons: dict[str, int] = {}
        list(_columnar.report_groups(table, EMAIL_CALL, calendar=None, tz="UTC", rules=None,
                                     rep_calendars=None, why=reasons))  # fmt: skip
        assert reasons == {
            "a skip of channels drops the steps left on them": 1,
            "a reassign changes the owner and the rep's days": 1,
        }
    reports_agree(table, EMAIL_CALL)


def test_a_step_that_requires_a_fact_sends_every_group_to_the_engine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows = [row for row in export_rows(7, 12) if row.get("step") in (None, 0, 1, 2)]
    table = ck.read_events(rows)
    reports_agree(table, NEEDS_PHONE)
    counted = Counted(monkeypatch)
    ck.report(table, cadences=NEEDS_PHONE)
    prospects = len({row["prospect"] for row in rows})
    assert counted.took(prospects)
    # the same cadence without the requirement stays on the quick fold where it can
    plain = ck.Cadence("Calls", [attrs.evolve(t, requires=()) for t in NEEDS_PHONE.touchpoints])
    reports_agree(table, plain)
    counted.calls = 0
    ck.report(table, cadences=plain)
    assert counted.within(0, prospects - 1)


def test_an_error_is_the_one_replay_many_raises() -> None:
    rows = [
        {"prospect": "ada", "kind": "touch", "step": 0, "at": "2026-11-23T09:00:00+00:00"},
        {"prospect": "bob", "kind": "touch", "step": 9, "at": "2026-11-23T09:00:00+00:00"},
    ]
    table = ck.read_events(rows)
    with pytest.raises(ck.SchemaError, match=r"rows\[1\]\.step"):
        ck.report(table, cadences=EMAIL_CALL)
    with pytest.raises(ck.InvalidFieldError, match="cadences"):
        ck.report(table)
    with pytest.raises(ck.InvalidFieldError, match="only with an EventTable"):
        ck.report([], cadences=EMAIL_CALL)
    with pytest.raises(ck.InvalidFieldError, match="only with an EventTable"):
        ck.report([], tz="Europe/Berlin")


def test_a_report_of_a_table_pickles_and_replays_after() -> None:
    table = ck.read_events(export_rows(3, 30))
    got = ck.report(table, cadences=EMAIL_CALL)
    back = pickle.loads(pickle.dumps(got))
    assert back == got
    assert back.response_time(after="reply") == got.response_time(after="reply")


def test_a_csv_export_with_zones_countries_and_owners() -> None:
    export = io.StringIO()
    writer = csv.writer(export)
    writer.writerow(["prospect", "cadence", "kind", "at", "step", "response", "call_result",
                     "tz", "country", "owner"])  # fmt: skip
    rng = random.Random(9)
    for index in range(60):
        zone, country = rng.choice([("America/New_York", "US"), ("Europe/Berlin", "DE"), ("", "")])
        cadence = rng.choice((EMAIL_CALL, CALLS))
        owner = rng.choice(("rep-a", "rep-b"))
        at = datetime(2026, 3, 2, 9) + timedelta(hours=rng.randrange(200))  # naive: in `tz`
        for step in range(len(cadence)):
            at += timedelta(hours=rng.randrange(20, 60))
            result = "connected" if rng.random() < 0.3 else "no_answer"
            channel = cadence[step].channel
            writer.writerow([f"p{index}", cadence.name, "touch", at.isoformat(), step, "",
                             result if channel is ck.Channel.CALL else "", zone, country,
                             owner])  # fmt: skip
            if rng.random() < 0.2:
                writer.writerow([f"p{index}", cadence.name, "reply", (at + timedelta(hours=1))
                                 .isoformat(), "", rng.choice(("maybe", "no", "out_of_office")),
                                 "", zone, country, ""])  # fmt: skip
    table = ck.read_events(
        csv.DictReader(io.StringIO(export.getvalue())), tz="Europe/London", errors="collect"
    )
    rep = {"rep-a": ck.BusinessCalendar(holidays={"2026-03-10": "Off"})}
    got, _ = reports_agree(table, [EMAIL_CALL, CALLS], tz="Asia/Tokyo", rep_calendars=rep)
    assert got is not None
    assert got.enrolled == 60


# --- any export -------------------------------------------------------------------------

KINDS = ["touch", "touch", "touch", "open", "click", "bounce", "reply", "reply", "meeting",
         "opt_out", "engagement", "opportunity", "converted"]  # fmt: skip
EXOTIC = ["stop", "skip", "pause", "resume", "timeout", "reassign"]
OUTCOMES = ["reply", "meeting", "opt_out", "engagement", "opportunity", "converted"]
RESPONSES = ["positive", "no", "maybe", "out_of_office", "other", "referral"]
OFFSETS = [UTC, timezone(timedelta(hours=-5)), timezone(timedelta(hours=1))]


@st.composite
def exports(draw: st.DrawFn, plain: bool = False) -> list[dict[str, object]]:
    """Rows of up to 5 prospects; ``plain``: nothing the quick fold leaves to the engine."""
    rows: list[dict[str, object]] = []
    prospects = draw(st.integers(1, 5))
    with_started = plain or draw(st.booleans())
    with_ids = not plain and draw(st.integers(0, 3)) == 0
    with_until = not plain and draw(st.integers(0, 3)) == 0
    with_zone = draw(st.integers(0, 2)) == 0
    with_details = not plain and draw(st.booleans())  # what, channels, new_owner, rep_calendar
    kinds = KINDS if plain or draw(st.integers(0, 2)) else KINDS + EXOTIC
    for index in range(prospects):
        start = BASE + timedelta(minutes=draw(st.integers(0, 60 * 24 * 6)))
        cadence = draw(st.sampled_from(["Email and call", "Calls", None]))
        zone = draw(st.sampled_from(["America/New_York", "Europe/Berlin", None]))
        owner = draw(st.sampled_from([None, "kim", "lou"]))
        account = draw(st.sampled_from([None, "acme"]))
        moments = draw(
            st.lists(
                st.sampled_from([0, 600, 601, 2880])  # ties: events logged in one second
                | st.integers(-30 if not plain else 0, 60 * 24 * 12),
                min_size=1,
                max_size=9,
            )
        )
        for minutes in moments:
            kind = draw(st.sampled_from(kinds))
            at = (start + timedelta(minutes=minutes)).astimezone(draw(st.sampled_from(OFFSETS)))
            row: dict[str, object] = {"prospect": f"p{index}", "kind": kind,
                                      "at": at.isoformat()}  # fmt: skip
            if with_started:
                row["started"] = start.astimezone(draw(st.sampled_from(OFFSETS))).isoformat()
            if cadence is not None:
                row["cadence"] = cadence
            if with_zone and zone is not None:
                row["tz"] = zone
            if kind in ("touch", "skip", "open", "click", "bounce"):
                row["step"] = draw(st.integers(0, 2 if plain else 4))
            elif kind in OUTCOMES and draw(st.booleans()):  # the step it answers
                row["step"] = draw(st.integers(0, 2))
            if owner is not None:
                row["owner"] = owner
            if account is not None:
                row["account"] = account
            if kind == "touch" and draw(st.booleans()):
                row["call_result"] = draw(st.sampled_from(["connected", "no_answer"]))
            if kind == "touch" and draw(st.integers(0, 4)) == 0:
                row["variant"] = draw(st.sampled_from(["A", "B"]))
            if kind == "reply":
                row["response"] = draw(st.sampled_from(RESPONSES))
            if with_ids and draw(st.booleans()):  # a redelivery, or one id a row
                row["id"] = draw(st.sampled_from(["m1", "m2", f"r{len(rows)}"]))
            if with_until and kind in ("reply", "pause") and draw(st.booleans()):
                row["until"] = (start + timedelta(days=draw(st.integers(0, 9)))).date().isoformat()
            if with_details and kind == "engagement" and draw(st.booleans()):
                row["what"] = draw(st.sampled_from(["webinar", "liked a post"]))
            if with_details and kind == "skip" and draw(st.booleans()):
                del row["step"]  # a skip of channels names no step
                row["channels"] = draw(st.sampled_from(["email", "call, voicemail"]))
            if with_details and kind == "reassign":
                if draw(st.booleans()):
                    row["new_owner"] = draw(st.sampled_from(["kim", "lou"]))
                if draw(st.booleans()):
                    row["rep_calendar"] = draw(st.sampled_from(["DE", "US"]))
            rows.append(row)
    return draw(st.permutations(rows))


RULE_SETS = [
    None,
    (
        ck.Rule(ck.Match("click"), ck.End("meeting_booked"), name="a click books"),
        ck.Rule(ck.Match("reply", response="maybe"), ck.Pause(1), name="short maybe"),
        *ck.default_rules(),
    ),
    (ck.Rule(ck.Match("touch", call_result="connected"), ck.End("positive_reply")),),
    ck.positive_reply_playbook() + ck.default_rules(),
    (ck.Rule(ck.Match("reply", response="maybe"), ck.Insert([ck.Touchpoint("email", 2)])),),
    (  # every other action and condition the engine knows, each on a path of its own
        ck.Rule(ck.Match("open", count=2), ck.JumpTo(2), name="two opens"),
        ck.Rule(ck.Match("reply", response="maybe"), ck.Resume(), name="maybe resumes"),
        ck.Rule(
            ck.Match("touch", channel="call", call_result="connected"),
            ck.Skip(channels=["voicemail"]),
            once=True,
            name="connected",
        ),
        ck.Rule(ck.Match("click", step=0), ck.End("meeting_booked"), name="a first click"),
        *ck.default_rules(),
    ),
    ck.no_maybe_playbook(),
    (*ck.positive_reply_playbook(defaults=False), *ck.no_maybe_playbook()),  # composed
    (*ck.no_maybe_playbook(defaults=False), *ck.positive_reply_playbook(mode="move")),
    (  # a rule that reads a reply's reason: the quick fold hands such replies to the engine
        ck.Rule(ck.Match("reply", response="no", reason="budget"), ck.Pause(3), name="budget"),
        ck.Rule(ck.Match("reply", reason={"timing", "no_need"}), ck.End("declined"), name="why"),
        *ck.default_rules(),
    ),
    (  # history the program must see: once, then a second rule; a silence; a delayed move
        ck.Rule(ck.Match("reply", response="maybe"), ck.Pause(2), once=True, name="first maybe"),
        ck.Rule(ck.Match("reply", response="maybe"), ck.End("declined"), name="second maybe"),
        ck.Rule(
            ck.Silence(2, after_step=1, unless=("reply", "open")),
            ck.Insert([ck.Touchpoint("linkedin", 1)]),
            name="quiet after the call",
        ),
        ck.Rule(ck.Match("click", step=0), ck.MoveTo("Later", after_business_days=2), name="later"),
        ck.Rule(ck.Match("touch", call_result="no_answer"), ck.TalkTrack(["Try again"])),
        ck.Rule(ck.Match("opt_out"), ck.Pause(), name="cannot shadow an opt-out"),
        ck.Rule(ck.Match("reply", response="other"), ck.Pause(until_classified=True), name="read"),
        *ck.default_rules(),
    ),
    (  # engagements told apart by what they were (the table's what column)
        ck.Rule(ck.Match("engagement", what="webinar"), ck.End("meeting_booked"), name="webinar"),
        ck.Rule(ck.Match("engagement", what=ck.Missing()), ck.Pause(2), name="unsaid"),
        ck.Rule(
            ck.Silence(2, after_step=0, unless=(ck.Match("engagement", what="webinar"),)),
            ck.End("manual"),
            name="quiet",
        ),
        *ck.default_rules(),
    ),
    (  # rules that read the prospect's facts (the table has none): the engine decides
        ck.Rule(ck.Match("open", facts={"phone": ck.Missing()}), ck.Pause(2), name="no phone"),
        ck.Rule(ck.Match("reply", facts={"title": ck.Contains("VP")}), ck.End("declined")),
        *ck.default_rules(),
    ),
]
PLAIN_RULES = RULE_SETS[:3]


@given(
    rows=exports(),
    rules=st.sampled_from(RULE_SETS),
    country=st.sampled_from([None, "US", "DE"]),
)
def test_any_export_reports_as_its_replay(
    rows: list[dict[str, object]], rules: Any, country: str | None
) -> None:
    table = ck.read_events(rows, errors="collect")
    calendar = None if country is None else ck.BusinessCalendar(country=country)
    reports_agree(table, [EMAIL_CALL, CALLS], rules=rules, calendar=calendar, tz="America/Chicago")
    reports_agree(table, {"Email and call": EMAIL_CALL, "Calls": CALLS}, rules=rules)
    reports_agree(table, CALLS, rules=rules)
    reports_agree(table, NEEDS_PHONE, rules=rules)


@given(
    rows=exports(plain=True),
    rules=st.sampled_from(PLAIN_RULES),
    country=st.sampled_from([None, "US", "DE"]),
)
def test_a_plain_export_takes_the_quick_fold_and_reports_as_its_replay(
    rows: list[dict[str, object]], rules: Any, country: str | None
) -> None:
    table = ck.read_events(rows)
    calendar = None if country is None else ck.BusinessCalendar(country=country)
    for cadences in ([EMAIL_CALL, CALLS], EMAIL_CALL):
        try:
            expected = ck.report(
                ck.replay_many(table, cadences, rules=rules, calendar=calendar, tz="Asia/Tokyo")
            )
        except ck.CadenceError:
            continue  # a step the cadence lacks: reports_agree checks the error in the other test
        with engine_refused():
            got = ck.report(
                table, cadences=cadences, rules=rules, calendar=calendar, tz="Asia/Tokyo"
            )
        assert got == expected
        views_agree(got, expected, deep=False)


@given(
    rows=exports(),
    shifts=st.lists(st.integers(-60 * 24 * 3, 60 * 24 * 9), min_size=1, max_size=4),
    rules=st.sampled_from(RULE_SETS),
)
def test_groups_of_one_shape_at_other_times_report_as_their_replay(
    rows: list[dict[str, object]], shifts: list[int], rules: Any
) -> None:
    """The quick fold remembers a shape's answer: copies of the rows moved in time agree.

    Each copy is the same kinds, steps, responses and results for another
    prospect, its times (and its start and ends) moved by ``shift``
    minutes, so pauses end on other days and the fold's memo is asked for
    groups it has seen.
    """
    copies = list(rows)
    for number, shift in enumerate(shifts):
        moved = timedelta(minutes=shift)
        for row in rows:
            copy = dict(row, prospect=f"{row['prospect']}-{number}")
            for column in ("at", "started"):
                if column in row:
                    copy[column] = (datetime.fromisoformat(str(row[column])) + moved).isoformat()
            if "until" in row:
                until = date.fromisoformat(str(row["until"])) + timedelta(days=shift // 1440)
                copy["until"] = until.isoformat()
            copies.append(copy)
    table = ck.read_events(copies, errors="collect")
    reports_agree(table, [EMAIL_CALL, CALLS], rules=rules)


@given(
    rows=exports() | exports(plain=True),
    stretches=st.lists(
        st.tuples(st.integers(1, 4), st.integers(-60 * 24 * 3, 60 * 24 * 9)),
        min_size=1,
        max_size=3,
    ),
    rules=st.sampled_from(RULE_SETS),
)
def test_groups_of_one_shape_with_other_gaps_report_as_their_replay(
    rows: list[dict[str, object]], stretches: list[tuple[int, int]], rules: Any
) -> None:
    """The report reads a shape's rows once: copies whose gaps differ keep their own times.

    Each copy has the rows of a prospect (the same kinds, steps, responses
    and results, in the same order) for another prospect, the gaps between
    its rows multiplied by ``factor`` and all moved by ``shift`` minutes:
    another rep's wait after each reply or click, another time to the first
    reply, other touch times. A tally that kept a shape's times, not only
    where they are, fails it.
    """
    firsts: dict[object, datetime] = {}
    for row in rows:
        at = datetime.fromisoformat(str(row["at"]))
        first = firsts.get(row["prospect"])
        if first is None or at < first:
            firsts[row["prospect"]] = at
    copies = list(rows)
    for number, (factor, shift) in enumerate(stretches):
        moved = timedelta(minutes=shift)
        for row in rows:
            copy = dict(row, prospect=f"{row['prospect']}-{number}")
            first = firsts[row["prospect"]]
            at = datetime.fromisoformat(str(row["at"]))
            copy["at"] = (first + (at - first) * factor + moved).isoformat()
            if "started" in row:
                started = datetime.fromisoformat(str(row["started"]))
                copy["started"] = (started + moved).isoformat()
            copies.append(copy)
    table = ck.read_events(copies, errors="collect")
    got, expected = reports_agree(table, [EMAIL_CALL, CALLS], rules=rules)
    if got is not None and expected is not None:
        assert got.time_to_first_reply == expected.time_to_first_reply
        for metric in ("open_rate", "reply_rate"):
            mine = got.over_time("day", metric=metric, tz="Asia/Tokyo")
            assert mine == expected.over_time("day", metric=metric, tz="Asia/Tokyo")


CELLS = st.sampled_from(
    [None, math.nan, "", " ", "x" * 300, -1, 0, 3.0, 3.5, 10**30, True, b"x", [], {},
     "9999-12-31T23:59:00+14:00", "0001-01-01T00:00:00+00:00", "2026-11-23T09:00:00",
     "2026-11-23", "touch", "reply", "maybe", "connected", "Mars/Olympus", "XX",
     datetime(9999, 12, 31, 23, 59, tzinfo=UTC), datetime(2026, 11, 23, 9)]
)  # fmt: skip


@given(rows=exports(), cells=st.lists(st.tuples(st.integers(0, 60), st.sampled_from(
    ["prospect", "kind", "at", "started", "step", "response", "call_result", "tz", "variant",
     "cadence"]), CELLS), max_size=4))  # fmt: skip
def test_hostile_cells_give_a_cadence_error_or_the_same_report(
    rows: list[dict[str, object]], cells: list[tuple[int, str, object]]
) -> None:
    rows = [dict(row) for row in rows]
    for index, column, value in cells:
        rows[index % len(rows)][column] = value
    table = ck.read_events(rows, errors="collect", tz="America/New_York")  # only CadenceErrors
    reports_agree(table, [EMAIL_CALL, CALLS], calendar=ck.BusinessCalendar(country="US"))
    reports_agree(table, EMAIL_CALL)


def test_the_analyze_export_example_runs_and_reports_both_ways(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("matplotlib")
    path = Path(__file__).resolve().parent.parent / "examples" / "analyze_export.py"
    monkeypatch.setattr(sys, "argv", [str(path), str(tmp_path)])
    runpy.run_path(str(path), run_name="__main__")  # asserts the two reports are equal
    out = capsys.readouterr().out
    assert "reply" in out
    assert (tmp_path / "report.png").exists()


def test_the_package_never_touches_the_garbage_collector() -> None:
    # A library embedded in servers and notebooks leaves process-wide state alone: the
    # collector stays as the host set it while a report and a replay run, and no module
    # of the package imports gc at all.
    import ast
    import gc

    table = ck.read_events(export_rows(2, 20))
    seen: list[bool] = []
    original = _columnar._Quick.fold

    def spying(self: Any, *args: Any) -> Any:
        seen.append(gc.isenabled())
        return original(self, *args)

    with patch.object(_columnar._Quick, "fold", spying):
        ck.report(table, cadences=EMAIL_CALL)
    ck.replay_many(table, EMAIL_CALL)
    assert seen or _columnar.ENGINE_ONLY
    assert all(seen)  # on all along, as the host left it
    package = Path(ck.__file__).parent
    for path in package.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert "gc" not in names, path.name


def test_a_maybe_with_a_day_to_try_again_pauses_until_it_on_both_paths(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The default maybe rule pauses until the reply's ``until`` ("try me in Q3"), else 10 days."""
    maybe = {"kind": "reply", "response": "maybe", "at": "2026-11-23T10:00:00+00:00"}
    rows = [
        {"prospect": "ada", **maybe, "until": "2027-07-01"},  # paused until 1 July
        {"prospect": "ada", "kind": "touch", "step": 1, "at": "2027-03-01T10:00:00+00:00"},
        {"prospect": "bob", **maybe},  # 10 business days: until 7 December
        {"prospect": "bob", "kind": "touch", "step": 1, "at": "2027-03-01T10:00:00+00:00"},
    ]
    for row in rows:
        row["started"] = "2026-11-20T10:00:00+00:00"
    table = ck.read_events(rows)
    counted = Counted(monkeypatch)
    got = ck.report(table, cadences=EMAIL_CALL)
    assert counted.took(0)  # the quick fold follows it
    assert (got.paused, got.active) == (1, 1)  # ada still waits for July; bob is back
    reports_agree(table, EMAIL_CALL)
    ada = next(e for e in ck.replay_many(table, EMAIL_CALL) if e.prospect == "ada")
    assert ada.status is ck.Status.PAUSED
    assert ada.next_touch is not None
    assert ada.next_touch.due.date() >= date(2027, 7, 1)
