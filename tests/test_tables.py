"""Tables: exports read by hand, enrollments rebuilt, tables out."""

from __future__ import annotations

import csv
import io
import random
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cadencekit as ck
from tests.strategies import calendars
from tests.test_metrics import CADENCE, NOW, population


@pytest.fixture(scope="module")
def enrollments() -> list[ck.Enrollment]:
    return population()


# --- rows --------------------------------------------------------------------------------


def rows_of(enrollments: list[ck.Enrollment]) -> list[dict[str, object]]:
    rows = []
    for e in enrollments:
        for event in e.events:
            data = event.to_dict()
            del data["version"]
            rows.append(
                {"prospect": e.prospect, "cadence": e.cadence.name, "started": e.started, **data}
            )
    return rows


def test_rows_rebuild_the_same_enrollments(enrollments: list[ck.Enrollment]) -> None:
    rows = rows_of(enrollments)
    random.Random(5).shuffle(rows)
    rebuilt = ck.enrollments_from_rows(rows, {CADENCE.name: CADENCE})
    touched = [e for e in enrollments if e.events]  # flo has no rows
    assert sorted(rebuilt, key=lambda e: e.prospect) == touched
    assert ck.report(rebuilt, now=NOW).to_dict() == ck.report(touched, now=NOW).to_dict()


def test_rows_accept_pandas_missing_values() -> None:
    nan = float("nan")
    rows = [
        {"prospect": "p", "cadence": CADENCE.name, "kind": "touch", "step": 0.0,
         "at": "2026-11-23T09:00:00+00:00", "response": nan, "variant": nan},
        {"prospect": "p", "cadence": CADENCE.name, "kind": "reply", "step": nan,
         "at": "2026-11-24T09:00:00+00:00", "response": "no", "variant": nan},
    ]  # fmt: skip
    (e,) = ck.enrollments_from_rows(rows, [CADENCE])
    assert e.exit_reason is ck.ExitReason.DECLINED
    assert e.started == datetime(2026, 11, 23, 9, tzinfo=UTC)


def test_rows_errors_name_the_row() -> None:
    good = {"prospect": "p", "cadence": CADENCE.name, "at": "2026-11-23T09:00:00+00:00"}
    with pytest.raises(ck.SchemaError, match=r"rows\[1\]\.kind"):
        ck.enrollments_from_rows(
            [{**good, "kind": "touch", "step": 0}, {**good, "kind": "x"}], [CADENCE]
        )
    with pytest.raises(ck.SchemaError, match=r"rows\[0\]\.cadence 'Other'"):
        ck.enrollments_from_rows([{**good, "cadence": "Other", "kind": "stop"}], [CADENCE])
    with pytest.raises(ck.SchemaError, match=r"rows\[0\]\.step"):
        ck.enrollments_from_rows([{**good, "kind": "touch", "step": 9}], [CADENCE])


# --- read_events: a vendor's export, worked by hand ------------------------------------


INTRO = ck.Cadence(
    "Intro",
    [ck.Touchpoint("email", 1), ck.Touchpoint("call", 3), ck.Touchpoint("email", 5)],
)

# An Outreach-style export: its own column names, 1-based steps, vendor event
# names, times written in New York without an offset, one in another offset.
VENDOR = """\
Email,Sequence,Event,Timestamp,Step #,Outcome,Rep,Company
ada@acme.com,Intro,Email Sent,2026-11-23 09:00:00,1,,ann,Acme
ada@acme.com,Intro,Email Opened,2026-11-23 09:41:00,1,,ann,Acme
ada@acme.com,Intro,Call Completed,2026-11-25T15:00:00+01:00,2,connected,ann,Acme
ada@acme.com,Intro,Positive Reply,2026-11-25 11:30:00,,,ann,Acme
bob@beta.io,Intro,email_sent,2026-11-23 09:00:00,1.0,,ann,Beta
bob@beta.io,Intro,EMAIL_BOUNCED,2026-11-23 09:00:05,1,,,Beta
"""
VENDOR_COLUMNS = {
    "Email": "prospect",
    "Sequence": "cadence",
    "Event": "kind",
    "Timestamp": "at",
    "Step #": "step",
    "Outcome": "call_result",
    "Rep": "owner",
    "Company": "account",
}
NY = ZoneInfo("America/New_York")


def vendor_table(**options: object) -> ck.EventTable:
    rows = csv.DictReader(io.StringIO(VENDOR))
    return ck.read_events(rows, columns=VENDOR_COLUMNS, steps="1-based", tz=NY, **options)  # type: ignore[arg-type]


def test_read_a_vendor_export_by_hand() -> None:
    table = vendor_table()
    assert len(table) == 6
    assert table.problems == ()
    assert table.ignored == ()
    assert table.events() == (
        ck.Event.touch("2026-11-23T09:00:00-05:00", 0),
        ck.Event.open("2026-11-23T09:41:00-05:00", 0),
        ck.Event.touch("2026-11-25T09:00:00-05:00", 1, call_result="connected"),  # 15:00+01:00
        ck.Event.reply("2026-11-25T11:30:00-05:00", "positive"),
        ck.Event.touch("2026-11-23T09:00:00-05:00", 0),  # step "1.0"
        ck.Event.bounce("2026-11-23T09:00:05-05:00", 0),
    )
    assert table.owner == ("ann",) * 5 + (None,)
    assert table.column_name("kind") == "Event"


def test_replay_many_rebuilds_the_vendor_export() -> None:
    ada, bob = ck.replay_many(vendor_table(), [INTRO], tz="America/New_York")
    assert ada.prospect == "ada@acme.com"
    assert ada.owner == "ann"
    assert ada.account == "Acme"
    assert ada.exit_reason is ck.ExitReason.POSITIVE_REPLY
    assert ada.started == datetime(2026, 11, 23, 9, tzinfo=NY)  # the earliest event
    assert bob.exit_reason is ck.ExitReason.BOUNCED
    assert bob.owner == "ann"  # a blank cell takes the enrollment's other rows' value
    report = ck.report([ada, bob])
    assert (report.bounce_rate.numerator, report.bounce_rate.denominator) == (1, 2)
    assert (report.call_connection_rate.numerator, report.call_connection_rate.denominator) == (
        1,
        1,
    )


def test_the_same_start_written_in_two_offsets_is_one_enrollment() -> None:
    rows = [
        {"prospect": "p", "started": "2026-11-23T08:00:00+00:00", "kind": "touch", "step": 0,
         "at": "2026-11-23T09:00:00+00:00"},
        {"prospect": "p", "started": "2026-11-23T03:00:00-05:00", "kind": "touch", "step": 1,
         "at": "2026-11-25T09:00:00+00:00"},
        {"prospect": "p", "started": "2026-11-24T08:00:00+00:00", "kind": "touch", "step": 0,
         "at": "2026-11-24T09:00:00+00:00"},  # another start: another enrollment
    ]  # fmt: skip
    first, second = ck.replay_many(ck.read_events(rows), INTRO)
    assert len(first.events) == 2
    assert len(second.events) == 1
    assert first.started < second.started


MALFORMED = """\
prospect,kind,at,step,response,tz,country,variant
ada,email_sent,2026-11-23T09:00:00+00:00,0,,,,A
ada,fax_sent,2026-11-23T09:00:00+00:00,0,,,,
ada,touch,2026-11-23 09:00,0,,,,
ada,touch,2026-11-23T09:00:00+00:00,3.5,,,,
,touch,2026-11-23T09:00:00+00:00,0,,,,
ada,touch,yesterday,0,,,,
ada,touch,2026-11-23T09:00:00,1,,Mars/Olympus,,
ada,touch,2026-11-23T09:00:00+00:00,1,,,XX,
ada,positive_reply,2026-11-23T10:00:00+00:00,,no,,,
ada,touch,2026-11-23T09:00:00+00:00,,,,,
ada,open,2026-11-23T09:30:00+00:00,0,,,,B
ada,reply,2026-11-23T10:00:00+00:00,,,,,
ada,touch,2026-11-24T09:00:00,1,,Europe/Berlin,DE,
ada,reply,2026-11-24T10:00:00+00:00,,maybe,,,
"""


