from __future__ import annotations

import pickle
import random
import threading
from datetime import date, datetime, time, timedelta
from typing import Any

import holidays
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cadencekit as ck
from cadencekit import BusinessCalendar, SendWindow

from .strategies import CALENDARS, calendars, dates, offsets

# --- the numpy oracle -------------------------------------------------------------

ORACLE_CALENDARS = {
    "US": ("1111100", "US", None),
    "US-CA": ("1111100", "US", "CA"),
    "DE-BY": ("1111100", "DE", "BY"),
    "GB-ENG": ("1111100", "GB", "ENG"),
    "IL": ("1111001", "IL", None),
}


def _numpy_holidays(country: str, subdiv: str | None) -> np.ndarray:
    days = holidays.country_holidays(country, subdiv=subdiv, years=range(1985, 2066))
    return np.array(sorted(days), dtype="datetime64[D]")


@pytest.fixture(scope="module", params=sorted(ORACLE_CALENDARS))
def oracle(request: pytest.FixtureRequest) -> tuple[BusinessCalendar, np.busdaycalendar]:
    weekmask, country, subdiv = ORACLE_CALENDARS[request.param]
    ours = BusinessCalendar(weekmask=weekmask, country=country, subdiv=subdiv)
    theirs = np.busdaycalendar(weekmask=weekmask, holidays=_numpy_holidays(country, subdiv))
    return ours, theirs


def _random_dates(seed: int, count: int) -> list[date]:
    rng = random.Random(seed)
    first, last = date(1996, 1, 1).toordinal(), date(2054, 12, 31).toordinal()
    return [date.fromordinal(rng.randint(first, last)) for _ in range(count)]


def test_add_matches_numpy_busday_offset(
    oracle: tuple[BusinessCalendar, np.busdaycalendar],
) -> None:
    ours, theirs = oracle
    rng = random.Random(7)
    starts = _random_dates(1, 3000)
    offsets_ = [rng.randint(-700, 700) for _ in starts]
    offsets_[:50] = [0] * 50  # plain roll-forward
    expected = np.busday_offset(
        np.array(starts, dtype="datetime64[D]"), offsets_, roll="forward", busdaycal=theirs
    )
    got = [ours.add_business_days(d, n) for d, n in zip(starts, offsets_, strict=True)]
    assert got == expected.astype(object).tolist()


def test_count_matches_numpy_busday_count(
    oracle: tuple[BusinessCalendar, np.busdaycalendar],
) -> None:
    ours, theirs = oracle
    a = _random_dates(2, 3000)
    b = [d + timedelta(days=random.Random(d.toordinal()).randint(-900, 900)) for d in a]
    expected = np.busday_count(
        np.array(a, dtype="datetime64[D]"), np.array(b, dtype="datetime64[D]"), busdaycal=theirs
    )
    got = [ours.business_days_between(x, y) for x, y in zip(a, b, strict=True)]
    assert got == expected.tolist()
    assert any(n < 0 for n in got)
    assert any(n > 0 for n in got)


def test_backward_count_from_a_cached_table_matches_numpy_busday_count() -> None:
    # Counting back is minus the business days in (b, a]. Once the years are
    # cached that is answered from the table alone; check it on every pair
    # around Christmas and at the table's last day (31 Dec 2027).
    us = BusinessCalendar(country="US")
    us.add_business_days(date(2026, 6, 15), 0)  # caches 2025-2027
    table = us._span
    days = [date(2026, 12, 18) + timedelta(days=i) for i in range(20)]
    days += [date(2027, 12, 20) + timedelta(days=i) for i in range(12)]
    pairs = [(a, b) for a in days for b in days if b < a]
    hol = _numpy_holidays("US", None)
    expected = np.busday_count(
        np.array([a for a, _ in pairs], dtype="datetime64[D]"),
        np.array([b for _, b in pairs], dtype="datetime64[D]"),
        holidays=hol,
    )
    assert [us.business_days_between(a, b) for a, b in pairs] == expected.tolist()
    assert us._span is table  # no pair needed more years
    # Mon 4 Jan 2027 back to Mon 21 Dec 2026: Dec 22-24, 28-31 and Jan 4.
    assert us.business_days_between(date(2027, 1, 4), date(2026, 12, 21)) == -8
    # Sat 26 Dec back to Fri 25 Dec (Christmas): nothing open in (25, 26].
    assert us.business_days_between(date(2026, 12, 26), date(2026, 12, 25)) == 0


def test_is_business_day_matches_numpy_is_busday(
    oracle: tuple[BusinessCalendar, np.busdaycalendar],
) -> None:
    ours, theirs = oracle
    days = [date(2020, 1, 1) + timedelta(days=i) for i in range(3 * 366)] + _random_dates(3, 2000)
    expected = np.is_busday(np.array(days, dtype="datetime64[D]"), busdaycal=theirs)
    assert [ours.is_business_day(d) for d in days] == expected.tolist()


