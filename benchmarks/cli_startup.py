"""Wall time of ``claimcheck --help`` and ``--version`` (floor: under 0.2 s each).

Usage: python benchmarks/cli_startup.py [--rounds N] [--baseline-src DIR] [--json OUT]

Each round runs, in a fresh interpreter and in turn (so load on the machine falls
on all alike): ``python -c pass`` (the interpreter alone, the baseline every figure
is a ratio of), ``python -m claimcheck --help``, ``python -m claimcheck --version``
and ``claimcheck group --help``. With ``--baseline-src DIR`` (a checkout of an
earlier commit, e.g. ``git archive 9eecd1e | tar -x -C /tmp/before``) the same
commands also run from that tree (first on PYTHONPATH), so before and after are
measured in the same run. Prints the median, min and max of each, and its median as
a ratio of the interpreter's.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FLOOR_S = 0.2

COMMANDS = {
    "python -c pass": ["-c", "pass"],
    "--help": ["-m", "claimcheck", "--help"],
    "--version": ["-m", "claimcheck", "--version"],
    "group --help": ["-m", "claimcheck", "group", "--help"],
}


def wall(args: list[str], src: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(src)}
    started = time.perf_counter()
    # cwd too: ``python -m`` puts the working directory first on sys.path
    subprocess.run(
        [sys.executable, *args], env=env, cwd=src, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, check=False,  # a baseline without --version: exit 2
    )  # fmt: skip
    return time.perf_counter() - started


def measure(rounds: int, trees: dict[str, Path]) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {}
    for src in trees.values():
        wall(COMMANDS["--help"], src)  # warm the file cache and the bytecode
    for _ in range(rounds):
        for tree, src in trees.items():
            for name, args in COMMANDS.items():
                if name == "python -c pass" and tree != "this tree":
                    continue
                times.setdefault(f"{name} ({tree})", []).append(wall(args, src))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--baseline-src", type=Path, help="an earlier checkout to compare")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    trees = {"this tree": REPO}
    if args.baseline_src:
        trees["baseline"] = args.baseline_src.resolve()
    times = measure(args.rounds, trees)
    python = statistics.median(times["python -c pass (this tree)"])
    results = {}
    print(f"{args.rounds} rounds; median (min-max) wall seconds; ratio to python -c pass")
    for name, values in times.items():
        median = statistics.median(values)
        results[name] = {
            "median_s": round(median, 4), "min_s": round(min(values), 4),
            "max_s": round(max(values), 4), "ratio": round(median / python, 2),
        }  # fmt: skip
        flag = "" if name.startswith("python") or median < FLOOR_S else "  (over the floor)"
        print(
            f"  {name:<28} {median:.3f} ({min(values):.3f}-{max(values):.3f})"
            f"  x{median / python:.1f}{flag}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
