"""How well and how fast ``read_reply`` reads replies, on the labelled corpus.

The corpus is ``tests/data/replies.jsonl``: replies in English, German,
French and Spanish, each with its label and, for an out-of-office note
that states one, the first day back. A third of it (``split: holdout``)
was written before any rule and never used to tune one. For each split:

- macro-F1 over the eight labels (target: at least 0.90);
- out-of-office return dates exactly right, among those that state one
  (target: at least 95%);
- opt-out recall (must be 1.0: compliance).

Speed: one-kilobyte replies read per second on one core (target: at least
10,000), and the time of a 1 MB reply against a 1 KB one (it must stay
near 1,000x: linear, no regular-expression blow-up).

``--rules`` reads with the rules alone (``model=False``; the default
reads with the rules and the shipped model). ``--errors`` lists every
miss. ``--peers`` also measures ``dateparser``
(return dates), ``quotequail`` and ``mail-parser-reply`` (quoted text)
when installed, in the same run. Run it with
``python benchmarks/bench_replies.py``.
"""

from __future__ import annotations

import json
import sys
import time as clock
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from pathlib import Path

import cadencekit as ck

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "replies.jsonl"
LABELS = [label.value for label in ck.ReplyLabel]


def load() -> list[dict[str, str | None]]:
    with CORPUS.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def calendar_of(row: dict[str, str | None]) -> ck.BusinessCalendar | None:
    country = row.get("calendar")
    return ck.BusinessCalendar(country=country) if country else None


MODEL = "--rules" not in sys.argv[1:]
"""Read with the shipped model (the default), or the rules alone (``--rules``)."""


def read(row: dict[str, str | None], **options: object) -> ck.ReplyReading:
    return ck.read_reply(
        str(row["text"]),
        received_at=str(row["received_at"]),
        tz=str(row["tz"]),
        calendar=calendar_of(row),
        **{"model": MODEL, **options},  # type: ignore[arg-type]
    )


def scores(
    rows: Iterable[dict[str, str | None]], readings: Iterable[ck.ReplyReading]
) -> dict[str, float]:
    """Macro-F1, return-date exactness and opt-out recall."""
    pairs = list(zip(rows, readings, strict=True))
    f1s = []
    for label in LABELS:
        tp = sum(1 for r, x in pairs if r["label"] == label and x.label == label)
        fp = sum(1 for r, x in pairs if r["label"] != label and x.label == label)
        fn = sum(1 for r, x in pairs if r["label"] == label and x.label != label)
        if tp + fp + fn:
            f1s.append(2 * tp / (2 * tp + fp + fn))
    dated = [(r, x) for r, x in pairs if r["until"]]
    exact = sum(1 for r, x in dated if x.until == date.fromisoformat(str(r["until"])))
    opt_outs = [(r, x) for r, x in pairs if r["label"] == "opt_out"]
    caught = sum(1 for _, x in opt_outs if x.label == "opt_out")
    return {
        "macro_f1": sum(f1s) / len(f1s),
        "until_exact": exact / len(dated) if dated else 1.0,
        "dated": len(dated),
        "opt_out_recall": caught / len(opt_outs) if opt_outs else 1.0,
        "replies": len(pairs),
        "accuracy": sum(1 for r, x in pairs if r["label"] == x.label) / len(pairs),
    }


def quality(rows: list[dict[str, str | None]], show_errors: bool) -> None:
    print("| split | replies | macro-F1 | accuracy | return dates exact | opt-out recall |")
    print("|---|---:|---:|---:|---:|---:|")
    for split in ("dev", "holdout"):
        part = [r for r in rows if r["split"] == split]
        readings = [read(r) for r in part]
        s = scores(part, readings)
        print(
            f"| {split} | {s['replies']:.0f} | {s['macro_f1']:.3f} | {s['accuracy']:.3f} | "
            f"{s['until_exact']:.1%} of {s['dated']:.0f} | {s['opt_out_recall']:.3f} |"
        )
        if show_errors:
            for r, x in zip(part, readings, strict=True):
                wrong_date = r["until"] and x.until != date.fromisoformat(str(r["until"]))
                if x.label != r["label"] or wrong_date:
                    print(
                        f"    {split} want {r['label']} {r['until']} got {x.label.value} "
                        f"{x.until} {[e.phrase for e in x.evidence]} :: "
                        f"{str(r['text'])[:90]!r}"
                    )


def kilobyte_replies(rows: list[dict[str, str | None]]) -> list[str]:
    """Each corpus reply padded to about 1 KB with a quoted thread and a signature."""
    quoted = "\n".join(
        "> " + line for line in ("We help revenue teams book more meetings. " * 18).split(". ")
    )
    out = []
    for row in rows:
        text = str(row["text"])
        filler = (
            "\n\nThis is a longer note about our plans for next year and the team. " * 4
            if len(text) < 300
            else ""
        )
        reply = f"{text}{filler}\n\nOn Fri, Dec 18, 2026 at 9:02 AM Sam Lee wrote:\n{quoted}"
        out.append(reply[:1024].ljust(1024))
    return out