def test_malformed_rows_come_back_with_row_column_value_and_reason() -> None:
    rows = list(csv.DictReader(io.StringIO(MALFORMED)))
    table = ck.read_events(rows, errors="collect")
    found = {(bad.row, bad.column, bad.value): bad.reason for bad in table.problems}
    expected = {
        (1, "kind", "fax_sent"): "not an event kind cadencekit knows",
        (2, "at", "2026-11-23 09:00"): "a time without a zone",
        (3, "step", "3.5"): "expected a whole number: the 0-based step",
        (4, "prospect", ""): "required",
        (5, "at", "yesterday"): "expected an ISO 8601 time",
        (6, "tz", "Mars/Olympus"): "not a time zone",
        (7, "country", "XX"): "",
        (8, "response", "no"): "says the response is 'positive'",
        (9, "step", ""): "a touch is about one step",
        (10, "variant", "B"): "only a touch has a variant",
        (11, "response", ""): "a reply needs a response",
    }
    assert set(found) == set(expected)
    for key, reason in expected.items():
        assert reason in found[key], (key, found[key])
    assert table.rows == (0, 12, 13)  # nothing dropped silently: every row is somewhere
    assert table.tz == (None, "Europe/Berlin", None)
    assert table.country == (None, "DE", None)
    assert table.at[1] == datetime(2026, 11, 24, 9, tzinfo=ZoneInfo("Europe/Berlin"))
    assert str(table.problems[0]).startswith("rows[1].kind 'fax_sent': not an event kind")


def test_errors_raise_names_the_first_bad_row() -> None:
    with pytest.raises(ck.SchemaError, match=r"^rows\[1\]\.kind 'fax_sent': not an event kind"):
        ck.read_events(csv.DictReader(io.StringIO(MALFORMED)))


def test_a_naive_time_is_refused_without_a_zone_and_read_with_one() -> None:
    rows = [{"prospect": "p", "kind": "stop", "at": "2026-03-08T02:30:00"}]  # a gap in New York
    with pytest.raises(ck.SchemaError, match=r"rows\[0\]\.at .*tz="):
        ck.read_events(rows)
    (event,) = ck.read_events(rows, tz="America/New_York").events()
    assert event.at.isoformat() == "2026-03-08T03:00:00-04:00"  # the gap's end, as in schedule()


def test_a_naive_start_is_read_in_its_rows_zone_and_the_table_knows_its_offsets() -> None:
    text = (
        "prospect,kind,step,at,started,tz\n"
        "p,touch,0,2026-11-23T09:00:00-05:00,2026-11-23T08:00:00,America/New_York\n"
        "p,open,0,2026-11-23T10:00:00-05:00,2026-11-23T08:00:00,America/New_York\n"
        "q,touch,0,2026-11-23T09:00:00+01:00,2026-11-23T08:00:00,Europe/Berlin\n"
    )
    table = ck.read_events(text)
    assert table.started[0] == datetime(2026, 11, 23, 8, tzinfo=ZoneInfo("America/New_York"))
    assert table.started[2] == datetime(2026, 11, 23, 8, tzinfo=ZoneInfo("Europe/Berlin"))
    assert table._fixed_offsets  # every `at` carries its offset
    assert {type(at.tzinfo) for at in table.at} == {timezone}
    naive = ck.read_events(text.replace("-05:00,", ",").replace("+01:00,", ","))
    assert not naive._fixed_offsets  # read in their zones: ZoneInfo, not fixed offsets
    assert naive.at == table.at


def test_columns_and_kinds_are_checked() -> None:
    rows = [{"prospect": "p", "kind": "stop", "at": "2026-11-23T09:00:00Z"}]
    with pytest.raises(ck.InvalidFieldError, match=r"columns\['When'\].*no column 'When'"):
        ck.read_events(rows, columns={"When": "at"})
    with pytest.raises(ck.InvalidFieldError, match=r"columns\['x'\] 'nope': expected one of our"):
        ck.read_events(rows, columns={"x": "nope"})
    with pytest.raises(ck.InvalidFieldError, match="no column is read as 'at'"):
        ck.read_events([{"prospect": "p", "kind": "stop"}])
    with pytest.raises(ck.InvalidFieldError, match=r"kinds\['Sent'\]"):
        ck.read_events(rows, kinds={"Sent": "sent"})
    with pytest.raises(ck.InvalidFieldError, match="steps"):
        ck.read_events(rows, steps="1")  # type: ignore[arg-type]
    with pytest.raises(ck.InvalidFieldError, match="errors"):
        ck.read_events(rows, errors="ignore")  # type: ignore[arg-type]


def test_kinds_extend_the_built_in_names() -> None:
    rows = [
        {"prospect": "p", "kind": "Dialed - Left VM", "at": "2026-11-23T09:00:00Z", "step": 1},
        {"prospect": "p", "kind": "Replied", "at": "2026-11-23T10:00:00Z"},
        {"prospect": "p", "kind": "Email Delivered", "at": "2026-11-23T09:00:01Z", "step": 1},
        {"prospect": "p", "kind": "Warm lead", "at": "2026-11-23T11:00:00Z"},
    ]
    table = ck.read_events(
        rows,
        kinds={
            "dialed left vm": {"kind": "touch", "call_result": "voicemail"},
            "Email Delivered": None,
            "warm-lead": {"kind": "reply", "response": "positive"},
        },
    )
    assert [(e.kind.value, e.call_result, e.response) for e in table.events()] == [
        ("touch", ck.CallResult.VOICEMAIL, None),
        ("reply", None, ck.Response.OTHER),  # a vendor's reply not classified
        ("reply", None, ck.Response.POSITIVE),
    ]
    assert table.ignored == (2,)


def test_a_dict_reader_and_its_dicts_read_the_same() -> None:
    text = VENDOR + "carl@c.com,Intro,Email Sent,2026-11-23 09:00:00,1\n"  # a short row
    direct = ck.read_events(
        csv.DictReader(io.StringIO(text)), columns=VENDOR_COLUMNS, steps="1-based", tz=NY
    )
    listed = ck.read_events(
        list(csv.DictReader(io.StringIO(text))), columns=VENDOR_COLUMNS, steps="1-based", tz=NY
    )
    assert direct == listed
    assert len(direct) == 7
    assert direct.owner[-1] is None


def test_a_pandas_frame_reads_like_its_rows() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(io.StringIO(VENDOR))  # the step column becomes floats, gaps NaN
    assert frame["Step #"].dtype == float
    from_frame = ck.read_events(frame, columns=VENDOR_COLUMNS, steps="1-based", tz=NY)
    assert from_frame.events() == vendor_table().events()
    assert from_frame.owner == vendor_table().owner
    frame["Timestamp"] = pd.to_datetime(list(vendor_table().at), utc=True)  # Timestamps in UTC
    assert ck.read_events(frame, columns=VENDOR_COLUMNS, steps="1-based").events() == (
        vendor_table().events()
    )


def test_event_from_dict_takes_a_whole_float_step() -> None:
    data = {"kind": "touch", "at": "2026-11-23T09:00:00Z", "step": 3.0}
    assert ck.Event.from_dict(data).step == 3
    with pytest.raises(ck.SchemaError, match=r"step 3\.5: expected a whole number"):
        ck.Event.from_dict({**data, "step": 3.5})
    with pytest.raises(ck.SchemaError, match="step True"):
        ck.Event.from_dict({**data, "step": True})


# --- replay_many ---------------------------------------------------------------------


def test_replay_many_is_the_same_whatever_the_row_order(enrollments: list[ck.Enrollment]) -> None:
    rows = rows_of(enrollments)
    once = ck.replay_many(ck.read_events(rows), CADENCE)
    random.Random(7).shuffle(rows)
    assert ck.replay_many(ck.read_events(rows), {CADENCE.name: CADENCE}) == once
    assert [e.prospect for e in once] == sorted(e.prospect for e in once)


def test_per_row_zone_country_and_rep_calendars() -> None:
    rows = [
        {"prospect": "jo", "kind": "touch", "step": 0, "at": "2026-12-24T09:00:00",
         "tz": "Europe/Berlin", "country": "DE", "owner": "eva"},
    ]  # fmt: skip
    rep = ck.BusinessCalendar(holidays={"2026-12-28": "Eva on leave"})
    (jo,) = ck.replay_many(ck.read_events(rows), INTRO, rep_calendars={"eva": rep})
    assert jo.tz == "Europe/Berlin"
    assert jo.calendar == ck.BusinessCalendar(country="DE")
    assert jo.rep_calendar == rep
    # Day 3 is a call: 25 and 26 Dec are German holidays, the 28th Eva's day off.
    assert jo.next_touch is not None
    assert jo.next_touch.due.isoformat() == "2026-12-29T09:00:00+01:00"


def test_replay_many_names_the_row_at_fault() -> None:
    good = {"prospect": "p", "at": "2026-11-23T09:00:00+00:00"}
    rows = [{**good, "kind": "touch", "step": 0}, {**good, "kind": "touch", "step": 7}]
    with pytest.raises(
        ck.SchemaError, match=r"rows\[1\]\.step 7: this enrollment has steps 0\.\.2"
    ):
        ck.replay_many(ck.read_events(rows), INTRO)
    with pytest.raises(ck.SchemaError, match=r"rows\[0\]\.cadence 'Other'"):
        ck.replay_many(ck.read_events([{**good, "kind": "stop", "cadence": "Other"}]), [INTRO])
    with pytest.raises(ck.SchemaError, match=r"rows\[0\]\.cadence None: no cadence named"):
        ck.replay_many(ck.read_events([{**good, "kind": "stop"}]), [INTRO])
    clash = [{**good, "kind": "stop", "owner": "ann"}, {**good, "kind": "stop", "owner": "bo"}]
    with pytest.raises(ck.SchemaError, match=r"rows\[1\]\.owner 'bo': another row .* 'ann'"):
        ck.replay_many(ck.read_events(clash), INTRO)
    early = [{**good, "kind": "stop", "started": "2026-11-24T09:00:00+00:00"}]
    with pytest.raises(ck.SchemaError, match=r"rows\[0\]\.at .*before the enrollment started"):
        ck.replay_many(ck.read_events(early), INTRO)


# --- tables out ----------------------------------------------------------------------


def mixed_zone_enrollments() -> list[ck.Enrollment]:
    ada = ck.Enrollment.start(
        INTRO,
        "ada",
        "2026-11-23T08:00:00-05:00",
        tz="America/New_York",
        owner="ann",
        account="Acme",
    )
    ada = ada.apply(ck.Event.touch("2026-11-23T09:00:00-05:00", 0, id="m1"))
    jo = ck.Enrollment.start(INTRO, "jo", "2026-11-23T08:00:00+01:00", tz="Europe/Berlin")
    done = ck.Enrollment.start(INTRO, "ed", "2026-11-23T08:00:00+00:00")
    done = done.apply(ck.Event.opt_out("2026-11-23T08:30:00+00:00"))
    return [ada, jo, done]


def test_touch_records_flatten_every_plan() -> None:
    records = ck.touch_records(mixed_zone_enrollments())
    assert [(r["prospect"], r["step"], r["channel"], r["automated"]) for r in records] == [
        ("ada", 1, "call", False),
        ("ada", 2, "email", True),
        ("jo", 0, "email", True),
        ("jo", 1, "call", False),
        ("jo", 2, "email", True),
    ]  # ed opted out: nothing to do
    first = records[0]
    assert first["due"] == datetime(2026, 11, 25, 9, tzinfo=NY)
    assert first["due_utc"] == datetime(2026, 11, 25, 14, tzinfo=UTC)
    assert first["due_utc"].tzinfo is UTC  # type: ignore[union-attr]
    assert (first["tz"], first["owner"], first["account"]) == ("America/New_York", "ann", "Acme")
    assert list(first) == list(ck.records.TOUCH_COLUMNS)
    assert records[2]["tz"] == "Europe/Berlin"
    assert records[2]["time"].hour == 9


def test_touch_records_load_into_pandas_with_mixed_zones() -> None:
    pd = pytest.importorskip("pandas")
    frame = ck.touch_records(mixed_zone_enrollments(), frame=True)
    assert str(frame["due_utc"].dtype) == "datetime64[ns, UTC]"
    assert list(frame.sort_values("due_utc")["prospect"]) == ["jo", "jo", "ada", "jo", "ada"]
    assert frame.equals(pd.DataFrame(ck.touch_records(mixed_zone_enrollments())).assign(
        due_utc=lambda f: pd.to_datetime(f["due_utc"], utc=True)))  # fmt: skip
    empty = ck.touch_records([], frame=True)
    assert list(empty.columns) == list(ck.records.TOUCH_COLUMNS)
    assert len(empty) == 0
    assert str(empty["due_utc"].dtype) == "datetime64[ns, UTC]"


def test_event_and_decision_records() -> None:
    events = ck.event_records(mixed_zone_enrollments())
    assert [(r["prospect"], r["kind"], r["step"], r["channel"], r["id"]) for r in events] == [
        ("ada", "touch", 0, "email", "m1"),
        ("ed", "opt_out", None, None, None),
    ]
    assert events[0]["at_utc"] == datetime(2026, 11, 23, 14, tzinfo=UTC)
    decisions = ck.decision_records(mixed_zone_enrollments())
    assert [(r["prospect"], r["rule"], r["effect"]) for r in decisions] == [
        ("ada", None, "step 1 done"),
        ("ed", "opt-out", "end (opted_out)"),
    ]
    pd = pytest.importorskip("pandas")
    frame = ck.decision_records(mixed_zone_enrollments(), frame=True)
    assert list(frame.columns) == list(ck.records.DECISION_COLUMNS)
    assert str(ck.event_records([], frame=True)["at_utc"].dtype) == "datetime64[ns, UTC]"
    del pd


def test_the_three_record_tables_share_their_head_and_take_one_enrollment() -> None:
    """touch, event and decision records are one builder: same head columns, same input."""
    ada, jo, done = mixed_zone_enrollments()
    builders = (ck.touch_records, ck.event_records, ck.decision_records)
    for build in builders:
        assert build(ada) == build([ada])
        for row in build([ada, jo, done]):
            e = {"ada": ada, "jo": jo, "ed": done}[str(row["prospect"])]
            assert (row["cadence"], row["owner"], row["account"]) == (
                e.cadence.name,
                e.owner,
                e.account,
            )
        with pytest.raises(
            ck.InvalidFieldError, match=r"^enrollments\[0\] 1: expected an Enrollment"
        ):
            build([1])  # type: ignore[list-item]
    assert [len(build([ada, jo, done])) for build in builders] == [5, 2, 2]


def test_the_docs_list_every_vendor_name_read_without_a_mapping() -> None:
    from pathlib import Path

    from cadencekit.tables import _VENDOR_KINDS

    page = (Path(__file__).resolve().parent.parent / "docs" / "export.md").read_text()
    ours = {kind.value for kind in ck.EventKind}
    for name, (kind, response, call_result) in _VENDOR_KINDS.items():
        if name in ours:
            continue
        line = next(line for line in page.splitlines() if f"`{name}`" in line)
        assert f"| `{kind.value}` |" in line, name
        if response is not None:
            assert f"response `{response.value}`" in line, name
        if call_result is not None:
            assert f"call result `{call_result.value}`" in line, name


def test_report_of_an_export_matches_a_pandas_groupby_oracle() -> None:
    pd = pytest.importorskip("pandas")
    import runpy
    from pathlib import Path

    bench = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_export.py"
    code = runpy.run_path(str(bench), run_name="bench_export")
    text = code["export_text"](400, seed=15)
    table = ck.read_events(csv.DictReader(io.StringIO(text)))
    report = ck.report(ck.replay_many(table, code["CADENCE"]))
    expected = code["pandas_counts"](pd.read_csv(io.StringIO(text)))
    assert code["report_counts"](report) == expected
    assert expected["reply_rate"][1] == 400


def test_vendor_names_for_outcomes_read_as_the_outcome_kinds() -> None:
    rows = [
        {"prospect": "ann", "kind": "Opportunity Created", "at": "2026-11-24T10:00:00Z"},
        {"prospect": "ann", "kind": "Lead Converted", "at": "2026-11-24T11:00:00Z"},
        {"prospect": "ann", "kind": "LinkedIn Connection Accepted", "at": "2026-11-24T12:00:00Z"},
    ]
    assert list(ck.read_events(rows).kind) == [
        ck.EventKind.OPPORTUNITY,
        ck.EventKind.CONVERTED,
        ck.EventKind.ENGAGEMENT,
    ]


def test_replay_many_collects_the_enrollments_it_cannot_replay() -> None:
    rows = [
        {"prospect": "ada", "kind": "touch", "step": 0, "at": "2026-11-23T09:00:00+00:00"},
        {"prospect": "bob", "kind": "touch", "step": 0, "at": "2026-11-23T09:00:00+00:00"},
        {"prospect": "bob", "kind": "touch", "step": 9, "at": "2026-11-24T09:00:00+00:00"},
        {"prospect": "bob", "kind": "open", "step": 0, "at": "2026-11-24T10:00:00+00:00"},
        {"prospect": "cy", "kind": "reply", "response": "no", "at": "2026-11-23T12:00:00+00:00"},
    ]
    intro = ck.Cadence("Intro", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 3)])
    table = ck.read_events(rows)
    with pytest.raises(ck.SchemaError, match=r"rows\[2\]\.step"):
        ck.replay_many(table, intro)
    good, problems = ck.replay_many(table, intro, errors="collect")
    assert [e.prospect for e in good] == ["ada", "cy"]
    assert good == list(ck.replay_many(ck.read_events([rows[0], rows[4]]), intro))
    [bad] = problems
    assert (bad.row, bad.column, bad.value) == (2, "step", 9)
    assert "steps 0..1" in bad.reason
    assert "(1, 3)" in bad.reason
    with pytest.raises(ck.InvalidFieldError, match="errors"):
        ck.replay_many(table, intro, errors="skip")  # type: ignore[call-overload]


def test_replay_many_equals_replay_of_each_group() -> None:
    rows = [
        {
            "prospect": "ada",
            "kind": "touch",
            "step": 0,
            "at": "2026-11-23T09:00:00-05:00",
            "id": "m1",
        },
        {"prospect": "ada", "kind": "open", "step": 0, "at": "2026-11-23T10:00:00-05:00"},
        {
            "prospect": "ada",
            "kind": "touch",
            "step": 0,
            "at": "2026-11-23T09:30:00-05:00",
            "id": "m1",
        },
        {"prospect": "ada", "kind": "pause", "at": "2026-11-24T10:00:00Z", "until": "2026-11-30"},
    ]
    intro = ck.Cadence("Intro", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 3)])
    [bulk] = ck.replay_many(ck.read_events(rows), intro)
    events = ck.read_events(rows).events()
    one = ck.Enrollment.replay(intro, "ada", min(e.at for e in events), events)
    assert bulk == one
    assert bulk.events == one.events
    assert [e.to_dict() for e in bulk.events] == [e.to_dict() for e in one.events]
    assert bulk.decisions == one.decisions


# --- issue 23: nothing lost on the way in ----------------------------------------------------

TWO_STEPS = ck.Cadence("Intro", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 3)])
ONE_STEP = ck.Cadence("Other", [ck.Touchpoint("email", 1)])
ADA_START = "2026-11-23T08:00:00+00:00"


def _ada(**cells: object) -> dict[str, object]:
    return {"prospect": "ada", "cadence": "Intro", "started": ADA_START, **cells}


ADA_TOUCH = {"kind": "touch", "step": 0, "at": "2026-11-23T09:00:00+00:00"}
ADA_YES = {"kind": "reply", "response": "positive", "at": "2026-11-23T10:00:00+00:00"}


@pytest.mark.parametrize(
    "blank",
    [{"started": ""}, {"cadence": ""}, {"started": None, "cadence": None}],
    ids=["started", "cadence", "both"],
)
def test_a_blank_start_or_cadence_cell_takes_the_prospects_other_rows_value(
    blank: dict[str, object],
) -> None:
    # Issue 23 item 4: a blank `started` or `cadence` cell made a second, phantom
    # enrollment: the "yes" landed in it and the real one kept calling.
    rows = [_ada(**ADA_TOUCH), _ada(**ADA_YES, **blank)]
    table = ck.read_events(rows)
    assert table.cadence == ("Intro", "Intro")
    assert table.started == (datetime.fromisoformat(ADA_START),) * 2
    [enrollment] = ck.replay_many(table, [TWO_STEPS, ONE_STEP])
    assert enrollment.exit_reason is ck.ExitReason.POSITIVE_REPLY
    report = ck.report(table, cadences=[TWO_STEPS, ONE_STEP])
    assert report.positive_reply_rate.numerator == report.positive_reply_rate.denominator == 1


def test_a_blank_cell_between_several_enrollments_is_a_bad_row() -> None:
    # Issue 23 item 4: which enrollment a blank row is of must be said when the prospect
    # has several; the conflict is named, never guessed.
    rows = [
        _ada(**ADA_TOUCH),
        _ada(**ADA_TOUCH, cadence="Other"),
        _ada(**ADA_YES, cadence=""),
        _ada(**ADA_TOUCH, cadence="Other", started="2026-12-01T08:00:00+00:00"),
        _ada(**ADA_YES, cadence="Other", started=""),
    ]
    with pytest.raises(
        ck.SchemaError,
        match=r"^rows\[2\]\.cadence '': blank, and this prospect's rows name the cadences "
        r"'Intro', 'Other': say which the row is of$",
    ):
        ck.read_events(rows)
    table = ck.read_events(rows, errors="collect")
    assert [(bad.row, bad.column) for bad in table.problems] == [(2, "cadence"), (4, "started")]
    assert "start at '2026-11-23T08:00:00+00:00', '2026-12-01T08:00:00+00:00'" in (
        table.problems[1].reason
    )
    assert table.rows == (0, 1, 3)