def test_roll_backward_matches_numpy(oracle: tuple[BusinessCalendar, np.busdaycalendar]) -> None:
    ours, theirs = oracle
    days = _random_dates(4, 2000)
    expected = np.busday_offset(
        np.array(days, dtype="datetime64[D]"), 0, roll="backward", busdaycal=theirs
    )
    assert [ours.roll_backward(d) for d in days] == expected.astype(object).tolist()


def test_holidays_match_the_holidays_package() -> None:
    cal = BusinessCalendar(country="DE", subdiv="BY")
    theirs = holidays.country_holidays("DE", subdiv="BY", years=range(2020, 2031))
    for day, name in theirs.items():
        assert cal.holiday_name(day) == name
        if day.weekday() < 5:
            assert not cal.is_business_day(day)


# --- worked examples --------------------------------------------------------------


def test_thanksgiving_week_worked_by_hand() -> None:
    us = BusinessCalendar(country="US")
    # Wed 25 Nov 2026 + 1 business day skips Thanksgiving (Thu 26) to Fri 27.
    assert us.add_business_days(date(2026, 11, 25), 1) == date(2026, 11, 27)
    # Mon 23..Sun 29: Mon, Tue, Wed, Fri are open.
    assert us.business_days_between(date(2026, 11, 23), date(2026, 11, 30)) == 4
    assert us.holiday_name(date(2026, 11, 26)) == "Thanksgiving Day"


def test_observed_rule_is_passed_to_holidays() -> None:
    # 4 July 2026 is a Saturday: the US observes it on Friday 3 July.
    assert not BusinessCalendar(country="US").is_business_day(date(2026, 7, 3))
    assert BusinessCalendar(country="US", observed=False).is_business_day(date(2026, 7, 3))


def test_categories_are_passed_to_holidays() -> None:
    # Christmas Eve is an "unofficial" US holiday: closed only when asked for.
    eve = date(2026, 12, 24)
    assert BusinessCalendar(country="US").is_business_day(eve)
    closed = BusinessCalendar(country="US", categories=("public", "unofficial"))
    assert not closed.is_business_day(eve)
    assert closed.holiday_name(eve) == "Christmas Eve"


def test_any_year_is_computed_on_first_use() -> None:
    us = BusinessCalendar(country="US")
    assert us.holiday_name(date(1999, 12, 24)) == "Christmas Day (observed)"
    assert us.holiday_name(date(2099, 7, 3)) == "Independence Day (observed)"
    assert us.business_days_between(date(1999, 1, 1), date(2099, 1, 1)) == int(
        np.busday_count(
            "1999-01-01",
            "2099-01-01",
            holidays=np.array(
                sorted(holidays.country_holidays("US", years=range(1998, 2100))),
                dtype="datetime64[D]",
            ),
        )
    )


def test_custom_holidays_with_and_without_names() -> None:
    cal = BusinessCalendar(holidays={date(2026, 12, 31): "Year-end close", "2026-12-30": None})
    assert cal.holiday_name(date(2026, 12, 31)) == "Year-end close"
    assert cal.holiday_name(date(2026, 12, 30)) == "Custom holiday"
    assert cal.add_business_days(date(2026, 12, 29), 1) == date(2027, 1, 1)
    assert BusinessCalendar(holidays=["2026-12-30", date(2026, 12, 30)]).holidays == (
        date(2026, 12, 30),
    )


def test_weekmask_spellings_agree() -> None:
    expected = "1111100"
    assert BusinessCalendar(weekmask="1111100").weekmask == expected
    assert BusinessCalendar(weekmask="Mon Tue Wed Thu Fri").weekmask == expected
    assert BusinessCalendar(weekmask="monday, tuesday, wed, thu, FRI").weekmask == expected
    assert BusinessCalendar(weekmask="Mon-Fri").weekmask == expected
    assert BusinessCalendar(weekmask=[True] * 5 + [False] * 2).weekmask == expected
    assert BusinessCalendar(weekmask="Sun-Thu").weekmask == "1111001"


def test_large_offsets_grow_the_cache_and_stop_at_year_9999() -> None:
    cal = BusinessCalendar()
    far = cal.add_business_days(date(2026, 1, 5), 260 * 300)
    assert far == np.busday_offset("2026-01-05", 260 * 300, roll="forward").astype(object)
    back = cal.add_business_days(date(2026, 1, 5), -260 * 300)
    assert back == np.busday_offset("2026-01-05", -260 * 300, roll="forward").astype(object)
    with pytest.raises(ck.DateRangeError, match="9999"):
        cal.add_business_days(date(9999, 12, 1), 100)
    with pytest.raises(ck.DateRangeError, match="year 1"):
        cal.add_business_days(date(1, 1, 10), -100)


