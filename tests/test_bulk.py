from __future__ import annotations

import pickle
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cadencekit as ck
from cadencekit import (
    BusinessCalendar,
    Cadence,
    Channel,
    ScheduleColumns,
    SendWindow,
    Touchpoint,
    bulk,
    schedule,
    schedule_many,
)

from .strategies import CALENDARS, cadences

Engine = Literal["auto", "python", "numpy"]
ENGINES: tuple[Engine, ...] = ("auto", "python", "numpy")
NEW_YORK = ZoneInfo("America/New_York")
US = CALENDARS["US"]
PLAIN = CALENDARS["plain"]
EIGHT = Cadence(
    "Eight touches",
    [
        Touchpoint("email", 1),
        Touchpoint("call", 1),
        Touchpoint("email", 3),
        Touchpoint("call", 5),
        Touchpoint("voicemail", 5),
        Touchpoint("email", 7),
        Touchpoint("call", 10),
        Touchpoint("voicemail", 10),
    ],
)


def run(
    cadence: Cadence,
    starts: object,
    engine: Engine,
    *,
    calendar: BusinessCalendar = PLAIN,
    tz: str = "UTC",
) -> ScheduleColumns:
    return bulk._schedule_many(cadence, starts, calendar=calendar, tz=tz, engine=engine)


def expected(
    cadence: Cadence, starts: list[object], calendar: BusinessCalendar, tz: str
) -> dict[str, list[object]]:
    """The oracle: schedule() once per start, laid out as columns."""
    columns: dict[str, list[object]] = {name: [] for name in bulk._COLUMNS}
    for index, start in enumerate(starts):
        for touch in schedule(cadence, start, calendar=calendar, tz=tz):  # type: ignore[arg-type]
            columns["enrollment"].append(index)
            columns["step"].append(touch.step)
            columns["channel"].append(touch.channel.value)
            columns["due"].append(touch.due.astimezone(UTC))
            columns["date"].append(touch.due.date())
    return columns


# --- hand-worked ------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_thanksgiving_week_in_new_york(engine: Engine) -> None:
    # Fri 20 Nov 2026 16:30 (inside the window: the call overflows to Monday, Day 5
    # skips Thanksgiving) and Wed 25 Nov 18:00 (after the window: Day 1 is Friday).
    starts = [datetime(2026, 11, 20, 16, 30), datetime(2026, 11, 25, 18)]
    columns = run(EIGHT, starts, engine, calendar=US, tz="America/New_York")
    data = columns.to_dict()
    assert data["enrollment"] == [0] * 8 + [1] * 8
    assert data["step"] == list(range(8)) * 2
    assert data["channel"][:3] == ["email", "call", "email"]
    assert [due.isoformat() for due in data["due"][:8]] == [
        "2026-11-20T21:30:00+00:00",  # 16:30 EST, the start itself
        "2026-11-23T14:00:00+00:00",  # the Day 1 call, overflowed to Monday 09:00
        "2026-11-24T14:00:00+00:00",
        "2026-11-27T14:00:00+00:00",  # Day 5 is Friday: Thanksgiving skipped
        "2026-11-27T14:30:00+00:00",
        "2026-12-01T14:00:00+00:00",
        "2026-12-04T14:00:00+00:00",
        "2026-12-04T14:30:00+00:00",
    ]
    assert data["date"][8] == date(2026, 11, 27)  # Day 1 of the second: Friday
    assert data["due"][8] == datetime(2026, 11, 27, 14, tzinfo=UTC)
    assert data == expected(EIGHT, starts, US, "America/New_York")  # type: ignore[arg-type]


def test_the_local_date_is_the_prospects_not_utcs() -> None:
    late = Cadence("Late", [Touchpoint("call", 1)], window=("20:00", "23:00"))
    columns = run(late, [date(2026, 11, 23)], "python", tz="America/New_York")
    assert columns.due == (datetime(2026, 11, 24, 1, tzinfo=UTC),)  # 20:00 EST
    assert columns.date == (date(2026, 11, 23),)


def test_without_numpy_the_columns_are_tuples(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk, "_load_numpy", lambda: None)
    columns = schedule_many(EIGHT, [datetime(2026, 11, 20, 16, 30)], calendar=US, tz=NEW_YORK)
    assert isinstance(columns.step, tuple)
    assert columns.enrollment == (0,) * 8
    assert columns.channel[:2] == (Channel.EMAIL, Channel.CALL)
    assert all(due.tzinfo is UTC for due in columns.due)
    assert repr(columns) == "<ScheduleColumns: 8 touches, tuples>"


