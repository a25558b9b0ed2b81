"""From a CSV export to a report: 1,000,000 events of 100,000 eight-touch enrollments.

The export is CSV text, one row per event, as a sequencing tool writes it:
touches with call results, opens, clicks, bounces, replies of every kind,
meetings and opt-outs, about ten events per prospect. Each stage is timed
on its own (best of a few rounds, garbage collector off; the whole path
also with it on, as a script runs by default).

The path the issue asks for, rows to ``CadenceReport``:

- read: ``ck.read_events(text)``, csv parsing included;
- report: ``ck.report(table, cadences=CADENCE)``, which builds no
  enrollment for the groups the quick fold can follow (all of them here).

Beside it, the path through enrollments (which ``report(table)`` must
equal): ``list(csv.DictReader(...))``, ``ck.read_events(rows)``,
``ck.read_events(csv.DictReader(...))``, ``ck.replay_many(table,
cadence)`` and ``ck.report(enrollments)``.

And pandas reads the same CSV text and computes the same headline rates
with groupbys (reply, positive reply, meeting, opt-out, bounce, open and
call connection rates); the benchmark checks every numerator and
denominator against both reports before printing the ratio.

Run it with ``python benchmarks/bench_export.py`` (``--quick``: 100,000
events of 10,000 enrollments).
"""

from __future__ import annotations

import csv
import gc
import io
import platform
import random
import sys
import time as clock
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import cadencekit as ck

ENROLLMENTS = 10_000 if "--quick" in sys.argv else 100_000
ROUNDS = 3
DAYS = (1, 1, 3, 5, 5, 7, 10, 10)
CHANNELS = ("email", "call", "email", "call", "voicemail", "email", "call", "email")
CADENCE = ck.Cadence(
    "Eight touches",
    [ck.Touchpoint(channel, day) for channel, day in zip(CHANNELS, DAYS, strict=True)],
)
START = datetime(2026, 1, 5, 8, tzinfo=UTC)
RESULTS = ("connected", "no_answer", "voicemail", "no_answer")
RESPONSES = ("positive", "no", "maybe", "out_of_office", "other")
HEADER = ("prospect", "started", "kind", "at", "step", "response", "call_result")
RATES = (
    "reply_rate",
    "positive_reply_rate",
    "meeting_booking_rate",
    "opt_out_rate",
    "bounce_rate",
    "open_rate",
    "call_connection_rate",
)
T = TypeVar("T")


def export_text(enrollments: int, seed: int = 20261123) -> str:
    """A seeded export as CSV text: about ten events a prospect, every step touched once at most."""
    rng = random.Random(seed)
    out = io.StringIO()
    write = csv.writer(out, lineterminator="\n").writerow
    write(HEADER)
    for index in range(enrollments):
        prospect = f"p{index:07d}"
        started = START + timedelta(minutes=rng.randrange(0, 60 * 24 * 60))
        begun = started.isoformat()
        at = started

        def row(
            kind: str,
            when: datetime,
            step: object = "",
            response: str = "",
            result: str = "",
            head: tuple[str, str] = (prospect, begun),
        ) -> None:
            write((*head, kind, when.isoformat(), step, response, result))

        for step, channel in enumerate(CHANNELS):
            at += timedelta(days=rng.choice((1, 2, 2, 3)), minutes=rng.randrange(60))
            if channel == "call":
                row("touch", at, step, result=rng.choice(RESULTS))
            else:
                row("touch", at, step)
            if channel == "email":
                if rng.random() < 0.03:
                    row("bounce", at + timedelta(seconds=5), step)
                    break
                if rng.random() < 0.45:
                    row("open", at + timedelta(hours=1), step)
                    if rng.random() < 0.3:
                        row("open", at + timedelta(hours=5), step)
                    if rng.random() < 0.2:
                        row("click", at + timedelta(hours=1, minutes=1), step)
            if rng.random() < 0.05:
                response = rng.choice(RESPONSES)
                row("reply", at + timedelta(hours=3), response=response)
                if response == "positive":
                    if rng.random() < 0.5:
                        row("meeting", at + timedelta(days=1))
                    break
                if response == "no":
                    break
            if rng.random() < 0.005:
                row("opt_out", at + timedelta(hours=2))
                break
    return out.getvalue()