def test_merge_is_open_only_when_both_are() -> None:
    us, de = BusinessCalendar(country="US"), BusinessCalendar(country="DE")
    both = us.merge(de)
    assert not both.is_business_day(date(2026, 11, 26))  # Thanksgiving
    assert not both.is_business_day(date(2026, 12, 26 - 1))  # Christmas, both
    assert not both.is_business_day(date(2026, 4, 6))  # Easter Monday (DE only)
    assert both.is_business_day(date(2026, 11, 25))
    assert both.also == (BusinessCalendar(country="DE"),)  # the part merged in
    israel = BusinessCalendar(weekmask="Sun-Thu")
    assert us.merge(israel).weekmask == "1111000"
    with pytest.raises(ck.WeekmaskError, match="never overlap"):
        BusinessCalendar(weekmask="Sat").merge(BusinessCalendar(weekmask="Sun"))


@given(calendars, calendars, dates)
def test_merge_is_a_subset_of_both(a: BusinessCalendar, b: BusinessCalendar, d: date) -> None:
    try:
        merged = a.merge(b)
    except ck.WeekmaskError:
        return
    assert merged.is_business_day(d) == (a.is_business_day(d) and b.is_business_day(d))


# --- properties ------------------------------------------------------------------------


@given(calendars, dates, offsets)
def test_add_then_count_round_trips(cal: BusinessCalendar, d: date, n: int) -> None:
    start = cal.roll_forward(d)
    end = cal.add_business_days(d, n)
    assert cal.is_business_day(end)
    assert cal.business_days_between(start, end) == n


@given(calendars, dates)
def test_rolls_are_idempotent_and_nearest(cal: BusinessCalendar, d: date) -> None:
    forward, backward = cal.roll_forward(d), cal.roll_backward(d)
    assert cal.roll_forward(forward) == forward
    assert cal.roll_backward(backward) == backward
    assert backward <= d <= forward
    assert cal.is_business_day(forward)
    assert cal.is_business_day(backward)
    if backward < forward:  # no business day strictly between them
        assert cal.business_days_between(backward + timedelta(days=1), forward) == 0
    assert (forward == d) == cal.is_business_day(d) == (backward == d)


@given(calendars, dates, dates)
def test_backward_count_is_minus_the_days_in_the_half_open_interval_after(
    cal: BusinessCalendar, a: date, b: date
) -> None:
    # numpy's convention: for b < a, minus the business days in (b, a].
    later, earlier = max(a, b), min(a, b)
    one = timedelta(days=1)
    expected = sum(
        cal.is_business_day(earlier + one * (i + 1)) for i in range((later - earlier).days)
    )
    assert cal.business_days_between(later, earlier) == -expected
    if a != b:
        assert cal.business_days_between(earlier, later) == sum(
            cal.is_business_day(earlier + one * i) for i in range((later - earlier).days)
        )


@given(calendars)
def test_calendar_round_trips_through_dict_and_pickle(cal: BusinessCalendar) -> None:
    assert BusinessCalendar.from_dict(cal.to_dict()) == cal
    copy = pickle.loads(pickle.dumps(cal))
    assert copy == cal
    assert hash(copy) == hash(cal)
    assert copy.add_business_days(date(2026, 11, 20), 10) == cal.add_business_days(
        date(2026, 11, 20), 10
    )


def test_pickle_leaves_the_cache_behind() -> None:
    cal = BusinessCalendar(country="US")
    empty = len(pickle.dumps(cal))
    cal.business_days_between(date(1990, 1, 1), date(2090, 1, 1))
    assert len(pickle.dumps(cal)) == empty


def test_merged_calendar_round_trips() -> None:
    merged = BusinessCalendar(country="US", holidays={"2026-12-24": "Eve"}).merge(
        BusinessCalendar(weekmask="Sun-Thu", country="IL")
    )
    assert BusinessCalendar.from_dict(merged.to_dict()) == merged
    assert pickle.loads(pickle.dumps(merged)) == merged


def test_threads_share_one_calendar_safely() -> None:
    cal = BusinessCalendar(country="GB", subdiv="ENG")
    reference = BusinessCalendar(country="GB", subdiv="ENG")
    starts = _random_dates(9, 400)
    expected = [reference.add_business_days(d, 37) for d in starts]
    results: list[list[date]] = []

    def work() -> None:
        results.append([cal.add_business_days(d, 37) for d in starts])

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 8


# --- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (
            {"weekmask": "Mon Tue Xyz"},
            ck.WeekmaskError,
            "weekmask 'Mon Tue Xyz': 'Xyz' is not a day",
        ),
        ({"weekmask": "0000000"}, ck.WeekmaskError, "no day of the week is open"),
        ({"weekmask": [True, False]}, ck.WeekmaskError, "expected 7 booleans"),
        ({"weekmask": 1111100}, ck.WeekmaskError, "expected a string or 7 booleans"),
        ({"country": "XX"}, ck.UnknownRegionError, "country 'XX': not a country"),
        (
            {"country": "US", "subdiv": "ZZ"},
            ck.UnknownRegionError,
            "subdiv 'ZZ': not a subdivision of US",
        ),
        ({"subdiv": "CA"}, ck.UnknownRegionError, "needs a country"),
        ({"country": "US", "categories": "nope"}, ck.UnknownRegionError, "categories"),
        ({"holidays": "2026-12-24"}, ck.InvalidFieldError, "holidays '2026-12-24'"),
        ({"holidays": ["24/12/2026"]}, ck.InvalidFieldError, "holidays '24/12/2026'"),
        ({"observed": "yes"}, ck.InvalidFieldError, "observed 'yes'"),
        ({"observed": 1}, ck.InvalidFieldError, "observed 1"),
    ],
)
def test_bad_calendars_name_field_and_value(
    kwargs: dict[str, object], error: type, message: str
) -> None:
    with pytest.raises(error, match=message):
        BusinessCalendar(**kwargs)  # type: ignore[arg-type]


