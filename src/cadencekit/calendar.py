"""Business days and send windows: when a rep may touch a prospect.

A :class:`BusinessCalendar` knows which days are open (a weekmask, the
public holidays of a country from the ``holidays`` package, and any extra
closed days) and does business-day arithmetic on them exactly as
``numpy.busday_offset(..., roll="forward")`` and ``numpy.busday_count`` do.
A :class:`SendWindow` is the local wall-clock hours in which a touch may go
out.

Example:
    >>> from datetime import date
    >>> from cadencekit import BusinessCalendar
    >>> us = BusinessCalendar(country="US")
    >>> us.add_business_days(date(2026, 11, 25), 1)  # Thanksgiving is closed
    datetime.date(2026, 11, 27)
    >>> us.business_days_between(date(2026, 11, 23), date(2026, 11, 30))
    4
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, time
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._convert import Reader, to_date, to_time
from ._text import time_text
from .errors import (
    DateRangeError,
    InvalidFieldError,
    SchemaError,
    SendWindowError,
    UnknownRegionError,
    WeekmaskError,
)

if TYPE_CHECKING:
    from holidays import HolidayBase

__all__ = ["BusinessCalendar", "SendHours", "SendWindow", "Window", "window_from_dict"]

_FULL_DAY_NAMES: Final = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
_WEEKMASK_HELP: Final = "use Mon..Sun, or 7 digits like '1111100'"
_FIRST_YEAR: Final = 1
_LAST_YEAR: Final = 9999
_CUSTOM_NAME: Final = "Custom holiday"


# --- converters ----------------------------------------------------------------


def _weekmask(value: object) -> str:
    """``'1111100'`` from 7 digits, day names (``'Mon Tue'``, ``'Mon-Fri'``) or 7 booleans."""
    if isinstance(value, str):
        text = value.strip()
        if len(text) == 7 and set(text) <= {"0", "1"}:
            mask = text
        else:
            opened: set[int] = set()
            for word in text.replace(",", " ").split():
                first, _, last = word.partition("-")
                a, b = _day_index(first, value), _day_index(last or first, value)
                opened.update((a + step) % 7 for step in range((b - a) % 7 + 1))
            if not opened:
                raise WeekmaskError("weekmask", value, f"no days given; {_WEEKMASK_HELP}")
            mask = "".join("1" if day in opened else "0" for day in range(7))
    elif isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        items = list(value)
        if len(items) != 7 or not all(isinstance(item, bool) or item in (0, 1) for item in items):
            raise WeekmaskError(
                "weekmask",
                value,
                "expected 7 booleans, Monday first; or Mon..Sun, or 7 digits like '1111100'",
            )
        mask = "".join("1" if item else "0" for item in items)
    else:
        raise WeekmaskError("weekmask", value, f"expected a string or 7 booleans; {_WEEKMASK_HELP}")
    if "1" not in mask:
        raise WeekmaskError("weekmask", value, "no day of the week is open; open at least one day")
    return mask


def _day_index(word: str, value: object) -> int:
    """0 for ``Mon``/``monday``/``Mon.``, ... 6 for Sunday."""
    key = word.lower().rstrip(".")
    for index, full in enumerate(_FULL_DAY_NAMES):
        if len(key) >= 2 and full.startswith(key):
            return index
    raise WeekmaskError("weekmask", value, f"{word!r} is not a day; {_WEEKMASK_HELP}")


def _custom_holidays(value: object) -> tuple[tuple[date, ...], tuple[tuple[date, str], ...]]:
    """Sorted unique dates, and the names given to them (from a mapping)."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidFieldError(
            "holidays", value, "expected dates (or ISO strings), or a mapping of date to name"
        )
    names: dict[date, str] = {}
    days: set[date] = set()
    if isinstance(value, Mapping):
        for key, name in value.items():
            day = to_date(key, "holidays")
            days.add(day)
            if name is not None:
                if not isinstance(name, str):
                    raise InvalidFieldError(
                        f"holidays[{day.isoformat()}]", name, "expected a name (a string)"
                    )
                if name:
                    names[day] = name
    else:
        for item in value:
            days.add(to_date(item, "holidays"))
    return tuple(sorted(days)), tuple(sorted(names.items()))


def _country(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise UnknownRegionError("country", value, "expected an ISO 3166 code like 'US' or None")
    return value.strip().upper()


def _categories(value: object) -> tuple[str, ...] | None:
    if value is None:
        return None
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, Iterable) or not all(isinstance(item, str) for item in items):
        raise UnknownRegionError(
            "categories", value, "expected category names like ('public', 'bank')"
        )
    result = tuple(sorted({item.strip().lower() for item in items}))
    if not result:
        raise UnknownRegionError(
            "categories", value, "expected at least one category, or None for the default"
        )
    return result


