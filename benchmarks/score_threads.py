"""Candidate scoring in one thread against two (``group._score_codes``), same process.

Usage: python benchmarks/score_threads.py [--size 1000000] [--rounds 3]
       [--cache /tmp/claimcheck-scale]

Fits the lexical matcher on a generated corpus's sentences (``scale.corpus_for``), finds
the bands' LSH candidates as grouping does, then scores them with ``threads=1`` and
``threads=2`` in turn: wall and CPU seconds of each, and a check that both give the same
pairs and score bits. Wall time says something only while both cores are free.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import corpus_for  # noqa: E402

from claimcheck import group as g  # noqa: E402
from claimcheck.executor import LocalExecutor  # noqa: E402


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/claimcheck-scale"))
    args = ap.parse_args()
    corpus = corpus_for(args.size, args.cache)
    with (corpus / "truth.tsv").open(encoding="utf-8") as f:
        next(f)
        texts = [line.rstrip("\n").split("\t")[4] for line in f]
    opts = g.GroupOptions()
    fitted = g.fit_texts(texts, (), opts)
    ids, starts, words = fitted.tokens
    lengths = np.diff(np.append(starts, len(ids)))
    whash = g.word_hashes(words)
    seeds = g._band_seeds(opts.bands, opts.rows, opts.seed)
    jobs = [(ids, starts, whash, seeds[j], lengths, opts.max_bucket) for j in range(opts.bands)]
    found = LocalExecutor(opts.workers).map(g.band_candidates, jobs)
    codes = g._unique_in_place(np.concatenate([f[0] for f in found]))
    floor = opts.related_floor / 100.0
    print(f"{len(fitted.norms)} texts, {len(codes)} candidates", flush=True)
    first = None
    for r in range(args.rounds):
        for threads in (1, 2):
            t, c = time.perf_counter(), _cpu()
            got = g._score_codes(fitted.model, codes, floor, threads=threads)
            print(f"round {r} threads {threads}: {time.perf_counter() - t:.2f} s wall, "
                  f"{_cpu() - c:.2f} CPU-s, {len(got[0])} pairs", flush=True)  # fmt: skip
            first = first or [x.tobytes() for x in got]
            assert [x.tobytes() for x in got] == first, "threads changed the pairs"


if __name__ == "__main__":
    main()
