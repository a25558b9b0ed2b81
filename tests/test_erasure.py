"""Erasure: a prospect pseudonymised across enrollments and reports, every rate kept."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cadencekit as ck

KEY = b"0123456789abcdef-kept-in-a-vault"
PEOPLE = [f"Lead{i}@Example{i % 6}.com" for i in range(60)]
RUNS = ck.simulate(
    ck.presets.eight_touch(),
    PEOPLE,
    model=ck.ResponseModel(),
    seed=11,
    start="2026-11-02T08:00:00-05:00",
)


def _with_history(prospect: str, **facts: str) -> ck.Enrollment:
    cadence = ck.Cadence("Two", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 3)])
    at = "2026-11-23T08:00:00+00:00"
    return ck.Enrollment.replay(
        cadence,
        prospect,
        at,
        [
            ck.Event.touch("2026-11-23T09:00:00+00:00", 0, id=f"<m1.{prospect}>"),
            ck.Event.engagement("2026-11-23T11:00:00+00:00", f"{prospect} opened the deck"),
            ck.Event.update("2026-11-24T09:00:00+00:00", {"phone": "+1 212 555 0199"}),
            ck.Event.reply("2026-11-24T10:00:00+00:00", "maybe", id=f"<r1.{prospect}>"),
        ],
        facts={"phone": "+1 212 555 0100", "first_name": "Ada", "tier": "A", **facts},
        account="Acme",
    )


def _views(report: ck.CadenceReport) -> tuple[object, ...]:
    return (
        report.rates(),
        report.by_step(),
        report.by_channel(),
        report.funnel(),
        report.time_to_first_reply,
        report.rep_response_time,
        report.ended_by,
        report.enrolled,
        report.touched,
    )


@given(st.sets(st.integers(0, 59), max_size=8), st.booleans())
def test_erasure_keeps_every_rate(forgotten: set[int], via_email_fact: bool) -> None:
    people = [PEOPLE[i] for i in sorted(forgotten)]
    after = list(RUNS)
    for person in people:
        after = ck.forget(after, person.upper() if via_email_fact else person, salt=KEY)
    before = ck.report(RUNS)
    assert _views(ck.report(after)) == _views(before)
    assert ck.report(after) == before
    made_after = before
    for person in people:
        made_after = made_after.forget(person, salt=KEY)
    assert made_after == before
    assert made_after.to_dict() == ck.report(after).to_dict()
    assert sorted(made_after.by("prospect")) == sorted(e.prospect for e in after)
    gone = {ck.prospect_key(p) for p in people}
    for old, new in zip(RUNS, after, strict=True):
        if ck.prospect_key(old.prospect) in gone:
            assert new.prospect == ck.pseudonym(old.prospect, salt=KEY)
            assert old.prospect.lower() not in json.dumps(new.to_dict()).lower()
            assert ck.Enrollment.from_dict(new.to_dict()) == new
        else:
            assert new is old


def test_forgetting_leaves_out_facts_ids_and_texts_but_not_what_happened() -> None:
    e = _with_history("ada@acme.com")
    gone = e.forget(salt=KEY, keep=["tier"])
    text = json.dumps(gone.to_dict())
    for personal in ("ada@acme.com", "Ada", "555 0100", "555 0199", "opened the deck"):
        assert personal not in text
    assert dict(gone.facts) == {"tier": "A"}
    assert [ev.id for ev in gone.events] == [None] * 4
    assert [(ev.kind, ev.at, ev.step) for ev in gone.events] == [
        (ev.kind, ev.at, ev.step) for ev in e.events
    ]
    assert (gone.status, gone.paused_until, gone.done, gone.account) == (
        e.status,
        e.paused_until,
        e.done,
        e.account,
    )
    assert gone.forget(salt=KEY, keep=["tier"]) == gone  # forgetting twice changes nothing
    assert ck.Enrollment.from_dict(gone.to_dict()) == gone


def test_one_person_by_id_or_email_fact_and_nobody_else() -> None:
    es = [
        _with_history("ada@acme.com"),
        _with_history("crm-7", email="Ada@ACME.com"),
        _with_history("jo@acme.com"),
    ]
    after = ck.forget(es, "ADA@acme.com", salt=KEY)
    assert [e.prospect.startswith("forgotten:") for e in after] == [True, True, False]
    assert after[2] is es[2]
    assert after[0].prospect != after[1].prospect  # two ids, two pseudonyms, as before
    assert ck.forget(es, "nobody@else.com", salt=KEY) == es
    other = ck.forget(es, "ada@acme.com", salt=KEY[::-1])
    assert other[0].prospect != after[0].prospect  # another key, another pseudonym


def test_a_rule_that_reads_a_left_out_fact_refuses_to_forget_until_it_is_kept() -> None:
    cadence = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("email", 3)])
    vip = ck.Rule(ck.Match("reply", facts={"tier": ck.Equals("A")}), ck.End("manual"))
    e = ck.Enrollment.replay(
        cadence,
        "ada@acme.com",
        "2026-11-23T08:00:00+00:00",
        [ck.Event.reply("2026-11-24T10:00:00+00:00", "other")],
        rules=[vip, *ck.default_rules()],
        facts={"tier": "A"},
    )
    assert e.status is ck.Status.ENDED
    with pytest.raises(ck.CadenceError, match=r"would change what happened.*\['tier'\]"):
        ck.forget([e], "ada@acme.com", salt=KEY)
    kept = ck.forget([e], "ada@acme.com", salt=KEY, keep=["tier"])[0]
    assert (kept.status, kept.exit_reason) == (e.status, e.exit_reason)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"salt": b"secretXYZ"}, "salt 'a key of 9 bytes'"),
        ({"salt": 12345678901234567890}, "salt 'int'"),
        ({"salt": KEY, "keep": "tier"}, "keep 'tier'"),
        ({"salt": KEY, "keep": [""]}, "keep ''"),
    ],
)
def test_a_bad_key_or_keep_is_refused_without_showing_the_key(
    options: dict[str, object], message: str
) -> None:
    with pytest.raises(ck.CadenceError, match=message) as caught:
        ck.forget([], "ada@acme.com", **options)  # type: ignore[arg-type]
    assert "secretXYZ" not in str(caught.value)
    assert "12345678901234567890" not in str(caught.value)
    with pytest.raises(ck.CadenceError, match="prospect"):
        ck.forget([], "  ", salt=KEY)


def test_a_forgotten_prospect_is_never_planned_or_scheduled() -> None:
    e = _with_history("ada@acme.com")
    active = ck.Enrollment.start(e.cadence, "ada@acme.com", "2026-11-23T08:00:00+00:00")
    gone = ck.forget([active], "ada@acme.com", salt=KEY)
    agenda = ck.plan(
        gone,
        capacity=ck.Capacity(),
        calendar=ck.BusinessCalendar(),
        start="2026-11-23",
        days=5,
        forecast=True,
    )
    assert not agenda.touches
    assert not agenda.backlog
    assert {s.reason for s in agenda.suppressed} == {
        "suppressed: a forgotten prospect (pseudonymised on request)"
    }
    columns = ck.schedule_many(e.cadence, ["2026-11-23"], prospects=[gone[0].prospect])
    assert len(columns) == 0
    assert len(columns.suppressed) == 2


def test_a_report_forgets_a_suppressed_address_too() -> None:
    es = [_with_history("ada@acme.com"), _with_history("jo@beta.io")]
    block = ck.Suppression(["ada@acme.com"])
    made = ck.report(es, suppress=block).forget("ada@acme.com", salt=KEY, keep=["tier"])
    assert made.suppressed == 1
    assert list(made.suppressed_prospects().values()) == [
        "suppressed: a forgotten prospect (pseudonymised on request)"
    ]
    assert "ada@acme.com" not in repr(made.suppressed_prospects())
    assert {k: v.enrolled for k, v in made.by("tier").items()} == {"A": 2}
    assert None in made.by("first_name")  # the forgotten one's first name is gone
