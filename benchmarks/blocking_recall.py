"""Candidate generation's trade-off: candidates, recall against brute force, time.

Usage: python benchmarks/blocking_recall.py [--sizes 10000,100000] [--queries 2000]
       [--configs "24x5,24x5+rare4,24x5+rare6"] [--cache /tmp/claimcheck-scale] [--json OUT]

On the generated corpora of ``scale.py`` (``scale.corpus_for``), each blocking layout
(``BxR`` MinHash bands, ``+rareK`` the rare-pair key of ``group.rare_pair_candidates``)
runs ``group.scored_pairs`` on the same fitted matcher; its recall is over the pairs
grouping would join (``scale.truth_pairs``: at the threshold, no fact conflict), every
pair at <= --exact-max unique texts, else every pair of --queries sampled texts.
Times are CPU seconds of the pair stage (the machine is shared; wall time in brackets).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import corpus_for, recall, truth_pairs  # noqa: E402

from claimcheck.executor import LocalExecutor  # noqa: E402
from claimcheck.group import GroupOptions, fit_texts, scored_pairs  # noqa: E402


def layout(config: str) -> GroupOptions:
    m = re.fullmatch(r"(\d+)x(\d+)(?:\+rare(\d+))?", config)
    if not m:
        raise SystemExit(f"blocking_recall: bad config {config!r} (e.g. 24x5 or 24x5+rare4)")
    bands, rows, rare = int(m[1]), int(m[2]), int(m[3] or 0)
    return GroupOptions(brute_force_max=0, bands=bands, rows=rows, rare_pairs=rare)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--queries", type=int, default=2000)
    ap.add_argument("--exact-max", type=int, default=20000)
    ap.add_argument("--configs", default="24x5,24x5+rare4,24x5+rare6")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/claimcheck-scale"))
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    rows = []
    for n in map(int, args.sizes.split(",")):
        corpus = corpus_for(n, args.cache)
        with (corpus / "truth.tsv").open(encoding="utf-8") as f:
            next(f)
            texts = [line.rstrip("\n").split("\t")[4] for line in f]
        opts = GroupOptions()
        fitted = fit_texts(texts, (), opts)
        unique = len(fitted.norms)
        exact = unique <= args.exact_max
        rng = np.random.default_rng(0)
        queries = None if exact else rng.choice(unique, min(args.queries, unique), replace=False)
        truth, done = truth_pairs(fitted, opts, queries, budget=3600.0)
        qset = None if exact else set(queries[:done].tolist())
        for config in args.configs.split(","):
            cfg = layout(config)
            w0, c0 = time.perf_counter(), time.process_time()
            a, b, s, stats = scored_pairs(fitted.model, fitted.tokens, cfg, LocalExecutor())
            wall, cpu = time.perf_counter() - w0, time.process_time() - c0
            keep = s >= opts.threshold / 100.0
            found = set(zip(a[keep].tolist(), b[keep].tolist(), strict=True))
            row = {
                "n": n,
                "unique": unique,
                "config": config,
                "candidates": stats.get("candidates", 0) + stats.get("rare_candidates", 0),
                "recall": round(recall(found, truth, qset), 4),
                "truth_pairs": len(truth),
                "recall_mode": "exact" if exact else f"{done} sampled queries",
                "cpu_s": round(cpu, 2),
                "wall_s": round(wall, 2),
            }
            rows.append(row)
            print(json.dumps(row), flush=True)
    print("\n| n | layout | candidates | recall | CPU-s (wall) |\n| --- | --- | --- | --- | --- |")
    for r in rows:
        print(
            f"| {r['n']:,} | {r['config']} | {r['candidates']:,} | {r['recall']:.4f} "
            f"({r['recall_mode']}) | {r['cpu_s']} ({r['wall_s']}) |"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