# The realistic export: what a team's platform writes. Two cadences, a voicemail left only
# when nobody answers (recorded as a skipped step when the call connected), an id on every
# row and a few redelivered, out-of-office replies with their return date, reps pausing
# prospects (dated, or open-ended until a resume), and each prospect's zone on its rows.
REAL_CADENCES = {
    "Eight touches": ck.Cadence(
        "Eight touches",
        [
            ck.Touchpoint("email", 1),
            ck.Touchpoint("call", 1),
            ck.Touchpoint("voicemail", 1, skip_if_connected=True),
            ck.Touchpoint("email", 3),
            ck.Touchpoint("call", 5),
            ck.Touchpoint("voicemail", 5, skip_if_connected=True),
            ck.Touchpoint("email", 7),
            ck.Touchpoint("email", 10),
        ],
    ),
    "Six touches": ck.Cadence(
        "Six touches",
        [
            ck.Touchpoint("email", 1),
            ck.Touchpoint("linkedin", 2),
            ck.Touchpoint("call", 4),
            ck.Touchpoint("voicemail", 4, skip_if_connected=True),
            ck.Touchpoint("email", 6),
            ck.Touchpoint("email", 9),
        ],
    ),
}
ZONES = ("America/New_York", "America/Chicago", "America/Los_Angeles", "Europe/London",
         "Europe/Berlin")  # fmt: skip
REAL_HEADER = ("id", "prospect", "cadence", "tz", "started", "kind", "at", "step", "response",
               "call_result", "until")  # fmt: skip


def realistic_export_text(enrollments: int, seed: int = 20261207) -> str:
    """A seeded export as a platform writes it: see REAL_CADENCES above; time-ordered rows."""
    rng = random.Random(seed)
    rows: list[tuple[datetime, tuple[object, ...]]] = []
    serial = 0
    for index in range(enrollments):
        prospect = f"p{index:07d}"
        name = "Eight touches" if rng.random() < 0.6 else "Six touches"
        steps = REAL_CADENCES[name].touchpoints
        zone = rng.choice(ZONES)
        started = START + timedelta(minutes=rng.randrange(0, 60 * 24 * 60))
        begun = started.isoformat()
        at = started

        def row(
            kind: str,
            when: datetime,
            step: object = "",
            response: str = "",
            result: str = "",
            until: str = "",
            head: tuple[str, str, str, str] = (prospect, name, zone, begun),
        ) -> None:
            nonlocal serial
            serial += 1
            line = (f"evt-{serial}", *head, kind, when.isoformat(), step, response, result, until)
            rows.append((when, line))
            if rng.random() < 0.002:  # a webhook delivered twice, a minute apart
                again = when + timedelta(minutes=1)
                rows.append((again, (*line[:6], again.isoformat(), *line[7:])))

        answered = False
        for step, touchpoint in enumerate(steps):
            channel = touchpoint.channel.value
            if channel == "voicemail" and answered:
                row("skip", at + timedelta(minutes=1), step)  # the platform's record of it
                continue
            if step and steps[step - 1].day != touchpoint.day:
                at += timedelta(days=rng.choice((1, 2, 2, 3)), minutes=rng.randrange(60))
            else:
                at += timedelta(minutes=5)
            if channel == "call":
                result = rng.choice(RESULTS)
                answered = result == "connected"
                row("touch", at, step, result=result)
            else:
                row("touch", at, step)
            if channel == "email":
                if rng.random() < 0.03:
                    row("bounce", at + timedelta(seconds=5), step)
                    break
                if rng.random() < 0.45:
                    row("open", at + timedelta(hours=1), step)
                    if rng.random() < 0.2:
                        row("click", at + timedelta(hours=1, minutes=1), step)
            if rng.random() < 0.01:  # a rep parks the prospect
                row("pause", at + timedelta(hours=4))
                if rng.random() < 0.5:
                    at += timedelta(days=rng.randrange(3, 9))
                    row("resume", at)
                else:
                    break
            if rng.random() < 0.05:
                response = rng.choice(RESPONSES)
                if response == "out_of_office":
                    back = (at + timedelta(days=rng.randrange(3, 10))).date()
                    row(
                        "reply",
                        at + timedelta(minutes=2),
                        response=response,
                        until=back.isoformat(),
                    )
                    at = datetime.combine(back, at.timetz())
                    continue
                row("reply", at + timedelta(hours=3), response=response)
                if response == "positive":
                    if rng.random() < 0.5:
                        row("meeting", at + timedelta(days=1))
                    break
                if response == "no":
                    break
            if rng.random() < 0.005:
                row("opt_out", at + timedelta(hours=2))
                break
    rows.sort(key=lambda pair: pair[0])  # as a platform exports: by time
    out = io.StringIO()
    write = csv.writer(out, lineterminator="\n").writerow
    write(REAL_HEADER)
    for _, line in rows:
        write(line)
    return out.getvalue()


def report_counts(report: ck.CadenceReport) -> dict[str, tuple[int, int]]:
    """Each headline rate of a report as (numerator, denominator)."""
    counts = {}
    for name in RATES:
        rate = getattr(report, name)
        counts[name] = (rate.numerator, rate.denominator)
    return counts


