"""Near-copies are a must-link for clustering, unless the fact guard blocks them."""

from __future__ import annotations

import random

import numpy as np
from rapidfuzz import fuzz

from claimcheck.cluster import cluster_pairs
from claimcheck.group import GroupOptions, group_units
from claimcheck.nearcopy import NEAR_COPY_RATIO, must_link, near_copies
from tests.test_group import as_sets, units_of

COPY = "The health agency said the outbreak had spread to four new provinces this week."
EDITED = "The health agency said that the outbreak has spread to 4 new provinces this week."
REWORDED = "Four more provinces now report the disease, officials at the agency told reporters."


def test_light_edits_are_near_copies_rewordings_are_not() -> None:
    texts = [COPY, EDITED, REWORDED]
    a, b = np.array([0, 0, 1]), np.array([1, 2, 2])
    assert near_copies(texts, a, b).tolist() == [True, False, False]
    assert not near_copies(texts, a, b, ratio=0).any()  # 0: off


def test_agrees_with_fuzz_ratio_on_random_pairs() -> None:
    """The length pre-filter never drops a pair that reaches the ratio."""
    rng = random.Random(7)
    words = ["the", "agency", "said", "é", "ministry", "4", "provinces", "", "!", "ü"]
    texts = [COPY, EDITED, ""]
    for _ in range(300):
        base = rng.choice(texts)
        cut = rng.randrange(len(base) + 1)
        texts.append(base[:cut] + " ".join(rng.choices(words, k=rng.randrange(4))))
    a = np.array([rng.randrange(len(texts)) for _ in range(2000)])
    b = np.array([rng.randrange(len(texts)) for _ in range(2000)])
    want = [fuzz.ratio(texts[i], texts[j]) >= NEAR_COPY_RATIO for i, j in zip(a, b, strict=True)]
    assert near_copies(texts, a, b).tolist() == want
    assert near_copies(texts, a[:0], b[:0]).tolist() == []


def test_blocked_pairs_stay_blocked() -> None:
    texts = [COPY, EDITED]
    a, b = np.array([0]), np.array([1])
    assert must_link(texts, a, b, np.array([0.4], dtype=np.float32)).tolist() == [1.0]
    assert must_link(texts, a, b, np.array([0.0], dtype=np.float32)).tolist() == [0.0]


def test_a_copy_outvoted_by_average_linkage_stays_with_its_twin() -> None:
    # 0-2 a tight cluster; 3 close to it (0.8) and to its copy 4 (0.45); 4 close to
    # nothing else. Average linkage puts 3 with the cluster and 4 alone.
    texts = ["alpha one", "beta two", "gamma three", COPY, EDITED]
    a = np.array([0, 0, 1, 0, 1, 2, 3])
    b = np.array([1, 2, 2, 3, 3, 3, 4])
    s = np.array([0.9, 0.9, 0.9, 0.8, 0.8, 0.8, 0.45], dtype=np.float32)
    plain = cluster_pairs(5, a, b, s, 0.5, np.arange(5))
    assert plain[3] == plain[0] != plain[4]
    linked = cluster_pairs(5, a, b, must_link(texts, a, b, s), 0.5, np.arange(5))
    assert linked[3] == linked[4] != linked[0]
    assert linked[0] == linked[1] == linked[2]


def test_grouping_joins_near_copies_below_the_threshold() -> None:
    units = units_of([COPY, EDITED, REWORDED])
    strict = GroupOptions(threshold=99)
    assert frozenset({COPY, EDITED}) in as_sets(units, group_units(units, strict))
    off = GroupOptions(threshold=99, near_copy=0)
    assert len(group_units(units, off)) == 3


def test_a_different_fact_is_no_light_edit() -> None:
    units = units_of(
        [
            "Ministers met at the 18th regional security meeting in the capital on Wednesday.",
            "Ministers met at the 17th regional security meeting in the capital on Wednesday.",
        ]
    )
    assert len(group_units(units)) == 2
    assert len(group_units(units, GroupOptions(fact_guard=False))) == 1


def test_must_link_with_known_near_copies_is_the_same() -> None:
    texts = [COPY, EDITED, "an unrelated sentence about ferries"]
    a, b = np.array([0, 0, 1]), np.array([1, 2, 2])
    s = np.array([0.4, 0.3, 0.0], dtype=np.float32)
    near = near_copies(texts, a, b)
    assert must_link(texts, a, b, s, near=near).tolist() == must_link(texts, a, b, s).tolist()
    assert must_link(texts, a, b, s, near=near).tolist() == [1.0, s[1], 0.0]