def test_with_numpy_the_columns_are_read_only_arrays() -> None:
    columns = schedule_many(EIGHT, [datetime(2026, 11, 20, 16, 30)] * 3, calendar=US)
    assert isinstance(columns.due, np.ndarray)
    assert columns.due.dtype == np.dtype("datetime64[us]")
    assert columns.date.dtype == np.dtype("datetime64[D]")  # type: ignore[union-attr]
    assert columns.enrollment.tolist() == [0] * 8 + [1] * 8 + [2] * 8  # type: ignore[union-attr]
    assert columns.channel[1] is Channel.CALL
    with pytest.raises(ValueError, match="read-only"):
        columns.step[0] = 3  # type: ignore[index]
    assert repr(columns) == "<ScheduleColumns: 24 touches, numpy arrays>"


def test_datetime64_starts_are_utc_instants_and_days_are_local_dates() -> None:
    moments = [datetime(2026, 3, 6, 20, 15), datetime(2026, 3, 9, 2, 45)]
    array = np.array(moments, dtype="datetime64[ns]")
    for engine in ENGINES:
        from_array = run(EIGHT, array, engine, calendar=US, tz="America/New_York")
        aware = [moment.replace(tzinfo=UTC) for moment in moments]
        assert from_array.to_dict() == expected(EIGHT, aware, US, "America/New_York")  # type: ignore[arg-type]
    days = np.array(["2026-03-06", "2026-03-08"], dtype="datetime64[D]")
    for engine in ENGINES:
        from_days = run(EIGHT, days, engine, calendar=US, tz="America/New_York")
        local = [date(2026, 3, 6), date(2026, 3, 8)]
        assert from_days.to_dict() == expected(EIGHT, local, US, "America/New_York")  # type: ignore[arg-type]


@pytest.mark.parametrize("engine", ENGINES)
def test_no_starts_give_empty_columns(engine: Engine) -> None:
    columns = run(EIGHT, [], engine)
    assert len(columns) == 0
    assert columns.to_records() == []
    assert columns.to_dict() == {name: [] for name in bulk._COLUMNS}
    assert len(run(EIGHT, np.array([], dtype="datetime64[us]"), engine)) == 0


def test_records_are_plain_rows() -> None:
    columns = schedule_many(
        EIGHT, ["2026-11-23T10:00:00-05:00"], calendar=US, tz="America/New_York"
    )
    record = columns.to_records()[1]
    assert record == {
        "enrollment": 0,
        "step": 1,
        "channel": "call",
        "due": datetime(2026, 11, 23, 15, 30, tzinfo=UTC),
        "date": date(2026, 11, 23),
    }


@pytest.mark.parametrize("engine", ENGINES)
def test_columns_pickle_and_compare(engine: Engine) -> None:
    columns = run(EIGHT, [date(2026, 11, 20), date(2026, 12, 24)], engine, calendar=US)
    back = pickle.loads(pickle.dumps(columns))
    assert back == columns
    assert back.to_dict() == columns.to_dict()
    assert back == run(EIGHT, [date(2026, 11, 20), date(2026, 12, 24)], "python", calendar=US)
    assert back != run(EIGHT, [date(2026, 11, 20)], engine, calendar=US)
    assert columns != "columns"


