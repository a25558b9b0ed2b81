"""Pictures drawn with matplotlib: imported only by the ``plot`` methods.

``import cadencekit`` never imports this module, so matplotlib (the
optional ``plot`` extra) is needed only by those who draw.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Final, NamedTuple, Protocol

from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ._text import MONTHS, WEEKDAYS
from .calendar import BusinessCalendar
from .channels import Channel

__all__ = [
    "ReportPicture",
    "Timeline",
    "mailbox_load_chart",
    "report_panels",
    "schedule_figure_size",
    "schedule_timeline",
]


class _Share(Protocol):
    """A rate as the funnel draws it (``cadencekit.Rate`` is one)."""

    @property
    def value(self) -> float | None: ...
    def interval(self) -> tuple[float, float] | None: ...


class _FunnelStep(Protocol):
    @property
    def step(self) -> int: ...
    @property
    def channel(self) -> Channel | None: ...
    @property
    def reached(self) -> _Share: ...
    @property
    def replied(self) -> int: ...
    @property
    def cadence(self) -> str | None: ...


class _Curve(Protocol):
    @property
    def times(self) -> Sequence[timedelta]: ...
    @property
    def survival(self) -> Sequence[float]: ...
    @property
    def lower(self) -> Sequence[float]: ...
    @property
    def upper(self) -> Sequence[float]: ...
    @property
    def censored(self) -> Sequence[int]: ...
    @property
    def confidence(self) -> float: ...
    @property
    def shown(self) -> int: ...
    @property
    def stops_at(self) -> timedelta | None: ...
    @property
    def min_at_risk(self) -> int: ...
    def at_risk_at(self, moment: timedelta) -> int: ...


class ReportPicture(Protocol):
    """What the report's picture reads (``cadencekit.CadenceReport`` is one): ``_plot`` imports no metrics."""

    @property
    def enrolled(self) -> int: ...
    @property
    def time_to_first_reply(self) -> _Curve: ...
    def funnel(self) -> Sequence[_FunnelStep]: ...


class Timeline(NamedTuple):
    """What a schedule's picture shows, as plain data (``_plot`` imports no schedule)."""

    title: str  # the cadence's name
    zone: str | None  # the IANA name, for the axis label
    start: datetime  # the enrollment
    touches: tuple[tuple[datetime, Channel, int], ...]  # (due, channel, cadence day), in order
    channels: tuple[Channel, ...]  # the cadence's channels, for a schedule with no touches


# One marker and colour per channel, the same in every picture.
_STYLE: Final[dict[Channel, tuple[str, str]]] = {
    Channel.EMAIL: ("o", "#1f77b4"),
    Channel.CALL: ("s", "#d62728"),
    Channel.VOICEMAIL: ("v", "#9467bd"),
    Channel.LINKEDIN: ("D", "#17becf"),
    Channel.SMS: ("^", "#2ca02c"),
    Channel.MEETING: ("*", "#ff7f0e"),
    Channel.TASK: ("P", "#7f7f7f"),
    Channel.LINKEDIN_CONNECT: ("d", "#0e7c86"),
    Channel.LINKEDIN_MESSAGE: ("D", "#17becf"),
    Channel.LINKEDIN_INMAIL: ("h", "#17becf"),
    Channel.LINKEDIN_VISIT: ("x", "#0e7c86"),
    Channel.WHATSAPP: ("p", "#25a244"),
}
_TEAMS_STYLE: Final = ("X", "#8c564b")  # a team's own channel (custom:...)
_CLOSED: Final = "#d9d9d9"
_HOLIDAY: Final = "#f6c28b"
_START: Final = "#555555"
_SECONDS_A_DAY: Final = 86_400


def _span(plan: Timeline) -> tuple[date, int, datetime]:
    """The first local date shown, the number of days shown and the start in the dues' zone."""
    start = plan.start
    if plan.touches:
        start = start.astimezone(plan.touches[0][0].tzinfo)
        first = min(start.date(), plan.touches[0][0].date())
        last = max(due.date() for due, _, _ in plan.touches)
    else:
        first = last = start.date()
    return first, (last - first).days + 1, start


def _channels(plan: Timeline) -> tuple[Channel, ...]:
    """The rows: the channels of the touches, in order of first use (the cadence's when empty)."""
    channels = tuple(dict.fromkeys(channel for _, channel, _ in plan.touches))
    return channels or plan.channels


def schedule_figure_size(plan: Timeline) -> tuple[float, float]:
    """Inches: half an inch a day (24 at most) and half an inch a channel row."""
    _, days, _ = _span(plan)
    return min(2.5 + 0.5 * days, 24.0), 2.0 + 0.5 * len(_channels(plan))


def _offset(moment: datetime, first: date) -> float:
    """Days (fractional, by local wall-clock time) from the start of ``first``."""
    clock = moment.hour * 3600 + moment.minute * 60 + moment.second
    return (moment.date() - first).days + clock / _SECONDS_A_DAY


