"""The cyclic garbage collector, paused while a bulk step builds what it keeps.

A report of a million events builds millions of small containers (rows of
events, touch records) that live until the step returns and hold no
cycles. CPython's collector examines every live container again each time
enough new ones have survived: about ten full passes over a growing heap,
which more than doubled ``report(table)`` (1.4 s to 3.1 s for a million
events, 1.5 s of it in the collector). Pausing it for the step, as
Mercurial's ``util.nogc`` does, leaves reference counting to free what the
step drops; the collector runs again as soon as the step returns.

If the collector was already off (the host turned it off, or a paused step
runs inside another), it is left alone. Two threads may pause it at once:
the last to finish turns it back on.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Turn the cyclic collector off for the ``with`` block, and back on after it."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