def test_numpy_is_imported_only_when_schedule_many_runs() -> None:
    code = (
        "import sys, cadencekit as ck\n"
        "assert 'numpy' not in sys.modules\n"
        "ck.schedule_many(ck.Cadence('c', [ck.Touchpoint('email', 1)]), ['2026-11-23'])\n"
        "assert 'numpy' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("starts", "message"),
    [
        (
            [date(2026, 1, 1), "2026-01-02", datetime(2026, 1, 3), "Monday"],
            r"starts\[3\] 'Monday': expected a datetime",
        ),
        ([date(2026, 1, 1), 7], r"starts\[1\] 7: expected a datetime"),
        ("2026-11-23", r"starts '2026-11-23': expected a sequence of start moments"),
        (date(2026, 11, 23), r"starts datetime.date\(2026, 11, 23\): expected a sequence"),
        (5, r"starts 5: expected a sequence"),
        (
            np.array(["2026-01-01T00:00", "NaT"], dtype="datetime64[us]"),
            r"starts\[1\] .*NaT.*: expected a moment, not NaT",
        ),
        (
            np.array(["2026-01-01", "NaT"], dtype="datetime64[D]"),
            r"starts\[1\] .*NaT.*: expected a moment, not NaT",
        ),
        (
            np.array(["2026-01-01T00:00", "12000-01-01T00:00"], dtype="datetime64[s]"),
            r"starts\[1\] .*: expected a moment between the years 1 and 9999",
        ),
    ],
)
def test_bad_starts_name_the_index(engine: Engine, starts: object, message: str) -> None:
    with pytest.raises(ck.InvalidFieldError, match=message):
        run(EIGHT, starts, engine)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"cadence": "Intro"}, r"cadence 'Intro': expected a Cadence"),
        ({"calendar": "Atlantis"}, r"calendar 'Atlantis': not a country"),
        ({"tz": "Mars/Olympus"}, r"tz 'Mars/Olympus': not a time zone"),
    ],
)
def test_bad_arguments_name_the_argument(kwargs: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {"cadence": EIGHT, "starts": [date(2026, 1, 1)], **kwargs}
    with pytest.raises(ck.InvalidFieldError, match=message):
        schedule_many(**arguments)  # type: ignore[arg-type]


# --- identical to schedule(), touch for touch ---------------------------------------------

ZONES = ["America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Sydney", "UTC"]
DST_WINDOWS = [
    SendWindow(),
    SendWindow("08:00", "10:00"),
    SendWindow("13:30", "16:45"),
    SendWindow("01:30", "03:30"),
    SendWindow("02:00", "02:30"),
    SendWindow("00:00", "23:59"),
]
# Batches start near the DST changes of the zones above, or anywhere.
BASES = [date(2026, 3, 1), date(2026, 3, 22), date(2026, 9, 28), date(2026, 10, 20)]
bases = st.sampled_from(BASES) | st.dates(min_value=date(1996, 1, 1), max_value=date(2050, 12, 31))
many_cadences = cadences(
    windows=st.none() | st.sampled_from(DST_WINDOWS),
    default_windows=st.sampled_from(DST_WINDOWS),
    max_touches=8,
    max_gap=3,
)


@st.composite
def batches(draw: st.DrawFn) -> tuple[Cadence, list[object], str, str]:
    cadence = draw(many_cadences)
    zone_name = draw(st.sampled_from(ZONES))
    calendar = draw(st.sampled_from(sorted(CALENDARS)))
    base = datetime.combine(draw(bases), time())
    minutes = draw(st.lists(st.integers(0, 60 * 24 * 21), max_size=25))
    starts: list[object] = []
    for minute in minutes:
        wall = base + timedelta(minutes=minute)
        form = draw(st.sampled_from(["naive", "aware", "utc", "date"]))
        if form == "naive":
            starts.append(wall)
        elif form == "aware":
            starts.append(wall.replace(tzinfo=ZoneInfo(zone_name), fold=draw(st.integers(0, 1))))
        elif form == "utc":
            starts.append(wall.replace(tzinfo=UTC))
        else:
            starts.append(wall.date())
    return cadence, starts, calendar, zone_name


@given(batches())
def test_identical_to_schedule_touch_for_touch(
    batch: tuple[Cadence, list[object], str, str],
) -> None:
    cadence, starts, calendar_name, zone_name = batch
    calendar = CALENDARS[calendar_name]
    oracle = expected(cadence, starts, calendar, zone_name)
    for engine in ENGINES:
        columns = run(cadence, starts, engine, calendar=calendar, tz=zone_name)
        assert len(columns) == len(starts) * len(cadence)
        assert columns.to_dict() == oracle, engine


def test_numpy_columns_cannot_be_made_writable_again() -> None:
    pytest.importorskip("numpy")
    cadence = ck.Cadence("c", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 2)])
    columns = ck.schedule_many(cadence, ["2026-11-23T10:00:00+00:00"] * 3)
    for name in ("enrollment", "step", "due", "date", "channel"):
        column = getattr(columns, name)
        assert not column.flags.writeable
        with pytest.raises(ValueError, match="read-only"):
            column[0] = column[1]
        if name != "channel":  # numeric columns sit on immutable bytes
            with pytest.raises(ValueError, match="WRITEABLE"):
                column.flags.writeable = True
    with pytest.raises(ValueError, match="WRITEABLE"):
        columns.channel.flags.writeable = True
