"""Semantic matcher: sentence embeddings blended with the lexical score.

The pair score is ``weight * cosine(embeddings) + (1 - weight) * lexical - offset``,
and never below a lexical score of 0.9 or more, so copies and truncated copies still
meet. The sentence model is an ``Embedder`` passed in: MiniLM (``minilm.py``, shipped
with claimcheck; ``minilm_matcher``) or WordLlama (``WordLlamaEmbedder``: weights and
tokenizer inside its wheel, no torch, no download, ~25k sentences a second on one
core). ``pipeline.default_matcher`` picks MiniLM up to ``MINILM_MAX_CLAIMS`` claims
and WordLlama up to ``SEMANTIC_MAX_CLAIMS``.

An embedder's ``load()`` raises ``SemanticUnavailable`` with what to do when its
model cannot be loaded; with ``--semantic``/``--model`` the CLI turns that into one
line and exit 1, and the default choice warns and falls back to the next model, then
to words only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from . import concat_pairs
from .lexical import LexicalMatcher, LexicalModel

INSTALL_HINT = "pip install 'wordllama>=0.4' (a claimcheck dependency)"


class SemanticUnavailable(RuntimeError):
    """The semantic model cannot be used (package missing or model not loadable)."""


def load_model() -> Any:
    """WordLlama's default model from the files inside its wheel; no network."""
    try:
        import wordllama
        from wordllama import WordLlama
    except ImportError as e:
        raise SemanticUnavailable(f"--semantic needs the wordllama package: {INSTALL_HINT}") from e
    try:
        # The wheel keeps its tokenizer under wordllama/tokenizers/, where the loader
        # looks only as a cache directory; downloads stay off.
        return WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
    except Exception as e:  # any loader failure: say what it was, never fall back
        raise SemanticUnavailable(f"--semantic: the WordLlama model failed to load ({e})") from e


class Embedder(Protocol):
    """What the semantic matcher needs of a sentence model: ``load()`` raises
    ``SemanticUnavailable`` (with what to install) when it cannot be used; ``embed``
    gives one l2-normalised float32 row per text."""

    name: str

    def load(self) -> None: ...

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


_MODEL: list[Any] = []  # the loaded WordLlama model, once per process


def model() -> Any:
    """``load_model()``, once per process; its errors are raised, never remembered."""
    if not _MODEL:
        _MODEL.append(load_model())
    return _MODEL[0]


@dataclass(frozen=True)
class WordLlamaEmbedder:
    """Static word embeddings averaged per sentence: ~25k sentences a second."""

    name: str = "wordllama"

    def load(self) -> None:
        model()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(model().embed(list(texts), norm=True), dtype=np.float32)


@dataclass(frozen=True)
class SemanticMatcher:
    """embedder: the sentence model (WordLlama by default; see ``minilm_matcher``).
    weight: the embedding cosine's share of the blend; offset: subtracted from the
    blend so that grouping's one threshold means the same precision for both matchers
    (on the dev sets a WordLlama blend of 0.55 is as precise as a lexical 0.50:
    unrelated sentences on one topic share a WordLlama cosine of about 0.5, which lifts
    every blend). Chosen by measurement per embedder (docs/grouping.md): for WordLlama
    0.35 / 0.05 (0.6 / 0 merged too much).

    hub_k: with k > 0, each cosine is corrected for how crowded its two texts'
    neighbourhoods are (CSLS, Conneau et al. 2018, "Word translation without parallel
    data"): ``cos - hub_weight * (r_a + r_b) / 2 + hub_center``, r the mean cosine of a
    text's k nearest other texts. On a page set where every sentence restates one theme
    (a content farm on one ministry) any two sentences look alike and the correction
    asks more of a pair; on a corpus of distinct news facts it asks less. One threshold
    then holds across corpora better than a fixed one (docs/grouping.md). Costs one
    dense product of the embeddings (fine for MiniLM's corpus sizes)."""

    weight: float = 0.35
    offset: float = 0.05
    lexical: LexicalMatcher = field(default_factory=LexicalMatcher)
    name: str = "semantic"
    embedder: Embedder = field(default_factory=WordLlamaEmbedder)
    hub_k: int = 0
    hub_weight: float = 0.75
    hub_center: float = 0.5

    def fit(
        self,
        cores: Sequence[str],
        keys: Sequence[str],
        tokens: tuple[np.ndarray, np.ndarray, list[str]] | None = None,
    ) -> SemanticModel:
        emb = (
            self.embedder.embed(list(cores)) if len(cores) else np.zeros((0, 1), dtype=np.float32)
        )
        return SemanticModel(self, emb, self.lexical.fit(cores, keys, tokens))


