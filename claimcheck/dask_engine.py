"""Scale-out engine: the same candidate and verification steps, run on a dask cluster.

``group_units(units, GroupOptions(engine="dask", scheduler="tcp://host:8786"))`` sends
MinHash signature chunks and candidate verification chunks to the cluster's workers;
banding and clustering stay on the caller, so the groups are identical to the local
engine's. With ``scheduler=None`` a LocalCluster is started for the call.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .group import GroupOptions, similar_pairs
from .models import ProgressFn, no_progress


def similar_pairs_dask(
    keys: Sequence[str], opts: GroupOptions, progress: ProgressFn = no_progress
) -> tuple[np.ndarray, np.ndarray]:
    """``group.similar_pairs`` with its chunked steps mapped over dask workers."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as e:  # pragma: no cover - depends on the install
        raise RuntimeError("engine='dask' needs: pip install 'claimcheck[dask]'") from e
    if opts.scheduler:
        client = Client(opts.scheduler)
        cluster = None
    else:
        cluster = LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        a, b, _ = similar_pairs(keys, opts, progress, map_fn=_dask_map(client))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return a, b


def _dask_map(client: Any) -> Callable[[Callable[..., Any], list[tuple[Any, ...]]], list[Any]]:
    def run(fn: Callable[..., Any], args: list[tuple[Any, ...]]) -> list[Any]:
        if not args:
            return []
        # Large shared arguments (token ids, the key array) go to the workers once.
        shared = {
            id(x): client.scatter(x, broadcast=True)
            for a in args
            for x in a
            if isinstance(x, np.ndarray) and x.nbytes > 1_000_000 and id(x)
        }
        futures = [client.submit(fn, *[shared.get(id(x), x) for x in a], pure=False) for a in args]
        return client.gather(futures)

    return run
