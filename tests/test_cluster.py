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


def test_flat_clusters_partition_equals_fcluster() -> None:
    """The partition read off the linkage tree is fcluster's, on random blocks with
    ties (a few distinct scores) and without, for both linkages."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage

    from claimcheck.cluster import _flat_clusters

    def partition(labels: list[int]) -> list[int]:
        first: dict[int, int] = {}
        return [first.setdefault(x, len(first)) for x in labels]

    rng = np.random.default_rng(0)
    for trial in range(400):
        m = int(rng.integers(2, 12))
        levels = rng.choice([0.0, 0.3, 0.5, 0.55, 0.7, 1.0], size=(m, m))
        sim = levels if trial % 2 else rng.random((m, m))
        dist = 1.0 - np.maximum(sim, sim.T)
        np.fill_diagonal(dist, 0.0)
        condensed = dist[np.triu_indices(m, 1)]
        for method in ("average", "complete"):
            tree = linkage(condensed, method=method)
            cut = 1.0 - 0.5 + 1e-9
            expected = fcluster(tree, t=cut, criterion="distance").tolist()
            assert partition(_flat_clusters(tree, cut)) == partition(expected)