def test_business_calendar_options_are_keyword_only() -> None:
    """One dialect: a calendar is all options, so each is passed by name."""
    import inspect

    parameters = list(inspect.signature(BusinessCalendar).parameters.values())
    assert [p.name for p in parameters][:6] == [
        "weekmask",
        "holidays",
        "country",
        "subdiv",
        "categories",
        "observed",
    ]
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters)
    with pytest.raises(TypeError, match="positional"):
        BusinessCalendar("Sun Mon Tue Wed Thu")  # type: ignore[misc]
    with pytest.raises(TypeError, match="positional"):
        BusinessCalendar("1111100", (), "US")  # type: ignore[misc]
    assert BusinessCalendar(weekmask="Sun Mon Tue Wed Thu").weekmask == "1111001"


def test_calendar_rebuilt_by_merge_pickle_and_from_dict_keeps_every_option() -> None:
    """Guards the calls inside calendar.py that passed the options by position."""
    cal = BusinessCalendar(
        weekmask="Mon Tue Wed Thu Sat",
        holidays={"2026-12-24": "Office closed"},
        country="DE",
        subdiv="BY",
        categories=("public",),
        observed=False,
        working_days=["2026-12-27"],
        beyond="weekends",
    )
    for copy in (pickle.loads(pickle.dumps(cal)), BusinessCalendar.from_dict(cal.to_dict())):
        assert copy == cal
        assert (copy.subdiv, copy.categories, copy.observed, copy.beyond) == (
            "BY",
            ("public",),
            False,
            "weekends",
        )
    merged = cal.merge(BusinessCalendar(country="AT"))
    assert (merged.weekmask, merged.country, merged.subdiv, merged.beyond) == (
        "1111000",
        "DE",
        "BY",
        "weekends",
    )
    assert merged.holiday_name(date(2026, 12, 24)) == "Office closed"
    assert cal.is_business_day(date(2026, 12, 27))  # a working Sunday here...
    assert not merged.is_business_day(date(2026, 12, 27))  # ...that Austria closes


def test_subdivision_case_is_forgiven() -> None:
    assert BusinessCalendar(country="us", subdiv="ca") == BusinessCalendar(
        country="US", subdiv="CA"
    )


def test_bad_arguments_to_arithmetic() -> None:
    cal = BusinessCalendar()
    with pytest.raises(ck.InvalidFieldError, match=r"n 1\.5"):
        cal.add_business_days(date(2026, 1, 5), 1.5)  # type: ignore[arg-type]
    with pytest.raises(ck.InvalidFieldError, match="got a datetime"):
        cal.add_business_days(ck_datetime(), 1)
    with pytest.raises(ck.InvalidFieldError, match="b 'soon'"):
        cal.business_days_between(date(2026, 1, 5), "soon")  # type: ignore[arg-type]
    assert cal.add_business_days("2026-01-02", 1) == date(2026, 1, 5)  # type: ignore[arg-type]
    assert cal.add_business_days(date(2026, 1, 2), np.int64(1)) == date(2026, 1, 5)  # type: ignore[arg-type]


def ck_datetime() -> date:
    from datetime import datetime

    return datetime(2026, 1, 5, 9)


def test_from_dict_names_the_path() -> None:
    with pytest.raises(ck.SchemaError, match=r"holidays\[1\] 'tomorrow'"):
        BusinessCalendar.from_dict({"holidays": ["2026-01-01", "tomorrow"]})
    with pytest.raises(ck.SchemaError, match="weekmask 'Mon Xyz'"):
        BusinessCalendar.from_dict({"weekmask": "Mon Xyz"})
    with pytest.raises(ck.SchemaError, match="version 7"):
        BusinessCalendar.from_dict({"version": 7})


# --- issue 17: bounded tables, covered years, make-up working days -----------------


def test_a_huge_offset_raises_at_once_and_builds_nothing() -> None:
    # Before: add_business_days(d, 10**18) built a table up to year 9999.
    cal = BusinessCalendar(country="US")
    with pytest.raises(ck.DateRangeError, match=r"^n 1000000000000000000: moves past 2100"):
        cal.add_business_days(date(2026, 1, 5), 10**18)
    with pytest.raises(ck.DateRangeError, match=r"^n -1000000000000000000: moves before"):
        BusinessCalendar().add_business_days(date(2026, 1, 5), -(10**18))
    assert cal._span.size == 0
    assert not cal._blocks


