"""start_many: a table of prospects enrolled in one call, facts kept, bad rows named."""

from __future__ import annotations

import csv
import io
import pickle
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cadencekit as ck

INTRO = ck.Cadence("Intro", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 3)])
CALLS = ck.Cadence("Calls", [ck.Touchpoint("call", 1), ck.Touchpoint("call", 2)])

PROSPECTS = """\
Email,Name,Company,Phone,Time Zone,Country,Rep,Account,Sequence,Enrolled
ada@acme.com,Ada,Acme,+1 212 555 0101,America/New_York,US,ann,Acme,Intro,2026-11-23
jo@jolt.de,Jo,Jolt,,Europe/Berlin,DE-BY,jan,Jolt,Calls,2026-11-23T08:00:00
kai@kite.jp,Kai,Kite,+81 3 5555 0101,Asia/Tokyo,JP,ann,,Intro,
"""
COLUMNS = {
    "Email": "prospect",
    "Time Zone": "tz",
    "Country": "country",
    "Rep": "owner",
    "Account": "account",
    "Sequence": "cadence",
    "Enrolled": "started",
}


def test_a_table_is_enrolled_as_start_enrolls_each_row() -> None:
    people = ck.start_many(
        csv.DictReader(io.StringIO(PROSPECTS)),
        [INTRO, CALLS],
        columns=COLUMNS,
        start="2026-11-24",
    )
    assert people == [
        ck.Enrollment.start(
            INTRO,
            "ada@acme.com",
            "2026-11-23",
            calendar=ck.BusinessCalendar(country="US"),
            tz="America/New_York",
            owner="ann",
            account="Acme",
            facts={"name": "Ada", "company": "Acme", "phone": "+1 212 555 0101"},
        ),
        ck.Enrollment.start(
            CALLS,
            "jo@jolt.de",
            "2026-11-23T08:00:00",  # no offset: 08:00 in the row's zone
            calendar=ck.BusinessCalendar(country="DE", subdiv="BY"),
            tz="Europe/Berlin",
            owner="jan",
            account="Jolt",
            facts={"name": "Jo", "company": "Jolt"},  # a blank cell is no fact
        ),
        ck.Enrollment.start(
            INTRO,
            "kai@kite.jp",
            "2026-11-24",  # no start in the row: start=
            calendar=ck.BusinessCalendar(country="JP"),
            tz="Asia/Tokyo",
            owner="ann",
            facts={"name": "Kai", "company": "Kite", "phone": "+81 3 5555 0101"},
        ),
    ]
    assert people[1].started.isoformat() == "2026-11-23T08:00:00+01:00"
    # CSV text and a list of dicts read alike; facts= keeps only the columns named
    again = ck.start_many(PROSPECTS, [INTRO, CALLS], columns=COLUMNS, start="2026-11-24")
    assert again == people
    rows = list(csv.DictReader(io.StringIO(PROSPECTS)))
    named = ck.start_many(rows, [INTRO, CALLS], columns=COLUMNS, start="2026-11-24", facts=["Name"])
    assert [dict(e.facts) for e in named] == [{"name": "Ada"}, {"name": "Jo"}, {"name": "Kai"}]


def test_a_fact_is_named_as_a_merge_field_so_templates_find_it() -> None:
    rows = [{"prospect": "ada", "First Name": "Ada", "Company": "Acme", "Phone #": "+1 555"}]
    [ada] = ck.start_many(rows, ck.presets.cold_outreach(), start="2026-11-23")
    assert ada.facts == {"first_name": "Ada", "company": "Acme", "phone": "+1 555"}
    breakup = ada.cadence[5].render(ada.facts)  # the preset's own merge fields
    assert breakup.subject == "Should I close your file, Ada?"
    clash = [{"prospect": "ada", "First Name": "Ada", "first_name": "A."}]
    with pytest.raises(ck.InvalidFieldError, match="would both be the fact 'first_name'"):
        ck.start_many(clash, INTRO, start="2026-11-23", errors="collect")
    [one] = ck.start_many(clash, INTRO, start="2026-11-23", facts=["first_name"])
    assert one.facts == {"first_name": "A."}


def test_facts_travel_with_the_enrollment() -> None:
    e = ck.Enrollment.start(
        INTRO, "ada", "2026-11-23T08:00:00+00:00", facts={"name": "Ada", "company": "Acme"}
    )
    later = e.apply(ck.Event.touch("2026-11-23T09:00:00+00:00", 0))
    assert later.facts == {"name": "Ada", "company": "Acme"}
    assert later.restart() == e
    assert ck.Enrollment.from_dict(later.to_dict()) == later
    assert later.to_dict()["facts"] == {"name": "Ada", "company": "Acme"}
    assert "facts" not in ck.Enrollment.start(INTRO, "ada", "2026-11-23").to_dict()
    assert pickle.loads(pickle.dumps(later)) == later
    assert later.migrate(INTRO).facts == later.facts
    assert e != ck.Enrollment.start(INTRO, "ada", "2026-11-23T08:00:00+00:00")
    assert "facts name, company" in repr(e)
    with pytest.raises(TypeError):
        e.facts["name"] = "Eve"  # type: ignore[index]
    hash(e)


@pytest.mark.parametrize(
    ("facts", "field"),
    [
        ([("name", "Ada")], "facts"),
        ({"": "x"}, "facts"),
        ({"employees": 250}, "facts['employees']"),
        ({"name": None}, "facts['name']"),
    ],
)
def test_facts_are_text_by_name(facts: object, field: str) -> None:
    with pytest.raises(ck.InvalidFieldError) as raised:
        ck.Enrollment.start(INTRO, "ada", "2026-11-23", facts=facts)  # type: ignore[arg-type]
    assert raised.value.field == field
    data = ck.Enrollment.start(INTRO, "ada", "2026-11-23").to_dict()
    data["facts"] = {"employees": 250}
    with pytest.raises(ck.SchemaError, match=r"facts\['employees'\] 250: expected text"):
        ck.Enrollment.from_dict(data)


BAD = [
    ({"prospect": "", "tz": "UTC"}, "prospect", "required"),
    (
        {"prospect": "a", "cadence": "Nope"},
        "cadence",
        "not among the cadences given ('Intro', 'Calls')",
    ),
    ({"prospect": "a", "tz": "Mars/Olympus"}, "tz", "not a time zone"),
    ({"prospect": "a", "country": "XX"}, "country", "not a country the holidays package knows"),
    ({"prospect": "a", "country": "US", "subdiv": "ZZ"}, "subdiv", "not a subdivision of US"),
    ({"prospect": "a", "subdiv": "CA"}, "subdiv", "a subdivision needs a country"),
    ({"prospect": "a", "started": "next week"}, "started", "ISO"),
    ({"prospect": "a", "score": float("inf")}, "score", "finite"),
    ({"prospect": "a", "seen": object()}, "seen", "expected text, a number or a date"),
]


@pytest.mark.parametrize(("row", "column", "reason"), BAD)
def test_a_bad_row_is_named_by_row_column_value_and_what_was_expected(
    row: dict[str, object], column: str, reason: str
) -> None:
    rows = [{"prospect": "good", "cadence": "Intro"}, {"cadence": "Intro", **row}]
    with pytest.raises(ck.SchemaError) as raised:
        ck.start_many(rows, [INTRO, CALLS], start="2026-11-23")
    assert raised.value.field == f"rows[1].{column}"
    assert reason in raised.value.expected
    people, problems = ck.start_many(rows, [INTRO, CALLS], start="2026-11-23", errors="collect")
    assert [e.prospect for e in people] == ["good"]
    [problem] = problems
    assert (problem.row, problem.column) == (1, column)
    assert problem.value is row.get(column) or problem.value == row.get(column)
    assert reason in problem.reason


def test_one_enrollment_per_prospect_and_cadence() -> None:
    rows = [
        {"prospect": "ada", "cadence": "Intro"},
        {"prospect": "ada", "cadence": "Calls"},  # another cadence: fine
        {"prospect": "ada", "cadence": "Intro"},
    ]
    people, problems = ck.start_many(rows, [INTRO, CALLS], start="2026-11-23", errors="collect")
    assert [e.cadence.name for e in people] == ["Intro", "Calls"]
    assert [(p.row, p.column) for p in problems] == [(2, "prospect")]
    assert "already enrolled in 'Intro' by rows[0]" in problems[0].reason