def test_a_start_without_an_offset_is_read_in_one_zone_for_its_prospect() -> None:
    # Issue 23 item 4: a naive `started` read in each row's own zone split one enrollment
    # in two when the rows named different zones.
    naive = "2026-11-23T08:00"
    rows = [
        _ada(**ADA_TOUCH, started=naive, tz="America/New_York") | {"at": "2026-11-23T14:00:00Z"},
        _ada(**ADA_YES, started=naive, tz="Europe/Berlin") | {"at": "2026-11-23T15:00:00Z"},
    ]
    with pytest.raises(
        ck.SchemaError,
        match=r"^rows\[0\]\.tz 'America/New_York': the start '2026-11-23T08:00' has no offset, "
        r"and rows of this prospect with it read it in 'America/New_York' and 'Europe/Berlin'",
    ):
        ck.read_events(rows)
    assert [bad.row for bad in ck.read_events(rows, errors="collect").problems] == [0, 1]
    # A blank tz takes the zone the others name; tz=... reads every start in one zone.
    rows[1]["tz"] = ""
    table = ck.read_events(rows)
    assert table.started[0] == table.started[1] == datetime(2026, 11, 23, 13, tzinfo=UTC)
    [enrollment] = ck.replay_many(table, TWO_STEPS)
    assert enrollment.exit_reason is ck.ExitReason.POSITIVE_REPLY
    rows[1]["tz"] = "Europe/Berlin"
    assert len(set(ck.read_events(rows, tz="UTC").started)) == 1


def test_an_event_table_has_no_public_constructor_and_no_evolve() -> None:
    # Issue 23 item 7: EventTable checked nothing: a short column silently dropped rows
    # from report(table), string kinds counted no touches, step -1 replayed as the last
    # step, and attrs.evolve kept the table marked as checked.
    import attrs

    table = ck.read_events([_ada(**ADA_TOUCH), _ada(**ADA_YES)])
    columns = attrs.astuple(table, recurse=False)
    with pytest.raises(ck.CadenceError, match=r"^EventTable has no public constructor"):
        ck.EventTable(*columns)
    for change in ({"step": (-1, None)}, {"kind": ("touch", "reply")}, {"at": table.at[:1]}):
        with pytest.raises(ck.CadenceError, match=r"read_events"):
            attrs.evolve(table, **change)
    # the way in: read_events, also of a table's own records
    again = ck.read_events(table.to_records())
    assert again.events() == table.events()
    assert again.started == table.started
    import pickle

    assert pickle.loads(pickle.dumps(table)) == table


def test_a_row_ignored_on_purpose_is_never_also_a_bad_row() -> None:
    # Issue 23 item 8: a row both ignored and bad was listed in both `ignored` and
    # `problems` (every row must be in exactly one of rows, problems and ignored).
    rows = [
        {"prospect": "ada", "kind": "delivered", "step": -1, "at": "2026-11-23T09:00:00"},
        {"prospect": "ada", "kind": "touch", "step": 0, "at": "2026-11-23T09:00:00Z"},
        {"prospect": "ada", "kind": "touch", "step": -1, "at": "2026-11-23T09:00:00Z"},
    ]
    table = ck.read_events(rows, kinds={"delivered": None}, errors="collect")
    assert table.ignored == (0,)
    assert [bad.row for bad in table.problems] == [2]
    assert table.rows == (1,)
    assert ck.read_events(rows[:2], kinds={"delivered": None}).rows == (1,)  # nothing raised


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        ({"at": "0001-01-01T00:00:00", "tz": "Etc/GMT-14"}, "at"),
        ({"at": "9999-12-31T23:00:00", "tz": "America/New_York"}, "at"),
        ({"at": "9999-12-31T23:59:00-12:00"}, "at"),
        ({"at": "0001-01-01T00:00:00+14:00"}, "at"),
        ({"at": "9999-12-31T20:00:00+00:00"}, "at"),  # Kiritimati's 10000-01-01
        ({"started": "9999-12-31T23:00:00", "tz": "America/New_York"}, "started"),
        ({"started": "9999-12-30T23:00:00", "tz": "America/New_York"}, "started"),
        ({"started": "0001-01-01T01:00:00+05:00"}, "started"),
        ({"kind": "pause", "step": None, "until": "9999-12-31"}, "until"),
    ],
)
def test_a_moment_within_a_day_of_year_1_or_9999_is_a_bad_row_not_an_overflow(
    cells: dict[str, object], column: str
) -> None:
    # Issue 23 item 16: OverflowError from read_events near years 1 and 9999, even with
    # errors="collect" (a naive time placed in its zone, an instant past 9999 in UTC).
    # A moment within a day of the ends may have no local time in some zone: refused at
    # the edge, so neither the engine nor the report's quick fold meets one.
    row = {"prospect": "ada", "kind": "touch", "step": 0, "at": "2026-11-23T09:00:00Z", **cells}
    table = ck.read_events([row], errors="collect")
    [bad] = table.problems
    assert (bad.row, bad.column) == (0, column)
    assert "year 1 or 9999" in bad.reason
    with pytest.raises(ck.SchemaError, match=rf"^rows\[0\]\.{column} .*year 1 or 9999"):
        ck.read_events([row])
    assert ck.report(table, cadences=TWO_STEPS).enrolled == 0
    assert ck.replay_many(table, TWO_STEPS) == []


def test_a_bad_rows_deep_cell_is_shown_cut_short() -> None:
    # Found by the widened hostile property (issue 23): str() and repr() of a BadRow whose
    # cell held a document sharing itself at every level took 3**depth time and memory.
    deep: object = {"x": 1}
    for _ in range(200):
        deep = {"a": [deep], "b": deep, "c": deep}
    [bad] = ck.read_events(
        [{"prospect": deep, "kind": "stop", "at": "2026-11-23T09:00:00Z"}], errors="collect"
    ).problems
    assert len(str(bad)) < 400
    assert len(repr(bad)) < 500


# --- exports as platforms write them ----------------------------------------------------------


def test_the_docs_list_every_disposition_read_without_a_mapping() -> None:
    from pathlib import Path

    from cadencekit.tables import _DISPOSITIONS

    page = (Path(__file__).resolve().parent.parent / "docs" / "export.md").read_text()
    table = page[page.index("| the export says | call result | then |") :]
    ours = {result.value for result in ck.CallResult}
    words = {
        None: "",
        "positive": "a reply, `positive`",
        "no": "a reply, `no`",
        "referral": "a reply, `referral`",
        "meeting": "a meeting",
        "opt_out": "an opt-out",
    }
    for name, (result, outcome) in _DISPOSITIONS.items():
        if name in ours:
            continue
        line = next(line for line in table.splitlines() if f"`{name}`" in line)
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        assert cells[1:] == [f"`{result.value}`", words[outcome]], name


CALLS = """\
prospect,kind,at,step,Call outcome
ada,Call,2026-11-23T15:00:00Z,2,Left Voicemail
bob,Call,2026-11-23T15:10:00Z,2,Busy
cy,Call,2026-11-23T15:20:00Z,2,Not Interested
dee,Call,2026-11-23T15:30:00Z,2,Do Not Call
eve,Call,2026-11-23T15:40:00Z,2,Meeting Scheduled
fay,Outbound Call,2026-11-23T15:50:00Z,2,Wrong Number
gus,Call Logged,2026-11-23T16:00:00Z,2,Gatekeeper
hal,LinkedIn Task Completed,2026-11-23T16:10:00Z,1,
"""
CALLED = ck.Cadence(
    "Three", [ck.Touchpoint("linkedin", 1), ck.Touchpoint("call", 2), ck.Touchpoint("email", 4)]
)


