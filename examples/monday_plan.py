"""A sales manager's Monday: three reps in three zones, three written sequences, one plan.

Run it with ``python examples/monday_plan.py [output folder]`` (without one, a
new temporary folder). It needs the ``ical`` extra for the ``.ics`` files.

The inputs, in ``examples/data/monday/``, are as the tools export them: the
CRM's ``prospects.csv`` (one row per prospect and sequence, emails in any
case), the sequencing tool's ``activity.csv`` (duplicates, opens logged before
their sends, unreadable rows, reply texts in four languages) and the sequences
as the manager wrote them, one step a line (``sequences/*.txt``). Ann works in
Chicago, Oli in London, Mia in Sydney, 25 calls a day each, 09:00-17:00 on
their own clock and calendar. Out: ``calls.csv``, one ``.ics`` per rep, and a
report per sequence and step. "Now" is fixed, so every run gives the same plan.
"""

from __future__ import annotations

import csv
import sys
import tempfile
from pathlib import Path

import cadencekit as ck

DATA = Path(__file__).resolve().parent / "data" / "monday"
OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="cadencekit-"))
# Monday 08:00 in Chicago: 14:00 in London, 01:00 on Tuesday in Sydney (Mia's Monday is over)
NOW = "2026-12-21T08:00:00-06:00"
sequences = [ck.Cadence.from_text(p.read_text(encoding="utf-8")) for p in sorted(DATA.glob("sequences/*.txt"))]  # fmt: skip

people = ck.start_many(
    (DATA / "prospects.csv").read_text(encoding="utf-8"),
    sequences,
    columns={"Email": "prospect", "Time Zone": "tz", "Country": "country", "Owner": "owner", "Sequence": "cadence", "Enrolled": "started"},
)  # fmt: skip
numbering = {s.name: s for s in sequences}  # the manager's step numbers, per sequence
names = {"Email": "prospect", "Sequence": "cadence", "Event": "kind", "Timestamp": "at", "Step": "step", "Reply": "reply_text"}  # fmt: skip
activity = ck.read_events(
    (DATA / "activity.csv").read_text(encoding="utf-8"),
    columns=names,
    steps=numbering,
    errors="collect",
)  # platform dispositions ("Left Voicemail", "Gatekeeper") and reply texts read by default
people = ck.apply_many(people, activity)

week = ck.plan(
    people,
    capacity=ck.Capacity({"call": 25}, per_prospect=1, sessions={"call": "09:00-17:00", "linkedin": "09:00-17:00"}),
    calendar="US",
    owner_tz={"ann": "America/Chicago", "oli": "Europe/London", "mia": "Australia/Sydney"},
    owner_calendar={"ann": "US-IL", "oli": "GB-ENG", "mia": "AU-NSW"},
    start=NOW,
    days=5,
    now=NOW,
    forecast=True,
)  # fmt: skip

if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    calls = week.to_records(channels="call", facts=True)
    with open(OUT / "calls.csv", "w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(calls[0]))
        writer.writeheader()
        writer.writerows(calls)
    for rep, text in ck.to_ical_by_owner(week, channels="call", summary="Call {{ first_name }} ({{ company }}), step {{ step }} of {{ cadence }}", description="{{ first_name }} {{ last_name }}, {{ title }}\n{{ phone | no phone }}").items():  # fmt: skip
        (OUT / f"{rep}-calls.ics").write_text(text, encoding="utf-8")
    report = ck.report(people, now=NOW, definitions="platform", unreadable=activity.problems)
    print(report.by_cadence_step(numbered=True))  # the manager's step numbers
    print(week)
