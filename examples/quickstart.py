"""Quickstart: schedule an 8-touch cadence for a prospect in New York.

Run it with ``python examples/quickstart.py``.
"""

from __future__ import annotations

from datetime import datetime

import cadencekit as ck

cadence = ck.Cadence(
    "Cold outbound",
    [
        ck.Touchpoint("email", 1, label="Intro email"),
        ck.Touchpoint("call", 1, label="Intro call"),
        ck.Touchpoint("email", 3, label="Value email"),
        ck.Touchpoint("call", 5),
        ck.Touchpoint("voicemail", 5),
        ck.Touchpoint("email", 7, label="Case study"),
        ck.Touchpoint("call", 10),
        ck.Touchpoint("email", 10, label="Break-up email"),
    ],
)

# Enrolled on Friday afternoon, the week before Thanksgiving; US holidays closed.
us = ck.BusinessCalendar(country="US")
plan = ck.schedule(cadence, datetime(2026, 11, 20, 16, 30), calendar=us, tz="America/New_York")
print(plan)

first, last = plan[0].due.date(), plan[-1].due.date()
for day, name in us.holidays_between(first, last):
    print(f"skipped {day:%a %d %b}: {name}")