def _tick(first: date, index: int) -> str:
    """A weekday over a date (``Fri`` over ``20 Nov``), locale-independent."""
    day = first + timedelta(days=index)
    return f"{WEEKDAYS[day.weekday()]}\n{day.day} {MONTHS[day.month - 1]}"


def schedule_timeline(plan: Timeline, ax: Axes, calendar: BusinessCalendar) -> Axes:
    """Draw ``plan`` on ``ax``: days across, one row per channel, closed days shaded."""
    first, days, start = _span(plan)
    channels = _channels(plan)
    row = {channel: index for index, channel in enumerate(channels)}
    top = len(channels) - 0.5

    holidays = False
    for index in range(days):
        day = first + timedelta(days=index)
        if calendar.is_business_day(day):
            continue
        name = calendar.holiday_name(day)
        ax.axvspan(index, index + 1, color=_HOLIDAY if name else _CLOSED, alpha=0.6, lw=0, zorder=0)
        if name:
            holidays = True
            ax.text(
                index + 0.5,
                (top - 0.5) / 2,
                name,
                rotation=90,
                ha="center",
                va="center",
                fontsize=8,
                color="#7a4a14",
                clip_on=True,
                zorder=1,
                parse_math=False,
            )

    labelled: set[tuple[int, date, int]] = set()  # one label per row, date and cadence day
    for channel in channels:
        marker, colour = _STYLE.get(channel, _TEAMS_STYLE)
        touches = [(due, number) for due, used, number in plan.touches if used is channel]
        ax.scatter(
            [_offset(due, first) for due, _ in touches],
            [row[channel]] * len(touches),
            marker=marker,
            color=colour,
            s=60,
            zorder=3,
            label=channel.label,
        )
        for due, number in touches:
            key = (row[channel], due.date(), number)
            if key in labelled:
                continue
            labelled.add(key)
            ax.annotate(
                f"Day {number}",
                (_offset(due, first), row[channel]),
                xytext=(0, -13),
                textcoords="offset points",
                ha="center",
                va="center",
                fontsize=7,
                zorder=4,
            )

    ax.axvline(_offset(start, first), color=_START, lw=1, ls="--", zorder=2)

    ax.set_xlim(0, days)
    ax.set_ylim(top, -0.5)  # the first channel on top
    ax.set_yticks(range(len(channels)), [channel.label for channel in channels])
    every = 1 if days <= 31 else 7
    ticks = [index for index in range(days) if index % every == 0]
    ax.set_xticks([index + 0.5 for index in ticks], [_tick(first, index) for index in ticks])
    ax.tick_params(axis="both", labelsize=8)
    ax.set_xticks(range(days + 1), minor=True)
    ax.tick_params(axis="x", which="major", length=0)
    ax.grid(axis="x", which="minor", color="#bbbbbb", lw=0.5)
    ax.set_axisbelow(True)
    zone = f" ({plan.zone})" if plan.zone else ""
    ax.set_xlabel(f"local date and time of day{zone}", fontsize=8)
    ax.set_title(plan.title, loc="left", fontsize=10, fontweight="bold", parse_math=False)

    handles: list[Patch | Line2D] = [
        Line2D([], [], color=_START, lw=1, ls="--", label="enrolled"),
        Patch(color=_CLOSED, alpha=0.6, label="closed"),
    ]
    if holidays:
        handles.append(Patch(color=_HOLIDAY, alpha=0.6, label="holiday"))
    ax.legend(
        handles=handles,
        loc="lower right",
        bbox_to_anchor=(1.0, 1.0),
        ncols=len(handles),
        frameon=False,
        fontsize=8,
    )
    return ax


