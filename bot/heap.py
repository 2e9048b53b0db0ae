"""The process's garbage-collector policy around big loads, decided by the front doors.

A load allocates millions of objects and creates no reference cycles; with a big
archive in memory, every full collection it triggers walks all of it (about a
second at 100k posts), so the cyclic collector is paused while loading. After a
load, `settle()` moves everything alive into the permanent generation, so later
collections (in the middle of an answer: about 150 ms at 100k posts) skip the
immutable knowledge base. Garbage is still freed by reference counts.

The loader and the engine never touch the collector: these are process-wide
switches, so only the code that owns the process (the command line's `main()`
and the serving layer it starts) flips them.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector for the block; restore it as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def settle() -> None:
    """Keep the collector off everything alive now (the knowledge and its index)."""
    gc.freeze()
