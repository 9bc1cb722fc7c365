"""Matchers: how similar two claim cores are, one module per method.

A matcher is fitted on the corpus's claim cores (it may weigh words by how rare they
are in *this* corpus) and then scores pairs. Grouping takes a matcher as an argument
(``group.group_units(..., matcher=...)``), so a new method is a new module here, not a
branch inside the algorithm.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np


class Model(Protocol):
    """A matcher fitted on one corpus: scores in 0..1."""

    def score(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Scores of the pairs (a[i], b[i])."""
        ...

    def neighbours(
        self, floor: float, rows: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every pair i < j scoring >= floor (exact), as (a, b, score); with ``rows``,
        every pair (r, j) of those rows against all texts."""
        ...


class Matcher(Protocol):
    name: str

    def fit(
        self,
        cores: Sequence[str],
        keys: Sequence[str],
        tokens: tuple[np.ndarray, np.ndarray, list[str]] | None = None,
    ) -> Model:
        """Fit on the unique claim cores (display text) and their scoring keys (stemmed
        words, stop words dropped), index-aligned; ``tokens``: the keys' word ids, start
        per key and vocabulary, when the caller has them (saves a pass)."""
        ...


class BestOf:
    """Several fitted models over the same texts; a pair's score is the best of theirs.

    Grouping scores each claim both as its core and as its full text: stripping a frame
    from one copy of a sentence and not from another (a frame the patterns do not
    know) must not lose a near-duplicate that the full texts show."""

    def __init__(self, models: Sequence[Model]) -> None:
        self.models = list(models)

    def score(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.maximum.reduce([m.score(a, b) for m in self.models])

    def neighbours(
        self, floor: float, rows: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        found = [m.neighbours(floor, rows) for m in self.models]
        codes = np.concatenate(
            [(a.astype(np.uint64) << np.uint64(32)) | b.astype(np.uint64) for a, b, _ in found]
        )
        scores = np.concatenate([s for _, _, s in found])
        order = np.lexsort((-scores, codes))  # best score first within each pair
        codes, scores = codes[order], scores[order]
        first = np.r_[True, codes[1:] != codes[:-1]] if len(codes) else np.zeros(0, bool)
        codes, scores = codes[first], scores[first]
        a = (codes >> np.uint64(32)).astype(np.int64)
        b = (codes & np.uint64(0xFFFFFFFF)).astype(np.int64)
        return a, b, scores


def concat_pairs(
    found_a: list[np.ndarray], found_b: list[np.ndarray], found_s: list[np.ndarray]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The blocks of pairs a ``neighbours`` pass found, as one (a, b, score)."""
    if not found_a:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, np.empty(0, dtype=np.float32)
    return np.concatenate(found_a), np.concatenate(found_b), np.concatenate(found_s)
