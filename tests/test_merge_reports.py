"""merge_reports: the reports of partitions merge into the report of the whole."""

from __future__ import annotations

import itertools
import pickle
import random
import zlib
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cadencekit as ck
from tests.strategies import cadences
from tests.test_report_table import (
    CALLS,
    EMAIL_CALL,
    RULE_SETS,
    export_rows,
    exports,
    views_agree,
)

BASE = datetime(2026, 3, 2, 8, tzinfo=UTC)
OFFSETS = [UTC, timezone(timedelta(hours=-5)), timezone(timedelta(hours=2))]
AFTERS = [
    combo
    for size in (1, 2, 3)
    for combo in itertools.combinations(("reply", "click", "engagement"), size)
]


def same_report(got: ck.CadenceReport, expected: ck.CadenceReport) -> None:
    """Every field and every view of two reports agree."""
    assert got == expected
    assert got.to_dict() == expected.to_dict()
    assert got.to_records() == expected.to_records()
    assert got.rates() == expected.rates()
    assert got.ended_by == expected.ended_by
    assert list(got.ended_by) == list(expected.ended_by)
    views_agree(got, expected)
    assert got.time_to_first_reply == expected.time_to_first_reply
    assert got.now == expected.now
    assert str(got.now) == str(expected.now)
    assert got.rep_response_time == expected.rep_response_time
    for after in AFTERS:
        for touches in ("manual", "any"):
            assert got.response_time(after=after, touches=touches) == expected.response_time(
                after=after, touches=touches
            )
    assert str(got) == str(expected)
    assert str(got.summary()) == str(expected.summary())


GROUPINGS = ["(a b) c", "a (b c)", "c b a", "(c a) b"]


def split(items: Sequence[Any], labels: Sequence[int], parts: int) -> list[list[Any]]:
    """``items`` in ``parts`` partitions, item i in partition ``labels[i]``."""
    out: list[list[Any]] = [[] for _ in range(parts)]
    for item, label in zip(items, labels, strict=True):
        out[label % parts].append(item)
    return out


# --- enrollments ----------------------------------------------------------------------

KINDS = ["touch", "touch", "touch", "open", "click", "bounce", "reply", "reply", "meeting",
         "opt_out", "engagement", "opportunity", "converted", "pause", "resume"]  # fmt: skip


@st.composite
def enrollments(draw: st.DrawFn) -> list[ck.Enrollment]:
    """Up to 9 enrollments of one or two small cadences, each a random history replayed."""
    plans = draw(st.lists(cadences(max_touches=4), min_size=1, max_size=2))
    out = []
    for index in range(draw(st.integers(0, 9))):
        cadence = draw(st.sampled_from(plans))
        begin = BASE + timedelta(minutes=draw(st.integers(0, 60 * 24 * 9)))
        events = []
        for _ in range(draw(st.integers(0, 9))):
            minutes = draw(st.sampled_from([0, 600, 2880]) | st.integers(0, 60 * 24 * 14))
            at = (begin + timedelta(minutes=minutes)).astimezone(draw(st.sampled_from(OFFSETS)))
            kind = draw(st.sampled_from(KINDS))
            step = draw(st.integers(0, len(cadence) - 1))
            if kind == "touch":
                result = draw(st.sampled_from([None, "connected", "no_answer"]))
                variant = draw(st.sampled_from([None, None, "A", "B"]))
                events.append(ck.Event.touch(at, step, call_result=result, variant=variant))
            elif kind in ("open", "click", "bounce"):
                events.append(getattr(ck.Event, kind)(at, step))
            elif kind == "reply":
                named = draw(st.none() | st.just(step))  # the step it answers, or none
                response = draw(st.sampled_from(list(ck.Response)))
                events.append(ck.Event.reply(at, response, step=named))
            elif kind == "engagement":
                events.append(ck.Event.engagement(at, "called back"))
            elif kind in ("meeting", "opt_out") and draw(st.booleans()):
                events.append(getattr(ck.Event, kind)(at, step=step))
            else:
                events.append(getattr(ck.Event, kind)(at))
        try:
            e = ck.Enrollment.replay(cadence, f"p{index}", begin, events)
        except ck.CadenceError:
            continue
        out.append(e)
    return out


