"""Clustering scored pairs into groups without chaining.

Single-link grouping (connected components) lets A~B~C put A and C together though
they share nothing; one generic sentence can then bridge two claims. Here the
components of the pairs at or above the threshold are only *blocks*: inside each
block, average-linkage agglomerative clustering (scipy) merges two clusters only
when the mean score over all their member pairs reaches the threshold, so every
member stays close to its group as a whole. Pairs that were not scored count as 0.

A claim left alone by the linkage may still join a group (``lone_slack``): the group
whose members it is closest to on average, when that average is within the slack of the
threshold and every pair between them was scored and none blocked. Average linkage
holds a lone rewording to the mean over the group's copies and paraphrases, which a
group built from copies can fall just short of; two groups still merge only at the
threshold itself, so no chain forms (docs/grouping.md, Round 12).

Blocks larger than ``max_block`` (boilerplate repeated in thousands of variants at
scale) fall back to leader clustering (``leader_clusters``): bounded cost, still no
chaining, every member within the threshold of its leader.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

LINKAGES = ("average", "complete")


def cluster_pairs(
    n: int,
    a: np.ndarray,
    b: np.ndarray,
    score: np.ndarray,
    threshold: float,
    rank: np.ndarray,
    method: str = "average",
    max_block: int = 2000,
    lone_slack: float = 0.0,
) -> np.ndarray:
    """Cluster label (an index of one member) for every node 0..n-1.

    a, b, score: scored pairs (any floor below the threshold: they count in the
    average); rank: node preference for leaders and tie order (lower first), from
    content only, so the result does not depend on input order; lone_slack: how far
    below the threshold a node left alone may still join a group (``join_lone``)."""
    label = np.arange(n, dtype=np.int64)
    strong = score >= threshold
    if not strong.any():
        return label
    sa, sb = a[strong], b[strong]
    graph = coo_matrix((np.ones(len(sa)), (sa, sb)), shape=(n, n))
    _, comp = connected_components(graph, directed=False)
    sizes = np.bincount(comp)
    in_pair = np.zeros(n, dtype=bool)
    in_pair[sa] = in_pair[sb] = True
    comps = distinct_ids(comp[in_pair])
    # all scored pairs, grouped by block (both ends in the same block)
    same = comp[a] == comp[b]
    pa, pb, ps, pc = a[same], b[same], score[same], comp[a[same]]
    order = np.argsort(pc, kind="stable")
    pa, pb, ps, pc = pa[order], pb[order], ps[order], pc[order]
    bounds = np.searchsorted(pc, comps), np.searchsorted(pc, comps, side="right")
    # the nodes of every block, in rank order, from one sort (not a scan per block)
    by_comp = np.lexsort((rank, comp))
    sorted_comp = comp[by_comp]
    node_lo = np.searchsorted(sorted_comp, comps)
    node_hi = np.searchsorted(sorted_comp, comps, side="right")
    # A block of two is one strong pair: one cluster, led by its better-ranked node. Most
    # blocks are pairs, so they are labelled in numpy, not one linkage call each.
    pairs = sizes[comps] == 2
    first = by_comp[node_lo[pairs]]
    label[by_comp[node_lo[pairs] + 1]] = first
    for k in np.flatnonzero(~pairs).tolist():
        c = int(comps[k])
        nodes = by_comp[node_lo[k] : node_hi[k]]
        lo, hi = bounds[0][k], bounds[1][k]
        if sizes[c] > max_block:
            lead = leader_clusters_scored(nodes, pa[lo:hi], pb[lo:hi], ps[lo:hi], threshold)
        else:
            lead = _linkage_block(
                nodes, pa[lo:hi], pb[lo:hi], ps[lo:hi], threshold, method, lone_slack
            )
        label[nodes] = lead
    return label


def _linkage_block(
    nodes: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    s: np.ndarray,
    threshold: float,
    method: str,
    lone_slack: float = 0.0,
) -> np.ndarray:
    """Cluster label per node of one block (label = the block's node of best rank)."""
    m = len(nodes)
    # each pair end's position in ``nodes`` (a search, not a table as long as the
    # largest node id: allocating that per block cost ~25 s over 44k blocks at 1M)
    by_id = np.argsort(nodes)
    ia = by_id[np.searchsorted(nodes, a, sorter=by_id)]
    ib = by_id[np.searchsorted(nodes, b, sorter=by_id)]
    sim = np.zeros((m, m), dtype=np.float64)
    sim[ia, ib] = np.maximum(sim[ia, ib], np.clip(s, 0.0, 1.0))
    sim[ib, ia] = sim[ia, ib]
    dist = 1.0 - sim
    np.fill_diagonal(dist, 0.0)
    condensed = dist[_upper_pairs(m)]
    cut = 1.0 - threshold + 1e-9
    if condensed.max() <= cut:  # every pair close: one cluster, whatever the linkage
        return np.full(m, nodes[0], dtype=np.int64)
    flat = flat_clusters(condensed, m, cut, method)
    if lone_slack > 0:
        flat = join_lone(flat, sim, threshold - lone_slack)
    # label each cluster by its first node in rank order (nodes are sorted by rank)
    return nodes[first_of_each(flat)].astype(np.int64)


def join_lone(flat: np.ndarray, sim: np.ndarray, cut: float) -> np.ndarray:
    """``flat`` with each node alone in its cluster moved into the cluster of two or
    more whose members it is closest to on average, when that mean reaches ``cut`` and
    none of those pairs has similarity 0 (unscored or blocked by the fact guard). Every
    lone node is matched against the clusters as the linkage left them (so the result
    does not depend on the order they are visited); ties go to the first cluster."""
    counts = np.bincount(flat)  # fcluster numbers clusters 1..k
    alone = counts[flat] == 1
    if not alone.any() or alone.all():
        return flat
    lone = np.flatnonzero(alone)
    grouped = np.flatnonzero(counts > 1)  # cluster numbers, ascending
    member = (flat[:, None] == grouped[None, :]).astype(np.float64)
    rows = sim[lone]
    mean = (rows @ member) / counts[grouped]
    mean[((rows <= 0.0) @ member) > 0] = -1.0
    best = mean.argmax(axis=1)
    joins = mean[np.arange(len(lone)), best] >= cut
    out = flat.copy()
    out[lone[joins]] = grouped[best[joins]]
    return out


def first_of_each(values: np.ndarray) -> list[int]:
    """Per position, the position of its value's first occurrence: ``first[back]`` of
    ``np.unique(values, return_index=True, return_inverse=True)``, by a dictionary over
    a block's few values (numpy's sorting unique was ~13 us a block, this ~3)."""
    first: dict[int, int] = {}
    return [first.setdefault(v, i) for i, v in enumerate(values.tolist())]


# Blocks up to this size (nearly all) keep their upper-triangle index pairs: numpy's
# ``triu_indices`` is ~14 us of Python-level steps a call, ~0.6 s over 44k blocks at 1M
# (one core: the build stage). All of them together are ~1 MB.
_CACHED_PAIRS = 64


def _upper_pairs(m: int) -> tuple[np.ndarray, np.ndarray]:
    """``np.triu_indices(m, 1)``, the arrays read-only and shared for small ``m``."""
    return _cached_upper_pairs(m) if m <= _CACHED_PAIRS else np.triu_indices(m, 1)


@lru_cache(maxsize=_CACHED_PAIRS + 1)
def _cached_upper_pairs(m: int) -> tuple[np.ndarray, np.ndarray]:
    rows, cols = np.triu_indices(m, 1)
    rows.flags.writeable = cols.flags.writeable = False
    return rows, cols


def distinct_ids(x: np.ndarray) -> np.ndarray:
    """``np.unique`` of non-negative integer ids, by counting: for millions of ids
    numpy's hashing unique took seconds where a bincount takes milliseconds."""
    if len(x) == 0:
        return np.empty(0, dtype=np.int64)
    return np.flatnonzero(np.bincount(x))


def flat_clusters(condensed: np.ndarray, m: int, cut: float, method: str) -> np.ndarray:
    """Flat cluster number per node: ``fcluster(linkage(condensed, method), cut,
    "distance")``. Through scipy's compiled steps directly where they are there: the
    public calls validate their input and the tree (array-API dispatch, finiteness,
    tree checks), which cost 3x the clustering itself over thousands of small blocks
    at scale; the distances built here are valid by construction."""
    if _FAST is None:
        return fcluster(linkage(condensed, method=method), t=cut, criterion="distance")
    hierarchy, codes = _FAST
    tree = hierarchy.nn_chain(np.ascontiguousarray(condensed, dtype=np.float64), m, codes[method])
    flat = np.zeros(m, dtype="i")
    hierarchy.cluster_dist(tree, flat, float(cut), m)
    return flat


def _fast_hierarchy() -> tuple[Any, dict[str, int]] | None:
    """scipy's compiled hierarchy module and its method codes, or None (a scipy that
    moved them: the public calls are used)."""
    try:
        from scipy.cluster import _hierarchy
        from scipy.cluster.hierarchy import _LINKAGE_METHODS
    except ImportError:  # pragma: no cover
        return None
    if not all(hasattr(_hierarchy, f) for f in ("nn_chain", "cluster_dist")):
        return None  # pragma: no cover
    # nn_chain is what linkage itself runs for these methods
    return _hierarchy, {m: _LINKAGE_METHODS[m] for m in LINKAGES}


_FAST = _fast_hierarchy()


def leader_clusters_scored(
    nodes: Sequence[int] | np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    s: np.ndarray,
    threshold: float,
) -> np.ndarray:
    """Leader clustering of ``nodes`` (in rank order): an unassigned node leads and takes
    its unassigned neighbours at or above the threshold. Label per node, in order."""
    keep = s >= threshold
    a, b = a[keep], b[keep]
    nbrs: dict[int, list[int]] = {}
    for x, y in zip(a.tolist(), b.tolist(), strict=True):
        nbrs.setdefault(x, []).append(y)
        nbrs.setdefault(y, []).append(x)
    leader: dict[int, int] = {}
    for node in list(map(int, nodes)):
        if node in leader:
            continue
        leader[node] = node
        for other in nbrs.get(node, ()):
            leader.setdefault(other, node)
    return np.asarray([leader[int(x)] for x in nodes], dtype=np.int64)
