"""cadencekit: sales cadences as exact, business-day-aware schedules.

Example:
    >>> import cadencekit as ck
    >>> from datetime import date
    >>> ck.BusinessCalendar(country="US").add_business_days(date(2026, 11, 25), 1)
    datetime.date(2026, 11, 27)

Every public name lives in one public module. ``__all__`` lists them for
tools; ``_LAZY`` says where the names that load on first use live; a test
proves the two, and the imports, agree.
"""

from __future__ import annotations

import importlib as _importlib
from typing import TYPE_CHECKING as _TYPE_CHECKING

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
from .scheduling import Schedule, ScheduledTouch, schedule

if _TYPE_CHECKING:  # imported on first use: `import cadencekit` stays cheap
    from . import presets
    from .bulk import ScheduleColumns, schedule_many
    from .enrollment import Decision, Enrollment, Explanation, Status
    from .events import CallResult, Event, EventKind, Response
    from .ical import to_ical
    from .linting import Finding, Severity, lint
    from .metrics import (
        Breakdown,
        CadenceReport,
        Definitions,
        FunnelStep,
        report,
    )
    from .personalize import fields_in, render
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
    from .policy import Eligibility, EnrollmentPolicy, account_replies, can_enroll
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
    from .stats import Comparison, Rate, compare
    from .survival import Durations, SurvivalCurve
    from .tables import (
        BadRow,
        EventTable,
        decision_records,
        enrollments_from_rows,
        event_records,
        read_events,
        replay_many,
        touch_records,
    )

# Names that load on first use (PEP 562), by the module that defines them: each
# module costs milliseconds of class building and regular expressions that a
# script scheduling touches never needs. ``from cadencekit import Enrollment``
# works as usual. tests/test_init.py proves this table, the imports above and
# ``__all__`` name the same things.
_LAZY: dict[str, tuple[str, ...]] = {
    "personalize": ("fields_in", "render"),
    "presets": ("presets",),
    "linting": ("Finding", "Severity", "lint"),
    "bulk": ("ScheduleColumns", "schedule_many"),
    "events": ("CallResult", "Event", "EventKind", "Response"),
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
    "enrollment": ("Decision", "Enrollment", "Explanation", "Status"),
    "policy": ("Eligibility", "EnrollmentPolicy", "account_replies", "can_enroll"),
    "stats": ("Comparison", "Rate", "compare"),
    "survival": ("Durations", "SurvivalCurve"),
    "metrics": ("Breakdown", "CadenceReport", "Definitions", "FunnelStep", "report"),
    "tables": (
        "BadRow",
        "EventTable",
        "decision_records",
        "enrollments_from_rows",
        "event_records",
        "read_events",
        "replay_many",
        "touch_records",
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
    "ical": ("to_ical",),
    "simulation": ("CadenceComparison", "ResponseModel", "compare_cadences", "simulate"),
}
_HOME = {name: module for module, names in _LAZY.items() for name in names}


def __getattr__(name: str) -> object:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    loaded = _importlib.import_module(f"{__name__}.{module}")
    value = loaded if name == module else getattr(loaded, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return list(__all__)


__version__ = "0.1.0.dev0"

__all__ = [
    "INITIAL_STAGE",
    "Action",
    "Agenda",
    "BadRow",
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
    "EventTable",
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
    "decision_records",
    "default_rules",
    "due_first",
    "enrollments_from_rows",
    "event_records",
    "fields_in",
    "first_match",
    "in_flight_first",
    "lint",
    "no_maybe_playbook",
    "plan",
    "positive_reply_playbook",
    "presets",
    "read_events",
    "render",
    "replay_many",
    "report",
    "schedule",
    "schedule_many",
    "simulate",
    "to_ical",
    "touch_records",
]
