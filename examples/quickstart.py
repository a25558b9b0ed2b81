"""Quickstart: when do the touches of a cadence fall, with US holidays?

Run it with ``python examples/quickstart.py``.
"""

from __future__ import annotations

from datetime import date

import cadencekit as ck

# A rep in the US: Monday to Friday, US federal holidays closed.
us = ck.BusinessCalendar(country="US")

# Enrolled on the Wednesday before Thanksgiving; the cadence touches on
# business days 1, 3, 5, 7 and 10.
day_one = us.roll_forward(date(2026, 11, 25))
print(f"Day 1 is {day_one:%a %d %b %Y}")
for day in (3, 5, 7, 10):
    due = us.add_business_days(day_one, day - 1)
    print(f"Day {day:>2} is {due:%a %d %b %Y}")

closed = us.holidays_between(day_one, us.add_business_days(day_one, 9))
for holiday, name in closed:
    print(f"  skipped {holiday:%a %d %b}: {name}")
