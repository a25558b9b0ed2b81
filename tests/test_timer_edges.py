"""Timers at the edges (issue 26, item 6): a silence after the last step, next_touch ahead."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st

import cadencekit as ck

US = ck.BusinessCalendar(country="US")
NY = "America/New_York"
START = "2026-11-23T08:00:00-05:00"
TWO = ck.Cadence("Two emails", [ck.Touchpoint("email", 1), ck.Touchpoint("email", 4)])
NURTURE = ck.Rule(
    ck.Silence(5, after_step=1, unless=("reply",)), ck.MoveTo("Nurture"), name="no reply: nurture"
)


def two_touched(rules: list[ck.Rule]) -> ck.Enrollment:
    e = ck.Enrollment.start(TWO, "ada@example.com", START, calendar=US, tz=NY, rules=rules)
    e = e.apply(ck.Event.touch("2026-11-23T09:00:00-05:00", 0))
    return e.apply(ck.Event.touch("2026-11-27T09:00:00-05:00", 1))  # Thanksgiving passed


def test_a_silence_after_the_last_step_keeps_the_enrollment_open_until_it_fires() -> None:
    e = two_touched([NURTURE, *ck.default_rules()])
    assert e.status is ck.Status.ACTIVE  # not completed: the silence still waits
    assert e.next_timer == ("no reply: nurture", datetime.fromisoformat("2026-12-04T09:00-05:00"))
    moved = e.advance("2026-12-04T09:00:00-05:00")
    assert moved.exit_reason is ck.ExitReason.MOVED
    assert moved.moved_to == "Nurture"


def test_a_silence_cancelled_after_the_last_step_completes_the_enrollment() -> None:
    e = two_touched([NURTURE, *ck.default_rules()])
    e = e.apply(ck.Event.reply("2026-11-30T10:00:00-05:00", "positive"))
    assert e.exit_reason is ck.ExitReason.POSITIVE_REPLY  # the reply's own rule ends it
    quiet = two_touched([NURTURE]).apply(ck.Event.reply("2026-11-30T10:00:00-05:00", "other"))
    assert quiet.exit_reason is ck.ExitReason.COMPLETED
    assert "silence 'no reply: nurture' cancelled by the reply" in quiet.decisions[-1].effect


def test_without_a_silence_the_last_touch_completes() -> None:
    assert two_touched(list(ck.default_rules())).exit_reason is ck.ExitReason.COMPLETED


@st.composite
def enrollments(draw: st.DrawFn) -> ck.Enrollment:
    """Enrollments with silences of every action, some steps touched at their due times."""
    days = sorted(draw(st.lists(st.integers(1, 9), min_size=1, max_size=4)))
    cadence = ck.Cadence("c", [ck.Touchpoint("email", day) for day in days])
    actions = st.sampled_from(
        [
            ck.Insert([ck.Touchpoint("linkedin", 1)]),
            ck.MoveTo("Nurture"),
            ck.MoveTo("Later", after_business_days=2),
            ck.End("manual"),
            ck.Pause(2),
        ]
    )
    rules = [
        ck.Rule(
            ck.Silence(
                draw(st.integers(1, 6)),
                after_step=draw(st.integers(0, len(days) - 1)),
                unless=draw(st.sampled_from([("open",), ("reply",), ("open", "reply")])),
            ),
            draw(actions),
            name=f"silence {index}",
            once=draw(st.booleans()),
        )
        for index in range(draw(st.integers(0, 2)))
    ]
    e = ck.Enrollment.start(cadence, "p", START, calendar=US, tz=NY, rules=rules)
    for _ in range(draw(st.integers(0, len(days)))):
        following = e._first_planned()
        if following is None:
            break
        e = e.apply(ck.Event.touch(following.due, following.step))
    return e


@given(enrollments())
def test_next_touch_is_what_advance_gives_at_its_due_time(e: ck.Enrollment) -> None:
    following = e.next_touch
    if following is None:
        return
    later = e.advance(following.due)
    assert later.next_touch == following
    assert following in e.due(following.due)
    assert later.status is not ck.Status.ENDED
    if e.next_timer is None:  # nothing to fire ahead: the plan's own first touch
        assert following == e.plan[0]


def test_next_touch_fires_a_silence_ahead_as_advance_would() -> None:
    linkedin = ck.Rule(
        ck.Silence(3, after_step=0, unless=("open", "reply")),
        ck.Insert([ck.Touchpoint("linkedin", 1)]),
        name="no open: LinkedIn",
    )
    c = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("email", 8)])
    e = ck.Enrollment.start(c, "p", "2026-11-23T08:00:00+00:00", rules=[linkedin])
    e = e.apply(ck.Event.touch("2026-11-23T09:00:00+00:00", 0))
    assert e.plan[0].step == 1  # as it stands: the day-8 email
    ahead = e.next_touch  # unless an open comes: the LinkedIn step the silence inserts
    assert ahead is not None
    assert (ahead.step, ahead.channel) == (2, ck.Channel.LINKEDIN)
    assert ahead == e.advance("2026-11-26T09:00:00+00:00").next_touch
    opened = e.apply(ck.Event.open("2026-11-24T09:00:00+00:00", 0))
    assert opened.next_touch == opened.plan[0]  # the open broke the silence


def test_explain_names_the_holiday_day_one_rolled_off() -> None:
    # issue 26, item 6: a start on a holiday (the prospect's, or the rep's for a manual
    # step) moves Day 1; explain() says which holiday did it.
    one_email = ck.Cadence("c", [ck.Touchpoint("email", 1)])
    e = ck.Enrollment.start(one_email, "p", "2026-11-26T08:00:00-05:00", calendar=US, tz=NY)
    assert str(e.explain()).endswith("; Thu 26 Nov 2026 skipped: Thanksgiving Day")
    scots = ck.BusinessCalendar(country="GB", subdiv="SCT")
    call = ck.Cadence("c", [ck.Touchpoint("call", 1)])
    e = ck.Enrollment.start(
        call, "p", "2026-11-30T08:00:00-05:00", calendar=US, tz=NY, rep_calendar=scots
    )
    assert e.next_touch is not None
    assert e.next_touch.due.date().isoformat() == "2026-12-01"
    assert str(e.explain()).endswith("; Mon 30 Nov 2026 skipped: Saint Andrew's Day (rep)")
    touched = ck.Enrollment.start(one_email, "p", "2026-11-25T08:00:00-05:00", calendar=US, tz=NY)
    assert "skipped" not in str(touched.explain())  # Day 1 on its own date: nothing to say