@given(
    es=enrollments(),
    labels=st.lists(st.integers(0, 3), min_size=9, max_size=9),
    parts=st.integers(1, 4),
    now=st.none() | st.integers(0, 60 * 24 * 30).map(lambda m: BASE + timedelta(minutes=m)),
    definitions=st.sampled_from(["ours", "per_delivered_email", "per_opened_email", "platform"]),
    min_at_risk=st.integers(1, 3),
)
def test_merged_reports_of_partitions_are_the_report_of_the_whole(
    es: list[ck.Enrollment],
    labels: list[int],
    parts: int,
    now: datetime | None,
    definitions: str,
    min_at_risk: int,
) -> None:
    options: dict[str, Any] = {"now": now, "definitions": definitions, "min_at_risk": min_at_risk}
    whole = ck.report(es, **options)
    pieces = [ck.report(part, **options) for part in split(es, labels[: len(es)], parts)]
    same_report(ck.merge_reports(pieces), whole)


@given(
    es=enrollments(),
    labels=st.lists(st.integers(0, 2), min_size=9, max_size=9),
    shuffle=st.randoms(use_true_random=False),
    grouping=st.sampled_from(GROUPINGS),
)
def test_merging_is_associative_and_order_free(
    es: list[ck.Enrollment], labels: list[int], shuffle: random.Random, grouping: str
) -> None:
    # One grouping drawn per example (hypothesis covers all four across the run): each
    # full comparison of two reports reads every view, which is most of this test's time.
    a, b, c = (ck.report(part) for part in split(es, labels[: len(es)], 3))
    flat = ck.merge_reports([a, b, c])
    merged = {
        "(a b) c": lambda: ck.merge_reports([ck.merge_reports([a, b]), c]),
        "a (b c)": lambda: ck.merge_reports([a, ck.merge_reports([b, c])]),
        "c b a": lambda: ck.merge_reports([c, b, a]),
        "(c a) b": lambda: ck.merge_reports([ck.merge_reports([c, a]), b]),
    }[grouping]()
    same_report(merged, flat)
    shuffled = list(es)
    shuffle.shuffle(shuffled)
    same_report(ck.report(shuffled), flat)  # one report is order-free too


@given(es=enrollments())
def test_one_report_merges_to_itself(es: list[ck.Enrollment]) -> None:
    alone = ck.report(es)
    assert ck.merge_reports([alone]) is alone
    same_report(ck.merge_reports([alone, ck.report([])]), alone)  # an empty partition adds nothing


# --- exports --------------------------------------------------------------------------


@given(
    rows=exports(),
    rules=st.sampled_from(RULE_SETS),
    country=st.sampled_from([None, "US"]),
    labels=st.lists(st.integers(0, 3), min_size=5, max_size=5),
    parts=st.integers(1, 4),
)
def test_merged_reports_of_export_partitions_are_the_report_of_the_whole(
    rows: list[dict[str, object]],
    rules: Any,
    country: str | None,
    labels: list[int],
    parts: int,
) -> None:
    cadences = [EMAIL_CALL, CALLS]
    options: dict[str, Any] = {"cadences": cadences, "rules": rules}
    if country is not None:
        options["calendar"] = ck.BusinessCalendar(country=country)
    try:
        whole = ck.report(ck.read_events(rows), **options)
    except ck.CadenceError:
        return  # a bad export: its partitions raise too, or report what they can
    by_prospect: list[list[dict[str, object]]] = [[] for _ in range(parts)]
    for row in rows:  # every row of a prospect in one partition
        by_prospect[labels[int(str(row["prospect"])[1:])] % parts].append(row)
    pieces = [ck.report(ck.read_events(part), **options) for part in by_prospect]
    same_report(ck.merge_reports(pieces), whole)


def test_seven_partitions_of_an_export_merge_into_its_report_after_a_pickle() -> None:
    rows = export_rows(11, 400)
    whole = ck.report(ck.read_events(rows), cadences=EMAIL_CALL)
    parts: list[list[dict[str, object]]] = [[] for _ in range(7)]
    for row in rows:
        parts[zlib.crc32(str(row["prospect"]).encode()) % 7].append(row)
    pieces = [
        pickle.loads(pickle.dumps(ck.report(ck.read_events(part), cadences=EMAIL_CALL)))
        for part in parts
    ]  # as a cluster's workers send them back
    merged = ck.merge_reports(pieces)
    same_report(merged, whole)
    assert merged.enrolled == 400
    assert merged.time_to_first_reply.quantile(0.1) is not None
    assert sum(merged.time_to_first_reply.events) == 66
    assert merged.rep_response_time.count > 0
    assert sum(len(pickle.dumps(p)) for p in pieces) < len(pickle.dumps(rows))  # no table inside


