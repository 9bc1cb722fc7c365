"""The semantic blend's hub correction (CSLS): crowded neighbourhoods ask more of a pair."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from claimcheck.match.semantic import SemanticMatcher, hub_scores


@dataclass(frozen=True)
class TableEmbedder:
    """An embedder that looks texts up in a table of unit vectors (no model)."""

    table: dict[str, np.ndarray]
    name: str = "table"

    def load(self) -> None:
        pass

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        rows = np.stack([self.table[t] for t in texts]).astype(np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def _unit(*xs: float) -> np.ndarray:
    v = np.asarray(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_hub_scores_are_the_mean_of_the_k_nearest_others() -> None:
    rng = np.random.default_rng(5)
    emb = rng.normal(size=(37, 8)).astype(np.float32)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    got = hub_scores(emb, 4, block=10)  # blocks that do not divide the rows
    sims = np.clip(emb @ emb.T, 0, 1)
    np.fill_diagonal(sims, -1)
    want = np.sort(sims, axis=1)[:, -4:].mean(axis=1)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    assert hub_scores(emb[:1], 4).tolist() == [0.0]  # no other text: no neighbourhood


def _pair_score(others: dict[str, np.ndarray], hub_k: int) -> float:
    """The score of one fixed pair (cosine 0.8, no shared words) inside a corpus."""
    table = {"alpha one": _unit(1, 0, 0, 0), "beta two": _unit(0.8, 0.6, 0, 0), **others}
    texts = list(table)
    matcher = SemanticMatcher(weight=0.5, offset=0.05, embedder=TableEmbedder(table), hub_k=hub_k)
    model = matcher.fit(texts, texts)
    return float(model.score(np.array([0]), np.array([1]))[0])


def test_the_same_pair_needs_more_in_a_crowded_corpus() -> None:
    # crowded: many texts close to both (a page set restating one theme)
    crowded = {f"gamma{i}": _unit(1, 0.7, 0.1 * i, 0) for i in range(6)}
    # diverse: the other texts are about something else
    diverse = {f"delta{i}": _unit(0, 0, 1, 0.1 * i) for i in range(6)}
    plain_crowded, plain_diverse = _pair_score(crowded, 0), _pair_score(diverse, 0)
    assert plain_crowded == plain_diverse  # without the correction the corpus does not matter
    hub_crowded, hub_diverse = _pair_score(crowded, 3), _pair_score(diverse, 3)
    assert hub_crowded < plain_crowded < hub_diverse
    assert hub_crowded >= 0.0 and hub_diverse <= 1.0