def minilm_matcher() -> SemanticMatcher:
    """The blend with MiniLM: its cosines spread wider than WordLlama's (an unrelated
    sentence of the same topic scores 0.2-0.4, not 0.5), so it takes a larger share.
    0.5 / 0.05 from a grid on six dev corpora; the hub correction (k = 20) from a grid
    on five, checked blind on the sixth (docs/grouping.md)."""
    from .minilm import MiniLMEmbedder

    return SemanticMatcher(
        weight=0.5, offset=0.05, embedder=MiniLMEmbedder(), name="minilm", hub_k=20
    )


def hub_scores(emb: np.ndarray, k: int, block: int = 1000) -> np.ndarray:
    """Per row: the mean cosine (clipped to 0..1) of its k nearest other rows."""
    n = len(emb)
    out = np.zeros(n, dtype=np.float32)
    k = min(k, n - 1)
    if k <= 0:
        return out
    for lo in range(0, n, block):
        sims = np.clip(emb[lo : lo + block] @ emb.T, 0.0, 1.0)
        rows = np.arange(len(sims))
        sims[rows, rows + lo] = -1.0  # not its own neighbour
        top = np.partition(sims, n - k, axis=1)[:, n - k :]
        out[lo : lo + block] = top.mean(axis=1)
    return out


class SemanticModel:
    def __init__(self, params: SemanticMatcher, emb: np.ndarray, lexical: LexicalModel) -> None:
        self.params = params
        self.emb = emb
        self.lexical = lexical
        self.hub = hub_scores(emb, params.hub_k) if params.hub_k > 0 else None

    def _blend(
        self, sem: np.ndarray, lex: np.ndarray, a: np.ndarray, b: np.ndarray
    ) -> np.ndarray:
        p = self.params
        w = p.weight
        sem = np.clip(sem, 0.0, 1.0)
        if self.hub is not None:
            sem = sem - p.hub_weight * (self.hub[a] + self.hub[b]) / 2 + p.hub_center
        blended = w * sem + (1.0 - w) * lex - p.offset
        # the offset must not make a score negative, nor the hub correction above 1
        blended = np.clip(blended, 0.0, 1.0)
        # a near-certain lexical match (copies, contained fragments) keeps its score
        return np.where(lex >= 0.9, np.maximum(blended, lex), blended).astype(np.float32)

    def score(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        if len(a) == 0:
            return np.zeros(0, dtype=np.float32)
        sem = np.einsum("ij,ij->i", self.emb[a], self.emb[b])
        return self._blend(sem, self.lexical.score(a, b), a, b)

    def neighbours(
        self, floor: float, rows: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Exact: every pair's embedding cosine (dense, in row blocks) blended with its
        lexical score (0 where the two share no word)."""
        if rows is not None:  # sampled queries: score them against all texts directly
            n = len(self.emb)
            a = np.repeat(np.asarray(rows, dtype=np.int64), n)
            b = np.tile(np.arange(n), len(rows))
            keep = a != b
            a, b = a[keep], b[keep]
            s = self.score(a, b)
            good = s >= floor
            return a[good], b[good], s[good]
        n = len(self.emb)
        la, lb, ls = self.lexical.neighbours(0.0)
        lex_codes = la * n + lb
        order = np.argsort(lex_codes)
        lex_codes, ls = lex_codes[order], ls[order]
        found_a, found_b, found_s = [], [], []
        for lo in range(0, n, 1000):
            sims = self.emb[lo : lo + 1000] @ self.emb.T
            i, j = np.nonzero(np.triu(np.ones_like(sims, dtype=bool), k=lo + 1))
            a = i + lo
            lex = _lookup(lex_codes, ls, a * n + j)
            s = self._blend(sims[i, j], lex, a, j)
            good = s >= floor
            found_a.append(a[good])
            found_b.append(j[good])
            found_s.append(s[good])
        return concat_pairs(found_a, found_b, found_s)


def _lookup(codes: np.ndarray, values: np.ndarray, query: np.ndarray) -> np.ndarray:
    """values[k] where codes[k] == query (codes sorted), else 0."""
    if len(codes) == 0:
        return np.zeros(len(query), dtype=np.float32)
    at = np.minimum(np.searchsorted(codes, query), len(codes) - 1)
    return np.where(codes[at] == query, values[at], 0.0).astype(np.float32)
