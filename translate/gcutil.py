"""Building large acyclic data (thousands of review units, results, store rows) without the cyclic collector.

CPython's cyclic garbage collector runs each time enough new container objects pile up, and every few
runs walks every live object. Reading a 10,000-unit review file creates tens of thousands of small frozen
objects that hold no cycles, so the collector finds nothing, yet its walks took about half of an import's
time (``bench/review_roundtrip.py``). Reference counting still frees all of it; the collector resumes,
as it was, when the work ends, even on error.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_collector() -> Iterator[None]:
    """Pause the cyclic garbage collector inside the block (nesting is fine); usable as a decorator."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
