"""DESIGN.md's mailbox bullet, in the shapes it gives, name by name.

"Mailboxes: ``Enrollment.start(..., mailbox=...)``; per-mailbox limits, gaps,
ramp and jitter through ``Capacity`` and ``plan(..., jitter=...)``;
``ck.Suppression(emails=..., domains=..., channels=...)`` honoured by
``can_enroll``, ``plan`` and ``schedule_many`` (``suppress=``);
``ck.forget(enrollments, prospect, *, salt)``."
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from datetime import UTC, date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cadencekit as ck

START = date(2026, 11, 23)  # a Monday
AT = "2026-11-23T08:00:00+00:00"
MAIL = ck.Cadence("Mail", [ck.Touchpoint("email", 1), ck.Touchpoint("email", 3)])
MIXED = ck.Cadence(
    "Mixed", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 1), ck.Touchpoint("sms", 2)]
)
KEY = b"0123456789abcdef-a-vault-key"


def _plan(enrollments: list[ck.Enrollment], **options: object) -> ck.Agenda:
    options.setdefault("capacity", ck.Capacity())
    return ck.plan(
        enrollments,
        calendar=ck.BusinessCalendar(),
        start=START,
        days=3,
        **options,  # type: ignore[arg-type]
    )


def _sent_from(agenda: ck.Agenda) -> dict[str, str | None]:
    return {t.prospect: t.mailbox for t in agenda.touches if t.channel is ck.Channel.EMAIL}


# Enrollment.start(..., mailbox=...)


def test_start_names_the_mailbox_and_plan_sends_from_it() -> None:
    boxes = [ck.Mailbox("ann@seller.io"), ck.Mailbox("ann.2@seller.io")]
    es = [
        ck.Enrollment.start(MAIL, f"p{i}@acme.com", AT, owner="ann", mailbox="ann.2@seller.io")
        for i in range(6)
    ]
    assert {e.mailbox for e in es} == {"ann.2@seller.io"}
    agenda = _plan(es, capacity=ck.Capacity(mailboxes=boxes))
    assert set(_sent_from(agenda).values()) == {"ann.2@seller.io"}
    assert len(_sent_from(agenda)) == 6


def test_the_mailbox_is_the_fact_and_round_trips() -> None:
    e = ck.Enrollment.start(MAIL, "p1", AT, owner="ann", mailbox=" ann@seller.io ")
    assert e.mailbox == "ann@seller.io" == e.facts["mailbox"]
    back = ck.Enrollment.from_dict(json.loads(json.dumps(e.to_dict())))
    assert back == e
    assert back.mailbox == "ann@seller.io"
    same = ck.Enrollment.start(MAIL, "p1", AT, owner="ann", facts={"mailbox": "ann@seller.io"})
    assert same == e  # one source of truth: the fact
    moved = e.apply(ck.Event.update("2026-11-23T09:00:00+00:00", facts={"mailbox": "b@seller.io"}))
    assert moved.mailbox == "b@seller.io"
    assert ck.Enrollment.start(MAIL, "p1", AT).mailbox is None
    replayed = ck.Enrollment.replay(MAIL, "p1", AT, [], owner="ann", mailbox="ann@seller.io")
    assert replayed == e


def test_start_refuses_a_blank_or_contradicted_mailbox() -> None:
    with pytest.raises(ck.CadenceError, match="mailbox"):
        ck.Enrollment.start(MAIL, "p1", AT, mailbox=" ")
    with pytest.raises(ck.CadenceError, match=r"facts\['mailbox'\]"):
        ck.Enrollment.start(MAIL, "p1", AT, facts={"mailbox": "x@seller.io"}, mailbox="y@seller.io")


def test_start_many_reads_a_mailbox_column() -> None:
    rows = [
        {"prospect": "a@acme.com", "owner": "ann", "mailbox": "ann.2@seller.io"},
        {"prospect": "b@acme.com", "owner": "ann", "mailbox": "ann@seller.io"},
    ]
    es = ck.start_many(rows, MAIL, start=AT)
    assert [e.mailbox for e in es] == ["ann.2@seller.io", "ann@seller.io"]


def test_a_named_mailbox_of_another_rep_is_refused() -> None:
    e = ck.Enrollment.start(MAIL, "p1", AT, owner="ann", mailbox="bob@seller.io")
    own = {
        "ann": ck.Capacity(mailboxes=[ck.Mailbox("ann@seller.io")]),
        "bob": ck.Capacity(mailboxes=[ck.Mailbox("bob@seller.io")]),
    }
    other = ck.Enrollment.start(MAIL, "p2", AT, owner="bob")
    with pytest.raises(ck.CadenceError, match=r"'ann'.s mailboxes"):
        _plan([other, e], owner_capacity=own)


def test_without_a_name_a_rep_rotates_deterministically() -> None:
    boxes = [ck.Mailbox(f"ann.{k}@seller.io") for k in range(3)]
    es = [ck.Enrollment.start(MAIL, f"p{i}@acme.com", AT, owner="ann") for i in range(60)]
    cap = ck.Capacity(mailboxes=boxes)
    first = _sent_from(_plan(es, capacity=cap))
    assert first == _sent_from(_plan(list(reversed(es)), capacity=cap))
    assert set(first.values()) == {box.name for box in boxes}
    # a prospect naming one does not change where the others go
    named = [*es, ck.Enrollment.start(MAIL, "z@acme.com", AT, owner="ann", mailbox="x@seller.io")]
    with_x = _sent_from(_plan(named, capacity=ck.Capacity(mailboxes=boxes, mailbox_per_day=9)))
    assert with_x.pop("z@acme.com") == "x@seller.io"
    assert with_x == first


# Per-mailbox limits, gaps, ramp and jitter through Capacity


def test_capacity_mailboxes_pace_like_plan_mailboxes() -> None:
    box = ck.Mailbox("ann@seller.io", per_day=5, per_hour=2, gap=timedelta(minutes=10))
    es = [ck.Enrollment.start(MAIL, f"p{i}@acme.com", AT, owner="ann") for i in range(12)]
    through_capacity = _plan(es, owner_capacity={"ann": ck.Capacity(mailboxes=[box])})
    through_plan = _plan(es, mailboxes={"ann": box})
    assert through_capacity.touches == through_plan.touches
    assert through_capacity.slips == through_plan.slips
    assert {s.cap for s in through_capacity.slips} >= {ck.Cap.MAILBOX_DAY}


def test_capacity_defaults_describe_every_other_mailbox() -> None:
    cap = ck.Capacity(
        mailbox_per_day=4,
        mailbox_per_hour=3,
        mailbox_gap=timedelta(minutes=7),
        mailbox_windows={timedelta(days=7): 9},
        mailbox_ramp=ck.Ramp(start=2, increase=1, cap=10, since=START),
    )
    assert cap.paces_mailboxes
    es = [
        ck.Enrollment.start(MAIL, f"p{i}@acme.com", AT, owner="ann", mailbox=f"m{i % 2}@seller.io")
        for i in range(20)
    ]
    agenda = _plan(es, capacity=cap)
    per_day = Counter((t.mailbox, t.day) for t in agenda.touches)
    for (name, day), sends in per_day.items():
        assert sends <= min(4, 2 + (day - START).days), (name, day)
    for name in ("m0@seller.io", "m1@seller.io"):
        times = sorted(t.at for t in agenda.touches if t.mailbox == name and t.at is not None)
        assert times
        assert all(b - a >= timedelta(minutes=7) for a, b in itertools.pairwise(times))
    assert ck.Cap.RAMP in {s.cap for s in agenda.slips}
    assert {box.name for _, box in agenda.mailboxes} == {"m0@seller.io", "m1@seller.io"}


def test_capacity_defaults_alone_give_the_rep_one_mailbox() -> None:
    es = [ck.Enrollment.start(MAIL, f"p{i}@acme.com", AT, owner="ann") for i in range(5)]
    agenda = _plan(es, capacity=ck.Capacity(mailbox_per_day=2))
    assert set(_sent_from(agenda).values()) == {"ann"}
    assert [t.day for t in agenda.touches].count(START) == 2
    assert all(t.at is not None for t in agenda.touches)


def test_a_listed_mailbox_keeps_its_own_limits() -> None:
    cap = ck.Capacity(mailboxes=[ck.Mailbox("ann@seller.io", per_day=3)], mailbox_per_day=1)
    assert cap.mailbox("ann@seller.io") == ck.Mailbox("ann@seller.io", per_day=3)
    assert cap.mailbox("other@seller.io") == ck.Mailbox("other@seller.io", per_day=1)
    assert ck.Capacity(mailboxes=[ck.Mailbox("a@seller.io")]).mailbox("b@seller.io") is None
    es = [ck.Enrollment.start(MAIL, f"p{i}@acme.com", AT, owner="ann") for i in range(5)]
    agenda = _plan(es, capacity=cap)
    assert [t.day for t in agenda.touches].count(START) == 3


def test_capacity_with_mailboxes_round_trips() -> None:
    cap = ck.Capacity(
        {"email": 200},
        mailboxes=[
            ck.Mailbox(
                "ann@seller.io",
                per_day=40,
                per_hour=8,
                windows={timedelta(days=7): 150},
                gap=timedelta(minutes=5),
                jitter=timedelta(minutes=3),
                ramp=ck.Ramp(start=10, increase=5, cap=40, since="2026-11-23"),
            )
        ],
        mailbox_per_hour=6,
        mailbox_gap=timedelta(minutes=2),
    )
    assert ck.Capacity.from_dict(json.loads(json.dumps(cap.to_dict()))) == cap
    assert "mailboxes" not in ck.Capacity({"call": 60}).to_dict()  # older payloads unchanged
    with pytest.raises(ck.SchemaError, match="mailbox_gap_minutes"):
        ck.Capacity.from_dict({"mailbox_gap_minutes": "5"})


def test_capacity_refuses_bad_mailbox_fields_by_their_names() -> None:
    with pytest.raises(ck.CadenceError, match="mailbox_per_hour -1"):
        ck.Capacity(mailbox_per_hour=-1)
    with pytest.raises(ck.CadenceError, match="mailbox_gap"):
        ck.Capacity(mailbox_gap=5)
    with pytest.raises(ck.CadenceError, match="mailbox_ramp"):
        ck.Capacity(mailbox_ramp=40)
    with pytest.raises(ck.CadenceError, match="mailboxes"):
        ck.Capacity(mailboxes=[ck.Mailbox("a@seller.io"), ck.Mailbox("a@seller.io")])
    with pytest.raises(ck.CadenceError, match="mailboxes"):
        ck.Capacity(mailboxes=["a@seller.io"])


def test_contradictions_between_plan_and_capacity_are_refused() -> None:
    es = [
        ck.Enrollment.start(MAIL, "p1@acme.com", AT, owner="ann"),
        ck.Enrollment.start(MAIL, "p2@acme.com", AT, owner="bob"),
    ]
    box = ck.Mailbox("ann@seller.io", per_day=5)
    own = {"ann": ck.Capacity(mailboxes=[box])}
    # the same mailbox in both places, the same: fine
    assert _plan(es, owner_capacity=own, mailboxes={"ann": box}).touches
    with pytest.raises(ck.CadenceError, match="same limits"):
        _plan(es, owner_capacity=own, mailboxes={"ann": ck.Mailbox("ann@seller.io", per_day=6)})
    with pytest.raises(ck.CadenceError, match="already given to owner 'bob'"):
        _plan(es, owner_capacity=own, mailboxes={"bob": box})
    with pytest.raises(ck.CadenceError, match="owner_capacity"):
        _plan(es, capacity=ck.Capacity(mailboxes=[box]))  # two reps cannot share one mailbox
    with pytest.raises(ck.CadenceError, match="email session"):
        ck.plan(
            es,
            capacity=ck.Capacity(mailbox_per_day=3, sessions={"email": "09:00-11:00"}),
            calendar=ck.BusinessCalendar(),
            start=START,
            days=2,
            tz="UTC",
        )


# plan(..., jitter=...)


def test_plan_jitter_applies_to_mailboxes_without_their_own() -> None:
    es = [ck.Enrollment.start(MAIL, f"p{i}@acme.com", AT, owner="ann") for i in range(30)]
    plain = ck.Mailbox("ann@seller.io", gap=timedelta(minutes=10))
    still = ck.Mailbox("ann@seller.io", gap=timedelta(minutes=10), jitter=timedelta(0))
    base = _plan(es, mailboxes={"ann": plain}, seed=1)
    shaken = _plan(es, mailboxes={"ann": plain}, seed=1, jitter=timedelta(minutes=3))
    kept = _plan(es, mailboxes={"ann": still}, seed=1, jitter=timedelta(minutes=3))
    assert [t.at for t in kept.touches] == [t.at for t in base.touches]
    moved = [
        (b.at, s.at) for b, s in zip(base.touches, shaken.touches, strict=True) if b.at is not None
    ]
    assert any(a != b for a, b in moved)
    again = _plan(es, mailboxes={"ann": plain}, seed=1, jitter=timedelta(minutes=3))
    assert again.touches == shaken.touches  # the same seed, the same times
    other = _plan(es, mailboxes={"ann": plain}, seed=2, jitter=timedelta(minutes=3))
    assert [t.at for t in other.touches] != [t.at for t in shaken.touches]
    with pytest.raises(ck.CadenceError, match="jitter"):
        _plan(es, mailboxes={"ann": plain}, jitter=3)


def test_a_mailboxs_own_jitter_wins_over_plans() -> None:
    es = [ck.Enrollment.start(MAIL, f"p{i}@acme.com", AT, owner="ann") for i in range(10)]
    own = ck.Mailbox("ann@seller.io", jitter=timedelta(minutes=2))
    a = _plan(es, mailboxes={"ann": own}, seed=3)
    b = _plan(es, mailboxes={"ann": own}, seed=3, jitter=timedelta(hours=2))
    assert a.touches == b.touches


@given(
    jitter=st.integers(0, 30),
    gap=st.integers(0, 20),
    per_hour=st.integers(1, 6),
    seed=st.integers(0, 10),
)
def test_capacity_limits_hold_whatever_the_jitter(
    jitter: int, gap: int, per_hour: int, seed: int
) -> None:
    es = [ck.Enrollment.start(MAIL, f"p{i}@acme.com", AT, owner="ann") for i in range(15)]
    cap = ck.Capacity(mailbox_per_hour=per_hour, mailbox_gap=timedelta(minutes=gap))
    agenda = _plan(es, capacity=cap, seed=seed, jitter=timedelta(minutes=jitter))
    times = sorted(t.at.astimezone(UTC) for t in agenda.touches if t.at is not None)
    assert len(times) == len(agenda.touches)
    for n, moment in enumerate(times):
        assert n == 0 or moment - times[n - 1] >= timedelta(minutes=gap)
        within = [m for m in times if moment <= m < moment + timedelta(hours=1)]
        assert len(within) <= per_hour


# Suppression honoured by can_enroll, plan and schedule_many (suppress=)


BLOCK = ck.Suppression(
    emails=["ada@acme.com"], domains=["rival.com"], channels={"sms": ["+1 555 0100"]}
)


def test_suppression_takes_the_three_keywords() -> None:
    assert BLOCK.emails == frozenset({"ada@acme.com"})
    assert BLOCK.domains == frozenset({"rival.com"})
    assert BLOCK.channels == ((ck.Channel.SMS, frozenset({"+15550100"})),)


def test_can_enroll_honours_suppress() -> None:
    refused = ck.can_enroll([], MAIL, AT, prospect="Ada@Acme.com", suppress=BLOCK)
    assert not refused
    assert (refused.reason or "").startswith("suppressed")
    assert not ck.can_enroll([], MAIL, AT, prospect="jo@rival.com", suppress=BLOCK)
    assert ck.can_enroll([], MAIL, AT, prospect="bo@acme.com", suppress=BLOCK)


def test_plan_honours_suppress() -> None:
    es = [
        ck.Enrollment.start(MIXED, "ada@acme.com", AT, owner="ann"),
        ck.Enrollment.start(MIXED, "jo@rival.com", AT, owner="ann"),
        ck.Enrollment.start(MIXED, "bo@acme.com", AT, owner="ann", facts={"phone": "+15550100"}),
    ]
    agenda = _plan(es, suppress=BLOCK, forecast=True)
    planned = {(t.prospect, t.channel) for t in agenda.touches}
    assert planned == {("bo@acme.com", ck.Channel.EMAIL), ("bo@acme.com", ck.Channel.CALL)}
    reasons = {(s.item.prospect, s.item.channel): s.detail for s in agenda.suppressed}
    assert set(reasons) == {
        *((p, c) for p in ("ada@acme.com", "jo@rival.com") for c in MIXED.channels),
        ("bo@acme.com", ck.Channel.SMS),
    }
    assert all(s.cap is ck.Cap.SUPPRESSED for s in agenda.suppressed)


def test_schedule_many_honours_suppress() -> None:
    columns = ck.schedule_many(
        MIXED,
        [AT, AT, AT],
        prospects=["ada@acme.com", "bo@acme.com", "cy@acme.com"],
        facts={"phone": [None, "+1 (555) 010-0", None]},
        suppress=BLOCK,
    )
    rows = set(zip(columns.enrollment, columns.step, strict=True))
    assert rows == {(1, 0), (1, 1), (2, 0), (2, 1), (2, 2)}
    assert {(s.prospect, s.channel) for s in columns.suppressed} == {
        *(("ada@acme.com", c) for c in (ck.Channel.EMAIL, ck.Channel.CALL, ck.Channel.SMS)),
        ("bo@acme.com", ck.Channel.SMS),
    }
    assert all(s.reason.startswith("suppressed") for s in columns.suppressed)


# ck.forget(enrollments, prospect, *, salt)


def test_forget_pseudonymises_and_plan_never_contacts() -> None:
    es = [
        ck.Enrollment.start(MAIL, "Ada@Acme.com", AT, owner="ann", facts={"phone": "+15550100"}),
        ck.Enrollment.start(MAIL, "bo@acme.com", AT, owner="ann"),
    ]
    es = [
        e.apply(ck.Event.touch("2026-11-23T09:00:00+00:00", 0)).apply(
            ck.Event.reply("2026-11-23T10:00:00+00:00", "no", step=0)
        )
        for e in es[:1]
    ] + es[1:]
    gone = ck.forget(es, "ada@acme.com", salt=KEY)
    assert gone[1] == es[1]
    assert gone[0].prospect == ck.pseudonym("ada@acme.com", salt=KEY)
    assert "phone" not in gone[0].facts
    assert ck.report(gone).reply_rate.value == ck.report(es).reply_rate.value
    agenda = _plan(gone)
    assert all(t.prospect == "bo@acme.com" for t in agenda.touches)
    with pytest.raises(TypeError):
        ck.forget(es, "ada@acme.com", KEY)  # type: ignore[misc]  # salt is keyword-only


def test_design_names_are_importable() -> None:
    for name in ("Mailbox", "Ramp", "Suppression", "Capacity", "forget", "plan", "can_enroll"):
        assert name in ck.__all__, name


_LIMIT = st.none() | st.integers(0, 500)
_MINUTES = st.integers(0, 120).map(lambda m: timedelta(minutes=m))
_RAMPS = st.none() | st.builds(
    lambda start, more, extra, day: ck.Ramp(
        start=start, increase=more, cap=start + extra, since=START + timedelta(days=day)
    ),
    st.integers(0, 50),
    st.integers(0, 10),
    st.integers(0, 100),
    st.integers(-30, 30),
)
_WINDOWS = st.dictionaries(
    st.integers(1, 20_000).map(lambda m: timedelta(minutes=m)), st.integers(0, 900), max_size=2
)


@given(
    names=st.lists(st.sampled_from(["a@s.io", "b@s.io", "c@s.io"]), unique=True, max_size=3),
    per_day=_LIMIT,
    per_hour=_LIMIT,
    windows=_WINDOWS,
    gap=_MINUTES,
    jitter=st.none() | _MINUTES,
    ramp=_RAMPS,
)
def test_capacity_round_trips_whatever_its_mailboxes(
    names: list[str],
    per_day: int | None,
    per_hour: int | None,
    windows: dict[timedelta, int],
    gap: timedelta,
    jitter: timedelta | None,
    ramp: ck.Ramp | None,
) -> None:
    boxes = [
        ck.Mailbox(name, per_day=per_day, windows=windows, jitter=jitter, ramp=ramp)
        for name in names
    ]
    cap = ck.Capacity(
        {"email": 100},
        mailboxes=boxes,
        mailbox_per_hour=per_hour,
        mailbox_windows=windows,
        mailbox_gap=gap,
        mailbox_ramp=ramp,
    )
    back = ck.Capacity.from_dict(json.loads(json.dumps(cap.to_dict())))
    assert back == cap
    for box in boxes:
        assert back.mailbox(box.name) == box
    other = back.mailbox("z@s.io")
    if cap.paces_mailboxes and (per_hour is not None or windows or gap or ramp):
        assert other is not None
        assert (other.per_hour, other.windows, other.gap, other.ramp) == (
            per_hour,
            ck.Mailbox("x", windows=windows).windows,
            gap,
            ramp,
        )
    else:
        assert other is None
