"""Text every room shares: weekday and month names, dates and moments, HTML tables.

Private: the public modules call these so a date reads the same everywhere
(``Tue 10 Mar 2026``, ``Tue 10 Mar 2026 09:00 EDT``), whatever the locale.

Example:
    >>> from datetime import date
    >>> date_text(date(2026, 3, 10))
    'Tue 10 Mar 2026'
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Final

__all__ = [
    "MONTHS",
    "WEEKDAYS",
    "date_text",
    "html_table",
    "moment_text",
    "step_text",
    "time_text",
]

WEEKDAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS: Final = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def step_text(number: int) -> str:
    """``step 3``: how every text a person reads names a step, by its number.

    The number is :meth:`cadencekit.Cadence.step_number` of the step's index
    (1 for the first step; the outline's own numbering for a cadence read
    from one), never the 0-based index an :class:`~cadencekit.Event` carries.
    Every agenda line, ``explain()`` text, calendar entry, lint message and
    report line names steps through this one function.

    Example:
        >>> step_text(3)
        'step 3'
    """
    return f"step {number}"


def time_text(value: time) -> str:
    """``09:00``, with seconds (and microseconds) only when present.

    Example:
        >>> time_text(time(9, 30)), time_text(time(9, 30, 5))
        ('09:30', '09:30:05')
    """
    return value.isoformat(
        timespec="minutes" if not (value.second or value.microsecond) else "auto"
    )


def date_text(day: date) -> str:
    """``Tue 10 Mar 2026``: locale-independent.

    Example:
        >>> date_text(date(2026, 11, 26))
        'Thu 26 Nov 2026'
    """
    return f"{WEEKDAYS[day.weekday()]} {day.day:02d} {MONTHS[day.month - 1]} {day.year}"


def moment_text(moment: datetime) -> str:
    """``Tue 10 Mar 2026 09:00 EDT``: the local date, time and zone abbreviation.

    Example:
        >>> from zoneinfo import ZoneInfo
        >>> moment_text(datetime(2026, 3, 10, 9, tzinfo=ZoneInfo("America/New_York")))
        'Tue 10 Mar 2026 09:00 EDT'
    """
    return f"{date_text(moment.date())} {time_text(moment.time())} {moment.tzname() or ''}".rstrip()


def html_table(caption: str, heads: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """An HTML table for notebooks; every caption, head and cell is escaped.

    Example:
        >>> html_table("A & B", ["Step"], [["0"]])
        '<table><caption>A &amp; B</caption><thead><tr><th>Step</th></tr></thead><tbody><tr><td>0</td></tr></tbody></table>'
    """
    from html import escape  # only notebooks need it; keeps `import cadencekit` light

    head = "".join(f"<th>{escape(cell)}</th>" for cell in heads)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return (
        f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )
