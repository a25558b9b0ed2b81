"""Hypothesis strategies shared by the test modules."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from cadencekit import BusinessCalendar

# Calendars built once: their caches make the properties fast.
CALENDARS = {
    "US": BusinessCalendar(country="US"),
    "US-CA": BusinessCalendar(country="US", subdiv="CA"),
    "DE-BY": BusinessCalendar(country="DE", subdiv="BY"),
    "GB-ENG": BusinessCalendar(country="GB", subdiv="ENG"),
    "IL": BusinessCalendar(weekmask="Sun Mon Tue Wed Thu", country="IL"),
    "plain": BusinessCalendar(),
    "four-day": BusinessCalendar(weekmask="Mon Tue Wed Thu", holidays=["2026-12-24", "2027-01-04"]),
}

calendars = st.sampled_from(sorted(CALENDARS)).map(CALENDARS.__getitem__)
dates = st.dates(min_value=date(1995, 1, 1), max_value=date(2055, 12, 31))
"""Dates whose years the oracle and the properties cover."""
offsets = st.integers(min_value=-800, max_value=800)
