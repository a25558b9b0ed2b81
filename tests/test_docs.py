"""Every code block in docs/ runs as a test, page by page, in order.

````python```` blocks are executed; ````pycon```` blocks (``>>>`` sessions)
are checked as doctests. Blocks of one page share a namespace, so a page
reads like a notebook.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
FENCE = re.compile(r"^```(python|pycon)[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
README = DOCS.parent / "README.md"
PAGES = [*sorted(DOCS.rglob("*.md")), README]  # the README's tour runs too


def blocks(page: Path) -> list[tuple[str, str, int]]:
    text = page.read_text(encoding="utf-8")
    return [
        (match.group(1), match.group(2), text.count("\n", 0, match.start()) + 1)
        for match in FENCE.finditer(text)
    ]


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(DOCS.parent)) for p in PAGES])
def test_page_code_runs(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": f"docs.{page.stem}"}
    parser = doctest.DocTestParser()
    flags = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
    for kind, code, line in blocks(page):
        if kind == "python":
            exec(compile(code, f"{page.name}:{line}", "exec"), namespace)
            continue
        test = parser.get_doctest(code, namespace, f"{page.name}:{line}", str(page), line)
        runner = doctest.DocTestRunner(optionflags=flags)
        report: list[str] = []  # what failed, from the one run (a block is never run twice)
        runner.run(test, out=report.append, clear_globs=False)
        namespace.update(test.globs)  # DocTest copies the namespace it is given
        if runner.failures:
            pytest.fail("".join(report), pytrace=False)


def test_every_page_has_code() -> None:
    assert PAGES, "docs/ has no pages"
    for page in PAGES:
        if page.name not in {"changelog.md", "reference.md"}:
            assert blocks(page) or page.name == "performance.md", f"{page.name} shows no code"


def test_the_home_page_lists_every_extra() -> None:
    import tomllib

    root = Path(__file__).resolve().parent.parent
    extras = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]
    page = (root / "docs" / "index.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `(\w+)` \|", page, flags=re.M))
    assert listed == set(extras)


def test_long_code_lines_scroll_on_the_site() -> None:
    root = Path(__file__).resolve().parent.parent
    assert "stylesheets/code.css" in (root / "mkdocs.yml").read_text(encoding="utf-8")
    css = (root / "docs" / "stylesheets" / "code.css").read_text(encoding="utf-8")
    assert "overflow-x: auto" in css


def test_every_page_quotes_the_one_export_speed_figure() -> None:
    # Issue 29: three speed claims for the export report (about a second, under 3 s,
    # 2.7 s). The benchmark's figure lives in performance.md; the others quote it.
    root = DOCS.parent
    performance = (DOCS / "performance.md").read_text(encoding="utf-8")
    figures = re.findall(r"From CSV text to a full report takes \*\*([\d.]+) s\*\*", performance)
    assert len(figures) == 1, "performance.md states the export figure once, in bold"
    for page in (root / "README.md", DOCS / "export.md"):
        text = page.read_text(encoding="utf-8")
        quoted = re.findall(r"report,? in\s+([\d.]+) s on one core", text.replace("\n", " "))
        assert quoted == figures, f"{page.name} quotes {quoted}, performance.md {figures}"
        assert "benchmarks/bench_export.py" in text
