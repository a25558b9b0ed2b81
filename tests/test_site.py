"""The documentation site builds with no warnings (``mkdocs build --strict``).

Skipped when the ``docs`` extra is not installed; ``.ci/run`` installs it.
The build is also the check that every page is in the nav (mkdocs.yml sets
``omitted_files: warn``) and that every link and anchor resolves.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_site_builds_strict_with_reference_and_changelog(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs")
    pytest.importorskip("mkdocstrings_handlers.python")
    pytest.importorskip("material")
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    reference = (site / "reference" / "index.html").read_text(encoding="utf-8")
    # attrs classes get their signature, and doctests render as code
    assert 'id="cadencekit.scheduling.Schedule.plot"' in reference
    assert 'id="cadencekit.cadence.Touchpoint"' in reference
    assert ":class:" not in reference
    changelog = (site / "changelog" / "index.html").read_text(encoding="utf-8")
    assert "Unreleased" in changelog
    assert "--8&lt;--" not in changelog  # the snippet was included, not shown
    assert (site / "images" / "schedule.png").stat().st_size > 0
    assert not (site / "griffe_cadencekit.py").exists()
    page = (site / "calendars" / "index.html").read_text(encoding="utf-8")
    assert "copy-without-prompts.js" in page
    assert '<span class="gp">&gt;&gt;&gt; </span>' in page  # the prompts the script strips


def test_copy_button_copies_pycon_code_without_prompts_or_output() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    script = ROOT / "docs" / "javascripts" / "copy-without-prompts.js"
    example = ">>> x = 1\n>>> for i in range(2):\n...     print(i)\n...\n0\n1\n"
    code = (
        f"const {{ codeToCopy }} = require({str(script)!r});"
        f"process.stdout.write(codeToCopy({example!r}));"
        "process.stdout.write('|');"
        "process.stdout.write(codeToCopy('import cadencekit as ck\\n'));"
    )
    out = subprocess.run([node, "-e", code], capture_output=True, text=True, check=True).stdout
    assert out == "x = 1\nfor i in range(2):\n    print(i)\n\n|import cadencekit as ck\n"
