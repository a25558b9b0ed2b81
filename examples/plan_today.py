"""Plan today's calls for a rep: who to call, and what waits for tomorrow.

Run it with ``python examples/plan_today.py``. "Today" is fixed (Tuesday
24 November 2026) so the output is the same every run; a real script would
pass ``date.today()`` in the team's zone.
"""

from __future__ import annotations

from datetime import date

import cadencekit as ck

us = ck.BusinessCalendar(country="US")
cadence = ck.Cadence(
    "Cold calls",
    [
        ck.Touchpoint("call", 1, label="Intro call"),
        ck.Touchpoint("email", 1, label="Intro email"),
        ck.Touchpoint("call", 3, label="Follow-up call"),
    ],
)


def enrol(prospect: str, at: str, *, done: int = 0) -> ck.Enrollment:
    """Enrol a New York prospect for Ann; mark the first ``done`` steps carried out on time."""
    enrollment = ck.Enrollment.start(
        cadence, prospect, at, calendar=us, tz="America/New_York", owner="ann"
    )
    for _ in range(done):
        touch = enrollment.next_touch
        assert touch is not None
        enrollment = enrollment.apply(ck.Event.touch(touch.due, touch.step))
    return enrollment


enrollments = [
    enrol("grace@acme.com", "2026-11-20T09:00:00-05:00", done=2),  # follow-up call due today
    enrol("alan@acme.com", "2026-11-23T08:00:00-05:00"),  # intro call overdue since Monday
    enrol("ada@beta.io", "2026-11-24T08:00:00-05:00"),
    enrol("barbara@acme.com", "2026-11-24T08:00:00-05:00"),  # a third call to acme.com
    enrol("edsger@gamma.nl", "2026-11-24T08:00:00-05:00"),
    enrol("katherine@delta.org", "2026-11-24T08:00:00-05:00"),  # a fifth call
]

today = date(2026, 11, 24)
agenda = ck.plan(
    enrollments,
    capacity=ck.Capacity({"call": 4}, per_domain=2),
    calendar=us,
    start=today,
    days=1,
)

if __name__ == "__main__":
    print(agenda)
