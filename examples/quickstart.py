"""Quickstart: schedule the eight-touch cadence for a prospect in New York, then react.

Run it with ``python examples/quickstart.py``.
"""

from __future__ import annotations

from datetime import datetime

import cadencekit as ck

cadence = ck.presets.eight_touch()  # two business weeks of emails, calls and voicemails

# Enrolled on Friday afternoon, the week before Thanksgiving; US holidays closed.
us = ck.BusinessCalendar(country="US")
start = datetime(2026, 11, 20, 16, 30)
plan = ck.schedule(cadence, start, calendar=us, tz="America/New_York")
print(plan)

first, last = plan[0].due.date(), plan[-1].due.date()
for day, name in us.holidays_between(first, last):
    print(f"skipped {day:%a %d %b}: {name}")

# The prospect answers the first email with "maybe": the enrollment waits
# ten business days, then the rest of the cadence follows.
ada = ck.Enrollment.start(cadence, "ada@example.com", start, calendar=us, tz="America/New_York")
ada = ada.apply(ck.Event.touch(plan[0].due, 0))
ada = ada.apply(ck.Event.reply("2026-11-23T10:12:00-05:00", "maybe", step=0))
print()
print(f"after a 'maybe': {ada.status.value} until {ada.paused_until:%a %d %b}")
print(ada.explain())