# --- now ------------------------------------------------------------------------------


def one(prospect: str, begin: datetime, *events: ck.Event) -> ck.Enrollment:
    cadence = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 2)])
    return ck.Enrollment.replay(cadence, prospect, begin, events)


def test_the_merged_now_is_the_latest_event_and_active_enrollments_are_censored_there() -> None:
    early = one("a", BASE, ck.Event.touch(BASE + timedelta(hours=1), 0))
    late = one("b", BASE, ck.Event.touch(BASE + timedelta(days=5), 0))
    first, second = ck.report([early], min_at_risk=1), ck.report([late], min_at_risk=1)
    assert first.now == BASE + timedelta(hours=1)
    merged = ck.merge_reports([first, second])
    assert merged.now == BASE + timedelta(days=5)
    # a, still active, is censored at the latest event of both partitions, not its own
    assert merged.time_to_first_reply.times == (timedelta(days=5),)
    assert merged.time_to_first_reply.censored == (2,)
    same_report(merged, ck.report([early, late], min_at_risk=1))


def test_the_same_instant_in_two_offsets_is_one_now_whatever_the_order() -> None:
    moment = BASE + timedelta(days=1)
    a = one("a", BASE, ck.Event.touch(moment.astimezone(OFFSETS[1]), 0))
    b = one("b", BASE, ck.Event.touch(moment.astimezone(OFFSETS[2]), 0))
    assert str(ck.report([a, b]).now) == str(ck.report([b, a]).now) == "2026-03-03 03:00:00-05:00"
    pair = [ck.report([a]), ck.report([b])]
    assert str(ck.merge_reports(pair).now) == str(ck.merge_reports(pair[::-1]).now)


def test_reports_given_one_now_merge_with_it() -> None:
    now = BASE + timedelta(days=30)
    es = [
        one(p, BASE, ck.Event.touch(BASE + timedelta(hours=h), 0)) for p, h in (("a", 1), ("b", 9))
    ]
    merged = ck.merge_reports([ck.report([e], now=now) for e in es])
    assert merged.now == now
    same_report(merged, ck.report(es, now=now))


def test_reports_with_two_nows_or_a_given_and_a_latest_are_refused() -> None:
    e = one("a", BASE, ck.Event.touch(BASE + timedelta(hours=1), 0))
    later = BASE + timedelta(days=2)
    with pytest.raises(ck.InvalidFieldError, match=r"reports\[1\]\.now .*all with one now"):
        ck.merge_reports([ck.report([e], now=later), ck.report([e], now=later + timedelta(1))])
    with pytest.raises(ck.InvalidFieldError, match=r"reports\[1\]\.now 'None'"):
        ck.merge_reports([ck.report([e], now=later), ck.report([e])])


# --- refusals -------------------------------------------------------------------------


def test_merging_nothing_or_what_is_not_a_report_is_refused() -> None:
    with pytest.raises(ck.InvalidFieldError, match=r"^reports \[\]: expected at least one"):
        ck.merge_reports([])
    with pytest.raises(
        ck.InvalidFieldError, match=r"reports\[1\] 'oops': expected a CadenceReport"
    ):
        ck.merge_reports([ck.report([]), "oops"])  # type: ignore[list-item]
    with pytest.raises(ck.InvalidFieldError, match="expected an iterable of CadenceReport"):
        ck.merge_reports(ck.report([]))  # type: ignore[arg-type]


def test_reports_under_two_definitions_or_cuts_are_refused() -> None:
    e = one("a", BASE, ck.Event.touch(BASE + timedelta(hours=1), 0))
    with pytest.raises(ck.InvalidFieldError, match=r"reports\[1\]\.definitions 'per_opened_email'"):
        ck.merge_reports([ck.report([e]), ck.report([e], definitions="per_opened_email")])
    with pytest.raises(ck.InvalidFieldError, match=r"reports\[1\]\.min_at_risk 3: expected .* 10"):
        ck.merge_reports([ck.report([e]), ck.report([e], min_at_risk=3)])


# --- what the merge reads -------------------------------------------------------------


