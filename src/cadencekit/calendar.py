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

import array
import functools
import itertools
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, time, timedelta
from typing import TYPE_CHECKING, Any, Final, NoReturn

import attrs

from ._convert import Reader, to_date, to_flag, to_time
from ._text import brief, time_text
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


def _working_days(value: object) -> tuple[date, ...]:
    """Sorted unique dates from dates or ISO strings."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidFieldError("working_days", value, "expected dates or ISO strings")
    return tuple(sorted({to_date(item, "working_days") for item in value}))


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def _nth(flags: bytearray, index: int) -> int:
    """The position of the ``index``-th (0-based) 1 in ``flags``."""
    position = -1
    for _ in range(index + 1):
        position = flags.index(1, position + 1)
    return position


def _country_week(region: HolidayBase) -> str:
    """The week the ``holidays`` package gives a region in its latest years, as a weekmask.

    The package's ``weekend`` is a class attribute; a few countries change
    it by date or subdivision (Malaysia's Kedah rests on Friday and
    Saturday, the UAE moved to Saturday and Sunday in 2022), so the week is
    read from the package's answer for the last week of the years it
    covers: the weekend as it stands, not as it once was.
    """
    # The public ``is_weekend`` fills in the whole year's holidays first (and
    # warns for a year the package has only part of): ask the rule itself.
    is_weekend = getattr(region, "_is_weekend", None)
    if is_weekend is None:  # pragma: no cover - a holidays release without it
        closed = {int(day) for day in region.weekend}
    else:
        last = date(min(int(region.end_year), _LAST_YEAR), 12, 24)
        closed = {
            day.weekday()
            for day in (last - timedelta(days=back) for back in range(7))
            if is_weekend(day)
        }
    return "".join("0" if day in closed else "1" for day in range(7))


def _country(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise UnknownRegionError("country", value, "expected an ISO 3166 code like 'US' or None")
    return value.strip().upper()


def _categories(value: object) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        items: object = (value,)
    elif isinstance(value, Iterable) and not isinstance(value, bytes | Mapping):
        items = tuple(value)  # a generator is read once
    else:
        items = value
    if not isinstance(items, tuple) or not all(isinstance(item, str) for item in items):
        raise UnknownRegionError(
            "categories", value, "expected category names like ('public', 'bank')"
        )
    result = tuple(sorted({item.strip().lower() for item in items}))
    if not result:
        raise UnknownRegionError(
            "categories", value, "expected at least one category, or None for the default"
        )
    return result


# The years of a country for which the ``holidays`` package has only part of the
# holidays, and says so in a warning when it fills them in: India's lunar holidays
# are tabled for 2001-2035 only. A country listed here has full data in the range
# given and part of it in its other years; tests/test_calendar.py checks the table
# against the package's warnings for every country it supports.
_PARTIAL_YEARS: dict[str, range] = {"IN": range(2001, 2036)}


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
        with _REGION_LOCK:
            # A deprecated alias warns as the package says; the process's warning
            # filters are the host's to set, never this library's.
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
#
# Business days are answered from one table (a ``_Span``) over a window of
# whole years: at most ``_WINDOW_BLOCKS`` blocks of ``_BLOCK_YEARS`` years.
# A date outside the window grows it by whole blocks, or moves it when it
# would grow too wide; the open/closed flags of each block are kept in a
# small least-recently-used cache, so growing or moving the window reads
# the holidays of the new years only. A far date costs only its own years,
# asking one year after another is linear, and the memory a calendar holds
# does not depend on the dates it was asked about. Walks longer than the
# window (``add_business_days(d, 10**6)``) read the flags a chunk at a
# time and keep nothing.


class _Span:
    """An immutable table of business-day ordinals for a run of days.

    ``count[i]`` is the number of business days in ``[base, base + i)``;
    ``days[k]`` is the ordinal of the k-th business day. Adding ``n``
    business days to a date is ``days[count[i] + n]``: O(1). ``position``
    and ``dates`` hold the same two tables keyed by and made of ``date``
    objects, so the hot paths neither convert nor allocate; ``through``
    maps a date to ``count[i + 1]`` (its own day included), for counting
    backwards. ``names`` holds the names of the closed days.
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

    def __init__(self, base: int, flags: bytes | bytearray, names: dict[int, str]) -> None:
        self.base = base
        self.size = len(flags)  # days covered
        self.first_year = date.fromordinal(base).year if flags else 0
        self.last_year = date.fromordinal(base + len(flags) - 1).year if flags else -1
        counts = list(itertools.accumulate(flags, initial=0))
        every = [date.fromordinal(base + i) for i in range(self.size)]
        self.position = dict(zip(every, counts, strict=False))
        self.through = dict(zip(every, counts[1:], strict=True))
        self.dates = [day for day, flag in zip(every, flags, strict=True) if flag]
        self.count = array.array("q", counts)
        self.days = array.array("q", [base + i for i, flag in enumerate(flags) if flag])
        self.names = names


