"""A/B of `claimcheck group` at scale: this checkout against a baseline, same session.

Usage: python benchmarks/scale_ab.py --ref DIR [--size 1000000] [--repeat 2]
       [--modes no-suggest,default] [--cache /tmp/claimcheck-scale] [--json OUT]

DIR is a checkout of the baseline (e.g. ``git worktree add /tmp/old 74fafe2`` or
``git archive 74fafe2 | tar -x -C /tmp/old``). For each repeat and mode the two
versions run back to back, alternating which goes first, on the same generated
corpus (``scale.corpus_for``); each run's wall time, CPU seconds and peak RSS of its
process tree come from ``scale.run_cli``. The machine is shared, so wall times drift
with its load (a run's neighbour can take a core): read the per-pair ratios (new /
baseline), their spread, and the CPU-second ratio, which the load moves far less.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import corpus_for, run_cli  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MODES = {"no-suggest": ["--no-suggest"], "default": []}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ref", type=Path, required=True)
    ap.add_argument("--size", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--modes", default="no-suggest,default")
    ap.add_argument("--timeout", type=float, default=1800.0)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/claimcheck-scale"))
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    corpus = corpus_for(args.size, args.cache)
    runs: list[dict] = []
    for rep in range(args.repeat):
        for mode in args.modes.split(","):
            order = [("new", ROOT), ("ref", args.ref.resolve())]
            if rep % 2:
                order.reverse()
            pair: dict = {"repeat": rep, "mode": mode}
            for name, code in order:
                out = corpus / f"ab_{name}_{mode}.csv"
                # both with a code path: peak RSS from polling the process tree only
                pair[name] = run_cli(corpus, out, MODES[mode], args.timeout, code)
                print(f"# {mode} {name}: {json.dumps(pair[name])}", file=sys.stderr, flush=True)
            runs.append(pair)
    summary = _summary(runs)
    for line in summary:
        print(line)
    if args.json:
        args.json.write_text(json.dumps({"runs": runs, "summary": summary}, indent=1))


def _summary(runs: list[dict]) -> list[str]:
    lines = []
    for mode in dict.fromkeys(r["mode"] for r in runs):
        ok = [
            r for r in runs if r["mode"] == mode and "wall_s" in r["new"] and "wall_s" in r["ref"]
        ]
        if not ok:
            lines.append(f"{mode}: no complete pair")
            continue
        for key, unit in (("wall_s", "s"), ("cpu_s", "s"), ("peak_rss_gb", "GB")):
            if not all(key in r["new"] and key in r["ref"] for r in ok):
                continue
            ratios = [r["new"][key] / r["ref"][key] for r in ok]
            pairs = ", ".join(f"{r['new'][key]}/{r['ref'][key]}" for r in ok)
            spread = f"{min(ratios):.2f}-{max(ratios):.2f}" if len(ratios) > 1 else "1 pair"
            lines.append(
                f"{mode} {key}: new/ref {pairs} {unit}; ratio median "
                f"{statistics.median(ratios):.2f} (range {spread})"
            )
    return lines


if __name__ == "__main__":
    main()
