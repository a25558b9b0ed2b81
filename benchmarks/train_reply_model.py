"""Train the reply model cadencekit ships, or a team's own, from labelled JSONL files.

Each line of a file is a JSON object with ``"text"`` (the reply as
received) and ``"label"`` (a ``ReplyLabel`` value); other keys are
ignored. With no files named, the development corpora are read:
``tests/data/replies.jsonl`` (the project's own), and
``tests/data/independent/dev_writer_*.jsonl`` (independent writers). The
held-out corpora (``tests/data/heldout/``) are never read: they measure the
model, so it must not learn them.

Run it with::

    python benchmarks/train_reply_model.py                 # writes src/cadencekit/_reply_model.json
    python benchmarks/train_reply_model.py ours.jsonl --out our_model.json
    python benchmarks/train_reply_model.py --check         # the shipped file is what training gives

and read a model of your own with
``ck.ReplyModel.from_dict(json.load(open("our_model.json")))``, then
``ck.read_reply(..., model=that_model)``. Training is pure Python and
deterministic (about 40 to 60 seconds of one core for the 2,022 development replies).
"""

from __future__ import annotations

import argparse
import json
import sys
import time as clock
from pathlib import Path

import cadencekit as ck

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SHIPPED = ROOT / "src" / "cadencekit" / "_reply_model.json"


def development_corpora() -> list[Path]:
    """The corpora the shipped model learns from: the project's own and the dev writers'."""
    return [DATA / "replies.jsonl", *sorted((DATA / "independent").glob("dev_writer_*.jsonl"))]


def load(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def describe(corpora: list[tuple[Path, int]]) -> str:
    """What the model was trained on, in words: each file and its number of replies."""
    parts = [f"{path.name} ({count})" for path, count in corpora]
    return f"{sum(count for _, count in corpora)} labelled replies: " + ", ".join(parts)


def serialize(model: ck.ReplyModel) -> str:
    """The model as the JSON text the package ships: one line, UTF-8, keys in a fixed order."""
    return json.dumps(model.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n"


def train(paths: list[Path]) -> ck.ReplyModel:
    if any("heldout" in path.resolve().parts for path in paths):
        raise SystemExit("the held-out corpora measure the model: never train on them")
    corpora = [(path, load(path)) for path in paths]
    rows = [{"text": row["text"], "label": row["label"]} for _, loaded in corpora for row in loaded]
    return ck.train_reply_model(
        rows, trained_on=describe([(path, len(loaded)) for path, loaded in corpora])
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="labelled JSONL files")
    parser.add_argument("--out", type=Path, default=SHIPPED, help="where to write the model")
    parser.add_argument(
        "--check", action="store_true", help="train and compare with --out instead of writing"
    )
    options = parser.parse_args(argv)
    paths = options.files or development_corpora()
    began = clock.perf_counter()
    model = train(paths)
    took = clock.perf_counter() - began
    text = serialize(model)
    print(f"trained on {model.trained_on} in {took:.1f} s")
    print(f"{len(model.weights):,} features; {len(text.encode('utf-8')):,} bytes as JSON")
    if options.check:
        same = options.out.exists() and options.out.read_text(encoding="utf-8") == text
        print(f"{options.out}: {'the same' if same else 'DIFFERENT'}")
        return 0 if same else 1
    options.out.write_text(text, encoding="utf-8")
    print(f"wrote {options.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
