"""Policy across enrollments: who may be enrolled again, account-level replies."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cadencekit as ck
from cadencekit import Cadence, Enrollment, Event, ExitReason, Status, Touchpoint

from .test_enrollment import FIVE, NY, US, ny, start


def test_can_enroll_policies() -> None:
    other = Cadence("Other", [Touchpoint("email", 1)])
    active = start()
    ended = active.apply(Event.reply(ny("2026-11-23T12:00"), "no"))
    later = ny("2026-12-01T09:00")
    assert not ck.can_enroll([active], FIVE, later)
    assert ck.can_enroll([ended], FIVE, later)
    assert ck.can_enroll([active], FIVE, later, policy=ck.EnrollmentPolicy("any_time"))
    once = ck.can_enroll([ended], "Five", later, policy=ck.EnrollmentPolicy("once"))
    assert not once
    assert once.reason == "already enrolled in 'Five' on 2026-11-23T08:00:00-05:00"
    assert not ck.can_enroll([active], other, later)  # exclusive by default
    assert ck.can_enroll([active], other, later, policy=ck.EnrollmentPolicy(exclusive=False))
    touched = ended.apply(Event.touch(ny("2026-11-30T09:00"), 0))  # after the end, still a touch
    cool = ck.EnrollmentPolicy(cooldown=timedelta(days=14))
    refused = ck.can_enroll([touched], other, later, policy=cool)
    assert not refused
    assert "cool-down until 2026-12-14T09:00:00-05:00" in (refused.reason or "")
    assert ck.can_enroll([touched], other, ny("2026-12-15T09:00"), policy=cool)
    opted = start().apply(Event.opt_out(ny("2026-11-23T12:00")))
    assert not ck.can_enroll([opted], other, later, policy=ck.EnrollmentPolicy("any_time"))
    with pytest.raises(ck.InvalidFieldError, match="reenroll 'twice'"):
        ck.EnrollmentPolicy("twice")
    with pytest.raises(ck.InvalidFieldError, match=r"history\[0\]"):
        ck.can_enroll(["x"], FIVE, later)  # type: ignore[list-item]


def test_account_reply_pauses_or_stops_the_others() -> None:
    ada = start(account="Acme")
    bob = Enrollment.start(FIVE, "bob", ny("2026-11-23T08:00"), calendar=US, tz=NY, account="Acme")
    eve = Enrollment.start(FIVE, "eve", ny("2026-11-23T08:00"), calendar=US, tz=NY, account="Else")
    ada = ada.apply(Event.reply(ny("2026-11-23T12:00"), "positive"))
    ada2, bob2, eve2 = ck.account_replies([ada, bob, eve])
    assert ada2 == ada
    assert eve2 == eve
    assert bob2.status is Status.PAUSED
    assert bob2.paused_until == ny("2026-12-08T00:00")
    assert ck.account_replies([ada2, bob2, eve2]) == [ada2, bob2, eve2]  # idempotent
    _, bob3, _ = ck.account_replies([ada, bob, eve], business_days=None)
    assert bob3.exit_reason is ExitReason.MANUAL
    away = start(account="Acme").apply(Event.out_of_office(ny("2026-11-23T12:00")))
    assert ck.account_replies([away, bob])[1] == bob  # out-of-office is not a reply


def test_account_reply_drops_only_the_colleagues_emails_in_a_us_week() -> None:
    # Thanksgiving week in New York: Ada says yes on Tuesday; Bob at the same account
    # keeps his calls, loses his emails (Apollo's "mark as not sent").
    ada = start(account="Acme").apply(Event.touch(ny("2026-11-23T09:00"), 0))
    bob = Enrollment.start(FIVE, "bob", ny("2026-11-23T08:00"), calendar=US, tz=NY, account="Acme")
    bob = bob.apply(Event.touch(ny("2026-11-23T09:05"), 0))
    ada = ada.apply(Event.reply(ny("2026-11-24T10:00"), "positive", step=0))
    emails = ck.Skip(channels="email")
    ada2, bob2 = ck.account_replies([ada, bob], then=emails)
    assert ada2 == ada
    assert bob2.status is Status.ACTIVE
    assert sorted(bob2.skipped) == [2, 4]
    assert [(t.step, t.channel.value) for t in bob2.plan] == [(1, "call"), (3, "call")]
    assert bob2.plan[0].due == ny("2026-11-25T09:00")  # Day 3: Wednesday, as planned
    assert bob2.events[-1] == Event.skip(
        ny("2026-11-24T10:00"),
        channels="email",
        id="account-reply:ada@example.com:2026-11-24T10:00:00-05:00",
    )
    assert "step 3 (email), step 5 (email)" in bob2.decisions[-1].effect
    assert ck.account_replies([ada2, bob2], then=emails) == [ada2, bob2]  # idempotent
    assert Enrollment.from_dict(bob2.to_dict()) == bob2
    # the calls done, nothing is left: completed
    done = bob2.apply(Event.touch(ny("2026-11-25T09:10"), 1)).apply(
        Event.touch(ny("2026-12-02T09:10"), 3)
    )
    assert done.exit_reason is ExitReason.COMPLETED
    # then=Pause(n) is business_days=n, on a hold of its own; Pause() holds until resumed
    paused = ck.account_replies([ada, bob], then=ck.Pause(10))[1]
    assert paused == ck.account_replies([ada, bob])[1]
    assert paused.events[-1].hold == "account"
    held = ck.account_replies([ada, bob], then=ck.Pause())[1]
    assert held.status is Status.PAUSED
    assert held.paused_until is None
    freed = held.apply(Event.resume(ny("2026-11-30T09:00"), hold="account"))
    assert freed.status is Status.ACTIVE
    assert ck.account_replies([ada, bob], then=ck.End("manual"))[1].exit_reason is (
        ExitReason.MANUAL
    )
    for bad, field in (
        (ck.Skip(automated=True), "then"),
        (ck.Skip(channels="email", steps=[1]), "then"),
        (ck.End("declined"), "then"),
        (ck.Pause(until_classified=True), "then"),
        ("email", "then"),
    ):
        with pytest.raises(ck.InvalidFieldError) as caught:
            ck.account_replies([ada, bob], then=bad)  # type: ignore[arg-type]
        assert caught.value.field == field
    with pytest.raises(ck.InvalidFieldError, match=r"^business_days 3: give then= or"):
        ck.account_replies([ada, bob], business_days=3, then=emails)


def test_account_replies_take_the_replies_in_time_order_whatever_the_list_order() -> None:
    def at_acme(who: str) -> Enrollment:
        return Enrollment.start(
            FIVE, who, ny("2026-11-23T08:00"), calendar=US, tz=NY, account="Acme"
        )

    ada = at_acme("ada").apply(Event.reply(ny("2026-11-24T10:00"), "positive"))
    bob = at_acme("bob").apply(Event.reply(ny("2026-11-23T12:00"), "maybe"))
    cal = at_acme("cal")
    for order in ([ada, bob, cal], [bob, ada, cal]):
        stopped = ck.account_replies(order, then=ck.End("manual"))[2]
        assert stopped.ended_at == ny("2026-11-23T12:00")  # Bob's reply came first
        assert len(stopped.events) == 1  # Ada's, after the end, is not appended


def test_the_event_program_sends_a_skip_of_channels_to_the_engine() -> None:
    from cadencekit import _program

    program = _program.compile_program(ck.default_rules(), FIVE)
    gone = Event.skip(ny("2026-11-24T10:00"), channels="email")
    assert program.verdict(gone, None) is _program.CHANNELS
    assert program.verdict(Event.skip(ny("2026-11-24T10:00"), 1), None) is None


def test_a_colleague_who_ended_before_the_reply_is_left_alone() -> None:
    ada = start(account="Acme")
    bob = Enrollment.start(FIVE, "bob", ny("2026-11-23T08:00"), calendar=US, tz=NY, account="Acme")
    bob = bob.apply(Event.touch(ny("2026-11-23T09:00"), 0)).apply(
        Event.bounce(ny("2026-11-23T09:01"), 0)
    )  # ended Monday
    cal = Enrollment.start(FIVE, "cal", ny("2026-11-23T08:00"), calendar=US, tz=NY, account="Acme")
    cal = cal.apply(Event.opt_out(ny("2026-11-24T12:00")))  # ended after the reply
    ada = ada.apply(Event.reply(ny("2026-11-24T10:00"), "positive"))
    for then in (None, ck.Skip(channels="email"), ck.End("manual")):
        _, bob2, cal2 = ck.account_replies([ada, bob, cal], then=then)
        assert bob2 == bob  # no hold, no event appended to a finished history
        assert len(cal2.events) == len(cal.events) + 1  # running at the reply: it gets one
        stopped = isinstance(then, ck.End)  # the stop at the reply comes before the opt-out
        assert cal2.exit_reason is (ExitReason.MANUAL if stopped else ExitReason.OPTED_OUT)


# --- regressions named in issue 23 ----------------------------------------------------


def test_a_cool_down_counts_elapsed_time_and_never_overflows() -> None:
    other = Cadence("Other", [Touchpoint("email", 1)])
    touched = start().apply(Event.touch(ny("2026-11-23T09:00"), 0))
    forever = ck.EnrollmentPolicy("any_time", exclusive=False, cooldown=timedelta.max)
    refused = ck.can_enroll([touched], other, ny("2026-12-01T09:00"), policy=forever)
    assert not refused
    assert refused.reason == (
        "last touched 2026-11-23T09:00:00-05:00; cool-down of 999999999 days, 23:59:59.999999 "
        "not over"
    )  # it raised OverflowError: the end of the cool-down is past 9999
    # Across the spring change, 09:00 to 09:00 is 23 hours: a day's cool-down is not over.
    march = Cadence("March", [Touchpoint("email", 1)])
    saturday = Enrollment.start(march, "p", ny("2026-03-07T08:00"), calendar=US, tz=NY)
    saturday = saturday.apply(Event.touch(ny("2026-03-07T09:00"), 0))
    day = ck.EnrollmentPolicy("any_time", exclusive=False, cooldown=timedelta(days=1))
    assert not ck.can_enroll([saturday], other, ny("2026-03-08T09:00"), policy=day)
    assert ck.can_enroll([saturday], other, ny("2026-03-08T10:00"), policy=day)


def test_account_replies_near_9999_name_business_days() -> None:
    two = Cadence("Two", [Touchpoint("email", 1), Touchpoint("email", 3)])
    late = datetime(9999, 12, 20, 8, tzinfo=ZoneInfo(NY))
    ada = Enrollment.start(two, "ada", late, tz=NY, account="Acme")
    bob = Enrollment.start(two, "bob", late, tz=NY, account="Acme")
    touch = ada.next_touch
    assert touch is not None
    ada = ada.apply(Event.touch(touch.due, 0)).apply(
        Event.reply(datetime(9999, 12, 30, 9, tzinfo=ZoneInfo(NY)), "positive")
    )
    with pytest.raises(
        ck.DateRangeError, match=r"^business_days 10: from ada's reply of 9999-12-30"
    ):
        ck.account_replies([ada, bob], business_days=10)
    stopped = ck.account_replies([ada, bob], business_days=None)[1]
    assert stopped.exit_reason is ExitReason.MANUAL


# --- issue 29.4: one prospect across sequences ------------------------------------------

INTRO = Cadence("Intro", [Touchpoint("email", 1), Touchpoint("call", 3)])
WEBINAR = Cadence("Webinar", [Touchpoint("call", 1), Touchpoint("email", 2)])


def test_prospect_key_compares_emails_without_case_and_ids_as_written() -> None:
    assert ck.prospect_key(" Ada@Acme.COM\t") == ck.prospect_key("ada@acme.com") == "ada@acme.com"
    assert ck.prospect_key("003AbC") != ck.prospect_key("003abc")  # CRM ids keep their case
    with pytest.raises(ck.InvalidFieldError, match="prospect '  ': expected a non-empty id"):
        ck.prospect_key("  ")


def test_an_opt_out_in_one_sequence_stops_the_others_and_refuses_new_ones() -> None:
    """Issue 29: three re-enrolled prospects who had opted out would have been called."""
    first = Enrollment.start(INTRO, "Ada@Acme.com", ny("2026-11-23T08:00"), tz=NY)
    second = Enrollment.start(WEBINAR, "ada@acme.com ", ny("2026-11-25T08:00"), tz=NY)
    bystander = Enrollment.start(WEBINAR, "bob@acme.com", ny("2026-11-25T08:00"), tz=NY)
    first = first.apply(Event.opt_out(ny("2026-11-23T10:00")))
    out = ck.honour_opt_outs([first, second, bystander])
    assert out[0] == first
    assert out[2] == bystander  # someone else: untouched
    stopped = out[1]
    assert stopped.status is Status.ENDED
    assert stopped.exit_reason is ExitReason.MANUAL
    assert stopped.exit_event is not None
    assert stopped.exit_event.id == "opted out in 'Intro' on 2026-11-23T10:00:00-05:00"
    assert stopped.exit_event.at == second.started  # it began after the opt-out
    assert ck.honour_opt_outs(out) == out  # idempotent
    agenda = ck.plan(out, capacity=ck.Capacity(), calendar=US, start=ny("2026-11-25T08:00"), days=5)
    assert {t.prospect for t in agenda.touches} == {"bob@acme.com"}
    refused = ck.can_enroll(out, FIVE, ny("2026-12-01T09:00"), prospect="ADA@acme.com")
    assert not refused
    assert refused.reason == "opted out in 'Intro' on 2026-11-23T10:00:00-05:00"
    assert ck.can_enroll(out, FIVE, ny("2026-12-01T09:00"), prospect="cy@acme.com")


def test_a_bounce_or_a_late_opt_out_counts_too() -> None:
    done = Enrollment.start(INTRO, "ada@acme.com", ny("2026-11-23T08:00"), tz=NY)
    done = done.apply(Event.reply(ny("2026-11-23T12:00"), "no"))  # ended: declined
    done = done.apply(Event.opt_out(ny("2026-11-24T12:00")))  # kept, changes nothing there
    assert done.exit_reason is ExitReason.DECLINED
    other = Enrollment.start(WEBINAR, "ada@acme.com", ny("2026-11-23T08:00"), tz=NY)
    _, stopped = ck.honour_opt_outs([done, other])
    assert stopped.exit_event is not None
    assert stopped.exit_event.id == "opted out in 'Intro' on 2026-11-24T12:00:00-05:00"
    bounced = Enrollment.start(INTRO, "cy@x.com", ny("2026-11-23T08:00"), tz=NY)
    bounced = bounced.apply(Event.touch(ny("2026-11-23T09:00"), 0)).apply(
        Event.bounce(ny("2026-11-23T09:01"), 0)
    )
    later = Enrollment.start(WEBINAR, "CY@x.com", ny("2026-11-23T08:00"), tz=NY)
    _, stopped = ck.honour_opt_outs([bounced, later])
    assert stopped.exit_event is not None
    assert stopped.exit_event.id.startswith("bounced in 'Intro'")


_PEOPLE = ["ada@acme.com", "Ada@Acme.com", " ada@acme.com", "bob@acme.com", "BOB@acme.com", "cy"]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(_PEOPLE),
            st.sampled_from([INTRO, WEBINAR]),
            st.integers(0, 4),  # start: days after Mon 23 Nov
            st.sampled_from([None, "opt_out", "bounce", "no"]),
        ),
        max_size=6,
    )
)
def test_after_honour_nobody_who_opted_out_anywhere_is_due(
    rows: list[tuple[str, Cadence, int, str | None]],
) -> None:
    enrollments = []
    for prospect, cadence, offset, what in rows:
        began = ny("2026-11-23T08:00") + timedelta(days=offset)
        e = Enrollment.start(cadence, prospect, began, tz=NY)
        at = began + timedelta(hours=2)
        if what == "opt_out":
            e = e.apply(Event.opt_out(at))
        elif what == "bounce":
            e = e.apply(Event.touch(at, 0)).apply(Event.bounce(at, 0))
        elif what == "no":
            e = e.apply(Event.reply(at, "no"))
        enrollments.append(e)
    out = ck.honour_opt_outs(enrollments)
    assert ck.honour_opt_outs(out) == out
    blocked = {
        ck.prospect_key(e.prospect)
        for e, (_, _, _, what) in zip(enrollments, rows, strict=True)
        if what in ("opt_out", "bounce")
    }
    for before, after in zip(enrollments, out, strict=True):
        if ck.prospect_key(after.prospect) in blocked:
            assert after.status is Status.ENDED  # nothing due for them, in any sequence
            assert not ck.can_enroll(out, FIVE, ny("2026-12-07T09:00"), prospect=after.prospect)
        else:
            assert after == before  # everyone else untouched


# --- issue 26.3: the team -----------------------------------------------------------------

BERLIN = ZoneInfo("Europe/Berlin")
GERMANY = ck.BusinessCalendar(country="DE")
CALLS_AND_EMAILS = Cadence(
    "Calls and emails",
    [Touchpoint("email", 1), Touchpoint("call", 2), Touchpoint("email", 4), Touchpoint("call", 6)],
)


def book(who: str, owner: str) -> Enrollment:
    return Enrollment.start(
        CALLS_AND_EMAILS, who, ny("2026-12-21T08:00"), calendar=US, tz=NY, owner=owner
    ).apply(Event.touch(ny("2026-12-21T09:00"), 0))


def test_a_reps_time_off_pauses_their_book_at_once_and_stacks_with_a_parked_pause() -> None:
    # Kim takes Christmas week off in New York; Ada was parked by hand beforehand.
    ada = book("ada", "kim").apply(Event.pause(ny("2026-12-21T10:00"), hold="parked"))
    bob, cy = book("bob", "kim"), book("cy", "lou")
    done = book("dee", "kim").apply(Event.reply(ny("2026-12-21T11:00"), "no"))
    team = [ada, bob, cy, done]
    kims = lambda e: e.owner == "kim"  # noqa: E731
    away = ck.pause_where(team, kims, ny("2026-12-21T17:00"), hold="pto", until="2027-01-04")
    assert [e.status for e in away] == [Status.PAUSED, Status.PAUSED, Status.ACTIVE, Status.ENDED]
    assert away[2] == cy
    assert away[3] == done  # ended: nothing appended
    assert away[1].events[-1].id == "pause_where 'pto' at 2026-12-21T17:00:00-05:00"
    assert ck.pause_where(away, kims, ny("2026-12-21T17:00"), hold="pto", until="2027-01-04") == (
        away
    )  # idempotent
    # the time off ends: Bob's call comes back on Monday 4 Jan, Ada stays parked
    later = [e.advance(ny("2027-01-04T09:00")) for e in away]
    assert later[1].status is Status.ACTIVE
    assert later[1].next_touch is not None
    assert later[1].next_touch.due == ny("2027-01-04T09:00")
    assert later[0].status is Status.PAUSED
    assert later[0].held_by("parked")
    # back early: the pto hold alone is lifted, where it is held
    back = ck.resume_where(away, kims, ny("2026-12-28T09:00"), hold="pto")
    assert back[1].status is Status.ACTIVE
    assert back[0].held_by("parked")
    assert not back[0].held_by("pto")
    assert back[2] == cy  # never paused: no resume appended
    assert ck.resume_where(back, kims, ny("2026-12-28T09:00"), hold="pto") == back
    for bad, field in ((None, "hold"), (" ", "hold")):
        with pytest.raises(ck.InvalidFieldError) as caught:
            ck.pause_where(team, kims, ny("2026-12-21T17:00"), hold=bad)  # type: ignore[arg-type]
        assert caught.value.field == field
    with pytest.raises(ck.InvalidFieldError) as caught:
        ck.resume_where(team, "kim", ny("2026-12-21T17:00"), hold="pto")  # type: ignore[arg-type]
    assert caught.value.field == "where"


def test_a_reassign_replans_on_the_new_reps_days_and_replays() -> None:
    # Kim (New York) hands Ada to Lou, who works from Berlin on German holidays: Ascension
    # Day, Thursday 14 May 2026, is closed for Lou's calls, not for Ada's emails.
    ada = Enrollment.start(
        CALLS_AND_EMAILS, "ada", ny("2026-05-07T08:00"), calendar=US, tz=NY, owner="kim"
    ).apply(Event.touch(ny("2026-05-07T09:00"), 0))
    moved = ada.reassign(ny("2026-05-07T12:00"), owner="lou", rep_calendar="DE")
    assert moved.owner == "lou"
    assert moved.rep_calendar == GERMANY
    assert "owner 'kim' -> 'lou'" in moved.decisions[-1].effect
    called = [e.apply(Event.touch(ny("2026-05-08T09:00"), 1)) for e in (ada, moved)]
    plans = [[(t.channel.value, t.due.date().isoformat()) for t in e.plan] for e in called]
    assert plans == [
        [("email", "2026-05-12"), ("call", "2026-05-14")],  # Kim's days: Day 6 on Thursday
        [("email", "2026-05-12"), ("call", "2026-05-15")],  # Lou's: Ascension Day closed
    ]
    after = called[1]
    assert moved.events[-1] == Event.reassign(
        ny("2026-05-07T12:00"), owner="lou", rep_calendar=GERMANY
    )
    # stored with the start's owner and the reassign among the events; any order replays
    data = after.to_dict()
    assert (data["owner"], data["rep_calendar"]) == ("kim", None)
    assert Enrollment.from_dict(data) == after
    assert after.restart() == Enrollment.start(
        CALLS_AND_EMAILS, "ada", ny("2026-05-07T08:00"), calendar=US, tz=NY, owner="kim"
    )
    shuffled = Enrollment.replay(
        CALLS_AND_EMAILS,
        "ada",
        ny("2026-05-07T08:00"),
        list(reversed(after.events)),
        calendar=US,
        tz=NY,
        owner="kim",
    )
    assert shuffled == after
    # forgetting her keeps the team as it stood: Kim at the start, Lou after the reassign
    gone = after.forget(salt=b"0123456789abcdef-kept-in-a-vault")
    assert (gone.owner, gone.rep_calendar, gone.restart().owner) == ("lou", GERMANY, "kim")
    assert gone.plan == after.plan
    # the agenda files her under Lou
    agenda = ck.plan(
        [after], capacity=ck.Capacity(), calendar=US, start=date(2026, 5, 14), days=3, tz=NY
    )
    assert any(agenda.for_owner("lou").values())
    with pytest.raises(ck.InvalidFieldError, match=r"^owner 'kim': not an owner in this agenda"):
        agenda.for_owner("kim")
    # no other way to change them: evolve is refused and points to reassign
    with pytest.raises(ck.CadenceError, match=r"enrollment\.reassign\(at, owner="):
        attrs.evolve(ada, rep_calendar=GERMANY)
    with pytest.raises(ck.InvalidFieldError, match=r"^owner None: a reassign names"):
        Event.reassign(ny("2026-05-07T12:00"))
    with pytest.raises(ck.InvalidFieldError, match=r"^owner 'lou': only a reassign"):
        Event("pause", ny("2026-05-07T12:00"), owner="lou")


def test_owners_for_new_prospects_round_robin_and_least_loaded() -> None:
    reps = ["kim", "lou", "mia"]
    prospects = ["ada", "Bob@Acme.com", "cy", "bob@acme.com", "dee"]
    assert ck.assign_owners(prospects, reps) == {
        "ada": "kim",
        "Bob@Acme.com": "lou",
        "cy": "mia",
        "dee": "kim",
    }  # bob once, by prospect_key
    # the rotation goes on after the latest enrollment's owner; a prospect in flight stays
    running = [book("ada", "lou"), book("old", "kim")]
    later = Enrollment.start(CALLS_AND_EMAILS, "zed", ny("2026-12-22T08:00"), tz=NY, owner="mia")
    assert ck.assign_owners(["ada", "eve", "fay"], reps, enrollments=[*running, later]) == {
        "ada": "lou",
        "eve": "kim",
        "fay": "lou",
    }
    # least loaded: Kim and Lou have one running each, Mia none; ties go to the first listed
    ended = book("gus", "mia").apply(Event.reply(ny("2026-12-21T11:00"), "no"))
    assert ck.assign_owners(
        ["eve", "fay", "gil", "hal"], reps, method="least_loaded", enrollments=[*running, ended]
    ) == {"eve": "mia", "fay": "kim", "gil": "lou", "hal": "mia"}
    # the same arguments, the same answer
    assert ck.assign_owners(prospects, reps, method="least_loaded") == ck.assign_owners(
        prospects, reps, method="least_loaded"
    )
    for bad, field in (([], "owners"), (["kim", "kim"], "owners"), ("kim", "owners")):
        with pytest.raises(ck.InvalidFieldError) as caught:
            ck.assign_owners(prospects, bad)
        assert caught.value.field == field
    with pytest.raises(ck.InvalidFieldError, match=r"^method 'random'"):
        ck.assign_owners(prospects, reps, method="random")


@given(
    st.lists(st.sampled_from(["ada", "Ada", "bob", "cy", "dee", "eve", "fay", "gus"]), max_size=12),
    st.lists(st.sampled_from(["kim", "lou", "mia", "ned"]), min_size=1, max_size=4, unique=True),
    st.sampled_from(["round_robin", "least_loaded"]),
    st.lists(st.tuples(st.sampled_from(["p1", "p2", "ada"]), st.sampled_from(["kim", "lou"]),
                       st.integers(0, 3), st.booleans()), max_size=4),
)  # fmt: skip
def test_owners_are_given_deterministically_and_evenly(
    prospects: list[str], reps: list[str], method: str, running: list[tuple[str, str, int, bool]]
) -> None:
    book = []
    for who, owner, day, ended in running:
        e = Enrollment.start(CALLS_AND_EMAILS, who, ny(f"2026-12-{21 + day}T08:00"), owner=owner)
        book.append(e.apply(Event.stop(ny(f"2026-12-{21 + day}T09:00"))) if ended else e)
    got = ck.assign_owners(prospects, reps, method=method, enrollments=book)
    assert got == ck.assign_owners(list(prospects), list(reps), method=method, enrollments=book)
    keys = {ck.prospect_key(p) for p in prospects}
    assert len(got) == len(keys)  # each prospect once, as first written
    assert set(got.values()) <= set(reps)
    flying = sorted(
        (e for e in book if e.status is not Status.ENDED and e.owner in reps),
        key=lambda e: (e.started, e.prospect),
    )
    kept = {ck.prospect_key(e.prospect): e.owner for e in flying}  # the latest started wins
    load = {rep: sum(1 for e in flying if e.owner == rep) for rep in reps}
    new = []
    for p, o in got.items():
        if ck.prospect_key(p) in kept:
            assert o == kept[ck.prospect_key(p)]  # in flight: stays with the rep
            continue
        new.append(o)
        if method == "least_loaded":  # each goes to a rep with the fewest, the first listed
            assert load[o] == min(load.values())
            assert reps.index(o) == min(reps.index(r) for r in reps if load[r] == load[o])
        load[o] += 1
    counts = [new.count(rep) for rep in reps]
    if method == "round_robin":
        assert max(counts) - min(counts) <= 1  # in turn: never two ahead


@given(
    st.lists(st.tuples(st.sampled_from(["kim", "lou"]), st.booleans(), st.booleans()), max_size=5),
    st.sampled_from([None, "2027-01-04"]),
)
def test_bulk_pauses_touch_only_what_they_pick_and_repeat_to_no_effect(
    book: list[tuple[str, bool, bool]], until: str | None
) -> None:
    team = []
    for index, (owner, parked, ended) in enumerate(book):
        e = Enrollment.start(CALLS_AND_EMAILS, f"p{index}", ny("2026-12-21T08:00"), owner=owner)
        if parked:
            e = e.apply(Event.pause(ny("2026-12-21T10:00"), hold="parked"))
        if ended:
            e = e.apply(Event.stop(ny("2026-12-21T11:00")))
        team.append(e)
    kims = lambda e: e.owner == "kim"  # noqa: E731
    paused = ck.pause_where(team, kims, ny("2026-12-21T17:00"), hold="pto", until=until)
    assert ck.pause_where(paused, kims, ny("2026-12-21T17:00"), hold="pto", until=until) == paused
    resumed = ck.resume_where(paused, kims, ny("2026-12-22T09:00"), hold="pto")
    assert ck.resume_where(resumed, kims, ny("2026-12-22T09:00"), hold="pto") == resumed
    for before, mid, after in zip(team, paused, resumed, strict=True):
        picked = before.owner == "kim" and before.status is not Status.ENDED
        assert (mid != before) == picked
        assert mid.held_by("pto") == picked
        assert not after.held_by("pto")
        assert after.held_by("parked") == before.held_by("parked")  # other holds stay
        assert Enrollment.from_dict(after.to_dict()) == after