def test_dispositions_as_platforms_write_them_are_read_by_default() -> None:
    table = ck.read_events(CALLS, columns={"Call outcome": "call_result"}, steps="1-based")
    assert not table.problems
    by_prospect: dict[str, list[tuple[str, object]]] = {}
    for prospect, event in zip(table.prospect, table.events(), strict=True):
        detail = event.call_result or event.response
        by_prospect.setdefault(prospect, []).append(
            (event.kind.value, None if detail is None else detail.value)
        )
    assert by_prospect == {
        "ada": [("touch", "voicemail")],
        "bob": [("touch", "no_answer")],
        "cy": [("touch", "connected"), ("reply", "no")],
        "dee": [("touch", "connected"), ("opt_out", None)],
        "eve": [("touch", "connected"), ("meeting", None)],
        "fay": [("touch", "bad_number")],
        "gus": [("touch", "no_answer")],
        "hal": [("touch", None)],
    }
    assert table.rows == (0, 1, 2, 2, 3, 3, 4, 4, 5, 6, 7)
    assert set(table.step) == {0, 1}


def test_a_disposition_that_decides_ends_the_enrollment_and_counts_the_call() -> None:
    table = ck.read_events(CALLS, columns={"Call outcome": "call_result"}, steps="1-based")
    ended = {e.prospect: e for e in ck.replay_many(table, CALLED)}
    assert ended["cy"].exit_reason is ck.ExitReason.DECLINED
    assert ended["dee"].exit_reason is ck.ExitReason.OPTED_OUT
    assert ended["eve"].exit_reason is ck.ExitReason.MEETING_BOOKED
    assert ended["ada"].status is ck.Status.ACTIVE
    report = ck.report(list(ended.values()))
    assert report.call_connection_rate.numerator == 3  # cy, dee and eve answered
    assert report.call_connection_rate.denominator == 7
    assert ck.report(table, cadences=CALLED) == report


def test_dispositions_are_overridable_and_unknown_ones_name_the_parameter() -> None:
    text = "prospect,kind,at,step,call_result\nada,Call,2026-11-23T15:00:00Z,0,Dialed - Left VM\n"
    with pytest.raises(ck.SchemaError, match=r"dispositions=\{'Dialed - Left VM'") as caught:
        ck.read_events(text)
    assert "(line 2)" in str(caught.value)
    read = ck.read_events(text, dispositions={"Dialed - Left VM": "voicemail"})
    assert read.events()[0].call_result is ck.CallResult.VOICEMAIL
    demo = ck.read_events(
        text, dispositions={"dialed left vm": {"call_result": "connected", "outcome": "meeting"}}
    )
    assert [e.kind.value for e in demo.events()] == ["touch", "meeting"]
    busy = "prospect,kind,at,step,call_result\nada,Call,2026-11-23T15:00:00Z,0,Busy\n"
    assert ck.read_events(busy, dispositions={"Busy": None}).call_result == (None,)
    for bad, field in [
        (["voicemail"], "dispositions"),
        ({"Left VM": "left"}, "dispositions['Left VM']"),
        ({"Left VM": {"outcome": "no"}}, "dispositions['Left VM']"),
        ({"Left VM": {"call_result": "connected", "outcome": "sale"}}, "['outcome']"),
        ({3: "voicemail"}, "dispositions[3]"),
    ]:
        with pytest.raises(ck.InvalidFieldError) as error:
            ck.read_events(busy, dispositions=bad)  # type: ignore[arg-type]
        assert field in error.value.field


def test_a_decision_on_a_row_that_is_not_a_call_is_refused_not_split() -> None:
    rows = [
        {"prospect": "ada", "kind": "reply", "response": "no", "at": "2026-11-23T15:00:00Z",
         "call_result": "Not Interested"},
    ]  # fmt: skip
    table = ck.read_events(rows, errors="collect")
    assert len(table) == 0
    assert table.problems[0].column == "call_result"


def test_messages_speak_the_numbering_the_export_chose() -> None:
    text = "prospect,kind,at,step\nada,Call,2026-11-23T15:00:00Z,\n"
    one = ck.read_events(text, steps="1-based", errors="collect").problems[0]
    assert "1-based" in one.reason
    assert "0-based" not in one.reason
    zero = ck.read_events(text, errors="collect").problems[0]
    assert "0-based" in zero.reason
    late = "prospect,kind,at,step\nada,Call,2026-11-23T15:00:00Z,4\n"
    with pytest.raises(ck.SchemaError) as error:
        ck.replay_many(ck.read_events(late, steps="1-based"), CALLED)
    assert error.value.value == 4
    assert "steps 1..3" in str(error.value)
    assert "0-based" not in str(error.value)
    assert "(line 2)" in str(error.value)
    _, [bad] = ck.replay_many(ck.read_events(late, steps="1-based"), CALLED, errors="collect")
    assert bad.value == 4
    assert bad.line == 2
    assert "step 4 (1-based)" in bad.reason


def test_every_bad_row_names_its_line_in_the_text() -> None:
    plain = "prospect,kind,at,step\nada,touch,2026-11-23T15:00:00Z,0\nbob,touch,never,0\n"
    assert [bad.line for bad in ck.read_events(plain, errors="collect").problems] == [3]
    quoted = (
        "prospect,kind,at,step\r\n"
        '"ada\nlovelace",touch,2026-11-23T15:00:00Z,0\r\n'
        "\r\n"
        "bob,touch,never,0\r\n"
        "cy,touch,2026-11-23T15:00:00Z,x\r\n"
    )
    table = ck.read_events(quoted, errors="collect")
    assert [(bad.row, bad.line) for bad in table.problems] == [(1, 5), (2, 6)]
    assert table.line(0) == 2
    assert table.line(7) is None
    reader = csv.DictReader(io.StringIO(quoted))
    assert [bad.line for bad in ck.read_events(reader, errors="collect").problems] == [5, 6]
    rows = list(csv.DictReader(io.StringIO(quoted)))
    assert [bad.line for bad in ck.read_events(rows, errors="collect").problems] == [None, None]
    with pytest.raises(ck.SchemaError, match=r"^rows\[1\]\.at 'never': .* \(line 5\)$"):
        ck.read_events(quoted)
    assert str(table.problems[0]).startswith("rows[1].at 'never' (line 5): ")


# --- reply labels flow on ------------------------------------------------------------------


def test_the_one_mapping_from_a_reply_label_covers_every_label() -> None:
    from cadencekit.events import _REPLY_EVENTS

    assert set(_REPLY_EVENTS) == {label.value for label in ck.ReplyLabel}


@pytest.mark.parametrize("label", list(ck.ReplyLabel))
def test_every_reply_label_is_accepted_wherever_a_response_is_read(label: ck.ReplyLabel) -> None:
    at = "2026-11-24T10:00:00+00:00"
    made = ck.Event.reply(at, label.value, step=0)
    expected = {"opt_out": "opt_out", "bounce": "bounce"}.get(label.value, "reply")
    assert made.kind.value == expected
    assert made.response == (None if expected != "reply" else ck.Response(label.value))
    assert ck.Event.reply(at, label, step=0) == made
    data = {"kind": "reply", "response": label.value, "at": at, "step": 0}
    assert ck.Event.from_dict(data) == made
    row = {"prospect": "ada", "kind": "reply", "response": label.value, "at": at, "step": 0}
    assert ck.read_events([row]).events() == (made,)
    assert ck.read_events([{**row, "kind": "Replied"}]).events() == (made,)
    reading = ck.ReplyReading(label, None, 0.9, (), datetime(2026, 11, 24, 10, tzinfo=UTC))
    assert reading.to_event(step=0) == made


