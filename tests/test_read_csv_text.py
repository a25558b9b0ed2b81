"""read_events straight from CSV text: the same table as csv.DictReader over the same text."""

from __future__ import annotations

import csv
import io
import runpy
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cadencekit as ck


def via_dict_reader(text: str, **options: object) -> ck.EventTable:
    """The oracle: what read_events makes of the csv module's reading of the text."""
    return ck.read_events(csv.DictReader(io.StringIO(text)), **options)  # type: ignore[arg-type]


def outcome(read: object, **options: object) -> object:
    """The table read, or the error raised (its type and message)."""
    try:
        return ck.read_events(read, **options)  # type: ignore[arg-type]
    except (ck.CadenceError, csv.Error) as error:
        return type(error), str(error)


# --- hand-worked exports -------------------------------------------------------------


PLAIN = """\
prospect,kind,at,step,response
ada,touch,2026-11-23T09:00:00+00:00,0,
ada,open,2026-11-23T10:00:00+00:00,0,
ada,reply,2026-11-24T09:00:00+00:00,,positive
bob,touch,2026-11-23T09:00:00-05:00,0,
"""


def test_a_plain_export_reads_like_its_dict_reader() -> None:
    table = ck.read_events(PLAIN)
    assert table == via_dict_reader(PLAIN)
    assert table.prospect == ("ada", "ada", "ada", "bob")
    assert table.events()[2] == ck.Event.reply("2026-11-24T09:00:00+00:00", "positive")
    assert table.at[3] == datetime(2026, 11, 23, 14, tzinfo=UTC)


def test_quoted_cells_hold_commas_newlines_and_doubled_quotes() -> None:
    text = (
        "prospect,kind,at,step,variant\n"
        '"Lovelace, Ada",touch,2026-11-23T09:00:00+00:00,0,"say ""hi""\nthen wait"\n'
        '"bob",touch,"2026-11-23T09:00:00+00:00",0,\n'
    )
    table = ck.read_events(text)
    assert table == via_dict_reader(text)
    assert table.prospect == ("Lovelace, Ada", "bob")
    assert table.variant == ('say "hi"\nthen wait', None)


def test_blank_lines_are_skipped_and_do_not_count_as_rows() -> None:
    text = "prospect,kind,at\n\nada,stop,2026-11-23T09:00:00+00:00\n\n\nada,stop,yesterday\n\n"
    table = ck.read_events(text, errors="collect")
    assert table == via_dict_reader(text, errors="collect")
    assert table.rows == (0,)
    [bad] = table.problems
    assert (bad.row, bad.column, bad.value) == (1, "at", "yesterday")  # the second row, not line 5
    with pytest.raises(ck.SchemaError, match=r"^rows\[1\]\.at 'yesterday': expected an ISO 8601"):
        ck.read_events(text)


def test_crlf_line_ends_read_like_newlines() -> None:
    crlf = PLAIN.replace("\n", "\r\n")
    assert ck.read_events(crlf) == ck.read_events(PLAIN) == via_dict_reader(crlf)


def test_a_leading_bom_is_dropped_where_dict_reader_keeps_it() -> None:
    excel = "\ufeff" + PLAIN.replace("\n", "\r\n")
    assert ck.read_events(excel) == ck.read_events(PLAIN)
    assert ck.read_events(io.StringIO(excel)) == ck.read_events(PLAIN)
    # The one documented difference: DictReader names the first column '\ufeffprospect'.
    with pytest.raises(ck.InvalidFieldError, match="no column is read as 'prospect'"):
        via_dict_reader(excel)


def test_short_rows_are_padded_and_extra_cells_ignored() -> None:
    text = (
        "prospect,kind,at,step,owner\n"
        "ada,touch,2026-11-23T09:00:00+00:00,0\n"  # no owner cell: None, as DictReader's restval
        "bob,touch,2026-11-23T09:00:00+00:00,0,ann,surplus,cells\n"
        "cy,touch,2026-11-23T09:00:00+00:00,0,jan\n"
    )
    table = ck.read_events(text)
    assert table == via_dict_reader(text)
    assert table.owner == (None, "ann", "jan")
    assert table.step == (0, 0, 0)


def test_lines_of_the_wrong_width_that_add_up_still_read_row_by_row() -> None:
    # One line a cell short and one a cell long: as many cells as a plain export's.
    text = (
        "prospect,kind,at,owner\n"
        "ada,stop,2026-11-23T09:00:00+00:00\n"
        "bob,stop,2026-11-23T09:00:00+00:00,ann,extra\n"
    )
    table = ck.read_events(text)
    assert table == via_dict_reader(text)
    assert table.prospect == ("ada", "bob")
    assert table.owner == (None, "ann")


def test_a_bad_row_is_collected_with_its_row_number() -> None:
    text = PLAIN + "cy,touch,2026-11-25T09:00:00+00:00,3.5,\ncy,fax_sent,2026-11-25T09:00:00Z,0,\n"
    table = ck.read_events(text, errors="collect")
    assert table == via_dict_reader(text, errors="collect")
    assert [(bad.row, bad.column, bad.value) for bad in table.problems] == [
        (4, "step", "3.5"),
        (5, "kind", "fax_sent"),
    ]
    assert table.rows == (0, 1, 2, 3)


def test_header_only_and_empty_texts_read_as_dict_reader_does() -> None:
    for text in ("prospect,kind,at\n", "prospect,kind,at", "", "\n", "\n\n"):
        assert ck.read_events(text) == via_dict_reader(text), repr(text)
    assert len(ck.read_events("prospect,kind,at\n")) == 0
    assert len(ck.read_events("")) == 0
    # One column: a blank line is no row (csv skips it), not a row with an empty cell.
    one = "prospect\nada\n\nbob\n"
    assert outcome(one) == outcome(csv.DictReader(io.StringIO(one)))
    assert outcome(one, columns={"prospect": "kind"}) == outcome(
        csv.DictReader(io.StringIO(one)), columns={"prospect": "kind"}
    )


