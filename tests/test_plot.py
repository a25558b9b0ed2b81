"""Schedule.plot: the timeline picture (needs matplotlib, the ``plot`` extra)."""

from __future__ import annotations

import importlib.util
import io
import math
import runpy
import struct
import subprocess
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cadencekit as ck
from cadencekit import InvalidFieldError

from .strategies import CALENDARS, cadences

ROOT = Path(__file__).resolve().parent.parent

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from matplotlib import pyplot  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

US = ck.BusinessCalendar(country="US")
# The cadence of docs/first-cadence.md, enrolled Friday 20 Nov 2026 16:30 in New York.
COLD = ck.Cadence(
    "Cold outbound",
    [
        ck.Touchpoint("email", 1),
        ck.Touchpoint("call", 1),
        ck.Touchpoint("email", 3),
        ck.Touchpoint("call", 5),
        ck.Touchpoint("voicemail", 5),
        ck.Touchpoint("email", 7),
        ck.Touchpoint("call", 10),
        ck.Touchpoint("email", 10),
    ],
)
PLAN = ck.schedule(COLD, datetime(2026, 11, 20, 16, 30), calendar=US, tz="America/New_York")


def draw(plan: ck.Schedule, **options: object) -> tuple[Figure, object]:
    figure = Figure()
    ax = plan.plot(figure.add_subplot(), **options)  # type: ignore[arg-type]
    return figure, ax


def shaded(ax: object) -> dict[int, str]:
    """Shaded columns (day index) and their colour."""
    return {
        round(patch.get_x()): matplotlib.colors.to_hex(patch.get_facecolor())
        for patch in ax.patches  # type: ignore[attr-defined]
    }


def test_markers_sit_at_due_times_in_channel_rows() -> None:
    # Day 0 is Fri 20 Nov; a touch at 09:00 is 9/24 of the way across its day.
    _, ax = draw(PLAN, calendar=US)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Email", "Call", "Voicemail"]
    rows = {
        collection.get_label(): collection.get_offsets().tolist() for collection in ax.collections
    }
    assert rows["Email"] == [[16.5 / 24, 0], [4.375, 0], [11.375, 0], [14 + 9.5 / 24, 0]]
    assert rows["Call"] == [[3.375, 1], [7.375, 1], [14.375, 1]]
    assert rows["Voicemail"] == [[7 + 9.5 / 24, 2]]
    assert ax.get_xlim() == (0, 15)  # Fri 20 Nov .. Fri 4 Dec
    assert ax.get_ylim() == (2.5, -0.5)  # first channel on top
    assert ax.get_xticklabels()[0].get_text() == "Fri\n20 Nov"
    assert ax.get_xticklabels()[-1].get_text() == "Fri\n4 Dec"
    (start,) = ax.get_lines()
    assert start.get_xdata()[0] == pytest.approx(16.5 / 24)  # the enrollment, dashed
    assert ax.get_title(loc="left") == "Cold outbound"


