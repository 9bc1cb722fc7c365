"""Scale-out: grouping's parallel steps on a dask cluster.

``DaskExecutor`` is an ``executor.Executor``: the pipeline passes it to
``group.group_units``, which maps its LSH band step over it exactly as over local
threads, so the groups are identical. With ``scheduler=None`` a LocalCluster is
started for the run and closed after it.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any

import numpy as np


class DaskExecutor:
    def __init__(self, scheduler: str | None = None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as e:  # pragma: no cover - depends on the install
            raise RuntimeError("--engine dask needs: pip install 'claimcheck[dask]'") from e
        self.cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            self.cluster = LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
            )
            self.client = Client(self.cluster)

    def map(self, fn: Callable[..., Any], args: list[tuple[Any, ...]]) -> list[Any]:
        if not args:
            return []
        # Large shared arguments (token ids, hashes) go to the workers once.
        shared = {
            id(x): self.client.scatter(x, broadcast=True)
            for a in args
            for x in a
            if isinstance(x, np.ndarray) and x.nbytes > 1_000_000
        }
        futures = [
            self.client.submit(fn, *[shared.get(id(x), x) for x in a], pure=False) for a in args
        ]
        return self.client.gather(futures)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        err: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
