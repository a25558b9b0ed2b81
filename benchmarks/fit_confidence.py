"""Fit the map from a reading's raw score to the chance it is right (``_calibration``).

The map is fitted on held-out corpora only (a corpus the rules were written
on is read right every time and cannot calibrate them): readings' raw
scores and whether they were right, never the texts' words. For each
source (``decided``: an opt-out or bounce by the rules; ``rules``;
``model``) an isotonic regression by pool adjacent violators, each block
counted with one right and one wrong reading more, gives the knots.

It prints, for each fitting corpus, the expected calibration error (ECE)
of the raw scores and of a map fitted on the *other* fitting corpora
(leave one corpus out), then the ECE on the test corpora with the map
fitted on all the fitting ones, and the knots. ``--write`` puts those knots
into ``src/cadencekit/_calibration.py``.

Run it with ``python benchmarks/fit_confidence.py --fit B C E --test G``.
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
from pathlib import Path

import bench_replies_independent as bench
import cadencekit as ck
from cadencekit import _calibration

Knots = dict[str, tuple[tuple[float, float], ...]]
Sample = tuple[str, float, bool]  # source, raw score, right


def source_of(reading: ck.ReplyReading) -> str:
    if reading.source == "rules" and reading.label in (ck.ReplyLabel.OPT_OUT, ck.ReplyLabel.BOUNCE):
        return "decided"
    return reading.source


def samples(letter: str) -> list[Sample]:
    rows = bench.load(bench.DATA / "heldout" / f"writer_{letter.lower()}.jsonl")
    out = []
    for row in rows:
        reading = bench.read(row)
        out.append((source_of(reading), reading.confidence, reading.label.value == row["label"]))
    return out


def fit(data: list[Sample]) -> Knots:
    knots: Knots = {}
    for source in sorted({s for s, _, _ in data}):
        points = sorted((raw, ok) for s, raw, ok in data if s == source)
        blocks: list[list[float]] = []  # [sum of raw, right, count] per block
        for raw, group in itertools.groupby(points, key=lambda point: point[0]):
            oks = [ok for _, ok in group]
            blocks.append([raw * len(oks), float(sum(oks)), float(len(oks))])
            while len(blocks) > 1 and rate(blocks[-2]) >= rate(blocks[-1]):
                last = blocks.pop()
                blocks[-1] = [a + b for a, b in zip(blocks[-1], last, strict=True)]
        knots[source] = tuple(
            (round(total / count, 3), round(rate([total, right, count]), 3))
            for total, right, count in blocks
        )
    return knots


def rate(block: list[float]) -> float:
    _, right, count = block
    return (right + 1) / (count + 2)


def ece(data: list[Sample], knots: Knots | None) -> float:
    pairs = [
        (raw if knots is None else _calibration.calibrated(raw, source, knots), ok)
        for source, raw, ok in data
    ]
    return bench.reliability(pairs)[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", nargs="+", required=True, help="held-out writers to fit on")
    parser.add_argument("--test", nargs="*", default=[], help="held-out writers to test on")
    parser.add_argument("--write", action="store_true", help="write the knots into the package")
    args = parser.parse_args()
    _calibration.KNOTS = {}  # type: ignore[misc]  # read the raw scores
    fitting = {letter: samples(letter) for letter in args.fit}
    testing = {letter: samples(letter) for letter in args.test}
    for letter, data in fitting.items():
        others = [s for other, d in fitting.items() if other != letter for s in d]
        print(
            f"writer {letter}: raw ECE {ece(data, None):.3f}; fitted on the others "
            f"{ece(data, fit(others)) if others else float('nan'):.3f}"
        )
    knots = fit([s for d in fitting.values() for s in d])
    for letter, data in testing.items():
        print(
            f"writer {letter} (test): raw ECE {ece(data, None):.3f}; fitted {ece(data, knots):.3f}"
        )
    for source, points in knots.items():
        print(source, points)
    if args.write:
        path = Path(__file__).resolve().parent.parent / "src" / "cadencekit" / "_calibration.py"
        text = path.read_text(encoding="utf-8")
        names = ", ".join(f'"writer_{letter.lower()}"' for letter in args.fit)
        body = "".join(f"    {source!r}: {points!r},\n" for source, points in knots.items())
        text = re.sub(r"FITTED_ON: Final = \(.*?\)\n", f"FITTED_ON: Final = ({names},)\n", text)
        text = re.sub(
            r"(KNOTS: Final\[.*?\]\] = )\{.*?\}\n",
            lambda m: m.group(1) + "{\n" + body.replace("'", '"') + "}\n",
            text,
            flags=re.S,
        )
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