def _region(
    country: str | None, subdiv: object, categories: tuple[str, ...] | None, observed: bool
) -> tuple[str | None, HolidayBase | None]:
    """Validate a region against the ``holidays`` package; return the canonical subdiv."""
    if country is None:
        if subdiv is not None:
            raise UnknownRegionError(
                "subdiv", subdiv, "a subdivision needs a country; pass country= too"
            )
        if categories is not None:
            raise UnknownRegionError("categories", categories, "holiday categories need a country")
        return None, None
    import holidays as holidays_package

    supported = holidays_package.list_supported_countries()
    if country not in supported:
        raise UnknownRegionError(
            "country",
            country,
            "not a country the holidays package knows; use an ISO 3166 code like 'US', 'DE' or 'GB'",
        )
    if subdiv is not None:
        if not isinstance(subdiv, str):
            raise UnknownRegionError("subdiv", subdiv, "expected a subdivision code like 'CA'")
        subdivisions = supported[country]
        if subdiv not in subdivisions:
            matches = [code for code in subdivisions if code.lower() == subdiv.strip().lower()]
            if matches:
                subdiv = matches[0]
    try:
        region = holidays_package.country_holidays(
            country, subdiv=subdiv, categories=categories, observed=observed
        )
    except NotImplementedError:
        shown = ", ".join(supported[country][:12])
        more = ", ..." if len(supported[country]) > 12 else ""
        raise UnknownRegionError(
            "subdiv", subdiv, f"not a subdivision of {country}; use one of {shown}{more}"
        ) from None
    except ValueError:
        entity = holidays_package.country_holidays(country)
        accepted = ", ".join(sorted(entity.supported_categories))
        raise UnknownRegionError(
            "categories", categories, f"not all are categories of {country}; use some of {accepted}"
        ) from None
    return subdiv, region


# --- the business-day table --------------------------------------------------


class _Span:
    """An immutable snapshot of business-day ordinals for whole years.

    ``count[i]`` is the number of business days in ``[base, base + i)``;
    ``days[k]`` is the ordinal of the k-th business day. Adding ``n``
    business days to a date is ``days[count[i] + n]``: O(1). ``position``
    and ``dates`` hold the same two tables keyed by and made of ``date``
    objects, so the hot paths neither convert nor allocate; ``through``
    maps a date to ``count[i + 1]`` (its own day included), for counting
    backwards.
    """

    __slots__ = (
        "base",
        "count",
        "dates",
        "days",
        "first_year",
        "last_year",
        "names",
        "position",
        "size",
        "through",
    )

    def __init__(
        self,
        first_year: int,
        last_year: int,
        base: int,
        count: list[int],
        days: list[int],
        names: dict[int, str],
    ) -> None:
        self.first_year = first_year
        self.last_year = last_year
        self.base = base
        self.count = count
        self.days = days
        self.names = names
        self.size = len(count) - 1  # days covered
        self.position = {date.fromordinal(base + i): count[i] for i in range(self.size)}
        self.through = dict(zip(self.position, count[1:], strict=True))
        self.dates = [date.fromordinal(ordinal) for ordinal in days]


_EMPTY_SPAN: Final = _Span(0, -1, 0, [0], [], {})


def _build_span(calendar: BusinessCalendar, first_year: int, last_year: int) -> _Span:
    base = date(first_year, 1, 1).toordinal()
    end = date(last_year, 12, 31).toordinal() + 1
    names: dict[int, list[str]] = {}
    for region in calendar._regions():
        for year in range(max(first_year - 1, _FIRST_YEAR), min(last_year + 1, _LAST_YEAR) + 1):
            region.get(date(year, 7, 1))  # populates the year (expand=True)
        for day, name in region.items():
            ordinal = day.toordinal()
            if base <= ordinal < end:
                names.setdefault(ordinal, []).append(name)
    custom = dict(calendar.holiday_names)
    for day in calendar.holidays:
        ordinal = day.toordinal()
        if base <= ordinal < end:
            names.setdefault(ordinal, []).append(custom.get(day, _CUSTOM_NAME))
    open_weekday = [flag == "1" for flag in calendar.weekmask]
    count = [0] * (end - base + 1)
    days: list[int] = []
    weekday = date.fromordinal(base).weekday()
    running = 0
    for index in range(end - base):
        ordinal = base + index
        if open_weekday[weekday] and ordinal not in names:
            days.append(ordinal)
            running += 1
        count[index + 1] = running
        weekday = 0 if weekday == 6 else weekday + 1
    joined = {ordinal: "; ".join(dict.fromkeys(parts)) for ordinal, parts in names.items()}
    return _Span(first_year, last_year, base, count, days, joined)


