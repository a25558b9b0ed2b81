"""Draw the pictures the docs show, into docs/images/.

Run it after changing a picture (``python docs/make_images.py``) and commit
the PNGs; tests/test_plot.py renders them into a temporary folder to check
they still draw. The schedule is the one "Your first cadence" builds.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot

import cadencekit as ck

IMAGES = Path(__file__).resolve().parent / "images"
DPI = 100


def first_cadence_plan() -> ck.Schedule:
    cadence = ck.Cadence(
        "Cold outbound",
        [
            ck.Touchpoint("email", 1, label="Intro email"),
            ck.Touchpoint("call", 1, label="Intro call"),
            ck.Touchpoint("email", 3, label="Value email"),
            ck.Touchpoint("call", 5),
            ck.Touchpoint("voicemail", 5),
            ck.Touchpoint("email", 7, label="Case study"),
            ck.Touchpoint("call", 10),
            ck.Touchpoint("email", 10, label="Break-up email"),
        ],
    )
    us = ck.BusinessCalendar(country="US")
    return ck.schedule(cadence, datetime(2026, 11, 20, 16, 30), calendar=us, tz="America/New_York")


def simulated_report() -> ck.CadenceReport:
    """The report "Measuring a cadence" shows: 500 simulated prospects."""
    runs = ck.simulate(
        ck.presets.eight_touch(),
        500,
        model=ck.ResponseModel(),
        seed=2026,
        start="2026-11-02T08:00:00-05:00",
        calendar=ck.BusinessCalendar(country="US"),
        tz="America/New_York",
    )
    return ck.report(runs)


def mailbox_forecast() -> ck.Agenda:
    """The forecast "Deliverability and compliance" shows: a new mailbox ramping beside an old one."""
    us = ck.BusinessCalendar(country="US")
    enrollments = [
        ck.Enrollment.start(
            ck.presets.cold_outreach(),
            f"lead{i}@example{i % 40}.com",
            datetime(2026, 11, 23 + i % 3, 8),
            calendar=us,
            tz="America/New_York",
            owner="ann",
        )
        for i in range(120)
    ]
    boxes = [
        ck.Mailbox(
            "new@seller.io",
            per_day=60,
            per_hour=12,
            ramp=ck.Ramp(start=10, increase=3, cap=60, since=datetime(2026, 11, 23).date()),
        ),
        ck.Mailbox("old@seller.io", per_day=40, per_hour=12),
    ]
    return ck.plan(
        enrollments,
        capacity=ck.Capacity(),
        calendar=us,
        start=datetime(2026, 11, 23).date(),
        days=15,
        tz="America/New_York",
        mailboxes={"ann": boxes},
        seed=1,
        forecast=True,
    )


def main(out: Path = IMAGES) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    path = out / "schedule.png"
    ax = first_cadence_plan().plot(calendar=ck.BusinessCalendar(country="US"))
    # No "Software" stamp: the file changes only when the picture does.
    ax.figure.savefig(path, dpi=DPI, metadata={"Software": None})
    report_path = out / "report.png"
    simulated_report().plot()[0].figure.savefig(report_path, dpi=DPI, metadata={"Software": None})
    load_path = out / "mailbox_load.png"
    ax = mailbox_forecast().plot_mailbox_load()
    ax.figure.savefig(load_path, dpi=DPI, metadata={"Software": None})
    pyplot.close("all")
    return [path, report_path, load_path]


if __name__ == "__main__":
    for written in main(Path(sys.argv[1]) if len(sys.argv) > 1 else IMAGES):
        print(written)
