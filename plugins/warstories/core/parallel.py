"""Per-story work split with one forked child process, so a cold build uses a second core.

The child gets the work by fork (nothing is pickled on the way in) and sends its half of the
results back pickled through a pipe. Anywhere a fork is unsafe or not worth it (not Linux,
few items, one core, another thread running, as in `mkdocs serve`), the work is done here,
in order.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 100  # below this a fork costs more than the work it moves


def fork_map(function: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """[function(item) for item in items], the second half computed in a forked child."""
    if len(items) < MIN_ITEMS:
        return [function(item) for item in items]
    half = len(items) // 2
    mine, theirs = in_parallel(
        lambda: [function(item) for item in items[:half]],
        lambda: [function(item) for item in items[half:]],
    )
    return mine + theirs


def in_parallel(here: Callable[[], R], there: Callable[[], T]) -> tuple[R, T]:
    """(here(), there()), with there() computed in a forked child while here() runs.

    there() must not change state this process needs: the child's changes stay in the child.
    """
    if not can_fork():
        return here(), there()
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # the child: compute, send the result, and leave without any cleanup
        status = 1
        try:
            os.close(read_end)
            data = pickle.dumps(there(), pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    try:
        mine = here()
    finally:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(child, 0)
    if status != 0:  # the child failed: compute it here, where an error is seen
        return mine, there()
    return mine, pickle.loads(data)


def can_fork() -> bool:
    """Only on Linux (macOS system libraries are not safe across a fork), with a second core,
    and never beside another thread (it could hold a lock the child would wait on forever)."""
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return False
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cpus or 1) > 1