def pandas_counts(frame: object) -> dict[str, tuple[int, int]]:
    """The same rates with pandas groupbys over the rows: the definitions of docs/metrics.md."""
    import pandas as pd

    df: pd.DataFrame = frame  # type: ignore[assignment]
    channel = pd.Series(CHANNELS)
    touches = df[df["kind"] == "touch"]
    touched = touches["prospect"].nunique()
    replies = df[(df["kind"] == "reply") & (df["response"] != "out_of_office")]

    def prospects(rows: pd.DataFrame) -> int:
        return int(rows["prospect"][rows["prospect"].isin(touches["prospect"])].nunique())

    step_channel = channel.reindex(touches["step"].astype(int)).to_numpy()
    emails = touches[step_channel == "email"][["prospect", "step"]]
    calls = touches[step_channel == "call"]
    bounced = df[df["kind"] == "bounce"][["prospect", "step"]].drop_duplicates()
    opened = df[df["kind"] == "open"][["prospect", "step"]].drop_duplicates()
    emails = emails.merge(bounced.assign(bounced=True), how="left", on=["prospect", "step"])
    delivered = emails[emails["bounced"].isna()].drop(columns="bounced")
    delivered = delivered.merge(opened.assign(opened=True), how="left", on=["prospect", "step"])
    return {
        "reply_rate": (prospects(replies), touched),
        "positive_reply_rate": (prospects(replies[replies["response"] == "positive"]), touched),
        "meeting_booking_rate": (prospects(df[df["kind"] == "meeting"]), touched),
        "opt_out_rate": (prospects(df[df["kind"] == "opt_out"]), touched),
        "bounce_rate": (int(emails["bounced"].notna().sum()), len(emails)),
        "open_rate": (int(delivered["opened"].notna().sum()), len(delivered)),
        "call_connection_rate": (int((calls["call_result"] == "connected").sum()), len(calls)),
    }


class Seconds(float):
    """A best wall time in seconds, with the best CPU time of the same runs (``cpu``).

    On a shared machine the wall time counts the time other processes held the
    core; the CPU time (``time.process_time``) leaves that out.
    """

    cpu: float

    def __new__(cls, wall: float, cpu: float) -> Seconds:
        made = super().__new__(cls, wall)
        made.cpu = cpu
        return made

    def __add__(self, other: object) -> Seconds:
        if not isinstance(other, Seconds):
            return NotImplemented
        return Seconds(float(self) + float(other), self.cpu + other.cpu)


def best(
    run: Callable[[], T], rounds: int = ROUNDS, *, collector: bool = False
) -> tuple[Seconds, T]:
    """The best time of ``rounds`` runs (wall and CPU), the last result; the garbage collector off unless ``collector``."""
    times = []
    cpus = []
    result: T
    for _ in range(rounds):
        gc.collect()
        if not collector:
            gc.disable()
        began, cpu = clock.perf_counter(), clock.process_time()
        result = run()
        times.append(clock.perf_counter() - began)
        cpus.append(clock.process_time() - cpu)
        gc.enable()
    return Seconds(min(times), min(cpus)), result


