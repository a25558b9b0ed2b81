"""Business-day arithmetic: cadencekit's BusinessCalendar against its peers.

One run, one machine, ratios: every contender gets the same inputs (random
dates 2000-2040 and offsets -30..30, US federal holidays, Mon-Fri) and the
results are checked against cadencekit's before anything is timed. Slow
peers run on a prefix of the same inputs, sized so a repeat takes about the
same wall time as the fast ones. Timings are the best and the median of
several repeats of a plain Python loop (the loop's own cost included, as a
caller pays it), with the garbage collector off, as ``timeit`` does. The
repeats run in rounds, one of each contender a round after an untimed
pass, so a busy spell on a shared machine spoils a sample of each
contender rather than every sample of one.

Run it with ``python benchmarks/bench_calendar.py`` (``--quick`` for a short
run). Peers that are not installed show as ``n/a`` with the reason; install
them with ``pip install -e '.[bench]'``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import pickle
import platform
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import metadata
from typing import Any

import cadencekit as ck

SEED = 20260
FIRST = date(2000, 1, 1)
LAST = date(2040, 12, 31)
HOLIDAY_YEARS = range(1998, 2043)  # the inputs, +-30 business days, and a margin

Pair = tuple[date, int]


@dataclass
class Settings:
    size: int  # inputs for the fast contenders
    repeats: int
    budget_s: float  # wall time one repeat of a slow peer aims at
    processes: int  # fresh interpreters for import and first-use costs


FULL = Settings(size=50_000, repeats=15, budget_s=0.15, processes=11)
QUICK = Settings(size=5_000, repeats=3, budget_s=0.03, processes=3)


@dataclass
class Row:
    name: str
    best: float | None = None  # ns per call
    median: float | None = None
    calls: int = 0
    check: str = ""
    note: str = ""
    missing: str = ""  # why it is n/a
    run: Callable[[], object] | None = None  # one repeat, until timed


# --- inputs ----------------------------------------------------------------------------


def make_pairs(size: int) -> list[Pair]:
    rng = random.Random(SEED)
    span = LAST.toordinal() - FIRST.toordinal()
    return [
        (date.fromordinal(FIRST.toordinal() + rng.randrange(span + 1)), rng.randint(-30, 30))
        for _ in range(size)
    ]


def make_ranges(size: int) -> list[tuple[date, date]]:
    """Pairs (a, b) a cadence would ask about: b within 90 days of a, either side."""
    rng = random.Random(SEED + 1)
    span = LAST.toordinal() - FIRST.toordinal()
    out = []
    for _ in range(size):
        a = date.fromordinal(FIRST.toordinal() + rng.randrange(span + 1))
        out.append((a, a + timedelta(days=rng.randint(-90, 90))))
    return out


def us_holiday_dates() -> list[date]:
    import holidays

    return sorted(holidays.US(years=HOLIDAY_YEARS))


# --- timing ----------------------------------------------------------------------------


def clock(run: Callable[[], object], repeats: int) -> list[int]:
    """Nanoseconds for each of ``repeats`` calls of ``run``, the collector off."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        times = []
        for _ in range(repeats):
            start = time.perf_counter_ns()
            run()
            times.append(time.perf_counter_ns() - start)
        return times
    finally:
        if enabled:
            gc.enable()


def calls_for(loop: Callable[[Sequence[Any]], object], inputs: Sequence[Any], s: Settings) -> int:
    """How many inputs a slow peer gets: about ``budget_s`` of work a repeat."""
    probe = inputs[:200]
    start = time.perf_counter_ns()
    loop(probe)
    per_call = max(1, (time.perf_counter_ns() - start) // len(probe))
    wanted = int(s.budget_s * 1e9 / per_call)
    return max(200, min(len(inputs), wanted))


def measure(
    row: Row, loop: Callable[[Sequence[Any]], object], inputs: Sequence[Any], s: Settings
) -> Row:
    """Get ``row`` ready to time ``loop`` over as many ``inputs`` as it can afford."""
    row.calls = calls_for(loop, inputs, s)
    chunk = inputs[: row.calls]
    row.run = lambda: loop(chunk)
    return row


def measure_vector(row: Row, run: Callable[[], object], elements: int) -> Row:
    """Get ``row`` ready to time one vectorised call over ``elements``."""
    run()
    row.calls = elements
    row.run = run
    return row


def rounds(rows: Sequence[Row], repeats: int) -> None:
    """Time every row once a round, ``repeats`` rounds: a busy spell on the
    machine then spoils one sample of each contender, not all of one. Each
    sample follows an untimed pass, so the row's tables are back in the CPU
    caches the row before it used."""
    times: dict[int, list[int]] = {id(row): [] for row in rows}
    for _ in range(repeats):
        for row in rows:
            if row.run is not None:
                times[id(row)] += clock(row.run, 2)[1:]
    for row in rows:
        if row.run is not None:
            row.best = min(times[id(row)]) / row.calls
            row.median = statistics.median(times[id(row)]) / row.calls
            row.run = None


def missing(name: str, error: BaseException) -> Row:
    reason = f"{type(error).__name__}: {error}".splitlines()[0][:90]
    return Row(name, missing=reason)


# --- cross-checks -----------------------------------------------------------------------


def compare(
    expected: Sequence[object],
    got: Sequence[object],
    pairs: Sequence[Pair],
    cal: ck.BusinessCalendar,
    *,
    same_convention: bool,
) -> str:
    """'equal (N)' or where and how the peer disagrees with cadencekit."""
    wrong = [i for i, (a, b) in enumerate(zip(expected, got, strict=True)) if a != b]
    if not wrong:
        return f"equal ({len(got):,})"
    from_open = [i for i in wrong if cal.is_business_day(pairs[i][0])]
    i = (from_open or wrong)[0]
    text = (
        f"differs on {len(wrong):,}/{len(got):,}: {len(wrong) - len(from_open):,} from closed days, "
        f"{len(from_open):,} from business days (e.g. {pairs[i][0]} {pairs[i][1]:+d}: "
        f"{got[i]}, cadencekit {expected[i]})"
    )
    if same_convention:
        raise SystemExit(f"MISMATCH with cadencekit: {text}")
    return text


def closed_days_differ(cal: ck.BusinessCalendar, is_open: Callable[[date], bool]) -> str:
    """The days 2000-2040 a peer's calendar opens or closes unlike cadencekit's, by name."""
    opened: dict[str, int] = {}
    closed = 0
    day = FIRST
    while day <= LAST:
        ours = cal.is_business_day(day)
        if ours != is_open(day):
            if ours:
                closed += 1
            else:
                name = (cal.holiday_name(day) or "?").replace(" (observed)", "")
                opened[name] = opened.get(name, 0) + 1
        day += timedelta(days=1)
    parts = [f"{name} open ({count} days)" for name, count in sorted(opened.items())]
    if closed:
        parts.append(f"{closed} more days closed")
    return "; ".join(parts) or "same days closed"


# --- contenders: add N business days ---------------------------------------------------------


def bench_add(s: Settings) -> tuple[list[Row], dict[str, Any]]:
    pairs = make_pairs(s.size)
    cal = ck.BusinessCalendar(country="US")
    add = cal.add_business_days
    expected = [add(d, n) for d, n in pairs]  # also caches the years
    rows: list[Row] = []

    def ck_loop(items: Sequence[Pair]) -> None:
        for d, n in items:
            add(d, n)

    rows.append(measure(Row("cadencekit add_business_days", check="reference"), ck_loop, pairs, s))

    def empty_loop(items: Sequence[Pair]) -> None:
        for _d, _n in items:
            pass

    loop_cost = measure(Row("(the bare loop)"), empty_loop, pairs, s)
    info: dict[str, Any] = {}

    try:
        import numpy as np

        hol = np.array(us_holiday_dates(), dtype="datetime64[D]")
        busday_offset = np.busday_offset

        def np_loop(items: Sequence[Pair]) -> None:
            for d, n in items:
                busday_offset(d, n, roll="forward", holidays=hol)

        got = [busday_offset(d, n, roll="forward", holidays=hol).item() for d, n in pairs]
        rows.append(
            measure(
                Row(
                    "numpy busday_offset, per element",
                    check=compare(expected, got, pairs, cal, same_convention=True),
                    note="holidays= array each call",
                ),
                np_loop,
                pairs,
                s,
            )
        )
        busdaycal = np.busdaycalendar(weekmask="1111100", holidays=hol)

        def np_cal_loop(items: Sequence[Pair]) -> None:
            for d, n in items:
                busday_offset(d, n, roll="forward", busdaycal=busdaycal)

        got = [busday_offset(d, n, roll="forward", busdaycal=busdaycal).item() for d, n in pairs]
        rows.append(
            measure(
                Row(
                    "numpy busday_offset, per element, busdaycalendar",
                    check=compare(expected, got, pairs, cal, same_convention=True),
                    note="holidays parsed once",
                ),
                np_cal_loop,
                pairs,
                s,
            )
        )
        days = np.array([d for d, _ in pairs], dtype="datetime64[D]")
        offsets = np.array([n for _, n in pairs])
        vector = busday_offset(days, offsets, roll="forward", holidays=hol)
        got = vector.astype(object).tolist()
        rows.append(
            measure_vector(
                Row(
                    "numpy busday_offset, vectorised",
                    check=compare(expected, got, pairs, cal, same_convention=True),
                    note="one call over arrays; ns per element",
                ),
                lambda: busday_offset(days, offsets, roll="forward", holidays=hol),
                len(pairs),
            )
        )
    except ImportError as error:
        rows.append(missing("numpy busday_offset", error))

    try:
        import holidays

        us = holidays.US()
        for year in HOLIDAY_YEARS:
            us.get(date(year, 7, 1))  # populate the years, as cadencekit's table is
        one = timedelta(days=1)

        def naive(d: date, n: int) -> date:
            while d.weekday() >= 5 or d in us:
                d += one
            step = one if n >= 0 else -one
            for _ in range(abs(n)):
                d += step
                while d.weekday() >= 5 or d in us:
                    d += step
            return d

        def naive_loop(items: Sequence[Pair]) -> None:
            for d, n in items:
                naive(d, n)

        got = [naive(d, n) for d, n in pairs]
        rows.append(
            measure(
                Row(
                    "naive day-by-day loop over holidays.US()",
                    check=compare(expected, got, pairs, cal, same_convention=True),
                    note="numpy's convention",
                ),
                naive_loop,
                pairs,
                s,
            )
        )
        if hasattr(us, "get_nth_working_day"):
            nth = us.get_nth_working_day

            def nth_loop(items: Sequence[Pair]) -> None:
                for d, n in items:
                    nth(d, n)

            got = [nth(d, n) for d, n in pairs]
            rows.append(
                measure(
                    Row(
                        "holidays get_nth_working_day",
                        check=compare(expected, got, pairs, cal, same_convention=False),
                        note="from a closed day, n > 0 counts the roll as day 1",
                    ),
                    nth_loop,
                    pairs,
                    s,
                )
            )
        else:
            rows.append(
                Row(
                    "holidays get_nth_working_day",
                    missing=f"not in holidays {holidays.__version__}",
                )
            )
    except ImportError as error:
        rows.append(missing("holidays", error))

    try:
        import pandas as pd

        cbd = pd.offsets.CustomBusinessDay(holidays=us_holiday_dates())
        timestamp = pd.Timestamp

        def pd_loop(items: Sequence[Pair]) -> None:
            for d, n in items:
                timestamp(d) + n * cbd

        got = [(timestamp(d) + n * cbd).date() for d, n in pairs]
        rows.append(
            measure(
                Row(
                    "pandas CustomBusinessDay",
                    check=compare(expected, got, pairs, cal, same_convention=False),
                    note="Timestamp(d) + n * cbd; n > 0 from a closed day counts the roll",
                ),
                pd_loop,
                pairs,
                s,
            )
        )
    except ImportError as error:
        rows.append(missing("pandas CustomBusinessDay", error))

    try:
        from workalendar.usa import UnitedStates

        wk = UnitedStates()
        wk_add = wk.add_working_days

        def wk_loop(items: Sequence[Pair]) -> None:
            for d, n in items:
                wk_add(d, n)

        got = [wk_add(d, n) for d, n in pairs]
        info["workalendar_days"] = closed_days_differ(cal, wk.is_working_day)
        rows.append(
            measure(
                Row(
                    "workalendar add_working_days",
                    check=compare(expected, got, pairs, cal, same_convention=False),
                    note="no roll: n = 0 keeps a closed day, n > 0 counts from it",
                ),
                wk_loop,
                pairs,
                s,
            )
        )
    except ImportError as error:
        rows.append(missing("workalendar add_working_days", error))

    rounds([*rows, loop_cost], s.repeats)
    info["loop_ns"] = loop_cost.best
    return rows, info


# --- contenders: business days between ----------------------------------------------------------


def bench_between(s: Settings) -> list[Row]:
    ranges = make_ranges(s.size)
    cal = ck.BusinessCalendar(country="US")
    between = cal.business_days_between
    expected = [between(a, b) for a, b in ranges]
    rows: list[Row] = []

    def ck_loop(items: Sequence[tuple[date, date]]) -> None:
        for a, b in items:
            between(a, b)

    rows.append(
        measure(Row("cadencekit business_days_between", check="reference"), ck_loop, ranges, s)
    )
    forward = [(a, b) for a, b in ranges if a <= b]
    rows.append(measure(Row("cadencekit business_days_between, a <= b only"), ck_loop, forward, s))
    backward = [(a, b) for a, b in ranges if b < a]
    rows.append(measure(Row("cadencekit business_days_between, b < a only"), ck_loop, backward, s))
    try:
        import numpy as np

        hol = np.array(us_holiday_dates(), dtype="datetime64[D]")
        count = np.busday_count

        def np_loop(items: Sequence[tuple[date, date]]) -> None:
            for a, b in items:
                count(a, b, holidays=hol)

        got = [int(count(a, b, holidays=hol)) for a, b in ranges]
        pairs = [(a, (b - a).days) for a, b in ranges]
        rows.append(
            measure(
                Row(
                    "numpy busday_count, per element",
                    check=compare(expected, got, pairs, cal, same_convention=True),
                    note="holidays= array each call",
                ),
                np_loop,
                ranges,
                s,
            )
        )
        starts = np.array([a for a, _ in ranges], dtype="datetime64[D]")
        ends = np.array([b for _, b in ranges], dtype="datetime64[D]")
        got = [int(x) for x in count(starts, ends, holidays=hol)]
        rows.append(
            measure_vector(
                Row(
                    "numpy busday_count, vectorised",
                    check=compare(expected, got, pairs, cal, same_convention=True),
                    note="one call over arrays; ns per element",
                ),
                lambda: count(starts, ends, holidays=hol),
                len(ranges),
            )
        )
    except ImportError as error:
        rows.append(missing("numpy busday_count", error))
    rounds(rows, s.repeats)
    return rows


# --- costs paid once: import, first use, unpickle ---------------------------------------------

_COLD = """
import json, time
t0 = time.perf_counter_ns()
import holidays
t1 = time.perf_counter_ns()
import cadencekit
t2 = time.perf_counter_ns()
from datetime import date
cal = cadencekit.BusinessCalendar(country="US")
t3 = time.perf_counter_ns()
cal.add_business_days(date(2026, 6, 15), 5)
t4 = time.perf_counter_ns()
print(json.dumps([t1 - t0, t2 - t1, t3 - t2, t4 - t3]))
"""

_ALONE = """
import json, time
t0 = time.perf_counter_ns()
import cadencekit
print(json.dumps([time.perf_counter_ns() - t0]))
"""


def fresh(script: str, runs: int) -> list[list[int]]:
    """Run ``script`` in ``runs`` fresh interpreters (after one unmeasured run)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    results = []
    for index in range(runs + 1):
        out = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env
        )
        if index:  # the first run writes bytecode caches
            results.append(json.loads(out.stdout))
    return results


def once_costs(s: Settings) -> list[tuple[str, float]]:
    """Milliseconds: imports, a calendar's first use, unpickling."""
    cold = fresh(_COLD, s.processes)
    alone = fresh(_ALONE, s.processes)

    def ms(values: Sequence[int]) -> float:
        return statistics.median(values) / 1e6

    out = [
        ("import holidays (fresh interpreter)", ms([r[0] for r in cold])),
        ("import cadencekit after import holidays", ms([r[1] for r in cold])),
        ("import cadencekit alone", ms([r[0] for r in alone])),
        ("first BusinessCalendar(country='US') in a process", ms([r[2] for r in cold])),
        ("  then its first call (covers 2025-2027)", ms([r[3] for r in cold])),
    ]

    def warm(run: Callable[[], object], runs: int) -> float:
        run()
        return statistics.median(clock(run, runs)) / 1e6

    runs = max(s.repeats, 5)
    out.append(("construct BusinessCalendar(country='US')", warm(_construct, runs)))
    out.append(("construct + first call covering 3 years", warm(_first_use_3, runs)))
    out.append(("construct + first call covering 100 years", warm(_first_use_100, 3)))
    cal = ck.BusinessCalendar(country="US")
    cal.add_business_days(date(2026, 6, 15), 5)
    blob = pickle.dumps(cal)
    out.append(
        (f"pickle.loads of a calendar ({len(blob)} bytes)", warm(lambda: pickle.loads(blob), runs))
    )
    out.append(
        (
            "pickle.loads + first call covering 3 years",
            warm(lambda: pickle.loads(blob).add_business_days(date(2026, 6, 15), 5), runs),
        )
    )
    return out


def _construct() -> object:
    return ck.BusinessCalendar(country="US")


def _first_use_3() -> object:
    return ck.BusinessCalendar(country="US").add_business_days(date(2026, 6, 15), 5)


def _first_use_100() -> object:
    # [1951-01-01, 2048-12-31) plus a year each side: the table covers 1950-2049
    return ck.BusinessCalendar(country="US").business_days_between(
        date(1951, 1, 1), date(2048, 12, 31)
    )


# --- report ----------------------------------------------------------------------------------


def machine() -> list[tuple[str, str]]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    versions = []
    for package in ("cadencekit", "holidays", "numpy", "pandas", "workalendar"):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} n/a")
    return [
        ("CPU", f"{cpu} ({os.cpu_count()} logical CPUs)"),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("OS", platform.platform()),
        ("libraries", ", ".join(versions)),
    ]