def test_a_far_date_leaves_memory_within_a_fixed_bound() -> None:
    # Before: one call on 31 Dec 9999 kept about 700 MB in the calendar.
    import gc
    import tracemalloc

    cal = BusinessCalendar()
    cal.is_business_day(date(2026, 1, 5))
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        assert cal.is_business_day(date(9999, 12, 31))
        assert cal.add_business_days(date(2026, 1, 5), 2_000_000) == date.fromisoformat(
            str(np.busday_offset("2026-01-05", 2_000_000, roll="forward"))
        )
        assert cal.business_days_between(date(1, 1, 1), date(9999, 12, 31)) == int(
            np.busday_count("0001-01-01", "9999-12-31")
        )
        for year in range(1, 9999, 97):
            cal.is_business_day(date(year, 6, 1))
        gc.collect()
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert kept - before < 8_000_000  # one window of 96 years at most
    assert peak - before < 16_000_000


def test_asking_year_after_year_builds_each_block_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Before: each new year rebuilt the whole table (400 years: 10 s, quadratic).
    from cadencekit import calendar as module

    built: list[int] = []
    flags = BusinessCalendar._flags

    def counting(self: BusinessCalendar, first: int, end: int) -> object:
        built.append(end - first)
        return flags(self, first, end)

    monkeypatch.setattr(BusinessCalendar, "_flags", counting)
    cal = BusinessCalendar(country="US")
    for year in range(1800, 2100):
        cal.add_business_days(date(year, 3, 2), 5)
    assert sum(built) < 2 * (date(2100, 1, 1) - date(1800, 1, 1)).days  # each day about once
    assert cal._span.last_year - cal._span.first_year < module._WINDOW_BLOCKS * 8


def test_years_outside_the_holidays_data_raise_unless_asked_for() -> None:
    # Before: Christmas 2150 was a business day in the US.
    us = BusinessCalendar(country="US")
    assert us.covered_years == range(1777, 2101)
    assert BusinessCalendar(country="JP").covered_years == range(1949, 2100)
    assert BusinessCalendar().covered_years == range(1, 10000)
    with pytest.raises(ck.DateRangeError, match=r"2150 is outside 1777-2100.*US"):
        us.is_business_day(date(2150, 12, 25))
    with pytest.raises(ck.DateRangeError, match=r"^n 30: 2101 is outside 1777-2100"):
        us.add_business_days(date(2100, 12, 20), 30)
    with pytest.raises(ck.DateRangeError, match="1700"):
        us.business_days_between(date(1700, 1, 1), date(2026, 1, 1))
    with pytest.raises(ck.DateRangeError):
        us.holiday_name(date(1492, 10, 12))
    assert us.add_business_days(date(2100, 12, 20), 5) == date(2100, 12, 28)
    weekends = BusinessCalendar(country="US", beyond="weekends")
    assert weekends.is_business_day(date(2150, 12, 25))
    assert not weekends.is_business_day(date(2100, 12, 24))  # Christmas observed, still known
    assert weekends.to_dict()["beyond"] == "weekends"
    assert BusinessCalendar.from_dict(weekends.to_dict()) == weekends
    with pytest.raises(ck.InvalidFieldError, match="beyond 'never'"):
        BusinessCalendar(beyond="never")


def test_a_year_the_holidays_package_warns_about_is_refused_quietly() -> None:
    # India's lunar holidays stop after 2035. A strict calendar refuses such a
    # year before the package fills it in, so nothing warns; a lenient one fills
    # it in and the package's own warning reaches the host unchanged. The
    # process's warning filters are never touched to hide it.
    import warnings

    before = list(warnings.filters)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        india = BusinessCalendar(country="IN")
        assert india.is_business_day(date(2030, 6, 3)) in (True, False)
        with pytest.raises(ck.DateRangeError, match="only part of the holidays of IN in 2040"):
            india.is_business_day(date(2040, 6, 4))
        assert caught == []
        lenient = BusinessCalendar(country="IN", beyond="weekends")
        assert lenient.is_business_day(date(2040, 6, 4))  # a Monday, no data kept
        inner = list(warnings.filters)
    assert caught
    assert all("available only from 2001 to 2035" in str(w.message) for w in caught)
    assert {w.category for w in caught} == {UserWarning}
    assert inner == [("always", None, Warning, None, 0), *before]  # only the test's own filter
    assert list(warnings.filters) == before


def test_the_partial_years_table_matches_the_holidays_package() -> None:
    # cadencekit knows which years the package has only part of from a table, not
    # by catching warnings; every warning the package gives for a country's first,
    # last and edge years must be in the table, and every year the table names
    # must warn.
    import warnings

    import holidays as holidays_package

    from cadencekit.calendar import _PARTIAL_YEARS

    for country in sorted(holidays_package.list_supported_countries()):
        region = holidays_package.country_holidays(country)
        first, last = int(region.start_year), int(region.end_year)
        full = _PARTIAL_YEARS.get(str(region.country))  # "IND" is India too
        probes = {first, last, 2000, 2001, 2026, 2035, 2036, 2060}
        for year in sorted(y for y in probes if first <= y <= last):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                holidays_package.country_holidays(country, years=year)
            partial = [w for w in caught if "available only" in str(w.message)]
            expected = full is not None and year not in full
            assert bool(partial) == expected, (country, year, [str(w.message) for w in caught])