def test_closed_days_shaded_and_holidays_named() -> None:
    _, ax = draw(PLAN, calendar=US)
    columns = shaded(ax)
    assert sorted(columns) == [1, 2, 6, 8, 9]  # two weekends and Thanksgiving
    assert len({columns[1], columns[2], columns[8], columns[9]}) == 1
    assert columns[6] != columns[1]
    names = [text.get_text() for text in ax.texts if text.get_rotation() == 90]
    assert names == ["Thanksgiving Day"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["enrolled", "closed", "holiday"]


def test_without_a_calendar_only_weekends_are_shaded() -> None:
    _, ax = draw(PLAN)
    assert sorted(shaded(ax)) == [1, 2, 8, 9]
    assert not [text for text in ax.texts if text.get_rotation() == 90]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["enrolled", "closed"]


def test_days_are_labelled_once_per_row() -> None:
    blitz = ck.Cadence("Call blitz", [ck.Touchpoint("call", 1)] * 3, window=("16:00", "17:00"))
    plan = ck.schedule(blitz, datetime(2026, 11, 16, 16), calendar=US)
    _, ax = draw(plan, calendar=US)
    labels = [text.get_text() for text in ax.texts]
    assert labels == ["Day 1", "Day 1"]  # Mon 16:00 and 16:30 share one label; Tue has its own


def test_without_ax_makes_a_figure_sized_by_days_and_channels() -> None:
    ax = PLAN.plot(calendar=US)
    try:
        assert tuple(ax.figure.get_size_inches()) == (2.5 + 0.5 * 15, 2.0 + 0.5 * 3)
    finally:
        pyplot.close("all")


def test_long_schedules_cap_the_width_and_tick_weekly() -> None:
    slow = ck.Cadence("Nurture", [ck.Touchpoint("email", 1), ck.Touchpoint("email", 60)])
    plan = ck.schedule(slow, date(2026, 1, 5), calendar=US)
    ax = plan.plot(calendar=US)
    try:
        assert ax.figure.get_size_inches()[0] == 24.0
        days = (plan[-1].due.date() - date(2026, 1, 5)).days + 1
        assert len(ax.get_xticks()) == math.ceil(days / 7)
    finally:
        pyplot.close("all")


def test_an_empty_plan_draws_the_cadence_channels() -> None:
    enrollment = ck.Enrollment.start(COLD, "p1", "2026-11-20T16:30:00-05:00", tz="America/New_York")
    plan = enrollment.apply(ck.Event.opt_out("2026-11-20T17:00:00-05:00")).remaining()
    assert len(plan) == 0
    _, ax = draw(plan)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Email", "Call", "Voicemail"]
    assert ax.get_xlim() == (0, 1)


def test_names_are_drawn_as_text_not_mathtext() -> None:
    hostile = ck.Cadence(r"$\frac{$ <b>&", [ck.Touchpoint("email", 1)])
    figure, ax = draw(ck.schedule(hostile, "2026-11-23"))
    figure.savefig(io.BytesIO(), format="png")  # mathtext would fail to parse this
    assert ax.get_title(loc="left") == r"$\frac{$ <b>&"


def test_bad_arguments_name_the_field() -> None:
    with pytest.raises(InvalidFieldError, match="calendar") as error:
        PLAN.plot(calendar="Atlantis")
    assert error.value.field == "calendar"
    with pytest.raises(InvalidFieldError, match="ax") as error:
        PLAN.plot("axes")  # type: ignore[arg-type]
    assert error.value.field == "ax"


def test_missing_matplotlib_says_which_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "cadencekit._plot", raising=False)
    for name in list(sys.modules):
        if name == "matplotlib" or name.startswith("matplotlib."):
            monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(ModuleNotFoundError, match=r"cadencekit\[plot\]"):
        PLAN.plot()


def test_import_cadencekit_does_not_import_matplotlib() -> None:
    code = "import sys, cadencekit; cadencekit.Enrollment; print('matplotlib' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


@settings(max_examples=20)
@given(
    cadences(max_touches=6),
    st.sampled_from(sorted(CALENDARS)),
    st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)),
    st.times(),
)
def test_every_touch_is_drawn_on_an_open_day(
    cadence: ck.Cadence, calendar_name: str, day: date, clock: time
) -> None:
    calendar = CALENDARS[calendar_name]
    plan = ck.schedule(cadence, datetime.combine(day, clock), calendar=calendar, tz="Europe/Berlin")
    _, ax = draw(plan, calendar=calendar)
    xs = sorted(x for c in ax.collections for x, _ in c.get_offsets().tolist())
    assert len(xs) == len(plan)
    expected = sorted(
        (t.due.date() - day).days + (t.due.hour * 3600 + t.due.minute * 60 + t.due.second) / 86400
        for t in plan
    )
    # the same instant by another formula: equal up to rounding, not bit for bit
    assert xs == pytest.approx(expected, abs=1e-9)
    lo, hi = ax.get_xlim()
    assert all(lo <= x < hi for x in xs)
    closed = shaded(ax)
    assert all(math.floor(x) not in closed for x in xs)
    assert len(closed) == sum(
        not calendar.is_business_day(day + timedelta(days=i)) for i in range(int(hi))
    )


