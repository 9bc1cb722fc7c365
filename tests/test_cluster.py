"""Average linkage inside blocks: no chaining; leader fallback for huge blocks."""

from __future__ import annotations

import numpy as np

from claimcheck.cluster import cluster_pairs, join_lone


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


def test_upper_pairs_are_triu_indices_and_read_only() -> None:
    """The cached index pairs of small blocks are numpy's ``triu_indices(m, 1)``, the
    same past the cache, and cannot be changed by a caller."""
    from claimcheck.cluster import _CACHED_PAIRS, _upper_pairs

    for m in [*range(_CACHED_PAIRS + 3), 200]:
        rows, cols = _upper_pairs(m)
        want_rows, want_cols = np.triu_indices(m, 1)
        assert np.array_equal(rows, want_rows) and np.array_equal(cols, want_cols)
        assert rows.dtype == want_rows.dtype
    assert not _upper_pairs(5)[0].flags.writeable


def test_many_small_blocks_cluster_as_with_fresh_index_pairs() -> None:
    """Random graphs of many small blocks: the labels with the cached index pairs are the
    labels with ``triu_indices`` made afresh for every block."""
    from unittest import mock

    from claimcheck import cluster

    rng = np.random.default_rng(13)
    sizes = rng.integers(2, 40, 300)  # blocks of 2-39 nodes, pairs only inside a block
    starts = np.repeat(np.cumsum(sizes) - sizes, sizes * 3)
    spans = np.repeat(sizes, sizes * 3)
    a = starts + rng.integers(0, spans)
    b = starts + rng.integers(0, spans)
    a, b = a[a != b], b[a != b]
    s = rng.random(len(a))
    n = int(sizes.sum())
    rank = rng.permutation(n)
    for method in cluster.LINKAGES:
        got = cluster_pairs(n, a, b, s, 0.5, rank, method)
        with mock.patch.object(cluster, "_upper_pairs", lambda m: np.triu_indices(m, 1)):
            want = cluster_pairs(n, a, b, s, 0.5, rank, method)
        assert np.array_equal(got, want)
        assert 300 < len(np.unique(got)) < n - 300  # blocks were clustered, not merged


def test_first_of_each_is_uniques_first_occurrence() -> None:
    """``first_of_each`` gives, per position, where its value first occurs, as
    ``np.unique``'s first indices read back through its inverse."""
    from claimcheck.cluster import first_of_each

    rng = np.random.default_rng(14)
    for _ in range(2000):
        values = rng.integers(1, rng.integers(2, 12), rng.integers(1, 40)).astype("i")
        _, first, back = np.unique(values, return_index=True, return_inverse=True)
        assert first_of_each(values) == first[back.ravel()].tolist()


def _pairs(scores: dict[tuple[int, int], float]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    keys = sorted(scores)
    return (np.array([k[0] for k in keys]), np.array([k[1] for k in keys]),
            np.array([scores[k] for k in keys]))  # fmt: skip


def test_a_lone_claim_just_below_the_threshold_joins_its_closest_group() -> None:
    # nodes 0-1 are copies (0.95); 2 scores 0.52 and 0.44 with them: mean 0.48, alone
    # under plain average linkage at 0.5, in the group with a slack of 0.02
    a, b, s = _pairs({(0, 1): 0.95, (0, 2): 0.52, (1, 2): 0.44})
    plain = cluster_pairs(3, a, b, s, 0.5, np.arange(3))
    assert plain[0] == plain[1] != plain[2]
    joined = cluster_pairs(3, a, b, s, 0.5, np.arange(3), lone_slack=0.02)
    assert len(set(joined.tolist())) == 1
    # beyond the slack it stays alone
    assert cluster_pairs(3, a, b, s, 0.5, np.arange(3), lone_slack=0.01)[2] == 2


def test_a_lone_claim_with_a_blocked_or_unscored_pair_stays_alone() -> None:
    # 2: one pair blocked by the fact guard (0); 3: its pair with 1 never scored
    a, b, s = _pairs({(0, 1): 0.95, (0, 2): 0.9, (1, 2): 0.0, (0, 3): 0.6})
    plain = cluster_pairs(4, a, b, s, 0.5, np.arange(4))
    label = cluster_pairs(4, a, b, s, 0.5, np.arange(4), lone_slack=0.5)
    assert (label == plain).all()
    assert label[0] == label[1] and len(set(label.tolist())) == 3


def test_two_groups_never_merge_below_the_threshold() -> None:
    # two pairs of copies, 0.48 between them on average: groups, not lone claims
    scores = {(0, 1): 0.95, (2, 3): 0.95}
    scores |= {(i, j): 0.48 for i in (0, 1) for j in (2, 3)}
    a, b, s = _pairs(scores)
    label = cluster_pairs(4, a, b, s, 0.5, np.arange(4), lone_slack=0.1)
    assert label[0] == label[1] != label[2] == label[3]


def test_join_lone_does_not_depend_on_the_order_of_the_lone_nodes() -> None:
    rng = np.random.default_rng(3)
    sim = rng.uniform(0.3, 0.7, size=(8, 8))
    sim = (sim + sim.T) / 2
    np.fill_diagonal(sim, 0.0)
    flat = np.array([1, 1, 1, 2, 2, 3, 4, 5])
    out = join_lone(flat, sim, 0.45)
    perm = np.array([6, 0, 3, 7, 1, 5, 2, 4])  # the same nodes in another order
    back = join_lone(flat[perm], sim[np.ix_(perm, perm)], 0.45)
    assert (back == out[perm]).all()
    assert (out[:5] == flat[:5]).all()  # grouped nodes stay where they are