def test_make_up_working_days_are_business_days() -> None:
    # Before: China's make-up Saturday 2 Feb 2019 was closed.
    china = BusinessCalendar(country="CN")
    assert china.is_business_day(date(2019, 2, 2))
    assert china.add_business_days(date(2019, 2, 1), 1) == date(2019, 2, 2)
    assert not china.is_business_day(date(2019, 2, 9))  # an ordinary Saturday
    # numpy cannot open a closed weekday: the two differ on exactly those days.
    package = holidays.country_holidays("CN", years=range(2018, 2021))
    made_up = {d for d in package.weekend_workdays if 2018 <= d.year <= 2020}
    assert made_up
    numpy_cal = np.busdaycalendar(holidays=np.array(sorted(package), dtype="datetime64[D]"))
    day, differ = date(2018, 1, 1), set()
    while day < date(2021, 1, 1):
        if china.is_business_day(day) != bool(np.is_busday(day, busdaycal=numpy_cal)):
            differ.add(day)
        day += timedelta(days=1)
    assert differ == made_up
    # Merged with a country that rests on Saturdays, the day is closed again.
    assert not china.merge(BusinessCalendar(country="US")).is_business_day(date(2019, 2, 2))
    assert not BusinessCalendar(country="US").merge(china).is_business_day(date(2019, 2, 2))
    assert not china.merge(BusinessCalendar()).is_business_day(date(2019, 2, 2))
    assert china.merge(BusinessCalendar(weekmask="Mon-Sat")).is_business_day(date(2019, 2, 2))


def test_a_calendar_declares_its_own_working_days() -> None:
    cal = BusinessCalendar(country="US", working_days=["2026-11-28", date(2026, 11, 26)])
    assert cal.working_days == (date(2026, 11, 26), date(2026, 11, 28))
    assert cal.is_business_day(date(2026, 11, 28))  # a Saturday
    assert cal.is_business_day(date(2026, 11, 26))  # Thanksgiving, worked
    assert cal.holiday_name(date(2026, 11, 26)) == "Thanksgiving Day"
    assert cal.business_days_between(date(2026, 11, 23), date(2026, 11, 30)) == 6
    assert BusinessCalendar.from_dict(cal.to_dict()) == cal
    assert pickle.loads(pickle.dumps(cal)) == cal
    assert cal.to_dict()["working_days"] == ["2026-11-26", "2026-11-28"]
    with pytest.raises(ck.InvalidFieldError, match="working_days '2026-12-24'"):
        BusinessCalendar(holidays=["2026-12-24"], working_days=["2026-12-24"])
    with pytest.raises(ck.InvalidFieldError, match="working_days 'soon'"):
        BusinessCalendar(working_days=["soon"])
    with pytest.raises(ck.InvalidFieldError, match="working_days"):
        BusinessCalendar(working_days="2026-11-28")  # type: ignore[arg-type]


def test_bad_merges_and_documents_raise_cadence_errors() -> None:
    # Before: RecursionError on a deep `also`, TypeError on also=None.
    with pytest.raises(ck.InvalidFieldError, match="also None"):
        BusinessCalendar(also=None)  # type: ignore[arg-type]
    deep: dict[str, object] = {"country": "US"}
    for _ in range(5000):
        deep = {"also": [deep]}
    with pytest.raises(ck.SchemaError, match="nest at most"):
        BusinessCalendar.from_dict(deep)
    cyclic: dict[str, object] = {}
    cyclic["also"] = [cyclic]
    with pytest.raises(ck.SchemaError, match="nest at most"):
        BusinessCalendar.from_dict(cyclic)
    with pytest.raises(ck.SchemaError, match=r"timezone 'UTC': unknown key; expected one of"):
        BusinessCalendar.from_dict({"country": "US", "timezone": "UTC"})
    with pytest.raises(ck.SchemaError, match="unknown key"):
        SendWindow.from_dict({"start": "09:00", "end": "17:00", "ned": "18:00"})


def test_a_nan_decimal_offset_is_refused_cached_or_not() -> None:
    # Before: InvalidFieldError on a fresh calendar, decimal.InvalidOperation once cached.
    from decimal import Decimal

    cal = BusinessCalendar()
    for _ in range(2):
        with pytest.raises(ck.InvalidFieldError, match="n Decimal"):
            cal.add_business_days(date(2026, 1, 5), Decimal("NaN"))  # type: ignore[arg-type]


def test_range_errors_name_what_the_caller_passed() -> None:
    # Before: roll_backward named "n -1", a value nobody passed.
    sundays = BusinessCalendar(weekmask="Sun")
    with pytest.raises(ck.DateRangeError, match=r"^d datetime.date\(1, 1, 1\)"):
        sundays.roll_backward(date(1, 1, 1))


# --- send windows ---------------------------------------------------------------------


