"""Scale benchmark: the real CLI vs brute force vs a datasketch MinHashLSH pipeline.

Usage: python benchmarks/scale.py [--sizes 10000,100000,1000000] [--queries 2000]
       [--no-datasketch] [--cache /tmp/claimcheck-scale] [--json benchmarks/results/scale.json]

For each size it generates a corpus (benchmarks/gen_corpus.py, cached under --cache,
never in the repo), then:

* runs ``python -m claimcheck group DIR -o OUT --quiet`` as a subprocess (and again
  with ``--no-suggest`` when the CLI has it): wall time, peak RSS of the process tree
  (psutil polling every 50 ms, and the largest child's ru_maxrss), sentences/s, and
  the grouping counters the CLI prints with CLAIMCHECK_GROUP_STATS=1 (candidates,
  verified pairs, grouping seconds inside the real run);
* runs the pair stage in-process on the generated sentences (``group.scored_pairs``
  with the LSH candidates) and measures its recall against brute force at the same
  scorer and threshold (``group.fit_texts``'s fitted matcher): every pair at <=
  --exact-max unique texts, else every pair of --queries random query texts against
  all others (sparse products of the query rows);
* brute-force time: measured at the smallest size, extrapolated by (unique/unique0)^2
  beyond;
* a datasketch MinHash + MinHashLSH pipeline (same bands x rows over the same word
  sets, the same scorer and threshold), up to --datasketch-max sentences.

Every stage has a time budget (--stage-timeout); a stage that runs out is reported as
such and the run goes on, so the table and the JSON are always written.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_corpus import generate, write_corpus  # noqa: E402

from claimcheck.executor import LocalExecutor  # noqa: E402
from claimcheck.group import GroupOptions, fit_texts, guarded, scored_pairs  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


class StageTimeout(Exception):
    pass


def run_cli(
    corpus: Path, out: Path, extra: list[str], timeout: float, code: Path | None = None
) -> dict:
    """Wall seconds, peak RSS (GB) and grouping stats of one CLI run; ``code``: a
    checkout of another version of claimcheck to run instead (a baseline)."""
    env = {**os.environ, "CLAIMCHECK_GROUP_STATS": "1"}
    if code is not None:
        env["PYTHONPATH"] = str(code)
    err_path = out.with_suffix(".stderr")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with err_path.open("w") as err:
        proc = psutil.Popen(
            [
                sys.executable,
                "-m",
                "claimcheck",
                "group",
                str(corpus / "docs"),
                "-o",
                str(out),
                "--quiet",
                *extra,
            ],
            stderr=err,
            env=env,
            cwd=code,
        )
        peak = 0
        while proc.poll() is None:
            if time.perf_counter() - t0 > timeout:
                for c in proc.children(recursive=True):
                    c.kill()
                proc.kill()
                proc.wait()
                return {"timeout_s": timeout}
            try:
                rss = proc.memory_info().rss + sum(
                    c.memory_info().rss for c in proc.children(recursive=True)
                )
                peak = max(peak, rss)
            except psutil.Error:
                pass
            time.sleep(0.05)
    wall = time.perf_counter() - t0
    if proc.returncode:
        return {"failed": proc.returncode, "stderr": err_path.read_text()[-500:]}
    stats: dict = {}
    for line in err_path.read_text().splitlines():
        if line.startswith("claimcheck-group-stats "):
            stats = json.loads(line.split(" ", 1)[1])
    # ru_maxrss of the largest terminated child (KB on Linux): a floor for the peak,
    # but the largest of *every* child so far: only for one run per process.
    child_max = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1e6 if code is None else 0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU seconds of the run's process tree (user + system; waited-for children add
    # up): on a shared machine, far steadier than wall time.
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "peak_rss_gb": round(max(peak / 1e9, child_max), 2),
        "group": stats,
    }


def has_no_suggest() -> bool:
    out = subprocess.run(
        [sys.executable, "-m", "claimcheck", "group", "--help"], capture_output=True, text=True
    ).stdout
    return "--no-suggest" in out


def truth_pairs(
    fitted, opts: GroupOptions, queries: np.ndarray | None, budget: float
) -> tuple[set, int]:
    """Brute force at the same scorer and threshold: every pair (queries None) or every
    pair touching a query, by sparse products of the query rows against all texts.
    Only the pairs grouping would join: at or above the threshold and without a fact
    conflict (``group.guarded`` scores those 0, whatever finds them).
    Returns the pairs and how many queries were done within the budget."""
    t0 = time.perf_counter()
    t = opts.threshold / 100.0
    if queries is None:
        a, b, s = fitted.model.neighbours(t)
        if time.perf_counter() - t0 > budget:
            raise StageTimeout
        ok = guarded(fitted.cores, a, b, s) >= t
        return set(zip(a[ok].tolist(), b[ok].tolist(), strict=True)), len(fitted.norms)
    pairs: set = set()
    done = 0
    for lo in range(0, len(queries), 200):
        if time.perf_counter() - t0 > budget:
            break
        q = queries[lo : lo + 200]
        a, b, s = fitted.model.neighbours(t, rows=q)
        ok = guarded(fitted.cores, a, b, s) >= t
        a, b = np.minimum(a[ok], b[ok]), np.maximum(a[ok], b[ok])
        pairs.update(zip(a.tolist(), b.tolist(), strict=True))
        done += len(q)
    return pairs, done


def recall(found: set, truth: set, queries: set | None) -> float:
    if queries is not None:
        found = {p for p in found if p[0] in queries or p[1] in queries}
    return len(found & truth) / max(len(truth), 1)


def datasketch_pairs(fitted, opts: GroupOptions, budget: float) -> tuple[set, float, int]:
    """MinHash + MinHashLSH (same bands/rows) over the same word sets, then the same
    scorer and threshold as claimcheck."""
    from datasketch import MinHash, MinHashLSH

    t0 = time.perf_counter()
    ids, starts, _ = fitted.tokens
    ends = np.append(starts[1:], len(ids))
    perm = opts.bands * opts.rows
    lsh = MinHashLSH(num_perm=perm, params=(opts.bands, opts.rows))
    sets = [
        [str(w).encode() for w in set(ids[s:e].tolist())]
        for s, e in zip(starts, ends, strict=True)
    ]
    sigs = MinHash.bulk(sets, num_perm=perm)
    for i, sig in enumerate(sigs):
        lsh.insert(i, sig)
        if i % 10_000 == 0 and time.perf_counter() - t0 > budget:
            raise StageTimeout
    cand: set = set()
    for i, sig in enumerate(sigs):
        cand.update((min(i, j), max(i, j)) for j in lsh.query(sig) if j != i)
        if i % 10_000 == 0 and time.perf_counter() - t0 > budget:
            raise StageTimeout
    a = np.fromiter((p[0] for p in cand), dtype=np.int64, count=len(cand))
    b = np.fromiter((p[1] for p in cand), dtype=np.int64, count=len(cand))
    ok = fitted.model.score(a, b) >= opts.threshold / 100.0
    pairs = set(zip(a[ok].tolist(), b[ok].tolist(), strict=True))
    return pairs, time.perf_counter() - t0, len(cand)


def corpus_for(n: int, cache: Path) -> Path:
    corpus = cache / f"c{n}"
    if not (corpus / "truth.tsv").exists():
        t0 = time.perf_counter()
        sents, fams, kinds = generate(n, seed=0)
        write_corpus(corpus, sents, fams, kinds, seed=0)
        print(
            f"# generated {n} sentences in {time.perf_counter() - t0:.0f}s -> {corpus}",
            file=sys.stderr,
            flush=True,
        )
    return corpus


def bench(n: int, args: argparse.Namespace, brute0: dict) -> dict:
    corpus = corpus_for(n, args.cache)
    with (corpus / "truth.tsv").open(encoding="utf-8") as f:
        next(f)
        texts = [line.rstrip("\n").split("\t")[4] for line in f]
    row: dict = {"n": n, "docs": len(list((corpus / "docs").iterdir()))}
    for name, extra in [("cli", []), ("cli_nosuggest", ["--no-suggest"])]:
        if extra and not args.no_suggest_flag:
            row[name] = "flag not available"
            continue
        r = run_cli(corpus, corpus / f"groups_{name}.csv", extra, args.cli_timeout)
        if "wall_s" in r:
            r["sent_per_s"] = round(n / r["wall_s"])
        row[name] = r
        print(f"# {n} {name}: {json.dumps(r)}", file=sys.stderr, flush=True)
    opts = GroupOptions()
    t0 = time.perf_counter()
    fitted = fit_texts(texts, (), opts)
    prep_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    a, b, sc, stats = scored_pairs(
        fitted.model, fitted.tokens, GroupOptions(brute_force_max=0), LocalExecutor()
    )
    ours_s = time.perf_counter() - t0
    keep = sc >= opts.threshold / 100.0
    n_unique = len(fitted.norms)
    row.update(
        unique=n_unique,
        ours_prep_s=round(prep_s, 2),
        ours_pairs_s=round(ours_s, 2),
        ours_stats=stats,
    )
    found = set(zip(a[keep].tolist(), b[keep].tolist(), strict=True))
    exact = n_unique <= args.exact_max
    queries = (
        None
        if exact
        else np.random.default_rng(0).choice(
            n_unique, size=min(args.queries, n_unique), replace=False
        )
    )
    t0 = time.perf_counter()
    try:
        truth, done = truth_pairs(fitted, opts, queries, args.stage_timeout)
        brute_s = time.perf_counter() - t0
        qset = None if exact else set(queries[:done].tolist())
        row.update(
            recall_mode="exact" if exact else f"{done} sampled queries",
            truth_pairs=len(truth),
            ours_recall=round(recall(found, truth, qset), 4),
        )
        if exact and not brute0:
            brute0.update(unique=n_unique, s=brute_s)
            row.update(brute_s=round(brute_s, 2), brute_extrapolated=False)
    except StageTimeout:
        truth, qset = None, None
        row.update(recall_mode="timeout")
    if brute0 and "brute_s" not in row:
        row.update(
            brute_s=round(brute0["s"] * (n_unique / brute0["unique"]) ** 2, 1),
            brute_extrapolated=True,
        )
    row["brute_candidates"] = n_unique * (n_unique - 1) // 2
    if args.datasketch and n <= args.datasketch_max:
        try:
            dpairs, ds_s, ds_cand = datasketch_pairs(fitted, opts, args.stage_timeout)
            row.update(
                datasketch_s=round(ds_s, 2),
                datasketch_candidates=ds_cand,
                speedup_vs_datasketch=round(ds_s / max(ours_s, 1e-9), 1),
            )
            if truth is not None:
                row["datasketch_recall"] = round(recall(dpairs, truth, qset), 4)
        except StageTimeout:
            row["datasketch_s"] = f"timeout > {args.stage_timeout:.0f}s"
    else:
        row["datasketch_s"] = "skipped (pure-Python LSH; > --datasketch-max)"
    return row


def table(rows: list[dict]) -> str:
    def cli(r: dict, k: str, f: str) -> str:
        v = r.get(k)
        if isinstance(v, dict):
            if "wall_s" in v:
                return f.format(**v, group_s=v.get("group", {}).get("group_s", float("nan")))
            return "timeout" if "timeout_s" in v else "failed"
        return "-"

    head = (
        f"{'n':>8} {'unique':>8} {'CLI s':>7} {'sent/s':>7} {'RSS GB':>6} "
        f"{'CLI -S s':>8} {'RSS':>5} {'group s':>7} {'pairs s':>7} {'cand':>10} "
        f"{'verified':>9} {'recall':>7} {'brute s':>9} {'dsketch s':>9} {'ds rec':>6}"
    )
    out = [head]
    for r in rows:
        st = r.get("ours_stats", {})
        ds = r.get("datasketch_s", "-")
        ds = "-" if isinstance(ds, str) else f"{ds:.1f}"
        out.append(
            f"{r['n']:>8} {r.get('unique', 0):>8} "
            f"{cli(r, 'cli', '{wall_s:>7.1f} {sent_per_s:>7} {peak_rss_gb:>6.2f}')} "
            f"{cli(r, 'cli_nosuggest', '{wall_s:>8.1f} {peak_rss_gb:>5.2f} {group_s:>7.1f}')} "
            f"{r.get('ours_pairs_s', 0):>7.1f} {st.get('band_pairs', 0):>10} "
            f"{st.get('candidates', 0):>9} {r.get('ours_recall', float('nan')):>7.4f} "
            f"{r.get('brute_s', 0):>8}{'*' if r.get('brute_extrapolated') else ' '} "
            f"{ds:>9} "
            f"{r.get('datasketch_recall', '-'):>6}"
        )
    out.append(
        "CLI -S: --no-suggest; group s: grouping inside that CLI run; pairs s: in-process "
        "pair stage; brute s with *: extrapolated by unique^2"
    )
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--queries", type=int, default=2000)
    ap.add_argument(
        "--exact-max",
        type=int,
        default=12_000,
        help="exact brute-force recall up to this many unique texts",
    )
    ap.add_argument("--no-datasketch", dest="datasketch", action="store_false")
    ap.add_argument("--datasketch-max", type=int, default=100_000)
    ap.add_argument("--stage-timeout", type=float, default=300.0)
    ap.add_argument("--cli-timeout", type=float, default=900.0)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/claimcheck-scale"))
    ap.add_argument("--json", type=Path, default=ROOT / "benchmarks/results/scale.json")
    args = ap.parse_args()
    args.no_suggest_flag = has_no_suggest()
    rows: list[dict] = []
    brute0: dict = {}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    for n in [int(s) for s in args.sizes.split(",")]:
        rows.append(bench(n, args, brute0))
        print(json.dumps(rows[-1]), flush=True)
        args.json.write_text(json.dumps(rows, indent=1))  # what we have so far
    print(table(rows))
    summary = per_sentence_ratios(rows)
    for line in summary.values():
        print(line)
    args.json.write_text(json.dumps({"sizes": rows, "per_sentence_ratios": summary}, indent=1))


def per_sentence_ratios(rows: list[dict]) -> dict[str, str]:
    """Time per sentence at the largest size against the smallest, for the CLI's wall
    time (with and without suggestions) and for grouping inside the run. N log N
    growth from 10k to 1M would be a ratio of log(1e6)/log(1e4) = 1.5."""
    out: dict[str, str] = {}
    measures = {
        "CLI wall": ("cli", lambda c: c.get("wall_s")),
        "CLI wall, --no-suggest": ("cli_nosuggest", lambda c: c.get("wall_s")),
        "grouping inside the --no-suggest run": (
            "cli_nosuggest",
            lambda c: c.get("group", {}).get("group_s"),
        ),
    }
    for name, (key, get) in measures.items():
        per = [
            (r["n"], get(r[key]) / r["n"])
            for r in rows
            if isinstance(r.get(key), dict) and get(r[key])
        ]
        if len(per) > 1:
            (n1, t1), (n0, t0) = per[-1], per[0]
            out[name] = (
                f"{name}, time per sentence at {n1:,} vs {n0:,}: {t1 * 1e6:.1f} vs "
                f"{t0 * 1e6:.1f} us ({t1 / t0:.2f}x; N log N would be "
                f"{math.log(n1) / math.log(n0):.2f}x)"
            )
    return out


if __name__ == "__main__":
    main()
