"""A rep's week from a CRM's prospects and a sequencing tool's export, without glue.

Run it with ``python examples/week_from_export.py [output folder]`` (without
one, the calendar files go to a new temporary folder). It needs the ``ical``
extra (``pip install 'cadencekit[ical]'``) for the ``.ics`` files.

The inputs, in ``examples/data/``, are as the tools export them:

- ``prospects.csv``: 36 prospects in 16 zones and 11 countries, each with a
  rep (``ann`` and ``raj`` work in Chicago), a sequence and the day they were
  enrolled, and their CRM fields (name, company, title, phone);
- ``events.csv``: the sequences' activity until Monday morning, one row per
  event, with vendor names ("Email Sent", "Call No Answer"), 1-based steps,
  UTC times, and the text of each reply.

What it does: enroll the prospects, apply the activity, read the replies,
plan the week's touches inside both parties' hours, write each rep's calls
to an ``.ics`` file, and report by cadence and step. "Now" is fixed (Monday
30 November 2026, 08:00 in Chicago) so the output is the same every run.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import cadencekit as ck

DATA = Path(__file__).resolve().parent / "data"
OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="cadencekit-"))
NOW = "2026-11-30T08:00:00-06:00"  # Monday morning in Chicago
cadences = [ck.presets.cold_outreach(), ck.presets.inbound_follow_up()]

people = ck.start_many(
    (DATA / "prospects.csv").read_text(encoding="utf-8"),  # CSV text, a DictReader or a DataFrame
    cadences,
    columns={
        "Email": "prospect",
        "Time Zone": "tz",
        "Country": "country",  # "US", "DE-BY", "GB-ENG": each prospect's holidays
        "Owner": "owner",
        "Sequence": "cadence",
        "Enrolled": "started",
    },  # every other column (First Name, Company, Phone...) is kept as a fact
)
names = {
    "Email": "prospect",
    "Sequence": "cadence",
    "Event": "kind",
    "Timestamp": "at",
    "Step": "step",
    "Time Zone": "tz",
    "Reply": "reply_text",  # read with read_reply in each row's zone and country
}
activity = ck.read_events(
    (DATA / "events.csv").read_text(encoding="utf-8"), columns=names, steps="1-based"
)
people = ck.apply_many(people, activity)

week = ck.plan(
    people,
    capacity=ck.Capacity(
        {"call": 25}, per_prospect=1, sessions={"call": "08:00-17:00", "linkedin": "08:00-17:00"}
    ),
    calendar="US",  # the reps' calendar: Chicago, American holidays
    start=NOW,
    days=5,
    tz="America/Chicago",
    now=NOW,
    forecast=True,
)
calls = ck.to_ical_by_owner(
    week,
    channels="call",
    summary="Call {{ first_name | the prospect }} ({{ company }}), step {{ step }}",
    description="{{ first_name }} {{ last_name }}, {{ title }} at {{ company }}\n{{ phone | no phone }}",
)

if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for rep, text in calls.items():
        (OUT / f"{rep}-calls.ics").write_text(text, encoding="utf-8")
    print(f"{len(people)} enrolled; {len(activity)} events applied")
    print(ck.report(people, now=NOW).by_cadence_step(numbered=True))
    print()
    print(week)
    print(f"\nCalendars in {OUT}: {', '.join(sorted(p.name for p in OUT.glob('*.ics')))}")
