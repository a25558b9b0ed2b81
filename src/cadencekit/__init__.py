"""cadencekit: sales cadences as exact, business-day-aware schedules.

Example:
    >>> import cadencekit as ck
    >>> from datetime import date
    >>> ck.BusinessCalendar(country="US").add_business_days(date(2026, 11, 25), 1)
    datetime.date(2026, 11, 27)
"""

from __future__ import annotations

from .cadence import Cadence, DayBasis, Touchpoint
from .calendar import BusinessCalendar, SendWindow
from .channels import Channel
from .errors import (
    CadenceError,
    DateRangeError,
    InvalidFieldError,
    MissingFieldError,
    SchemaError,
    SendWindowError,
    UnknownRegionError,
    WeekmaskError,
)
from .events import CallResult, Event, EventKind, Response
from .schedule import Schedule, ScheduledTouch, schedule

__version__ = "0.1.0.dev0"

__all__ = [
    "BusinessCalendar",
    "Cadence",
    "CadenceError",
    "CallResult",
    "Channel",
    "DateRangeError",
    "DayBasis",
    "Event",
    "EventKind",
    "InvalidFieldError",
    "MissingFieldError",
    "Response",
    "Schedule",
    "ScheduledTouch",
    "SchemaError",
    "SendWindow",
    "SendWindowError",
    "Touchpoint",
    "UnknownRegionError",
    "WeekmaskError",
    "__version__",
    "schedule",
]