def test_the_funnel_names_the_channel_most_of_a_steps_touches_used_in_any_order() -> None:
    either = ck.Cadence("e", [ck.Touchpoint("email", 1, alternatives=("call",))])
    at = BASE + timedelta(hours=1)
    emails = [
        ck.Enrollment.replay(either, f"e{i}", BASE, [ck.Event.touch(at, 0)]) for i in range(2)
    ]
    calls = [
        ck.Enrollment.replay(either, f"c{i}", BASE, [ck.Event.touch(at, 0, channel="call")])
        for i in range(3)
    ]
    assert ck.report(emails + calls).funnel()[0].channel is ck.Channel.CALL
    assert ck.report(calls + emails).funnel()[0].channel is ck.Channel.CALL
    tie = emails + calls[:2]  # a tie goes to the first channel in Channel's order
    assert ck.report(tie).funnel()[0].channel is ck.Channel.EMAIL
    assert ck.report(tie[::-1]).funnel()[0].channel is ck.Channel.EMAIL


def test_two_cadences_never_share_a_step_in_the_funnel_or_the_steps() -> None:
    # Issue 25: step 1 of two cadences was shown as one step (LinkedIn for 494 prospects,
    # 233 of whom had an email there).
    email_first = ck.Cadence("e", [ck.Touchpoint("email", 1)])
    call_first = ck.Cadence("c", [ck.Touchpoint("call", 1)])
    touch = ck.Event.touch(BASE + timedelta(hours=1), 0)
    emails = [ck.Enrollment.replay(email_first, f"e{i}", BASE, [touch]) for i in range(2)]
    calls = [ck.Enrollment.replay(call_first, f"c{i}", BASE, [touch]) for i in range(3)]
    calls.append(ck.Enrollment.start(call_first, "never", BASE))
    r = ck.report(emails + calls)
    funnel = r.funnel()
    assert [(s.cadence, s.step, s.channel) for s in funnel] == [
        ("c", 0, ck.Channel.CALL),
        ("e", 0, ck.Channel.EMAIL),
    ]
    assert [(s.reached.numerator, s.reached.denominator) for s in funnel] == [(3, 4), (2, 2)]
    assert str(funnel[0]).startswith("c, step index 0 (call): reached 75.0% (3/4)")
    with pytest.raises(
        ck.InvalidFieldError, match=r"cadence None: this report holds 2 cadences \('c', 'e'\)"
    ):
        r.by_step()
    with pytest.raises(ck.InvalidFieldError, match="step numbers of two cadences"):
        r.by_variant(0)
    assert r.by_step(cadence="e")[0].touches == 2
    assert r.by_step(cadence="c")[0].prospects == 3
    with pytest.raises(
        ck.InvalidFieldError,
        match=r"cadence 'x': expected the name of a cadence of the report \('c', 'e'\)",
    ):
        r.by_step(cadence="x")
    keyed = r.by_cadence_step()
    assert list(keyed) == [("c", 0), ("e", 0)]
    assert keyed["e", 0].open_rate.denominator == 2
    assert keyed["c", 0].call_connection_rate.denominator == 3
    assert r.to_dict()["by_step"]["c"]["0"]["touches"] == 3
    assert {row["key"] for row in r.to_records() if row["by"] == "cadence_step"} == {
        ("c", 0),
        ("e", 0),
    }
    # one cadence's report keeps its plain step keys
    assert ck.report(calls).funnel()[0].cadence == "c"
    assert list(ck.report(calls).by_step()) == [0]


def test_response_times_merge_for_every_engagement_and_touch_kind() -> None:
    cadence = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 2)])
    at = BASE + timedelta(hours=1)
    a = ck.Enrollment.replay(cadence, "a", BASE, [
        ck.Event.touch(at, 0),
        ck.Event.click(at + timedelta(hours=1), 0),
        ck.Event.reply(at + timedelta(hours=2), "maybe"),
        ck.Event.touch(at + timedelta(days=1), 1),
    ])  # fmt: skip
    b = ck.Enrollment.replay(cadence, "b", BASE, [
        ck.Event.touch(at, 0),
        ck.Event.engagement(at + timedelta(hours=3), "read the white paper"),
    ])  # fmt: skip
    merged = ck.merge_reports([ck.report([a]), ck.report([b])])
    assert merged.rep_response_time.count == 2
    assert merged.rep_response_time.unanswered == 1  # b's engagement: never followed up
    assert merged.response_time(after="click").median == timedelta(hours=23)
    same_report(merged, ck.report([a, b]))
