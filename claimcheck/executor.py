"""Executors: where the parallel steps of grouping run.

``group_units(..., executor=...)`` maps its chunked candidate step over an executor.
``LocalExecutor`` uses threads on this machine (the work is numpy calls that release
the GIL); ``dask_engine.DaskExecutor`` sends the same calls to a dask cluster. The
algorithm never chooses: the pipeline (or the caller) passes one in.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol


class Executor(Protocol):
    def map(self, fn: Callable[..., Any], args: list[tuple[Any, ...]]) -> list[Any]:
        """``[fn(*a) for a in args]``, possibly in parallel, results in order."""
        ...


class LocalExecutor:
    """Threads on this machine; ``workers < 1`` means one per core."""

    def __init__(self, workers: int = -1) -> None:
        self.workers = (os.cpu_count() or 1) if workers < 1 else workers

    def map(self, fn: Callable[..., Any], args: list[tuple[Any, ...]]) -> list[Any]:
        if self.workers == 1 or len(args) < 2:
            return [fn(*a) for a in args]
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            return list(pool.map(lambda a: fn(*a), args))
