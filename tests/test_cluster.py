"""Average linkage inside blocks: no chaining; leader fallback for huge blocks."""

from __future__ import annotations

import numpy as np

from claimcheck.cluster import cluster_pairs


def _chain(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    a = np.arange(n - 1)
    return a, a + 1, np.full(n - 1, 0.9, dtype=np.float32)


def test_chain_is_not_one_group() -> None:
    a, b, s = _chain(6)
    label = cluster_pairs(6, a, b, s, 0.5, np.arange(6))
    assert len(set(label.tolist())) > 1
    assert label[0] != label[5]


def test_average_over_all_member_pairs() -> None:
    # a triangle scored 0.9, 0.9, 0.0: the mean of the third member to the pair is 0.45
    a, b, s = np.array([0, 1, 0]), np.array([1, 2, 2]), np.array([0.9, 0.9, 0.0])
    label = cluster_pairs(3, a, b, s, 0.5, np.arange(3))
    assert label[0] == label[1] != label[2] or label[1] == label[2] != label[0]
    label = cluster_pairs(3, a, b, np.array([0.9, 0.9, 0.6]), 0.5, np.arange(3))
    assert len(set(label.tolist())) == 1


def test_huge_block_uses_leaders_and_stays_bounded() -> None:
    a, b, s = _chain(50)
    label = cluster_pairs(50, a, b, s, 0.5, np.arange(50), max_block=10)
    # leaders take only direct neighbours: groups of at most 2-3 nodes along the chain
    assert max(np.bincount(label)) <= 3


def test_flat_clusters_match_scipy_public_calls() -> None:
    """The direct compiled path gives scipy's fcluster(linkage(...)) exactly, ties
    included (scores on a coarse grid)."""
    from scipy.cluster.hierarchy import fcluster, linkage

    from claimcheck.cluster import flat_clusters

    rng = np.random.default_rng(0)
    for trial in range(200):
        m = int(rng.integers(2, 30))
        d = np.round(rng.random(m * (m - 1) // 2) * 4) / 4  # many equal distances
        for method in ("average", "complete"):
            want = fcluster(linkage(d, method=method), t=0.5 + 1e-9, criterion="distance")
            got = flat_clusters(d, m, 0.5 + 1e-9, method)
            assert got.tolist() == want.tolist(), (trial, method)
