"""Scale benchmark: the real CLI vs brute force vs a datasketch MinHashLSH pipeline.

Usage: python benchmarks/scale.py [--sizes 10000,100000,1000000] [--queries 2000]
       [--no-datasketch] [--json benchmarks/results/scale.json]

For each size it generates a corpus (benchmarks/gen_corpus.py, cached under
benchmarks/.cache), runs ``python -m claimcheck group DIR -o OUT --quiet`` (wall time,
peak RSS of the process tree), then runs the grouping step in-process for its
counters and checks recall of the verified pairs against brute force at the same
scorer/threshold: exact below 20k unique texts, else on a random sample of query
texts scored against all others with rapidfuzz ``process.cdist``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import psutil
from rapidfuzz import process

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_corpus import generate, write_corpus  # noqa: E402

from claimcheck.group import (  # noqa: E402
    SCORERS,
    GroupOptions,
    _keys,
    _normalize_many,
    brute_force_pairs,
    similar_pairs,
)

ROOT = Path(__file__).resolve().parents[1]


def run_cli(corpus: Path, out: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (GB, summed over the process tree) of the CLI run."""
    t0 = time.perf_counter()
    proc = psutil.Popen([sys.executable, "-m", "claimcheck", "group", str(corpus / "docs"),
                         "-o", str(out), "--quiet"])
    peak = 0
    while proc.poll() is None:
        try:
            rss = proc.memory_info().rss + sum(
                c.memory_info().rss for c in proc.children(recursive=True))
            peak = max(peak, rss)
        except psutil.Error:
            pass
        time.sleep(0.05)
    if proc.returncode:
        raise SystemExit(f"CLI failed with {proc.returncode}")
    return time.perf_counter() - t0, peak / 1e9


def truth_pairs(keys: list[str], opts: GroupOptions, queries: int, seed: int = 0):
    """Brute-force pairs: all (exact) or those touching sampled query texts, and the time."""
    n = len(keys)
    t0 = time.perf_counter()
    if n <= 20_000:
        a, b = brute_force_pairs(keys, opts.method, opts.threshold)
        return set(zip(a.tolist(), b.tolist(), strict=True)), None, time.perf_counter() - t0
    q = np.random.default_rng(seed).choice(n, size=min(queries, n), replace=False)
    m = process.cdist([keys[i] for i in q], keys, scorer=SCORERS[opts.method],
                      score_cutoff=opts.threshold, workers=-1)
    qi, j = np.nonzero(m >= opts.threshold)
    qi = q[qi]
    keep = qi != j
    pairs = set(zip(np.minimum(qi, j)[keep].tolist(), np.maximum(qi, j)[keep].tolist(),
                    strict=True))
    elapsed = time.perf_counter() - t0
    return pairs, set(q.tolist()), elapsed * n / len(q) / 2  # extrapolated full run


def recall(found: set, truth: set, queries: set | None) -> float:
    if queries is not None:
        found = {p for p in found if p[0] in queries or p[1] in queries}
    return len(found & truth) / max(len(truth), 1)


def datasketch_pairs(keys: list[str], opts: GroupOptions) -> tuple[set, float, int]:
    """MinHashLSH (same bands/rows) + the same cpdist verification."""
    from datasketch import MinHash, MinHashLSH

    t0 = time.perf_counter()
    perm = opts.bands * opts.rows
    lsh = MinHashLSH(num_perm=perm, params=(opts.bands, opts.rows))
    sigs = MinHash.bulk([[w.encode() for w in set(k.split())] for k in keys], num_perm=perm)
    for i, s in enumerate(sigs):
        lsh.insert(i, s)
    cand = {(min(i, j), max(i, j)) for i, s in enumerate(sigs) for j in lsh.query(s) if j != i}
    a = np.array([p[0] for p in cand], dtype=np.int64)
    b = np.array([p[1] for p in cand], dtype=np.int64)
    karr = np.asarray(keys, dtype=object)
    ok = process.cpdist(karr[a], karr[b], scorer=SCORERS[opts.method],
                        score_cutoff=opts.threshold, workers=-1) >= opts.threshold
    pairs = set(zip(a[ok].tolist(), b[ok].tolist(), strict=True))
    return pairs, time.perf_counter() - t0, len(cand)


def bench(n: int, args: argparse.Namespace) -> dict:
    corpus = ROOT / "benchmarks/.cache" / f"c{n}"
    if not (corpus / "truth.tsv").exists():
        sents, fams, kinds = generate(n, seed=0)
        write_corpus(corpus, sents, fams, kinds, seed=0)
    with (corpus / "truth.tsv").open(encoding="utf-8") as f:
        next(f)
        texts = [line.rstrip("\n").split("\t")[4] for line in f]
    row: dict = {"n": n}
    wall, rss = run_cli(corpus, corpus / "groups.csv")
    row.update(cli_wall_s=round(wall, 2), cli_sent_per_s=round(n / wall),
               cli_peak_rss_gb=round(rss, 2))
    opts = GroupOptions()
    t0 = time.perf_counter()
    keys = list(dict.fromkeys(_keys(list(dict.fromkeys(_normalize_many(texts))), opts.key)))
    a, b, stats = similar_pairs(keys, opts)
    row.update(unique=len(keys), ours_group_s=round(time.perf_counter() - t0, 2),
               ours_candidates=stats["candidates"], ours_pairs=len(a))
    found = set(zip(a.tolist(), b.tolist(), strict=True))
    truth, queries, brute_s = truth_pairs(keys, opts, args.queries)
    row.update(brute_s=round(brute_s, 1), brute_extrapolated=queries is not None,
               brute_candidates=len(keys) * (len(keys) - 1) // 2,
               ours_recall=round(recall(found, truth, queries), 4), truth_pairs=len(truth))
    if args.datasketch and n <= args.datasketch_max:
        dpairs, ds_s, ds_cand = datasketch_pairs(keys, opts)
        row.update(datasketch_s=round(ds_s, 2), datasketch_candidates=ds_cand,
                   datasketch_recall=round(recall(dpairs, truth, queries), 4))
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--queries", type=int, default=2000)
    ap.add_argument("--no-datasketch", dest="datasketch", action="store_false")
    ap.add_argument("--datasketch-max", type=int, default=100_000)
    ap.add_argument("--json", type=Path, default=ROOT / "benchmarks/results/scale.json")
    args = ap.parse_args()
    rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        rows.append(bench(n, args))
        print(json.dumps(rows[-1]), flush=True)
    if len(rows) > 1:
        per = [r["ours_group_s"] / r["n"] for r in rows]
        print(f"grouping time per sentence, largest vs smallest: {per[-1] / per[0]:.2f}x")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
