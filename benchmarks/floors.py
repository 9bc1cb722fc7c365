"""Floors of issue 11: a 50 MB single-line file and a file of 1M tiny lines.

Usage: python benchmarks/floors.py [--baseline /work/main] [--mb 50] [--lines 1000000]
       [--repeat 3] [--tmp /tmp/claimcheck-floors]

Generates both files under --tmp (never in the repo), then runs
``python -m claimcheck group FILE -o OUT -q`` as a subprocess for this checkout and,
with --baseline, for another checkout (PYTHONPATH), in the same run: wall time and
peak RSS of the process tree (psutil, polled every 50 ms). Runs alternate between
the checkouts, --repeat times each, so that load on a shared machine hits both alike.
Prints every run, then per case the median (and range) and the ratio of medians to
the baseline. The floors: <= 20 s and <= 1 GB for the single line; <= 20 s
for the tiny lines.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent


def _vocabulary(rng: random.Random) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(2, 9))) for _ in range(50_000)]


def make_single_line(path: Path, megabytes: int) -> None:
    """One line of words and no sentence end: a run-on page, minified text."""
    rng = random.Random(5)
    words = _vocabulary(rng)
    with open(path, "w", encoding="utf-8") as out:
        size = 0
        while size < megabytes * 1_000_000:
            chunk = " ".join(rng.choice(words) for _ in range(10_000)) + " "
            out.write(chunk)
            size += len(chunk)


def make_tiny_lines(path: Path, lines: int) -> None:
    """Lines of one to three words."""
    rng = random.Random(1)
    words = _vocabulary(rng)
    with open(path, "w", encoding="utf-8") as out:
        for _ in range(0, lines, 10_000):
            out.write(
                "".join(
                    " ".join(rng.choice(words) for _ in range(rng.randint(1, 3))) + "\n"
                    for _ in range(10_000)
                )
            )


def run(checkout: Path, source: Path, out: Path) -> tuple[float, float, int]:
    """Seconds, peak RSS (MB) of the process tree, exit code."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimcheck", "group", str(source), "-o", str(out), "-q"],
        env=env, cwd=checkout,
    )  # fmt: skip
    peak = 0
    handle = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            tree = [handle, *handle.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree))
        except psutil.Error:
            pass
        time.sleep(0.05)
    return time.perf_counter() - started, peak / 1e6, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="another checkout to compare with")
    parser.add_argument("--mb", type=int, default=50)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per checkout and case")
    parser.add_argument("--tmp", type=Path, default=Path("/tmp/claimcheck-floors"))
    args = parser.parse_args()
    args.tmp.mkdir(parents=True, exist_ok=True)
    single, tiny = args.tmp / f"single_{args.mb}mb.txt", args.tmp / f"tiny_{args.lines}.txt"
    if not single.exists():
        make_single_line(single, args.mb)
    if not tiny.exists():
        make_tiny_lines(tiny, args.lines)
    checkouts = [("this", REPO)] + ([("baseline", args.baseline)] if args.baseline else [])
    print(f"{'case':<22} {'checkout':<9} {'seconds':>8} {'peak MB':>8} {'exit':>4}")
    for name, source in (("single line", single), ("tiny lines", tiny)):
        results: dict[str, list[tuple[float, float]]] = {label: [] for label, _ in checkouts}
        for _ in range(args.repeat):
            for label, checkout in checkouts:
                seconds, mb, code = run(checkout, source, args.tmp / f"out_{label}.csv")
                results[label].append((seconds, mb))
                print(f"{name:<22} {label:<9} {seconds:>8.1f} {mb:>8.0f} {code:>4}", flush=True)
        _summary(name, results)


def _summary(name: str, results: dict[str, list[tuple[float, float]]]) -> None:
    medians = {}
    for label, runs in results.items():
        secs, mbs = [r[0] for r in runs], [r[1] for r in runs]
        medians[label] = (statistics.median(secs), statistics.median(mbs))
        print(
            f"{name:<22} {label + ' med':<13} {medians[label][0]:>8.1f} {medians[label][1]:>8.0f}"
            f"   (seconds {min(secs):.1f}-{max(secs):.1f}, MB {min(mbs):.0f}-{max(mbs):.0f})"
        )
    if "baseline" in medians:
        (s1, m1), (s0, m0) = medians["this"], medians["baseline"]
        print(f"{name:<22} {'ratio':<13} {s1 / s0:>8.2f} {m1 / m0:>8.2f}", flush=True)


if __name__ == "__main__":
    main()
