"""Do two versions of cadencekit read every development reply alike? A check for speed work.

A change made only for speed must leave every reading as it was: label,
confidence, ``until``, reason, evidence (label, phrase, place, language,
source, reason), language, ``referred_to``, source and ``received_at``
(``ReplyReading.to_dict()``), or the same error. This script reads the
development corpora (``tests/data/replies.jsonl`` and
``tests/data/independent/dev_writer_*.jsonl``; the held-out corpora are never
read) with this tree's ``src`` and with another one, in two processes, and
lists every reading that differs:

- each reply as written, with the default options (the rules and the shipped
  model), with the rules alone, in its own language, with ``min_confidence``,
  and in UTC without a calendar;
- each reply padded to a kilobyte (``bench_replies.kilobyte_replies``), in
  upper case, cut short at seeded places (so words the model never saw
  occur), joined to another reply, and five times over;
- optionally, the calls a test run made (``--calls``, written by
  ``--record``: every ``read_reply`` call of the tests named, with its
  arguments, when they can be pickled).

Run it with::

    python benchmarks/same_readings.py /work/main/src
    python benchmarks/same_readings.py --record /tmp/calls.pickle tests/test_replies.py
    python benchmarks/same_readings.py /work/main/src --calls /tmp/calls.pickle
"""

from __future__ import annotations

import json
import os
import pickle
import random
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = ROOT / "tests" / "data"
CORPORA = [DATA / "replies.jsonl", *sorted((DATA / "independent").glob("dev_writer_*.jsonl"))]

Call = tuple[tuple[Any, ...], dict[str, Any]]


def rows() -> list[dict[str, Any]]:
    found = []
    for path in CORPORA:
        with path.open(encoding="utf-8") as lines:
            found.extend(json.loads(line) for line in lines if line.strip())
    return found


def calls(recorded: Path | None) -> Iterator[Call]:
    """Every call to read: ``(args, kwargs)`` of ``read_reply``."""
    import bench_replies
    import cadencekit as ck

    corpus = rows()
    for row in corpus:
        country = row.get("calendar")
        try:
            calendar = ck.BusinessCalendar(country=country) if country else None
        except ck.CadenceError:
            calendar = None
        at = {"received_at": row["received_at"], "tz": row["tz"], "calendar": calendar}
        text = str(row["text"])
        yield (text,), at
        yield (text,), {**at, "model": False}
        yield (text,), {**at, "language": row.get("language") or "en"}
        yield (text,), {**at, "min_confidence": 0.6}
        yield (text,), {"received_at": row["received_at"], "tz": "UTC"}
    shuffled = random.Random(24)
    for padded in bench_replies.kilobyte_replies(corpus):
        yield (padded,), {"received_at": "2026-12-18T16:05:00-05:00", "tz": "America/New_York"}
    for index, row in enumerate(corpus):
        text = str(row["text"])
        at = {"received_at": row["received_at"], "tz": row["tz"]}
        yield (text.upper(),), at
        for _ in range(2):
            cut = shuffled.randrange(len(text) + 1)
            yield (text[:cut],), at
            yield (text[cut:],), at
        other = str(corpus[(index * 7 + 3) % len(corpus)]["text"])
        yield (text + "\n\n" + other,), at
        yield (other + " " + text,), at
        yield ((text + "\n") * 5,), at
    if recorded is not None:
        with recorded.open("rb") as file:
            yield from pickle.load(file)


def read_all(out: Path, recorded: Path | None) -> None:
    """Read every call with the cadencekit on ``sys.path``; one JSON line each."""
    import cadencekit as ck

    with out.open("w", encoding="utf-8") as lines:
        for args, kwargs in calls(recorded):
            try:
                said: Any = ck.read_reply(*args, **kwargs).to_dict()
            except Exception as error:  # the same error, or a difference
                said = {"error": f"{type(error).__name__}: {error}"}
            lines.write(json.dumps(said, ensure_ascii=False, sort_keys=True) + "\n")


def compare(other_src: Path, recorded: Path | None) -> int:
    """Read everything with both trees; print the differences; 0 when there are none."""
    outputs = []
    with tempfile.TemporaryDirectory() as folder:
        for name, src in (("this", ROOT / "src"), ("other", other_src)):
            out = Path(folder) / f"{name}.jsonl"
            command = [sys.executable, __file__, "--write", str(out)]
            if recorded is not None:
                command += ["--calls", str(recorded)]
            environment = {**os.environ, "PYTHONPATH": f"{src}{os.pathsep}{HERE}"}
            subprocess.run(command, check=True, env=environment)
            outputs.append(out.read_text(encoding="utf-8").splitlines())
    texts = [args[0] if args else "" for args, _ in calls(recorded)]
    ours, theirs = outputs
    differ = [i for i, (a, b) in enumerate(zip(ours, theirs, strict=True)) if a != b]
    print(f"{len(ours)} readings, {len(differ)} differ")
    for i in differ[:20]:
        a, b = json.loads(ours[i]), json.loads(theirs[i])
        fields = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
        print(f"- {str(texts[i])[:70]!r}: {', '.join(fields)}")
        for field in fields:
            print(f"    this:  {a.get(field)!r}\n    other: {b.get(field)!r}")
    return 1 if differ else 0


def record(out: Path, tests: list[str]) -> None:
    """Run ``tests`` with pytest and keep every ``read_reply`` call whose arguments pickle."""
    import pytest

    import cadencekit as ck
    from cadencekit import replies

    kept: list[Call] = []
    skipped = 0
    reader = replies.read_reply

    def recording(*args: Any, **kwargs: Any) -> Any:
        nonlocal skipped
        try:
            pickle.dumps((args, kwargs))
        except Exception:
            skipped += 1
        else:
            kept.append((args, kwargs))
        return reader(*args, **kwargs)

    ck.read_reply = replies.read_reply = recording  # type: ignore[assignment]
    pytest.main(["-q", "-p", "no:cacheprovider", *tests])
    with out.open("wb") as file:
        pickle.dump(kept, file)
    print(f"{len(kept)} calls kept, {skipped} skipped (arguments that do not pickle)")


def main(argv: list[str]) -> int:
    recorded = None
    if "--calls" in argv:
        at = argv.index("--calls")
        recorded = Path(argv[at + 1])
        del argv[at : at + 2]
    if argv and argv[0] == "--write":
        read_all(Path(argv[1]), recorded)
        return 0
    if argv and argv[0] == "--record":
        record(Path(argv[1]), argv[2:])
        return 0
    if len(argv) != 1:
        print(__doc__)
        return 2
    return compare(Path(argv[0]), recorded)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
