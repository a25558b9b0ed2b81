"""cadencekit: sales cadences as exact, business-day-aware schedules.

Example:
    >>> import cadencekit as ck
    >>> from datetime import date
    >>> ck.BusinessCalendar(country="US").add_business_days(date(2026, 11, 25), 1)
    datetime.date(2026, 11, 27)
"""

from __future__ import annotations

from . import presets  # a module: ck.presets.cold_outreach()
from .bulk import ScheduleColumns, schedule_many
from .cadence import Cadence, DayBasis, Rendered, Touchpoint
from .calendar import BusinessCalendar, SendWindow
from .channels import Channel
from .enrollment import (
    Decision,
    Eligibility,
    Enrollment,
    EnrollmentPolicy,
    Explanation,
    Status,
    account_replies,
    can_enroll,
)
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
from .lint import Finding, Severity, lint
from .personalize import fields_in, render
from .rules import (
    INITIAL_STAGE,
    Action,
    End,
    ExitReason,
    Insert,
    JumpTo,
    Match,
    MoveTo,
    Pause,
    Resume,
    Rule,
    default_rules,
    first_match,
    no_maybe_playbook,
    positive_reply_playbook,
)
from .schedule import Schedule, ScheduledTouch, schedule

__version__ = "0.1.0.dev0"

__all__ = [
    "INITIAL_STAGE",
    "Action",
    "BusinessCalendar",
    "Cadence",
    "CadenceError",
    "CallResult",
    "Channel",
    "DateRangeError",
    "DayBasis",
    "Decision",
    "Eligibility",
    "End",
    "Enrollment",
    "EnrollmentPolicy",
    "Event",
    "EventKind",
    "ExitReason",
    "Explanation",
    "Finding",
    "Insert",
    "InvalidFieldError",
    "JumpTo",
    "Match",
    "MissingFieldError",
    "MoveTo",
    "Pause",
    "Rendered",
    "Response",
    "Resume",
    "Rule",
    "Schedule",
    "ScheduleColumns",
    "ScheduledTouch",
    "SchemaError",
    "SendWindow",
    "SendWindowError",
    "Severity",
    "Status",
    "Touchpoint",
    "UnknownRegionError",
    "WeekmaskError",
    "__version__",
    "account_replies",
    "can_enroll",
    "default_rules",
    "fields_in",
    "first_match",
    "lint",
    "no_maybe_playbook",
    "positive_reply_playbook",
    "presets",
    "render",
    "schedule",
    "schedule_many",
]