# --- the calendar ----------------------------------------------------------------


@attrs.frozen(init=False)
class BusinessCalendar:
    """Which days are business days, and exact business-day arithmetic.

    Args:
        weekmask: the open days of the week, Monday first: ``"1111100"``,
            ``"Mon Tue Wed Thu Fri"`` or seven booleans. It is never inferred
            from the country: an Israeli week is ``"Sun Mon Tue Wed Thu"``.
        holidays: extra closed days: dates or ISO strings, or a mapping of
            date to name (``{"2026-12-24": "Office closed"}``).
        country: an ISO 3166 code the ``holidays`` package knows (``"US"``).
        subdiv: a subdivision of that country (``"CA"``, ``"BY"``, ``"ENG"``).
        categories: ``holidays`` categories (``"public"``, ``"bank"``, ...);
            None means the country's default.
        observed: whether observed days (a Saturday holiday moved to Friday)
            are closed too, as the ``holidays`` package computes them.
        also: calendars whose closed days also close this one (what
            :meth:`merge` builds); their weekmasks and extra days are folded
            into this calendar's.

    Public holidays of any year are computed on first use and cached
    inside the calendar, so ``1999`` and ``2099`` both work. Calendars are
    frozen, hashable and picklable (the cache is not pickled), and safe to
    share between threads.

    Example:
        >>> from datetime import date
        >>> cal = BusinessCalendar(country="US", holidays={"2026-12-24": "Office closed"})
        >>> cal.is_business_day(date(2026, 12, 24))
        False
        >>> cal.holiday_name(date(2026, 12, 25))
        'Christmas Day'
        >>> cal.roll_forward(date(2026, 12, 24))
        datetime.date(2026, 12, 28)
        >>> BusinessCalendar(weekmask="Sun Mon Tue Wed Thu").weekmask
        '1111001'
    """

    weekmask: str
    holidays: tuple[date, ...]
    country: str | None
    subdiv: str | None
    categories: tuple[str, ...] | None
    observed: bool
    also: tuple[BusinessCalendar, ...]
    holiday_names: tuple[tuple[date, str], ...] = attrs.field(repr=False)
    _region: HolidayBase | None = attrs.field(eq=False, hash=False, repr=False)
    _span: _Span = attrs.field(eq=False, hash=False, repr=False)
    _lock: threading.Lock = attrs.field(eq=False, hash=False, repr=False)

    def __init__(
        self,
        weekmask: str | Sequence[bool] = "1111100",
        holidays: Iterable[date | str] | Mapping[date | str, str | None] = (),
        country: str | None = None,
        subdiv: str | None = None,
        categories: str | Iterable[str] | None = None,
        observed: bool = True,
        *,
        also: Iterable[BusinessCalendar] = (),
    ) -> None:
        mask = _weekmask(weekmask)
        days, names = _custom_holidays(holidays)
        if not isinstance(observed, bool):
            raise InvalidFieldError("observed", observed, "expected True or False")
        code = _country(country)
        cats = _categories(categories)
        canonical_subdiv, region = _region(code, subdiv, cats, observed)
        sources: list[BusinessCalendar] = []
        for index, other in enumerate(also):
            if not isinstance(other, BusinessCalendar):
                raise InvalidFieldError(f"also[{index}]", other, "expected a BusinessCalendar")
            mask = "".join(
                "1" if a == b == "1" else "0" for a, b in zip(mask, other.weekmask, strict=True)
            )
            days = tuple(sorted(set(days) | set(other.holidays)))
            names = tuple(sorted({**dict(other.holiday_names), **dict(names)}.items()))
            for source in (other._region_only(), *other.also):
                if (
                    source is not None
                    and source not in sources
                    and not self._same_region(source, code, canonical_subdiv, cats, observed)
                ):
                    sources.append(source)
        if "1" not in mask:
            raise WeekmaskError(
                "weekmask", mask, "no day of the week is open in both calendars; they never overlap"
            )
        self.__attrs_init__(
            mask,
            days,
            code,
            canonical_subdiv,
            cats,
            observed,
            tuple(sources),
            names,
            region,
            _EMPTY_SPAN,
            threading.Lock(),
        )

    # --- identity, pickling ------------------------------------------------------

    @staticmethod
    def _same_region(
        other: BusinessCalendar,
        country: str | None,
        subdiv: str | None,
        categories: tuple[str, ...] | None,
        observed: bool,
    ) -> bool:
        return (other.country, other.subdiv, other.categories, other.observed) == (
            country,
            subdiv,
            categories,
            observed,
        )

    def _region_only(self) -> BusinessCalendar | None:
        if self.country is None:
            return None
        return BusinessCalendar(
            "1111111", (), self.country, self.subdiv, self.categories, self.observed
        )

    def _regions(self) -> list[HolidayBase]:
        found = [self._region] if self._region is not None else []
        for source in self.also:
            if source._region is not None:
                found.append(source._region)
        return found

    def __getstate__(self) -> dict[str, Any]:
        return {
            "weekmask": self.weekmask,
            "holidays": self.holidays,
            "holiday_names": self.holiday_names,
            "country": self.country,
            "subdiv": self.subdiv,
            "categories": self.categories,
            "observed": self.observed,
            "also": self.also,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        rebuilt = BusinessCalendar(
            state["weekmask"],
            dict.fromkeys(state["holidays"]) | dict(state["holiday_names"]),
            state["country"],
            state["subdiv"],
            state["categories"],
            state["observed"],
            also=state["also"],
        )
        for name in (
            "weekmask",
            "holidays",
            "country",
            "subdiv",
            "categories",
            "observed",
            "also",
            "holiday_names",
            "_region",
            "_span",
            "_lock",
        ):
            object.__setattr__(self, name, getattr(rebuilt, name))

    # --- the cache -------------------------------------------------------------------

    def _cover(self, first_year: int, last_year: int) -> _Span:
        """The span, grown (under the lock) to cover ``first_year..last_year``."""
        span = self._span
        if span.first_year <= first_year and last_year <= span.last_year:
            return span
        with self._lock:
            span = self._span
            if span.first_year <= first_year and last_year <= span.last_year:
                return span
            if span.size:
                first_year = min(first_year, span.first_year)
                last_year = max(last_year, span.last_year)
            span = _build_span(self, max(first_year, _FIRST_YEAR), min(last_year, _LAST_YEAR))
            object.__setattr__(self, "_span", span)
            return span

    def _cover_date(self, ordinal: int) -> _Span:
        year = date.fromordinal(ordinal).year
        return self._cover(max(year - 1, _FIRST_YEAR), min(year + 1, _LAST_YEAR))

    # --- queries ------------------------------------------------------------------------

    def is_business_day(self, d: date) -> bool:
        """Whether ``d`` is open: an open weekday that is no holiday.

        Example:
            >>> from datetime import date
            >>> BusinessCalendar(country="US").is_business_day(date(2026, 7, 3))  # July 4th observed
            False
        """
        span = self._span
        try:
            k = span.position[d]
        except (KeyError, TypeError):
            span, k = self._locate(d, "d")
        return k < len(span.dates) and span.dates[k] == d

    def roll_forward(self, d: date) -> date:
        """``d`` if it is a business day, else the next business day.

        Example:
            >>> from datetime import date
            >>> BusinessCalendar().roll_forward(date(2026, 11, 28))  # a Saturday
            datetime.date(2026, 11, 30)
        """
        return self.add_business_days(d, 0)

    def roll_backward(self, d: date) -> date:
        """``d`` if it is a business day, else the previous business day.

        Example:
            >>> from datetime import date
            >>> BusinessCalendar().roll_backward(date(2026, 11, 28))  # a Saturday
            datetime.date(2026, 11, 27)
        """
        span = self._span
        try:
            k = span.position[d]
            if k < len(span.dates) and span.dates[k] == d:
                return d
            if k > 0:
                return span.dates[k - 1]
        except (KeyError, TypeError):
            pass
        d = to_date(d, "d")
        return self._offset(d.toordinal(), 1, -1, "d")

    def add_business_days(self, d: date, n: int) -> date:
        """The date ``n`` business days after ``d`` (before it when ``n < 0``).

        ``d`` first rolls forward to a business day, then moves ``n``
        business days, exactly as ``numpy.busday_offset(d, n,
        roll="forward")``: from a Saturday, ``n=0`` gives Monday and
        ``n=-1`` the Friday before. O(1) once the years are cached.

        Example:
            >>> from datetime import date
            >>> cal = BusinessCalendar(country="US")
            >>> cal.add_business_days(date(2026, 12, 23), 2)  # over Christmas
            datetime.date(2026, 12, 28)
            >>> cal.add_business_days(date(2026, 11, 28), -1)  # Saturday rolls to Monday first
            datetime.date(2026, 11, 27)
        """
        span = self._span
        try:
            k = span.position[d] + n
            if k >= 0 and type(n) is int:
                return span.dates[k]
        except (KeyError, TypeError, IndexError):
            pass
        d = to_date(d, "d")
        return self._offset(d.toordinal(), 0, _whole(n, "n"), "n")

    def _locate(self, d: object, field: str) -> tuple[_Span, int]:
        """The span covering ``d`` (grown if need be) and ``count`` at ``d``."""
        day = to_date(d, field)
        span = self._cover_date(day.toordinal())
        return span, span.count[day.toordinal() - span.base]

    def _offset(self, ordinal: int, after: int, n: int, field: str) -> date:
        """The slow path: grow the span until ``days[count[i + after] + n]`` exists."""
        span = self._cover_date(ordinal)
        index = ordinal - span.base
        open_per_week = self.weekmask.count("1")
        while True:
            k = span.count[index + after] + n
            if 0 <= k < len(span.days):
                return date.fromordinal(span.days[k])
            if k >= len(span.days):
                if span.last_year >= _LAST_YEAR:
                    raise DateRangeError(field, n, "moves past the year 9999; use a smaller offset")
                years = max(1, math.ceil((k - len(span.days) + 1) / (open_per_week * 50)))
                span = self._cover(span.first_year, min(span.last_year + years, _LAST_YEAR))
            else:
                if span.first_year <= _FIRST_YEAR:
                    raise DateRangeError(field, n, "moves before the year 1; use a smaller offset")
                years = max(1, math.ceil(-k / (open_per_week * 50)))
                span = self._cover(max(span.first_year - years, _FIRST_YEAR), span.last_year)
            index = ordinal - span.base

    def business_days_between(self, a: date, b: date) -> int:
        """Business days from ``a`` to ``b``: ``[a, b)``, negative when ``b < a``.

        Exactly ``numpy.busday_count(a, b)``, whose backward count is minus
        the business days in ``(b, a]``: counting back from Saturday to
        the Monday before gives -4 (Tue..Fri), not -5. With that rule,
        ``business_days_between(d, add_business_days(d, n)) == n`` for every
        business day ``d`` and every ``n``, negative too. O(1) once the years
        are cached.

        Example:
            >>> from datetime import date
            >>> cal = BusinessCalendar(country="US")
            >>> cal.business_days_between(date(2026, 12, 21), date(2027, 1, 4))  # two holidays
            8
            >>> cal.business_days_between(date(2027, 1, 4), date(2026, 12, 21))
            -8
            >>> cal.business_days_between(date(2026, 11, 21), date(2026, 11, 16))  # Sat back to Mon
            -4
        """
        span = self._span
        try:
            if a <= b:
                return span.position[b] - span.position[a]
            return span.through[b] - span.through[a]  # minus the business days in (b, a]
        except (KeyError, TypeError):
            pass
        a = to_date(a, "a")
        b = to_date(b, "b")
        first, last = min(a, b), max(a, b)
        span = self._cover(max(first.year - 1, _FIRST_YEAR), min(last.year + 1, _LAST_YEAR))
        after = 0 if a <= b else 1
        if last.toordinal() - span.base + after > span.size:  # 31 Dec 9999
            span = self._cover(span.first_year, _LAST_YEAR)
        return (
            span.count[b.toordinal() - span.base + after]
            - span.count[a.toordinal() - span.base + after]
        )

    def holiday_name(self, d: date) -> str | None:
        """The name of the holiday on ``d``, or None (weekends are not holidays).

        Several holidays on one day are joined with ``"; "``.

        Example:
            >>> from datetime import date
            >>> BusinessCalendar(country="US").holiday_name(date(2026, 11, 26))
            'Thanksgiving Day'
            >>> BusinessCalendar(country="US").holiday_name(date(2026, 11, 28)) is None
            True
        """
        if type(d) is not date:
            d = to_date(d, "d")
        span = self._span
        ordinal = d.toordinal()
        if not 0 <= ordinal - span.base < span.size:
            span = self._cover_date(ordinal)
        return span.names.get(ordinal)

    def holidays_between(self, a: date, b: date) -> list[tuple[date, str]]:
        """The holidays in ``[a, b)`` with their names, in date order.

        Example:
            >>> from datetime import date
            >>> BusinessCalendar(country="US").holidays_between(date(2026, 12, 1), date(2027, 1, 2))
            [(datetime.date(2026, 12, 25), 'Christmas Day'), (datetime.date(2027, 1, 1), "New Year's Day")]
        """
        a = to_date(a, "a")
        b = to_date(b, "b")
        if b <= a:
            return []
        span = self._cover(max(a.year - 1, _FIRST_YEAR), min(b.year + 1, _LAST_YEAR))
        first, last = a.toordinal(), b.toordinal()
        return [
            (date.fromordinal(o), span.names[o]) for o in sorted(span.names) if first <= o < last
        ]

    def merge(self, other: BusinessCalendar) -> BusinessCalendar:
        """A calendar open only on days both calendars are open.

        For a rep in one country calling a prospect in another: the
        weekmasks are intersected and both sets of holidays close the day.

        Example:
            >>> from datetime import date
            >>> us_de = BusinessCalendar(country="US").merge(BusinessCalendar(country="DE"))
            >>> us_de.is_business_day(date(2026, 10, 3))  # German Unity Day, a Saturday
            False
            >>> us_de.holiday_name(date(2026, 11, 26))
            'Thanksgiving Day'
        """
        if not isinstance(other, BusinessCalendar):
            raise InvalidFieldError("other", other, "expected a BusinessCalendar")
        return BusinessCalendar(
            self.weekmask,
            dict.fromkeys(self.holidays) | dict(self.holiday_names),
            self.country,
            self.subdiv,
            self.categories,
            self.observed,
            also=(*self.also, other),
        )

    # --- serialisation -------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; :meth:`from_dict` reads it back.

        Example:
            >>> BusinessCalendar(country="US", subdiv="CA").to_dict()["subdiv"]
            'CA'
        """
        return {
            "version": 1,
            "weekmask": self.weekmask,
            "holidays": [day.isoformat() for day in self.holidays],
            "holiday_names": {day.isoformat(): name for day, name in self.holiday_names},
            "country": self.country,
            "subdiv": self.subdiv,
            "categories": list(self.categories) if self.categories is not None else None,
            "observed": self.observed,
            "also": [source.to_dict() for source in self.also],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, path: str = "") -> BusinessCalendar:
        """Read a calendar written by :meth:`to_dict`.

        Example:
            >>> cal = BusinessCalendar(country="DE", subdiv="BY")
            >>> BusinessCalendar.from_dict(cal.to_dict()) == cal
            True
        """
        reader = Reader(data, path)
        reader.version()
        days: dict[date | str, str | None] = {}
        for item_path, item in reader.items("holidays", []):
            days[_schema(to_date, item, item_path)] = None
        names = reader.raw("holiday_names", "expected a mapping of ISO date to name", {})
        if not isinstance(names, Mapping):
            raise _schema_error(
                reader.at("holiday_names"), names, "expected a mapping of ISO date to name"
            )
        for key, name in names.items():
            key_path = f"{reader.at('holiday_names')}[{key!r}]"
            if not isinstance(name, str):
                raise _schema_error(key_path, name, "expected a name (a string)")
            days[_schema(to_date, key, key_path)] = name
        categories = reader.raw("categories", "expected a list of names or null", None)
        also = [cls.from_dict(item.data, path=item.path) for item in reader.readers("also", [])]
        try:
            return cls(
                reader.string("weekmask", "1111100"),
                days,
                reader.optional_str("country"),
                reader.optional_str("subdiv"),
                categories,  # type: ignore[arg-type]
                reader.boolean("observed", True),
                also=also,
            )
        except InvalidFieldError as error:
            raise _schema_error(reader.at(error.field), error.value, error.expected) from None


def _schema_error(path: str, value: object, expected: str) -> SchemaError:
    return SchemaError(path, value, expected)


def _schema(convert: Any, value: object, path: str) -> Any:
    try:
        return convert(value, path)
    except InvalidFieldError as error:
        raise _schema_error(path, value, error.expected) from None


def _whole(value: object, field: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    index = getattr(value, "__index__", None)  # numpy integers
    if index is not None and not isinstance(value, bool):
        result = index()
        if isinstance(result, int):
            return result
    raise InvalidFieldError(field, value, "expected a whole number of business days")


# --- send windows ------------------------------------------------------------------


def _window_time(value: object, field: str) -> time:
    try:
        return to_time(value, field)
    except InvalidFieldError as error:
        raise SendWindowError(error.field, error.value, error.expected) from None


def _window_start(value: object) -> time:
    return _window_time(value, "start")


def _window_end(value: object) -> time:
    return _window_time(value, "end")


@attrs.frozen
class SendWindow:
    """Local wall-clock hours in which touches may go out: ``[start, end)``.

    Times are in the prospect's zone, without a zone of their own; a window
    keeps its wall-clock hours across DST changes.

    Example:
        >>> from datetime import time
        >>> window = SendWindow("08:30", "11:00")
        >>> window
        SendWindow(start=datetime.time(8, 30), end=datetime.time(11, 0))
        >>> time(10, 59) in window, time(11) in window
        (True, False)
        >>> str(window)
        '08:30-11:00'
    """

    start: time = attrs.field(default=time(9), converter=_window_start)
    end: time = attrs.field(default=time(17), converter=_window_end)

    def __attrs_post_init__(self) -> None:
        if not self.start < self.end:
            raise SendWindowError(
                "end",
                self.end,
                f"must be after start {time_text(self.start)}; a window opens and closes on the same day",
            )

    def __contains__(self, moment: object) -> bool:
        if not isinstance(moment, time):
            return False
        return self.start <= moment.replace(tzinfo=None) < self.end

    def __str__(self) -> str:
        return f"{time_text(self.start)}-{time_text(self.end)}"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict.

        Example:
            >>> SendWindow().to_dict()
            {'version': 1, 'start': '09:00', 'end': '17:00'}
        """
        return {"version": 1, "start": time_text(self.start), "end": time_text(self.end)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, path: str = "") -> SendWindow:
        """Read a window written by :meth:`to_dict`.

        Example:
            >>> SendWindow.from_dict({"start": "08:00", "end": "12:00"})
            SendWindow(start=datetime.time(8, 0), end=datetime.time(12, 0))
        """
        reader = Reader(data, path)
        reader.version()
        start = reader.iso_time("start")
        end = reader.iso_time("end")
        try:
            return cls(start, end)
        except InvalidFieldError as error:
            raise _schema_error(reader.at(error.field), error.value, error.expected) from None


# --- send hours: several blocks a day, hours per weekday -------------------------------

_DAY_ABBREVIATIONS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_HOURS_HELP: Final = (
    "expected blocks like '09:00-12:00, 13:30-17:00', or a mapping of days to blocks "
    "like {'Mon-Thu': '09:00-12:00, 13:30-17:00', 'Fri': '09:00-12:00'}"
)


def _block(value: object, field: str) -> SendWindow:
    """One block: a SendWindow, a ``(start, end)`` pair or ``'09:00-12:00'``."""
    if isinstance(value, SendWindow):
        return value
    if isinstance(value, str):
        start, dash, end = value.strip().partition("-")
        if dash:
            try:
                return SendWindow(start.strip(), end.strip())
            except SendWindowError as error:
                raise SendWindowError(field, value, error.expected) from None
        raise SendWindowError(field, value, "expected a block like '09:00-12:00'")
    if isinstance(value, tuple | list) and len(value) == 2:
        try:
            return SendWindow(value[0], value[1])
        except SendWindowError as error:
            raise SendWindowError(field, value, error.expected) from None
    raise SendWindowError(field, value, "expected a block like '09:00-12:00' or ('09:00', '12:00')")


def _blocks(value: object, field: str) -> tuple[SendWindow, ...]:
    """A day's blocks, sorted, adjacent ones joined; overlapping ones refused."""
    if isinstance(value, str):
        parts: list[object] = [
            part for chunk in value.replace(" and ", ",").split(",") if (part := chunk.strip())
        ]
    elif isinstance(value, SendWindow):
        parts = [value]
    elif (
        isinstance(value, tuple | list)
        and len(value) == 2
        and all(
            isinstance(item, time) or (isinstance(item, str) and "-" not in item) for item in value
        )
    ):
        parts = [tuple(value)]  # one ("09:00", "12:00") pair
    elif isinstance(value, Iterable) and not isinstance(value, bytes | Mapping):
        parts = list(value)
    else:
        raise SendWindowError(field, value, _HOURS_HELP)
    blocks = sorted(
        (_block(part, f"{field}[{index}]") for index, part in enumerate(parts)),
        key=lambda block: block.start,
    )
    joined: list[SendWindow] = []
    for block in blocks:
        if joined and block.start < joined[-1].end:
            raise SendWindowError(
                field, value, f"blocks {joined[-1]} and {block} overlap; give each hour once"
            )
        if joined and block.start == joined[-1].end:
            joined[-1] = SendWindow(joined[-1].start, block.end)
        else:
            joined.append(block)
    return tuple(joined)


def _week(value: object) -> tuple[tuple[SendWindow, ...], ...]:
    """Seven days of blocks, Monday first, from a mapping of days or one day's blocks."""
    if (
        isinstance(value, tuple)
        and len(value) == 7
        and all(
            isinstance(day, tuple) and all(isinstance(b, SendWindow) for b in day) for day in value
        )
    ):
        week = tuple(
            _blocks(list(day), f"hours[{_DAY_ABBREVIATIONS[i]}]") for i, day in enumerate(value)
        )
    elif isinstance(value, Mapping):
        days: list[tuple[SendWindow, ...] | None] = [None] * 7
        for key, blocks in value.items():
            if not isinstance(key, str):
                raise SendWindowError("hours", key, "expected days like 'Mon-Thu' or 'Fri' as keys")
            try:
                mask = _weekmask(key)
            except WeekmaskError as error:
                raise SendWindowError(f"hours[{key!r}]", key, error.expected) from None
            parsed = _blocks(blocks, f"hours[{key!r}]")
            for index, flag in enumerate(mask):
                if flag == "1":
                    if days[index] is not None:
                        raise SendWindowError(
                            f"hours[{key!r}]",
                            key,
                            f"{_DAY_ABBREVIATIONS[index]} is given twice; name each day once",
                        )
                    days[index] = parsed
        week = tuple(day or () for day in days)
    else:
        every = _blocks(value, "hours")
        week = (every,) * 7
    if not any(week):
        raise SendWindowError("hours", value, "no sending hours on any day; " + _HOURS_HELP)
    return week


@attrs.frozen
class SendHours:
    """Sending hours as the sequence tools have them: several blocks a day, hours per weekday.

    Args:
        hours: the blocks for every day (``"09:00-12:00, 13:30-17:00"``, a
            list of blocks or :class:`SendWindow` values), or a mapping of
            days (``"Mon-Thu"``, ``"Fri"``, ``"Sat Sun"``) to their blocks.
            Days left out have no sending hours.

    Accepted wherever a :class:`SendWindow` is (a cadence's ``window``, a
    touchpoint's ``window``): a touch lands in the first open block of a
    business day, blocks keep their wall-clock hours across DST changes,
    start inclusive and end exclusive. A business day with no block (a
    Friday afternoon, a day left out) moves the touch on to the next
    business day that has one. Adjacent blocks are joined; overlapping
    ones are refused. A ``SendWindow`` is the one-block, every-day case.

    Example:
        >>> from datetime import time
        >>> hours = SendHours({"Mon-Thu": "09:00-12:00, 13:30-17:00", "Fri": "09:00-12:00"})
        >>> str(hours)
        'Mon-Thu 09:00-12:00, 13:30-17:00; Fri 09:00-12:00'
        >>> [str(block) for block in hours.blocks(4)]  # Friday
        ['09:00-12:00']
        >>> hours.is_open(4, time(13, 0)), hours.is_open(0, time(13, 30))
        (False, True)
    """

    week: tuple[tuple[SendWindow, ...], ...] = attrs.field(converter=_week, alias="hours")

    def blocks(self, weekday: int) -> tuple[SendWindow, ...]:
        """The blocks of a weekday (0 is Monday), earliest first; empty when closed.

        Example:
            >>> SendHours({"Mon": "09:00-11:00"}).blocks(1)
            ()
        """
        return self.week[weekday]

    def is_open(self, weekday: int, clock: time) -> bool:
        """Whether ``clock`` (a local wall-clock time) is inside a block on ``weekday``.

        Example:
            >>> SendHours("09:00-12:00").is_open(0, time(12))
            False
        """
        return any(clock in block for block in self.week[weekday])

    def __str__(self) -> str:
        groups: list[tuple[int, int, tuple[SendWindow, ...]]] = []
        for index, blocks in enumerate(self.week):
            if groups and groups[-1][2] == blocks and groups[-1][1] == index - 1:
                groups[-1] = (groups[-1][0], index, blocks)
            else:
                groups.append((index, index, blocks))
        parts = []
        for first, last, blocks in groups:
            if not blocks:
                continue
            days = _DAY_ABBREVIATIONS[first]
            if last > first:
                days += f"-{_DAY_ABBREVIATIONS[last]}"
            parts.append(f"{days} {', '.join(str(block) for block in blocks)}")
        return "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the blocks of each day that has some.

        Example:
            >>> SendHours({"Mon-Tue": "09:00-12:00"}).to_dict()
            {'version': 1, 'hours': {'Mon': ['09:00-12:00'], 'Tue': ['09:00-12:00']}}
        """
        return {
            "version": 1,
            "hours": {
                _DAY_ABBREVIATIONS[index]: [str(block) for block in blocks]
                for index, blocks in enumerate(self.week)
                if blocks
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, path: str = "") -> SendHours:
        """Read hours written by :meth:`to_dict`; errors give the path.

        Example:
            >>> SendHours.from_dict({"hours": {"Fri": ["09:00-12:00"]}}) == SendHours({"Fri": "09:00-12:00"})
            True
        """
        reader = Reader(data, path)
        reader.version()
        child = reader.child("hours")
        assert child is not None  # a required key
        try:
            return cls(child.data)
        except InvalidFieldError as error:
            raise _schema_error(reader.at(error.field), error.value, error.expected) from None


Window = SendWindow | SendHours
"""What touches are sent inside: one block every day, or hours per weekday."""


def window_from_dict(data: Mapping[str, Any], *, path: str = "") -> SendWindow | SendHours:
    """A :class:`SendWindow` or :class:`SendHours` from its dict (``hours`` tells them apart)."""
    if isinstance(data, Mapping) and "hours" in data:
        return SendHours.from_dict(data, path=path)
    return SendWindow.from_dict(data, path=path)
