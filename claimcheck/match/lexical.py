"""Lexical matcher: tf-idf cosine over stemmed words, plus containment.

* Words are weighted by their inverse document frequency among this corpus's claims:
  two outlets sharing "Tedros", "committee" and "convene" agree on more than two
  sharing "said", "health" and "year". (A plain string ratio weighs every character
  alike, which is why it missed rewordings.)
* Containment: the idf weight of the words two claims share over the weight of the
  shorter one. A truncated copy ("The DRC has reported 14,000 cases and") is contained
  in the full sentence even when the cosine is low. A length guard keeps a short
  fragment from swallowing long sentences: the shorter side needs ``min_tokens``
  words and ``min_weight_ratio`` of the longer side's weight.

Exact all-pairs scores come from sparse matrix products in row blocks (scipy), so a
few thousand claims need no candidate step at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import sparse

from . import concat_pairs

Tokens = tuple[np.ndarray, np.ndarray, list[str]]  # word ids, start per text, vocabulary


@dataclass(frozen=True)
class LexicalMatcher:
    """containment_weight: how much a full containment counts against a cosine of 1
    (below 1, so a contained fragment never outranks a true copy)."""

    containment_weight: float = 0.9
    min_tokens: int = 6
    min_weight_ratio: float = 0.3
    name: str = "lexical"

    def fit(
        self, cores: Sequence[str], keys: Sequence[str], tokens: Tokens | None = None
    ) -> LexicalModel:
        return LexicalModel(self, keys, tokens)


class LexicalModel:
    def __init__(
        self,
        params: LexicalMatcher,
        keys: Sequence[str],
        tokens: Tokens | None = None,
        block: int = 2000,
    ) -> None:
        self.params = params
        self.block = block
        n = len(keys)
        ids, starts, vocab = tokens if tokens is not None else _tokens(keys)
        v = len(vocab)
        indptr = np.append(starts[:n], len(ids)).astype(np.int64)  # one start per key
        data = np.ones(len(ids), dtype=np.float32)
        binary = sparse.csr_matrix((data, ids.astype(np.int32), indptr), shape=(n, v))
        binary.sum_duplicates()  # a word twice in a key counts once
        binary.data[:] = 1.0
        self.binary = binary
        indices = binary.indices
        df = np.bincount(np.asarray(indices, dtype=np.int64), minlength=v)
        self.idf = (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)
        weighted = self.binary @ sparse.diags(self.idf)  # idf per present word
        self.weight = np.asarray(weighted.sum(axis=1)).ravel()
        norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        self.inv_norm = 1.0 / norms
        self.unit = sparse.diags(1.0 / norms) @ weighted  # l2-normalised tf-idf
        self.unit = self.unit.tocsr()
        self.ntok = np.diff(self.binary.indptr)

    @cached_property
    def weighted(self) -> sparse.csr_matrix:
        """The idf of each key's words (CSR), for exact neighbours only: made when
        first asked for, not kept by every model (~0.2 GB at a million claims, while
        scoring candidate pairs needs only ``unit`` and ``binary``)."""
        return (self.binary @ sparse.diags(self.idf)).tocsr()

    def _combine(
        self, cos: np.ndarray, shared: np.ndarray, a: np.ndarray, b: np.ndarray
    ) -> np.ndarray:
        p = self.params
        wa, wb = self.weight[a], self.weight[b]
        small = np.minimum(wa, wb)
        big = np.maximum(wa, wb)
        ok = (np.minimum(self.ntok[a], self.ntok[b]) >= p.min_tokens) & (
            small >= p.min_weight_ratio * big
        )
        cont = np.where(ok & (small > 0), shared / np.where(small > 0, small, 1.0), 0.0)
        return np.maximum(cos, p.containment_weight * np.minimum(cont, 1.0)).astype(np.float32)

    def score(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        if len(a) == 0:
            return np.zeros(0, dtype=np.float32)
        out = np.empty(len(a), dtype=np.float32)
        step = 200_000
        for lo in range(0, len(a), step):
            pa, pb = a[lo : lo + step], b[lo : lo + step]
            cos, shared = self._shared_sums(pa, pb)
            out[lo : lo + step] = self._combine(cos, shared, pa, pb)
        return out

    def _shared_sums(self, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Cosine and shared idf weight of each pair from one product over the shared
        words (their idf; squared and over both norms, the cosine): half the row
        gathers and products of computing the two apart, which were most of the
        time of scoring millions of LSH candidates."""
        both = self.unit[a].multiply(self.binary[b]).tocsr()  # a's unit weights
        unit_a = both.data
        idf = self.idf[both.indices]
        both.data = idf
        shared = np.asarray(both.sum(axis=1)).ravel()
        # b's unit weights computed as ``unit`` holds them (float32 idf x 1/norm), so
        # the sums are the same bits as a product of the unit rows
        rows = np.repeat(np.arange(len(a)), np.diff(both.indptr))
        both.data = unit_a * (self.inv_norm[b][rows] * idf)
        cos = np.asarray(both.sum(axis=1)).ravel()
        return cos, shared

    def neighbours(
        self, floor: float, rows: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """All pairs i < j scoring >= floor; with ``rows``, every pair (r, j), j != r, of
        those rows against all texts (a brute-force answer for sampled queries)."""
        n = self.binary.shape[0]
        found_a, found_b, found_s = [], [], []
        unit_t = self.unit.T.tocsr()
        binary_t = self.binary.T.tocsr()
        todo = np.arange(n) if rows is None else np.asarray(rows, dtype=np.int64)
        for lo in range(0, len(todo), self.block):
            part = todo[lo : lo + self.block]
            cos = (self.unit[part] @ unit_t).tocsr()
            shared = (self.weighted[part] @ binary_t).tocsr()
            # Both products are non-zero exactly where two texts share a word: with
            # sorted indices their data line up, no per-pair lookup needed.
            cos.sort_indices()
            shared.sort_indices()
            if not (
                np.array_equal(cos.indptr, shared.indptr)
                and np.array_equal(cos.indices, shared.indices)
            ):  # pragma: no cover - an underflow to 0 on one side only
                shared = shared.multiply(cos.astype(bool)).tocsr() + cos.astype(bool) * 0
                shared.sort_indices()
            i = np.repeat(np.arange(len(part)), np.diff(cos.indptr))
            j = cos.indices.astype(np.int64)
            a = part[i]
            keep = j > a if rows is None else j != a
            j, a, c, sh = j[keep], a[keep], cos.data[keep], shared.data[keep]
            s = self._combine(c, sh, a, j)
            good = s >= floor
            found_a.append(a[good])
            found_b.append(j[good])
            found_s.append(s[good])
        return concat_pairs(found_a, found_b, found_s)


def _tokens(keys: Sequence[str]) -> Tokens:
    """Word ids of every key (flattened), each key's start, and the vocabulary."""
    vocab: dict[str, int] = {}
    ids: list[int] = []
    starts = np.empty(len(keys), dtype=np.int64)
    for k, key in enumerate(keys):
        starts[k] = len(ids)
        ids.extend(vocab.setdefault(w, len(vocab)) for w in key.split())
    return np.asarray(ids, dtype=np.int32), starts, list(vocab)