def test_what_is_missing_or_wrong_in_the_arguments_is_said_at_once() -> None:
    with pytest.raises(ck.SchemaError, match=r"rows\[0\].started None: required"):
        ck.start_many([{"prospect": "ada"}], INTRO)
    with pytest.raises(ck.SchemaError, match="no cadence named"):
        ck.start_many([{"prospect": "ada"}], [INTRO, CALLS], start="2026-11-23")
    with pytest.raises(ck.InvalidFieldError, match=r"columns\['Email'\]"):
        ck.start_many([], INTRO, columns={"Email": "address"})
    with pytest.raises(ck.InvalidFieldError, match="facts 'Phone': not a column"):
        ck.start_many([{"prospect": "a"}], INTRO, start="2026-11-23", facts=["Phone"])
    with pytest.raises(ck.InvalidFieldError, match="errors"):
        ck.start_many([], INTRO, errors="ignore")  # type: ignore[call-overload]
    with pytest.raises(ck.UnknownRegionError, match="calendar 'Atlantis'"):
        ck.start_many([], INTRO, calendar="Atlantis")
    with pytest.raises(ck.InvalidFieldError, match="rows"):
        ck.start_many({"prospect": "ada"}, INTRO)
    assert ck.start_many([], INTRO) == []
    _, problems = ck.start_many(["ada"], INTRO, start="2026-11-23", errors="collect")
    assert problems[0].column is None
    assert "mapping" in problems[0].reason


def test_a_dataframe_is_read_with_its_numbers_as_text() -> None:
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame(
        {
            "prospect": ["ada", "jo"],
            "phone": [2125550101.0, float("nan")],  # a column with a gap: floats
            "employees": [250, 12],
            "since": [pandas.Timestamp("2020-01-02"), pandas.NaT],
            "started": [pandas.Timestamp("2026-11-23 08:00"), pandas.Timestamp("2026-11-24 08:00")],
        }
    )
    ada, jo = ck.start_many(frame, INTRO, tz="Europe/Berlin")
    assert ada.facts == {"phone": "2125550101", "employees": "250", "since": "2020-01-02T00:00:00"}
    assert jo.facts == {"employees": "12"}
    assert jo.started.isoformat() == "2026-11-24T08:00:00+01:00"


zones = st.sampled_from(
    ["UTC", "America/New_York", "Europe/Berlin", "Asia/Tokyo", "Australia/Sydney"]
)
codes = st.sampled_from(["US", "US-CA", "DE-BY", "GB-ENG", "JP", None])


@given(
    st.lists(
        st.tuples(zones, codes, st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))),
        max_size=6,
    )
)
def test_start_many_equals_start_row_by_row(rows: list[tuple[str, str | None, date]]) -> None:
    table = [
        {
            "prospect": f"p{i}",
            "tz": zone,
            "country": code or "",
            "started": day.isoformat(),
            "n": str(i),
        }
        for i, (zone, code, day) in enumerate(rows)
    ]
    expected = [
        ck.Enrollment.start(
            INTRO,
            f"p{i}",
            day,
            calendar=ck.BusinessCalendar() if code is None else code,
            tz=zone,
            facts={"n": str(i)},
        )
        for i, (zone, code, day) in enumerate(rows)
    ]
    assert ck.start_many(table, INTRO) == expected


names = st.text(min_size=1, max_size=12).filter(lambda text: bool(text.strip()))


@given(st.dictionaries(names, st.text(max_size=30), max_size=6))
def test_facts_round_trip_through_a_dict_and_json(facts: dict[str, str]) -> None:
    import json

    e = ck.Enrollment.start(INTRO, "ada", "2026-11-23T08:00:00+00:00", facts=facts)
    assert e.facts == facts
    again = ck.Enrollment.from_dict(json.loads(json.dumps(e.to_dict())))
    assert again == e
    assert again.facts == facts
    assert len(repr(e)) < 300 + len(", ".join(list(facts)[:3]))  # the names, never the values