_EMPTY_SPAN: Final = _Span(1, b"", {})
_Flags = tuple[int, bytearray, dict[int, str]]
"""A block's first ordinal, its open/closed flags and the names of its holidays."""
_BLOCK_YEARS: Final = 8
"""Years in a block: the unit the window grows by and the flags are cached in."""
_WINDOW_BLOCKS: Final = 12
"""Blocks the window spans at most (96 years: about 6 MB, see docs/guarantees.md)."""
_BLOCKS_KEPT: Final = 24
"""Blocks of flags a calendar keeps (365 bytes a year); the least recently used goes."""
_CHUNK_DAYS: Final = 4096
"""Days read at a time when a walk leaves the cached block."""
_END_ORDINAL: Final = date.max.toordinal() + 1
_REGION_LOCK: Final = threading.Lock()
"""Guards the ``holidays`` objects (they fill themselves in as years are
asked) and the warning filters while they are filled in."""
BEYOND_CHOICES: Final = ("error", "weekends")


def _pattern(weekmask: str, first: int, size: int) -> bytearray:
    """1 for each open weekday of ``[first, first + size)``, else 0."""
    week = bytes(1 if flag == "1" else 0 for flag in weekmask)
    weekday = date.fromordinal(first).weekday()
    week = week[weekday:] + week[:weekday]
    return bytearray((week * (size // 7 + 1))[:size])


def _year_start(year: int) -> int:
    return _END_ORDINAL if year > _LAST_YEAR else date(year, 1, 1).toordinal()


# --- the calendar ----------------------------------------------------------------


@attrs.frozen(init=False)
class BusinessCalendar:
    """Which days are business days, and exact business-day arithmetic.

    Every argument is keyword-only (``BusinessCalendar(country="US")``):
    a calendar is all options, none of them what it acts on.

    Args:
        weekmask: the open days of the week, Monday first: ``"1111100"``,
            ``"Mon Tue Wed Thu Fri"`` or seven booleans. None (the default)
            means the country's own week, as the ``holidays`` package
            gives it (Sunday to Thursday in Israel, Monday to Friday in
            the US), and Monday to Friday without a country. A weekmask
            given here wins over the country's.
        holidays: extra closed days: dates or ISO strings, or a mapping of
            date to name (``{"2026-12-24": "Office closed"}``). They close
            a day whatever else says it is open.
        country: an ISO 3166 code the ``holidays`` package knows (``"US"``).
        subdiv: a subdivision of that country (``"CA"``, ``"BY"``, ``"ENG"``).
        categories: ``holidays`` categories (``"public"``, ``"bank"``, ...);
            None means the country's default.
        observed: whether observed days (a Saturday holiday moved to Friday)
            are closed too, as the ``holidays`` package computes them.
        also: calendars whose closed days also close this one (what
            :meth:`merge` builds); their weekmasks and extra days are folded
            into this calendar's.
        working_days: extra open days, dates or ISO strings (a Saturday the
            office works): they open a day the weekmask or the country's
            holidays close. The make-up working days the ``holidays``
            package lists for a country (China, Taiwan, Russia, ...) are
            open without being named here.
        beyond: what a year outside the data of the ``holidays`` package
            means (see :attr:`covered_years`): ``"error"`` (the default)
            raises :class:`~cadencekit.DateRangeError`; ``"weekends"``
            treats such a year as having no public holidays, only the
            weekmask and the days given here, and a year the package has
            only part of (India after 2035) as having the holidays it
            lists there (Republic Day, Independence Day, Gandhi Jayanti),
            not the ones it lacks. A merged calendar keeps each part's
            ``beyond``: the parts that said ``"weekends"`` count their own
            years so, the others still raise for theirs, in either order.

    Public holidays are computed on first use and cached inside the
    calendar in blocks of years (a few blocks, the least recently used
    dropped first), so ``1999`` and ``2099`` both work and a calendar's
    memory does not grow with the dates it is asked about. A year outside
    the years the ``holidays`` package has data for (US 1777-2100, JP
    1949-2099, ...; a calendar without a country covers 1-9999) is never
    silently treated as holiday-free: it raises unless ``beyond="weekends"``.
    Calendars are frozen, hashable and picklable (the cache is not
    pickled), and safe to share between threads.

    The week is settled when the calendar is built: :attr:`weekmask` is
    the week in use, whether given or read from the country, and it is
    what equality, pickling and :meth:`to_dict` carry. A calendar read back
    keeps its week even if a later ``holidays`` release moves the
    country's weekend; a dict without a weekmask (or with null) takes the
    country's week. One week serves every year: a country that moved its
    weekend (Saudi Arabia in 2013, the UAE in 2022) is counted with the
    weekend it has now, in earlier years too; give ``weekmask`` for those.

    Without working days, the arithmetic is exactly numpy's
    (``busday_offset``, ``busday_count``); numpy has no notion of an open
    day on a closed weekday, so calendars with make-up days (``country="CN"``)
    or ``working_days`` differ from numpy on exactly those days.

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
        >>> BusinessCalendar(country="IL").weekmask  # Israel rests on Friday and Saturday
        '1111001'
        >>> BusinessCalendar(country="IL", weekmask="Mon-Fri").weekmask  # a given week wins
        '1111100'
        >>> BusinessCalendar(country="CN").is_business_day(date(2019, 2, 2))  # a make-up Saturday
        True
        >>> BusinessCalendar(working_days=["2026-11-28"]).is_business_day(date(2026, 11, 28))
        True
    """

    weekmask: str
    holidays: tuple[date, ...] = attrs.field(repr=brief)  # a thousand days print in a line
    country: str | None
    subdiv: str | None
    categories: tuple[str, ...] | None
    observed: bool
    also: tuple[BusinessCalendar, ...] = attrs.field(repr=brief)
    working_days: tuple[date, ...] = attrs.field(repr=brief)
    beyond: str
    holiday_names: tuple[tuple[date, str], ...] = attrs.field(repr=False)
    _region: HolidayBase | None = attrs.field(eq=False, hash=False, repr=False)
    _span: _Span = attrs.field(eq=False, hash=False, repr=False)
    _blocks: OrderedDict[int, _Flags] = attrs.field(eq=False, hash=False, repr=False)
    _warned: set[int] = attrs.field(eq=False, hash=False, repr=False)
    _lock: threading.Lock = attrs.field(eq=False, hash=False, repr=False)

    def __init__(
        self,
        *,
        weekmask: str | Sequence[bool] | None = None,
        holidays: Iterable[date | str] | Mapping[date | str, str | None] = (),
        country: str | None = None,
        subdiv: str | None = None,
        categories: str | Iterable[str] | None = None,
        observed: bool = True,
        also: Iterable[BusinessCalendar] = (),
        working_days: Iterable[date | str] = (),
        beyond: str = "error",
    ) -> None:
        given = None if weekmask is None else _weekmask(weekmask)
        days, names = _custom_holidays(holidays)
        opened = _working_days(working_days)
        both = sorted(set(days) & set(opened))
        if both:
            raise InvalidFieldError(
                "working_days",
                both[0].isoformat(),
                "is also in holidays; a day is either closed or open",
            )
        observed = to_flag(observed, "observed")
        if beyond not in BEYOND_CHOICES:
            raise InvalidFieldError("beyond", beyond, "expected 'error' or 'weekends'")
        code = _country(country)
        cats = _categories(categories)
        canonical_subdiv, region = _region(code, subdiv, cats, observed)
        if given is not None:
            mask = given
        elif region is not None:
            mask = _country_week(region)
        else:
            mask = "1111100"
        if isinstance(also, str | bytes | Mapping) or not isinstance(also, Iterable):
            raise InvalidFieldError("also", also, "expected calendars (a list or tuple)")
        sources: list[BusinessCalendar] = []
        for index, other in enumerate(also):
            if not isinstance(other, BusinessCalendar):
                raise InvalidFieldError(f"also[{index}]", other, "expected a BusinessCalendar")
            mask = "".join(
                "1" if a == b == "1" else "0" for a, b in zip(mask, other.weekmask, strict=True)
            )
            days = tuple(sorted(set(days) | set(other.holidays)))
            names = tuple(sorted({**dict(other.holiday_names), **dict(names)}.items()))
            for source in (other._component(), *other.also):
                if source is None or source in sources:
                    continue
                if source.country is None and code is None and not opened:
                    continue  # its weekmask is folded in, nothing can reopen a day
                if (
                    not source.working_days
                    and source.country is not None
                    and self._same_region(source, code, canonical_subdiv, cats, observed)
                    and (source.beyond == beyond or beyond == "error")  # as strict, or more
                ):
                    continue
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
            opened,
            beyond,
            names,
            region,
            _EMPTY_SPAN,
            OrderedDict(),
            set(),
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

    def _component(self) -> BusinessCalendar | None:
        """What this calendar brings to a merge beyond its folded weekmask and holidays."""
        if self.country is None and not self.working_days and "0" not in self.weekmask:
            return None
        return BusinessCalendar(
            weekmask=self.weekmask,
            country=self.country,
            subdiv=self.subdiv,
            categories=self.categories,
            observed=self.observed,
            working_days=self.working_days,
            beyond=self.beyond,  # a merged part keeps what its years without data mean
        )

    def _parts(self) -> tuple[BusinessCalendar, ...]:
        return (self, *self.also)

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
            "working_days": self.working_days,
            "beyond": self.beyond,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        rebuilt = BusinessCalendar(
            weekmask=state["weekmask"],
            holidays=dict.fromkeys(state["holidays"]) | dict(state["holiday_names"]),
            country=state["country"],
            subdiv=state["subdiv"],
            categories=state["categories"],
            observed=state["observed"],
            also=state["also"],
            working_days=state.get("working_days", ()),
            beyond=state.get("beyond", "error"),
        )
        for name in (
            "weekmask",
            "holidays",
            "country",
            "subdiv",
            "categories",
            "observed",
            "also",
            "working_days",
            "beyond",
            "holiday_names",
            "_region",
            "_span",
            "_blocks",
            "_warned",
            "_lock",
        ):
            object.__setattr__(self, name, getattr(rebuilt, name))

    # --- coverage: the years the holidays package has data for ------------------------

    @property
    def covered_years(self) -> range:
        """The years the ``holidays`` package has data for, for every country here.

        ``range(1, 10000)`` for a calendar without a country. A year the
        package declares but then warns it has only part of (India's lunar
        holidays outside 2001-2035) is refused when it is asked for, unless
        that country's part said ``beyond="weekends"``.

        Example:
            >>> BusinessCalendar(country="US").covered_years
            range(1777, 2101)
            >>> BusinessCalendar(country="US").merge(BusinessCalendar(country="DE")).covered_years
            range(1991, 2101)
        """
        first, last = _FIRST_YEAR, _LAST_YEAR
        for part in self._parts():
            if part._region is not None:
                first = max(first, int(part._region.start_year))
                last = min(last, int(part._region.end_year))
        return range(first, last + 1)

    def _strict(self) -> tuple[BusinessCalendar, ...]:
        """The parts (this calendar, merged ones) whose years without full data raise.

        Each part keeps its own ``beyond``: a merged ``beyond="weekends"``
        calendar counts its own years without data as holiday-free, the
        others still raise for theirs, whichever way round they were merged.
        """
        return tuple(
            part for part in self._parts() if part._region is not None and part.beyond != "weekends"
        )

    def _strict_years(self) -> range:
        """The years every strict part has data for (years 1-9999 when none is strict)."""
        first, last = _FIRST_YEAR, _LAST_YEAR
        for part in self._strict():
            assert part._region is not None
            first = max(first, int(part._region.start_year))
            last = min(last, int(part._region.end_year))
        return range(first, last + 1)

    def _label(self, parts: Iterable[BusinessCalendar] | None = None) -> str:
        codes = [
            part.country + (f"-{part.subdiv}" if part.subdiv else "")
            for part in (self._parts() if parts is None else parts)
            if part.country is not None
        ]
        return ", ".join(dict.fromkeys(codes))

    def _probe(self, first_year: int, last_year: int) -> None:
        """Fill in the package's years (under the lock), noting the ones it has only part of.

        The years with part of the data come from ``_PARTIAL_YEARS``, a table a
        test checks against the package's own warnings, not from catching them:
        the process's warning filters are the host's. A strict part never
        populates such a year (it is refused first), so the package has nothing
        to warn about; a ``beyond="weekends"`` part populates it, and the
        package's own warning reaches the host as the package wrote it.
        """
        for part in self._parts():
            region = part._region
            if region is None:
                continue
            years = range(
                max(first_year, int(region.start_year)), min(last_year, int(region.end_year)) + 1
            )
            if not years:
                continue
            full = _PARTIAL_YEARS.get(str(getattr(region, "country", "")))
            lenient = part.beyond == "weekends"
            with _REGION_LOCK:
                for year in years:
                    partial = full is not None and year not in full
                    if partial:
                        part._warned.add(year)
                    if year in region.years or (partial and not lenient):
                        continue
                    region.get(date(year, 7, 1))  # populates the year (expand=True)

    def _covered(self, year: int) -> bool:
        """Whether ``year`` may be answered: full holiday data where a part needs it (probed)."""
        strict = self._strict()
        if not strict:
            return _FIRST_YEAR <= year <= _LAST_YEAR
        if year not in self._strict_years():
            return False
        self._probe(year, year)
        return not any(year in part._warned for part in strict)

    def _require(self, first_year: int, last_year: int, field: str, value: object) -> None:
        """Raise DateRangeError unless every year in ``first_year..last_year`` may be answered."""
        strict = self._strict()
        if not strict:
            return
        covered = self._strict_years()
        self._probe(max(first_year, covered.start), min(last_year, covered.stop - 1))
        for year in range(first_year, last_year + 1):
            if year not in covered:
                raise DateRangeError(
                    field,
                    value,
                    f"{year} is outside {covered.start}-{covered.stop - 1}, the years the holidays "
                    f"package has data for {self._label(strict)}; pass beyond='weekends' to count "
                    "other years as having no public holidays",
                )
            if any(year in part._warned for part in strict):
                raise DateRangeError(
                    field,
                    value,
                    f"the holidays package has only part of the holidays of {self._label(strict)} "
                    f"in {year}; pass beyond='weekends' to count such years with the holidays it "
                    "has",
                )

    def _limits(self) -> tuple[int, int]:
        """The ordinals a walk may cover: ``[first, end)``."""
        covered = self._strict_years()
        return _year_start(covered.start), _year_start(covered.stop)

    # --- the cache -------------------------------------------------------------------

    def _flags(self, first: int, end: int) -> tuple[bytearray, dict[int, str]]:
        """1 for each business day of ``[first, end)``, and the names of the holidays there."""
        size = end - first
        first_year = date.fromordinal(first).year
        last_year = date.fromordinal(end - 1).year
        self._probe(first_year, last_year)
        names: dict[int, list[str]] = {}
        result: bytearray | None = None
        for part in self._parts():
            flags = _pattern(part.weekmask, first, size)
            region = part._region
            if region is not None:
                start, stop = int(region.start_year), int(region.end_year)
                lenient = part.beyond == "weekends"  # a partial year: what the package lists
                with _REGION_LOCK:
                    closed = [
                        (day.toordinal(), name)
                        for day, name in region.items()
                        if first_year <= day.year <= last_year
                        and start <= day.year <= stop
                        and (lenient or day.year not in part._warned)
                    ]
                    reopened = [
                        day.toordinal()
                        for day in region.weekend_workdays
                        if first_year <= day.year <= last_year
                        and (lenient or day.year not in part._warned)
                    ]
                shut = set()
                for ordinal, name in closed:
                    if first <= ordinal < end:
                        flags[ordinal - first] = 0
                        shut.add(ordinal)
                        names.setdefault(ordinal, []).append(name)
                for ordinal in reopened:
                    if first <= ordinal < end and ordinal not in shut:
                        flags[ordinal - first] = 1
            for day in part.working_days:
                ordinal = day.toordinal()
                if first <= ordinal < end:
                    flags[ordinal - first] = 1
            if result is None:
                result = flags
            else:
                both = int.from_bytes(result, "big") & int.from_bytes(flags, "big")
                result = bytearray(both.to_bytes(size, "big"))
        assert result is not None
        custom = dict(self.holiday_names)
        for day in self.holidays:
            ordinal = day.toordinal()
            if first <= ordinal < end:
                result[ordinal - first] = 0
                names.setdefault(ordinal, []).append(custom.get(day, _CUSTOM_NAME))
        joined = {ordinal: "; ".join(dict.fromkeys(parts)) for ordinal, parts in names.items()}
        return result, joined

    def _block_flags(self, key: int) -> _Flags:
        """The first ordinal, flags and holiday names of block ``key`` (cached)."""
        with self._lock:
            found = self._blocks.get(key)
            if found is not None:
                self._blocks.move_to_end(key)
                return found
        first = _year_start(max(key * _BLOCK_YEARS, _FIRST_YEAR))
        end = _year_start(min(key * _BLOCK_YEARS + _BLOCK_YEARS, _LAST_YEAR + 1))
        flags, names = self._flags(first, end)
        found = (first, flags, names)
        with self._lock:
            self._blocks[key] = found
            while len(self._blocks) > _BLOCKS_KEPT:
                self._blocks.popitem(last=False)
        return found

    def _window(self, first_year: int, last_year: int, field: str, value: object) -> _Span:
        """The table, grown or moved to cover ``first_year..last_year`` (at most the window)."""
        span = self._span
        if span.size and span.first_year <= first_year and last_year <= span.last_year:
            return span
        self._require(first_year, last_year, field, value)
        low, high = first_year // _BLOCK_YEARS, last_year // _BLOCK_YEARS
        if span.size:
            grown_low = min(low, span.first_year // _BLOCK_YEARS)
            grown_high = max(high, span.last_year // _BLOCK_YEARS)
            if grown_high - grown_low < _WINDOW_BLOCKS:
                low, high = grown_low, grown_high
        window_first = max(low * _BLOCK_YEARS, _FIRST_YEAR)
        window_last = min(high * _BLOCK_YEARS + _BLOCK_YEARS - 1, _LAST_YEAR)
        if self._strict():  # keep to the covered years around the request
            while window_first < first_year and not self._covered(window_first):
                window_first += 1
            while window_last > last_year and not self._covered(window_last):
                window_last -= 1
        first, end = _year_start(window_first), _year_start(window_last + 1)
        flags = bytearray()
        names: dict[int, str] = {}
        for key in range(low, high + 1):
            block_first, block_flags, block_names = self._block_flags(key)
            lo, hi = max(first, block_first), min(end, block_first + len(block_flags))
            flags += block_flags[lo - block_first : hi - block_first]
            names.update((o, name) for o, name in block_names.items() if lo <= o < hi)
        span = _Span(first, flags, names)
        with self._lock:
            object.__setattr__(self, "_span", span)
        return span

    def _cover(self, first_year: int, last_year: int) -> _Span:
        """A table of ``first_year..last_year``, not cached (for the bulk path).

        The first and last year are a margin: only the years between must
        be covered by the holidays data.
        """
        self._require(first_year + 1, last_year - 1, "start", date(first_year + 1, 1, 1))
        first = _year_start(first_year)
        flags, names = self._flags(first, _year_start(last_year + 1))
        return _Span(first, flags, names)

    def _walk(
        self, start: int, end: int, field: str, value: object
    ) -> Iterator[tuple[int, bytearray]]:
        """Chunks ``(first, flags)`` of ``[start, end)``, in order (reversed when end < start)."""
        step = _CHUNK_DAYS if start <= end else -_CHUNK_DAYS
        pos = start
        while pos != end:
            stop = min(pos + step, end) if step > 0 else max(pos + step, end)
            lo, hi = min(pos, stop), max(pos, stop)
            self._require(date.fromordinal(lo).year, date.fromordinal(hi - 1).year, field, value)
            yield lo, self._flags(lo, hi)[0]
            pos = stop

    # --- queries ------------------------------------------------------------------------

    def is_business_day(self, d: date) -> bool:
        """Whether ``d`` is open: an open weekday that is no holiday, or a working day.

        Example:
            >>> from datetime import date
            >>> BusinessCalendar(country="US").is_business_day(date(2026, 7, 3))  # July 4th observed
            False
        """
        span = self._span
        try:
            k = span.position[d]
        except (KeyError, TypeError):
            day = to_date(d, "d")
            span = self._window(day.year, day.year, "d", d)
            k = span.position[day]
            d = day
        return k < len(span.dates) and span.dates[k] == d

    def roll_forward(self, d: date) -> date:
        """``d`` if it is a business day, else the next business day.

        Example:
            >>> from datetime import date
            >>> BusinessCalendar().roll_forward(date(2026, 11, 28))  # a Saturday
            datetime.date(2026, 11, 30)
        """
        span = self._span
        try:
            return span.dates[span.position[d]]
        except (KeyError, TypeError, IndexError):
            pass
        day = to_date(d, "d")
        return self._offset(day, 0, 0, "d", d)

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
        day = to_date(d, "d")
        return self._offset(day, 1, -1, "d", d)

    def add_business_days(self, d: date, n: int) -> date:
        """The date ``n`` business days after ``d`` (before it when ``n < 0``).

        ``d`` first rolls forward to a business day, then moves ``n``
        business days, exactly as ``numpy.busday_offset(d, n,
        roll="forward")``: from a Saturday, ``n=0`` gives Monday and
        ``n=-1`` the Friday before. O(1) once the years are cached; an
        offset that leaves the supported years raises
        :class:`~cadencekit.DateRangeError` at once.

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
        day = to_date(d, "d")
        return self._offset(day, 0, _whole(n, "n"), "n", n)

    def _offset(self, day: date, after: int, n: int, field: str, value: object) -> date:
        """The slow path: ``days[count[i + after] + n]``, walking past the block if need be."""
        ordinal = day.toordinal()
        first, end = self._limits()
        if not first <= ordinal < end:
            self._require(day.year, day.year, "d", day)
        if abs(n) >= end - first:  # more business days than there are days
            self._raise_range(field, value, forward=n > 0)
        span = self._window(day.year, day.year, "d", day)
        per_year = self.weekmask.count("1") * 50  # about the fewest business days a year
        while True:
            k = span.count[ordinal - span.base + after] + n
            if 0 <= k < len(span.days):
                return span.dates[k]
            first_year, last_year = span.first_year, span.last_year
            if k >= len(span.days):
                last_year = min(last_year + _ceil_div(k - len(span.days) + 1, per_year), _LAST_YEAR)
            else:
                first_year = max(first_year - _ceil_div(-k, per_year), _FIRST_YEAR)
            fits = last_year // _BLOCK_YEARS - first_year // _BLOCK_YEARS < _WINDOW_BLOCKS
            if not fits or (first_year, last_year) == (span.first_year, span.last_year):
                break
            span = self._window(first_year, last_year, field, value)
        if k >= len(span.days):
            remaining = k - len(span.days)
            start = span.base + span.size
            if start >= end:
                self._raise_range(field, value, forward=True)
            for lo, flags in self._walk(start, end, field, value):
                found = flags.count(1)
                if remaining < found:
                    return date.fromordinal(lo + _nth(flags, remaining))
                remaining -= found
            self._raise_range(field, value, forward=True)
        remaining = -k  # counted back from the table's first day, 1-based
        if span.base <= first:
            self._raise_range(field, value, forward=False)
        for lo, flags in self._walk(span.base, first, field, value):
            found = flags.count(1)
            if remaining <= found:
                return date.fromordinal(lo + _nth(flags, found - remaining))
            remaining -= found
        self._raise_range(field, value, forward=False)

    def _raise_range(self, field: str, value: object, *, forward: bool) -> NoReturn:
        covered = self._strict_years()
        if covered == range(_FIRST_YEAR, _LAST_YEAR + 1):
            where = "past the year 9999" if forward else "before the year 1"
            raise DateRangeError(field, value, f"moves {where}; use a smaller offset")
        year = covered.stop - 1 if forward else covered.start
        where = "past" if forward else "before"
        raise DateRangeError(
            field,
            value,
            f"moves {where} {year}, the {'last' if forward else 'first'} year the holidays "
            f"package has data for {self._label(self._strict())}; use a smaller offset, or pass "
            "beyond='weekends' to count other years as having no public holidays",
        )

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
        first_day = to_date(a, "a")
        last_day = to_date(b, "b")
        if first_day <= last_day:
            lo, hi, sign = first_day.toordinal(), last_day.toordinal(), 1
        else:  # minus the business days in (b, a]
            lo, hi, sign = last_day.toordinal() + 1, first_day.toordinal() + 1, -1
        if lo >= hi:
            return 0
        self._require(first_day.year, first_day.year, "a", a)
        self._require(last_day.year, last_day.year, "b", b)
        low_year, high_year = date.fromordinal(lo).year, date.fromordinal(hi - 1).year
        if high_year // _BLOCK_YEARS - low_year // _BLOCK_YEARS < _WINDOW_BLOCKS:
            span = self._window(low_year, high_year, "b", b)
            return sign * (span.count[hi - span.base] - span.count[lo - span.base])
        total = sum(flags.count(1) for _, flags in self._walk(lo, hi, "b", b))
        return sign * total

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
            span = self._window(d.year, d.year, "d", d)
        return span.names.get(ordinal)

    def holidays_between(self, a: date, b: date) -> list[tuple[date, str]]:
        """The holidays in ``[a, b)`` with their names, in date order.

        Example:
            >>> from datetime import date
            >>> BusinessCalendar(country="US").holidays_between(date(2026, 12, 1), date(2027, 1, 2))
            [(datetime.date(2026, 12, 25), 'Christmas Day'), (datetime.date(2027, 1, 1), "New Year's Day")]
        """
        first_day = to_date(a, "a")
        last_day = to_date(b, "b")
        if last_day <= first_day:
            return []
        lo, hi = first_day.toordinal(), last_day.toordinal()
        self._require(first_day.year, first_day.year, "a", a)
        self._require(date.fromordinal(hi - 1).year, date.fromordinal(hi - 1).year, "b", b)
        found: list[tuple[date, str]] = []
        pos = lo
        while pos < hi:
            stop = min(pos + _CHUNK_DAYS, hi)
            self._require(date.fromordinal(pos).year, date.fromordinal(stop - 1).year, "b", b)
            names = self._flags(pos, stop)[1]
            found.extend((date.fromordinal(o), names[o]) for o in sorted(names))
            pos = stop
        return found

    def merge(self, other: BusinessCalendar | str) -> BusinessCalendar:
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
            >>> BusinessCalendar(country="US").merge("DE") == us_de  # a country code will do
            True
        """
        other = to_calendar(other, "other")  # or a country code like "DE" or "US-CA"
        return BusinessCalendar(
            weekmask=self.weekmask,
            holidays=dict.fromkeys(self.holidays) | dict(self.holiday_names),
            country=self.country,
            subdiv=self.subdiv,
            categories=self.categories,
            observed=self.observed,
            also=(*self.also, other),
            working_days=self.working_days,
            beyond=self.beyond,
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
            "working_days": [day.isoformat() for day in self.working_days],
            "beyond": self.beyond,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, path: str = "") -> BusinessCalendar:
        """Read a calendar written by :meth:`to_dict`.

        Example:
            >>> cal = BusinessCalendar(country="DE", subdiv="BY")
            >>> BusinessCalendar.from_dict(cal.to_dict()) == cal
            True
        """
        return cls._read(data, path, 0)

    @classmethod
    def _read(cls, data: object, path: str, depth: int) -> BusinessCalendar:
        reader = Reader(data, path)
        reader.version()
        days: dict[date | str, str | None] = {}
        for item_path, item in reader.items("holidays", []):
            days[_schema(to_date, item, item_path)] = None
        names = reader.raw("holiday_names", "expected a mapping of ISO date to name", {})
        if names is None:
            names = {}
        if not isinstance(names, Mapping):
            raise _schema_error(
                reader.at("holiday_names"), names, "expected a mapping of ISO date to name"
            )
        for key, name in names.items():
            key_path = f"{reader.at('holiday_names')}[{key!r}]"
            if not isinstance(name, str):
                raise _schema_error(key_path, name, "expected a name (a string)")
            days[_schema(to_date, key, key_path)] = name
        working = [
            _schema(to_date, item, item_path)
            for item_path, item in reader.items("working_days", [])
        ]
        categories = reader.raw("categories", "expected a list of names or null", None)
        items = reader.items("also", [])
        if items and depth >= _MAX_ALSO_DEPTH:
            raise _schema_error(
                reader.at("also"),
                "<nested>",
                f"calendars nest at most {_MAX_ALSO_DEPTH} deep; to_dict writes one level",
            )
        also = [cls._read(item, item_path, depth + 1) for item_path, item in items]
        weekmask = reader.optional_str("weekmask")  # absent or null: the country's week
        country = reader.optional_str("country")
        subdiv = reader.optional_str("subdiv")
        observed = reader.boolean("observed", True)
        beyond = reader.string("beyond", "error")
        reader.done()
        try:
            return cls(
                weekmask=weekmask,
                holidays=days,
                country=country,
                subdiv=subdiv,
                categories=categories,  # type: ignore[arg-type]
                observed=observed,
                also=also,
                working_days=working,
                beyond=beyond,
            )
        except InvalidFieldError as error:
            raise _schema_error(reader.at(error.field), error.value, error.expected) from None


_MAX_ALSO_DEPTH: Final = 8


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
        reader.done()
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
        if isinstance(weekday, int) and not isinstance(weekday, bool) and 0 <= weekday <= 6:
            return self.week[weekday]
        raise InvalidFieldError("weekday", weekday, "expected 0 (Monday) to 6 (Sunday)")

    def is_open(self, weekday: int, clock: time) -> bool:
        """Whether ``clock`` (a local wall-clock time) is inside a block on ``weekday``.

        Example:
            >>> SendHours("09:00-12:00").is_open(0, time(12))
            False
        """
        blocks = self.blocks(weekday)
        if not isinstance(clock, time):
            raise InvalidFieldError(
                "clock", clock, "expected a wall-clock time like time(9, 30); pass .time()"
            )
        return any(clock in block for block in blocks)

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
        reader.done()
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


# --- a calendar from what a user passes ---------------------------------------------


@functools.lru_cache(maxsize=256)
def calendar_region(country: str, subdiv: str | None) -> BusinessCalendar:
    """The calendar of a country (and subdivision), built once per pair (a pure function)."""
    return BusinessCalendar(country=country, subdiv=subdiv)


_CALENDAR_HELP: Final = (
    "expected a BusinessCalendar or a country code the holidays package knows, "
    "like 'US', 'DE' or 'US-CA' (a country and a subdivision)"
)


def to_calendar(value: object, field: str) -> BusinessCalendar:
    """A calendar from what a user passes wherever one is taken: the one converter.

    A :class:`BusinessCalendar` is used as it is; a country code is that
    country's calendar, ``"US"`` meaning ``BusinessCalendar(country="US")``
    and ``"US-CA"`` ``BusinessCalendar(country="US", subdiv="CA")`` (built
    once per code). The code is read as the ``holidays`` package reads
    it: the country part in capitals, the subdivision as it is given (the
    calendar accepts a subdivision in any case). Errors name ``field``.

    Example:
        >>> to_calendar("US-CA", "calendar") == BusinessCalendar(country="US", subdiv="CA")
        True
        >>> to_calendar("Mars", "calendar")
        Traceback (most recent call last):
        ...
        cadencekit.errors.UnknownRegionError: calendar 'Mars': not a country the holidays package knows; use an ISO 3166 code like 'US', 'DE' or 'GB' (or 'US-CA' for a subdivision)
    """
    if isinstance(value, BusinessCalendar):
        return value
    if not isinstance(value, str) or not value.strip():
        raise InvalidFieldError(field, value, _CALENDAR_HELP)
    country, _, subdiv = value.strip().partition("-")
    try:
        return calendar_region(country.strip().upper(), subdiv.strip() or None)
    except UnknownRegionError as error:
        expected = error.expected
        if error.field == "country":
            expected += " (or 'US-CA' for a subdivision)"
        raise UnknownRegionError(field, value, expected) from None
