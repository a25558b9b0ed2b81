"""Policy across enrollments: who may be enrolled again, account-level replies."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

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