def test_a_label_of_its_own_kind_names_the_way_to_build_it() -> None:
    with pytest.raises(ck.InvalidFieldError, match=r"Event\.reply\(at, 'opt_out'\)"):
        ck.Event("reply", "2026-11-24T10:00:00Z", response="opt_out")
    with pytest.raises(ck.InvalidFieldError, match="an event of its own kind"):
        ck.read_events(
            [{"prospect": "a", "kind": "open", "step": 0, "response": "opt_out",
              "at": "2026-11-24T10:00:00Z"}]
        )  # fmt: skip
    custom = ck.read_events(
        [{"prospect": "a", "kind": "Asked to stop", "at": "2026-11-24T10:00:00Z"}],
        kinds={"Asked to stop": {"kind": "reply", "response": "opt_out"}},
    )
    assert custom.kind == (ck.EventKind.OPT_OUT,)


def test_a_naive_received_at_is_read_in_the_repliers_zone() -> None:
    naive = ck.read_reply("Sounds good", received_at="2026-11-24T10:00", tz="Europe/Berlin")
    aware = ck.read_reply(
        "Sounds good", received_at="2026-11-24T10:00:00+01:00", tz="Europe/Berlin"
    )
    assert naive.received_at == aware.received_at
    assert naive.received_at.utcoffset() == aware.received_at.utcoffset()
    also = ck.read_reply(
        "Sounds good", received_at=datetime(2026, 11, 24, 10), tz=ZoneInfo("Europe/Berlin")
    )
    assert also.received_at == aware.received_at
    with pytest.raises(ck.InvalidFieldError, match=r"^received_at 'soon'"):
        ck.read_reply("Sounds good", received_at="soon", tz="UTC")


INBOX = """\
prospect,kind,at,step,tz,country,Body
ada,Email Sent,2026-11-23T09:00:00+01:00,1,Europe/Berlin,DE,
ada,Replied,2026-11-24 10:00,,Europe/Berlin,DE,"Thanks, but please remove me from your list."
bob,Email Sent,2026-11-23T09:00:00-05:00,1,America/New_York,US,
bob,Replied,2026-11-24 10:00,,America/New_York,US,"I'm out of the office until Monday, November 30."
cy,Email Sent,2026-11-23T09:00:00-05:00,1,America/New_York,US,
cy,Positive Reply,2026-11-24 10:00,,America/New_York,US,"Sure, but actually, unsubscribe me."
dee,Email Sent,2026-11-23T09:00:00-05:00,1,America/New_York,US,
dee,Positive Reply,2026-11-24 10:00,,America/New_York,US,"Not now, maybe next year."
eve,Email Sent,2026-11-23T09:00:00-05:00,1,America/New_York,US,
eve,Replied,2026-11-24 10:00,,America/New_York,US,"Not now. Try me again in Q3."
"""
INBOX_CADENCE = ck.Cadence("Intro", [ck.Touchpoint("email", 1), ck.Touchpoint("email", 3)])


def test_an_export_of_reply_texts_ends_an_opt_out_on_both_paths() -> None:
    # "please remove me" with no response column: opted out, by the table path's quick fold
    # and by the engine (run this file again with --engine-only for the reference path).
    table = ck.read_events(INBOX, columns={"Body": "reply_text"}, steps="1-based")
    assert not table.problems
    enrollments = {e.prospect: e for e in ck.replay_many(table, INBOX_CADENCE)}
    assert enrollments["ada"].exit_reason is ck.ExitReason.OPTED_OUT
    assert enrollments["cy"].exit_reason is ck.ExitReason.OPTED_OUT  # an opt-out always stands
    assert enrollments["dee"].exit_reason is ck.ExitReason.POSITIVE_REPLY  # the export stands
    assert enrollments["bob"].status is ck.Status.PAUSED
    assert enrollments["bob"].events[-1].until == date(2026, 11, 30)
    assert enrollments["eve"].events[-1].response is ck.Response.MAYBE
    assert enrollments["eve"].events[-1].until == date(2027, 7, 1)  # a maybe's day flows on
    now = "2026-11-25T00:00:00+00:00"
    quick = ck.report(table, cadences=INBOX_CADENCE, now=now)
    assert quick == ck.report(list(enrollments.values()), now=now)
    assert quick.opt_out_rate.numerator == 2
    assert quick.ended_by[ck.ExitReason.OPTED_OUT] == 2
    without = ck.read_events(INBOX, steps="1-based")  # no text read: an unclassified reply
    assert ck.report(without, cadences=INBOX_CADENCE, now=now).opt_out_rate.numerator == 0


def test_a_reason_read_in_a_reply_text_flows_on_to_a_rule() -> None:
    """Issue 24.5: a "no" read from its text keeps its reason, and a rule can act on it."""
    text = (
        "prospect,kind,at,step,response,reason,Body\n"
        "ada,Email Sent,2026-11-23T09:00:00+00:00,1,,,\n"
        "ada,Replied,2026-11-24T10:00:00+00:00,,,,No budget left for this, sorry.\n"
        "bob,Email Sent,2026-11-23T09:00:00+00:00,1,,,\n"
        "bob,Replied,2026-11-24T10:00:00+00:00,,no,Budget,\n"
        "cy,Email Sent,2026-11-23T09:00:00+00:00,1,,,\n"
        "cy,Replied,2026-11-24T10:00:00+00:00,,no,has_solution,No budget left and anyway stop emailing me.\n"
        "dee,Email Sent,2026-11-23T09:00:00+00:00,1,,,\n"
        "dee,Replied,2026-11-24T10:00:00+00:00,,,,Not interested.\n"
    )
    table = ck.read_events(text, columns={"Body": "reply_text"}, steps="1-based")
    assert not table.problems
    replies = {table.prospect[i]: table.event(i) for i in range(len(table)) if i % 2}
    assert replies["ada"].reason is ck.Objection.BUDGET  # read in the text
    assert replies["bob"].reason is ck.Objection.BUDGET  # the export's own cell
    assert replies["cy"].kind is ck.EventKind.OPT_OUT  # an opt-out read over the export
    assert replies["cy"].reason is None
    assert replies["dee"].reason is None  # no reason said
    assert table.to_records()[1]["reason"] == "budget"
    budget = ck.Rule(
        ck.Match("reply", response="no", reason="budget"), ck.End("manual"), name="budget"
    )
    rules = [budget, *ck.default_rules()]
    ended = {e.prospect: e.exit_reason for e in ck.replay_many(table, INBOX_CADENCE, rules=rules)}
    assert ended == {
        "ada": ck.ExitReason.MANUAL,
        "bob": ck.ExitReason.MANUAL,
        "cy": ck.ExitReason.OPTED_OUT,
        "dee": ck.ExitReason.DECLINED,
    }
    now = "2026-11-25T00:00:00+00:00"
    report = ck.report(table, cadences=INBOX_CADENCE, rules=rules, now=now)
    assert report.ended_by[ck.ExitReason.MANUAL] == 2


def test_a_reason_cell_is_checked_like_the_event_checks_it() -> None:
    rows = [
        {"prospect": "a", "kind": "reply", "at": "2026-12-01T10:00:00Z", "response": "positive",
         "reason": "budget"},
        {"prospect": "b", "kind": "reply", "at": "2026-12-01T10:00:00Z", "response": "no",
         "reason": "too cheap"},
        {"prospect": "c", "kind": "reply", "at": "2026-12-01T10:00:00Z", "response": "maybe",
         "reason": "Not right person"},
    ]  # fmt: skip
    table = ck.read_events(rows, errors="collect")
    first, second = table.problems
    assert (first.row, first.column) == (0, "reason")
    assert "only a 'no' or 'maybe' reply says why" in first.reason
    assert (second.row, second.column, second.value) == (1, "reason", "too cheap")
    assert "'has_solution'" in second.reason
    assert table.reason == (ck.Objection.NOT_RIGHT_PERSON,)
    with pytest.raises(ck.SchemaError, match=r"^rows\[0\]\.reason 'budget'"):
        ck.read_events(rows)