def main() -> None:
    text = export_text(ENROLLMENTS)
    events = text.count("\n") - 1
    print(f"Python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    print(
        f"export: {events:,} events of {ENROLLMENTS:,} eight-touch enrollments, {len(text) / 1e6:.0f} MB of CSV"
    )
    print()

    def rows() -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(text)))

    # rows to CadenceReport, the path
    t_text, table = best(lambda: ck.read_events(text))
    assert len(table) == events
    t_quick, report = best(lambda: ck.report(table, cadences=CADENCE))
    ours = t_text + t_quick
    t_on, _ = best(lambda: ck.report(ck.read_events(text), cadences=CADENCE), collector=True)

    # the same through enrollments
    t_csv, listed = best(rows)
    t_read, from_rows = best(lambda: ck.read_events(listed))
    t_direct, direct = best(lambda: ck.read_events(csv.DictReader(io.StringIO(text))))
    assert direct == table == from_rows
    t_replay, enrollments = best(lambda: ck.replay_many(table, CADENCE), 1)
    t_report, through = best(lambda: ck.report(enrollments))
    assert through == report  # the quick fold's report is the engine's
    slow = t_csv + t_read + t_replay + t_report

    try:
        import pandas as pd
    except ModuleNotFoundError:
        pd = None
    if pd is not None:
        t_pd_csv, frame = best(lambda: pd.read_csv(io.StringIO(text)))
        t_pd_rates, counts = best(lambda: pandas_counts(frame))
        expected = report_counts(report)
        assert counts == expected, (counts, expected)  # the same numbers, or no figures at all
        theirs = t_pd_csv + t_pd_rates

    per = 1e9 / events
    print("| stage | seconds | CPU seconds | ns an event |")
    print("|---|---:|---:|---:|")
    for name, seconds in (
        ("**rows to report**: `read_events(text)`, csv included", t_text),
        ("**rows to report**: `report(table, cadences=...)`", t_quick),
        ("**rows to report, in all**", ours),
        ("rows to report, in all, garbage collector on (as a script runs)", t_on),
        ("through enrollments: `list(csv.DictReader)`", t_csv),
        ("through enrollments: `read_events(rows)`", t_read),
        ("through enrollments: `read_events(DictReader)`, csv included", t_direct),
        ("through enrollments: `replay_many`", t_replay),
        ("through enrollments: `report(enrollments)`", t_report),
        ("through enrollments, in all (csv + read + replay + report)", slow),
    ):
        print(f"| {name} | {seconds:.2f} | {seconds.cpu:.2f} | {seconds * per:,.0f} |")
    if pd is not None:
        for name, seconds in (
            ("pandas: `read_csv`", t_pd_csv),
            ("pandas: groupbys for the seven rates", t_pd_rates),
            ("pandas, in all", theirs),
        ):
            print(f"| {name} | {seconds:.2f} | {seconds.cpu:.2f} | {seconds * per:,.0f} |")
        print()
        print(f"cadencekit / pandas, rows to headline rates: {ours / theirs:.1f}x "
              f"(CPU: {ours.cpu / theirs.cpu:.1f}x)")  # fmt: skip
        print(f"read_events(text) / pandas.read_csv: {t_text / t_pd_csv:.2f}x")
        print(f"through enrollments / rows to report: {slow / ours:.1f}x")
        print("every numerator and denominator equal to pandas': yes")
    print()
    print(report)
    realistic()


def realistic() -> None:
    """The realistic export: rows to report with the collector on and off, and what the engine took."""
    from cadencekit import _columnar

    text = realistic_export_text(ENROLLMENTS)
    events = text.count("\n") - 1
    print()
    print(f"realistic export: {events:,} events of {ENROLLMENTS:,} enrollments in two cadences, "
          f"five zones, ids, skips, out-of-office dates, pauses; {len(text) / 1e6:.0f} MB")  # fmt: skip
    t_text, table = best(lambda: ck.read_events(text))
    t_quick, report = best(lambda: ck.report(table, cadences=REAL_CADENCES))
    t_on, _ = best(lambda: ck.report(ck.read_events(text), cadences=REAL_CADENCES), collector=True)
    why: dict[str, int] = {}
    options = {"calendar": None, "tz": "UTC", "rules": None, "rep_calendars": None}
    list(_columnar.report_groups(table, REAL_CADENCES, why=why, **options))  # type: ignore[arg-type]
    t_engine, through = best(lambda: ck.report(ck.replay_many(table, REAL_CADENCES)), 1)
    assert through == report  # the quick fold's report is the engine's
    try:  # for scale on a shared machine: pandas reading the same text, in the same run
        import pandas as pd
    except ModuleNotFoundError:
        pd = None
    t_pd = None if pd is None else best(lambda: pd.read_csv(io.StringIO(text)))[0]
    per = 1e9 / events
    print("| stage | seconds | CPU seconds | ns an event |")
    print("|---|---:|---:|---:|")
    for name, seconds in (
        ("`read_events(text)`, csv included", t_text),
        ("`report(table, cadences=...)`", t_quick),
        ("rows to report, in all", t_text + t_quick),
        ("rows to report, in all, garbage collector on", t_on),
        ("through `replay_many` and `report(enrollments)`", t_engine),
    ):
        print(f"| {name} | {seconds:.2f} | {seconds.cpu:.2f} | {seconds * per:,.0f} |")
    if t_pd is not None:
        print(f"| pandas `read_csv` of the same text, for scale | {t_pd:.2f} | {t_pd.cpu:.2f} | "
              f"{t_pd * per:,.0f} |")  # fmt: skip
        print()
        ours = t_text + t_quick
        print(
            f"rows to report / pandas.read_csv: {ours / t_pd:.2f}x (CPU: {ours.cpu / t_pd.cpu:.2f}x)"
        )
        print(f"rows to report, collector on / pandas.read_csv: {t_on / t_pd:.2f}x "
              f"(CPU: {t_on.cpu / t_pd.cpu:.2f}x)")  # fmt: skip
    print()
    print(f"groups the engine replayed: {sum(why.values()):,} of {report.enrolled:,}")
    for reason, n in sorted(why.items(), key=lambda item: -item[1]):
        print(f"  {n:>7,}  {reason}")


if __name__ == "__main__":
    main()
