"""Steps anchored to a prospect's own date: "30 days before the renewal"."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cadencekit as ck
from cadencekit import _time
from tests.strategies import CALENDARS, cadences
from tests.test_report_table import export_rows, reports_agree

NEW_YORK = "America/New_York"
BERLIN = "Europe/Berlin"
US = ck.BusinessCalendar(country="US")
DE = ck.BusinessCalendar(country="DE")

RENEWAL = ck.Cadence(
    "Renewal",
    [
        ck.Touchpoint("email", 1, label="Welcome"),
        ck.Touchpoint("email", 2, anchor=ck.DateAnchor("renewal", -60), label="Plan review"),
        ck.Touchpoint("call", 3, anchor=("renewal", -1), at_time="14:00", label="Last check"),
        ck.Touchpoint("email", 4, anchor="renewal", label="Renewed today"),
        ck.Touchpoint("call", 5, label="Check-in"),
    ],
)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def test_renewal_days_across_the_march_dst_change_in_new_york() -> None:
    # Renewal on Monday 15 March 2027; clocks spring forward on Sunday the 14th.
    ada = ck.Enrollment.start(
        RENEWAL,
        "ada@example.com",
        "2027-01-04T08:00:00-05:00",
        calendar=US,
        tz=NEW_YORK,
        anchors={"renewal": date(2027, 3, 15)},
    )
    assert [str(touch) for touch in ada.plan] == [
        "Day 1 · Mon 04 Jan 2027 09:00 EST · Email — Welcome",
        "Day 5 · Fri 08 Jan 2027 09:00 EST · Call — Check-in",
        "Thu 14 Jan 2027 09:00 EST · Email (60 days before renewal) — Plan review",
        # the day before is a Sunday: a reminder before the date stays before it
        "Fri 12 Mar 2027 14:00 EST · Call (1 day before renewal) — Last check",
        "Mon 15 Mar 2027 09:00 EDT · Email (on renewal) — Renewed today",
    ]
    dues = {touch.step: touch.due for touch in ada.plan}
    assert dues[3].utcoffset() == timedelta(hours=-4)  # a wall-clock 09:00 after the change
    assert (_utc(dues[3]).hour, _utc(dues[2]).hour) == (13, 19)  # 09:00 EDT; 14:00 EST
    plan = ck.schedule(
        RENEWAL,
        "2027-01-04T08:00:00-05:00",
        calendar=US,
        tz=NEW_YORK,
        anchors={"renewal": "2027-03-15"},
    )
    assert [(t.step, t.due) for t in plan] == [(t.step, t.due) for t in ada.plan]
    ada = ada.apply(ck.Event.touch("2027-01-04T09:00:00-05:00", 0))
    ada = ada.apply(ck.Event.touch("2027-01-08T09:00:00-05:00", 4))
    assert str(ada.explain()) == (
        "step 2 (email) is due Thu 14 Jan 2027 09:00 EST (America/New_York): "
        "60 days before renewal (Mon 15 Mar 2027)"
    )


def test_a_german_holiday_moves_the_renewal_day_and_business_days_count_back() -> None:
    # Renewal on Thursday 14 May 2026, Ascension Day: closed in Germany.
    cadence = ck.Cadence(
        "Verlängerung",
        [
            ck.Touchpoint("email", 1, anchor=("renewal", -7)),
            ck.Touchpoint("call", 2, anchor=ck.DateAnchor("renewal", -2, basis="business")),
            ck.Touchpoint("email", 3, anchor="renewal"),
        ],
    )
    mia = ck.Enrollment.start(
        cadence,
        "mia@example.de",
        "2026-05-04T08:00:00+02:00",
        calendar=DE,
        tz=BERLIN,
        facts={"renewal": "2026-05-14"},  # a fact of the date's name does the same
    )
    assert [t.due.isoformat() for t in mia.plan] == [
        "2026-05-07T09:00:00+02:00",
        "2026-05-12T09:00:00+02:00",  # from Friday the 15th, 2 business days back over the 14th
        "2026-05-15T09:00:00+02:00",  # on the date: the holiday rolls forward
    ]


def test_a_date_past_at_the_start_skips_its_step_and_today_is_due_now() -> None:
    late = ck.Enrollment.start(
        RENEWAL,
        "bob@example.com",
        "2027-03-12T10:30:00-05:00",
        calendar=US,
        tz=NEW_YORK,
        anchors={"renewal": date(2027, 3, 15)},
    )
    assert late.skipped == (1,)  # 60 days before was in January
    dues = {t.step: t.due.isoformat() for t in late.plan}
    assert dues[2] == "2027-03-12T14:00:00-05:00"  # today, at its preferred time
    after_hours = ck.Enrollment.start(
        RENEWAL,
        "cy",
        "2027-03-12T18:00:00-05:00",
        calendar=US,
        tz=NEW_YORK,
        anchors={"renewal": "2027-03-15"},
    )
    dues = {t.step: t.due.isoformat() for t in after_hours.plan}
    assert dues[2] == "2027-03-15T14:00:00-04:00"  # the window closed: the next open day


def test_a_missing_or_bad_date_skips_the_step_and_all_missing_is_refused() -> None:
    none = ck.Enrollment.start(RENEWAL, "di", "2027-01-04T08:00:00-05:00", calendar=US, tz=NEW_YORK)
    assert none.skipped == (1, 2, 3)
    assert [t.step for t in none.plan] == [0, 4]
    bad = ck.Enrollment.start(
        RENEWAL,
        "di",
        "2027-01-04T08:00:00-05:00",
        calendar=US,
        tz=NEW_YORK,
        facts={"renewal": "next spring"},
    )
    assert bad.skipped == (1, 2, 3)
    only = ck.Cadence("Only", [ck.Touchpoint("email", 1, anchor=("renewal", -30))])
    with pytest.raises(ck.InvalidFieldError, match="every step is anchored") as error:
        ck.Enrollment.start(
            only, "di", "2027-01-04T08:00:00-05:00", anchors={"renewal": "2026-01-01"}
        )
    assert error.value.field == "anchors"
    assert len(ck.schedule(only, "2027-01-04T08:00:00-05:00")) == 0


@pytest.mark.parametrize(
    ("anchors", "facts", "field"),
    [
        ({"renewal": "soon"}, None, "anchors['renewal']"),
        ({"renewal": datetime(2027, 3, 15, 9)}, None, "anchors['renewal']"),
        ({"renewal": "2027-03-15"}, {"renewal": "2027-03-16"}, "anchors['renewal']"),
        ({"": "2027-03-15"}, None, "anchors"),
        (["renewal"], None, "anchors"),
    ],
)
def test_bad_anchors_are_refused_naming_them(anchors: object, facts: object, field: str) -> None:
    with pytest.raises(ck.InvalidFieldError) as error:
        ck.Enrollment.start(
            RENEWAL,
            "p",
            "2027-01-04T08:00:00-05:00",
            anchors=anchors,
            facts=facts,  # type: ignore[arg-type]
        )
    assert error.value.field == field


@pytest.mark.parametrize(
    ("anchor", "field"),
    [(("renewal", 4000), "anchor.days"), (("", -3), "anchor.name"), (3, "anchor")],
)
def test_bad_step_anchors_are_refused(anchor: object, field: str) -> None:
    with pytest.raises(ck.InvalidFieldError) as error:
        ck.Touchpoint("email", 1, anchor=anchor)
    assert error.value.field == field


def test_where_an_anchor_cannot_go() -> None:
    with pytest.raises(ck.InvalidFieldError, match="follows no touch") as error:
        ck.Touchpoint("email", 1, anchor="renewal", after=timedelta(hours=2))
    assert error.value.field == "after"
    with pytest.raises(ck.InvalidFieldError, match="anchor the call"):
        ck.Touchpoint("voicemail", 1, skip_if_connected=True, anchor="renewal")
    with pytest.raises(ck.InvalidFieldError, match=r"touchpoints\[0\]\.anchor"):
        ck.Insert([ck.Touchpoint("call", 1, anchor="renewal")])
    with pytest.raises(ck.InvalidFieldError, match=r"touchpoints\[1\]\.anchor"):
        ck.schedule_many(RENEWAL, [date(2027, 1, 4)])


def test_a_jump_leaves_anchored_steps_on_their_days() -> None:
    jump = ck.Rule(ck.Match("click"), ck.JumpTo(4), name="clicked: check in now")
    eve = ck.Enrollment.start(
        RENEWAL,
        "eve",
        "2027-01-04T08:00:00-05:00",
        calendar=US,
        tz=NEW_YORK,
        rules=[jump, *ck.default_rules()],
        anchors={"renewal": "2027-03-15"},
    ).apply(ck.Event.touch("2027-01-04T09:00:00-05:00", 0))
    eve = eve.apply(ck.Event.click("2027-01-04T10:00:00-05:00", 0))
    assert [t.step for t in eve.plan] == [4, 1, 2, 3]


def test_anchored_enrollments_round_trip_and_replay_in_any_order() -> None:
    data = json.loads(json.dumps(RENEWAL.to_dict()))
    assert data["touchpoints"][2]["anchor"] == {"name": "renewal", "days": -1, "basis": "calendar"}
    assert ck.Cadence.from_dict(data) == RENEWAL
    events = [
        ck.Event.touch("2027-01-04T09:00:00-05:00", 0),
        ck.Event.touch("2027-01-14T09:05:00-05:00", 1),
        ck.Event.reply("2027-01-14T11:00:00-05:00", "maybe", step=1),
        ck.Event.touch("2027-03-12T14:00:00-05:00", 2),
    ]
    options = {"calendar": US, "tz": NEW_YORK, "anchors": {"renewal": "2027-03-15"}}
    kept = ck.Enrollment.replay(RENEWAL, "fay", "2027-01-04T08:00:00-05:00", events, **options)  # type: ignore[arg-type]
    shuffled = list(events)
    random.Random(7).shuffle(shuffled)
    again = ck.Enrollment.replay(RENEWAL, "fay", "2027-01-04T08:00:00-05:00", shuffled, **options)  # type: ignore[arg-type]
    assert again == kept
    assert ck.Enrollment.from_dict(json.loads(json.dumps(kept.to_dict()))) == kept


def test_a_report_of_a_table_sends_anchored_cadences_to_the_engine() -> None:
    steps = [
        ck.Touchpoint("email", 1),
        ck.Touchpoint("call", 2, anchor=("renewal", -30)),
        ck.Touchpoint("email", 3),
    ]
    cadence = ck.Cadence("Calls", steps)  # the name the export's rows carry
    rows = [row for row in export_rows(7, 12) if row.get("step") in (None, 0, 1, 2)]
    reports_agree(ck.read_events(rows), cadence)


# --- properties ---------------------------------------------------------------------

ZONES = ["America/New_York", "Europe/Berlin", "Australia/Sydney", "UTC"]


@st.composite
def anchored(draw: st.DrawFn) -> ck.Cadence:
    """Cadences with some steps anchored to 'renewal' or 'birthday', a few days either side."""
    cadence = draw(cadences(max_touches=6, max_gap=3))
    steps = []
    for touch in cadence.touchpoints:
        anchor = draw(
            st.none()
            | st.builds(
                ck.DateAnchor,
                st.sampled_from(["renewal", "birthday"]),
                st.integers(-40, 10),
                basis=st.sampled_from(list(ck.DayBasis)),
            )
        )
        if touch.skip_if_connected:
            anchor = None
        steps.append(attrs.evolve(touch, anchor=anchor))
    return attrs.evolve(cadence, touchpoints=steps)


@given(
    anchored(),
    st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31)),
    st.integers(-20, 60),
    st.sampled_from(sorted(CALENDARS)),
    st.sampled_from(ZONES),
)
def test_an_anchored_plan_is_its_schedule_and_keeps_to_the_rules(
    cadence: ck.Cadence, start: datetime, ahead: int, region: str, tz: str
) -> None:
    calendar = CALENDARS[region]
    anchors = {"renewal": start.date() + timedelta(days=ahead), "birthday": "2027-02-28"}
    plan = ck.schedule(cadence, start, calendar=calendar, tz=tz, anchors=anchors)
    if not plan.touches:  # every step anchored to a date already past: refused
        with pytest.raises(ck.InvalidFieldError, match="every step is anchored"):
            ck.Enrollment.start(cadence, "p", start, calendar=calendar, tz=tz, anchors=anchors)
        return
    enrollment = ck.Enrollment.start(cadence, "p", start, calendar=calendar, tz=tz, anchors=anchors)
    assert [(t.step, _utc(t.due)) for t in enrollment.plan] == [(t.step, _utc(t.due)) for t in plan]
    started = plan.start.date()
    for touch in plan:
        local = touch.due
        assert calendar.is_business_day(local.date())
        assert _utc(local) >= _utc(plan.start)
        anchor = touch.touchpoint.anchor
        if anchor is None:
            continue
        day, _ = _time.anchored_day(anchor, str(anchors[anchor.name]), calendar, started)
        assert day is not None
        assert local.date() >= day  # its day, or the next open slot when the window has closed
    left_out = set(range(len(cadence))) - {t.step for t in plan}
    assert left_out == set(enrollment.skipped)
    assert all(cadence[step].anchor is not None for step in left_out)
    assert ck.Cadence.from_dict(json.loads(json.dumps(cadence.to_dict()))) == cadence


def test_lint_reads_no_cadence_days_into_anchored_steps() -> None:
    steps = [
        ck.Touchpoint("email", 1, body="Hi {{ name }}, the renewal guide", cta="Reply?"),
        ck.Touchpoint("email", 2, anchor=("renewal", -30), body="Hi {{ name }}", cta="Reply?"),
        ck.Touchpoint("email", 3, anchor=("renewal", -7), body="Hi {{ name }}", cta="Reply?"),
        ck.Touchpoint("call", 8, cta="Book a call?"),
        ck.Touchpoint("email", 12, body="Hi {{ name }}, closing the loop", cta="Reply?"),
    ]
    found = {f.code for f in ck.lint(ck.Cadence("c", steps))}
    assert "over-contacting" not in found  # days 1, 2 and 3 are not three emails in a row
    every = ck.Cadence("c", [attrs.evolve(t, anchor=("renewal", -n)) for n, t in enumerate(steps)])
    assert "too-short" not in {f.code for f in ck.lint(every)}


def test_a_new_date_moves_the_steps_still_to_come() -> None:
    events = [
        ck.Event.touch("2027-01-04T09:00:00-05:00", 0),
        ck.Event.touch("2027-01-14T09:10:00-05:00", 1),
        ck.Event.update("2027-01-20T10:00:00-05:00", {"renewal": "2027-04-30"}),
    ]
    options = {"calendar": US, "tz": NEW_YORK, "anchors": {"renewal": "2027-03-15"}}
    gil = ck.Enrollment.replay(RENEWAL, "gil", "2027-01-04T08:00:00-05:00", events, **options)  # type: ignore[arg-type]
    assert [str(t) for t in gil.plan if t.touchpoint.anchor is not None] == [
        "Thu 29 Apr 2027 14:00 EDT · Call (1 day before renewal) — Last check",
        "Fri 30 Apr 2027 09:00 EDT · Email (on renewal) — Renewed today",
    ]
    assert "step 3 moved to Thu 29 Apr 2027" in gil.decisions[-1].effect
    back = list(reversed(events))
    assert ck.Enrollment.replay(RENEWAL, "gil", "2027-01-04T08:00:00-05:00", back, **options) == gil  # type: ignore[arg-type]
    assert ck.Enrollment.from_dict(json.loads(json.dumps(gil.to_dict()))) == gil
    # a date pulled before the update's day skips what it can no longer keep
    early = gil.apply(ck.Event.update("2027-01-21T10:00:00-05:00", {"renewal": "2027-01-21"}))
    assert early.skipped == (2,)
    assert [t.due.isoformat() for t in early.plan if t.step == 3] == ["2027-01-21T10:00:00-05:00"]


@given(
    st.lists(
        st.tuples(
            st.integers(0, 30 * 24),  # hours after the start
            st.one_of(
                st.integers(0, len(RENEWAL) - 1).map(lambda step: ("touch", step)),
                st.integers(-5, 90).map(lambda days: ("update", days)),
                st.just(("update", None)),
            ),
        ),
        max_size=8,
    ),
    st.randoms(use_true_random=False),
)
def test_anchored_histories_replay_in_any_order(
    drawn: list[tuple[int, tuple[str, int | None]]], shuffle: random.Random
) -> None:
    begin = datetime(2027, 1, 4, 8, tzinfo=UTC)
    events = []
    for hours, (kind, value) in drawn:
        at = begin + timedelta(hours=hours, minutes=len(events))
        if kind == "touch":
            assert value is not None
            events.append(ck.Event.touch(at, value, id=f"e{len(events)}"))
        else:
            renewal = None if value is None else (at.date() + timedelta(days=value)).isoformat()
            events.append(ck.Event.update(at, {"renewal": renewal}, id=f"e{len(events)}"))
    options = {"calendar": US, "tz": NEW_YORK, "anchors": {"renewal": "2027-02-15"}}
    try:
        kept = ck.Enrollment.replay(RENEWAL, "p", begin, events, **options)  # type: ignore[arg-type]
    except ck.CadenceError:
        return
    shuffled = list(events)
    shuffle.shuffle(shuffled)
    twice = shuffled + shuffled[:2]  # a duplicate delivery counts once
    again = ck.Enrollment.replay(RENEWAL, "p", begin, twice, **options)  # type: ignore[arg-type]
    assert again == kept
    assert ck.Enrollment.from_dict(json.loads(json.dumps(kept.to_dict()))) == kept
    for touch in kept.plan:
        assert US.is_business_day(touch.due.date())
