"""Tables out: many enrollments flattened into one table of touches, events or decisions.

:func:`touch_records`, :func:`event_records` and :func:`decision_records`
give plain dicts, or (with ``frame=True``) a pandas DataFrame.

Example:
    >>> import cadencekit as ck
    >>> c = ck.Cadence("c", [ck.Touchpoint("email", 1)])
    >>> e = ck.Enrollment.start(c, "ada", "2026-11-23T08:00:00+00:00")
    >>> [r["channel"] for r in ck.touch_records([e])]
    ['email']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Final, Literal, overload

from ._convert import to_list
from .enrollment import Enrollment

if TYPE_CHECKING:
    import pandas  # type: ignore[import-untyped, import-not-found, unused-ignore]

__all__ = ["decision_records", "event_records", "touch_records"]

# --- tables out ----------------------------------------------------------------------

TOUCH_COLUMNS: Final = (
    "prospect",
    "cadence",
    "owner",
    "account",
    "step",
    "day",
    "channel",
    "automated",
    "label",
    "due",
    "due_utc",
    "tz",
    "date",
    "time",
)
EVENT_COLUMNS: Final = (
    "prospect",
    "cadence",
    "owner",
    "account",
    "at",
    "at_utc",
    "kind",
    "step",
    "channel",
    "response",
    "call_result",
    "until",
    "variant",
    "id",
    "reason",
    "what",
    "channels",
    "new_owner",
    "rep_calendar",
    "started",
)
DECISION_COLUMNS: Final = (
    "prospect",
    "cadence",
    "owner",
    "account",
    "at",
    "at_utc",
    "kind",
    "step",
    "response",
    "rule",
    "effect",
)
_UTC: Final = UTC


def _enrollment_list(value: object) -> list[Enrollment]:
    """One enrollment, or any iterable of them but a string or a mapping."""
    return [value] if isinstance(value, Enrollment) else to_list(value, Enrollment, "enrollments")


def _zone_text(moment: datetime, enrollment: Enrollment) -> str | None:
    return enrollment.tz if enrollment.tz is not None else moment.tzname()


_Rows = Callable[[Enrollment], Iterable[tuple[object, ...]]]


def _records(
    enrollments: object, columns: Sequence[str], rows: _Rows, utc: str, frame: bool
) -> list[dict[str, object]] | pandas.DataFrame:
    """The table of every enrollment's ``rows``, each after the enrollment's own columns.

    Every table out starts with ``prospect``, ``cadence``, ``owner`` and
    ``account``; ``rows`` gives the rest of each row, in ``columns`` order.
    """
    records: list[dict[str, object]] = []
    for enrollment in _enrollment_list(enrollments):
        head = (enrollment.prospect, enrollment.cadence.name, enrollment.owner, enrollment.account)
        records.extend(dict(zip(columns, (*head, *row), strict=True)) for row in rows(enrollment))
    return _frame(records, columns, utc) if frame else records


def _frame(records: list[dict[str, object]], columns: Sequence[str], utc: str) -> pandas.DataFrame:
    try:
        import pandas as pd  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except ModuleNotFoundError as error:  # pragma: no cover - pandas is in the test extra
        raise ModuleNotFoundError(
            "frame=True needs pandas: pip install pandas (or leave frame=False for plain dicts)"
        ) from error
    frame = pd.DataFrame.from_records(records, columns=list(columns))
    frame[utc] = pd.to_datetime(frame[utc], utc=True)
    return frame


def _touch_rows(enrollment: Enrollment) -> Iterable[tuple[object, ...]]:
    for touch in enrollment.plan:
        touchpoint = touch.touchpoint
        due = touch.due
        yield (
            touch.step,
            touchpoint.day,
            touchpoint.channel.value,
            touchpoint.automated,
            touchpoint.label,
            due,
            due.astimezone(_UTC),
            _zone_text(due, enrollment),
            due.date(),
            due.time(),
        )


def _event_rows(enrollment: Enrollment) -> Iterable[tuple[object, ...]]:
    steps = enrollment.steps
    for event in enrollment.events:
        step = event.step
        yield (
            event.at,
            event.at.astimezone(_UTC),
            event.kind.value,
            step,
            None if step is None or step >= len(steps) else steps[step].channel.value,
            None if event.response is None else event.response.value,
            None if event.call_result is None else event.call_result.value,
            event.until,
            event.variant,
            event.id,
            None if event.reason is None else event.reason.value,
            event.what,
            None if event.channels is None else ",".join(sorted(c.value for c in event.channels)),
            event.owner,
            event.rep_calendar,
            enrollment.started,
        )


def _decision_rows(enrollment: Enrollment) -> Iterable[tuple[object, ...]]:
    for decision in enrollment.decisions:
        event = decision.event
        yield (
            event.at,
            event.at.astimezone(_UTC),
            event.kind.value,
            event.step,
            None if event.response is None else event.response.value,
            None if decision.rule is None else decision.rule.name,
            decision.effect,
        )


@overload
def touch_records(
    enrollments: Iterable[Enrollment] | Enrollment, *, frame: Literal[False] = False
) -> list[dict[str, object]]: ...
@overload
def touch_records(
    enrollments: Iterable[Enrollment] | Enrollment, *, frame: Literal[True]
) -> pandas.DataFrame: ...
def touch_records(
    enrollments: Iterable[Enrollment] | Enrollment, *, frame: bool = False
) -> list[dict[str, object]] | pandas.DataFrame:
    """Every touch still to do, of every enrollment, as one table.

    One row per touch of each enrollment's plan (ended enrollments have
    none), enrollments in the order given and each plan earliest first,
    with the columns ``prospect``, ``cadence``, ``owner``, ``account``,
    ``step``, ``day`` (the cadence day), ``channel``, ``automated`` (False
    for work a person does: calls, voicemails, LinkedIn, meetings, tasks),
    ``label``, ``due`` (local, in the prospect's zone), ``due_utc`` (the
    same instant in UTC), ``tz`` and the local ``date`` and ``time``.
    Prospects in many zones load into pandas as they are: sort and filter
    on ``due_utc``, show ``due``.

    With ``frame=True`` the table is a pandas DataFrame (pandas needed),
    with ``due_utc`` as ``datetime64[ns, UTC]`` and the columns present
    even when there are no rows.

    Example:
        >>> import cadencekit as ck
        >>> c = ck.Cadence("Intro", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 2)])
        >>> es = [ck.Enrollment.start(c, "ada", "2026-11-23T08:00:00-05:00", tz="America/New_York", owner="ann"),
        ...       ck.Enrollment.start(c, "jo", "2026-11-23T08:00:00+01:00", tz="Europe/Berlin", owner="ann")]
        >>> [(r["prospect"], r["channel"], r["automated"], r["due_utc"].isoformat())
        ...  for r in ck.touch_records(es)]  # doctest: +NORMALIZE_WHITESPACE
        [('ada', 'email', True, '2026-11-23T14:00:00+00:00'),
         ('ada', 'call', False, '2026-11-24T14:00:00+00:00'),
         ('jo', 'email', True, '2026-11-23T08:00:00+00:00'),
         ('jo', 'call', False, '2026-11-24T08:00:00+00:00')]
    """
    return _records(enrollments, TOUCH_COLUMNS, _touch_rows, "due_utc", frame)


@overload
def event_records(
    enrollments: Iterable[Enrollment] | Enrollment, *, frame: Literal[False] = False
) -> list[dict[str, object]]: ...
@overload
def event_records(
    enrollments: Iterable[Enrollment] | Enrollment, *, frame: Literal[True]
) -> pandas.DataFrame: ...
def event_records(
    enrollments: Iterable[Enrollment] | Enrollment, *, frame: bool = False
) -> list[dict[str, object]] | pandas.DataFrame:
    """Every event applied, of every enrollment, as one table.

    One row per event (also those after the end), enrollments in the order
    given, each in time order, with ``prospect``, ``cadence``, ``owner``,
    ``account``, ``at`` (as recorded, with its offset), ``at_utc``,
    ``kind``, ``step``, ``channel`` (of the step, when there is one),
    ``response``, ``call_result``, ``until``, ``variant``, ``id``,
    ``reason``, and an event's own details: ``what`` (an engagement's),
    ``channels`` (a skip's, comma-separated), ``new_owner`` and
    ``rep_calendar`` (a reassign's owner and rep calendar), and
    ``started`` (the enrollment's start, as it holds it); enums as their
    values. ``frame=True`` gives a pandas DataFrame. The rows read back
    with :func:`~cadencekit.read_events` into the same events and the same
    start (the ``owner`` column is the enrollment's owner, so a reassign's
    is ``new_owner``).

    Example:
        >>> import cadencekit as ck
        >>> c = ck.Cadence("Intro", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 2)])
        >>> e = ck.Enrollment.start(c, "ada", "2026-11-23T08:00:00-05:00")
        >>> e = e.apply(ck.Event.touch("2026-11-23T09:00:00-05:00", 0))
        >>> [(r["kind"], r["channel"], r["at_utc"].hour) for r in ck.event_records([e])]
        [('touch', 'email', 14)]
    """
    return _records(enrollments, EVENT_COLUMNS, _event_rows, "at_utc", frame)


@overload
def decision_records(
    enrollments: Iterable[Enrollment] | Enrollment, *, frame: Literal[False] = False
) -> list[dict[str, object]]: ...
@overload
def decision_records(
    enrollments: Iterable[Enrollment] | Enrollment, *, frame: Literal[True]
) -> pandas.DataFrame: ...
def decision_records(
    enrollments: Iterable[Enrollment] | Enrollment, *, frame: bool = False
) -> list[dict[str, object]] | pandas.DataFrame:
    """What every event did, of every enrollment, as one table (an audit trail).

    One row per :class:`~cadencekit.Decision`, with ``prospect``,
    ``cadence``, ``owner``, ``account``, ``at``, ``at_utc``, ``kind``,
    ``step``, ``response``, ``rule`` (its name, or None) and ``effect``
    (what happened, in words). ``frame=True`` gives a pandas DataFrame.

    Example:
        >>> import cadencekit as ck
        >>> c = ck.Cadence("Intro", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 2)])
        >>> e = ck.Enrollment.start(c, "ada", "2026-11-23T08:00:00+00:00")
        >>> e = e.apply(ck.Event.reply("2026-11-23T10:00:00+00:00", "no"))
        >>> [(r["kind"], r["rule"], r["effect"]) for r in ck.decision_records([e])]
        [('reply', 'no', 'end (declined)')]
    """
    return _records(enrollments, DECISION_COLUMNS, _decision_rows, "at_utc", frame)
