"""cadencekit: sales cadences as exact, business-day-aware schedules.

Example:
    >>> import cadencekit as ck
    >>> from datetime import date
    >>> ck.BusinessCalendar(country="US").add_business_days(date(2026, 11, 25), 1)
    datetime.date(2026, 11, 27)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from .cadence import Cadence, DayBasis, Rendered, Touchpoint
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
from .lint import Finding, Severity, lint  # eager: `lint` is also its module's name
from .schedule import Schedule, ScheduledTouch, schedule

if TYPE_CHECKING:  # imported on first use: `import cadencekit` stays cheap
    from . import presets
    from .bulk import (
        ScheduleColumns,
        schedule_many,
    )
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
    from .events import CallResult, Event, EventKind, Response
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
    from .personalize import fields_in, malformed_fields, render
    from .planning import (
        Agenda,
        Cap,
        Capacity,
        PlannedTouch,
        Slip,
        due_first,
        in_flight_first,
        plan,
    )
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
    from .simulation import CadenceComparison, ResponseModel, compare_cadences, simulate

# Modules whose names load on first use (PEP 562): each costs milliseconds of
# class building and regular expressions that a script scheduling touches
# never needs. ``from cadencekit import Enrollment`` works as usual.
_LAZY: dict[str, tuple[str, ...]] = {
    "events": ("CallResult", "Event", "EventKind", "Response"),
    "enrollment": (
        "Decision",
        "Eligibility",
        "Enrollment",
        "EnrollmentPolicy",
        "Explanation",
        "Status",
        "account_replies",
        "can_enroll",
    ),
    "metrics": (
        "Breakdown",
        "CadenceReport",
        "Comparison",
        "Definitions",
        "Durations",
        "FunnelStep",
        "Rate",
        "SurvivalCurve",
        "compare",
        "enrollments_from_rows",
        "report",
    ),
    "personalize": ("fields_in", "malformed_fields", "render"),
    "bulk": (
        "ScheduleColumns",
        "schedule_many",
    ),
    "planning": (
        "Agenda",
        "Cap",
        "Capacity",
        "PlannedTouch",
        "Slip",
        "due_first",
        "in_flight_first",
        "plan",
    ),
    "simulation": ("CadenceComparison", "ResponseModel", "compare_cadences", "simulate"),
    "presets": ("presets",),
    "rules": (
        "INITIAL_STAGE",
        "Action",
        "End",
        "ExitReason",
        "Insert",
        "JumpTo",
        "Match",
        "MoveTo",
        "Pause",
        "Resume",
        "Rule",
        "default_rules",
        "first_match",
        "no_maybe_playbook",
        "positive_reply_playbook",
    ),
}
_HOME = {name: module for module, names in _LAZY.items() for name in names}


def __getattr__(name: str) -> object:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    loaded = importlib.import_module(f"{__name__}.{module}")
    value = loaded if name == module else getattr(loaded, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__version__ = "0.1.0.dev0"

__all__ = [
    "INITIAL_STAGE",
    "Action",
    "Agenda",
    "Breakdown",
    "BusinessCalendar",
    "Cadence",
    "CadenceComparison",
    "CadenceError",
    "CadenceReport",
    "CallResult",
    "Cap",
    "Capacity",
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
    "PlannedTouch",
    "Rate",
    "Rendered",
    "Response",
    "ResponseModel",
    "Resume",
    "Rule",
    "Schedule",
    "ScheduleColumns",
    "ScheduledTouch",
    "SchemaError",
    "SendWindow",
    "SendWindowError",
    "Severity",
    "Slip",
    "Status",
    "SurvivalCurve",
    "Touchpoint",
    "UnknownRegionError",
    "WeekmaskError",
    "__version__",
    "account_replies",
    "can_enroll",
    "compare",
    "compare_cadences",
    "default_rules",
    "due_first",
    "enrollments_from_rows",
    "fields_in",
    "first_match",
    "in_flight_first",
    "lint",
    "malformed_fields",
    "no_maybe_playbook",
    "plan",
    "positive_reply_playbook",
    "presets",
    "render",
    "report",
    "schedule",
    "schedule_many",
    "simulate",
]
