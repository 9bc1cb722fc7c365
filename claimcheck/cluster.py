"""Clustering scored pairs into groups without chaining.

Single-link grouping (connected components) lets A~B~C put A and C together though
they share nothing; one generic sentence can then bridge two claims. Here the
components of the pairs at or above the threshold are only *blocks*: inside each
block, average-linkage agglomerative clustering (scipy) merges two clusters only
when the mean score over all their member pairs reaches the threshold, so every
member stays close to its group as a whole. Pairs that were not scored count as 0.

Blocks larger than ``max_block`` (boilerplate repeated in thousands of variants at
scale) fall back to leader clustering (``leader_clusters``): bounded cost, still no
chaining, every member within the threshold of its leader.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.cluster.hierarchy import linkage
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
) -> np.ndarray:
    """Cluster label (an index of one member) for every node 0..n-1.

    a, b, score: scored pairs (any floor below the threshold: they count in the
    average); rank: node preference for leaders and tie order (lower first), from
    content only, so the result does not depend on input order."""
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
    comps = np.unique(comp[in_pair])
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
            lead = _linkage_block(nodes, pa[lo:hi], pb[lo:hi], ps[lo:hi], threshold, method)
        label[nodes] = lead
    return label


def _linkage_block(
    nodes: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    s: np.ndarray,
    threshold: float,
    method: str,
) -> np.ndarray:
    """Cluster label per node of one block (label = the block's node of best rank)."""
    m = len(nodes)
    # node -> its position in the block: a search in the sorted nodes (an array as big
    # as the corpus, filled per block, was most of the cost of many small blocks)
    by_id = np.argsort(nodes)
    ia = by_id[np.searchsorted(nodes, a, sorter=by_id)]
    ib = by_id[np.searchsorted(nodes, b, sorter=by_id)]
    sim = np.zeros((m, m), dtype=np.float64)
    sim[ia, ib] = np.maximum(sim[ia, ib], np.clip(s, 0.0, 1.0))
    sim[ib, ia] = sim[ia, ib]
    dist = 1.0 - sim
    np.fill_diagonal(dist, 0.0)
    condensed = dist[np.triu_indices(m, 1)]
    cut = 1.0 - threshold + 1e-9
    if condensed.max() <= cut:  # every pair close: one cluster, whatever the linkage
        return np.full(m, nodes[0], dtype=np.int64)
    flat = _flat_clusters(linkage(condensed, method=method), cut)
    # label each cluster by its first node in rank order (nodes are sorted by rank)
    first: dict[int, int] = {}
    out = np.empty(m, dtype=np.int64)
    for i, f in enumerate(flat):
        out[i] = first.setdefault(f, int(nodes[i]))
    return out


def _flat_clusters(tree: np.ndarray, cut: float) -> list[int]:
    """``fcluster(tree, cut, criterion="distance")`` as a partition (the cluster ids
    differ; only the partition is used): leaves joined by the merges at or below
    ``cut``. Average and complete linkage are monotone, so these are whole subtrees.
    scipy's checks of the tree cost ~0.4 ms a call, most of a block of three."""
    m = len(tree) + 1
    parent = list(range(2 * m - 1))  # leaves, then one entry per merge

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for k, (x, y, height, _) in enumerate(tree.tolist()):
        if height <= cut:
            parent[find(int(x))] = m + k
            parent[find(int(y))] = m + k
    return [find(i) for i in range(m)]


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
