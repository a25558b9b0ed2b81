"""apply_many: an export applied to enrollments that already exist, every row accounted for."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cadencekit as ck

INTRO = ck.Cadence(
    "Intro", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 3), ck.Touchpoint("email", 5)]
)
CALLS = ck.Cadence("Calls", [ck.Touchpoint("call", 1), ck.Touchpoint("call", 2)])
START = "2026-11-23T08:00:00+00:00"


def people() -> list[ck.Enrollment]:
    return ck.start_many(
        [
            {"prospect": "ada", "cadence": "Intro", "owner": "ann", "country": "US"},
            {"prospect": "jo", "cadence": "Intro", "owner": "ann"},
            {"prospect": "jo", "cadence": "Calls", "owner": "ann"},
            {"prospect": "kai", "cadence": "Calls"},
        ],
        [INTRO, CALLS],
        start=START,
    )


def test_rows_go_to_the_enrollment_of_their_prospect_and_cadence() -> None:
    before = people()
    export = [
        {"prospect": "ada", "kind": "touch", "step": 0, "at": "2026-11-23T09:00:00Z"},
        {
            "prospect": "jo",
            "cadence": "Calls",
            "kind": "call_no_answer",
            "step": 0,
            "at": "2026-11-23T10:00:00Z",
        },
        {"prospect": "ada", "kind": "reply", "response": "positive", "at": "2026-11-24T09:00:00Z"},
    ]
    after = ck.apply_many(before, ck.read_events(export))
    assert [e.prospect for e in after] == ["ada", "jo", "jo", "kai"]  # the order given
    assert after[0].exit_reason is ck.ExitReason.POSITIVE_REPLY
    assert after[0] == before[0].apply(ck.read_events(export).event(0)).apply(
        ck.read_events(export).event(2)
    )
    assert after[1] is before[1]  # no rows: the same enrollment
    assert [s for s, _ in after[2].done] == [0]
    assert after[3] is before[3]


def test_every_row_that_cannot_be_applied_is_reported() -> None:
    before = people()
    at = "2026-11-23T09:00:00Z"
    export = [
        {"prospect": "eve", "kind": "open", "step": 0, "at": at},  # nobody given
        {"prospect": "kai", "cadence": "Intro", "kind": "touch", "step": 0, "at": at},
        {"prospect": "ada", "owner": "bob", "kind": "touch", "step": 0, "at": at},
        {"prospect": "jo", "cadence": "Calls", "kind": "touch", "step": 7, "at": at},
        {"prospect": "jo", "cadence": "Calls", "kind": "touch", "step": 0, "at": at},
    ]
    table = ck.read_events(export)
    with pytest.raises(ck.SchemaError, match=r"rows\[0\]\.prospect 'eve': no enrollment"):
        ck.apply_many(before, table)
    after, problems = ck.apply_many(before, table, errors="collect")
    assert after == before  # nothing could be applied
    assert [(p.row, p.column) for p in problems] == [
        (0, "prospect"),
        (1, "cadence"),
        (2, "owner"),
        (3, "step"),
    ]
    reasons = [p.reason for p in problems]
    assert reasons[1] == "'kai' is enrolled in 'Calls' only"
    assert "has owner 'ann'" in reasons[2]
    assert "other rows were left out too (4)" in reasons[3]  # the enrollment's other row
    # Without a cadence column, a prospect in two cadences is ambiguous: refused.
    ambiguous = ck.read_events([{"prospect": "jo", "kind": "touch", "step": 0, "at": at}])
    with pytest.raises(ck.SchemaError) as raised:
        ck.apply_many(before, ambiguous)
    assert raised.value.field == "rows[0].prospect"
    assert "'jo' has 2 enrollments ('Intro' at" in raised.value.expected
    assert "a cadence column says which" in raised.value.expected


def test_a_prospect_enrolled_twice_in_a_cadence_is_told_apart_by_its_start() -> None:
    first = ck.Enrollment.start(CALLS, "ada", START)
    second = ck.Enrollment.start(CALLS, "ada", "2026-12-01T08:00:00+00:00")
    export = [
        {"prospect": "ada", "kind": "touch", "step": 0, "at": "2026-12-01T09:00:00Z",
         "started": "2026-12-01T03:00:00-05:00"},  # the same instant, written in New York
    ]  # fmt: skip
    after = ck.apply_many([first, second], ck.read_events(export))
    assert after[0] is first
    assert [s for s, _ in after[1].done] == [0]
    export[0]["started"] = "2026-11-30T08:00:00Z"
    with pytest.raises(ck.SchemaError, match=r"rows\[0\]\.started .* 'ada' was enrolled at"):
        ck.apply_many([first, second], ck.read_events(export))


def test_arguments_are_checked() -> None:
    with pytest.raises(ck.InvalidFieldError, match="events"):
        ck.apply_many([], [{"prospect": "ada"}])  # type: ignore[call-overload]
    with pytest.raises(ck.InvalidFieldError, match=r"enrollments\[0\]"):
        ck.apply_many(["ada"], ck.read_events([]))  # type: ignore[list-item]
    with pytest.raises(ck.InvalidFieldError, match="errors"):
        ck.apply_many([], ck.read_events([]), errors="skip")  # type: ignore[call-overload]


EVENTS = [
    ck.Event.touch("2026-11-23T09:00:00+00:00", 0),
    ck.Event.open("2026-11-23T09:30:00+00:00", 0),
    ck.Event.touch("2026-11-26T09:00:00+00:00", 1, call_result="no_answer"),
    ck.Event.reply("2026-11-27T09:00:00+00:00", "maybe"),
    ck.Event.touch("2026-12-15T09:00:00+00:00", 2),
    ck.Event.reply("2026-12-16T09:00:00+00:00", "positive"),
]


@given(st.lists(st.booleans(), min_size=len(EVENTS), max_size=len(EVENTS)))
def test_applying_the_rest_of_a_history_equals_replaying_it_all(earlier: list[bool]) -> None:
    # An enrollment that saw some events, then an export with the others: the same
    # enrollment as replaying the whole history, whichever events came first.
    seen = [e for e, was in zip(EVENTS, earlier, strict=True) if was]
    rest = [e for e, was in zip(EVENTS, earlier, strict=True) if not was]
    start = ck.Enrollment.replay(INTRO, "ada", START, seen)
    table = ck.read_events([{"prospect": "ada", **event.to_dict()} for event in rest])
    [after] = ck.apply_many([start], table)
    assert after == ck.Enrollment.replay(INTRO, "ada", START, EVENTS)


def test_an_export_with_ids_applied_twice_is_applied_once() -> None:
    rows = [
        {"prospect": "ada", **event.to_dict(), "id": f"e{n}"} for n, event in enumerate(EVENTS[:4])
    ]
    table = ck.read_events(rows)
    once = ck.apply_many([ck.Enrollment.start(INTRO, "ada", START)], table)
    assert ck.apply_many(once, table) == once
    assert len(once[0].events) == 4
    assert once == [ck.Enrollment.replay(INTRO, "ada", START, table.events())]


def test_an_email_is_one_prospect_in_any_case_and_other_ids_as_written() -> None:
    crm = ck.start_many(
        [{"prospect": "Ada@Acme.com"}, {"prospect": "CRM-0012"}], CALLS, start=START
    )
    export = [
        {"prospect": "ada@acme.COM", "kind": "touch", "step": 0, "at": "2026-11-23T09:00:00Z"},
        {"prospect": "crm-0012", "kind": "touch", "step": 0, "at": "2026-11-23T09:00:00Z"},
    ]
    after, problems = ck.apply_many(crm, ck.read_events(export), errors="collect")
    assert after[0].prospect == "Ada@Acme.com"  # as the CRM wrote it
    assert [s for s, _ in after[0].done] == [0]
    assert after[1] is crm[1]
    assert [(p.row, p.value) for p in problems] == [(1, "crm-0012")]
    _, twice = ck.start_many(
        [{"prospect": "Ada@Acme.com"}, {"prospect": "ada@acme.com "}],
        CALLS,
        start=START,
        errors="collect",
    )
    assert [(p.row, p.column) for p in twice] == [(1, "prospect")]
