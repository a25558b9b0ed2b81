"""How well ``read_reply`` reads replies written by people who never saw its rules.

Corpora, each by its own writer, from one brief
(``tests/data/heldout/BRIEF.md``): eight languages, every label, terse,
legalistic, misspelled, forwarded, automatic and mixed-language replies.

- ``tests/data/independent/dev_writer_a.jsonl``, ``dev_writer_d.jsonl``,
  ``dev_writer_f.jsonl``, ``dev_writer_h.jsonl`` and ``dev_writer_j.jsonl``: for development (rules may be
  tuned on them);
- ``tests/data/heldout/writer_*.jsonl``: held out. Nobody writing rules
  reads them; they are measured once per release and each measurement is
  kept on docs/replies.md, oldest first.

Every corpus is read as ``read_reply`` reads by default: the rules and the
shipped reply model (the model learnt the development corpora, so only the
held-out figures say what it adds). ``--rules`` reads with the rules alone
(``read_reply(..., model=False)``); ``--model`` is accepted and is the
default.

For each corpus: macro-F1 overall and per language, opt-out recall and
precision, how many out-of-office or positive replies were read as an
opt-out (must be none), and return dates exact among the replies that state
one (an out-of-office's first day back, a maybe's snooze date). Then a
reliability table of the confidence: the readings in bins of confidence,
each with its count, mean confidence and accuracy, and the expected
calibration error (ECE: the bins' gaps between accuracy and mean
confidence, weighted by their counts).

Run it with ``python benchmarks/bench_replies_independent.py``
(``--errors`` lists the misses of the development corpora only; ``--dev``
measures only the development corpora, as a rule writer must; ``--corpus PATH``
measures one new development corpus, where its writer left it, before it is
copied into ``tests/data/independent/``).
"""

from __future__ import annotations

import itertools
import json
import sys
from datetime import date
from pathlib import Path

import cadencekit as ck

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
CORPORA = {
    "writer A (development)": DATA / "independent" / "dev_writer_a.jsonl",
    "writer D (development)": DATA / "independent" / "dev_writer_d.jsonl",
    "writer F (development)": DATA / "independent" / "dev_writer_f.jsonl",
    "writer H (development)": DATA / "independent" / "dev_writer_h.jsonl",
    "writer J (development)": DATA / "independent" / "dev_writer_j.jsonl",
    **{
        f"writer {path.stem.removeprefix('writer_').upper()} (held out)": path
        for path in sorted((DATA / "heldout").glob("writer_*.jsonl"))
    },
}
LABELS = [label.value for label in ck.ReplyLabel]


def load(path: Path) -> list[dict[str, str | None]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def calendar_of(row: dict[str, str | None]) -> ck.BusinessCalendar | None:
    country = row.get("calendar")
    if not country:
        return None
    try:
        return ck.BusinessCalendar(country=country)
    except ck.CadenceError:
        return None


def read(row: dict[str, str | None], model: ck.ReplyModel | bool = True) -> ck.ReplyReading:
    return ck.read_reply(
        str(row["text"]),
        received_at=str(row["received_at"]),
        tz=str(row["tz"]),
        calendar=calendar_of(row),
        model=model,
    )


def macro_f1(pairs: list[tuple[str, str]]) -> float:
    """Macro-F1 over the labels present (as wanted or as read)."""
    f1s = []
    for label in LABELS:
        tp = sum(1 for want, got in pairs if want == label and got == label)
        fp = sum(1 for want, got in pairs if want != label and got == label)
        fn = sum(1 for want, got in pairs if want == label and got != label)
        if tp + fp + fn:
            f1s.append(2 * tp / (2 * tp + fp + fn))
    return sum(f1s) / len(f1s) if f1s else 1.0


BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0)
"""Confidence bins, [low, high): the rules give 0.5 to a reading with nothing matched and 0.95
to an opt-out or bounce, so those values start a bin of their own."""