def report_panels(report: ReportPicture, left: Axes, right: Axes) -> None:
    """The step funnel on ``left`` and the time-to-first-reply curve on ``right``."""
    funnel = report.funnel()
    crowded = len(funnel) > 6  # labels on their side, counts alone: they never overlap
    several = len({s.cadence for s in funnel}) > 1  # then each label names its cadence
    labels = [
        (f"{s.cadence} " if several else "")
        + f"{s.step}{' ' if crowded else chr(10)}{s.channel.value if s.channel is not None else ''}"
        for s in funnel
    ]
    shares = [100 * (s.reached.value or 0.0) for s in funnel]
    bands = [s.reached.interval() or (0.0, 0.0) for s in funnel]
    errors = [
        [share - 100 * low for share, (low, _) in zip(shares, bands, strict=True)],
        [100 * high - share for share, (_, high) in zip(shares, bands, strict=True)],
    ]
    positions = list(range(len(funnel)))
    left.bar(positions, shares, yerr=errors, color="#4C72B0", capsize=3)
    left.set_xticks(positions, labels, rotation=90 if crowded else 0, fontsize=8)
    for index, step in enumerate(funnel):
        if step.replied:
            text = (
                str(step.replied)
                if crowded
                else f"{step.replied} repl{'y' if step.replied == 1 else 'ies'}"
            )
            left.annotate(
                text,
                (index, shares[index]),
                textcoords="offset points",
                xytext=(0, 12),
                ha="center",
                fontsize=7 if crowded else 8,
            )
    left.set_ylim(0, 115)
    left.set_ylabel("prospects reaching the step (%)")
    left.set_xlabel("step" + (" (numbers above bars: replies drawn)" if crowded else ""))
    left.set_title(f"Funnel ({report.enrolled} enrolled)")

    curve = report.time_to_first_reply
    shown = curve.shown
    day = timedelta(days=1)
    times = [0.0] + [t / day for t in curve.times[:shown]]
    survival = [1.0, *curve.survival[:shown]]
    lower = [1.0, *curve.lower[:shown]]
    upper = [1.0, *curve.upper[:shown]]
    stops = curve.stops_at
    if stops is not None:  # the last reported level, carried to where the curve stops
        times.append(stops / day)
        survival.append(survival[-1])
        lower.append(lower[-1])
        upper.append(upper[-1])
    right.step(times, [100 * v for v in survival], where="post", color="#C44E52")
    right.fill_between(
        times,
        [100 * v for v in lower],
        [100 * v for v in upper],
        step="post",
        alpha=0.2,
        color="#C44E52",
        label=f"{round(100 * curve.confidence)}% band",
    )
    marks = [
        (t / day, 100 * v)
        for t, v, c in zip(
            curve.times[:shown], curve.survival[:shown], curve.censored[:shown], strict=True
        )
        if c
    ]
    if marks:
        right.plot(*zip(*marks, strict=True), "|", color="#C44E52", markersize=6)
    if stops is not None:
        right.axvline(
            stops / day,
            color="#777777",
            lw=1,
            ls=":",
            label=f"stops: fewer than {curve.min_at_risk} at risk",
        )
    right.set_ylim(0, 102)
    right.set_xlim(0, max(times[-1], 1.0))
    right.set_xlabel("days since enrollment", labelpad=16)
    right.set_ylabel("still without a reply (%)")
    right.set_title("Time to first reply (Kaplan–Meier)")
    right.legend(loc="lower left", fontsize=8)
    # the at-risk row under the axis, as survival tools draw it
    low, high = right.get_xlim()
    transform = right.get_xaxis_transform()
    for tick in right.get_xticks():
        if low <= tick <= high:
            right.annotate(
                str(curve.at_risk_at(timedelta(days=float(tick)))),
                (tick, 0),
                xycoords=transform,
                xytext=(0, -26),
                textcoords="offset points",
                ha="center",
                fontsize=7,
                color="#555555",
            )
    right.annotate(
        "at risk",
        (0, 0),
        xycoords="axes fraction",
        xytext=(-8, -26),
        textcoords="offset points",
        ha="right",
        fontsize=7,
        color="#555555",
    )


_PALETTE: Final = ("#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860", "#DA8BC3")


def mailbox_load_chart(rows: Sequence[dict[str, object]], ax: Axes, per: str) -> Axes:
    """Sends per mailbox per day or hour (records of ``Agenda.mailbox_load``) against the limit."""
    key = "day" if per == "day" else "hour"
    names = list(dict.fromkeys(str(row["mailbox"]) for row in rows))
    ticks = sorted({row[key] for row in rows})  # type: ignore[type-var]
    where = {tick: index for index, tick in enumerate(ticks)}
    for number, name in enumerate(names):
        colour = _PALETTE[number % len(_PALETTE)]
        mine = [row for row in rows if row["mailbox"] == name]
        xs = [where[row[key]] for row in mine]
        sends = [int(row["sends"]) for row in mine]  # type: ignore[call-overload]
        ax.plot(xs, sends, "o-", color=colour, label=f"{name} sends", markersize=4)
        limits = [(x, row["limit"]) for x, row in zip(xs, mine, strict=True)]
        known = [(x, float(limit)) for x, limit in limits if limit is not None]  # type: ignore[arg-type]
        if known:
            ax.step(*zip(*known, strict=True), "--", where="mid", color=colour,
                    label=f"{name} limit")  # fmt: skip
        if per == "day":
            wanted = [
                (x, send + int(row["held"]))  # type: ignore[call-overload]
                for x, send, row in zip(xs, sends, mine, strict=True)
            ]
            ax.plot(*zip(*wanted, strict=True), "x", color=colour, label=f"{name} wanted")
    if per == "day":
        labels = [f"{WEEKDAYS[d.weekday()][:3]} {d.day} {MONTHS[d.month - 1][:3]}" for d in ticks]  # type: ignore[attr-defined]
    else:
        labels = [t.strftime("%a %H:%M") for t in ticks]  # type: ignore[attr-defined]
    ax.set_xticks(range(len(ticks)), labels, rotation=90, fontsize=7)
    ax.set_ylim(bottom=0)
    ax.set_ylabel(f"sends per {per}")
    ax.set_title(f"Sends per mailbox per {per}")
    if names:
        ax.legend(fontsize=7, loc="upper left")
    return ax