def test_an_export_numbered_like_the_outline_is_read_with_steps_cadence() -> None:
    """Issue 29.3: the manager's step numbers reach the export reader."""
    outline = (
        "Day 1: Email\nDay 3: Call; leave a voicemail if nobody answers\nDay 5: Email then call"
    )
    cadence = ck.Cadence.from_text(outline, name="Outbound")
    export = (
        "prospect,cadence,kind,at,step,call_result\n"
        "ada@acme.com,Outbound,touch,2026-11-23T09:00:00-05:00,1,\n"
        "ada@acme.com,Outbound,open,2026-11-23T10:00:00-05:00,1,\n"
        "ada@acme.com,Outbound,touch,2026-11-25T09:05:00-05:00,2,\n"  # the voicemail, logged second
        "ada@acme.com,Outbound,touch,2026-11-25T09:00:00-05:00,2,no_answer\n"
        "ada@acme.com,Outbound,open,2026-11-27T09:30:00-05:00,3,\n"
        "ada@acme.com,Outbound,touch,2026-11-27T09:00:00-05:00,3,\n"
        "ada@acme.com,Outbound,touch,2026-11-27T10:00:00-05:00,3,connected\n"
        "ada@acme.com,Outbound,touch,2026-11-30T10:00:00-05:00,4,\n"
    )
    table = ck.read_events(export, steps={"Outbound": cadence}, errors="collect")
    assert [e.step for e in table.events()] == [0, 0, 2, 1, 3, 3, 4]
    (bad,) = table.problems
    assert (bad.row, bad.reason) == (7, "'Outbound' has no step 4: its steps are numbered 1 to 3")
    (ada,) = ck.replay_many(table, [cadence])
    assert sorted(step for step, _ in ada.done) == [0, 1, 2, 3, 4]
    assert ck.read_events(export.replace(",4,", ",3,"), steps=cadence).events()[-1].step == 4
    with pytest.raises(ck.InvalidFieldError, match="steps 'first': expected '0-based', '1-based'"):
        ck.read_events(export, steps="first")  # type: ignore[arg-type]


def test_a_missing_step_in_an_export_numbered_by_its_cadence_says_so() -> None:
    cadence = ck.Cadence.from_text("Day 1: Email\nDay 3: Call", name="Outbound")
    text = "prospect,kind,at,step\nada,Call,2026-11-23T15:00:00Z,\n"
    (bad,) = ck.read_events(text, steps=cadence, errors="collect").problems
    assert "step number (as steps= numbers them)" in bad.reason
    assert "0-based" not in bad.reason
    assert ck.read_events("prospect,kind,at\n", steps=cadence).steps == "numbered"


# --- an event's own details round-trip -----------------------------------------------

DETAILED = ck.Cadence(
    "Detailed", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 2), ck.Touchpoint("email", 4)]
)


@st.composite
def detailed_events(draw: st.DrawFn) -> list[ck.Event]:
    """Touches, engagements that say what, skips of a step or channels, reassigns, no replies."""
    events = []
    at = datetime(2026, 11, 23, 15, tzinfo=UTC)
    for _ in range(draw(st.integers(1, 8))):
        at += timedelta(hours=draw(st.integers(1, 30)))
        kind = draw(st.sampled_from(["touch", "engagement", "skip", "reassign", "reply"]))
        if kind == "touch":
            events.append(ck.Event.touch(at, draw(st.integers(0, 2))))
        elif kind == "engagement":
            what = draw(st.sampled_from(["webinar", "liked a post", "returned call, twice"]))
            events.append(ck.Event.engagement(at, what, step=draw(st.none() | st.integers(0, 2))))
        elif kind == "skip":
            channels = draw(st.none() | st.sets(st.sampled_from(list(ck.Channel)), min_size=1))
            step = None if channels else draw(st.integers(0, 2))
            events.append(ck.Event.skip(at, step, channels=channels))
        elif kind == "reassign":
            owner = draw(st.none() | st.sampled_from(["kim", "lou"]))
            calendar = draw(st.none() | calendars) if owner else draw(calendars)
            events.append(ck.Event.reassign(at, owner=owner, rep_calendar=calendar))
        else:
            reason = draw(st.none() | st.sampled_from(list(ck.Objection)))
            events.append(ck.Event.reply(at, "no", reason=reason))
    return events


@given(events=detailed_events())
def test_event_records_read_back_into_the_same_events(events: list[ck.Event]) -> None:
    # An engagement's what, a skip's channels, a reassign's owner and rep calendar, a
    # no's reason: event_records writes them, read_events reads them back.
    e = ck.Enrollment.start(DETAILED, "ada", "2026-11-23T14:00:00+00:00", owner="ann")
    for event in events:
        e = e.apply(event)
    table = ck.read_events(ck.event_records([e]))
    assert table.events() == e.events
    again = ck.read_events(table.to_records())  # a table's own records, too
    assert again.events() == e.events
    if events:  # the start is written too: the replay keeps the start and the schedule
        [back] = ck.replay_many(table, DETAILED)
        assert back.started == e.started
        assert (back.status, back.done, back.next_touch, back.owner) == (
            e.status,
            e.done,
            e.next_touch,
            e.owner,
        )


def test_event_records_write_the_start_so_a_replay_keeps_the_schedule() -> None:
    # Started at 08:00, first touched at 09:00: without ``started`` a replay would start
    # at the first event, an hour late.
    c = ck.Cadence("Intro", [ck.Touchpoint("email", 1), ck.Touchpoint("call", 3)])
    e = ck.Enrollment.start(c, "ada", "2026-11-23T08:00:00-05:00")
    e = e.apply(ck.Event.touch("2026-11-23T09:00:00-05:00", 0))
    rows = ck.event_records([e])
    assert rows[0]["started"] == e.started
    assert ck.replay_many(ck.read_events(rows), c) == [e]
    without = [{k: v for k, v in row.items() if k != "started"} for row in rows]
    [late] = ck.replay_many(ck.read_events(without), c)
    assert late.started - e.started == timedelta(hours=1)


def test_detail_cells_that_cannot_be_read_name_row_column_value_and_what_was_expected() -> None:
    at = "2026-11-23T09:00:00Z"
    rows = [
        {"prospect": "ada", "kind": "skip", "at": at, "channels": "email; fax"},
        {"prospect": "ada", "kind": "reassign", "at": at, "rep_calendar": "Narnia"},
        {"prospect": "ada", "kind": "touch", "at": at, "step": 0, "What": "webinar"},
        {"prospect": "ada", "kind": "reassign", "at": at},
        {"prospect": "ada", "kind": "skip", "at": at, "step": 0, "channels": "email"},
        {"prospect": "ada", "kind": "touch", "at": at, "step": 0, "new_owner": "lou"},
    ]
    table = ck.read_events(rows, columns={"What": "what"}, errors="collect")
    found = [(p.row, p.column, p.value) for p in table.problems]
    assert found == [
        (0, "channels", "email; fax"),
        (1, "rep_calendar", "Narnia"),
        (2, "What", "webinar"),
        (3, "new_owner", None),
        (4, "channels", "email"),
        (5, "new_owner", "lou"),
    ]
    reasons = [p.reason for p in table.problems]
    assert "one or more of 'email', 'call'" in reasons[0]
    assert "only an engagement says what it was" in reasons[2]
    assert "a reassign names the new owner" in reasons[3]
    assert "a skip names one step or channels, not both" in reasons[4]
    assert reasons[5] == "only a reassign changes the owner, not a touch; leave new_owner blank"
    with pytest.raises(ck.SchemaError, match=r"^rows\[0\]\.channels 'email; fax': expected"):
        ck.read_events(rows)
    with pytest.raises(ck.CadenceError):
        ck.read_events(rows[1:2])