def test_options_apply_to_text_as_to_rows() -> None:
    text = "Email,Event,When,Step\nada@acme.com,Email Sent,2026-11-23 09:00,1\n"
    options: dict[str, object] = {
        "columns": {"Email": "prospect", "Event": "kind", "When": "at", "Step": "step"},
        "steps": "1-based",
        "tz": "America/New_York",
    }
    table = ck.read_events(text, **options)  # type: ignore[arg-type]
    assert table == via_dict_reader(text, **options)
    assert table.events() == (ck.Event.touch("2026-11-23T09:00:00-05:00", 0),)
    assert table.column_name("kind") == "Event"


def test_a_missing_renamed_column_raises_as_with_dict_reader() -> None:
    expected = outcome(csv.DictReader(io.StringIO(PLAIN)), columns={"When": "at"})
    assert outcome(PLAIN, columns={"When": "at"}) == expected
    assert "no column 'When'" in expected[1]  # type: ignore[index]


def test_text_streams_read_like_their_text(tmp_path: Path) -> None:
    assert ck.read_events(io.StringIO(PLAIN)) == ck.read_events(PLAIN)
    path = tmp_path / "export.csv"
    path.write_text("\ufeff" + PLAIN, encoding="utf-8")
    with path.open(encoding="utf-8", newline="") as stream:
        assert ck.read_events(stream) == ck.read_events(PLAIN)


def test_bytes_are_refused_with_how_to_decode() -> None:
    with pytest.raises(ck.InvalidFieldError, match=r"^rows b.*decode it first.*utf-8-sig"):
        ck.read_events(PLAIN.encode())
    with pytest.raises(ck.InvalidFieldError, match=r"decode it first.*text mode"):
        ck.read_events(io.BytesIO(PLAIN.encode()))


def test_other_values_are_refused_naming_every_form() -> None:
    for value in (42, {"prospect": "ada"}):
        with pytest.raises(ck.InvalidFieldError, match=r"CSV text .* or a text stream"):
            ck.read_events(value)


def test_the_plain_split_and_the_csv_module_agree_on_a_benchmark_export() -> None:
    bench = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_export.py"
    text = runpy.run_path(str(bench), run_name="bench_export")["export_text"](300, seed=7)
    assert '"' not in text  # plain: the split path
    quoted = text.replace("prospect", '"prospect"', 1)  # the same cells, read by csv.reader
    table = ck.read_events(text)
    assert table == ck.read_events(quoted) == via_dict_reader(text)
    assert len(table) == text.count("\n") - 1


# --- generated exports ---------------------------------------------------------------

HEADER = ("prospect", "kind", "at", "step", "response", "note")
CELLS = {
    "prospect": st.sampled_from(["ada", "bob", "Lovelace, Ada", "", " ", 'c"y']),
    "kind": st.sampled_from(["touch", "open", "reply", "Email Sent", "Positive Reply", "fax", ""]),
    "at": st.sampled_from(
        [
            "2026-11-23T09:00:00+00:00",
            "2026-11-23T04:00:00-05:00",
            "2026-11-24T09:00:00Z",
            "2026-11-23 09:00",
            "yesterday",
            "",
        ]
    ),
    "step": st.sampled_from(["0", "1", "2.0", "3.5", "-1", "", "x"]),
    "response": st.sampled_from(["", "positive", "no", "Out of office", "maybe"]),
    "note": st.sampled_from(["", "hi", "a,b", "two\nlines", "x\r\ny"]),
}


def cell_text(value: str, quote: bool) -> str:
    if quote or any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


@st.composite
def exports(draw: st.DrawFn) -> str:
    """CSV texts: plain ones often, else quotes, CRLF, blank lines and ragged rows mixed in."""
    plain = draw(st.booleans())
    end = "\n" if plain else draw(st.sampled_from(["\n", "\r\n"]))
    lines = [",".join(HEADER)]
    for _ in range(draw(st.integers(0, 8))):
        cells = [draw(CELLS[name]) for name in HEADER]
        if plain:
            cells = [c if not any(x in c for x in ',"\r\n') else "plain" for c in cells]
            lines.append(",".join(cells))
            continue
        cells = cells[: draw(st.integers(1, len(cells) + 2))]
        cells += ["more"] * draw(st.integers(0, 1))
        lines.append(",".join(cell_text(c, draw(st.booleans())) for c in cells))
        if draw(st.integers(0, 4)) == 0:
            lines.append("")  # a blank line
    text = end.join(lines)
    return text + (end if draw(st.booleans()) else "")


@given(exports(), st.sampled_from([None, "UTC"]))
def test_text_reads_as_its_dict_reader(text: str, tz: str | None) -> None:
    expected = via_dict_reader(text, errors="collect", tz=tz)
    assert ck.read_events(text, errors="collect", tz=tz) == expected
    assert ck.read_events(io.StringIO(text), errors="collect", tz=tz) == expected
    assert outcome(text, tz=tz) == outcome(csv.DictReader(io.StringIO(text)), tz=tz)


@given(exports())
def test_the_plain_split_agrees_with_the_csv_module(text: str) -> None:
    quoted = '"prospect"' + text.removeprefix("prospect")  # one harmless quote: csv.reader reads it
    assert outcome(quoted, errors="collect") == outcome(text, errors="collect")
    assert outcome(quoted) == outcome(text)
