"""Policy across enrollments: who may be enrolled again, account-level replies."""

from __future__ import annotations

from datetime import timedelta

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