def reliability(
    scored: list[tuple[float, bool]],
) -> tuple[list[tuple[str, int, float, float]], float]:
    """The reliability table ``(bin, count, mean confidence, accuracy)`` and the ECE, of
    readings given as ``(confidence, right)``."""
    table = []
    gap = 0.0
    for low, high in itertools.pairwise(BINS):
        last = high == BINS[-1]
        inside = [
            (confidence, right)
            for confidence, right in scored
            if low <= confidence < high or (last and confidence == high)
        ]
        if not inside:
            continue
        mean = sum(c for c, _ in inside) / len(inside)
        accuracy = sum(ok for _, ok in inside) / len(inside)
        gap += len(inside) * abs(accuracy - mean)
        table.append((f"{low:.2f}-{high:.2f}", len(inside), mean, accuracy))
    return table, gap / len(scored) if scored else 0.0


def measure(
    name: str, rows: list[dict[str, str | None]], show_errors: bool, model: bool = True
) -> None:
    readings = [read(row, model) for row in rows]
    pairs = [(str(r["label"]), x.label.value) for r, x in zip(rows, readings, strict=True)]
    languages = sorted({str(r["language"]) for r in rows})
    per_language = {
        lang: macro_f1([p for r, p in zip(rows, pairs, strict=True) if r["language"] == lang])
        for lang in languages
    }
    opt_outs = [(w, g) for w, g in pairs if w == "opt_out"]
    read_as = [(w, g) for w, g in pairs if g == "opt_out"]
    recall = sum(g == "opt_out" for _, g in opt_outs) / len(opt_outs) if opt_outs else 1.0
    precision = sum(w == "opt_out" for w, _ in read_as) / len(read_as) if read_as else 1.0
    false_alarms = sum(1 for w, g in pairs if g == "opt_out" and w in ("out_of_office", "positive"))
    dated = [(r, x) for r, x in zip(rows, readings, strict=True) if r.get("until")]
    exact = sum(1 for r, x in dated if x.until == date.fromisoformat(str(r["until"])))
    print(f"## {name}: {len(rows)} replies")
    print(
        f"macro-F1 {macro_f1(pairs):.3f}; accuracy "
        f"{sum(w == g for w, g in pairs) / len(pairs):.3f}; opt-out recall {recall:.3f}, "
        f"precision {precision:.3f}; out-of-office or positive read as opt-out: {false_alarms}; "
        f"dates exact {exact}/{len(dated)} ({exact / len(dated) if dated else 1:.1%})"
    )
    print("per language: " + ", ".join(f"{lang} {f1:.3f}" for lang, f1 in per_language.items()))
    table, ece = reliability(
        [(x.confidence, want == got) for x, (want, got) in zip(readings, pairs, strict=True)]
    )
    print()
    print("| confidence | replies | mean confidence | accuracy |")
    print("|---|---:|---:|---:|")
    for span, count, mean, accuracy in table:
        print(f"| {span} | {count} | {mean:.3f} | {accuracy:.3f} |")
    print(f"expected calibration error: {ece:.3f}")
    print()
    if show_errors:
        for r, x in zip(rows, readings, strict=True):
            wrong_date = r.get("until") and x.until != date.fromisoformat(str(r["until"]))
            if x.label.value != r["label"] or wrong_date:
                print(
                    f"    want {r['label']} {r.get('until')} got {x.label.value} {x.until} "
                    f":: {str(r['text'])[:100]!r}"
                )


def main() -> None:
    show_errors = "--errors" in sys.argv
    dev_only = "--dev" in sys.argv  # what a rule writer may run: the held-out stay unread
    model = "--rules" not in sys.argv  # the rules and the shipped model, as read_reply reads
    if "--corpus" in sys.argv:  # a new development corpus, read where it was written
        path = Path(sys.argv[sys.argv.index("--corpus") + 1])
        if "heldout" in path.resolve().parts:
            raise SystemExit("the held-out corpora are measured by the lead alone")
        measure(f"{path.name} (development)", load(path), show_errors, model)
        return
    for name, path in CORPORA.items():
        if dev_only and "development" not in name:
            continue
        measure(name, load(path), show_errors and "development" in name, model)


if __name__ == "__main__":
    main()
