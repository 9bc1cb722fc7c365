"""Cost of the semantic matcher's sentence models per 1,000 claims.

Usage: python benchmarks/embed_cost.py [--n 1000] [--repeat 3]

Embeds the same generated sentences (15-35 words, from a fixed vocabulary) with
MiniLM (``match/minilm.py``) and WordLlama, alternating, --repeat times each; prints
wall and CPU seconds per 1,000 sentences (median and range) and the ratio of
medians. CPU seconds move less than wall time with the load of a shared machine.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claimcheck.match.minilm import MiniLMEmbedder  # noqa: E402
from claimcheck.match.semantic import WordLlamaEmbedder  # noqa: E402

VOCABULARY = (
    "the council minister agency report said outbreak vaccine budget bridge port ship "
    "workers rescue million percent week cases deaths vote law rules court judge "
    "approved announced declared warned reached during after before since about more"
)
WORDS = VOCABULARY.split()  # noqa: SIM905 - one string reads better than 35 items


def sentences(n: int) -> list[str]:
    rng = random.Random(3)
    return [
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(15, 35))).capitalize() + "."
        for _ in range(n)
    ]


def timed(embedder: object, texts: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    embedder.embed(texts)  # type: ignore[attr-defined]
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = sentences(args.n)
    models = {"minilm": MiniLMEmbedder(), "wordllama": WordLlamaEmbedder()}
    for model in models.values():
        model.load()
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in models}
    for _ in range(args.repeat):
        for name, model in models.items():
            runs[name].append(timed(model, texts))
    per_k = 1000 / args.n
    med = {}
    for name, got in runs.items():
        walls = [w * per_k for w, _ in got]
        cpus = [c * per_k for _, c in got]
        med[name] = statistics.median(walls)
        print(
            f"{name:9s} per 1k: wall {statistics.median(walls):.2f} s "
            f"({min(walls):.2f}-{max(walls):.2f}), CPU {statistics.median(cpus):.2f} s "
            f"({min(cpus):.2f}-{max(cpus):.2f})"
        )
    print(f"minilm / wordllama wall: {med['minilm'] / med['wordllama']:.0f}x")


if __name__ == "__main__":
    main()
