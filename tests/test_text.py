"""Shared text: locale-independent dates and moments, escaped HTML tables."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from cadencekit._text import date_text, html_table, moment_text, time_text


def test_dates_and_moments_read_the_same_everywhere() -> None:
    assert date_text(date(2027, 1, 1)) == "Fri 01 Jan 2027"
    berlin = ZoneInfo("Europe/Berlin")
    assert moment_text(datetime(2026, 3, 29, 3, 0, tzinfo=berlin)) == "Sun 29 Mar 2026 03:00 CEST"
    assert moment_text(datetime(2026, 3, 29, 3, 0)) == "Sun 29 Mar 2026 03:00"  # naive: no zone
    assert time_text(time(9)) == "09:00"
    assert time_text(time(9, 0, 0, 5)) == "09:00:00.000005"


def test_html_table_escapes_every_cell() -> None:
    table = html_table("<b>", ["<th>"], [["<td>", "&"]])
    assert "<b>" not in table.replace("<tbody>", "")
    assert table.count("&lt;") == 3
    assert "<td>&amp;</td>" in table