def number(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.0f}" if value >= 10 else f"{value:.1f}"


def table(rows: Sequence[Row], reference: float) -> str:
    lines = [
        "| contender | ns/call (best) | median | ratio vs cadencekit | calls | results |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        if row.missing:
            lines.append(f"| {row.name} | n/a | n/a | n/a | | {row.missing} |")
            continue
        assert row.best is not None
        ratio = row.best / reference
        shown = f"{ratio:.2f}×" if ratio < 10 else f"{ratio:,.0f}×"
        check = row.check + (f"; {row.note}" if row.note else "")
        lines.append(
            f"| {row.name} | {number(row.best)} | {number(row.median)} | {shown} | {row.calls:,} | {check} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short run (a few seconds)")
    args = parser.parse_args(argv)
    s = QUICK if args.quick else FULL

    print("# cadencekit calendar benchmark" + (" (--quick)" if args.quick else ""))
    print()
    for key, value in machine():
        print(f"- {key}: {value}")
    print(
        f"- inputs: {s.size:,} random (date in {FIRST}..{LAST}, n in -30..30), seed {SEED}; "
        f"US federal holidays (holidays.US(), observed), Mon-Fri; best and median of {s.repeats} repeats"
    )
    print()

    rows, info = bench_add(s)
    reference = rows[0].best
    assert reference is not None
    print("## add N business days")
    print()
    print(table(rows, reference))
    print()
    print(f"The bare `for d, n in pairs` loop costs {info['loop_ns']:.0f} ns of each figure.")
    if "workalendar_days" in info:
        print(
            f"workalendar's UnitedStates against holidays.US(), 2000-2040: {info['workalendar_days']}."
        )
    print()

    between = bench_between(s)
    reference = between[0].best
    assert reference is not None
    print("## business days between two dates (b within 90 days of a)")
    print()
    print(table(between, reference))
    print()

    print("## paid once (milliseconds, median)")
    print()
    print("| what | ms |")
    print("|---|---:|")
    for what, value in once_costs(s):
        print(f"| {what} | {value:.2f} |")


if __name__ == "__main__":
    main()
