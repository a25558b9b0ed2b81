"""cadencekit: sales cadences as exact, business-day-aware schedules.

Example:
    >>> import cadencekit as ck
    >>> from datetime import date
    >>> ck.BusinessCalendar(country="US").add_business_days(date(2026, 11, 25), 1)
    datetime.date(2026, 11, 27)
"""

from __future__ import annotations

from . import presets  # a module: ck.presets.cold_outreach()
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
from .metrics import (
    Breakdown,
    CadenceReport,
    Comparison,
    Definitions,
    Durations,
    FunnelStep,
    Rate,
    SurvivalCurve,
    compare,
    enrollments_from_rows,
    report,
)
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
    "Breakdown",
    "BusinessCalendar",
    "Cadence",
    "CadenceError",
    "CadenceReport",
    "CallResult",
    "Channel",
    "Comparison",
    "DateRangeError",
    "DayBasis",
    "Decision",
    "Definitions",
    "Durations",
    "Eligibility",
    "End",
    "Enrollment",
    "EnrollmentPolicy",
    "Event",
    "EventKind",
    "ExitReason",
    "Explanation",
    "Finding",
    "FunnelStep",
    "Insert",
    "InvalidFieldError",
    "JumpTo",
    "Match",
    "MissingFieldError",
    "MoveTo",
    "Pause",
    "Rate",
    "Rendered",
    "Response",
    "Resume",
    "Rule",
    "Schedule",
    "ScheduledTouch",
    "SchemaError",
    "SendWindow",
    "SendWindowError",
    "Severity",
    "Status",
    "SurvivalCurve",
    "Touchpoint",
    "UnknownRegionError",
    "WeekmaskError",
    "__version__",
    "account_replies",
    "can_enroll",
    "compare",
    "default_rules",
    "enrollments_from_rows",
    "fields_in",
    "first_match",
    "lint",
    "no_maybe_playbook",
    "positive_reply_playbook",
    "presets",
    "render",
    "report",
    "schedule",
]