def best(run: Callable[[], int], repeats: int = 5) -> float:
    timings = []
    for _ in range(repeats):
        began = clock.perf_counter()
        units = run()
        timings.append((clock.perf_counter() - began) / units)
    return min(timings)


def speed(rows: list[dict[str, str | None]]) -> None:
    texts = kilobyte_replies(rows)

    def run() -> int:
        for text in texts:
            ck.read_reply(
                text, received_at="2026-12-18T16:05:00-05:00", tz="America/New_York", model=MODEL
            )
        return len(texts)

    per_reply = best(run)
    print(f"\n1 KB replies read per second (one core): {1 / per_reply:,.0f}")
    sentence = "Thanks for the note, we are not interested at the moment, maybe next year. "
    small = (sentence * 14)[:1024]
    large = (sentence * 14_000)[: 1024 * 1024]
    for name, text in (("prose", (small, large)), ("worst case", ("no " * 342, "no " * 349_526))):
        t_small = best(lambda t=text[0]: _read_once(t), repeats=20)
        t_large = best(lambda t=text[1]: _read_once(t), repeats=2)
        print(f"1 MB / 1 KB time ({name}): {t_large / t_small:,.0f}x (linear is about 1,000x)")


def _read_once(text: str) -> int:
    ck.read_reply(text, received_at="2026-12-18T16:05:00-05:00", tz="UTC", model=MODEL)
    return 1


def peers(rows: list[dict[str, str | None]]) -> None:
    print("\nPeers, on the same corpus (both splits):")
    dated = [r for r in rows if r["until"]]
    try:
        import dateparser.search  # type: ignore[import-not-found]
    except ImportError as error:
        print(f"- dateparser: n/a ({error})")
    else:
        from datetime import datetime

        right = found = 0
        began = clock.perf_counter()
        for r in dated:
            base = datetime.fromisoformat(str(r["received_at"])).replace(tzinfo=None)
            hits = dateparser.search.search_dates(
                str(r["text"]),
                languages=[str(r["language"])],
                settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "future"},
            )
            days = sorted({d.date() for _, d in hits or [] if d.date() >= base.date()})
            if days:
                found += 1
            wanted = date.fromisoformat(str(r["until"]))
            # the best it can do: any date it found, read as the day back or the last day away
            if any(wanted in (d, d + timedelta(days=1)) for d in days):
                right += 1
        took = (clock.perf_counter() - began) / len(dated)
        print(
            f"- dateparser.search_dates: finds a date in {found}/{len(dated)} dated notes; "
            f"one of its dates gives the right day back in {right}/{len(dated)} "
            f"(ours: see the table); {took * 1e3:.1f} ms a note"
        )
    quoted = [r for r in rows if _has_thread(str(r["text"]))]
    for name, cut in (("quotequail", _quotequail), ("mail-parser-reply", _mail_parser_reply)):
        if cut is None:
            continue
        try:
            cutter = cut()
        except ImportError as error:
            print(f"- {name}: n/a ({error})")
            continue
        agree = 0
        began = clock.perf_counter()
        for r in quoted:
            theirs = cutter(str(r["text"]), str(r["language"])).strip()
            ours = _ours(str(r["text"])).strip()
            agree += _same_words(theirs, ours)
        took = (clock.perf_counter() - began) / max(1, len(quoted))
        print(
            f"- {name}: keeps no more than our cut on {agree}/{len(quoted)} replies with a "
            f"thread or signature; {took * 1e3:.2f} ms a reply"
        )


def _has_thread(text: str) -> bool:
    return any(
        marker in text
        for marker in ("wrote:", "schrieb", "a écrit", "escribió", "\n>", "Von:", "From:", "De:")
    ) or ("\n--" in text)


def _ours(text: str) -> str:
    from cadencekit.replies import _new_text

    return _new_text(text)


def _same_words(theirs: str, ours: str) -> int:
    """1 when ``theirs`` keeps no more than ours, bar a trailing "... wrote:" line."""
    from cadencekit.replies import _CUT

    lines = theirs.strip().lower().splitlines()
    if lines and _CUT.match(lines[-1].strip()):
        lines = lines[:-1]
    return int(" ".join(lines).split() == ours.lower().split())


def _quotequail() -> Callable[[str, str], str]:
    import quotequail  # type: ignore[import-not-found]

    def cut(text: str, language: str) -> str:
        parts = quotequail.quote(text)
        return "".join(part for shown, part in parts if shown)

    return cut


def _mail_parser_reply() -> Callable[[str, str], str]:
    from mailparser_reply import EmailReplyParser  # type: ignore[import-not-found]

    def cut(text: str, language: str) -> str:
        parser = EmailReplyParser(languages=[language, "en"] if language != "en" else ["en"])
        return str(parser.parse_reply(text=text))

    return cut


def main(argv: list[str]) -> None:
    rows = load()
    reading = "the rules and the shipped model" if MODEL else "the rules alone"
    print(f"read_reply on {len(rows)} replies, {reading}; Python {sys.version.split()[0]}\n")
    quality(rows, "--errors" in argv)
    if "--no-speed" not in argv:
        speed(rows)
    if "--peers" in argv:
        peers(rows)


if __name__ == "__main__":
    main(sys.argv[1:])
