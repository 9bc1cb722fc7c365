"""One context manager: no cyclic garbage collection inside.

Building or reading millions of small objects (units, rows, decisions) makes the
collector rescan them all as they pile up, and it finds nothing: ~5 s of a
1M-sentence run (benchmarks/scale.py), seconds of a 100,000-row import. Nothing made
inside forms cycles worth collecting early.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
