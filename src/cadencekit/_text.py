"""Text every room shares: weekday and month names, dates and moments, HTML tables.

Private: the public modules call these so a date reads the same everywhere
(``Tue 10 Mar 2026``, ``Tue 10 Mar 2026 09:00 EDT``), whatever the locale.

Example:
    >>> from datetime import date
    >>> date_text(date(2026, 3, 10))
    'Tue 10 Mar 2026'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from typing import Final

from .errors import capped

__all__ = [
    "MONTHS",
    "REPR_LIMIT",
    "SHOWN",
    "WEEKDAYS",
    "brief",
    "capped",
    "cut",
    "date_text",
    "duration_text",
    "html_rows",
    "html_table",
    "moment_text",
    "shown_lines",
    "step_text",
    "text_repr",
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


REPR_LIMIT: Final = 2000
"""The longest a value's ``repr`` (or a printed table) gets, whatever its size."""
SHOWN: Final = 20
"""Rows a printed or notebook table shows before "… 480 more"."""
_TEXT_WIDTH: Final = 60
_ITEMS: Final = 3
_OTHER_WIDTH: Final = 300


def brief(value: object) -> str:
    """``repr(value)`` for a person: long text cut, a long collection's first items and a count.

    Example:
        >>> brief("x" * 100)
        "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' (100 characters)"
        >>> brief(tuple(range(500)))
        '(0, 1, 2, … 497 more)'
        >>> brief({"a": 1}), brief(None)
        ("{'a': 1}", 'None')
    """
    if isinstance(value, str):
        if len(value) <= _TEXT_WIDTH:
            return repr(value)
        return f"{repr(value[:_TEXT_WIDTH])[:-1]}…{repr(value)[-1]} ({len(value):,} characters)"
    if isinstance(value, dict):
        items = list(value.items())
        shown = ", ".join(f"{brief(k)}: {brief(v)}" for k, v in items[:_ITEMS])
        more = f", … {len(items) - _ITEMS} more" if len(items) > _ITEMS else ""
        return "{" + shown + more + "}"
    if isinstance(value, tuple | list | frozenset | set):
        items = list(value)
        if not items:
            return repr(value)
        shown = ", ".join(brief(item) for item in items[:_ITEMS])
        more = f", … {len(items) - _ITEMS} more" if len(items) > _ITEMS else ""
        if isinstance(value, tuple):
            return f"({shown}{more}{',' if len(items) == 1 else ''})"
        if isinstance(value, list):
            return f"[{shown}{more}]"
        return f"{type(value).__name__}({{{shown}{more}}})"
    return capped(repr(value), _OTHER_WIDTH)


def cut(text: str, width: int = 120) -> str:
    """``text`` on one line, cut at ``width`` characters with "…".

    Example:
        >>> cut("Day 1 · Mon 23 Nov 2026 09:00 EST · Email — " + "touch " * 40, 50)
        'Day 1 · Mon 23 Nov 2026 09:00 EST · Email — touch…'
    """
    return text if len(text) <= width else text[: width - 1] + "…"


def text_repr(value: object) -> str:
    """``repr(value)``, capped at a few hundred characters: for a field of prose (a reason).

    Example:
        >>> len(text_repr("why " * 1000)) < 500
        True
    """
    return capped(repr(value), 400)


def shown_lines(lines: list[str], what: str = "", limit: int = SHOWN) -> list[str]:
    """The first ``limit`` lines, and a last one that counts the rest ("… 480 more").

    Example:
        >>> shown_lines([str(n) for n in range(5)], "touches", 2)
        ['0', '1', '… 3 more touches']
    """
    if len(lines) <= limit:
        return lines
    return [*lines[:limit], f"… {len(lines) - limit:,} more{' ' + what if what else ''}"]


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


def duration_text(span: timedelta) -> str:
    """``2 hours``, ``1 hour 30 minutes``, ``1 day 4 hours``, ``45 seconds``: a duration in words.

    Example:
        >>> duration_text(timedelta(hours=2)), duration_text(timedelta(minutes=90))
        ('2 hours', '1 hour 30 minutes')
        >>> duration_text(timedelta(0)), duration_text(timedelta(days=1, seconds=5))
        ('0 minutes', '1 day 5 seconds')
    """
    seconds = int(span.total_seconds())
    parts = []
    for unit, size in (("day", 86_400), ("hour", 3_600), ("minute", 60), ("second", 1)):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count} {unit}{'s' if count != 1 else ''}")
    return " ".join(parts) or "0 minutes"


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

    heads = list(heads)
    head = "".join(f"<th>{escape(cell)}</th>" for cell in heads)
    body = html_rows(rows, len(heads), escape)
    return (
        f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def html_rows(
    rows: Iterable[Iterable[str]], width: int, escape: Callable[[str], str], limit: int = SHOWN
) -> str:
    """The first ``limit`` rows of a notebook table, and a last row that counts the rest.

    Example:
        >>> from html import escape
        >>> html_rows([["a"], ["b"], ["c"]], 1, escape, limit=2)
        '<tr><td>a</td></tr><tr><td>b</td></tr><tr><td colspan="1">… 1 more row</td></tr>'
    """
    listed = list(rows)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>"
        for row in listed[:limit]
    )
    rest = len(listed) - limit
    if rest > 0:
        noun = "row" if rest == 1 else "rows"
        body += f'<tr><td colspan="{max(width, 1)}">… {rest:,} more {noun}</td></tr>'
    return body
