"""Does the reply model help, on writers it never saw? Cross-validation by writer, and speed.

The development corpora are the project's own (``tests/data/replies.jsonl``)
and the independent writers' (``tests/data/independent/dev_writer_*.jsonl``).
For each one in turn, a model is trained on the others
(``ck.train_reply_model``, as ``benchmarks/train_reply_model.py`` trains the
shipped one on all of them) and the held-back corpus is read twice: with the
rules alone and with the rules and that model (``read_reply(...,
model=...)``). Each line gives macro-F1, accuracy, opt-out recall and
precision, return dates exact, and how many labels the model changed (right
to wrong, wrong to right).

The rules were written and tuned reading the project's corpus and writer A's,
so their figures there are recall of their own sentences; a writer the rules
were not tuned on is the fair test. The held-out corpora
(``tests/data/heldout/``) are never read here.

Speed: one-kilobyte replies (``bench_replies.kilobyte_replies``) read per
second with the rules alone and with the shipped model (``model=True``), and
the model's own time on a reply's new text.

Run it with ``python benchmarks/bench_reply_model.py`` (``--no-cv`` times only).
"""

from __future__ import annotations

import json
import math
import sys
import time as clock
from datetime import date
from pathlib import Path

import bench_replies
import bench_replies_independent
import cadencekit as ck
from cadencekit import _model
from cadencekit.replies import _new_text

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
LABELS = [label.value for label in ck.ReplyLabel]


def corpora() -> dict[str, list[dict[str, str | None]]]:
    paths = {"own": DATA / "replies.jsonl"}
    for path in sorted((DATA / "independent").glob("dev_writer_*.jsonl")):
        paths[f"writer {path.stem.removeprefix('dev_writer_').upper()}"] = path
    found = {}
    for name, path in paths.items():
        with path.open(encoding="utf-8") as lines:
            found[name] = [json.loads(line) for line in lines if line.strip()]
    return found


# one reading and one scoring of a corpus row, shared with the held-out benchmark
calendar_of = bench_replies_independent.calendar_of
read = bench_replies_independent.read
macro_f1 = bench_replies_independent.macro_f1


def figures(rows: list[dict[str, str | None]], readings: list[ck.ReplyReading]) -> str:
    pairs = [(str(r["label"]), x.label.value) for r, x in zip(rows, readings, strict=True)]
    opt_outs = [got for want, got in pairs if want == "opt_out"]
    read_as = [want for want, got in pairs if got == "opt_out"]
    dated = [(r, x) for r, x in zip(rows, readings, strict=True) if r.get("until")]
    exact = sum(1 for r, x in dated if x.until == date.fromisoformat(str(r["until"])))
    recall = sum(g == "opt_out" for g in opt_outs) / len(opt_outs) if opt_outs else 1.0
    precision = sum(w == "opt_out" for w in read_as) / len(read_as) if read_as else 1.0
    accuracy = sum(w == g for w, g in pairs) / len(pairs)
    return (
        f"{macro_f1(pairs):.3f} | {accuracy:.3f} | {recall:.3f} | {precision:.3f} | "
        f"{exact / len(dated) if dated else 1:.1%} of {len(dated)}"
    )


def cross_validate() -> None:
    found = corpora()
    print("Cross-validation by writer: trained on the others, read on the one named.\n")
    print(
        "| corpus | replies | reader | macro-F1 | accuracy | opt-out recall | opt-out precision "
        "| dates exact | labels changed (to wrong / to right) | model alone macro-F1 |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---|---|---:|")
    languages: dict[
        str, tuple[list[dict[str, str | None]], list[ck.ReplyReading], list[ck.ReplyReading]]
    ] = {}
    for name, rows in found.items():
        others = [row for other, more in found.items() if other != name for row in more]
        model = ck.train_reply_model(others)
        rules = [read(row, False) for row in rows]
        both = [read(row, model) for row in rows]
        alone = []
        for row in rows:
            chances = _model.probabilities(model, _new_text(str(row["text"])))
            alone.append(
                (str(row["label"]), LABELS[max(range(len(LABELS)), key=chances.__getitem__)])
            )
        worse = sum(
            1
            for r, a, b in zip(rows, rules, both, strict=True)
            if a.label != b.label and a.label == r["label"]
        )
        better = sum(
            1
            for r, a, b in zip(rows, rules, both, strict=True)
            if a.label != b.label and b.label == r["label"]
        )
        changed = sum(1 for a, b in zip(rules, both, strict=True) if a.label != b.label)
        print(f"| {name} | {len(rows)} | rules | {figures(rows, rules)} | | |")
        print(
            f"| {name} | {len(rows)} | rules + model | {figures(rows, both)} | "
            f"{changed} ({worse} / {better}) | {macro_f1(alone):.3f} |"
        )
        languages[name] = (rows, rules, both)
    print("\nPer language, macro-F1 with the rules alone -> with the model:\n")
    for name, (rows, rules, both) in languages.items():
        said = []
        for language in sorted({str(row["language"]) for row in rows}):
            picked = [i for i, row in enumerate(rows) if row["language"] == language]
            before = macro_f1([(str(rows[i]["label"]), rules[i].label.value) for i in picked])
            after = macro_f1([(str(rows[i]["label"]), both[i].label.value) for i in picked])
            said.append(f"{language} {before:.3f} -> {after:.3f}")
        print(f"- {name}: " + ", ".join(said))


def speed() -> None:
    texts = bench_replies.kilobyte_replies(bench_replies.load())
    shipped = ck.ReplyModel.default()

    def run(model: bool) -> int:
        for text in texts:
            ck.read_reply(
                text, received_at="2026-12-18T16:05:00-05:00", tz="America/New_York", model=model
            )
        return len(texts)

    rules = both = math.inf
    for _ in range(7):  # alternated, so a busy moment of the machine weighs on both alike
        rules = min(rules, bench_replies.best(lambda: run(False), repeats=1))
        both = min(both, bench_replies.best(lambda: run(True), repeats=1))
    bodies = [_new_text(text) for text in texts]

    def alone() -> int:
        for body in bodies:
            _model.probabilities(shipped, body)
        return len(bodies)

    model_only = bench_replies.best(alone)
    asked = sum(
        1
        for text in texts
        if (x := ck.read_reply(text, received_at="2026-12-18T16:05:00Z", tz="UTC")).label.value
        == "other"
        or (x.label.value not in _model.KEPT_OUT and x.confidence < shipped.below)
    )
    print(f"\n1 KB replies read per second (one core): rules {1 / rules:,.0f}; ", end="")
    print(f"rules + model {1 / both:,.0f} ({both / rules:.2f}x the time)")
    print(
        f"the model alone on a reply's new text: {model_only * 1e6:.0f} µs; "
        f"it is read for {asked} of {len(texts)} replies (the rules say other or are unsure)"
    )
    began = clock.perf_counter()
    _model.probabilities(
        shipped, ("Thanks for the note, we are not interested. " * 24_000)[: 1 << 20]
    )
    print(f"the model on a 1 MB new text: {clock.perf_counter() - began:.2f} s")


def main(argv: list[str]) -> None:
    if "--no-cv" not in argv:
        cross_validate()
    speed()


if __name__ == "__main__":
    main(sys.argv[1:])
