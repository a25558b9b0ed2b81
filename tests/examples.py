"""Running an example script as a user runs it: ``python examples/x.py <output folder>``."""

from __future__ import annotations

import runpy
import sys
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path
from typing import Any


def run_example(script: Path, out: Path) -> tuple[dict[str, Any], Path, str]:
    """The script's globals, its output folder and what it printed, run as ``__main__``."""
    saved = sys.argv
    sys.argv = [str(script), str(out)]
    try:
        printed = StringIO()
        with redirect_stdout(printed):
            found = runpy.run_path(str(script), run_name="__main__")
    finally:
        sys.argv = saved
    return found, out, printed.getvalue()
