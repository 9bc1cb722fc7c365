"""Floors of issue 11: a 50 MB single-line file and a file of 1M tiny lines.

Usage: python benchmarks/floors.py [--baseline /work/main] [--mb 50] [--lines 1000000]
       [--repeat 3] [--cases single tiny] [--tmp /tmp/claimcheck-floors]

Generates both files under --tmp (never in the repo), then runs
``python -m claimcheck group FILE -o OUT -q`` as a subprocess for this checkout and,
with --baseline, for another checkout (PYTHONPATH), in the same run: wall time, CPU
time (the children's rusage) and peak RSS of the process tree (psutil, polled every
50 ms). Runs alternate between the checkouts, --repeat times each, so that load on a
shared machine hits both alike.
Prints every run, then per case the median (and range) and the ratio of medians to
the baseline. The floors: <= 20 s and <= 1 GB for the single line; <= 20 s
for the tiny lines.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
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


def run(checkout: Path, source: Path, out: Path) -> tuple[float, float, float, int]:
    """Seconds, CPU seconds (user + system), peak RSS (MB) of the process tree, exit
    code. CPU seconds move far less than wall time with the load of a shared machine."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
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
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return seconds, cpu, peak / 1e6, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="another checkout to compare with")
    parser.add_argument("--mb", type=int, default=50)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument(
        "--cases", nargs="+", choices=("single", "tiny"), default=["single", "tiny"]
    )
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
    print(f"{'case':<12} {'checkout':<13} {'seconds':>8} {'CPU s':>7} {'peak MB':>8} {'exit':>4}")
    cases = {"single": ("single line", single), "tiny": ("tiny lines", tiny)}
    for name, source in (cases[c] for c in args.cases):
        results: dict[str, list[tuple[float, float, float]]] = {c: [] for c, _ in checkouts}
        for _ in range(args.repeat):
            for label, checkout in checkouts:
                seconds, cpu, mb, code = run(checkout, source, args.tmp / f"out_{label}.csv")
                results[label].append((seconds, cpu, mb))
                print(
                    f"{name:<12} {label:<13} {seconds:>8.1f} {cpu:>7.1f} {mb:>8.0f} {code:>4}",
                    flush=True,
                )
        _summary(name, results)


def _summary(name: str, results: dict[str, list[tuple[float, float, float]]]) -> None:
    medians = {}
    for label, runs in results.items():
        columns = list(zip(*runs, strict=True))
        medians[label] = [statistics.median(c) for c in columns]
        spread = ", ".join(
            f"{what} {min(c):.1f}-{max(c):.1f}"
            for what, c in zip(("s", "CPU s", "MB"), columns, strict=True)
        )
        s, cpu, mb = medians[label]
        print(f"{name:<12} {label + ' med':<13} {s:>8.1f} {cpu:>7.1f} {mb:>8.0f}   ({spread})")
    if "baseline" in medians:
        ratios = [x / y for x, y in zip(medians["this"], medians["baseline"], strict=True)]
        print(f"{name:<12} {'ratio':<13} {ratios[0]:>8.2f} {ratios[1]:>7.2f} {ratios[2]:>8.2f}")


if __name__ == "__main__":
    main()
