"""Hypothesis strategies shared by the test modules."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from cadencekit import BusinessCalendar, Cadence, Channel, DayBasis, SendWindow, Touchpoint

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


texts = st.none() | st.text(max_size=20)
touch_windows = st.none() | st.sampled_from(
    [SendWindow("08:00", "10:00"), SendWindow("13:30", "16:45")]
)
"""A touchpoint's own window: mostly none, sometimes a morning or an afternoon."""
cadence_windows = st.sampled_from([SendWindow(), SendWindow("08:00", "18:00")])
"""A cadence's window."""


@st.composite
def cadences(
    draw: st.DrawFn,
    *,
    windows: st.SearchStrategy[SendWindow | None] = touch_windows,
    default_windows: st.SearchStrategy[SendWindow] = cadence_windows,
    max_touches: int = 8,
    max_gap: int = 4,
) -> Cadence:
    """Cadences of 1..max_touches touchpoints, days never decreasing."""
    touch_lists = st.lists(
        st.tuples(
            st.sampled_from(list(Channel)),
            st.integers(0, max_gap),
            texts,
            texts,
            texts,
            texts,
            windows,
        ),
        min_size=1,
        max_size=max_touches,
    )
    day = 1
    touchpoints = []
    for channel, gap, label, subject, body, cta, window in draw(touch_lists):
        day += gap
        touchpoints.append(
            Touchpoint(
                channel, day, label=label, subject=subject, body=body, cta=cta, window=window
            )
        )
    return Cadence(
        draw(st.text(min_size=1, max_size=10).filter(str.strip)),
        touchpoints,
        objective=draw(texts),
        audience=draw(st.sampled_from([None, "outbound", "inbound"])),
        day_basis=draw(st.sampled_from(list(DayBasis))),
        window=draw(default_windows),
        spacing=draw(st.integers(0, 120)),
    )