# --- the pictures the docs show -----------------------------------------------------


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_docs_images_render_at_the_expected_size(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_images", ROOT / "docs" / "make_images.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path, report_path, load_path = module.main(tmp_path)
    assert png_size(load_path) == (1000, 400)  # 10 x 4 inches at 100 dpi
    assert png_size(ROOT / "docs" / "images" / "mailbox_load.png") == (1000, 400)
    assert load_path.stat().st_size > 10_000
    assert path.name == "schedule.png"
    assert report_path.name == "report.png"
    assert png_size(report_path) == (1100, 400)  # 11 x 4 inches at 100 dpi
    assert png_size(ROOT / "docs" / "images" / "report.png") == (1100, 400)
    assert report_path.stat().st_size > 10_000
    assert path.stat().st_size > 10_000
    assert png_size(path) == (1000, 350)  # 10 x 3.5 inches at 100 dpi: 15 days, 3 channels
    # the committed picture is the same size (regenerate it with docs/make_images.py)
    assert png_size(ROOT / "docs" / "images" / "schedule.png") == (1000, 350)


def test_the_export_analysis_example_saves_both_pictures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    example = ROOT / "examples" / "analyze_export.py"
    monkeypatch_argv = [str(example), str(tmp_path)]
    saved, sys.argv = sys.argv, monkeypatch_argv
    try:
        runpy.run_path(str(example), run_name="__main__")
    finally:
        sys.argv = saved
        pyplot.close("all")
    out = capsys.readouterr().out
    assert "500 enrolled, 500 touched" in out
    assert "step index 0 (email): reached 100.0% (500/500)" in out
    assert png_size(tmp_path / "schedule.png")[1] > 0
    assert png_size(tmp_path / "report.png") == (1100, 400)


def _ramped_agenda() -> ck.Agenda:
    intro = ck.Cadence("Intro", [ck.Touchpoint("email", 1), ck.Touchpoint("email", 3)])
    es = [
        ck.Enrollment.start(intro, f"p{i}@acme.com", "2026-11-23T08:00:00+00:00", owner="ann")
        for i in range(12)
    ]
    boxes = [
        ck.Mailbox("new@seller.io", per_hour=3, ramp=ck.Ramp(start=2, increase=2, cap=20,
                                                             since="2026-11-23")),
        ck.Mailbox("old@seller.io", per_day=4),
    ]  # fmt: skip
    return ck.plan(es, capacity=ck.Capacity(), calendar=US, start=date(2026, 11, 23), days=4,
                   tz="UTC", mailboxes={"ann": boxes}, forecast=True)  # fmt: skip


def test_the_mailbox_load_draws_sends_limits_and_what_waited() -> None:
    agenda = _ramped_agenda()
    ax = agenda.plot_mailbox_load(Figure().add_subplot())
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert list(lines) == [
        f"{name}@seller.io {what}"
        for name in ("new", "old")
        for what in ("sends", "limit", "wanted")
    ]
    rows = agenda.mailbox_load()
    new = [r for r in rows if r["mailbox"] == "new@seller.io"]
    assert list(lines["new@seller.io sends"].get_ydata()) == [r["sends"] for r in new]
    wanted = [r["sends"] + r["held"] for r in new]  # type: ignore[operator]
    assert list(lines["new@seller.io wanted"].get_ydata()) == wanted
    assert [t.get_text() for t in ax.get_xticklabels()][:2] == ["Mon 23 Nov", "Tue 24 Nov"]
    hourly = agenda.plot_mailbox_load(Figure().add_subplot(), per="hour")
    assert [line.get_label() for line in hourly.get_lines()][:2] == [
        "new@seller.io sends",
        "new@seller.io limit",
    ]
    assert hourly.get_title() == "Sends per mailbox per hour"
    with pytest.raises(InvalidFieldError, match="ax"):
        agenda.plot_mailbox_load("axes")  # type: ignore[arg-type]
    pyplot.close(agenda.plot_mailbox_load().figure)
