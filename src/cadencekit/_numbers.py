"""Small number helpers shared by the statistics, survival and metrics modules."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from statistics import NormalDist
from typing import Final

from ._text import html_rows
from .errors import InvalidFieldError

__all__ = ["confidence_z", "count", "html_table", "percent", "percent_bare"]

_NORMAL: Final = NormalDist()


def confidence_z(confidence: float) -> float:
    """The two-sided normal quantile for ``confidence`` (1.959964 for 0.95)."""
    if (
        isinstance(confidence, bool)
        or not isinstance(confidence, int | float)
        or not 0 < confidence < 1
    ):
        raise InvalidFieldError(
            "confidence", confidence, "expected a number between 0 and 1, like 0.95"
        )
    return _NORMAL.inv_cdf(0.5 + confidence / 2)


_LARGEST_COUNT = 10**15  # counts stay exact as floats (2**53 is about 9e15)


def count(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _LARGEST_COUNT:
        raise InvalidFieldError(field, value, "expected a whole number from 0 to 10**15")
    return value


def percent(value: float) -> str:
    return f"{100 * value:.1f}%"


def percent_bare(value: float) -> str:
    return f"{100 * value:.1f}"


def html_table(heads: Sequence[str], rows: Sequence[Sequence[str]], *, caption: str = "") -> str:
    """A plain HTML table for a notebook: every cell escaped."""
    head = "".join(f"<th>{escape(h)}</th>" for h in heads)
    body = html_rows(rows, len(heads), escape)
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
