"""Tables: rebuilding enrollments from a flat export of events, one row per event.

Example:
    >>> import cadencekit as ck
    >>> c = ck.Cadence("Intro", [ck.Touchpoint("email", 1)])
    >>> rows = [{"prospect": "ada", "cadence": "Intro", "kind": "touch", "step": 0,
    ...          "at": "2026-11-23T09:00:00+00:00"}]
    >>> [e.prospect for e in ck.enrollments_from_rows(rows, [c])]
    ['ada']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Final

from ._convert import to_aware_datetime
from .cadence import Cadence
from .calendar import BusinessCalendar
from .enrollment import Enrollment
from .errors import InvalidFieldError, SchemaError
from .events import Event
from .rules import Rule

__all__ = ["enrollments_from_rows"]


# --- rebuilding enrollments from a flat export --------------------------------------

_EVENT_KEYS: Final = ("kind", "at", "step", "response", "call_result", "until", "variant", "id")


def _clean(value: object) -> object:
    """None for pandas' missing markers (NaN, NaT, NA); ints for whole floats and numpy ints."""
    if value is None:
        return None
    try:
        if value != value:  # NaN and NaT are not equal to themselves
            return None
    except (TypeError, ValueError):  # pandas.NA refuses to be a bool
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if not isinstance(value, int | str | datetime) and hasattr(value, "__index__"):
        return int(value)
    return value


def enrollments_from_rows(
    rows: Iterable[Mapping[str, object]],
    cadences: Mapping[str, Cadence] | Iterable[Cadence],
    *,
    calendar: BusinessCalendar | None = None,
    tz: str = "UTC",
    rules: Iterable[Rule] | None = None,
) -> list[Enrollment]:
    """Rebuild enrollments from a flat event export, one row per event.

    Each row is a mapping (a dict, or ``DataFrame.to_dict("records")``) with
    ``prospect``, ``cadence`` (its name) and ``started`` (when the prospect
    was enrolled; if absent, the earliest event of the enrollment), and the
    keys of :meth:`Event.to_dict`: ``kind``, ``at``, ``step``, ``response``,
    ``call_result``, ``until``, ``variant``, ``id``. Missing values may be
    None or pandas' NaN/NaT. Rows are grouped per (prospect, cadence,
    started) and replayed (:meth:`Enrollment.replay`), in the order each
    enrollment first appears. Errors name the row: ``rows[3].kind``.

    Example:
        >>> import cadencekit as ck
        >>> c = ck.Cadence("Intro", [ck.Touchpoint("email", 1), ck.Touchpoint("email", 3)])
        >>> rows = [
        ...     {"prospect": "ada", "cadence": "Intro", "kind": "touch", "step": 0,
        ...      "at": "2026-11-23T09:00:00+00:00"},
        ...     {"prospect": "ada", "cadence": "Intro", "kind": "reply", "response": "no",
        ...      "at": "2026-11-24T09:00:00+00:00"},
        ... ]
        >>> [e.exit_reason.value for e in ck.enrollments_from_rows(rows, [c])]
        ['declined']
    """
    if isinstance(cadences, Mapping):
        by_name = dict(cadences)
    else:
        by_name = {}
        for index, cadence in enumerate(cadences):
            if not isinstance(cadence, Cadence):
                raise InvalidFieldError(f"cadences[{index}]", cadence, "expected a Cadence")
            by_name[cadence.name] = cadence
    groups: dict[tuple[str, str, str | None], list[tuple[int, Event, datetime | None]]] = {}
    for index, row in enumerate(rows):
        path = f"rows[{index}]"
        if not isinstance(row, Mapping):
            raise SchemaError(path, row, "expected a mapping (a dict)")
        clean = {key: _clean(value) for key, value in row.items()}
        for key in ("prospect", "cadence"):
            value = clean.get(key)
            if not isinstance(value, str) or not value:
                raise SchemaError(f"{path}.{key}", row.get(key), "expected a non-empty string")
        name = clean["cadence"]
        assert isinstance(name, str)
        if name not in by_name:
            known = ", ".join(repr(n) for n in by_name) or "none"
            raise SchemaError(f"{path}.cadence", name, f"not among the cadences given ({known})")
        started_raw = clean.get("started")
        started = None
        if started_raw is not None:
            try:
                started = to_aware_datetime(started_raw, f"{path}.started")
            except InvalidFieldError as error:
                raise SchemaError(error.field, started_raw, error.expected) from None
        event = Event.from_dict({k: clean[k] for k in _EVENT_KEYS if k in clean}, path=path)
        group = (str(clean["prospect"]), name, None if started is None else started.isoformat())
        groups.setdefault(group, []).append((index, event, started))
    result = []
    for (prospect, name, _), items in groups.items():
        started = items[0][2] or min(event.at for _, event, _ in items)
        try:
            result.append(
                Enrollment.replay(
                    by_name[name],
                    prospect,
                    started,
                    [event for _, event, _ in items],
                    calendar=BusinessCalendar() if calendar is None else calendar,
                    tz=tz,
                    rules=rules,
                )
            )
        except SchemaError:
            raise
        except InvalidFieldError as error:
            raise SchemaError(
                f"rows[{items[0][0]}].{error.field}", error.value, error.expected
            ) from None
    return result
