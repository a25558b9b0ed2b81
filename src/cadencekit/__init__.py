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

from .cadence import Cadence, DateAnchor, DayBasis, Rendered, Touchpoint, Variant
from .calendar import BusinessCalendar, SendHours, SendWindow
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
    from .bulk import ScheduleColumns, SuppressedTouch, schedule_many
    from .deliverability import Mailbox, Ramp, Suppression, pseudonym
    from .enrolling import fact_name, start_many
    from .enrollment import Decision, Enrollment, Explanation, Migration, Status
    from .events import CallResult, Event, EventKind, Objection, Response
    from .experiments import (
        SampleSize,
        SequentialComparison,
        assign_variant,
        sample_size,
        sequential_compare,
    )
    from .ical import to_ical, to_ical_by_owner
    from .linting import Finding, Severity, lint
    from .metrics import (
        Breakdown,
        Breakdowns,
        CadenceReport,
        Definitions,
        EnrollmentKeys,
        FunnelStep,
        RateSeries,
        ReportSlices,
        ReportSummary,
        merge_reports,
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
    from .policy import (
        Eligibility,
        EnrollmentPolicy,
        account_replies,
        assign_owners,
        can_enroll,
        forget,
        honour_opt_outs,
        pause_where,
        prospect_key,
        resume_where,
    )
    from .records import decision_records, event_records, touch_records
    from .replaying import apply_many, enrollments_from_rows, replay_many
    from .replies import (
        Evidence,
        Phrases,
        ReplyClassifier,
        ReplyLabel,
        ReplyReading,
        read_reply,
    )
    from .rules import (
        INITIAL_STAGE,
        Action,
        Contains,
        End,
        Equals,
        ExitReason,
        Insert,
        JumpTo,
        Match,
        Missing,
        MoveTo,
        OneOf,
        Pause,
        Resume,
        Rule,
        Silence,
        Skip,
        TalkTrack,
        default_rules,
        first_match,
        no_maybe_playbook,
        positive_reply_playbook,
    )
    from .simulation import CadenceComparison, ResponseModel, compare_cadences, simulate
    from .stats import Comparison, Rate, compare
    from .survival import Durations, SurvivalCurve
    from .tables import BadRow, EventTable, read_events

# Names that load on first use (PEP 562), by the module that defines them: each
# module costs milliseconds of class building and regular expressions that a
# script scheduling touches never needs. ``from cadencekit import Enrollment``
# works as usual. tests/test_init.py proves this table, the imports above and
# ``__all__`` name the same things.
_LAZY: dict[str, tuple[str, ...]] = {
    "ical": ("to_ical", "to_ical_by_owner"),
    "experiments": (
        "SampleSize",
        "SequentialComparison",
        "assign_variant",
        "sample_size",
        "sequential_compare",
    ),
    "personalize": (
        "fields_in",
        "malformed_fields",
        "render",
    ),
    "replies": (
        "Evidence",
        "Phrases",
        "ReplyClassifier",
        "ReplyLabel",
        "ReplyReading",
        "read_reply",
    ),
    "presets": ("presets",),
    "linting": ("Finding", "Severity", "lint"),
    "bulk": ("ScheduleColumns", "SuppressedTouch", "schedule_many"),
    "events": ("CallResult", "Event", "EventKind", "Objection", "Response"),
    "rules": (
        "INITIAL_STAGE",
        "Action",
        "Contains",
        "End",
        "Equals",
        "ExitReason",
        "Insert",
        "JumpTo",
        "Match",
        "Missing",
        "MoveTo",
        "OneOf",
        "Pause",
        "Resume",
        "Rule",
        "Silence",
        "Skip",
        "TalkTrack",
        "default_rules",
        "first_match",
        "no_maybe_playbook",
        "positive_reply_playbook",
    ),
    "enrollment": ("Decision", "Enrollment", "Explanation", "Migration", "Status"),
    "deliverability": ("Mailbox", "Ramp", "Suppression", "pseudonym"),
    "policy": (
        "Eligibility",
        "EnrollmentPolicy",
        "account_replies",
        "assign_owners",
        "can_enroll",
        "forget",
        "honour_opt_outs",
        "pause_where",
        "prospect_key",
        "resume_where",
    ),
    "stats": ("Comparison", "Rate", "compare"),
    "survival": ("Durations", "SurvivalCurve"),
    "metrics": (
        "Breakdown",
        "Breakdowns",
        "CadenceReport",
        "Definitions",
        "EnrollmentKeys",
        "FunnelStep",
        "RateSeries",
        "ReportSlices",
        "ReportSummary",
        "merge_reports",
        "report",
    ),
    "tables": ("BadRow", "EventTable", "read_events"),
    "replaying": ("apply_many", "enrollments_from_rows", "replay_many"),
    "enrolling": ("fact_name", "start_many"),
    "records": ("decision_records", "event_records", "touch_records"),
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
    "Breakdowns",
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
    "Contains",
    "DateAnchor",
    "DateRangeError",
    "DayBasis",
    "Decision",
    "Definitions",
    "Durations",
    "Eligibility",
    "End",
    "Enrollment",
    "EnrollmentKeys",
    "EnrollmentPolicy",
    "Equals",
    "Event",
    "EventKind",
    "EventTable",
    "Evidence",
    "ExitReason",
    "Explanation",
    "Finding",
    "FunnelStep",
    "Insert",
    "InvalidFieldError",
    "JumpTo",
    "Mailbox",
    "Match",
    "Migration",
    "Missing",
    "MissingFieldError",
    "MoveTo",
    "Objection",
    "OneOf",
    "Pause",
    "Phrases",
    "PlannedTouch",
    "Ramp",
    "Rate",
    "RateSeries",
    "Rendered",
    "ReplyClassifier",
    "ReplyLabel",
    "ReplyReading",
    "ReportSlices",
    "ReportSummary",
    "Response",
    "ResponseModel",
    "Resume",
    "Rule",
    "SampleSize",
    "Schedule",
    "ScheduleColumns",
    "ScheduledTouch",
    "SchemaError",
    "SendHours",
    "SendWindow",
    "SendWindowError",
    "SequentialComparison",
    "Severity",
    "Silence",
    "Skip",
    "Slip",
    "Status",
    "SuppressedTouch",
    "Suppression",
    "SurvivalCurve",
    "TalkTrack",
    "Touchpoint",
    "UnknownRegionError",
    "Variant",
    "WeekmaskError",
    "__version__",
    "account_replies",
    "apply_many",
    "assign_owners",
    "assign_variant",
    "can_enroll",
    "compare",
    "compare_cadences",
    "decision_records",
    "default_rules",
    "due_first",
    "enrollments_from_rows",
    "event_records",
    "fact_name",
    "fields_in",
    "first_match",
    "forget",
    "honour_opt_outs",
    "in_flight_first",
    "lint",
    "malformed_fields",
    "merge_reports",
    "no_maybe_playbook",
    "pause_where",
    "plan",
    "positive_reply_playbook",
    "presets",
    "prospect_key",
    "pseudonym",
    "read_events",
    "read_reply",
    "render",
    "replay_many",
    "report",
    "resume_where",
    "sample_size",
    "schedule",
    "schedule_many",
    "sequential_compare",
    "simulate",
    "start_many",
    "to_ical",
    "to_ical_by_owner",
    "touch_records",
]