def test_send_window_accepts_strings_and_rejects_backwards() -> None:
    assert SendWindow("08:00", "12:30") == SendWindow(time(8), time(12, 30))
    assert SendWindow() == SendWindow(time(9), time(17))
    with pytest.raises(
        ck.SendWindowError, match=r"end datetime\.time\(9, 0\): must be after start 17:00"
    ):
        SendWindow(time(17), time(9))
    with pytest.raises(ck.SendWindowError, match="end"):
        SendWindow(time(9), time(9))
    with pytest.raises(ck.SendWindowError, match="start 'nine'"):
        SendWindow("nine", "17:00")
    with pytest.raises(ck.SendWindowError, match="without a zone"):
        SendWindow(time(9, tzinfo=__import__("datetime").timezone.utc), time(17))


@given(st.times(), st.times())
def test_send_window_contains_start_not_end(a: time, b: time) -> None:
    if not a < b:
        with pytest.raises(ck.SendWindowError):
            SendWindow(a, b)
        return
    window = SendWindow(a, b)
    assert a in window
    assert b not in window
    assert SendWindow.from_dict(window.to_dict()) == window
    assert pickle.loads(pickle.dumps(window)) == window


def test_strategies_cover_the_calendars() -> None:
    assert len(CALENDARS) >= 5


# --- regressions named in issue 23 ----------------------------------------------------


@pytest.mark.filterwarnings("ignore:Requested Holidays are available only:UserWarning")
def test_merge_keeps_each_parts_beyond_whichever_way_round() -> None:
    plain = BusinessCalendar()
    india = BusinessCalendar(country="IN", beyond="weekends")  # lunar holidays only 2001-2035
    us = BusinessCalendar(country="US")  # data to 2100
    # BusinessCalendar().merge(india) raised for 2000; the other order answered
    for merged in (plain.merge(india), india.merge(plain)):
        assert merged.is_business_day(date(2000, 1, 3))
        assert not merged.is_business_day(date(2040, 1, 26))  # Republic Day, still known
        again = BusinessCalendar.from_dict(merged.to_dict())
        assert again.is_business_day(date(2000, 1, 3))
    # the part that said nothing still raises for its own years, in either order
    for merged in (us.merge(india), india.merge(us)):
        assert merged.is_business_day(date(2040, 6, 4))
        with pytest.raises(ck.DateRangeError, match=r"2150 is outside 1777-2100.*for US;"):
            merged.is_business_day(date(2150, 12, 25))
        with pytest.raises(ck.DateRangeError, match=r"moves past 2100.*for US;"):
            merged.add_business_days(date(2026, 1, 5), 100_000)
    # the same country both ways: the stricter reading wins, in either order
    strict = BusinessCalendar(country="IN")
    for merged in (strict.merge(india), india.merge(strict)):
        with pytest.raises(ck.DateRangeError, match="only part of the holidays of IN in 2040"):
            merged.is_business_day(date(2040, 6, 4))
    both = BusinessCalendar(country="US", beyond="weekends").merge(india)
    assert both.is_business_day(date(2150, 12, 25))


@pytest.mark.filterwarnings("ignore:Requested Holidays are available only:UserWarning")
def test_a_partial_year_with_beyond_weekends_keeps_the_holidays_the_package_lists() -> None:
    # India after 2035: the package lists its fixed holidays, not the lunar ones.
    lenient = BusinessCalendar(country="IN", beyond="weekends")
    for day, name in [
        (date(2040, 1, 26), "Republic Day"),
        (date(2040, 8, 15), "Independence Day"),
        (date(2040, 10, 2), "Mahatma Gandhi's Birthday"),
    ]:
        assert not lenient.is_business_day(day)  # weekdays: they were open before
        assert lenient.holiday_name(day) == name
    assert lenient.is_business_day(date(2040, 6, 4))  # an ordinary Monday
    assert lenient.add_business_days(date(2040, 1, 24), 1) == date(2040, 1, 27)  # past two
    with pytest.raises(ck.DateRangeError, match="only part of the holidays of IN in 2040"):
        BusinessCalendar(country="IN").is_business_day(date(2040, 1, 26))
    # a year outside the package's years has none at all
    us = BusinessCalendar(country="US", beyond="weekends")
    assert us.is_business_day(date(2150, 12, 25))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda hours: hours.blocks(7), r"^weekday 7: expected 0 \(Monday\) to 6 \(Sunday\)"),
        (lambda hours: hours.blocks(-1), r"^weekday -1"),
        (lambda hours: hours.blocks(True), r"^weekday True"),
        (lambda hours: hours.blocks("Mon"), r"^weekday 'Mon'"),
        (lambda hours: hours.is_open(9, time(10)), r"^weekday 9"),
        (lambda hours: hours.is_open(0, datetime(2026, 1, 5, 10)), r"^clock datetime\.datetime"),
        (lambda hours: hours.is_open(0, "10:00"), r"^clock '10:00'"),
    ],
)
def test_send_hours_name_a_bad_weekday_or_clock(call: Any, message: str) -> None:
    hours = ck.SendHours({"Mon-Fri": "09:00-12:00"})
    with pytest.raises(ck.InvalidFieldError, match=message):
        call(hours)


