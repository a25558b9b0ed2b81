"""Every value pickles and comes back equal: what a Dask or Spark job needs."""

from __future__ import annotations

import pickle
from datetime import date

import pytest

import cadencekit as ck


def values() -> dict[str, object]:
    us = ck.BusinessCalendar(country="US")
    cadence = ck.presets.eight_touch()
    start = "2026-11-23T08:00:00-05:00"
    plan = ck.schedule(cadence, start, calendar=us, tz="America/New_York")
    runs = ck.simulate(cadence, 30, model=ck.ResponseModel(), seed=3, start=start, calendar=us)
    report = ck.report(runs)
    enrollment = ck.Enrollment.start(cadence, "p", start, calendar=us, tz="America/New_York")
    return {
        "calendar": us,
        "merged": us.merge(ck.BusinessCalendar(country="DE", subdiv="BY")),
        "window": ck.SendWindow(),
        "cadence": cadence,
        "touchpoint": cadence[0],
        "schedule": plan,
        "scheduled touch": plan[0],
        "columns": ck.schedule_many(cadence, [start], calendar=us, tz="America/New_York"),
        "event": ck.Event.reply(start, "maybe", step=0),
        "rules": ck.no_maybe_playbook() + ck.positive_reply_playbook(),
        "enrollment": enrollment.apply(ck.Event.touch("2026-11-23T09:00:00-05:00", 0)),
        "explanation": enrollment.explain(),
        "policy": ck.EnrollmentPolicy("once"),
        "findings": ck.lint(ck.presets.five_day_classic()),
        "rendered": cadence[0].render({"first_name": "Ada", "company": "Acme"}, strict=False),
        "rate": ck.Rate(3, 7),
        "comparison": ck.compare(ck.Rate(30, 70), ck.Rate(20, 70)),
        "report": report,
        "model": ck.ResponseModel(),
        "agenda": ck.plan(
            runs,
            capacity=ck.Capacity(per_channel={"call": 5}),
            calendar=us,
            start=date(2026, 11, 23),
            days=5,
        ),
    }


VALUES = values()


@pytest.mark.parametrize("name", sorted(VALUES))
def test_value_pickles_and_comes_back_equal(name: str) -> None:
    value = VALUES[name]
    assert pickle.loads(pickle.dumps(value)) == value
