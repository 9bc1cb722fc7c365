"""Build each dev corpus once and cache it, with its score.py unit mapping, for the prior.

Usage: python benchmarks/prior_cache.py [--cache DIR] [NAMES ...]

For every corpus of ``dev_scores.CORPORA`` (default: all) the pipeline runs once
(``build_corpus``, one worker: the machine is shared) and the cache gets
``NAME.pkl``: the built ``Corpus`` and, for every gold claim unit ``score.py`` scores
labels on, (index of the tool's unit it matched, gold label). The match is score.py's
own (``pred_spans`` over the tool's unit rows, then the largest overlap of at least half
the gold unit), so a label per tool unit scores exactly as ``claimcheck group``'s JSONL
would. ``benchmarks/prior_loco.py`` and ``benchmarks/train_prior.py`` read the cache.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from dev_scores import CORPORA, load_scorer  # noqa: E402

from claimcheck.export import unit_rows  # noqa: E402
from claimcheck.models import Corpus  # noqa: E402
from claimcheck.pipeline import RunOptions, build_corpus  # noqa: E402

DEFAULT_CACHE = Path("/tmp/prior11")


def scored_units(corpus: Corpus, gold: dict, corpus_dir: Path, score) -> list[tuple[int, str]]:
    """(tool unit index, gold label) of each gold claim unit score.py scores labels on."""
    texts, gspans = score.gold_spans(gold, str(corpus_dir))
    rows = list(unit_rows(corpus))
    for i, r in enumerate(rows):
        r["_index"] = i
    pspans, _ = score.pred_spans(rows, texts)
    by_doc: dict[str, list[tuple[int, int, int]]] = {}
    for k, (d, a, b, _r) in enumerate(pspans):
        by_doc.setdefault(d, []).append((a, b, k))
    out = []
    for (d, a, b), s in zip(gspans, gold["sentences"], strict=True):
        best, overlap = None, 0
        for pa, pb, k in by_doc.get(d, ()):
            o = min(b, pb) - max(a, pa)
            if o > overlap:
                best, overlap = k, o
        if s["claim"] and best is not None and overlap >= 0.5 * (b - a):
            out.append((pspans[best][3]["_index"], s["label"]))
    return out


def cache_corpus(name: str, cache: Path, score) -> Path:
    import json

    gold_path, folder = CORPORA[name]
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    corpus = build_corpus([str(folder)], RunOptions(workers=1))
    units = scored_units(corpus, gold, folder, score)
    path = cache / f"{name}.pkl"
    with path.open("wb") as fh:
        pickle.dump({"name": name, "corpus": corpus, "units": units}, fh)
    return path


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*")
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = ap.parse_args(argv)
    score = load_scorer()
    if score is None:
        print("prior_cache: ../shared score.py not found", file=sys.stderr)
        return 1
    args.cache.mkdir(parents=True, exist_ok=True)
    for name in args.names or list(CORPORA):
        t0 = time.perf_counter()
        path = cache_corpus(name, args.cache, score)
        print(f"{name}: {path} ({time.perf_counter() - t0:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