# --- the country's own week ---------------------------------------------------------


def test_israel_rests_on_friday_and_saturday_by_default() -> None:
    il = BusinessCalendar(country="IL")
    assert il.weekmask == "1111001"
    week = [date(2026, 11, 29) + timedelta(days=k) for k in range(7)]  # Sunday to Saturday
    assert [il.is_business_day(d) for d in week] == [True] * 5 + [False, False]
    assert il == BusinessCalendar(country="IL", weekmask="Sun-Thu")  # the same week


def test_a_given_weekmask_wins_over_the_countrys() -> None:
    il = BusinessCalendar(country="IL", weekmask="Mon-Fri")
    assert il.weekmask == "1111100"
    assert not il.is_business_day(date(2026, 11, 29))  # a Sunday
    assert il != BusinessCalendar(country="IL")
    assert BusinessCalendar().weekmask == "1111100"  # no country: Monday to Friday


def _alpha2_countries() -> list[str]:
    return sorted(code for code in holidays.list_supported_countries() if len(code) == 2)


def test_every_countrys_week_and_days_match_the_holidays_package() -> None:
    """Oracle: ``is_working_day`` of the holidays package, for every country it knows.

    Its weekend, its holidays and its make-up working days, over 2026.
    """
    days = [date(2026, 1, 1) + timedelta(days=k) for k in range(365)]
    checked = 0
    for code in _alpha2_countries():
        theirs = holidays.country_holidays(code, years=2026)
        ours = BusinessCalendar(country=code)
        weekend = {d.weekday() for d in days[:7] if theirs.is_weekend(d)}
        assert ours.weekmask == "".join("0" if k in weekend else "1" for k in range(7)), code
        wrong = [d for d in days if ours.is_business_day(d) != theirs.is_working_day(d)]
        assert not wrong, (code, wrong[:3])
        checked += 1
    assert checked > 100


def test_a_subdivision_keeps_its_own_week() -> None:
    assert BusinessCalendar(country="MY", subdiv="02").weekmask == "1111001"  # Kedah: Fri-Sat
    assert BusinessCalendar(country="MY").weekmask == "1111100"
    for code, subdivisions in holidays.list_supported_countries().items():
        if len(code) != 2:
            continue
        for subdiv in subdivisions:
            theirs = holidays.country_holidays(code, subdiv=subdiv)
            ours = BusinessCalendar(country=code, subdiv=subdiv)
            week = [date(2026, 11, 30) + timedelta(days=k) for k in range(7)]
            expected = "".join("0" if theirs.is_weekend(d) else "1" for d in week)
            assert ours.weekmask == expected, (code, subdiv)


@pytest.mark.parametrize("weekmask", [None, "Mon-Fri", "Sun-Thu", "Mon-Sat"])
def test_the_week_round_trips_given_or_from_the_country(weekmask: str | None) -> None:
    cal = BusinessCalendar(country="IL", weekmask=weekmask)
    for back in (
        BusinessCalendar.from_dict(cal.to_dict()),
        pickle.loads(pickle.dumps(cal)),
        cal.merge(BusinessCalendar(weekmask="1111111")),
    ):
        assert back == cal
        assert hash(back) == hash(cal)
        assert back.weekmask == cal.weekmask
        assert back.is_business_day(date(2026, 11, 29)) == cal.is_business_day(date(2026, 11, 29))


def test_a_stored_week_is_kept_and_a_missing_one_is_the_countrys() -> None:
    # Versions before this one wrote Monday to Friday for every country: read back, such a
    # calendar keeps the week it was stored with (nothing says it was not chosen).
    stored = BusinessCalendar(country="IL").to_dict() | {"weekmask": "1111100"}
    assert BusinessCalendar.from_dict(stored).weekmask == "1111100"
    for missing in (
        {k: v for k, v in stored.items() if k != "weekmask"},
        stored | {"weekmask": None},
    ):
        assert BusinessCalendar.from_dict(missing).weekmask == "1111001"


def test_a_merge_with_a_country_week_is_open_on_days_both_work() -> None:
    us_il = BusinessCalendar(country="US").merge(BusinessCalendar(country="IL"))
    assert us_il.weekmask == "1111000"  # Monday to Thursday
    assert BusinessCalendar.from_dict(us_il.to_dict()) == us_il


def test_merge_takes_a_country_code_as_every_calendar_argument_does() -> None:
    us = BusinessCalendar(country="US")
    assert us.merge("DE") == us.merge(BusinessCalendar(country="DE"))
    assert not us.merge("DE-BY").is_business_day(date(2026, 1, 6))  # Epiphany in Bavaria
    assert us.merge("DE").is_business_day(date(2026, 1, 6))
    with pytest.raises(ck.UnknownRegionError, match=r"^other 'Mars': not a country"):
        us.merge("Mars")
    with pytest.raises(ck.InvalidFieldError, match=r"^other 42: expected a BusinessCalendar"):
        us.merge(42)  # type: ignore[arg-type]
