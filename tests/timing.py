"""How the linear-time tests measure: a ratio of two input sizes, never a wall-clock bound.

A linear reader takes about 100x as long on 100 KB as on 1 KB; a quadratic one about
10,000x. The tests allow 300x (``LINEAR_BOUND``). With the time written as
``a*n + b*n**2``, 300x is crossed once the quadratic part is 2% of the whole at 1 KB
(twice the linear part at 100 KB): as sensitive as the megabyte runs these tests replaced
(1 MB against 10 KB within 2,000x, 1 MB against 1 KB within 20,000x) at a tenth of their
cost.

The clock is the thread's CPU time (``time.thread_time``), not ``time.perf_counter``: on a
busy machine a 100 KB run spans many scheduler slices and the wall clock counts the ones
spent waiting, while a 1 KB run fits in one, so the wall-clock ratio of a linear reader
reached 220 on this project's shared 2-core machine where the CPU-time ratio stayed under
125. Each size is timed a few times and the best kept.
"""

from __future__ import annotations

import time
from collections.abc import Callable

SMALL = 1_000
"""Characters in the small input."""
LARGE = 100_000
"""Characters in the large input: 100x the small one."""
LINEAR_BOUND = 300.0
"""The largest ratio of the large input's time to the small one's that passes as linear."""


def repeat_to(unit: str, size: int) -> str:
    """``unit`` repeated and cut to exactly ``size`` characters."""
    return (unit * (size // len(unit) + 1))[:size]


def best_seconds(call: Callable[[], object], *, repeats: int) -> float:
    """The least CPU time of this thread over ``repeats`` calls of ``call()``."""
    best = float("inf")
    for _ in range(repeats):
        began = time.thread_time()
        call()
        best = min(best, time.thread_time() - began)
    return best


def growth(read: Callable[[str], object], small: str, large: str) -> float:
    """How many times the CPU time of ``read(small)`` ``read(large)`` takes, best of a few."""
    read(small)  # warm up: first-call costs (compiled patterns, caches) are not the input's
    small_seconds = best_seconds(lambda: read(small), repeats=7)
    large_seconds = best_seconds(lambda: read(large), repeats=3)
    return large_seconds / max(small_seconds, 1e-7)
