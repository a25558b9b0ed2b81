# %% [markdown]
# # Analyse an exported event log
#
# A notebook in percent format: run it top to bottom with
# ``python examples/analyze_export.py [output folder]`` (without one, the
# pictures go to a new temporary folder: never into the repository), or open it in
# Jupyter or VS Code and run cell by cell. It needs the ``plot`` extra
# (``pip install '.[plot]'``).
#
# The export here is made up (a simulation), flattened to the rows a CRM or
# sales-engagement tool exports: one row per event, with the prospect, the
# cadence, when the prospect was enrolled, the step and what happened.

# %%
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # draw to files; remove in a notebook to see the pictures inline

import cadencekit as ck

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="cadencekit-"))
us = ck.BusinessCalendar(country="US")
cadence = ck.presets.eight_touch()

# %% [markdown]
# ## The export: one row per event

# %%
simulated = ck.simulate(
    cadence,
    500,
    model=ck.ResponseModel(),
    seed=2026,
    start="2026-11-02T08:00:00-05:00",
    calendar=us,
    tz="America/New_York",
)
rows = [
    {
        "prospect": enrollment.prospect,
        "cadence": cadence.name,
        "started": enrollment.started.isoformat(),
        **event.to_dict(),
    }
    for enrollment in simulated
    for event in enrollment.events
]
print(f"{len(rows):,} rows; the first:", rows[0])

# %% [markdown]
# ## Rebuild the enrollments and report
#
# Grouping the rows by prospect and replaying them gives back the
# enrollments, with the rules applied as they were.

# %%
enrollments = ck.enrollments_from_rows(rows, [cadence], calendar=us, tz="America/New_York")
assert enrollments == simulated
report = ck.report(enrollments)
print(report)

# %% [markdown]
# ## Or report straight from the rows
#
# When the report is all you need, read the rows into a table and report on
# it: the same report, without rebuilding the enrollments (much faster on a
# big export: see docs/performance.md).

# %%
table = ck.read_events(rows)
quick = ck.report(table, cadences=cadence, calendar=us, tz="America/New_York")
assert quick == report
print(quick.reply_rate)

# %% [markdown]
# ## Which step draws the replies?

# %%
for step in report.funnel():
    print(step)

# %% [markdown]
# ## The two pictures: the plan, and the funnel with the time to reply

# %%
OUT.mkdir(parents=True, exist_ok=True)
plan = ck.schedule(cadence, "2026-11-20T16:30:00-05:00", calendar=us, tz="America/New_York")
plan.plot(calendar=us).figure.savefig(OUT / "schedule.png", dpi=100)
report.plot()[0].figure.savefig(OUT / "report.png", dpi=100)
print("saved", OUT / "schedule.png", "and", OUT / "report.png")
